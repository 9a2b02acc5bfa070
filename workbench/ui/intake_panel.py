"""The intake app's component: upload, sheet, preview, column mapping, report, accept.

Facilitator view: it shows the file as uploaded (personal columns included),
always as plain text. Column names come from the file too, so they are
escaped before Tabulator puts them in its header (which takes HTML).
"""

from __future__ import annotations

import asyncio
import html
import io

import panel as pn
import param
import polars as pl
from panel.viewable import Viewer

from workbench.errors import InputError, WorkbenchError
from workbench.i18n import LANGUAGES, N_, translator
from workbench.intake import (
    EXTRA,
    FIELDS,
    ROW_COLUMN,
    ImportProgress,
    ImportResult,
    import_proposals,
    list_sheets,
    map_columns,
    prepare_import,
    read_table,
)
from workbench.intake.importing import existing_hashes, name_upload
from workbench.store import Store
from workbench.ui.tables import data_table, to_pandas

__all__ = ["FIELD_LABELS", "IntakePanel"]

#: Labels of the proposal fields in the mapping selectors (English msgids).
FIELD_LABELS: dict[str, str] = {
    "external_id": N_("Id in the file"),
    "title": N_("Title"),
    "text": N_("Proposal text"),
    "canton": N_("Canton"),
    "parish": N_("Parish"),
    "territory": N_("Place (free text)"),
    "sector": N_("Sector"),
    "organisation": N_("Organisation"),
    "submitted_at": N_("Date sent"),
    "estimated_cost": N_("Estimated cost"),
    "beneficiaries": N_("Beneficiaries"),
    "name": N_("Name (personal)"),
    "email": N_("E-mail (personal)"),
    "phone": N_("Phone (personal)"),
    "id_number": N_("ID number (personal)"),
    "gender": N_("Gender (personal)"),
    "source": N_("Source"),
    EXTRA: N_("Keep as extra attribute"),
}
#: Names of the stages of an import, shown beside the bar (English msgids).
_STAGE_LABELS: dict[str, str] = {
    "read": N_("Reading the file"),
    "check": N_("Checking the rows"),
    "territory": N_("Matching the places"),
    "store": N_("Saving"),
    "done": N_("Import finished"),
}
_PREVIEW_ROWS = 20
_MAX_SELECTORS = 80


def _escaped_titles(columns: list[str]) -> dict[str, str]:
    return {c: html.escape(c) for c in columns}


