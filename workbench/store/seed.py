"""Fill a store with reference data (the gazetteer) and, on request, the sample data.

The sample data lives in the repository's ``sample_data/`` folder, written by
``sample_data/generate.py``. Loading goes through the store, so each table's
rows arrive as one event in the log, attributed to ``system:sample``.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from workbench.errors import InputError
from workbench.i18n import N_
from workbench.intake.hashing import content_hashes
from workbench.store import schema
from workbench.store.frames import polars_dtype
from workbench.store.store import Store, now
from workbench.territory import gazetteer

__all__ = ["SAMPLE_FILES", "SAMPLE_LOADED", "ensure_reference_data", "load_sample", "sample_dir"]

#: Event kind recorded once the sample data is in.
SAMPLE_LOADED = "sample.loaded"

#: Sample files and the tables they fill, in foreign-key order.
SAMPLE_FILES: tuple[tuple[str, str], ...] = (
    ("proposals.csv", "proposals"),
    ("proposers.csv", "proposers"),
    ("actors.csv", "actors"),
    ("ties.csv", "ties"),
    ("actor_links.csv", "actor_links"),
    ("criteria.csv", "criteria"),
    ("participants.csv", "participants"),
    ("sessions.csv", "sessions"),
    ("scores.csv", "scores"),
    ("weights.csv", "weights"),
)

_SAMPLE_ACTOR = "system:sample"


def sample_dir() -> Path:
    """The repository's ``sample_data`` folder."""
    return Path(__file__).resolve().parents[2] / "sample_data"


def ensure_reference_data(store: Store) -> bool:
    """Load the Pichincha gazetteer into ``territories`` if it is empty. Returns whether it did."""
    if store.count("territories"):
        return False
    store.insert("territories", gazetteer(), actor="system:gazetteer", kind="territories.load")
    return True


def read_sample_table(path: Path, table: str) -> pl.DataFrame:
    """Read one sample CSV with the dtypes of its table's columns."""
    tbl = schema.metadata.tables[table]
    header = pl.read_csv(path, n_rows=0).columns
    overrides = {}
    for name in header:
        if name not in tbl.c:
            continue
        dtype = polars_dtype(tbl.c[name].type)
        # timestamps are parsed after reading: CSV text carries the zone
        overrides[name] = pl.String if isinstance(dtype, pl.Datetime) else dtype
    frame = pl.read_csv(path, schema_overrides=overrides)
    for name in header:
        if name in tbl.c and isinstance(polars_dtype(tbl.c[name].type), pl.Datetime):
            frame = frame.with_columns(pl.col(name).str.to_datetime(time_zone="UTC", strict=True))
    return frame


def load_sample(store: Store, folder: Path | None = None) -> dict[str, int]:
    """Load the sample data into an empty store.

    Returns
    -------
    dict
        Rows loaded per table.

    Raises
    ------
    InputError
        When the store already holds proposals, or a sample file is missing.
    """
    folder = folder or sample_dir()
    ensure_reference_data(store)
    if store.count("proposals"):
        raise InputError(N_("The database already holds proposals: the sample is not loaded."))
    frames = {}
    for filename, table in SAMPLE_FILES:
        path = folder / filename
        if not path.exists():
            raise InputError(N_("The sample file {path} is missing."), path=str(path))
        frames[table] = read_sample_table(path, table)
    stamp = now()
    frames["proposals"] = frames["proposals"].with_columns(
        created_at=pl.lit(stamp), content_hash=content_hashes(frames["proposals"])
    )
    for table in ("scores", "weights"):
        if "at" not in frames[table].columns:
            frames[table] = frames[table].with_columns(at=pl.lit(stamp))
    counts = {}
    with store.transaction(_SAMPLE_ACTOR) as tx:
        for _filename, table in SAMPLE_FILES:
            tx.insert(table, frames[table], kind=f"{table}.load")
            counts[table] = frames[table].height
        tx.record(SAMPLE_LOADED, "sample", after={"folder": folder.name, "counts": counts})
    return counts
