"""A budgeted portfolio that maximises total value, solved exactly as a 0-1 programme.

``scipy.optimize.milp`` (HiGHS) chooses ``x_i`` in {0, 1} to maximise
``sum values_i x_i`` subject to ``sum costs_i x_i <= budget`` and the table's
constraints: a minimum or maximum number of proposals per group (canton or
theme), proposals that must be in or out, sets of which at most one may be
chosen, and proposals that depend on others.

Documented behaviour: a proposal with a negative value is never chosen unless
forced (it would lower the total); an infeasible set of constraints raises
:class:`~workbench.errors.InputError` saying so.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from workbench.errors import InputError
from workbench.i18n import N_

__all__ = ["portfolio", "value_needed"]


def _indices(items: Iterable[int], n: int, name: str) -> list[int]:
    out = []
    for i in items:
        if isinstance(i, bool) or not isinstance(i, int | np.integer) or not 0 <= int(i) < n:
            raise InputError(
                N_("{name} holds {value}, which is not a proposal position 0..{last}"),
                name=name,
                value=i,
                last=n - 1,
            )
        out.append(int(i))
    return out


def _group_limits(
    limits: int | Mapping[Hashable, int] | None, labels: Sequence[Hashable], name: str
) -> dict[Hashable, int]:
    if limits is None:
        return {}
    if isinstance(limits, Mapping):
        unknown = set(limits) - set(labels)
        if unknown:
            raise InputError(
                N_("{name} names groups that no proposal belongs to: {groups}"),
                name=name,
                groups=", ".join(sorted(map(str, unknown))),
            )
        pairs = dict(limits)
    else:
        pairs = dict.fromkeys(labels, limits)
    for value in pairs.values():
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
            raise InputError(N_("{name} must hold whole numbers >= 0"), name=name)
    return pairs


def _scipy():
    # imported on first use: the live session reads rankings without paying for scipy.optimize
    from scipy.optimize import Bounds, LinearConstraint, milp

    return Bounds, LinearConstraint, milp


def _build(
    values: ArrayLike,
    costs: ArrayLike,
    budget: float,
    groups: Sequence[Hashable] | None,
    min_per_group: int | Mapping[Hashable, int] | None,
    max_per_group: int | Mapping[Hashable, int] | None,
    include: Iterable[int],
    exclude: Iterable[int],
    at_most_one: Iterable[Iterable[int]],
    depends_on: Iterable[tuple[int, int]],
):
    v = np.asarray(values, dtype=np.float64).reshape(-1)
    c = np.asarray(costs, dtype=np.float64).reshape(-1)
    n = v.size
    if c.size != n:
        raise InputError(N_("Got {n} values but {m} costs"), n=n, m=c.size)
    if not np.isfinite(v).all():
        raise InputError(N_("Portfolio values must be finite numbers"))
    if not np.isfinite(c).all() or (c < 0).any():
        raise InputError(N_("Costs must be finite and non-negative"))
    try:
        budget = float(budget)
    except (TypeError, ValueError) as exc:
        raise InputError(N_("The budget must be a number, got {value}"), value=budget) from exc
    if not np.isfinite(budget) or budget < 0:
        raise InputError(N_("The budget must be a finite number >= 0, got {value}"), value=budget)
    inc = _indices(include, n, "include")
    exc = _indices(exclude, n, "exclude")
    both = set(inc) & set(exc)
    if both:
        raise InputError(
            N_("Proposals both included and excluded: {items}"),
            items=", ".join(map(str, sorted(both))),
        )
    lb, ub = np.zeros(n), np.ones(n)
    lb[inc], ub[exc] = 1.0, 0.0
    if c[inc].sum() > budget:
        raise InputError(
            N_(
                "The proposals that must be included cost {cost:,.0f}, "
                "above the budget {budget:,.0f}"
            ),
            cost=float(c[inc].sum()),
            budget=budget,
        )
    rows, lows, highs = [c], [-np.inf], [budget]
    if groups is not None:
        labels = list(groups)
        if len(labels) != n:
            raise InputError(N_("Got {n} proposals but {m} group labels"), n=n, m=len(labels))
        mins = _group_limits(min_per_group, labels, "min_per_group")
        maxs = _group_limits(max_per_group, labels, "max_per_group")
        arr = np.asarray(labels, dtype=object)
        for label in sorted(set(mins) | set(maxs), key=str):
            rows.append((arr == label).astype(np.float64))
            lows.append(float(mins.get(label, 0)))
            highs.append(float(maxs.get(label, n)))
    elif min_per_group is not None or max_per_group is not None:
        raise InputError(N_("min_per_group and max_per_group need groups"))
    for k, members in enumerate(at_most_one):
        idx = _indices(members, n, f"at_most_one[{k}]")
        row = np.zeros(n)
        row[idx] = 1.0
        rows.append(row)
        lows.append(-np.inf)
        highs.append(1.0)
    for pair in depends_on:
        a, b = _indices(pair, n, "depends_on")
        row = np.zeros(n)  # x_a <= x_b: a only with b
        row[a], row[b] = 1.0, -1.0
        rows.append(row)
        lows.append(-np.inf)
        highs.append(0.0)
    bounds_cls, constraint_cls, _milp = _scipy()
    constraint = constraint_cls(np.vstack(rows), np.asarray(lows), np.asarray(highs))
    return v, bounds_cls(lb, ub), constraint


def _solve(v: NDArray, bounds, constraint) -> NDArray[np.bool_] | None:
    if v.size == 0:
        return np.zeros(0, dtype=bool)
    milp = _scipy()[2]
    result = milp(
        -v,
        constraints=constraint,
        integrality=np.ones(v.size),
        bounds=bounds,
        # HiGHS stops within 0.01 % of the optimum by default; a table choosing
        # between proposals wants the best portfolio, not one a hair below it.
        options={"presolve": True, "mip_rel_gap": 0.0},
    )
    if result.status != 0 or result.x is None:
        return None
    return result.x > 0.5


def portfolio(
    values: ArrayLike,
    costs: ArrayLike,
    budget: float,
    *,
    groups: Sequence[Hashable] | None = None,
    min_per_group: int | Mapping[Hashable, int] | None = None,
    max_per_group: int | Mapping[Hashable, int] | None = None,
    include: Iterable[int] = (),
    exclude: Iterable[int] = (),
    at_most_one: Iterable[Iterable[int]] = (),
    depends_on: Iterable[tuple[int, int]] = (),
) -> NDArray[np.bool_]:
    """Choose proposals under a budget, maximising the sum of their values.

    Parameters
    ----------
    values, costs
        One per proposal; costs finite and non-negative.
    budget
        The most the chosen proposals may cost together.
    groups
        A label per proposal (canton, theme) for the group limits.
    min_per_group, max_per_group
        Number of chosen proposals per group: one whole number for every
        group, or a mapping label -> number.
    include, exclude
        Positions that must be, or must not be, chosen.
    at_most_one
        Sets of positions of which at most one may be chosen (alternatives
        to each other).
    depends_on
        Pairs ``(a, b)``: ``a`` can be chosen only together with ``b``.

    Returns
    -------
    numpy.ndarray
        Boolean mask over the proposals.

    Raises
    ------
    InputError
        Bad input, or no portfolio satisfies the constraints.

    Examples
    --------
    >>> portfolio([3, 2, 2], [2, 1, 1], 2).tolist()
    [False, True, True]
    """
    v, bounds, constraint = _build(
        values, costs, budget, groups, min_per_group, max_per_group,
        include, exclude, at_most_one, depends_on,
    )  # fmt: skip
    chosen = _solve(v, bounds, constraint)
    if chosen is None:
        raise InputError(
            N_(
                "No portfolio meets the budget and the constraints together: lower the "
                "minimums per group, or drop some proposals that must be included"
            )
        )
    return chosen


def value_needed(
    values: ArrayLike,
    costs: ArrayLike,
    budget: float,
    *,
    limit: int | None = 30,
    **constraints,
) -> NDArray[np.float64]:
    """For each proposal left out, the value it would need to enter the optimal portfolio.

    Forcing a left-out proposal ``i`` in lowers the best total by some ``gap``;
    with a value of ``values[i] + gap`` (plus any tiny amount) it would be
    chosen. Chosen proposals get their own value; proposals that cannot enter
    at all (cost above the budget, excluded, or blocked by the constraints)
    get ``inf``.

    Parameters
    ----------
    values, costs, budget, **constraints
        As for :func:`portfolio`.
    limit
        Solve only for this many left-out proposals with the highest values
        (each needs one more solve); the others get NaN. ``None``: all.
    """
    v, bounds, constraint = _build(
        values, costs, budget,
        constraints.get("groups"), constraints.get("min_per_group"),
        constraints.get("max_per_group"), constraints.get("include", ()),
        constraints.get("exclude", ()), constraints.get("at_most_one", ()),
        constraints.get("depends_on", ()),
    )  # fmt: skip
    chosen = _solve(v, bounds, constraint)
    if chosen is None:
        raise InputError(N_("No portfolio meets the budget and the constraints together"))
    best = float(v[chosen].sum())
    out = np.where(chosen, v, np.nan)
    left = np.flatnonzero(~chosen)
    left = left[np.argsort(-v[left], kind="stable")]
    if limit is not None:
        left = left[:limit]
    for i in left:
        if bounds.ub[i] == 0:
            out[i] = np.inf
            continue
        lb = bounds.lb.copy()
        lb[i] = 1.0
        forced = _solve(v, _scipy()[0](lb, bounds.ub), constraint)
        out[i] = np.inf if forced is None else v[i] + (best - float(v[forced].sum()))
    return out
