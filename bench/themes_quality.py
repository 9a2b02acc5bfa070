"""Theme quality: adjusted mutual information (AMI) against human and generating labels.

- SIB-200 Spanish (``../shared/data/sib200_spa/train.tsv``, 701 sentences, 7 human topics)
  at k = 7;
- the sample data's generating themes (747 proposals, 12 themes) at k = 12;

for the default :class:`~workbench.themes.ThemeModel` and, side by side in the same run,
other representations and a plain word TF-IDF + k-means baseline, each over several
seeds (mean and minimum), plus the number of themes chosen automatically and the
agreement of two runs with the same seed.

    python bench/themes_quality.py [--seeds 5] [--sib PATH]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_mutual_info_score as ami

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbench.themes import ThemeModel  # noqa: E402
from workbench.themes.representations import MemoryCache  # noqa: E402

SIB = ROOT.parent / "shared" / "data" / "sib200_spa" / "train.tsv"
if not SIB.exists():
    SIB = Path("/work/shared/data/sib200_spa/train.tsv")


def datasets(sib: Path) -> dict[str, tuple[list[str], list[str], int]]:
    out = {}
    if sib.exists():
        frame = pl.read_csv(sib, separator="\t", quote_char=None)
        out["sib200_spa"] = (frame["text"].to_list(), frame["category"].to_list(), 7)
    proposals = pl.read_csv(ROOT / "sample_data" / "proposals.csv")
    labels = pl.read_csv(ROOT / "sample_data" / "labels.csv")
    joined = proposals.join(labels, left_on="id", right_on="proposal_id")
    texts = [
        f"{t}. {x}" if t else x
        for t, x in zip(joined["title"].fill_null(""), joined["text"], strict=True)
    ]
    out["sample (generating themes)"] = (texts, joined["theme"].to_list(), 12)
    return out


def tfidf_kmeans(texts: list[str], k: int, seed: int) -> np.ndarray:
    x = TfidfVectorizer().fit_transform(texts)
    return KMeans(k, random_state=seed, n_init=10).fit_predict(x)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--sib", type=Path, default=SIB)
    args = parser.parse_args()
    cache = MemoryCache()
    for name, (texts, truth, k) in datasets(args.sib).items():
        print(f"== {name}: {len(texts)} texts, {len(set(truth))} labels, k = {k}")
        start = time.perf_counter()
        ThemeModel(n_themes=k, cache=cache, subthemes=False).fit(texts)  # embeds once
        print(f"   embedding (2 views) + first fit: {time.perf_counter() - start:.1f} s")
        configs = {
            "default (USE 2 views + 15% TF-IDF/LSA, PCA 48)": {"representation": "default"},
            "USE text view only, PCA 48": {"representation": "use"},
            "classical (stemmed TF-IDF + char n-grams, LSA)": {"representation": "classical"},
        }
        for label, params in configs.items():
            scores = []
            for seed in range(args.seeds):
                model = ThemeModel(
                    n_themes=k, cache=cache, subthemes=False, random_state=seed, **params
                )
                scores.append(ami(truth, model.fit(texts).labels_))
            print(f"   {label:<50} AMI mean {np.mean(scores):.3f}  min {np.min(scores):.3f}")
        base = [ami(truth, tfidf_kmeans(texts, k, s)) for s in range(args.seeds)]
        print(
            f"   {'word TF-IDF + k-means (baseline)':<50} AMI mean {np.mean(base):.3f}  "
            f"min {np.min(base):.3f}"
        )
        a = ThemeModel(n_themes=k, cache=cache, random_state=7).fit(texts).labels_
        b = ThemeModel(n_themes=k, cache=cache, random_state=7).fit(texts).labels_
        print(f"   same seed twice: AMI {ami(a, b):.3f}")
        order = np.random.default_rng(1).permutation(len(texts))
        c = ThemeModel(n_themes=k, cache=cache, random_state=7).fit([texts[i] for i in order])
        back = np.empty_like(c.labels_)
        back[order] = c.labels_
        print(f"   same seed, texts shuffled: AMI {ami(a, back):.3f}")
        auto = ThemeModel(cache=cache, subthemes=False).fit(texts)
        print(
            f"   automatic k: {auto.n_themes_} themes (true {len(set(truth))}), "
            f"AMI {ami(truth, auto.labels_):.3f}"
        )


if __name__ == "__main__":
    main()
