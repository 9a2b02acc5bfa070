"""Criterion weights from points, rankings and swings, and objective weights from the data.

Every function returns a float array summing to one.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from workbench.errors import InputError
from workbench.i18n import N_
from workbench.prioritise.checks import check_directions, check_matrix, check_weights
from workbench.prioritise.methods import normalise

__all__ = [
    "critic_weights",
    "entropy_weights",
    "points_weights",
    "rank_sum_weights",
    "roc_weights",
    "swing_weights",
]


def points_weights(points: ArrayLike) -> NDArray[np.float64]:
    """Weights from a points allocation (for example 100 points shared among criteria).

    Examples
    --------
    >>> points_weights([50, 30, 20]).tolist()
    [0.5, 0.3, 0.2]
    """
    p = np.asarray(points, dtype=np.float64).reshape(-1)
    return check_weights(p, p.size)


def _check_ranks(ranks: ArrayLike) -> NDArray[np.float64]:
    r = np.asarray(ranks, dtype=np.float64).reshape(-1)
    n = r.size
    if n == 0 or not np.isfinite(r).all() or (r < 1).any() or (r > n).any():
        raise InputError(N_("Ranks must be numbers from 1 (most important) to {n}"), n=n)
    return r


def _by_position(ranks: NDArray[np.float64], position_weights: NDArray) -> NDArray[np.float64]:
    """Spread position weights over criteria; tied criteria share their positions' mean."""
    order = np.argsort(ranks, kind="stable")
    out = np.empty(ranks.size)
    out[order] = position_weights
    for value in np.unique(ranks):
        tied = ranks == value
        out[tied] = out[tied].mean()
    return out / out.sum()


def roc_weights(ranks: ArrayLike) -> NDArray[np.float64]:
    """Rank-order-centroid weights (Barron and Barrett 1996): w_k = (1/n) sum_{i>=k} 1/i.

    Parameters
    ----------
    ranks
        Rank of each criterion, 1 the most important; ties share weight.

    Examples
    --------
    >>> roc_weights([1, 2, 3]).round(4).tolist()
    [0.6111, 0.2778, 0.1111]
    """
    r = _check_ranks(ranks)
    n = r.size
    inv = 1.0 / np.arange(1, n + 1)
    positions = np.cumsum(inv[::-1])[::-1] / n
    return _by_position(r, positions)


def rank_sum_weights(ranks: ArrayLike) -> NDArray[np.float64]:
    """Rank-sum weights: w_k = 2 (n + 1 - k) / (n (n + 1)).

    Examples
    --------
    >>> rank_sum_weights([2, 1, 3]).round(4).tolist()
    [0.3333, 0.5, 0.1667]
    """
    r = _check_ranks(ranks)
    n = r.size
    positions = 2.0 * (n + 1 - np.arange(1, n + 1)) / (n * (n + 1))
    return _by_position(r, positions)


def swing_weights(swings: ArrayLike) -> NDArray[np.float64]:
    """Swing weights: the most valued swing from worst to best gets 100, others relative to it.

    Raises
    ------
    InputError
        If any swing is outside [0, 100] or none is positive.
    """
    s = np.asarray(swings, dtype=np.float64).reshape(-1)
    if s.size == 0 or not np.isfinite(s).all() or (s < 0).any() or (s > 100).any():
        raise InputError(N_("Swings must lie between 0 and 100"))
    return check_weights(s, s.size)


def entropy_weights(matrix: ArrayLike) -> NDArray[np.float64]:
    """Shannon-entropy weights: criteria whose values vary more weigh more.

    Values must be non-negative. A column that does not vary (all zero
    included) has no information and gets weight 0; if no column varies the
    weights are equal.
    """
    x = check_matrix(matrix)
    if (x < 0).any():
        raise InputError(N_("Entropy weights need non-negative values"))
    n = x.shape[0]
    if n < 2:
        return np.full(x.shape[1], 1.0 / x.shape[1])
    totals = x.sum(axis=0)
    p = x / np.where(totals > 0, totals, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(p > 0, p * np.log(p), 0.0)
    e = -plogp.sum(axis=0) / np.log(n)
    e = np.where(totals > 0, e, 1.0)
    div = np.clip(1.0 - e, 0.0, None)
    if div.sum() <= 1e-15:
        return np.full(x.shape[1], 1.0 / x.shape[1])
    return div / div.sum()


def critic_weights(matrix: ArrayLike, directions: ArrayLike) -> NDArray[np.float64]:
    """CRITIC weights (Diakoulaki, Mavrotas and Papayannakis 1995).

    C_j = sigma_j * sum_k (1 - r_jk) on min-max normalised values; constant
    columns get 0; if every column is constant the weights are equal.
    """
    x = check_matrix(matrix)
    d = check_directions(directions, x.shape[1])
    z = normalise(x, d, "minmax")
    sigma = z.std(axis=0, ddof=1) if x.shape[0] > 1 else np.zeros(x.shape[1])
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.corrcoef(z, rowvar=False) if x.shape[1] > 1 else np.ones((1, 1))
    r = np.nan_to_num(np.atleast_2d(r), nan=0.0)
    c = sigma * (1.0 - r).sum(axis=0)
    if c.sum() <= 1e-15:
        return np.full(x.shape[1], 1.0 / x.shape[1])
    return c / c.sum()
