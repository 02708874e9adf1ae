"""A force-directed layout with fixed nodes, number for number networkx's.

:func:`spring_positions` returns what ``networkx.spring_layout(graph, k=k, pos=pos,
fixed=fixed, iterations=iterations, seed=seed, method="force")`` returns for a graph of
fewer than 500 nodes, float for float, in a third of its time. Each step of the layout
measures every pair of nodes; networkx keeps the pairs' differences as one array of
``n × n × 2`` values and reduces its last axis (of two) for their distances, which numpy
does an element pair at a time. Here the two coordinates' differences are taken as two
plain ``n × n`` arrays and the distances from them: the same operations on the same values,
so the same floats, without the short inner loops. The force itself is summed by the same
``einsum`` on the same array as networkx's, so that its order of summation is the same.
``tests/test_figures_spring.py`` holds it to networkx on the bundled sample's networks.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import networkx as nx
import numpy as np

# networkx lays out a graph of this many nodes or more on a sparse matrix, another method.
DENSE_MAX_NODES = 499


def spring_positions(graph: nx.Graph, *, k: float,
                     pos: Mapping[Hashable, tuple[float, float]] | None = None,
                     fixed: Sequence[Hashable] | None = None, iterations: int = 50,
                     seed: int = 0, threshold: float = 1e-4
                     ) -> dict[Hashable, np.ndarray]:
    """Positions of ``graph``'s nodes by Fruchterman-Reingold force, as networkx's
    ``spring_layout(..., method="force")`` gives them (edge weights from ``"weight"``).

    Parameters
    ----------
    graph
        At most :data:`DENSE_MAX_NODES` nodes.
    k
        The optimal distance between nodes.
    pos, fixed
        Starting positions, and the nodes that keep theirs (``fixed`` needs ``pos``).
    iterations, seed, threshold
        As networkx's: the steps, the seed of the random starting positions, and the mean
        move under which the layout stops early.

    Returns
    -------
    dict
        Node to a numpy array ``(x, y)``, in the graph's order.

    Raises
    ------
    ValueError
        A graph too large for the dense method, or fixed nodes without positions.
    """
    n = len(graph)
    if n > DENSE_MAX_NODES:
        raise ValueError(f"spring_positions lays out at most {DENSE_MAX_NODES} nodes, not {n}")
    rng = np.random.RandomState(seed)
    center = np.zeros(2)
    fixed_rows = None
    if fixed is not None:
        if pos is None or any(node not in pos for node in fixed):
            raise ValueError("nodes are fixed without positions given")
        row = {node: i for i, node in enumerate(graph)}
        fixed_rows = np.asarray([row[node] for node in fixed if node in row])
    if pos is not None:
        # As networkx: random starting positions spread over the given ones' domain.
        dom_size = max(coord for xy in pos.values() for coord in xy) or 1
        start = rng.rand(n, 2) * dom_size + center
        for i, node in enumerate(graph):
            if node in pos:
                start[i] = np.asarray(pos[node])
    else:
        start = None
    if n == 0:
        return {}
    if n == 1:
        return {next(iter(graph)): center}
    adjacency = nx.to_numpy_array(graph, weight="weight")
    placed = _fruchterman_reingold(adjacency, k, start, fixed_rows, iterations, threshold, rng)
    if fixed_rows is None:
        placed = nx.rescale_layout(placed, scale=1) + center
    return dict(zip(graph, placed, strict=True))


def _fruchterman_reingold(adjacency: np.ndarray, k: float, pos: np.ndarray | None,
                          fixed: np.ndarray | None, iterations: int, threshold: float,
                          rng: np.random.RandomState) -> np.ndarray:
    """networkx's dense ``_fruchterman_reingold``, with the pairs' differences and distances
    taken per coordinate (the same floats)."""
    n = adjacency.shape[0]
    pos = (np.asarray(rng.rand(n, 2), dtype=adjacency.dtype) if pos is None
           else pos.astype(adjacency.dtype))
    xs, ys = pos.T[0], pos.T[1]
    t = max(max(xs) - min(xs), max(ys) - min(ys)) * 0.1
    dt = t / (iterations + 1)
    delta = np.empty((n, n, 2), dtype=adjacency.dtype)
    dx, dy = np.empty((n, n)), np.empty((n, n))
    distance = np.empty((n, n))
    for _ in range(iterations):
        x, y = pos[:, 0], pos[:, 1]
        np.subtract(x[:, np.newaxis], x[np.newaxis, :], out=dx)
        np.subtract(y[:, np.newaxis], y[np.newaxis, :], out=dy)
        delta[:, :, 0] = dx
        delta[:, :, 1] = dy
        # |d| as numpy's norm takes it along an axis of two: sqrt(dx*dx + dy*dy).
        np.multiply(dx, dx, out=distance)
        distance += dy * dy
        np.sqrt(distance, out=distance)
        np.clip(distance, 0.01, None, out=distance)
        displacement = np.einsum("ijk,ij->ik", delta,
                                 (k * k / distance**2 - adjacency * distance / k))
        length = np.linalg.norm(displacement, axis=-1)
        length = np.clip(length, a_min=0.01, a_max=None)
        delta_pos = np.einsum("ij,i->ij", displacement, t / length)
        if fixed is not None:
            delta_pos[fixed] = 0.0
        pos += delta_pos
        t -= dt
        if (np.linalg.norm(delta_pos) / n) < threshold:
            break
    return pos
