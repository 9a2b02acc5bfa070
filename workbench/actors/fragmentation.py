"""Borgatti's fragmentation and the key players whose removal fragments a network most.

networkx gives the connected components; the fragmentation measure and the
greedy search over removals are written here (networkx has neither).
"""

from __future__ import annotations

import networkx as nx
import polars as pl

__all__ = ["fragmentation", "key_players"]


def fragmentation(graph: nx.Graph) -> float:
    """Share of pairs of nodes that cannot reach each other (0: connected, 1: no ties).

    ``F = 1 - sum(s_k (s_k - 1)) / (n (n - 1))`` over the sizes ``s_k`` of the
    connected components (Borgatti 2006, key player problem).

    Examples
    --------
    >>> fragmentation(nx.path_graph(3))
    0.0
    >>> fragmentation(nx.empty_graph(4))
    1.0
    """
    n = graph.number_of_nodes()
    if n < 2:
        return 0.0
    reached = sum(len(c) * (len(c) - 1) for c in nx.connected_components(graph))
    return 1.0 - reached / (n * (n - 1))


def _candidates(graph: nx.Graph, pool: int) -> list[str]:
    if graph.number_of_nodes() <= max(pool, 200):
        return sorted(graph.nodes)
    cut = set(nx.articulation_points(graph))
    by_degree = sorted(graph.degree, key=lambda item: (-item[1], item[0]))[:pool]
    return sorted(cut | {node for node, _ in by_degree})


def key_players(graph: nx.Graph, k: int = 3, *, pool: int = 40) -> pl.DataFrame:
    """The ``k`` nodes whose removal, one after the other, fragments ``graph`` most.

    A greedy search: at each step the node whose removal raises the
    fragmentation most is taken (ties broken by id). In networks above 200
    nodes only articulation points and the ``pool`` best-connected nodes are
    tried at each step, which is where a large gain can come from.

    Returns
    -------
    polars.DataFrame
        ``rank``, ``id``, ``fragmentation`` (after removing it and those above)
        and ``gain`` over the step before.
    """
    work = nx.Graph(graph)
    current = fragmentation(work)
    rows = []
    for rank in range(1, min(k, work.number_of_nodes()) + 1):
        n = work.number_of_nodes() - 1
        if n < 2:
            break
        component_of = {}
        reached = 0
        for members in nx.connected_components(work):
            reached += len(members) * (len(members) - 1)
            for node in members:
                component_of[node] = members
        best, best_value = None, -1.0
        for node in _candidates(work, pool):
            members = component_of[node]
            rest = work.subgraph(members - {node})
            split = sum(len(c) * (len(c) - 1) for c in nx.connected_components(rest))
            value = 1.0 - (reached - len(members) * (len(members) - 1) + split) / (n * (n - 1))
            if value > best_value + 1e-12:
                best, best_value = node, value
        work.remove_node(best)
        rows.append(
            {"rank": rank, "id": best, "fragmentation": best_value, "gain": best_value - current}
        )
        current = best_value
    return pl.DataFrame(rows, schema=_SCHEMA)


_SCHEMA = {"rank": pl.Int64, "id": pl.String, "fragmentation": pl.Float64, "gain": pl.Float64}
