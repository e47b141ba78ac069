"""Shared fixtures: a rulebook, a clock, and store contexts on SQLite and PostgreSQL.

PostgreSQL tests read ``DUTYBOARD_TEST_PG`` (e.g. postgresql://127.0.0.1:5432/test) and
skip with that reason when it is unset; ``.ci/run`` sets it. The test database's public
schema is wiped before each test that uses it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from dutyboard.rules import FrozenClock, load_rulebook, parse_instant
from dutyboard.rules.rulebook import Rulebook

PG_ENV = "DUTYBOARD_TEST_PG"
TZ = "Asia/Shanghai"


def at(text: str):  # noqa: ANN201 - an arrow.Arrow
    """A local (site-zone) instant: at('2026-11-23 14:00')."""
    return parse_instant(text, TZ)


@pytest.fixture(scope="session")
def book() -> Rulebook:
    return load_rulebook()


def pg_url() -> str | None:
    return os.environ.get(PG_ENV) or None


def skip_without_pg() -> str:
    """The PostgreSQL URL, or skip (fail when ``DUTYBOARD_REQUIRE_PG=1``, as in CI)."""
    url = pg_url()
    if url is None:
        why = f"PostgreSQL tests need {PG_ENV}=postgresql://host:port/db (unset)"
        if os.environ.get("DUTYBOARD_REQUIRE_PG") == "1":
            pytest.fail(f"DUTYBOARD_REQUIRE_PG=1 but {why}")
        pytest.skip(why)
    return url


def wipe_pg(url: str) -> None:
    from dutyboard.store.db import open_database
    db = open_database(url)
    db.connect()
    db.execute_sql("DROP SCHEMA IF EXISTS public CASCADE")
    db.execute_sql("CREATE SCHEMA public")
    db.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL, once for SQLite and once for PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    url = skip_without_pg()
    wipe_pg(url)
    yield url


@pytest.fixture
def pg_only_url() -> str:
    """A fresh, empty PostgreSQL database URL (for tests of PostgreSQL-only behaviour)."""
    url = skip_without_pg()
    wipe_pg(url)
    return url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def make_ctx():  # noqa: ANN201
    """make_ctx(url, login, now) -> store Context, connected (closed at teardown)."""
    from dutyboard.store.context import Context
    from dutyboard.store.db import connect

    opened = []

    def factory(url: str, login: str = "boss", now: str = "2026-11-23 10:00",
                rulebook: str | None = None) -> Context:
        db = connect(url)
        opened.append(db)
        return Context(db, FrozenClock(at(now)), login, rulebook)

    yield factory
    for db in opened:
        if not db.is_closed():
            db.close()
