"""A live session in headless Chromium: the facilitator's console and two members' phones;
scores given on the phones appear in the facilitator's results."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import open_panel, sign_in
from tests.util import wait_until
from workbench.session import facilitator, open_session, register_member
from workbench.store import Store


@pytest.fixture
def live_session(workbench_data: Path):
    with Store(f"sqlite:///{workbench_data / 'workbench.db'}") as store:
        ana = facilitator("facilitadora")
        state = open_session(
            store, ana, title="Mesa de prueba en vivo", proposals=["P0010"], criteria=["empleo"]
        )
        keys = [register_member(store, ana, state.id, participant_id=p)[1] for p in ("M03", "M04")]
    return state, keys


def _watch(page):
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    return page


def test_scores_from_two_phones_reach_the_facilitators_results(
    browser, workbench_url, live_session
):
    state, keys = live_session
    console = _watch(browser.new_context().new_page())
    sign_in(console, workbench_url)
    open_panel(console, f"{workbench_url}/facilitator?session={state.id}&lang=es")
    expect(console.get_by_text(f"Código: {state.join_code}")).to_be_visible()
    phones = []
    for key, value in zip(keys, ("5", "3"), strict=True):
        context = browser.new_context(viewport={"width": 390, "height": 844})
        phone = _watch(context.new_page())
        open_panel(phone, f"{workbench_url}/member?code={state.join_code}&key={key}&lang=es")
        expect(phone.get_by_text("Mesa de prueba en vivo")).to_be_visible()
        phone.get_by_role("button", name=value, exact=True).first.click()
        expect(phone.get_by_text("Guardado.")).to_be_visible()
        phones.append(phone)
        # the member's key is kept in a cookie: a reload rejoins without the key in the address
        wait_until(lambda ctx=context: any(c["name"] == "wb_member" for c in ctx.cookies()))
    # both members' scores, in the console's results
    results = console.locator(".tabulator-row", has_text="P0010")
    expect(results.first).to_be_visible(timeout=20_000)
    expect(results.first.locator("[tabulator-field=members]")).to_have_text("2", timeout=20_000)
    expect(results.first.locator("[tabulator-field=rank]")).to_have_text("1")
    # a reload of a phone without the key shows the earlier answer as chosen
    phone = phones[0]
    open_panel(phone, f"{workbench_url}/member?lang=es")
    expect(phone.get_by_text("Mesa de prueba en vivo")).to_be_visible()
    chosen = phone.locator(".bk-btn.bk-active")
    expect(chosen.first).to_have_text("5")
    for page in (console, *phones):
        assert page.errors == []
