"""The network of groups, spaces and projects, drawn the same way at every snapshot."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath

from labmetrics import config
from labmetrics.errors import ConfigError
from labmetrics.figures.label_placement import place_labels
from labmetrics.figures.spring import spring_positions
from labmetrics.figures.style import (
    EDGE,
    NODE_MARKERS,
    PALETTE,
    TEXT,
    WHITE,
    Chart,
    code_label,
    fmt,
    header,
    join_words,
    kind_colour,
    new_figure,
    set_title,
    styled,
    t_count,
)
from labmetrics.i18n import check_lang, format_date, t
from labmetrics.period import DateLike
from labmetrics.schema import GROUP_KINDS

Positions = dict[Hashable, tuple[float, float]]

NODE_TYPES = ("space", "project", "group")
# A force-directed layout costs n² per step: beyond this many nodes, spaces are laid out by
# force and projects and groups gather around the spaces they are linked to.
SPRING_MAX_NODES = 400
# Beyond this many links, links and group dots are drawn as one embedded image, which keeps
# the SVG small; spaces, projects and all text stay vector.
RASTER_MIN_EDGES = 1500
HUBS = 3
SPACE_FONT = 13
_GOLDEN_ANGLE = np.pi * (3 - np.sqrt(5))
# The layouts network_layout computed last, oldest first, by what each depends on.
_LAYOUTS: dict[Hashable, Positions] = {}
_LAYOUTS_KEPT = 2
_UNTYPED = object()  # a node without a type, told from one whose type is None


def _node_table(graph: nx.Graph) -> pd.DataFrame:
    """One row per node: id, type, label, kind, degree; sorted for a stable order."""
    nodes = list(graph.nodes(data=True))
    frame = pd.DataFrame({
        "node": [n for n, _ in nodes],
        "type": [str(a.get("type", "group")) for _, a in nodes],
        "label": [str(a.get("label", n)) for n, a in nodes],
        "kind": [a.get("kind") for _, a in nodes],
        "degree": [d for _, d in graph.degree()],
    })
    frame["_order"] = frame["type"].map({k: i for i, k in enumerate(NODE_TYPES)}).fillna(3)
    frame["_key"] = frame["node"].astype(str)
    return frame.sort_values(["_order", "_key"], ignore_index=True).drop(
        columns=["_order", "_key"])


def _node_order(graph: nx.Graph) -> list[Hashable]:
    """The nodes in :func:`_node_table`'s order (by type as in :data:`NODE_TYPES`, then
    id), without reading the labels, kinds and degrees a layout does not need."""
    return _sorted_nodes(graph.nodes(data="type", default="group"))


def _sorted_nodes(typed: Iterable[tuple[Hashable, Any]]) -> list[Hashable]:
    """Nodes given with their type, by type as in :data:`NODE_TYPES`, then id (a stable
    sort: nodes of the same type and text keep their order)."""
    rank = {kind: i for i, kind in enumerate(NODE_TYPES)}
    keyed = [(rank.get(str(kind), len(NODE_TYPES)), str(node), node) for node, kind in typed]
    keyed.sort(key=lambda row: row[:2])
    return [node for _, _, node in keyed]


def _ordered(graph: nx.Graph) -> nx.Graph:
    """A copy of ``graph`` with nodes and edges in a fixed order, so layouts repeat."""
    nodes = _node_order(graph)
    rank = dict(zip(nodes, range(len(nodes)), strict=True))
    ends = np.array([(rank[u], rank[v]) for u, v in graph.edges()], dtype=np.int64)
    return _graph_in_order(nodes, ends)


def _graph_in_order(nodes: list[Hashable], ends: np.ndarray) -> nx.Graph:
    """The graph of ``nodes`` (in their order) and the links ``ends`` (pairs of positions
    in ``nodes``; a link given twice is one link), each link from its lower-ranked end, in
    the order of (lower, higher) rank: the order of the links is the same however they
    were given."""
    ordered = nx.Graph()
    ordered.add_nodes_from(nodes)
    ends = np.sort(ends.reshape(-1, 2), axis=1)
    ends = ends[np.lexsort((ends[:, 1], ends[:, 0]))]
    ordered.add_edges_from((nodes[a], nodes[b]) for a, b in ends.tolist())
    return ordered


def _links(graph: nx.Graph) -> pd.DataFrame:
    """Every edge in both directions: ``node``, ``other``."""
    edges = pd.DataFrame(list(graph.edges()), columns=["node", "other"], dtype=object)
    return pd.concat([edges, edges.rename(columns={"node": "other", "other": "node"})],
                     ignore_index=True)


def _gather(links: pd.DataFrame, placed: pd.DataFrame, nodes: pd.Index,
            radius: float) -> pd.DataFrame:
    """Place ``nodes`` in small discs around the mean position of their placed neighbours.

    ``placed`` holds ``x, y`` by node; returns it with ``nodes`` added. Nodes with no placed
    neighbour wait on an outer ring.
    """
    near = links[links["node"].isin(nodes) & links["other"].isin(placed.index)]
    near = near.join(placed, on="other")
    centre = near.groupby("node", sort=True)[["x", "y"]].mean().round(3)
    cluster = centre.groupby(["x", "y"], sort=True)
    rank = cluster.cumcount().to_numpy()
    size = cluster["x"].transform("size").to_numpy()
    disc = radius * np.minimum(1.0, np.sqrt(size) / 6)
    r = disc * np.sqrt((rank + 0.5) / size)
    centre["x"] += r * np.cos(rank * _GOLDEN_ANGLE)
    centre["y"] += r * np.sin(rank * _GOLDEN_ANGLE)
    loose = nodes[~nodes.isin(centre.index)]
    angle = 2 * np.pi * np.arange(len(loose)) / max(len(loose), 1)
    ring = pd.DataFrame({"x": 1.25 * np.cos(angle), "y": 1.25 * np.sin(angle)}, index=loose)
    return pd.concat([placed, centre, ring])


def _space_positions(graph: nx.Graph, links: pd.DataFrame, seed: int) -> Positions:
    """Spaces spread evenly over [-1, 1]; those that share groups or projects side by side."""
    types = nx.get_node_attributes(graph, "type")
    spaces = [n for n in graph if types.get(n) == "space"]
    to_space = links[links["other"].isin(spaces)]
    pairs = to_space.merge(to_space, on="node")
    pairs = pairs[pairs["other_x"].map(str) < pairs["other_y"].map(str)]
    weights = pairs.groupby(["other_x", "other_y"], sort=True).size()
    shared = nx.Graph()
    shared.add_nodes_from(spaces)
    shared.add_weighted_edges_from((a, b, int(w)) for (a, b), w in weights.items())
    if not spaces:
        return {}
    # Unweighted, with a strong repulsion: a busy pair of spaces must not pull together so
    # much that their labels collide.
    layout = nx.spring_layout(shared, seed=seed, k=2.5 / np.sqrt(len(spaces)), weight=None,
                              method="force")
    return {n: (float(p[0]), float(p[1])) for n, p in layout.items()}


def _hub_layout(graph: nx.Graph, links: pd.DataFrame, spaces: Positions) -> Positions:
    order = pd.Index(list(graph), dtype=object)
    types = pd.Series(nx.get_node_attributes(graph, "type"), dtype=object).reindex(order)
    placed = pd.DataFrame.from_dict(spaces, orient="index", columns=["x", "y"]).astype(float)
    placed = _gather(links, placed, order[(types == "project").to_numpy()], 0.12)
    placed = _gather(links, placed, order[~order.isin(placed.index)], 0.3)
    return {n: (float(x), float(y)) for n, x, y in zip(placed.index, placed["x"], placed["y"],
                                                        strict=True)}


def _normalised(raw: Positions) -> Positions:
    """Scale positions into [-1, 1] around the origin, keeping their shape."""
    if not raw:
        return {}
    xy = np.array(list(raw.values()), dtype=float)
    centre = (xy.max(axis=0) + xy.min(axis=0)) / 2
    half = float((xy.max(axis=0) - xy.min(axis=0)).max()) / 2 or 1.0
    xy = (xy - centre) / half
    return {n: (float(x), float(y)) for n, (x, y) in zip(raw, xy, strict=True)}


def _waiting_row(nodes: list[Any], top: float, width: float) -> Positions:
    """Unlinked nodes in tidy rows under the drawing, so they neither hide nor stretch it."""
    per_row = max(1, int(np.ceil(np.sqrt(len(nodes) * 4))))
    step = width / per_row
    i = np.arange(len(nodes))
    x = -width / 2 + step * (i % per_row + 0.5)
    y = top - step * (i // per_row)
    return {n: (float(a), float(b)) for n, a, b in zip(nodes, x, y, strict=True)}


def network_layout(graph: nx.Graph, seed: int = config.DEFAULT_SEED) -> Positions:
    """Node positions for drawing ``graph``, the same for the same graph and seed.

    Linked nodes are laid out by force (spaces in the middle of their groups); nodes with no
    link wait in rows under the drawing. Lay out the union of several snapshots once and
    pass the result to :func:`network_drawing` for each, so that every node keeps its place.
    The last layouts are kept: the same network in the next report (another language of the
    same data and period) is not laid out again.

    Returns
    -------
    dict
        Node to ``(x, y)``: linked nodes within [-1, 1], unlinked ones below.
    """
    return _laid_out(_ordered(graph), nx.get_node_attributes(graph, "type"), seed)


def union_layout(graphs: Sequence[nx.Graph], seed: int = config.DEFAULT_SEED) -> Positions:
    """:func:`network_layout` of the union of ``graphs``: their nodes, each node's ``type``
    (the last graph's that gives one) and their links, as ``networkx.compose_all`` joins
    them; lay out the snapshots drawn with it.

    The union is never built: the ordered graph a layout starts from is made from the
    graphs' nodes and links at once (a large city's snapshots hold tens of thousands of
    links, which a union would take in one by one before they were ordered again).
    """
    first: dict[Hashable, None] = {}
    types: dict[Hashable, Any] = {}
    for graph in graphs:
        first.update(dict.fromkeys(graph))
        types.update((n, kind) for n, kind in graph.nodes(data="type", default=_UNTYPED)
                     if kind is not _UNTYPED)
    nodes = _sorted_nodes((n, types.get(n, "group")) for n in first)
    rank = dict(zip(nodes, range(len(nodes)), strict=True))
    ends = np.array([(rank[u], rank[v]) for graph in graphs for u, v in graph.edges()],
                    dtype=np.int64)
    return _laid_out(_graph_in_order(nodes, ends), types, seed)


def _laid_out(ordered: nx.Graph, types: Mapping[Hashable, Any], seed: int) -> Positions:
    """The layout of a graph :func:`_ordered` made, with the nodes' types: kept, or made."""
    # All a layout depends on: the seed, the nodes and their types, the links.
    key = (seed, tuple((n, types.get(n)) for n in ordered), tuple(ordered.edges()))
    try:
        kept = _LAYOUTS.get(key)
    except TypeError:  # a type that cannot be hashed: lay out without keeping it
        return _force_layout(ordered, types, seed)
    if kept is None:
        kept = _LAYOUTS[key] = _force_layout(ordered, types, seed)
        while len(_LAYOUTS) > _LAYOUTS_KEPT:
            del _LAYOUTS[next(iter(_LAYOUTS))]
    return dict(kept)


