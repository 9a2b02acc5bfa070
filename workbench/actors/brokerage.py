"""Gould and Fernandez's brokerage roles (1989), which networkx does not provide.

A broker ``b`` sits on a two-path ``a → b → c`` where ``a`` and ``c`` are
different actors and ``a`` has no tie of its own to ``c``. By the groups
(levels, sectors) of the three actors the path is one of five roles:

=============== ===================== =========================================
role            groups of a, b, c      meaning
=============== ===================== =========================================
coordinator     A, A, A               mediates inside its own group
itinerant       A, B, A               outsider mediating inside another group
representative  A, A, B               speaks for its group to another
gatekeeper      A, B, B               filters what comes into its group
liaison         A, B, C               joins two groups, belonging to neither
=============== ===================== =========================================

An undirected tie counts in both directions, so in an undirected network
every path is seen from both ends (and representative and gatekeeper counts
mirror each other). The two-paths are enumerated with polars joins, so the
count stays fast on thousands of actors.
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx
import polars as pl

__all__ = ["ROLES", "brokerage_roles"]

#: The five roles, in the order of the columns.
ROLES: tuple[str, ...] = ("coordinator", "itinerant", "gatekeeper", "representative", "liaison")


def brokerage_roles(graph: nx.DiGraph, groups: Mapping[str, str]) -> pl.DataFrame:
    """Count each node's two-paths by brokerage role.

    Parameters
    ----------
    graph
        Directed graph (an undirected tie as two opposite arcs).
    groups
        Group of every node.

    Returns
    -------
    polars.DataFrame
        One row per node (graph order): ``id``, the five :data:`ROLES` counts
        and ``total``.

    Examples
    --------
    >>> g = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> brokerage_roles(g, {"a": "x", "b": "x", "c": "y"})["representative"].to_list()
    [0, 1, 0]
    """
    nodes = pl.DataFrame(
        {
            "id": pl.Series(list(graph.nodes), dtype=pl.String),
            "g": pl.Series([str(groups[n]) for n in graph.nodes], dtype=pl.String),
        }
    )
    arcs = pl.DataFrame(list(graph.edges), schema={"a": pl.String, "b": pl.String}, orient="row")
    paths = (
        arcs.join(arcs.rename({"a": "b", "b": "c"}), on="b")
        .filter(pl.col("a") != pl.col("c"))
        .join(arcs.rename({"b": "c"}), on=["a", "c"], how="anti")
        .join(nodes.rename({"id": "a", "g": "ga"}), on="a")
        .join(nodes.rename({"id": "b", "g": "gb"}), on="b")
        .join(nodes.rename({"id": "c", "g": "gc"}), on="c")
    )
    ga, gb, gc = pl.col("ga"), pl.col("gb"), pl.col("gc")
    role = (
        pl.when((ga == gb) & (gb == gc))
        .then(pl.lit("coordinator"))
        .when(ga == gc)
        .then(pl.lit("itinerant"))
        .when(gb == gc)
        .then(pl.lit("gatekeeper"))
        .when(ga == gb)
        .then(pl.lit("representative"))
        .otherwise(pl.lit("liaison"))
    )
    counts = (
        paths.select(pl.col("b").alias("id"), role.alias("role"))
        .group_by("id", "role")
        .agg(pl.len().cast(pl.Int64).alias("n"))
        .pivot(on="role", index="id", values="n")
    )
    for name in ROLES:
        if name not in counts.columns:
            counts = counts.with_columns(pl.lit(0, dtype=pl.Int64).alias(name))
    return (
        nodes.select("id")
        .join(counts, on="id", how="left", maintain_order="left")
        .select("id", *[pl.col(r).fill_null(0).cast(pl.Int64) for r in ROLES])
        .with_columns(total=pl.sum_horizontal(*ROLES))
    )
