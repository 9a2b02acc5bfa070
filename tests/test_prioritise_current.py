"""The contract others read: current_ranking and current_portfolio over a session."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from workbench.errors import NotFoundError
from workbench.prioritise import (
    DEFAULT_BUDGET_SHARE,
    current_portfolio,
    current_ranking,
    load_problem,
    topsis,
    topsis_with_gaps,
)
from workbench.store.seed import load_sample

SESSION = "S2026-01"


@pytest.fixture
def loaded(store):
    load_sample(store)
    return store


def test_ranking_columns_and_order(sample_store):
    ranking = current_ranking(sample_store, SESSION)
    criteria = sample_store.read("criteria").get_column("id").to_list()
    expected = {"proposal_id", "rank", "score", "theme_id", "n_scorers"}
    expected |= {f"contrib_{c}" for c in criteria}
    assert expected <= set(ranking.columns)
    active = sample_store.read("proposals").filter(pl.col("status") == "active")
    assert ranking.height == active.height
    assert ranking.get_column("proposal_id").n_unique() == ranking.height
    scored = ranking.filter(pl.col("score").is_not_null())
    assert scored.get_column("rank").to_list() == list(range(1, scored.height + 1))
    assert (scored.get_column("score").diff().drop_nulls() <= 1e-12).all()
    # unscored come last, with null score, rank and contributions, never zero
    tail = ranking.slice(scored.height)
    assert tail.get_column("score").null_count() == tail.height
    assert tail.get_column("rank").null_count() == tail.height
    assert (tail.get_column("n_scorers") == 0).all()
    assert tail.get_column(f"contrib_{criteria[0]}").null_count() == tail.height


def test_n_scorers_counts_distinct_members(sample_store):
    ranking = current_ranking(sample_store, SESSION)
    scores = sample_store.read("scores", where={"session_id": SESSION})
    counts = scores.group_by("proposal_id").agg(pl.col("participant_id").n_unique().alias("k"))
    joined = ranking.join(counts, on="proposal_id", how="left").with_columns(
        pl.col("k").fill_null(0)
    )
    assert (joined.get_column("n_scorers") == joined.get_column("k")).all()
    assert (ranking.filter(pl.col("n_scorers") > 0).get_column("score").null_count()) == 0


def test_ranking_matches_topsis_on_the_complete_rows(sample_store):
    problem = load_problem(sample_store, SESSION)
    x = problem.matrix[problem.scored]
    complete = ~np.isnan(x).any(axis=1)
    assert complete.sum() >= 3
    gaps = topsis_with_gaps(x, problem.weights, problem.directions)
    # on complete rows, closeness uses the same ideal as TOPSIS over all scored rows only
    # when every row is complete; check the identity on the complete submatrix instead
    sub = x[complete]
    np.testing.assert_allclose(
        topsis_with_gaps(sub, problem.weights, problem.directions),
        topsis(sub, problem.weights, problem.directions),
    )
    assert np.isfinite(gaps).all()


def test_group_weights_are_mean_of_normalised_member_weights(sample_store):
    problem = load_problem(sample_store, SESSION)
    w = sample_store.read("weights", where={"session_id": SESSION})
    totals = w.group_by("participant_id").agg(pl.col("value").sum().alias("t"))
    norm = w.join(totals, on="participant_id").with_columns(pl.col("value") / pl.col("t"))
    means = norm.group_by("criterion_id").agg(pl.col("value").mean())
    by_id = dict(zip(means["criterion_id"], means["value"], strict=True))
    expected = np.array([by_id[c] for c in problem.criterion_ids])
    np.testing.assert_allclose(problem.weights, expected / expected.sum())


def test_new_score_updates_the_ranking_and_missing_is_not_zero(loaded):
    before = current_ranking(loaded, SESSION)
    unscored = before.filter(pl.col("n_scorers") == 0).get_column("proposal_id")[0]
    loaded.insert(
        "scores",
        [
            {
                "session_id": SESSION,
                "participant_id": "M01",
                "proposal_id": unscored,
                "criterion_id": "empleo",
                "value": 5.0,
                "at": __import__("workbench.store", fromlist=["now"]).now(),
            }
        ],
        actor="test",
    )
    after = current_ranking(loaded, SESSION)
    row = after.filter(pl.col("proposal_id") == unscored).row(0, named=True)
    assert row["n_scorers"] == 1 and row["score"] is not None and row["rank"] is not None
    # criteria nobody scored for it stay missing, not zero
    assert row["contrib_inclusion"] is None
    assert row["contrib_empleo"] is not None


def test_equal_weights_without_member_weights(loaded):
    for row in loaded.read("weights").iter_rows(named=True):
        loaded.delete("weights", {"id": row["id"]}, actor="test")
    problem = load_problem(loaded, SESSION)
    m = len(problem.criterion_ids)
    np.testing.assert_allclose(problem.weights, np.full(m, 1 / m))
    assert problem.weight_members == 0


def test_unknown_session(sample_store):
    with pytest.raises(NotFoundError):
        current_ranking(sample_store, "nope")


def test_portfolio_respects_budget_and_eligibility(sample_store):
    ranking = current_ranking(sample_store, SESSION)
    chosen = current_portfolio(sample_store, SESSION, budget=300_000)
    assert {"proposal_id", "selected", "cost", "rank"} <= set(chosen.columns)
    assert chosen.height == ranking.height
    picked = chosen.filter(pl.col("selected"))
    assert picked.height > 0
    assert picked.get_column("cost").sum() <= 300_000
    assert picked.get_column("rank").null_count() == 0
    # no affordable eligible proposal is left out while money remains for it... the
    # optimum is at least as good as the greedy-by-rank fill
    eligible = chosen.filter(pl.col("score").is_not_null() & pl.col("cost").is_not_null())
    spent, greedy = 0.0, 0.0
    for r in eligible.iter_rows(named=True):
        if spent + r["cost"] <= 300_000:
            spent += r["cost"]
            greedy += r["score"]
    assert picked.get_column("score").sum() >= greedy - 1e-9


def test_portfolio_default_budget(sample_store):
    ranking = current_ranking(sample_store, SESSION)
    eligible = ranking.filter(
        pl.col("score").is_not_null() & pl.col("estimated_cost").is_not_null()
    )
    budget = DEFAULT_BUDGET_SHARE * eligible.get_column("estimated_cost").sum()
    chosen = current_portfolio(sample_store, SESSION)
    spent = chosen.filter(pl.col("selected")).get_column("cost").sum()
    assert 0 < spent <= budget
    assert chosen.filter(pl.col("selected")).height < eligible.height


def test_contract_on_a_new_table(store):
    store.insert("sessions", [{"id": "S1", "title": "Primera"}], actor="test")
    ranking = current_ranking(store, "S1")
    assert ranking.height == 0 and {"proposal_id", "rank", "score", "n_scorers"} <= set(
        ranking.columns
    )
    assert current_portfolio(store, "S1").height == 0


def test_rank_problem_with_other_methods_and_criteria_thresholds(loaded):
    import json

    from workbench.prioritise import promethee_ii, rank_problem, score_with_gaps

    loaded.update(
        "criteria",
        {"id": "costo"},
        {"thresholds": json.dumps({"preference": "linear", "q": 5000, "p": 50000})},
        actor="test",
    )
    problem = load_problem(loaded, SESSION)
    prefs = problem.preferences()
    j = problem.criterion_ids.index("costo")
    assert prefs["preference"][j] == "linear" and prefs["p"][j] == 50000
    assert prefs["preference"][0] == "usual"
    ranked = rank_problem(problem, method="promethee_ii")
    x = problem.matrix[problem.scored]
    complete = ~np.isnan(x).any(axis=1)
    expected = promethee_ii(x[complete], problem.weights, problem.directions, **prefs)
    scored_ids = problem.proposals.filter(pl.col("n_scorers") > 0)["proposal_id"]
    by_id = dict(zip(ranked["proposal_id"], ranked["score"], strict=True))
    got = np.array([by_id[p] for p in scored_ids.filter(pl.Series(complete))])
    np.testing.assert_allclose(got, expected)
    # incomplete rows are unranked (null), never scored as if zero
    for p in scored_ids.filter(~pl.Series(complete)):
        assert by_id[p] is None
    gaps = score_with_gaps("topsis", x, problem.weights, problem.directions)
    np.testing.assert_allclose(gaps, topsis_with_gaps(x, problem.weights, problem.directions))
    vik = score_with_gaps("vikor", x, problem.weights, problem.directions)
    assert np.isnan(vik[~complete]).all() and np.isfinite(vik[complete]).all()
