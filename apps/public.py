"""The table in public: open calls, themes per territory, portfolio, agreements (anonymised)."""

import panel as pn

from workbench.i18n import translator
from workbench.ui import get_store, page, session_language
from workbench.ui.cycle_public import PublicDashboard


def create_app() -> pn.template.BaseTemplate:
    """The public dashboard in the session's language (read-only, no login)."""
    lang = session_language()
    _ = translator(lang)
    title = _("Follow the table")
    dashboard = PublicDashboard(store=get_store(), lang=lang)
    return page(title, dashboard, lang=lang, slug="public", busy=False)  # opened by many


if pn.state.served:
    pn.extension("tabulator")
    create_app().servable()
