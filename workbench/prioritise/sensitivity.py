"""One weight at a time: sweep a criterion's weight over [0, 1] and see where the ranking changes.

The other weights keep their proportions and share what is left, the usual
one-at-a-time sensitivity analysis.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from workbench.errors import InputError
from workbench.i18n import N_
from workbench.prioritise.checks import (
    check_directions,
    check_matrix,
    check_problem,
    check_weights,
)
from workbench.prioritise.methods import (
    rank_scores,
    topsis,
    topsis_with_gaps,
    vikor,
    weighted_sum,
)
from workbench.prioritise.preference import promethee_ii

__all__ = ["METHODS", "WeightSweep", "score_with", "score_with_gaps", "weight_sweep"]


def _vikor_score(x, w, d):  # lower Q is better: flip so that higher is better
    return -vikor(x, w, d)[2]


#: Methods by name, each returning scores where higher is better.
METHODS: dict[str, Callable] = {
    "topsis": topsis,
    "weighted_sum": weighted_sum,
    "vikor": _vikor_score,
    "promethee_ii": promethee_ii,
}


def score_with(
    method: str, matrix: ArrayLike, weights: ArrayLike, directions: ArrayLike, **options
):
    """Scores by the named method (higher is better; VIKOR's Q is negated).

    ``options`` go to PROMETHEE II (``preference``, ``q``, ``p``, ``s``).
    """
    if method not in METHODS:
        raise InputError(
            N_("Unknown method {name}; use one of {names}"), name=method, names=", ".join(METHODS)
        )
    if method == "promethee_ii":
        return promethee_ii(matrix, weights, directions, **options)
    return METHODS[method](matrix, weights, directions)


def score_with_gaps(
    method: str, matrix: ArrayLike, weights: ArrayLike, directions: ArrayLike, **options
):
    """Scores where missing values (NaN) are never read as zero.

    TOPSIS leaves each proposal's missing criteria out (:func:`topsis_with_gaps`);
    the other methods score only the rows with every value and give NaN to the rest.
    """
    x = check_matrix(matrix, allow_nan=True)
    w = check_weights(weights, x.shape[1])
    d = check_directions(directions, x.shape[1])
    if method == "topsis":
        return topsis_with_gaps(x, w, d)
    out = np.full(x.shape[0], np.nan)
    complete = ~np.isnan(x).any(axis=1)
    if complete.any():
        out[complete] = score_with(method, x[complete], w, d, **options)
    return out


@dataclass(frozen=True)
class WeightSweep:
    """Result of :func:`weight_sweep`.

    Attributes
    ----------
    values
        The swept weight of the criterion, one per step.
    scores, ranks
        Steps x alternatives.
    changes
        Weight values (midpoints between steps) where the first-ranked
        alternative changes.
    current
        The criterion's weight now.
    """

    values: NDArray[np.float64]
    scores: NDArray[np.float64]
    ranks: NDArray[np.int64]
    changes: NDArray[np.float64]
    current: float


def weight_sweep(
    matrix: ArrayLike,
    weights: ArrayLike,
    directions: ArrayLike,
    criterion: int,
    *,
    method: str | Callable = "topsis",
    steps: int = 21,
) -> WeightSweep:
    """Sweep one criterion's weight from 0 to 1, the others in their current proportions.

    Parameters
    ----------
    matrix, weights, directions
        The problem.
    criterion
        Position of the swept criterion.
    method
        A name in :data:`METHODS`, or a function ``(matrix, weights, directions)``
        returning scores (higher better); a function may accept missing values
        (NaN), for example :func:`~workbench.prioritise.topsis_with_gaps`.
    steps
        Points on the grid from 0 to 1.
    """
    if callable(method):
        x = check_matrix(matrix, allow_nan=True)
        w = check_weights(weights, x.shape[1])
        d = check_directions(directions, x.shape[1])
    else:
        x, w, d = check_problem(matrix, weights, directions)
    m = x.shape[1]
    if not 0 <= int(criterion) < m:
        raise InputError(N_("No criterion at position {i}"), i=criterion)
    if steps < 2:
        raise InputError(N_("A sweep needs at least 2 steps"))
    j = int(criterion)
    grid = np.linspace(0.0, 1.0, steps)
    rest = np.delete(w, j)
    rest = rest / rest.sum() if rest.sum() > 0 else np.full(m - 1, 1.0 / max(m - 1, 1))
    scores = np.empty((steps, x.shape[0]))
    for k, value in enumerate(grid):
        wk = np.insert(rest * (1.0 - value), j, value)
        if wk.sum() <= 0:
            wk = np.full(m, 1.0 / m)
        scores[k] = method(x, wk, d) if callable(method) else score_with(method, x, wk, d)
    ranks = np.stack([rank_scores(s) for s in scores])
    top = ranks.argmin(axis=1)
    moved = np.flatnonzero(top[1:] != top[:-1])
    changes = (grid[moved] + grid[moved + 1]) / 2
    return WeightSweep(grid, scores, ranks, changes, float(w[j]))
