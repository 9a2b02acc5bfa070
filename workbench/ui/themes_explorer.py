"""The themes explorer: fit themes, look at them, and fix them by hand in a live session.

Every change goes through :mod:`workbench.themes` (one event per operation,
undoable). Citizens' text is shown in table cells (plain text) and in plot
hover tooltips (escaped by Bokeh): never as markup.

Views are updated incrementally, so that each operation answers within a few
hundred milliseconds with thousands of proposals: the proposals' texts and
territories are read once (again only on a fit, an assignment of new proposals
or :meth:`ThemesExplorer.refresh`); after an operation only the themes and the
assignments are read again, the proposals table and the map receive a patch of
the rows that changed, and the theme list, selectors and heatmap are replaced
only when they differ.
"""

from __future__ import annotations

import gc
import html
import time
from contextlib import contextmanager, nullcontext

import panel as pn
import param
import polars as pl
from panel.viewable import Viewer

from workbench.errors import WorkbenchError
from workbench.i18n import LANGUAGES, translator
from workbench.store import Store
from workbench.themes import operations as ops
from workbench.themes.stored import assign_new, fit_store
from workbench.themes.views import (
    ViewState,
    proposal_base,
    proposal_frame,
    review_list,
    territory_matrix,
    theme_frame,
)
from workbench.ui.tables import data_table, to_pandas
from workbench.ui.themes_plots import TerritoryHeatmap, ThemeMap

__all__ = ["ThemesExplorer"]

_PROPOSAL_COLUMNS = ["id", "theme", "confidence", "canton", "parish", "sector", "text"]
_THEME_COLUMNS = ["id", "name", "proposals", "keywords", "locked"]
#: Above this many changed cells the proposals table is replaced rather than patched.
PATCH_CELLS = 40


