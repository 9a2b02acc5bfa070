"""Intake speed and peak memory for 100,000 proposals, beside plain polars/calamine readers.

Builds a CSV as Excel writes it in a Spanish locale (Windows-1252, ``;``) and an
XLSX with the same rows (typed places, dates, amounts, personal data in some
texts, duplicates), then times, each in a fresh process (so peak memory is that
step's own):

- ``read_proposals`` (read + map + validate + territories + report) and
  ``import_proposals`` into a new SQLite store, against ``polars.read_csv`` of
  the same file as the peer (which neither decodes Windows-1252 nor validates);
- the same for the XLSX (read and import), against ``polars.read_excel`` (calamine) as the peer;
- ``near_duplicate_groups`` over the 100,000 texts.

    python bench/intake_speed.py [--rows 100000] [--postgres]

``--postgres`` also imports the CSV into PostgreSQL: a throwaway server from Debian's
package (as the tests start it), or the server of ``WORKBENCH_BENCH_PG_URL`` (a role that
may create databases). The server's own CPU time is not in the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STEPS = {
    "csv.read_proposals": "from workbench.intake import read_proposals; read_proposals(PATH)",
    "csv.import_sqlite": (
        "from workbench.intake import import_proposals; from workbench.store import Store; "
        "import_proposals(Store(DB), PATH, actor='bench')"
    ),
    "csv.import_postgresql": (
        "from workbench.intake import import_proposals; from workbench.store import Store; "
        "import_proposals(Store(DB), PATH, actor='bench')"
    ),
    "csv.polars_read_csv": (
        "import polars as pl; pl.read_csv(PATH, separator=';', encoding='utf8-lossy', "
        "infer_schema=False)"
    ),
    "xlsx.read_proposals": "from workbench.intake import read_proposals; read_proposals(PATH)",
    "xlsx.import_sqlite": (
        "from workbench.intake import import_proposals; from workbench.store import Store; "
        "import_proposals(Store(DB), PATH, actor='bench')"
    ),
    "xlsx.polars_read_excel": "import polars as pl; pl.read_excel(PATH, engine='calamine')",
    "near_duplicates": (
        "import polars as pl; from workbench.intake import near_duplicate_groups, read_table; "
        "t = read_table(PATH).rename({'Propuesta': 'text', 'Id': 'id'}); "
        "near_duplicate_groups(t, text_columns=['text'])"
    ),
}

_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
PATH, DB = {path!r}, {db!r}
import polars, workbench.intake, workbench.store  # imports are not part of the timing
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
def cpu():
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime
start, cpu0 = time.perf_counter(), cpu()
{code}
seconds, cpu_seconds = time.perf_counter() - start, cpu() - cpu0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": seconds, "cpu": cpu_seconds, "peak_mb": peak / 1024,
                  "base_mb": base / 1024}}))
"""


def build_rows(n: int, seed: int = 0) -> list[list[str]]:
    """``n`` realistic proposal rows (header first), deterministic for ``seed``."""
    import polars as pl

    rng = random.Random(seed)
    sample = pl.read_csv(ROOT / "sample_data" / "proposals.csv", infer_schema=False)
    texts = sample["text"].to_list()
    titles = [t for t in sample["title"].to_list() if t]
    places = [p for p in sample["territory_raw"].to_list() if p]
    names = ["María Quishpe", "José Andrango", "Rosa Toapanta", "Luis Farinango", "Ana Simbaña"]
    header = ["Id", "Marca temporal", "Título", "Propuesta", "Lugar", "Costo", "Nombre", "Correo"]
    rows = [header]
    for i in range(n):
        text = rng.choice(texts)
        words = text.split()
        if rng.random() < 0.7:  # most are edited: not exact duplicates
            words[rng.randrange(len(words))] = rng.choice(words)
        text = " ".join(words) + f" (ref {i})" * (rng.random() < 0.5)
        if rng.random() < 0.02:
            text += " Contacto: 0991234567"
        name = rng.choice(names)
        rows.append(
            [
                f"R{i:06d}",
                f"{rng.randint(1, 28):02d}/03/2026 "
                f"{rng.randint(7, 20):02d}:{rng.randint(0, 59):02d}:00",
                rng.choice(titles),
                text,
                rng.choice(places),
                f"{rng.randint(500, 90000):,}".replace(",", "."),
                name,
                name.split()[0].lower() + f"{i}@correo.ec",
            ]
        )
    return rows


