"""Proposals members submit during a session, validated and assigned to a theme at once.

A proposal from the room is stored in ``proposals`` (source ``session:<id>``)
and linked to the session in ``session_proposals``, which puts it on the
agenda; its theme is what :func:`workbench.themes.current_themes` says.
Its id comes from its content, so a resend does not make a second proposal.
"""

from __future__ import annotations

import hashlib
import unicodedata

from workbench.errors import InputError
from workbench.i18n import N_
from workbench.session.access import Principal
from workbench.session.answers import _open_for
from workbench.store import Store, now
from workbench.themes.current import current_themes

__all__ = ["submit_proposal", "validate_proposal"]

_MIN_TEXT, _MAX_TEXT, _MAX_TITLE = 20, 5000, 300


def validate_proposal(store: Store, record: dict) -> dict:
    """Check a proposal typed by a member; return it cleaned.

    Raises
    ------
    InputError
        Text too short or too long, unknown canton or parish.
    """
    text = unicodedata.normalize("NFC", str(record.get("text") or "")).strip()
    title = unicodedata.normalize("NFC", str(record.get("title") or "")).strip() or None
    if len(text) < _MIN_TEXT:
        raise InputError(N_("Describe the proposal in at least {n} characters."), n=_MIN_TEXT)
    if len(text) > _MAX_TEXT:
        raise InputError(N_("The proposal is longer than {n} characters."), n=_MAX_TEXT)
    if title and len(title) > _MAX_TITLE:
        raise InputError(N_("The title is longer than {n} characters."), n=_MAX_TITLE)
    clean = {"title": title, "text": text, "sector": record.get("sector") or None}
    for field, kind in (("canton_code", "canton"), ("parish_code", "parish")):
        code = record.get(field) or None
        if code is not None:
            row = store.get("territories", {"code": code})
            if row is None or row["kind"] != kind:
                raise InputError(N_("Unknown territory {code}."), code=str(code))
        clean[field] = code
    return clean


def submit_proposal(
    store: Store, principal: Principal, session_id: str, **record: object
) -> dict[str, object]:
    """Add a member's proposal to the session; it goes on the agenda under its theme.

    Parameters
    ----------
    principal
        A member of the open session.
    record
        ``text`` (required), ``title``, ``sector``, ``canton_code``, ``parish_code``.

    Returns
    -------
    dict
        ``proposal_id``, ``theme`` and ``duplicate`` (the same text was already sent).
    """
    _open_for(store, principal, session_id)
    clean = validate_proposal(store, dict(record))
    digest = hashlib.sha256(" ".join(clean["text"].casefold().split()).encode()).hexdigest()
    proposal_id = "PS" + hashlib.sha256(f"{session_id}|{digest}".encode()).hexdigest()[:10].upper()
    duplicate = store.get("proposals", {"id": proposal_id}) is not None
    if not duplicate:
        at = now()
        with store.transaction(principal.actor) as tx:
            tx.insert(
                "proposals",
                [
                    {
                        "id": proposal_id,
                        **clean,
                        "source": f"session:{session_id}",
                        "submitted_at": at,
                        "content_hash": digest,
                        "created_at": at,
                    }
                ],
                kind="session.proposal",
                subject=f"proposal:{proposal_id}",
            )
            tx.insert(
                "session_proposals",
                [
                    {
                        "proposal_id": proposal_id,
                        "session_id": session_id,
                        "participant_id": principal.name,
                        "submitted_at": at,
                    }
                ],
                kind="session.agenda-add",
                subject=f"session:{session_id}",
            )
    themes = current_themes(store)
    theme = themes.filter(themes["proposal_id"] == proposal_id)["theme"].to_list()
    return {
        "proposal_id": proposal_id,
        "theme": theme[0] if theme else None,
        "duplicate": duplicate,
    }
