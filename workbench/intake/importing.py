"""Import proposals from a file into the store, or only read them (:func:`read_proposals`).

One import is one transaction: the batch, the proposals, their proposers, the
review flags and the report (an ``intake.report`` event holding every row's
outcome) commit together or not at all. Proposals are identified by their
content hash, so importing the same file again adds nothing: its rows are
reported as already in the table, and authors not yet known are added to the
proposal they repeat (nothing lost).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import sqlalchemy as sa

from workbench.errors import InputError
from workbench.i18n import N_, gettext
from workbench.intake.columns import map_columns
from workbench.intake.progress import STAGES, ProgressCallback, StageProgress
from workbench.intake.readers import (
    DEFAULT_LIMITS,
    ROW_COLUMN,
    UPLOAD_NAME,
    Limits,
    Source,
    _load,
    detect_format,
    read_table,
)
from workbench.intake.validation import Validated, render_report, validate
from workbench.store import schema
from workbench.store.store import Store, Transaction, now

__all__ = [
    "REPORT_EVENT",
    "ImportResult",
    "existing_hashes",
    "import_proposals",
    "name_upload",
    "prepare_import",
    "read_proposals",
    "stored_report",
]

#: Kind of the event that holds an import's report.
REPORT_EVENT = "intake.report"


@dataclass
class ImportResult:
    """What an import read, decided and (unless a dry run) stored.

    Attributes
    ----------
    file_name, file_format, sheet, file_hash
        The source.
    mapping
        ``{column: field}`` used.
    validated
        Proposals, proposers, report and flags (a :class:`~workbench.intake.validate` result).
    batch_id
        Id of the stored batch (``None`` for a dry run or :func:`prepare_import`).
    """

    file_name: str
    file_format: str
    sheet: str | int | None
    file_hash: str
    mapping: dict[str, str]
    validated: Validated
    batch_id: str | None = None
    added: dict[str, int] = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        """``read``, ``accepted`` (warnings included), ``warnings``, ``rejected``."""
        return self.validated.counts

    @property
    def proposals(self) -> pl.DataFrame:
        """The accepted proposals (no personal data)."""
        return self.validated.proposals

    def report(self, lang: str | None = None) -> pl.DataFrame:
        """One row per row read: ``row, outcome, reason, proposal_id``, reasons in ``lang``."""
        return render_report(self.validated.report, lang)

    def summary(self, lang: str | None = None) -> str:
        """``read N, accepted A, warnings W, rejected R`` in ``lang``."""
        c = self.counts
        return gettext(
            N_("read {read}, accepted {accepted}, warnings {warnings}, rejected {rejected}"),
            lang,
            **c,
        )

    def write_report(self, path: str | Path, lang: str | None = None) -> Path:
        """Write the report as CSV (UTF-8 with BOM, so that Excel shows accents)."""
        return write_report_csv(self.report(lang), path)


def write_report_csv(report: pl.DataFrame, path: str | Path) -> Path:
    """Write a rendered report as CSV (UTF-8 with BOM for Excel)."""
    path = Path(path)
    try:
        path.write_bytes(b"\xef\xbb\xbf" + report.write_csv().encode("utf-8"))
    except OSError as exc:
        raise InputError(
            N_("The report cannot be written to {path}: {reason}"),
            path=str(path),
            reason=exc.strerror,
        ) from None
    return path


def prepare_import(
    source: Source,
    *,
    sheet: str | int | None = None,
    mapping: Mapping[str, str] | Iterable[str] | None = None,
    file_name: str | None = None,
    existing: Mapping[str, str] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    progress: ProgressCallback | None = None,
) -> ImportResult:
    """Read, map and validate a file without touching any store.

    Parameters
    ----------
    progress
        Called with an :class:`~workbench.intake.progress.ImportProgress` as the
        stages ``read``, ``check`` and ``territory`` advance, and at the end (100 %).

    Raises
    ------
    InputError
        When the file cannot be read, or no column holds the proposal text.
    """
    stages = StageProgress(progress, ("read", "check", "territory"))
    result = _prepare(source, sheet, mapping, file_name, existing, limits, stages)
    stages.finish(result.counts["read"])
    return result


def name_upload(error: InputError, file_name: str | None) -> InputError:
    """``error`` naming ``file_name`` where it says "(upload)" (bytes carry no name)."""
    if file_name and error.params.get("name") == UPLOAD_NAME:
        error.params["name"] = file_name
    return error


def _prepare(
    source: Source,
    sheet: str | int | None,
    mapping: Mapping[str, str] | Iterable[str] | None,
    file_name: str | None,
    existing: Mapping[str, str] | None,
    limits: Limits,
    stages: StageProgress,
) -> ImportResult:
    stages("read", 0, 1)
    try:
        data, name = _load(source, limits)
        file_name = file_name or name
        file_format = detect_format(data, file_name)
        raw = read_table(data, sheet=sheet, row_numbers=True, limits=limits)
    except InputError as exc:
        raise name_upload(exc, file_name) from None
    stages("read", raw.height, raw.height)
    columns = [c for c in raw.columns if c != ROW_COLUMN]
    chosen = map_columns(columns, mapping)
    if "text" not in chosen.values():
        raise InputError(
            N_(
                "No column holds the proposal text; name one with --map COLUMN=text. "
                "The columns are: {columns}."
            ),
            columns=", ".join(columns),
        )
    validated = validate(raw, chosen, source=file_name, existing=existing, on_stage=stages)
    return ImportResult(
        file_name=file_name,
        file_format=file_format,
        sheet=sheet,
        file_hash=hashlib.sha256(data).hexdigest(),
        mapping=chosen,
        validated=validated,
    )


def read_proposals(path: Source, **options) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Read proposals from a file: the accepted ones and the report of every row.

    Parameters
    ----------
    path
        A path or the file's bytes.
    **options
        ``sheet``, ``mapping`` (``{column: field}`` or ``["column=field"]``),
        ``file_name``, ``limits``, and ``lang`` for the report's reasons.

    Returns
    -------
    tuple of polars.DataFrame
        ``(proposals, report)``: proposals with the columns of the ``proposals``
        table (personal data left out), and one report row per row read
        (``row, outcome, reason, proposal_id``).

    Examples
    --------
    >>> data = b"titulo;propuesta;canton\\nRiego;Un reservorio comunitario;Tabacundo\\n"
    >>> proposals, report = read_proposals(data)
    >>> proposals.select("title", "canton_code", "parish_code").row(0)
    ('Riego', '1704', '170450')
    >>> report["outcome"].to_list()
    ['accepted']
    """
    lang = options.pop("lang", None)
    result = prepare_import(path, **options)
    return result.proposals, result.report(lang)


