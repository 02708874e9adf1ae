"""Tests for labmetrics.network on the small network of tests/network_city.py, whose every
figure is worked out by hand there."""

from __future__ import annotations

import dataclasses

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from network_city import make_frames

from labmetrics import network
from labmetrics.dataset import LabData
from labmetrics.errors import ConfigError

YEAR = {"start": "2017-01-01", "end": "2017-12-31"}


@pytest.fixture(scope="module")
def data() -> LabData:
    return LabData.from_frames(**make_frames())


@pytest.fixture(scope="module")
def quarterly(data: LabData) -> pd.DataFrame:
    return network.growth(data, "quarter", **YEAR)


# --- growth ---------------------------------------------------------------------------

def test_growth_periods_are_the_quarters(quarterly: pd.DataFrame) -> None:
    assert list(quarterly["period"]) == list(pd.to_datetime(
        ["2017-01-01", "2017-04-01", "2017-07-01", "2017-10-01"]))
    assert list(quarterly["period_end"]) == list(pd.to_datetime(
        ["2017-03-31", "2017-06-30", "2017-09-30", "2017-12-31"]))


def test_growth_cumulative_mapping_and_partners(quarterly: pd.DataFrame) -> None:
    # Mapped by quarter end: G1 G2 | +G3 (04-05) | +G4 (07-01) | +G5 (10-15).
    assert list(quarterly["groups_mapped"]) == [2, 3, 4, 5]
    # Joined: G1 02-01, G2 05-10, G4 08-01; G3 and G5 never.
    assert list(quarterly["network_partners"]) == [1, 2, 3, 3]


def test_growth_active_newcomers_returning_lapsed(quarterly: pd.DataFrame) -> None:
    # Q1 G1 G2 the baseline: the data starts there (first use 01-15), so they are not
    # newcomers | Q2 G3 G4 new, G2 back, G1 lapsed | Q3 G1..G4 all back |
    # Q4 G5 new, G1 G3 back, G2 G4 lapsed when P1 ended on 08-31.
    assert list(quarterly["active_groups"]) == [2, 3, 4, 3]
    assert list(quarterly["baseline"]) == [2, 0, 0, 0]
    assert list(quarterly["newcomers"]) == [0, 2, 0, 1]
    assert list(quarterly["returning"]) == [0, 1, 4, 2]
    parts = quarterly["baseline"] + quarterly["newcomers"] + quarterly["returning"]
    assert list(parts) == list(quarterly["active_groups"])
    assert list(quarterly["lapsed"]) == [0, 1, 0, 2]


def test_growth_bridging_groups(quarterly: pd.DataFrame) -> None:
    # Two or more spaces: Q1 G1 | Q2 G2 | Q3 G3 G4 | Q4 G3.
    assert list(quarterly["bridging_groups"]) == [1, 1, 2, 1]


def test_growth_graph_of_each_quarter(quarterly: pd.DataFrame) -> None:
    # Q1 links G1-S1 G1-S2 G2-S1: 4 nodes, 3 of 2x2 links, one component.
    # Q2 links G1-S1 (membership) G2-S1 G2-S2 G4-S2 (P1) G3-S3: 4 groups, 3 spaces;
    #    components {G1 G2 G4 S1 S2} and {G3 S3}, the largest 5 of 7 nodes.
    # Q3 links G1-S1 G2-S1 G2-S2 G4-S2 G4-S3 G3-S1 G3-S3: 7 of 4x3, connected.
    # Q4 links G1-S1 G1-S2 G2-S1 G2-S2 G4-S3 G3-S1 G3-S3 G5-S3: 8 of 5x3, connected.
    assert list(quarterly["nodes"]) == [4, 7, 7, 8]
    assert list(quarterly["edges"]) == [3, 5, 7, 8]
    assert quarterly["density"].tolist() == pytest.approx([3 / 4, 5 / 12, 7 / 12, 8 / 15])
    # Links per group (2, 4, 4, 5 groups) and per space (2, 3, 3, 3 spaces): density falls
    # from Q1 to Q2 as groups join, while the links grow and no space loses a group.
    assert quarterly["spaces_per_group"].tolist() == pytest.approx([3 / 2, 5 / 4, 7 / 4,
                                                                    8 / 5])
    assert quarterly["groups_per_space"].tolist() == pytest.approx([3 / 2, 5 / 3, 7 / 3,
                                                                    8 / 3])
    assert list(quarterly["components"]) == [1, 2, 1, 1]
    assert quarterly["largest_component_share"].tolist() == pytest.approx(
        [1.0, 5 / 7, 1.0, 1.0])


def test_growth_looks_back_before_the_window(data: LabData) -> None:
    # From Q2 on: G2 returns (active in Q1, before the window) and G1 lapses.
    table = network.growth(data, "quarter", start="2017-04-01", end="2017-12-31")
    assert table["period"].iloc[0] == pd.Timestamp("2017-04-01")
    assert list(table["newcomers"]) == [2, 0, 1]
    assert list(table["returning"]) == [1, 4, 2]
    assert list(table["lapsed"]) == [1, 0, 2]


def test_open_ended_project_keeps_a_group_active(data: LabData) -> None:
    # G3's only activity after May is P2, which has no end date: active in Q3 and Q4.
    frames = make_frames()
    frames["projects"] = frames["projects"].loc[lambda p: p["project_id"] == "P1"]
    without_p2 = network.growth(LabData.from_frames(**frames), "quarter", **YEAR)
    with_p2 = network.growth(data, "quarter", **YEAR)
    assert list(with_p2["active_groups"] - without_p2["active_groups"]) == [0, 0, 1, 1]
    assert network.integration(data, "2018-06-01", "2018-06-30").active_groups == 1


