"""A small, bounded run of the live-session load test: members scoring over real websockets
through the member page, then every acknowledged answer checked in the store."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.util import REPO

pytestmark = pytest.mark.slow

LAST_LINE = re.compile(
    r"^members (\d+), scores sent (\d+), stored (\d+), lost (\d+), duplicated (\d+), "
    r"p50 (\d+) ms, p95 (\d+) ms$"
)


def test_load_session_bench_loses_and_duplicates_nothing(tmp_path):
    run = subprocess.run(
        [
            sys.executable,
            "bench/load_session.py",
            "--members",
            "5",
            "--seconds",
            "5",
            "--think",
            "0.5",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = run.stdout.strip().splitlines()
    assert lines, run.stderr[-2000:]
    match = LAST_LINE.match(lines[-1])
    assert match, lines[-1]
    members, sent, stored, lost, duplicated = (int(g) for g in match.groups()[:5])
    assert members == 5
    assert sent > 0 and stored == sent  # every answer sent was acknowledged and stored
    assert (lost, duplicated) == (0, 0)
    assert run.returncode == 0
