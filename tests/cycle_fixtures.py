"""Stores for the cycle and reports tests: the sample, the sample cycle, and hostile cells.

``FORMULA_TEXTS`` are proposals a spreadsheet would run; every CSV and XLSX
export must neutralise them.
"""

from __future__ import annotations

import polars as pl

from workbench.store import Store, now
from workbench.store.seed import load_sample

__all__ = ["FORMULA_TEXTS", "fill_cycle_store", "small_ranking"]

#: Cell values that start a formula in a spreadsheet, planted in proposals.
FORMULA_TEXTS: tuple[str, ...] = (
    '=HYPERLINK("http://example.invalid","clic")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
)


def fill_cycle_store(store: Store) -> Store:
    """Load the sample, the sample cycle and the formula proposals into ``store``."""
    from workbench.cycle import load_sample_cycle

    load_sample(store)
    load_sample_cycle(store)
    store.insert(
        "proposals",
        [
            {
                "id": f"PF{i}",
                "title": text,
                "text": text,
                "organisation": text,
                "canton_code": "1702",
                "sector": "textil",
                "created_at": now(),
            }
            for i, text in enumerate(FORMULA_TEXTS)
        ],
        actor="test:formulas",
    )
    return store


def small_ranking(store: Store, n: int = 12) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A ranking and portfolio frame of the shape prioritisation gives, over ``n`` proposals."""
    ids = sorted(store.read("proposals", where={"status": "active"})["id"].to_list())[:n]
    ids = [*ids[: n - 2], "PF0", "PF1"]
    ranking = pl.DataFrame(
        {
            "proposal_id": ids,
            "rank": list(range(1, n + 1)),
            "score": [1.0 - 0.05 * i for i in range(n)],
            "theme_id": [0] * n,
            "n_scorers": [5, 2] + [6] * (n - 2),
            "contrib_empleo": [0.3 - 0.01 * i for i in range(n)],
            "contrib_costo": [0.1] * n,
        }
    )
    portfolio = pl.DataFrame(
        {
            "proposal_id": ids,
            "selected": [i < n // 2 for i in range(n)],
            "cost": [1000.0] * n,
            "rank": list(range(1, n + 1)),
        }
    )
    return ranking, portfolio
