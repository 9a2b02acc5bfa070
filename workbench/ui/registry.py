"""The apps the landing page lists; each has an entry point ``apps/<slug>.py``."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.i18n import N_

__all__ = ["APPS", "AUDIENCES", "AppInfo"]

#: Who an app is for, as shown on the landing page.
AUDIENCES: dict[str, str] = {
    "facilitator": N_("For facilitators"),
    "member": N_("For table members"),
    "planner": N_("For planners"),
    "public": N_("Open to everyone"),
}


@dataclass(frozen=True)
class AppInfo:
    """One served app.

    Attributes
    ----------
    slug
        URL path and file name in ``apps/``.
    title, description
        English msgids, translated when shown.
    audience
        Who it is for: ``"facilitator"``, ``"member"``, ``"planner"`` or ``"public"``.
    """

    slug: str
    title: str
    description: str
    audience: str


#: Apps in the order the landing page shows them.
APPS: tuple[AppInfo, ...] = (
    AppInfo(
        "overview",
        N_("The table at a glance"),
        N_("Proposals received by canton and sector, actors, members and criteria."),
        "public",
    ),
    AppInfo(
        "intake",
        N_("Proposal intake"),
        N_("Upload spreadsheets of proposals, check every row, and accept them into the table."),
        "facilitator",
    ),
    AppInfo(
        "themes",
        N_("Themes of the proposals"),
        N_("Group proposals into themes, then rename, merge, split, move and lock them."),
        "facilitator",
    ),
    AppInfo(
        "actors",
        N_("Actor map"),
        N_("Who works with whom across levels, who brokers, and which themes lack actors."),
        "facilitator",
    ),
    AppInfo(
        "prioritise",
        N_("Prioritisation and portfolio"),
        N_("Criteria, weights, ranking with contributions, robustness and a budgeted portfolio."),
        "facilitator",
    ),
    AppInfo(
        "facilitator",
        N_("Session console"),
        N_("Open a session, follow progress and results live, lock, reveal and close."),
        "facilitator",
    ),
    AppInfo(
        "member",
        N_("Live session"),
        N_("Table members join a session from their phone: score, weight, propose."),
        "member",
    ),
    AppInfo(
        "public",
        N_("Follow the table"),
        N_("Open calls, themes raised per territory, the prioritised portfolio and agreements."),
        "public",
    ),
    AppInfo(
        "cycle",
        N_("Cycle and agreements"),
        N_("Calls and their phases, inclusion against the call's targets, agreements' follow-up."),
        "facilitator",
    ),
)
