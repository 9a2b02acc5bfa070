"""The facilitator's console: open a session, register members, follow it live, lock, reveal, close.

Also the projector view for the room: the join code and its QR code, how many
members have answered and, once revealed, the results.
"""

from __future__ import annotations

import html
from typing import Any

import panel as pn
import param
import polars as pl

from workbench.errors import WorkbenchError
from workbench.i18n import translator
from workbench.session import (
    Principal,
    close_session,
    enforce_time_box,
    extend_time_box,
    join_url,
    open_session,
    progress,
    qr_svg,
    register_member,
    results,
    reveal_results,
    session_state,
    set_locked,
)
from workbench.store import Store
from workbench.themes.current import current_themes
from workbench.ui.session_member import in_served_session
from workbench.ui.tables import data_table

__all__ = ["EXTEND_MINUTES", "FacilitatorConsole", "ProjectorView"]


#: Minutes the facilitator's button adds to the time box.
EXTEND_MINUTES = 10


def _result_titles(_) -> dict[str, str]:
    return {
        "rank": _("Rank"),
        "proposal_id": _("Id"),
        "title": _("Proposal"),
        "theme": _("Theme"),
        "members": _("Members"),
        "score": _("Overall score"),
    }


class FacilitatorConsole(pn.viewable.Viewer):
    """The console of one facilitator.

    Parameters
    ----------
    store
        The table's store.
    principal
        The signed-in facilitator (every action checks it again in the library).
    base_url
        Address members use to reach the workbench (for the join link and QR code).
    session_id
        The session shown; chosen in the console when empty.
    """

    store = param.ClassSelector(class_=Store)
    principal = param.ClassSelector(class_=Principal)
    lang = param.String(default="es")
    base_url = param.String(default="http://localhost:5006")
    session_id = param.String(default="")
    refresh_ms = param.Integer(default=3000)

    def __init__(self, **params: Any) -> None:
        super().__init__(**params)
        _ = self._ = translator(self.lang)
        self.status = pn.pane.Alert(
            "", alert_type="light", visible=False, sizing_mode="stretch_width"
        )
        self.picker = pn.widgets.Select(name=_("Session"), options=self._session_options())
        if self.session_id:
            self.picker.value = self.session_id
        elif self.picker.options:
            self.session_id = next(iter(self.picker.options.values()))
        self.picker.param.watch(lambda e: setattr(self, "session_id", e.new or ""), "value")
        self.join = pn.Column(sizing_mode="stretch_width")
        self.controls = pn.Row()
        self.progress_area = pn.Column(sizing_mode="stretch_width")
        self.results_area = pn.Column(sizing_mode="stretch_width")
        self.register_area = pn.Column(sizing_mode="stretch_width")
        self.param.watch(lambda *_e: self._show_session(), "session_id")
        self._show_session()
        if in_served_session():
            pn.state.curdoc.add_periodic_callback(self.refresh, self.refresh_ms)

    def __panel__(self) -> pn.viewable.Viewable:
        _ = self._
        return pn.Tabs(
            (
                _("Live"),
                pn.Column(
                    self.status,
                    self.picker,
                    self.controls,
                    self.join,
                    pn.pane.Markdown("### " + _("Results")),
                    self.results_area,
                    pn.pane.Markdown("### " + _("Progress")),
                    self.progress_area,
                    sizing_mode="stretch_width",
                ),
            ),
            (_("Members"), self.register_area),
            (_("New session"), self._open_form()),
            dynamic=False,
            sizing_mode="stretch_width",
        )

    # -- helpers ------------------------------------------------------------------------
    def _session_options(self) -> dict[str, str]:
        sessions = self.store.read("sessions", columns=["id", "title", "status", "opened_at"])
        sessions = sessions.sort("opened_at", "id", descending=True, nulls_last=True)
        return {
            f"{sid} · {title} ({status})": sid
            for sid, title, status in sessions.select("id", "title", "status").iter_rows()
        }

    def _error(self, exc: WorkbenchError) -> None:
        self.status.object = html.escape(exc.render(self.lang))
        self.status.alert_type = "danger"
        self.status.visible = True

    def _run(self, action, *args: Any) -> None:
        try:
            action(self.store, self.principal, self.session_id, *args)
        except WorkbenchError as exc:
            self._error(exc)
            return
        self.status.visible = False
        self._show_session()

    # -- the session ----------------------------------------------------------------------
    def _show_session(self) -> None:
        _ = self._
        if not self.session_id:
            self.join[:] = [pn.pane.Markdown(_("Open a session in the tab New session."))]
            self.controls[:] = []
            return
        state = session_state(self.store, self.session_id)
        url = join_url(self.base_url, state.join_code or "")
        self.join[:] = [
            pn.Row(
                pn.pane.SVG(qr_svg(url), width=200, height=200),
                pn.Column(
                    pn.pane.Markdown(
                        "## " + _("Code: {code}", code=html.escape(state.join_code or "-"))
                    ),
                    pn.pane.Str(url),
                    pn.pane.Str(self._state_text(state)),
                    pn.pane.HTML(self._projector_link(state.id)),
                ),
            )
        ]
        lock = pn.widgets.Button(
            name=_("Unlock scoring") if state.locked else _("Lock scoring"), button_type="warning"
        )
        lock.on_click(lambda _e: self._run(set_locked, not state.locked))
        reveal = pn.widgets.Button(
            name=_("Hide results") if state.revealed else _("Reveal results"),
            button_type="primary",
        )
        reveal.on_click(lambda _e: self._run(reveal_results, not state.revealed))
        close = pn.widgets.Button(
            name=_("Close the session"), button_type="danger", disabled=state.status == "closed"
        )
        close.on_click(lambda _e: self._run(close_session))
        extend = pn.widgets.Button(
            name=_("10 more minutes"),
            button_type="light",
            visible=state.ends_at is not None and state.status == "open",
        )
        extend.on_click(lambda _e: self._run(extend_time_box, EXTEND_MINUTES))
        self.controls[:] = [lock, extend, reveal, close]
        self._controls_for = self._control_key(state)
        self.register_area[:] = [self._register_form(state)]
        self.refresh()

    @staticmethod
    def _control_key(state) -> tuple:
        return (state.id, state.status, state.locked, state.revealed, state.ends_at, state.time_up)

    def _projector_link(self, session_id: str) -> str:
        label = html.escape(self._("Projector view"))
        href = html.escape(f"?session={session_id}&view=projector&lang={self.lang}")
        return f'<a href="{href}" target="_blank">{label}</a>'

    def _state_text(self, state) -> str:
        _ = self._
        parts = [_("open") if state.status == "open" else _("closed")]
        if state.locked:
            parts.append(_("scoring locked"))
        if state.time_up and state.status == "open":
            parts.append(_("the time for scoring is over"))
        if state.revealed:
            parts.append(_("results revealed"))
        if state.ends_at is not None:
            ends = state.ends_at.strftime("%H:%M")
            parts.append(_("ends at {time} UTC", time=ends))
        return " · ".join(parts)

    def refresh(self) -> None:
        """Read progress and results again (called every few seconds while served)."""
        _ = self._
        if not self.session_id:
            return
        try:
            # the end of the time box locks scoring, as an event, and shows here at once
            state = enforce_time_box(self.store, self.session_id)
            if self._control_key(state) != getattr(self, "_controls_for", None):
                self._show_session()  # calls refresh again, with the controls up to date
                return
            board = results(self.store, self.principal, self.session_id)
            table = progress(self.store, self.principal, self.session_id)
        except WorkbenchError as exc:
            self._error(exc)
            return
        shown = board.with_columns(pl.col("score").round(2))
        if self.results_area.objects and isinstance(self.results_area[0], pn.widgets.Tabulator):
            self.results_area[0].value = shown.to_pandas()
        else:
            self.results_area[:] = [
                data_table(
                    shown, titles=_result_titles(_), page_size=15, sizing_mode="stretch_width"
                )
            ]
        done = table.select(
            "participant_id",
            "name",
            "organisation",
            "scores",
            "expected",
            "proposals_done",
            "weights",
        )
        titles = {
            "participant_id": _("Id"),
            "name": _("Name"),
            "organisation": _("Organisation"),
            "scores": _("Scores"),
            "expected": _("Expected"),
            "proposals_done": _("Proposals done"),
            "weights": _("Weights"),
        }
        if self.progress_area.objects and isinstance(self.progress_area[0], pn.widgets.Tabulator):
            self.progress_area[0].value = done.to_pandas()
        else:
            self.progress_area[:] = [
                data_table(done, titles=titles, page_size=20, sizing_mode="stretch_width")
            ]

    # -- forms ----------------------------------------------------------------------------
    def _register_form(self, state) -> pn.viewable.Viewable:
        _ = self._
        people = self.store.read("participants", columns=["id", "name"]).sort("name")
        who = pn.widgets.Select(
            name=_("Registered participant"),
            options={_("(new member)"): "", **{f"{n} ({i})": i for i, n in people.iter_rows()}},
        )
        name = pn.widgets.TextInput(name=_("Name of a new member"), max_length=300)
        organisation = pn.widgets.TextInput(name=_("Organisation"), max_length=300)
        button = pn.widgets.Button(
            name=_("Register and make a personal link"), button_type="primary"
        )
        out = pn.Column()

        def register(_event: object) -> None:
            try:
                pid, key = register_member(
                    self.store,
                    self.principal,
                    state.id,
                    participant_id=who.value or None,
                    name=name.value,
                    organisation=organisation.value,
                )
            except WorkbenchError as exc:
                self._error(exc)
                return
            link = join_url(self.base_url, state.join_code or "", key=key)
            out[:] = [
                pn.pane.Str(_("Personal link for {id} (shown once):", id=pid)),
                pn.pane.Str(link),
                pn.pane.SVG(qr_svg(link), width=220, height=220),
            ]
            self.refresh()

        button.on_click(register)
        return pn.Column(who, name, organisation, button, out, sizing_mode="stretch_width")

    def _open_form(self) -> pn.viewable.Viewable:
        _ = self._
        themes = sorted(set(current_themes(self.store)["theme"].to_list()))
        criteria = self.store.read("criteria", columns=["id", "name", "attribute", "position"])
        scored = criteria.filter(pl.col("attribute").is_null()).sort("position")
        title = pn.widgets.TextInput(name=_("Title"), max_length=300)
        theme_choice = pn.widgets.MultiChoice(name=_("Themes in scope"), options=themes)
        proposal_ids = pn.widgets.TextAreaInput(
            name=_("Further proposal ids (one per line)"), height=80
        )
        criteria_choice = pn.widgets.MultiChoice(
            name=_("Criteria"),
            options=dict(zip(scored["name"], scored["id"], strict=True)),
            value=scored["id"].to_list(),
        )
        minutes = pn.widgets.IntInput(name=_("Time box (minutes)"), value=90, start=1, end=1440)
        button = pn.widgets.Button(name=_("Open the session"), button_type="primary")

        def create(_event: object) -> None:
            try:
                state = open_session(
                    self.store,
                    self.principal,
                    title=title.value,
                    themes=theme_choice.value,
                    proposals=[p.strip() for p in proposal_ids.value.splitlines() if p.strip()],
                    criteria=criteria_choice.value,
                    time_box_minutes=minutes.value,
                )
            except WorkbenchError as exc:
                self._error(exc)
                return
            self.picker.options = self._session_options()
            self.picker.value = state.id

        button.on_click(create)
        return pn.Column(
            title,
            theme_choice,
            proposal_ids,
            criteria_choice,
            minutes,
            button,
            sizing_mode="stretch_width",
        )


