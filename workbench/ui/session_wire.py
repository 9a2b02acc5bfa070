"""A member's page driven over Bokeh's websocket protocol alone, as bokehjs drives it.

A phone's browser opens ``/member?code=..&key=..``, reads the session token
from the page, opens the websocket ``/member/ws`` with the subprotocols
``["bokeh", token]``, waits for the server's ``ACK``, asks for the document
(``PULL-DOC-REQ``) and from then on sends changes as ``PATCH-DOC`` messages
and receives the server's changes the same way. :class:`WireMember` does just
that with Bokeh's own message classes (:class:`bokeh.protocol.Protocol`,
:class:`bokeh.protocol.receiver.Receiver`) over tornado's websocket client,
without building a client-side :class:`~bokeh.document.Document`: the
document's JSON is read only to find the outbox and acks widgets by their CSS
classes. Hundreds of members then fit in one asyncio loop, which is what the
load test (``bench/load_session.py``) needs; :class:`MemberClient` in
``session_client.py`` is the full ``bokeh.client`` session the crash tests use.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from bokeh.client.websocket import WebSocketClientConnectionWrapper
from bokeh.protocol import Protocol
from bokeh.protocol.message import Message
from bokeh.protocol.messages.patch_doc import patch_doc
from bokeh.protocol.receiver import Receiver
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

from workbench.ui.session_member import ACKS_CLASS, OUTBOX_CLASS

__all__ = ["WireMember", "find_models", "session_token"]

_TOKEN = re.compile(r'"token"\s*:\s*"([A-Za-z0-9_\-.=]+)"')


def session_token(page: str) -> str:
    """The Bokeh session token embedded in a served page (as bokehjs reads it).

    Raises
    ------
    LookupError
        When the page carries no token (not a Bokeh server page).
    """
    found = _TOKEN.search(page)
    if found is None:
        raise LookupError("the page carries no Bokeh session token")
    return found.group(1)


def _objects(node: Any) -> Iterator[dict]:
    """Every serialised Bokeh model in a document's JSON, depth first."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.get("type") == "object" and "id" in item:
                yield item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def find_models(doc_json: dict, *css_classes: str) -> dict[str, str]:
    """Model id of the first model carrying each CSS class in a document's JSON.

    Raises
    ------
    LookupError
        When a class is carried by no model.
    """
    wanted = set(css_classes)
    found: dict[str, str] = {}
    for item in _objects(doc_json):
        classes = (item.get("attributes") or {}).get("css_classes") or []
        for css in wanted.intersection(c for c in classes if isinstance(c, str)):
            found.setdefault(css, item["id"])
        if len(found) == len(wanted):
            return found
    missing = ", ".join(sorted(wanted - set(found)))
    raise LookupError(f"no model with class {missing} in the member page")