def _force_layout(ordered: nx.Graph, types: Mapping[Hashable, Any], seed: int) -> Positions:
    """The layout of :func:`network_layout`, from the graph :func:`_ordered` made of it
    (changed here: its unlinked nodes are removed)."""
    nx.set_node_attributes(ordered, types, "type")
    alone = [n for n, degree in ordered.degree() if degree == 0]
    # The linked nodes, in their fixed order. Not a subgraph view: a view counts its nodes
    # and filters every link again on each use, and keeping fewer than half of the nodes
    # it lists them in the order of a set, which changes from one process to the next.
    linked = ordered
    linked.remove_nodes_from(alone)
    links = _links(linked)
    spaces = _space_positions(linked, links, seed)
    if len(linked) > SPRING_MAX_NODES:
        raw = _hub_layout(linked, links, spaces)
    elif len(linked) > len(spaces):
        # Spaces stay where _space_positions put them; the rest settle around them.
        k = 2.0 / np.sqrt(len(linked))
        layout = spring_positions(linked, pos=spaces or None, fixed=list(spaces) or None,
                                  seed=seed, k=k, iterations=150)
        raw = {n: (float(p[0]), float(p[1])) for n, p in layout.items()}
    else:
        raw = spaces
    raw = _normalised(raw)
    bottom = min((y for _, y in raw.values()), default=0.0)
    raw.update(_waiting_row(alone, bottom - 0.25, 1.6))
    return {n: (round(x, 5), round(y, 5)) for n, (x, y) in raw.items()}


