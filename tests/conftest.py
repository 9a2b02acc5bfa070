"""Fixtures: a store on every backend, a served workbench, and Chromium for Playwright.

Every test that takes ``store`` or ``db_url`` runs twice: on SQLite and on a
real PostgreSQL server started from Debian's package for the session. Set
``WORKBENCH_TEST_BACKENDS=sqlite`` to run on SQLite only, or
``WORKBENCH_TEST_PG_URL`` to use a PostgreSQL server you already run (its
role must be allowed to create databases).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.postgres import PostgresServer, find_bindir
from tests.util import serve_workbench
from workbench.store import Store
from workbench.store.seed import load_sample

BACKENDS = [
    b.strip()
    for b in os.environ.get("WORKBENCH_TEST_BACKENDS", "sqlite,postgresql").split(",")
    if b.strip()
]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: Citizens' text that would run if it were ever treated as markup.
#: The facilitator account of the served test workbench (name, password).
FACILITATOR_ACCOUNT = ("facilitadora", "clave-de-prueba-1")

HOSTILE_TEXTS = (
    '<script>window.__xss = "script"</script>Propuesta con script',
    "<img src=x onerror=\"window.__xss = 'img'\">Propuesta con imagen",
)


class _ExternalPostgres:
    def __init__(self, url: str) -> None:
        self.url = url

    def create_database(self, prefix: str = "t") -> str:
        import psycopg
        from sqlalchemy.engine import make_url

        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return make_url(self.url).set(database=name).render_as_string(hide_password=False)

    def stop(self) -> None:
        pass


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server for the session (started here unless one is given)."""
    if os.environ.get("WORKBENCH_TEST_PG_URL"):
        yield _ExternalPostgres(os.environ["WORKBENCH_TEST_PG_URL"])
        return
    bindir = find_bindir()
    if bindir is None:
        pytest.fail(
            "PostgreSQL is not installed: run the tests with `python3 dev.py test` (it installs "
            "Debian's postgresql package) or set WORKBENCH_TEST_BACKENDS=sqlite.",
            pytrace=False,
        )
    server = PostgresServer(bindir).start()
    yield server
    server.stop()


def _new_url(backend: str, request: pytest.FixtureRequest, folder: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{folder / f'wb-{uuid.uuid4().hex[:8]}.db'}"
    return request.getfixturevalue("postgres_server").create_database()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """URL of a new, empty database on each backend."""
    return _new_url(request.param, request, tmp_path)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """A new store on each backend."""
    with Store(db_url) as s:
        yield s


@pytest.fixture(scope="module", params=BACKENDS)
def sample_store(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[Store]:
    """A store holding the sample data, on each backend, shared by a module: do not write."""
    url = _new_url(request.param, request, tmp_path_factory.mktemp("sample"))
    with Store(url) as s:
        load_sample(s)
        yield s


# -- browser -------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, headless, with no background traffic; never a downloaded browser."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run the tests with `python3 dev.py test`, which installs "
            "Debian's chromium package.",
            pytrace=False,
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


@pytest.fixture(scope="session")
def workbench_data(tmp_path_factory) -> Path:
    """A data folder whose database holds the sample plus hostile proposals."""
    folder = tmp_path_factory.mktemp("served")
    with Store(f"sqlite:///{folder / 'workbench.db'}") as s:
        load_sample(s)
        from workbench.store import now

        s.insert(
            "proposals",
            [
                {
                    "id": f"PX{i}",
                    "title": text[:40],
                    "text": text,
                    "canton_code": "1701",
                    "created_at": now(),
                }
                for i, text in enumerate(HOSTILE_TEXTS)
            ],
            actor="test:hostile",
        )
    from workbench.session.accounts import add_account

    add_account(*FACILITATOR_ACCOUNT, path=folder / "users.json")
    return folder


@pytest.fixture(scope="session")
def workbench_url(workbench_data: Path) -> Iterator[str]:
    """Base URL of ``workbench serve`` running on loopback over :func:`workbench_data`."""
    env = {"WORKBENCH_DATA": str(workbench_data), "WORKBENCH_DB": ""}
    with serve_workbench(env) as url:
        yield url


@pytest.fixture
def watched_page(page):
    """A Playwright page that records page errors and requests leaving the machine."""
    page.errors = []
    page.external = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))

    def _request(request):
        url = request.url
        if not url.startswith(
            (
                "http://127.0.0.1",
                "ws://127.0.0.1",
                "http://localhost",
                "ws://localhost",
                "data:",
                "blob:",
                "about:",
            )
        ):
            page.external.append(url)

    page.on("request", _request)
    return page


def pytest_report_header(config) -> list[str]:
    pg = find_bindir()
    return [
        f"workbench backends: {', '.join(BACKENDS)}",
        f"postgresql: {pg or 'missing'}; chromium: {shutil.which('chromium') or 'missing'}",
    ]
