"""Schema versions: a new database is current; an older one is upgraded in place, data kept."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from tests import schema_v1
from workbench.config import parse_database_url
from workbench.errors import StoreError
from workbench.store import SCHEMA_VERSION, Store, database_version
from workbench.store.engine import create_engine
from workbench.store.migrations import MIGRATIONS


def _shape(engine: sa.Engine) -> dict:
    """Tables, columns (name, nullability) and indexed column sets, as reflected."""
    inspector = sa.inspect(engine)
    shape = {}
    for table in sorted(inspector.get_table_names()):
        columns = {c["name"]: c["nullable"] for c in inspector.get_columns(table)}
        indexes = sorted(tuple(i["column_names"]) for i in inspector.get_indexes(table))
        uniques = sorted(tuple(u["column_names"]) for u in inspector.get_unique_constraints(table))
        foreign = sorted(
            (tuple(f["constrained_columns"]), f["referred_table"])
            for f in inspector.get_foreign_keys(table)
        )
        shape[table] = (columns, indexes, uniques, foreign)
    return shape


def _make_v1(url: str) -> None:
    engine = create_engine(parse_database_url(url))
    now = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
    with engine.begin() as conn:
        schema_v1.metadata.create_all(conn)
        t = schema_v1.metadata.tables
        conn.execute(t["schema_info"].insert().values(version=1, upgraded_at=now))
        conn.execute(
            t["territories"].insert(),
            [
                {"code": "17", "name": "Pichincha", "kind": "province"},
                {"code": "1702", "name": "Cayambe", "kind": "canton", "parent_code": "17"},
            ],
        )
        conn.execute(
            t["proposals"]
            .insert()
            .values(id="P1", text="Riego para Cangahua", canton_code="1702", created_at=now)
        )
        conn.execute(t["proposers"].insert().values(proposal_id="P1", name="Rosa Quishpe"))
        conn.execute(
            t["criteria"].insert().values(id="c1", name="Empleo", direction=1, scale="1-5")
        )
        conn.execute(
            t["events"]
            .insert()
            .values(
                at=now,
                actor="old",
                kind="proposals.insert",
                subject="proposals",
                after={"keys": ["P1"]},
            )
        )
    engine.dispose()


def test_a_new_database_is_created_at_the_current_version(db_url):
    with Store(db_url) as store:
        assert store.versions == (None, SCHEMA_VERSION)
        with store.engine.connect() as conn:
            assert database_version(conn) == SCHEMA_VERSION


def test_every_version_has_a_migration():
    assert sorted(MIGRATIONS) == list(range(2, SCHEMA_VERSION + 1))


def test_a_version_1_database_is_upgraded_in_place_keeping_its_data(db_url, tmp_path, request):
    _make_v1(db_url)
    with Store(db_url) as store:
        assert store.versions == (1, SCHEMA_VERSION)
        proposal = store.get("proposals", {"id": "P1"})
        assert proposal["text"] == "Riego para Cangahua"
        assert proposal["content_hash"] is None
        assert store.read("proposers")["name"].to_list() == ["Rosa Quishpe"]
        assert store.events()["actor"].to_list() == ["old"]
        # the upgraded database works like a new one
        store.update("proposers", {"id": 1}, {"gender": "mujer"}, actor="t")
        upgraded = _shape(store.engine)
    fresh_url = (
        db_url.rsplit("/", 1)[0] + "/fresh.db"
        if db_url.startswith("sqlite")
        else (request.getfixturevalue("postgres_server").create_database("fresh"))
    )
    with Store(fresh_url) as fresh:
        assert upgraded == _shape(fresh.engine)


def test_reopening_an_upgraded_database_changes_nothing(db_url):
    _make_v1(db_url)
    Store(db_url).close()
    with Store(db_url) as store:
        assert store.versions == (SCHEMA_VERSION, SCHEMA_VERSION)


def test_a_database_from_a_newer_workbench_is_refused(db_url):
    with Store(db_url) as store, store.engine.begin() as conn:
        conn.execute(
            sa.text("INSERT INTO schema_info (version, upgraded_at) VALUES (:v, :at)"),
            {"v": SCHEMA_VERSION + 1, "at": dt.datetime.now(dt.UTC)},
        )
    with pytest.raises(StoreError, match="newer than this workbench"):
        Store(db_url)


def test_a_foreign_database_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'other.db'}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE invoices (id INTEGER PRIMARY KEY)"))
    engine.dispose()
    with pytest.raises(StoreError, match="not the workbench's: invoices"):
        Store(url)