def _limits(ax: Axes, pos: Mapping[Hashable, tuple[float, float]]) -> None:
    """Fix the axes to every position of the layout, so that snapshots line up."""
    everything = np.array(list(pos.values()), dtype=float).reshape(-1, 2)
    if not len(everything):
        return
    low, high = everything.min(axis=0), everything.max(axis=0)
    pad = (high - low).max() * 0.06 + 0.05
    ax.set_xlim(low[0] - pad, high[0] + pad)
    ax.set_ylim(low[1] - pad, high[1] + pad)


def _kind_label(node_type: str, kind: Any, lang: str) -> str:
    if kind is None or pd.isna(kind):
        return ""
    return code_label("space_kinds" if node_type == "space" else "kinds", kind, lang)


def _alt(nodes: pd.DataFrame, n_edges: int, lang: str) -> str:
    counts = nodes["type"].value_counts()
    parts = [t_count(f"figures.network.count_{kind}", int(counts.get(kind, 0)), lang)
             for kind in ("group", "space", "project")]
    text = t("figures.network.alt", lang, nodes=join_words(parts, lang),
             edges=fmt(n_edges, lang))
    linked = nodes[nodes["degree"] > 0]
    if len(linked):
        hubs = linked.sort_values("degree", ascending=False, kind="stable").head(HUBS)
        items = [f"{label} ({fmt(d, lang)})" for label, d in zip(hubs["label"], hubs["degree"],
                                                                  strict=True)]
        text += " " + t("figures.network.alt_hubs", lang, hubs=join_words(items, lang))
    alone = int(((nodes["type"] == "group") & (nodes["degree"] == 0)).sum())
    if alone:
        text += " " + t_count("figures.network.alt_alone", alone, lang)
    return text


