"""Landing page: ``panel serve apps/*.py --index landing`` serves it at ``/``."""

import panel as pn

from workbench.i18n import translator
from workbench.ui import Landing, page, session_language


def create_app() -> pn.template.BaseTemplate:
    """The landing page in the session's language."""
    lang = session_language()
    _ = translator(lang)
    title = _("Pichincha economic and productive table")
    return page(title, Landing(lang=lang), lang=lang)


if pn.state.served:
    pn.extension("tabulator")
    create_app().servable()
