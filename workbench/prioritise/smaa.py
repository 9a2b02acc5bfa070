"""SMAA-2: how robust a ranking is to uncertain weights and uncertain scores.

Stochastic multicriteria acceptability analysis (Lahdelma and Salminen 2001)
draws weight vectors (and, when score spreads are given, score matrices),
ranks the alternatives with an additive value function for each draw and
counts how often each alternative takes each rank. Vectorised over draws in
chunks and seeded, so the same inputs and seed give the same result.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import log_ndtr
from threadpoolctl import threadpool_limits

from workbench.errors import InputError
from workbench.i18n import N_
from workbench.prioritise.checks import check_directions, check_matrix, check_weights

__all__ = ["SMAAResult", "sample_weights", "smaa2"]


@dataclass(frozen=True)
class SMAAResult:
    """What SMAA-2 found.

    Attributes
    ----------
    acceptability
        ``acceptability[i, r]``: share of draws where alternative ``i`` takes
        rank ``r + 1`` (rank acceptability index b_i^r).
    central_weights
        Mean weight vector among draws where ``i`` ranks first (NaN rows for
        alternatives that never do).
    confidence
        Probability that ``i`` ranks first with its central weights under the
        score uncertainty, computed by quadrature over the normal score errors
        rather than sampled (NaN for alternatives that never rank first).
    holistic
        The holistic acceptability index: acceptabilities weighted by
        meta-weights ``(n - r) / (n - 1)``.
    samples
        Number of draws.
    """

    acceptability: NDArray[np.float64]
    central_weights: NDArray[np.float64]
    confidence: NDArray[np.float64]
    holistic: NDArray[np.float64]
    samples: int


def sample_weights(
    rng: np.random.Generator,
    size: int,
    m: int,
    weights: NDArray[np.float64] | None,
    spread: NDArray[np.float64] | None,
) -> NDArray[np.float64]:
    """Weight draws: uniform on the simplex with no preference information, else around
    ``weights`` with normal noise of ``spread`` (truncated at 0, renormalised)."""
    if weights is None:
        return rng.dirichlet(np.ones(m), size=size)
    if spread is None or not np.any(spread > 0):
        return np.broadcast_to(weights, (size, m)).copy()
    draws = np.clip(weights + rng.standard_normal((size, m)) * spread, 0.0, None)
    totals = draws.sum(axis=1, keepdims=True)
    bad = totals[:, 0] <= 0
    draws[bad] = weights
    totals[bad] = 1.0
    return draws / totals


def _first_probability(
    mean: NDArray[np.float64], std: NDArray[np.float64], winners: NDArray[np.intp]
) -> NDArray[np.float64]:
    """P(alternative winners[k] has the largest of independent normal values, column k).

    Integrates pdf_k(t) * prod_{i != k} cdf_i(t) on a grid of t: exact up to the
    quadrature, with no sampling noise (the values are sums of independent
    normal score errors, so independent across alternatives).
    """
    k = winners.size
    cols = np.arange(k)
    mu_k, sd_k = mean[winners, cols], std[winners, cols]
    tiny = 1e-12 * (np.abs(mean).max() + 1.0)
    sd = np.maximum(std, tiny)
    out = np.empty(k)
    grid = np.linspace(-7.0, 7.0, 281)
    dens = np.exp(-0.5 * grid * grid) / np.sqrt(2 * np.pi)
    step = grid[1] - grid[0]
    for c in range(0, k, 8):
        part = slice(c, min(c + 8, k))
        t = mu_k[part, None] + np.maximum(sd_k[part, None], tiny) * grid[None, :]  # (p, G)
        z = (t[None, :, :] - mean[:, part, None]) / sd[:, part, None]  # (n, p, G)
        logcdf = log_ndtr(z)
        logcdf[winners[part], np.arange(part.stop - part.start), :] = 0.0
        prod = np.exp(logcdf.sum(axis=0))  # (p, G)
        out[part] = (prod * dens[None, :]).sum(axis=1) * step
    return np.clip(out, 0.0, 1.0)


# the products are small (draws x criteria by criteria x alternatives): BLAS threads
# cost more than they give, badly so on a loaded machine
@threadpool_limits.wrap(limits=1, user_api="blas")
def smaa2(
    matrix: ArrayLike,
    directions: ArrayLike,
    *,
    weights: ArrayLike | None = None,
    weight_spread: ArrayLike | None = None,
    score_spread: ArrayLike | None = None,
    samples: int = 10_000,
    seed: int = 0,
    chunk: int = 500,
) -> SMAAResult:
    """Rank acceptability, central weights and confidence factors.

    Parameters
    ----------
    matrix
        Alternatives x criteria (the mean scores).
    directions
        +1 benefit, -1 cost.
    weights, weight_spread
        Centre and standard deviation of the weights (for example the mean
        and spread of members' weights). ``weights=None``: no preference
        information, weights uniform on the simplex.
    score_spread
        Standard deviation of each score (alternatives x criteria; NaN or 0
        for none), for example the spread of members' scores.
    samples
        Number of draws.
    seed
        Seed of the random generator.
    chunk
        Draws processed at once (memory: ``chunk x alternatives x criteria``).
    """
    x = check_matrix(matrix)
    n, m = x.shape
    d = check_directions(directions, m)
    w0 = None if weights is None else check_weights(weights, m)
    ws = None if weight_spread is None else np.nan_to_num(np.asarray(weight_spread, float))
    if ws is not None and (ws.shape != (m,) or (ws < 0).any()):
        raise InputError(N_("The weight spread must hold {m} non-negative numbers"), m=m)
    sd = None
    if score_spread is not None:
        sd = np.nan_to_num(np.asarray(score_spread, dtype=np.float64))
        if sd.shape != x.shape or (sd < 0).any():
            raise InputError(N_("The score spread must be non-negative and shaped like the matrix"))
        if not (sd > 0).any():
            sd = None
    if isinstance(samples, bool) or int(samples) < 1:
        raise InputError(N_("SMAA needs at least one sample"))
    samples = int(samples)
    rng = np.random.default_rng(seed)
    # one fixed value scale for every draw: z = (x - lo) / span, flipped for costs, so the
    # additive value is linear in the scores, u = x @ (w * a) + const with a = d / span
    reach = 3.0 * (sd if sd is not None else 0.0)
    lo = (x - reach).min(axis=0)
    span = (x + reach).max(axis=0) - lo
    span = np.where(span > 0, span, 1.0)
    a = d / span
    var = None if sd is None else sd * sd
    counts = np.zeros(n * n, dtype=np.int64)
    central = np.zeros((n, m))
    offsets = (np.arange(n) * n)[None, :]
    for start in range(0, samples, chunk):
        size = min(chunk, samples - start)
        w = sample_weights(rng, size, m, w0, ws)
        wa = w * a
        u = wa @ x.T  # (size, n)
        if var is not None:
            # independent normal score errors make each value normal, with variance
            # sum_j (sd_ij w_j a_j)^2: draw it directly instead of every score
            u += np.sqrt(wa * wa @ var.T) * rng.standard_normal((size, n))
        order = np.argsort(-u, axis=1)  # deterministic; ties have probability zero
        ranks = np.empty_like(order)
        np.put_along_axis(ranks, order, np.arange(n)[None, :], axis=1)
        counts += np.bincount((offsets + ranks).ravel(), minlength=n * n)
        np.add.at(central, order[:, 0], w)
    counts = counts.reshape(n, n)
    acceptability = counts / samples
    first = counts[:, 0]
    with np.errstate(invalid="ignore", divide="ignore"):
        central = central / first[:, None]
    central[first == 0] = np.nan
    confidence = np.full(n, np.nan)
    winners = np.flatnonzero(first > 0)
    if winners.size:
        wa = central[winners] * a  # (k, m)
        mean = x @ wa.T  # (n, k)
        if var is None:
            confidence[winners] = (np.argmax(mean, axis=0) == winners).astype(float)
        else:
            std = np.sqrt(var @ (wa * wa).T)  # (n, k)
            confidence[winners] = _first_probability(mean, std, winners)
    meta = (n - 1 - np.arange(n)) / max(n - 1, 1)
    return SMAAResult(acceptability, central, confidence, acceptability @ meta, samples)