class IntakePanel(Viewer):
    """Upload a file of proposals, check it, and accept it into the table.

    Parameters
    ----------
    store
        Where accepted proposals go.
    lang
        ``"es"`` or ``"en"``.
    actor
        Who imports, recorded on every event.
    """

    store = param.ClassSelector(class_=Store, doc="Where accepted proposals go.")
    lang = param.Selector(default="es", objects=list(LANGUAGES), doc="Page language.")
    actor = param.String(default="facilitator:web", doc="Who imports, recorded in the log.")
    sheet = param.String(default="", doc="Chosen sheet of a workbook; empty for the first.")
    mapping = param.Dict(default={}, doc="Column -> field chosen by the facilitator.")
    result = param.ClassSelector(class_=ImportResult, default=None, doc="The last check.")
    stored = param.Boolean(default=False, doc="Whether the checked file was accepted.")

    def __init__(self, **params):
        super().__init__(**params)
        _ = translator(self.lang)
        self._data: bytes | None = None
        self._file_name = ""
        self.file_input = pn.widgets.FileInput(
            accept=".csv,.tsv,.txt,.xlsx,.xlsm,.xls,.ods,.json,.jsonl",
            multiple=False,
            label=_("File of proposals"),
        )
        self.sheet_select = pn.widgets.Select(label=_("Sheet"), options=[], visible=False)
        self.progress = pn.indicators.Progress(
            value=0,
            max=100,
            active=False,
            visible=False,
            sizing_mode="stretch_width",
            bar_color="success",
        )
        self.progress_text = pn.pane.Str("", visible=False)
        self.status = pn.pane.Alert(
            _("Choose a CSV, Excel, OpenDocument or JSON file."), alert_type="info"
        )
        self.preview = data_table(pl.DataFrame(), page_size=10, height=320)
        self.mapping_box = pn.FlexBox(sizing_mode="stretch_width")
        self.check_button = pn.widgets.Button(
            label=_("Check the file"), color="primary", disabled=True
        )
        self.accept_button = pn.widgets.Button(
            label=_("Accept into the table"), color="success", disabled=True
        )
        self.summary = pn.pane.Str("", styles={"font-size": "1.1em"})
        self.report_table = data_table(
            pl.DataFrame(schema={"row": pl.Int64}), page_size=15, height=420
        )
        self.download = pn.widgets.FileDownload(
            callback=self._report_csv,
            filename=_("report") + ".csv",
            label=_("Download the report (CSV)"),
            disabled=True,
        )
        self.file_input.param.watch(self._on_upload, "value")
        self.sheet_select.param.watch(self._on_sheet, "value")
        self.check_button.on_click(self._on_check)
        self.accept_button.on_click(self._on_accept)

    # -- steps ------------------------------------------------------------------------------
    async def _on_check(self, _event) -> None:
        # in a worker thread, so that the browser sees the progress while the rows are checked
        # (Panel sends changes made off the server's thread on its next tick)
        await asyncio.to_thread(self.check)

    async def _on_accept(self, _event) -> None:
        await asyncio.to_thread(self.accept)

    def _busy(self, message: str, *, measured: bool = False) -> None:
        """Show ``message``; a bar that fills when ``measured``, else one that shows activity."""
        self.progress.visible = True
        if measured:
            self.progress.active = False
            self.progress.value = 0
        else:
            self.progress.value = -1
            self.progress.active = True
        self.progress_text.object = ""
        self.progress_text.visible = measured
        self.status.object = message
        self.status.alert_type = "info"

    def _on_progress(self, update: ImportProgress) -> None:
        """Move the bar; while storing, say how many rows are written."""
        _ = translator(self.lang)
        self.progress.value = min(100, int(update.percent))
        stage = _(_STAGE_LABELS.get(update.stage, update.stage))
        if update.stage == "store":
            text = _(
                "{stage}: {done} of {total} rows ({percent} %)",
                stage=stage,
                done=update.done,
                total=update.total,
                percent=int(update.percent),
            )
        else:
            text = _("{stage} ({percent} %)", stage=stage, percent=int(update.percent))
        self.progress_text.object = text

    def _done(self) -> None:
        """Hide an activity bar; a measured one stays, full, with its last words."""
        self.progress.active = False
        if self.progress.value != 100:
            self.progress.visible = False
            self.progress_text.visible = False

    def _error(self, exc: WorkbenchError) -> None:
        self._done()
        if isinstance(exc, InputError):
            name_upload(exc, self._file_name)
        self.status.object = html.escape(exc.render(self.lang))
        self.status.alert_type = "danger"

    async def _on_upload(self, event) -> None:
        if event.new is None:
            return
        # in a worker thread, so that the browser sees the activity bar while a large file is read
        await asyncio.to_thread(self.load, event.new, self.file_input.filename or "")

    def load(self, data: bytes, file_name: str) -> None:
        """Take a file's bytes: list its sheets, preview it, guess the mapping."""
        _ = translator(self.lang)
        self._data, self._file_name = data, file_name
        self.result, self.stored = None, False
        self.accept_button.disabled = True
        self.download.disabled = True
        self._busy(_("Reading {name}...", name=html.escape(file_name)))
        try:
            sheets = list_sheets(data)
        except WorkbenchError as exc:
            self._error(exc)
            self.check_button.disabled = True
            return
        self.sheet_select.options = sheets
        self.sheet_select.visible = bool(sheets)
        self.sheet = sheets[0] if sheets else ""
        if sheets and self.sheet_select.value != sheets[0]:
            self.sheet_select.value = sheets[0]  # triggers _on_sheet
        else:
            self._show_preview()

    def _on_sheet(self, event) -> None:
        if event.new and self._data is not None:
            self.sheet = event.new
            self._show_preview()

    def _show_preview(self) -> None:
        _ = translator(self.lang)
        try:
            raw = read_table(self._data, sheet=self.sheet or None)
        except WorkbenchError as exc:
            self._error(exc)
            self.check_button.disabled = True
            return
        columns = [c for c in raw.columns if c != ROW_COLUMN]
        head = raw.head(_PREVIEW_ROWS)
        self.preview.titles = _escaped_titles(columns)
        self.preview.value = to_pandas(head)
        self.mapping = map_columns(columns)
        options = {_(FIELD_LABELS[f]): f for f in [*FIELDS, EXTRA]}
        selectors = []
        # one selector per column, up to a limit: a 2,000-column export would freeze a phone;
        # columns past it keep their guessed field (or stay extra attributes)
        for column in columns[:_MAX_SELECTORS]:
            select = pn.widgets.Select(
                label=column, options=options, value=self.mapping[column], width=220
            )
            select.param.watch(lambda e, c=column: self._set_field(c, e.new), "value")
            selectors.append(select)
        self.mapping_box.objects = selectors
        self._done()
        self.status.object = _(
            "{rows} rows and {columns} columns read. Check the mapping, then check the file.",
            rows=raw.height,
            columns=len(columns),
        )
        self.status.alert_type = "info"
        self.check_button.disabled = False

    def _set_field(self, column: str, field: str) -> None:
        self.mapping = {**self.mapping, column: field}
        self.accept_button.disabled = True

    def check(self) -> ImportResult | None:
        """Validate the file with the chosen mapping against the store; show the report."""
        _ = translator(self.lang)
        if self._data is None:
            return None
        self._busy(_("Checking the rows..."), measured=True)
        forced = {c: f for c, f in self.mapping.items()}
        try:
            result = prepare_import(
                self._data,
                sheet=self.sheet or None,
                mapping=forced,
                file_name=self._file_name,
                existing=existing_hashes(self.store),
                progress=self._on_progress,
            )
        except WorkbenchError as exc:
            self._error(exc)
            return None
        self.result = result
        self.report_table.titles = {
            "row": _("Row"),
            "outcome": _("Outcome"),
            "reason": _("Reason"),
            "proposal_id": _("Proposal"),
        }
        self.report_table.value = to_pandas(result.report(self.lang))
        self.summary.object = result.summary(self.lang)
        self._done()
        self.status.object = _("Checked. Download the report or accept the proposals.")
        self.status.alert_type = "success" if result.counts["rejected"] == 0 else "warning"
        self.download.disabled = False
        self.accept_button.disabled = result.counts["accepted"] == 0
        return result

    def accept(self) -> ImportResult | None:
        """Store the checked file's accepted proposals (one transaction, one report event)."""
        _ = translator(self.lang)
        if self._data is None or self.result is None:
            return None
        self._busy(_("Saving the proposals..."), measured=True)
        try:
            result = import_proposals(
                self.store,
                self._data,
                actor=self.actor,
                sheet=self.sheet or None,
                mapping=dict(self.mapping),
                file_name=self._file_name,
                progress=self._on_progress,
            )
        except WorkbenchError as exc:
            self._error(exc)
            return None
        self.result, self.stored = result, True
        self.accept_button.disabled = True
        self._done()
        self.status.object = _(
            "Saved {n} proposals to the table ({summary}).",
            n=result.added.get("proposals", 0),
            summary=result.summary(self.lang),
        )
        self.status.alert_type = "success"
        return result

    def _report_csv(self) -> io.BytesIO:
        if self.result is None:
            return io.BytesIO(b"")
        text = self.result.report(self.lang).write_csv()
        return io.BytesIO(b"\xef\xbb\xbf" + text.encode("utf-8"))

    def __panel__(self) -> pn.viewable.Viewable:
        _ = translator(self.lang)
        return pn.Column(
            pn.pane.Markdown("### " + _("1. File")),
            pn.Row(self.file_input, self.sheet_select),
            self.progress,
            self.progress_text,
            self.status,
            pn.pane.Markdown("### " + _("2. Preview (first rows)")),
            self.preview,
            pn.pane.Markdown("### " + _("3. Columns: which field each one fills")),
            self.mapping_box,
            self.check_button,
            pn.pane.Markdown("### " + _("4. Report")),
            self.summary,
            pn.Row(self.download, self.accept_button),
            self.report_table,
            sizing_mode="stretch_width",
        )
