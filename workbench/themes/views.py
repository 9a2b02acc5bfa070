"""Frames the themes explorer shows, as pure polars over the store (no Panel here).

- :func:`proposal_frame`: one row per active proposal with its theme, sub-theme,
  confidence, map position, territory names and sector.
- :func:`theme_frame`: one row per active theme with its count and labels.
- :func:`territory_matrix`: proposals per territory and theme, zeros included,
  so the heatmap shows which territories raised no proposal on a theme.
- :func:`review_list`: the least confident assignments, for the facilitator to check.
"""

from __future__ import annotations

import json

import polars as pl
import sqlalchemy as sa

from workbench.store import Store
from workbench.store.schema import events as events_table
from workbench.themes.stored import proposal_texts

__all__ = [
    "LOW_CONFIDENCE",
    "ViewState",
    "proposal_base",
    "proposal_frame",
    "review_list",
    "territory_matrix",
    "theme_frame",
    "view_state",
]

#: Assignments below this confidence are listed for review.
LOW_CONFIDENCE = 0.5


#: Columns of ``themes`` the views read (not the centroids: they are large and unused here).
_THEME_VIEW_COLUMNS = [
    "id",
    "parent_id",
    "name",
    "suggested_name",
    "keywords",
    "representatives",
    "locked",
    "status",
]


def proposal_base(store: Store) -> pl.DataFrame:
    """Active proposals with their territory names: what theme operations do not change.

    Columns ``id, canton_code, canton, parish_code, parish, sector, text``. The
    explorer reads it once and joins it with :func:`view_state` after each operation.
    """
    proposals = proposal_texts(store)
    territories = store.read("territories", columns=["code", "name"])
    return proposals.join(
        territories.rename({"code": "canton_code", "name": "canton"}),
        on="canton_code",
        how="left",
    ).join(
        territories.rename({"code": "parish_code", "name": "parish"}),
        on="parish_code",
        how="left",
    )


def view_state(store: Store) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The stored themes (without centroids) and assignments, as the views need them."""
    return (
        store.read("themes", columns=_THEME_VIEW_COLUMNS),
        store.read("theme_assignments"),
    )


class ViewState:
    """Themes and assignments as the views need them, kept current from the event log.

    The first :meth:`read` (and the first after a fit, an assignment of new
    proposals or :meth:`reset`) reads every assignment; later reads take only
    the assignments of the proposals that the operations logged since then
    touched (``themes.*`` events, undo included), so an operation on a few
    proposals costs the same with 100 or 100,000 of them. Changes made
    elsewhere (another facilitator, the CLI) are picked up the same way.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.assignments: pl.DataFrame | None = None
        self.last_event = 0

    def reset(self) -> None:
        """Read everything again at the next :meth:`read`."""
        self.assignments = None

    def read(self) -> tuple[pl.DataFrame, pl.DataFrame]:
        """``(themes, assignments)`` as :func:`view_state` returns them."""
        # the log is read before the rows: a change landing in between is applied twice
        # (harmless), never missed
        if self.assignments is None:
            latest = self.store.query(sa.select(sa.func.max(events_table.c.id))).item()
            touched = None
        else:
            log = self.store.events(kind="themes.*", after_id=self.last_event)
            latest = int(log["id"].max()) if log.height else self.last_event
            touched = _touched(self.store, log)
        themes_ = self.store.read("themes", columns=_THEME_VIEW_COLUMNS)
        if touched is None:
            assign = self.store.read("theme_assignments")
        elif touched:
            ids = sorted(touched)
            changed = self.store.read("theme_assignments", where={"proposal_id": ids})
            assign = pl.concat(
                [self.assignments.filter(~pl.col("proposal_id").is_in(ids)), changed]
            ).sort("proposal_id")
        else:
            assign = self.assignments
        self.assignments = assign
        self.last_event = int(latest or 0)
        return themes_, assign


def _touched(store: Store, log: pl.DataFrame) -> set[str] | None:
    """Proposals whose assignment the logged theme events changed; None: read them all."""
    touched: set[str] = set()
    for kind, before, after in log.select("kind", "before", "after").iter_rows():
        if kind == "themes.vectors":
            continue
        if kind == "themes.undo":
            undone = json.loads(after or "{}").get("undoes")
            if undone is None:
                return None
            original = store.events(after_id=int(undone) - 1).filter(pl.col("id") == undone)
            if original.is_empty():
                return None
            before, after = original["before"][0], original["after"][0]
        elif not kind.startswith("themes.") or kind in ("themes.fit", "themes.assign_new"):
            return None
        for snapshot in (before, after):
            rows = json.loads(snapshot or "{}")
            if not isinstance(rows, dict):
                return None
            touched.update(str(r["proposal_id"]) for r in rows.get("assignments", []))
    return touched


