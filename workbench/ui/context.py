"""What a served page needs to know about its session: language and store."""

from __future__ import annotations

import panel as pn

from workbench.i18n import DEFAULT_LANGUAGE, normalise_language
from workbench.store import Store

__all__ = ["get_store", "session_language"]


def session_language(default: str = DEFAULT_LANGUAGE) -> str:
    """The language asked for by the page's ``?lang=`` argument, else ``default``."""
    args = pn.state.session_args or {}
    values = args.get("lang") or []
    if values:
        raw = values[0]
        return normalise_language(raw.decode() if isinstance(raw, bytes) else raw)
    return default


def get_store() -> Store:
    """The process-wide store for served apps (``WORKBENCH_DB``), opened once."""
    return pn.state.as_cached("workbench-store", Store)