class ProjectorView(pn.viewable.Viewer):
    """What the room sees: the join code and QR code, answers so far, and revealed results.

    Shows no member's name and no individual score; results appear only once revealed.
    """

    store = param.ClassSelector(class_=Store)
    principal = param.ClassSelector(class_=Principal)
    lang = param.String(default="es")
    base_url = param.String(default="http://localhost:5006")
    session_id = param.String()

    def __init__(self, **params: Any) -> None:
        super().__init__(**params)
        self._ = translator(self.lang)
        self.area = pn.Column(sizing_mode="stretch_width")
        self.refresh()
        if in_served_session():
            pn.state.curdoc.add_periodic_callback(self.refresh, 3000)

    def __panel__(self) -> pn.viewable.Viewable:
        return self.area

    def refresh(self) -> None:
        """Read the session again."""
        _ = self._
        state = session_state(self.store, self.session_id)
        url = join_url(self.base_url, state.join_code or "")
        answered = progress(self.store, self.principal, state.id)
        count = int((answered["scores"] > 0).sum())
        items: list[pn.viewable.Viewable] = [
            pn.Row(
                pn.pane.SVG(qr_svg(url, scale=10), width=320, height=320),
                pn.Column(
                    pn.pane.Markdown("# " + html.escape(state.title)),
                    pn.pane.Markdown(
                        "# " + _("Code: {code}", code=html.escape(state.join_code or "-"))
                    ),
                    pn.pane.Str(url, styles={"font-size": "1.5em"}),
                    pn.pane.Markdown(
                        "## "
                        + _("{n} of {total} members have answered", n=count, total=answered.height)
                    ),
                ),
            )
        ]
        if state.revealed:
            board = results(self.store, self.principal, state.id).head(10)
            items.append(
                data_table(
                    board.select("rank", "title", "theme", "members", pl.col("score").round(2)),
                    titles=_result_titles(_),
                    page_size=10,
                    sizing_mode="stretch_width",
                )
            )
        self.area[:] = items
