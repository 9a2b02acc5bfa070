"""Live sessions over the real server: scores sent as the member page sends them survive
``kill -9``, a restart resumes the session, a reconnecting member sees earlier answers,
and facilitator pages and actions stay closed to anyone not signed in."""

from __future__ import annotations

import functools
import os
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.util import REPO, free_port, wait_until
from workbench.session import facilitator, open_session, register_member, session_state
from workbench.session.accounts import add_account
from workbench.store import Store
from workbench.store.seed import load_sample

pytestmark = pytest.mark.slow

ANA = facilitator("ana")
PROPOSALS = ["P0001", "P0002", "P0003", "P0004"]
CRITERIA = ["empleo", "inclusion"]


def _responds(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (OSError, urllib.error.HTTPError):
        return False


def start_server(folder: Path, port: int) -> subprocess.Popen:
    """``workbench serve`` on loopback (``exec``s into ``panel serve``: same pid)."""
    env = {**os.environ, "WORKBENCH_DATA": str(folder), "WORKBENCH_DB": ""}
    log = open(folder / f"serve-{port}.log", "a")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "workbench.cli", "serve", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=REPO,
    )
    try:
        wait_until(
            lambda: (
                process.poll() is not None
                or _responds(f"http://127.0.0.1:{port}/liveness")
                or _responds(f"http://127.0.0.1:{port}/overview")
            ),
            timeout=90,
            interval=0.2,
        )
    except TimeoutError:
        process.kill()
        raise
    if process.poll() is not None:
        raise RuntimeError((folder / f"serve-{port}.log").read_text()[-2000:])
    return process


@pytest.fixture(scope="module")
def served_table(tmp_path_factory):
    folder = tmp_path_factory.mktemp("live")
    with Store(f"sqlite:///{folder / 'workbench.db'}") as store:
        load_sample(store)
        state = open_session(
            store, ANA, title="Mesa en vivo", proposals=PROPOSALS, criteria=CRITERIA
        )
        keys = [register_member(store, ANA, state.id, participant_id=p)[1] for p in ("M01", "M02")]
    add_account("ana", "contraseña-de-prueba", path=folder / "users.json")
    return folder, state, keys


def in_own_thread(test):
    """Run ``test`` in a thread of its own.

    Bokeh's client runs an event loop; Playwright's sync API (browser tests in the
    same pytest process) keeps another one running in the main thread, and two
    loops cannot run in one thread.
    """

    @functools.wraps(test)
    def run(*args, **kwargs):
        outcome: dict[str, BaseException] = {}

        def target() -> None:
            try:
                test(*args, **kwargs)
            except BaseException as exc:  # handed back to pytest below
                outcome["error"] = exc

        thread = threading.Thread(target=target)
        thread.start()
        thread.join()
        if "error" in outcome:
            raise outcome["error"]

    return run


