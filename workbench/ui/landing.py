"""The landing page: what the table is, its cycle, and the apps."""

from __future__ import annotations

import html

import panel as pn
import param
from panel.viewable import Viewer

from workbench.i18n import LANGUAGES, N_, translator
from workbench.ui.look import CARD_CSS
from workbench.ui.registry import APPS, AUDIENCES, AppInfo

__all__ = ["Landing"]

#: The steps of the table's cycle, in order.
_CYCLE = (N_("Call for proposals"), N_("Intake"), N_("Sessions"), N_("Agreements"), N_("Follow-up"))


class Landing(Viewer):
    """Entry page listing every app, in the visitor's language.

    Parameters
    ----------
    lang
        ``"es"`` or ``"en"``.
    apps
        The apps to list (default: all registered apps).
    """

    lang = param.Selector(default="es", objects=list(LANGUAGES), doc="Page language.")
    apps = param.List(default=list(APPS), item_type=AppInfo, doc="Apps to list.")

    def _card(self, app: AppInfo) -> pn.pane.HTML:
        _ = translator(self.lang)
        title = html.escape(_(app.title))
        description = html.escape(_(app.description))
        audience = html.escape(_(AUDIENCES[app.audience]))
        return pn.pane.HTML(
            f'<div class="wb-card"><h3><a href="./{app.slug}?lang={self.lang}">{title}</a></h3>'
            f"<p>{description}</p><p class='wb-muted'>{audience}</p></div>",
            stylesheets=[CARD_CSS],
            css_classes=["wb-app-card"],
        )

    @param.depends("lang", "apps")
    def _view(self) -> pn.Column:
        _ = translator(self.lang)
        intro = pn.pane.HTML(
            "<p>"
            + html.escape(
                _(
                    "The intersectoral economic and productive table of Pichincha brings "
                    "together the provincial government, national agencies, cantonal and "
                    "parish governments, associations, cooperatives and citizens behind "
                    "projects for economic development and jobs."
                )
            )
            + "</p><p><strong>"
            + html.escape(_("The cycle of the table"))
            + ":</strong> "
            + " → ".join(html.escape(_(step)) for step in _CYCLE)
            + "</p>",
            sizing_mode="stretch_width",
        )
        cards = pn.FlexBox(*[self._card(app) for app in self.apps], sizing_mode="stretch_width")
        return pn.Column(
            intro,
            pn.pane.HTML("<h2>" + html.escape(_("Apps")) + "</h2>"),
            cards,
            sizing_mode="stretch_width",
        )

    def __panel__(self) -> pn.viewable.Viewable:
        return pn.panel(self._view)
