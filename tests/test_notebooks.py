"""Notebooks run top to bottom with nbclient, and are servable with ``panel serve``."""

from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient
from playwright.sync_api import expect

from tests.browser.conftest import open_panel
from tests.util import REPO, free_port, wait_until

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


@pytest.fixture
def notebook_env(monkeypatch, workbench_data):
    """Kernels inherit the environment: point them at a copy of the served sample database."""
    import shutil

    folder = workbench_data.parent / f"nb-{free_port()}"
    shutil.copytree(workbench_data, folder)
    monkeypatch.setenv("WORKBENCH_DATA", str(folder))
    monkeypatch.delenv("WORKBENCH_DB", raising=False)
    return folder


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path, notebook_env):
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert errors == []


@pytest.mark.notebook
@pytest.mark.browser
def test_tour_notebook_is_served_as_an_app(watched_page, notebook_env):
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "panel",
            "serve",
            "notebooks/00_tour.ipynb",
            "--port",
            str(port),
            "--address",
            "127.0.0.1",
            "--allow-websocket-origin",
            f"127.0.0.1:{port}",
        ],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/00_tour"
        wait_until(lambda: watched_page.request.get(url).ok, timeout=60, interval=0.5)
        open_panel(watched_page, url)
        expect(watched_page.get_by_role("heading", name="Propuestas", exact=True)).to_be_visible(
            timeout=30000
        )
        assert watched_page.errors == []
    finally:
        process.terminate()
        process.wait(timeout=20)
