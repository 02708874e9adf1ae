"""The city map: a choropleth of the 96 districts, with the spaces and the network on top."""

from __future__ import annotations

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import shapely
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.colors import to_hex
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from labmetrics import config
from labmetrics.city import CityPack, city_pack
from labmetrics.errors import ConfigError
from labmetrics.figures.label_placement import place_labels
from labmetrics.figures.style import (
    EDGE,
    NONE_FILL,
    NONE_HATCH,
    PALETTE,
    SEQUENTIAL_MAP,
    TEXT,
    TEXT_MUTED,
    WHITE,
    Chart,
    add_caption,
    fmt,
    header,
    join_words,
    new_figure,
    require_columns,
    set_title,
    styled,
    t_count,
)
from labmetrics.i18n import check_lang, t

# Boundaries are drawn simplified at about this tolerance (metres): invisible at phone size,
# and it keeps a map's SVG well under 300 KB.
SIMPLIFY_M = 120.0
MAX_CLASSES = 5
# At most this many district-to-district lines are drawn (the strongest): beyond it a map
# turns grey and its SVG heavy.
MAX_BUNDLES = 400
TOP_DISTRICTS = 3
SPACE_FONT = 12


def network_lines(graph: nx.Graph, points: gpd.GeoSeries) -> gpd.GeoSeries:
    """Lines between the places of linked nodes, for drawing the network over the city.

    Parameters
    ----------
    graph
        network.py's graph.
    points
        Point of each node, indexed by node id (groups' and spaces' geometry); edges with an
        end that has no point are left out.

    Returns
    -------
    geopandas.GeoSeries
        One LineString per drawable edge, in the CRS of ``points``.
    """
    located = points[points.notna() & ~points.is_empty]
    xy = pd.DataFrame({"x": located.x, "y": located.y}, index=located.index)
    edges = pd.DataFrame(list(graph.edges()), columns=["a", "b"], dtype=object)
    edges = edges.join(xy, on="a").join(xy.add_suffix("_b"), on="b").dropna()
    coords = edges[["x", "y", "x_b", "y_b"]].to_numpy(dtype=float).reshape(-1, 2, 2)
    lines = shapely.linestrings(coords) if len(coords) else np.array([], dtype=object)
    return gpd.GeoSeries(lines, crs=points.crs)


def _classes(values: np.ndarray, integer: bool) -> np.ndarray:
    """Upper edges of up to MAX_CLASSES classes of the positive values (quantiles)."""
    positive = values[values > 0]
    distinct = np.unique(positive)
    if len(distinct) <= MAX_CLASSES:
        return distinct
    edges = np.quantile(positive, np.linspace(0, 1, MAX_CLASSES + 1)[1:])
    edges = np.ceil(edges) if integer else np.ceil(edges * 10) / 10
    edges[-1] = positive.max()
    return np.unique(edges)


def _measure(value_col: str, per_area: bool, lang: str) -> str:
    measure = t(f"figures.map.measure.{value_col}", lang)
    return t("figures.map.per_area", lang, measure=measure) if per_area else measure


