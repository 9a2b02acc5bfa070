"""Check actor and tie rows before they reach the network or the store.

Every input row is accounted for: a row that cannot be used is *flagged*
(table, row number, problem code, offending value) and left out; a row kept
with a default (a blank weight becomes 1) is flagged too, with ``kept`` true.
A missing required column is an error at once (:class:`~workbench.errors.InputError`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import polars as pl

from workbench.actors.vocabulary import (
    DIRECTED_KINDS,
    LEVELS,
    NO_LEVEL,
    TIE_KINDS,
    TYPES,
    normalise_code,
)
from workbench.errors import InputError
from workbench.i18n import N_, gettext

__all__ = [
    "ACTOR_COLUMNS",
    "FLAG_SCHEMA",
    "PROBLEMS",
    "TIE_COLUMNS",
    "describe_flag",
    "empty_flags",
    "raise_for_flags",
    "validate_actors",
    "validate_ties",
]

#: Columns of a clean actors frame, with their types.
ACTOR_COLUMNS: dict[str, pl.DataType] = {
    "id": pl.String(),
    "name": pl.String(),
    "type": pl.String(),
    "level": pl.String(),
    "territory_code": pl.String(),
    "sector": pl.String(),
    "influence": pl.Float64(),
}

#: Columns of a clean ties frame, with their types (``tie_id`` is the store's id, if any).
TIE_COLUMNS: dict[str, pl.DataType] = {
    "tie_id": pl.Int64(),
    "source": pl.String(),
    "target": pl.String(),
    "kind": pl.String(),
    "weight": pl.Float64(),
    "directed": pl.Boolean(),
}

#: Columns of the flagged rows.
FLAG_SCHEMA: dict[str, pl.DataType] = {
    "table": pl.String(),
    "row": pl.Int64(),
    "record": pl.String(),
    "problem": pl.String(),
    "value": pl.String(),
    "kept": pl.Boolean(),
}

#: Problem code -> English msgid (placeholders ``row``, ``record``, ``value``).
PROBLEMS: dict[str, str] = {
    "missing_id": N_("Actor row {row}: the actor has no id."),
    "duplicate_actor": N_("Actor row {row}: the id {value} appears in an earlier row."),
    "missing_name": N_("Actor row {row}: actor {record} has no name."),
    "unknown_type": N_("Actor row {row}: {value} is not a known type of actor."),
    "unknown_level": N_("Actor row {row}: {value} is not a level of government."),
    "bad_influence": N_("Actor row {row}: influence {value} is not a number from 0 to 5."),
    "missing_end": N_("Tie row {row}: the tie lacks its source or its target."),
    "unknown_actor": N_("Tie row {row}: actor {value} is not in the list of actors."),
    "self_loop": N_("Tie row {row}: actor {value} is tied to itself."),
    "unknown_kind": N_("Tie row {row}: {value} is not a known kind of tie."),
    "bad_weight": N_("Tie row {row}: weight {value} is not a positive number."),
    "missing_weight": N_("Tie row {row}: the tie has no weight; 1 is used."),
    "bad_direction": N_("Tie row {row}: direction {value} is not yes or no."),
    "duplicate_tie": N_("Tie row {row}: the same tie ({value}) appears in an earlier row."),
}

_TRUE = {"true", "1", "yes", "si", "sí", "y", "s", "t", "directed", "dirigido"}
_FALSE = {"false", "0", "no", "n", "f", "undirected", "no dirigido"}


def empty_flags() -> pl.DataFrame:
    """A flagged-rows frame with no rows."""
    return pl.DataFrame(schema=FLAG_SCHEMA)


def describe_flag(flag: Mapping[str, object], lang: str | None = None) -> str:
    """One flagged row as a sentence in ``lang``."""
    return gettext(
        PROBLEMS[str(flag["problem"])],
        lang,
        row=flag["row"],
        record=flag["record"] or "",
        value=flag["value"] or "",
    )


def raise_for_flags(flags: pl.DataFrame) -> None:
    """Raise :class:`InputError` for the first dropped row in ``flags``, if any.

    The error's message is that row's problem; its ``count`` parameter says
    how many rows were dropped in all.
    """
    dropped = flags.filter(~pl.col("kept"))
    if dropped.is_empty():
        return
    first = dropped.row(0, named=True)
    raise InputError(
        PROBLEMS[first["problem"]],
        row=first["row"],
        record=first["record"] or "",
        value=first["value"] or "",
        count=dropped.height,
    )


def _require(frame: pl.DataFrame, columns: Iterable[str], table: str) -> None:
    for column in columns:
        if column not in frame.columns:
            raise InputError(
                N_("The {table} table lacks the column {column}."), table=table, column=column
            )


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _number(value: object) -> float | str | None:
    """A float, ``None`` for blank, or the text when it is not a number."""
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value) if value == value else None  # NaN is blank
    text = str(value).strip().replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return str(value)


def _row_number(raw: Mapping[str, object], position: int) -> int:
    # a file read with row numbers (intake's ``_row``) names the line in the file
    value = raw.get("_row")
    try:
        return int(value) if value is not None else position
    except (TypeError, ValueError):
        return position


def _flag(table: str, row: int, record: str | None, problem: str, value: object, kept=False):
    return {
        "table": table,
        "row": row,
        "record": record,
        "problem": problem,
        "value": None if value is None else str(value),
        "kept": kept,
    }


def validate_actors(frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Clean actor rows and the rows that cannot be used.

    Parameters
    ----------
    frame
        Needs ``id``, ``name``, ``type`` and ``level``; ``territory_code``,
        ``sector`` and ``influence`` are optional. Types, levels and kinds are
        read in English codes or Spanish words (``"Parroquial"``).

    Returns
    -------
    tuple of polars.DataFrame
        The clean actors (columns :data:`ACTOR_COLUMNS`, input order, a blank
        level or ``"none"`` as null) and the flagged rows (:data:`FLAG_SCHEMA`).

    Raises
    ------
    InputError
        When a required column is missing.
    """
    _require(frame, ("id", "name", "type", "level"), "actors")
    rows, flags, seen = [], [], set()
    for position, raw in enumerate(frame.iter_rows(named=True), start=1):
        number = _row_number(raw, position)
        actor_id = _text(raw.get("id"))
        if actor_id is None:
            flags.append(_flag("actors", number, None, "missing_id", None))
            continue
        if actor_id in seen:
            flags.append(_flag("actors", number, actor_id, "duplicate_actor", actor_id))
            continue
        name = _text(raw.get("name"))
        if name is None:
            flags.append(_flag("actors", number, actor_id, "missing_name", None))
            continue
        kind = normalise_code(raw.get("type"))
        if kind not in TYPES:
            flags.append(_flag("actors", number, actor_id, "unknown_type", raw.get("type")))
            continue
        level = normalise_code(raw.get("level"))
        if level == NO_LEVEL:
            level = None
        if level is not None and level not in LEVELS:
            flags.append(_flag("actors", number, actor_id, "unknown_level", raw.get("level")))
            continue
        influence = _number(raw.get("influence"))
        if isinstance(influence, str) or (influence is not None and not 0 <= influence <= 5):
            flags.append(_flag("actors", number, actor_id, "bad_influence", raw.get("influence")))
            continue
        seen.add(actor_id)
        territory = _text(raw.get("territory_code"))
        rows.append(
            {
                "id": actor_id,
                "name": name,
                "type": kind,
                "level": level,
                "territory_code": territory,
                "sector": _text(raw.get("sector")),
                "influence": influence,
            }
        )
    clean = pl.DataFrame(rows, schema=ACTOR_COLUMNS)
    return clean, pl.DataFrame(flags, schema=FLAG_SCHEMA)


