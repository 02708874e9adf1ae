"""The network report's sections on a small network whose every figure is worked out by hand.

The network of 2017, by quarter (the network of tests/test_network.py):

spaces  S1 LabProdam (Sé), S2 MobiLab (Sé), S3 Pátio Digital (no coordinates).
groups  G1 youth_group Sé (Centro)             mapped 01-10, joined 02-01, partner of S1
        G2 startup     Pinheiros (Oeste)       mapped 01-20, joined 05-10, partner of S1, S2
        G3 collective  Itaim Paulista (Leste)  mapped 04-05
        G4 startup     Pinheiros (Oeste)       mapped 07-01, joined 08-01, partner of S3
        G5 youth_group Grajaú (Sul)            mapped 10-15
usage   Q1 S1 G1, S2 G1, S1 G2, S1 open event | Q2 S1 G2, S3 G3, S2 G2 | Q3 S3 G4 twice, S1 G1
        Q4 S3 G5, S2 G1
projects P1 S2 with G2 G4, 05-15 to 08-31 | P2 S1 S3 with G3, from 08-01

Per quarter: mapped 2 3 4 5, partners 1 2 3 3, active 2 3 4 3, bridging 1 1 2 1.
Over the year 5 groups were active, 4 of them with two spaces or more (G1 S1 S2, G2 S1 S2,
G3 S1 S3, G4 S2 S3): 80 %.
Who is missing: the partners are G1 G2 G4. Kinds mapped 40 % youth, 40 % startups, 20 %
collectives, partners 33 %, 67 %, 0 %: collectives (−20 points) and youth groups (−6.7) fall
short by five points or more. Regions mapped Centro 20 %, Oeste 40 %, Leste 20 %, Sul 20 %,
partners 33 %, 67 %, 0 %, 0 %: Leste and Sul fall short. Groups sit in 4 of the 96 districts.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import network_city
import pandas as pd
import pytest

from labmetrics import config, figures, network
from labmetrics.city import city_pack
from labmetrics.dataset import LabData
from labmetrics.errors import ConfigError
from labmetrics.report import display, network_growth
from labmetrics.report.blocks import (
    Data,
    Definitions,
    Heading,
    Items,
    KeyFigures,
    Note,
    Paragraph,
    charts,
    render,
    section_text,
    tables,
)

YEAR = {"period_start": "2017-01-01", "period_end": "2017-12-31"}


def make_frames() -> dict[str, pd.DataFrame]:
    """The network of tests/network_city.py, with places, contacts and a hostile title."""
    frames = network_city.make_frames()
    frames["spaces"] = frames["spaces"].assign(latitude=[-23.5503, -23.5489, None],
                                               longitude=[-46.6339, -46.6388, None])
    frames["groups"] = frames["groups"].assign(
        contact_email=[f"g{i}@example.org" for i in range(1, 6)])
    frames["projects"] = frames["projects"].assign(
        title=["Painel de transparência", "Mapa <script>aberto</script>"])
    return frames


@pytest.fixture(scope="module")
def data() -> LabData:
    return LabData.from_frames(**make_frames())


@pytest.fixture(scope="module")
def report(data: LabData) -> network_growth.NetworkReport:
    return network_growth.prepare(data=data, **YEAR)


# --- inputs ---------------------------------------------------------------------------

@pytest.mark.parametrize(("spaces", "expected"), [
    (None, None), ("", None), ([], None), ("S2, S1,", ("S1", "S2")),
    (["S3", " S1 ", "S3"], ("S1", "S3")),
])
def test_parse_spaces(spaces, expected) -> None:
    assert network_growth.parse_spaces(spaces) == expected


def test_pick_snapshots_spreads_them_with_first_and_last() -> None:
    twelve = [network.Snapshot(pd.Timestamp(2016, 1, 1) + pd.DateOffset(months=3 * i),
                               pd.Timestamp(2016, 3, 31), None) for i in range(12)]
    picked = network_growth.pick_snapshots(twelve)
    assert [s.start.strftime("%Y-%m") for s in picked] == ["2016-01", "2017-01", "2017-10",
                                                           "2018-10"]
    assert network_growth.pick_snapshots(twelve[:2]) == tuple(twelve[:2])
    assert network_growth.pick_snapshots([]) == ()
    assert network_growth.pick_snapshots(range(12)) == (0, 4, 7, 11)


def test_prepare_builds_only_the_snapshots_it_draws(data: LabData,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[tuple[str, str]] = []
    build = network.graph._build
    monkeypatch.setattr(network.graph, "_build", lambda data, lo, hi, *rest: built.append(
        (f"{lo:%Y-%m-%d}", f"{hi:%Y-%m-%d}")) or build(data, lo, hi, *rest))
    # 2016-2018 by quarter: 12 periods, of which the 1st, 5th, 8th and 12th are drawn.
    report = network_growth.prepare(data=data, period_start="2016-01-01",
                                    period_end="2018-12-31")
    assert [s.start.strftime("%Y-%m") for s in report.snapshots] == [
        "2016-01", "2017-01", "2017-10", "2018-10"]
    # The four quarters drawn, then the whole period for the spaces' measures.
    assert built == [("2016-01-01", "2016-03-31"), ("2017-01-01", "2017-03-31"),
                     ("2017-10-01", "2017-12-31"), ("2018-10-01", "2018-12-31"),
                     ("2016-01-01", "2018-12-31")]
    every = network.snapshots(data, "quarter", "2016-01-01", "2018-12-31")
    for drawn, same in zip(report.snapshots, network_growth.pick_snapshots(every), strict=True):
        assert (drawn.start, drawn.end) == (same.start, same.end)
        assert dict(drawn.graph.nodes(data=True)) == dict(same.graph.nodes(data=True))
        assert sorted(map(sorted, drawn.graph.edges())) == sorted(map(sorted, same.graph.edges()))


def test_prepare_measures_the_period(report) -> None:
    assert list(report.growth["groups_mapped"]) == [2, 3, 4, 5]
    assert [s.start.month for s in report.snapshots] == [1, 4, 7, 10]
    assert (report.integration.active_groups, report.integration.linked_to_several_spaces) == (
        5, 4)
    assert report.spaces is None


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"freq": "week"}, "frequency 'week'"),
    ({"spaces": "S1,S9"}, "no space with the id S9"),
])
def test_prepare_refuses_wrong_settings(data, kwargs, message) -> None:
    with pytest.raises(ConfigError, match=message):
        network_growth.prepare(data=data, **YEAR, **kwargs)


# --- sections -------------------------------------------------------------------------

def test_intro_names_the_periods_and_spaces(data, report) -> None:
    terms = dict(next(b for b in network_growth.build_intro(report, "pt-BR")
                      if isinstance(b, Definitions)).items)
    assert terms == {"Período": "01/01/2017 – 31/12/2017", "Dividido em": "4 trimestres",
                     "Espaços": "Todos os espaços dos dados"}
    some = network_growth.prepare(data=data, **YEAR, spaces="S2,S1")
    terms = dict(next(b for b in network_growth.build_intro(some, "en")
                      if isinstance(b, Definitions)).items)
    assert terms["Spaces"] == "LabProdam and MobiLab"


def test_headlines_compare_the_first_and_last_period(report) -> None:
    section = network_growth.build_headlines(report, "en")
    cards = {k.label: (k.value, k.detail) for b in section if isinstance(b, KeyFigures)
             for k in b.items}
    assert cards == {
        "Groups mapped": ("5", "+3 since Q1 2017"),
        "Network partners": ("3", "+2 since Q1 2017"),
        "Active groups": ("3", "+1 since Q1 2017"),
        "Bridging groups": ("1", "±0 since Q1 2017"),
        "Groups using several spaces": ("80%", "over the whole period"),
    }
    table = tables(section)[0]
    rows = dict(table.frame.values.tolist())
    assert rows["Lapsed"] == "0 → 2 (+2)"
    assert rows["Newcomers"] == "0 → 1 (+1)"  # Q1 is the data's first: its groups the baseline
    # Density falls as groups join (3 of 2×2 links, then 8 of 5×3): the page shows the
    # mean links per group and per space instead, and components only when there are two.
    assert rows["Spaces per group (mean)"] == "1.5 → 1.6 (+0.1)"
    assert rows["Groups per space (mean)"] == "1.5 → 2.7 (+1.2)"
    assert "Density" not in rows and "Components" not in rows
    assert "Largest component" not in rows
    assert table.caption == "Each measure from Q1 2017 to Q4 2017"
    assert table.data.set_index("metric").loc["groups_mapped"].tolist() == [2.0, 5.0, 3.0]


def test_growth_and_snapshots_are_charts(report) -> None:
    growth = network_growth.build_growth(report, "en")
    assert [c.name for c in charts(growth)] == ["growth", "activity"]
    assert [b.name for b in growth if isinstance(b, Data)] == ["growth-per-period"]
    assert ("The data starts in Q1 2017: the groups active then are the baseline, already "
            "active when the data starts, not newcomers.") in section_text(growth)
    assert "before the group's own mapping date" not in section_text(growth)
    snaps = network_growth.build_snapshots(report, "pt-BR")
    drawn = charts(snaps)
    assert [c.title for c in drawn] == ["A rede em 1º tri 2017", "A rede em 2º tri 2017",
                                        "A rede em 3º tri 2017", "A rede em 4º tri 2017"]
    assert [c.name for c in drawn] == ["network-1", "network-2", "network-3", "network-4"]
    layout = network_growth.snapshot_layout(report)
    # One layout for every drawing: the union of the snapshots' nodes.
    assert set(layout) == set().union(*(s.graph.nodes for s in report.snapshots))


def test_hubs_and_bridges(report) -> None:
    section = network_growth.build_hubs(report, "en")
    text = section_text(section)
    top = report.space_metrics.sort_values("betweenness").iloc[-1]
    assert f"{top['name']} is the main hub of the period" in text
    assert ("Of the 5 groups active in the period, 4 (80%) are bridging groups: active with "
            "two or more spaces in the same quarter at least once.") in text
    assert [c.name for c in charts(section)] == ["groups_hosted_per_lab",
                                                 "groups_shared_per_lab", "bridging-groups"]
    bridging = charts(section)[-1]
    assert bridging.data.iloc[:, 1].tolist() == [1, 1, 2, 1]
    # G3 bridges in two quarters: the bars add up to 5, the distinct bridging groups are 4,
    # as many as the integration sentence and the list give.
    assert bridging.alt.endswith("In all, 4, each counted once (one may count in several "
                                 "bars).")
    assert charts(section)[1].alt.endswith("In all, 4, each counted once (one may count in "
                                           "several bars).")
    assert "Total" not in charts(section)[0].alt


def _bridges(section) -> tuple[tuple[str, str], ...]:
    return next(b for b in section if isinstance(b, Definitions)).items


def test_hubs_name_the_groups_bridging_spaces(report) -> None:
    # Q1 G1 (S1 S2), Q2 G2 (S1 S2), Q3 G3 (S1 S3) and G4 (S2 S3), Q4 G3 again.
    section = network_growth.build_hubs(report, "en")
    assert _bridges(section) == (
        ("Coletivo Leste", "Collective, Leste. Links LabProdam, Pátio Digital in 2 quarters."),
        ("Civic Start", "Startup, Oeste. Links MobiLab, Pátio Digital in 1 quarter."),
        ("Dados Já", "Startup, Oeste. Links LabProdam, MobiLab in 1 quarter."),
        ("Jovens Hackers", "Youth group, Centro. Links LabProdam, MobiLab in 1 quarter."),
    )
    # A list, not a table: the section's tables stay none, so nothing is wider than a phone.
    assert tables(section) == []
    (saved,) = [b for b in section if isinstance(b, Data) and b.name == "groups-bridging-spaces"]
    assert saved.frame["group_id"].tolist() == ["G3", "G4", "G2", "G1"]
    assert "contact_email" not in saved.frame.columns
    text = section_text(section)
    assert ("Groups that were active with two or more spaces in the same quarter at least "
            "once: 4.") in text
    # Four groups: every one shown, so no sentence about the others.
    assert "The list shows the first" not in text
    pt = _bridges(network_growth.build_hubs(report, "pt-BR"))
    assert pt[0] == ("Coletivo Leste", "Coletivo, Leste. Liga LabProdam, Pátio Digital em 2 "
                                       "trimestres.")
    assert pt[3][1] == "Grupo de jovens, Centro. Liga LabProdam, MobiLab em 1 trimestre."


def test_hubs_show_twenty_bridging_groups_and_say_how_many_more(report) -> None:
    # 23 groups bridging in 23 down to 1 periods: 20 on the page, all 23 in the CSV.
    many = pd.DataFrame({
        "group_id": [f"G{i:02d}" for i in range(23)],
        "name": [f"Grupo {i:02d}" for i in range(23)],
        "kind": "collective", "region": "Sul", "spaces": "LabProdam, MobiLab",
        "periods_bridging": list(range(23, 0, -1)),
    })
    section = network_growth.build_hubs(replace(report, bridging=many), "pt-BR")
    shown = _bridges(section)
    assert len(shown) == network_growth.BRIDGES_SHOWN == 20
    assert shown[-1] == ("Grupo 19", "Coletivo, Sul. Liga LabProdam, MobiLab em 4 trimestres.")
    assert len(next(b for b in section if isinstance(b, Data)
                    and b.name == "groups-bridging-spaces").frame) == 23
    assert ("A lista mostra os 20 primeiros dos 23 nessa ordem; todos estão no arquivo CSV "
            "groups-bridging-spaces, listado no pé da página.") in section_text(section)


def test_hubs_say_when_no_group_bridges(data) -> None:
    # January to March by month: G1 uses S1 then S2, G2 S1: never two spaces in one month.
    quiet = network_growth.prepare(data=data, period_start="2017-01-01",
                                   period_end="2017-03-31", freq="month")
    section = network_growth.build_hubs(quiet, "en")
    assert not any(isinstance(b, Definitions) for b in section)
    assert [b.name for b in section if isinstance(b, Data)] == ["space-metrics"]
    assert Paragraph("No group was active with two or more spaces in the same month.") \
        in section


def test_bridging_group_names_are_escaped_on_the_page(tmp_path: Path) -> None:
    frames = make_frames()
    groups = frames["groups"]
    groups.loc[groups["group_id"] == "G3", ["name", "district"]] = [
        "<img src=x onerror=alert(1)>", None]
    report = network_growth.prepare(data=LabData.from_frames(**frames), **YEAR)
    page = display.Page("en", tmp_path / "data")
    html = "\n".join(render(network_growth.bridging_blocks(report, "en"), page))
    # No district, so no region: the kind alone before the spaces.
    assert ("<dt>&lt;img src=x onerror=alert(1)&gt;</dt><dd>Collective. Links LabProdam, "
            "Pátio Digital in 2 quarters.</dd>") in html
    assert "<img src=x" not in html
    saved = (tmp_path / "data" / "groups-bridging-spaces.csv").read_text(encoding="utf-8")
    assert "<img src=x onerror=alert(1)>" in saved and "example.org" not in saved


def test_who_is_missing(report) -> None:
    section = network_growth.build_missing(report, "en")
    under = next(b for b in section if isinstance(b, Items)).items
    assert under == (
        "Collective: 20% of the mapping, 0% of the partners, 20% of the active groups",
        "Youth group: 40% of the mapping, 33% of the partners, 40% of the active groups",
        "Leste: 20% of the mapping, 0% of the partners, 20% of the active groups",
        "Sul: 20% of the mapping, 0% of the partners, 20% of the active groups",
    )
    kinds, regions = [b.items for b in section if isinstance(b, Items)][1:]
    assert len(kinds) == 3
    assert "Oeste: 40% of the mapping, 67% of the partners, 40% of the active groups" in regions
    assert tables(section) == []
    assert "92 of the 96 districts have no group mapped" in section_text(section)
    assert not any(isinstance(b, Note) for b in section)


def test_missing_counts_every_space_even_when_the_report_keeps_some(data) -> None:
    some = network_growth.prepare(data=data, **YEAR, spaces=["S1"])
    section = network_growth.build_missing(some, "en")
    assert any(isinstance(b, Note) and "every space" in b.text for b in section)


def test_map_marks_the_spaces_with_a_place(report) -> None:
    section = network_growth.build_map(report, "en")
    (chart,) = charts(section)
    assert chart.caption == city_pack("sao-paulo").credit
    assert list(network_growth.map_spaces(report)["space_id"]) == ["S1", "S2"]
    regions = tables(section)[0]
    assert list(regions.frame.columns) == ["Region", "Mapped", "Per 100 km²"]
    assert regions.frame.set_index("Region").loc["Oeste", "Mapped"] == 2
    assert regions.data.set_index("region").loc["Oeste", ["partners", "active_groups"]
                                                 ].tolist() == [2, 2]


def test_method_defines_every_metric_in_both_languages(report) -> None:
    for lang in config.LANGUAGES:
        section = network_growth.build_method(report, lang)
        terms = next(b for b in section if isinstance(b, Definitions)).items
        assert len(terms) == len(network.DEFINITIONS)
        assert all(name and text for name, text in terms)
    text = section_text(network_growth.build_method(report, "en"))
    assert "The network of a period: The network of a period links a group" in text
    assert city_pack("sao-paulo").credit in text


@pytest.mark.parametrize("lang", ["pt-BR", "en"])
def test_whole_report_is_escaped_and_keeps_contacts_out(report, lang, tmp_path: Path) -> None:
    page = display.Page(lang, tmp_path / "data")
    html = "\n".join(str(h) for s in network_growth.sections(report, lang)
                     for h in render(s, page))
    csv = "\n".join(p.read_text(encoding="utf-8") for p in (tmp_path / "data").glob("*.csv"))
    assert "<script>" not in html
    assert "example.org" not in html and "example.org" not in csv
    headings = [b.text for s in network_growth.sections(report, lang) for b in s
                if isinstance(b, Heading) and b.level == 2]
    assert len(headings) == 7
    assert html.count("<figure") == 11


def test_data_without_geography_has_no_map_and_lists_no_empty_district() -> None:
    frames = make_frames()
    for name in ("groups", "spaces"):
        frames[name] = frames[name].drop(columns=[c for c in ("district", "latitude",
                                                              "longitude")
                                                  if c in frames[name].columns])
    placeless = LabData.from_frames(**frames)
    assert not placeless.has_geography
    report = network_growth.prepare(data=placeless, **YEAR)
    section = network_growth.build_map(report, "en")
    assert charts(section) == []
    assert "no map" in section_text(section)
    assert "have no group mapped" not in section_text(network_growth.build_missing(report, "en"))


def test_the_snapshots_union_is_laid_out_as_networkx_compose_all_on_the_sample(
        sample_data: LabData, monkeypatch: pytest.MonkeyPatch) -> None:
    import networkx as nx

    from labmetrics.figures import graph as drawing

    for freq in ("quarter", "month"):
        sample = network_growth.prepare(data=sample_data, period_start="2016-01-01",
                                        period_end="2018-12-31", freq=freq)
        composed = nx.compose_all([s.graph for s in sample.snapshots])
        monkeypatch.setattr(drawing, "_LAYOUTS", {})
        layout = network_growth.snapshot_layout(sample)
        monkeypatch.setattr(drawing, "_LAYOUTS", {})
        assert layout == figures.network_layout(composed)
        assert list(layout) == list(figures.network_layout(composed))


def test_the_network_is_measured_with_the_collector_paused(
        sample_data: LabData, monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    seen: list[bool] = []
    growth = network.growth

    def measured(*args: object, **kwargs: object) -> pd.DataFrame:
        seen.append(gc.isenabled())
        return growth(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(network, "growth", measured)
    assert gc.isenabled()
    network_growth.prepare(data=sample_data)
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        network_growth.prepare(data=sample_data)
        assert seen == [False, False] and not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(ConfigError):
        network_growth.prepare(data=sample_data, freq="fortnight")
    assert gc.isenabled()
