"""The session's ranking and portfolio now: the contract the live session and reports read.

:func:`current_ranking` aggregates the members' scores of a session (mean),
takes the group weights (mean of each member's normalised weights; equal
weights when nobody has weighted), ranks with the table's default method
(TOPSIS) and groups by :func:`workbench.themes.current_themes`. Criteria
with an ``attribute`` (for example ``estimated_cost``) take their value from
the proposal instead of from members' scores.

Missing values are never zero. A proposal no member has scored has a null
score and rank and is listed last. A proposal scored on some criteria only is
ranked on the criteria it has: TOPSIS distances run over its known values with
its weights rescaled to sum to one (documented; the ``n_scorers`` and the
contribution columns show what it rests on).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import polars as pl

from workbench.errors import NotFoundError
from workbench.i18n import N_
from workbench.prioritise.aggregation import aggregate_scores, group_weights, score_matrix
from workbench.prioritise.checks import check_weights
from workbench.prioritise.explain import contributions
from workbench.prioritise.methods import topsis_with_gaps
from workbench.prioritise.portfolio import portfolio
from workbench.prioritise.sensitivity import score_with_gaps
from workbench.store import Store
from workbench.themes import current_themes

__all__ = [
    "DEFAULT_BUDGET_SHARE",
    "DEFAULT_METHOD",
    "SessionProblem",
    "current_portfolio",
    "current_ranking",
    "load_problem",
    "rank_problem",
    "topsis_with_gaps",
]

#: The table's default ranking method.
DEFAULT_METHOD = "topsis"

#: Without a budget (argument or the session agenda's ``"budget"``), the
#: portfolio may spend this share of the total estimated cost of the ranked
#: proposals.
DEFAULT_BUDGET_SHARE = 0.25

#: Proposal columns a criterion's ``attribute`` may name.
ATTRIBUTES = ("estimated_cost", "beneficiaries")


@dataclass(frozen=True)
class SessionProblem:
    """A session's decision problem, read from the store.

    Attributes
    ----------
    proposals
        Active proposals: ``proposal_id, theme_id, theme, canton_code,
        estimated_cost, n_scorers`` in ``proposal_id`` order.
    criteria
        ``id, name, direction, scale, attribute`` in position order.
    matrix, spread
        Proposals x criteria: aggregated values and their standard deviation
        among members (NaN where missing).
    weights, weight_spread
        Group weights (sum one) and their spread among members.
    weight_members
        How many members' weights they come from (0: equal weights).
    aggregated
        The long aggregation table (see :func:`aggregate_scores`).
    """

    session_id: str
    proposals: pl.DataFrame
    criteria: pl.DataFrame
    matrix: np.ndarray
    spread: np.ndarray
    weights: np.ndarray
    weight_spread: np.ndarray
    weight_members: int
    aggregated: pl.DataFrame

    @property
    def directions(self) -> np.ndarray:
        """+1 benefit, -1 cost, per criterion."""
        return self.criteria.get_column("direction").to_numpy().astype(np.int8)

    @property
    def criterion_ids(self) -> list[str]:
        """Criterion ids in column order."""
        return self.criteria.get_column("id").to_list()

    def preferences(self) -> dict[str, list]:
        """PROMETHEE settings from each criterion's ``thresholds`` JSON.

        ``{"preference": "linear", "q": 0.5, "p": 2, "s": null}``; a criterion
        without thresholds uses the usual criterion.
        """
        out: dict[str, list] = {"preference": [], "q": [], "p": [], "s": []}
        for raw in self.criteria.get_column("thresholds").to_list():
            try:
                value = json.loads(raw) if isinstance(raw, str) else (raw or {})
            except ValueError:
                value = {}
            value = value if isinstance(value, dict) else {}
            out["preference"].append(value.get("preference", "usual"))
            out["q"].append(float(value.get("q", 0) or 0))
            out["p"].append(float(value.get("p", 0) or 0))
            out["s"].append(None if value.get("s") is None else float(value["s"]))
        return out

    @property
    def scored(self) -> np.ndarray:
        """Boolean mask of proposals at least one member scored."""
        return self.proposals.get_column("n_scorers").to_numpy() > 0


def load_problem(store: Store, session_id: str, *, how: str = "mean") -> SessionProblem:
    """Read a session's proposals, criteria, aggregated scores and group weights."""
    if store.get("sessions", {"id": session_id}) is None:
        raise NotFoundError(N_("No session {id}"), id=session_id)
    criteria = (
        store.read(
            "criteria",
            columns=["id", "name", "direction", "scale", "attribute", "thresholds", "position"],
        )
        .sort("position", "id")
        .drop("position")
    )
    themes = current_themes(store)
    proposals = store.read("proposals", columns=["id", "canton_code", *ATTRIBUTES]).rename(
        {"id": "proposal_id"}
    )
    scores = store.read(
        "scores",
        where={"session_id": session_id},
        columns=["participant_id", "proposal_id", "criterion_id", "value"],
    )
    n_scorers = scores.group_by("proposal_id").agg(
        pl.col("participant_id").n_unique().cast(pl.Int64).alias("n_scorers")
    )
    base = (
        themes.select("proposal_id", "theme_id", "theme")
        .join(proposals, on="proposal_id", how="left")
        .join(n_scorers, on="proposal_id", how="left")
        .with_columns(pl.col("n_scorers").fill_null(0))
        .sort("proposal_id")
    )
    ids = base.get_column("proposal_id").to_list()
    crit_ids = criteria.get_column("id").to_list()
    aggregated = aggregate_scores(scores, how=how)
    matrix = score_matrix(aggregated, ids, crit_ids)
    spread = score_matrix(aggregated, ids, crit_ids, column="spread")
    for j, attribute in enumerate(criteria.get_column("attribute").to_list()):
        if attribute in ATTRIBUTES:
            matrix[:, j] = base.get_column(attribute).cast(pl.Float64).fill_null(np.nan).to_numpy()
            spread[:, j] = 0.0
    weights = store.read(
        "weights",
        where={"session_id": session_id},
        columns=["participant_id", "criterion_id", "value", "at"],
    ).sort("at")
    mean, wspread, members = group_weights(weights, crit_ids)
    return SessionProblem(
        session_id=session_id,
        proposals=base,
        criteria=criteria,
        matrix=matrix,
        spread=spread,
        weights=mean,
        weight_spread=wspread,
        weight_members=members,
        aggregated=aggregated,
    )


