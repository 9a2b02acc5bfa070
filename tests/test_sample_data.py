"""The Pichincha sample: what the issue asks of it, loadable, and regenerated identically."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import polars as pl
import pytest

from tests.util import REPO
from workbench.store.seed import SAMPLE_FILES, read_sample_table, sample_dir
from workbench.territory import CANTON_CODES, gazetteer

SAMPLE = sample_dir()


def _csv(name: str) -> pl.DataFrame:
    return pl.read_csv(SAMPLE / name, infer_schema=False)


def test_the_eight_cantons_have_their_dpa_codes():
    cantons = gazetteer().filter(kind="canton")
    assert (
        dict(zip(cantons["code"], cantons["name"], strict=True))
        == {
            "1701": "Quito",
            "1702": "Cayambe",
            "1703": "Mejía",
            "1704": "Pedro Moncayo",
            "1705": "Rumiñahui",
            "1707": "San Miguel de los Bancos",
            "1708": "Pedro Vicente Maldonado",
            "1709": "Puerto Quito",
        }
        == CANTON_CODES
    )


def test_every_parish_code_extends_its_canton_code():
    parishes = gazetteer().filter(kind="parish")
    assert parishes.height > 80
    assert parishes.filter(pl.col("code").str.slice(0, 4) != pl.col("parent_code")).is_empty()
    assert set(parishes["area"]) == {"urban", "rural"}
    assert _csv("territories.csv").equals(gazetteer().cast(pl.String))


def test_sizes_asked_for():
    assert _csv("proposals.csv").height >= 600
    assert 55 <= _csv("actors.csv").height <= 70
    assert 130 <= _csv("ties.csv").height <= 170
    assert _csv("criteria.csv").height == 6
    members = _csv("participants.csv").filter(pl.col("role") == "member")
    assert 20 <= members.height <= 30
    scored = _csv("scores.csv")["proposal_id"].n_unique()
    assert 0 < scored < _csv("proposals.csv").height  # scores on part of the proposals


def test_proposals_are_spread_unevenly_over_about_twelve_themes_and_every_canton():
    labels = _csv("labels.csv")
    sizes = labels.group_by("theme").len()["len"]
    assert 10 <= sizes.len() <= 14
    assert sizes.max() >= 2 * sizes.min()
    proposals = _csv("proposals.csv")
    assert set(proposals["canton_code"].drop_nulls()) == set(CANTON_CODES)
    per_canton = proposals.group_by("canton_code").len()["len"]
    assert per_canton.max() >= 5 * per_canton.min()


def test_proposals_are_written_the_way_citizens_write():
    text = _csv("proposals.csv")["text"]
    assert text.str.len_chars().min() < 60 < 400 < text.str.len_chars().max()
    assert (text == text.str.to_uppercase()).sum() >= 10  # all capitals
    kichwa = text.str.contains(r"(?i)\b(minga|ayllu|sumak kawsay|yaku|chakra|allpa)\b")
    assert kichwa.sum() >= 10


def test_personal_data_lives_apart():
    proposals = _csv("proposals.csv")
    assert not set(proposals.columns) & {"name", "email", "phone", "id_number"}
    proposers = _csv("proposers.csv")
    assert {"name", "email", "phone", "id_number", "gender"} <= set(proposers.columns)


def test_every_sample_table_reads_with_its_store_types():
    for filename, table in SAMPLE_FILES:
        frame = read_sample_table(SAMPLE / filename, table)
        assert frame.height > 0, filename


def test_scores_are_one_per_member_proposal_and_criterion_and_weights_sum_to_100():
    scores = _csv("scores.csv")
    key = ["session_id", "participant_id", "proposal_id", "criterion_id"]
    assert scores.select(key).is_duplicated().sum() == 0
    weights = _csv("weights.csv").with_columns(pl.col("value").cast(pl.Int64))
    assert set(weights.group_by("participant_id").agg(pl.col("value").sum())["value"]) == {100}


@pytest.mark.slow
def test_the_generator_reproduces_the_committed_files(tmp_path):
    subprocess.run(
        [sys.executable, str(SAMPLE / "generate.py"), "--out", str(tmp_path)],
        check=True,
        cwd=REPO,
        capture_output=True,
    )
    for committed in sorted(SAMPLE.glob("*.csv")):
        fresh = tmp_path / committed.name
        assert (
            hashlib.sha256(fresh.read_bytes()).hexdigest()
            == hashlib.sha256(committed.read_bytes()).hexdigest()
        ), committed.name
