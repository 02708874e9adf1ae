"""Each space's place in the network, and how far groups move between spaces."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from labmetrics import config
from labmetrics.assumptions import BETWEENNESS_BUDGET, BETWEENNESS_MIN_SAMPLE
from labmetrics.dataset import LabData
from labmetrics.network import links
from labmetrics.network.activity import active_spaces, activity, bridging
from labmetrics.network.centrality import betweenness_centrality
from labmetrics.network.graph import build_graph, node_id, nodes_of
from labmetrics.network.periods import bin_edges, period_table, window, within
from labmetrics.period import DateLike, Freq

SPACE_METRIC_COLUMNS = ("space_id", "name", "host", "kind", "degree", "betweenness",
                        "groups_hosted", "groups_shared", "usage_hours", "uses")


@dataclass(frozen=True)
class Integration:
    """Active groups of a period, and how many of them were active with several spaces."""

    active_groups: int
    linked_to_several_spaces: int
    share: float  # linked / active; NaN when no group was active

    def __repr__(self) -> str:
        share = "n/a" if self.share != self.share else f"{self.share:.1%}"
        return (f"Integration(active_groups={self.active_groups}, "
                f"linked_to_several_spaces={self.linked_to_several_spaces}, share={share})")


def betweenness_sources(graph: nx.Graph) -> int | None:
    """How many source nodes the betweenness of ``graph`` is estimated from, or None when
    it is computed exactly (``nodes × edges`` within ``BETWEENNESS_BUDGET``)."""
    nodes, edges = graph.number_of_nodes(), graph.number_of_edges()
    if nodes * edges <= BETWEENNESS_BUDGET:
        return None
    return min(nodes, max(BETWEENNESS_MIN_SAMPLE, BETWEENNESS_BUDGET // edges))


def betweenness(graph: nx.Graph) -> dict[Hashable, float]:
    """Normalised betweenness of every node; estimated (seeded) on very large graphs."""
    sources = betweenness_sources(graph)
    if sources is None:
        return betweenness_centrality(graph)
    return betweenness_centrality(graph, k=sources, seed=config.DEFAULT_SEED)


def spaces_of_groups(graph: nx.Graph) -> dict[str, set[str]]:
    """Each group's spaces in a graph of :func:`~labmetrics.network.graph.build_graph`.

    A group is linked to a space directly (membership, usage) or through a project they
    share: the links of :func:`~labmetrics.network.graph.group_space_graph`, without
    building that graph.
    """
    types = dict(graph.nodes(data="type"))
    linked: dict[str, set[str]] = {n: set() for n, kind in types.items() if kind == "group"}
    for node, kind in types.items():
        if kind == "space":
            for other in graph[node]:
                if types[other] == "group":
                    linked[other].add(node)
        elif kind == "project":
            ends = list(graph[node])
            spaces = {n for n in ends if types[n] == "space"}
            for group in (n for n in ends if types[n] == "group"):
                linked[group] |= spaces
    return linked


def bridging_ids(data: LabData, lo: pd.Timestamp, hi: pd.Timestamp, freq: Freq,
                 keep: set[str] | None) -> set[str]:
    """The groups that bridged spaces in at least one ``freq`` period of ``lo``–``hi``: the
    one definition of a bridging group (:func:`labmetrics.network.activity.bridging`)."""
    rows = activity(data, bin_edges(period_table(lo, hi, freq), freq), keep)
    return set(bridging(rows.loc[rows["bin"] >= 2])["group_id"].astype(str).tolist())


def space_metrics(data: LabData, start: DateLike | None = None, end: DateLike | None = None,
                  spaces: links.SpaceFilter = None, freq: Freq = config.DEFAULT_FREQ
                  ) -> pd.DataFrame:
    """Measure each space in the group–space–project graph of ``start``–``end``.

    Returns
    -------
    pandas.DataFrame
        One row per space of the graph (open in the window or linked), sorted by id (its
        ``attrs["betweenness"]`` says whether the betweenness was estimated: ``nodes``,
        ``edges`` and ``sources``, None when exact):
        ``space_id, name, host, kind, degree`` (groups and projects linked), ``betweenness``
        (normalised), ``groups_hosted`` (distinct groups that used it, partner in its
        projects or are its network partners), ``groups_shared`` (of those, the bridging
        groups: active with two or more spaces in the same ``freq`` period at least once,
        as :func:`bridging_ids`), ``usage_hours`` and ``uses`` (every usage row in the window,
        open events included).
    """
    lo, hi = window(data, start, end)
    graph = build_graph(data, lo, hi, spaces)
    linked = spaces_of_groups(graph)
    bridges = {node_id("group", g) for g in bridging_ids(data, lo, hi, freq,
                                                         links.space_filter(spaces))}
    hosts: dict[str, list[str]] = {space: [] for space in nodes_of(graph, "space")}
    for group, spaces_linked in linked.items():
        for space in spaces_linked:
            hosts[space].append(group)
    central = betweenness(graph)
    rows = []
    for space in sorted(hosts):
        hosted = hosts[space]
        attrs = graph.nodes[space]
        rows.append({
            "space_id": space.partition(":")[2], "name": attrs.get("label"),
            "host": attrs.get("host"), "kind": attrs.get("kind"),
            "degree": graph.degree(space), "betweenness": central[space],
            "groups_hosted": len(hosted),
            "groups_shared": sum(g in bridges for g in hosted),
        })
    table = pd.DataFrame(rows, columns=SPACE_METRIC_COLUMNS[:-2])
    usage = data.usage.loc[within(data.usage["date"], lo, hi)]
    used = usage.groupby("space_id").agg(usage_hours=("hours", "sum"),
                                         uses=("date", "size"))
    table = table.merge(used, left_on="space_id", right_index=True, how="left")
    table["usage_hours"] = table["usage_hours"].fillna(0.0).astype("float64")
    table["uses"] = table["uses"].fillna(0).astype("int64")
    for column in ("degree", "groups_hosted", "groups_shared"):
        table[column] = table[column].astype("int64")
    table["betweenness"] = table["betweenness"].astype("float64")
    for column in ("space_id", "name", "host", "kind"):
        table[column] = table[column].astype("string")
    table = table[list(SPACE_METRIC_COLUMNS)].reset_index(drop=True)
    # How the betweenness was had, for the report's method: exact, or from n sources.
    table.attrs["betweenness"] = {"nodes": graph.number_of_nodes(),
                                  "edges": graph.number_of_edges(),
                                  "sources": betweenness_sources(graph)}
    return table


def integration(data: LabData, start: DateLike | None = None, end: DateLike | None = None,
                spaces: links.SpaceFilter = None, freq: Freq = config.DEFAULT_FREQ
                ) -> Integration:
    """Count the groups active in ``start``–``end``, and the bridging groups among them.

    A bridging group is active with two or more distinct spaces in the same ``freq``
    period at least once (:func:`bridging_ids`, the groups the report lists); a group's
    spaces are those of its usage rows and of the projects it partners in; network
    membership alone does not count.
    """
    lo, hi = window(data, start, end)
    keep = links.space_filter(spaces)
    counts = active_spaces(data, lo, hi, keep)
    linked = len(bridging_ids(data, lo, hi, freq, keep) & set(counts.index.astype(str).tolist()))
    return Integration(active_groups=len(counts), linked_to_several_spaces=linked,
                       share=linked / len(counts) if len(counts) else float("nan"))
