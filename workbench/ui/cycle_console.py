"""The facilitator's console for the table's cycle: calls and their phase, inclusion against
the call's targets, agreements with their follow-up and history.

Every change goes through :mod:`workbench.cycle` (so through the event log),
attributed to the signed-in facilitator. A refused change (a move the
agreement's status does not allow, a missing title...) shows one translated
message; nothing is half-written.
"""

from __future__ import annotations

import html

import panel as pn
import param
import polars as pl
from panel.viewable import Viewer

from workbench.cycle import (
    AGREEMENT_STATUSES,
    PHASE_LABELS,
    PHASES,
    STATUS_LABELS,
    add_agreement,
    agreement_history,
    agreements,
    calls,
    inclusion_indicators,
    set_agreement_status,
    set_phase,
    status_named,
)
from workbench.errors import WorkbenchError
from workbench.i18n import LANGUAGES, translator
from workbench.store import Store
from workbench.ui.tables import data_table

__all__ = ["CycleConsole"]


def _heading(text: str) -> pn.pane.HTML:
    return pn.pane.HTML(f"<h2>{html.escape(text)}</h2>", margin=(10, 5, 0, 5))


class CycleConsole(Viewer):
    """Calls, inclusion and agreements for a signed-in facilitator.

    Parameters
    ----------
    store
        The table's store.
    lang
        ``"es"`` or ``"en"``.
    user
        The signed-in facilitator; changes are recorded as ``facilitator:<user>``.
    call_id
        The call shown (default: the newest).
    agreement_id
        The agreement being followed up.
    """

    store = param.ClassSelector(class_=Store, doc="Data source.")
    lang = param.Selector(default="es", objects=list(LANGUAGES), doc="Page language.")
    user = param.String(default="", doc="Signed-in facilitator.")
    call_id = param.String(default="", doc="Call shown.")
    agreement_id = param.String(default="", doc="Agreement being followed up.")

    _ready = False  # watchers wait until the widgets exist

    def __init__(self, **params):
        super().__init__(**params)
        _ = translator(self.lang)
        self._message = pn.pane.Alert("", alert_type="light", visible=False)
        known = calls(self.store)
        if not self.call_id and known.height:
            self.call_id = known["id"][0]
        self._call_select = pn.widgets.Select(
            name=_("Call"), options=known["id"].to_list(), value=self.call_id or None
        )
        self._call_select.param.watch(lambda e: setattr(self, "call_id", e.new or ""), "value")
        self._phase = pn.pane.Str("")
        self._next_phase = pn.widgets.Button(
            name=_("Move to the next phase"), button_type="primary"
        )
        self._next_phase.on_click(lambda _e: self.advance_phase())
        self._inclusion = data_table(self._inclusion_frame(), titles=self._inclusion_titles())
        self._agreements = data_table(self._agreements_frame(), titles=self._agreement_titles())
        ids = self._agreements_frame()["id"].to_list()
        if not self.agreement_id and ids:
            self.agreement_id = ids[0]
        self._agreement_select = pn.widgets.Select(
            name=_("Agreement"), options=ids, value=self.agreement_id or None
        )
        self._agreement_select.param.watch(
            lambda e: setattr(self, "agreement_id", e.new or ""), "value"
        )
        self._status = pn.widgets.Select(
            name=_("New status"),
            options={_(STATUS_LABELS[s]): s for s in AGREEMENT_STATUSES},
        )
        self._note = pn.widgets.TextInput(name=_("Follow-up note"), max_length=500)
        self._save = pn.widgets.Button(name=_("Record the follow-up"), button_type="primary")
        self._save.on_click(lambda _e: self.record_status(self._status.value, self._note.value))
        self._history = data_table(self._history_frame(), titles=self._history_titles())
        actors = self.store.read("actors", columns=["id", "name"]).sort("name")
        self._new_title = pn.widgets.TextInput(name=_("What was agreed"), max_length=500)
        self._new_actor = pn.widgets.Select(
            name=_("Responsible"),
            options=dict(zip(actors["name"].to_list(), actors["id"].to_list(), strict=True)),
        )
        self._new_due = pn.widgets.DatePicker(name=_("Due date"))
        self._add = pn.widgets.Button(name=_("Add the agreement"), button_type="success")
        self._add.on_click(
            lambda _e: self.new_agreement(
                self._new_title.value, self._new_actor.value, self._new_due.value
            )
        )
        self._ready = True
        self._refresh_call()

    # -- frames ---------------------------------------------------------------------------
    def _inclusion_titles(self) -> dict[str, str]:
        _ = translator(self.lang)
        return {
            "dimension": _("Dimension"),
            "name": _("Group"),
            "target_share": _("Target %"),
            "proposals_share": _("Proposals %"),
            "participants_share": _("Participants %"),
            "under": _("Status"),
        }

    def _inclusion_frame(self) -> pl.DataFrame:
        _ = translator(self.lang)
        schema = dict.fromkeys(self._inclusion_titles(), pl.String)
        if not self.call_id:
            return pl.DataFrame(schema=schema)
        table = inclusion_indicators(self.store, self.call_id)
        return table.select(
            "dimension",
            pl.col("name").fill_null(pl.col("value")),
            (pl.col("target_share") * 100).round(1),
            (pl.col("proposals_share") * 100).round(1),
            (pl.col("participants_share") * 100).round(1),
            pl.when(pl.col("proposals_under").fill_null(False) | pl.col("participants_under"))
            .then(pl.lit(_("under-represented")))
            .otherwise(pl.lit(""))
            .alias("under"),
        )

    def _agreement_titles(self) -> dict[str, str]:
        _ = translator(self.lang)
        return {
            "id": _("Id"),
            "title": _("Agreement"),
            "responsible_actor": _("Responsible"),
            "due_on": _("Due"),
            "status": _("Status"),
            "overdue": _("Overdue"),
            "note": _("Follow-up"),
        }

    def _agreements_frame(self) -> pl.DataFrame:
        table = agreements(self.store)
        if self.call_id:
            table = table.filter(pl.col("call_id") == self.call_id)
        return table.select(
            "id",
            "title",
            "responsible_actor",
            pl.col("due_on").cast(pl.String),
            status_named(self.lang),
            "overdue",
            "note",
        )

    def _history_titles(self) -> dict[str, str]:
        _ = translator(self.lang)
        return {"at": _("When"), "actor": _("Who"), "status": _("Status"), "note": _("Note")}

    def _history_frame(self) -> pl.DataFrame:
        history = agreement_history(self.store, self.agreement_id or "-")
        return history.select(
            pl.col("at").dt.strftime("%Y-%m-%d %H:%M"),
            "actor",
            status_named(self.lang),
            "note",
        )

    # -- actions --------------------------------------------------------------------------
    @property
    def _actor(self) -> str:
        return f"facilitator:{self.user or 'unknown'}"

    def _say(self, text: str, kind: str) -> None:
        self._message.object = html.escape(text)
        self._message.alert_type = kind
        self._message.visible = True

    def advance_phase(self) -> None:
        """Move the shown call to its next phase."""
        _ = translator(self.lang)
        if not self.call_id:
            return
        current = calls(self.store).filter(pl.col("id") == self.call_id)["phase"][0]
        position = PHASES.index(current)
        if position + 1 >= len(PHASES):
            self._say(_("The call is already closed."), "warning")
            return
        set_phase(self.store, self.call_id, PHASES[position + 1], actor=self._actor)
        self._refresh_call()
        self._say(_("Phase recorded."), "success")

    def record_status(self, status: str, note: str | None) -> bool:
        """Set the followed agreement's status with a note. Returns whether it was recorded."""
        _ = translator(self.lang)
        if not self.agreement_id:
            return False
        try:
            set_agreement_status(
                self.store, self.agreement_id, status, note=note or None, actor=self._actor
            )
        except WorkbenchError as exc:
            self._say(exc.render(self.lang), "danger")
            return False
        self._note.value = ""
        self._refresh_agreements()
        self._say(_("Follow-up recorded."), "success")
        return True

    def new_agreement(self, title: str, responsible: str | None, due) -> str | None:
        """Add an agreement to the shown call. Returns its id, or ``None`` when refused."""
        _ = translator(self.lang)
        try:
            agreement_id = add_agreement(
                self.store,
                title,
                responsible or "",
                due_on=due,
                call_id=self.call_id or None,
                actor=self._actor,
            )
        except WorkbenchError as exc:
            self._say(exc.render(self.lang), "danger")
            return None
        self._new_title.value = ""
        self._refresh_agreements()
        self._agreement_select.value = agreement_id
        self._say(_("Agreement added."), "success")
        return agreement_id

    # -- refresh --------------------------------------------------------------------------
    @param.depends("call_id", watch=True)
    def _refresh_call(self) -> None:
        if not self._ready:
            return
        _ = translator(self.lang)
        if self.call_id:
            phase = calls(self.store).filter(pl.col("id") == self.call_id)["phase"][0]
            self._phase.object = _("Phase: {phase}", phase=_(PHASE_LABELS[phase]))
        self._inclusion.value = self._inclusion_frame().to_pandas()
        self._refresh_agreements()

    def _refresh_agreements(self) -> None:
        frame = self._agreements_frame()
        self._agreements.value = frame.to_pandas()
        self._agreement_select.options = frame["id"].to_list()
        self._refresh_history()

    @param.depends("agreement_id", watch=True)
    def _refresh_history(self) -> None:
        if not self._ready:
            return
        self._history.value = self._history_frame().to_pandas()

    def __panel__(self) -> pn.viewable.Viewable:
        _ = translator(self.lang)
        return pn.Column(
            self._message,
            _heading(_("Call for proposals")),
            pn.Row(self._call_select, self._phase, self._next_phase),
            _heading(_("Inclusion against the call's targets")),
            self._inclusion,
            _heading(_("Agreements")),
            self._agreements,
            pn.FlexBox(self._agreement_select, self._status, self._note, self._save),
            _heading(_("History of the agreement")),
            self._history,
            _heading(_("New agreement")),
            pn.FlexBox(self._new_title, self._new_actor, self._new_due, self._add),
            sizing_mode="stretch_width",
        )
