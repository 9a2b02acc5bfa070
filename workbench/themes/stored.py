"""Themes kept in the store: fitting the active proposals, reading the state, caching vectors.

:func:`fit_store` fits a :class:`~workbench.themes.ThemeModel` on the active
proposals and stores themes, sub-themes and assignments in one event
(``themes.fit``). A refit keeps locked themes and proposals moved by hand as
they are, and keeps the ids (and facilitator-edited names) of the themes it
finds again. :func:`assign_new` gives proposals that arrived later the nearest
existing theme without touching any other assignment.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Mapping, Sequence

import numpy as np
import polars as pl
from scipy.optimize import linear_sum_assignment

from workbench.errors import InputError
from workbench.i18n import N_
from workbench.store import Store, now
from workbench.store.tables import themes as tables
from workbench.themes import clustering
from workbench.themes.labels import distinctive_words, suggest_name
from workbench.themes.model import ThemeModel, map_2d
from workbench.themes.representations import MEMORY, Progress, SentenceEmbedding

__all__ = [
    "StoreCache",
    "assign_new",
    "fit_store",
    "load_state",
    "proposal_texts",
    "vectors_for",
]


class StoreCache:
    """A vector cache in the store's ``theme_vectors`` table (each text embedded once).

    Vectors read or written here are also kept in the process's memory cache,
    with a note of which store holds them, so that operations in a live
    session (split, seed) do not read thousands of vectors from the database
    again each time.
    """

    def __init__(self, store: Store, actor: str = "themes") -> None:
        self.store = store
        self.actor = actor

    def _stored(self, model: str) -> set[str]:
        """Hashes known to be in this store's ``theme_vectors`` for ``model``."""
        known = _IN_STORE.setdefault(self.store, {})
        return known.setdefault(model, set())

    def get(self, hashes: Sequence[str], model: str) -> dict[str, np.ndarray]:
        stored = self._stored(model)
        in_memory = MEMORY.get(hashes, model)
        found = {h: v for h, v in in_memory.items() if h in stored}
        rest = [h for h in hashes if h not in found]
        if not rest:
            return found
        read = tables.read_vectors(self.store, rest, model)
        stored.update(read)
        MEMORY.put(read, model)
        found.update(read)
        # an embedding is a pure function of the text: one made in this process for
        # another store is as good, and is then written to this store's cache
        known = {h: in_memory[h] for h in rest if h not in read and h in in_memory}
        if known:
            tables.write_vectors(self.store, known, model, actor=self.actor)
            stored.update(known)
            found.update(known)
        return found

    def put(self, vectors: Mapping[str, np.ndarray], model: str) -> None:
        MEMORY.put(vectors, model)
        tables.write_vectors(self.store, vectors, model, actor=self.actor)
        self._stored(model).update(vectors)


#: Per store (weakly held): model -> content hashes its ``theme_vectors`` holds.
_IN_STORE: weakref.WeakKeyDictionary[Store, dict[str, set[str]]] = weakref.WeakKeyDictionary()


def proposal_texts(
    store: Store, *, active_only: bool = True, ids: Sequence[str] | None = None
) -> pl.DataFrame:
    """``id, text, canton_code, parish_code, sector`` of proposals; text is title + body.

    ``ids`` reads only those proposals.
    """
    frame = store.read(
        "proposals",
        columns=["id", "title", "text", "canton_code", "parish_code", "sector", "status"],
        where=None if ids is None else {"id": list(ids)},
    )
    if active_only:
        frame = frame.filter(pl.col("status") == "active")
    return frame.select(
        "id",
        pl.when(pl.col("title").fill_null("").str.strip_chars() != "")
        .then(pl.col("title") + ". " + pl.col("text"))
        .otherwise(pl.col("text"))
        .alias("text"),
        "canton_code",
        "parish_code",
        "sector",
    )


def vectors_for(
    store: Store, texts: Sequence[str], *, progress: Progress | None = None, actor: str = "themes"
) -> np.ndarray:
    """Sentence embeddings of ``texts``, from the store's cache or computed once and cached."""
    return SentenceEmbedding(StoreCache(store, actor), progress).transform(list(texts))


