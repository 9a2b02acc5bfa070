"""The served workbench in headless Chromium: landing page in two languages, every app opens,
citizens' markup stays inert, nothing is fetched from outside the machine."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import open_panel, sign_in
from tests.util import REPO, wait_until
from workbench.i18n import gettext
from workbench.ui.registry import APPS

SCREENSHOTS = REPO / "docs" / "screenshots"


@pytest.mark.parametrize("lang", ["es", "en"])
def test_landing_page_in_each_language(watched_page, workbench_url, lang):
    page = watched_page
    page.set_viewport_size({"width": 1200, "height": 800})
    open_panel(page, f"{workbench_url}/?lang={lang}")
    expect(page.get_by_text(gettext("The cycle of the table", lang))).to_be_visible()
    for app in APPS:
        expect(page.get_by_role("link", name=gettext(app.title, lang))).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"landing-{lang}.png"))
    assert page.errors == []
    assert page.external == []


def test_language_switch_goes_to_english_and_back(watched_page, workbench_url):
    page = watched_page
    open_panel(page, f"{workbench_url}/?lang=es")
    page.get_by_role("link", name="English").click()
    expect(page.get_by_text("The cycle of the table")).to_be_visible()
    page.get_by_role("link", name="Español").click()
    expect(page.get_by_text("El ciclo de la mesa")).to_be_visible()


@pytest.mark.parametrize("app", APPS, ids=[a.slug for a in APPS])
def test_every_app_opens_without_errors(watched_page, workbench_url, app):
    page = watched_page
    if app.audience == "facilitator":
        sign_in(page, workbench_url)
    open_panel(page, f"{workbench_url}/{app.slug}?lang=es")
    expect(page.get_by_text(gettext(app.title, "es")).first).to_be_visible()
    assert page.errors == []
    assert page.external == []


def test_overview_on_a_phone(watched_page, workbench_url):
    page = watched_page
    page.set_viewport_size({"width": 390, "height": 844})
    open_panel(page, f"{workbench_url}/overview?lang=es")
    expect(page.get_by_role("heading", name="Propuestas", exact=True)).to_be_visible()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 420, f"the page is {width}px wide on a 390px phone"


def test_citizens_markup_is_shown_as_text_and_never_runs(watched_page, workbench_url):
    page = watched_page
    open_panel(page, f"{workbench_url}/overview?lang=es")
    search = page.locator(".tabulator-header-filter input").first
    search.press_sequentially("__xss")
    shown = '<script>window.__xss = "script"</script>Propuesta con script'
    expect(page.get_by_text(shown, exact=True)).to_be_visible()
    expect(page.get_by_text("<img src=x onerror", exact=False).first).to_be_visible()
    wait_until(lambda: page.evaluate("() => document.readyState") == "complete")
    assert page.evaluate("() => window.__xss") is None
    assert page.locator("img[src='x']").count() == 0
    assert page.errors == []
