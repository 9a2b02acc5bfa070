"""Load test of a live session: N members scoring at once over the member page's websocket.

Starts ``workbench serve`` on loopback over a fresh copy of the sample (or the
database given with ``--db``), opens a session, registers N members, and opens
one real Bokeh session of ``/member`` per member as a phone's browser does:
it GETs the page, takes the session token from it, opens the websocket
``/member/ws`` with the ``bokeh`` subprotocol and the token, and pulls the
document (:class:`workbench.ui.session_wire.WireMember`: Bokeh's own protocol
classes over tornado's websocket client, all members in one asyncio loop, no
client-side document). Each member then scores for S seconds, sending each
answer as a ``PATCH-DOC`` on the page's outbox and waiting for the
acknowledgement the server writes into the acks widget after the commit.

Pace: a member pauses between answers a random time of 0 to 2 x ``--think``
seconds (default 3 s on average: reading a proposal and tapping a score),
so 200 members send about 67 answers a second. About one answer in twenty is
sent twice with the same id (a flaky phone), and an answer not acknowledged
within ``--timeout`` seconds is sent again, with the same id, over a new
connection. Then the server is stopped and the store checked: every
acknowledged answer must be there, once.

    python bench/load_session.py --members 200 --seconds 60 [--db URL] [--num-procs 2]

The last line is
``members N, scores sent X, stored Y, lost L, duplicated D, p50 A ms, p95 B ms``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from workbench.session import facilitator, open_session, register_member  # noqa: E402
from workbench.store import Store  # noqa: E402
from workbench.store.seed import load_sample  # noqa: E402

ANA = facilitator("bench")
_TICK = os.sysconf("SC_CLK_TCK")


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
        if _up(f"http://127.0.0.1:{port}/liveness") or _up(f"http://127.0.0.1:{port}/overview"):
            return process
        time.sleep(0.3)
    os.killpg(process.pid, signal.SIGKILL)
    raise RuntimeError("the server did not start within 120 s")


def group_cpu_seconds(group: int) -> float:
    """CPU seconds (user + system) used so far by the processes of a process group."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # fields after the name: state, ppid, pgrp, ...
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / _TICK


def start_postgres():
    """A throwaway PostgreSQL from Debian's package on loopback, durable (fsync on).

    The test suite's server (``tests/postgres.py``) runs with ``fsync=off``; the
    bench keeps PostgreSQL's defaults so that its figures compare with SQLite's
    ``synchronous=FULL``. Returns the server; ``server.stop()`` removes it.
    """
    from tests.postgres import PostgresServer, find_bindir

    bindir = find_bindir()
    if bindir is None:
        raise SystemExit("no PostgreSQL found (apt-get install postgresql)")

    class DurablePostgres(PostgresServer):
        def start(self) -> PostgresServer:
            if os.geteuid() == 0:
                self._user = "postgres"
                os.chmod(self.root, 0o777)
            data = self.root / "data"
            self._run("initdb", "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8")
            options = f"-h 127.0.0.1 -p {self.port} -k {self.root} -c max_connections=200"
            log = str(self.root / "log.txt")
            self._run(
                "pg_ctl", "-D", str(data), "-l", log, "-w", "-t", "60", "-o", options, "start"
            )
            return self

    return DurablePostgres(bindir).start()


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
    """What the simulated members sent and got back."""

    def __init__(self) -> None:
        self.sent: set[str] = set()
        self.acked: set[str] = set()
        self.refused: set[str] = set()
        self.timeouts = 0
        self.reconnects = 0
        self.latencies: list[float] = []
        self.connect_times: list[float] = []
        self.connect_failures = 0
        self.connect_errors: list[str] = []


async def _join(base: str, code: str, key: str, joining: asyncio.Semaphore, tally: Tally):
    from workbench.ui.session_wire import WireMember

    async with joining:  # a few phones open the page at a time, as a room fills
        started = time.perf_counter()
        client = WireMember(base, code, key)
        await client.connect()
        tally.connect_times.append(time.perf_counter() - started)
    return client


async def member(
    base: str,
    code: str,
    key: str,
    proposals: list[str],
    criteria: list[str],
    args: argparse.Namespace,
    seed: int,
    tally: Tally,
    joining: asyncio.Semaphore,
    start: asyncio.Event,
    ready: list[int],
) -> None:
    """One simulated member: connect, wait for the others, then score until time is up."""
    rng = random.Random(seed)
    client = None
    try:
        client = await _join(base, code, key, joining, tally)
    except Exception as exc:
        tally.connect_failures += 1
        tally.connect_errors.append(repr(exc)[:200])
    ready[0] += 1
    await start.wait()
    if client is None:
        return
    deadline = time.monotonic() + args.seconds
    try:
        while time.monotonic() < deadline:
            await asyncio.sleep(rng.uniform(0, 2 * args.think))
            if time.monotonic() >= deadline:
                break
            proposal, criterion = rng.choice(proposals), rng.choice(criteria)
            value = rng.randint(1, 5)
            answer_id = f"{seed:04d}-{rng.getrandbits(48):012x}"
            tally.sent.add(answer_id)
            status, took = None, 0.0
            for _attempt in range(3):  # no ack: the phone reconnects and resends the same id
                try:
                    _, status, took = await client.send(
                        proposal, criterion, value, answer_id=answer_id, timeout=args.timeout
                    )
                    if rng.random() < 0.05:  # a flaky phone sends the same answer again
                        await client.send(
                            proposal, criterion, value, answer_id=answer_id, timeout=args.timeout
                        )
                    break
                except (TimeoutError, ConnectionError):
                    tally.timeouts += 1
                    status = None
                    client.close()
                    try:
                        client = await _join(base, code, key, joining, tally)
                        tally.reconnects += 1
                    except Exception:
                        return
            if status is None:
                continue
            (tally.acked if status == "ok" else tally.refused).add(answer_id)
            tally.latencies.append(took)
    finally:
        client.close()


