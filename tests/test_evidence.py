"""The evidence engine: every milestone indicator and completion rule, on the hand-built city
of ``evidence_city.py`` whose figures are worked out by hand."""

from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest
from evidence_city import END, PERSONAL, START, city, sao0005, sao0005_assessment

from labmetrics import config, evidence, i18n
from labmetrics.commitment import Condition, Milestone, Text
from labmetrics.dataset import LabData
from labmetrics.errors import ConfigError
from labmetrics.indicators import INDICATORS
from labmetrics.irm import Completion

C, S, L, N = (Completion.COMPLETE, Completion.SUBSTANTIAL, Completion.LIMITED,
              Completion.NOT_STARTED)


@pytest.fixture(scope="module")
def data() -> LabData:
    return city()


@pytest.fixture(scope="module")
def ind(data: LabData) -> dict[str, evidence.Indicator]:
    return evidence.compute_indicators(data, START, END)


@pytest.fixture(scope="module")
def commitment():
    return sao0005()


@pytest.fixture(scope="module")
def assessment():
    return sao0005_assessment()


@pytest.fixture(scope="module")
def ev(data, commitment, assessment) -> evidence.CommitmentEvidence:
    return evidence.assess(data, commitment, START, END, assessment)


def _ids(frame: pd.DataFrame, column: str) -> list[str]:
    return sorted(frame[column].astype(str))


# --- the registry ----------------------------------------------------------------------------


def test_every_registered_indicator_is_computed_with_its_unit(ind) -> None:
    assert list(ind) == list(INDICATORS)
    for key, result in ind.items():
        assert (result.id, result.unit) == (key, INDICATORS[key].unit)
    assert not hasattr(INDICATORS["groups_mapped"], "milestone")  # bound by commitments


def test_each_milestone_module_computes_the_indicators_it_declares(data, ind) -> None:
    from labmetrics.evidence.compute import MILESTONE_INDICATORS, window_indicators
    from labmetrics.evidence.window import period_bounds, period_window

    w = period_window(data, *period_bounds(START, END))
    declared = [i for ids, _ in MILESTONE_INDICATORS for i in ids]
    assert sorted(declared) == sorted(INDICATORS)  # each indicator once
    for ids, compute in MILESTONE_INDICATORS:
        assert [i.id for i in compute(w)] == list(ids)
    # Asked for some, only their modules run, and the figures are those of the full count.
    some = window_indicators(w, ["coworking_hours", "network_partners"])
    assert list(some) == ["network_partners", "coworking_hours"]
    for key, result in some.items():
        assert result.value == ind[key].value
        pd.testing.assert_frame_equal(result.rows, ind[key].rows)


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
    # Its CSV holds what the indicator counts: one row per contributor, not per group.
    rows = ind["mapping_contributors"].rows
    assert rows.to_dict("list") == ind["mapping_contributors"].breakdown.to_dict("list")
    assert len(rows) == ind["mapping_contributors"].value


def test_per_space_breakdowns_know_their_distinct_total(ind) -> None:
    # G1 and G2 are partners of two spaces each: the bars say 1 + 2 + 1, the partners are 2.
    partners = ind["spaces_with_partners"]
    assert partners.breakdown["network_partners"].sum() == 4
    assert partners.distinct == ind["network_partners"].value == 2
    projects = ind["participants_reached"]
    assert projects.distinct == projects.breakdown["projects"].sum() - 1  # P1 in two spaces


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
    # P7, delivered in 2018, was still active on 31/12/2017: statuses are the period end's.
    by_status = result.breakdown.set_index("status")["projects"]
    assert by_status.to_dict() == {"active": 2, "delivered": 1, "discontinued": 1}
    assert by_status.sum() == result.value
    assert by_status["delivered"] == ind["joint_projects_delivered"].value
    statuses = result.rows.set_index("project_id")[["status", "status_recorded"]]
    assert tuple(statuses.loc["P7"]) == ("active", "delivered")


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
    assert "✗ Groups mapped ≥ 100 (60)" in lines
    assert "✓ Joint projects under an open-source licence ≥ 50% (50%)" in lines
    # A figure of the period says the date it stands at, never "now".
    dated = me.explain("pt-BR", as_of="2017-12-31")
    assert "✗ Grupos mapeados ≥ 100 (60 em 31/12/2017)" in dated
    assert not any("agora" in line or "hoje" in line for line in dated)
    assert "✗ Groups mapped ≥ 100 (60 as of 31 Dec 2017)" in me.explain("en", "2017-12-31")
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
                         [("2017-12-31", "2017-01-01", "ends before it starts"),
                          ("2017-13-01", "2017-12-31", "2017-13-01:2017-12-31 is not two ISO")])
def test_bad_periods_are_refused(data, start, end, message) -> None:
    with pytest.raises(ConfigError, match=message):
        evidence.compute_indicators(data, start, end)


# --- the space table and public rows ---------------------------------------------------------


def test_space_table_has_one_row_per_open_space(ev) -> None:
    table = ev.spaces.set_index("space_id")
    assert sorted(table.index) == ["labprodam", "mobilab", "patio-digital", "teia"]
    assert table.loc["labprodam", "lab"] == "LabProdam" and pd.isna(table.loc["teia", "lab"])
    assert table.loc["mobilab", ["usage_hours", "coworking_hours", "groups_using",
                                 "network_partners", "joint_projects",
                                 "participants_reached"]].tolist() == [10.0, 10.0, 2, 2, 2, 50]


