"""The ``workbench`` command: one clear line and a non-zero status for every user error."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from workbench.store import Store


def _run(*args: str, env: dict[str, str] | None = None, timeout: float = 60):
    full_env = {**os.environ, "WORKBENCH_LANG": "en", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "workbench.cli", *args],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd="/",
    )


def _one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("mysql://u@h/db", "unsupported database 'mysql'"),
        ("not a url", "is not a database URL"),
        ("sqlite://", "names no SQLite file"),
        ("postgresql://u@127.0.0.1:1", "names no PostgreSQL database"),
    ],
)
def test_malformed_workbench_db_prints_one_line(value, expected, tmp_path):
    result = _run("init", env={"WORKBENCH_DB": value, "WORKBENCH_DATA": str(tmp_path)})
    assert result.returncode == 2
    assert expected in _one_line(result.stderr)


def test_unreachable_postgresql_prints_one_line(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = _run("init", env={"WORKBENCH_DB": f"postgresql://u@127.0.0.1:{port}/db"})
    assert result.returncode == 2
    assert "Cannot open the database" in _one_line(result.stderr)


def test_unwritable_data_path_prints_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = _run("init", env={"WORKBENCH_DATA": str(blocker / "data"), "WORKBENCH_DB": ""})
    assert result.returncode == 2
    assert "Cannot write to the data folder" in _one_line(result.stderr)


def test_read_only_data_folder_prints_one_line():
    folder = Path(tempfile.mkdtemp(prefix="workbench-ro-"))
    folder.chmod(0o555)
    # root writes through permissions: use a folder of sysfs, read-only even to root
    target = Path("/sys/fs") if os.geteuid() == 0 else folder
    try:
        result = _run("init", env={"WORKBENCH_DATA": str(target), "WORKBENCH_DB": ""})
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)
    assert result.returncode == 2
    assert f"Cannot write to the data folder {target}" in _one_line(result.stderr)


def test_messages_are_spanish_by_default(tmp_path):
    result = _run("init", env={"WORKBENCH_DB": "mysql://u@h/db", "WORKBENCH_LANG": ""})
    assert "base de datos" in _one_line(result.stderr)


def test_init_creates_and_loads_the_sample(tmp_path):
    env = {"WORKBENCH_DATA": str(tmp_path), "WORKBENCH_DB": ""}
    result = _run("init", "--sample", env=env)
    assert result.returncode == 0, result.stderr
    assert "Loaded the sample data" in result.stdout
    with Store(f"sqlite:///{tmp_path / 'workbench.db'}") as store:
        assert store.count("proposals") >= 600
    again = _run("init", "--sample", env=env)
    assert again.returncode == 2
    assert "already holds proposals" in _one_line(again.stderr)


def test_serve_on_a_taken_port_prints_one_line(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        result = _run(
            "serve",
            "--port",
            str(port),
            "--empty",
            env={"WORKBENCH_DATA": str(tmp_path), "WORKBENCH_DB": ""},
        )
    assert result.returncode == 2
    assert f"Port {port} is already in use" in _one_line(result.stderr)


def test_serve_rejects_an_impossible_port(tmp_path):
    result = _run("serve", "--port", "70000", env={"WORKBENCH_DATA": str(tmp_path)})
    assert result.returncode == 2
    assert "between 1 and 65535" in _one_line(result.stderr)


def test_no_command_prints_help_and_fails():
    result = _run()
    assert result.returncode == 2
    assert "usage: workbench" in result.stdout
