"""Facilitator operations on stored themes, each one event in the log and each undoable.

Every operation reads the rows it changes, writes the new rows and records one
event whose ``before`` and ``after`` hold both snapshots (kind
``themes.<operation>``). :func:`undo` restores the ``before`` snapshot of the
latest operation not yet undone, as a new ``themes.undo`` event: nothing is
deleted from the log. A refit (``themes.fit``) starts a new history.

A locked theme can be renamed and unlocked, but its proposals cannot be moved
in or out until it is unlocked, and a refit leaves it as it is.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import numpy as np
import polars as pl

from workbench.errors import InputError, NotFoundError
from workbench.i18n import N_
from workbench.store import Store, now
from workbench.store.tables import themes as tables
from workbench.themes import clustering
from workbench.themes.labels import distinctive_words, suggest_name
from workbench.themes.stored import proposal_texts, vectors_for

__all__ = [
    "OPERATIONS",
    "history",
    "lock",
    "merge",
    "move",
    "rename",
    "seed_theme",
    "split",
    "undo",
]

#: Event kinds of undoable operations.
OPERATIONS = (
    "themes.rename",
    "themes.lock",
    "themes.merge",
    "themes.split",
    "themes.move",
    "themes.seed",
)


# -- operations -----------------------------------------------------------------------------
def rename(store: Store, theme_id: int, name: str, *, actor: str) -> int:
    """Give theme ``theme_id`` the name ``name``; returns the event id."""
    name = (name or "").strip()
    if not name or len(name) > 300:
        raise InputError(N_("A theme name must have between 1 and 300 characters."))
    themes_ = store.read("themes")
    before = [_theme(themes_, theme_id)]
    after = [{**before[0], "name": name}]
    return _apply(store, actor, "themes.rename", theme_id, before, after, [], [], {"name": name})


def lock(store: Store, theme_id: int, locked: bool = True, *, actor: str) -> int:
    """Lock (or unlock) theme ``theme_id``: a refit leaves a locked theme as it is."""
    themes_ = store.read("themes")
    before = [_theme(themes_, theme_id)]
    after = [{**before[0], "locked": bool(locked)}]
    return _apply(store, actor, "themes.lock", theme_id, before, after, [], [], {"locked": locked})


def move(store: Store, proposal_ids: Sequence[str], theme_id: int, *, actor: str) -> int:
    """Move proposals to theme ``theme_id`` by hand (a refit keeps them there)."""
    themes_ = store.read("themes")
    target = _theme(themes_, theme_id, top=True)
    _unlocked(target)
    ids = sorted({str(p) for p in proposal_ids})
    if not ids:
        raise InputError(N_("Choose at least one proposal to move."))
    # only the rows that change are read: a move costs the same with 100 or 100,000 proposals
    rows = store.read("theme_assignments", where={"proposal_id": ids})
    missing = sorted(set(ids) - set(rows["proposal_id"].to_list()))
    if missing:
        raise NotFoundError(N_("Proposal {id} has no theme yet."), id=missing[0])
    for source in set(rows["theme_id"].to_list()) - {theme_id}:
        _unlocked(_theme(themes_, source))
    before = rows.to_dicts()
    after = [
        {**r, "theme_id": int(theme_id), "subtheme_id": None, "moved_by_hand": True} for r in before
    ]
    return _apply(store, actor, "themes.move", theme_id, [], [], before, after, {"proposals": ids})


def merge(store: Store, theme_ids: Sequence[int], *, into: int, actor: str) -> int:
    """Merge the themes ``theme_ids`` into theme ``into`` (they are kept as ``merged``)."""
    themes_ = store.read("themes")
    target = _theme(themes_, into, top=True)
    _unlocked(target)
    others = sorted({int(t) for t in theme_ids} - {int(into)})
    if not others:
        raise InputError(N_("Choose at least one other theme to merge."))
    sources = [_theme(themes_, t, top=True) for t in others]
    for source in sources:
        _unlocked(source)
    subs = themes_.filter(pl.col("parent_id").is_in(others)).to_dicts()
    assign = store.read("theme_assignments", where={"theme_id": [int(into), *others]})
    moved = assign.filter(pl.col("theme_id").is_in(others)).to_dicts()
    counts = assign.group_by("theme_id").len()
    size = dict(zip(counts["theme_id"], counts["len"], strict=True))
    parts = [target, *sources]
    centre = _mix(parts, [size.get(p["id"], 0) for p in parts])
    before_themes = [target, *sources, *subs]
    after_themes = [
        {**target, "centroid": centre},
        *({**s, "status": "merged"} for s in sources),
        *({**s, "parent_id": int(into)} for s in subs),
    ]
    after_assign = [{**r, "theme_id": int(into)} for r in moved]
    return _apply(
        store,
        actor,
        "themes.merge",
        into,
        before_themes,
        after_themes,
        moved,
        after_assign,
        {"merged": others, "into": int(into)},
    )


@clustering.one_blas_thread
def split(store: Store, theme_id: int, n: int, *, actor: str, random_state: int = 0) -> int:
    """Split theme ``theme_id`` into ``n`` themes; the largest part keeps the id and name."""
    themes_ = store.read("themes")
    theme = _theme(themes_, theme_id, top=True)
    _unlocked(theme)
    members = store.read("theme_assignments", where={"theme_id": int(theme_id)}).sort("proposal_id")
    if n < 2 or n > members.height:
        raise InputError(
            N_("A theme of {size} proposals cannot be split into {n}."), size=members.height, n=n
        )
    texts = proposal_texts(store, active_only=False, ids=members["proposal_id"].to_list()).sort(
        "id"
    )
    x = vectors_for(store, texts["text"].to_list(), actor=actor)
    labels = clustering.partition(x, n, random_state, n_init=4)
    parts = int(labels.max()) + 1
    words = distinctive_words(texts["text"].to_list(), labels, parts)
    subs = themes_.filter(pl.col("parent_id") == theme_id).to_dicts()
    next_id = int(themes_["id"].max()) + 1
    at = now()
    after_themes = [{**theme, "centroid": _centre(x[labels == 0])}]
    part_id = {0: int(theme_id)}
    for part in range(1, parts):
        name = suggest_name(words[part])
        part_id[part] = next_id
        after_themes.append(
            {
                **theme,
                "id": next_id,
                "name": name,
                "suggested_name": name,
                "keywords": words[part],
                "representatives": texts["id"].filter(pl.Series(labels == part)).to_list()[:5],
                "seed": None,
                "centroid": _centre(x[labels == part]),
                "created_at": at,
            }
        )
        next_id += 1
    after_themes += [{**s, "status": "split"} for s in subs]
    label_of = dict(zip(texts["id"].to_list(), labels, strict=True))
    before = members.to_dicts()
    after = [
        {**r, "theme_id": part_id[int(label_of[r["proposal_id"]])], "subtheme_id": None}
        for r in before
    ]
    return _apply(
        store,
        actor,
        "themes.split",
        theme_id,
        [theme, *subs],
        after_themes,
        before,
        after,
        {"n": parts, "themes": sorted(part_id.values())},
    )


@clustering.one_blas_thread
def seed_theme(
    store: Store,
    name: str,
    *,
    actor: str,
    keywords: Sequence[str] = (),
    examples: Sequence[str] = (),
) -> int:
    """Create a theme from keywords and/or example proposals; returns the new theme's id.

    The examples move to the new theme by hand; any other unlocked proposal
    whose nearest theme centre is now the new theme's moves too.
    """
    name = (name or "").strip()
    keywords = [k.strip() for k in keywords if k and k.strip()]
    examples = sorted({str(e) for e in examples})
    if not name:
        raise InputError(N_("A theme name must have between 1 and 300 characters."))
    if not keywords and not examples:
        raise InputError(N_("Give keywords or example proposals to seed a theme."))
    themes_ = store.read("themes")
    if themes_.is_empty():
        raise InputError(N_("Fit the themes before seeding one."))
    # every proposal may be captured: read the three columns that decide it for all,
    # and whole rows only for the proposals that move
    assign = store.read("theme_assignments", columns=["proposal_id", "theme_id", "moved_by_hand"])
    texts = proposal_texts(store).join(
        assign.select(pl.col("proposal_id").alias("id"), "theme_id", "moved_by_hand"),
        on="id",
    )
    unknown = sorted(set(examples) - set(texts["id"].to_list()))
    if unknown:
        raise NotFoundError(N_("Proposal {id} has no theme yet."), id=unknown[0])
    x = vectors_for(store, texts["text"].to_list(), actor=actor)
    ids = texts["id"].to_list()
    parts = []
    if keywords:
        parts.append(vectors_for(store, [", ".join(keywords)], actor=actor)[0])
    if examples:
        index = {p: i for i, p in enumerate(ids)}
        parts.append(x[[index[e] for e in examples]].mean(axis=0))
    query = np.mean(parts, axis=0)
    query = query / (np.linalg.norm(query) or 1.0)
    top = themes_.filter(
        pl.col("parent_id").is_null()
        & (pl.col("status") == "active")
        & pl.col("centroid").is_not_null()
    )
    centres = np.array([json.loads(c) for c in top["centroid"]], dtype=np.float32)
    own = dict(zip(top["id"].to_list(), range(top.height), strict=True))
    locked = set(themes_.filter(pl.col("locked"))["id"].to_list())
    theme_idx = np.array([own.get(t, -1) for t in texts["theme_id"]])
    own_sim = np.where(theme_idx >= 0, np.einsum("ij,ij->i", x, centres[theme_idx]), -1.0)
    captured = (x @ query) > own_sim
    captured &= (
        ~texts["moved_by_hand"].to_numpy() & ~texts["theme_id"].is_in(list(locked)).to_numpy()
    )
    chosen = sorted(set(np.asarray(ids)[captured].tolist()) | set(examples))
    for pid in examples:
        _unlocked(_theme(themes_, int(texts.filter(pl.col("id") == pid)["theme_id"][0])))
    new_id = int(themes_["id"].max()) + 1
    member_text = texts.filter(pl.col("id").is_in(chosen))["text"].to_list()
    words = keywords or distinctive_words(member_text, np.zeros(len(member_text), int), 1)[0]
    theme = {
        "id": new_id,
        "parent_id": None,
        "name": name[:300],
        "suggested_name": name[:300],
        "keywords": list(keywords) or words,
        "representatives": examples[:5] or chosen[:5],
        "locked": False,
        "status": "active",
        "seed": {"keywords": keywords, "examples": examples},
        "centroid": [round(float(v), 6) for v in query],
        "created_at": now(),
    }
    before = store.read("theme_assignments", where={"proposal_id": chosen}).to_dicts()
    after = [
        {
            **r,
            "theme_id": new_id,
            "subtheme_id": None,
            "moved_by_hand": r["proposal_id"] in examples or r["moved_by_hand"],
        }
        for r in before
    ]
    _apply(
        store,
        actor,
        "themes.seed",
        new_id,
        [],
        [theme],
        before,
        after,
        {"name": name, "keywords": keywords, "examples": examples, "moved": len(after)},
    )
    return new_id


# -- undo and history -----------------------------------------------------------------------
def history(store: Store) -> pl.DataFrame:
    """Operations since the last fit that can still be undone, oldest first.

    Columns ``id, at, actor, kind, subject`` of their events.
    """
    # the snapshots of earlier fits' histories are not read: only events since the last fit
    fits = store.events(kind="themes.fit")
    since = int(fits["id"].max()) if fits.height else 0
    recent = store.events(kind="themes.*", after_id=since)
    if recent.is_empty():
        return recent.select("id", "at", "actor", "kind", "subject")
    undone = {
        json.loads(a)["undoes"]
        for a in recent.filter(pl.col("kind") == "themes.undo")["after"].to_list()
    }
    return recent.filter(
        pl.col("kind").is_in(list(OPERATIONS)) & ~pl.col("id").is_in(list(undone))
    ).select("id", "at", "actor", "kind", "subject")


def undo(store: Store, *, actor: str) -> int | None:
    """Undo the latest operation not yet undone; returns its event id, or None if none is left."""
    open_ops = history(store)
    if open_ops.is_empty():
        return None
    event_id = int(open_ops["id"][-1])
    event = store.events(kind=str(open_ops["kind"][-1]), after_id=event_id - 1).filter(
        pl.col("id") == event_id
    )
    before = json.loads(event["before"][0])
    after = json.loads(event["after"][0])
    tables.replace_rows(
        store,
        actor=actor,
        kind="themes.undo",
        subject=str(event["subject"][0]),
        theme_ids=[r["id"] for r in before["themes"] + after["themes"]],
        proposal_ids=[r["proposal_id"] for r in before["assignments"] + after["assignments"]],
        new_themes=before["themes"],
        new_assignments=before["assignments"],
        before=None,
        after={"undoes": event_id, "kind": str(open_ops["kind"][-1])},
    )
    return event_id


# -- helpers --------------------------------------------------------------------------------
def _apply(
    store: Store,
    actor: str,
    kind: str,
    theme_id: int,
    themes_before: list[dict],
    themes_after: list[dict],
    assign_before: list[dict],
    assign_after: list[dict],
    info: dict,
) -> int:
    return tables.replace_rows(
        store,
        actor=actor,
        kind=kind,
        subject=f"theme:{theme_id}",
        theme_ids=[r["id"] for r in themes_before + themes_after],
        proposal_ids=[r["proposal_id"] for r in assign_before + assign_after],
        new_themes=themes_after,
        new_assignments=assign_after,
        before={"themes": themes_before, "assignments": assign_before},
        after={"themes": themes_after, "assignments": assign_after, "op": info},
    )


def _theme(themes_: pl.DataFrame, theme_id: int, *, top: bool = False) -> dict:
    rows = themes_.filter((pl.col("id") == int(theme_id)) & (pl.col("status") == "active"))
    if rows.is_empty() or (top and rows["parent_id"][0] is not None):
        raise NotFoundError(N_("There is no theme {id}."), id=theme_id)
    return rows.row(0, named=True)


def _unlocked(theme: dict) -> None:
    if theme["locked"]:
        raise InputError(
            N_("Theme {name} is locked: unlock it before changing its proposals."),
            name=theme["name"],
        )


def _centre(x: np.ndarray) -> list[float]:
    mean = x.mean(axis=0)
    norm = np.linalg.norm(mean)
    return [round(float(v), 6) for v in (mean / norm if norm else mean)]


def _mix(themes_: list[dict], weights: list[int]) -> list[float] | None:
    vectors = [
        (np.asarray(_json(t["centroid"]), dtype=np.float64), w)
        for t, w in zip(themes_, weights, strict=True)
        if t["centroid"] is not None
    ]
    if not vectors:
        return None
    return _centre(np.vstack([v * max(w, 1) for v, w in vectors]))


def _json(value):
    return json.loads(value) if isinstance(value, str) else value
