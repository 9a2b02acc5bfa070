"""Open data: proposals, themes, rankings and agreements, anonymised, with a data dictionary.

:func:`open_data_frames` builds the frames; :func:`write_open_data` writes
each as CSV (through :mod:`workbench.reports.safe_cells`) and JSON, plus
``data_dictionary.csv`` and ``data_dictionary.json``. Nothing from
``proposers`` or from participants' names is published: citizens' and
facilitators' text goes through :func:`workbench.reports.anonymise.scrub`,
and participation is published as counts only.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from workbench.cycle.agreements import agreement_history, agreements
from workbench.cycle.inclusion import participation_counts
from workbench.i18n import N_, translator
from workbench.reports.anonymise import personal_values, scrub
from workbench.reports.safe_cells import write_csv
from workbench.reports.sources import (
    latest_session_id,
    normalise_ranking,
    portfolio_of,
    ranking_of,
)
from workbench.store import Store
from workbench.themes import current_themes

__all__ = [
    "DATA_DICTIONARY",
    "OPEN_DATA_FILES",
    "anonymiser",
    "open_data_frames",
    "public_agreements",
    "public_proposals_with_themes",
    "write_open_data",
]

#: Files of the open data, in the order they are listed.
OPEN_DATA_FILES: tuple[str, ...] = (
    "proposals",
    "themes",
    "rankings",
    "agreements",
    "agreement_history",
    "participation",
)

#: What each column of each file means (English msgids, translated on writing).
DATA_DICTIONARY: dict[str, dict[str, str]] = {
    "proposals": {
        "id": N_("Proposal identifier"),
        "title": N_("Title as the citizen wrote it (personal data masked)"),
        "text": N_("The proposal as written (personal data masked)"),
        "canton_code": N_("INEC DPA code of the canton"),
        "canton": N_("Canton"),
        "parish_code": N_("INEC DPA code of the parish"),
        "parish": N_("Parish"),
        "sector": N_("Sector declared by the proposer"),
        "organisation": N_("Proposing organisation (empty for individuals)"),
        "submitted_on": N_("Date the proposal was received (UTC)"),
        "source": N_("Channel it came through"),
        "estimated_cost": N_("Estimated cost in US dollars"),
        "beneficiaries": N_("People it would reach"),
        "theme_id": N_("Identifier of its current theme"),
        "theme": N_("Current theme"),
    },
    "themes": {
        "theme_id": N_("Theme identifier"),
        "theme": N_("Theme label"),
        "proposals": N_("Number of active proposals in the theme"),
        "cantons": N_("Number of cantons the theme's proposals come from"),
    },
    "rankings": {
        "session_id": N_("Session that produced the ranking"),
        "proposal_id": N_("Proposal identifier"),
        "rank": N_("Place in the ranking (1 is first)"),
        "score": N_("Aggregated score of the group"),
        "n_scorers": N_("Number of members who scored the proposal"),
        "selected": N_("In the budgeted portfolio"),
        "contrib_*": N_("Contribution of that criterion to the score"),
    },
    "agreements": {
        "id": N_("Agreement identifier"),
        "call_id": N_("Call for proposals it belongs to"),
        "session_id": N_("Session where it was agreed"),
        "title": N_("What was agreed"),
        "description": N_("Details"),
        "proposal_id": N_("Proposal it answers, if any"),
        "responsible_actor_id": N_("Identifier of the responsible actor"),
        "responsible_actor": N_("Responsible institution or organisation"),
        "responsible_level": N_("Government level of the responsible actor"),
        "due_on": N_("Due date"),
        "status": N_("pending, in_planning, in_execution, done or dropped"),
        "note": N_("Last follow-up note"),
        "overdue": N_("Past its due date and neither done nor dropped"),
        "updated_at": N_("Last change (UTC)"),
    },
    "agreement_history": {
        "agreement_id": N_("Agreement identifier"),
        "at": N_("When the status was set (UTC)"),
        "status": N_("Status set"),
        "note": N_("Follow-up note"),
    },
    "participation": {
        "session_id": N_("Session"),
        "dimension": N_("canton, parish, sector, level or gender"),
        "value": N_("Group (DPA code for cantons and parishes); empty when not stated"),
        "count": N_("Members of the table who took part"),
        "share": N_("Share of the members who took part"),
    },
}


def anonymiser(store: Store):
    """A function ``frame, columns -> frame`` that scrubs personal data from text columns."""
    values = personal_values(store.read("proposers"))
    values += [
        v
        for v in personal_values(store.read("participants", columns=["name"]))
        if v not in set(values)
    ]
    values.sort(key=lambda v: (-len(v), v))

    def apply(frame: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
        present = [c for c in columns if c in frame.columns]
        if not present or not frame.height:
            return frame
        return frame.with_columns([scrub(c, values) for c in present])

    return apply


def public_proposals_with_themes(store: Store, anonymise=None) -> pl.DataFrame:
    """Active proposals, anonymised, with place names and their current theme."""
    anonymise = anonymise or anonymiser(store)
    proposals = store.read("proposals", where={"status": "active"})
    names = store.read("territories", columns=["code", "name"])
    themes = current_themes(store).select("proposal_id", "theme_id", "theme")
    frame = (
        proposals.join(
            names.rename({"code": "canton_code", "name": "canton"}), on="canton_code", how="left"
        )
        .join(names.rename({"code": "parish_code", "name": "parish"}), on="parish_code", how="left")
        .join(themes.rename({"proposal_id": "id"}), on="id", how="left")
        .with_columns(pl.col("submitted_at").dt.date().alias("submitted_on"))
        .select(list(DATA_DICTIONARY["proposals"]))
        .sort("id")
    )
    return anonymise(frame, ["title", "text", "organisation"])


def public_agreements(store: Store, anonymise=None) -> pl.DataFrame:
    """Agreements with their responsible actor, anonymised, by due date."""
    anonymise = anonymise or anonymiser(store)
    frame = agreements(store).select(list(DATA_DICTIONARY["agreements"]))
    return anonymise(frame, ["title", "description", "note"])


def _themes(proposals: pl.DataFrame) -> pl.DataFrame:
    return (
        proposals.group_by("theme_id", "theme")
        .agg(
            pl.len().cast(pl.Int64).alias("proposals"),
            pl.col("canton_code").drop_nulls().n_unique().cast(pl.Int64).alias("cantons"),
        )
        .sort(["proposals", "theme_id"], descending=[True, False])
    )


def _rankings(
    session_id: str | None, ranking: pl.DataFrame | None, portfolio: pl.DataFrame | None
) -> pl.DataFrame:
    base = {
        "session_id": pl.String,
        "proposal_id": pl.String,
        "rank": pl.Int64,
        "score": pl.Float64,
        "n_scorers": pl.Int64,
        "selected": pl.Boolean,
    }
    if ranking is None:
        return pl.DataFrame(schema=base)
    frame = ranking.with_columns(pl.lit(session_id, pl.String).alias("session_id"))
    if "n_scorers" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, pl.Int64).alias("n_scorers"))
    if portfolio is not None and "selected" in portfolio.columns:
        frame = frame.join(
            portfolio.select("proposal_id", "selected"), on="proposal_id", how="left"
        )
    else:
        frame = frame.with_columns(pl.lit(None, pl.Boolean).alias("selected"))
    contrib = sorted(c for c in frame.columns if c.startswith("contrib_"))
    return frame.select([*base, *contrib]).cast({"rank": pl.Int64}).sort("rank")


def open_data_frames(
    store: Store,
    *,
    session_id: str | None = None,
    ranking: pl.DataFrame | None = None,
    portfolio: pl.DataFrame | None = None,
) -> dict[str, pl.DataFrame]:
    """The open-data tables, anonymised, keyed by :data:`OPEN_DATA_FILES`.

    Parameters
    ----------
    store
        The table's store.
    session_id
        Session whose ranking and participation to publish (default: the latest).
    ranking, portfolio
        Frames to publish instead of :func:`workbench.prioritise.current_ranking`
        and ``current_portfolio`` (used when prioritisation is not installed).
    """
    session_id = session_id or latest_session_id(store)
    ranking = ranking_of(store, session_id) if ranking is None else normalise_ranking(ranking)
    if portfolio is None:
        portfolio = portfolio_of(store, session_id)
    anonymise = anonymiser(store)
    proposals = public_proposals_with_themes(store, anonymise)
    history = anonymise(
        agreement_history(store).select("agreement_id", "at", "status", "note"), ["note"]
    )
    sessions = [session_id] if session_id else []
    participation = participation_counts(store, sessions=sessions).select(
        pl.lit(session_id, pl.String).alias("session_id"), pl.all()
    )
    return {
        "proposals": proposals,
        "themes": _themes(proposals),
        "rankings": _rankings(session_id, ranking, portfolio),
        "agreements": public_agreements(store, anonymise),
        "agreement_history": history,
        "participation": participation,
    }


def _dictionary(frames: dict[str, pl.DataFrame], lang: str) -> pl.DataFrame:
    _ = translator(lang)
    rows = []
    for name, frame in frames.items():
        described = DATA_DICTIONARY[name]
        for column, dtype in frame.schema.items():
            key = "contrib_*" if column.startswith("contrib_") else column
            rows.append(
                {
                    "file": f"{name}.csv",
                    "column": column,
                    "type": str(dtype),
                    "description": _(described[key]) if key in described else "",
                }
            )
    return pl.DataFrame(rows, schema=["file", "column", "type", "description"], orient="row")


def write_open_data(
    store: Store,
    folder: str | Path,
    *,
    session_id: str | None = None,
    ranking: pl.DataFrame | None = None,
    portfolio: pl.DataFrame | None = None,
    lang: str = "es",
) -> list[Path]:
    """Write the open data (CSV and JSON per table, and the data dictionary) into ``folder``.

    Returns
    -------
    list of Path
        The files written.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    frames = open_data_frames(store, session_id=session_id, ranking=ranking, portfolio=portfolio)
    written = []
    for name, frame in frames.items():
        written.append(write_csv(frame, folder / f"{name}.csv"))
        path = folder / f"{name}.json"
        path.write_text(
            json.dumps(frame.to_dicts(), ensure_ascii=False, default=str, indent=1),
            encoding="utf-8",
        )
        written.append(path)
    dictionary = _dictionary(frames, lang)
    written.append(write_csv(dictionary, folder / "data_dictionary.csv"))
    path = folder / "data_dictionary.json"
    path.write_text(
        json.dumps(dictionary.to_dicts(), ensure_ascii=False, indent=1), encoding="utf-8"
    )
    written.append(path)
    return written
