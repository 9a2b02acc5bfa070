"""Members' own ballots for the proportional rules, from the scores they gave.

A member's utility for a proposal is the weighted mean of the scores they
gave it, each put on [0, 1] by its criterion's scale (``min_value`` to
``max_value``), using the group weights of the criteria they scored. A
proposal the member did not score has no utility (NaN), never zero. A member
approves a proposal whose utility reaches :data:`APPROVAL_THRESHOLD` (4 of 5
on the 1-5 scale).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from workbench.prioritise.current import SessionProblem
from workbench.store import Store

__all__ = ["APPROVAL_THRESHOLD", "member_utilities"]

#: Utility from which a member's scores count as approval (4 on a 1-5 scale).
APPROVAL_THRESHOLD = 0.75


def member_utilities(
    store: Store, problem: SessionProblem, proposal_ids: Sequence[str]
) -> tuple[list[str], np.ndarray]:
    """Members x proposals utilities in [0, 1] (NaN where the member did not score).

    Returns
    -------
    tuple
        ``(member_ids, utilities)``.
    """
    criteria = store.read("criteria", columns=["id", "min_value", "max_value", "direction"])
    weights = pl.DataFrame(
        {"criterion_id": problem.criterion_ids, "w": problem.weights.astype(float)}
    )
    scores = store.read(
        "scores",
        where={"session_id": problem.session_id},
        columns=["participant_id", "proposal_id", "criterion_id", "value"],
    ).filter(pl.col("proposal_id").is_in(list(proposal_ids)))
    scaled = (
        scores.join(criteria.rename({"id": "criterion_id"}), on="criterion_id", how="inner")
        .join(weights, on="criterion_id", how="inner")
        .filter(pl.col("min_value").is_not_null() & (pl.col("max_value") > pl.col("min_value")))
        .with_columns(
            ((pl.col("value") - pl.col("min_value")) / (pl.col("max_value") - pl.col("min_value")))
            .clip(0.0, 1.0)
            .alias("z")
        )
        .with_columns(
            pl.when(pl.col("direction") < 0).then(1.0 - pl.col("z")).otherwise(pl.col("z"))
        )
    )
    per = scaled.group_by("participant_id", "proposal_id").agg(
        ((pl.col("z") * pl.col("w")).sum() / pl.col("w").sum()).alias("u")
    )
    members = sorted(per.get_column("participant_id").unique().to_list())
    out = np.full((len(members), len(proposal_ids)), np.nan)
    if per.height:
        m_index = {m: i for i, m in enumerate(members)}
        p_index = {p: j for j, p in enumerate(proposal_ids)}
        rows = [m_index[m] for m in per.get_column("participant_id").to_list()]
        cols = [p_index[p] for p in per.get_column("proposal_id").to_list()]
        out[rows, cols] = per.get_column("u").fill_nan(None).fill_null(np.nan).to_numpy()
    return members, out
