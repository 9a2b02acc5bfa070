"""``workbench export``: the open data and the session report, or the planning workbook.

    workbench export --public DIR [--session ID] [--no-pdf]
    workbench export --planning FILE.xlsx [--session ID]

Lives here (not in ``workbench/cli``) so that its messages belong to the
reports catalogue; :mod:`workbench.cli.export` re-exports it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from workbench.errors import InputError
from workbench.i18n import N_, translator
from workbench.store import Store

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction, _) -> None:
    """Add the ``export`` sub-command."""
    parser = subparsers.add_parser(
        "export", help=_("write the open data and reports, or the planning workbook")
    )
    parser.add_argument(
        "--public",
        metavar="DIR",
        help=_("write the anonymised open data (CSV, JSON, data dictionary) and the report"),
    )
    parser.add_argument(
        "--planning", metavar="FILE.xlsx", help=_("write the planning workbook (Excel)")
    )
    parser.add_argument(
        "--session", metavar="ID", help=_("session to report on (default: the latest)")
    )
    parser.add_argument(
        "--no-pdf", action="store_true", help=_("write the report in HTML only, without the PDF")
    )
    parser.set_defaults(handler=run)


def _writable_folder(raw: str) -> Path:
    folder = Path(raw)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".workbench-write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise InputError(
            N_("Cannot write to the folder {path}: {reason}"), path=raw, reason=exc.strerror
        ) from None
    return folder


def run(args: argparse.Namespace) -> int:
    """Write what was asked for and print one line per file group."""
    from workbench.reports.open_data import write_open_data
    from workbench.reports.planning import write_planning_workbook
    from workbench.reports.session_report import build_session_report, write_html, write_pdf

    _ = translator(args.lang)
    if not args.public and not args.planning:
        raise InputError(N_("Say what to export: --public DIR and/or --planning FILE.xlsx."))
    if args.planning and not args.planning.lower().endswith(".xlsx"):
        raise InputError(
            N_("The planning workbook must be an .xlsx file, not {path}."), path=args.planning
        )
    with Store() as store:
        if args.session and not store.count("sessions", where={"id": args.session}):
            raise InputError(N_("There is no session {session}."), session=args.session)
        if args.public:
            folder = _writable_folder(args.public)
            written = write_open_data(store, folder, session_id=args.session, lang=args.lang)
            report = build_session_report(store, args.session, lang=args.lang)
            written.append(write_html(report, folder / "report.html"))
            if not args.no_pdf:
                written.append(write_pdf(report, folder / "report.pdf"))
            print(_("Wrote {n} files to {path}.", n=len(written), path=str(folder)))
        if args.planning:
            path = Path(args.planning)
            _writable_folder(str(path.parent if str(path.parent) else "."))
            write_planning_workbook(store, path, args.session, lang=args.lang)
            print(_("Wrote the planning workbook {path}.", path=str(path)))
    return 0
