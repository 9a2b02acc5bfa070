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
