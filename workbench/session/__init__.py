"""Live sessions: members score and propose from their phones, and no acknowledged answer is lost.

The facilitator opens a session with an agenda (:func:`open_session`), members
join with the join code (:func:`self_register`, :func:`authenticate_member`),
score (:func:`submit_score`) and weight the criteria (:func:`submit_weights`);
the facilitator follows :func:`progress` and :func:`results`, locks, reveals
and closes. Every function checks the role of the :class:`Principal` it is
given, and every write is one transaction with its event.
"""

from workbench.session.access import (
    FACILITATOR,
    MEMBER,
    PUBLIC,
    Principal,
    facilitator,
    public,
    require_facilitator,
    require_member,
)
from workbench.session.accounts import add_account, load_accounts, users_path, verify_password
from workbench.session.answers import (
    POINTS_TOTAL,
    Ack,
    ScoreAnswer,
    my_answers,
    submit_score,
    submit_scores,
    submit_weights,
    weights_from_pairs,
)
from workbench.session.contributions import submit_proposal, validate_proposal
from workbench.session.keys import hash_key, new_join_code, new_member_key, normalise_code
from workbench.session.lifecycle import (
    SessionState,
    close_session,
    enforce_time_box,
    extend_time_box,
    find_session,
    open_session,
    reveal_results,
    session_state,
    set_locked,
)
from workbench.session.members import (
    LEVELS,
    authenticate_member,
    member_profile,
    members,
    register_member,
    self_register,
)
from workbench.session.qr import join_url, qr_svg
from workbench.session.results import RESULT_COLUMNS, progress, results

__all__ = [
    "FACILITATOR",
    "LEVELS",
    "MEMBER",
    "POINTS_TOTAL",
    "PUBLIC",
    "RESULT_COLUMNS",
    "Ack",
    "Principal",
    "ScoreAnswer",
    "SessionState",
    "add_account",
    "authenticate_member",
    "close_session",
    "enforce_time_box",
    "extend_time_box",
    "facilitator",
    "find_session",
    "hash_key",
    "join_url",
    "load_accounts",
    "member_profile",
    "members",
    "my_answers",
    "new_join_code",
    "new_member_key",
    "normalise_code",
    "open_session",
    "progress",
    "public",
    "qr_svg",
    "register_member",
    "require_facilitator",
    "require_member",
    "results",
    "reveal_results",
    "self_register",
    "session_state",
    "set_locked",
    "submit_proposal",
    "submit_score",
    "submit_scores",
    "submit_weights",
    "users_path",
    "validate_proposal",
    "verify_password",
    "weights_from_pairs",
]
