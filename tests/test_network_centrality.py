"""Tests for labmetrics.network.centrality: the same betweenness as networkx, faster."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest

from labmetrics.dataset import LabData
from labmetrics.network import build_graph, centrality, snapshots, window
from labmetrics.network.centrality import betweenness_centrality


def _tripartite(seed: int) -> nx.Graph:
    """A random graph shaped like the network: groups, a few spaces, projects, leaves."""
    rng = nx.utils.create_py_random_state(seed)
    graph = nx.Graph()
    spaces = [f"space:S{i}" for i in range(4)]
    projects = [f"project:P{i}" for i in range(6)]
    graph.add_nodes_from(spaces + projects)
    for g in range(40):
        group = f"group:G{g}"
        graph.add_node(group)
        for other in rng.sample(spaces + projects, rng.randint(0, 3)):
            graph.add_edge(group, other)
    for project in projects[:4]:
        graph.add_edge(project, rng.choice(spaces))
    return graph


def test_a_path_by_hand() -> None:
    # a - b - c - d: b lies on a-c and a-d, c on a-d and b-d; 3 pairs of other nodes each.
    assert betweenness_centrality(nx.path_graph("abcd")) == pytest.approx(
        {"a": 0.0, "b": 2 / 3, "c": 2 / 3, "d": 0.0})


def test_two_shortest_paths_share_the_pair() -> None:
    # The square a-b-c-d-a: a-c goes through b or d (half each), b-d through a or c.
    square = nx.cycle_graph("abcd")
    assert betweenness_centrality(square) == pytest.approx(dict.fromkeys("abcd", 1 / 6))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_exact_equals_networkx(seed: int) -> None:
    graph = _tripartite(seed)
    assert betweenness_centrality(graph) == pytest.approx(
        nx.betweenness_centrality(graph), rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("k", [2, 9, 25])
def test_sampled_sources_equal_networkx(k: int) -> None:
    graph = _tripartite(7)
    assert betweenness_centrality(graph, k=k, seed=2017) == pytest.approx(
        nx.betweenness_centrality(graph, k=k, seed=2017), rel=1e-12, abs=1e-15)


def test_batches_add_up(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = _tripartite(4)
    whole = betweenness_centrality(graph)
    # One source per batch.
    monkeypatch.setattr(centrality, "BATCH_ELEMENTS", 1)
    assert betweenness_centrality(graph) == pytest.approx(whole, rel=1e-12, abs=1e-15)


def test_disconnected_self_loops_and_lone_nodes() -> None:
    graph = nx.Graph([("a", "b"), ("b", "c"), ("x", "y"), ("y", "z"), ("z", "z")])
    graph.add_node("lone")
    assert betweenness_centrality(graph) == pytest.approx(
        nx.betweenness_centrality(graph), abs=1e-15)
    # b and y each lie on one pair out of (7 - 1)(7 - 2) / 2 = 15.
    assert betweenness_centrality(graph)["b"] == pytest.approx(1 / 15)


def test_tiny_graphs() -> None:
    assert betweenness_centrality(nx.Graph()) == {}
    assert betweenness_centrality(nx.path_graph(1)) == {0: 0.0}
    assert betweenness_centrality(nx.path_graph(2)) == {0: 0.0, 1: 0.0}


def test_one_sampled_source_is_undefined_for_itself_as_in_networkx() -> None:
    graph = nx.path_graph(5)
    ours = betweenness_centrality(graph, k=1, seed=3)
    theirs = nx.betweenness_centrality(graph, k=1, seed=3)
    assert [math.isnan(v) for v in ours.values()] == [math.isnan(v) for v in theirs.values()]
    assert {n: v for n, v in ours.items() if not math.isnan(v)} == pytest.approx(
        {n: v for n, v in theirs.items() if not math.isnan(v)})


def test_as_many_samples_as_nodes_is_exact() -> None:
    graph = _tripartite(5)
    assert betweenness_centrality(graph, k=len(graph), seed=1) == pytest.approx(
        nx.betweenness_centrality(graph), rel=1e-12, abs=1e-15)


def _spread(values: np.ndarray, tail: np.ndarray, head: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros((values.shape[0], n))
    if len(tail):
        starts = np.flatnonzero(np.r_[True, head[1:] != head[:-1]])
        out[:, head[starts]] = np.add.reduceat(values[:, tail], starts, axis=1)
    return out


def _level_wide_dependency(graph: centrality.Adjacency, sources: np.ndarray) -> np.ndarray:
    """The reference: every level a pass over whole ``sources × nodes`` arrays."""
    n, rows = len(graph.nodes), np.arange(len(sources))
    dist = np.full((len(sources), n), -1, dtype=np.int32)
    sigma = np.zeros((len(sources), n))
    dist[rows, sources], sigma[rows, sources] = 0, 1.0
    frontier = sigma.copy()
    levels: list[np.ndarray] = []
    active = np.zeros(n, dtype=bool)
    active[sources] = True
    while True:
        pick = active[graph.tail]
        reach = _spread(frontier, graph.tail[pick], graph.head[pick], n)
        new = (dist < 0) & (reach > 0)
        if not new.any():
            break
        dist[new] = len(levels) + 1
        sigma[new] = reach[new]
        frontier = np.where(new, sigma, 0.0)
        active = new.any(axis=0)
        levels.append(active)
    delta = np.zeros_like(sigma)
    safe_sigma = np.where(sigma > 0, sigma, 1.0)
    for depth in range(len(levels), 1, -1):
        pick = levels[depth - 1][graph.tail]
        coeff = np.where(dist == depth, (1.0 + delta) / safe_sigma, 0.0)
        below = _spread(coeff, graph.tail[pick], graph.head[pick], n)
        delta += np.where(dist == depth - 1, sigma * below, 0.0)
    delta[rows, sources] = 0.0
    return delta.sum(axis=0)


def _graphs_of(data: LabData) -> list[nx.Graph]:
    """The window's graph of ``data`` and its graph of each quarter."""
    start, end = window(data)
    return [build_graph(data, start, end),
            *(s.graph for s in snapshots(data, "quarter", start, end))]


@pytest.mark.parametrize("which", ["sample_data", "messy"])
def test_dependency_by_the_reached_nodes_is_the_level_wide_one(
        which: str, request: pytest.FixtureRequest) -> None:
    # Same floats, bit for bit: every batch of sources, as the report's graphs give them.
    graphs = _graphs_of(request.getfixturevalue(which))
    graphs += [_tripartite(seed) for seed in range(6)]
    rng = np.random.default_rng(5)
    checked = 0
    for graph in graphs:
        adj = centrality.adjacency(graph)
        n = len(adj.nodes)
        batches = [np.arange(n), rng.permutation(n)[: max(1, n // 3)], np.arange(n)[-1:]]
        for sources in batches:
            if not n:
                continue
            ours = centrality._batch_dependency(adj, sources)
            assert ours.tobytes() == _level_wide_dependency(adj, sources).tobytes()
            checked += 1
    assert checked > 20


def test_sampled_betweenness_on_the_sample_is_networkx(sample_data: LabData) -> None:
    graph = build_graph(sample_data, *window(sample_data))
    assert betweenness_centrality(graph, k=20, seed=2017) == pytest.approx(
        nx.betweenness_centrality(graph, k=20, seed=2017), rel=1e-12, abs=1e-15)
