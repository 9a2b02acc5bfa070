"""Multi-criteria prioritisation: group weights, ranking methods, robustness and a portfolio.

Methods are plain functions over ``(matrix, weights, directions)`` returning
numpy arrays; :func:`current_ranking` and :func:`current_portfolio` read a
session from the store and are the contract the live session and the
reports use.
"""

from workbench.prioritise.aggregation import (
    AGGREGATIONS,
    aggregate_scores,
    group_weights,
    score_matrix,
)
from workbench.prioritise.ahp import (
    SAATY_RANDOM_INDEX,
    ahp_weights,
    consistency_ratio,
    group_ahp,
    most_inconsistent,
    pairwise_from_upper,
)
from workbench.prioritise.current import (
    DEFAULT_BUDGET_SHARE,
    DEFAULT_METHOD,
    SessionProblem,
    current_portfolio,
    current_ranking,
    load_problem,
    rank_problem,
)
from workbench.prioritise.explain import contributions
from workbench.prioritise.methods import (
    normalise,
    rank_scores,
    topsis,
    topsis_with_gaps,
    vikor,
    weighted_sum,
)
from workbench.prioritise.portfolio import portfolio, value_needed
from workbench.prioritise.preference import PREFERENCE_FUNCTIONS, promethee_ii
from workbench.prioritise.proportional import equal_shares, greedy_approval
from workbench.prioritise.sensitivity import (
    METHODS,
    WeightSweep,
    score_with,
    score_with_gaps,
    weight_sweep,
)
from workbench.prioritise.smaa import SMAAResult, smaa2
from workbench.prioritise.weights import (
    critic_weights,
    entropy_weights,
    points_weights,
    rank_sum_weights,
    roc_weights,
    swing_weights,
)

__all__ = [
    "AGGREGATIONS",
    "DEFAULT_BUDGET_SHARE",
    "DEFAULT_METHOD",
    "METHODS",
    "PREFERENCE_FUNCTIONS",
    "SAATY_RANDOM_INDEX",
    "SMAAResult",
    "SessionProblem",
    "WeightSweep",
    "aggregate_scores",
    "ahp_weights",
    "consistency_ratio",
    "contributions",
    "critic_weights",
    "current_portfolio",
    "current_ranking",
    "entropy_weights",
    "equal_shares",
    "greedy_approval",
    "group_ahp",
    "group_weights",
    "load_problem",
    "most_inconsistent",
    "normalise",
    "pairwise_from_upper",
    "points_weights",
    "portfolio",
    "promethee_ii",
    "rank_problem",
    "rank_scores",
    "rank_sum_weights",
    "roc_weights",
    "score_matrix",
    "score_with",
    "score_with_gaps",
    "smaa2",
    "swing_weights",
    "topsis",
    "topsis_with_gaps",
    "value_needed",
    "vikor",
    "weight_sweep",
    "weighted_sum",
]
