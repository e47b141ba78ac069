"""PostgreSQL through psycopg 3 (the ``pg`` extra), and through psycopg2 where only it is
installed (store/pgdriver.py): the same site, the same lock timeout, the same push of
another session's write to a waiting board (LISTEN/NOTIFY, store/changes.py)."""

from __future__ import annotations

import importlib.util
import sys
import time

import pytest
from dutyboard.store import pgdriver
from dutyboard.store.changes import ChangeFeed
from dutyboard.store.db import busy_timeout, connect
from dutyboard.store.models import Person
from storekit import seed
from test_store_changes import write_later

ADAPTERS = {pgdriver.PSYCOPG3: pgdriver.LazyPsycopg3Adapter, pgdriver.PSYCOPG2: pgdriver.LazyPsycopg2Adapter}


@pytest.fixture(params=[pgdriver.PSYCOPG3, pgdriver.PSYCOPG2])
def driver(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each driver in turn (a driver that is not installed skips)."""
    name = request.param
    if importlib.util.find_spec(name) is None:
        pytest.skip(f"{name} is not installed")
    monkeypatch.setattr(pgdriver, "driver_name", lambda: name)
    return name


def test_psycopg3_is_chosen_when_installed(pg_only_url: str) -> None:
    pytest.importorskip("psycopg")
    assert pgdriver.driver_name() == pgdriver.PSYCOPG3
    db = connect(pg_only_url)
    try:
        assert isinstance(db._adapter, pgdriver.LazyPsycopg3Adapter)
        assert "psycopg" in sys.modules
    finally:
        db.close()


def test_each_driver_opens_the_site_with_its_lock_timeout(driver: str, pg_only_url: str,
                                                            make_ctx) -> None:  # noqa: ANN001
    ctx = seed(make_ctx(pg_only_url))
    assert isinstance(ctx.db._adapter, ADAPTERS[driver])
    assert Person.select().where(Person.login == "clerk").exists()
    ms = ctx.db.execute_sql("SELECT setting FROM pg_settings WHERE name = 'lock_timeout'").fetchone()[0]
    assert int(ms) == int(busy_timeout() * 1000)
    with ctx.db.atomic():
        assert ctx.db.in_transaction()


def test_each_driver_pushes_another_sessions_write_to_the_feed(driver: str, pg_only_url: str,
                                                               make_ctx) -> None:  # noqa: ANN001
    ctx = seed(make_ctx(pg_only_url))
    feed = ChangeFeed(ctx.db)
    try:
        assert feed.wait(0.1) is False
        assert type(feed._conn).__module__.split(".")[0] == driver
        done: list[float] = []
        writer = write_later(pg_only_url, 0.3, done)
        assert feed.wait(10.0) is True
        woke = time.monotonic()
        writer.join(10)
        assert done, "the writer did not commit"
        assert woke - done[0] < 0.2
        assert feed.wait(0.2) is False   # the burst was one look: quiet again
    finally:
        feed.close()
