"""Large inserts from a DataFrame: the column-wise SQLite path stores what the row path stores."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.store import INSERT_CHUNK, ROW_DETAIL_LIMIT, Store
from workbench.store.seed import ensure_reference_data
from workbench.store.store import _FLAT_JSON_OBJECT

_JSON_VALUES = [
    '{"origen": "llamado", "tags": ["agua", "ñ"]}',
    '{"a":1}',
    "not json at all",  # the row path stores such text as a JSON string
    '"a JSON string"',
    "null",
    "[1, 2.5, null]",
    None,
]


def _frame(n: int, prefix: str) -> pl.DataFrame:
    base = dt.datetime(2026, 3, 1, 8, 30, tzinfo=dt.UTC)
    quito = dt.timezone(dt.timedelta(hours=-5))
    return pl.DataFrame(
        {
            "id": [f"{prefix}{(i * 7919) % n:05d}" for i in range(n)],  # not in key order
            "text": [f"Propuesta {i} — riego en Cangahua" for i in range(n)],
            "canton_code": ["1702" if i % 3 else None for i in range(n)],
            "submitted_at": [
                (base + dt.timedelta(minutes=i)).astimezone(quito) if i % 4 else None
                for i in range(n)
            ],
            "estimated_cost": [i * 1.5 if i % 5 else None for i in range(n)],
            "beneficiaries": [i if i % 6 else None for i in range(n)],
            "extra": [_JSON_VALUES[i % len(_JSON_VALUES)] for i in range(n)],
            "created_at": [base] * n,
        },
        schema_overrides={"submitted_at": pl.Datetime("us", "America/Guayaquil")},
    )


def _raw(store: Store, prefix: str) -> list[tuple]:
    """The stored cells as the database holds them (JSON parsed: its spacing may differ)."""
    statement = sa.text(
        "SELECT id, text, canton_code, submitted_at, estimated_cost, beneficiaries, extra, "
        "created_at, status FROM proposals WHERE id LIKE :prefix ORDER BY id"
    ).bindparams(prefix=f"{prefix}%")
    with store.engine.connect() as connection:
        rows = connection.execute(statement).all()
    if store.backend != "sqlite":  # the driver parses JSON itself
        return [tuple(row) for row in rows]
    return [(*row[:6], None if row[6] is None else json.loads(row[6]), *row[7:]) for row in rows]


@pytest.fixture
def ready(store: Store) -> Store:
    ensure_reference_data(store)
    return store


def test_a_frame_and_the_same_rows_as_dicts_store_the_same_cells(ready: Store):
    n = ROW_DETAIL_LIMIT * 3 + 11
    frame = _frame(n, "F")
    ready.insert("proposals", frame, actor="t")
    as_dicts = frame.with_columns(pl.col("id").str.replace("^F", "D"))
    ready.insert("proposals", as_dicts.to_dicts(), actor="t")
    framed, dicted = _raw(ready, "F"), _raw(ready, "D")
    assert len(framed) == n
    assert [r[1:] for r in framed] == [r[1:] for r in dicted]
    # and they read back as given: JSON text that is not JSON comes back as a JSON string
    back = ready.read("proposals", where={"id": frame["id"].to_list()}).sort("id")
    expected = frame.sort("id")
    assert (
        back["submitted_at"].to_list()
        == expected["submitted_at"].dt.convert_time_zone("UTC").to_list()
    )
    assert back["beneficiaries"].to_list() == expected["beneficiaries"].to_list()
    stored_extra = [None if v is None else json.loads(v) for v in back["extra"].to_list()]
    assert stored_extra.count("not json at all") == expected["extra"].eq("not json at all").sum()


def test_large_frame_insert_lists_every_key_in_one_event(ready: Store):
    n = ROW_DETAIL_LIMIT + 50
    frame = _frame(n, "K")
    keys = ready.insert("proposals", frame, actor="t", kind="test.bulk")
    assert keys == frame["id"].to_list()
    events = ready.events(kind="test.bulk")
    assert events.height == 1
    after = json.loads(events["after"][0])
    assert after["count"] == n and sorted(after["keys"]) == sorted(frame["id"].to_list())
    assert events["actor"][0] == "t"


def test_autoincrement_and_integer_keys_are_listed_as_text(ready: Store):
    ready.insert("proposals", _frame(ROW_DETAIL_LIMIT + 1, "A"), actor="t")
    ids = ready.read("proposals", columns=["id"])["id"].to_list()
    proposers = pl.DataFrame(
        {
            "id": list(range(1, len(ids) + 1)),
            "proposal_id": ids,
            "name": [None] * len(ids),
        }
    )
    keys = ready.insert("proposers", proposers, actor="t")
    assert keys == [str(i) for i in range(1, len(ids) + 1)]


def test_progress_is_reported_per_chunk_up_to_the_total(ready: Store):
    n = INSERT_CHUNK * 2 + 123
    seen: list[tuple[int, int]] = []
    with ready.transaction("t") as tx:
        tx.insert(
            "proposals", _frame(n, "C"), progress=lambda done, total: seen.append((done, total))
        )
    done = [d for d, _ in seen]
    assert done == sorted(done) and len(seen) == 3
    assert seen[-1] == (n, n) and {t for _, t in seen} == {n}
    assert ready.count("proposals") == n


def test_unknown_column_in_a_large_frame_is_refused(ready: Store):
    frame = _frame(ROW_DETAIL_LIMIT + 1, "U").with_columns(pl.lit(1).alias("nope"))
    with pytest.raises(KeyError, match="nope"):
        ready.insert("proposals", frame, actor="t")
    assert ready.count("proposals") == 0


_FLAT = st.dictionaries(
    st.text(max_size=6),
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=6)),
    max_size=4,
)


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        _FLAT.map(lambda d: json.dumps(d, ensure_ascii=False)),
        _FLAT.map(lambda d: json.dumps(d, separators=(",", ":"))),
        st.tuples(_FLAT.map(json.dumps), st.integers(0, 40), st.text(max_size=3)).map(
            lambda t: t[0][: t[1]] + t[2] + t[0][t[1] :]  # a JSON text with an edit
        ),
        st.text(max_size=20),
    )
)
def test_text_trusted_as_json_without_parsing_always_parses(text):
    trusted = pl.Series([text], dtype=pl.String).str.contains(_FLAT_JSON_OBJECT).item()
    if trusted:  # (untrusted text takes the parsing path)
        json.loads(text)  # raises if the pattern trusted something that is not JSON


def test_pattern_trusts_what_polars_writes_for_extra_attributes():
    frame = pl.DataFrame({"a": ['x"y\\z\n', None], "b": [1.5, None]})
    encoded = frame.select(pl.struct("a", "b").struct.json_encode()).to_series()
    assert encoded.str.contains(_FLAT_JSON_OBJECT).all()


def test_a_broken_rule_in_a_large_frame_is_one_store_error_and_nothing_stays(ready: Store):
    from workbench.errors import StoreError

    frame = _frame(ROW_DETAIL_LIMIT + 5, "R").with_columns(
        pl.when(pl.col("id") == "R00100")
        .then(pl.lit("9999"))
        .otherwise(pl.col("canton_code"))
        .alias("canton_code")
    )
    with pytest.raises(StoreError, match="breaks a rule"):
        ready.insert("proposals", frame, actor="t")
    assert ready.count("proposals") == 0
    assert ready.events(kind="proposals.insert").height == 0
