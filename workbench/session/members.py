"""Members of a session: registered by the facilitator or self-registered with the join code.

A member gets a key once (shown as a link or QR code, kept in a cookie by the
member page); only its hash is stored. Join code plus key make a member
:class:`~workbench.session.access.Principal`.
"""

from __future__ import annotations

import secrets

import polars as pl

from workbench.errors import InputError, PermissionDeniedError
from workbench.i18n import N_
from workbench.session.access import MEMBER, Principal, require_facilitator
from workbench.session.keys import hash_key, new_member_key
from workbench.session.lifecycle import find_session, session_state
from workbench.store import Store, now

__all__ = [
    "LEVELS",
    "authenticate_member",
    "member_profile",
    "members",
    "register_member",
    "self_register",
]

#: Government levels and civil society, as stored in ``participants.level``.
LEVELS = ("national", "provincial", "cantonal", "parish", "civil_society")

_LIMITS = {"name": 300, "organisation": 300, "sector": 200, "gender": 30}


def _clean_profile(store: Store, profile: dict) -> dict:
    name = str(profile.get("name") or "").strip()
    if not name:
        raise InputError(N_("Please write your name."))
    clean = {"name": name}
    for field in ("organisation", "sector", "gender"):
        value = str(profile.get(field) or "").strip() or None
        if value and len(value) > _LIMITS[field]:
            raise InputError(N_("{field} is too long."), field=field)
        clean[field] = value
    if len(name) > _LIMITS["name"]:
        raise InputError(N_("{field} is too long."), field="name")
    level = profile.get("level") or None
    if level is not None and level not in LEVELS:
        raise InputError(N_("Unknown government level {level}."), level=str(level))
    clean["level"] = level
    territory = profile.get("territory_code") or None
    if territory is not None and store.get("territories", {"code": territory}) is None:
        raise InputError(N_("Unknown territory {code}."), code=str(territory))
    clean["territory_code"] = territory
    return clean


def _admit(
    store: Store,
    actor: str,
    session_id: str,
    participant_id: str | None,
    profile: dict | None,
    registered_by: str,
) -> tuple[str, str]:
    key = new_member_key()
    with store.transaction(actor) as tx:
        if participant_id is None:
            participant_id = f"M-{secrets.token_hex(4)}"
            tx.insert(
                "participants",
                [{"id": participant_id, "role": "member", **_clean_profile(store, profile or {})}],
                kind="session.participant",
                subject=f"participant:{participant_id}",
            )
        tx.upsert(
            "session_members",
            {
                "session_id": session_id,
                "participant_id": participant_id,
                "token_hash": hash_key(key),
                "registered_by": registered_by,
                "joined_at": now(),
            },
            key=["session_id", "participant_id"],
            kind="session.member",
        )
    return participant_id, key


def register_member(
    store: Store,
    principal: Principal,
    session_id: str,
    *,
    participant_id: str | None = None,
    **profile: object,
) -> tuple[str, str]:
    """Register a member (an existing participant, or a new one from ``profile``).

    Registering an already registered member gives them a new key (the old one
    stops working). Facilitators only.

    Parameters
    ----------
    profile
        ``name``, ``organisation``, ``sector``, ``level`` (one of :data:`LEVELS`),
        ``territory_code``, ``gender`` (optional).

    Returns
    -------
    tuple of str
        The participant id and the member's key (shown once; only its hash is kept).
    """
    require_facilitator(principal)
    session_state(store, session_id)
    if participant_id is not None and store.get("participants", {"id": participant_id}) is None:
        raise InputError(N_("There is no participant {id}."), id=participant_id)
    return _admit(store, principal.actor, session_id, participant_id, profile, "facilitator")


def self_register(store: Store, join_code: str, **profile: object) -> tuple[Principal, str]:
    """A member registers themselves with the session's join code.

    Returns
    -------
    tuple
        The member principal and their key, to keep in the member's browser.

    Raises
    ------
    NotFoundError
        For an unknown code.
    PermissionDeniedError
        When the session is closed.
    InputError
        When the profile is incomplete or wrong.
    """
    state = find_session(store, join_code)
    if state.status != "open":
        raise PermissionDeniedError(N_("This session is closed."))
    _clean_profile(store, dict(profile))  # refuse before creating anything
    participant_id, key = _admit(store, "public:self-registration", state.id, None, profile, "self")
    return Principal(MEMBER, participant_id, state.id), key


def authenticate_member(store: Store, join_code: str, key: str) -> Principal:
    """The member whose key opens the session with ``join_code``.

    Raises
    ------
    PermissionDeniedError
        When the key does not belong to a member of that session.
    """
    state = find_session(store, join_code)
    rows = store.read(
        "session_members",
        where={"session_id": state.id, "token_hash": hash_key(key or "")},
        columns=["participant_id"],
    )
    if rows.height != 1:
        raise PermissionDeniedError(N_("This member key is not valid for this session."))
    return Principal(MEMBER, rows["participant_id"][0], state.id)


def member_profile(store: Store, principal: Principal) -> dict:
    """The member's own profile (their name, organisation...): only themself may read it."""
    if principal.role != MEMBER:
        raise PermissionDeniedError(N_("Only members of this session may do this."))
    return store.get("participants", {"id": principal.name}) or {}


def members(store: Store, principal: Principal, session_id: str) -> pl.DataFrame:
    """The members of a session with their profile. Facilitators only."""
    require_facilitator(principal)
    joined = store.read("session_members", where={"session_id": session_id})
    people = store.read("participants", where={"id": joined["participant_id"].to_list()})
    return joined.drop("token_hash").join(
        people.rename({"id": "participant_id"}), on="participant_id", how="left"
    )
