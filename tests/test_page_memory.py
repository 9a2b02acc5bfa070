"""Open pages' objects are kept out of full garbage-collector passes; closed pages' are freed."""

import gc
import weakref

import pytest

from workbench.ui.page_memory import PageMemory, track_page


@pytest.fixture
def thawed():
    """Leave the interpreter's collector as the test found it."""
    yield
    gc.unfreeze()


class Node:
    """Something a reference cycle can be made of (weak-referenceable)."""


def cycle() -> Node:
    a, b = Node(), Node()
    a.other, b.other = b, a
    return a


def test_an_open_page_is_frozen_and_freed_once_enough_pages_closed(thawed):
    memory = PageMemory(least=2)
    page = cycle()
    alive = weakref.ref(page)
    memory.page_opened()
    assert gc.get_freeze_count() > 0
    del page  # the page closes: its objects are now cyclic garbage, but frozen
    gc.collect()
    assert alive() is not None
    memory.page_closed()
    gc.collect()
    assert alive() is not None and memory.reclaims == 0  # one closed page: not yet
    memory.page_closed()
    assert memory.reclaims == 1
    assert alive() is None
    assert gc.get_freeze_count() > 0  # what is still alive is frozen again


def test_opening_a_page_collects_the_garbage_of_building_it(thawed):
    garbage = cycle()
    gone = weakref.ref(garbage)
    del garbage
    PageMemory().page_opened()
    assert gone() is None


def test_a_reclaim_waits_for_a_quarter_of_the_open_pages_to_close(thawed):
    memory = PageMemory(least=1, churn=0.25)
    for _ in range(40):
        memory.page_opened()
    for _ in range(7):  # 7 closed, 33 open: 7 < 33 / 4
        memory.page_closed()
    assert memory.reclaims == 0
    memory.page_closed()  # 8 closed, 32 open
    assert (memory.reclaims, memory.closed, memory.open) == (1, 0, 32)


def test_pages_built_outside_a_server_are_not_tracked(thawed):
    memory = PageMemory()
    before = gc.get_freeze_count()
    track_page(memory)
    assert gc.get_freeze_count() == before and memory.open == 0
