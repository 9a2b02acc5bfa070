"""Where each actor sits on the map: layered by level of government, or by a seeded force layout."""

from __future__ import annotations

from typing import Literal

import networkx as nx
import polars as pl

from workbench.actors.network import ActorNetwork
from workbench.actors.vocabulary import LEVEL_ORDER, NO_LEVEL
from workbench.errors import InputError
from workbench.i18n import N_

__all__ = ["LAYOUTS", "positions"]

#: The layouts :func:`positions` knows.
LAYOUTS: tuple[str, ...] = ("levels", "force")


def _layered(network: ActorNetwork) -> dict[str, tuple[float, float]]:
    # national on top (y = 4), parish at y = 1, actors outside government below (y = 0);
    # within a row, actors are ordered by territory then id so a canton's bodies sit together
    rows = len(LEVEL_ORDER) - 1
    frame = network.actors.with_columns(pl.col("level").fill_null(NO_LEVEL)).sort(
        "territory_code", "id", nulls_last=False
    )
    out: dict[str, tuple[float, float]] = {}
    for depth, level in enumerate(LEVEL_ORDER):
        ids = frame.filter(pl.col("level") == level)["id"].to_list()
        for i, actor in enumerate(ids):
            x = (i + 1) / (len(ids) + 1)
            # alternate a little up and down so crowded rows stay readable
            y = rows - depth + (0.18 if i % 2 else -0.18) * (len(ids) > 12)
            out[actor] = (x, y)
    return out


def positions(
    network: ActorNetwork, layout: Literal["levels", "force"] = "levels", *, seed: int = 0
) -> pl.DataFrame:
    """Coordinates of every actor: ``id``, ``x``, ``y``.

    Parameters
    ----------
    layout
        ``"levels"``: rows by level of government (national at the top, parish
        at the bottom, actors outside government below them). ``"force"``:
        networkx's spring layout over all ties, seeded.
    seed
        Seed of the force layout.
    """
    if layout not in LAYOUTS:
        raise InputError(N_("{value} is not a map layout."), value=layout)
    if layout == "levels":
        coords = _layered(network)
    else:
        graph = network.undirected(kinds=None)
        # "force" (Fruchterman-Reingold) is quicker than networkx's default above 500 nodes
        coords = (
            nx.spring_layout(graph, seed=seed, weight=None, method="force") if len(graph) else {}
        )
        coords = {k: (float(v[0]), float(v[1])) for k, v in coords.items()}
    ids = network.actors["id"].to_list()
    return pl.DataFrame(
        {
            "id": ids,
            "x": [coords[i][0] for i in ids],
            "y": [coords[i][1] for i in ids],
        },
        schema={"id": pl.String, "x": pl.Float64, "y": pl.Float64},
    )
