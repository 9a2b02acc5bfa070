"""The workbench's colours, shared by the apps (Panel) and the report charts (matplotlib)."""

from __future__ import annotations

__all__ = ["ACCENT", "HEADER", "PALETTE"]

#: Accent and header colours (green and deep blue of the province's identity).
ACCENT = "#1b7a43"
HEADER = "#0d3b66"
#: Categorical palette for themes, levels and types (colour-blind safe, Okabe-Ito first).
PALETTE: tuple[str, ...] = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#000000",
    "#8c564b",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
    "#393b79",
    "#637939",
)
