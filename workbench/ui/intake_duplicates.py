"""Near-duplicate proposals for the facilitator: review each group and merge it.

The merged proposal keeps every author and origin (see
:func:`workbench.intake.merge_proposals`); the change is one event in the log.
"""

from __future__ import annotations

import html

import panel as pn
import param
import polars as pl
from panel.viewable import Viewer

from workbench.errors import WorkbenchError
from workbench.i18n import LANGUAGES, translator
from workbench.intake import merge_proposals, near_duplicate_groups
from workbench.store import Store
from workbench.ui.tables import data_table, to_pandas

__all__ = ["DuplicatesPanel"]


class DuplicatesPanel(Viewer):
    """Groups of near-duplicate active proposals, one at a time, with a merge button.

    Parameters
    ----------
    store
        Where proposals are read and merged.
    lang
        ``"es"`` or ``"en"``.
    actor
        Who merges, recorded on the event.
    threshold
        Similarity (0-100) from which two texts are near-duplicates.
    """

    store = param.ClassSelector(class_=Store, doc="Where proposals are read and merged.")
    lang = param.Selector(default="es", objects=list(LANGUAGES), doc="Page language.")
    actor = param.String(default="facilitator:web", doc="Who merges, recorded in the log.")
    threshold = param.Number(default=90.0, bounds=(50.0, 100.0), doc="Similarity threshold.")
    group = param.String(default="", doc="The group shown (its first proposal's id).")

    def __init__(self, **params):
        super().__init__(**params)
        _ = translator(self.lang)
        self.group_select = pn.widgets.Select(label=_("Group"), options=[])
        self.members = data_table(pl.DataFrame(), page_size=10)
        self.keep_select = pn.widgets.Select(label=_("Keep"), options=[])
        self.merge_button = pn.widgets.Button(
            label=_("Merge the group into the kept proposal"), color="warning", disabled=True
        )
        self.refresh_button = pn.widgets.Button(label=_("Look again"), color="light")
        self.status = pn.pane.Alert("", alert_type="info", visible=False)
        self.group_select.param.watch(lambda e: self._show(e.new), "value")
        self.merge_button.on_click(lambda _event: self.merge())
        self.refresh_button.on_click(lambda _event: self.refresh())
        self._groups = pl.DataFrame()
        self._proposals = pl.DataFrame()
        self.refresh()

    def refresh(self) -> None:
        """Find the groups again among the active proposals."""
        _ = translator(self.lang)
        self._proposals = self.store.read(
            "proposals", where={"status": "active"}, columns=["id", "title", "text", "source"]
        )
        self._groups = near_duplicate_groups(self._proposals, threshold=self.threshold)
        groups = self._groups["group"].unique(maintain_order=True).to_list()
        self.group_select.options = groups
        self.status.visible = True
        self.status.alert_type = "info"
        self.status.object = html.escape(
            _("{n} groups of near-duplicate proposals.", n=len(groups))
        )
        if groups:
            self.group_select.value = groups[0]
            self._show(groups[0])
        else:
            self._show("")

    def _show(self, group: str) -> None:
        _ = translator(self.lang)
        self.group = group or ""
        ids = (
            self._groups.filter(pl.col("group") == group)["proposal_id"].to_list() if group else []
        )
        frame = (
            self._proposals.filter(pl.col("id").is_in(ids))
            .join(
                self._groups.select(pl.col("proposal_id").alias("id"), "similarity"),
                on="id",
                how="left",
            )
            .sort("id")
        )
        self.members.titles = {
            "id": _("Id"),
            "title": _("Title"),
            "text": _("Proposal"),
            "source": _("Source"),
            "similarity": _("Similarity"),
        }
        self.members.value = to_pandas(frame)
        self.keep_select.options = ids
        self.keep_select.value = ids[0] if ids else None
        self.merge_button.disabled = len(ids) < 2

    def merge(self) -> dict | None:
        """Merge the shown group into the chosen proposal."""
        _ = translator(self.lang)
        keep = self.keep_select.value
        ids = list(self.keep_select.options)
        if not keep or len(ids) < 2:
            return None
        try:
            record = merge_proposals(
                self.store, keep, [i for i in ids if i != keep], actor=self.actor
            )
        except WorkbenchError as exc:
            self.status.object = html.escape(exc.render(self.lang))
            self.status.alert_type = "danger"
            return None
        self.refresh()
        self.status.object = html.escape(
            _("Merged {n} proposals into {keep}.", n=len(record["merged"]), keep=keep)
        )
        self.status.alert_type = "success"
        return record

    def __panel__(self) -> pn.viewable.Viewable:
        return pn.Column(
            self.status,
            pn.Row(self.group_select, self.keep_select, self.refresh_button),
            self.members,
            self.merge_button,
            sizing_mode="stretch_width",
        )
