"""Tests of labmetrics.figures: charts, network drawing and map, their alt text, data,
catalogue keys, palette and reproducible SVG."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import pytest
import yaml
from matplotlib.colors import to_hex
from matplotlib.text import Text
from shapely.geometry import Point, box

from labmetrics import config, figures
from labmetrics.city import city_pack
from labmetrics.dataset import LabData
from labmetrics.errors import ConfigError
from labmetrics.figures.style import GRID, NONE_FILL
from labmetrics.i18n import catalogue, t
from labmetrics.schema import GROUP_KINDS, PROJECT_STATUS, SPACE_KINDS

FIGURES_DIR = Path(figures.__file__).resolve().parent
LANGS = ("pt-BR", "en")


def quarters(n: int) -> pd.Series:
    """Period starts, as network.growth writes them."""
    return pd.Series(pd.date_range("2016-01-01", periods=n, freq="QS"))


@pytest.fixture(scope="module")
def growth() -> pd.DataFrame:
    return pd.DataFrame({
        "period": quarters(3),
        "groups_mapped": [12, 100, 240],
        "network_partners": [0, 20, 58],
        "active_groups": [10, 30, 25],
        "baseline": [10, 0, 0],
        "newcomers": [0, 8, 2],
        "returning": [0, 22, 23],
        "lapsed": [0, 0, 5],
        "density": [0.5, 0.125, 0.25],
    })


@pytest.fixture(scope="module")
def labs() -> pd.DataFrame:
    return pd.DataFrame({"space_id": ["mobilab", "labprodam", "patio-digital"],
                         "name": ["MobiLab", "LabProdam", "Pátio Digital"],
                         "usage_hours": [800.0, 1234.5, 120.5]})


@pytest.fixture(scope="module")
def graph() -> nx.Graph:
    g = nx.Graph()
    g.add_node("space:LAB", type="space", label="LabProdam", kind="innovation_lab")
    g.add_node("space:MOB", type="space", label="MobiLab", kind="innovation_lab")
    for i, kind in enumerate(("startup", "collective", "youth_group", "other"), start=1):
        g.add_node(f"group:G{i}", type="group", label=f"Grupo {i}", kind=kind)
    g.add_node("project:P1", type="project", label="Projeto A")
    g.add_edges_from([("group:G1", "space:LAB"), ("group:G2", "space:LAB"),
                      ("group:G3", "space:LAB"), ("group:G3", "space:MOB"),
                      ("project:P1", "space:LAB"), ("project:P1", "group:G1")])
    return g


def square(lon: float, lat: float, side_km: float) -> object:
    """A square of about ``side_km`` km a side near São Paulo (EPSG:4326)."""
    half = side_km / 2 / 111.0
    return box(lon - half, lat - half, lon + half, lat + half)


@pytest.fixture(scope="module")
def two_districts() -> gpd.GeoDataFrame:
    """Two made-up districts with round areas: 4 km² and 50 km²."""
    return gpd.GeoDataFrame({
        "district_code": [1, 2], "district_name": ["Norte Um", "Sul Dois"],
        "subprefeitura": ["A", "B"], "region": ["Norte", "Sul"], "area_km2": [4.0, 50.0],
    }, geometry=[square(-46.64, -23.50, 2.0), square(-46.64, -23.60, 7.07)], crs="EPSG:4326")


@pytest.fixture(scope="module")
def city() -> gpd.GeoDataFrame:
    from labmetrics.geo import load_districts

    return load_districts()


# --- growth and activity -------------------------------------------------------------------

def test_growth_chart_alt_text_names_the_trend_in_each_language(growth: pd.DataFrame) -> None:
    pt = figures.growth_chart(growth, "pt-BR")
    en = figures.growth_chart(growth, "en")
    assert pt.alt == ("Gráfico de linhas, de 1º tri 2016 a 3º tri 2016. "
                      "Grupos mapeados: de 12 para 240. Parceiros da rede: de 0 para 58.")
    assert en.alt == ("Line chart, Q1 2016 to Q3 2016. "
                      "Groups mapped: from 12 to 240. Network partners: from 0 to 58.")
    assert pt.title == t("figures.growth.title", "pt-BR") != en.title
    assert pt.name == "growth"


def test_growth_chart_data_is_the_input_with_translated_headers(growth: pd.DataFrame) -> None:
    chart = figures.growth_chart(growth, "pt-BR")
    assert list(chart.data.columns) == ["Período", "Grupos mapeados", "Parceiros da rede"]
    assert chart.data["Período"].tolist() == ["1º tri 2016", "2º tri 2016", "3º tri 2016"]
    assert chart.data["Grupos mapeados"].tolist() == [12, 100, 240]
    assert chart.data["Parceiros da rede"].tolist() == [0, 20, 58]


def test_growth_alt_writes_decimals_for_the_language_and_the_peak(
        growth: pd.DataFrame) -> None:
    pt = figures.growth_chart(growth, "pt-BR", metrics=("density",))
    en = figures.growth_chart(growth, "en", metrics=("density",))
    assert "Densidade: de 0,50 para 0,25 (pico de 0,50 em 1º tri 2016)." in pt.alt
    assert "Density: from 0.50 to 0.25 (peak of 0.50 in Q1 2016)." in en.alt


def test_activity_chart_alt_and_data(growth: pd.DataFrame) -> None:
    chart = figures.activity_chart(growth, "pt-BR")
    assert chart.alt == (
        "Gráfico de barras, de 1º tri 2016 a 3º tri 2016: grupos ativos passaram de 10 para "
        "25, com máximo de 30 em 2º tri 2016. No último período, 2 novos, 23 retornaram e 5 "
        "deixaram de participar.")
    assert list(chart.data.columns) == ["Período", "Grupos ativos",
                                        "Já ativos no início dos dados", "Novos", "Retornaram",
                                        "Deixaram de participar"]
    assert chart.data["Deixaram de participar"].tolist() == [0, 0, 5]
    # The data's first quarter is drawn as the baseline, apart from the newcomers.
    legend = [text.get_text() for text in chart.fig.legends[0].get_texts()]
    assert legend[0] == "Já ativos no início dos dados" and "Novos" in legend
    # Lapsed groups are drawn below zero but the axis writes counts without a sign.
    ticks = [tick.get_text() for tick in chart.fig.axes[0].get_yticklabels()]
    assert not any(text.startswith(("-", "−")) for text in ticks)


def test_an_empty_period_gives_a_chart_that_says_so() -> None:
    empty = pd.DataFrame({c: pd.Series(dtype="int64") for c in
                          ("groups_mapped", "network_partners")}).assign(
        period=pd.Series(dtype="datetime64[ns]"))
    chart = figures.growth_chart(empty, "en")
    assert chart.alt == t("figures.no_data", "en")
    assert chart.data.empty


def test_a_missing_column_is_a_config_error_naming_it(growth: pd.DataFrame) -> None:
    with pytest.raises(ConfigError, match="network_partners"):
        figures.growth_chart(growth.drop(columns="network_partners"))


def test_period_labels_for_each_frequency() -> None:
    assert figures.period_labels(pd.period_range("2017-11", periods=2, freq="M"), "pt-BR") == [
        "nov 2017", "dez 2017"]
    assert figures.period_labels(["2017Q4"], "en") == ["Q4 2017"]
    assert figures.period_labels(pd.Series(pd.to_datetime(["2018-01-01"])), "en",
                                 freq="year") == ["2018"]


# --- bars ----------------------------------------------------------------------------------

def test_per_lab_chart_sorts_labels_and_colours_each_lab(labs: pd.DataFrame) -> None:
    order = ["mobilab", "patio-digital", "labprodam"]  # as a commitment lists its labs
    pt = figures.per_lab_chart(labs, "usage_hours", "pt-BR", labs=order)
    en = figures.per_lab_chart(labs, "usage_hours", "en")
    assert pt.alt == ("Gráfico de barras: Horas de uso por espaço. LabProdam: 1.234,5; "
                      "MobiLab: 800 e Pátio Digital: 120,5. Total: 2.155.")
    assert en.alt == ("Bar chart: Hours used per space. LabProdam: 1,234.5; MobiLab: 800 and "
                      "Pátio Digital: 120.5. Total: 2,155.")
    assert pt.data.to_dict("list") == {"Espaço": ["LabProdam", "MobiLab", "Pátio Digital"],
                                       "Horas de uso": [1234.5, 800.0, 120.5]}
    colours = [to_hex(bar.get_facecolor()).upper() for bar in pt.fig.axes[0].patches]
    first, second, third, _ = figures.LAB_COLOURS
    assert colours == [third, first, second]


def test_overlapping_bars_are_never_summed_in_the_alt_text(labs: pd.DataFrame) -> None:
    # Three partners, one of them partner of all three spaces: bars of 3, 1 and 1.
    partners = labs.assign(partners=[3, 1, 1])
    known = figures.per_lab_chart(partners, "partners", "en", decimals=0, total=3)
    assert known.alt.endswith("In all, 3, each counted once (one may count in several bars).")
    unknown = figures.per_lab_chart(partners, "partners", "pt-BR", decimals=0)
    assert unknown.alt.endswith("por isso as barras não se somam.")
    for chart in (known, unknown):
        assert "Total" not in chart.alt and "5" not in chart.alt
    assert set(figures.PER_LAB_METRICS) - set(figures.ADDITIVE_PER_LAB) == {
        "partners", "groups_hosted", "groups_shared", "projects"}
    with pytest.raises(ValueError, match="overlapping"):
        figures.bar_chart(partners, "space_id", "partners", "figures.per_lab.partners",
                          shares=True, overlap=True)


def test_joint_projects_by_status_draw_no_proposed_bar() -> None:
    counts = pd.DataFrame({"status": ["active", "delivered"], "projects": [11, 5]})
    chart = figures.projects_by_status_chart(counts, "en",
                                             statuses=("active", "delivered", "discontinued"))
    assert chart.data.to_dict("list") == {"Status": ["Active", "Delivered", "Discontinued"],
                                          "Projects": [11, 5, 0]}
    assert chart.alt.endswith("Total: 16.")


def test_kind_mix_chart_counts_rows_and_gives_shares() -> None:
    groups = pd.DataFrame({"kind": ["startup", "startup", "collective", "startup"]})
    chart = figures.kind_mix_chart(groups, "pt-BR")
    assert chart.data.iloc[:2].to_dict("list") == {
        "Tipo": ["Startup", "Coletivo"], "Grupos mapeados": [3, 1], "Parcela": [0.75, 0.25]}
    assert len(chart.data) == len(GROUP_KINDS)  # every kind shown, zero where none
    assert chart.alt.startswith("Gráfico de barras: Grupos mapeados por tipo. Startup: 3 (75%); "
                                "Coletivo: 1 (25%); Grupo de jovens: 0 (0%)")
    assert chart.alt.endswith("e mais 1. Total: 4.")
    colours = [to_hex(bar.get_facecolor()).upper() for bar in chart.fig.axes[0].patches]
    assert colours[:2] == [figures.PALETTE["kinds"]["startup"],
                           figures.PALETTE["kinds"]["collective"]]


def test_kind_mix_chart_reads_network_kind_mix_counts() -> None:
    counts = pd.DataFrame({"kind": ["youth_group", "startup"], "network_partners": [2, 6]})
    chart = figures.kind_mix_chart(counts, "en", count_col="network_partners")
    assert chart.title == "Network partners by kind"
    assert chart.data["Network partners"].tolist()[:2] == [6, 2]


def test_projects_by_status_keeps_the_status_order_with_zeros() -> None:
    projects = pd.DataFrame({"status": ["delivered", "active", "delivered"]})
    chart = figures.projects_by_status_chart(projects, "en")
    assert chart.data.to_dict("list") == {
        "Status": ["Proposed", "Active", "Delivered", "Discontinued"], "Projects": [0, 1, 2, 0]}
    assert len(PROJECT_STATUS) == 4


def test_indicator_progress_chart_finds_the_level_reached() -> None:
    indicators = pd.DataFrame({
        "indicator": ["Grupos mapeados", "Parceiros", "Projetos", "Dados abertos (%)"],
        "value": [311.0, 12.5, 1.0, 43.8],
        "limited": [1, 10, 2, np.nan], "substantial": [50, 40, np.nan, np.nan],
        "complete": [100, 80, 6, 50],
    })
    chart = figures.indicator_progress_chart(indicators, "pt-BR")
    # An indicator is read against its own conditions only: one with only a Complete
    # condition is not "below Limited", and a value past its top threshold has no "of".
    assert chart.data["Nível alcançado"].tolist() == ["Completa", "Limitada", "", ""]
    assert chart.data["Condição do próximo nível"].tolist() == [
        "", "Substancial ≥ 40", "Limitada ≥ 2", "Completa ≥ 50"]
    assert list(chart.data.columns) == ["Indicador", "Valor", "Limitada", "Substancial",
                                        "Completa", "Nível alcançado",
                                        "Condição do próximo nível"]
    labels = [t.get_text() for t in chart.fig.axes[0].texts]
    assert labels == ["311 · Completa", "12,5 · Limitada → Substancial ≥ 40",
                      "1 → Limitada ≥ 2", "43,8 → Completa ≥ 50"]
    assert chart.alt == (
        "Gráfico de barras, Indicadores do marco e limiares de conclusão. Grupos mapeados: "
        "311, cumpre sua condição de Completa; Parceiros: 12,5, cumpre sua condição de "
        "Limitada; Substancial exige ≥ 40; Projetos: 1, ainda não cumpre nenhuma de suas "
        "condições; Limitada exige ≥ 2; Dados abertos (%): 43,8, ainda não cumpre nenhuma de "
        "suas condições; Completa exige ≥ 50.")
    assert " de 100" not in chart.alt and "abaixo" not in chart.alt


def test_indicator_progress_chart_reads_the_conditions_as_checked() -> None:
    # "> 0" is not met by 0, whatever value >= threshold would say.
    indicators = pd.DataFrame({"indicator": ["Horas"], "value": [0.0], "limited": [0.0],
                               "limited_op": [">"], "limited_met": [False]})
    chart = figures.indicator_progress_chart(indicators, "en")
    assert chart.data["Level reached"].tolist() == [""]
    assert chart.data["Next level's condition"].tolist() == ["Limited > 0"]


def test_comparison_chart_marks_this_commitment() -> None:
    levels = pd.DataFrame({"level": ["not_started", "limited", "substantial", "complete"],
                           "commitments": [5, 40, 25, 15]})
    chart = figures.comparison_chart(levels, "limited", "pt-BR")
    assert chart.alt == (
        "Gráfico de barras: entre 85 compromissos comparáveis, Não iniciada: 5 (6%); "
        "Limitada: 40 (47%); Substancial: 25 (29%) e Completa: 15 (18%). Este compromisso: "
        "Limitada, como 47% dos comparáveis.")
    assert chart.data["Este compromisso"].tolist() == ["não", "sim", "não", "não"]
    assert chart.data["Parcela"].tolist() == [0.0588, 0.4706, 0.2941, 0.1765]
    hatched = [bool(bar.get_hatch()) for bar in chart.fig.axes[0].patches]
    assert hatched == [False, True, False, False]  # marked by pattern, not colour alone


# --- network -------------------------------------------------------------------------------

def test_network_drawing_alt_counts_nodes_links_and_hubs(graph: nx.Graph) -> None:
    pt = figures.network_drawing(graph, "pt-BR")
    en = figures.network_drawing(graph, "en")
    assert pt.alt == (
        "Desenho da rede: 4 grupos, 2 espaços e 1 projeto, com 6 ligações. Os nós com mais "
        "ligações: LabProdam (4), Projeto A (2) e Grupo 1 (2). 1 grupo ainda sem ligação.")
    assert en.alt.startswith("Network drawing: 4 groups, 2 spaces and 1 project, with 6 links.")
    assert pt.title != en.title


def test_network_drawing_data_lists_nodes_without_personal_columns(graph: nx.Graph) -> None:
    chart = figures.network_drawing(graph, "en")
    assert list(chart.data.columns) == ["Node type", "Name", "Kind", "Links"]
    assert chart.data.iloc[0].tolist() == ["Space", "LabProdam", "Innovation lab", 4]
    assert int(chart.data["Links"].sum()) == 2 * graph.number_of_edges()


def test_network_layout_is_reproducible_and_reused_by_snapshots(graph: nx.Graph) -> None:
    layout = figures.network_layout(graph, seed=7)
    assert layout == figures.network_layout(graph.copy(), seed=7)
    early = graph.subgraph(["space:LAB", "group:G1", "group:G2"]).copy()
    first = figures.network_drawing(early, positions=layout, as_of="2017-06-30")
    last = figures.network_drawing(graph, positions=layout)
    assert first.title == "Rede de grupos, espaços e projetos em 30/06/2017"
    # Same positions, same frame: the snapshots line up.
    assert first.fig.axes[0].get_xlim() == last.fig.axes[0].get_xlim()
    with pytest.raises(ConfigError, match="network_layout"):
        figures.network_drawing(graph, positions={"space:LAB": (0.0, 0.0)})


_MOSTLY_UNLINKED = """
import json
import networkx as nx
from labmetrics import figures
g = nx.Graph()
for s in ("space:A", "space:B", "space:C"):
    g.add_node(s, type="space", label=s)
