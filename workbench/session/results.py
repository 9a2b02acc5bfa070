"""What a session shows: progress for the facilitator, aggregate results for everyone allowed.

Results are aggregates only (how many members scored, mean per criterion,
overall score and rank): no member's individual score leaves this module,
except to the member who gave it (:func:`workbench.session.answers.my_answers`).
The ranking is :func:`workbench.prioritise.current_ranking` (the one ranking
engine of the workbench); its themes come from :func:`workbench.themes.current_themes`.
"""

from __future__ import annotations

import polars as pl

from workbench.errors import PermissionDeniedError
from workbench.i18n import N_
from workbench.prioritise import current_ranking
from workbench.session.access import FACILITATOR, MEMBER, Principal, require_facilitator
from workbench.session.lifecycle import session_state
from workbench.store import Store

__all__ = ["RESULT_COLUMNS", "progress", "results"]

#: Columns of :func:`results`.
RESULT_COLUMNS = ("rank", "proposal_id", "title", "theme", "members", "score")


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
    ranking = (
        current_ranking(store, session_id)
        .filter(pl.col("score").is_not_null())
        .select("proposal_id", "rank", "score", "theme", pl.col("n_scorers").alias("members"))
    )
    proposals = store.read(
        "proposals", where={"id": ranking["proposal_id"].to_list()}, columns=["id", "title"]
    )
    return (
        ranking.join(proposals.rename({"id": "proposal_id"}), on="proposal_id", how="left")
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