def write_files(rows: list[list[str]], folder: Path) -> tuple[Path, Path]:
    import xlsxwriter

    csv_path = folder / "propuestas.csv"
    with csv_path.open("w", encoding="cp1252", errors="replace", newline="") as handle:
        csv.writer(handle, delimiter=";", lineterminator="\r\n").writerows(rows)
    xlsx_path = folder / "propuestas.xlsx"
    book = xlsxwriter.Workbook(str(xlsx_path), {"constant_memory": True})
    sheet = book.add_worksheet("Propuestas")
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    book.close()
    return csv_path, xlsx_path


def run_step(name: str, path: Path, db: str) -> dict[str, float]:
    code = _CHILD.format(root=str(ROOT), path=str(path), db=db, code=STEPS[name])
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{name} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


@contextlib.contextmanager
def _postgres(wanted: bool):
    """A PostgreSQL server to create databases in, or ``None``."""
    if not wanted:
        yield None
        return
    if os.environ.get("WORKBENCH_BENCH_PG_URL"):
        from tests.conftest import _ExternalPostgres

        yield _ExternalPostgres(os.environ["WORKBENCH_BENCH_PG_URL"])
        return
    from tests.postgres import PostgresServer, find_bindir

    bindir = find_bindir()
    if bindir is None:
        raise SystemExit(
            "--postgres: PostgreSQL is not installed (python3 dev.py test installs it)"
        )
    server = PostgresServer(bindir).start()
    try:
        yield server
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--postgres", action="store_true", help="also import into PostgreSQL")
    args = parser.parse_args()
    start_load = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp, _postgres(args.postgres) as server:
        folder = Path(tmp)
        start = time.perf_counter()
        csv_path, xlsx_path = write_files(build_rows(args.rows), folder)
        print(
            f"built {args.rows} rows: CSV {csv_path.stat().st_size / 2**20:.1f} MB, "
            f"XLSX {xlsx_path.stat().st_size / 2**20:.1f} MB "
            f"in {time.perf_counter() - start:.1f} s"
        )
        results = {}
        for name in STEPS:
            path = xlsx_path if name.startswith("xlsx") else csv_path
            db = f"sqlite:///{folder / (name + '.db')}"
            if name.endswith("postgresql"):
                if server is None:
                    continue
                db = server.create_database("bench")
            results[name] = r = run_step(name, path, db)
            print(
                f"{name:24s} {r['seconds']:7.2f} s (cpu {r['cpu']:6.2f} s)   "
                f"peak {r['peak_mb']:5.0f} MB (after imports {r['base_mb']:.0f} MB)"
            )

        def ratio(a: str, b: str) -> None:
            x, y = results[a], results[b]
            print(
                f"ratio {a} / {b}: time {x['seconds'] / y['seconds']:.1f}x, "
                f"peak memory {x['peak_mb'] / y['peak_mb']:.1f}x"
            )

        ratio("csv.read_proposals", "csv.polars_read_csv")
        ratio("csv.import_sqlite", "csv.polars_read_csv")
        ratio("xlsx.read_proposals", "xlsx.polars_read_excel")
        ratio("xlsx.import_sqlite", "xlsx.polars_read_excel")
        for name in ("csv.import_sqlite", "xlsx.import_sqlite", "csv.import_postgresql"):
            if name not in results:
                continue
            r = results[name]
            print(
                f"import {args.rows} proposals from {name.split('.')[0].upper()} into "
                f"{name.split('_')[-1]}: "
                f"wall {r['seconds']:.2f} s, cpu {r['cpu']:.2f} s, peak {r['peak_mb']:.0f} MB"
            )
        target = results["csv.import_sqlite"]
        memory_ok = target["peak_mb"] < 1024
        wall = "met" if target["seconds"] < 10 and memory_ok else "NOT met"
        cpu = "met" if target["cpu"] < 10 and memory_ok else "NOT met"
        print(
            f"target CSV import of {args.rows} < 10 s and < 1 GB: wall {wall} "
            f"({target['seconds']:.2f} s), cpu {cpu} ({target['cpu']:.2f} s), "
            f"peak {target['peak_mb']:.0f} MB "
            "(wall time counts waiting for a core when the machine is shared)"
        )
    end = os.getloadavg()
    print(
        f"machine: {os.cpu_count()} cores, load average at start "
        f"{' '.join(f'{x:.2f}' for x in start_load)}, at end {' '.join(f'{x:.2f}' for x in end)}, "
        f"python {sys.version.split()[0]}"
    )


if __name__ == "__main__":
    main()
