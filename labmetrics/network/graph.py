"""The network as a graph of groups, spaces and projects, and its snapshots over time.

Node ids are namespaced (``group:G001``, ``space:S01``, ``project:P01``). Every node has
``type`` (group, space or project) and ``label``; groups and spaces have ``kind``, spaces
``host``, groups ``region`` and ``partner`` (joined the network by the window's end).
Every edge has ``relations`` (a set of membership, usage, project) and ``first_seen``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from labmetrics.dataset import LabData
from labmetrics.network import links
from labmetrics.network.periods import DAY, period_table, window
from labmetrics.period import DateLike, Freq
from labmetrics.projects import status_on


@dataclass(frozen=True)
class Snapshot:
    """The graph of one period: its first and last day, inclusive."""

    start: pd.Timestamp
    end: pd.Timestamp
    graph: nx.Graph


def node_id(kind: str, identifier: object) -> str:
    """Return the namespaced node id: ``node_id("group", "G001") == "group:G001"``."""
    return f"{kind}:{identifier}"


def nodes_of(graph: nx.Graph, kind: str) -> list[str]:
    """Return the nodes of ``type`` kind (group, space or project)."""
    return [n for n, t in graph.nodes(data="type") if t == kind]


def _text(value: Any) -> str | None:
    return None if pd.isna(value) else str(value)


def _link(graph: nx.Graph, u: str, v: str, relation: str, first_seen: pd.Timestamp,
          **attrs: Any) -> None:
    if graph.has_edge(u, v):
        edge = graph.edges[u, v]
        edge["relations"].add(relation)
        if pd.notna(first_seen) and (pd.isna(edge["first_seen"])
                                     or first_seen < edge["first_seen"]):
            edge["first_seen"] = first_seen
        edge.update(attrs)
    else:
        graph.add_edge(u, v, relations={relation}, first_seen=first_seen, **attrs)


def _add_spaces(graph: nx.Graph, data: LabData, start: pd.Timestamp, end: pd.Timestamp,
                keep: set[str] | None) -> None:
    spaces = data.spaces
    is_open = (spaces["opened_on"] < end + DAY) & (
        spaces["closed_on"].isna() | (spaces["closed_on"] >= start))
    if keep is not None:
        is_open &= spaces["space_id"].isin(list(keep))
    graph.add_nodes_from(("space:" + spaces.loc[is_open, "space_id"].astype(str)).tolist(),
                         type="space")


# Node attributes read from the data set's tables: column -> attribute.
GROUP_ATTRIBUTES = {"name": "label", "kind": "kind", "region": "region"}
SPACE_ATTRIBUTES = {"name": "label", "kind": "kind", "host": "host"}


@dataclass(frozen=True)
class NodeTable:
    """The attributes of every group and space of a data set, by node id.

    Read once per data set, so that the snapshots of a window do not convert the same
    table values to Python objects again for each period.
    """

    attributes: dict[str, dict[str, Any]]
    joined_on: dict[str, pd.Timestamp]  # groups with a network_joined_on date


def _objects(column: pd.Series) -> list[Any]:
    """A column's values as Python objects, missing values as None."""
    return column.to_numpy(dtype=object, na_value=None).tolist()


def _dates(column: pd.Series) -> list[Any]:
    """A date column as Timestamps (NaT when missing), each distinct day boxed once.

    Boxing a datetime64 value costs a microsecond or more, and a window's thousands of
    edges share a few hundred days.
    """
    codes, days = pd.factorize(column)
    boxed = np.array([*days.tolist(), pd.NaT], dtype=object)
    return boxed[codes].tolist()


def node_table(data: LabData) -> NodeTable:
    """Read the attributes of every group and space of ``data`` (first row of an id), once
    per data (:meth:`LabData.derived`): the whole window's graph and each snapshot's share
    them."""
    return data.derived("node_table", ("groups", "spaces"), lambda: _node_table(data))


