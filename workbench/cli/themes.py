"""``workbench themes ...``: fit themes, list them, and change them as a facilitator does.

Every change is one event in the log and can be undone with ``workbench themes undo``.
"""

from __future__ import annotations

import argparse
import sys

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction, _) -> None:
    """Add the ``themes`` sub-command and its actions."""
    parser = subparsers.add_parser("themes", help=_("group proposals into themes and fix them"))
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    fit = actions.add_parser("fit", help=_("group the active proposals into themes"))
    fit.add_argument(
        "--themes", type=int, default=None, help=_("number of themes (default: automatic)")
    )
    fit.add_argument("--seed", type=int, default=0, help=_("random seed"))
    actions.add_parser("show", help=_("list the themes with their proposals and words"))
    review = actions.add_parser("review", help=_("list the proposals to review (low confidence)"))
    review.add_argument("--below", type=float, default=0.5, help=_("confidence threshold"))
    actions.add_parser("assign", help=_("give new proposals their nearest theme"))
    rename = actions.add_parser("rename", help=_("rename a theme"))
    rename.add_argument("theme", type=int)
    rename.add_argument("name")
    merge = actions.add_parser("merge", help=_("merge themes into one"))
    merge.add_argument("into", type=int)
    merge.add_argument("others", type=int, nargs="+")
    split = actions.add_parser("split", help=_("split a theme into n"))
    split.add_argument("theme", type=int)
    split.add_argument("n", type=int)
    move = actions.add_parser("move", help=_("move proposals to a theme"))
    move.add_argument("theme", type=int)
    move.add_argument("proposals", nargs="+")
    lock = actions.add_parser("lock", help=_("lock a theme (a refit leaves it as it is)"))
    lock.add_argument("theme", type=int)
    lock.add_argument("--unlock", action="store_true", help=_("unlock instead"))
    seed = actions.add_parser("seed", help=_("create a theme from keywords or example proposals"))
    seed.add_argument("name")
    seed.add_argument("--keywords", nargs="*", default=[], help=_("keywords"))
    seed.add_argument("--examples", nargs="*", default=[], help=_("example proposal ids"))
    actions.add_parser("undo", help=_("undo the latest change to the themes"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Carry out one themes action on the configured store."""
    from workbench.i18n import translator
    from workbench.store import Store
    from workbench.themes import operations as ops
    from workbench.themes.stored import assign_new, fit_store
    from workbench.themes.views import proposal_frame, review_list, theme_frame

    _ = translator(args.lang)
    actor = "cli"
    with Store() as store:
        action = args.action
        if action == "fit":
            fit_store(
                store,
                actor=actor,
                n_themes=args.themes,
                random_state=args.seed,
                progress=_progress(_("Embedding proposals")),
            )
            action = "show"
        elif action == "assign":
            n = assign_new(store, actor=actor, progress=_progress(_("Embedding proposals")))
            print(_("Assigned {n} new proposals.", n=n))
            return 0
        elif action == "rename":
            ops.rename(store, args.theme, args.name, actor=actor)
        elif action == "merge":
            ops.merge(store, args.others, into=args.into, actor=actor)
        elif action == "split":
            ops.split(store, args.theme, args.n, actor=actor)
        elif action == "move":
            ops.move(store, args.proposals, args.theme, actor=actor)
        elif action == "lock":
            ops.lock(store, args.theme, not args.unlock, actor=actor)
        elif action == "seed":
            ops.seed_theme(
                store, args.name, keywords=args.keywords, examples=args.examples, actor=actor
            )
        elif action == "undo" and ops.undo(store, actor=actor) is None:
            print(_("Nothing to undo."))
            return 0
        if action == "review":
            rows = review_list(proposal_frame(store), args.below)
            print(_("{n} proposals to review.", n=rows.height))
            for row in rows.iter_rows(named=True):
                print(f"{row['id']}\t{row['confidence']:.2f}\t{row['theme']}\t{row['text'][:80]}")
            return 0
        themes = theme_frame(store)
        if themes.is_empty():
            print(_("No themes yet: run workbench themes fit."))
            return 0
        for row in themes.iter_rows(named=True):
            lock_mark = " [" + _("locked") + "]" if row["locked"] else ""
            print(f"{row['id']:>4}  {row['proposals']:>5}  {row['name']}{lock_mark}")
            print(f"            {row['keywords']}")
        total = int(themes["proposals"].sum())
        print(_("{themes} themes, {n} proposals.", themes=themes.height, n=total))
    return 0


def _progress(label: str):
    def report(done: int, total: int) -> None:
        print(f"\r{label}: {done}/{total}", end="" if done < total else "\n", file=sys.stderr)

    return report
