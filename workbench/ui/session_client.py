"""A simulated member driving the member page over its Bokeh websocket, as a browser does.

Used by the load test (``bench/load_session.py``) and the crash tests: it opens
a real session of ``/member`` with ``bokeh.client``, writes answers into the
page's outbox widget and waits for their acknowledgement in the acks widget,
which the server sets only after the commit.
"""

from __future__ import annotations

import json
import time
import uuid

import panel as pn  # noqa: F401 - registers Panel's models so the client can read the page
from bokeh.client import pull_session
from bokeh.document import Document
from bokeh.models import Model

from workbench.ui.session_member import ACKS_CLASS, OUTBOX_CLASS

__all__ = ["AckTimeoutError", "MemberClient"]


class AckTimeoutError(TimeoutError):
    """The server did not acknowledge an answer in time."""


def _find(document: Document, css_class: str) -> Model:
    for model in document.models:
        if css_class in (getattr(model, "css_classes", None) or []):
            return model
    raise LookupError(f"no model with class {css_class} in the member page")


class MemberClient:
    """One member's page, opened over the websocket.

    Parameters
    ----------
    base_url
        The served workbench, for example ``http://127.0.0.1:5006``.
    join_code, key
        The member's session code and key.
    """

    def __init__(self, base_url: str, join_code: str, key: str) -> None:
        self.session = pull_session(
            url=f"{base_url.rstrip('/')}/member", arguments={"code": join_code, "key": key}
        )
        self.outbox = _find(self.session.document, OUTBOX_CLASS)
        self.acks = _find(self.session.document, ACKS_CLASS)
        #: True once the connection is lost or an acknowledgement did not come: reconnect.
        self.broken = False

    def acknowledged(self) -> dict[str, str]:
        """Answer id to ``"ok"``/``"refused"`` for the recent acknowledgements."""
        try:
            return dict(json.loads(self.acks.value or "[]"))
        except ValueError:
            return {}

    def send(
        self,
        proposal_id: str,
        criterion_id: str,
        value: float,
        *,
        answer_id: str | None = None,
        timeout: float = 30.0,
    ) -> tuple[str, str, float]:
        """Send one score and wait for its acknowledgement.

        Returns
        -------
        tuple
            ``(answer_id, status, seconds)``.

        Raises
        ------
        AckTimeoutError
            When no acknowledgement came within ``timeout`` seconds.
        """
        answer_id = answer_id or uuid.uuid4().hex
        attempt = getattr(self, "_attempt", 0) + 1
        self._attempt = attempt
        payload = {"id": answer_id, "p": proposal_id, "c": criterion_id, "v": value, "n": attempt}
        started = time.perf_counter()
        self.outbox.value = json.dumps(payload)
        connection = self.session._connection
        loop = connection.io_loop

        def give_up() -> None:
            # stopping mid-message would leave the websocket out of step: close it instead
            self.broken = True
            connection.close("no acknowledgement")

        timer = loop.call_later(timeout, give_up)
        last_resort = loop.call_later(timeout + 10, loop.stop)  # the socket never closed
        try:
            connection._loop_until(
                lambda: answer_id in self.acknowledged() or not connection.connected
            )
        finally:
            loop.remove_timeout(timer)
            loop.remove_timeout(last_resort)
        status = self.acknowledged().get(answer_id)
        if status is None:
            self.broken = True
            raise AckTimeoutError(answer_id)
        return answer_id, status, time.perf_counter() - started

    def close(self) -> None:
        """Close the websocket."""
        self.session.close()
