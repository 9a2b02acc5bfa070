"""Charts of the session report, drawn with matplotlib as PNG pictures.

Each function takes polars frames and returns PNG bytes. Figures are made
with :class:`matplotlib.figure.Figure` (no pyplot state), so charts can be
drawn from server threads. Colours follow :data:`PALETTE` (Okabe-Ito first,
as the apps use).
"""

from __future__ import annotations

import io

import networkx as nx
import polars as pl
from matplotlib.figure import Figure

from workbench.palette import PALETTE

__all__ = [
    "LEVEL_ORDER",
    "PALETTE",
    "agreements_chart",
    "bar_chart",
    "network_chart",
    "participation_chart",
    "portfolio_chart",
    "ranking_chart",
]

ACCENT = "#1b7a43"

#: Government levels from top to bottom of the network picture.
LEVEL_ORDER: tuple[str, ...] = ("national", "provincial", "cantonal", "parish", "")


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return buffer.getvalue()


def bar_chart(
    labels: list[str], values: list[float], *, title: str, xlabel: str = "", color: str = ACCENT
) -> bytes:
    """A horizontal bar chart, first label on top, each bar with its value."""
    height = max(2.0, 0.32 * len(labels) + 1.0)
    figure = Figure(figsize=(7.5, height))
    ax = figure.subplots()
    positions = list(range(len(labels)))
    ax.barh(positions, values, color=color)
    ax.set_yticks(positions, labels=labels)
    ax.invert_yaxis()
    ax.set_title(title, loc="left")
    ax.set_xlabel(xlabel)
    for y, value in zip(positions, values, strict=True):
        ax.text(value, y, f" {value:g}", va="center", fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def participation_chart(counts: pl.DataFrame, titles: dict[str, str], missing: str) -> bytes:
    """Four panels: participants by sector, government level, territory and gender.

    Parameters
    ----------
    counts
        ``dimension, label, count`` rows.
    titles
        Panel title per dimension (``sector``, ``level``, ``canton``, ``gender``).
    missing
        Label for participants who did not state the value.
    """
    dimensions = [d for d in ("sector", "level", "canton", "gender") if d in titles]
    figure = Figure(figsize=(10, 7.5))
    axes = figure.subplots(2, 2).ravel()
    for ax, dimension, color in zip(axes, dimensions, PALETTE, strict=False):
        part = counts.filter(pl.col("dimension") == dimension)
        labels = part["label"].fill_null(missing).to_list()
        values = part["count"].to_list()
        positions = list(range(len(labels)))
        ax.barh(positions, values, color=color)
        ax.set_yticks(positions, labels=labels, fontsize=8)
        ax.invert_yaxis()
        ax.set_title(titles[dimension], loc="left", fontsize=10)
        ax.spines[["top", "right"]].set_visible(False)
        for y, value in zip(positions, values, strict=True):
            ax.text(value, y, f" {value}", va="center", fontsize=7)
    figure.tight_layout()
    return _png(figure)


def network_chart(
    actors: pl.DataFrame, ties: pl.DataFrame, *, level_names: dict[str, str], isolated: str
) -> bytes:
    """The actor network in layers by government level (national on top), isolates in red.

    Within a layer actors are spread evenly in id order, so the picture is
    the same every time; line width follows tie weight, conflict ties dashed.
    """
    graph = nx.Graph()
    for row in actors.iter_rows(named=True):
        graph.add_node(row["id"], level=row["level"] or "")
    for row in ties.iter_rows(named=True):
        if row["source"] in graph and row["target"] in graph:
            graph.add_edge(
                row["source"], row["target"], weight=row["weight"] or 1.0, kind=row["kind"]
            )
    positions = {}
    for depth, level in enumerate(LEVEL_ORDER):
        members = sorted(n for n, d in graph.nodes(data=True) if d["level"] == level)
        for i, node in enumerate(members):
            positions[node] = ((i + 0.5) / max(len(members), 1), -depth + 0.25 * (i % 2))
    figure = Figure(figsize=(10, 6))
    ax = figure.subplots()
    for kind, style in (("conflict", "dashed"), (None, "solid")):
        edges = [
            (u, v)
            for u, v, d in graph.edges(data=True)
            if (d["kind"] == "conflict") == (kind == "conflict")
        ]
        widths = [0.4 + 0.4 * graph.edges[e]["weight"] for e in edges]
        nx.draw_networkx_edges(
            graph, positions, edgelist=edges, width=widths, style=style, alpha=0.35, ax=ax
        )
    level_colour = {level: PALETTE[i] for i, level in enumerate(LEVEL_ORDER)}
    lonely = {n for n in graph.nodes if graph.degree(n) == 0}
    nx.draw_networkx_nodes(
        graph,
        positions,
        node_size=[60 + 25 * graph.degree(n) for n in graph.nodes],
        node_color=[level_colour[graph.nodes[n]["level"]] for n in graph.nodes],
        edgecolors=["#d00000" if n in lonely else "white" for n in graph.nodes],
        linewidths=[2.5 if n in lonely else 0.5 for n in graph.nodes],
        ax=ax,
    )
    nx.draw_networkx_labels(graph, positions, font_size=6, ax=ax)
    for depth, level in enumerate(LEVEL_ORDER):
        ax.text(-0.02, -depth, level_names.get(level, level), ha="right", va="center", fontsize=9)
    if lonely:
        ax.text(
            1.0,
            -len(LEVEL_ORDER) + 0.6,
            f"{isolated}: {', '.join(sorted(lonely))}",
            ha="right",
            fontsize=8,
            color="#d00000",
        )
    ax.set_axis_off()
    ax.set_xlim(-0.25, 1.02)
    return _png(figure)


def ranking_chart(
    ranking: pl.DataFrame, criteria: dict[str, str], *, title: str, top: int = 20
) -> bytes:
    """Stacked bars of each criterion's contribution for the ``top`` ranked proposals."""
    part = ranking.sort("rank").head(top)
    contrib = [c for c in part.columns if c.startswith("contrib_")]
    labels = [f"{r}. {p}" for r, p in zip(part["rank"], part["proposal_id"], strict=True)]
    figure = Figure(figsize=(8, max(2.5, 0.3 * len(labels) + 1.2)))
    ax = figure.subplots()
    positions = list(range(len(labels)))
    if contrib:
        left_pos = [0.0] * len(labels)
        left_neg = [0.0] * len(labels)
        for i, column in enumerate(contrib):
            values = part[column].fill_null(0.0).to_list()
            lefts = [
                lp if v >= 0 else ln for v, lp, ln in zip(values, left_pos, left_neg, strict=True)
            ]
            ax.barh(
                positions,
                values,
                left=lefts,
                color=PALETTE[i % len(PALETTE)],
                label=criteria.get(column.removeprefix("contrib_"), column),
            )
            left_pos = [lp + max(v, 0) for v, lp in zip(values, left_pos, strict=True)]
            left_neg = [ln + min(v, 0) for v, ln in zip(values, left_neg, strict=True)]
        ax.legend(fontsize=7, loc="lower right")
    else:
        ax.barh(positions, part["score"].to_list(), color=ACCENT)
    ax.set_yticks(positions, labels=labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_title(title, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    return _png(figure)


def portfolio_chart(by_canton: pl.DataFrame, *, title: str, xlabel: str) -> bytes:
    """Funded amount per canton (``canton, cost``)."""
    return bar_chart(
        by_canton["canton"].to_list(),
        [round(v) for v in by_canton["cost"].to_list()],
        title=title,
        xlabel=xlabel,
        color=PALETTE[0],
    )


def agreements_chart(counts: pl.DataFrame, *, title: str) -> bytes:
    """Agreements per status (``label, count``)."""
    return bar_chart(
        counts["label"].to_list(), counts["count"].to_list(), title=title, color=PALETTE[2]
    )