@in_own_thread
def test_kill_9_loses_no_acknowledged_score_and_restart_resumes(served_table):
    from workbench.ui.session_client import MemberClient

    folder, state, keys = served_table
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(folder, port)
    acknowledged: list[tuple[str, str, str, float]] = []
    attempted: list[tuple[str, str, float]] = []
    stop = threading.Event()
    try:
        first = MemberClient(base, state.join_code, keys[0])
        # a resend of the same answer is applied once
        answer_id, status, _ = first.send("P0001", "empleo", 4)
        again, status_again, _ = first.send("P0001", "empleo", 4, answer_id=answer_id)
        assert (status, status_again, again) == ("ok", "ok", answer_id)
        acknowledged.append(("P0001", "empleo", answer_id, 4))
        second = MemberClient(base, state.join_code, keys[1])

        def keep_scoring():
            values = iter(range(10_000))
            try:
                while not stop.is_set():
                    n = next(values)
                    proposal, criterion = PROPOSALS[n % 4], CRITERIA[(n // 4) % 2]
                    value = 1 + n % 5
                    attempted.append((proposal, criterion, value))
                    answer, ok, _ = second.send(proposal, criterion, value, timeout=5)
                    if ok == "ok":
                        acknowledged.append((proposal, criterion, answer, value))
            except Exception:  # the server died under us: expected
                return

        sender = threading.Thread(target=keep_scoring)
        sender.start()
        wait_until(lambda: len(acknowledged) >= 12, timeout=60)
        os.kill(server.pid, signal.SIGKILL)  # mid-session, answers in flight
        server.wait(timeout=10)
        stop.set()
        sender.join(timeout=30)
    finally:
        stop.set()
        if server.poll() is None:
            server.kill()
    # every acknowledged answer is in the database, applied once
    with Store(f"sqlite:///{folder / 'workbench.db'}") as store:
        answers = store.read("session_answers", where={"session_id": state.id})
        ids = answers["answer_id"].to_list()
        assert len(ids) == len(set(ids))
        missing = [a for _, _, a, _ in acknowledged if a not in set(ids)]
        assert missing == []
        # each stored score is the last acknowledged one, or the one in flight at the kill
        latest = {}
        for proposal, criterion, _, value in acknowledged[1:]:
            latest[(proposal, criterion)] = value
        in_flight = attempted[len(acknowledged) - 1 :]
        scores = store.read("scores", where={"session_id": state.id, "participant_id": "M02"})
        stored = {
            (p, c): v for p, c, v in scores.select("proposal_id", "criterion_id", "value").rows()
        }
        assert set(latest) <= set(stored)
        for key, value in latest.items():
            allowed = {value} | {v for p, c, v in in_flight if (p, c) == key}
            assert stored[key] in allowed, (key, stored[key], allowed)
        assert session_state(store, state.id).status == "open"
    # restart: the session resumes and a reconnecting member sees earlier answers
    port = free_port()
    server = start_server(folder, port)
    try:
        back = MemberClient(f"http://127.0.0.1:{port}", state.join_code, keys[0])
        from bokeh.models import RadioButtonGroup

        groups = [m for m in back.session.document.models if isinstance(m, RadioButtonGroup)]
        # P0001 is shown first: "4" (index 3) on empleo, nothing yet on inclusion
        actives = sorted((g.active for g in groups), key=lambda a: -1 if a is None else a)
        assert actives == [None, 3]
        _answer, status, _ = back.send("P0002", "inclusion", 2)
        assert status == "ok"
        back.close()
    finally:
        server.kill()
        server.wait(timeout=10)


def test_facilitator_pages_need_a_signed_in_facilitator(served_table):
    folder, state, keys = served_table
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(folder, port)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)

    def status(url, data=None, cookie=None):
        request = urllib.request.Request(url, data=data)
        if cookie:
            request.add_header("Cookie", cookie)
        try:
            with opener.open(request, timeout=10) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers, ""

    try:
        # open pages stay anonymous
        assert status(f"{base}/overview")[0] == 200
        assert status(f"{base}/member?code={state.join_code}")[0] == 200
        # the console and its websocket ask for a sign-in
        code, headers, _ = status(f"{base}/facilitator")
        assert code == 302 and "login?next=" in headers["Location"]
        assert status(f"{base}/facilitator/ws")[0] in (302, 403)
        # a member's key is not a facilitator sign-in
        assert (
            status(f"{base}/facilitator", cookie=f"wb_member={state.join_code}:{keys[0]}")[0] == 302
        )
        # a forged, unsigned user cookie is refused
        assert status(f"{base}/facilitator", cookie="user=ana")[0] == 302
        # a wrong password is refused; the right one signs in
        form = urllib.parse.urlencode({"username": "ana", "password": "wrong-password"}).encode()
        assert status(f"{base}/login", data=form)[0] == 401
        form = urllib.parse.urlencode(
            {"username": "ana", "password": "contraseña-de-prueba", "next": "/facilitator"}
        ).encode()
        code, headers, _ = status(f"{base}/login", data=form)
        assert code == 302 and headers["Location"] == "/facilitator"
        cookie = headers["Set-Cookie"].split(";", 1)[0]
        code, _, _body = status(f"{base}/facilitator", cookie=cookie)
        assert code == 200
        # an open redirect through the sign-in page goes home instead
        form = urllib.parse.urlencode(
            {"username": "ana", "password": "contraseña-de-prueba", "next": "//evil.example/"}
        ).encode()
        assert status(f"{base}/login", data=form)[1]["Location"] == "/"
    finally:
        server.kill()
        server.wait(timeout=10)
