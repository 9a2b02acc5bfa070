"""The prioritiser served in headless Chromium, on a phone-width viewport and on a desktop."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import open_panel, sign_in
from tests.util import REPO

SCREENSHOTS = REPO / "docs" / "screenshots"


def test_prioritiser_on_a_phone(watched_page, workbench_url):
    page = watched_page
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, workbench_url, "/prioritise")
    open_panel(page, f"{workbench_url}/prioritise?lang=es", timeout=60)
    expect(page.get_by_text("Priorización y portafolio").first).to_be_visible(timeout=30_000)
    for tab in ("Criterios", "Pesos", "Orden", "Sensibilidad", "Robustez", "Portafolio"):
        expect(page.get_by_text(tab, exact=True).first).to_be_attached()
    page.get_by_text("Pesos", exact=True).first.click()
    page.get_by_role("button", name="AHP por pares").click()
    expect(page.get_by_text("Razón de consistencia", exact=False)).to_be_visible(timeout=20_000)
    page.get_by_text("Portafolio", exact=True).first.click()
    expect(page.get_by_text("máximo valor", exact=False)).to_be_visible(timeout=20_000)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 420, f"the page is {width}px wide on a 390px phone"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "prioritise-phone-es.png"))
    assert page.errors == []
    assert page.external == []


def test_prioritiser_ranking_on_a_desktop(watched_page, workbench_url):
    page = watched_page
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, workbench_url, "/prioritise")
    open_panel(page, f"{workbench_url}/prioritise?lang=en", timeout=60)
    page.get_by_text("Ranking", exact=True).first.click()
    expect(page.get_by_text("P0050", exact=True).first).to_be_visible(timeout=30_000)
    page.get_by_text("Robustness", exact=True).first.click()
    expect(page.get_by_text("Left out of the robustness analysis", exact=False)).to_be_visible(
        timeout=30_000
    )
    page.screenshot(path=str(SCREENSHOTS / "prioritise-desktop-en.png"))
    assert page.errors == []
    assert page.external == []
