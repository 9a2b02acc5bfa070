"""Edit the actor network in a live session: add and edit actors, add and remove ties,
link actors to themes. Every change goes through :mod:`workbench.actors.storage`, so it
is checked and recorded as an event; a refused change shows one clear message.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import panel as pn
import param
import polars as pl
from panel.viewable import Viewer

from workbench.actors.importing import import_files
from workbench.actors.storage import (
    add_actor,
    add_tie,
    edit_actor,
    link_actor,
    remove_tie,
    set_stance,
)
from workbench.actors.validation import describe_flag
from workbench.actors.vocabulary import LABELS, LEVELS, RELATIONS, TIE_KINDS, TYPES
from workbench.errors import WorkbenchError
from workbench.i18n import LANGUAGES, translator
from workbench.store import Store
from workbench.themes import current_themes
from workbench.ui.tables import data_table, to_pandas

__all__ = ["ActorEditor"]


class ActorEditor(Viewer):
    """Forms that change the actor network held in ``store``.

    Parameters
    ----------
    store
        Where the network lives.
    lang
        Page language.
    user
        Who the events are attributed to.
    on_change
        Called with no argument after every accepted change (the map reloads).
    """

    store = param.ClassSelector(class_=Store, doc="Data source.")
    lang = param.Selector(default="es", objects=list(LANGUAGES))
    user = param.String(default="facilitator:web")
    on_change = param.Callable(default=None, allow_None=True)

    def __init__(self, **params):
        super().__init__(**params)
        _ = translator(self.lang)

        def choices(codes):
            return {_(LABELS[c]): c for c in codes}

        self.status = pn.pane.Alert("", alert_type="light", visible=False)
        # add / edit actor
        self.actor_id = pn.widgets.TextInput(label=_("Id"), placeholder="A100")
        self.actor_name = pn.widgets.TextInput(label=_("Name"))
        self.actor_type = pn.widgets.Select(label=_("Type"), options=choices(TYPES))
        self.actor_level = pn.widgets.Select(
            label=_("Level"), options={_(LABELS["none"]): ""} | choices(LEVELS)
        )
        self.actor_sector = pn.widgets.TextInput(label=_("Sector"))
        self.actor_influence = pn.widgets.FloatInput(
            label=_("Influence (0-5)"), start=0, end=5, step=0.5, value=None
        )
        self.add_actor_button = pn.widgets.Button(label=_("Add actor"), color="primary")
        self.add_actor_button.on_click(lambda _e: self._add_actor())
        self.edit_target = pn.widgets.Select(label=_("Actor to edit"))
        self.edit_target.param.watch(lambda e: self._fill(e.new), "value")
        self.save_actor_button = pn.widgets.Button(label=_("Save changes"), color="primary")
        self.save_actor_button.on_click(lambda _e: self._save_actor())
        # ties
        self.tie_source = pn.widgets.Select(label=_("From"))
        self.tie_target = pn.widgets.Select(label=_("To"))
        self.tie_kind = pn.widgets.Select(label=_("Kind of tie"), options=choices(TIE_KINDS))
        self.tie_weight = pn.widgets.FloatInput(label=_("Weight"), value=1.0, start=0.1, step=1)
        self.tie_directed = pn.widgets.Checkbox(label=_("Directed"), value=False)
        self.add_tie_button = pn.widgets.Button(label=_("Add tie"), color="primary")
        self.add_tie_button.on_click(lambda _e: self._add_tie())
        self.tie_to_remove = pn.widgets.Select(label=_("Tie to remove"))
        self.remove_tie_button = pn.widgets.Button(label=_("Remove tie"), color="danger")
        self.remove_tie_button.on_click(lambda _e: self._remove_tie())
        # links
        self.link_actor = pn.widgets.Select(label=_("Actor"))
        self.link_theme = pn.widgets.Select(label=_("Theme"))
        self.link_relation = pn.widgets.Select(label=_("Relation"), options=choices(RELATIONS))
        self.link_button = pn.widgets.Button(label=_("Link to theme"), color="primary")
        self.link_button.on_click(lambda _e: self._link())
        self.stance = pn.widgets.IntSlider(label=_("Stance (-2 against, +2 for)"), start=-2, end=2)
        self.stance_button = pn.widgets.Button(label=_("Save stance"), color="primary")
        self.stance_button.on_click(lambda _e: self._save_stance())
        # import from files (CSV, XLSX, ODS) through the intake readers
        self.actors_file = pn.widgets.FileInput(accept=".csv,.xlsx,.xls,.ods,.json")
        self.ties_file = pn.widgets.FileInput(accept=".csv,.xlsx,.xls,.ods,.json")
        self.import_button = pn.widgets.Button(label=_("Import files"), color="primary")
        self.import_button.on_click(lambda _e: self._import())
        self.import_flags = data_table(pl.DataFrame({"problem": []}), page_size=10, visible=False)
        self.refresh_options()

    # --- options --------------------------------------------------------------------------

    def refresh_options(self) -> None:
        """Fill the actor, tie and theme lists from the store."""
        _ = translator(self.lang)
        actors = self.store.read("actors", columns=["id", "name"]).sort("name")
        by_name = dict(
            zip(
                [f"{n} ({i})" for n, i in actors.select("name", "id").iter_rows()],
                actors["id"].to_list(),
                strict=True,
            )
        )
        for widget in (self.tie_source, self.tie_target, self.link_actor):
            widget.options = by_name
        self.edit_target.options = {"": ""} | by_name
        names = dict(zip(actors["id"].to_list(), actors["name"].to_list(), strict=True))
        ties = self.store.read("ties")
        kinds = {k: _(v) for k, v in LABELS.items()}
        self.tie_to_remove.options = {
            f"{names.get(s, s)} → {names.get(t, t)} ({kinds.get(k, k)})": int(i)
            for i, s, t, k in ties.select("id", "source", "target", "kind").iter_rows()
        }
        themes = current_themes(self.store).select("theme_id", "theme").unique().sort("theme")
        self.link_theme.options = dict(
            zip(themes["theme"].to_list(), themes["theme_id"].to_list(), strict=True)
        )

    def _fill(self, actor_id: str) -> None:
        if not actor_id:
            return
        row = self.store.get("actors", {"id": actor_id})
        if row is None:
            return
        self.actor_id.value = row["id"]
        self.actor_name.value = row["name"]
        self.actor_type.value = row["type"]
        self.actor_level.value = row["level"] or ""
        self.actor_sector.value = row["sector"] or ""
        self.actor_influence.value = row["influence"]

    # --- actions --------------------------------------------------------------------------

    def _run(self, action: Callable[[], object], done: str) -> bool:
        try:
            action()
        except WorkbenchError as exc:
            self._say(exc.render(self.lang), "danger")
            return False
        self._say(done, "success")
        self.refresh_options()
        if self.on_change is not None:
            self.on_change()
        return True

    def _say(self, text: str, kind: str) -> None:
        self.status.object = html.escape(text)
        self.status.alert_type = kind
        self.status.visible = True

    def _form(self) -> dict[str, object]:
        return {
            "id": self.actor_id.value.strip(),
            "name": self.actor_name.value,
            "type": self.actor_type.value,
            "level": self.actor_level.value or None,
            "sector": self.actor_sector.value or None,
            "influence": self.actor_influence.value,
        }

    def _add_actor(self) -> bool:
        _ = translator(self.lang)
        row = self._form()
        return self._run(
            lambda: add_actor(self.store, row, actor=self.user),
            _("Actor {name} added.", name=row["name"] or ""),
        )

    def _save_actor(self) -> bool:
        _ = translator(self.lang)
        row = self._form()
        target = self.edit_target.value
        changes = {k: v for k, v in row.items() if k != "id"}
        return self._run(
            lambda: edit_actor(self.store, target, changes, actor=self.user),
            _("Actor {name} saved.", name=row["name"] or ""),
        )

    def _add_tie(self) -> bool:
        _ = translator(self.lang)
        return self._run(
            lambda: add_tie(
                self.store,
                self.tie_source.value,
                self.tie_target.value,
                self.tie_kind.value,
                weight=self.tie_weight.value,
                directed=self.tie_directed.value,
                actor=self.user,
            ),
            _("Tie added."),
        )

    def _remove_tie(self) -> bool:
        _ = translator(self.lang)
        tie = self.tie_to_remove.value
        return self._run(lambda: remove_tie(self.store, tie, actor=self.user), _("Tie removed."))

    def _import(self) -> bool:
        _ = translator(self.lang)
        actors = self.actors_file.value or None
        ties = self.ties_file.value or None
        if actors is None and ties is None:
            self._say(_("Choose a file of actors or of ties first."), "warning")
            return False
        result = {}

        def run():
            result["report"] = import_files(self.store, actors, ties, actor=self.user)

        if not self._run(run, _("Files imported.")):
            return False
        report = result["report"]
        self._say(
            _(
                "{added} actors added, {updated} updated, {ties} ties added, {flagged} flagged.",
                added=report.actors_added,
                updated=report.actors_updated,
                ties=report.ties_added,
                flagged=report.flagged.height,
            ),
            "success" if report.flagged.is_empty() else "warning",
        )
        described = [describe_flag(r, self.lang) for r in report.flagged.iter_rows(named=True)]
        self.import_flags.value = to_pandas(
            pl.DataFrame({"problem": described}, schema={"problem": pl.String})
        )
        self.import_flags.titles = {"problem": _("Problem")}
        self.import_flags.visible = bool(described)
        return True

    def _link(self) -> bool:
        _ = translator(self.lang)
        return self._run(
            lambda: link_actor(
                self.store,
                self.link_actor.value,
                "theme",
                str(self.link_theme.value),
                self.link_relation.value,
                actor=self.user,
            ),
            _("Link saved."),
        )

    def _save_stance(self) -> bool:
        _ = translator(self.lang)
        return self._run(
            lambda: set_stance(
                self.store,
                self.link_actor.value,
                str(self.link_theme.value),
                int(self.stance.value),
                actor=self.user,
            ),
            _("Stance saved."),
        )

    def __panel__(self) -> pn.viewable.Viewable:
        _ = translator(self.lang)

        def card(title: str, *items) -> pn.Column:
            heading = pn.pane.HTML("<h3>" + html.escape(title) + "</h3>")
            return pn.Column(heading, *items, width=340, styles={"border": "1px solid #d0d7de"})

        return pn.Column(
            self.status,
            pn.FlexBox(
                card(
                    _("Actor"),
                    self.edit_target,
                    self.actor_id,
                    self.actor_name,
                    self.actor_type,
                    self.actor_level,
                    self.actor_sector,
                    self.actor_influence,
                    pn.Row(self.add_actor_button, self.save_actor_button),
                ),
                card(
                    _("Ties"),
                    self.tie_source,
                    self.tie_target,
                    self.tie_kind,
                    self.tie_weight,
                    self.tie_directed,
                    self.add_tie_button,
                    self.tie_to_remove,
                    self.remove_tie_button,
                ),
                card(
                    _("Import from files"),
                    pn.pane.HTML(html.escape(_("Actors (CSV, XLSX, ODS)"))),
                    self.actors_file,
                    pn.pane.HTML(html.escape(_("Ties (CSV, XLSX, ODS)"))),
                    self.ties_file,
                    self.import_button,
                ),
                card(
                    _("Links to themes"),
                    self.link_actor,
                    self.link_theme,
                    self.link_relation,
                    self.link_button,
                    self.stance,
                    self.stance_button,
                ),
            ),
            self.import_flags,
            sizing_mode="stretch_width",
        )
