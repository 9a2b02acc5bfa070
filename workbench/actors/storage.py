"""Read the actor network from the store and change it there, every change an event.

Event kinds: ``actors.import``, ``actors.add``, ``actors.edit``, ``ties.add``,
``ties.remove``, ``actors.link``, ``actors.unlink``, ``actors.stance``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from workbench.actors.network import ActorNetwork
from workbench.actors.validation import (
    ACTOR_COLUMNS,
    empty_flags,
    raise_for_flags,
    validate_actors,
    validate_ties,
)
from workbench.actors.vocabulary import RELATIONS, SUBJECT_KINDS, normalise_code
from workbench.errors import InputError, NotFoundError
from workbench.i18n import N_
from workbench.store import Store

__all__ = [
    "LINK_COLUMNS",
    "ImportReport",
    "add_actor",
    "add_tie",
    "edit_actor",
    "import_network",
    "link_actor",
    "load_network",
    "read_links",
    "remove_tie",
    "set_stance",
    "unlink_actor",
]

#: Columns of :func:`read_links`.
LINK_COLUMNS: dict[str, pl.DataType] = {
    "id": pl.Int64(),
    "actor_id": pl.String(),
    "subject_kind": pl.String(),
    "subject_id": pl.String(),
    "relation": pl.String(),
}


def _stored_ties(store: Store) -> pl.DataFrame:
    ties = store.read("ties")
    return ties.rename({"id": "tie_id"}) if "id" in ties.columns else ties


def load_network(store: Store) -> ActorNetwork:
    """The network held in ``store`` (rows the store holds were checked when written;
    any that would not pass today are listed in ``flagged``)."""
    actors, actor_flags = validate_actors(store.read("actors"))
    ties, tie_flags = validate_ties(_stored_ties(store), actors["id"].to_list())
    return ActorNetwork(actors, ties, pl.concat([actor_flags, tie_flags]))


@dataclass
class ImportReport:
    """What an import did: rows added per table and the flagged rows."""

    actors_added: int = 0
    actors_updated: int = 0
    ties_added: int = 0
    flagged: pl.DataFrame = field(default_factory=empty_flags)


def import_network(
    store: Store,
    actors: pl.DataFrame | None,
    ties: pl.DataFrame | None,
    *,
    actor: str,
) -> ImportReport:
    """Add actors (new ids) or update them (known ids), and add ties, in one event-logged write.

    Rows that cannot be used are left out and reported in ``flagged``; ties
    may refer to actors already in the store; a tie already held is a duplicate.
    """
    held_actors = store.read("actors", columns=["id"])["id"].to_list()
    report = ImportReport()
    flags = []
    clean_actors = pl.DataFrame(schema=ACTOR_COLUMNS)
    if actors is not None:
        clean_actors, actor_flags = validate_actors(actors)
        flags.append(actor_flags)
    known = set(held_actors) | set(clean_actors["id"].to_list())
    clean_ties = None
    if ties is not None:
        held = validate_ties(_stored_ties(store), held_actors)[0]
        clean_ties, tie_flags = validate_ties(ties, known, existing=held)
        flags.append(tie_flags)
    held_set = set(held_actors)
    with store.transaction(actor) as tx:
        for row in clean_actors.iter_rows(named=True):
            if row["id"] in held_set:
                changes = {k: v for k, v in row.items() if k != "id"}
                tx.update("actors", {"id": row["id"]}, changes, kind="actors.import")
                report.actors_updated += 1
        new = clean_actors.filter(~pl.col("id").is_in(list(held_set)))
        if new.height:
            tx.insert("actors", new, kind="actors.import")
            report.actors_added = new.height
        if clean_ties is not None and clean_ties.height:
            tx.insert("ties", clean_ties.drop("tie_id"), kind="actors.import")
            report.ties_added = clean_ties.height
    report.flagged = pl.concat(flags) if flags else empty_flags()
    return report


def add_actor(store: Store, row: Mapping[str, Any], *, actor: str) -> dict[str, Any]:
    """Add one actor; an unusable row or an id already held is an :class:`InputError`."""
    clean, flags = validate_actors(pl.DataFrame([dict(row)], infer_schema_length=None))
    raise_for_flags(flags)
    record = clean.row(0, named=True)
    if store.get("actors", {"id": record["id"]}) is not None:
        raise InputError(N_("There is already an actor with the id {value}."), value=record["id"])
    store.insert("actors", [record], actor=actor, kind="actors.add")
    return record


def edit_actor(
    store: Store, actor_id: str, changes: Mapping[str, Any], *, actor: str
) -> dict[str, Any]:
    """Change an actor's name, type, level, territory, sector or influence (validated)."""
    current = store.get("actors", {"id": actor_id})
    if current is None:
        raise NotFoundError(N_("There is no actor {value}."), value=actor_id)
    unknown = [k for k in changes if k not in ACTOR_COLUMNS or k == "id"]
    if unknown:
        raise InputError(N_("An actor has no field {value} to change."), value=unknown[0])
    merged = {k: current.get(k) for k in ACTOR_COLUMNS} | dict(changes)
    clean, flags = validate_actors(pl.DataFrame([merged], infer_schema_length=None))
    raise_for_flags(flags)
    record = clean.row(0, named=True)
    changed = {k: record[k] for k in changes}
    store.update("actors", {"id": actor_id}, changed, actor=actor, kind="actors.edit")
    return record