def test_growth_by_month(data: LabData) -> None:
    table = network.growth(data, "month", **YEAR).set_index("period")
    assert len(table) == 12
    # Every group is a newcomer exactly once, but G1, active in January when the data
    # starts, is the baseline.
    assert table["newcomers"].sum() == 4
    assert table["baseline"].to_dict() == {p: int(p == pd.Timestamp("2017-01-01"))
                                           for p in table.index}
    # March: G2 new (S1); G1 (active in February) lapses.
    march = table.loc["2017-03-01"]
    assert (march["active_groups"], march["newcomers"], march["lapsed"]) == (1, 1, 1)
    # August: G2 (P1), G3 (P2: S1 S3), G4 (S3 and P1: S2); bridges G3 and G4.
    august = table.loc["2017-08-01"]
    assert (august["active_groups"], august["newcomers"], august["bridging_groups"]) == (
        3, 0, 2)
    # September: P1 has ended, so G2 and G4 lapse; G1 (usage) and G3 (P2) return.
    september = table.loc["2017-09-01"]
    assert (september["active_groups"], september["returning"], september["lapsed"]) == (
        2, 2, 2)


def test_growth_by_year(data: LabData) -> None:
    # One period: all five groups new; G1..G4 each with two spaces, G5 only S3.
    # Links: G1-S1 G1-S2 G2-S1 G2-S2 G3-S1 G3-S3 G4-S2 G4-S3 G5-S3 = 9 of 5x3.
    row = network.growth(data, "year", **YEAR).iloc[0]
    assert (row["active_groups"], row["baseline"], row["newcomers"], row["returning"]) == (
        5, 5, 0, 0)
    assert (row["bridging_groups"], row["edges"], row["nodes"]) == (4, 9, 8)
    assert row["density"] == pytest.approx(9 / 15)
    assert (row["groups_mapped"], row["network_partners"]) == (5, 3)


def test_growth_default_window_is_the_calendar_periods_of_the_data_span(data: LabData
                                                                         ) -> None:
    # The first dated row is G1's mapping (01-10), the last a use on 12-01: the periods are
    # the quarters (months) holding them, whole.
    table = network.growth(data)
    assert table["period"].iloc[0] == pd.Timestamp("2017-01-01")
    assert table["period_end"].iloc[-1] == pd.Timestamp("2017-12-31")
    assert list(table["active_groups"]) == [2, 3, 4, 3]
    monthly = network.growth(data, "month")
    assert (monthly["period"].iloc[0], monthly["period_end"].iloc[-1]) == (
        pd.Timestamp("2017-01-01"), pd.Timestamp("2017-12-31"))
    # A window given is kept as given.
    assert network.growth(data, start="2017-01-10")["period"].iloc[0] == \
        pd.Timestamp("2017-01-10")


