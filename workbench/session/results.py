"""What a session shows: progress for the facilitator, aggregate results for everyone allowed.

Results are aggregates only (how many members scored, mean per criterion,
overall score and rank): no member's individual score leaves this module,
except to the member who gave it (:func:`workbench.session.answers.my_answers`).
Grouping by theme uses :func:`workbench.themes.current_themes`.
"""

from __future__ import annotations

import polars as pl

from workbench.errors import PermissionDeniedError
from workbench.i18n import N_
from workbench.session.access import FACILITATOR, MEMBER, Principal, require_facilitator
from workbench.session.lifecycle import session_state
from workbench.store import Store
from workbench.themes.current import current_themes

__all__ = ["RESULT_COLUMNS", "aggregate_scores", "progress", "results"]

#: Columns of :func:`results`.
RESULT_COLUMNS = ("rank", "proposal_id", "title", "theme", "members", "score")


def aggregate_scores(store: Store, session_id: str) -> pl.DataFrame:
    """Overall score of each proposal on the agenda from the members' scores and weights.

    The mean score on each criterion, combined with the members' mean weights
    (equal weights when nobody weighted), ranked from the highest. This is the
    session's stand-in until the prioritisation capability's ranking is used.

    Returns
    -------
    polars.DataFrame
        ``proposal_id``, ``members`` (distinct members who scored it),
        ``score`` and ``rank`` (1 = first), for proposals with at least one score.
    """
    scores = store.read(
        "scores",
        where={"session_id": session_id},
        columns=["participant_id", "proposal_id", "criterion_id", "value"],
    )
    if scores.height == 0:
        return pl.DataFrame(
            schema={
                "proposal_id": pl.String,
                "members": pl.UInt32,
                "score": pl.Float64,
                "rank": pl.UInt32,
            }
        )
    weights = store.read(
        "weights", where={"session_id": session_id}, columns=["criterion_id", "value"]
    )
    mean_weights = weights.group_by("criterion_id").agg(pl.col("value").mean().alias("w"))
    means = scores.group_by("proposal_id", "criterion_id").agg(pl.col("value").mean().alias("m"))
    combined = means.join(mean_weights, on="criterion_id", how="left").with_columns(
        pl.col("w").fill_null(1.0 if mean_weights.height == 0 else 0.0)
    )
    overall = combined.group_by("proposal_id").agg(
        ((pl.col("m") * pl.col("w")).sum() / pl.col("w").sum()).fill_nan(None).alias("score")
    )
    counts = scores.group_by("proposal_id").agg(
        pl.col("participant_id").n_unique().alias("members")
    )
    return (
        overall.join(counts, on="proposal_id")
        .sort(["score", "proposal_id"], descending=[True, False], nulls_last=True)
        .with_columns(pl.int_range(1, pl.len() + 1, dtype=pl.UInt32).alias("rank"))
        .select("proposal_id", "members", "score", "rank")
    )


def results(store: Store, principal: Principal, session_id: str) -> pl.DataFrame:
    """The session's results: one row per proposal, aggregates only.

    Facilitators see them at any time; members of the session and the public
    only once the facilitator has revealed them. No personal data and no
    individual score is ever part of them.

    Returns
    -------
    polars.DataFrame
        Columns :data:`RESULT_COLUMNS`, by rank.

    Raises
    ------
    PermissionDeniedError
        When the results are not revealed and ``principal`` is not a facilitator.
    """
    state = session_state(store, session_id)
    if principal.role != FACILITATOR:
        if principal.role == MEMBER and principal.session_id != session_id:
            raise PermissionDeniedError(N_("Only members of this session may do this."))
        if not state.revealed:
            raise PermissionDeniedError(N_("The facilitator has not revealed the results yet."))
    ranking = aggregate_scores(store, session_id)
    proposals = store.read(
        "proposals", where={"id": list(state.proposals)}, columns=["id", "title"]
    )
    themes = current_themes(store).select("proposal_id", "theme")
    return (
        ranking.join(proposals.rename({"id": "proposal_id"}), on="proposal_id", how="left")
        .join(themes, on="proposal_id", how="left")
        .select(*RESULT_COLUMNS)
        .sort("rank")
    )


def progress(store: Store, principal: Principal, session_id: str) -> pl.DataFrame:
    """Who has scored what: one row per member. Facilitators only.

    Returns
    -------
    polars.DataFrame
        ``participant_id``, ``name``, ``organisation``, ``scores`` (answers
        given), ``expected`` (proposals x criteria on the agenda),
        ``proposals_done`` (proposals scored on every criterion), ``weights``
        (whether they weighted the criteria) and ``last_answer``.
    """
    require_facilitator(principal)
    state = session_state(store, session_id)
    joined = store.read("session_members", where={"session_id": session_id})
    ids = joined["participant_id"].to_list()
    people = store.read(
        "participants", where={"id": ids}, columns=["id", "name", "organisation"]
    ).rename({"id": "participant_id"})
    scores = store.read(
        "scores",
        where={"session_id": session_id},
        columns=["participant_id", "proposal_id", "criterion_id", "at"],
    ).filter(pl.col("proposal_id").is_in(list(state.proposals)))
    per_member = scores.group_by("participant_id").agg(
        pl.len().cast(pl.Int64).alias("scores"), pl.col("at").max().alias("last_answer")
    )
    complete = (
        scores.group_by("participant_id", "proposal_id")
        .agg(pl.col("criterion_id").n_unique().alias("n"))
        .filter(pl.col("n") >= len(state.criteria))
        .group_by("participant_id")
        .agg(pl.len().cast(pl.Int64).alias("proposals_done"))
    )
    weighted = (
        store.read("weights", where={"session_id": session_id}, columns=["participant_id"])
        .unique()
        .with_columns(pl.lit(True).alias("weights"))
    )
    expected = len(state.proposals) * len(state.criteria)
    return (
        people.join(per_member, on="participant_id", how="left")
        .join(complete, on="participant_id", how="left")
        .join(weighted, on="participant_id", how="left")
        .with_columns(
            pl.col("scores").fill_null(0),
            pl.lit(expected, dtype=pl.Int64).alias("expected"),
            pl.col("proposals_done").fill_null(0),
            pl.col("weights").fill_null(False),
        )
        .select(
            "participant_id",
            "name",
            "organisation",
            "scores",
            "expected",
            "proposals_done",
            "weights",
            "last_answer",
        )
        .sort("participant_id")
    )
