"""Actors and the deliberation: which actors can carry each theme, at which level,
and who could bring an isolated actor to a theme's actors.

Proposals are grouped by theme only through the frame of
:func:`workbench.themes.current_themes` (``proposal_id``, ``theme_id``,
``theme``), passed in by the caller.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import polars as pl

from workbench.actors.network import ActorNetwork
from workbench.actors.vocabulary import LEVEL_ORDER, NO_LEVEL
from workbench.errors import NotFoundError
from workbench.i18n import N_

__all__ = ["CARRYING", "suggest_brokers", "theme_actors", "theme_coverage"]

#: Relations that make an actor able to carry a theme.
CARRYING: tuple[str, ...] = ("proposes", "could_execute", "could_cofinance")


def theme_actors(links: pl.DataFrame, themes: pl.DataFrame) -> pl.DataFrame:
    """Actors linked to each theme, directly or through a proposal of the theme.

    Parameters
    ----------
    links
        ``actor_id``, ``subject_kind`` (``theme`` or ``proposal``), ``subject_id``, ``relation``.
    themes
        :func:`~workbench.themes.current_themes` output.

    Returns
    -------
    polars.DataFrame
        ``actor_id``, ``theme_id``, ``theme``, ``relation``, ``proposals``
        (how many of the theme's proposals the link came through; 0 for a
        direct link), one row per actor, theme and relation.
    """
    names = themes.select("theme_id", "theme").unique().sort("theme_id")
    via_proposal = (
        links.filter(pl.col("subject_kind") == "proposal")
        .join(
            themes.select("proposal_id", "theme_id"),
            left_on="subject_id",
            right_on="proposal_id",
            how="inner",
        )
        .group_by("actor_id", "theme_id", "relation")
        .agg(pl.len().cast(pl.Int64).alias("proposals"))
    )
    direct = (
        links.filter(pl.col("subject_kind") == "theme")
        .with_columns(pl.col("subject_id").cast(pl.Int64, strict=False).alias("theme_id"))
        .drop_nulls("theme_id")
        .select("actor_id", "theme_id", "relation", pl.lit(0, dtype=pl.Int64).alias("proposals"))
    )
    both = (
        pl.concat([via_proposal.select(direct.columns), direct])
        .group_by("actor_id", "theme_id", "relation")
        .agg(pl.col("proposals").sum())
    )
    return (
        both.join(names, on="theme_id", how="inner")
        .select("actor_id", "theme_id", "theme", "relation", "proposals")
        .sort("theme_id", "actor_id", "relation")
    )


def theme_coverage(
    actors: pl.DataFrame,
    links: pl.DataFrame,
    themes: pl.DataFrame,
    *,
    relations: Sequence[str] = CARRYING,
) -> pl.DataFrame:
    """For each theme and level, how many actors could carry it, and which.

    Returns
    -------
    polars.DataFrame
        One row per theme and level of :data:`LEVEL_ORDER` (``"none"``: actors
        outside government): ``theme_id``, ``theme``, ``level``, ``actors``
        (count, 0 where the theme has nobody at that level) and ``names``.
    """
    carriers = (
        theme_actors(links, themes)
        .filter(pl.col("relation").is_in(list(relations)))
        .select("actor_id", "theme_id")
        .unique()
        .join(
            actors.select(
                pl.col("id").alias("actor_id"), "name", pl.col("level").fill_null(NO_LEVEL)
            ),
            on="actor_id",
            how="inner",
        )
        .group_by("theme_id", "level")
        .agg(pl.len().cast(pl.Int64).alias("actors"), pl.col("name").sort().str.join("; "))
        .rename({"name": "names"})
    )
    grid = (
        themes.select("theme_id", "theme")
        .unique()
        .join(pl.DataFrame({"level": list(LEVEL_ORDER)}), how="cross")
    )
    order = {lv: i for i, lv in enumerate(LEVEL_ORDER)}
    return (
        grid.join(carriers, on=["theme_id", "level"], how="left")
        .with_columns(pl.col("actors").fill_null(0), pl.col("names").fill_null(""))
        .with_columns(pl.col("level").replace_strict(order, return_dtype=pl.Int64).alias("_o"))
        .sort("theme_id", "_o")
        .drop("_o")
    )


def suggest_brokers(
    network: ActorNetwork, actor_id: str, theme_actor_ids: Iterable[str], *, top: int = 5
) -> pl.DataFrame:
    """Actors who could introduce ``actor_id`` to the actors working on a theme.

    A candidate is any actor outside the theme's actors; it ranks higher when
    it is already tied to ``actor_id``, reaches more of the theme's actors
    directly, shares more of ``actor_id``'s territory, level and sector (an
    introduction between neighbours is easier), and has higher betweenness,
    in that order (ties broken by id).

    Returns
    -------
    polars.DataFrame
        ``id``, ``name``, ``level``, ``tied_to_actor``, ``theme_actors_reached``,
        ``shared`` (how many of territory, level, sector match) and ``betweenness``;
        at most ``top`` rows, only candidates that reach at least one theme actor.
    """
    graph = network.undirected()
    if actor_id not in graph:
        raise NotFoundError(N_("There is no actor {value}."), value=actor_id)
    targets = set(theme_actor_ids) - {actor_id}
    me = graph.nodes[actor_id]
    betweenness = dict(
        zip(
            *network.metrics().select("id", "betweenness").to_dict(as_series=False).values(),
            strict=True,
        )
    )
    rows = []
    for node in graph.nodes:
        if node == actor_id or node in targets:
            continue
        reached = sum(1 for m in graph.neighbors(node) if m in targets)
        if not reached:
            continue
        data = graph.nodes[node]
        shared = sum(
            1
            for key in ("territory_code", "level", "sector")
            if me.get(key) is not None and me.get(key) == data.get(key)
        )
        rows.append(
            {
                "id": node,
                "name": data["name"],
                "level": data["level"],
                "tied_to_actor": graph.has_edge(node, actor_id),
                "theme_actors_reached": reached,
                "shared": shared,
                "betweenness": betweenness.get(node, 0.0),
            }
        )
    schema = {
        "id": pl.String,
        "name": pl.String,
        "level": pl.String,
        "tied_to_actor": pl.Boolean,
        "theme_actors_reached": pl.Int64,
        "shared": pl.Int64,
        "betweenness": pl.Float64,
    }
    frame = pl.DataFrame(rows, schema=schema)
    return frame.sort(
        ["tied_to_actor", "theme_actors_reached", "shared", "betweenness", "id"],
        descending=[True, True, True, True, False],
    ).head(top)
