"""Weights: points, ROC, rank-sum, swing, AHP (single and group), entropy, CRITIC; aggregation."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from workbench.errors import InputError
from workbench.prioritise import (
    SAATY_RANDOM_INDEX,
    aggregate_scores,
    ahp_weights,
    critic_weights,
    entropy_weights,
    group_ahp,
    group_weights,
    most_inconsistent,
    pairwise_from_upper,
    points_weights,
    rank_sum_weights,
    roc_weights,
    score_matrix,
    swing_weights,
)


def test_roc_barron_barrett_1996():
    """Barron, F. H. and Barrett, B. E. (1996), Management Science 42(11) 1515-1523,
    Table 1: ROC weights for 4 attributes are 0.5208, 0.2708, 0.1458, 0.0625."""
    np.testing.assert_allclose(
        roc_weights([1, 2, 3, 4]), [0.5208, 0.2708, 0.1458, 0.0625], atol=1e-4
    )
    # the ranking is by criterion: the first criterion ranked third gets the third weight
    np.testing.assert_allclose(roc_weights([3, 1, 2]), [1 / 9, 11 / 18, 5 / 18])


def test_rank_sum_and_ties():
    np.testing.assert_allclose(rank_sum_weights([1, 2, 3, 4]), [0.4, 0.3, 0.2, 0.1])
    tied = rank_sum_weights([1, 1, 3])
    assert tied[0] == tied[1] and tied.sum() == pytest.approx(1.0)
    with pytest.raises(InputError):
        roc_weights([0, 1, 2])


def test_points_and_swing():
    np.testing.assert_allclose(points_weights([50, 25, 25]), [0.5, 0.25, 0.25])
    np.testing.assert_allclose(swing_weights([100, 50, 50]), [0.5, 0.25, 0.25])
    with pytest.raises(InputError):
        swing_weights([120, 10])
    with pytest.raises(InputError):
        points_weights([-5, 10])


def test_ahp_random_index_is_saatys_table():
    assert SAATY_RANDOM_INDEX[3] == 0.58 and SAATY_RANDOM_INDEX[10] == 1.49


def test_ahp_leader_example():
    """Wikipedia, "Analytic hierarchy process - leader example" (choosing a leader):
    criteria Experience, Education, Charisma, Age with priorities 0.547, 0.127, 0.270,
    0.056 and a consistency ratio of 0.044."""
    a = [[1, 4, 3, 7], [1 / 4, 1, 1 / 3, 3], [1 / 3, 3, 1, 5], [1 / 7, 1 / 3, 1 / 5, 1]]
    w, cr = ahp_weights(a)
    np.testing.assert_allclose(w, [0.547, 0.127, 0.270, 0.056], atol=1e-3)
    assert cr == pytest.approx(0.044, abs=1e-3)


def test_ahp_consistent_matrix():
    """A matrix built from known weights (a_ij = w_i / w_j) is perfectly consistent:
    the eigenvector gives the weights back and CR = 0 (Saaty 1980, ch. 1)."""
    w = np.array([0.5, 0.3, 0.15, 0.05])
    got, cr = ahp_weights(w[:, None] / w[None, :])
    np.testing.assert_allclose(got, w)
    assert cr == pytest.approx(0.0, abs=1e-9)


def test_ahp_three_by_three_by_hand():
    """(1, 3, 5; 1/3, 1, 3; 1/5, 1/3, 1): lambda_max = 3.0385, CI = 0.0193, CR = CI / 0.58
    = 0.033 with weights 0.637, 0.258, 0.105 (power iteration below checks them)."""
    a = np.array([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]])
    w, cr = ahp_weights(a)
    v = np.ones(3)
    for _ in range(200):
        v = a @ v
        v /= v.sum()
    np.testing.assert_allclose(w, v, atol=1e-10)
    lam = (a @ w / w).mean()
    assert cr == pytest.approx((lam - 3) / 2 / 0.58)
    np.testing.assert_allclose(w, [0.637, 0.258, 0.105], atol=1e-3)
    assert cr == pytest.approx(0.033, abs=1e-3)


def test_most_inconsistent_points_at_the_planted_judgement():
    w = np.array([0.4, 0.3, 0.2, 0.1])
    a = w[:, None] / w[None, :]
    a[0, 3], a[3, 0] = 1 / 4, 4.0  # contradicts w0 / w3 = 4
    i, j, suggested = most_inconsistent(a)
    assert (i, j) == (0, 3)
    assert suggested > a[0, 3]  # the other judgements pull it towards criterion 0
    assert ahp_weights(a)[1] > 0.1


@pytest.mark.parametrize(
    "bad",
    [
        [[1, 2], [2, 1]],  # not reciprocal
        [[1, 2, 3], [0.5, 1, 2]],  # not square
        [[2, 2], [0.5, 2]],  # diagonal
        [[1, -2], [-0.5, 1]],  # negative
        [[1, np.nan], [np.nan, 1]],
    ],
)
def test_ahp_bad_matrices(bad):
    with pytest.raises(InputError):
        ahp_weights(bad)


def test_group_ahp_aij_and_aip():
    """Forman and Peniwati (1998), EJOR 108(1) 165-169: AIJ = eigenvector of the
    element-wise geometric mean; AIP = normalised geometric mean of priorities."""
    a1 = pairwise_from_upper(3, {(0, 1): 3, (0, 2): 5, (1, 2): 2})
    a2 = pairwise_from_upper(3, {(0, 1): 1, (0, 2): 3, (1, 2): 3})
    w_aij, cr = group_ahp([a1, a2], method="aij")
    assert cr == pytest.approx(ahp_weights(np.sqrt(a1 * a2))[1])
    w_ref, _ = ahp_weights(np.sqrt(a1 * a2))
    np.testing.assert_allclose(w_aij, w_ref)
    w_aip, cr_aip = group_ahp([a1, a2], method="aip")
    g = np.sqrt(ahp_weights(a1)[0] * ahp_weights(a2)[0])
    np.testing.assert_allclose(w_aip, g / g.sum())
    assert cr_aip == pytest.approx(max(ahp_weights(a1)[1], ahp_weights(a2)[1]))
    # identical members: the group is the member
    np.testing.assert_allclose(group_ahp([a1, a1])[0], ahp_weights(a1)[0])
    with pytest.raises(InputError):
        group_ahp([a1, np.ones((2, 2))])


def test_entropy_and_critic():
    x = np.array([[1.0, 5.0, 3.0], [2.0, 5.0, 1.0], [3.0, 5.0, 2.0]])
    e = entropy_weights(x)
    assert e[1] == pytest.approx(0.0) and e.sum() == pytest.approx(1.0)
    c = critic_weights(x, [1, 1, -1])
    assert c[1] == pytest.approx(0.0) and c.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(entropy_weights(np.ones((3, 2))), [0.5, 0.5])
    np.testing.assert_allclose(critic_weights(np.zeros((3, 2)), [1, 1]), [0.5, 0.5])
    with pytest.raises(InputError):
        entropy_weights([[-1.0, 2.0], [1.0, 1.0]])


def test_entropy_by_hand():
    """Shannon entropy weights (Zeleny 1982): column (1, 1) has e = 1 and column (1, 3)
    has p = (0.25, 0.75), e = -(0.25 ln 0.25 + 0.75 ln 0.75) / ln 2 = 0.8113."""
    w = entropy_weights([[1.0, 1.0, 1.0], [1.0, 3.0, 3.0]])
    np.testing.assert_allclose(w, [0.0, 0.5, 0.5], atol=1e-12)


@settings(max_examples=50, deadline=None)
@given(arrays(np.float64, (6, 4), elements=st.floats(0, 100, allow_nan=False, width=32)))
def test_objective_weights_are_a_distribution(x):
    for w in (entropy_weights(x), critic_weights(x, [1, -1, 1, 1])):
        assert (w >= 0).all() and w.sum() == pytest.approx(1.0)


# --- aggregation -----------------------------------------------------------------------------


def _scores(rows):
    return pl.DataFrame(
        rows, schema=["participant_id", "proposal_id", "criterion_id", "value"], orient="row"
    )


def test_aggregate_mean_median_trimmed_and_disagreement():
    rows = [(f"M{i}", "P1", "c1", v) for i, v in enumerate([1.0, 2.0, 3.0, 4.0, 100.0])]
    rows += [("M1", "P2", "c1", 4.0)]
    s = _scores(rows)
    mean = aggregate_scores(s).filter(pl.col("proposal_id") == "P1").row(0, named=True)
    assert mean["value"] == pytest.approx(22.0) and mean["n"] == 5
    assert mean["iqr"] == pytest.approx(2.0) and mean["spread"] == pytest.approx(
        np.std([1, 2, 3, 4, 100], ddof=1)
    )
    med = aggregate_scores(s, how="median").row(0, named=True)
    assert med["value"] == 3.0
    trimmed = aggregate_scores(s, how="trimmed", trim=0.2).row(0, named=True)
    assert trimmed["value"] == pytest.approx(3.0)  # drops 1 and 100
    single = aggregate_scores(s).filter(pl.col("proposal_id") == "P2").row(0, named=True)
    assert single["n"] == 1 and single["spread"] is None
    with pytest.raises(InputError):
        aggregate_scores(s, how="mode")


def test_missing_scores_are_missing_not_zero():
    s = _scores([("M1", "P1", "c1", 4.0), ("M1", "P2", "c2", 2.0), ("M2", "P2", "c2", None)])
    agg = aggregate_scores(s)
    x = score_matrix(agg, ["P1", "P2", "P3"], ["c1", "c2"])
    assert x[0, 0] == 4.0 and np.isnan(x[0, 1]) and np.isnan(x[2]).all()
    assert agg.filter(pl.col("proposal_id") == "P2").get_column("n").item() == 1


def test_group_weights_missing_criterion_counts_as_zero_points():
    w = pl.DataFrame(
        {
            "participant_id": ["M1", "M1", "M2"],
            "criterion_id": ["a", "b", "a"],
            "value": [30.0, 70.0, 10.0],
        }
    )
    mean, spread, members = group_weights(w, ["a", "b"])
    np.testing.assert_allclose(mean, [(0.3 + 1.0) / 2, 0.7 / 2])
    assert members == 2 and spread[0] > 0
    mean, _, members = group_weights(w.clear(), ["a", "b"])
    np.testing.assert_allclose(mean, [0.5, 0.5])
    assert members == 0


@settings(max_examples=60, deadline=None)
@given(st.permutations(list(range(1, 8))))
def test_rank_weights_follow_the_ranking(ranks):
    for weights in (roc_weights(ranks), rank_sum_weights(ranks)):
        assert weights.sum() == pytest.approx(1.0)
        order = np.argsort(ranks)
        assert (np.diff(weights[order]) < 0).all()  # more important, more weight


@settings(max_examples=40, deadline=None)
@given(
    arrays(np.float64, 4, elements=st.floats(0.0625, 1.0, width=32)),
    st.lists(st.sampled_from([1 / 9, 1 / 5, 1 / 3, 1, 3, 5, 9]), min_size=6, max_size=6),
)
def test_ahp_properties(true_weights, judgements):
    """Consistent matrices give their weights back with CR 0; any reciprocal matrix
    gives positive weights summing to one and a non-negative CR."""
    a = true_weights[:, None] / true_weights[None, :]
    w, cr = ahp_weights(a)
    np.testing.assert_allclose(w, true_weights / true_weights.sum(), rtol=1e-6)
    assert cr == pytest.approx(0.0, abs=1e-6)
    pairs = [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]
    b = pairwise_from_upper(4, dict(zip(pairs, judgements, strict=True)))
    w, cr = ahp_weights(b)
    assert (w > 0).all() and w.sum() == pytest.approx(1.0) and cr >= 0
