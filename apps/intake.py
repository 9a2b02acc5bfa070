"""Proposal intake (facilitators): upload a file, check it, accept it into the table."""

import panel as pn

from workbench.i18n import translator
from workbench.ui import get_store, page, session_language
from workbench.ui.intake_panel import IntakePanel


def create_app() -> pn.template.BaseTemplate:
    """The intake page in the session's language."""
    lang = session_language()
    _ = translator(lang)
    title = _("Proposal intake")
    return page(title, IntakePanel(store=get_store(), lang=lang), lang=lang, slug="intake")


if pn.state.served:
    pn.extension("tabulator")
    create_app().servable()