class WireMember:
    """One member's page over the websocket, without a client-side document.

    Use :meth:`connect` (a coroutine), then :meth:`send` for each answer and
    :meth:`close` at the end; every method runs in the caller's asyncio loop.

    Parameters
    ----------
    base_url
        The served workbench, for example ``http://127.0.0.1:5006``.
    join_code, key
        The member's session code and key.
    """

    def __init__(self, base_url: str, join_code: str, key: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.join_code, self.key = join_code, key
        self.protocol = Protocol()
        self._socket: WebSocketClientConnectionWrapper | None = None
        self._reader: asyncio.Task | None = None
        self._waiting: dict[str, asyncio.Future] = {}
        self._replies: dict[str, asyncio.Future] = {}
        self.outbox_id = self.acks_id = ""
        self._attempt = 0
        #: True once the websocket closed: reconnect with a new :class:`WireMember`.
        self.closed = False

    async def connect(self, timeout: float = 60.0) -> None:
        """Open the page, then its websocket, and find the outbox and acks in the document."""
        query = urlencode({"code": self.join_code, "key": self.key})
        page = await AsyncHTTPClient().fetch(
            f"{self.base_url}/member?{query}", request_timeout=timeout
        )
        token = session_token(page.body.decode("utf-8", "replace"))
        ws_url = "ws" + self.base_url[len("http") :] + "/member/ws"
        socket = await websocket_connect(
            HTTPRequest(ws_url, connect_timeout=timeout, request_timeout=timeout),
            subprotocols=["bokeh", token],
            max_message_size=64 * 1024 * 1024,
        )
        socket.protocol.set_nodelay(True)  # as browsers do: small frames leave at once
        self._socket = WebSocketClientConnectionWrapper(socket)
        receiver = Receiver(self.protocol)
        first = await asyncio.wait_for(self._next_message(receiver), timeout)
        if first is None or first.msgtype != "ACK":
            raise ConnectionError(f"expected ACK from the server, got {first!r}")
        self._reader = asyncio.ensure_future(self._read(receiver))
        request = self.protocol.create("PULL-DOC-REQ")
        reply = await asyncio.wait_for(self._request(request), timeout)
        if reply.msgtype != "PULL-DOC-REPLY":
            raise ConnectionError(f"expected PULL-DOC-REPLY, got {reply.msgtype}")
        ids = find_models(reply.content["doc"], OUTBOX_CLASS, ACKS_CLASS)
        self.outbox_id, self.acks_id = ids[OUTBOX_CLASS], ids[ACKS_CLASS]

    async def _next_message(self, receiver: Receiver) -> Message[Any] | None:
        assert self._socket is not None
        while True:
            fragment = await self._socket.read_message()
            if fragment is None:
                return None
            message = await receiver.consume(fragment)
            if message is not None:
                return message

    async def _request(self, message: Message[Any]) -> Message[Any]:
        future = asyncio.get_running_loop().create_future()
        self._replies[message.header["msgid"]] = future
        await message.send(self._socket)
        return await future

    async def _read(self, receiver: Receiver) -> None:
        try:
            while True:
                message = await self._next_message(receiver)
                if message is None:
                    break
                reqid = message.header.get("reqid")
                if reqid in self._replies:
                    self._replies.pop(reqid).set_result(message)
                if message.msgtype == "PATCH-DOC":
                    self._on_patch(message.content)
        except Exception:  # a broken socket: every waiter hears of it below
            pass
        finally:
            self.closed = True
            for future in [*self._waiting.values(), *self._replies.values()]:
                if not future.done():
                    future.set_exception(ConnectionError("the websocket closed"))
                    future.exception()  # whoever still waits hears of it; nobody else must

    def _on_patch(self, content: dict) -> None:
        for event in content.get("events") or []:
            if event.get("kind") != "ModelChanged" or event.get("attr") != "value":
                continue
            if (event.get("model") or {}).get("id") != self.acks_id:
                continue
            try:
                acks = json.loads(event.get("new") or "[]")
            except (TypeError, ValueError):
                continue
            for answer_id, status in acks:
                future = self._waiting.get(answer_id)
                if future is not None and not future.done():
                    future.set_result(status)

    async def send(
        self,
        proposal_id: str,
        criterion_id: str,
        value: float,
        *,
        answer_id: str | None = None,
        timeout: float = 30.0,
    ) -> tuple[str, str, float]:
        """Send one score as the page does (a ``PATCH-DOC`` on the outbox) and await its ack.

        Returns
        -------
        tuple
            ``(answer_id, status, seconds)``, ``status`` ``"ok"`` or ``"refused"``;
            ``seconds`` from sending to the acknowledgement (given after the commit).

        Raises
        ------
        TimeoutError
            No acknowledgement within ``timeout`` seconds.
        ConnectionError
            The websocket closed first.
        """
        if self._socket is None or self.closed:
            raise ConnectionError("the websocket is closed")
        answer_id = answer_id or uuid.uuid4().hex
        self._attempt += 1
        payload = {"id": answer_id, "p": proposal_id, "c": criterion_id, "v": value}
        payload["n"] = self._attempt  # a resend differs, so the widget's value changes
        event = {
            "kind": "ModelChanged",
            "model": {"id": self.outbox_id},
            "attr": "value",
            "new": json.dumps(payload),
        }
        message = patch_doc(patch_doc.create_header(), {}, {"events": [event]})
        future = self._waiting.get(answer_id)
        if future is None or future.done():
            future = self._waiting[answer_id] = asyncio.get_running_loop().create_future()
        started = time.perf_counter()
        await message.send(self._socket)
        try:
            status = await asyncio.wait_for(asyncio.shield(future), timeout)
        finally:
            if future.done():
                self._waiting.pop(answer_id, None)
        return answer_id, status, time.perf_counter() - started

    def close(self) -> None:
        """Close the websocket."""
        if self._socket is not None:
            self._socket.close()
        if self._reader is not None:
            self._reader.cancel()
        self.closed = True
