"""The table at a glance (public: no personal data)."""

import panel as pn

from workbench.i18n import translator
from workbench.ui import Overview, get_store, page, session_language


def create_app() -> pn.template.BaseTemplate:
    """The overview page in the session's language."""
    lang = session_language()
    _ = translator(lang)
    title = _("The table at a glance")
    return page(title, Overview(store=get_store(), lang=lang), lang=lang, slug="overview")


if pn.state.served:
    pn.extension("tabulator")
    create_app().servable()
