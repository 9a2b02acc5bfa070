"""Proposal intake (facilitators): upload a file, check it, accept it into the table."""

import panel as pn

from workbench.i18n import translator
from workbench.ui import get_store, page, session_language
from workbench.ui.intake_duplicates import DuplicatesPanel
from workbench.ui.intake_panel import IntakePanel


def create_app() -> pn.template.BaseTemplate:
    """The intake page in the session's language."""
    lang = session_language()
    _ = translator(lang)
    title = _("Proposal intake")
    store = get_store()
    # Tabs go straight into the template (a Column around Tabs has hung browsers before)
    tabs = pn.Tabs(
        (_("Import a file"), IntakePanel(store=store, lang=lang)),
        (_("Near duplicates"), DuplicatesPanel(store=store, lang=lang)),
        dynamic=True,
        sizing_mode="stretch_width",
    )
    return page(title, tabs, lang=lang, slug="intake")


if pn.state.served:
    pn.extension("tabulator")
    create_app().servable()
