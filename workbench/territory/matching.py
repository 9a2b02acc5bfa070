"""Match place names as people type them to the Pichincha gazetteer (canton and parish).

People write "Tabacundo", "pedro moncayo - tupigachi", "Pitaná Bajo (Cangahua)",
"DMQ", "PTO. QUITO" or "Sangolqui, Rumiñahui". :func:`match_place` splits the
text into parts (at commas, dashes, slashes and brackets), drops filler words
("parroquia", "cantón", "sector"...), and looks each part up, accents and case
ignored: exact names and known alternative names first, then the longest run
of words that is a name ("Cayambe centro"), then a fuzzy match (rapidfuzz,
Levenshtein ratio) for typos. The canton supported by most parts wins; a tie,
or two parishes for the same place, is *ambiguous* and flagged for review with
the candidates as suggestions. Nothing matched is *unknown*, with the closest
names as suggestions: a place is never guessed silently.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import polars as pl
from rapidfuzz import fuzz, process

from workbench.territory.gazetteer import gazetteer

__all__ = [
    "ALIASES",
    "MATCH_STATUSES",
    "PlaceMatch",
    "match_place",
    "match_places",
    "normalise_place",
]

#: Known alternative names: normalised alias -> (canton code, parish code or None).
#: Towns known by the name of their canton's seat, acronyms, and neighbourhoods
#: better known than their parish.
ALIASES: dict[str, tuple[str, str | None]] = {
    "dmq": ("1701", None),
    "distrito metropolitano de quito": ("1701", None),
    "distrito metropolitano": ("1701", None),
    "quito dm": ("1701", None),
    "san francisco de quito": ("1701", None),
    "carapungo": ("1701", "170155"),
    "mitad del mundo": ("1701", "170180"),
    "centro de quito": ("1701", "170103"),
    "valle de tumbaco": ("1701", "170184"),
    "tabacundo": ("1704", "170450"),
    "p moncayo": ("1704", None),
    "machachi": ("1703", "170350"),
    "sangolqui": ("1705", "170501"),
    "valle de los chillos": ("1705", None),
    "los bancos": ("1707", None),
    "san miguel de los bancos": ("1707", None),
    "smb": ("1707", None),
    "pvm": ("1708", None),
    "p v maldonado": ("1708", None),
    "pedro vicente": ("1708", None),
    "puerto quito": ("1709", None),
}

#: Outcomes of a match.
MATCH_STATUSES: tuple[str, ...] = ("matched", "ambiguous", "unknown", "empty")

_FILLER = {
    "parroquia",
    "parroq",
    "canton",
    "cant",
    "sector",
    "barrio",
    "comunidad",
    "recinto",
    "provincia",
    "pichincha",
    "ciudad",
    "de",
    "del",
    "urbana",
    "rural",
    "ecuador",
}
_ABBREVIATIONS = {"pto": "puerto", "sto": "santo", "sta": "santa", "gral": "general"}
_SPLIT = re.compile(r"\s[-–]\s|[,;/|()\[\]]|\s-|-\s")
_FUZZY_CUTOFF = 85.0


def normalise_place(text: str) -> str:
    """Lower case, no accents, abbreviations expanded, punctuation as spaces.

    Examples
    --------
    >>> normalise_place("PTO. QUITO")
    'puerto quito'
    >>> normalise_place("Alóag")
    'aloag'
    """
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = re.sub(r"[^a-z0-9ñ]+", " ", plain).split()
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


@dataclass(frozen=True)
class _Entry:
    canton: str
    parish: str | None
    kind: str  # canton, parish, alias


@dataclass
class _Index:
    names: dict[str, list[_Entry]]
    choices: list[str]
    labels: dict[str, str]  # code -> display name ("Tupigachi (Pedro Moncayo)")
    longest: int


@lru_cache(maxsize=1)
def _index() -> _Index:
    g = gazetteer()
    names: dict[str, list[_Entry]] = defaultdict(list)
    labels: dict[str, str] = {}
    cantons = {r["code"]: r["name"] for r in g.filter(kind="canton").iter_rows(named=True)}
    for code, name in cantons.items():
        names[normalise_place(name)].append(_Entry(code, None, "canton"))
        names[code].append(_Entry(code, None, "code"))  # files exported with DPA codes
        labels[code] = name
    for row in g.filter(kind="parish").iter_rows(named=True):
        names[normalise_place(row["name"])].append(
            _Entry(row["parent_code"], row["code"], "parish")
        )
        names[row["code"]].append(_Entry(row["parent_code"], row["code"], "code"))
        labels[row["code"]] = f"{row['name']} ({cantons[row['parent_code']]})"
    for alias, (canton, parish) in ALIASES.items():
        entries = names[normalise_place(alias)]
        if not any(e.canton == canton and e.parish == parish for e in entries):
            entries.append(_Entry(canton, parish, "alias"))
    longest = max(len(n.split()) for n in names)
    return _Index(dict(names), list(names), labels, longest)


@dataclass(frozen=True)
class PlaceMatch:
    """The outcome of matching one place text.

    Attributes
    ----------
    canton_code, parish_code
        DPA codes found (``None`` when not determined).
    status
        One of :data:`MATCH_STATUSES`.
    score
        100 for exact and alias matches, the fuzzy ratio (85-99) otherwise, 0 when unmatched.
    suggestions
        Display names of candidate territories for review (ambiguous or unknown).
    """

    canton_code: str | None
    parish_code: str | None
    status: str
    score: float = 0.0
    suggestions: tuple[str, ...] = field(default=())


def _lookup(part: str, index: _Index) -> tuple[list[_Entry], float]:
    """Entries named by one normalised part, and the match score."""
    if part in index.names:
        return list(index.names[part]), 100.0
    words = [w for w in part.split() if w not in _FILLER] or part.split()
    stripped = " ".join(words)
    if stripped in index.names:
        return list(index.names[stripped]), 100.0
    # longest run of words that is a name: "cayambe centro", "pitana bajo cangahua"
    found: list[_Entry] = []
    used = [False] * len(words)
    for n in range(min(index.longest, len(words)), 0, -1):
        for i in range(len(words) - n + 1):
            if any(used[i : i + n]):
                continue
            gram = " ".join(words[i : i + n])
            if gram in index.names and not (n == 1 and len(gram) < 4):
                found.extend(index.names[gram])
                used[i : i + n] = [True] * n
    if found:
        return found, 100.0
    if len(stripped) < 4:
        return [], 0.0
    best = process.extractOne(
        stripped, index.choices, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF
    )
    if best is None:
        return [], 0.0
    return list(index.names[best[0]]), float(best[1])


def _suggest(text: str, index: _Index, limit: int = 3) -> tuple[str, ...]:
    out: list[str] = []
    for name, _score, _i in process.extract(
        text, index.choices, scorer=fuzz.WRatio, limit=limit * 2, score_cutoff=50
    ):
        for entry in index.names[name]:
            label = index.labels[entry.parish or entry.canton]
            if label not in out:
                out.append(label)
    return tuple(out[:limit])


@lru_cache(maxsize=65536)
def match_place(*texts: str | None) -> PlaceMatch:
    """Match a place given in one or more texts (canton, parish, free territory).

    Parameters
    ----------
    *texts
        The place as typed: e.g. the canton column, the parish column and a
        free "territory" column; ``None`` or blank for absent ones.

    Returns
    -------
    PlaceMatch

    Examples
    --------
    >>> m = match_place("Tabacundo")
    >>> m.canton_code, m.parish_code, m.status
    ('1704', '170450', 'matched')
    >>> match_place("DMQ - Cochapamba").parish_code
    '170104'
    >>> match_place("Rumipamba").status
    'ambiguous'
    """
    index = _index()
    parts: list[str] = []
    for text in texts:
        if text and text.strip():
            parts.extend(p for p in (normalise_place(s) for s in _SPLIT.split(text)) if p)
    if not parts:
        return PlaceMatch(None, None, "empty")
    support: dict[str, int] = defaultdict(int)
    parishes: dict[str, set[str]] = defaultdict(set)
    weak: dict[str, set[str]] = defaultdict(set)
    score = 100.0
    for part in parts:
        entries, part_score = _lookup(part, index)
        if not entries:
            continue
        score = min(score, part_score)
        names_canton = any(e.kind == "canton" for e in entries)
        for canton in {e.canton for e in entries}:
            support[canton] += 1
        for e in entries:
            if e.parish is None:
                continue
            # a part that names a canton names its seat parish only weakly
            (weak if names_canton and e.kind == "parish" else parishes)[e.canton].add(e.parish)
    if not support:
        return PlaceMatch(None, None, "unknown", 0.0, _suggest(" ".join(parts), index))
    top = max(support.values())
    cantons = sorted(c for c, n in support.items() if n == top)
    if len(cantons) > 1:
        labels = []
        for c in cantons:
            codes = sorted(parishes[c]) or [c]
            labels.extend(index.labels[code] for code in codes)
        return PlaceMatch(None, None, "ambiguous", score, tuple(labels))
    canton = cantons[0]
    found = parishes[canton]
    if len(found) > 1:
        labels = tuple(index.labels[p] for p in sorted(found))
        return PlaceMatch(canton, None, "ambiguous", score, labels)
    parish = next(iter(found)) if found else None
    return PlaceMatch(canton, parish, "matched", score)


def match_places(frame: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """Match every row's place, looking each distinct combination up once.

    Parameters
    ----------
    frame
        The rows, with text columns holding the place.
    columns
        The columns to read, in order (e.g. ``["canton", "parish", "territory"]``);
        absent ones are skipped.

    Returns
    -------
    polars.DataFrame
        One row per input row: ``canton_code``, ``parish_code``,
        ``territory_status``, ``territory_score``, ``territory_suggestions``
        (list of display names).
    """
    present = [c for c in columns if c in frame.columns]
    schema = {
        "canton_code": pl.String,
        "parish_code": pl.String,
        "territory_status": pl.String,
        "territory_score": pl.Float64,
        "territory_suggestions": pl.List(pl.String),
    }
    if not present:
        return pl.DataFrame(
            {
                "canton_code": [None] * frame.height,
                "parish_code": [None] * frame.height,
                "territory_status": ["empty"] * frame.height,
                "territory_score": [0.0] * frame.height,
                "territory_suggestions": [[] for _ in range(frame.height)],
            },
            schema=schema,
        )
    keys = frame.select(present)
    distinct = keys.unique(maintain_order=True)
    results = [match_place(*row) for row in distinct.iter_rows()]
    table = distinct.with_columns(
        pl.Series("canton_code", [r.canton_code for r in results], pl.String),
        pl.Series("parish_code", [r.parish_code for r in results], pl.String),
        pl.Series("territory_status", [r.status for r in results], pl.String),
        pl.Series("territory_score", [r.score for r in results], pl.Float64),
        pl.Series(
            "territory_suggestions", [list(r.suggestions) for r in results], pl.List(pl.String)
        ),
    )
    joined = keys.join(table, on=present, how="left", nulls_equal=True, maintain_order="left")
    return joined.select(list(schema))
