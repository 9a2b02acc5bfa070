"""The table's cycle for facilitators: calls, inclusion, agreements and their follow-up."""

import panel as pn

from workbench.i18n import translator
from workbench.ui import get_store, page, session_language
from workbench.ui.cycle_console import CycleConsole
from workbench.ui.look import sign_in_link
from workbench.ui.session_login import account_role


def create_app() -> pn.template.BaseTemplate:
    """The console for a signed-in facilitator; a sign-in link for anyone else."""
    lang = session_language()
    _ = translator(lang)
    title = _("Cycle and agreements")
    user = pn.state.user
    if account_role(user) != "facilitator":
        link = sign_in_link(
            _("Sign in as a facilitator to follow up the agreements."), lang=lang, slug="cycle"
        )
        return page(title, link, lang=lang, slug="cycle")
    console = CycleConsole(store=get_store(), lang=lang, user=user)
    return page(title, console, lang=lang, slug="cycle")


if pn.state.served:
    pn.extension("tabulator")
    create_app().servable()
