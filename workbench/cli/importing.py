"""``workbench import FILE``: import proposals from a spreadsheet, CSV or JSON file.

Prints one line, ``read N, accepted A, warnings W, rejected R``; writes the
report of every row with ``--report OUT.csv``. Exit status 0 when the file
was read (even with rejected rows), 2 with one clear line when it was not.
"""

from __future__ import annotations

import argparse
import getpass

from workbench.i18n import translator
from workbench.intake.importing import existing_hashes, import_proposals, prepare_import
from workbench.store import Store

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
    if args.dry_run:
        with Store() as store:
            existing = existing_hashes(store)
        result = prepare_import(args.file, sheet=sheet, mapping=args.map, existing=existing)
    else:
        with Store() as store:
            result = import_proposals(
                store, args.file, actor=f"cli:{getpass.getuser()}", sheet=sheet, mapping=args.map
            )
    print(result.summary(args.lang))
    if args.report:
        result.write_report(args.report, args.lang)
        print(_("Report written to {path}.", path=args.report))
    return 0
