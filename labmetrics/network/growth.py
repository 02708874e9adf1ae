"""Growth of the network, period by period, and the definitions behind every figure."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from labmetrics import config
from labmetrics.dataset import LabData
from labmetrics.network import links
from labmetrics.network.activity import activity, bridging
from labmetrics.network.graph import build_graph, group_space_graph, nodes_of
from labmetrics.network.periods import DAY, bin_edges, period_alias, period_table, window
from labmetrics.period import DateLike, Freq

# Metric -> message key of its definition, in labmetrics/locales/<lang>/network.yaml.
DEFINITIONS: dict[str, str] = {
    metric: f"network.definitions.{metric}"
    for metric in (
        "period", "groups_mapped", "network_partners", "active_groups", "baseline",
        "newcomers", "returning", "lapsed", "bridging_groups", "network_graph", "nodes",
        "edges", "spaces_per_group", "groups_per_space", "density", "components",
        "largest_component_share", "degree", "betweenness",
        "groups_hosted", "groups_shared", "usage_hours", "uses", "integration_share",
        "groups_per_100km2", "gap",
    )
}

GROWTH_COLUMNS = (
    "period", "period_end", "groups_mapped", "network_partners", "active_groups", "baseline",
    "newcomers", "returning", "lapsed", "bridging_groups", "nodes", "edges",
    "spaces_per_group", "groups_per_space", "density", "components",
    "largest_component_share",
)


def definitions(lang: str = config.DEFAULT_LANG) -> dict[str, str]:
    """Return every metric's definition in ``lang``, for a report's method section."""
    from labmetrics.i18n import t

    return {metric: t(key, lang) for metric, key in DEFINITIONS.items()}


def cumulative_count(dates: pd.Series, ends: pd.Series) -> np.ndarray:
    """How many of ``dates`` fall on or before each day of ``ends`` (missing dates never)."""
    known = np.sort(dates.dropna().to_numpy(dtype="datetime64[ns]"))
    limits = (ends + DAY).to_numpy(dtype="datetime64[ns]")
    return np.searchsorted(known, limits, side="left")


def first_activity(data: LabData) -> pd.Timestamp:
    """The first day a group could be seen active: the first use or project start (NaT when
    the data has neither)."""
    days = [data.usage["date"].min(), data.projects["started_on"].min()]
    known = [d for d in days if pd.notna(d)]
    return pd.Timestamp(min(known)).normalize() if known else pd.NaT


def graph_metrics(graph: nx.Graph) -> dict[str, float | int]:
    """Nodes, edges, links per group and per space, density, components and largest
    component share of a group–space graph.

    Density is bipartite: edges over groups × spaces; it falls whenever groups join faster
    than each links to more spaces, so the mean spaces per group and groups per space,
    which do not fall because the network grows, stand beside it. The share is of the
    graph's nodes.
    """
    groups, spaces = len(nodes_of(graph, "group")), len(nodes_of(graph, "space"))
    # networkx counts the edges by summing every node's degree: counted once here.
    sizes = [len(c) for c in nx.connected_components(graph)]
    return _metrics(graph.number_of_nodes(), graph.number_of_edges(), groups, spaces, sizes)


def _metrics(n: int, edges: int, groups: int, spaces: int, sizes: list[int]
             ) -> dict[str, float | int]:
    """:func:`graph_metrics` from the counts of a graph and the sizes of its components."""
    return {
        "nodes": n,
        "edges": edges,
        "spaces_per_group": edges / groups if groups else 0.0,
        "groups_per_space": edges / spaces if spaces else 0.0,
        "density": edges / (groups * spaces) if groups and spaces else 0.0,
        "components": len(sizes),
        "largest_component_share": max(sizes, default=0) / n if n else 0.0,
    }


def bipartite_metrics(alone: np.ndarray, group: np.ndarray, space: np.ndarray
                      ) -> dict[str, float | int]:
    """:func:`graph_metrics` of the graph of groups ``alone`` and ``group``, spaces
    ``space`` and a link ``group[i]``–``space[i]`` for each ``i``, without building it.

    Group and space numbers are distinct and the pairs distinct. Two spaces are in one
    component when a group links both; a group is in its spaces' component, or alone.
    """
    group, space = np.asarray(group, dtype=np.int64), np.asarray(space, dtype=np.int64)
    spaces = np.unique(space)
    linked = np.unique(group)
    groups = len(np.union1d(np.asarray(alone, dtype=np.int64), linked))
    # The spaces each group links, side by side: consecutive ones are in one component.
    order = np.lexsort((space, group))
    g, s = group[order], space[order]
    same = g[1:] == g[:-1]
    parent = {int(x): int(x) for x in spaces}

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in set(zip(s[:-1][same].tolist(), s[1:][same].tolist(), strict=True)):
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    roots = np.array([root(int(x)) for x in spaces], dtype=np.int64)
    # Each linked group counted once, in the component of its first space.
    first = np.searchsorted(g, linked)
    group_roots = roots[np.searchsorted(spaces, s[first])]
    members = np.concatenate([roots, group_roots])
    sizes = np.unique(members, return_counts=True)[1].tolist() + [1] * (groups - len(linked))
    return _metrics(groups + len(spaces), len(group), groups, len(spaces), sizes)


def period_graph(data: LabData, start: DateLike, end: DateLike,
                 spaces: links.SpaceFilter = None) -> nx.Graph:
    """The group–space graph a period's growth row measures.

    Groups linked to spaces by use or a running project in the period, or by network
    membership to date; spaces nobody is linked to are left out, groups active only in
    projects with no space stay as lone nodes.
    """
    projected = group_space_graph(build_graph(data, start, end, spaces))
    projected.remove_nodes_from([s for s in nodes_of(projected, "space")
                                 if projected.degree(s) == 0])
    return projected


def _per_period(pairs: pd.DataFrame, n: int) -> np.ndarray:
    """Count rows per window period (bins 2 .. n + 1)."""
    counts = pairs["bin"].value_counts()
    return counts.reindex(range(2, n + 2), fill_value=0).to_numpy()


def _period_graphs(rows: pd.DataFrame, members: pd.DataFrame, table: pd.DataFrame
                   ) -> list[dict[str, float | int]]:
    """Graph metrics of each period, from the activity rows and the memberships.

    The same graph as :func:`period_graph`, from edge lists: groups and spaces are
    numbered (spaces after groups), each link is one number, and each period's graph is
    measured from its links (:func:`bipartite_metrics`), never built.
    """
    groups = pd.Index(pd.concat([rows["group_id"], members["group_id"]]).unique())
    spaces = pd.Index(pd.concat([rows["space_id"].dropna(), members["space_id"]]).unique())
    offset, width = len(groups), len(groups) + len(spaces)
    active = groups.get_indexer(rows["group_id"])
    bins = rows["bin"].to_numpy()
    with_space = rows["space_id"].notna().to_numpy()
    used = (active[with_space] * width
            + offset + spaces.get_indexer(rows["space_id"][with_space]))
    used_bins = bins[with_space]
    joined = (groups.get_indexer(members["group_id"]) * width
              + offset + spaces.get_indexer(members["space_id"]))
    joined_on = members["joined_on"].to_numpy(dtype="datetime64[ns]")
    metrics = []
    for k, period_end in enumerate(table["period_end"], start=2):
        cutoff = np.datetime64(period_end + DAY, "ns")
        # Each link once, whether used, a membership or both.
        pairs = np.unique(np.concatenate([used[used_bins == k], joined[joined_on < cutoff]]))
        metrics.append(bipartite_metrics(active[bins == k], pairs // width, pairs % width))
    return metrics


def growth(data: LabData, freq: Freq = config.DEFAULT_FREQ, start: DateLike | None = None,
           end: DateLike | None = None, spaces: links.SpaceFilter = None) -> pd.DataFrame:
    """Measure the network period by period.

    Parameters
    ----------
    data
        The validated data.
    freq
        ``"month"``, ``"quarter"`` or ``"year"`` (or ``"MS"``, ``"QS"``, ``"YS"``).
    start, end
        The window (inclusive days); default the calendar periods (quarters...) that hold
        the data's span. The first and last periods are clipped to a window given;
        newcomers and returning groups look back to the data's start.
    spaces
        Space ids to keep; default every space.

    Returns
    -------
    pandas.DataFrame
        One row per period, the columns of ``GROWTH_COLUMNS``; see :data:`DEFINITIONS`.
        The graph columns measure :func:`period_graph` of each period. When partners
        cannot be counted (:func:`~labmetrics.network.links.uncounted_partners`),
        ``network_partners`` is NaN.
    """
    lo, hi = window(data, start, end)
    # Periods read as calendar periods: by default the first starts on its quarter's (or
    # month's, year's) first day, not on the data's first date.
    alias = period_alias(freq)
    if start is None:
        lo = pd.Period(lo, freq=alias).start_time.normalize()
    if end is None:
        hi = pd.Period(hi, freq=alias).end_time.normalize()
    keep = links.space_filter(spaces)
    table = period_table(lo, hi, freq)
    n = len(table)
    rows = activity(data, bin_edges(table, freq), keep)

    active = rows[["group_id", "bin"]].drop_duplicates().reset_index(drop=True)
    first_bin = active.groupby("group_id")["bin"].transform("min")
    earlier = active.assign(bin=active["bin"] + 1)
    lapsed = earlier.merge(active, how="left", indicator=True)
    table["active_groups"] = _per_period(active, n)
    first_seen = _per_period(active.loc[active["bin"] == first_bin], n)
    # The data's first period cannot tell a newcomer from a group active before the data
    # starts: its active groups are the baseline, not newcomers.
    first_day = first_activity(data)
    baseline = ((table["period"] <= first_day) & (table["period_end"] >= first_day)).to_numpy()
    table["baseline"] = np.where(baseline, first_seen, 0)
    table["newcomers"] = np.where(baseline, 0, first_seen)
    table["returning"] = table["active_groups"] - first_seen
    table["lapsed"] = _per_period(lapsed.loc[lapsed["_merge"] == "left_only"], n)
    table["bridging_groups"] = _per_period(
        bridging(rows).drop_duplicates(["group_id", "bin"]), n)

    members = links.membership_links(data, hi, keep)
    table["groups_mapped"] = cumulative_count(data.groups["mapped_on"], table["period_end"])
    joined = (members.drop_duplicates("group_id")["joined_on"] if keep is not None
              else data.groups["network_joined_on"])
    table["network_partners"] = (float("nan") if links.uncounted_partners(data)
                                 else cumulative_count(joined, table["period_end"]))

    metrics = pd.DataFrame(_period_graphs(rows, members, table), index=table.index)
    table = pd.concat([table, metrics], axis=1)
    integers = [c for c in GROWTH_COLUMNS if c not in (
        "period", "period_end", "density", "largest_component_share", "spaces_per_group",
        "groups_per_space") and table[c].notna().all()]
    table[integers] = table[integers].astype("int64")
    return table[list(GROWTH_COLUMNS)]
