"""Entry point of the ``workbench`` command: parse, dispatch, report errors in one line."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Sequence

from workbench.errors import WorkbenchError
from workbench.i18n import default_language, normalise_language, translator

__all__ = ["COMMANDS", "build_parser", "main"]

#: Modules under ``workbench.cli`` that provide sub-commands, in help order.
COMMANDS: tuple[str, ...] = (
    "init",
    "serve",
    "importing",
    "prioritise",
    "users",
    "export",
    "actors",
    "themes",
)

#: Exit status for errors a user can cause (bad input, bad configuration).
EXIT_USER_ERROR = 2


def build_parser(lang: str) -> argparse.ArgumentParser:
    """The argument parser with every sub-command, its help in ``lang``."""
    _ = translator(lang)
    parser = argparse.ArgumentParser(
        prog="workbench",
        description=_("Mesa Workbench: deliberation and prioritisation for the table."),
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help=_("database URL (default: WORKBENCH_DB, else an SQLite file in WORKBENCH_DATA)"),
    )
    parser.add_argument("--lang", choices=["es", "en"], help=_("language of messages"))
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"workbench.cli.{name}").register(subparsers, _)
    return parser


def _language(argv: Sequence[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return normalise_language(argv[i + 1])
        if arg.startswith("--lang="):
            return normalise_language(arg.split("=", 1)[1])
    return default_language()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _language(argv)
    _ = translator(lang)
    parser = build_parser(lang)
    args = parser.parse_args(argv)
    args.lang = lang
    if args.db:
        os.environ["WORKBENCH_DB"] = args.db
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USER_ERROR
    try:
        return int(args.handler(args) or 0)
    except WorkbenchError as exc:
        print(f"workbench: {exc.render(lang)}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug, not the user's doing: one line, details on request
        if os.environ.get("WORKBENCH_DEBUG"):
            traceback.print_exc()
        print(
            "workbench: "
            + _(
                "internal error ({kind}): {detail}. Set WORKBENCH_DEBUG=1 for details.",
                kind=type(exc).__name__,
                detail=exc,
            ),
            file=sys.stderr,
        )
        return 1
