"""Analytic hierarchy process: weights from pairwise comparisons, consistency, group AHP.

Saaty's scale: ``pairwise[i, j]`` says how much more important criterion ``i``
is than ``j`` (1 equal ... 9 extreme), and ``pairwise[j, i] = 1 / pairwise[i, j]``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from workbench.errors import InputError
from workbench.i18n import N_

__all__ = [
    "SAATY_RANDOM_INDEX",
    "ahp_weights",
    "consistency_ratio",
    "group_ahp",
    "most_inconsistent",
    "pairwise_from_upper",
]

#: Saaty's random consistency index RI by matrix size n, from T. L. Saaty (1980),
#: *The Analytic Hierarchy Process*, McGraw-Hill (mean consistency index of
#: random reciprocal matrices). CR = CI / RI with CI = (lambda_max - n) / (n - 1).
SAATY_RANDOM_INDEX: dict[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
}

_RECIPROCAL_TOLERANCE = 1e-6


def _check_pairwise(pairwise: ArrayLike) -> NDArray[np.float64]:
    try:
        a = np.asarray(pairwise, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(N_("The pairwise matrix is not numeric: {error}"), error=exc) from exc
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] == 0:
        raise InputError(N_("The pairwise matrix must be square, got shape {shape}"), shape=a.shape)
    n = a.shape[0]
    if n not in SAATY_RANDOM_INDEX:
        raise InputError(
            N_("AHP with {n} criteria: Saaty's random index covers up to 10; group them"), n=n
        )
    if not np.isfinite(a).all() or (a <= 0).any():
        raise InputError(N_("Pairwise judgements must be positive finite numbers"))
    if not np.allclose(np.diag(a), 1.0):
        raise InputError(N_("The diagonal of a pairwise matrix must be 1"))
    bad = np.abs(a * a.T - 1.0) > _RECIPROCAL_TOLERANCE
    if bad.any():
        i, j = (int(v) for v in np.argwhere(bad)[0])
        raise InputError(
            N_("The pairwise matrix is not reciprocal: a[{i},{j}]={aij} but a[{j},{i}]={aji}"),
            i=i,
            j=j,
            aij=float(a[i, j]),
            aji=float(a[j, i]),
        )
    return a


def _principal(a: NDArray[np.float64]) -> tuple[NDArray[np.float64], float]:
    values, vectors = np.linalg.eig(a)
    k = int(np.argmax(values.real))
    vec = np.abs(vectors[:, k].real)
    return vec / vec.sum(), float(values[k].real)


def consistency_ratio(lambda_max: float, n: int) -> float:
    """Saaty's consistency ratio CR = ((lambda_max - n) / (n - 1)) / RI(n); 0 for n <= 2."""
    ri = SAATY_RANDOM_INDEX[n]
    if ri == 0:
        return 0.0
    return max(0.0, (lambda_max - n) / (n - 1) / ri)


def ahp_weights(pairwise: ArrayLike) -> tuple[NDArray[np.float64], float]:
    """Principal-eigenvector weights and Saaty's consistency ratio.

    Parameters
    ----------
    pairwise
        A positive reciprocal n x n matrix (n <= 10).

    Returns
    -------
    tuple
        ``(weights, consistency_ratio)``; weights sum to one. A ratio above 0.1
        is Saaty's usual signal to revise the judgements.

    Raises
    ------
    InputError
        Not square, non-positive, diagonal not 1, or not reciprocal.

    Examples
    --------
    >>> w, cr = ahp_weights([[1, 2], [0.5, 1]])
    >>> w.round(3).tolist(), cr
    ([0.667, 0.333], 0.0)
    """
    a = _check_pairwise(pairwise)
    w, lam = _principal(a)
    return w, consistency_ratio(lam, a.shape[0])


def most_inconsistent(pairwise: ArrayLike) -> tuple[int, int, float]:
    """The judgement that departs most from the weights it implies.

    Returns
    -------
    tuple
        ``(i, j, suggested)``: the pair with the largest ``|log(a_ij w_j / w_i)|``
        (``i < j``) and the value ``w_i / w_j`` that would be consistent.
    """
    a = _check_pairwise(pairwise)
    w, _ = _principal(a)
    err = np.abs(np.log(a * w[None, :] / w[:, None]))
    err[np.tril_indices_from(err)] = -1.0
    i, j = (int(v) for v in np.unravel_index(np.argmax(err), err.shape))
    return i, j, float(w[i] / w[j])


def pairwise_from_upper(n: int, upper: dict[tuple[int, int], float]) -> NDArray[np.float64]:
    """A reciprocal matrix from judgements above the diagonal (missing ones are 1)."""
    a = np.ones((n, n))
    for (i, j), value in upper.items():
        a[i, j] = value
        a[j, i] = 1.0 / value
    return a


def group_ahp(
    matrices: Sequence[ArrayLike],
    *,
    method: str = "aij",
    member_weights: ArrayLike | None = None,
) -> tuple[NDArray[np.float64], float]:
    """Group AHP by geometric means (Forman and Peniwati 1998).

    Parameters
    ----------
    matrices
        One pairwise matrix per member, all the same size.
    method
        ``"aij"``: aggregate the individual judgements (weighted geometric mean
        of the matrices), then take its eigenvector. ``"aip"``: aggregate the
        individual priorities (weighted geometric mean of each member's weights,
        renormalised).
    member_weights
        Importance of each member (default equal).

    Returns
    -------
    tuple
        ``(weights, consistency_ratio)``: for AIJ the ratio of the aggregated
        matrix, for AIP the largest of the members' ratios.
    """
    mats = [_check_pairwise(m) for m in matrices]
    if not mats:
        raise InputError(N_("Group AHP needs at least one member's matrix"))
    if len({m.shape for m in mats}) != 1:
        raise InputError(N_("Every member's pairwise matrix must have the same size"))
    k = len(mats)
    mw = np.full(k, 1.0 / k) if member_weights is None else np.asarray(member_weights, float)
    if mw.size != k or (mw < 0).any() or mw.sum() <= 0:
        raise InputError(N_("Member weights must be {k} non-negative numbers"), k=k)
    mw = mw / mw.sum()
    logs = np.log(np.stack(mats))
    if method == "aij":
        return ahp_weights(np.exp(np.tensordot(mw, logs, axes=1)))
    if method == "aip":
        results = [ahp_weights(m) for m in mats]
        priorities = np.log(np.stack([w for w, _ in results]))
        g = np.exp(mw @ priorities)
        return g / g.sum(), max(cr for _, cr in results)
    raise InputError(N_("Group AHP method must be 'aij' or 'aip', got {name}"), name=method)