async def drive(
    base: str, code: str, keys: list[str], proposals, criteria, args, tally: Tally, on_connected
) -> float:
    """Connect every member, then let them all score; returns the seconds connecting took."""
    joining = asyncio.Semaphore(args.connect_concurrency)
    start = asyncio.Event()
    ready = [0]
    started = time.perf_counter()
    tasks = [
        asyncio.ensure_future(
            member(base, code, key, proposals, criteria, args, i, tally, joining, start, ready)
        )
        for i, key in enumerate(keys)
    ]
    while ready[0] < len(keys):
        await asyncio.sleep(0.05)
    connecting = time.perf_counter() - started
    on_connected()
    start.set()
    _done, pending = await asyncio.wait(tasks, timeout=args.seconds + 3 * args.timeout + 60)
    for task in pending:
        task.cancel()
    return connecting


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


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values) or [0.0]
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--db", help="database URL (default: a new SQLite file)")
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="start a throwaway PostgreSQL (Debian's package, fsync on) and use it",
    )
    parser.add_argument("--num-procs", type=int, default=1)
    parser.add_argument(
        "--think",
        type=float,
        default=3.0,
        help="mean seconds between a member's answers (default 3: read, then tap)",
    )
    parser.add_argument("--proposals", type=int, default=12)
    parser.add_argument(
        "--connect-concurrency", type=int, default=4, help="members opening the page at once"
    )
    parser.add_argument(
        "--timeout", type=float, default=30.0, help="seconds to wait for an ack before resending"
    )
    args = parser.parse_args(argv)
    if not 0 < args.members <= 500 or not 0 < args.seconds <= 600:
        parser.error("members must be 1..500 and seconds 1..600 (the test is bounded)")
    if not 0 < args.think <= 600 or not 0 < args.timeout <= 120:
        parser.error("think must be in (0, 600] and timeout in (0, 120] seconds")
    folder = Path(tempfile.mkdtemp(prefix="load-session-"))
    postgres = start_postgres() if args.postgres else None
    try:
        url = postgres.create_database("load") if postgres else args.db
        return run(args, folder, url or f"sqlite:///{folder / 'workbench.db'}")
    finally:
        if postgres is not None:
            postgres.stop()


def run(args: argparse.Namespace, folder: Path, url: str) -> int:
    """Prepare, serve, drive the members, check the store and print the figures."""
    started = time.perf_counter()
    session_id, code, keys, proposals, criteria = prepare(url, args.members, args.proposals)
    print(f"prepared {args.members} members in {time.perf_counter() - started:.1f} s", flush=True)
    port = _free_port()
    env = {"WORKBENCH_DATA": str(folder), "WORKBENCH_DB": url}
    server = start_server(env, port, args.num_procs, folder / "serve.log")
    base = f"http://127.0.0.1:{port}"
    tally = Tally()
    server_cpu = {}
    own_cpu = time.process_time()
    try:
        server_cpu["start"] = group_cpu_seconds(server.pid)
        load_before = os.getloadavg()

        def connected() -> None:
            server_cpu["connected"] = group_cpu_seconds(server.pid)
            print(f"members connected; scoring for {args.seconds:g} s", flush=True)

        connecting = asyncio.run(
            drive(base, code, keys, proposals, criteria, args, tally, connected)
        )
        server_cpu["end"] = group_cpu_seconds(server.pid)
        load_after = os.getloadavg()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=20)
    own_cpu = time.process_time() - own_cpu
    for error in sorted(set(tally.connect_errors))[:5]:
        print(f"connect error: {error}")
    figures = check(url, session_id, tally)
    p50 = statistics.median(tally.latencies or [0.0]) * 1000
    p95 = _percentile(tally.latencies, 0.95) * 1000
    connected = args.members - tally.connect_failures
    print(
        f"connected {connected} members in {connecting:.1f} s "
        f"(page + websocket + document per member: p50 "
        f"{statistics.median(tally.connect_times or [0.0]):.2f} s, "
        f"p95 {_percentile(tally.connect_times, 0.95):.2f} s, "
        f"{args.connect_concurrency} at a time); server CPU while connecting "
        f"{server_cpu['connected'] - server_cpu['start']:.1f} s"
    )
    scoring_cpu = server_cpu["end"] - server_cpu["connected"]
    print(
        f"pace: each member answers every {args.think:g} s on average (0 to "
        f"{2 * args.think:g} s), {args.seconds:g} s of scoring; "
        f"{len(tally.sent) / args.seconds:.1f} answers/s sent; server CPU while scoring "
        f"{scoring_cpu:.1f} s ({1000 * scoring_cpu / max(len(tally.sent), 1):.1f} ms per answer)"
    )
    print(
        f"acknowledged {len(tally.acked)}, refused {len(tally.refused)}, "
        f"unacknowledged {tally.timeouts}, reconnects {tally.reconnects}, "
        f"connect failures {tally.connect_failures}, num-procs {args.num_procs}, "
        f"{'postgresql' if url.startswith('postgresql') else 'sqlite'}; load generator CPU "
        f"{own_cpu:.1f} s; load average {load_before[0]:.2f} before, {load_after[0]:.2f} after, "
        f"{os.cpu_count()} CPUs"
    )
    print(
        f"members {args.members}, scores sent {len(tally.sent)}, stored {figures['stored']}, "
        f"lost {figures['lost']}, duplicated {figures['duplicated']}, "
        f"p50 {p50:.0f} ms, p95 {p95:.0f} ms"
    )
    return 0 if figures["lost"] == 0 and figures["duplicated"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
