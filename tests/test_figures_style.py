"""LabFigure saves what matplotlib's own save makes of the same figure, with one draw."""

from __future__ import annotations

import io
from collections.abc import Callable

import geopandas as gpd
import matplotlib as mpl
import networkx as nx
import pandas as pd
import pytest
from matplotlib.figure import Figure
from shapely.geometry import Point, box

from labmetrics import figures
from labmetrics.figures.style import STYLE_RC, SVG_RASTER_DPI, Chart, LabFigure


def square(lon: float, lat: float, side_km: float) -> object:
    half = side_km / 2 / 111.0
    return box(lon - half, lat - half, lon + half, lat + half)


def districts() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({
        "district_code": [1, 2], "district_name": ["Norte Um", "Sul Dois"],
        "subprefeitura": ["A", "B"], "region": ["Norte", "Sul"], "area_km2": [4.0, 50.0],
    }, geometry=[square(-46.64, -23.50, 2.0), square(-46.64, -23.60, 7.07)], crs="EPSG:4326")


def labelled_map() -> Chart:
    """A map with an equal aspect, a legend, a credit line and labelled spaces."""
    spaces = gpd.GeoDataFrame({"name": ["LabProdam", "MobiLab"]},
                              geometry=[Point(-46.64, -23.60), Point(-46.641, -23.50)],
                              crs="EPSG:4326")
    counts = pd.DataFrame({"district_code": [2], "groups": [7]})
    return figures.district_map(districts(), counts, "groups", "en", spaces=spaces)


def network() -> Chart:
    g = nx.Graph()
    g.add_node("space:LAB", type="space", label="LabProdam", kind="innovation_lab")
    g.add_node("space:MOB", type="space", label="MobiLab", kind="innovation_lab")
    for i, kind in enumerate(("startup", "collective", "youth_group"), start=1):
        g.add_node(f"group:G{i}", type="group", label=f"Grupo {i}", kind=kind)
    g.add_edges_from([("group:G1", "space:LAB"), ("group:G2", "space:LAB"),
                      ("group:G3", "space:MOB"), ("group:G3", "space:LAB")])
    return figures.network_drawing(g, "pt-BR")


def bars() -> Chart:
    labs = pd.DataFrame({"space_id": ["mobilab", "labprodam"], "name": ["MobiLab", "LabProdam"],
                         "usage_hours": [800.0, 1234.5]})
    return figures.per_lab_chart(labs, "usage_hours", "pt-BR")


BUILDERS: dict[str, Callable[[], Chart]] = {"map": labelled_map, "network": network,
                                            "bars": bars}


def stock_save(fig: Figure, fmt: str) -> bytes:
    """What matplotlib's own Figure.savefig writes, with LabFigure's settings."""
    buffer = io.BytesIO()
    metadata = {"svg": {"Date": None, "Creator": "labmetrics"},
                "png": {"Software": "labmetrics"}}[fmt]
    dpi = SVG_RASTER_DPI if fmt == "svg" else STYLE_RC["savefig.dpi"]
    with mpl.rc_context(STYLE_RC):
        Figure.savefig(fig, buffer, format=fmt, metadata=metadata, dpi=dpi)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", ["svg", "png"])
@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_a_save_writes_the_bytes_of_matplotlibs_own_save(kind: str, fmt: str) -> None:
    build = BUILDERS[kind]
    ours = io.BytesIO()
    build().fig.savefig(ours, format=fmt)
    assert ours.getvalue() == stock_save(build().fig, fmt)


def test_a_save_draws_each_artist_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from matplotlib.axes import Axes

    chart = bars()
    draws: list[Axes] = []
    axes_draw = Axes.draw

    def counted(ax: Axes, renderer: object) -> None:
        draws.append(ax)
        axes_draw(ax, renderer)

    monkeypatch.setattr(Axes, "draw", counted)
    chart.to_svg()
    assert draws == chart.fig.axes
    # The layout pass is over: a later draw draws.
    chart.fig.draw_without_rendering()
    assert draws == chart.fig.axes * 2


@pytest.mark.parametrize("kind", ["map", "bars"])
def test_lay_out_places_the_axes_where_a_draw_does(kind: str) -> None:
    build = {"map": lambda: figures.district_map(districts(), pd.DataFrame(
        {"district_code": [1], "groups": [3]}), "groups"), "bars": bars}[kind]
    laid, drawn = build().fig, build().fig
    assert isinstance(laid, LabFigure)
    laid.lay_out()
    drawn.draw_without_rendering()
    assert len(laid.axes) == len(drawn.axes) > 0
    for ax, reference in zip(laid.axes, drawn.axes, strict=True):
        # What label placement reads; get_position() would apply the aspect itself.
        assert (ax.transData.get_matrix() == reference.transData.get_matrix()).all()
        assert ax.get_window_extent().bounds == reference.get_window_extent().bounds
