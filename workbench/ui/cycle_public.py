"""The public dashboard: open calls, themes raised per territory, the prioritised portfolio,
agreements and their status. Read-only, no login, anonymised.

Everything shown comes from :mod:`workbench.reports.open_data` (the same
anonymised frames as the open data): citizens' text is scrubbed of personal
data and shown as plain text in tables; people appear only as counts.
"""

from __future__ import annotations

import html

import panel as pn
import param
import polars as pl
from panel.viewable import Viewer

from workbench.cycle import PHASE_LABELS, call_channels, calls, status_named
from workbench.i18n import LANGUAGES, translator
from workbench.reports.charts import bar_chart
from workbench.reports.open_data import open_data_frames
from workbench.store import Store
from workbench.ui.tables import data_table

__all__ = ["PublicDashboard"]


def _heading(text: str, level: int = 2) -> pn.pane.HTML:
    return pn.pane.HTML(f"<h{level}>{html.escape(text)}</h{level}>", margin=(10, 5, 0, 5))


class PublicDashboard(Viewer):
    """What the public may see of the table's cycle.

    Parameters
    ----------
    store
        Where the data is read from.
    lang
        ``"es"`` or ``"en"``.
    canton
        Canton (DPA code) whose themes the territory chart shows; empty for all.
    """

    store = param.ClassSelector(class_=Store, doc="Data source.")
    lang = param.Selector(default="es", objects=list(LANGUAGES), doc="Page language.")
    canton = param.String(default="", doc="Canton code for the themes chart; empty for all.")

    def __init__(self, **params):
        super().__init__(**params)
        self._data = open_data_frames(self.store)
        _ = translator(self.lang)
        cantons = self.store.read("territories").filter(pl.col("kind") == "canton")
        options = {_("All cantons"): ""} | dict(
            zip(cantons["name"].to_list(), cantons["code"].to_list(), strict=True)
        )
        self._canton_select = pn.widgets.Select.from_param(
            self.param.canton, options=options, name=_("Canton")
        )
        self._themes_picture = pn.pane.PNG(self._themes_png(), sizing_mode="scale_width")
        self._territory_table = data_table(
            self._themes_by_territory(),
            titles={
                "canton": _("Canton"),
                "theme": _("Theme"),
                "proposals": _("Proposals"),
            },
            page_size=10,
        )

    # -- data ---------------------------------------------------------------------------
    def open_calls(self) -> pl.DataFrame:
        """Calls not closed, with their phase named and their channels listed."""
        _ = translator(self.lang)
        table = calls(self.store).filter(pl.col("phase") != "closed")
        channels = {
            call_id: "; ".join(call_channels(self.store, call_id)["channel"].to_list())
            for call_id in table["id"].to_list()
        }
        return table.select(
            "id",
            "title",
            pl.col("phase").replace_strict(
                {k: _(v) for k, v in PHASE_LABELS.items()}, default=pl.col("phase")
            ),
            pl.col("opens_on").cast(pl.String),
            pl.col("closes_on").cast(pl.String),
            pl.col("id").replace_strict(channels, default="").alias("channels"),
        )

    def _themes_by_territory(self) -> pl.DataFrame:
        proposals = self._data["proposals"]
        if self.canton:
            proposals = proposals.filter(pl.col("canton_code") == self.canton)
        return (
            proposals.group_by("canton", "theme")
            .agg(pl.len().alias("proposals"))
            .sort(["proposals", "canton", "theme"], descending=[True, False, False])
        )

    def _themes_png(self) -> bytes:
        _ = translator(self.lang)
        counts = (
            self._themes_by_territory()
            .group_by("theme")
            .agg(pl.col("proposals").sum())
            .sort(["proposals", "theme"], descending=[True, False])
        )
        return bar_chart(
            counts["theme"].fill_null("-").to_list(),
            counts["proposals"].to_list(),
            title=_("Themes raised"),
            xlabel=_("Proposals"),
        )

    def portfolio(self) -> pl.DataFrame | None:
        """The ranking with the portfolio mark and anonymised titles, or ``None``."""
        ranking = self._data["rankings"]
        if not ranking.height:
            return None
        proposals = self._data["proposals"].select(
            pl.col("id").alias("proposal_id"), "title", "theme", "canton", "estimated_cost"
        )
        return (
            ranking.join(proposals, on="proposal_id", how="left")
            .sort("rank")
            .select("rank", "proposal_id", "title", "theme", "canton", "estimated_cost", "selected")
        )

    def agreements(self) -> pl.DataFrame:
        """Agreements with their status named."""
        return self._data["agreements"].select(
            "id",
            "title",
            "responsible_actor",
            pl.col("due_on").cast(pl.String),
            status_named(self.lang),
            "note",
        )

    @param.depends("canton", watch=True)
    def _update_territory(self) -> None:
        self._themes_picture.object = self._themes_png()
        self._territory_table.value = self._themes_by_territory().to_pandas()

    # -- layout -------------------------------------------------------------------------
    def __panel__(self) -> pn.viewable.Viewable:
        _ = translator(self.lang)
        open_calls = self.open_calls()
        sections: list = [
            pn.pane.HTML(
                "<p>"
                + html.escape(
                    _(
                        "What the table received, decided and is doing about it. "
                        "Personal data is never shown."
                    )
                )
                + "</p>"
            ),
            _heading(_("Open calls")),
        ]
        if open_calls.height:
            sections.append(
                data_table(
                    open_calls,
                    titles={
                        "id": _("Id"),
                        "title": _("Call"),
                        "phase": _("Phase"),
                        "opens_on": _("Opens"),
                        "closes_on": _("Closes"),
                        "channels": _("Channels"),
                    },
                    page_size=5,
                )
            )
        else:
            sections.append(pn.pane.Str(_("No open calls.")))
        sections += [
            _heading(_("Themes raised per territory")),
            self._canton_select,
            self._themes_picture,
            self._territory_table,
            _heading(_("Prioritised portfolio")),
        ]
        portfolio = self.portfolio()
        if portfolio is None:
            sections.append(pn.pane.Str(_("No ranking yet.")))
        else:
            sections.append(
                data_table(
                    portfolio,
                    titles={
                        "rank": _("Rank"),
                        "proposal_id": _("Proposal"),
                        "title": _("Title"),
                        "theme": _("Theme"),
                        "canton": _("Canton"),
                        "estimated_cost": _("Estimated cost (USD)"),
                        "selected": _("In the portfolio"),
                    },
                    page_size=10,
                )
            )
        sections.append(_heading(_("Agreements and their status")))
        agreements = self.agreements()
        if agreements.height:
            sections.append(
                data_table(
                    agreements,
                    titles={
                        "id": _("Id"),
                        "title": _("Agreement"),
                        "responsible_actor": _("Responsible"),
                        "due_on": _("Due"),
                        "status": _("Status"),
                        "note": _("Follow-up"),
                    },
                    page_size=10,
                )
            )
        else:
            sections.append(pn.pane.Str(_("No agreements recorded yet.")))
        return pn.Column(*sections, sizing_mode="stretch_width")
