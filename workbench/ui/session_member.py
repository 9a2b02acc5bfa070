"""The member's phone page: join, score proposals by theme, weight criteria, propose, see results.

Scores travel as small JSON answers through one hidden text widget (the
*outbox*): the browser gives each answer its own id, keeps it until the server
acknowledges it in the hidden *acks* widget (only after the commit), and
sends it again after a dropped connection; the server applies an id once.
The load test (``bench/load_session.py``) drives the same two widgets.
"""

from __future__ import annotations

import asyncio
import html
import json
import time
import uuid
from dataclasses import dataclass
from typing import Any, ClassVar

import panel as pn
import param
import polars as pl
from panel.custom import JSComponent
from panel.io.state import set_curdoc

from workbench.errors import WorkbenchError
from workbench.i18n import N_, translator
from workbench.session import (
    LEVELS,
    POINTS_TOTAL,
    Ack,
    Principal,
    ScoreAnswer,
    authenticate_member,
    find_session,
    my_answers,
    results,
    self_register,
    session_state,
    submit_proposal,
    submit_scores,
    submit_weights,
    weights_from_pairs,
)
from workbench.store import Store
from workbench.themes.current import current_themes
from workbench.ui.session_writer import enqueue
from workbench.ui.tables import data_table, to_pandas

__all__ = [
    "ACKS_CLASS",
    "COOKIE",
    "OUTBOX_CLASS",
    "Agenda",
    "CookieKeeper",
    "MemberConsole",
    "in_served_session",
    "parse_cookie",
    "shared_agenda",
    "shared_results",
    "shared_state",
]

#: CSS classes that mark the hidden outbox and acks widgets (the load test finds them so).
OUTBOX_CLASS = "wb-outbox"
ACKS_CLASS = "wb-acks"
#: Cookie keeping ``CODE:KEY`` in the member's browser, so a reload or reconnect rejoins.
COOKIE = "wb_member"
#: How many recent acknowledgements the acks widget carries.
_ACK_WINDOW = 64

LEVEL_LABELS = {
    "national": N_("National government"),
    "provincial": N_("Provincial government"),
    "cantonal": N_("Cantonal government"),
    "parish": N_("Parish government"),
    "civil_society": N_("Civil society"),
}

# Runs in the browser when a score button is pressed: a new id per answer, kept
# in window.wbPending until acknowledged, resent every 4 s while unacknowledged.
_SEND_JS = """
const labels = cb_obj.labels;
const value = labels[cb_obj.active];
const id = Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
const answer = {id: id, p: proposal, c: criterion, v: Number(value)};
window.wbPending = window.wbPending || {};
window.wbPending[id] = answer;
outbox.value = JSON.stringify(answer);
if (!window.wbResend) {
  window.wbResend = setInterval(() => {
    const ids = Object.keys(window.wbPending);
    if (ids.length) {
      const again = window.wbPending[ids[0]];
      again.n = (again.n || 0) + 1;
      outbox.value = JSON.stringify(again);
    }
  }, 4000);
}
"""

_ACK_JS = """
try {
  for (const [id, _status] of JSON.parse(cb_obj.value || "[]")) {
    if (window.wbPending) { delete window.wbPending[id]; }
  }
} catch (e) {}
"""


class _Channel(pn.widgets.TextInput):
    """A hidden text widget carrying answers (outbox) or acknowledgements (acks).

    Two pieces of Panel's bookkeeping are skipped for ``value``, the only thing
    that changes on these widgets, because for a room of phones they cost as
    much as taking the answer itself:

    - an arriving answer does not mark the whole process busy (a process-wide
      counter with its watchers); Panel's scrollable ``Column`` opts out the
      same way for ``scroll_position``;
    - a new ``value`` is sent without first working out the design's
      parameters, which Panel uses only to merge stylesheets.
    """

    _busy__ignore: ClassVar[list[str]] = ["value"]

    def _update_properties(self, *events: param.parameterized.Event, doc) -> dict[str, Any]:
        if all(event.name == "value" for event in events):
            return self._process_param_change({event.name: event.new for event in events})
        return super()._update_properties(*events, doc=doc)


