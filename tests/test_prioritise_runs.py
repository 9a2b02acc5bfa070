"""Saved runs, members' ballots and the ``workbench prioritise`` command."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import polars as pl
import pytest

from workbench.errors import NotFoundError
from workbench.prioritise import current_ranking, load_problem
from workbench.prioritise.ballots import member_utilities
from workbench.prioritise.runs import RULES, load_run, portfolios, save_run
from workbench.store import Store
from workbench.store.seed import load_sample

SESSION = "S2026-01"


@pytest.fixture
def loaded(store):
    load_sample(store)
    return store


def test_save_and_load_a_run(loaded):
    run_id = save_run(loaded, SESSION, actor="facilitator:ana", budget=400_000)
    run, results, selections = load_run(loaded, run_id)
    ranking = current_ranking(loaded, SESSION)
    assert run["session_id"] == SESSION and run["method"] == "topsis"
    weights = json.loads(run["weights"]) if isinstance(run["weights"], str) else run["weights"]
    assert sum(weights.values()) == pytest.approx(1.0)
    assert results.height == ranking.height
    joined = results.join(ranking.select("proposal_id", "rank"), on="proposal_id", suffix="_now")
    assert (joined.get_column("rank").eq_missing(joined.get_column("rank_now"))).all()
    assert set(selections.get_column("rule").unique()) == set(RULES)
    for rule in RULES:
        chosen = selections.filter((pl.col("rule") == rule) & pl.col("selected"))
        assert chosen.get_column("cost").sum() <= 400_000 + 1e-6
    kinds = loaded.events(kind="prioritise.*").get_column("kind").to_list()
    assert {"prioritise.run", "prioritise.results", "prioritise.selections"} <= set(kinds)
    with pytest.raises(NotFoundError):
        load_run(loaded, "nope")


def test_value_portfolio_beats_the_proportional_ones_on_total_score(sample_store):
    ranking = current_ranking(sample_store, SESSION)
    side = portfolios(sample_store, SESSION, ranking, 300_000)
    scores = dict(zip(ranking["proposal_id"], ranking["score"], strict=True))
    total = {r: sum(scores[p] for p in side.filter(pl.col(r))["proposal_id"]) for r in RULES}
    assert total["value"] >= total["greedy"] - 1e-9 and total["value"] >= total["mes"] - 1e-9


def test_member_utilities_missing_is_nan(sample_store):
    problem = load_problem(sample_store, SESSION)
    ids = problem.proposals.filter(pl.col("n_scorers") > 0).get_column("proposal_id").to_list()
    members, u = member_utilities(sample_store, problem, ids)
    scores = sample_store.read("scores", where={"session_id": SESSION})
    pairs = scores.select("participant_id", "proposal_id").unique().height
    assert np.isfinite(u).sum() == pairs
    assert np.nanmin(u) >= 0 and np.nanmax(u) <= 1
    assert len(members) == scores.get_column("participant_id").n_unique()


def _cli(*args, data):
    env = {**os.environ, "WORKBENCH_LANG": "en", "WORKBENCH_DATA": str(data)}
    env.pop("WORKBENCH_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "workbench.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'workbench.db'}") as store:
        load_sample(store)
    env_db = ["--db", f"sqlite:///{tmp_path / 'workbench.db'}"]
    ranked = _cli(*env_db, "prioritise", "rank", "--session", SESSION, "--csv", data=tmp_path)
    assert ranked.returncode == 0, ranked.stderr
    frame = pl.read_csv(ranked.stdout.encode())
    assert frame.get_column("rank").to_list()[:3] == [1, 2, 3] and frame.height == 20
    chosen = _cli(*env_db, "prioritise", "portfolio", "--session", SESSION, "--budget", "300000",
                  "--csv", data=tmp_path)  # fmt: skip
    assert chosen.returncode == 0 and pl.read_csv(chosen.stdout.encode())["cost"].sum() <= 300000
    bad = _cli(*env_db, "prioritise", "portfolio", "--session", "NOPE", data=tmp_path)
    assert bad.returncode == 2 and "No session NOPE" in bad.stderr and "Traceback" not in bad.stderr
    neg = _cli(*env_db, "prioritise", "portfolio", "--session", SESSION, "--budget", "-1",
               data=tmp_path)  # fmt: skip
    assert neg.returncode == 2 and len(neg.stderr.strip().splitlines()) == 1
    vik = _cli(*env_db, "prioritise", "rank", "--session", SESSION, "--method", "vikor",
               "--aggregation", "median", "--csv", "--top", "0", data=tmp_path)  # fmt: skip
    assert vik.returncode == 0, vik.stderr
    vik_frame = pl.read_csv(vik.stdout.encode())
    every = _cli(*env_db, "prioritise", "rank", "--session", SESSION, "--csv", "--top", "0",
                 data=tmp_path)  # fmt: skip
    every_frame = pl.read_csv(every.stdout.encode())
    assert vik_frame.height == every_frame.height
    # VIKOR ranks only complete rows; TOPSIS every scored proposal
    assert 0 < vik_frame["rank"].drop_nulls().len() < every_frame["rank"].drop_nulls().len()
    saved = _cli(*env_db, "prioritise", "save", "--session", SESSION, data=tmp_path)
    assert saved.returncode == 0 and "Saved the prioritisation run" in saved.stdout