def proposal_frame(
    store: Store,
    *,
    base: pl.DataFrame | None = None,
    state: tuple[pl.DataFrame, pl.DataFrame] | None = None,
) -> pl.DataFrame:
    """Active proposals with their current theme (``theme_id`` -1 when not assigned yet).

    Parameters
    ----------
    base
        :func:`proposal_base` already read (it is read when omitted).
    state
        :func:`view_state` already read (it is read when omitted).
    """
    base = proposal_base(store) if base is None else base
    themes_, assign = view_state(store) if state is None else state
    names = themes_.select(pl.col("id"), pl.col("name"))
    return (
        base.join(assign, left_on="id", right_on="proposal_id", how="left")
        .join(names.rename({"id": "theme_id", "name": "theme"}), on="theme_id", how="left")
        .join(names.rename({"id": "subtheme_id", "name": "subtheme"}), on="subtheme_id", how="left")
        .with_columns(
            pl.col("theme_id").fill_null(-1),
            pl.col("theme").fill_null("(sin asignar)"),
            pl.col("moved_by_hand").fill_null(False),
        )
        .select(
            "id",
            "theme_id",
            "theme",
            "subtheme",
            "confidence",
            "moved_by_hand",
            "canton_code",
            "canton",
            "parish_code",
            "parish",
            "sector",
            "text",
            "x",
            "y",
        )
        .sort("id")
    )


def theme_frame(
    store: Store,
    proposals: pl.DataFrame | None = None,
    *,
    state: tuple[pl.DataFrame, pl.DataFrame] | None = None,
) -> pl.DataFrame:
    """Active top-level themes: ``id, name, proposals, keywords, locked, suggested_name``.

    ``keywords`` is the distinctive words joined by commas; ``representatives``
    the ids of the most representative proposals (JSON text). Sorted by size.
    """
    state = view_state(store) if state is None else state
    themes_ = state[0]
    proposals = proposal_frame(store, state=state) if proposals is None else proposals
    counts = proposals.group_by("theme_id").len("proposals")
    top = themes_.filter(pl.col("parent_id").is_null() & (pl.col("status") == "active"))
    return (
        top.join(counts, left_on="id", right_on="theme_id", how="left")
        .with_columns(
            pl.col("proposals").fill_null(0).cast(pl.Int64),
            pl.col("keywords")
            .map_elements(_join_words, return_dtype=pl.String)
            .fill_null("")
            .alias("keywords"),
        )
        .select(
            "id", "name", "proposals", "keywords", "locked", "suggested_name", "representatives"
        )
        .sort(["proposals", "id"], descending=[True, False])
    )


def territory_matrix(
    proposals: pl.DataFrame,
    territories: pl.DataFrame,
    themes_: pl.DataFrame,
    *,
    level: str = "canton",
    within: str | None = None,
) -> pl.DataFrame:
    """Proposals per territory and theme, with every pair present (zeros included).

    Parameters
    ----------
    proposals
        :func:`proposal_frame` rows (possibly filtered).
    territories
        The gazetteer (``code, name, kind, parent_code``).
    themes_
        :func:`theme_frame` rows: the themes to show.
    level
        ``"canton"`` or ``"parish"``.
    within
        Only the parishes of this canton code (``level="parish"``).

    Returns
    -------
    polars.DataFrame
        ``territory, theme, proposals`` sorted by territory and theme.
    """
    places = territories.filter(pl.col("kind") == level)
    if within:
        places = places.filter(pl.col("parent_code") == within)
    code = f"{level}_code"
    counts = proposals.group_by(code, "theme_id").len("proposals")
    grid = places.select(pl.col("code").alias(code), pl.col("name").alias("territory")).join(
        themes_.select(pl.col("id").alias("theme_id"), pl.col("name").alias("theme")),
        how="cross",
    )
    return (
        grid.join(counts, on=[code, "theme_id"], how="left")
        .with_columns(pl.col("proposals").fill_null(0).cast(pl.Int64))
        .select("territory", "theme", "proposals")
        .sort("territory", "theme")
    )


def review_list(proposals: pl.DataFrame, threshold: float = LOW_CONFIDENCE) -> pl.DataFrame:
    """Proposals the model was least sure of (confidence below ``threshold``), least sure first.

    Proposals moved by hand are left out: the facilitator already decided.
    """
    return proposals.filter((pl.col("confidence") < threshold) & ~pl.col("moved_by_hand")).sort(
        "confidence", "id"
    )


def _join_words(value: str | None) -> str:
    if not value:
        return ""
    words = json.loads(value) if isinstance(value, str) else value
    return ", ".join(str(w) for w in words or [])
