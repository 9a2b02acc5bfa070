"""Who is acting: facilitator, member or public, checked inside every library function.

The apps only ever hold a :class:`Principal`; the functions of
:mod:`workbench.session` check its role themselves, so a crafted request that
reaches a function with the wrong principal is refused there, not in the page.
A member principal is made only by :func:`workbench.session.members.authenticate_member`
(join code and member key) or by self-registration.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.errors import PermissionDeniedError
from workbench.i18n import N_

__all__ = [
    "FACILITATOR",
    "MEMBER",
    "PUBLIC",
    "ROLES",
    "Principal",
    "facilitator",
    "public",
    "require_facilitator",
    "require_member",
]

FACILITATOR = "facilitator"
MEMBER = "member"
PUBLIC = "public"
#: The roles of the workbench, from most to least trusted.
ROLES = (FACILITATOR, MEMBER, PUBLIC)


@dataclass(frozen=True)
class Principal:
    """Someone acting on a session.

    Attributes
    ----------
    role
        ``"facilitator"``, ``"member"`` or ``"public"``.
    name
        Facilitator account name, or the member's participant id.
    session_id
        For a member, the one session their key opens.
    """

    role: str
    name: str
    session_id: str | None = None

    @property
    def actor(self) -> str:
        """The actor written in the event log (``"member:M07"``)."""
        return f"{self.role}:{self.name}"


def facilitator(name: str) -> Principal:
    """The principal of an authenticated facilitator account ``name``."""
    return Principal(FACILITATOR, name)


def public() -> Principal:
    """The anonymous public."""
    return Principal(PUBLIC, "anonymous")


def require_facilitator(principal: Principal) -> None:
    """Refuse anyone but a facilitator.

    Raises
    ------
    PermissionDeniedError
        When ``principal`` is not a facilitator.
    """
    if principal.role != FACILITATOR:
        raise PermissionDeniedError(N_("Only a facilitator may do this."))


def require_member(principal: Principal, session_id: str) -> None:
    """Refuse anyone but a member of ``session_id``.

    Raises
    ------
    PermissionDeniedError
        When ``principal`` is not a member of this session.
    """
    if principal.role != MEMBER or principal.session_id != session_id:
        raise PermissionDeniedError(N_("Only members of this session may do this."))