class CookieKeeper(JSComponent):
    """Keeps ``CODE:KEY`` in the member cookie whenever the page renders or the value changes."""

    value = param.String(default="")

    _esm = """
    export function render({ model }) {
      const keep = () => {
        if (model.value) {
          document.cookie = "%s=" + encodeURIComponent(model.value) +
            "; path=/; max-age=2592000; SameSite=Lax";
        }
      };
      keep();
      model.on("value", keep);
    }
    """.replace("%s", COOKIE)


_STATE_TTL = 2.0
_states: dict[tuple[int, str], tuple[float, object]] = {}


def shared_state(store: Store, session_id: str):
    """The session's state, read at most every 2 s per server process for all member pages.

    Only for display (the banner, the results): answers are always checked
    against the state in the database inside the transaction that commits them.
    """
    key = (id(store), session_id)
    seen = _states.get(key)
    if seen is None or time.monotonic() - seen[0] > _STATE_TTL:
        seen = _states[key] = (time.monotonic(), session_state(store, session_id))
    return seen[1]


@dataclass(frozen=True)
class Agenda:
    """What every member of a session is shown, read once per server process and shared.

    Attributes
    ----------
    criteria
        ``id, name, definition, min_value, max_value, position`` of the scored criteria.
    proposals
        ``id, title, text, theme`` of the proposals on the agenda, by theme.
    cantons
        Canton name to code, for the forms.
    """

    criteria: pl.DataFrame
    proposals: pl.DataFrame
    cantons: dict[str, str]


#: Seconds an agenda is reused while its proposals and criteria stay the same (themes
#: renamed or refitted meanwhile reach pages opened after this).
_AGENDA_TTL = 30.0
_agendas: dict[tuple[int, str], tuple[tuple, float, Agenda]] = {}
_RESULTS_TTL = 3.0
_boards: dict[tuple[int, str], tuple[float, pl.DataFrame]] = {}


def shared_agenda(store: Store, state) -> Agenda:
    """The agenda of ``state``'s session, shared by every member page of this process.

    Read again when the session's proposals or criteria change (a member's new
    proposal joins the agenda) and at least every 30 s; so 200 phones opening
    the page cost the database one reading instead of 200.
    """
    key = (id(store), state.id)
    stamp = (state.proposals, state.criteria)
    seen = _agendas.get(key)
    if seen is not None and seen[0] == stamp and time.monotonic() - seen[1] < _AGENDA_TTL:
        return seen[2]
    criteria = store.read(
        "criteria",
        where={"id": list(state.criteria)},
        columns=["id", "name", "definition", "min_value", "max_value", "position"],
    ).sort("position", "id")
    proposals = store.read(
        "proposals", where={"id": list(state.proposals)}, columns=["id", "title", "text"]
    )
    themes = current_themes(store).select("proposal_id", "theme")
    proposals = proposals.join(themes, left_on="id", right_on="proposal_id", how="left").sort(
        "theme", "id", nulls_last=True
    )
    cantons = store.read("territories", where={"kind": "canton"}, columns=["code", "name"])
    agenda = Agenda(
        criteria=criteria,
        proposals=proposals.select("id", "title", "text", "theme"),
        cantons=dict(zip(cantons["name"], cantons["code"], strict=True)),
    )
    _agendas[key] = (stamp, time.monotonic(), agenda)
    return agenda


def shared_results(store: Store, principal: Principal, state) -> pl.DataFrame:
    """The revealed results (aggregates, the same for every member), read at most every 3 s."""
    key = (id(store), state.id)
    seen = _boards.get(key)
    if seen is None or time.monotonic() - seen[0] > _RESULTS_TTL:
        seen = _boards[key] = (time.monotonic(), results(store, principal, state.id))
    return seen[1]


def in_served_session() -> bool:
    """Whether the code runs for a page served to a browser (periodic refreshes make sense)."""
    document = pn.state.curdoc
    return document is not None and document.session_context is not None


