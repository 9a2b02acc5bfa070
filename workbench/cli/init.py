"""``workbench init [--sample]``: create the database and optionally load the sample data."""

from __future__ import annotations

import argparse

from workbench.store import Store
from workbench.store.seed import ensure_reference_data, load_sample

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction, _) -> None:
    """Add the ``init`` sub-command."""
    parser = subparsers.add_parser("init", help=_("create the database (and load the sample data)"))
    parser.add_argument("--sample", action="store_true", help=_("load the Pichincha sample data"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Create or upgrade the database; load the gazetteer, and the sample when asked."""
    from workbench.i18n import translator

    _ = translator(args.lang)
    with Store() as store:
        before, after = store.versions
        if before is None:
            print(
                _(
                    "Created the database {url} (schema version {version}).",
                    url=_display(store),
                    version=after,
                )
            )
        elif before < after:
            print(
                _(
                    "Upgraded the database {url} from schema version {old} to {new}.",
                    url=_display(store),
                    old=before,
                    new=after,
                )
            )
        else:
            print(
                _(
                    "The database {url} is up to date (schema version {version}).",
                    url=_display(store),
                    version=after,
                )
            )
        if ensure_reference_data(store):
            print(_("Loaded the territories of Pichincha."))
        if args.sample:
            counts = load_sample(store)
            print(
                _(
                    "Loaded the sample data: {counts}.",
                    counts=", ".join(f"{table} {n}" for table, n in counts.items()),
                )
            )
    return 0


def _display(store: Store) -> str:
    return store.url.render_as_string(hide_password=True)
