"""Browser tests: mark them all, and give them a helper to wait for a Panel page."""

from __future__ import annotations

import pytest

from tests.util import wait_until


def pytest_collection_modifyitems(items):
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def open_panel(page, url: str, timeout: float = 30.0) -> None:
    """Go to ``url`` and wait until Panel has rendered the document over its websocket."""
    page.goto(url)
    wait_until(
        lambda: page.evaluate(
            "() => !!(window.Bokeh && Bokeh.documents && Bokeh.documents.length > 0)"
        ),
        timeout=timeout,
    )


def sign_in(page, base_url: str, next_path: str = "/facilitator") -> None:
    """Sign in as the test facilitator (:data:`tests.conftest.FACILITATOR_ACCOUNT`)."""
    from tests.conftest import FACILITATOR_ACCOUNT

    name, password = FACILITATOR_ACCOUNT
    page.goto(f"{base_url}/login?next={next_path}")
    page.locator("input[name=username]").fill(name)
    page.locator("input[name=password]").fill(password)
    page.locator("button[type=submit]").click()
    page.wait_for_url(f"**{next_path}*")
