"""Plots of the themes explorer: the 2-D map of proposals and the territory-by-theme heatmap.

Both are Bokeh figures built once per explorer and updated in place through
their ``ColumnDataSource``: an operation that moves a few proposals sends a
patch of those rows' theme and colour, not a new plot (measured in
``bench/themes_speed.py``).

Hover text is citizens' text: Bokeh escapes ``@field`` tooltip values, and
nothing here uses the ``{safe}`` format. Axis labels are drawn on the canvas
as text, never as markup.
"""

from __future__ import annotations

import polars as pl
from bokeh.models import (
    ColorBar,
    ColumnDataSource,
    FactorRange,
    HoverTool,
    LinearColorMapper,
)
from bokeh.palettes import Category20_20, Greens9
from bokeh.plotting import figure

from workbench.i18n import translator

__all__ = ["HOVER_CHARS", "TerritoryHeatmap", "ThemeColours", "ThemeMap"]

#: Characters of a proposal shown on hover.
HOVER_CHARS = 160

#: Colour of proposals not assigned to a theme yet.
UNASSIGNED = "#9e9e9e"

_MAP_COLUMNS = ("x", "y", "id", "theme", "theme_id", "text", "colour")


class ThemeColours:
    """A colour per theme, kept while the theme exists, distinct among the themes shown.

    A theme keeps its colour across operations and refits that keep its id; a new
    theme takes the first palette colour no other shown theme has (20 colours, then
    they repeat). Proposals without a theme are grey.
    """

    def __init__(self) -> None:
        self._of: dict[int, str] = {}

    def assign(self, theme_ids: list[int]) -> None:
        """Give each of ``theme_ids`` (the themes shown) a colour."""
        shown = {int(t) for t in theme_ids if t is not None and t >= 0}
        taken = {self._of[t] for t in shown if t in self._of}
        free = [c for c in Category20_20 if c not in taken]
        for i, theme in enumerate(sorted(t for t in shown if t not in self._of)):
            self._of[theme] = free[i] if i < len(free) else Category20_20[theme % 20]

    def __call__(self, theme_id: int | None) -> str:
        """The colour of ``theme_id`` (grey when it has none)."""
        if theme_id is None or theme_id < 0:
            return UNASSIGNED
        return self._of.get(int(theme_id), UNASSIGNED)


class ThemeMap:
    """Scatter of proposals on the 2-D map, coloured by theme; hover shows the text.

    Parameters
    ----------
    lang
        ``"es"`` or ``"en"`` (title and hover labels).
    """

    def __init__(self, lang: str) -> None:
        _ = translator(lang)
        self.source = ColumnDataSource({c: [] for c in _MAP_COLUMNS})
        fig = figure(
            height=420,
            sizing_mode="stretch_width",
            title=_("Map of proposals by theme"),
            tools="pan,wheel_zoom,box_zoom,reset",
            toolbar_location="above",
        )
        fig.scatter(
            "x",
            "y",
            source=self.source,
            color="colour",
            legend_field="theme",
            size=6,
            alpha=0.75,
        )
        fig.add_tools(
            HoverTool(tooltips=[(_("Id"), "@id"), (_("Theme"), "@theme"), (_("Proposal"), "@text")])
        )
        fig.axis.visible = False
        fig.grid.visible = False
        fig.legend.label_text_font_size = "9pt"
        fig.add_layout(fig.legend[0], "right")
        self.figure = fig
        self.colour = ThemeColours()
        self._ids: list[str] | None = None

    def reset(self) -> None:
        """Send every row at the next :meth:`show` (positions or texts may have changed)."""
        self._ids = None

    def show(self, proposals: pl.DataFrame) -> int:
        """Show ``proposals`` (those placed on the map); returns how many rows were sent.

        When the same proposals are shown as before, only the rows whose theme
        changed are sent (a patch of their theme and colour); otherwise all rows.
        """
        placed = proposals.filter(pl.col("x").is_not_null())
        ids = placed["id"].to_list()
        themes = placed["theme"].to_list()
        theme_ids = placed["theme_id"].to_list()
        self.colour.assign(list(set(theme_ids)))
        colours = [self.colour(t) for t in theme_ids]
        if ids == self._ids:
            old_themes = self.source.data["theme"]
            old_colours = self.source.data["colour"]
            changed = [
                i
                for i, (a, b, c, d) in enumerate(
                    zip(themes, old_themes, colours, old_colours, strict=True)
                )
                if a != b or c != d
            ]
            if changed:
                self.source.patch(
                    {
                        "theme": [(i, themes[i]) for i in changed],
                        "theme_id": [(i, int(theme_ids[i])) for i in changed],
                        "colour": [(i, colours[i]) for i in changed],
                    }
                )
            return len(changed)
        self._ids = ids
        self.source.data = {
            "x": placed["x"].to_numpy(),
            "y": placed["y"].to_numpy(),
            "id": ids,
            "theme": themes,
            "theme_id": theme_ids,
            "text": placed["text"].str.slice(0, HOVER_CHARS).to_list(),
            "colour": colours,
        }
        return len(ids)


class TerritoryHeatmap:
    """Territory (rows) by theme (columns): proposals raised, zeros shown as 0.

    Parameters
    ----------
    lang
        ``"es"`` or ``"en"``.
    """

    def __init__(self, lang: str) -> None:
        _ = translator(lang)
        self.source = ColumnDataSource({"territory": [], "theme": [], "proposals": [], "label": []})
        self.mapper = LinearColorMapper(palette=list(reversed(Greens9)), low=0, high=1)
        fig = figure(
            x_range=FactorRange(),
            y_range=FactorRange(),
            height=300,
            sizing_mode="stretch_width",
            title=_("Proposals by territory and theme (0: none raised)"),
            toolbar_location=None,
            tools="",
        )
        fig.rect(
            "theme",
            "territory",
            1,
            1,
            source=self.source,
            fill_color={"field": "proposals", "transform": self.mapper},
            line_color="#ffffff",
        )
        fig.text(
            "theme",
            "territory",
            text="label",
            source=self.source,
            text_align="center",
            text_baseline="middle",
            text_font_size="8pt",
        )
        fig.add_tools(
            HoverTool(
                tooltips=[
                    (_("Territory"), "@territory"),
                    (_("Theme"), "@theme"),
                    (_("Proposals"), "@proposals"),
                ]
            )
        )
        fig.add_layout(ColorBar(color_mapper=self.mapper), "right")
        fig.xaxis.major_label_orientation = 0.6
        fig.grid.visible = False
        fig.axis.axis_line_color = None
        self.figure = fig
        self._matrix: pl.DataFrame | None = None

    def show(self, matrix: pl.DataFrame) -> bool:
        """Show ``matrix`` (``territory, theme, proposals``); returns whether anything changed."""
        if self._matrix is not None and self._matrix.equals(matrix):
            return False
        self._matrix = matrix
        themes = _unique(matrix["theme"].to_list())
        places = _unique(matrix["territory"].to_list())
        counts = matrix["proposals"].to_numpy()
        if list(self.figure.x_range.factors) != themes:
            self.figure.x_range.factors = themes
        if list(self.figure.y_range.factors) != places[::-1]:
            self.figure.y_range.factors = places[::-1]  # first territory on top
        self.figure.height = min(900, 160 + 22 * max(1, len(places)))
        self.mapper.high = float(max(1, int(counts.max()) if len(counts) else 1))
        self.source.data = {
            "territory": matrix["territory"].to_list(),
            "theme": matrix["theme"].to_list(),
            "proposals": counts,
            "label": [str(int(c)) for c in counts],
        }
        return True


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))
