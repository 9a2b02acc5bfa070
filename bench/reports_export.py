"""Speed of the exports on a large table, with peers side by side in one run.

Builds an SQLite store with the sample scaled to ``--proposals`` proposals
(copies of the sample's proposals and proposers, new ids), the sample cycle
and a ranking of ``--ranked`` proposals, then times:

- the open data (CSV + JSON + dictionary, anonymised);
- the planning workbook (one sheet per theme);
- the session report (build, HTML, PDF);
- the formula neutraliser (:func:`workbench.reports.safe_cells.safe_frame`, vectorised
  polars) against the same rule applied cell by cell with pandas ``DataFrame.map``
  (the usual hand-written way), with equal results checked.

    python bench/reports_export.py [--proposals 20000] [--ranked 200]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import polars as pl

from workbench.cycle import load_sample_cycle
from workbench.reports.open_data import write_open_data
from workbench.reports.planning import write_planning_workbook
from workbench.reports.safe_cells import neutralise, safe_frame
from workbench.reports.session_report import build_session_report, write_html, write_pdf
from workbench.store import Store
from workbench.store.seed import load_sample


def _scale(store: Store, target: int) -> None:
    proposals = store.read("proposals")
    proposers = store.read("proposers").drop("id")
    copies, n = [], proposals.height
    k = 0
    while n < target:
        k += 1
        part = proposals.head(target - n).with_columns((pl.col("id") + f"-{k}").alias("id"))
        copies.append((part, proposers.with_columns(pl.col("proposal_id") + f"-{k}")))
        n += part.height
    with store.transaction("bench") as tx:
        for part, people in copies:
            tx.insert("proposals", part)
            tx.insert("proposers", people.filter(pl.col("proposal_id").is_in(part["id"].implode())))


def _ranking(store: Store, n: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    ids = sorted(store.read("proposals", columns=["id"])["id"].to_list())[:n]
    ranking = pl.DataFrame(
        {
            "proposal_id": ids,
            "rank": list(range(1, n + 1)),
            "score": [1.0 - i / n for i in range(n)],
            "n_scorers": [5] * n,
            "contrib_empleo": [0.5 - 0.5 * i / n for i in range(n)],
            "contrib_inclusion": [0.5 - 0.5 * i / n for i in range(n)],
        }
    )
    portfolio = ranking.select(
        "proposal_id",
        "rank",
        pl.lit(1000.0).alias("cost"),
        (pl.col("rank") <= n // 3).alias("selected"),
    )
    return ranking, portfolio


def _timed(label: str, fn):
    start = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - start
    print(f"{label}: {elapsed:.2f} s", flush=True)
    return result, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=20000)
    parser.add_argument("--ranked", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with Store(f"sqlite:///{folder / 'bench.db'}") as store:
            load_sample(store)
            load_sample_cycle(store)
            _scale(store, args.proposals)
            n = store.count("proposals")
            ranking, portfolio = _ranking(store, args.ranked)
            print(f"proposals {n}, ranked {ranking.height}")
            _timed(
                "open data (csv+json+dictionary)",
                lambda: write_open_data(
                    store, folder / "open", ranking=ranking, portfolio=portfolio
                ),
            )
            _timed(
                "planning workbook",
                lambda: write_planning_workbook(
                    store, folder / "plan.xlsx", ranking=ranking, portfolio=portfolio
                ),
            )
            report, _ = _timed(
                "session report build",
                lambda: build_session_report(store, ranking=ranking, portfolio=portfolio),
            )
            _timed("session report html", lambda: write_html(report, folder / "r.html"))
            _timed("session report pdf", lambda: write_pdf(report, folder / "r.pdf"))
            texts = pl.read_csv(folder / "open" / "proposals.csv", infer_schema=False)
        frame = pl.concat([texts] * max(1, 200_000 // max(texts.height, 1)))
        cells = frame.height * len(frame.columns)
        ours, t_ours = _timed(f"safe_frame polars ({cells:,} cells)", lambda: safe_frame(frame))
        pandas_frame = frame.to_pandas()
        theirs, t_pandas = _timed(
            f"pandas DataFrame.map neutralise ({cells:,} cells)",
            lambda: pandas_frame.map(neutralise),
        )
        equal = pl.from_pandas(theirs).equals(ours)
        print(f"equal results: {equal}; ratio pandas/polars time: {t_pandas / t_ours:.1f}")


if __name__ == "__main__":
    main()
