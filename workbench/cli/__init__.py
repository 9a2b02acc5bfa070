"""The ``workbench`` command line.

Each sub-command lives in its own module exposing ``register(subparsers, _)``
that adds its parser and sets ``handler``; :data:`COMMANDS` lists them.
Every failure a user can cause ends as one line on standard error and a
non-zero exit status, never a traceback.
"""

from workbench.cli.main import COMMANDS, build_parser, main

__all__ = ["COMMANDS", "build_parser", "main"]