def rank_problem(
    problem: SessionProblem, *, weights=None, method: str = DEFAULT_METHOD
) -> pl.DataFrame:
    """Rank a session's problem, as :func:`current_ranking` does, with other weights or method.

    Parameters
    ----------
    problem
        From :func:`load_problem`.
    weights
        Weights per criterion (default the group weights).
    method
        ``"topsis"`` (missing values left out per proposal), or ``"weighted_sum"``,
        ``"vikor"``, ``"promethee_ii"`` (with the criteria's thresholds), which rank
        only the proposals with every value and leave the others unranked.
    """
    base = problem.proposals
    scored = problem.scored
    n, m = problem.matrix.shape
    w = problem.weights if weights is None else check_weights(weights, m)
    score = np.full(n, np.nan)
    contrib = np.full((n, m), np.nan)
    if scored.any() and m:
        x = problem.matrix[scored]
        options = problem.preferences() if method == "promethee_ii" else {}
        score[scored] = score_with_gaps(method, x, w, problem.directions, **options)
        contrib[scored] = contributions(x, w, problem.directions)
    frame = base.with_columns(pl.Series("score", score).fill_nan(None))
    frame = frame.with_columns(
        [
            pl.Series(f"contrib_{cid}", contrib[:, j]).fill_nan(None)
            for j, cid in enumerate(problem.criterion_ids)
        ]
    )
    ordered = frame.sort(["score", "proposal_id"], descending=[True, False], nulls_last=True)
    ranks = pl.Series("rank", np.arange(1, n + 1), dtype=pl.Int64)
    ordered = ordered.with_columns(
        pl.when(pl.col("score").is_not_null()).then(ranks).otherwise(None).alias("rank")
    )
    first = ["proposal_id", "rank", "score", "theme_id", "theme", "n_scorers"]
    return ordered.select(first + [c for c in ordered.columns if c not in first])


def current_ranking(store: Store, session_id: str) -> pl.DataFrame:
    """The session's ranking now.

    Parameters
    ----------
    store
        The table's store.
    session_id
        The session whose members' scores and weights are used.

    Returns
    -------
    polars.DataFrame
        One row per active proposal, best first, columns ``proposal_id, rank,
        score, theme_id, theme, n_scorers, canton_code, estimated_cost,
        beneficiaries`` and ``contrib_<criterion_id>`` per criterion (additive
        contributions, see :mod:`workbench.prioritise.explain`). Proposals
        without any score come last with null ``score``, ``rank`` and
        contributions. Ties are broken by ``proposal_id``.

    Raises
    ------
    NotFoundError
        If the session does not exist.
    """
    return rank_problem(load_problem(store, session_id))


def default_budget(store: Store, session_id: str, ranking: pl.DataFrame) -> float:
    """The session agenda's ``"budget"`` if set, else :data:`DEFAULT_BUDGET_SHARE` of the cost."""
    session = store.get("sessions", {"id": session_id}) or {}
    agenda = session.get("agenda")
    if isinstance(agenda, str):
        try:
            agenda = json.loads(agenda)
        except ValueError:
            agenda = None
    if isinstance(agenda, dict) and isinstance(agenda.get("budget"), int | float):
        return float(agenda["budget"])
    eligible = ranking.filter(
        pl.col("score").is_not_null() & pl.col("estimated_cost").is_not_null()
    )
    return DEFAULT_BUDGET_SHARE * float(eligible.get_column("estimated_cost").sum())


def current_portfolio(store: Store, session_id: str, budget: float | None = None) -> pl.DataFrame:
    """The value-maximising portfolio for the session's current ranking.

    Proposals with a score and an estimated cost are eligible; the value of a
    proposal is its TOPSIS score. Solved exactly with :func:`portfolio`.

    Parameters
    ----------
    store, session_id
        As for :func:`current_ranking`.
    budget
        US dollars; default the session agenda's ``"budget"``, else
        :data:`DEFAULT_BUDGET_SHARE` of the total estimated cost of the
        ranked proposals.

    Returns
    -------
    polars.DataFrame
        ``proposal_id, selected, cost, rank, score, canton_code, theme_id``
        in rank order (unranked last); proposals that cannot be chosen (no
        score or no cost) have ``selected = False``.
    """
    ranking = current_ranking(store, session_id)
    if budget is None:
        budget = default_budget(store, session_id, ranking)
    eligible = (
        ranking.get_column("score").is_not_null()
        & ranking.get_column("estimated_cost").is_not_null()
    )
    chosen = np.zeros(ranking.height, dtype=bool)
    idx = np.flatnonzero(eligible.to_numpy())
    if idx.size:
        values = ranking.get_column("score").to_numpy()[idx]
        costs = ranking.get_column("estimated_cost").to_numpy()[idx]
        chosen[idx] = portfolio(values, costs, budget)
    return ranking.select(
        "proposal_id",
        pl.Series("selected", chosen),
        pl.col("estimated_cost").alias("cost"),
        "rank",
        "score",
        "canton_code",
        "theme_id",
    )
