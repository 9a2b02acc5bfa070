"""From many members' sparse scores to one value per proposal and criterion, disagreement kept.

Each member scores some proposals on some criteria. A missing score is
missing: it never counts as zero, it shows as a null value and ``n = 0``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from workbench.errors import InputError
from workbench.i18n import N_

__all__ = ["AGGREGATIONS", "aggregate_scores", "group_weights", "score_matrix"]

#: How member scores are combined.
AGGREGATIONS = ("mean", "median", "trimmed")


def _trimmed(trim: float) -> pl.Expr:
    v = pl.col("value").sort()
    n = pl.len()
    k = (n.cast(pl.Float64) * trim).floor().cast(pl.Int64)
    return v.slice(k, n - 2 * k).mean()


def aggregate_scores(scores: pl.DataFrame, *, how: str = "mean", trim: float = 0.2) -> pl.DataFrame:
    """Aggregate member scores per proposal and criterion.

    Parameters
    ----------
    scores
        Columns ``proposal_id``, ``criterion_id``, ``participant_id``, ``value``
        (null values are dropped, not read as zero).
    how
        ``"mean"``, ``"median"`` or ``"trimmed"`` (mean after cutting
        ``floor(trim * n)`` scores from each end).
    trim
        Share cut from each end for ``"trimmed"``, in [0, 0.5).

    Returns
    -------
    polars.DataFrame
        ``proposal_id, criterion_id, value, n, spread, iqr, low, high``:
        ``spread`` is the standard deviation (null with one scorer), ``iqr``
        the interquartile range, ``n`` the number of members who scored.
    """
    if how not in AGGREGATIONS:
        raise InputError(
            N_("Unknown aggregation {name}; use one of {names}"),
            name=how,
            names=", ".join(AGGREGATIONS),
        )
    if not 0.0 <= trim < 0.5:
        raise InputError(N_("The trimmed share must be in [0, 0.5), got {trim}"), trim=trim)
    missing = {"proposal_id", "criterion_id", "value"} - set(scores.columns)
    if missing:
        raise InputError(
            N_("Scores lack the columns {columns}"), columns=", ".join(sorted(missing))
        )
    valid = scores.filter(pl.col("value").is_not_null() & pl.col("value").is_finite())
    if how == "mean":
        center = pl.col("value").mean()
    elif how == "median":
        center = pl.col("value").median()
    else:
        center = _trimmed(trim)
    return (
        valid.group_by("proposal_id", "criterion_id")
        .agg(
            center.cast(pl.Float64).alias("value"),
            pl.len().cast(pl.Int64).alias("n"),
            pl.col("value").std().alias("spread"),
            (pl.col("value").quantile(0.75) - pl.col("value").quantile(0.25)).alias("iqr"),
            pl.col("value").min().cast(pl.Float64).alias("low"),
            pl.col("value").max().cast(pl.Float64).alias("high"),
        )
        .sort("proposal_id", "criterion_id")
    )


def score_matrix(
    aggregated: pl.DataFrame,
    proposal_ids: Sequence[str],
    criterion_ids: Sequence[str],
    *,
    column: str = "value",
) -> np.ndarray:
    """Proposals x criteria array of one aggregated column; NaN where nobody scored."""
    n, m = len(proposal_ids), len(criterion_ids)
    out = np.full((n, m), np.nan)
    if aggregated.height == 0 or n == 0 or m == 0:
        return out
    p_index = pl.DataFrame({"proposal_id": list(proposal_ids), "_i": pl.int_range(n, eager=True)})
    c_index = pl.DataFrame({"criterion_id": list(criterion_ids), "_j": pl.int_range(m, eager=True)})
    cells = (
        aggregated.select("proposal_id", "criterion_id", column)
        .join(p_index, on="proposal_id", how="inner")
        .join(c_index, on="criterion_id", how="inner")
        .filter(pl.col(column).is_not_null())
    )
    out[cells.get_column("_i").to_numpy(), cells.get_column("_j").to_numpy()] = cells.get_column(
        column
    ).to_numpy()
    return out


def group_weights(
    weights: pl.DataFrame, criterion_ids: Sequence[str]
) -> tuple[np.ndarray, np.ndarray, int]:
    """Group weights: the mean of each member's normalised weights.

    Each member's weights are first rescaled to sum to one (a criterion a
    member left out counts as 0 points for that member). With no usable
    weights the result is equal weights.

    Returns
    -------
    tuple
        ``(mean, spread, members)``: mean weights (sum one), their standard
        deviation across members (zeros with fewer than two), number of members.
    """
    m = len(criterion_ids)
    equal = np.full(m, 1.0 / m) if m else np.zeros(0)
    if weights.height == 0 or m == 0:
        return equal, np.zeros(m), 0
    w = weights.filter(
        pl.col("criterion_id").is_in(list(criterion_ids))
        & pl.col("value").is_not_null()
        & (pl.col("value") >= 0)
    )
    wide = (
        w.group_by("participant_id", "criterion_id")
        .agg(pl.col("value").last())
        .pivot(on="criterion_id", index="participant_id", values="value")
    )
    for c in criterion_ids:
        if c not in wide.columns:
            wide = wide.with_columns(pl.lit(0.0).alias(c))
    arr = wide.select([pl.col(c).cast(pl.Float64).fill_null(0.0) for c in criterion_ids]).to_numpy()
    totals = arr.sum(axis=1)
    arr = arr[totals > 0] / totals[totals > 0, None]
    if arr.shape[0] == 0:
        return equal, np.zeros(m), 0
    mean = arr.mean(axis=0)
    spread = arr.std(axis=0, ddof=1) if arr.shape[0] > 1 else np.zeros(m)
    return mean / mean.sum(), spread, int(arr.shape[0])