def network_drawing(graph: nx.Graph, lang: str = config.DEFAULT_LANG, *,
                    positions: Mapping[Hashable, tuple[float, float]] | None = None,
                    layout_seed: int = config.DEFAULT_SEED, as_of: DateLike | None = None,
                    title: str | None = None, name: str = "network") -> Chart:
    """Draw the network: spaces as large labelled dots, projects as squares, groups as small
    dots coloured by kind.

    Parameters
    ----------
    graph
        network.py's graph; nodes carry ``type`` (group, space, project), ``label`` and
        ``kind``.
    positions
        Positions from :func:`network_layout` (of this graph or of a union of snapshots);
        computed with ``layout_seed`` when None.
    as_of
        Date of the snapshot, named in the title.
    title
        A title already in ``lang``, replacing the catalogue's.

    Returns
    -------
    Chart
        ``data``: one row per node (type, name, kind, links), translated.
    """
    check_lang(lang)
    pos = dict(positions) if positions is not None else network_layout(graph, layout_seed)
    missing = [n for n in graph if n not in pos]
    if missing:
        raise ConfigError(
            f"the positions given to the network drawing lack {len(missing)} node(s), "
            f"e.g. {missing[0]!r}.",
            fix="compute network_layout() on the union of every snapshot you draw.")
    if title is None:
        title = (t("figures.network.title_as_of", lang, date=format_date(as_of, lang))
                 if as_of is not None else t("figures.network.title", lang))
    nodes = _node_table(graph)
    types = nodes["type"].tolist()
    node_kinds = nodes["kind"].astype(object).where(nodes["kind"].notna(), None).tolist()
    # Each code translated once: a large network has tens of thousands of nodes and a
    # handful of codes.
    type_names = {typ: code_label("node_types", typ, lang) for typ in dict.fromkeys(types)}
    pairs = list(zip(types, node_kinds, strict=True))
    kind_names = {pair: _kind_label(*pair, lang) for pair in dict.fromkeys(pairs)}
    data = pd.DataFrame({
        header("node_type", lang): [type_names[typ] for typ in types],
        header("name", lang): nodes["label"].to_numpy(),
        header("kind", lang): [kind_names[pair] for pair in pairs],
        header("links", lang): nodes["degree"].to_numpy(),
    })
    # Positions as one array, looked up by index: a large network has tens of thousands of
    # links.
    row = {n: i for i, n in enumerate(graph)}
    coords = np.array([pos[n] for n in graph], dtype=float).reshape(-1, 2)
    ends = np.array([(row[u], row[v]) for u, v in graph.edges()], dtype=np.int64)
    segments = coords[ends.reshape(-1, 2)]

    def at(members: pd.Series) -> np.ndarray:
        return coords[[row[n] for n in members.tolist()]]

    dense = len(segments) >= RASTER_MIN_EDGES

    with styled():
        fig = new_figure(7.6)
        set_title(fig, title)
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.set_aspect("equal")
        _limits(ax, pos)
        # One path for every link: the SVG holds one element instead of one per link.
        codes = np.tile([MplPath.MOVETO, MplPath.LINETO], len(segments))
        lines = PathPatch(MplPath(segments.reshape(-1, 2), codes), facecolor="none",
                          edgecolor=EDGE, linewidth=0.5 if dense else 0.7, alpha=0.55,
                          zorder=1)
        lines.set_rasterized(dense)
        # add_artist, not add_patch: the limits are set, and add_patch would walk every
        # segment in Python to update them (most of the drawing time of a large network).
        ax.add_artist(lines)
        groups = nodes[nodes["type"] == "group"]
        kinds = groups["kind"].where(groups["kind"].isin(GROUP_KINDS), "other")
        handles = []
        for kind in GROUP_KINDS:
            members = groups["node"][kinds == kind]
            if members.empty:
                continue
            pts = at(members)
            dots = ax.scatter(pts[:, 0], pts[:, 1], s=18 if dense else 30, c=kind_colour(kind),
                              edgecolors=TEXT, linewidths=0.4, zorder=2)
            dots.set_rasterized(dense)
            handles.append(Line2D([], [], marker="o", linestyle="", markersize=7,
                                  markerfacecolor=kind_colour(kind), markeredgecolor=TEXT,
                                  markeredgewidth=0.5, label=code_label("kinds", kind, lang)))
        projects = nodes[nodes["type"] == "project"]
        if len(projects):
            pts = at(projects["node"])
            ax.scatter(pts[:, 0], pts[:, 1], s=60, marker=NODE_MARKERS["project"],
                       c=PALETTE["nodes"]["project"], edgecolors=TEXT, linewidths=1.2,
                       zorder=3)
            handles.append(Line2D([], [], marker=NODE_MARKERS["project"], linestyle="",
                                  markersize=8, markerfacecolor=PALETTE["nodes"]["project"],
                                  markeredgecolor=TEXT, markeredgewidth=1.2,
                                  label=code_label("node_types", "project", lang)))
        spaces = nodes[nodes["type"] == "space"]
        if len(spaces):
            pts = at(spaces["node"])
            ax.scatter(pts[:, 0], pts[:, 1], s=260, marker=NODE_MARKERS["space"],
                       c=PALETTE["nodes"]["space"], edgecolors=WHITE, linewidths=1.5,
                       zorder=4)
            handles.append(Line2D([], [], marker=NODE_MARKERS["space"], linestyle="",
                                  markersize=12, markerfacecolor=PALETTE["nodes"]["space"],
                                  markeredgecolor=WHITE,
                                  label=code_label("node_types", "space", lang)))
        alone = groups["node"][groups["degree"] == 0]
        if len(alone):
            pts = at(alone)
            ax.annotate(t("figures.network.unlinked", lang, n=fmt(len(alone), lang)),
                        (pts[:, 0].min(), pts[:, 1].max()), xytext=(-4, 10),
                        textcoords="offset points", ha="left", va="bottom", fontsize=12,
                        color=TEXT)
        fig.legend(handles=handles, loc="outside lower center", ncols=3, handletextpad=0.3,
                   columnspacing=1.0)
        if len(spaces):
            place_labels(ax, at(spaces["node"]),
                         spaces["label"].tolist(), SPACE_FONT, dot_radius=9.0)

    return Chart(name=name, title=title, alt=_alt(nodes, graph.number_of_edges(), lang),
                 fig=fig, data=data)


__all__ = ["NODE_TYPES", "network_drawing", "network_layout", "union_layout"]
