"""Proportional rules of participatory budgeting, through ``pabutools`` (not rewritten).

Beside the value-maximising portfolio, the table can look at a proportional
one: each member's support counts, and a group of members with a share of the
table controls about that share of the budget (Method of Equal Shares, Peters
and Skowron 2020), or the most approved proposals go first (greedy approval).

Ballots are given as members x proposals arrays: ``approvals`` booleans, or
``utilities`` non-negative numbers where NaN means the member did not score
the proposal (no support, documented; never a zero score in the ranking).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from workbench.errors import InputError
from workbench.i18n import N_

__all__ = ["equal_shares", "greedy_approval"]


def _instance(costs: ArrayLike, budget: float) -> tuple:
    from pabutools.election import Instance, Project  # imported on first use (heavy)

    c = np.asarray(costs, dtype=np.float64).reshape(-1)
    if not np.isfinite(c).all() or (c < 0).any():
        raise InputError(N_("Costs must be finite and non-negative"))
    budget = float(budget)
    if not np.isfinite(budget) or budget < 0:
        raise InputError(N_("The budget must be a finite number >= 0, got {value}"), value=budget)
    width = len(str(max(c.size - 1, 0)))
    # zero-padded names: pabutools breaks ties by name, so ties follow input positions
    # whole cents: pabutools computes with exact rationals, which floats do not feed
    projects = [Project(f"{i:0{width}d}", round(cost * 100)) for i, cost in enumerate(c)]
    return Instance(projects, budget_limit=round(budget * 100)), projects


def _mask(allocation, n: int) -> NDArray[np.bool_]:
    out = np.zeros(n, dtype=bool)
    for project in allocation:
        out[int(project.name)] = True
    return out


def greedy_approval(approvals: ArrayLike, costs: ArrayLike, budget: float) -> NDArray[np.bool_]:
    """Greedy approval: the most approved proposals first, skipping those that no longer fit.

    Parameters
    ----------
    approvals
        Members x proposals booleans.
    costs, budget
        Costs per proposal and the budget.

    Returns
    -------
    numpy.ndarray
        Boolean mask over the proposals.
    """
    from pabutools.election import ApprovalBallot, ApprovalProfile, Cost_Sat
    from pabutools.rules import greedy_utilitarian_welfare

    a = np.asarray(approvals, dtype=bool)
    instance, projects = _instance(costs, budget)
    if a.ndim != 2 or a.shape[1] != len(projects):
        raise InputError(N_("Approvals must be members x {n} proposals"), n=len(projects))
    profile = ApprovalProfile(
        [ApprovalBallot([projects[j] for j in np.flatnonzero(row)]) for row in a],
        instance=instance,
    )
    return _mask(greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat), len(projects))


def equal_shares(utilities: ArrayLike, costs: ArrayLike, budget: float) -> NDArray[np.bool_]:
    """Method of Equal Shares with cardinal utilities (pabutools' implementation).

    Parameters
    ----------
    utilities
        Members x proposals, non-negative; NaN where a member did not score.
    costs, budget
        Costs per proposal and the budget.

    Returns
    -------
    numpy.ndarray
        Boolean mask; MES may leave part of the budget unspent.
    """
    from pabutools.election import Additive_Cardinal_Sat, CardinalBallot, CardinalProfile
    from pabutools.rules import method_of_equal_shares

    u = np.asarray(utilities, dtype=np.float64)
    instance, projects = _instance(costs, budget)
    if u.ndim != 2 or u.shape[1] != len(projects):
        raise InputError(N_("Utilities must be members x {n} proposals"), n=len(projects))
    if np.isinf(u).any() or (u < 0).any():
        raise InputError(N_("Utilities must be finite and non-negative"))
    ballots = []
    for row in u:
        known = np.flatnonzero(~np.isnan(row) & (row > 0))
        # utilities in thousandths, as whole numbers (exact rationals in pabutools)
        ballots.append(CardinalBallot({projects[j]: round(row[j] * 1000) for j in known}))
    profile = CardinalProfile(ballots, instance=instance)
    allocation = method_of_equal_shares(instance, profile, sat_class=Additive_Cardinal_Sat)
    return _mask(allocation, len(projects))
