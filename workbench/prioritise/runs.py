"""Save a prioritisation run (ranking and portfolios) in the store, and read it back.

A run keeps what was decided and how: method, aggregation, weights,
budget, each proposal's score and rank, and the portfolio chosen by each rule
(``value``: the budgeted optimum; ``greedy``: greedy approval; ``mes``: the
Method of Equal Shares). Everything is written in one transaction, so the
event log has the run.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import polars as pl

from workbench.errors import NotFoundError
from workbench.i18n import N_
from workbench.prioritise.ballots import APPROVAL_THRESHOLD, member_utilities
from workbench.prioritise.checks import check_weights
from workbench.prioritise.current import (
    DEFAULT_METHOD,
    default_budget,
    load_problem,
    rank_problem,
)
from workbench.prioritise.portfolio import portfolio
from workbench.prioritise.proportional import equal_shares, greedy_approval
from workbench.store import Store, now

__all__ = ["RULES", "load_run", "portfolios", "save_run"]

#: Portfolio rules saved with a run.
RULES = ("value", "greedy", "mes")


def portfolios(store: Store, session_id: str, ranking: pl.DataFrame, budget: float) -> pl.DataFrame:
    """The three portfolios side by side for a ranking.

    Returns
    -------
    polars.DataFrame
        ``proposal_id, cost, value, greedy, mes`` (booleans per rule) for the
        proposals that can be chosen (score and cost known).
    """
    eligible = ranking.filter(
        pl.col("score").is_not_null() & pl.col("estimated_cost").is_not_null()
    )
    ids = eligible.get_column("proposal_id").to_list()
    costs = eligible.get_column("estimated_cost").to_numpy()
    if not ids:
        empty = pl.Series([], dtype=pl.Boolean)
        return eligible.select("proposal_id", pl.col("estimated_cost").alias("cost")).with_columns(
            value=empty, greedy=empty, mes=empty
        )
    value = portfolio(eligible.get_column("score").to_numpy(), costs, budget)
    problem = load_problem(store, session_id)
    _, utilities = member_utilities(store, problem, ids)
    if utilities.shape[0]:
        greedy = greedy_approval(np.nan_to_num(utilities) >= APPROVAL_THRESHOLD, costs, budget)
        mes = equal_shares(utilities, costs, budget)
    else:
        greedy = mes = np.zeros(len(ids), dtype=bool)
    return pl.DataFrame(
        {"proposal_id": ids, "cost": costs, "value": value, "greedy": greedy, "mes": mes}
    )


def save_run(
    store: Store,
    session_id: str,
    *,
    actor: str,
    budget: float | None = None,
    weights: Sequence[float] | None = None,
    aggregation: str = "mean",
) -> str:
    """Compute the session's ranking and portfolios and save them as a run.

    Parameters
    ----------
    store, session_id
        The session.
    actor
        Who saves it (recorded in the run and its events).
    budget
        US dollars; default as :func:`~workbench.prioritise.current_portfolio`.
    weights
        Weights per criterion (in criteria order); default the group weights.
    aggregation
        How members' scores combine: ``"mean"``, ``"median"`` or ``"trimmed"``.

    Returns
    -------
    str
        The new run's id.
    """
    problem = load_problem(store, session_id, how=aggregation)
    if weights is not None:
        problem = replace(problem, weights=check_weights(weights, len(problem.criterion_ids)))
    ranking = rank_problem(problem)
    if budget is None:
        budget = default_budget(store, session_id, ranking)
    chosen = portfolios(store, session_id, ranking, budget)
    stamp = now()
    run_id = f"{session_id}-{stamp:%Y%m%dT%H%M%S%f}"
    crit = problem.criterion_ids
    contrib_cols = [f"contrib_{c}" for c in crit]
    results = []
    for row in ranking.iter_rows(named=True):
        contrib = {c: row[f"contrib_{c}"] for c in crit if row[f"contrib_{c}"] is not None}
        results.append(
            {
                "run_id": run_id,
                "proposal_id": row["proposal_id"],
                "rank": row["rank"],
                "score": row["score"],
                "n_scorers": row["n_scorers"],
                "contributions": json.dumps(contrib) if contrib else None,
            }
        )
    del contrib_cols
    selections = [
        {
            "run_id": run_id,
            "rule": rule,
            "proposal_id": row["proposal_id"],
            "selected": bool(row[rule]),
            "cost": row["cost"],
            "budget": float(budget),
        }
        for rule in RULES
        for row in chosen.iter_rows(named=True)
    ]
    with store.transaction(actor) as tx:
        tx.insert(
            "prioritise_runs",
            [
                {
                    "id": run_id,
                    "session_id": session_id,
                    "method": DEFAULT_METHOD,
                    "aggregation": aggregation,
                    "weights": json.dumps(dict(zip(crit, problem.weights.tolist(), strict=True))),
                    "params": json.dumps({"budget": float(budget)}),
                    "created_at": stamp,
                    "actor": actor,
                }
            ],
            kind="prioritise.run",
        )
        tx.insert("prioritise_results", results, kind="prioritise.results", subject=run_id)
        if selections:
            tx.insert(
                "prioritise_selections", selections, kind="prioritise.selections", subject=run_id
            )
    return run_id


def load_run(store: Store, run_id: str) -> tuple[dict, pl.DataFrame, pl.DataFrame]:
    """A saved run: ``(run, results, selections)``."""
    run = store.get("prioritise_runs", {"id": run_id})
    if run is None:
        raise NotFoundError(N_("No prioritisation run {id}"), id=run_id)
    results = store.read("prioritise_results", where={"run_id": run_id}).sort(
        "rank", "proposal_id", nulls_last=True
    )
    selections = store.read("prioritise_selections", where={"run_id": run_id})
    return run, results, selections
