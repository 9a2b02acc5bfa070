"""Near-duplicate proposals: the same text with small edits, grouped for the facilitator.

Exact duplicates are caught at import by the content hash; this finds the
ones typed twice with a changed word, extra punctuation or a typo. Candidate
pairs come from MinHash signatures of word pairs (locality-sensitive hashing
in bands, vectorised with numpy), so the work grows with the number of
proposals, not its square; each candidate pair is then checked with
rapidfuzz's similarity ratio on the normalised text. Groups are the connected
components of the confirmed pairs; a group's id is its smallest proposal id,
so the result does not depend on the input order.

:func:`merge_proposals` merges a group: the kept proposal receives every
author (``proposers`` rows move to it) and the list of origins (file and row),
the others become ``status="merged"`` with ``merged_into`` set, and one
``intake.merge`` event records the whole change.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import numpy as np
import polars as pl
from rapidfuzz import fuzz

from workbench.errors import InputError
from workbench.i18n import N_
from workbench.store.store import Store

__all__ = ["MERGE_EVENT", "merge_proposals", "near_duplicate_groups"]

#: Kind of the event recorded by :func:`merge_proposals`.
MERGE_EVENT = "intake.merge"

_PRIME = (1 << 61) - 1
_BANDS, _ROWS = 10, 3


_C1 = np.uint64(0xBF58476D1CE4E5B9)
_C2 = np.uint64(0x94D049BB133111EB)


def _mix(z: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: a fast, well-spread 64-bit hash (wrapping arithmetic)."""
    z = (z ^ (z >> np.uint64(30))) * _C1
    z = (z ^ (z >> np.uint64(27))) * _C2
    return z ^ (z >> np.uint64(31))


_ACCENTED = [
    "á",
    "à",
    "ä",
    "â",
    "é",
    "è",
    "ë",
    "ê",
    "í",
    "ì",
    "ï",
    "î",
    "ó",
    "ò",
    "ö",
    "ô",
    "ú",
    "ù",
    "ü",
    "û",
]
_PLAIN = [
    "a",
    "a",
    "a",
    "a",
    "e",
    "e",
    "e",
    "e",
    "i",
    "i",
    "i",
    "i",
    "o",
    "o",
    "o",
    "o",
    "u",
    "u",
    "u",
    "u",
]


def _normalised_texts(frame: pl.DataFrame) -> pl.Series:
    """Case-folded, accent-free, punctuation-free text (vectorised)."""
    return frame.select(
        pl.col("t")
        .fill_null("")
        .str.to_lowercase()
        .str.replace_many(_ACCENTED, _PLAIN)
        .str.replace_all(r"[^\w]+", " ")
        .str.strip_chars()
    ).to_series()


def _signatures(texts: pl.Series, seed: int) -> np.ndarray:
    """MinHash signatures over word pairs, one row of ``_BANDS * _ROWS`` values per text.

    Each word position contributes the hash of the pair it starts (or of the
    word alone at the end of a text), so the values come out grouped by text
    with no sorting.
    """
    exploded = pl.DataFrame({"w": texts.str.split(" ")}).with_row_index("doc").explode("w")
    words = exploded["w"].fill_null("").hash(seed=seed).to_numpy().astype(np.uint64)
    docs = exploded["doc"].to_numpy()
    same = np.r_[docs[1:] == docs[:-1], False]
    following = np.r_[words[1:], np.uint64(0)]
    with np.errstate(over="ignore"):
        values = np.where(same, _mix(words * _C2 + following), words)
        starts = np.flatnonzero(np.r_[True, docs[1:] != docs[:-1]])
        rng = np.random.default_rng(seed)
        salts = rng.integers(0, np.iinfo(np.int64).max, size=_BANDS * _ROWS).astype(np.uint64)
        out = np.empty((len(texts), _BANDS * _ROWS), dtype=np.uint64)
        for k, salt in enumerate(salts):
            z = (values ^ salt) * _C1
            out[:, k] = np.minimum.reduceat(z ^ (z >> np.uint64(29)), starts)
    return out


