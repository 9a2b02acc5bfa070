"""Partitioning unit vectors into themes: k-means on the sphere, choice of k, confidence.

Everything here takes rows already in a canonical order (the model sorts by
content hash), so the results depend only on the set of texts and the seed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import scipy.sparse as sp
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.decomposition import PCA
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

F = TypeVar("F", bound=Callable[..., Any])

__all__ = [
    "canonical_labels",
    "centroids",
    "choose_k",
    "confidence",
    "cosine_distances",
    "one_blas_thread",
    "partition",
    "reduce",
    "silhouette",
]


def one_blas_thread(func: F) -> F:
    """Run ``func`` with one BLAS and OpenMP thread.

    The matrices here are small, and on a shared 2-core machine oversubscribed
    BLAS threads made a 120 x 512 SVD take seconds instead of milliseconds.
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with threadpool_limits(limits=1):
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


#: Above this many rows, k-means runs in mini-batches.
MINIBATCH_FROM = 20_000
#: The PCA that reduces large corpora is fitted on at most this many (evenly spaced) rows.
PCA_SAMPLE = 5000


def reduce(x: np.ndarray, n_components: int, random_state: int) -> np.ndarray:
    """PCA to at most ``n_components`` dimensions, rows renormalised (speed for large corpora)."""
    if x.shape[1] <= n_components or x.shape[0] <= n_components:
        return x
    pca = PCA(n_components, svd_solver="randomized", random_state=random_state)
    step = -(-x.shape[0] // PCA_SAMPLE)  # fitted on at most PCA_SAMPLE evenly spaced rows
    sample = x[::step]
    pca.fit(sample)
    return normalize(pca.transform(x)).astype(np.float32)


def partition(x: np.ndarray, k: int, random_state: int, *, n_init: int = 4) -> np.ndarray:
    """Spherical-ish k-means labels of the unit rows ``x`` into ``k`` groups."""
    n = x.shape[0]
    k = max(1, min(k, n))
    if k == 1:
        return np.zeros(n, dtype=np.int64)
    if n >= MINIBATCH_FROM:
        model = MiniBatchKMeans(
            k,
            random_state=random_state,
            n_init=3,
            batch_size=4096,
            max_iter=50,
            reassignment_ratio=0.0,
        )
    else:
        model = KMeans(k, random_state=random_state, n_init=n_init)
    labels = model.fit_predict(x)
    return canonical_labels(labels)


def canonical_labels(labels: np.ndarray) -> np.ndarray:
    """Renumber ``labels`` 0.. by decreasing size, ties by first row (stable numbering)."""
    labels = np.asarray(labels)
    values, first, counts = np.unique(labels, return_index=True, return_counts=True)
    order = sorted(range(len(values)), key=lambda i: (-counts[i], first[i]))
    mapping = np.empty(values.max() + 1 if len(values) else 0, dtype=np.int64)
    for new, i in enumerate(order):
        mapping[values[i]] = new
    return mapping[labels] if len(labels) else labels.astype(np.int64)


def centroids(x: np.ndarray, labels: np.ndarray, k: int | None = None) -> np.ndarray:
    """Unit mean vector of each label (rows 0..k-1)."""
    labels = np.asarray(labels)
    k = int(labels.max()) + 1 if k is None else k
    n = len(labels)
    onehot = sp.csr_matrix((np.ones(n), (labels, np.arange(n))), shape=(k, n))
    sums = np.asarray(onehot @ np.asarray(x, dtype=np.float64))
    return normalize(sums).astype(np.float32)


def confidence(x: np.ndarray, centres: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """How clearly each row belongs to its theme, in [0, 1].

    The share of a softmax over the cosines to every centre (temperature
    0.05) that falls on the row's own theme: 1 when it is much nearer its
    own centre than any other, about ``1/2`` on the border of two themes.
    """
    if centres.shape[0] <= 1:
        return np.ones(x.shape[0])
    sims = x @ centres.T
    logits = (sims - sims.max(axis=1, keepdims=True)) / 0.05
    weights = np.exp(logits)
    probs = weights / weights.sum(axis=1, keepdims=True)
    return probs[np.arange(x.shape[0]), labels].astype(np.float64)


def choose_k(
    x: np.ndarray,
    k_min: int,
    k_max: int,
    random_state: int,
    *,
    sample: int = 2000,
) -> int:
    """The number of themes in ``[k_min, k_max]`` with the best cosine silhouette.

    Silhouette of k-means partitions on (at most ``sample``, a seeded random
    sample of) rows; the cosine distances of the sample are computed once and
    shared by every k tried. A small penalty per theme keeps the choice from
    drifting high when the scores are flat, which short texts often give.
    """
    n = x.shape[0]
    k_max = min(k_max, n - 1)
    if k_max < max(2, k_min):
        return max(1, min(k_min, n))
    rng = np.random.default_rng(random_state)
    rows = np.sort(rng.choice(n, size=min(n, sample), replace=False))
    sub = x[rows]
    distances = cosine_distances(sub)
    best_k, best = k_min, -np.inf
    for k in range(max(2, k_min), k_max + 1):
        labels = partition(sub, k, random_state, n_init=2)
        if len(np.unique(labels)) < 2:
            continue
        score = silhouette(distances, labels) - 0.002 * k
        if score > best + 1e-9:
            best_k, best = k, score
    return best_k


def cosine_distances(x: np.ndarray) -> np.ndarray:
    """``1 - cos`` between the (renormalised) rows of ``x``, in ``[0, 2]``, zero diagonal."""
    unit = normalize(np.asarray(x, dtype=np.float32))
    distances = unit @ unit.T
    np.subtract(1.0, distances, out=distances)
    np.clip(distances, 0.0, 2.0, out=distances)
    np.fill_diagonal(distances, 0.0)
    return distances


def silhouette(distances: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette of ``labels`` from precomputed ``distances`` (as scikit-learn's).

    One matrix product per call (mean distance of every row to every group), so
    trying many k on the same rows costs little more than one k.
    """
    labels = np.asarray(labels)
    n = len(labels)
    values, labels = np.unique(labels, return_inverse=True)
    k = len(values)
    if not 1 < k < n:
        return 0.0
    onehot = sp.csr_matrix((np.ones(n), (np.arange(n), labels)), shape=(n, k))
    sums = np.asarray(onehot.T @ distances).T  # n x k: total distance to each group
    sizes = np.bincount(labels, minlength=k).astype(np.float64)
    own = sizes[labels]
    a = sums[np.arange(n), labels] / np.maximum(own - 1, 1)
    means = sums / sizes[None, :]
    means[np.arange(n), labels] = np.inf
    b = means.min(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        s = (b - a) / np.maximum(a, b)
    s[(own <= 1) | ~np.isfinite(s)] = 0.0
    return float(s.mean())
