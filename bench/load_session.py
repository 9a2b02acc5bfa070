"""Load test of a live session: N members scoring at once over the member page's websocket.

Starts ``workbench serve`` on loopback over a fresh copy of the sample (or the
database given with ``--db``), opens a session, registers N members, opens one
real Bokeh session of ``/member`` per member (``bokeh.client``, as a phone's
browser does), and has each member score for S seconds, writing answers into
the page's outbox and waiting for the acknowledgement the server gives after
the commit. About one answer in twenty is sent twice with the same id, as a
phone on a flaky connection does. Then it stops the server and checks the
store: every acknowledged answer must be there, once.

    python bench/load_session.py --members 200 --seconds 60 [--db URL] [--num-procs 2]

The last line is
``members N, scores sent X, stored Y, lost L, duplicated D, p50 A ms, p95 B ms``.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from workbench.session import facilitator, open_session, register_member  # noqa: E402
from workbench.store import Store  # noqa: E402
from workbench.store.seed import load_sample  # noqa: E402

ANA = facilitator("bench")


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def start_server(env: dict[str, str], port: int, num_procs: int, log: Path) -> subprocess.Popen:
    """``workbench serve`` on loopback; returns once it answers."""
    command = [sys.executable, "-m", "workbench.cli", "serve", "--port", str(port)]
    command += ["--num-procs", str(num_procs)]
    handle = open(log, "w")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        command,
        env={**os.environ, **env},
        stdout=handle,
        stderr=subprocess.STDOUT,
        cwd=REPO,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(log.read_text()[-2000:])
        if _up(f"http://127.0.0.1:{port}/overview"):
            return process
        time.sleep(0.3)
    os.killpg(process.pid, signal.SIGKILL)
    raise RuntimeError("the server did not start within 120 s")


def prepare(
    url: str, members: int, proposals: int
) -> tuple[str, str, list[str], list[str], list[str]]:
    """Open a session over ``proposals`` sample proposals and register ``members`` members."""
    with Store(url) as store:
        if store.count("proposals") == 0:
            load_sample(store)
        agenda = store.read("proposals", columns=["id"])["id"].to_list()[:proposals]
        state = open_session(store, ANA, title="Prueba de carga", proposals=agenda)
        keys = [
            register_member(store, ANA, state.id, name=f"Miembro {i:03d}", level="parish")[1]
            for i in range(members)
        ]
    return state.id, state.join_code or "", keys, list(state.proposals), list(state.criteria)


class Tally:
    """What the simulated members sent and got back (shared by their threads)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sent: set[str] = set()
        self.acked: set[str] = set()
        self.refused: set[str] = set()
        self.timeouts = 0
        self.latencies: list[float] = []
        self.connect_failures = 0
        self.connect_errors: list[str] = []


def member(
    base: str,
    code: str,
    key: str,
    proposals,
    criteria,
    seconds: float,
    think: float,
    seed: int,
    tally: Tally,
    start: threading.Barrier,
    joining: threading.Semaphore,
) -> None:
    """One simulated member: connect, wait for the others, then score until time is up."""
    from workbench.ui.session_client import AckTimeoutError, MemberClient

    rng = random.Random(seed)
    try:
        with joining:  # a few phones open the page at a time, as a room fills
            client = MemberClient(base, code, key)
    except Exception as exc:
        with tally.lock:
            tally.connect_failures += 1
            tally.connect_errors.append(repr(exc))
        start.wait()
        return
    start.wait()
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            time.sleep(rng.uniform(0, 2 * think))
            proposal, criterion = rng.choice(proposals), rng.choice(criteria)
            value = rng.randint(1, 5)
            answer_id = f"{seed:04d}-{rng.getrandbits(48):012x}"
            with tally.lock:
                tally.sent.add(answer_id)
            status, took = None, 0.0
            for _attempt in range(2):  # a lost connection: the phone reconnects and resends
                try:
                    _, status, took = client.send(proposal, criterion, value, answer_id=answer_id)
                    if rng.random() < 0.05:  # a flaky phone sends the same answer again
                        client.send(proposal, criterion, value, answer_id=answer_id)
                    break
                except AckTimeoutError:
                    with tally.lock:
                        tally.timeouts += 1
                    status = None
                    client.close()
                    try:
                        with joining:
                            client = MemberClient(base, code, key)
                    except Exception:
                        return
            if status is None:
                continue
            with tally.lock:
                (tally.acked if status == "ok" else tally.refused).add(answer_id)
                tally.latencies.append(took)
    finally:
        client.close()


