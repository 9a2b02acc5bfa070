"""Why a proposal is where it is: the contribution of each criterion.

The contribution of criterion j to alternative i is ``w_j * z_ij``, where
``z`` is the min-max normalised value (0 worst, 1 best among the
alternatives). The contributions add up to the weighted-sum score, so a bar
per criterion shows what lifts a proposal and what holds it back, whatever
method produced the rank. Missing values give a missing (NaN) contribution.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from workbench.prioritise.checks import check_directions, check_matrix, check_weights

__all__ = ["contributions"]


def contributions(
    matrix: ArrayLike, weights: ArrayLike, directions: ArrayLike
) -> NDArray[np.float64]:
    """Per-criterion contributions, alternatives x criteria (NaN where the value is missing).

    Examples
    --------
    >>> contributions([[1, 5], [3, 1]], [0.25, 0.75], [1, 1]).tolist()
    [[0.0, 0.75], [0.25, 0.0]]
    """
    x = check_matrix(matrix, allow_nan=True)
    w = check_weights(weights, x.shape[1])
    d = check_directions(directions, x.shape[1])
    with np.errstate(all="ignore"):
        lo, hi = np.nanmin(x, axis=0), np.nanmax(x, axis=0)
    span = hi - lo
    safe = np.where(span > 0, span, 1.0)
    up = (x - lo) / safe
    z = np.where(d > 0, up, 1.0 - up)
    z = np.where(span > 0, z, 0.0)
    z = np.where(np.isnan(x), np.nan, z)
    return z * w
