"""``workbench prioritise``: a session's ranking, its portfolio, and saved runs.

Examples::

    workbench prioritise rank --session S2026-01 --top 20 [--method promethee_ii]
    workbench prioritise portfolio --session S2026-01 --budget 500000
    workbench prioritise save --session S2026-01 --budget 500000
"""

from __future__ import annotations

import argparse
import sys

import polars as pl

from workbench.store import Store, default_actor

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction, _) -> None:
    """Add the ``prioritise`` sub-command."""
    parser = subparsers.add_parser(
        "prioritise", help=_("rank a session's proposals and choose a budgeted portfolio")
    )
    parser.add_argument(
        "action",
        choices=["rank", "portfolio", "save"],
        help=_("rank: print the ranking; portfolio: the chosen proposals; save: store a run"),
    )
    parser.add_argument("--session", required=True, help=_("session id, for example S2026-01"))
    parser.add_argument("--budget", type=float, help=_("budget in US dollars"))
    parser.add_argument(
        "--method",
        choices=["topsis", "promethee_ii", "vikor", "weighted_sum"],
        default="topsis",
        help=_("ranking method (default topsis, the table's)"),
    )
    parser.add_argument(
        "--aggregation",
        choices=["mean", "median", "trimmed"],
        default="mean",
        help=_("how members' scores combine (default mean)"),
    )
    parser.add_argument("--top", type=int, default=20, help=_("rows to print (default 20)"))
    parser.add_argument("--csv", action="store_true", help=_("print CSV instead of a table"))
    parser.set_defaults(handler=run)


def _print(frame: pl.DataFrame, as_csv: bool) -> None:
    if as_csv:
        sys.stdout.write(frame.write_csv())
    else:
        with pl.Config(tbl_rows=frame.height, tbl_cols=-1, tbl_width_chars=160):
            print(frame)


def run(args: argparse.Namespace) -> int:
    """Run one action."""
    from workbench.i18n import translator
    from workbench.prioritise import current_portfolio, load_problem, rank_problem
    from workbench.prioritise.runs import save_run

    _ = translator(args.lang)
    with Store() as store:
        if args.action == "rank":
            problem = load_problem(store, args.session, how=args.aggregation)
            ranking = rank_problem(problem, method=args.method)
            shown = ranking.select("rank", "proposal_id", "score", "n_scorers", "theme")
            _print(shown.head(args.top) if args.top > 0 else shown, args.csv)
            scored = ranking.get_column("score").is_not_null().sum()
            print(
                _(
                    "{scored} of {total} proposals have scores; the rest are listed last.",
                    scored=int(scored),
                    total=ranking.height,
                ),
                file=sys.stderr,
            )
        elif args.action == "portfolio":
            chosen = current_portfolio(store, args.session, budget=args.budget)
            picked = chosen.filter(pl.col("selected"))
            _print(picked.select("rank", "proposal_id", "cost", "canton_code"), args.csv)
            print(
                _(
                    "{n} proposals chosen for {cost:,.0f} USD.",
                    n=picked.height,
                    cost=float(picked.get_column("cost").sum() or 0.0),
                ),
                file=sys.stderr,
            )
        else:
            run_id = save_run(
                store,
                args.session,
                actor=default_actor(),
                budget=args.budget,
                aggregation=args.aggregation,
            )
            print(_("Saved the prioritisation run {id}.", id=run_id))
    return 0
