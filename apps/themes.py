"""The themes explorer (facilitators: group proposals into themes and fix them by hand)."""

import panel as pn

from workbench.i18n import translator
from workbench.ui import get_store, page, session_language
from workbench.ui.themes_explorer import ThemesExplorer


def create_app() -> pn.template.BaseTemplate:
    """The themes explorer page in the session's language."""
    lang = session_language()
    _ = translator(lang)
    title = _("Themes of the proposals")
    explorer = ThemesExplorer(store=get_store(), lang=lang, actor="facilitator")
    return page(title, explorer, lang=lang, slug="themes")


if pn.state.served:
    pn.extension("tabulator")
    create_app().servable()
