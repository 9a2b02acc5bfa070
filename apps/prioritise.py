"""The prioritiser: criteria, weights, ranking, robustness and a budgeted portfolio."""

import panel as pn

from workbench.i18n import translator
from workbench.ui import Prioritiser, get_store, page, session_language


def create_app() -> pn.template.BaseTemplate:
    """The prioritiser page in the session's language."""
    lang = session_language()
    _ = translator(lang)
    title = _("Prioritisation and portfolio")
    return page(title, Prioritiser(store=get_store(), lang=lang), lang=lang, slug="prioritise")


if pn.state.served:
    pn.extension("tabulator")
    create_app().servable()