def district_map(districts: gpd.GeoDataFrame, counts: pd.DataFrame, value_col: str = "groups",
                 lang: str = config.DEFAULT_LANG, per_area: bool = False,
                 spaces: gpd.GeoDataFrame | None = None,
                 network: gpd.GeoSeries | gpd.GeoDataFrame | None = None, *,
                 name: str | None = None, city: CityPack | str | None = None) -> Chart:
    """Choropleth of a count per district, absolute or per 100 km².

    Districts with none are light grey and hatched, with their own legend entry. The city
    pack's credit line is drawn on the map and returned as the caption; the map is drawn in
    the pack's metric CRS so that the city keeps its shape.

    Parameters
    ----------
    districts
        ``geo.load_districts()``: district_code, district_name, subprefeitura, region,
        area_km2, geometry.
    counts
        network.py's geography table: ``district_code`` and ``value_col`` (districts absent
        from it have none).
    value_col
        ``groups``, ``active_groups``, ``partners`` or ``groups_per_100km2``.
    per_area
        Divide by each district's area and show the value per 100 km².
    spaces
        Spaces to mark (Point geometry and ``name``), labelled on the map.
    network
        Lines to draw under the spaces, e.g. from :func:`network_lines`.
    city
        The city pack the districts are of (default ``config.DEFAULT_CITY``).

    Returns
    -------
    Chart
        ``data``: one row per district with its code, name, subprefeitura, region, area and
        value (and value per 100 km² when ``per_area``), headers translated.
    """
    check_lang(lang)
    pack = city_pack(city)
    draw_crs = pack.metric_crs
    require_columns(districts, ["district_code", "district_name", "area_km2", "geometry"],
                    "district map (districts)")
    require_columns(counts, ["district_code", value_col], "district map (counts)")
    if per_area and value_col.endswith("_per_100km2"):
        raise ConfigError(f"'{value_col}' is already per 100 km²; per_area would divide twice.",
                          fix="pass the count column (e.g. 'groups') with per_area=True.")
    measure = _measure(value_col, per_area, lang)
    title = t("figures.map.title", lang, measure=measure)
    slug = name or f"map_{value_col}{'_per_100km2' if per_area else ''}"
    by_code = counts.groupby("district_code")[value_col].sum()
    shapes = districts.sort_values("district_code", ignore_index=True)
    count = shapes["district_code"].map(by_code).fillna(0)
    if pd.api.types.is_integer_dtype(by_code.dtype):
        count = count.astype("int64")
    count = count.to_numpy()
    area = shapes["area_km2"].to_numpy(dtype=float)
    value = count / area * 100 if per_area else count.astype(float)
    integer = not per_area and bool(np.all(np.mod(value, 1) == 0))
    decimals = 0 if integer else 1

    # The place columns a city has (no upper level, no regions: no column), headed with the
    # pack's own words for its areas and their upper level.
    info = [c for c in ("district_code", "district_name", "subprefeitura", "region",
                        "area_km2") if c in shapes.columns and shapes[c].notna().any()]
    words = {"district_name": pack.area_label(lang, one=True)}
    if pack.upper is not None:
        words["subprefeitura"] = (pack.upper.label_one or pack.upper.label).get(lang) or \
            next(iter((pack.upper.label_one or pack.upper.label).values()))
    data = pd.DataFrame({(words[c][:1].upper() + words[c][1:]) if c in words
                         else header(c, lang): shapes[c].to_numpy() for c in info})
    data[header(value_col, lang)] = count
    if per_area:
        data[header("per_100km2", lang)] = np.round(value, 2)

    edges = _classes(value, integer)
    cls = np.where(value > 0, np.searchsorted(edges, value, side="left"), -1)
    colours = [to_hex(c) for c in colormaps[SEQUENTIAL_MAP](
        np.linspace(0.9, 0.1, len(edges)) if len(edges) > 1 else [0.5])]
    drawn = shapes.to_crs(draw_crs)
    # Coverage simplification keeps shared edges shared: no slivers between districts.
    drawn["geometry"] = shapely.coverage_simplify(drawn.geometry.values, SIMPLIFY_M)

    with styled():
        fig = new_figure(8.4)
        set_title(fig, title)
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.set_aspect("equal")
        none = cls < 0
        if none.any():
            drawn[none].plot(ax=ax, facecolor=NONE_FILL, edgecolor=WHITE, linewidth=0.5,
                             hatch="////", hatchcolor=NONE_HATCH)
        handles = []
        for i, colour in enumerate(colours):
            part = cls == i
            if not part.any():
                continue
            drawn[part].plot(ax=ax, facecolor=colour, edgecolor=WHITE, linewidth=0.5)
            low, high = value[part].min(), value[part].max()
            label = (fmt(low, lang, decimals) if low == high
                     else f"{fmt(low, lang, decimals)}–{fmt(high, lang, decimals)}")
            handles.append(Patch(facecolor=colour, edgecolor=EDGE, linewidth=0.5, label=label))
        handles.append(Patch(facecolor=NONE_FILL, edgecolor=NONE_HATCH, hatch="////",
                             linewidth=0.5, label=t("figures.map.none", lang)))
        outline = shapely.union_all(drawn.geometry.values)
        gpd.GeoSeries([outline], crs=draw_crs).boundary.plot(ax=ax, color=TEXT_MUTED,
                                                             linewidth=0.8)
        links = _draw_links(ax, network, drawn, lang, handles)
        placed = _draw_spaces(ax, spaces, draw_crs)
        if placed is not None and len(placed):
            handles.append(Line2D([], [], marker="o", linestyle="", markersize=11,
                                  markerfacecolor=PALETTE["nodes"]["space"],
                                  markeredgecolor=WHITE, label=t("figures.map.spaces", lang)))
        legend = ax.legend(handles=handles, loc="lower right", title=measure,
                           alignment="left", fontsize=11, title_fontsize=12, handlelength=1.4,
                           borderaxespad=0.0, frameon=True, facecolor=WHITE, edgecolor=WHITE,
                           framealpha=0.9)
        legend.set_zorder(7)
        add_caption(fig, pack.credit)
        if placed is not None and len(placed):
            place_labels(ax, np.column_stack([placed.geometry.x, placed.geometry.y]),
                         placed["_label"].tolist(), SPACE_FONT, dot_radius=5.0,
                         avoid=(legend,))

    alt = _alt(shapes, value, decimals, title, placed, links, lang, pack)
    return Chart(name=slug, title=title, alt=alt, fig=fig, data=data,
                 caption=pack.credit)


