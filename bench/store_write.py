"""Store write speed on SQLite and PostgreSQL, side by side in one run.

Measures a bulk insert of proposals in one transaction (with its event) and
single-score upserts, each its own transaction acknowledged after commit, as a
live session writes them. PostgreSQL is started from Debian's package on
loopback, as in the tests.

    python bench/store_write.py [--rows 100000] [--upserts 1000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.postgres import PostgresServer, find_bindir
from workbench.store import Store, now
from workbench.store.seed import ensure_reference_data


def _setup(store: Store) -> None:
    ensure_reference_data(store)
    with store.transaction("bench") as tx:
        tx.insert("participants", [{"id": "M1", "name": "Bench"}])
        tx.insert("criteria", [{"id": "c1", "name": "C", "direction": 1, "scale": "1-5"}])
        tx.insert("sessions", [{"id": "S1", "title": "Bench"}])


def bench(url: str, rows: int, upserts: int) -> dict[str, float]:
    with Store(url) as store:
        _setup(store)
        stamp = now()
        batch = [
            {
                "id": f"P{i:06d}",
                "text": f"Propuesta número {i} para riego y empleo",
                "canton_code": "1702",
                "created_at": stamp,
            }
            for i in range(rows)
        ]
        start = time.perf_counter()
        store.insert("proposals", batch, actor="bench")
        insert_s = time.perf_counter() - start
        key = ("session_id", "participant_id", "proposal_id", "criterion_id")
        latencies = []
        for i in range(upserts):
            row = {
                "session_id": "S1",
                "participant_id": "M1",
                "proposal_id": f"P{i % 500:06d}",
                "criterion_id": "c1",
                "value": i % 5 + 1,
                "at": now(),
            }
            start = time.perf_counter()
            store.upsert("scores", row, key=key, actor="member:M1")
            latencies.append((time.perf_counter() - start) * 1000)
        latencies.sort()
        return {
            "insert_s": insert_s,
            "rows_per_s": rows / insert_s,
            "upsert_p50_ms": statistics.median(latencies),
            "upsert_p95_ms": latencies[int(0.95 * (len(latencies) - 1))],
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--upserts", type=int, default=1_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    results = {"sqlite": bench(f"sqlite:///{folder / 'bench.db'}", args.rows, args.upserts)}
    bindir = find_bindir()
    if bindir:
        server = PostgresServer(bindir).start()
        try:
            results["postgresql"] = bench(server.create_database("bench"), args.rows, args.upserts)
        finally:
            server.stop()
    for backend, r in results.items():
        print(
            f"{backend:10s} insert {args.rows} proposals: {r['insert_s']:.2f} s "
            f"({r['rows_per_s']:,.0f} rows/s); score upsert p50 {r['upsert_p50_ms']:.2f} ms, "
            f"p95 {r['upsert_p95_ms']:.2f} ms"
        )
    if "postgresql" in results:
        ratio = results["postgresql"]["insert_s"] / results["sqlite"]["insert_s"]
        print(f"ratio postgresql/sqlite bulk insert time: {ratio:.2f}")


if __name__ == "__main__":
    main()
