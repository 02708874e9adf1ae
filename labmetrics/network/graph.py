"""The network as a graph of groups, spaces and projects, and its snapshots over time.

Node ids are namespaced (``group:G001``, ``space:S01``, ``project:P01``). Every node has
``type`` (group, space or project) and ``label``; groups and spaces have ``kind``, spaces
``host``, groups ``region`` and ``partner`` (joined the network by the window's end).
Every edge has ``relations`` (a set of membership, usage, project) and ``first_seen``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx
import pandas as pd

from labmetrics.dataset import LabData
from labmetrics.network import links
from labmetrics.network.periods import DAY, period_table, window


@dataclass(frozen=True)
class Snapshot:
    """The graph of one period: its first and last day, inclusive."""

    start: pd.Timestamp
    end: pd.Timestamp
    graph: nx.Graph


def node_id(kind: str, identifier: Any) -> str:
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


def _attributes(table: pd.DataFrame, kind: str, present: list[str],
                columns: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Node attributes from ``table`` for the ids in ``present``, missing values as None."""
    rows = table.loc[table[f"{kind}_id"].isin(present)].drop_duplicates(f"{kind}_id")
    frame = rows[list(columns)].rename(columns=columns).astype(object)
    frame = frame.where(frame.notna(), None)
    frame.index = kind + ":" + rows[f"{kind}_id"].astype(str)
    return frame.to_dict("index")


def _describe_nodes(graph: nx.Graph, data: LabData, end: pd.Timestamp) -> None:
    """Give every node met through an edge its attributes (unknown ids keep their id)."""
    for node, attrs in graph.nodes(data=True):
        if "type" not in attrs:
            kind, _, identifier = node.partition(":")
            attrs.update(type=kind, label=identifier)
    present = {kind: [n.partition(":")[2] for n in nodes_of(graph, kind)]
               for kind in ("group", "space")}
    groups = data.groups.assign(partner=data.groups["network_joined_on"] < end + DAY)
    nx.set_node_attributes(graph, _attributes(
        groups, "group", present["group"],
        {"name": "label", "kind": "kind", "region": "region", "partner": "partner"}))
    nx.set_node_attributes(graph, _attributes(
        data.spaces, "space", present["space"],
        {"name": "label", "kind": "kind", "host": "host"}))


def build_graph(data: LabData, start: Any = None, end: Any = None,
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
    keep = links.space_filter(spaces)
    graph = nx.Graph(start=lo, end=hi)
    _add_spaces(graph, data, lo, hi, keep)
    graph.add_edges_from(_group_space_edges(data, lo, hi, keep))
    projects = links.projects_in(data, lo, hi, keep)
    graph.add_nodes_from(
        (node_id("project", pid), {"type": "project", "label": _text(title),
                                   "status": _text(status), "started_on": started,
                                   "ended_on": ended})
        for pid, title, status, started, ended in zip(
            projects["project_id"], projects["title"], projects["status"],
            projects["started_on"], projects["ended_on"], strict=True))
    started_on = dict(zip(projects["project_id"], projects["started_on"], strict=True))
    for table, kind in ((links.project_partners(projects), "group"),
                        (links.project_spaces(projects), "space")):
        graph.add_edges_from(
            (node_id(kind, other), node_id("project", pid),
             {"relations": {"project"}, "first_seen": started_on[pid]})
            for pid, other in zip(table["project_id"], table[f"{kind}_id"], strict=True))
    _describe_nodes(graph, data, hi)
    return graph


def _group_space_edges(data: LabData, start: pd.Timestamp, end: pd.Timestamp,
                       keep: set[str] | None) -> list[tuple[str, str, dict[str, Any]]]:
    """Membership and usage links, one edge per group and space with both relations."""
    pairs = links.membership_links(data, end, keep).merge(
        links.usage_links(data, start, end, keep), on=["group_id", "space_id"], how="outer")
    first_seen = pairs[["joined_on", "first_used"]].min(axis=1)
    edges = []
    for gid, sid, joined, uses, hours, first, last, seen in zip(
            pairs["group_id"], pairs["space_id"], pairs["joined_on"], pairs["uses"],
            pairs["hours"], pairs["first_used"], pairs["last_used"], first_seen,
            strict=True):
        attrs: dict[str, Any] = {"relations": set(), "first_seen": seen}
        if pd.notna(joined):
            attrs["relations"].add("membership")
            attrs["joined_on"] = joined
        if pd.notna(uses):
            attrs["relations"].add("usage")
            attrs.update(uses=int(uses), hours=float(hours), first_used=first,
                         last_used=last)
        edges.append((node_id("group", gid), node_id("space", sid), attrs))
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
    for project in nodes_of(graph, "project"):
        neighbours = list(graph.neighbors(project))
        kinds = nx.get_node_attributes(graph.subgraph(neighbours), "type")
        started = graph.nodes[project].get("started_on")
        for group in (n for n in neighbours if kinds[n] == "group"):
            for space in (n for n in neighbours if kinds[n] == "space"):
                _link(projected, group, space, "project", started)
                projected.edges[group, space].setdefault("projects", set()).add(
                    project.partition(":")[2])
    return projected


def snapshots(data: LabData, freq: Any = "quarter", start: Any = None, end: Any = None,
              spaces: links.SpaceFilter = None) -> list[Snapshot]:
    """Return one :class:`Snapshot` per calendar period of ``start``–``end``.

    The first and last periods are clipped to the window; each graph is
    :func:`build_graph` of its period.
    """
    lo, hi = window(data, start, end)
    return [Snapshot(row.period, row.period_end,
                     build_graph(data, row.period, row.period_end, spaces))
            for row in period_table(lo, hi, freq).itertuples(index=False)]
