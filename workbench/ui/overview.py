"""The table at a glance: counts, proposals per canton, and the proposals themselves."""

from __future__ import annotations

import html

import hvplot.polars  # noqa: F401 - registers .hvplot on polars frames
import panel as pn
import param
import polars as pl
from panel.viewable import Viewer

from workbench.i18n import LANGUAGES, ngettext, translator
from workbench.reports import proposals_by_canton, public_proposals, table_counts
from workbench.store import Store
from workbench.ui.tables import data_table, to_pandas

__all__ = ["Overview"]


class Overview(Viewer):
    """Counts, a bar chart of proposals per canton and a searchable table of proposals.

    Proposal text is citizens' text: the table shows it as plain text.

    Parameters
    ----------
    store
        Where the data is read from.
    lang
        ``"es"`` or ``"en"``.
    canton
        Show only the proposals of this canton (``""``: all).
    """

    store = param.ClassSelector(class_=Store, doc="Data source.")
    lang = param.Selector(default="es", objects=list(LANGUAGES), doc="Page language.")
    canton = param.String(default="", doc="Canton code to filter by; empty for all.")

    def __init__(self, **params):
        super().__init__(**params)
        self._territories = self.store.read("territories")
        self._proposals = self.store.read("proposals")
        self._public = public_proposals(self._proposals, self._territories)
        _ = translator(self.lang)
        cantons = self._territories.filter(pl.col("kind") == "canton")
        options = {_("All cantons"): ""} | dict(
            zip(cantons["name"].to_list(), cantons["code"].to_list(), strict=True)
        )
        self._canton_select = pn.widgets.Select.from_param(
            self.param.canton, options=options, name=_("Canton")
        )
        self._table = data_table(
            self._filtered(),
            titles=self._titles(),
            header_filters={"text": {"type": "input", "func": "like"}},
            widths={"text": 420},
        )
        self._shown = pn.pane.Str(
            ngettext("{n} proposal", "{n} proposals", self._public.height, self.lang)
        )

    def _titles(self) -> dict[str, str]:
        _ = translator(self.lang)
        return {
            "id": _("Id"),
            "title": _("Title"),
            "text": _("Proposal"),
            "canton": _("Canton"),
            "parish": _("Parish"),
            "sector": _("Sector"),
            "organisation": _("Organisation"),
        }

    def _filtered(self) -> pl.DataFrame:
        if not self.canton:
            return self._public
        codes = self._proposals.filter(pl.col("canton_code") == self.canton)["id"]
        return self._public.filter(pl.col("id").is_in(codes.implode()))

    @param.depends("canton", watch=True)
    def _update_table(self) -> None:
        frame = self._filtered()
        self._table.value = to_pandas(frame)
        self._shown.object = ngettext("{n} proposal", "{n} proposals", frame.height, self.lang)

    def _counts(self) -> pn.Row:
        _ = translator(self.lang)
        labels = {
            "proposals": _("Proposals"),
            "actors": _("Actors"),
            "ties": _("Ties"),
            "participants": _("Table members"),
            "criteria": _("Criteria"),
            "sessions": _("Sessions"),
        }
        counts = table_counts(self.store)
        return pn.FlexBox(
            *[
                pn.indicators.Number(
                    name=labels[key],
                    value=value,
                    format="{value}",
                    font_size="28pt",
                    title_size="12pt",
                )
                for key, value in counts.items()
            ],
        )

    def _chart(self):
        _ = translator(self.lang)
        data = proposals_by_canton(self._proposals, self._territories).with_columns(
            pl.col("canton").fill_null(_("No canton"))
        )
        return data.hvplot.barh(
            x="canton",
            y="proposals",
            xlabel="",
            ylabel=_("Proposals"),
            title=_("Proposals by canton"),
            color="#1b7a43",
            height=320,
            responsive=True,
            hover_cols=["canton", "proposals"],
        ).opts(invert_yaxis=True, toolbar=None)

    def __panel__(self) -> pn.viewable.Viewable:
        _ = translator(self.lang)
        return pn.Column(
            self._counts(),
            pn.pane.HoloViews(self._chart(), sizing_mode="stretch_width"),
            pn.pane.HTML("<h2>" + html.escape(_("Proposals")) + "</h2>"),
            pn.Row(self._canton_select, self._shown),
            self._table,
            sizing_mode="stretch_width",
        )