def _draw_spaces(ax: Axes, spaces: gpd.GeoDataFrame | None, crs: str
                 ) -> gpd.GeoDataFrame | None:
    """Mark the spaces with dots; return them (in the drawing CRS) with their labels."""
    if spaces is None or not len(spaces):
        return None
    located = spaces[spaces.geometry.notna() & ~spaces.geometry.is_empty].to_crs(crs)
    labels = (located["name"] if "name" in located.columns
              else located.get("space_id", pd.Series("", index=located.index))).astype(str)
    ax.scatter(located.geometry.x, located.geometry.y, s=70, c=PALETTE["nodes"]["space"],
               edgecolors=WHITE, linewidths=1.2, zorder=5)
    return located.assign(_label=labels.to_numpy())


def _bundle(lines: gpd.GeoSeries, drawn: gpd.GeoDataFrame) -> pd.DataFrame:
    """Bundle lines by the pair of districts their two ends lie in (nearest district for an end
    outside the city): ``a, b, links`` and the mean position of each end, ``x_a, y_a, x_b,
    y_b``, so that lines to a space all end on its dot."""
    coords, index = shapely.get_coordinates(lines.values, return_index=True)
    first = np.r_[0, np.flatnonzero(np.diff(index)) + 1]
    last = np.r_[first[1:] - 1, len(coords) - 1]
    shapes = drawn[["district_code", "geometry"]]

    def district(points: np.ndarray) -> np.ndarray:
        where = gpd.GeoDataFrame(geometry=gpd.points_from_xy(points[:, 0], points[:, 1]),
                                 crs=drawn.crs)
        hit = gpd.sjoin_nearest(where, shapes, how="left")
        hit = hit[~hit.index.duplicated(keep="first")]
        return hit["district_code"].to_numpy(dtype="int64")

    start, stop = coords[first], coords[last]
    a, b = district(start), district(stop)
    # Orient every line from its lower district code to its higher one.
    swap = (a > b)[:, None]
    start, stop = np.where(swap, stop, start), np.where(swap, start, stop)
    pairs = pd.DataFrame({"a": np.minimum(a, b), "b": np.maximum(a, b),
                          "x_a": start[:, 0], "y_a": start[:, 1],
                          "x_b": stop[:, 0], "y_b": stop[:, 1]})
    bundled = pairs.groupby(["a", "b"], sort=True)
    means = bundled[["x_a", "y_a", "x_b", "y_b"]].mean()
    return means.assign(links=bundled.size()).reset_index()


