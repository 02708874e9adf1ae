"""Commitments of 1, 2 and 5 milestones, bound to the registry's indicators in any order, with
per-month and per-space conditions, rated on the hand-built city of ``evidence_city.py``.

The figures of 2017 used here, worked out by hand in that module: groups mapped 4, network
partners 2, hours of use 25 (mobilab 10, patio-digital 10, teia 3.5, labprodam 1.5), hours
of coworking 13.5 (mobilab 10, teia 3.5), joint projects 4, delivered 1. The commitment's
labs are labprodam, mobilab and patio-digital. 2017 touches 12 months and 4 quarters.
"""

from __future__ import annotations

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


def _milestone(number: int, indicator: str, complete: list, substantial: list,
               limited: list) -> dict:
    return {"number": number, "title": {"es": f"Hito {number}"},
            "text": {"es": f"El hito {number}."}, "indicators": [indicator],
            "completion": {"complete": complete, "substantial": substantial,
                           "limited": limited}}


def _write(tmp_path: Path, milestones: list[dict], labs: dict | None = LABS) -> Path:
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