def add_tie(
    store: Store,
    source: str,
    target: str,
    kind: str,
    *,
    actor: str,
    weight: float | None = 1.0,
    directed: bool | None = None,
) -> dict[str, Any]:
    """Add one tie between actors held in the store (validated; a duplicate is refused)."""
    held = _stored_ties(store)
    ids = store.read("actors", columns=["id"])["id"].to_list()
    existing = validate_ties(held, ids)[0]
    frame = pl.DataFrame(
        [
            {
                "source": source,
                "target": target,
                "kind": kind,
                "weight": weight,
                "directed": directed,
            }
        ],
        schema={
            "source": pl.String,
            "target": pl.String,
            "kind": pl.String,
            "weight": pl.Float64,
            "directed": pl.Boolean,
        },
    )
    clean, flags = validate_ties(frame, ids, existing=existing)
    raise_for_flags(flags)
    record = clean.drop("tie_id").row(0, named=True)
    store.insert("ties", [record], actor=actor, kind="ties.add")
    return record


def remove_tie(store: Store, tie_id: int, *, actor: str) -> dict[str, Any]:
    """Remove the tie with store id ``tie_id`` (the event keeps what it was)."""
    if store.get("ties", {"id": tie_id}) is None:
        raise NotFoundError(N_("There is no tie {value}."), value=tie_id)
    return store.delete("ties", {"id": tie_id}, actor=actor, kind="ties.remove")


def _check_link(store: Store, actor_id: str, subject_kind: str, relation: str) -> tuple[str, str]:
    if store.get("actors", {"id": actor_id}) is None:
        raise NotFoundError(N_("There is no actor {value}."), value=actor_id)
    kind = normalise_code(subject_kind)
    if kind not in SUBJECT_KINDS:
        raise InputError(
            N_("A link points at a theme or a proposal, not {value}."), value=subject_kind
        )
    rel = normalise_code(relation)
    if rel not in RELATIONS:
        raise InputError(
            N_("{value} is not a known relation to a theme or proposal."), value=relation
        )
    return kind, rel


def link_actor(
    store: Store, actor_id: str, subject_kind: str, subject_id: str, relation: str, *, actor: str
) -> dict[str, Any]:
    """Link an actor to a theme or a proposal (``proposes``, ``could_execute``,
    ``could_cofinance``, ``opposes``); linking twice changes nothing."""
    kind, rel = _check_link(store, actor_id, subject_kind, relation)
    subject = str(subject_id)
    if kind == "proposal" and store.get("proposals", {"id": subject}) is None:
        raise NotFoundError(N_("There is no proposal {value}."), value=subject)
    key = {"actor_id": actor_id, "subject_kind": kind, "subject_id": subject, "relation": rel}
    if store.count("actor_links", where=key):
        return key
    store.insert("actor_links", [key], actor=actor, kind="actors.link")
    return key


def unlink_actor(
    store: Store, actor_id: str, subject_kind: str, subject_id: str, relation: str, *, actor: str
) -> None:
    """Remove a link made with :func:`link_actor` (an error if there is none)."""
    kind, rel = _check_link(store, actor_id, subject_kind, relation)
    key = {
        "actor_id": actor_id,
        "subject_kind": kind,
        "subject_id": str(subject_id),
        "relation": rel,
    }
    found = store.read("actor_links", where=key)
    if found.is_empty():
        raise NotFoundError(N_("There is no such link of actor {value}."), value=actor_id)
    store.delete("actor_links", {"id": int(found["id"][0])}, actor=actor, kind="actors.unlink")


def set_stance(store: Store, actor_id: str, theme_id: str, stance: int, *, actor: str) -> None:
    """Record an actor's stance on a theme, from -2 (against) to +2 (for)."""
    if store.get("actors", {"id": actor_id}) is None:
        raise NotFoundError(N_("There is no actor {value}."), value=actor_id)
    if isinstance(stance, bool) or not isinstance(stance, int) or not -2 <= stance <= 2:
        raise InputError(N_("A stance is a whole number from -2 to 2, not {value}."), value=stance)
    store.upsert(
        "actor_stances",
        {"actor_id": actor_id, "theme_id": str(theme_id), "stance": stance},
        key=["actor_id", "theme_id"],
        actor=actor,
        kind="actors.stance",
    )


def read_links(store: Store) -> pl.DataFrame:
    """Every actor link held in the store (columns :data:`LINK_COLUMNS`)."""
    links = store.read("actor_links")
    if links.is_empty():
        return pl.DataFrame(schema=LINK_COLUMNS)
    return links.select(list(LINK_COLUMNS)).cast(LINK_COLUMNS)
