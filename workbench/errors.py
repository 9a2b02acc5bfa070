"""Errors a user can cause, each carrying one translatable sentence.

Library code raises these with an English message marked for translation;
the command line, the apps and the notebooks show :meth:`WorkbenchError.render`
in the user's language and never a traceback.
"""

from __future__ import annotations

from workbench.i18n import gettext

__all__ = [
    "ConfigError",
    "InputError",
    "NotFoundError",
    "PermissionDeniedError",
    "StoreError",
    "WorkbenchError",
]


class WorkbenchError(Exception):
    """Base class for every error a user can cause.

    Parameters
    ----------
    message
        English message (the gettext msgid), with ``{name}`` placeholders.
    **params
        Values for the placeholders.

    Examples
    --------
    >>> err = WorkbenchError("Unknown language: {lang}", lang="fr")
    >>> err.render("en")
    'Unknown language: fr'
    """

    def __init__(self, message: str, /, **params: object) -> None:
        self.message = message
        self.params = params
        super().__init__(self.render("en"))

    def render(self, lang: str | None = None) -> str:
        """The message in ``lang`` (default: the command-line language)."""
        return gettext(self.message, lang, **self.params)


class ConfigError(WorkbenchError):
    """The environment or settings cannot work (bad ``WORKBENCH_DB``, unwritable path)."""


class StoreError(WorkbenchError):
    """The database refused or could not complete an operation."""


class InputError(WorkbenchError, ValueError):
    """Data given by a user is not acceptable (bad file, bad value, bad parameter)."""


class NotFoundError(WorkbenchError, LookupError):
    """Something asked for by id does not exist."""


class PermissionDeniedError(WorkbenchError):
    """The current role may not do or see this."""
