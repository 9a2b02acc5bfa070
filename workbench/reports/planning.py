"""The planning workbook for the provincial Planning Department (XLSX, one sheet per theme).

:func:`planning_table` joins, per proposal: its rank and score, the
contribution of each criterion, sensitivity notes, its theme, its canton and
parish with their DPA codes, the actors who can carry or co-finance it by
government level, its estimated cost and whether the portfolio funds it.
:func:`write_planning_workbook` writes it with xlsxwriter through polars'
``write_excel``: a portfolio sheet, one sheet per theme, a notes sheet and a
sheet explaining the columns; every cell through
:mod:`workbench.reports.safe_cells`.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import xlsxwriter

from workbench.i18n import N_, translator
from workbench.reports.open_data import anonymiser
from workbench.reports.safe_cells import safe_frame
from workbench.reports.sources import (
    actor_links,
    latest_session_id,
    normalise_ranking,
    portfolio_of,
    ranking_of,
)
from workbench.store import Store
from workbench.themes import current_themes

__all__ = [
    "LEVELS",
    "PLANNING_COLUMNS",
    "planning_table",
    "sensitivity_notes",
    "sheet_name",
    "write_planning_workbook",
]

#: Government levels, top down; ``other`` is an actor with no government level.
LEVELS: tuple[str, ...] = ("national", "provincial", "cantonal", "parish", "other")

#: Column headers (English msgids); ``contrib_<criterion>`` columns sit after ``score``.
PLANNING_COLUMNS: dict[str, str] = {
    "rank": N_("Rank"),
    "proposal_id": N_("Proposal"),
    "title": N_("Title"),
    "score": N_("Score"),
    "n_scorers": N_("Scorers"),
    "sensitivity": N_("Sensitivity notes"),
    "theme": N_("Theme"),
    "canton_code": N_("Canton DPA code"),
    "canton": N_("Canton"),
    "parish_code": N_("Parish DPA code"),
    "parish": N_("Parish"),
    "estimated_cost": N_("Estimated cost (USD)"),
    "selected": N_("In the portfolio"),
    **{f"responsible_{level}": N_("Responsible, {level} level") for level in LEVELS},
    **{f"cofinancing_{level}": N_("Co-financing, {level} level") for level in LEVELS},
}

_LEVEL_NAMES = {
    "national": N_("national"),
    "provincial": N_("provincial"),
    "cantonal": N_("cantonal"),
    "parish": N_("parish"),
    "other": N_("non-governmental"),
}

_CARRY = ("could_execute", "responsible")
_COFINANCE = ("could_cofinance",)


def sensitivity_notes(
    ranking: pl.DataFrame, portfolio: pl.DataFrame | None = None, *, lang: str = "es"
) -> pl.Series:
    """A short note per ranked proposal on how firm its place is.

    Notes: few scorers (fewer than 3), a score within 2 % of the score range
    of its neighbour (the order may swap with a small change of weights), and,
    with a portfolio, the last proposal in or the first left out under the
    budget. Any ``acceptability``/``confidence`` column the ranking carries
    (SMAA) is quoted.
    """
    _ = translator(lang)
    frame = ranking.sort("rank")
    scores = frame["score"].cast(pl.Float64)
    spread = (scores.max() - scores.min()) or 1.0
    gap_up = (scores.shift(1) - scores).abs()
    gap_down = (scores - scores.shift(-1)).abs()
    close = ((gap_up < 0.02 * spread) | (gap_down < 0.02 * spread)).fill_null(False)
    n = frame["n_scorers"] if "n_scorers" in frame.columns else pl.Series([None] * frame.height)
    margin_in = margin_out = None
    if portfolio is not None and "selected" in portfolio.columns:
        chosen = frame.join(
            portfolio.select("proposal_id", "selected"), on="proposal_id", how="left"
        )
        selected = chosen.filter(pl.col("selected").fill_null(False))
        left = chosen.filter(~pl.col("selected").fill_null(False))
        margin_in = selected["proposal_id"][-1] if selected.height else None
        margin_out = left["proposal_id"][0] if left.height else None
    confidence = next(
        (c for c in ("confidence", "acceptability", "rank_acceptability") if c in frame.columns),
        None,
    )
    notes = []
    for i, proposal_id in enumerate(frame["proposal_id"].to_list()):
        parts = []
        if n[i] is not None and n[i] < 3:
            parts.append(_("few scorers ({n})", n=int(n[i])))
        if close[i]:
            parts.append(_("close to its neighbour: the order may change with the weights"))
        if proposal_id == margin_in:
            parts.append(_("last one in under the budget"))
        if proposal_id == margin_out:
            parts.append(_("first one left out under the budget"))
        if confidence and frame[confidence][i] is not None:
            value = round(float(frame[confidence][i]), 2)
            parts.append(_("confidence {value}", value=value))
        notes.append("; ".join(parts) if parts else _("stable"))
    return pl.Series("sensitivity", notes, dtype=pl.String)


def _actors_by_level(store: Store, lang: str) -> pl.DataFrame:
    links = actor_links(store)
    actors = store.read("actors", columns=["id", "name", "level"]).rename({"id": "actor_id"})
    joined = links.join(actors, on="actor_id", how="inner").with_columns(
        pl.col("level").fill_null("other"),
        pl.when(pl.col("relation").is_in(_CARRY))
        .then(pl.lit("responsible"))
        .when(pl.col("relation").is_in(_COFINANCE))
        .then(pl.lit("cofinancing"))
        .alias("role"),
    )
    joined = joined.drop_nulls("role").with_columns(
        (pl.col("role") + "_" + pl.col("level")).alias("column")
    )
    wide = (
        joined.group_by("proposal_id", "column")
        .agg(pl.col("name").unique().sort().str.join("; "))
        .pivot(on="column", index="proposal_id", values="name")
        if joined.height
        else pl.DataFrame(schema={"proposal_id": pl.String})
    )
    for role in ("responsible", "cofinancing"):
        for level in LEVELS:
            if f"{role}_{level}" not in wide.columns:
                wide = wide.with_columns(pl.lit(None, pl.String).alias(f"{role}_{level}"))
    return wide


def planning_table(
    store: Store,
    session_id: str | None = None,
    *,
    ranking: pl.DataFrame | None = None,
    portfolio: pl.DataFrame | None = None,
    lang: str = "es",
) -> pl.DataFrame:
    """One row per proposal to plan: ranked ones first (by rank), then the rest by id.

    Without any ranking (prioritisation not run yet) every active proposal is
    listed with null rank and score, so planners still get the proposals per
    theme with territory, actors and cost.
    """
    session_id = session_id or latest_session_id(store)
    ranking = ranking_of(store, session_id) if ranking is None else normalise_ranking(ranking)
    if portfolio is None:
        portfolio = portfolio_of(store, session_id)
    anonymise = anonymiser(store)
    proposals = store.read(
        "proposals",
        where={"status": "active"},
        columns=["id", "title", "canton_code", "parish_code", "estimated_cost"],
    ).rename({"id": "proposal_id"})
    proposals = anonymise(proposals, ["title"])
    names = store.read("territories", columns=["code", "name"])
    themes = current_themes(store).select("proposal_id", "theme_id", "theme")
    frame = (
        proposals.join(themes, on="proposal_id", how="left")
        .join(names.rename({"code": "canton_code", "name": "canton"}), on="canton_code", how="left")
        .join(names.rename({"code": "parish_code", "name": "parish"}), on="parish_code", how="left")
        .join(_actors_by_level(store, lang), on="proposal_id", how="left")
    )
    contrib: list[str] = []
    if ranking is not None:
        ranked = ranking.drop([c for c in ("theme_id", "theme") if c in ranking.columns])
        ranked = ranked.with_columns(sensitivity_notes(ranking, portfolio, lang=lang))
        contrib = sorted(c for c in ranked.columns if c.startswith("contrib_"))
        keep = ["proposal_id", "rank", "score", "sensitivity", *contrib]
        if "n_scorers" in ranked.columns:
            keep.append("n_scorers")
        frame = frame.join(ranked.select(keep), on="proposal_id", how="left")
    for name, dtype in (
        ("rank", pl.Int64),
        ("score", pl.Float64),
        ("n_scorers", pl.Int64),
        ("sensitivity", pl.String),
    ):
        if name not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype).alias(name))
    if portfolio is not None and "selected" in portfolio.columns:
        frame = frame.join(
            portfolio.select("proposal_id", "selected"), on="proposal_id", how="left"
        )
    else:
        frame = frame.with_columns(pl.lit(None, pl.Boolean).alias("selected"))
    order = [c for c in PLANNING_COLUMNS if c in frame.columns]
    order = order[:4] + contrib + order[4:]
    return frame.sort(["rank", "proposal_id"], nulls_last=True).select(["theme_id", *order])


_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def sheet_name(name: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet name (31 characters, none of ``[]:*?/\\``)."""
    base = _SHEET_BAD.sub(" ", str(name or "-")).strip().strip("'") or "-"
    base = base[:31]
    candidate, n = base, 2
    while candidate.lower() in {t.lower() for t in taken}:
        suffix = f" ({n})"
        candidate = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(candidate)
    return candidate


