"""Theme speed: embedding throughput, fitting with cached representations, assigning one new
proposal, and the explorer's operations on 5,000 proposals.

Representations "cached" means the sentence embeddings are already in the cache (as
after the first fit of a session): for 10,000 and 100,000 texts they are synthetic
(each a sample proposal's real embedding plus small noise, renormalised), since
embedding 100,000 texts here would take most of an hour. What is timed is everything
``ThemeModel.fit`` does after that: canonical ordering by content hash, PCA, choosing
nothing (k fixed) or k, k-means, confidence, sub-themes, labels and the 2-D map.
The classical TF-IDF/LSA part of the default representation depends on the corpus and
cannot be cached: its time is printed on its own.

    python bench/themes_speed.py [--sizes 10000 100000] [--explorer 5000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbench.store import Store, now  # noqa: E402
from workbench.store.seed import ensure_reference_data, read_sample_table, sample_dir  # noqa: E402
from workbench.store.tables.themes import write_vectors  # noqa: E402
from workbench.themes import ThemeModel, fit_store  # noqa: E402
from workbench.themes.representations import (  # noqa: E402
    Classical,
    MemoryCache,
    SentenceEmbedding,
    TwoViews,
)
from workbench.themes.stored import StoreCache  # noqa: E402
from workbench.themes.text import content_hash  # noqa: E402


def sample_texts() -> list[str]:
    proposals = pl.read_csv(ROOT / "sample_data" / "proposals.csv")
    return [
        f"{t}. {x}" if t else x
        for t, x in zip(proposals["title"].fill_null(""), proposals["text"], strict=True)
    ]


def synthetic(base: list[str], vectors: dict[str, np.ndarray], n: int, seed: int = 0):
    """``n`` distinct texts made from ``base`` and noisy copies of their cached vectors."""
    rng = np.random.default_rng(seed)
    texts, out = [], {}
    for i in range(n):
        j = i % len(base)
        text = f"{base[j]} (variante {i})"
        texts.append(text)
        for view, table in vectors.items():
            v = table[j] + rng.normal(0, 0.02, table.shape[1]).astype(np.float32)
            out.setdefault(view, {})[content_hash(text)] = v / np.linalg.norm(v)
    return texts, out


class Cached:
    """A representation that only looks vectors up by content hash (already cached)."""

    name = "cached"

    def __init__(self, table: dict[str, np.ndarray]) -> None:
        self.table = table

    def fit_transform(self, texts):
        return self.transform(texts)

    def transform(self, texts):
        return np.vstack([self.table[content_hash(t)] for t in texts])


def timed(func, repeat: int = 1) -> float:
    """Median wall time of ``func`` (its CPU time is kept in ``CPU[0]``)."""
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        func()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    CPU[0] = statistics.median(cpu)
    return statistics.median(times)


#: CPU seconds of the latest :func:`timed` call (wall time is noisy on the shared machine).
CPU = [0.0]


def load() -> str:
    return "load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--explorer", type=int, default=5000)
    parser.add_argument("--bases", type=int, default=200)
    args = parser.parse_args()
    # 200 sample proposals are the bases of the synthetic corpora (embedding all 747
    # twice takes minutes on a loaded machine, and adds nothing to what is timed)
    base = sample_texts()[: args.bases]

    # 1. embedding throughput (fresh cache), one view and both
    probe = base[:100]
    one = timed(lambda: SentenceEmbedding(MemoryCache()).transform(probe))
    print(f"embedding, USE text view: {len(probe) / one:.0f} proposals/s")
    memory = MemoryCache()
    two = timed(lambda: TwoViews(memory).transform(base))
    print(f"embedding, default (2 views): {len(base) / two:.0f} proposals/s")
    views = {
        "use-m3": SentenceEmbedding(memory).transform(base),
        "use-m3-content": SentenceEmbedding(memory, view="content").transform(base),
    }
    joined = TwoViews(memory).transform(base)

    # 2. fit with cached representations
    for n in args.sizes:
        texts, table = synthetic(base, {"joined": joined}, n)
        model = ThemeModel(n_themes=12, representation=Cached(table["joined"]))
        fit = timed(lambda m=model, t=texts: m.fit(t))
        fit_cpu = CPU[0]
        auto = ThemeModel(representation=Cached(table["joined"]))  # sub-themes too
        fit_auto = timed(lambda m=auto, t=texts: m.fit(t))
        print(
            f"fit {n:>7,} proposals, cached embeddings, k=12 with sub-themes: {fit:.2f} s "
            f"(CPU {fit_cpu:.2f} s); automatic k ({auto.n_themes_}), with sub-themes: "
            f"{fit_auto:.2f} s "
            f"(CPU {CPU[0]:.2f} s); {load()}"
        )
    texts, table = synthetic(
        base, {"use-m3": views["use-m3"], "use-m3-content": views["use-m3-content"]}, 10_000
    )
    cache = MemoryCache()
    for view_name, vectors in table.items():
        cache.put(vectors, view_name)
    lsa = timed(lambda: Classical().fit_transform(texts))
    print(f"classical TF-IDF/LSA part of the default representation, 10,000 texts: {lsa:.2f} s")
    full = timed(lambda: ThemeModel(n_themes=12, cache=cache).fit(texts))
    print(f"fit 10,000 proposals end to end, default representation (USE cached): {full:.2f} s")

    # 3. one new proposal, embedding included (never seen text)
    model = ThemeModel(n_themes=12, cache=memory).fit(base)
    new = [f"Propuesta nueva número {i}: riego tecnificado para la parroquia" for i in range(20)]
    per = [timed(lambda t=t: model.predict([t])) for t in new]
    print(f"assign one new proposal (embedding included): {1000 * statistics.median(per):.0f} ms")

    # 4. the explorer on N proposals, with their embeddings cached in the store
    if args.explorer:
        explorer_bench(base, views, args.explorer)


def explorer_bench(base: list[str], views: dict[str, np.ndarray], n: int) -> None:
    from bokeh.document import Document

    from workbench.ui.themes_explorer import ThemesExplorer

    folder = tempfile.mkdtemp()
    texts, tables = synthetic(base, views, n)
    with Store(f"sqlite:///{folder}/bench.db") as store:
        ensure_reference_data(store)
        sample = read_sample_table(sample_dir() / "proposals.csv", "proposals")
        rows = pl.DataFrame(
            {
                "id": [f"B{i:06d}" for i in range(n)],
                "text": texts,
                "canton_code": [sample["canton_code"][i % sample.height] for i in range(n)],
                "parish_code": [sample["parish_code"][i % sample.height] for i in range(n)],
                "sector": [sample["sector"][i % sample.height] for i in range(n)],
            }
        ).with_columns(created_at=pl.lit(now(), dtype=pl.Datetime("us", "UTC")))
        store.insert("proposals", rows, actor="bench")
        for view, table in tables.items():
            write_vectors(store, table, view, actor="bench")
        start = time.perf_counter()
        fit_store(store, actor="bench", n_themes=12)
        print(
            f"explorer store: fit {n:,} proposals (embeddings cached): "
            f"{time.perf_counter() - start:.2f} s"
        )
        view = ThemesExplorer(store=store, lang="es", actor="bench")
        # build the page's Bokeh models, as a served session does: every change to the
        # widgets, the table and the plots then also updates (and serialises) the models
        view.__panel__().get_root(Document())
        themes = view._themes["id"].to_list()
        results = {}

        def op(name, action):
            results[name] = (timed(action), CPU[0])

        op("refresh", view.refresh)
        view.theme = themes[0]
        op("rename", lambda: view.rename("Riego"))
        op("move 1 proposal", lambda: view.move(["B000001"], themes[1]))
        op("lock", lambda: view.toggle_lock())
        op("unlock", lambda: view.toggle_lock())
        view.theme = themes[2]
        op("split into 2", lambda: view.split(2))
        op("merge 2 themes", lambda: view.merge([themes[3]]))
        op(
            "seed from keywords",
            lambda: (
                setattr(view._seed_name, "value", "Turismo"),
                setattr(view._seed_words, "value", "turismo, guías"),
                view.seed(),
            ),
        )
        op("undo", view.undo)
        op("filter by canton", lambda: setattr(view, "canton", "1701"))
        StoreCache(store)
        store.insert(
            "proposals",
            [{"id": "NEW1", "text": "Capacitación en riego por goteo", "created_at": now()}],
            actor="bench",
        )
        op("assign 1 new proposal (embedding included)", view.assign_new)
        for name, (seconds, cpu) in results.items():
            print(
                f"explorer, {n:,} proposals: {name:<44} {1000 * seconds:7.0f} ms "
                f"(CPU {1000 * cpu:4.0f} ms)"
            )
        print(f"explorer: {load()}")


if __name__ == "__main__":
    main()
