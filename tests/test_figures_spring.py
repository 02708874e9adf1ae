"""Tests of labmetrics.figures.spring: the force-directed layout gives networkx's positions,
float for float, on the networks the reports draw."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import networkx as nx
import numpy as np
import pytest

from labmetrics import figures, network
from labmetrics.dataset import LabData
from labmetrics.figures import graph as drawing
from labmetrics.figures.spring import DENSE_MAX_NODES, spring_positions
from labmetrics.report.network_growth import pick_snapshots


def networkx_positions(graph: nx.Graph, *, k: float,
                       pos: Mapping[Hashable, tuple[float, float]] | None = None,
                       fixed: Sequence[Hashable] | None = None, iterations: int = 50,
                       seed: int = 0) -> dict[Hashable, np.ndarray]:
    return nx.spring_layout(graph, k=k, pos=pos, fixed=fixed, iterations=iterations,
                            seed=seed, method="force")


def assert_same(ours: Mapping[Hashable, np.ndarray],
                theirs: Mapping[Hashable, np.ndarray]) -> None:
    assert list(ours) == list(theirs)
    for node, xy in theirs.items():
        assert ours[node].tobytes() == np.asarray(xy, dtype=float).tobytes(), node


@pytest.fixture(scope="module")
def sample_snapshots(sample_data: LabData) -> list[nx.Graph]:
    """The graphs the network report draws on the bundled sample, one per period, in
    2016–2018 by quarter."""
    start, end = network.window(sample_data, "2016-01-01", "2018-12-31")
    return [s.graph for s in network.snapshots(sample_data, "quarter", start, end)]


def test_the_positions_are_networkx_own_on_the_sample_networks(
        sample_snapshots: list[nx.Graph]) -> None:
    drawn = pick_snapshots(sample_snapshots)
    union = nx.compose_all(drawn)
    graphs = [union, *sample_snapshots[::3]]
    for i, graph in enumerate(graphs):
        linked = graph.subgraph([n for n, d in graph.degree() if d]).copy()
        spaces = sorted(n for n, kind in linked.nodes(data="type") if kind == "space")
        pos = {s: (np.cos(j), np.sin(j)) for j, s in enumerate(spaces)}
        k = 2.0 / np.sqrt(len(linked))
        for seed in (20231, i):
            assert_same(spring_positions(linked, k=k, pos=pos, fixed=spaces, iterations=150,
                                         seed=seed),
                        networkx_positions(linked, k=k, pos=pos, fixed=spaces,
                                           iterations=150, seed=seed))
        # No node fixed: random starting positions, rescaled at the end.
        assert_same(spring_positions(linked, k=k, seed=3),
                    networkx_positions(linked, k=k, seed=3))


def test_small_graphs_and_weights_are_laid_out_as_networkx_does() -> None:
    weighted = nx.Graph()
    weighted.add_weighted_edges_from([("a", "b", 3.0), ("b", "c", 0.5), ("c", "a", 1.0)])
    for graph in (nx.path_graph(2), nx.star_graph(30), weighted, nx.empty_graph(4)):
        assert_same(spring_positions(graph, k=0.3, seed=1),
                    networkx_positions(graph, k=0.3, seed=1))
    lone = nx.Graph()
    lone.add_node("x")
    assert list(spring_positions(lone, k=1.0)) == ["x"]
    assert spring_positions(nx.Graph(), k=1.0) == {}


def test_a_graph_networkx_lays_out_another_way_or_fixed_nodes_without_places_are_refused(
) -> None:
    with pytest.raises(ValueError, match="at most"):
        spring_positions(nx.path_graph(DENSE_MAX_NODES + 1), k=0.1)
    with pytest.raises(ValueError, match="without positions"):
        spring_positions(nx.path_graph(3), k=0.1, pos={0: (0.0, 0.0)}, fixed=[0, 1])


def test_the_report_layout_is_the_one_networkx_gave(sample_snapshots: list[nx.Graph],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    union = nx.compose_all(pick_snapshots(sample_snapshots))
    monkeypatch.setattr(drawing, "_LAYOUTS", {})
    ours = figures.network_layout(union)
    monkeypatch.setattr(drawing, "_LAYOUTS", {})
    monkeypatch.setattr(drawing, "spring_positions",
                        lambda graph, **kw: networkx_positions(graph, **kw))
    assert figures.network_layout(union) == ours