def test_growth_accepts_pandas_aliases(data: LabData, quarterly: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(network.growth(data, "QS", **YEAR), quarterly)
    assert len(network.growth(data, "MS", **YEAR)) == 12
    with pytest.raises(ConfigError, match="frequency"):
        network.growth(data, "fortnight", **YEAR)


def test_growth_for_some_spaces(data: LabData) -> None:
    # Only S3: G3 used it in Q2; Q3 G4 (usage) and G3 (P2); Q4 G3 (P2) and G5.
    # Partners of S3: G4 from 08-01.
    table = network.growth(data, "quarter", spaces="S3", **YEAR)
    assert list(table["active_groups"]) == [0, 1, 2, 2]
    assert list(table["network_partners"]) == [0, 0, 1, 1]
    assert list(table["groups_mapped"]) == [2, 3, 4, 5]


def test_growth_without_activity(data: LabData) -> None:
    frames = make_frames()
    frames["usage"] = frames["usage"].iloc[:0]
    frames["projects"] = frames["projects"].iloc[:0]
    table = network.growth(LabData.from_frames(**frames), "quarter", **YEAR)
    assert table["active_groups"].sum() == 0
    # Memberships alone still make a network: Q1 G1-S1, 2 nodes, 1 link.
    assert (table["nodes"].iloc[0], table["edges"].iloc[0]) == (2, 1)


# --- graph ----------------------------------------------------------------------------

def test_build_graph_nodes_and_edges(data: LabData) -> None:
    graph = network.build_graph(data, **YEAR)
    assert graph.nodes["group:G1"] == {
        "type": "group", "label": "Jovens Hackers", "kind": "youth_group",
        "region": "Centro", "partner": True}
    assert graph.nodes["space:S3"]["host"] == "SME"
    assert graph.nodes["project:P2"]["type"] == "project"
    edge = graph.edges["group:G1", "space:S1"]
    # Used on 01-15 and 09-09 (3 hours), partner since 02-01.
    assert edge["relations"] == {"membership", "usage"}
    assert edge["first_seen"] == pd.Timestamp("2017-01-15")
    assert (edge["uses"], edge["hours"]) == (2, 3.0)
    assert graph.edges["project:P2", "space:S3"]["relations"] == {"project"}
    # 7 group-space, 3 group-project, 3 project-space links.
    assert graph.number_of_edges() == 13


def test_snapshots_date_the_edges(data: LabData) -> None:
    shots = network.snapshots(data, "quarter", **YEAR)
    assert [s.start for s in shots] == list(pd.to_datetime(
        ["2017-01-01", "2017-04-01", "2017-07-01", "2017-10-01"]))
    q2, q3, q4 = (s.graph for s in shots[1:])
    # G4 joined S3 on 08-01 but used it on 07-07 first.
    assert not q2.has_edge("group:G4", "space:S3")
    assert q3.edges["group:G4", "space:S3"]["relations"] == {"membership", "usage"}
    assert q3.edges["group:G4", "space:S3"]["first_seen"] == pd.Timestamp("2017-07-07")
    # P1 ended on 08-31; P2 runs on.
    assert "project:P1" in q3 and "project:P1" not in q4
    assert q4.has_edge("group:G3", "project:P2")


def test_snapshots_read_partnership_at_each_period_end(data: LabData) -> None:
    q1, q2 = (s.graph for s in network.snapshots(data, "quarter", **YEAR)[:2])
    # G2 used S1 on 03-05 and joined the network on 05-10.
    assert q1.nodes["group:G2"] == {"type": "group", "label": "Dados Já", "kind": "startup",
                                    "region": "Oeste", "partner": False}
    assert q2.nodes["group:G2"]["partner"] is True


def test_snapshots_are_the_graphs_of_their_periods(data: LabData) -> None:
    for shot in network.snapshots(data, "quarter", **YEAR):
        alone = network.build_graph(data, shot.start, shot.end)
        assert dict(shot.graph.nodes(data=True)) == dict(alone.nodes(data=True))
        assert sorted(map(sorted, shot.graph.edges())) == sorted(map(sorted, alone.edges()))
        assert all(shot.graph.edges[e] == alone.edges[e] for e in alone.edges())


def test_snapshots_of_some_periods(data: LabData) -> None:
    every = network.snapshots(data, "quarter", **YEAR)
    some = network.snapshots(data, "quarter", **YEAR, periods=[1, 3])
    assert [(s.start, s.end) for s in some] == [(s.start, s.end) for s in every[1::2]]
    assert set(some[0].graph.edges()) == set(every[1].graph.edges())
    assert network.snapshots(data, "quarter", **YEAR, periods=[]) == []


def test_an_unknown_group_keeps_its_id() -> None:
    frames = make_frames()
    frames["usage"] = pd.concat([frames["usage"], pd.DataFrame(
        {"date": ["2017-02-02"], "space_id": ["S1"], "group_id": ["G9"], "hours": [1.0]})])
    graph = network.build_graph(LabData.from_frames(**frames), **YEAR)
    assert graph.nodes["group:G9"] == {"type": "group", "label": "G9"}
    assert graph.edges["group:G9", "space:S1"]["first_seen"] == pd.Timestamp("2017-02-02")


def test_build_graph_for_some_spaces(data: LabData) -> None:
    graph = network.build_graph(data, spaces=["S3"], **YEAR)
    kinds = {n for n, t in graph.nodes(data="type") if t == "space"}
    assert kinds == {"space:S3"}
    assert "project:P1" not in graph
    assert set(graph.neighbors("project:P2")) == {"group:G3", "space:S3"}


def test_group_space_graph_replaces_projects(data: LabData) -> None:
    projected = network.group_space_graph(network.build_graph(data, **YEAR))
    assert not any(t == "project" for _, t in projected.nodes(data="type"))
    assert projected.edges["group:G3", "space:S1"]["projects"] == {"P2"}
    assert projected.edges["group:G2", "space:S2"]["relations"] == {
        "membership", "usage", "project"}


# --- spaces and integration -----------------------------------------------------------

def test_space_metrics_for_the_year(data: LabData) -> None:
    table = network.space_metrics(data, **YEAR).set_index("space_id")
    # Degree: S1 G1 G2 P2 | S2 G1 G2 P1 | S3 G3 G4 G5 P2.
    assert table["degree"].to_dict() == {"S1": 3, "S2": 3, "S3": 4}
    # Hosted: S1 G1 G2 G3 (P2) | S2 G1 G2 G4 (P1) | S3 G3 G4 G5; only G5 has one space.
    assert table["groups_hosted"].to_dict() == {"S1": 3, "S2": 3, "S3": 3}
    assert table["groups_shared"].to_dict() == {"S1": 3, "S2": 3, "S3": 2}
    # S1 2+4+2 (open event)+1+1 | S2 3+5+2 | S3 2+3+2+4.
    assert table["usage_hours"].to_dict() == {"S1": 10.0, "S2": 10.0, "S3": 11.0}
    assert table["uses"].to_dict() == {"S1": 5, "S2": 3, "S3": 4}
    assert table.loc["S2", "host"] == "SMT"


def test_spaces_of_groups_are_the_links_of_the_projection(data: LabData) -> None:
    from labmetrics.network.spaces import spaces_of_groups

    graph = network.build_graph(data, **YEAR)
    linked = spaces_of_groups(graph)
    # Directly or through P1 (S2 with G2 G4) and P2 (S1 S3 with G3).
    assert linked == {"group:G1": {"space:S1", "space:S2"},
                      "group:G2": {"space:S1", "space:S2"},
                      "group:G3": {"space:S1", "space:S3"},
                      "group:G4": {"space:S2", "space:S3"}, "group:G5": {"space:S3"}}
    projected = network.group_space_graph(graph)
    assert linked == {g: set(projected[g]) for g in linked}


def test_space_betweenness_in_the_first_quarter(data: LabData) -> None:
    # Q1 graph: the path S2 - G1 - S1 - G2, and S3 alone (5 nodes). S1 lies on the
    # shortest paths G1-G2 and S2-G2: 2 of (5-1)(5-2)/2 = 6 pairs.
    table = network.space_metrics(data, "2017-01-01", "2017-03-31").set_index("space_id")
    assert table["betweenness"].to_dict() == pytest.approx({"S1": 1 / 3, "S2": 0.0,
                                                            "S3": 0.0})
    assert table["degree"].to_dict() == {"S1": 2, "S2": 1, "S3": 0}


def test_integration(data: LabData) -> None:
    # The year: G1..G4 with two spaces each, G5 with one.
    year = network.integration(data, **YEAR)
    assert (year.active_groups, year.linked_to_several_spaces) == (5, 4)
    assert year.share == pytest.approx(0.8)
    # Q4: G1 (S2), G3 (S1 S3), G5 (S3).
    q4 = network.integration(data, "2017-10-01", "2017-12-31")
    assert (q4.active_groups, q4.linked_to_several_spaces) == (3, 1)
    assert q4.share == pytest.approx(1 / 3)
    assert np.isnan(network.integration(data, "2016-01-01", "2016-12-31").share)


def _with_g5_in_s1_in_q3() -> LabData:
    # G5 also uses S1 on 09-01, before its mapping (10-15) and in another quarter than S3.
    frames = make_frames()
    extra = pd.DataFrame.from_records([("2017-09-01", "S1", "G5", 1.0)],
                                      columns=["date", "space_id", "group_id", "hours"])
    frames["usage"] = pd.concat([frames["usage"], extra.assign(format="coworking")],
                                ignore_index=True)
    return LabData.from_frames(**frames)


def test_one_definition_of_a_bridging_group(data: LabData) -> None:
    # G5 is linked to S1 and S3 over the year, never to two spaces in the same quarter: it
    # is no bridging group, in the list, the integration share and each space's figure.
    moved = _with_g5_in_s1_in_q3()
    bridges = network.bridging_groups(moved, "quarter", **YEAR)
    assert "G5" not in set(bridges["group_id"])
    year = network.integration(moved, **YEAR, freq="quarter")
    assert (year.active_groups, year.linked_to_several_spaces) == (5, len(bridges)) == (5, 4)
    shared = network.space_metrics(moved, **YEAR, freq="quarter").set_index("space_id")
    assert shared["groups_shared"].to_dict() == {"S1": 3, "S2": 3, "S3": 2}
    # By year, S1 and S3 fall in the same period: G5 bridges.
    assert network.integration(moved, **YEAR, freq="year").linked_to_several_spaces == 5
    for quarterly_count in network.growth(moved, "quarter", **YEAR)["bridging_groups"]:
        assert quarterly_count <= len(bridges)


def test_uses_before_the_mapping_date_are_reported(data: LabData) -> None:
    assert network.uses_before_mapping(data, *network.window(data, **YEAR)).empty
    early = network.uses_before_mapping(_with_g5_in_s1_in_q3(),
                                        *network.window(data, **YEAR))
    assert early[["group_id", "uses_before_mapping"]].values.tolist() == [["G5", 1]]
    assert early.loc[0, "first_use"] == pd.Timestamp("2017-09-01")
    assert early.loc[0, "mapped_on"] == pd.Timestamp("2017-10-15")


def test_proposed_projects_link_no_one(data: LabData) -> None:
    # P2 as a mere proposal: G3 is active only by its uses, and no link goes through P2.
    frames = make_frames()
    frames["projects"] = frames["projects"].assign(
        status=lambda p: p["project_id"].map({"P1": "active", "P2": "proposed"}))
    proposed = LabData.from_frames(**frames)
    graph = network.build_graph(proposed, **YEAR)
    assert "project:P2" not in graph and "project:P1" in graph
    table = network.growth(proposed, "quarter", **YEAR)
    assert list(table["active_groups"]) == [2, 3, 3, 2]  # G3 only by its use in Q2


# --- who bridges ----------------------------------------------------------------------

def test_bridging_groups_by_quarter(data: LabData) -> None:
    # Two spaces in one quarter: G1 Q1 (S1 S2), G2 Q2 (S1 S2), G3 Q3 and Q4 (P2: S1 S3),
    # G4 Q3 (S2 S3). G3 first (2 quarters), then the others by name.
    table = network.bridging_groups(data, "quarter", **YEAR)
    expected = pd.DataFrame({
        "group_id": ["G3", "G4", "G2", "G1"],
        "name": ["Coletivo Leste", "Civic Start", "Dados Já", "Jovens Hackers"],
        "kind": ["collective", "startup", "startup", "youth_group"],
        "region": ["Leste", "Oeste", "Oeste", "Centro"],
        "spaces": ["LabProdam, Pátio Digital", "MobiLab, Pátio Digital",
                   "LabProdam, MobiLab", "LabProdam, MobiLab"],
        "periods_bridging": [2, 1, 1, 1],
    }).astype({c: "string" for c in ("group_id", "name", "kind", "region", "spaces")})
    pd.testing.assert_frame_equal(table, expected)


def test_bridging_groups_count_the_growth_bridges(data: LabData,
                                                   quarterly: pd.DataFrame) -> None:
    # The same definition: each group's quarters add up to the quarters' bridges, 1+1+2+1.
    table = network.bridging_groups(data, "quarter", **YEAR)
    assert table["periods_bridging"].sum() == quarterly["bridging_groups"].sum() == 5


def test_bridging_groups_by_month_and_for_some_spaces(data: LabData) -> None:
    # By month G1 (S1 in January, S2 in February) and G2 never meet two spaces at once;
    # G3 bridges August to December (P2), G4 July and August (S3 uses and P1 in S2).
    monthly = network.bridging_groups(data, "month", **YEAR)
    assert monthly[["group_id", "periods_bridging"]].values.tolist() == [["G3", 5],
                                                                         ["G4", 2]]
    # Only S1 and S3: G4 keeps S3 alone; G3 still links both in Q3 and Q4.
    some = network.bridging_groups(data, "quarter", spaces="S1,S3", **YEAR)
    assert some[["group_id", "spaces", "periods_bridging"]].values.tolist() == [
        ["G3", "LabProdam, Pátio Digital", 2]]


def test_bridging_groups_name_only_the_window(data: LabData) -> None:
    # From Q4 on: only G3 (P2 is still running).
    q4 = network.bridging_groups(data, "quarter", "2017-10-01", "2017-12-31")
    assert q4["group_id"].tolist() == ["G3"]
    empty = network.bridging_groups(data, "quarter", "2016-01-01", "2016-12-31")
    assert list(empty.columns) == ["group_id", "name", "kind", "region", "spaces",
                                   "periods_bridging"]
    assert len(empty) == 0 and str(empty["periods_bridging"].dtype) == "int64"


def test_bridging_groups_keep_contacts_out_and_unknown_ids() -> None:
    # A contact column in the groups table never reaches the result; a space missing from
    # the spaces table shows by its id, a group missing from the groups table has no name.
    frames = make_frames()
    frames["groups"] = frames["groups"].assign(contact_email="g@example.org")
    frames["usage"] = pd.concat([frames["usage"], pd.DataFrame.from_records([
        ("2017-02-01", "S9", "G1", 1.0), ("2017-02-02", "S1", "G9", 1.0),
        ("2017-02-03", "S2", "G9", 1.0)], columns=["date", "space_id", "group_id", "hours"])
        .assign(format="coworking")], ignore_index=True)
    table = network.bridging_groups(LabData.from_frames(**frames), "quarter",
                                    **YEAR).set_index("group_id")
    assert "example.org" not in table.to_csv()
    assert table.loc["G1", "spaces"] == "LabProdam, MobiLab, S9"
    assert pd.isna(table.loc["G9", "name"]) and table.loc["G9", "spaces"] == (
        "LabProdam, MobiLab")
    # Sorted by periods, then name with a missing name last.
    assert table.index.tolist() == ["G3", "G4", "G2", "G1", "G9"]

# --- reach: kinds, geography, who is missing --------------------------------------------

def test_kind_mix(data: LabData) -> None:
    table = network.kind_mix(data, **YEAR).set_index("kind")
    # youth G1 G5 (partner G1) | startup G2 G4 (both partners) | collective G3.
    assert table.loc["youth_group", ["groups_mapped", "network_partners",
                                     "active_groups"]].tolist() == [2, 1, 2]
    assert table.loc["startup", "network_partners_share"] == pytest.approx(2 / 3)
    assert table.loc["collective", "groups_mapped_share"] == pytest.approx(0.2)
    assert table.loc["research_group", "groups_mapped"] == 0
    assert table["groups_mapped"].sum() == 5


def test_geography(data: LabData) -> None:
    geo = network.geography(data, **YEAR)
    districts = geo.districts.set_index("district_name")
    assert len(districts) == 96
    # G2 and G4 in Pinheiros (8.32 km²), both partners.
    assert districts.loc["Pinheiros", ["groups", "partners", "active_groups"]].tolist() == [
        2, 2, 2]
    assert districts.loc["Pinheiros", "groups_per_100km2"] == pytest.approx(200 / 8.32)
    assert districts.loc["Sé", "groups"] == 1
    # Four districts hold a group, so 92 hold none.
    assert len(geo.districts_without_groups) == 92
    assert "Mooca" in geo.districts_without_groups
    assert "Grajaú" not in geo.districts_without_groups
    regions = geo.regions.set_index("region")
    assert regions["groups"].to_dict() == {"Centro": 1, "Leste": 1, "Norte": 0,
                                           "Oeste": 2, "Sul": 1}
    assert regions["partners"].to_dict() == {"Centro": 1, "Leste": 0, "Norte": 0,
                                             "Oeste": 2, "Sul": 0}
    assert geo.subprefeituras.set_index("subprefeitura").loc["Pinheiros", "groups"] == 2
    assert len(geo.subprefeituras) == 32
    assert geo.unplaced_groups == 0


def test_geography_at_mid_year_and_unplaced(data: LabData) -> None:
    # By 06-30 only G1 (Sé), G2 (Pinheiros), G3 (Itaim Paulista) were mapped.
    assert len(network.geography(data, "2017-01-01", "2017-06-30")
               .districts_without_groups) == 93
    frames = make_frames()
    frames["groups"].loc[4, "district"] = None
    assert network.geography(LabData.from_frames(**frames), **YEAR).unplaced_groups == 1


def test_activity_is_worked_out_once_and_each_caller_keeps_its_own_columns(
        monkeypatch) -> None:
    from labmetrics.network import activity as module

    worked_out = []

    def counted(*args):
        worked_out.append(args[1:])
        return work(*args)

    work = module._activity
    monkeypatch.setattr(module, "_activity", counted)
    data = LabData.from_frames(**make_frames())
    edges = module.single_window_edges(pd.Timestamp("2017-01-01"), pd.Timestamp("2017-12-31"))
    first = module.activity(data, edges)
    first["mine"] = 1  # a caller's column does not reach the next caller
    again = module.activity(data, edges)
    assert "mine" not in again and len(worked_out) == 1
    pd.testing.assert_frame_equal(again, work(data, edges, None))
    # Other spaces kept, or another data set, are other rows.
    assert len(module.activity(data, edges, {"S9"})) < len(again)
    module.activity(LabData.from_frames(**make_frames()), edges)
    assert len(worked_out) == 3


def test_the_node_table_is_read_once_per_data() -> None:
    from labmetrics.network.graph import node_table

    data = LabData.from_frames(**make_frames())
    nodes = node_table(data)
    assert node_table(data) is nodes  # the window's graph and the snapshots share it
    assert nodes.attributes["space:S2"]["label"] == "MobiLab"
    assert nodes.attributes["group:G3"]["label"] == "Coletivo Leste"
    data.spaces = data.spaces.assign(name=["A", "B", "C"])
    assert node_table(data).attributes["space:S2"]["label"] == "B"


def test_reach_from_group_flags_at_hand_is_the_same(data: LabData) -> None:
    # The report works the flags out once for the mix, the gaps and the places.
    flags = network.group_flags(data, **YEAR)
    assert flags["groups"].sum() == 5 and flags["partners"].sum() == 3
    pd.testing.assert_frame_equal(network.kind_mix(data, **YEAR, flags=flags),
                                  network.kind_mix(data, **YEAR))
    pd.testing.assert_frame_equal(network.missing(data, **YEAR, flags=flags),
                                  network.missing(data, **YEAR))
    placed = network.geography(data, **YEAR, flags=flags)
    pd.testing.assert_frame_equal(placed.districts, network.geography(data, **YEAR).districts)


def test_missing_kinds_and_regions(data: LabData) -> None:
    table = network.missing(data, **YEAR).set_index(["dimension", "category"])
    # Partner shares (3 partners) minus mapped shares (5 groups):
    # youth 1/3 - 2/5, collective 0 - 1/5, startup 2/3 - 2/5;
    # Leste 0 - 1/5, Sul 0 - 1/5, Centro 1/3 - 1/5, Oeste 2/3 - 2/5.
    gaps = table["partner_gap"]
    assert gaps[("kind", "youth_group")] == pytest.approx(1 / 3 - 2 / 5)
    assert gaps[("kind", "collective")] == pytest.approx(-1 / 5)
    assert gaps[("region", "Oeste")] == pytest.approx(2 / 3 - 2 / 5)
    under = table.index[table["under_represented"]].tolist()
    assert under == [("kind", "collective"), ("kind", "youth_group"),
                     ("region", "Leste"), ("region", "Sul")]
    # Unmapped categories (Norte, research groups...) are left out.
    assert ("region", "Norte") not in table.index


def _without_join_dates(data: LabData) -> LabData:
    """The city as read from a groups file that has no column for the date of joining."""
    columns = {name: tuple(c for c in data.table(name).columns) for name in
               ("groups", "spaces", "usage", "projects")}
    columns["groups"] = tuple(c for c in columns["groups"] if c != "network_joined_on")
    return dataclasses.replace(data, columns_read=columns)


def test_partners_without_their_column_are_not_counted_as_none(data: LabData) -> None:
    assert network.uncounted_partners(data) == ()
    blind = _without_join_dates(data)
    assert network.uncounted_partners(blind) == (("groups", "network_joined_on"),)
    growth = network.growth(blind, "quarter", **YEAR)
    assert growth["network_partners"].isna().all()
    assert list(growth["groups_mapped"]) == [2, 3, 4, 5]
    table = network.missing(blind, **YEAR).set_index(["dimension", "category"])
    assert table[["network_partners", "partner_share", "partner_gap"]].isna().all(axis=None)
    # Judged on active groups alone: the partner gaps above no longer count.
    expected = table.index[table["active_gap"] <= -0.05].tolist()
    assert table.index[table["under_represented"]].tolist() == expected


# --- definitions ----------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["pt-BR", "en"])
def test_every_growth_metric_is_defined(lang: str, quarterly: pd.DataFrame) -> None:
    texts = network.definitions(lang)
    measured = set(quarterly.columns) - {"period_end"}
    assert measured <= set(texts)
    assert all(len(text) > 20 for text in texts.values())


# --- scale ----------------------------------------------------------------------------

def test_growth_on_many_usage_rows() -> None:
    # 200,000 uses by 400 groups of 3 spaces over 2016-2018: runs in seconds.
    rng = np.random.default_rng(2017)
    n, k = 200_000, 400
    ids = [f"G{i:03d}" for i in range(k)]
    frames = make_frames()
    frames["groups"] = pd.DataFrame({
        "group_id": ids, "name": ids, "kind": "collective",
        "mapped_on": pd.Timestamp("2016-01-01")
        + pd.to_timedelta(rng.integers(0, 365, k), unit="D"),
    })
    frames["usage"] = pd.DataFrame({
        "date": pd.Timestamp("2016-01-01")
        + pd.to_timedelta(rng.integers(0, 3 * 365, n), unit="D"),
        "space_id": rng.choice(["S1", "S2", "S3"], n),
        "group_id": rng.choice(ids, n), "format": "coworking", "hours": 1.0,
    })
    frames["projects"] = frames["projects"].assign(partner_group_ids=["G001;G002", "G003"])
    table = network.growth(LabData.from_frames(**frames), "month")
    assert len(table) == 36
    # Each group first seen once: in the baseline month (the data's first) or as newcomer.
    assert table["baseline"].sum() + table["newcomers"].sum() == k
    assert (table["active_groups"] == table["baseline"] + table["newcomers"]
            + table["returning"]).all()


@pytest.mark.parametrize("spaces", [None, "S1,S3"])
def test_growth_measures_the_period_graph(data: LabData, spaces: str | None) -> None:
    # growth assembles each period's graph from edge lists; it must be period_graph's.
    table = network.growth(data, "quarter", spaces=spaces, **YEAR)
    for row in table.itertuples(index=False):
        graph = network.period_graph(data, row.period, row.period_end, spaces)
        expected = network.graph_metrics(graph)
        assert {k: getattr(row, k) for k in expected} == pytest.approx(expected)


def _as_numbers(graph: nx.Graph) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A group–space graph as bipartite_metrics reads it: lone groups, then each link's
    group and space, numbered."""
    number = {node: i for i, node in enumerate(graph)}
    types = dict(graph.nodes(data="type"))
    alone = [number[n] for n in graph if types[n] == "group" and graph.degree(n) == 0]
    links = [(number[u], number[v]) if types[u] == "group" else (number[v], number[u])
             for u, v in graph.edges()]
    group, space = (np.array(side, dtype=np.int64).reshape(-1)
                    for side in zip(*links, strict=True)) if links else (np.array([]),) * 2
    return np.array(alone, dtype=np.int64), group, space


@pytest.mark.parametrize("which", ["sample_data", "messy"])
def test_growth_measures_the_period_graph_of_real_data_exactly(
        which: str, request: pytest.FixtureRequest) -> None:
    # Each period's graph is measured from its links, never built: the very numbers
    # graph_metrics gives of period_graph, on the bundled sample and the messy folder,
    # month by month.
    from labmetrics.network.growth import bipartite_metrics

    data = request.getfixturevalue(which)
    table = network.growth(data, "month", "2016-01-01", "2018-12-31")
    for row in table.itertuples(index=False):
        graph = network.period_graph(data, row.period, row.period_end)
        expected = network.graph_metrics(graph)
        assert bipartite_metrics(*_as_numbers(graph)) == expected
        assert {k: getattr(row, k) for k in expected} == expected
    assert table["components"].max() > 1


def test_bipartite_metrics_joins_spaces_through_shared_groups() -> None:
    from labmetrics.network.growth import bipartite_metrics

    rng = np.random.default_rng(5)
    for trial in range(40):
        graph = nx.Graph()
        n_groups, n_spaces = int(rng.integers(1, 60)), int(rng.integers(1, 12))
        graph.add_nodes_from((f"g{i}" for i in range(n_groups)), type="group")
        for _ in range(int(rng.integers(0, 80))):
            graph.add_edge(f"g{rng.integers(n_groups)}", f"s{rng.integers(n_spaces)}")
        nx.set_node_attributes(graph, {n: "space" for n in graph if n.startswith("s")},
                               "type")
        assert bipartite_metrics(*_as_numbers(graph)) == network.graph_metrics(graph), trial


def _grouped_usage_links(data: LabData, start: pd.Timestamp, end: pd.Timestamp,
                         keep: set[str] | None) -> pd.DataFrame:
    """usage_links as grouping the usage rows by both ids gives it."""
    usage = data.usage
    mask = (usage["date"] >= start) & (usage["date"] < end + pd.Timedelta(days=1))
    mask &= usage["group_id"].notna()
    if keep is not None:
        mask &= usage["space_id"].isin(list(keep))
    return (usage.loc[mask]
            .groupby(["group_id", "space_id"], observed=True, sort=True)
            .agg(uses=("date", "size"), hours=("hours", "sum"),
                 first_used=("date", "min"), last_used=("date", "max"))
            .reset_index())


@pytest.mark.parametrize("window", [("2016-01-01", "2018-12-31"), ("2017-04-01", "2017-06-30"),
                                    ("2018-12-01", "2018-12-31"), ("1990-01-01", "1990-12-31")])
@pytest.mark.parametrize("keep", [None, {"mobilab", "labprodam"}])
def test_usage_links_are_the_usage_rows_grouped_by_group_and_space(
        sample_data: LabData, messy: LabData, window: tuple[str, str],
        keep: set[str] | None) -> None:
    from labmetrics.network import links

    start, end = (pd.Timestamp(day) for day in window)
    for data in (sample_data, messy):
        expected = _grouped_usage_links(data, start, end, keep)
        got = links.usage_links(data, start, end, keep)
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
        assert got["hours"].to_numpy().tobytes() == expected["hours"].to_numpy().tobytes()
    # The sample has uses in every window but the one before its data.
    empty = links.usage_links(sample_data, start, end, keep).empty
    assert empty == (window[0] == "1990-01-01")


def _activity_by_text(data: LabData, edges: np.ndarray, keep: set[str] | None
                      ) -> pd.DataFrame:
    """activity's rows with the usage rows told apart by their two columns of text."""
    from labmetrics.network import links
    from labmetrics.network.periods import sort_into

    last = len(edges) - 1
    usage = data.usage
    mask = usage["group_id"].notna()
    if keep is not None:
        mask &= usage["space_id"].isin(list(keep))
    used = usage.loc[mask, ["group_id", "space_id"]].assign(
        bin=sort_into(edges, usage.loc[mask, "date"]))
    used = used.loc[used["bin"] <= last].drop_duplicates(["group_id", "bin", "space_id"])
    projects = links.projects_in(data, None, None, keep)
    partners = links.project_partners(projects).merge(
        projects[["project_id", "started_on", "ended_on"]], on="project_id")
    first = sort_into(edges, partners["started_on"])
    final = np.minimum(sort_into(edges, partners["ended_on"]), last)
    counts = np.clip(final - first + 1, 0, None)
    which = np.repeat(np.arange(len(partners)), counts)
    offsets = np.arange(len(which)) - np.repeat(np.cumsum(counts) - counts, counts)
    spans = pd.DataFrame({"project_id": partners["project_id"].to_numpy()[which],
                          "group_id": partners["group_id"].to_numpy()[which],
                          "bin": first[which] + offsets})
    joint = spans.merge(links.project_spaces(projects), on="project_id", how="left")
    rows = pd.concat([used, joint[["group_id", "bin", "space_id"]]], ignore_index=True)
    rows["group_id"] = rows["group_id"].astype("string")
    rows["space_id"] = rows["space_id"].astype("string")
    rows["bin"] = rows["bin"].astype("int64")
    return rows.drop_duplicates().reset_index(drop=True)


@pytest.mark.parametrize("freq", ["month", "quarter", None])
@pytest.mark.parametrize("keep", [None, {"mobilab", "labprodam"}])
def test_activity_tells_usage_rows_apart_as_their_texts_do(
        sample_data: LabData, messy: LabData, freq: str | None, keep: set[str] | None) -> None:
    from labmetrics.network.activity import _activity, single_window_edges
    from labmetrics.network.periods import bin_edges, period_table

    sizes = []
    for data in (sample_data, messy):
        start, end = network.window(data, "2016-01-01", "2018-12-31")
        edges = (single_window_edges(start, end) if freq is None
                 else bin_edges(period_table(start, end, freq), freq))
        got, expected = _activity(data, edges, keep), _activity_by_text(data, edges, keep)
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
        sizes.append(len(got))
    assert sizes[0] > 0  # the sample's groups were active with those spaces


def _early_uses_by_joining_every_use(data: LabData, start: pd.Timestamp, end: pd.Timestamp,
                                     keep: set[str] | None) -> pd.DataFrame:
    """uses_before_mapping with every use of the window joined to the groups."""
    from labmetrics.network.activity import EARLY_USE_COLUMNS
    from labmetrics.network.periods import DAY

    usage = data.usage
    mask = usage["group_id"].notna() & (usage["date"] >= start) & (usage["date"] < end + DAY)
    if keep is not None:
        mask &= usage["space_id"].isin(list(keep))
    groups = data.groups[["group_id", "name", "mapped_on"]]
    used = usage.loc[mask, ["group_id", "date"]].merge(groups, on="group_id", how="inner")
    early = used.loc[used["mapped_on"].notna() & (used["date"] < used["mapped_on"])]
    table = (early.groupby(["group_id", "name", "mapped_on"], sort=False, dropna=False)
             .agg(first_use=("date", "min"), uses_before_mapping=("date", "size"))
             .reset_index())
    table["uses_before_mapping"] = table["uses_before_mapping"].astype("int64")
    return (table.sort_values(["uses_before_mapping", "group_id"], ascending=[False, True])
            .reset_index(drop=True)[list(EARLY_USE_COLUMNS)])


def _with_g5_listed_twice() -> LabData:
    # G5 twice in the groups, mapped on two days: its use of 09-01 is early for both rows,
    # that of 11-11 for the later one only.
    frames = make_frames()
    extra = pd.DataFrame.from_records([("2017-09-01", "S1", "G5", 1.0)],
                                      columns=["date", "space_id", "group_id", "hours"])
    frames["usage"] = pd.concat([frames["usage"], extra.assign(format="coworking")],
                                ignore_index=True)
    groups = frames["groups"]
    again = groups.loc[groups["group_id"] == "G5"].assign(name="G5 again",
                                                          mapped_on="2017-12-20")
    frames["groups"] = pd.concat([groups, again], ignore_index=True)
    return LabData.from_frames(**frames)


@pytest.mark.parametrize("keep", [None, {"mobilab", "labprodam", "S1"}])
@pytest.mark.parametrize("window", [(None, None), ("2016-01-01", "2018-12-31"),
                                    ("2017-03-01", "2017-05-31")])
def test_early_uses_join_only_the_uses_that_can_be_early(
        sample_data: LabData, messy: LabData, keep: set[str] | None,
        window: tuple[str | None, str | None]) -> None:
    found = []
    for data in (sample_data, messy, _with_g5_in_s1_in_q3(), _with_g5_listed_twice()):
        start, end = network.window(data, *window)
        got = network.uses_before_mapping(data, start, end, keep)
        pd.testing.assert_frame_equal(
            got, _early_uses_by_joining_every_use(data, start, end, keep), check_exact=True)
        found.append(len(got))
    assert found[0] > 0  # the sample has early uses in each of these windows


def test_early_uses_of_a_group_listed_twice_count_for_each_row() -> None:
    data = _with_g5_listed_twice()
    early = network.uses_before_mapping(data, *network.window(data, **YEAR))
    assert early[["name", "uses_before_mapping"]].values.tolist() == [["G5 again", 2],
                                                                        ["Sul Livre", 1]]


@pytest.mark.parametrize("window", [(None, None), ("2016-01-01", "2018-12-31"),
                                    ("2017-03-01", "2017-05-31"), ("1990-01-01", "1990-12-31")])
def test_group_flags_find_the_active_groups_as_isin_does(
        sample_data: LabData, messy: LabData, window: tuple[str, str] | tuple[None, None]
) -> None:
    from labmetrics.network.activity import active_spaces
    from labmetrics.network.periods import DAY

    for data in (sample_data, messy, _with_g5_listed_twice()):
        lo, hi = network.window(data, *window)
        flags = network.group_flags(data, *window)
        active = data.groups["group_id"].isin(active_spaces(data, lo, hi).index)
        kept = active | (data.groups["mapped_on"] < hi + DAY)
        assert flags["active_groups"].tolist() == active[kept].astype("int64").tolist()
        assert flags["group_id"].tolist() == data.groups.loc[kept, "group_id"].tolist()
        assert flags["active_groups"].dtype == "int64"
    assert network.group_flags(sample_data, "2017-03-01", "2017-05-31")["active_groups"].any()


@pytest.mark.parametrize("freq", ["month", "quarter"])
def test_bridging_groups_join_space_names_as_grouping_does(
        sample_data: LabData, messy: LabData, freq: str) -> None:
    from labmetrics.network.bridges import SPACE_SEPARATOR, joined_names

    for data in (sample_data, messy, _with_g5_in_s1_in_q3()):
        bridges = network.bridging_groups(data, freq)
        linked = (bridges[["group_id"]].assign(space_name=bridges["spaces"])
                  .sort_values("group_id"))
        # Several names a group, names shared by groups, one with the separator in it.
        linked = pd.concat([linked, linked.assign(space_name="Zona, Leste")])
        linked = linked.sort_values(["group_id", "space_name"], kind="stable")
        expected = linked.groupby("group_id")["space_name"].agg(SPACE_SEPARATOR.join)
        pd.testing.assert_series_equal(joined_names(linked), expected.rename("spaces"),
                                       check_exact=True)
        assert joined_names(linked.iloc[:0]).empty
    assert len(network.bridging_groups(sample_data, "quarter")) > 10
