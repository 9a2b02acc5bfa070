"""``workbench import FILE``: import proposals from a spreadsheet, CSV or JSON file.

Prints one line, ``read N, accepted A, warnings W, rejected R``; writes the
report of every row with ``--report OUT.csv``. Exit status 0 when the file
was read (even with rejected rows), 2 with one clear line when it was not.
"""

from __future__ import annotations

import argparse
import errno
import os
from pathlib import Path

from workbench.errors import InputError
from workbench.i18n import N_, translator
from workbench.intake.importing import existing_hashes, import_proposals, prepare_import
from workbench.store import Store, default_actor

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction, _) -> None:
    """Add the ``import`` sub-command."""
    parser = subparsers.add_parser(
        "import",
        help=_("import proposals from a CSV, Excel, OpenDocument or JSON file"),
    )
    parser.add_argument("file", metavar="FILE", help=_("the file to import"))
    parser.add_argument("--sheet", help=_("sheet of a workbook (default: the first)"))
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help=_("map a column to a field (title, text, canton, parish...); repeatable"),
    )
    parser.add_argument("--report", metavar="OUT.csv", help=_("write the report of every row"))
    parser.add_argument(
        "--dry-run", action="store_true", help=_("check the file without storing anything")
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Import (or check) the file and print the summary line."""
    _ = translator(args.lang)
    sheet = args.sheet  # a name, or a number counted from 1
    if args.report:
        _check_writable(Path(args.report))  # before importing: a stored file then exits 0
    if args.dry_run:
        with Store() as store:
            existing = existing_hashes(store)
        result = prepare_import(args.file, sheet=sheet, mapping=args.map, existing=existing)
    else:
        with Store() as store:
            result = import_proposals(
                store, args.file, actor=default_actor(), sheet=sheet, mapping=args.map
            )
    print(result.summary(args.lang))
    if args.report:
        result.write_report(args.report, args.lang)
        print(_("Report written to {path}.", path=args.report))
    return 0


def _check_writable(path: Path) -> None:
    """Refuse a report path that cannot be written, before anything is imported."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        code = errno.EISDIR
    elif not folder.is_dir():
        code = errno.ENOENT
    elif not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        code = errno.EACCES
    else:
        return
    raise InputError(
        N_("The report cannot be written to {path}: {reason}"),
        path=str(path),
        reason=os.strerror(code),
    )