def test_no_indicator_rows_hold_personal_data(ind) -> None:
    for result in ind.values():
        assert PERSONAL.isdisjoint(result.rows.columns), result.id
        if result.breakdown is not None:
            assert PERSONAL.isdisjoint(result.breakdown.columns), result.id


# --- a column absent from the data --------------------------------------------------------

def _absent(data: LabData, dataset: str, column: str) -> LabData:
    """``data`` as read from files holding every column but ``column`` of ``dataset``."""
    read = {name: tuple(c for c in data.table(name).columns if (name, c) != (dataset, column))
            for name in ("groups", "spaces", "usage", "projects")}
    return dataclasses.replace(data, columns_read=read)


def test_an_indicator_whose_column_is_absent_has_no_data_not_zero(data, commitment) -> None:
    blind = _absent(data, "groups", "network_joined_on")
    ind = evidence.compute_indicators(blind, START, END)
    for name in ("network_partners", "spaces_with_partners"):
        assert ind[name].no_data and math.isnan(ind[name].value)
        assert ind[name].missing == (("groups", "network_joined_on"),)
        assert ind[name].formatted("en") == "no data"
        assert ind[name].formatted("pt-BR") == "sem dados"
    assert ind["network_partners"].reason("en") == (
        "the groups file has no column for the date of joining the network")
    assert ind["network_partners"].reason("pt-BR") == (
        "o arquivo de grupos não tem coluna para a data de entrada na rede")
    assert ind["network_partners"].rows.to_dict("records") == [{
        "indicator": "network_partners", "value": "no data", "dataset": "groups",
        "column": "network_joined_on",
        "reason": "the groups file has no column for the date of joining the network"}]
    # Every other indicator keeps its figure.
    assert not any(i.no_data for k, i in ind.items()
                   if k not in ("network_partners", "spaces_with_partners"))
    spaces = evidence.space_table(blind, START, END, indicators=ind)
    assert spaces["network_partners"].isna().all()


def test_a_milestone_says_it_could_not_be_judged_on_an_indicator_without_data(
        data, commitment) -> None:
    ev = evidence.assess(_absent(data, "groups", "network_joined_on"), commitment, START, END)
    m1 = ev.milestone(1)
    assert m1.unjudged == ("network_partners", "spaces_with_partners")
    unchecked = [c for c in m1.checks if c.no_data]
    assert unchecked and not any(c.met for c in unchecked)
    assert m1.checks_frame()["no_data"].tolist() == [c.no_data for c in m1.checks]
    lines = m1.explain("en")
    assert "It could not be judged on: Network partners, Spaces with network partners " \
           "(no data)." in lines
    assert any(line.startswith("? Network partners") and "no data" in line for line in lines)
    assert not ev.milestone(2).unjudged
    # No recommendation reads a figure without data as a gap to close.
    assert not any(r.values.get("indicator") in m1.unjudged
                   for r in evidence.recommendations(ev))


def test_every_column_an_indicator_needs_is_named_in_both_languages() -> None:
    for spec in INDICATORS.values():
        for dataset, column in spec.needs:
            assert column in data_columns(dataset)
            for lang in config.LANGUAGES:
                assert evidence.missing_column(dataset, column, lang)


def data_columns(dataset: str) -> list[str]:
    from labmetrics.schema import DATASETS

    return DATASETS[dataset].names


# --- what an indicator counts (the commitment file's counting) -------------------------------


def test_counting_narrows_milestone_2_to_the_commitments_labs(data, commitment, ind) -> None:
    counted = evidence.compute_indicators(data, START, END, commitment.counting,
                                          commitment.labs)
    # Teia Mooca (coworking, 40 seats, closed 30/06/2017) is none of the commitment's labs.
    assert (counted["coworking_spaces"].value, ind["coworking_spaces"].value) == (1, 2)
    assert (counted["coworking_seats"].value, ind["coworking_seats"].value) == (30, 70)
    assert counted["coworking_hours"].value == 10.0  # MobiLab's 4 h and 6 h, not Teia's 3.5 h
    assert ind["coworking_hours"].value == 13.5
    assert "teia" not in set(counted["coworking_hours"].breakdown["space_id"])
    # Indicators the file does not list count every space.
    assert counted["usage_hours"].value == ind["usage_hours"].value
    assert counted["joint_projects"].value == ind["joint_projects"].value


def test_counting_leaves_out_partners_no_longer_active(commitment) -> None:
    import evidence_city

    groups = evidence_city._groups()
    groups.loc[groups["group_id"] == "G2", "status"] = "inactive"
    groups["network_left_on"] = [None, None, None, None, None]
    left = groups.assign(network_left_on=["2017-10-01", None, None, None, None])
    for frame, kept in ((groups, ["G1"]), (left, [])):
        data = LabData.from_frames(groups=frame, spaces=evidence_city._spaces(),
                                   usage=evidence_city._usage(),
                                   projects=evidence_city._projects())
        counted = evidence.compute_indicators(data, START, END, commitment.counting,
                                              commitment.labs)
        assert _ids(counted["network_partners"].rows, "group_id") == kept
        every = evidence.compute_indicators(data, START, END)
        assert every["network_partners"].value == 2


def test_assess_counts_as_the_commitment_says_and_the_spaces_table_counts_all(ev) -> None:
    assert ev.milestone(2).indicators["coworking_spaces"].value == 1
    # The spaces' table is every space's own figures: Teia Mooca's coworking stays there.
    assert ev.spaces.set_index("space_id").loc["teia", "coworking_hours"] == 3.5