def parse_cookie(raw: str | None) -> tuple[str, str]:
    """``(code, key)`` from the member cookie's ``CODE:KEY`` (empty strings when absent)."""
    from urllib.parse import unquote

    text = unquote(raw or "")
    code, _, key = text.partition(":")
    return code.strip(), key.strip()


class MemberConsole(pn.viewable.Viewer):
    """A table member's page for one session.

    Parameters
    ----------
    store
        The table's store.
    lang
        Page language.
    join_code, key
        From the page address (``?code=...&key=...``) or the member cookie;
        with both, the member is signed in at once.
    """

    store = param.ClassSelector(class_=Store)
    lang = param.String(default="es")
    join_code = param.String(default="")
    key = param.String(default="")
    principal = param.ClassSelector(class_=Principal, default=None, allow_None=True)

    def __init__(self, **params: Any) -> None:
        super().__init__(**params)
        _ = self._ = translator(self.lang)
        self._answers: dict[tuple[str, str], float] = {}
        self._acked: list[list[str]] = []
        self._tasks: set[asyncio.Future] = set()
        self.status = pn.pane.Alert(
            "", alert_type="light", visible=False, sizing_mode="stretch_width"
        )
        self.outbox = _Channel(visible=False, css_classes=[OUTBOX_CLASS])
        self.acks = _Channel(value="[]", visible=False, css_classes=[ACKS_CLASS])
        self.acks.jscallback(value=_ACK_JS)
        self.cookie = CookieKeeper(width=0, height=0, margin=0)
        self.outbox.param.watch(self._on_outbox, "value")
        self.body = pn.Column(sizing_mode="stretch_width")
        self._layout = pn.Column(
            self.status,
            self.body,
            self.outbox,
            self.acks,
            self.cookie,
            sizing_mode="stretch_width",
            max_width=640,
        )
        self._sign_in()

    def __panel__(self) -> pn.viewable.Viewable:
        return self._layout

    # -- signing in ---------------------------------------------------------------------
    def _show_error(self, exc: WorkbenchError) -> None:
        self.status.object = html.escape(exc.render(self.lang))
        self.status.alert_type = "danger"
        self.status.visible = True

    def _show_ok(self, text: str) -> None:
        self.status.object = html.escape(text)
        self.status.alert_type = "success"
        self.status.visible = True

    def _sign_in(self) -> None:
        if self.join_code and self.key:
            try:
                self._enter(authenticate_member(self.store, self.join_code, self.key))
                return
            except WorkbenchError as exc:
                self._show_error(exc)
        self.body[:] = [self._join_form()]

    def _join_form(self) -> pn.viewable.Viewable:
        _ = self._
        code = pn.widgets.TextInput(name=_("Session code"), value=self.join_code, max_length=20)
        name = pn.widgets.TextInput(name=_("Your name"), max_length=300)
        organisation = pn.widgets.TextInput(name=_("Organisation"), max_length=300)
        sector = pn.widgets.TextInput(name=_("Sector"), max_length=200)
        level = pn.widgets.Select(
            name=_("Government level or civil society"),
            options={_(LEVEL_LABELS[k]): k for k in LEVELS},
        )
        cantons = self.store.read("territories", where={"kind": "canton"}, columns=["code", "name"])
        territory = pn.widgets.Select(
            name=_("Territory"),
            options={"—": "", **dict(zip(cantons["name"], cantons["code"], strict=True))},
        )
        gender = pn.widgets.TextInput(name=_("Gender (optional)"), max_length=30)
        button = pn.widgets.Button(name=_("Join the session"), button_type="primary")

        def join(_event: object) -> None:
            try:
                principal, key = self_register(
                    self.store,
                    code.value,
                    name=name.value,
                    organisation=organisation.value,
                    sector=sector.value,
                    level=level.value,
                    territory_code=territory.value or None,
                    gender=gender.value,
                )
            except WorkbenchError as exc:
                self._show_error(exc)
                return
            self.join_code = find_session(self.store, code.value).join_code or ""
            self.key = key
            self._enter(principal)

        button.on_click(join)
        return pn.Column(
            pn.pane.Markdown("## " + _("Join the session")),
            pn.pane.Markdown(
                _("If the facilitator gave you a personal link, open it instead of this form.")
            ),
            code,
            name,
            organisation,
            sector,
            level,
            territory,
            gender,
            button,
            sizing_mode="stretch_width",
        )

    def _enter(self, principal: Principal) -> None:
        self.principal = principal
        self.cookie.value = f"{self.join_code}:{self.key}"
        mine = my_answers(self.store, principal, principal.session_id)
        self._answers = {
            (p, c): v
            for p, c, v in mine["scores"].select("proposal_id", "criterion_id", "value").iter_rows()
        }
        self._weights = dict(mine["weights"].select("criterion_id", "value").iter_rows())
        self.status.visible = False
        self._build()

    # -- the session ----------------------------------------------------------------------
    def _build(self) -> None:
        """The first screen (the scoring tab); the other tabs are built when first opened."""
        _ = self._
        state = shared_state(self.store, self.principal.session_id)
        self._state = state
        agenda = shared_agenda(self.store, state)
        self._agenda = agenda
        self._criteria = agenda.criteria
        self._proposals = agenda.proposals
        groups: dict[str, dict[str, str]] = {}
        for pid, title, theme in agenda.proposals.select("id", "title", "theme").iter_rows():
            label = f"{pid} · {(title or '')[:60]}"
            groups.setdefault(theme or _("No theme"), {})[label] = pid
        self.picker = pn.widgets.Select(
            name=_("Proposal (by theme)"), groups=groups, sizing_mode="stretch_width"
        )
        self.scoring = pn.Column(sizing_mode="stretch_width")
        self.picker.param.watch(lambda e: self._show_proposal(e.new), "value")
        header = pn.pane.Markdown("## " + html.escape(state.title), sizing_mode="stretch_width")
        self.banner = pn.pane.Alert(
            "", alert_type="warning", visible=False, sizing_mode="stretch_width"
        )
        self.results_area = pn.Column(sizing_mode="stretch_width")
        self._shown: tuple | None = None  # what the banner and results show now
        self._board: pl.DataFrame | None = None
        # tab contents made on first visit: a phone opening the page gets only what it shows
        self._makers = {
            1: self._weights_form,
            2: self._proposal_form,
        }
        self.tabs = pn.Tabs(
            (_("Score"), pn.Column(self.picker, self.scoring, sizing_mode="stretch_width")),
            (_("Weights"), pn.Column(sizing_mode="stretch_width")),
            (_("Propose"), pn.Column(sizing_mode="stretch_width")),
            (_("Results"), self.results_area),
            dynamic=True,
            sizing_mode="stretch_width",
        )
        self.tabs.param.watch(self._open_tab, "active")
        self.body[:] = [header, self.banner, self.tabs]
        if self.picker.value:
            self._show_proposal(self.picker.value)
        self._refresh_state()
        if in_served_session():
            pn.state.curdoc.add_periodic_callback(self._refresh_state, 10_000)

    def _open_tab(self, event: param.parameterized.Event) -> None:
        maker = self._makers.pop(event.new, None)
        if maker is not None:
            self.tabs[event.new].objects = [maker()]
        if event.new == 3:
            self._refresh_state()

    def tab(self, index: int) -> pn.viewable.Viewable:
        """The content of tab ``index`` (0 score, 1 weights, 2 propose, 3 results), built if new."""
        maker = self._makers.pop(index, None)
        if maker is not None:
            self.tabs[index].objects = [maker()]
        return self.tabs[index]

    def _show_proposal(self, proposal_id: str) -> None:
        _ = self._
        row = self._proposals.filter(pl.col("id") == proposal_id).row(0, named=True)
        items: list[pn.viewable.Viewable] = [
            pn.pane.Str(
                row["title"] or "", styles={"font-weight": "bold", "white-space": "pre-wrap"}
            ),
            pn.pane.Str(
                row["text"] or "", styles={"white-space": "pre-wrap"}, sizing_mode="stretch_width"
            ),
        ]
        for crit in self._criteria.iter_rows(named=True):
            low, high = int(crit["min_value"] or 1), int(crit["max_value"] or 5)
            options = [str(v) for v in range(low, high + 1)]
            current = self._answers.get((proposal_id, crit["id"]))
            buttons = pn.widgets.RadioButtonGroup(
                name=crit["name"],
                options=options,
                button_type="primary",
                button_style="outline",
                sizing_mode="stretch_width",
            )
            # Panel picks the first option by default; an unscored criterion shows none
            buttons.value = None if current is None else str(int(current))
            buttons.jscallback(
                value=_SEND_JS,
                args={"outbox": self.outbox, "proposal": proposal_id, "criterion": crit["id"]},
            )
            items += [pn.pane.Str(crit["name"], styles={"font-weight": "bold"}), buttons]
        self.scoring[:] = items

    def _on_outbox(self, event: param.parameterized.Event) -> None:
        try:
            raw = json.loads(event.new or "{}")
            answer = ScoreAnswer(
                self.principal,
                self.principal.session_id,
                str(raw["p"]),
                str(raw["c"]),
                raw["v"],
                str(raw["id"]),
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return  # not an answer: nothing to acknowledge
        if not in_served_session():
            self._finish(answer, submit_scores(self.store, [answer])[0])
            return
        # the event loop goes on serving every page while the writer thread commits
        task = asyncio.ensure_future(self._commit_then_finish(answer))
        self._tasks.add(task)  # keep a reference until it is done
        task.add_done_callback(self._tasks.discard)

    async def _commit_then_finish(self, answer: ScoreAnswer) -> None:
        loop = asyncio.get_running_loop()
        future: asyncio.Future = loop.create_future()

        def done(result: Ack | WorkbenchError) -> None:  # in the writer thread, after commit
            loop.call_soon_threadsafe(future.set_result, result)

        document = pn.state.curdoc
        enqueue(self.store, answer, done)
        result = await future
        with set_curdoc(document):
            self._finish(answer, result)

    def _finish(self, answer: ScoreAnswer, result: Ack | WorkbenchError) -> None:
        if isinstance(result, WorkbenchError):
            self._acknowledge(answer.answer_id, "refused")
            self._show_error(result)
            return
        self._answers[(answer.proposal_id, answer.criterion_id)] = float(answer.value)
        self._acknowledge(answer.answer_id, "ok")
        self._show_ok(self._("Saved."))

    def _acknowledge(self, answer_id: str, status: str) -> None:
        self._acked = [*self._acked, [answer_id, status]][-_ACK_WINDOW:]
        self.acks.value = json.dumps(self._acked)

    # -- weights ------------------------------------------------------------------------
    def _weights_form(self) -> pn.viewable.Viewable:
        _ = self._
        criteria = self._criteria
        share = POINTS_TOTAL // max(criteria.height, 1)
        inputs = {
            cid: pn.widgets.IntInput(
                name=name,
                value=int(self._weights.get(cid, share)),
                start=0,
                end=POINTS_TOTAL,
                sizing_mode="stretch_width",
            )
            for cid, name in criteria.select("id", "name").iter_rows()
        }
        total = pn.pane.Str("")

        def update_total(*_args: object) -> None:
            total.object = _(
                "Total: {sum} of {total} points",
                sum=sum(w.value or 0 for w in inputs.values()),
                total=POINTS_TOTAL,
            )

        for widget in inputs.values():
            widget.param.watch(update_total, "value")
        update_total()
        save_points = pn.widgets.Button(name=_("Save my points"), button_type="primary")
        names = dict(criteria.select("id", "name").iter_rows())
        pairs = {}
        ids = criteria["id"].to_list()
        for i, first in enumerate(ids):
            for second in ids[i + 1 :]:
                pairs[(first, second)] = pn.widgets.RadioButtonGroup(
                    options={names[first]: first, "=": "", names[second]: second},
                    value="",
                    button_type="primary",
                    button_style="outline",
                    sizing_mode="stretch_width",
                )
        save_pairs = pn.widgets.Button(name=_("Save my comparisons"), button_type="primary")

        def save(method: str) -> None:
            if method == "points":
                weights = {cid: w.value or 0 for cid, w in inputs.items()}
            else:
                weights = weights_from_pairs(ids, {k: (w.value or None) for k, w in pairs.items()})
            try:
                submit_weights(
                    self.store,
                    self.principal,
                    self.principal.session_id,
                    weights,
                    method=method,
                    answer_id=uuid.uuid4().hex,
                )
            except WorkbenchError as exc:
                self._show_error(exc)
                return
            self._show_ok(_("Saved."))

        save_points.on_click(lambda _e: save("points"))
        save_pairs.on_click(lambda _e: save("pairwise"))
        return pn.Column(
            pn.pane.Markdown(
                _(
                    "Share {total} points among the criteria, or compare them two by two.",
                    total=POINTS_TOTAL,
                )
            ),
            *inputs.values(),
            total,
            save_points,
            pn.pane.Markdown("### " + _("Which matters more?")),
            *pairs.values(),
            save_pairs,
            sizing_mode="stretch_width",
        )

    # -- proposals ----------------------------------------------------------------------
    def _proposal_form(self) -> pn.viewable.Viewable:
        _ = self._
        title = pn.widgets.TextInput(name=_("Title"), max_length=300, sizing_mode="stretch_width")
        text = pn.widgets.TextAreaInput(
            name=_("Your proposal"), max_length=5000, height=140, sizing_mode="stretch_width"
        )
        sector = pn.widgets.TextInput(name=_("Sector"), max_length=200, sizing_mode="stretch_width")
        canton = pn.widgets.Select(name=_("Canton"), options={"—": "", **self._agenda.cantons})
        button = pn.widgets.Button(name=_("Send proposal"), button_type="primary")

        def send(_event: object) -> None:
            try:
                made = submit_proposal(
                    self.store,
                    self.principal,
                    self.principal.session_id,
                    title=title.value,
                    text=text.value,
                    sector=sector.value or None,
                    canton_code=canton.value or None,
                )
            except WorkbenchError as exc:
                self._show_error(exc)
                return
            self._show_ok(
                _(
                    "Proposal {id} received, in the theme {theme}.",
                    id=made["proposal_id"],
                    theme=made["theme"] or "-",
                )
            )
            text.value = title.value = ""

        button.on_click(send)
        return pn.Column(title, text, sector, canton, button, sizing_mode="stretch_width")

    # -- live state -----------------------------------------------------------------------
    def _refresh_state(self) -> None:
        """Show the session's state; touches the page only when something changed.

        Runs every 10 s on every member's page (20 times a second with 200
        phones), so it reads the process-wide cached state and sends nothing
        when nothing changed.
        """
        _ = self._
        try:
            state = shared_state(self.store, self.principal.session_id)
        except WorkbenchError:
            return
        results_open = self.tabs.active == 3
        board = None
        if state.revealed and results_open:
            try:
                board = shared_results(self.store, self.principal, state)
            except WorkbenchError:
                board = None
        shown = (state.status, state.locked, state.time_up, state.revealed, results_open)
        if shown == self._shown and (board is None or board is self._board):
            return
        self._shown = shown
        if state.status != "open":
            message = _("This session is closed.")
        elif state.time_up:
            message = _("The time for scoring is over.")
        elif state.locked:
            message = _("Scoring is paused by the facilitator.")
        else:
            message = ""
        if message:
            self.banner.object = html.escape(message)
        self.banner.visible = bool(message)
        if not results_open:
            return
        if board is None:
            self._board = None
            self.results_area[:] = [
                pn.pane.Markdown(_("The facilitator has not revealed the results yet."))
            ]
            return
        frame = board.select("rank", "title", "theme", "members", pl.col("score").round(2))
        if isinstance(self._board, pl.DataFrame) and len(self.results_area) == 1:
            table = self.results_area[0]
            if isinstance(table, pn.widgets.Tabulator):
                table.value = to_pandas(frame)
                self._board = board
                return
        self._board = board
        self.results_area[:] = [
            data_table(
                frame,
                titles={
                    "rank": _("Rank"),
                    "title": _("Proposal"),
                    "theme": _("Theme"),
                    "members": _("Members"),
                    "score": _("Overall score"),
                },
                page_size=10,
                sizing_mode="stretch_width",
            )
        ]