def check(url: str, session_id: str, tally: Tally) -> dict[str, int]:
    """Compare what was acknowledged with what the store holds."""
    with Store(url) as store:
        answers = store.read("session_answers", where={"session_id": session_id})
        stored_ids = answers["answer_id"].to_list()
        events = store.events(kind="session.answer")
        scores = store.read("scores", where={"session_id": session_id})
    stored = set(stored_ids) & tally.sent
    keys = scores.select("participant_id", "proposal_id", "criterion_id")
    answer_events = events.height
    duplicated = (len(stored_ids) - len(set(stored_ids))) + (keys.height - keys.unique().height)
    duplicated += max(0, answer_events - len(stored_ids))
    return {
        "stored": len(stored),
        "lost": len(tally.acked - set(stored_ids)),
        "duplicated": duplicated,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--db", help="database URL (default: a new SQLite file)")
    parser.add_argument("--num-procs", type=int, default=1)
    parser.add_argument("--think", type=float, default=1.5, help="mean seconds between answers")
    parser.add_argument("--proposals", type=int, default=12)
    parser.add_argument(
        "--connect-threads", type=int, default=4, help="members opening the page at once"
    )
    args = parser.parse_args(argv)
    if not 0 < args.members <= 500 or not 0 < args.seconds <= 600:
        parser.error("members must be 1..500 and seconds 1..600 (the test is bounded)")
    folder = Path(tempfile.mkdtemp(prefix="load-session-"))
    url = args.db or f"sqlite:///{folder / 'workbench.db'}"
    started = time.perf_counter()
    session_id, code, keys, proposals, criteria = prepare(url, args.members, args.proposals)
    print(f"prepared {args.members} members in {time.perf_counter() - started:.1f} s", flush=True)
    port = _free_port()
    env = {"WORKBENCH_DATA": str(folder), "WORKBENCH_DB": url}
    server = start_server(env, port, args.num_procs, folder / "serve.log")
    base = f"http://127.0.0.1:{port}"
    tally = Tally()
    start = threading.Barrier(args.members + 1)
    threads = []
    connect_started = time.perf_counter()
    try:
        joining = threading.Semaphore(args.connect_threads)
        for i, key in enumerate(keys):
            thread = threading.Thread(
                target=member,
                args=(
                    base,
                    code,
                    key,
                    proposals,
                    criteria,
                    args.seconds,
                    args.think,
                    i,
                    tally,
                    start,
                    joining,
                ),
                daemon=True,
            )
            threads.append(thread)
            thread.start()
        start.wait(timeout=max(60.0, 3.0 * args.members))
        print(
            f"connected {args.members - tally.connect_failures} members in "
            f"{time.perf_counter() - connect_started:.1f} s",
            flush=True,
        )
        for thread in threads:
            thread.join(timeout=args.seconds + 60)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    for error in sorted(set(tally.connect_errors))[:5]:
        print(f"connect error: {error}")
    figures = check(url, session_id, tally)
    latencies = sorted(tally.latencies) or [0.0]
    p50 = statistics.median(latencies) * 1000
    p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))] * 1000
    print(
        f"acknowledged {len(tally.acked)}, refused {len(tally.refused)}, "
        f"unacknowledged {tally.timeouts}, connect failures {tally.connect_failures}, "
        f"{len(tally.sent) / args.seconds:.1f} answers/s, num-procs {args.num_procs}, "
        f"{'postgresql' if url.startswith('postgresql') else 'sqlite'}"
    )
    print(
        f"members {args.members}, scores sent {len(tally.sent)}, stored {figures['stored']}, "
        f"lost {figures['lost']}, duplicated {figures['duplicated']}, "
        f"p50 {p50:.0f} ms, p95 {p95:.0f} ms"
    )
    return 0 if figures["lost"] == 0 and figures["duplicated"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
