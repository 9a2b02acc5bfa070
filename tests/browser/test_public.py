"""The public dashboard served in headless Chromium: its sections in both languages, the
territory filter, nothing fetched from outside, and no planted personal data in anything
the server sends to the page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import open_panel
from tests.cycle_fixtures import fill_cycle_store
from tests.privacy_markers import MARKER, plant_markers
from tests.util import serve_workbench, wait_until
from workbench.i18n import gettext
from workbench.store import Store

SECTIONS = (
    "Open calls",
    "Themes raised per territory",
    "Prioritised portfolio",
    "Agreements and their status",
)


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    folder: Path = tmp_path_factory.mktemp("public")
    with Store(f"sqlite:///{folder / 'workbench.db'}") as store:
        fill_cycle_store(store)
        plant_markers(store)
    from tests.conftest import FACILITATOR_ACCOUNT
    from workbench.session.accounts import add_account

    add_account(*FACILITATOR_ACCOUNT, path=folder / "users.json")
    with serve_workbench({"WORKBENCH_DATA": str(folder), "WORKBENCH_DB": ""}) as url:
        yield url, folder


def _record_frames(page) -> list[str]:
    frames: list[str] = []

    def _socket(ws):
        ws.on("framereceived", lambda payload: frames.append(str(payload)))

    page.on("websocket", _socket)
    return frames


@pytest.mark.parametrize("lang", ["es", "en"])
def test_public_dashboard_shows_its_sections_and_no_personal_data(watched_page, served, lang):
    public_url, _folder = served
    page = watched_page
    frames = _record_frames(page)
    responses: list[str] = []
    page.on(
        "response",
        lambda r: (
            responses.append(r.text())
            if r.url.startswith(f"{public_url}/public") and r.ok
            else None
        ),
    )
    open_panel(page, f"{public_url}/public?lang={lang}")
    for heading in SECTIONS:
        expect(page.get_by_role("heading", name=gettext(heading, lang))).to_be_visible()
    # the sample call is open and its agreements are listed
    expect(page.get_by_text("C2026-01").first).to_be_visible()
    expect(page.get_by_text("AC-04").first).to_be_visible()
    wait_until(lambda: any("AC-04" in f for f in frames) or "AC-04" in page.content())
    served = " ".join([page.content(), *frames, *responses]).lower()
    assert MARKER not in served
    assert page.errors == []
    assert page.external == []


def test_choosing_a_canton_redraws_the_themes(watched_page, served):
    public_url, _folder = served
    page = watched_page
    open_panel(page, f"{public_url}/public?lang=es")
    before = page.locator("img[src^='data:image/png']").first.get_attribute("src")
    page.locator("select").first.select_option(label="Puerto Quito")
    wait_until(
        lambda: page.locator("img[src^='data:image/png']").first.get_attribute("src") != before
    )
    expect(page.get_by_role("gridcell", name="Puerto Quito").first).to_be_visible()
    expect(page.get_by_role("gridcell", name="Cayambe")).to_have_count(0)
    assert page.errors == []


@pytest.mark.notebook
def test_full_session_notebook_is_served_as_the_public_dashboard(watched_page, tmp_path):
    import os
    import subprocess
    import sys

    from tests.util import REPO, free_port

    with Store(f"sqlite:///{tmp_path / 'workbench.db'}") as store:
        from workbench.store.seed import load_sample

        load_sample(store)
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "panel",
            "serve",
            "notebooks/05_full_session.ipynb",
            "--port",
            str(port),
            "--address",
            "127.0.0.1",
            "--allow-websocket-origin",
            f"127.0.0.1:{port}",
        ],
        cwd=REPO,
        env={**os.environ, "WORKBENCH_DATA": str(tmp_path), "WORKBENCH_DB": ""},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/05_full_session"
        wait_until(lambda: watched_page.request.get(url).ok, timeout=120, interval=0.5)
        open_panel(watched_page, url, timeout=120)
        expect(watched_page.get_by_role("heading", name="Convocatorias abiertas")).to_be_visible(
            timeout=60000
        )
        expect(watched_page.get_by_text("AC-04").first).to_be_visible()
        assert watched_page.errors == []
        assert watched_page.external == []
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_the_cycle_console_needs_a_facilitator(watched_page, served):
    public_url, _folder = served
    page = watched_page
    page.goto(f"{public_url}/cycle?lang=es")
    wait_until(lambda: "/login" in page.url)


def test_a_facilitator_records_a_follow_up_in_the_cycle_console(watched_page, served):
    from tests.browser.conftest import sign_in
    from workbench.cycle import agreement_history

    public_url, folder = served
    page = watched_page
    sign_in(page, public_url, "/cycle")
    open_panel(page, f"{public_url}/cycle?lang=es")
    expect(page.get_by_role("heading", name="Historial del acuerdo")).to_be_visible()
    selects = page.locator("select")
    selects.nth(1).select_option("AC-03")
    selects.nth(2).select_option(label="En ejecución")
    page.get_by_label("Nota de seguimiento").fill("Convenio firmado")
    page.get_by_role("button", name="Registrar el seguimiento").click()
    expect(page.get_by_text("Seguimiento registrado.")).to_be_visible()
    with Store(f"sqlite:///{folder / 'workbench.db'}") as store:
        history = agreement_history(store, "AC-03")
    assert history["status"].to_list()[-1] == "in_execution"
    assert history["note"].to_list()[-1] == "Convenio firmado"
    assert history["actor"].to_list()[-1] == "facilitator:facilitadora"
    assert page.errors == []
    assert page.external == []