class ThemesExplorer(Viewer):
    """Themes of the proposals: map, list, editable table, operations, territory heatmap.

    Parameters
    ----------
    store
        The table's store.
    lang
        ``"es"`` or ``"en"``.
    actor
        Who is recorded in the event log for each change.
    canton, parish, sector
        Filters of the proposals shown ("" for all).
    low_confidence_only
        Show only the proposals listed for review.
    theme
        The theme the operations act on.
    """

    store = param.ClassSelector(class_=Store, doc="Data source.")
    lang = param.Selector(default="es", objects=list(LANGUAGES), doc="Page language.")
    actor = param.String(default="facilitator", doc="Who makes the changes.")
    canton = param.String(default="", doc="Canton code filter; empty for all.")
    parish = param.String(default="", doc="Parish code filter; empty for all.")
    sector = param.String(default="", doc="Sector filter; empty for all.")
    low_confidence_only = param.Boolean(default=False, doc="Only proposals to review.")
    theme = param.Integer(default=None, allow_None=True, doc="Theme the operations act on.")
    last_duration = param.Number(default=0.0, doc="Seconds the last operation took.")

    def __init__(self, **params):
        super().__init__(**params)
        _ = translator(self.lang)
        self._territories = self.store.read("territories")
        self._status = pn.pane.Alert("", alert_type="light", visible=False)
        self._progress = pn.indicators.Progress(value=0, max=100, visible=False, width=300)
        self._n_themes = pn.widgets.IntInput(
            label=_("Themes (0: automatic)"), value=0, start=0, end=60, width=160
        )
        self._fit_button = pn.widgets.Button(label=_("Group into themes"), color="primary")
        self._fit_button.on_click(lambda _e: self.fit())
        self._assign_button = pn.widgets.Button(label=_("Assign new proposals"))
        self._assign_button.on_click(lambda _e: self.assign_new())
        self._undo_button = pn.widgets.Button(label=_("Undo last change"), color="warning")
        self._undo_button.on_click(lambda _e: self.undo())
        self._filters = self._filter_widgets()
        self._review = pn.widgets.Checkbox.from_param(
            self.param.low_confidence_only, label=_("Only low-confidence proposals (to review)")
        )
        self._theme_select = pn.widgets.Select(label=_("Theme"), options={}, width=320)
        self._theme_select.param.watch(self._pick_theme, "value")
        self._name = pn.widgets.TextInput(label=_("New name"), width=260)
        self._rename_button = pn.widgets.Button(label=_("Rename"))
        self._rename_button.on_click(lambda _e: self.rename(self._name.value))
        self._lock_button = pn.widgets.Button(label=_("Lock / unlock"))
        self._lock_button.on_click(lambda _e: self.toggle_lock())
        self._merge_with = pn.widgets.MultiChoice(label=_("Merge into it"), options={}, width=320)
        self._merge_button = pn.widgets.Button(label=_("Merge"))
        self._merge_button.on_click(lambda _e: self.merge(self._merge_with.value))
        self._split_n = pn.widgets.IntInput(
            label=_("Split into"), value=2, start=2, end=10, width=100
        )
        self._split_button = pn.widgets.Button(label=_("Split"))
        self._split_button.on_click(lambda _e: self.split(self._split_n.value))
        self._move_button = pn.widgets.Button(label=_("Move selected proposals here"))
        self._move_button.on_click(lambda _e: self.move_selected())
        self._seed_name = pn.widgets.TextInput(label=_("Name of a new theme"), width=260)
        self._seed_words = pn.widgets.TextInput(label=_("Keywords (comma-separated)"), width=320)
        self._seed_button = pn.widgets.Button(
            label=_("Create theme from keywords and selected proposals")
        )
        self._seed_button.on_click(lambda _e: self.seed())
        self._themes_table = data_table(
            pl.DataFrame({c: [] for c in _THEME_COLUMNS}),
            titles=self._titles(),
            editable=True,
            editors={"id": None, "proposals": None, "keywords": None, "locked": None},
            page_size=15,
        )
        self._themes_table.on_edit(self._theme_edited)
        self._table = data_table(
            pl.DataFrame({c: [] for c in _PROPOSAL_COLUMNS}),
            titles=self._titles(),
            editable=True,
            selectable="checkbox",
            header_filters={"text": {"type": "input", "func": "like"}},
            widths={"text": 420},
        )
        self._table.on_edit(self._proposal_edited)
        self._map = ThemeMap(self.lang)
        self._heat = TerritoryHeatmap(self.lang)
        self._map_pane = pn.pane.Bokeh(self._map.figure, sizing_mode="stretch_width")
        self._heat_pane = pn.pane.Bokeh(self._heat.figure, sizing_mode="stretch_width")
        self._base: pl.DataFrame | None = None
        self._state = ViewState(self.store)
        self._proposals = pl.DataFrame()
        self._themes = pl.DataFrame()
        self._shown_table: pl.DataFrame | None = None
        self.refresh()

    # -- operations (each one event in the store, then the views are refreshed) --------------
    def fit(self) -> None:
        """Group the active proposals into themes (a refit keeps locks and hand moves)."""
        self._progress.visible = True

        def progress(done: int, total: int) -> None:
            self._progress.value = int(100 * done / max(total, 1))

        n = int(self._n_themes.value or 0) or None
        self._run(
            lambda: fit_store(self.store, actor=self.actor, n_themes=n, progress=progress),
            reload=True,
            long=True,
        )
        self._progress.visible = False

    def assign_new(self) -> None:
        """Give proposals that arrived after the fit their nearest theme (others unchanged)."""
        self._run(lambda: assign_new(self.store, actor=self.actor), reload=True)

    def rename(self, name: str) -> None:
        """Rename the chosen theme."""
        self._run(lambda: ops.rename(self.store, self._chosen(), name, actor=self.actor))

    def toggle_lock(self) -> None:
        """Lock the chosen theme, or unlock it."""
        row = self._themes.filter(pl.col("id") == self._chosen())
        locked = bool(row["locked"][0]) if row.height else False
        self._run(lambda: ops.lock(self.store, self._chosen(), not locked, actor=self.actor))

    def merge(self, others) -> None:
        """Merge ``others`` (theme ids) into the chosen theme."""
        self._run(
            lambda: ops.merge(self.store, list(others), into=self._chosen(), actor=self.actor)
        )

    def split(self, n: int) -> None:
        """Split the chosen theme into ``n``."""
        self._run(lambda: ops.split(self.store, self._chosen(), int(n), actor=self.actor))

    def move(self, proposal_ids, theme_id: int) -> None:
        """Move proposals to a theme by hand."""
        self._run(lambda: ops.move(self.store, list(proposal_ids), int(theme_id), actor=self.actor))

    def move_selected(self) -> None:
        """Move the proposals selected in the table to the chosen theme."""
        self.move(self._selected_ids(), self._chosen())

    def seed(self) -> None:
        """Create a theme from the keywords typed and the proposals selected."""
        words = [w.strip() for w in (self._seed_words.value or "").split(",") if w.strip()]
        self._run(
            lambda: ops.seed_theme(
                self.store,
                self._seed_name.value,
                keywords=words,
                examples=self._selected_ids(),
                actor=self.actor,
            )
        )

    def undo(self) -> None:
        """Undo the latest operation."""
        _ = translator(self.lang)
        undone = self._run(lambda: ops.undo(self.store, actor=self.actor))
        if undone is None and self._status.alert_type != "danger":
            self._say(_("Nothing to undo."), "info")

    # -- views --------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the store again (proposals included) and update every view."""
        with _collector_paused():
            self._base = proposal_base(self.store)
            self._state.reset()
            # texts or map positions may have changed (a refit): views get all rows again
            self._shown_table = None
            self._map.reset()
            self._sync()

    def _sync(self) -> None:
        """Read the themes and assignments again and update what changed."""
        _ = translator(self.lang)
        if self._base is None:
            self._base = proposal_base(self.store)
        state = self._state.read()
        if not state[1]["proposal_id"].is_in(self._base["id"].implode()).all():
            # proposals that arrived since the base was read were grouped elsewhere
            # (a fit or an assignment in another session, the CLI)
            self._base = proposal_base(self.store)
        proposals = proposal_frame(self.store, base=self._base, state=state)
        themes = theme_frame(self.store, proposals, state=state)
        themes_changed = not (
            self._themes.columns == themes.columns and self._themes.equals(themes)
        )
        self._proposals, self._themes = proposals, themes
        if themes_changed:
            self._update_theme_widgets()
        self._update_views()
        fitted = self._themes.height > 0
        for widget in (
            self._rename_button,
            self._lock_button,
            self._merge_button,
            self._split_button,
            self._move_button,
            self._seed_button,
        ):
            widget.disabled = not fitted
        if not fitted:
            self._say(_("No themes yet: press \u201cGroup into themes\u201d."), "info")

    def _update_theme_widgets(self) -> None:
        self._map.colour.assign(self._themes["id"].to_list())  # filtered out or not
        options = {
            f"{row['name']} ({row['proposals']})": row["id"]
            for row in self._themes.iter_rows(named=True)
        }
        self._theme_select.options = options
        self._merge_with.options = options
        if self.theme not in options.values():
            self.theme = next(iter(options.values()), None)
        self._theme_select.value = self.theme
        self._themes_table.value = to_pandas(self._themes.select(_THEME_COLUMNS))
        editors = {c: None for c in _PROPOSAL_COLUMNS if c != "theme"} | {
            "theme": {"type": "list", "values": self._themes["name"].to_list()}
        }
        if editors != self._table.editors:
            self._table.editors = editors

    @param.depends("canton", "parish", "sector", "low_confidence_only", watch=True)
    def _update_views(self) -> None:
        shown = self.shown()
        self._show_table(shown.select(_PROPOSAL_COLUMNS))
        self._map.show(shown)
        level, within = ("parish", self.canton) if self.canton else ("canton", None)
        matrix = territory_matrix(
            shown, self._territories, _distinct_names(self._themes), level=level, within=within
        )
        self._heat.show(matrix)

    def _show_table(self, frame: pl.DataFrame) -> None:
        """Patch the cells that changed when the same rows are shown and few changed; else
        replace the rows (with remote pagination only the page in view is sent either way,
        and Tabulator patches cell by cell: past a few dozen cells replacing is cheaper)."""
        old = self._shown_table
        self._shown_table = frame
        if old is None or old.height != frame.height or not old["id"].equals(frame["id"]):
            self._table.value = to_pandas(frame)
            return
        patch = {}
        cells = 0
        for column in _PROPOSAL_COLUMNS:
            changed = (old[column].ne_missing(frame[column])).to_numpy().nonzero()[0]
            if len(changed):
                values = frame[column].gather(changed).to_list()
                patch[column] = [(int(i), v) for i, v in zip(changed, values, strict=True)]
                cells += len(changed)
        if cells > PATCH_CELLS:
            self._table.value = to_pandas(frame)
        elif patch:
            self._table.patch(patch)

    def shown(self) -> pl.DataFrame:
        """The proposals the filters let through."""
        frame = self._proposals
        for column, value in (
            ("canton_code", self.canton),
            ("parish_code", self.parish),
            ("sector", self.sector),
        ):
            if value:
                frame = frame.filter(pl.col(column) == value)
        if self.low_confidence_only:
            frame = review_list(frame)
        return frame

    # -- helpers ------------------------------------------------------------------------------
    def _run(self, action, *, reload: bool = False, long: bool = False):
        _ = translator(self.lang)
        start = time.perf_counter()
        # a short operation runs without the cyclic garbage collector: the rows it reads
        # are freed by reference counting when it ends, instead of being promoted to the
        # oldest generation, whose collections walk every object of the Panel process
        # (about 400,000: 100-400 ms each, measured in bench/themes_speed.py)
        with nullcontext() if long else _collector_paused():
            try:
                result = action()
            except WorkbenchError as exc:
                self._say(exc.render(self.lang), "danger")
                return None
            if reload:
                self.refresh()
            else:
                self._sync()
        self.last_duration = time.perf_counter() - start
        self._say(_("Done."), "success")
        return result

    def _say(self, message: str, kind: str) -> None:
        self._status.object = html.escape(message)
        self._status.alert_type = kind
        self._status.visible = True

    def _chosen(self) -> int:
        return int(self.theme) if self.theme is not None else -1

    def _pick_theme(self, event) -> None:
        self.theme = event.new

    def _selected_ids(self) -> list[str]:
        frame = self._table.value
        return [str(frame.iloc[i]["id"]) for i in self._table.selection if i < len(frame)]

    def _theme_edited(self, event) -> None:
        if event.column != "name":
            return
        theme_id = int(self._themes_table.value.iloc[event.row]["id"])
        self._run(lambda: ops.rename(self.store, theme_id, str(event.value), actor=self.actor))

    def _proposal_edited(self, event) -> None:
        if event.column != "theme":
            return
        proposal = str(self._table.value.iloc[event.row]["id"])
        match = self._themes.filter(pl.col("name") == event.value)
        if match.is_empty():
            self._shown_table = None  # the edited cell is not a theme: show the stored one
            self._sync()
            return
        self.move([proposal], int(match["id"][0]))

    def _filter_widgets(self) -> list[pn.widgets.Widget]:
        _ = translator(self.lang)
        places = self._territories
        cantons = places.filter(pl.col("kind") == "canton").sort("name")
        parishes = places.filter(pl.col("kind") == "parish").sort("name")
        sectors = (
            self.store.read("proposals", columns=["sector"])["sector"].drop_nulls().unique().sort()
        )
        return [
            pn.widgets.Select.from_param(
                self.param.canton,
                label=_("Canton"),
                options={_("All cantons"): ""}
                | dict(zip(cantons["name"], cantons["code"], strict=True)),
            ),
            pn.widgets.Select.from_param(
                self.param.parish,
                label=_("Parish"),
                options={_("All parishes"): ""}
                | dict(zip(parishes["name"], parishes["code"], strict=True)),
            ),
            pn.widgets.Select.from_param(
                self.param.sector,
                label=_("Sector"),
                options={_("All sectors"): ""} | {s: s for s in sectors.to_list()},
            ),
        ]

    def _titles(self) -> dict[str, str]:
        _ = translator(self.lang)
        return {
            "id": _("Id"),
            "name": _("Theme"),
            "theme": _("Theme"),
            "proposals": _("Proposals"),
            "keywords": _("Distinctive words"),
            "locked": _("Locked"),
            "confidence": _("Confidence"),
            "canton": _("Canton"),
            "parish": _("Parish"),
            "sector": _("Sector"),
            "text": _("Proposal"),
        }

    def __panel__(self) -> pn.viewable.Viewable:
        _ = translator(self.lang)
        operations = pn.Column(
            pn.pane.HTML("<h3>" + html.escape(_("Change the themes")) + "</h3>"),
            self._theme_select,
            pn.Row(self._name, self._rename_button, self._lock_button),
            pn.Row(self._merge_with, self._merge_button),
            pn.Row(self._split_n, self._split_button, self._move_button),
            pn.Row(self._seed_name, self._seed_words, self._seed_button),
            self._undo_button,
        )
        return pn.Column(
            self._status,
            pn.Row(self._n_themes, self._fit_button, self._assign_button, self._progress),
            pn.Row(*self._filters, self._review),
            pn.pane.HTML("<h2>" + html.escape(_("Themes")) + "</h2>"),
            self._themes_table,
            self._map_pane,
            operations,
            pn.pane.HTML("<h2>" + html.escape(_("Proposals")) + "</h2>"),
            self._table,
            self._heat_pane,
            sizing_mode="stretch_width",
        )


@contextmanager
def _collector_paused():
    """Pause Python's cyclic garbage collector in the block (as it was after it)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _distinct_names(themes: pl.DataFrame) -> pl.DataFrame:
    """``themes`` with names made distinct (``"Riego (7)"``) where two themes share one.

    The heatmap's columns are theme names: two themes named alike must stay two columns.
    """
    if themes.is_empty() or themes["name"].n_unique() == themes.height:
        return themes
    shared = pl.col("name").is_duplicated()
    return themes.with_columns(
        pl.when(shared)
        .then(
            pl.concat_str(pl.col("name"), pl.lit(" ("), pl.col("id").cast(pl.String), pl.lit(")"))
        )
        .otherwise(pl.col("name"))
        .alias("name")
    )