def load_state(store: Store) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The stored ``themes`` and ``theme_assignments`` (all rows, JSON columns as text)."""
    return store.read("themes"), store.read("theme_assignments")


@clustering.one_blas_thread
def fit_store(
    store: Store,
    *,
    actor: str,
    n_themes: int | None = None,
    random_state: int = 0,
    representation: str = "default",
    progress: Progress | None = None,
) -> int:
    """Fit themes on the active proposals and store them; returns the ``themes.fit`` event id.

    Locked themes and proposals moved by hand keep their theme; only the
    other proposals are regrouped. Themes found again (largest overlap with
    an earlier unlocked theme) keep their id, and their name when the
    facilitator had edited it.

    Raises
    ------
    InputError
        When there are no active proposals to group.
    """
    proposals = proposal_texts(store)
    if proposals.is_empty():
        raise InputError(N_("There are no active proposals to group into themes."))
    old_themes, old_assign = load_state(store)
    locked = old_themes.filter(pl.col("locked") & (pl.col("status") == "active"))
    locked_ids = set(locked["id"].to_list())
    keep = old_assign.filter(
        pl.col("moved_by_hand") | pl.col("theme_id").is_in(list(locked_ids))
    ).join(proposals.select("id"), left_on="proposal_id", right_on="id", how="semi")
    free = proposals.join(keep.select(pl.col("proposal_id").alias("id")), on="id", how="anti")
    cache = StoreCache(store, actor)
    vectors = SentenceEmbedding(cache, progress).transform(proposals["text"].to_list())
    vector_of = dict(zip(proposals["id"].to_list(), vectors, strict=True))

    new_theme_rows: list[dict] = []
    new_assign_rows: list[dict] = []
    next_id = int(old_themes["id"].max() or 0) + 1 if old_themes.height else 1
    at = now()
    if free.height:
        model = ThemeModel(
            n_themes=n_themes,
            representation=representation,
            cache=cache,
            progress=progress,
            random_state=random_state,
        ).fit(free["text"].to_list())
        reuse = _match_old(old_themes, old_assign, locked_ids, free["id"].to_list(), model.labels_)
        ids = free["id"].to_list()
        theme_id_of: dict[int, int] = {}
        for theme in range(model.n_themes_):
            old = reuse.get(theme)
            if old is not None:
                theme_id_of[theme] = int(old["id"])
            else:
                theme_id_of[theme] = next_id
                next_id += 1
        for theme in range(model.n_themes_):
            rows = np.flatnonzero(model.labels_ == theme)
            old = reuse.get(theme)
            suggested = model.names_[theme]
            edited = old is not None and old["name"] != old["suggested_name"]
            centre = _centre(np.vstack([vector_of[ids[r]] for r in rows]))
            new_theme_rows.append(
                {
                    "id": theme_id_of[theme],
                    "parent_id": None,
                    "name": old["name"] if edited else suggested,
                    "suggested_name": suggested,
                    "keywords": model.keywords_[theme],
                    "representatives": [ids[r] for r in model.representatives_[theme]],
                    "locked": False,
                    "status": "active",
                    "seed": None,
                    "centroid": centre,
                    "created_at": at,
                }
            )
            sub_ids = {}
            for sub, words in enumerate(model.subkeywords_[theme]):
                if len(model.subkeywords_[theme]) < 2:
                    break
                sub_ids[sub] = next_id
                members = rows[model.sublabels_[rows] == sub]
                new_theme_rows.append(
                    {
                        "id": next_id,
                        "parent_id": theme_id_of[theme],
                        "name": suggest_name(words),
                        "suggested_name": suggest_name(words),
                        "keywords": words,
                        "representatives": [ids[r] for r in members[:3]],
                        "locked": False,
                        "status": "active",
                        "seed": None,
                        "centroid": None,
                        "created_at": at,
                    }
                )
                next_id += 1
            for r in rows:
                new_assign_rows.append(
                    {
                        "proposal_id": ids[r],
                        "theme_id": theme_id_of[theme],
                        "subtheme_id": sub_ids.get(int(model.sublabels_[r])),
                        "confidence": float(model.confidence_[r]),
                        "moved_by_hand": False,
                        "x": None,
                        "y": None,
                    }
                )
    kept_theme_rows = old_themes.filter(
        pl.col("id").is_in(list(locked_ids)) | (pl.col("parent_id").is_in(list(locked_ids)))
    )
    # themes that only hold hand-moved proposals stay too
    needed = set(keep["theme_id"].to_list()) - {r["id"] for r in new_theme_rows}
    kept_theme_rows = pl.concat(
        [kept_theme_rows, old_themes.filter(pl.col("id").is_in(list(needed)))]
    ).unique("id", keep="first")
    kept_assign = keep
    all_themes = [*kept_theme_rows.to_dicts(), *new_theme_rows]
    all_assign = [*kept_assign.to_dicts(), *new_assign_rows]
    xy = map_2d(vectors, random_state)
    place = {pid: (float(a), float(b)) for pid, (a, b) in zip(proposals["id"], xy, strict=True)}
    for row in all_assign:
        row["x"], row["y"] = place[row["proposal_id"]]
    return tables.replace_rows(
        store,
        actor=actor,
        kind="themes.fit",
        subject="themes",
        theme_ids=[],
        proposal_ids=[],
        new_themes=all_themes,
        new_assignments=all_assign,
        after={
            "themes": sum(1 for r in all_themes if r["parent_id"] is None),
            "proposals": len(all_assign),
            "kept_locked": len(locked_ids),
            "kept_by_hand": int(keep["moved_by_hand"].sum()) if keep.height else 0,
            "random_state": random_state,
            "representation": representation,
        },
        replace_all=True,
    )


def assign_new(store: Store, *, actor: str, progress: Progress | None = None) -> int:
    """Give each active proposal without a theme its nearest existing theme.

    Other assignments are not touched. Returns how many proposals were assigned
    (0 when no model has been fitted or nothing is new).
    """
    themes_ = store.read("themes")
    top = themes_.filter(
        pl.col("parent_id").is_null()
        & (pl.col("status") == "active")
        & pl.col("centroid").is_not_null()
    )
    if top.is_empty():
        return 0
    assign = store.read("theme_assignments", columns=["proposal_id", "x", "y"])
    proposals = proposal_texts(store)
    new = proposals.join(assign.select(pl.col("proposal_id").alias("id")), on="id", how="anti")
    if new.is_empty():
        return 0
    x = vectors_for(store, new["text"].to_list(), progress=progress, actor=actor)
    centres = np.array([json.loads(c) for c in top["centroid"].to_list()], dtype=np.float32)
    sims = x @ centres.T
    best = sims.argmax(axis=1)
    conf = clustering.confidence(x, centres, best)
    ids = top["id"].to_list()
    rows = [
        {
            "proposal_id": pid,
            "theme_id": int(ids[b]),
            "subtheme_id": None,
            "confidence": float(c),
            "moved_by_hand": False,
            "x": None,
            "y": None,
        }
        for pid, b, c in zip(new["id"].to_list(), best, conf, strict=True)
    ]
    _place_new(rows, x, store, assign, proposals)
    tables.replace_rows(
        store,
        actor=actor,
        kind="themes.assign_new",
        subject="themes",
        theme_ids=[],
        proposal_ids=[r["proposal_id"] for r in rows],
        new_themes=[],
        new_assignments=rows,
        before={"assignments": []},
        after={"assignments": rows},
    )
    return len(rows)


def keywords_of(texts: Sequence[str]) -> list[str]:
    """Distinctive words of one group of texts against nothing (its most frequent words)."""
    if not texts:
        return []
    return distinctive_words(list(texts), np.zeros(len(texts), dtype=np.int64), 1)[0]


# -- helpers ---------------------------------------------------------------------------------
def _centre(x: np.ndarray) -> list[float]:
    mean = x.mean(axis=0)
    norm = np.linalg.norm(mean)
    return [round(float(v), 6) for v in (mean / norm if norm else mean)]


def _match_old(
    old_themes: pl.DataFrame,
    old_assign: pl.DataFrame,
    locked_ids: set[int],
    ids: list[str],
    labels: np.ndarray,
) -> dict[int, dict]:
    """New theme -> old unlocked top-level theme with the largest overlap (one to one)."""
    candidates = old_themes.filter(
        pl.col("parent_id").is_null()
        & (pl.col("status") == "active")
        & ~pl.col("id").is_in(list(locked_ids))
    )
    if candidates.is_empty() or not len(labels):
        return {}
    old_of = dict(zip(old_assign["proposal_id"], old_assign["theme_id"], strict=True))
    cand_ids = candidates["id"].to_list()
    index = {t: i for i, t in enumerate(cand_ids)}
    overlap = np.zeros((int(labels.max()) + 1, len(cand_ids)))
    for pid, label in zip(ids, labels, strict=True):
        old = old_of.get(pid)
        if old in index:
            overlap[label, index[old]] += 1
    rows, cols = linear_sum_assignment(-overlap)
    by_id = {r["id"]: r for r in candidates.to_dicts()}
    return {
        int(r): by_id[cand_ids[c]] for r, c in zip(rows, cols, strict=True) if overlap[r, c] > 0
    }


def _place_new(
    rows: list[dict], x: np.ndarray, store: Store, assign: pl.DataFrame, proposals: pl.DataFrame
) -> None:
    """Put new proposals on the map near the placed proposals most like them."""
    placed = assign.filter(pl.col("x").is_not_null())
    if placed.is_empty():
        return
    texts = proposals.join(
        placed.select(pl.col("proposal_id").alias("id"), "x", "y"), on="id", how="inner"
    )
    ref = vectors_for(store, texts["text"].to_list())
    nearest = (x @ ref.T).argmax(axis=1)
    xs, ys = texts["x"].to_numpy(), texts["y"].to_numpy()
    for row, j in zip(rows, nearest, strict=True):
        row["x"], row["y"] = float(xs[j]), float(ys[j])