def _node_table(data: LabData) -> NodeTable:
    attributes: dict[str, dict[str, Any]] = {}
    joined_on: dict[str, pd.Timestamp] = {}
    for table, kind, columns in ((data.groups, "group", GROUP_ATTRIBUTES),
                                 (data.spaces, "space", SPACE_ATTRIBUTES)):
        rows = table.drop_duplicates(f"{kind}_id")
        keys = (kind + ":" + rows[f"{kind}_id"].astype(str)).tolist()
        values = zip(*(_objects(rows[column]) for column in columns), strict=True)
        names = tuple(columns.values())
        attributes.update((key, dict(zip(names, row, strict=True)))
                          for key, row in zip(keys, values, strict=True))
        if kind == "group":
            joined = rows["network_joined_on"]
            known = joined.notna().to_numpy()
            joined_on.update(zip([k for k, j in zip(keys, known, strict=True) if j],
                                 joined[known].tolist(), strict=True))
    return NodeTable(attributes, joined_on)


def _describe_nodes(graph: nx.Graph, nodes: NodeTable, end: pd.Timestamp) -> None:
    """Give every node met through an edge its attributes (unknown ids keep their id).

    Groups are ``partner`` when they joined the network by ``end``.
    """
    cutoff = end + DAY
    for node, attrs in graph.nodes(data=True):
        if "type" not in attrs:
            kind, _, identifier = node.partition(":")
            attrs.update(type=kind, label=identifier)
        if attrs["type"] not in ("group", "space"):
            continue
        known = nodes.attributes.get(node)
        if known is None:
            continue
        attrs.update(known)
        if attrs["type"] == "group":
            joined = nodes.joined_on.get(node)
            attrs["partner"] = joined is not None and joined < cutoff


def build_graph(data: LabData, start: DateLike | None = None, end: DateLike | None = None,
                spaces: links.SpaceFilter = None) -> nx.Graph:
    """Build the graph of groups, spaces and projects of a window.

    Parameters
    ----------
    data
        The validated data.
    start, end
        The window (inclusive days); default the data's span.
    spaces
        Space ids to keep (a list or ``"S01,S02"``); default every space.

    Returns
    -------
    networkx.Graph
        Spaces open in the window, and the groups and projects linked to them. Edges:
        ``membership`` (partner joined by ``end``; ``joined_on``), ``usage`` (uses in the
        window; ``uses``, ``hours``, ``first_used``, ``last_used``) and ``project``
        (group–project and project–space, for projects running in the window).
    """
    lo, hi = window(data, start, end)
    return _build(data, lo, hi, links.space_filter(spaces), node_table(data))


def _build(data: LabData, lo: pd.Timestamp, hi: pd.Timestamp, keep: set[str] | None,
           nodes: NodeTable) -> nx.Graph:
    """:func:`build_graph` of a resolved window, with the data set's node attributes."""
    graph = nx.Graph(start=lo, end=hi)
    _add_spaces(graph, data, lo, hi, keep)
    graph.add_edges_from(_group_space_edges(data, lo, hi, keep))
    projects = links.projects_in(data, lo, hi, keep)
    graph.add_nodes_from(
        (node_id("project", pid), {"type": "project", "label": _text(title),
                                   "status": _text(status), "started_on": started,
                                   "ended_on": ended})
        for pid, title, status, started, ended in zip(
            projects["project_id"].tolist(), projects["title"].tolist(),
            status_on(projects, hi).tolist(), _dates(projects["started_on"]),
            _dates(projects["ended_on"]), strict=True))
    started_on = dict(zip(projects["project_id"].tolist(), _dates(projects["started_on"]),
                          strict=True))
    for table, kind in ((links.project_partners(projects), "group"),
                        (links.project_spaces(projects), "space")):
        graph.add_edges_from(
            (node_id(kind, other), node_id("project", pid),
             {"relations": {"project"}, "first_seen": started_on[pid]})
            for pid, other in zip(table["project_id"].tolist(), table[f"{kind}_id"].tolist(),
                                  strict=True))
    _describe_nodes(graph, nodes, hi)
    return graph


