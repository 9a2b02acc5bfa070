"""The member's phone page for a live session (members: join code and member key)."""

import panel as pn

from workbench.i18n import translator
from workbench.ui import get_store, page, session_language
from workbench.ui.session_member import COOKIE, MemberConsole, parse_cookie


def _argument(name: str) -> str:
    values = (pn.state.session_args or {}).get(name) or []
    raw = values[0] if values else b""
    return (raw.decode() if isinstance(raw, bytes) else str(raw)).strip()


def create_app() -> pn.template.BaseTemplate:
    """The member page: the address's ``code``/``key``, else the member cookie, else the form."""
    lang = session_language()
    _ = translator(lang)
    code, key = _argument("code"), _argument("key")
    cookie_code, cookie_key = parse_cookie((pn.state.cookies or {}).get(COOKIE))
    if not key and cookie_key and (not code or code.upper() == cookie_code.upper()):
        code, key = cookie_code, cookie_key
    console = MemberConsole(store=get_store(), lang=lang, join_code=code, key=key)
    return page(_("Live session"), console, lang=lang, slug="member", busy=False)


if pn.state.served:
    pn.config.reconnect = True
    pn.extension("tabulator", notifications=True)
    create_app().servable()
