"""Eigenvector centrality computed the same way on every call.

:func:`networkx.eigenvector_centrality_numpy` asks ARPACK for the leading
eigenvector from a *random* start vector, so two calls on the same graph can
differ in the last digits, and no rounding hides that (a value near a rounding
boundary falls either side). Here the leading eigenvector of the symmetric
adjacency matrix comes from LAPACK (dense, up to :data:`DENSE_UP_TO` actors) or
from ARPACK started from a fixed vector, normalised as networkx does (unit
length, positive sum): the same values as networkx's, every time.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
from scipy.sparse.linalg import eigsh

__all__ = ["DENSE_UP_TO", "eigenvector_centrality"]

#: Largest network solved with a dense eigendecomposition.
DENSE_UP_TO = 300


def eigenvector_centrality(graph: nx.Graph, *, weight: str | None = None) -> dict[str, float]:
    """Eigenvector centrality of every node of an undirected graph.

    Parameters
    ----------
    graph
        An undirected graph with at least one edge.
    weight
        Edge attribute holding weights; ``None``: every edge weighs 1.

    Returns
    -------
    dict
        Node to centrality (unit Euclidean norm over all nodes, as networkx).

    Examples
    --------
    >>> values = eigenvector_centrality(nx.path_graph(3))
    >>> [round(values[n], 6) for n in range(3)]
    [0.5, 0.707107, 0.5]
    """
    nodes = list(graph.nodes)
    matrix = nx.to_scipy_sparse_array(graph, nodelist=nodes, weight=weight, dtype=float)
    if len(nodes) <= DENSE_UP_TO:
        _, vectors = np.linalg.eigh(matrix.toarray())
        leading = vectors[:, -1]
    else:
        _, vectors = eigsh(matrix, k=1, which="LA", v0=np.ones(len(nodes)))
        leading = vectors[:, 0]
    sign = np.sign(leading.sum()) or 1.0
    leading = leading / (sign * np.linalg.norm(leading))
    return dict(zip(nodes, leading.tolist(), strict=True))
