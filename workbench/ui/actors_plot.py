"""Drawings of the actor network with HoloViews/Bokeh: the map, the ego network, the level heatmap.

Hover tooltips show names through Bokeh's ``@field`` tooltips, which escape
their values: an actor called ``<b>x</b>`` is shown as that text.
"""

from __future__ import annotations

import holoviews as hv
import polars as pl

from workbench.actors.vocabulary import LABELS, LEVEL_ORDER, TIE_KINDS
from workbench.i18n import translator
from workbench.ui.look import PALETTE

__all__ = ["DASHES", "label_level", "level_heatmap", "network_plot"]

#: Line style of each tie kind.
DASHES: dict[str, str] = {
    "collaboration": "solid",
    "funding": "dashed",
    "information": "dotted",
    "coordination": "dashdot",
    "conflict": "solid",
}
_EDGE_COLOURS = {kind: "#8a94a6" for kind in TIE_KINDS} | {"conflict": "#c0392b"}


def _scaled(values: pl.Series, low: float = 9.0, high: float = 30.0) -> list[float]:
    values = values.cast(pl.Float64).fill_null(0.0)
    top, bottom = values.max(), values.min()
    if top is None or bottom is None or top == bottom:
        return [(low + high) / 2] * values.len()
    return ((values - bottom) / (top - bottom) * (high - low) + low).to_list()


def network_plot(
    nodes: pl.DataFrame,
    ties: pl.DataFrame,
    *,
    size_by: str,
    colour_by: str,
    lang: str,
    height: int = 560,
    title: str = "",
    selected: str = "",
) -> tuple[hv.Overlay, hv.Points]:
    """The map: ties as segments styled by kind, actors as points sized and coloured.

    Parameters
    ----------
    nodes
        One row per actor shown: ``id``, ``name``, ``x``, ``y``, ``level``,
        ``type``, ``community`` and the ``size_by`` column.
    ties
        ``source``, ``target``, ``kind`` among the shown actors.
    size_by, colour_by
        Metric column for the size; ``"type"``, ``"level"`` or ``"community"`` for the colour.
    selected
        Id of an actor to ring in red (the one whose card is open).

    Returns
    -------
    tuple
        The overlay, and its points element (a tap on it selects an actor).
    """
    _ = translator(lang)
    where = {row[0]: (row[1], row[2]) for row in nodes.select("id", "x", "y").iter_rows()}
    layers = []
    for kind in TIE_KINDS:
        subset = ties.filter(pl.col("kind") == kind)
        segments = [
            (*where[s], *where[t]) for s, t in subset.select("source", "target").iter_rows()
        ]
        if not segments:
            continue
        layers.append(
            hv.Segments(segments, kdims=["x0", "y0", "x1", "y1"], label=_(LABELS[kind])).opts(
                line_dash=DASHES[kind],
                color=_EDGE_COLOURS[kind],
                line_width=1.4,
                line_alpha=0.7,
            )
        )

    def label(value: object) -> str:
        if colour_by == "community":
            return _("Community {n}", n=value)
        return _(LABELS.get(str(value or "none"), str(value)))

    shown = nodes.with_columns(
        pl.Series("size", _scaled(nodes[size_by]), dtype=pl.Float64),
        pl.Series("group", [label(v) for v in nodes[colour_by].to_list()], dtype=pl.String),
        pl.Series("level_label", [label_level(v, lang) for v in nodes["level"].to_list()]),
        pl.Series("type_label", [_(LABELS[v]) for v in nodes["type"].to_list()]),
        pl.col(size_by).cast(pl.Float64).round(3).alias("metric"),
    )
    groups = sorted(set(shown["group"].to_list()))
    cmap = {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(groups)}
    points = hv.Points(
        shown.select(
            "x", "y", "name", "level_label", "type_label", "metric", "size", "group", "id"
        ).to_pandas(),
        kdims=["x", "y"],
        vdims=["name", "level_label", "type_label", "metric", "size", "group", "id"],
    ).opts(
        size="size",
        color="group",
        cmap=cmap,
        line_color="white",
        tools=["tap", "hover"],
        hover_tooltips=[
            (_("Actor"), "@name"),
            (_("Level"), "@level_label"),
            (_("Type"), "@type_label"),
            (_("Metric"), "@metric"),
        ],
        nonselection_alpha=0.5,
        show_legend=True,
    )
    ring = []
    if selected in where:
        ring = [
            hv.Points([where[selected]], kdims=["x", "y"]).opts(
                size=34, fill_alpha=0, line_color="#d00000", line_width=3, tools=[]
            )
        ]
    overlay = hv.Overlay([*layers, points, *ring]).opts(
        height=height,
        responsive=True,
        xaxis=None,
        yaxis=None,
        show_grid=False,
        legend_position="right",
        title=title,
        toolbar="above",
    )
    return overlay, points


def label_level(level: object, lang: str) -> str:
    """The translated name of a level (``None``: no level)."""
    _ = translator(lang)
    return _(LABELS[str(level) if level else "none"])


def level_heatmap(matrix: pl.DataFrame, *, lang: str, title: str = "") -> hv.HeatMap:
    """The level-by-level tie density as a heatmap (rows: level, columns: level)."""
    _ = translator(lang)
    names = {lv: label_level(lv if lv != "none" else None, lang) for lv in LEVEL_ORDER}
    long = matrix.unpivot(index="level", variable_name="other", value_name="density").select(
        pl.col("other").replace_strict(names).alias("to"),
        pl.col("level").replace_strict(names).alias("from"),
        pl.col("density").round(3),
    )
    order = [names[lv] for lv in LEVEL_ORDER]
    return (
        hv.HeatMap(long.to_pandas(), kdims=["to", "from"], vdims=["density"])
        .opts(
            cmap="Greens",
            colorbar=True,
            tools=["hover"],
            height=380,
            responsive=True,
            xlabel="",
            ylabel="",
            title=title,
            invert_yaxis=True,
            xrotation=30,
            clim=(0, None),
            hover_tooltips=[(_("From"), "@from"), (_("To"), "@to"), (_("Density"), "@density")],
            xticks=None,
        )
        .redim.values(to=order, **{"from": order})
    )
