"""One writer thread per server process that commits members' scores in groups.

Every member page hands its answers to :func:`enqueue`; the writer takes what
has arrived (up to :data:`BATCH` answers), commits it in one transaction with
:func:`workbench.session.submit_scores`, and only then calls each answer's
``done`` callback, which acknowledges it on the member's page. The server's
event loop never waits for the disk, and a room of 200 phones costs one
commit per group instead of one per tap.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

from workbench.errors import StoreError, WorkbenchError
from workbench.i18n import N_
from workbench.session import Ack, ScoreAnswer, submit_scores
from workbench.store import Store

__all__ = ["BATCH", "enqueue"]

#: Most answers committed together.
BATCH = 200

_log = logging.getLogger(__name__)
Done = Callable[[Ack | WorkbenchError], None]
_queues: dict[int, queue.Queue[tuple[ScoreAnswer, Done]]] = {}
_lock = threading.Lock()


def _run(store: Store, inbox: queue.Queue[tuple[ScoreAnswer, Done]]) -> None:
    while True:
        items = [inbox.get()]
        while len(items) < BATCH:
            try:
                items.append(inbox.get_nowait())
            except queue.Empty:
                break
        try:
            results = submit_scores(store, [answer for answer, _ in items])
        except Exception as exc:  # keep the writer alive; every sender hears of the failure
            _log.exception("group commit failed")
            error = StoreError(N_("The database could not save the change: {reason}"), reason=exc)
            results = [error] * len(items)
        for (_, done), result in zip(items, results, strict=True):
            try:
                done(result)
            except Exception:
                _log.exception("acknowledgement failed")


def enqueue(store: Store, answer: ScoreAnswer, done: Done) -> None:
    """Queue ``answer`` for the next group commit; ``done(result)`` runs after it.

    ``done`` is called from the writer thread with an :class:`~workbench.session.Ack`
    or the error that refused the answer.
    """
    with _lock:
        inbox = _queues.get(id(store))
        if inbox is None:
            inbox = _queues[id(store)] = queue.Queue()
            threading.Thread(
                target=_run, args=(store, inbox), name="session-writer", daemon=True
            ).start()
    inbox.put((answer, done))