g.add_edges_from([("group:g0", "space:A"), ("group:g1", "space:B"), ("group:g1", "space:C")])
g.add_nodes_from((f"group:z{i}" for i in range(20)), type="group", kind="startup")
print(json.dumps(sorted(figures.network_layout(g).items())))
"""


def test_network_layout_of_mostly_unlinked_nodes_is_the_same_in_every_process() -> None:
    # Fewer than half of the nodes linked: a layout read from a subgraph view would follow
    # the order of a set of node ids, which changes with the hash seed.
    runs = [subprocess.run([sys.executable, "-c", _MOSTLY_UNLINKED], capture_output=True,
                           text=True, timeout=120, env={**os.environ, "PYTHONHASHSEED": seed})
            for seed in ("1", "2")]
    assert all(run.returncode == 0 for run in runs), runs[0].stderr + runs[1].stderr
    assert runs[0].stdout == runs[1].stdout
    assert len(json.loads(runs[0].stdout)) == 25


def test_the_same_network_is_laid_out_once(graph: nx.Graph,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from labmetrics.figures import graph as drawing

    runs: list[int] = []
    spring, positions = nx.spring_layout, drawing.spring_positions

    def counted(*args: object, **kwargs: object) -> object:
        runs.append(1)
        return spring(*args, **kwargs)

    def counted_positions(*args: Any, **kwargs: Any) -> object:
        runs.append(1)
        return positions(*args, **kwargs)

    monkeypatch.setattr(nx, "spring_layout", counted)
    monkeypatch.setattr(drawing, "spring_positions", counted_positions)
    first = figures.network_layout(graph, seed=20231)
    assert len(runs) == 2  # the spaces, then everything around them
    same = nx.Graph(graph)  # another graph holding the same network, built in another order
    same.remove_edge("group:G3", "space:MOB")
    same.add_edge("space:MOB", "group:G3")
    assert figures.network_layout(same, seed=20231) == first and len(runs) == 2
    moved = graph.copy()
    moved.add_edge("group:G4", "space:MOB")
    retyped = graph.copy()
    retyped.nodes["group:G2"]["type"] = "project"
    for other in (moved, retyped):
        assert figures.network_layout(other, seed=20231) != first
    assert figures.network_layout(graph, seed=20232) != first
    assert len(runs) == 8


def test_network_links_are_one_path_rasterized_when_dense(graph: nx.Graph) -> None:
    from matplotlib.patches import PathPatch

    from labmetrics.figures import graph as drawing

    chart = figures.network_drawing(graph)
    ax = chart.fig.axes[0]
    links = [p for p in ax.patches if isinstance(p, PathPatch)]
    assert len(links) == 1 and len(links[0].get_path().vertices) == 2 * 6
    assert not links[0].get_rasterized()
    assert ax.get_xlim() == figures.network_drawing(graph).fig.axes[0].get_xlim()
    star = nx.star_graph(drawing.RASTER_MIN_EDGES)
    nx.set_node_attributes(star, "group", "type")
    dense = figures.network_drawing(star).fig.axes[0]
    assert [p.get_rasterized() for p in dense.patches if isinstance(p, PathPatch)] == [True]


def test_a_large_network_gathers_groups_around_spaces() -> None:
    g = nx.Graph()
    for s in ("A", "B"):
        g.add_node(s, type="space", label=s)
    for i in range(450):
        g.add_node(i, type="group", kind="startup")
        g.add_edge(i, "A" if i % 3 else "B")
    layout = figures.network_layout(g)
    pts = np.array([layout[i] for i in range(450)])
    a, b = np.array(layout["A"]), np.array(layout["B"])
    near_a = np.hypot(*(pts - a).T) < np.hypot(*(pts - b).T)
    assert near_a.tolist() == [bool(i % 3) for i in range(450)]


# --- map -----------------------------------------------------------------------------------

def test_district_map_per_area_divides_by_area(two_districts: gpd.GeoDataFrame) -> None:
    counts = pd.DataFrame({"district_code": [1, 2], "groups": [3, 1]})
    chart = figures.district_map(two_districts, counts, "groups", "pt-BR", per_area=True)
    assert chart.data["Por 100 km²"].tolist() == [75.0, 2.0]  # 3 / 4 km², 1 / 50 km²
    assert chart.data["Grupos"].tolist() == [3, 1]
    assert chart.title == "Grupos por 100 km² por distrito"
    assert "Valores mais altos: Norte Um (75) e Sul Dois (2)." in chart.alt
    assert "2 distritos com algum valor; 0 distritos sem nenhum" in chart.alt


def test_district_map_counts_absent_districts_as_none(two_districts: gpd.GeoDataFrame) -> None:
    counts = pd.DataFrame({"district_code": [2], "groups": [7]})
    spaces = gpd.GeoDataFrame({"name": ["LabProdam"], "district_name": ["Sul Dois"]},
                              geometry=[Point(-46.64, -23.60)], crs="EPSG:4326")
    chart = figures.district_map(two_districts, counts, "groups", "en", spaces=spaces)
    assert chart.data["Groups"].tolist() == [0, 7]
    assert chart.alt == (
        "Map of the 2 districts of São Paulo: Groups by district. 1 district with some; "
        "1 district with none (hatched grey). Highest values: Sul Dois (7). "
        "Spaces marked: LabProdam (Sul Dois).")
    legend = chart.fig.axes[0].get_legend()
    labels = [text.get_text() for text in legend.get_texts()]
    assert labels == ["7", "None", "Spaces"]
    none = legend.legend_handles[1]
    assert none.get_hatch() and to_hex(none.get_facecolor()).upper() == NONE_FILL


def test_district_map_of_the_city_carries_the_credit_and_stays_small(
        city: gpd.GeoDataFrame) -> None:
    counts = pd.DataFrame({"district_code": [1, 2, 3, 50], "groups": [4, 1, 9, 2]})
    spaces = gpd.GeoDataFrame({"name": ["MobiLab", "Pátio Digital"]},
                              geometry=[Point(-46.634, -23.544), Point(-46.632, -23.583)],
                              crs="EPSG:4326")
    chart = figures.district_map(city, counts, "groups", spaces=spaces)
    assert chart.caption == city_pack("sao-paulo").credit
    assert city_pack("sao-paulo").credit in [text.get_text() for text in chart.fig.texts]
    assert len(chart.data) == 96
    assert "4 distritos com algum valor; 92 distritos sem nenhum" in chart.alt
    svg = chart.to_svg()
    assert len(svg.encode("utf-8")) < 300_000
    assert svg == figures.district_map(city, counts, "groups", spaces=spaces).to_svg()
    assert list(chart.data.columns[1:3]) == ["Distrito", "Subprefeitura"]


def test_district_map_heads_its_table_with_the_packs_words() -> None:
    from labmetrics.geo import load_districts

    barrios = load_districts("montevideo")
    counts = pd.DataFrame({"district_code": [4], "groups": [3]})
    chart = figures.district_map(barrios, counts, "groups", "es", city="montevideo")
    # Montevideo's pack has no upper level and no regions: no such column, and its word.
    assert list(chart.data.columns) == ["Código del área", "Barrio", "Superficie (km²)",
                                        "Grupos"]


def test_network_lines_bundle_over_the_map(two_districts: gpd.GeoDataFrame) -> None:
    g = nx.Graph([("g1", "s"), ("g2", "s"), ("g3", "s"), ("g1", "nowhere")])
    points = gpd.GeoSeries([Point(-46.64, -23.50), Point(-46.641, -23.501),
                            Point(-46.64, -23.60), Point(-46.63, -23.60)],
                           index=["g1", "g2", "g3", "s"], crs="EPSG:4326")
    lines = figures.network_lines(g, points)
    assert len(lines) == 3  # the edge to a node with no place is left out
    chart = figures.district_map(two_districts, pd.DataFrame(
        {"district_code": [1], "groups": [2]}), "groups", "pt-BR", network=lines)
    assert ("3 ligações da rede, em 1 linha entre distritos. A linha mais forte liga Norte Um "
            "e Sul Dois (2 ligações).") in chart.alt


# --- catalogue -----------------------------------------------------------------------------

def _figure_keys() -> set[str]:
    """Every literal figures.* key the package passes to t()/t_count(), and header() names."""
    keys: set[str] = set()
    for path in FIGURES_DIR.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        for key in re.findall(r"""\bt\(\s*["'](figures\.[\w.]+)["']""", source):
            keys.add(key)
        for key in re.findall(r"""\bt_count\(\s*["'](figures\.[\w.]+)["']""", source):
            keys.update({f"{key}.one", f"{key}.other"})
        for name in re.findall(r"""\bheader\(\s*["'](\w+)["']""", source):
            keys.add(f"figures.columns.{name}")
    return keys


def _family_keys() -> set[str]:
    """Keys the package builds from codes: every code of each family must have a message."""
    families = {
        "metrics": (*figures.GROWTH_METRICS, *figures.ACTIVITY_COLUMNS),
        "kinds": GROUP_KINDS, "space_kinds": SPACE_KINDS, "status": PROJECT_STATUS,
        "levels": figures.COMPLETION_LEVELS, "per_lab": figures.PER_LAB_METRICS,
        "kind_mix": figures.KIND_MIX_COUNTS, "node_types": figures.NODE_TYPES,
        "months": [f"m{i}" for i in range(1, 13)],
        "map.measure": ("groups", "active_groups", "partners", "groups_per_100km2"),
        "columns": (*figures.PER_LAB_METRICS, *figures.KIND_MIX_COUNTS),
    }
    keys = {f"figures.{family}.{code}" for family, codes in families.items() for code in codes}
    for kind in ("group", "space", "project"):
        keys |= {f"figures.network.count_{kind}.one", f"figures.network.count_{kind}.other"}
    return keys


def test_every_key_the_figures_use_exists_in_both_catalogues() -> None:
    used = _figure_keys() | _family_keys()
    assert len(used) > 100
    for lang in LANGS:
        missing = sorted(used - catalogue(lang).keys())
        assert not missing, f"{lang} lacks {missing}"


def test_both_catalogues_hold_the_same_keys() -> None:
    def keys(lang: str) -> set[str]:
        path = config.LOCALES_DIR / lang / "figures.yaml"
        flat: set[str] = set()

        def walk(prefix: str, node: object) -> None:
            if isinstance(node, dict):
                for k, v in node.items():
                    walk(f"{prefix}.{k}", v)
            else:
                flat.add(prefix)

        walk("figures", yaml.safe_load(path.read_text(encoding="utf-8")))
        return flat

    assert keys("pt-BR") == keys("en")


# --- palette, style, reproducibility -------------------------------------------------------

def test_domain_colours_are_okabe_ito_and_distinct_within_each_family() -> None:
    okabe_ito = set(figures.OKABE_ITO.values())
    families = {family: list(figures.PALETTE[family].values()) for family in ("kinds", "marks")}
    for family, colours in {**families, "labs": list(figures.LAB_COLOURS)}.items():
        assert set(colours) <= okabe_ito, family
        assert len(set(colours)) == len(colours), family
    assert set(figures.PALETTE["kinds"]) == set(GROUP_KINDS)
    nodes = figures.PALETTE["nodes"]
    assert nodes["space"] in okabe_ito and nodes["project"] == "#FFFFFF"


def test_text_colours_pass_wcag_aa_and_lines_pass_3_to_1() -> None:
    # Hand-worked: #1A1A1A on white is 17.4:1, #555555 is 7.46:1.
    assert figures.contrast_ratio(figures.TEXT) == pytest.approx(17.4, abs=0.05)
    assert figures.contrast_ratio(figures.TEXT_MUTED) == pytest.approx(7.46, abs=0.01)
    assert figures.contrast_ratio("#000000") == pytest.approx(21.0)
    for colour in figures.PALETTE["series"].values():
        assert figures.contrast_ratio(colour) >= 3.0, colour


def test_every_text_drawn_passes_wcag_aa(growth: pd.DataFrame, labs: pd.DataFrame,
                                         graph: nx.Graph,
                                         two_districts: gpd.GeoDataFrame) -> None:
    charts = [figures.growth_chart(growth), figures.activity_chart(growth),
              figures.per_lab_chart(labs, "usage_hours"), figures.network_drawing(graph),
              figures.district_map(two_districts, pd.DataFrame(
                  {"district_code": [1], "groups": [1]}), "groups")]
    for chart in charts:
        texts = [a for a in chart.fig.findobj(Text) if a.get_visible() and a.get_text()]
        assert texts
        for text in texts:
            assert figures.contrast_ratio(to_hex(text.get_color())) >= 4.5, text.get_text()
    assert figures.contrast_ratio(GRID) < 4.5  # grid lines are marks, never text


def test_space_colours_follow_the_commitments_labs_and_are_stable() -> None:
    labs = ("hub-a", "hub-b")
    assert figures.space_colour("hub-b", "Hub B", labs=labs) == figures.LAB_COLOURS[1]
    assert figures.space_colour("HUB_A", labs=labs) == figures.LAB_COLOURS[0]
    other = figures.space_colour("hub-c", "Hub C", labs=labs)
    assert other not in figures.LAB_COLOURS[:3]
    assert other == figures.space_colour("hub-c") == figures.space_colour("Hub_C")
    assert figures.host_colour("Secretaría") == figures.host_colour("secretaria")


def test_same_input_gives_the_same_svg_bytes(growth: pd.DataFrame, graph: nx.Graph) -> None:
    first = figures.growth_chart(growth).to_svg()
    again = figures.growth_chart(growth).to_svg()
    assert first == again
    assert "<text" not in first  # fonts drawn as paths: the same on every machine
    assert figures.network_drawing(graph).to_svg() == figures.network_drawing(graph).to_svg()
    assert 'Date' not in first.split("</metadata>")[0]


def test_charts_are_not_left_in_pyplot(growth: pd.DataFrame, tmp_path: Path) -> None:
    chart = figures.growth_chart(growth, "en")
    assert chart.fig.canvas.manager is None
    saved = chart.save(tmp_path / "growth.png")
    assert saved.read_bytes().startswith(b"\x89PNG")


def test_explore_map_draws_districts_groups_and_spaces_without_tiles(sample_data) -> None:
    import folium

    fmap = sample_data.map()
    assert isinstance(fmap, folium.Map)
    html = fmap.get_root().render()
    # No tile server: the districts are the base layer.
    assert "tileLayer" not in html and "openstreetmap" not in html.lower()
    layers = [c for c in fmap._children.values() if isinstance(c, folium.GeoJson)]
    sizes = [len(layer.data["features"]) for layer in layers]
    placed = [int((t.geometry.notna() & ~t.geometry.is_empty).sum())
              for t in (sample_data.groups, sample_data.spaces)]
    assert sizes == [96, *placed]
    # Only the id, name, kind and place columns reach the map: never a contact.
    with pytest.warns(UserWarning, match="personal data"):
        contact = sample_data.contacts()["contact_email"].dropna().iloc[0]
    assert contact not in html
    assert "Distrito" in sample_data.map("pt-BR").get_root().render()
    # A group that asked not to be listed is drawn but not named.
    groups = sample_data.groups
    opted_out = groups["listing_opt_out"].fillna(False).astype(bool)
    hidden = set(groups.loc[opted_out & groups.geometry.notna(), "group_id"])
    drawn = {f["properties"]["group_id"]: f["properties"]["name"]
             for f in layers[1].data["features"]}
    assert hidden and hidden <= set(drawn)
    assert {drawn[g] for g in hidden} == {None}
    assert all(drawn[g] for g in set(drawn) - hidden)


def test_the_layout_order_is_the_node_table_order(sample_data: LabData) -> None:
    from labmetrics import network
    from labmetrics.figures import graph as drawing

    start, end = network.window(sample_data, "2016-01-01", "2018-12-31")
    union = nx.compose_all([s.graph for s in network.snapshots(sample_data, "month", start,
                                                                 end)])
    union.add_node("typeless")
    union.add_node("odd:1", type=None)
    union.add_node("odd:0", type="community")
    order = drawing._node_order(union)
    assert order == drawing._node_table(union)["node"].tolist()
    # Spaces, projects, groups (a node without a type is a group), then any other type.
    assert order[0].startswith("space:")
    assert order[-3:] == ["typeless", "odd:0", "odd:1"]


def _ordered_input(monkeypatch: pytest.MonkeyPatch, lay_out: Any) -> tuple[Any, ...]:
    """What a layout starts from: the ordered graph's nodes and links, and the types."""
    from labmetrics.figures import graph as drawing

    seen: list[tuple[Any, ...]] = []

    def capture(ordered: nx.Graph, types: Any, seed: int) -> dict[Any, Any]:
        seen.append((list(ordered.nodes), list(ordered.edges), dict(types), seed))
        return {}

    monkeypatch.setattr(drawing, "_laid_out", capture)
    lay_out()
    monkeypatch.undo()
    return seen[0]


@pytest.mark.parametrize("which", ["sample_data", "messy"])
def test_the_union_layout_starts_from_what_composing_the_graphs_gives(
        which: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    from labmetrics import network
    from labmetrics.figures import graph as drawing

    data = request.getfixturevalue(which)
    start, end = network.window(data)
    for freq in ("quarter", "month"):
        graphs = [s.graph for s in network.snapshots(data, freq, start, end)]
        # Nodes without a type, typed None or typed only in a later graph, and a link
        # given the other way round in a later graph.
        extra = nx.Graph()
        extra.add_node("typeless")
        extra.add_node("odd:1", type=None)
        u, v = next(iter(graphs[-1].edges()))
        extra.add_edge(v, u)
        extra.add_edge("typeless", u)
        later = nx.Graph()
        later.add_node("typeless", type="community")
        for chosen in (graphs, [*graphs, extra], [*graphs, extra, later], graphs[:1]):
            composed = nx.compose_all(chosen)
            ours = _ordered_input(monkeypatch, lambda c=chosen: figures.union_layout(c, 7))
            theirs = _ordered_input(monkeypatch,
                                    lambda g=composed: figures.network_layout(g, 7))
            assert ours == theirs
            monkeypatch.setattr(drawing, "_LAYOUTS", {})
            layout = figures.union_layout(chosen, 7)
            monkeypatch.setattr(drawing, "_LAYOUTS", {})
            assert list(layout.items()) == list(figures.network_layout(composed, 7).items())
    assert figures.union_layout([]) == {} == figures.network_layout(nx.Graph())


def test_the_progress_report_imports_no_network_library_and_every_chart_is_still_there() -> None:
    import subprocess
    import sys

    code = ("import sys, labmetrics.report.progress\n"
            "assert 'networkx' not in sys.modules, 'networkx imported'\n"
            "from labmetrics import figures\n"
            "missing = [n for n in figures.__all__ if getattr(figures, n, None) is None]\n"
            "assert not missing, missing\n"
            "assert 'networkx' in sys.modules\n"
            "from labmetrics.figures import district_map, network_drawing\n"
            "assert district_map.__module__ == 'labmetrics.figures.maps'\n"
            "assert network_drawing.__module__ == 'labmetrics.figures.graph'\n")
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr
    from labmetrics import figures

    with pytest.raises(AttributeError, match="no attribute 'no_such_chart'"):
        figures.no_such_chart  # noqa: B018