def existing_hashes(store: Store) -> dict[str, str]:
    """``{content_hash: proposal_id}`` of the proposals in ``store``.

    A merged proposal answers with the proposal it was merged into, so a
    re-imported row points at the one that is active.
    """
    frame = store.read("proposals", columns=["id", "content_hash", "merged_into"]).drop_nulls(
        "content_hash"
    )
    ids = frame.select(pl.coalesce("merged_into", "id")).to_series().to_list()
    return dict(zip(frame["content_hash"].to_list(), ids, strict=True))


def _without_empty_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """Leave out columns that are null in every row (the database fills them with NULL).

    The store converts every cell in Python; a column never filled costs as much as a full one.
    """
    keep = [c for c in frame.columns if frame.get_column(c).null_count() < frame.height]
    return frame.select(keep) if frame.height else frame


def _insert_autoincrement(
    tx: Transaction,
    store: Store,
    table: str,
    frame: pl.DataFrame,
    kind: str,
    progress: Callable[[int, int], None] | None = None,
):
    """Insert rows of a table with an autoincrement ``id`` quickly, in bulk.

    SQLite takes explicit ids (and continues after the largest). PostgreSQL keeps
    its sequence right only when ids come from it, so there they are drawn from
    the column's sequence in one query, not by inserting row by row.
    """
    if frame.height == 0:
        return
    tbl = schema.metadata.tables[table]
    if store.backend == "sqlite":
        start = tx.connection.execute(sa.select(sa.func.max(tbl.c.id))).scalar() or 0
        ids = pl.int_range(start + 1, start + 1 + frame.height, dtype=pl.Int64, eager=True)
    else:
        sequence = sa.func.pg_get_serial_sequence(tbl.name, "id")
        drawn = tx.connection.execute(
            sa.select(sa.func.nextval(sequence)).select_from(
                sa.func.generate_series(1, frame.height)
            )
        )
        ids = pl.Series([row[0] for row in drawn], dtype=pl.Int64)
    frame = frame.with_columns(ids.alias("id")).select("id", *frame.columns)
    tx.insert(table, frame, kind=kind, progress=progress)


