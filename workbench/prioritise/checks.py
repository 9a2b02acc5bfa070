"""Checks shared by every method: one clear error for each input a user can get wrong.

The methods take ``(matrix, weights, directions)``; these functions turn them
into float arrays of the right shapes or raise :class:`~workbench.errors.InputError`
with a message naming what is wrong.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from workbench.errors import InputError
from workbench.i18n import N_

__all__ = ["check_directions", "check_matrix", "check_problem", "check_weights"]


def check_matrix(matrix: ArrayLike, *, allow_nan: bool = False) -> NDArray[np.float64]:
    """A 2-D float array of alternatives x criteria with finite values.

    Raises
    ------
    InputError
        Not two-dimensional, empty, or holding NaN or infinity (NaN allowed
        only with ``allow_nan``).
    """
    try:
        x = np.asarray(matrix, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(N_("The decision matrix is not numeric: {error}"), error=exc) from exc
    if x.ndim != 2 or x.shape[0] == 0 or x.shape[1] == 0:
        raise InputError(
            N_("The decision matrix must be alternatives x criteria, got shape {shape}"),
            shape=tuple(x.shape),
        )
    if np.isinf(x).any():
        raise InputError(N_("The decision matrix holds infinite values"))
    if not allow_nan and np.isnan(x).any():
        rows, cols = np.nonzero(np.isnan(x))
        raise InputError(
            N_(
                "The decision matrix holds {n} missing (NaN) values, first at alternative "
                "{row}, criterion {col}; aggregate or fill them explicitly first"
            ),
            n=int(rows.size),
            row=int(rows[0]),
            col=int(cols[0]),
        )
    return x


def check_weights(weights: ArrayLike, n_criteria: int) -> NDArray[np.float64]:
    """Weights as a float array summing to one.

    Weights that do not sum to one are rescaled (documented behaviour); negative,
    non-finite or all-zero weights, or a wrong count, raise :class:`InputError`.
    """
    try:
        w = np.asarray(weights, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError) as exc:
        raise InputError(N_("The weights are not numeric: {error}"), error=exc) from exc
    if w.size != n_criteria:
        raise InputError(
            N_("Expected {n} weights, one per criterion, got {m}"), n=n_criteria, m=int(w.size)
        )
    if not np.isfinite(w).all():
        raise InputError(N_("The weights hold NaN or infinite values"))
    if (w < 0).any():
        raise InputError(
            N_("Weights cannot be negative (criterion {col} has {value})"),
            col=int(np.argmax(w < 0)),
            value=float(w[np.argmax(w < 0)]),
        )
    total = w.sum()
    if total <= 0:
        raise InputError(N_("The weights are all zero"))
    return w / total


def check_directions(directions: ArrayLike | Sequence[int], n_criteria: int) -> NDArray[np.int8]:
    """Directions as an array of +1 (benefit) and -1 (cost)."""
    try:
        d = np.asarray(directions, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError) as exc:
        raise InputError(
            N_("Directions must be +1 (benefit) or -1 (cost): {error}"), error=exc
        ) from exc
    if d.size != n_criteria:
        raise InputError(
            N_("Expected {n} directions, one per criterion, got {m}"), n=n_criteria, m=int(d.size)
        )
    if not np.isin(d, (1.0, -1.0)).all():
        raise InputError(N_("Directions must be +1 (benefit) or -1 (cost)"))
    return d.astype(np.int8)


def check_problem(
    matrix: ArrayLike,
    weights: ArrayLike,
    directions: ArrayLike,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.int8]]:
    """Check a whole ``(matrix, weights, directions)`` problem at once."""
    x = check_matrix(matrix)
    return x, check_weights(weights, x.shape[1]), check_directions(directions, x.shape[1])
