"""``workbench users add NAME --role facilitator``: accounts for the served workbench."""

from __future__ import annotations

import argparse
import getpass
import sys

from workbench.errors import InputError
from workbench.i18n import N_, translator
from workbench.session.accounts import ACCOUNT_ROLES, add_account, load_accounts

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction, _) -> None:
    """Add the ``users`` sub-command."""
    parser = subparsers.add_parser("users", help=_("manage facilitator accounts"))
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    add = verbs.add_parser("add", help=_("create an account or change its password"))
    add.add_argument("name", help=_("account name"))
    add.add_argument("--role", choices=ACCOUNT_ROLES, default="facilitator")
    add.add_argument(
        "--password-stdin",
        action="store_true",
        help=_("read the password from the standard input instead of asking"),
    )
    verbs.add_parser("list", help=_("list the accounts"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Add or list accounts."""
    _ = translator(args.lang)
    if args.verb == "list":
        for name, account in sorted(load_accounts().items()):
            print(f"{name}\t{account.get('role', '')}")
        return 0
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(_("Password: "))
        if getpass.getpass(_("Repeat the password: ")) != password:
            raise InputError(N_("The two passwords differ."))
    path = add_account(args.name, password, role=args.role)
    print(_("Account {name} saved in {path}.", name=args.name, path=str(path)))
    return 0
