"""The actor map served in headless Chromium: choose an actor, its card and ego network show."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import open_panel, sign_in
from tests.util import REPO

SCREENSHOTS = REPO / "docs" / "screenshots"


def test_choosing_an_actor_shows_its_card(watched_page, workbench_url):
    page = watched_page
    page.set_viewport_size({"width": 1400, "height": 900})
    sign_in(page, workbench_url, next_path="/actors")  # a facilitator app
    open_panel(page, f"{workbench_url}/actors?lang=es", timeout=120)  # a cold server is slow
    expect(page.get_by_text("Elija un actor en el mapa")).to_be_visible(timeout=30_000)
    chooser = page.locator("select").first
    chooser.select_option(label="GAD Municipal de Cayambe")
    expect(page.locator(".wb-card h3", has_text="GAD Municipal de Cayambe")).to_be_visible(
        timeout=30_000
    )
    # the map and the ego network are Bokeh canvases
    expect(page.locator("canvas").nth(1)).to_be_attached(timeout=30_000)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "actors-es.png"))
    page.locator(".bk-tab", has_text="Niveles").click()
    unlinked = page.locator("li", has_text="GAD Parroquial de Malchinguí").first
    expect(unlinked).to_be_visible(timeout=30_000)
    assert page.errors == []
    assert page.external == []
