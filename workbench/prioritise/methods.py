"""Ranking methods as plain functions over ``(matrix, weights, directions)``.

``matrix`` is alternatives x criteria, ``weights`` one non-negative number per
criterion (rescaled to sum to one), ``directions`` +1 for a benefit criterion
and -1 for a cost criterion. Every function returns numpy arrays and is
vectorised over alternatives.

Documented behaviour on degenerate input: a constant column (all-zero
included) does not discriminate, so it adds nothing to any alternative; when
every alternative is identical, TOPSIS gives each a closeness of 0.5 and
VIKOR a ``Q`` of 0.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from workbench.errors import InputError
from workbench.i18n import N_
from workbench.prioritise.checks import check_problem
from workbench.prioritise.preference import promethee_ii

__all__ = [
    "NORMALISATIONS",
    "normalise",
    "promethee_ii",
    "rank_scores",
    "topsis",
    "topsis_with_gaps",
    "vikor",
    "weighted_sum",
]

#: Normalisations accepted by :func:`normalise`.
NORMALISATIONS = ("minmax", "vector", "max", "none")


def normalise(
    matrix: NDArray[np.float64], directions: NDArray[np.int8], method: str = "minmax"
) -> NDArray[np.float64]:
    """Put every criterion on a common scale where larger is better.

    Parameters
    ----------
    matrix
        Alternatives x criteria, finite.
    directions
        +1 benefit, -1 cost.
    method
        ``"minmax"``: the worst value maps to 0 and the best to 1 (a constant
        column maps to 0). ``"vector"``: each column divided by its Euclidean
        norm, cost columns negated (an all-zero column stays 0). ``"max"``:
        ``x / max`` for benefit and ``min / x`` for cost (positive values only).
        ``"none"``: values as given, cost columns negated.
    """
    x = matrix
    if method == "minmax":
        lo, hi = x.min(axis=0), x.max(axis=0)
        span = hi - lo
        safe = np.where(span > 0, span, 1.0)
        up = (x - lo) / safe
        out = np.where(directions > 0, up, 1.0 - up)
        return np.where(span > 0, out, 0.0)
    if method == "vector":
        norm = np.sqrt((x * x).sum(axis=0))
        return directions * x / np.where(norm > 0, norm, 1.0)
    if method == "max":
        if (x <= 0).any():
            raise InputError(N_("The 'max' normalisation needs positive values"))
        return np.where(directions > 0, x / x.max(axis=0), x.min(axis=0) / x)
    if method == "none":
        return directions * x
    raise InputError(
        N_("Unknown normalisation {name}; use one of {names}"),
        name=method,
        names=", ".join(NORMALISATIONS),
    )


def weighted_sum(
    matrix: ArrayLike,
    weights: ArrayLike,
    directions: ArrayLike,
    *,
    normalisation: str = "minmax",
) -> NDArray[np.float64]:
    """Simple additive weighting: the weighted sum of normalised values (higher is better).

    Parameters
    ----------
    matrix, weights, directions
        The problem (see the module docstring).
    normalisation
        See :func:`normalise`; ``"none"`` gives the textbook weighted sum model
        of values already on one scale.

    Returns
    -------
    numpy.ndarray
        One score per alternative.

    Examples
    --------
    >>> weighted_sum([[1, 10], [3, 0]], [0.5, 0.5], [1, -1]).tolist()
    [0.0, 1.0]
    """
    x, w, d = check_problem(matrix, weights, directions)
    return normalise(x, d, normalisation) @ w


def topsis(
    matrix: ArrayLike,
    weights: ArrayLike,
    directions: ArrayLike,
    *,
    normalisation: str = "vector",
) -> NDArray[np.float64]:
    """TOPSIS relative closeness to the ideal solution (Hwang and Yoon 1981), higher is better.

    Parameters
    ----------
    matrix, weights, directions
        The problem (see the module docstring).
    normalisation
        ``"vector"`` (default, as in Hwang and Yoon) or any of :data:`NORMALISATIONS`.

    Returns
    -------
    numpy.ndarray
        Closeness in [0, 1] per alternative.
    """
    x, w, d = check_problem(matrix, weights, directions)
    v = normalise(x, d, normalisation) * w  # larger is better in every column now
    ideal, anti = v.max(axis=0), v.min(axis=0)
    d_plus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - anti) ** 2).sum(axis=1))
    total = d_plus + d_minus
    return np.where(total > 0, d_minus / np.where(total > 0, total, 1.0), 0.5)


def vikor(
    matrix: ArrayLike,
    weights: ArrayLike,
    directions: ArrayLike,
    v: float = 0.5,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """VIKOR (Opricovic and Tzeng 2004): group utility S, individual regret R and index Q.

    Lower is better for all three.

    Parameters
    ----------
    matrix, weights, directions
        The problem (see the module docstring).
    v
        Weight of the strategy of maximum group utility, in [0, 1].

    Returns
    -------
    tuple of numpy.ndarray
        ``(S, R, Q)``.
    """
    x, w, d = check_problem(matrix, weights, directions)
    if not 0.0 <= float(v) <= 1.0:
        raise InputError(N_("VIKOR's v must lie between 0 and 1, got {v}"), v=v)
    oriented = x * d
    best, worst = oriented.max(axis=0), oriented.min(axis=0)
    span = best - worst
    gap = np.where(span > 0, (best - oriented) / np.where(span > 0, span, 1.0), 0.0) * w
    s = gap.sum(axis=1)
    r = gap.max(axis=1)

    def scaled(a: NDArray[np.float64]) -> NDArray[np.float64]:
        lo, hi = a.min(), a.max()
        return (a - lo) / (hi - lo) if hi > lo else np.zeros_like(a)

    q = v * scaled(s) + (1.0 - v) * scaled(r)
    return s, r, q


def rank_scores(scores: ArrayLike, *, higher_is_better: bool = True) -> NDArray[np.int64]:
    """Ranks 1..n of scores; ties keep the input order (a stable sort).

    Examples
    --------
    >>> rank_scores([0.2, 0.9, 0.2]).tolist()
    [2, 1, 3]
    """
    s = np.asarray(scores, dtype=np.float64)
    order = np.argsort(-s if higher_is_better else s, kind="stable")
    ranks = np.empty(s.size, dtype=np.int64)
    ranks[order] = np.arange(1, s.size + 1)
    return ranks


def topsis_with_gaps(matrix: np.ndarray, weights: np.ndarray, directions: np.ndarray) -> np.ndarray:
    """TOPSIS closeness where missing values (NaN) are left out, not read as zero.

    Vector normalisation over the known values of each column; each
    alternative's distances run over its known criteria with its weights
    rescaled to sum to one. Equal to :func:`~workbench.prioritise.topsis` on a
    complete matrix. A row with no known value gets NaN.
    """
    x = np.asarray(matrix, dtype=np.float64)
    known = ~np.isnan(x)
    filled = np.where(known, x, 0.0)
    norm = np.sqrt((filled * filled).sum(axis=0))
    r = directions * filled / np.where(norm > 0, norm, 1.0)
    w_row = np.where(known, weights, 0.0)
    totals = w_row.sum(axis=1, keepdims=True)
    w_row = w_row / np.where(totals > 0, totals, 1.0)
    r_known = np.where(known, r, np.nan)
    with np.errstate(all="ignore"):
        best = np.nan_to_num(np.nanmax(r_known, axis=0)) if x.shape[0] else r.max(axis=0)
        worst = np.nan_to_num(np.nanmin(r_known, axis=0)) if x.shape[0] else r.min(axis=0)
    v, vb, vw = w_row * r, w_row * best, w_row * worst
    d_plus = np.sqrt((np.where(known, v - vb, 0.0) ** 2).sum(axis=1))
    d_minus = np.sqrt((np.where(known, v - vw, 0.0) ** 2).sum(axis=1))
    total = d_plus + d_minus
    out = np.where(total > 0, d_minus / np.where(total > 0, total, 1.0), 0.5)
    return np.where(known.any(axis=1), out, np.nan)
