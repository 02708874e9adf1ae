"""Commitments of 1, 2 and 5 milestones, bound to the registry's indicators in any order, with
per-month and per-space conditions and narrower counts, rated on the hand-built city of
``evidence_city.py``; one of them rendered by the progress notebook from the command line.

The figures of 2017 used here, worked out by hand from that module. The uses of 2017:

    date        space          group  format           hours
    2017-01-01  mobilab        G1     coworking          4.0
    2017-03-15  mobilab        G2     coworking          6.0
    2017-05-10  teia           G2     coworking          3.5
    2017-06-01  patio-digital  G3     event              2.0
    2017-06-01  patio-digital  –      event (open)       3.0
    2017-08-01  labprodam      G1     training           1.5
    2017-12-31  patio-digital  G3     open_challenge     5.0

and what the indicators make of them (2017 touches 12 months and 4 quarters):

    figure (counting)                     total  labprodam mobilab patio teia  /month /quarter
    usage_hours                           25     1.5       10      10    3.5   2.083  6.25
    usage_hours (open_events: false)      22     1.5       10      7     3.5   1.833  5.5
    usage_hours (formats: event,
      open_challenge, training;
      open_events: false)                 8.5    1.5       0       7     0     0.708  2.125
    coworking_hours                       13.5   0         10      0     3.5   1.125  3.375
    groups_using_spaces                   3 (G1, G2, G3)
    groups_using_spaces (formats:
      coworking)                          2 (G1, G2)

Other figures: groups mapped 4, network partners 2, joint projects 4, delivered 1. The
commitment's labs are labprodam, mobilab and patio-digital; the future hub opens in 2018.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml
from evidence_city import END, START, city

from labmetrics import evidence
from labmetrics.commitment import read_commitment
from labmetrics.errors import ConfigError
from labmetrics.irm import Completion

LABS = {"LabProdam": "labprodam", "MobiLab": "mobilab", "Pátio Digital": "patio-digital"}


def _cond(indicator: str, op: str, value: float, **extra) -> dict:
    return {"indicator": indicator, "op": op, "value": value, **extra}


def _milestone(number: int, indicator: str | list[str], complete: list, substantial: list,
               limited: list) -> dict:
    return {"number": number, "title": {"es": f"Hito {number}"},
            "text": {"es": f"El hito {number}."},
            "indicators": [indicator] if isinstance(indicator, str) else indicator,
            "completion": {"complete": complete, "substantial": substantial,
                           "limited": limited}}


def _write(tmp_path: Path, milestones: list[dict], labs: dict | None = LABS,
           counting: dict | None = None) -> Path:
    commitment = {
        "id": "TST0001", "city": "sao-paulo",
        "title": {"es": "Un compromiso de prueba", "en": "A test commitment"},
        "text": {"es": "Un texto."},
        "action_plan": {"member": "Ciudad", "cycle": "2017", "adopted": 2016,
                        "start": "2017-01-01", "end": "2017-12-31"},
        "institutions": {"lead": [{"name": "Secretaría"}]},
        "sources": {"plan": {"title": {"es": "El plan"}}},
        "milestones": milestones,
    }
    if labs is not None:
        commitment["labs"] = labs
    if counting is not None:
        commitment["counting"] = counting
    path = tmp_path / "TST0001.yaml"
    path.write_text(yaml.safe_dump(commitment, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def data():
    return city()


def test_one_milestone(tmp_path: Path, data) -> None:
    path = _write(tmp_path, [_milestone(1, "joint_projects", [_cond("joint_projects", ">=", 4)],
                                        [_cond("joint_projects", ">=", 2)],
                                        [_cond("joint_projects", ">=", 1)])])
    result = evidence.assess(data, read_commitment(path), START, END)
    assert [m.level for m in result.milestones] == [Completion.COMPLETE]
    assert result.computed is Completion.COMPLETE
    assert list(result.indicators) == ["joint_projects"]  # only the commitment's own
    written = evidence.write_evidence_csv(result, tmp_path / "csv")
    assert [p.name for p in written] == ["m1-joint_projects.csv"]


def test_two_milestones_listed_backwards_with_per_month_and_per_lab_conditions(
        tmp_path: Path, data) -> None:
    per_month = _milestone(2, "usage_hours",
                           [_cond("usage_hours", ">=", 3, per="month")],
                           [_cond("usage_hours", ">=", 2, per="month")],
                           [_cond("usage_hours", ">", 0)])
    each_lab = _milestone(1, "usage_hours",
                          [_cond("usage_hours", ">=", 2, each="labs")],
                          [_cond("usage_hours", ">=", 1.5, each="labs")],
                          [_cond("usage_hours", ">", 0)])
    c = read_commitment(_write(tmp_path, [per_month, each_lab]))
    assert [m.number for m in c.milestones] == [2, 1]
    result = evidence.assess(data, c, START, END)
    two, one = result.milestone(2), result.milestone(1)
    assert two.level is Completion.SUBSTANTIAL  # 25 h / 12 months = 2.08 h a month
    assert [round(ch.value, 4) for ch in two.checks] == [2.0833, 2.0833, 25.0]
    assert one.level is Completion.SUBSTANTIAL  # labprodam's 1.5 h is the least lab's
    assert [ch.value for ch in one.checks] == [1.5, 1.5, 25.0]
    assert result.computed is Completion.SUBSTANTIAL
    assert two.checks[0].describe("en") == "✗ Hours of use per month ≥ 3 h (2.1 h)"
    assert one.checks[0].describe("en") == (
        "✗ Hours of use, in each lab of the commitment ≥ 2 h (1.5 h)")
    assert one.checks[0].describe("es").startswith("✗ Horas de uso, en cada laboratorio")
    frame = one.checks_frame()
    assert frame["each"].fillna("").tolist() == ["labs", "labs", ""]
    names = [p.name for p in evidence.write_evidence_csv(result, tmp_path / "csv")]
    assert names == ["m2-usage_hours.csv", "m1-usage_hours.csv"]


def test_five_milestones_in_any_order(tmp_path: Path, data) -> None:
    five = [
        _milestone(3, "coworking_hours", [_cond("coworking_hours", ">=", 4, per="quarter")],
                   [_cond("coworking_hours", ">=", 3, per="quarter")],
                   [_cond("coworking_hours", ">", 0)]),
        _milestone(5, "usage_hours", [_cond("usage_hours", ">=", 10, each=["future"])],
                   [_cond("usage_hours", ">=", 5, each=["future"])],
                   [_cond("usage_hours", ">", 0, each=["future"])]),
        _milestone(1, "groups_mapped", [_cond("groups_mapped", ">=", 4)],
                   [_cond("groups_mapped", ">=", 2)], [_cond("groups_mapped", ">=", 1)]),
        _milestone(4, "joint_projects_delivered",
                   [_cond("joint_projects_delivered", ">=", 3)],
                   [_cond("joint_projects_delivered", ">=", 2)],
                   [_cond("joint_projects_delivered", ">=", 1)]),
        _milestone(2, "network_partners", [_cond("network_partners", ">=", 3)],
                   [_cond("network_partners", ">=", 2)], [_cond("network_partners", ">=", 1)]),
    ]
    result = evidence.assess(data, read_commitment(_write(tmp_path, five)), START, END)
    levels = {m.number: m.level for m in result.milestones}
    assert levels == {1: Completion.COMPLETE, 2: Completion.SUBSTANTIAL,
                      3: Completion.SUBSTANTIAL,  # 13.5 h / 4 quarters = 3.375 h
                      4: Completion.LIMITED,
                      5: Completion.NOT_STARTED}  # the future hub is not open in 2017
    # Three of five milestones Substantial or Complete: more than half.
    assert result.computed is Completion.SUBSTANTIAL
    assert result.milestone(3).checks[1].value == 3.375
    assert result.milestone(5).checks[0].value == 0.0
    assert sorted(result.indicators) == sorted(
        ["coworking_hours", "usage_hours", "groups_mapped", "joint_projects_delivered",
         "network_partners"])
    names = [p.name for p in evidence.write_evidence_csv(result, tmp_path / "csv")]
    assert names == ["m3-coworking_hours.csv", "m5-usage_hours.csv", "m1-groups_mapped.csv",
                     "m4-joint_projects_delivered.csv", "m2-network_partners.csv"]


def _simple(number: int) -> dict:
    return _milestone(number, "groups_mapped", [_cond("groups_mapped", ">=", 4)],
                      [_cond("groups_mapped", ">=", 2)], [_cond("groups_mapped", ">=", 1)])


def test_milestones_are_numbered_one_to_n(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="numbered 1, 3; 2 is missing") as info:
        read_commitment(_write(tmp_path, [_simple(3), _simple(1)]))
    assert info.value.line is not None and "1 to 2, in any order" in info.value.fix


@pytest.mark.parametrize(("condition", "labs", "message"), [
    (_cond("osi_licence_share", ">=", 0.5, per="month"), LABS, "is a share"),
    (_cond("groups_mapped", ">=", 1, each="labs"), LABS, "has no figure per space"),
    (_cond("usage_hours", ">=", 1, each="labs"), None, "names none"),
    (_cond("usage_hours", ">=", 1, per="week"), LABS, "'week' is not a period"),
    (_cond("usage_hours", ">=", 1, each="every"), LABS, "'each' names no spaces"),
])
def test_wrong_per_and_each_are_refused_at_their_line(tmp_path: Path, condition, labs,
                                                      message) -> None:
    indicator = condition["indicator"]
    m = _milestone(1, indicator, [condition], [condition], [condition])
    with pytest.raises(ConfigError, match=message) as info:
        read_commitment(_write(tmp_path, [m], labs=labs))
    assert info.value.line is not None


# Two milestones, listed backwards, whose figures count only some uses (see the table above).
COUNTED = {
    "usage_hours": {"formats": ["event", "open_challenge", "training"], "open_events": False},
    "coworking_hours": {"spaces": ["mobilab", "teia"]},
    "groups_using_spaces": {"formats": ["coworking"]},
}
NARROW = [
    # 8.5 h of group uses in those formats / 4 quarters = 2.125 h a quarter: Substantial.
    _milestone(2, "usage_hours", [_cond("usage_hours", ">=", 3, per="quarter")],
               [_cond("usage_hours", ">=", 2, per="quarter")], [_cond("usage_hours", ">", 0)]),
    # Coworking at mobilab 10 h and teia 3.5 h (the least: 3.5), by 2 groups: Substantial.
    _milestone(1, ["coworking_hours", "groups_using_spaces"],
               [_cond("coworking_hours", ">=", 4, each=["mobilab", "teia"]),
                _cond("groups_using_spaces", ">=", 2)],
               [_cond("coworking_hours", ">=", 3, each=["mobilab", "teia"]),
                _cond("groups_using_spaces", ">=", 2)],
               [_cond("groups_using_spaces", ">=", 1)]),
]


def test_counting_narrows_the_uses_before_the_thresholds(tmp_path: Path, data) -> None:
    c = read_commitment(_write(tmp_path, NARROW, counting=COUNTED))
    result = evidence.assess(data, c, START, END)
    two, one = result.milestone(2), result.milestone(1)
    assert result.indicators["usage_hours"].value == 8.5
    assert result.indicators["coworking_hours"].value == 13.5
    assert result.indicators["groups_using_spaces"].value == 2
    assert [ch.value for ch in two.checks] == [2.125, 2.125, 8.5]
    assert two.level is Completion.SUBSTANTIAL
    assert [ch.value for ch in one.checks] == [3.5, 2, 3.5, 2, 2]
    assert one.level is Completion.SUBSTANTIAL
    assert result.computed is Completion.SUBSTANTIAL
    # The spaces' table still counts every use; a condition asked of each space reads the
    # space's figure as the commitment counts it: patio-digital's 7 h without the open event.
    spaces = result.spaces.set_index("space_id")["usage_hours"]
    assert spaces.to_dict() == {"labprodam": 1.5, "mobilab": 10.0, "patio-digital": 10.0,
                                "teia": 3.5}
    each = _milestone(1, "usage_hours", [_cond("usage_hours", ">=", 8, each=["patio-digital"])],
                      [_cond("usage_hours", ">=", 7, each=["patio-digital"])],
                      [_cond("usage_hours", ">", 0)])
    c = read_commitment(_write(tmp_path, [each],
                               counting={"usage_hours": {"open_events": False}}))
    result = evidence.assess(data, c, START, END)
    assert result.indicators["usage_hours"].value == 22
    assert [ch.value for ch in result.milestone(1).checks] == [7.0, 7.0, 22.0]
    assert result.milestone(1).level is Completion.SUBSTANTIAL


@pytest.mark.parametrize(("spaces", "hours", "level"), [
    # The innovation labs are labprodam (1.5 h) and mobilab (10 h): 11.5 h, Complete.
    ({"kind": ["innovation_lab"]}, 11.5, Completion.COMPLETE),
    # Kinds named together: the labs and the coworking teia (3.5 h): 15 h, Complete.
    ({"kind": ["innovation_lab", "coworking"]}, 15.0, Completion.COMPLETE),
    # Hosts are compared without case: ' sme' runs patio-digital (10 h), Substantial.
    ({"host": [" sme"]}, 10.0, Completion.SUBSTANTIAL),
    # The hubs: patio-digital 10 h; the old hub closed in 2016, the future one opens in 2018.
    ({"kind": ["hub"]}, 10.0, Completion.SUBSTANTIAL),
    # A host with no space in the data counts nothing: Not started.
    ({"host": ["SMADS"]}, 0.0, Completion.NOT_STARTED),
])
def test_counting_chooses_spaces_by_kind_or_host(tmp_path: Path, data, spaces: dict,
                                                 hours: float, level: Completion) -> None:
    rules = _milestone(1, "usage_hours", [_cond("usage_hours", ">=", 11)],
                       [_cond("usage_hours", ">=", 10)], [_cond("usage_hours", ">", 0)])
    c = read_commitment(_write(tmp_path, [rules], counting={"usage_hours": {"spaces": spaces}}))
    result = evidence.assess(data, c, START, END)
    assert result.indicators["usage_hours"].value == hours
    assert result.milestone(1).level is level


@pytest.mark.e2e
@pytest.mark.xdist_group("e2e-commitment-file")
def test_the_notebook_renders_a_commitment_file_with_its_own_milestones(tmp_path: Path) -> None:
    from evidence_city import write_folder

    from labmetrics.cli import main

    path = _write(tmp_path, NARROW, counting=COUNTED)
    data = write_folder(tmp_path / "data")
    out = tmp_path / "reports"
    assert main(["report", "progress", "--commitment-file", str(path), "--data", str(data),
                 "--period", "2017-01-01:2017-12-31", "--lang", "en", "--out", str(out)]) == 0
    [page] = out.glob("**/progress-TST0001*en*.html")
    text = html.unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")))
    text = re.sub(r"\s+", " ", text)
    # The file's own milestones, numbered as it numbers them, in Spanish (its first language).
    assert "Milestone 1: Hito 1" in text and "Milestone 2: Hito 2" in text
    assert "Milestone 3" not in text
    # The hand-worked figures and levels of the table above.
    assert "Hours of use 8.5 h" in text
    assert "✓ Hours of use per quarter ≥ 2 h (2.1 h as of 31 Dec 2017)" in text
    assert "✗ Hours of use per quarter ≥ 3 h (2.1 h as of 31 Dec 2017)" in text
    assert "✗ Hours of coworking, in each of mobilab, teia ≥ 4 h (3.5 h as of" in text
    assert "✓ Hours of coworking, in each of mobilab, teia ≥ 3 h (3.5 h as of" in text
    assert "✓ Groups that used the spaces ≥ 1 (2 as of 31 Dec 2017)" in text
    # What each figure counts, said under its milestone.
    assert "Counting only the uses in the formats event, open challenge and training: Hours " \
        "of use." in text
    assert "Counting only the uses by groups, not open events: Hours of use." in text
    assert "Counted only at the spaces MobiLab and Teia Mooca: Hours of coworking." in text
    assert "Counting only the uses in the formats coworking: Groups that used the spaces." \
        in text
    levels = re.findall(r"Completion computed from the evidence: (\w+)", text)
    assert levels == ["Substantial", "Substantial"], levels
    csvs = sorted(p.name for p in out.glob("**/m*-*.csv"))
    assert "m3-" not in " ".join(csvs) and "m2-usage_hours.csv" in csvs


@pytest.mark.parametrize(("lang", "kinds", "hosts"), [
    ("en", "Counted only at the spaces of the kinds innovation lab and coworking space: Hours "
     "of use.", "Counted only at the spaces run by SME: Groups that used the spaces."),
    ("pt-BR", "Contados só nos espaços dos tipos ", "Contados só nos espaços geridos por SME: "),
    ("es", "Contados solo en los espacios de los tipos ",
     "Contados solo en los espacios a cargo de SME: "),
])
def test_the_page_says_which_kinds_or_hosts_a_figure_counts(tmp_path: Path, data, lang: str,
                                                            kinds: str, hosts: str) -> None:
    from types import SimpleNamespace

    from labmetrics.report.progress.reading import counting_note

    rules = _milestone(1, ["usage_hours", "groups_using_spaces"],
                       [_cond("usage_hours", ">=", 20)], [_cond("usage_hours", ">=", 10)],
                       [_cond("groups_using_spaces", ">", 0)])
    c = read_commitment(_write(tmp_path, [rules], counting={
        "usage_hours": {"spaces": {"kind": ["innovation_lab", "coworking"]}},
        "groups_using_spaces": {"spaces": {"host": ["SME"]}}}))
    result = evidence.assess(data, c, START, END)
    # Labs 11.5 h and teia 3.5 h; patio-digital (run by SME) is used by G3 alone.
    assert result.indicators["usage_hours"].value == 15
    assert result.indicators["groups_using_spaces"].value == 1
    texts = [str(b.text) for b in counting_note(SimpleNamespace(evidence=result),
                                                 result.milestone(1), lang)]
    assert any(t.startswith(kinds) for t in texts), texts
    assert any(t.startswith(hosts) for t in texts), texts
