"""Ranking methods against published worked examples, a peer library and properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from workbench.errors import InputError
from workbench.prioritise import (
    PREFERENCE_FUNCTIONS,
    promethee_ii,
    rank_scores,
    topsis,
    topsis_with_gaps,
    vikor,
    weighted_sum,
)
from workbench.prioritise.preference import preference_degree


def test_topsis_tzeng_huang_2011():
    """Tzeng, G.-H. and Huang, J.-J. (2011), *Multiple Attribute Decision Making:
    Methods and Applications*, CRC Press, TOPSIS example: 4 alternatives, 3 benefit
    criteria, weights (0.3, 0.4, 0.3), closeness 0.5037, 0.6581, 0.7482, 0.3340."""
    x = [[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]]
    c = topsis(x, [0.3, 0.4, 0.3], [1, 1, 1])
    np.testing.assert_allclose(c, [0.5037, 0.6581, 0.7482, 0.3340], atol=1e-4)
    assert rank_scores(c).tolist() == [3, 2, 1, 4]


def test_weighted_sum_triantaphyllou_2000():
    """Triantaphyllou, E. (2000), *Multi-Criteria Decision Making Methods: A Comparative
    Study*, Kluwer, weighted sum model example (also in Wikipedia's "Weighted sum
    model"): A1 = 21.50, A2 = 22.00, A3 = 22.00 on values already on one scale."""
    x = [[25, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]]
    s = weighted_sum(x, [0.20, 0.15, 0.40, 0.25], [1, 1, 1, 1], normalisation="none")
    np.testing.assert_allclose(s, [21.5, 22.0, 22.0])


def test_vikor_by_hand():
    """Opricovic and Tzeng (2004), EJOR 156(2) 445-455, steps 1-3 worked by hand on
    two alternatives-criteria: f* = (3, 1), f- = (1, 3) (second is a cost)."""
    x = [[3, 3], [2, 2], [1, 1]]
    s, r, q = vikor(x, [0.5, 0.5], [1, -1])
    # A1: (0, 0.5) -> S = 0.5, R = 0.5; A2: (0.25, 0.25); A3: (0.5, 0)
    np.testing.assert_allclose(s, [0.5, 0.5, 0.5])
    np.testing.assert_allclose(r, [0.5, 0.25, 0.5])
    np.testing.assert_allclose(q, [0.5, 0.0, 0.5])  # S constant: only R counts


def test_promethee_usual_and_linear_by_hand():
    """Brans and Vincke (1985), Management Science 31(6) 647-656: net flows worked by hand."""
    flows = promethee_ii([[1], [2], [3]], [1], [1])
    np.testing.assert_allclose(flows, [-1.0, 0.0, 1.0])
    # linear, q = 0.5, p = 1.5: P(1) = 0.5, P(2) = 1
    flows = promethee_ii([[1], [2], [3]], [1], [1], "linear", q=0.5, p=1.5)
    np.testing.assert_allclose(flows, [-(0.5 + 1) / 2, 0.0, (0.5 + 1) / 2])
    # a cost criterion reverses the order
    np.testing.assert_allclose(promethee_ii([[1], [2], [3]], [1], [-1]), [1.0, 0.0, -1.0])


def test_promethee_documented_example():
    """The PROMETHEE II example documented by pymcdm 1.4 (after Mareschal, De Smet and
    Nemery 2008), checked by hand: A1 beats A2 on c1, c2 (0.8) and loses on c3 (0.2), and
    so on, giving net flows 0.1, -0.3, 0.2."""
    x = [[4, 3, 2], [3, 2, 4], [5, 1, 3]]
    np.testing.assert_allclose(promethee_ii(x, [0.5, 0.3, 0.2], [1, 1, 1]), [0.1, -0.3, 0.2])


def test_vikor_documented_example():
    """The VIKOR example documented by pymcdm 1.4 (after Duckstein and Opricovic 1980):
    Q = 0.5679, 0.7667, 1, 0.7493, 0 with equal weights and v = 0.5."""
    x = [[78, 56, 34, 6], [4, 45, 3, 97], [18, 2, 50, 63], [9, 14, 11, 92], [85, 9, 100, 29]]
    q = vikor(x, [0.25] * 4, [1] * 4)[2]
    np.testing.assert_allclose(q, [0.5679, 0.7667, 1, 0.7493, 0], atol=1e-4)


def _reference_flows(x, w, d, kinds, q, p, s):
    """Pairwise definition: phi(a) = sum_b sum_j w_j (P_j(a,b) - P_j(b,a)) / (n - 1)."""
    x = np.asarray(x, float) * d
    n, m = x.shape
    net = np.zeros(n)
    for j in range(m):
        diff = x[:, j, None] - x[None, :, j]
        pj = preference_degree(diff, kinds[j], q[j], p[j], s[j])
        net += w[j] * (pj - pj.T).sum(axis=1)
    return net / (n - 1)


@settings(max_examples=60, deadline=None)
@given(
    x=arrays(np.float64, (12, 3), elements=st.integers(0, 6).map(float)),
    kinds=st.lists(st.sampled_from(PREFERENCE_FUNCTIONS), min_size=3, max_size=3),
    chunk=st.integers(1, 50),
)
def test_promethee_sorted_equals_pairwise(x, kinds, chunk):
    """Sorted evaluation (and chunked Gaussian) equals the pairwise definition, ties included."""
    w = np.array([0.5, 0.3, 0.2])
    d = np.array([1, -1, 1])
    q, p, s = [0.5, 1.0, 0.0], [2.0, 3.0, 1.0], [1.0, 2.0, 0.7]
    got = promethee_ii(x, w, d, kinds, q=q, p=p, s=s, chunk_elements=chunk)
    np.testing.assert_allclose(got, _reference_flows(x, w, d, kinds, q, p, s), atol=1e-12)
    assert abs(got.sum()) < 1e-9


def test_agrees_with_pymcdm():
    from pymcdm import normalizations
    from pymcdm.methods import PROMETHEE_II, TOPSIS, VIKOR

    rng = np.random.default_rng(7)
    x = rng.uniform(1, 10, (40, 5))
    w = rng.dirichlet(np.ones(5))
    d = np.array([1, -1, 1, 1, -1])
    peer = TOPSIS(normalization_function=normalizations.vector_normalization)(x, w, d)
    np.testing.assert_allclose(topsis(x, w, d), peer, atol=1e-12)
    np.testing.assert_allclose(vikor(x, w, d)[2], VIKOR()(x, w, d), atol=1e-12)
    names = {"usual": "usual", "ushape": "u-shape", "vshape": "v-shape", "level": "level"}
    names["vshape_2"] = "linear"
    for theirs, ours in names.items():
        peer = PROMETHEE_II(theirs, p=np.full(5, 3.0), q=np.full(5, 1.0))(x, w, d)
        np.testing.assert_allclose(promethee_ii(x, w, d, ours, q=1.0, p=3.0), peer, atol=1e-12)


problems = st.integers(2, 9).flatmap(
    lambda n: st.tuples(
        arrays(np.float64, (n, 4), elements=st.floats(-1e3, 1e3, allow_nan=False, width=32)),
        arrays(np.float64, (4,), elements=st.floats(0.0625, 10, width=32)),
        st.lists(st.sampled_from([1, -1]), min_size=4, max_size=4),
        st.randoms(use_true_random=False),
    )
)


@settings(max_examples=80, deadline=None)
@given(problems)
def test_properties(problem):
    x, w, d, rnd = problem
    n = x.shape[0]
    perm = list(range(n))
    rnd.shuffle(perm)
    c = topsis(x, w, d)
    assert ((c >= -1e-12) & (c <= 1 + 1e-12)).all()
    # input order does not change any alternative's result
    np.testing.assert_allclose(topsis(x[perm], w, d), c[perm], atol=1e-9)
    np.testing.assert_allclose(weighted_sum(x[perm], w, d), weighted_sum(x, w, d)[perm], atol=1e-9)
    np.testing.assert_allclose(vikor(x[perm], w, d)[2], vikor(x, w, d)[2][perm], atol=1e-9)
    # weights that do not sum to one are rescaled: same result
    np.testing.assert_allclose(topsis(x, w * 7, d), c, atol=1e-12)
    s, r, q = vikor(x, w, d)
    assert ((q >= -1e-12) & (q <= 1 + 1e-12)).all() and (r <= s + 1e-12).all()
    flows = promethee_ii(x, w, d)
    assert abs(flows.sum()) < 1e-9 and (np.abs(flows) <= 1 + 1e-12).all()
    np.testing.assert_allclose(topsis_with_gaps(x, w / w.sum(), np.array(d)), c, atol=1e-9)


def test_dominating_alternative_wins_everywhere():
    x = np.array([[9.0, 1.0, 5.0], [5.0, 3.0, 4.0], [4.0, 4.0, 1.0]])
    w, d = [0.4, 0.3, 0.3], [1, -1, 1]
    assert np.argmax(topsis(x, w, d)) == 0
    assert np.argmax(weighted_sum(x, w, d)) == 0
    assert np.argmin(vikor(x, w, d)[2]) == 0
    for kind in PREFERENCE_FUNCTIONS:
        assert np.argmax(promethee_ii(x, w, d, kind, q=0.5, p=2.0, s=1.0)) == 0


# --- bad input (issue item 10) ------------------------------------------------------------


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nan_and_infinity_are_refused(bad):
    x = [[1.0, 2.0], [bad, 3.0]]
    for method in (topsis, weighted_sum, promethee_ii):
        with pytest.raises(InputError):
            method(x, [0.5, 0.5], [1, 1])
    with pytest.raises(InputError):
        vikor(x, [0.5, 0.5], [1, 1])


@pytest.mark.parametrize("weights", [[-0.2, 1.2], [np.nan, 1.0], [0.0, 0.0], [1.0], [np.inf, 1.0]])
def test_bad_weights(weights):
    with pytest.raises(InputError):
        topsis([[1, 2], [2, 1]], weights, [1, 1])


def test_bad_directions_and_shapes():
    with pytest.raises(InputError):
        topsis([[1, 2], [2, 1]], [0.5, 0.5], [1, 0])
    with pytest.raises(InputError):
        topsis([1, 2, 3], [1], [1])
    with pytest.raises(InputError):
        vikor([[1, 2], [2, 1]], [0.5, 0.5], [1, 1], v=1.5)
    with pytest.raises(InputError):
        promethee_ii([[1, 2], [2, 1]], [0.5, 0.5], [1, 1], "linear", q=2, p=1)
    with pytest.raises(InputError):
        promethee_ii([[1, 2], [2, 1]], [0.5, 0.5], [1, 1], "nope")
    with pytest.raises(InputError):
        promethee_ii([[1, 2], [2, 1]], [0.5, 0.5], [1, 1], ["usual"])


def test_constant_and_zero_columns_do_not_discriminate():
    """Documented: a constant column (all-zero included) adds nothing to anyone."""
    x = np.array([[1.0, 0.0, 7.0], [3.0, 0.0, 7.0], [2.0, 0.0, 7.0]])
    w, d = [0.5, 0.25, 0.25], [1, 1, -1]
    alone = x[:, :1]
    assert rank_scores(topsis(x, w, d)).tolist() == rank_scores(topsis(alone, [1], [1])).tolist()
    np.testing.assert_allclose(weighted_sum(x, w, d), weighted_sum(alone, [1], [1]) * 0.5)
    np.testing.assert_allclose(promethee_ii(x, w, d), promethee_ii(alone, [1], [1]) * 0.5)
    same = np.ones((3, 2))
    np.testing.assert_allclose(topsis(same, [0.5, 0.5], [1, 1]), 0.5)
    np.testing.assert_allclose(vikor(same, [0.5, 0.5], [1, 1])[2], 0.0)


def test_gaussian_with_a_narrow_s_equals_pairwise():
    """Far pairs are skipped as full preference: the result is still the pairwise one."""
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 1000, (400, 2))
    w, d = np.array([0.6, 0.4]), np.array([1, -1])
    kinds, q, p, s = ["gaussian"] * 2, [0, 0], [0, 0], [1.5, 40.0]
    got = promethee_ii(x, w, d, kinds, s=s, chunk_elements=500)
    np.testing.assert_allclose(got, _reference_flows(x, w, d, kinds, q, p, s), atol=1e-12)