def _group_space_edges(data: LabData, start: pd.Timestamp, end: pd.Timestamp,
                       keep: set[str] | None) -> list[tuple[str, str, dict[str, Any]]]:
    """Membership and usage links, one edge per group and space with both relations."""
    pairs = links.membership_links(data, end, keep).merge(
        links.usage_links(data, start, end, keep), on=["group_id", "space_id"], how="outer")
    first_seen = pairs[["joined_on", "first_used"]].min(axis=1)
    # Whole columns become Python objects at once, each value only where the edge has that
    # relation (boxing dates is the dear part); the loop only assembles the dicts.
    joined = pairs["joined_on"].notna().to_numpy()
    used = pairs["uses"].notna().to_numpy()
    membership = iter(_dates(pairs.loc[joined, "joined_on"]))
    usage = zip(pairs.loc[used, "uses"].tolist(), pairs.loc[used, "hours"].tolist(),
                _dates(pairs.loc[used, "first_used"]), _dates(pairs.loc[used, "last_used"]),
                strict=True)
    edges = []
    for group, space, has_joined, has_uses, seen in zip(
            ("group:" + pairs["group_id"].astype(str)).tolist(),
            ("space:" + pairs["space_id"].astype(str)).tolist(),
            joined.tolist(), used.tolist(), _dates(first_seen), strict=True):
        attrs: dict[str, Any] = {"relations": set(), "first_seen": seen}
        if has_joined:
            attrs["relations"].add("membership")
            attrs["joined_on"] = next(membership)
        if has_uses:
            uses, hours, first, last = next(usage)
            attrs["relations"].add("usage")
            attrs.update(uses=int(uses), hours=float(hours), first_used=first,
                         last_used=last)
        edges.append((group, space, attrs))
    return edges


def group_space_graph(graph: nx.Graph) -> nx.Graph:
    """Project a graph of :func:`build_graph` onto groups and spaces.

    Each project becomes links between its partner groups and its spaces (relation
    ``project``, with the ids in ``projects``). Every group and space node is kept.
    """
    projected = nx.Graph(**graph.graph)
    projected.add_nodes_from((n, dict(a)) for n, a in graph.nodes(data=True)
                             if a.get("type") != "project")
    for u, v, attrs in graph.edges(data=True):
        if u in projected and v in projected:
            projected.add_edge(u, v, **{**attrs, "relations": set(attrs["relations"])})
    types = dict(graph.nodes(data="type"))
    for project in nodes_of(graph, "project"):
        neighbours = list(graph.neighbors(project))
        started = graph.nodes[project].get("started_on")
        for group in (n for n in neighbours if types[n] == "group"):
            for space in (n for n in neighbours if types[n] == "space"):
                _link(projected, group, space, "project", started)
                projected.edges[group, space].setdefault("projects", set()).add(
                    project.partition(":")[2])
    return projected


def snapshots(data: LabData, freq: Freq = "quarter", start: DateLike | None = None,
              end: DateLike | None = None,
              spaces: links.SpaceFilter = None,
              periods: Sequence[int] | None = None) -> list[Snapshot]:
    """Return one :class:`Snapshot` per calendar period of ``start``–``end``.

    The first and last periods are clipped to the window; each graph is
    :func:`build_graph` of its period. ``periods`` lists the positions of the periods to
    build (0 is the first, as in :func:`~labmetrics.network.periods.period_table`); default
    every period.
    """
    lo, hi = window(data, start, end)
    keep, nodes = links.space_filter(spaces), node_table(data)
    table = period_table(lo, hi, freq)
    if periods is not None:
        table = table.iloc[list(periods)]
    return [Snapshot(row.period, row.period_end,
                     _build(data, *window(data, row.period, row.period_end), keep, nodes))
            for row in table.itertuples(index=False)]
