"""Plots of the themes explorer: the 2-D map of proposals and the territory-by-theme heatmap.

Hover text is citizens' text: Bokeh escapes ``@field`` tooltip values, and
nothing here uses the ``{safe}`` format.
"""

from __future__ import annotations

import hvplot.polars  # noqa: F401 - registers .hvplot on polars frames
import polars as pl

from workbench.i18n import translator

__all__ = ["heatmap", "theme_map"]

#: Characters of a proposal shown on hover.
HOVER_CHARS = 160


def theme_map(proposals: pl.DataFrame, lang: str):
    """Scatter of proposals on the 2-D map, coloured by theme; hover shows the text."""
    _ = translator(lang)
    data = proposals.filter(pl.col("x").is_not_null()).select(
        "x",
        "y",
        "theme",
        "id",
        pl.col("text").str.slice(0, HOVER_CHARS).alias("text"),
    )
    return data.hvplot.scatter(
        x="x",
        y="y",
        by="theme",
        hover_cols=["id", "theme", "text"],
        size=30,
        alpha=0.75,
        height=420,
        responsive=True,
        xaxis=None,
        yaxis=None,
        legend="right",
        title=_("Map of proposals by theme"),
    ).opts(toolbar="above")


def heatmap(matrix: pl.DataFrame, lang: str):
    """Territory (rows) by theme (columns): proposals raised, zeros shown."""
    _ = translator(lang)
    n_rows = max(1, matrix["territory"].n_unique())
    return matrix.hvplot.heatmap(
        x="theme",
        y="territory",
        C="proposals",
        cmap="Greens",
        height=min(900, 120 + 22 * n_rows),
        responsive=True,
        rot=35,
        xlabel="",
        ylabel="",
        title=_("Proposals by territory and theme (0: none raised)"),
    ).opts(toolbar=None, colorbar=True)
