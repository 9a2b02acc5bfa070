"""Speed of workbench.prioritise beside pymcdm and scikit-criteria, on the same random matrices.

Prints, for TOPSIS, VIKOR and PROMETHEE II on 1,000 x 8 and 10,000 x 8, the
best-of-N time of each library, the ratio to the faster peer and whether the
results are equal (largest absolute difference); then SMAA-2 with 10,000
draws on 500 x 8, PROMETHEE II on 20,000 alternatives (time and peak memory
of our chunked evaluation), the portfolio MILP and ``current_ranking`` on the
sample data.

pymcdm's PROMETHEE II keeps one n x n difference table per criterion
(8 x 10,000^2 x 8 bytes = 6.4 GB at 10,000), so it runs only up to
``--peer-promethee-max`` alternatives.

    python bench/prioritise_speed.py [--repeat 5] [--peer-promethee-max 3000]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
import tracemalloc
import warnings
from functools import partial
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.prioritise import (
    current_ranking,
    portfolio,
    promethee_ii,
    smaa2,
    topsis,
    vikor,
)

warnings.filterwarnings("ignore")


def best_of(fn, repeat: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def problem(n: int, m: int = 8, seed: int = 0):
    rng = np.random.default_rng(seed)
    x = rng.uniform(1.0, 100.0, (n, m))
    w = rng.dirichlet(np.ones(m))
    d = np.where(np.arange(m) % 3 == 2, -1, 1)
    return x, w, d


def _skc_topsis(dm, ranker, scaler):
    return ranker().evaluate(scaler(target="matrix").transform(dm)).e_.similarity


def _skc_vikor(dm, ranker):
    return ranker(use_compromise_set=False).evaluate(dm).e_.q_k


def _vikor_q(x, w, d):
    return vikor(x, w, d)[2]


def _pymcdm_promethee(cls, kind, x, w, d):
    # a new object per call: pymcdm keeps its preference functions in a one-shot generator
    m = x.shape[1]
    return cls(kind, q=np.full(m, 5.0), p=np.full(m, 20.0))(x, w, d)


def _pairwise_reference(x, w, d, kind, q, p, rows=250):
    """The PROMETHEE II definition evaluated pair by pair, in row chunks (slow, independent)."""
    from workbench.prioritise.preference import preference_degree

    x = x * d
    n = x.shape[0]
    net = np.zeros(n)
    for start in range(0, n, rows):
        block = x[start : start + rows]
        for j in range(x.shape[1]):
            diff = block[:, j, None] - x[None, :, j]
            net[start : start + rows] += w[j] * (
                preference_degree(diff, kind, q, p) - preference_degree(-diff, kind, q, p)
            ).sum(axis=1)
    return net / (n - 1)


def line(method: str, n: int, ours: float, peers: dict[str, tuple[float, float]]) -> str:
    parts = [f"{method:<13} {n:>6} x 8  ours {ours:8.4f} s"]
    for name, (t, diff) in peers.items():
        equal = "equal" if diff < 1e-9 else f"DIFFERENT (max diff {diff:.2e})"
        parts.append(f"{name} {t:8.4f} s ({t / ours:6.1f}x ours, {equal})")
    if peers:
        fastest = min(t for t, _ in peers.values())
        verdict = "ours at least as fast" if ours <= fastest else "ours SLOWER"
        parts.append(
            f"-> {verdict} as the faster peer"
            if ours <= fastest
            else f"-> {verdict} than the faster peer"
        )
    return " | ".join(parts)


def run(repeat: int, peer_promethee_max: int) -> None:
    import skcriteria as skc
    from pymcdm import normalizations
    from pymcdm.methods import PROMETHEE_II, TOPSIS, VIKOR
    from skcriteria.agg.topsis import TOPSIS as SKC_TOPSIS
    from skcriteria.agg.vikor import VIKOR as SKC_VIKOR
    from skcriteria.preprocessing.scalers import VectorScaler

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
        f", numpy {np.__version__}; best of {repeat}"
    )
    for n in (1_000, 10_000):
        x, w, d = problem(n)
        objectives = [max if v > 0 else min for v in d]
        dm = skc.mkdm(x, objectives=objectives, weights=w)
        vector = normalizations.vector_normalization

        t_ours, ours = best_of(partial(topsis, x, w, d), repeat)
        t_pm, pm = best_of(partial(TOPSIS(normalization_function=vector), x, w, d), repeat)
        t_sk, sk = best_of(partial(_skc_topsis, dm, SKC_TOPSIS, VectorScaler), repeat)
        peers = {
            "pymcdm": (t_pm, np.abs(ours - pm).max()),
            "skcriteria": (t_sk, np.abs(ours - sk).max()),
        }
        print(line("TOPSIS", n, t_ours, peers))

        t_ours, ours = best_of(partial(_vikor_q, x, w, d), repeat)
        t_pm, pm = best_of(partial(VIKOR(), x, w, d), repeat)
        t_sk, sk = best_of(partial(_skc_vikor, dm, SKC_VIKOR), repeat)
        peers = {
            "pymcdm": (t_pm, np.abs(ours - pm).max()),
            "skcriteria": (t_sk, np.abs(ours - sk).max()),
        }
        print(line("VIKOR (Q)", n, t_ours, peers))

    for n in sorted({1_000, min(peer_promethee_max, 10_000), 10_000}):
        x, w, d = problem(n)
        for kind, theirs in (("usual", "usual"), ("linear", "vshape_2")):
            t_ours, ours = best_of(partial(promethee_ii, x, w, d, kind, q=5.0, p=20.0), repeat)
            peers = {}
            if n <= peer_promethee_max:
                run_peer = partial(_pymcdm_promethee, PROMETHEE_II, theirs, x, w, d)
                t_pm, pm = best_of(run_peer, max(1, repeat // 2))
                peers["pymcdm"] = (t_pm, np.abs(ours - pm).max())
            text = line(f"PROMETHEE {kind}", n, t_ours, peers)
            if not peers:
                text += " | pymcdm not run (needs 8 n x n tables, 6.4 GB at 10,000)"
                ref = _pairwise_reference(x, w, d, kind, 5.0, 20.0)
                diff = np.abs(ours - ref).max()
                text += " | pairwise definition in chunks: " + (
                    "equal" if diff < 1e-9 else f"DIFFERENT (max diff {diff:.2e})"
                )
            print(text + " | scikit-criteria has no PROMETHEE")

    x, w, d = problem(500)
    spread = np.full(8, 0.03)
    t, _ = best_of(lambda: smaa2(x, d, samples=10_000, seed=0), 1)
    print(f"SMAA-2 10,000 draws, 500 x 8, no preference information: {t:.3f} s (target < 2 s)")
    t, _ = best_of(lambda: smaa2(x, d, weights=w, weight_spread=spread, samples=10_000), 1)
    print(f"SMAA-2 10,000 draws, 500 x 8, weights from members' spread: {t:.3f} s (target < 2 s)")
    t, _ = best_of(
        lambda: smaa2(
            x, d, weights=w, weight_spread=spread, score_spread=np.full(x.shape, 2.0),
            samples=10_000,
        ),
        1,
    )  # fmt: skip
    print(f"SMAA-2 10,000 draws, 500 x 8, weight and score uncertainty: {t:.3f} s (target < 2 s)")

    x, w, d = problem(20_000)
    for kind in ("linear", "gaussian"):
        tracemalloc.start()
        start = time.perf_counter()
        promethee_ii(x, w, d, kind, q=5.0, p=20.0, s=10.0)
        t = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        print(
            f"PROMETHEE II {kind} on 20,000 x 8: {t:.2f} s, peak {peak:.1f} MiB "
            f"(a full pair table would be {20_000**2 * 8 / 2**30:.1f} GiB per criterion)"
        )

    rng = np.random.default_rng(1)
    values, costs = rng.uniform(0, 1, 747), rng.uniform(5_000, 150_000, 747)
    groups = rng.integers(0, 8, 747)
    t, chosen = best_of(
        lambda: portfolio(values, costs, 2_000_000, groups=groups, min_per_group=2), repeat
    )
    print(f"portfolio MILP (HiGHS), 747 proposals, 8 canton minimums: {t:.4f} s, ", end="")
    print(f"{chosen.sum()} chosen")

    from workbench.store import Store
    from workbench.store.seed import load_sample

    with tempfile.TemporaryDirectory() as folder, Store(f"sqlite:///{folder}/b.db") as store:
        load_sample(store)
        current_ranking(store, "S2026-01")
        t, _ = best_of(lambda: current_ranking(store, "S2026-01"), repeat)
        print(f"current_ranking on the sample (747 proposals, SQLite): {t * 1000:.1f} ms", end="")
        print(" (target < 100 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--peer-promethee-max", type=int, default=3000)
    args = parser.parse_args()
    run(args.repeat, args.peer_promethee_max)


if __name__ == "__main__":
    main()