def near_duplicate_groups(
    proposals: pl.DataFrame,
    *,
    threshold: float = 90.0,
    id_column: str = "id",
    text_columns: Sequence[str] = ("title", "text"),
    seed: int = 0,
) -> pl.DataFrame:
    """Group proposals whose texts are nearly the same.

    Parameters
    ----------
    proposals
        At least ``id_column`` and the text columns.
    threshold
        Smallest rapidfuzz ratio (0-100) between normalised texts for two
        proposals to be near-duplicates.
    id_column, text_columns
        Where the id and the text are.
    seed
        Fixes the MinHash permutations.

    Returns
    -------
    polars.DataFrame
        ``group`` (the smallest id of the group), ``proposal_id``,
        ``similarity`` (to the group's first member; 100 for it), one row per
        proposal that has at least one near-duplicate, sorted by group and id.

    Examples
    --------
    >>> frame = pl.DataFrame({"id": ["P1", "P2", "P3"], "text": [
    ...     "Construir un reservorio comunitario para regar en verano en Tupigachi",
    ...     "Construir un reservorio comunitario para regar en el verano en Tupigachi.",
    ...     "Feria de productores los sábados en Cayambe"]})
    >>> near_duplicate_groups(frame, text_columns=["text"])["proposal_id"].to_list()
    ['P1', 'P2']
    """
    schema = {"group": pl.String, "proposal_id": pl.String, "similarity": pl.Float64}
    present = [c for c in text_columns if c in proposals.columns]
    if proposals.height < 2 or not present:
        return pl.DataFrame(schema=schema)
    frame = proposals.select(
        pl.col(id_column).cast(pl.String).alias("id"),
        pl.concat_str([pl.col(c) for c in present], separator=" ", ignore_nulls=True).alias("t"),
    ).sort("id")
    ids = frame["id"].to_list()
    normalised = _normalised_texts(frame)
    texts = normalised.to_list()
    signatures = _signatures(normalised, seed)
    # candidate pairs: texts sharing all the values of at least one band
    pairs: set[tuple[int, int]] = set()
    with np.errstate(over="ignore"):
        for band in range(_BANDS):
            key = np.zeros(len(texts), dtype=np.uint64)
            for k in range(band * _ROWS, (band + 1) * _ROWS):
                key = _mix(key ^ signatures[:, k])
            order = np.argsort(key, kind="stable")
            ordered = key[order]
            same = ordered[1:] == ordered[:-1]
            pairs.update(zip(order[:-1][same].tolist(), order[1:][same].tolist(), strict=True))
    parent = list(range(len(texts)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for x, y in sorted(pairs):
        if fuzz.ratio(texts[x], texts[y]) >= threshold:
            rx, ry = find(x), find(y)
            if rx != ry:
                parent[max(rx, ry)] = min(rx, ry)
    roots = [find(i) for i in range(len(texts))]
    sizes: dict[int, int] = {}
    for r in roots:
        sizes[r] = sizes.get(r, 0) + 1
    rows = [
        (ids[r], ids[i], 100.0 if i == r else round(fuzz.ratio(texts[r], texts[i]), 1))
        for i, r in enumerate(roots)
        if sizes[r] > 1
    ]
    return pl.DataFrame(rows, schema=schema, orient="row").sort("group", "proposal_id")


def merge_proposals(store: Store, keep: str, merged: Sequence[str], *, actor: str) -> dict:
    """Merge near-duplicate proposals into ``keep``, keeping every author and origin.

    Parameters
    ----------
    store
        The store.
    keep
        Id of the proposal that stays.
    merged
        Ids of the proposals merged into it.
    actor
        Who merges (a facilitator).

    Returns
    -------
    dict
        What the ``intake.merge`` event recorded.

    Raises
    ------
    InputError
        When an id does not exist, is not active, or ``keep`` is among ``merged``.
    """
    merged = sorted(set(merged) - {keep})
    if not merged:
        raise InputError(N_("Choose at least one other proposal to merge into {keep}."), keep=keep)
    ids = [keep, *merged]
    rows = store.read("proposals", where={"id": ids})
    found = dict(zip(rows["id"].to_list(), rows["status"].to_list(), strict=True))
    for pid in ids:
        if pid not in found:
            raise InputError(N_("There is no proposal {id}."), id=pid)
        if found[pid] != "active":
            raise InputError(
                N_("The proposal {id} is not active ({status})."), id=pid, status=found[pid]
            )
    by_id = {r["id"]: r for r in rows.iter_rows(named=True)}
    kept = by_id[keep]
    extra = json.loads(kept["extra"]) if kept["extra"] else {}
    origins = extra.get("origins") or [
        {"id": keep, "source": kept["source"], "source_row": kept["source_row"]}
    ]
    for pid in merged:
        other = by_id[pid]
        other_extra = json.loads(other["extra"]) if other["extra"] else {}
        origins.extend(
            other_extra.get("origins")
            or [{"id": pid, "source": other["source"], "source_row": other["source_row"]}]
        )
    extra["origins"] = origins
    authors = store.read("proposers", where={"proposal_id": merged}, columns=["id", "proposal_id"])
    moved = authors.to_dicts()
    record = {"kept": keep, "merged": merged, "origins": origins, "proposers_moved": moved}
    with store.transaction(actor) as tx:
        for pid in merged:
            tx.update(
                "proposals",
                {"id": pid},
                {"status": "merged", "merged_into": keep},
                kind=MERGE_EVENT + ".proposal",
            )
        for author in moved:
            tx.update(
                "proposers",
                {"id": author["id"]},
                {"proposal_id": keep},
                kind=MERGE_EVENT + ".proposer",
            )
        tx.update(
            "proposals",
            {"id": keep},
            {"extra": json.dumps(extra, ensure_ascii=False)},
            kind=MERGE_EVENT + ".origins",
        )
        tx.record(MERGE_EVENT, f"proposal:{keep}", before={"active": ids}, after=record)
    return record
