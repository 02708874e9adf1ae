"""The evidence engine on a small hand-built city, with every figure worked out by hand.

The data (period 2017-01-01 – 2017-12-31 unless said otherwise):

spaces   labprodam (events, open 2014), mobilab (coworking, 30 seats), patio-digital (opens
         2017-04-20), teia (coworking, 40 seats, closes 2017-06-30), old (coworking, closed
         2016), future (coworking, opens 2018).
groups   G1 youth (mapped 2016, partner of labprodam and mobilab since 2016-09),
         G2 startup (mapped 2017-02, partner of mobilab and patio-digital since 2017-03),
         G3 collective (mapped 2017-05), G4 collective (mapped 2017-12-31 with no contributor,
         partner from 2018), G5 startup (mapped 2018). Everyone has contact details.
usage    eight uses in 2017 plus one on each side of the period.
projects P1 active, P2 delivered in Feb 2017, P3 without partners, P4 proposed, P5 over in
         2016, P6 discontinued, P7 delivered after the period.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pandas as pd
import pytest

from labmetrics import config, evidence, i18n
from labmetrics.commitment import Condition, Milestone, Text, read_assessment, read_commitment
from labmetrics.dataset import LabData
from labmetrics.errors import ConfigError
from labmetrics.indicators import INDICATORS, MILESTONES
from labmetrics.irm import Completion
from labmetrics.schema import DATASETS

START, END = "2017-01-01", "2017-12-31"
PERSONAL = {"contact_name", "contact_email", "contact_phone"}
C, S, L, N = (Completion.COMPLETE, Completion.SUBSTANTIAL, Completion.LIMITED,
              Completion.NOT_STARTED)


def _spaces() -> pd.DataFrame:
    return pd.DataFrame({
        "space_id": ["labprodam", "mobilab", "patio-digital", "teia", "old", "future"],
        "name": ["LabProdam", "MobiLab", "Pátio Digital", "Teia Mooca", "Old hub", "Future hub"],
        "host": ["PRODAM", "SMT", "SME", "SMTE", "SMIT", "SMIT"],
        "kind": ["innovation_lab", "innovation_lab", "hub", "coworking", "hub", "hub"],
        "district": ["Barra Funda", "Sé", "Vila Mariana", "Mooca", "Sé", "Bom Retiro"],
        "seats": [12, 30, None, 40, 10, 16],
        "formats": ["event;training", "coworking;event", "event;open_challenge", "coworking",
                    "coworking", "coworking"],
        "opened_on": ["2014-09-15", "2014-06-02", "2017-04-20", "2016-03-07", "2015-01-01",
                      "2018-03-05"],
        "closed_on": [None, None, None, "2017-06-30", "2016-12-31", None],
    })


def _groups() -> pd.DataFrame:
    return pd.DataFrame({
        "group_id": ["G1", "G2", "G3", "G4", "G5"],
        "name": ["Jovens Hackers", "=1+1", "@coletivo", "Coletivo Leste", "Startup Sul"],
        "kind": ["youth_group", "startup", "collective", "collective", "startup"],
        "open_tech": ["free_software;open_data", "open_data", None, None, "open_hardware"],
        "district": ["Sé", "Mooca", "Capão Redondo", "Itaquera", "Santo Amaro"],
        "contact_name": [f"Pessoa de Contato {i}" for i in range(1, 6)],
        "contact_email": ["contato@example.org"] * 5,
        "contact_phone": ["+55 11 90000-0000"] * 5,
        "mapped_on": ["2016-06-01", "2017-02-10", "2017-05-05", "2017-12-31", "2018-01-01"],
        "mapped_by": ["Equipe LabProdam", "São Paulo Aberta", "São Paulo Aberta", "  ",
                      "Autocadastro"],
        "network_joined_on": ["2016-09-01", "2017-03-01", None, "2018-01-10", None],
        "partner_space_ids": ["labprodam;mobilab", "mobilab;patio-digital", None, "mobilab",
                              None],
        "status": ["active"] * 5,
    })


def _usage() -> pd.DataFrame:
    rows = [  # date, space, group, format, hours
        ("2016-12-31", "mobilab", "G1", "coworking", 8.0),
        ("2017-01-01", "mobilab", "G1", "coworking", 4.0),
        ("2017-03-15", "mobilab", "G2", "coworking", 6.0),
        ("2017-05-10", "teia", "G2", "coworking", 3.5),
        ("2017-06-01", "patio-digital", "G3", "event", 2.0),
        ("2017-06-01", "patio-digital", None, "event", 3.0),
        ("2017-08-01", "labprodam", "G1", "training", 1.5),
        ("2017-12-31", "patio-digital", "G3", "open_challenge", 5.0),
        ("2018-01-01", "mobilab", "G2", "coworking", 7.0),
    ]
    return pd.DataFrame(rows, columns=["date", "space_id", "group_id", "format", "hours"])


def _projects() -> pd.DataFrame:
    return pd.DataFrame({
        "project_id": ["P1", "P2", "P3", "P4", "P5", "P6", "P7"],
        "title": ["Café Hacker", "-10% de evasão", "Portal", "Ideia", "Mapa 2016",
                  "Merenda aberta", "Mapatona"],
        "space_ids": ["patio-digital", "mobilab;patio-digital", "labprodam", "mobilab",
                      "mobilab", "mobilab", "patio-digital"],
        "partner_group_ids": ["G2;G3", "G2", None, "G1", "G1", "G1", "G3"],
        "started_on": ["2017-05-01", "2016-10-01", "2017-03-01", "2017-09-01", "2016-01-01",
                       "2017-11-01", "2017-06-01"],
        "ended_on": [None, "2017-02-28", None, None, "2016-12-31", "2017-12-15", "2018-02-01"],
        "status": ["active", "delivered", "active", "proposed", "delivered", "discontinued",
                   "delivered"],
        "licence": ["AGPL-3.0-or-later", "MIT", "MIT", None, "GPL-3.0-only", "CC-BY-4.0", None],
        "open_data_used": [True, True, True, None, True, None, False],
        "open_data_published": [True, False, True, None, True, None, False],
        "participants_reached": [120, 50, 999, 0, 10, None, 30],
    })


@pytest.fixture(scope="module")
def data() -> LabData:
    return LabData.from_frames(groups=_groups(), spaces=_spaces(), usage=_usage(),
                               projects=_projects())


@pytest.fixture(scope="module")
def ind(data: LabData) -> dict[str, evidence.Indicator]:
    return evidence.compute_indicators(data, START, END)


@pytest.fixture(scope="module")
def commitment():
    return read_commitment(config.COMMITMENTS_DIR / "SAO0005.yaml")


@pytest.fixture(scope="module")
def assessment():
    return read_assessment(config.COMMITMENTS_DIR / "SAO0005-assessment.yaml")


@pytest.fixture(scope="module")
def ev(data, commitment, assessment) -> evidence.CommitmentEvidence:
    return evidence.assess(data, commitment, START, END, assessment)


def _ids(frame: pd.DataFrame, column: str) -> list[str]:
    return sorted(frame[column].astype(str))


# --- the registry ----------------------------------------------------------------------------


def test_every_registered_indicator_is_computed_with_its_milestone_and_unit(ind) -> None:
    assert list(ind) == list(INDICATORS)
    for key, result in ind.items():
        assert (result.id, result.milestone, result.unit) == (
            key, INDICATORS[key].milestone, INDICATORS[key].unit)
    assert MILESTONES == (1, 2, 3)


@pytest.mark.parametrize("lang", config.LANGUAGES)
def test_every_indicator_has_a_label_and_an_explanation(lang: str) -> None:
    for spec in INDICATORS.values():
        assert i18n.has(spec.label_key, lang) and i18n.has(spec.explanation_key, lang)


# --- milestone 1: mapping and network --------------------------------------------------------


def test_groups_mapped_are_cumulative_to_the_last_day_of_the_period(ind) -> None:
    assert ind["groups_mapped"].value == 4  # G4 was mapped on the period's last day
    assert _ids(ind["groups_mapped"].rows, "group_id") == ["G1", "G2", "G3", "G4"]
    by_kind = ind["groups_mapped"].breakdown.set_index("kind")["groups"]
    assert (by_kind["youth_group"], by_kind["startup"], by_kind["collective"]) == (1, 1, 2)
    assert by_kind.sum() == 4


def test_groups_mapped_in_period_leave_out_earlier_ones(ind) -> None:
    assert ind["groups_mapped_in_period"].value == 3
    assert _ids(ind["groups_mapped_in_period"].rows, "group_id") == ["G2", "G3", "G4"]


def test_contributors_are_distinct_named_sources(ind) -> None:
    assert ind["mapping_contributors"].value == 2  # G4's blank contributor does not count
    assert ind["mapping_contributors"].breakdown.to_dict("list") == {
        "mapped_by": ["Equipe LabProdam", "São Paulo Aberta"], "groups": [1, 2]}


def test_network_partners_joined_by_the_end_of_the_period(ind) -> None:
    assert ind["network_partners"].value == 2
    assert _ids(ind["network_partners"].rows, "group_id") == ["G1", "G2"]


def test_spaces_with_partners_count_each_space_once(ind) -> None:
    result = ind["spaces_with_partners"]
    assert result.value == 3
    per_space = result.breakdown.set_index("space_id")["network_partners"].to_dict()
    assert per_space == {"mobilab": 2, "labprodam": 1, "patio-digital": 1, "old": 0, "teia": 0}


# --- milestone 2: coworking ------------------------------------------------------------------


def test_coworking_spaces_are_those_open_in_the_period(ind) -> None:
    assert ind["coworking_spaces"].value == 2  # mobilab and teia; old closed, future not open
    assert _ids(ind["coworking_spaces"].rows, "space_id") == ["mobilab", "teia"]
    assert ind["coworking_seats"].value == 70


def test_coworking_spaces_follow_openings_and_closings(data) -> None:
    later = evidence.compute_indicators(data, "2018-01-01", "2018-12-31")
    assert later["coworking_spaces"].value == 2  # mobilab and future; teia has closed
    assert later["coworking_seats"].value == 46


def test_usage_hours_count_the_period_inclusive_with_open_events(ind) -> None:
    result = ind["usage_hours"]
    assert result.value == 25.0
    assert result.rows["hours"].sum() == 25.0 and len(result.rows) == 7
    per_space = result.breakdown.set_index("space_id")
    assert per_space.loc["mobilab", ["hours", "uses", "groups"]].tolist() == [10.0, 2, 2]
    assert per_space.loc["patio-digital", ["hours", "uses", "groups"]].tolist() == [10.0, 3, 1]
    assert per_space.loc["labprodam", "hours"] == 1.5
    assert per_space.loc["teia", "hours"] == 3.5


def test_coworking_hours_keep_only_coworking_uses(ind) -> None:
    assert ind["coworking_hours"].value == 13.5
    per_space = ind["coworking_hours"].breakdown.set_index("space_id")["hours"].to_dict()
    assert per_space == {"mobilab": 10.0, "teia": 3.5}


def test_groups_using_spaces_are_distinct_groups_with_their_hours(ind) -> None:
    result = ind["groups_using_spaces"]
    assert result.value == 3
    hours = result.rows.set_index("group_id")["hours"].to_dict()
    assert hours == {"G1": 5.5, "G2": 9.5, "G3": 7.0}
    by_kind = result.breakdown.set_index("kind")["groups"]
    assert (by_kind["youth_group"], by_kind["startup"], by_kind["collective"]) == (1, 1, 1)


# --- milestone 3: projects -------------------------------------------------------------------


def test_joint_projects_run_in_the_period_with_partners_and_are_not_proposals(ind) -> None:
    result = ind["joint_projects"]
    assert result.value == 4
    assert _ids(result.rows, "project_id") == ["P1", "P2", "P6", "P7"]
    assert result.breakdown.set_index("status")["projects"].to_dict() == {
        "active": 1, "delivered": 2, "discontinued": 1}


def test_delivered_projects_ended_by_the_end_of_the_period(ind) -> None:
    assert ind["joint_projects_delivered"].value == 1  # P7 was delivered in 2018
    assert _ids(ind["joint_projects_delivered"].rows, "project_id") == ["P2"]


def test_partner_groups_of_joint_projects(ind) -> None:
    result = ind["project_partner_groups"]
    assert result.value == 3
    assert result.rows.set_index("group_id")["joint_projects"].to_dict() == {
        "G1": 1, "G2": 2, "G3": 2}


def test_shares_of_open_licences_and_open_data(ind) -> None:
    assert ind["osi_licence_share"].value == 0.5  # AGPL and MIT yes; CC-BY and none no
    osi = ind["osi_licence_share"].rows.set_index("project_id")["osi_approved"].to_dict()
    assert osi == {"P1": True, "P2": True, "P6": False, "P7": False}
    assert ind["open_data_used_share"].value == 0.5  # P6 unknown counts as no
    recorded = ind["open_data_used_share"].rows.set_index("project_id")["open_data_used"]
    assert pd.isna(recorded["P6"]) and recorded["P1"]  # the rows keep what was recorded
    assert ind["open_data_published_share"].value == 0.25


def test_participants_reached_add_up_once_per_project(ind) -> None:
    result = ind["participants_reached"]
    assert result.value == 200
    per_space = result.breakdown.set_index("space_id")
    assert per_space.loc["patio-digital", ["projects", "participants_reached"]].tolist() == [3, 200]
    assert per_space.loc["mobilab", ["projects", "participants_reached"]].tolist() == [2, 50]


def test_shares_without_projects_have_no_value(data) -> None:
    early = evidence.compute_indicators(data, "2015-01-01", "2015-12-31")
    assert early["joint_projects"].value == 0
    assert math.isnan(early["osi_licence_share"].value)
    assert early["osi_licence_share"].formatted("pt-BR") == "–"


# --- completion rules ------------------------------------------------------------------------


def _milestone() -> Milestone:
    text = Text({"pt-BR": "Marco", "en": "Milestone"})
    return Milestone(
        number=1, title=text, text=text,
        indicators=("groups_mapped", "network_partners", "osi_licence_share"),
        rules={
            C: (Condition("groups_mapped", ">=", 100), Condition("network_partners", ">=", 30)),
            S: (Condition("groups_mapped", ">=", 50), Condition("osi_licence_share", ">=", 0.5)),
            L: (Condition("groups_mapped", ">=", 1),),
        },
    )


@pytest.mark.parametrize(
    ("mapped", "partners", "osi", "level"),
    [(100, 30, 0.0, C),      # on every Complete boundary; Substantial need not hold
     (100, 29, 0.5, S), (50, 0, 0.5, S),
     (49, 0, 0.9, L), (50, 0, 0.49, L), (50, 0, math.nan, L), (1, 0, 0.0, L),
     (0, 0, 0.0, N), (0, 40, 1.0, N)],
)
def test_levels_are_checked_from_complete_down(mapped, partners, osi, level) -> None:
    values = {"groups_mapped": mapped, "network_partners": partners, "osi_licence_share": osi}
    reached, checks = evidence.milestone_level(_milestone(), values)
    assert reached is level
    assert len(checks) == 5


def test_checks_say_which_thresholds_were_met_and_the_gaps() -> None:
    values = {"groups_mapped": 60, "network_partners": 12, "osi_licence_share": 0.5}
    level, checks = evidence.milestone_level(_milestone(), values)
    me = evidence.MilestoneEvidence(_milestone(), {}, level, checks)
    assert me.level is S and me.next_level is C
    assert [(g.indicator, g.gap) for g in me.gaps()] == [("groups_mapped", 40.0),
                                                        ("network_partners", 18.0)]
    frame = me.checks_frame()
    assert frame["met"].tolist() == [False, False, True, True, True]
    lines = me.explain("en")
    assert lines[0] == "Milestone 1: computed level Substantial."
    assert "✗ Groups mapped ≥ 100 (now 60)" in lines
    assert "✓ Joint projects under an open-source licence ≥ 50% (now 50%)" in lines
    assert evidence.MilestoneEvidence(_milestone(), {}, C, checks).next_level is None


@pytest.mark.parametrize(
    ("levels", "overall"),
    [((C, C, C), C), ((N, N, N), N), ((C, C, L), S), ((C, S, N), S), ((S, L, L), L),
     ((C, N, N), L), ((S, S, L, L), L), ((S, S, S, L), S), ((), N)],
)
def test_overall_completion_rule(levels, overall) -> None:
    assert evidence.overall_completion(levels) is overall


def test_assess_rates_each_milestone_and_keeps_the_override_beside(ev) -> None:
    assert [m.level for m in ev.milestones] == [L, L, L]
    assert ev.computed is L
    assert ev.override.value is Completion.LIMITED
    assert ev.assessment.specificity.value.label == "Medium"
    assert list(ev.milestone(1).indicators) == list(ev.commitment.milestone(1).indicators)
    assert ev.start == pd.Timestamp(START) and ev.end == pd.Timestamp(END)


def test_the_override_never_replaces_the_computed_level(data, commitment, assessment) -> None:
    easy = []
    for m in commitment.milestones:
        first = m.indicators[0]
        rules = {level: (Condition(first, ">=", 0),) for level in (C, S, L)}
        easy.append(dataclasses.replace(m, rules=rules))
    result = evidence.assess(data, dataclasses.replace(commitment, milestones=tuple(easy)),
                             START, END, assessment)
    assert result.computed is C
    assert result.override.value is Completion.LIMITED


def test_assess_without_assessment_has_no_override(data, commitment) -> None:
    assert evidence.assess(data, commitment, START, END).override is None


def test_assess_refuses_another_commitments_assessment(data, commitment, assessment) -> None:
    other = dataclasses.replace(assessment, commitment_id="SAO0004")
    with pytest.raises(ConfigError, match="assessment is of commitment SAO0004, not SAO0005"):
        evidence.assess(data, commitment, START, END, other)


@pytest.mark.parametrize(("start", "end", "message"),
                         [("2017-12-31", "2017-01-01", "ends .* before it starts"),
                          ("2017-13-01", "2017-12-31", "start '2017-13-01' is not a date")])
def test_bad_periods_are_refused(data, start, end, message) -> None:
    with pytest.raises(ConfigError, match=message):
        evidence.compute_indicators(data, start, end)


# --- change, the space table, recommendations ------------------------------------------------


def test_compare_periods_gives_the_change_of_each_indicator(data, commitment, ev) -> None:
    before = evidence.assess(data, commitment, "2016-01-01", "2016-12-31")
    change = evidence.compare_periods(ev, before).set_index("indicator")
    assert list(change.columns) == ["milestone", "unit", "previous", "current", "change"]
    assert change.loc["groups_mapped", ["previous", "current", "change"]].tolist() == [1, 4, 3]
    assert change.loc["usage_hours", ["previous", "current", "change"]].tolist() == [8, 25, 17]
    assert change.loc["osi_licence_share", "previous"] == 1.0  # P2 (MIT) and P5 (GPL)
    assert change.loc["osi_licence_share", "change"] == -0.5
    assert len(change) == len(ev.commitment.indicator_ids)


def test_space_table_has_one_row_per_open_space(ev) -> None:
    table = ev.spaces.set_index("space_id")
    assert sorted(table.index) == ["labprodam", "mobilab", "patio-digital", "teia"]
    assert table.loc["labprodam", "lab"] == "LabProdam" and pd.isna(table.loc["teia", "lab"])
    assert table.loc["mobilab", ["usage_hours", "coworking_hours", "groups_using",
                                 "network_partners", "joint_projects",
                                 "participants_reached"]].tolist() == [10.0, 10.0, 2, 2, 2, 50]


def test_recommendations_single_out_labprodam_as_least_used(ev) -> None:
    recs = evidence.recommendations(ev)
    lab = [r for r in recs if r.key.endswith("least_developed_lab")]
    assert len(lab) == 1 and lab[0].space_id == "labprodam"
    v = lab[0].values
    assert (v["lab"], v["hours"].value, v["partners"].value) == ("LabProdam", 1.5, 1)
    assert (v["best_lab"], v["best_hours"].value, v["best_partners"].value) == ("MobiLab", 10, 2)
    assert lab[0].text("en").startswith("LabProdam is the least developed of the commitment's "
                                        "labs in the period (hours of use: 1.5 h; network "
                                        "partners: 1), against MobiLab (hours of use: 10 h;")
    assert "(horas de uso: 1,5 h; parceiros da rede: 1)" in lab[0].text("pt-BR")
    assert "horas de uso: 10 h; parceiros da rede: 2" in lab[0].text("pt-BR")


def test_recommendations_name_the_little_used_spaces(ev) -> None:
    little = [r for r in evidence.recommendations(ev) if r.key.endswith("space_little_used")]
    # Median of 1.5, 3.5, 10 and 10 hours is 6.75; a quarter of it is 1.6875.
    assert [r.space_id for r in little] == ["labprodam"]
    assert little[0].values["median"].value == 6.75
    assert "menos de 25% da mediana" in little[0].text("pt-BR")


def test_recommendations_give_each_milestone_gap(ev) -> None:
    gaps = [r for r in evidence.recommendations(ev) if r.key.endswith("milestone_behind")]
    first = [(r.values["indicator"], r.values["gap"].value) for r in gaps if r.milestone == 1]
    assert first == [("groups_mapped", 46.0), ("network_partners", 8.0)]
    text = gaps[0].text("en")
    assert text.startswith("Milestone 1 (Collaborative mapping and a public network of "
                           "partners) stands at Limited. To reach Substantial, Groups mapped")
    assert "a gap of 46" in text


# --- public rows and CSV ---------------------------------------------------------------------


def test_no_indicator_rows_hold_personal_data(ind) -> None:
    for result in ind.values():
        assert PERSONAL.isdisjoint(result.rows.columns), result.id
        if result.breakdown is not None:
            assert PERSONAL.isdisjoint(result.breakdown.columns), result.id


def test_write_evidence_csv_writes_public_safe_files(ev, tmp_path: Path) -> None:
    paths = evidence.write_evidence_csv(ev, tmp_path / "evidence")
    assert [p.name for p in paths] == [f"m{s.milestone}-{s.id}.csv" for s in INDICATORS.values()]
    everything = " ".join(p.read_text(encoding="utf-8") for p in paths)
    for personal in ("contato@example.org", "+55 11", "Pessoa de Contato", *PERSONAL):
        assert personal not in everything
    assert not list((tmp_path / "evidence").glob("*.part"))

    groups = pd.read_csv(tmp_path / "evidence" / "m1-groups_mapped.csv", dtype=str)
    names = groups.set_index("group_id")["name"].to_dict()
    assert names["G2"] == "'=1+1" and names["G3"] == "'@coletivo"
    assert names["G1"] == "Jovens Hackers"
    assert groups.set_index("group_id").loc["G1", "partner_space_ids"] == "labprodam;mobilab"
    assert groups.set_index("group_id").loc["G1", "mapped_on"] == "2016-06-01"
    projects = pd.read_csv(tmp_path / "evidence" / "m3-joint_projects.csv", dtype=str)
    assert projects.set_index("project_id").loc["P2", "title"] == "'-10% de evasão"


def test_csv_ready_drops_personal_columns_and_neutralises_formulas() -> None:
    frame = pd.DataFrame({"name": ["+cmd", "ok", None, "\tx"], "contact_email": ["a@b"] * 4,
                          "hours": [-1.0, 2.0, 3.0, 4.0], "themes": [["a", "b"], [], ["=c"], []]})
    out = evidence.csv_ready(frame)
    assert list(out.columns) == ["name", "hours", "themes"]
    assert out["name"].tolist()[:2] == ["'+cmd", "ok"] and pd.isna(out["name"][2])
    assert out["name"][3] == "'\tx"
    assert out["hours"].tolist() == [-1.0, 2.0, 3.0, 4.0]  # numbers are not text
    assert out["themes"].tolist() == ["a;b", "", "'=c", ""]
    assert set(DATASETS["groups"].personal) == PERSONAL


def test_nothing_happened_is_not_started_and_a_strict_threshold_states_no_gap(commitment) -> None:
    empty = evidence.assess(LabData.from_frames(), commitment, START, END)
    assert empty.computed is N and empty.spaces.empty
    recs = {r.milestone: r for r in evidence.recommendations(empty)}
    assert recs[1].text("en").endswith("Groups mapped must be ≥ 1; it is 0, a gap of 1.")
    assert recs[2].key == "evidence.recommendations.milestone_behind_at_threshold"
    assert recs[2].text("en").endswith("Hours of coworking must be > 0 h; it is 0 h.")
