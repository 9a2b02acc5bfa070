"""Message catalogues: every user-facing string goes through here.

Messages are written in English in the code (the gettext ``msgid``) and
translated from the ``.po`` catalogues under ``workbench/locale/<lang>/LC_MESSAGES``,
read with Babel. Spanish is the default language; English is the identity
translation. Each sub-package keeps its own ``.po`` file (``core.po``,
``intake.po``...) so that work on one capability does not touch the others'.

Examples
--------
>>> from workbench.i18n import gettext
>>> gettext("Language", "es")
'Idioma'
>>> gettext("Language", "en")
'Language'
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "N_",
    "catalog",
    "default_language",
    "gettext",
    "ngettext",
    "normalise_language",
    "translator",
]

LANGUAGES: tuple[str, ...] = ("es", "en")
DEFAULT_LANGUAGE = "es"
_LOCALE_DIR = Path(__file__).parent / "locale"


def N_(message: str) -> str:  # noqa: N802 - gettext convention
    """Mark ``message`` for extraction without translating it yet."""
    return message


def normalise_language(lang: str | None) -> str:
    """Return a supported language code for ``lang`` (``'es'`` when unknown).

    Accepts POSIX locale names such as ``en_GB.UTF-8`` and browser tags such
    as ``en-US``.
    """
    if not lang:
        return DEFAULT_LANGUAGE
    code = lang.replace("-", "_").split("_")[0].split(".")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def default_language(environ: Mapping[str, str] | None = None) -> str:
    """The language of command-line output: ``WORKBENCH_LANG``, else Spanish.

    The system ``LANG`` is deliberately not consulted: servers commonly run
    with ``C.UTF-8`` and the table works in Spanish first.
    """
    env = os.environ if environ is None else environ
    return normalise_language(env.get("WORKBENCH_LANG"))


@cache
def catalog(lang: str) -> Mapping[str, str | tuple[str, ...]]:
    """All translations for ``lang`` merged from its ``.po`` files.

    Plural messages map their singular msgid to the tuple of plural forms.
    English returns an empty mapping: messages are written in English.
    """
    messages: dict[str, str | tuple[str, ...]] = {}
    folder = _LOCALE_DIR / lang / "LC_MESSAGES"
    for path in sorted(folder.glob("*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle, locale=lang):
                if not message.id or not message.string or message.fuzzy:
                    continue
                if isinstance(message.id, tuple):
                    messages[message.id[0]] = tuple(message.string)
                else:
                    messages[message.id] = message.string
    return messages


def gettext(message: str, lang: str | None = None, /, **params: object) -> str:
    """Translate ``message`` into ``lang`` and fill ``{placeholders}`` from ``params``.

    Parameters
    ----------
    message
        The English message, as written in the code.
    lang
        Target language; ``None`` means :func:`default_language`.
    **params
        Values for ``str.format`` placeholders in the message.
    """
    lang = normalise_language(lang) if lang else default_language()
    text = catalog(lang).get(message, message)
    if isinstance(text, tuple):
        text = text[0]
    return text.format(**params) if params else text


def ngettext(
    singular: str, plural: str, n: int, lang: str | None = None, /, **params: object
) -> str:
    """Translate a message whose form depends on the count ``n`` (``{n}`` is filled)."""
    lang = normalise_language(lang) if lang else default_language()
    forms = catalog(lang).get(singular)
    if isinstance(forms, tuple) and len(forms) >= 2:
        text = forms[0] if n == 1 else forms[1]
    else:
        text = singular if n == 1 else plural
    return text.format(n=n, **params)


def translator(lang: str | None) -> Callable[..., str]:
    """A ``_`` function bound to ``lang``, for components and reports.

    Examples
    --------
    >>> _ = translator("es")
    >>> _("Language")
    'Idioma'
    """
    bound = normalise_language(lang) if lang else default_language()

    def _(message: str, /, **params: object) -> str:
        return gettext(message, bound, **params)

    return _
