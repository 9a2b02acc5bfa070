"""Sign-in for facilitators, as a Bokeh/Panel auth module (``panel serve --auth-module``).

One ``panel serve`` process serves the whole workbench, so the rule is by
page: apps whose audience is ``"facilitator"`` in :data:`workbench.ui.registry.APPS`
need a signed-in facilitator account (the ``user`` cookie, signed with the
server's cookie secret, as Panel's own providers set it, so ``pn.state.user``
works); every other page (landing, public overview, member page) stays open,
members being checked by their join code and key inside the app.
Passwords are checked against the salted scrypt hashes of the users file.
"""

from __future__ import annotations

import html
from urllib.parse import urlparse

from tornado.web import RequestHandler

from workbench.i18n import normalise_language, translator
from workbench.session.accounts import load_accounts, verify_password
from workbench.ui.registry import APPS

__all__ = [
    "ANONYMOUS",
    "PROTECTED",
    "LoginHandler",
    "LogoutHandler",
    "account_role",
    "get_user",
    "login_url",
    "logout_url",
]

#: First path segments that need a facilitator.
PROTECTED: frozenset[str] = frozenset(app.slug for app in APPS if app.audience == "facilitator")
#: The user name given to visitors of open pages.
ANONYMOUS = "anonymous"
login_url = "/login"
logout_url = "/logout"
_DAYS = 1


def account_role(name: str | None) -> str | None:
    """The role of account ``name`` in the users file, or ``None``."""
    if not name or name == ANONYMOUS:
        return None
    account = load_accounts().get(name)
    return account.get("role") if account else None


def _protected(path: str) -> bool:
    first = path.strip("/").split("/", 1)[0]
    return first in PROTECTED


def get_user(request_handler: RequestHandler) -> str | None:
    """The signed-in facilitator; ``"anonymous"`` on open pages; ``None`` means "sign in"."""
    raw = request_handler.get_secure_cookie("user", max_age_days=_DAYS)
    name = raw.decode("utf-8") if raw else None
    if name and account_role(name) == "facilitator":
        return name
    if _protected(request_handler.request.path):
        return None
    return ANONYMOUS


def _safe_next(target: str | None) -> str:
    parsed = urlparse(target or "/")
    if parsed.scheme or parsed.netloc or not (target or "/").startswith("/"):
        return "/"
    return target or "/"


_FORM = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:24rem;margin:3rem auto;padding:1rem}}
label,input,button{{display:block;width:100%;margin:.4rem 0;font-size:1.1rem}}
.error{{color:#a00}}</style></head><body>
<h1>{title}</h1><p class="error">{error}</p>
<form method="post"><input type="hidden" name="next" value="{next}">
<label>{user_label}<input name="username" autocomplete="username" required></label>
<label>{password_label}<input name="password" type="password"
 autocomplete="current-password" required></label>
<button type="submit">{submit}</button></form></body></html>"""


class LoginHandler(RequestHandler):
    """The sign-in page (GET) and the check of name and password (POST)."""

    def _render(self, error: str = "") -> None:
        lang = normalise_language(self.get_argument("lang", "es"))
        _ = translator(lang)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.write(
            _FORM.format(
                lang=lang,
                title=html.escape(_("Facilitator sign-in")),
                error=html.escape(error),
                next=html.escape(_safe_next(self.get_argument("next", "/"))),
                user_label=html.escape(_("Account")),
                password_label=html.escape(_("Password")),
                submit=html.escape(_("Sign in")),
            )
        )

    def get(self) -> None:
        """Show the form."""
        self._render()

    def post(self) -> None:
        """Check the password; on success set the signed ``user`` cookie and go on."""
        name = self.get_argument("username", "")
        role = verify_password(name, self.get_argument("password", ""))
        if role != "facilitator":
            lang = normalise_language(self.get_argument("lang", "es"))
            self.set_status(401)
            self._render(translator(lang)("Wrong account or password."))
            return
        self.set_secure_cookie("user", name, expires_days=_DAYS, httponly=True, samesite="Lax")
        self.redirect(_safe_next(self.get_argument("next", "/")))


class LogoutHandler(RequestHandler):
    """Forget the signed-in facilitator."""

    def get(self) -> None:
        """Clear the cookie and go to the landing page."""
        self.clear_cookie("user")
        self.redirect("/")
