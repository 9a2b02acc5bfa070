"""The themes explorer served and driven in Chromium: fitted themes show, hostile text stays
inert (table and map), a rename made in the page lands in the store's event log."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import open_panel
from tests.conftest import HOSTILE_TEXTS
from tests.themes_support import add_sample_proposals
from tests.util import REPO, serve_workbench, wait_until
from workbench.store import Store, now
from workbench.themes import current_themes, fit_store

SCREENSHOTS = REPO / "docs" / "screenshots"


@pytest.fixture(scope="module")
def themed_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("themes-served")
    url = f"sqlite:///{folder / 'workbench.db'}"
    with Store(url) as store:
        add_sample_proposals(store, 60)
        store.insert(
            "proposals",
            [
                {"id": f"PX{i}", "text": text, "canton_code": "1701", "created_at": now()}
                for i, text in enumerate(HOSTILE_TEXTS)
            ],
            actor="test:hostile",
        )
        fit_store(store, actor="test", n_themes=4)
    env = {"WORKBENCH_DATA": str(folder), "WORKBENCH_DB": ""}
    with serve_workbench(env) as base:
        yield base, url


def test_explorer_shows_themes_keeps_text_inert_and_records_a_rename(watched_page, themed_url):
    base, url = themed_url
    page = watched_page
    page.set_viewport_size({"width": 1300, "height": 1000})
    open_panel(page, f"{base}/themes?lang=es")
    expect(page.get_by_text("Cambiar los temas")).to_be_visible(timeout=30_000)
    with Store(url) as store:
        names = current_themes(store)["theme"].unique().to_list()
    expect(page.get_by_text(names[0]).first).to_be_visible()
    search = page.locator(".tabulator-header-filter input").last
    search.press_sequentially("window.__xss")
    expect(page.get_by_text(HOSTILE_TEXTS[0], exact=True)).to_be_visible()
    assert page.evaluate("() => window.__xss") is None
    assert page.locator("img[src='x']").count() == 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "themes-es.png"), full_page=True)
    page.get_by_label("Nombre nuevo").fill("Tema renombrado en la sala")
    page.get_by_role("button", name="Renombrar").click()

    def renamed():
        with Store(url) as store:
            return "Tema renombrado en la sala" in set(current_themes(store)["theme"])

    wait_until(renamed, timeout=30)
    with Store(url) as store:
        assert store.events(kind="themes.rename")["actor"].to_list() == ["facilitator"]
    assert page.errors == []
    assert page.external == []
