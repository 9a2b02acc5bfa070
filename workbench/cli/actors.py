"""``workbench actors``: import actor and tie files, export the network, print its metrics.

workbench actors import --actors actores.xlsx --ties vinculos.csv
workbench actors export mapa.gexf        # or .graphml, or a folder for CSV
workbench actors metrics [--out medidas.csv]
"""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

import polars as pl

from workbench.actors.importing import import_files
from workbench.actors.storage import load_network
from workbench.actors.validation import describe_flag
from workbench.errors import InputError
from workbench.i18n import N_, translator
from workbench.store import Store

__all__ = ["register", "run_export", "run_import", "run_metrics"]


def register(subparsers: argparse._SubParsersAction, _) -> None:
    """Add the ``actors`` sub-command and its own sub-commands."""
    parser = subparsers.add_parser("actors", help=_("the actor map: import, export, metrics"))
    inner = parser.add_subparsers(dest="actors_command", metavar="ACTION", required=True)
    load = inner.add_parser("import", help=_("import actors and ties from CSV or Excel files"))
    load.add_argument("--actors", metavar="FILE", help=_("file of actors"))
    load.add_argument("--ties", metavar="FILE", help=_("file of ties"))
    load.set_defaults(handler=run_import)
    export = inner.add_parser("export", help=_("write the network as GEXF, GraphML or CSV"))
    export.add_argument(
        "out", metavar="OUT", help=_("a .gexf or .graphml file, or a folder for CSV")
    )
    export.set_defaults(handler=run_export)
    metrics = inner.add_parser("metrics", help=_("print the actors with most betweenness"))
    metrics.add_argument("--out", metavar="OUT.csv", help=_("write every actor's metrics"))
    metrics.add_argument("--top", type=int, default=10, help=_("how many actors to print"))
    metrics.set_defaults(handler=run_metrics)


def run_import(args: argparse.Namespace) -> int:
    """Import the files and print what was added and every flagged row."""
    _ = translator(args.lang)
    if not args.actors and not args.ties:
        raise InputError(N_("Give a file of actors (--actors) or of ties (--ties)."))
    with Store() as store:
        report = import_files(store, args.actors, args.ties, actor=f"cli:{getpass.getuser()}")
    print(
        _(
            "{added} actors added, {updated} updated, {ties} ties added, {flagged} flagged.",
            added=report.actors_added,
            updated=report.actors_updated,
            ties=report.ties_added,
            flagged=report.flagged.height,
        )
    )
    for flag in report.flagged.iter_rows(named=True):
        print("  " + describe_flag(flag, args.lang))
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Write the network held in the store."""
    _ = translator(args.lang)
    out = Path(args.out)
    with Store() as store:
        net = load_network(store)
    if out.suffix.lower() == ".gexf":
        net.to_gexf(out)
    elif out.suffix.lower() == ".graphml":
        net.to_graphml(out)
    else:
        net.to_csv(out)
    print(_("Written to {path}.", path=str(out)))
    return 0


def run_metrics(args: argparse.Namespace) -> int:
    """Print the top actors by betweenness; write all metrics with ``--out``."""
    with Store() as store:
        metrics = load_network(store).metrics()
    top = metrics.sort("betweenness", "id", descending=[True, False]).head(args.top)
    with pl.Config(tbl_rows=args.top, tbl_cols=6, fmt_str_lengths=60):
        print(top.select("id", "name", "level", "degree", "betweenness", "constraint"))
    if args.out:
        metrics.write_csv(args.out)
    return 0