def _draw_links(ax: Axes, network: gpd.GeoSeries | gpd.GeoDataFrame | None,
                drawn: gpd.GeoDataFrame, lang: str, handles: list) -> pd.DataFrame | None:
    """Draw the network over the city, bundled by district: one line per pair of districts,
    as thick as the links it carries. Bundling keeps a dense network readable and its SVG
    small."""
    if network is None or not len(network):
        return None
    lines = gpd.GeoSeries(network.geometry if hasattr(network, "geometry") else network)
    lines = lines[lines.notna() & ~lines.is_empty].to_crs(drawn.crs)
    if lines.empty:
        return None
    bundled = _bundle(lines, drawn)
    between = bundled[bundled["a"] != bundled["b"]]
    between = between.sort_values("links", ascending=False, kind="stable").head(MAX_BUNDLES)
    if len(between):
        segments = between[["x_a", "y_a", "x_b", "y_b"]].to_numpy().reshape(-1, 2, 2)
        width = 0.5 + 2.2 * np.sqrt(between["links"] / between["links"].max())
        # A white casing keeps the lines visible over the darkest districts.
        ax.add_collection(LineCollection(segments, colors=WHITE, linewidths=width + 1.4,
                                         alpha=0.8, capstyle="round", zorder=4))
        ax.add_collection(LineCollection(segments, colors=TEXT, linewidths=width,
                                         capstyle="round", zorder=4))
    handles.append(Line2D([], [], color=TEXT, linewidth=2.0, alpha=0.7,
                          label=t("figures.map.links", lang)))
    return bundled


def _alt(shapes: gpd.GeoDataFrame, value: np.ndarray, decimals: int, title: str,
         spaces: gpd.GeoDataFrame | None, links: pd.DataFrame | None, lang: str,
         pack: CityPack) -> str:
    some = int((value > 0).sum())
    text = t("figures.map.alt", lang, districts=fmt(len(value), lang), title=title,
             areas=pack.area_label(lang), city=pack.city_name(lang),
             some=t_count("figures.map.districts", some, lang),
             none=t_count("figures.map.districts", len(value) - some, lang))
    if some:
        order = np.argsort(-value, kind="stable")[:min(TOP_DISTRICTS, some)]
        top = [f"{shapes['district_name'].iloc[i]} ({fmt(value[i], lang, decimals)})"
               for i in order]
        text += " " + t("figures.map.alt_top", lang, top=join_words(top, lang))
    if spaces is not None and len(spaces):
        names = spaces["_label"].tolist()
        if "district_name" in spaces.columns:
            names = [f"{n} ({d})" if isinstance(d, str) else n
                     for n, d in zip(names, spaces["district_name"].tolist(), strict=True)]
        text += " " + t("figures.map.alt_spaces", lang, spaces=join_words(names, lang))
    if links is not None:
        between = links[links["a"] != links["b"]]
        text += " " + t("figures.map.alt_links", lang,
                        links=t_count("figures.map.links_n", int(links["links"].sum()), lang),
                        lines=t_count("figures.map.lines_n", len(between), lang))
        if len(between) > MAX_BUNDLES:
            text += " " + t("figures.map.alt_strongest_only", lang, n=fmt(MAX_BUNDLES, lang))
        if len(between):
            top = between.loc[between["links"].idxmax()]
            name = shapes.set_index("district_code")["district_name"]
            text += " " + t("figures.map.alt_strongest", lang, a=name[top["a"]],
                            b=name[top["b"]],
                            links=t_count("figures.map.links_n", int(top["links"]), lang))
    return text


__all__ = ["district_map", "network_lines"]