def import_proposals(
    store: Store,
    source: Source,
    *,
    actor: str,
    sheet: str | int | None = None,
    mapping: Mapping[str, str] | Iterable[str] | None = None,
    file_name: str | None = None,
    dry_run: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    progress: ProgressCallback | None = None,
) -> ImportResult:
    """Import the proposals of a file into ``store``.

    Parameters
    ----------
    store
        The store to write to.
    source
        Path, bytes or binary file object.
    actor
        Who imports (``"cli:ana"``, ``"facilitator:ana"``): every event carries it.
    sheet, mapping, file_name, limits
        As for :func:`prepare_import`.
    dry_run
        Validate against the store but write nothing.
    progress
        Called with an :class:`~workbench.intake.progress.ImportProgress` as the
        stages advance (``read``, ``check``, ``territory``, then ``store`` with rows
        written after each chunk) and once at the end with 100 %.

    Returns
    -------
    ImportResult
        With ``batch_id`` set when stored.
    """
    from workbench.store.seed import ensure_reference_data  # seed uses intake.hashing

    ensure_reference_data(store)
    existing = existing_hashes(store)
    stages = StageProgress(progress, ("read", "check", "territory") if dry_run else tuple(STAGES))
    result = _prepare(source, sheet, mapping, file_name, existing, limits, stages)
    if dry_run:
        stages.finish(result.counts["read"])
        return result
    v = result.validated
    stamp = now()
    proposals = v.proposals.with_columns(created_at=pl.lit(stamp))
    # authors of rows that repeat a stored proposal: only the ones not known yet
    proposers = v.proposers
    repeated = sorted(set(proposers["proposal_id"].to_list()) & set(existing.values()))
    if repeated:
        known = store.read("proposers", where={"proposal_id": repeated}).select(proposers.columns)
        proposers = proposers.join(known, on=proposers.columns, how="anti", nulls_equal=True)
    previous = store.count("intake_batches", where={"file_hash": result.file_hash})
    batch_id = f"B{result.file_hash[:10]}-{previous + 1}"
    report = v.report
    flags = v.flags.with_columns(batch_id=pl.lit(batch_id), status=pl.lit("open"))
    to_store = proposals.height + proposers.height + flags.height
    stored = 0

    def written(frame_done: int, _frame_total: int) -> None:
        stages("store", stored + frame_done, to_store)

    stages("store", 0, to_store)
    with store.transaction(actor) as tx:
        event_id = tx.record(
            REPORT_EVENT,
            f"batch:{batch_id}",
            after={
                "batch": batch_id,
                "file": result.file_name,
                "sheet": result.sheet,
                "format": result.file_format,
                "counts": v.counts,
                "mapping": result.mapping,
                "report": {
                    "row": report["row"].to_list(),
                    "outcome": report["outcome"].to_list(),
                    "issues": report["issues"].to_list(),
                    "proposal_id": report["proposal_id"].to_list(),
                },
            },
        )
        tx.insert(
            "intake_batches",
            [
                {
                    "id": batch_id,
                    "file_name": result.file_name[:300],
                    "sheet": None if result.sheet is None else str(result.sheet)[:200],
                    "format": result.file_format,
                    "file_hash": result.file_hash,
                    "imported_at": stamp,
                    "actor": actor,
                    "rows_read": v.counts["read"],
                    "accepted": v.counts["accepted"],
                    "warnings": v.counts["warnings"],
                    "rejected": v.counts["rejected"],
                    "mapping": result.mapping,
                    "event_id": event_id,
                }
            ],
            kind="intake.batch",
        )
        if proposals.height:
            # in key order: the indexes on id and content hash then grow at their end
            tx.insert(
                "proposals",
                _without_empty_columns(proposals).sort("id"),
                kind="intake.accept",
                subject=f"batch:{batch_id}",
                progress=written,
            )
        stored += proposals.height
        _insert_autoincrement(
            tx,
            store,
            "proposers",
            _without_empty_columns(proposers),
            "intake.proposers",
            progress=written,
        )
        stored += proposers.height
        _insert_autoincrement(tx, store, "intake_flags", flags, "intake.flags", progress=written)
    stages.finish(v.counts["read"])
    result.batch_id = batch_id
    result.added = {
        "proposals": proposals.height,
        "proposers": proposers.height,
        "flags": flags.height,
    }
    return result


def stored_report(store: Store, batch_id: str, lang: str | None = None) -> pl.DataFrame:
    """The report of a stored import, from its event, reasons in ``lang``.

    Raises
    ------
    InputError
        When there is no import ``batch_id``.
    """
    events = store.events(kind=REPORT_EVENT, subject=f"batch:{batch_id}")
    if not events.height:
        raise InputError(N_("There is no import {batch}."), batch=batch_id)
    after = json.loads(events["after"][-1])["report"]
    report = pl.DataFrame(
        after,
        schema={
            "row": pl.Int64,
            "outcome": pl.String,
            "issues": pl.String,
            "proposal_id": pl.String,
        },
    )
    return render_report(report, lang)