def _direction(value: object, kind: str) -> bool | None:
    if value is None:
        return kind in DIRECTED_KINDS
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if not text:
        return kind in DIRECTED_KINDS
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def validate_ties(
    frame: pl.DataFrame, actor_ids: Iterable[str], *, existing: pl.DataFrame | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Clean tie rows between known actors, and the rows that cannot be used.

    Parameters
    ----------
    frame
        Needs ``source``, ``target`` and ``kind``; ``weight`` (positive,
        default 1) and ``directed`` (default: funding and information ties
        are directed, the others not) are optional; ``id`` or ``tie_id`` is
        kept as ``tie_id``.
    actor_ids
        The ids ties may refer to.
    existing
        Clean ties already held (in the store): a row repeating one is a duplicate.

    Returns
    -------
    tuple of polars.DataFrame
        The clean ties (:data:`TIE_COLUMNS`) and the flagged rows (:data:`FLAG_SCHEMA`).
        Two ties are the same when they join the same actors with the same
        kind (in either order when undirected).

    Raises
    ------
    InputError
        When a required column is missing.
    """
    _require(frame, ("source", "target", "kind"), "ties")
    known = set(actor_ids)
    id_column = "tie_id" if "tie_id" in frame.columns else "id" if "id" in frame.columns else None
    seen: set[tuple[str, str, str, bool]] = set()
    if existing is not None:
        for tie in existing.iter_rows(named=True):
            seen.add(_tie_key(tie["source"], tie["target"], tie["kind"], tie["directed"]))
    rows, flags = [], []
    for position, raw in enumerate(frame.iter_rows(named=True), start=1):
        number = _row_number(raw, position)
        source, target = _text(raw.get("source")), _text(raw.get("target"))
        record = f"{source or '?'} → {target or '?'}"
        if source is None or target is None:
            flags.append(_flag("ties", number, record, "missing_end", None))
            continue
        unknown = next((a for a in (source, target) if a not in known), None)
        if unknown is not None:
            flags.append(_flag("ties", number, record, "unknown_actor", unknown))
            continue
        if source == target:
            flags.append(_flag("ties", number, record, "self_loop", source))
            continue
        kind = normalise_code(raw.get("kind"))
        if kind not in TIE_KINDS:
            flags.append(_flag("ties", number, record, "unknown_kind", raw.get("kind")))
            continue
        weight = _number(raw.get("weight")) if "weight" in frame.columns else 1.0
        if weight is None:
            flags.append(_flag("ties", number, record, "missing_weight", None, kept=True))
            weight = 1.0
        elif isinstance(weight, str) or not weight > 0 or weight == float("inf"):
            flags.append(_flag("ties", number, record, "bad_weight", raw.get("weight")))
            continue
        directed = _direction(raw.get("directed"), kind)
        if directed is None:
            flags.append(_flag("ties", number, record, "bad_direction", raw.get("directed")))
            continue
        key = _tie_key(source, target, kind, directed)
        if key in seen:
            flags.append(_flag("ties", number, record, "duplicate_tie", f"{record}, {kind}"))
            continue
        seen.add(key)
        tie_id = raw.get(id_column) if id_column else None
        rows.append(
            {
                "tie_id": int(tie_id) if isinstance(tie_id, int) else None,
                "source": source,
                "target": target,
                "kind": kind,
                "weight": float(weight),
                "directed": directed,
            }
        )
    clean = pl.DataFrame(rows, schema=TIE_COLUMNS)
    return clean, pl.DataFrame(flags, schema=FLAG_SCHEMA)


def _tie_key(source: str, target: str, kind: str, directed: bool) -> tuple[str, str, str, bool]:
    if directed:
        return (source, target, kind, True)
    low, high = sorted((source, target))
    return (low, high, kind, False)
