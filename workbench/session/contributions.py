"""Proposals members submit during a session, validated and assigned to a theme at once.

It goes through the intake's validation (:func:`workbench.intake.validate`),
then is stored in ``proposals`` (source ``session:<id>``)
and linked to the session in ``session_proposals``, which puts it on the
agenda; its theme is what :func:`workbench.themes.current_themes` says.
Its id comes from its content, so a resend does not make a second proposal.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata

import polars as pl

from workbench.errors import InputError
from workbench.i18n import N_
from workbench.intake import content_hash, validate
from workbench.session.access import Principal
from workbench.session.answers import _open_for
from workbench.store import Store, now
from workbench.themes.current import current_themes

__all__ = ["submit_proposal", "validate_proposal"]

_MIN_TEXT, _MAX_TEXT, _MAX_TITLE = 20, 5000, 300


def validate_proposal(
    store: Store, record: dict, *, source: str = "session"
) -> tuple[dict, pl.DataFrame]:
    """Check a proposal typed by a member with the intake's validation; return it cleaned.

    The same rules as for files (:func:`workbench.intake.validate`): markup
    reduced to text, personal data found in the text masked and moved to
    ``proposers``, the canton matched; plus the session's own: a text of at
    least 20 characters, within the size limits.

    Returns
    -------
    tuple
        The proposal's columns (without ``id``) and its ``proposers`` rows
        (personal data found in the text; ``proposal_id`` still to be set).

    Raises
    ------
    InputError
        Text too short or too long, unknown canton, or a row the intake rejects.
    """
    text = unicodedata.normalize("NFC", str(record.get("text") or "")).strip()
    title = unicodedata.normalize("NFC", str(record.get("title") or "")).strip() or None
    if len(text) < _MIN_TEXT:
        raise InputError(N_("Describe the proposal in at least {n} characters."), n=_MIN_TEXT)
    if len(text) > _MAX_TEXT:
        raise InputError(N_("The proposal is longer than {n} characters."), n=_MAX_TEXT)
    if title and len(title) > _MAX_TITLE:
        raise InputError(N_("The title is longer than {n} characters."), n=_MAX_TITLE)
    canton = None
    code = record.get("canton_code") or None
    if code is not None:
        row = store.get("territories", {"code": code})
        if row is None or row["kind"] != "canton":
            raise InputError(N_("Unknown territory {code}."), code=str(code))
        canton = row["name"]
    columns = {"title": title, "text": text, "sector": record.get("sector") or None}
    columns["canton"] = canton
    frame = pl.DataFrame(
        {k: [v] for k, v in columns.items()}, schema=dict.fromkeys(columns, pl.String)
    )
    checked = validate(frame, {name: name for name in columns}, source=source)
    report = checked.report.row(0, named=True)
    if report["outcome"] == "rejected" or checked.proposals.height != 1:
        issues = json.loads(report["issues"] or "[]")
        msgid, params = issues[0] if issues else (N_("The proposal cannot be accepted."), {})
        raise InputError(msgid, **params)
    proposal = checked.proposals.row(0, named=True)
    clean = {
        name: proposal.get(name)
        for name in ("title", "text", "sector", "canton_code", "parish_code", "territory_raw")
    }
    if code is not None:
        clean["canton_code"] = code
    clean["content_hash"] = proposal.get("content_hash")
    return clean, checked.proposers


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
    clean, found = validate_proposal(store, dict(record), source=f"session:{session_id}")
    digest = clean.pop("content_hash") or content_hash(clean["title"], clean["text"])
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
            if found.height:  # personal data found in the text: kept apart, as intake does
                tx.insert(
                    "proposers",
                    found.with_columns(pl.lit(proposal_id).alias("proposal_id")),
                    kind="session.proposer",
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