def _headers(frame: pl.DataFrame, lang: str, criteria: dict[str, str]) -> dict[str, str]:
    _ = translator(lang)
    out = {}
    for column in frame.columns:
        if column.startswith("contrib_"):
            criterion = column.removeprefix("contrib_")
            out[column] = _(
                "Contribution: {criterion}", criterion=criteria.get(criterion, criterion)
            )
        elif column.startswith(("responsible_", "cofinancing_")):
            level = column.split("_", 1)[1]
            out[column] = _(PLANNING_COLUMNS[column], level=_(_LEVEL_NAMES[level]))
        elif column in PLANNING_COLUMNS:
            out[column] = _(PLANNING_COLUMNS[column])
        else:
            out[column] = column
    return out


def write_planning_workbook(
    store: Store,
    path: str | Path,
    session_id: str | None = None,
    *,
    ranking: pl.DataFrame | None = None,
    portfolio: pl.DataFrame | None = None,
    lang: str = "es",
) -> Path:
    """Write the planning workbook to ``path`` (``.xlsx``). Returns the path.

    Sheets: the portfolio (every proposal, ranked first), one per theme, the
    notes (session, what the sensitivity notes mean, "no ranking yet" when
    there is none) and the columns explained.
    """
    _ = translator(lang)
    path = Path(path)
    session_id = session_id or latest_session_id(store)
    ranking = ranking_of(store, session_id) if ranking is None else normalise_ranking(ranking)
    table = planning_table(store, session_id, ranking=ranking, portfolio=portfolio, lang=lang)
    criteria = dict(
        store.read("criteria", columns=["id", "name"]).iter_rows()
    )  # id -> name for headers
    headers = _headers(table.drop("theme_id"), lang, criteria)
    money = {c for c in table.columns if c == "estimated_cost"}
    scores = {c for c in table.columns if c == "score" or c.startswith("contrib_")}
    taken: set[str] = set()
    workbook = xlsxwriter.Workbook(
        str(path), {"strings_to_formulas": False, "strings_to_urls": False}
    )
    try:

        def sheet(frame: pl.DataFrame, name: str, *, widths: bool = True) -> None:
            shown = safe_frame(frame).rename({c: headers.get(c, c) for c in frame.columns})
            formats = {headers[c]: "#,##0" for c in money if c in frame.columns}
            formats |= {headers[c]: "0.000" for c in scores if c in frame.columns}
            shown.write_excel(
                workbook=workbook,
                worksheet=sheet_name(name, taken),
                table_style="Table Style Medium 2",
                column_formats=formats or None,
                header_format={"bold": True, "text_wrap": True, "valign": "top"},
                autofit=widths,
                freeze_panes=(1, 0),
            )

        sheet(table.drop("theme_id"), _("Portfolio"))
        themes = table.select("theme_id", "theme").unique().sort("theme_id", nulls_last=True)
        for theme_id, theme in themes.iter_rows():
            part = table.filter(
                pl.col("theme_id").is_null() if theme_id is None else pl.col("theme_id") == theme_id
            )
            sheet(part.drop("theme_id", "theme"), theme or _("No theme"))
        notes = [
            _("Session: {session}", session=session_id or "-"),
            _(
                "Sensitivity notes: few scorers (fewer than 3); close to its neighbour (within 2% "
                "of the score range: a small change of weights may swap them); the last proposal "
                "in and the first left out under the budget."
            ),
            _(
                "Actors by level: responsible are actors who could execute the proposal or are "
                "responsible for an agreement on it; co-financing are actors who could co-finance "
                "it."
            ),
        ]
        if ranking is None:
            notes.insert(1, _("No ranking yet: prioritisation has not been run for this session."))
        sheet(pl.DataFrame({_("Notes"): notes}), _("Notes"))
        columns = pl.DataFrame(
            {_("Column"): list(headers.values()), _("Field"): list(headers.keys())}
        )
        sheet(columns, _("Columns"))
    finally:
        workbook.close()
    return path
