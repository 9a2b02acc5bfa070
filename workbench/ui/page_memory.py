"""Keep the objects of open pages out of the cyclic garbage collector's full passes.

Every served page is a Bokeh document of a few thousand Python objects that live
as long as the page is open: 200 member pages hold about two million objects in
one server process. CPython's full collection walks all of them each time the
old generation has grown by a quarter, and nothing else runs meanwhile: the
load test measured full passes of 0.2 to 1.4 s (``gc.callbacks``), during which
no phone in the room got its acknowledgement (p95 599 ms in a run where one fell
inside the scoring window, 85 ms in a run where none did).

:class:`PageMemory` moves a page's objects into CPython's permanent generation
(:func:`gc.freeze`) once the page is open, so full passes only walk what was
made since; it collects first, so the garbage of building the page is not kept.
Objects of pages that closed stay frozen until enough pages have closed (a
quarter of those open, at least ``least``), when :meth:`PageMemory.reclaim`
thaws everything and runs one full collection: the pause Python would take
anyway, but when people leave rather than while they score.
"""

from __future__ import annotations

import gc
import threading

import panel as pn

__all__ = ["PAGES", "PageMemory", "track_page"]


class PageMemory:
    """Counts open pages and freezes their objects; reclaims when enough have closed.

    Parameters
    ----------
    churn
        Fraction of the open pages that must have closed before a reclaim.
    least
        Fewest closed pages before a reclaim.
    """

    def __init__(self, *, churn: float = 0.25, least: int = 20) -> None:
        self.churn = churn
        self.least = least
        self.open = 0
        self.closed = 0
        self.reclaims = 0
        self._lock = threading.Lock()

    def page_opened(self) -> None:
        """A page is open: collect what building it left, then freeze what remains."""
        with self._lock:
            self.open += 1
            gc.collect()  # walks only what is not frozen yet: the pages built since
            gc.freeze()

    def page_closed(self) -> None:
        """A page is closed: reclaim once enough closed pages hold frozen objects."""
        with self._lock:
            self.open = max(0, self.open - 1)
            self.closed += 1
            due = self.closed >= max(self.least, self.churn * self.open)
        if due:
            self.reclaim()

    def reclaim(self) -> None:
        """Thaw every object, collect the garbage of closed pages, freeze the rest again."""
        with self._lock:
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            self.closed = 0
            self.reclaims += 1


#: The server process's pages.
PAGES = PageMemory()


def track_page(memory: PageMemory = PAGES) -> None:
    """Have ``memory`` follow the served page being built (nothing outside a server)."""
    document = pn.state.curdoc
    if document is None or document.session_context is None:
        return
    # runs on the server's loop once the session holding the built page exists (a
    # page's onload would wait for the browser to say it rendered the page)
    document.add_next_tick_callback(memory.page_opened)
    document.on_session_destroyed(lambda _context: memory.page_closed())
