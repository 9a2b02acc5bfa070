"""The facilitator's session console and the projector view (facilitators only: sign-in)."""

import os

import panel as pn

from workbench.i18n import translator
from workbench.session import facilitator
from workbench.ui import get_store, page, session_language
from workbench.ui.look import sign_in_link
from workbench.ui.session_facilitator import FacilitatorConsole, ProjectorView
from workbench.ui.session_login import account_role


def _argument(name: str) -> str:
    values = (pn.state.session_args or {}).get(name) or []
    raw = values[0] if values else b""
    return (raw.decode() if isinstance(raw, bytes) else str(raw)).strip()


def _base_url() -> str:
    configured = os.environ.get("WORKBENCH_PUBLIC_URL")
    if configured:
        return configured
    request = pn.state.curdoc.session_context.request if pn.state.curdoc else None
    host = request.headers.get("Host") if request is not None else None
    return f"http://{host}" if host else "http://localhost:5006"


def create_app() -> pn.template.BaseTemplate:
    """The console for a signed-in facilitator; a sign-in link for anyone else."""
    lang = session_language()
    _ = translator(lang)
    title = _("Session console")
    user = pn.state.user
    if account_role(user) != "facilitator":
        link = sign_in_link(
            _("Sign in as a facilitator to use the session console."), lang=lang, slug="facilitator"
        )
        return page(title, link, lang=lang, slug="facilitator")
    principal = facilitator(user)
    session_id = _argument("session")
    if _argument("view") == "projector" and session_id:
        view = ProjectorView(
            store=get_store(),
            principal=principal,
            lang=lang,
            base_url=_base_url(),
            session_id=session_id,
        )
        return page(_("Projector view"), view, lang=lang, slug="facilitator", busy=False)
    console = FacilitatorConsole(
        store=get_store(),
        principal=principal,
        lang=lang,
        base_url=_base_url(),
        session_id=session_id,
    )
    return page(title, console, lang=lang, slug="facilitator", busy=False)


if pn.state.served:
    pn.config.reconnect = True
    pn.extension("tabulator", notifications=True)
    create_app().servable()
