"""Fixtures of the report tests: the hand-computed month of ``monthkit``."""

from __future__ import annotations

import pytest
from dutyboard.store.context import Context
from monthkit import NOW, build_month


@pytest.fixture
def month_ctx(db_url: str, make_ctx) -> Context:  # noqa: ANN001
    ctx = make_ctx(db_url, "boss", NOW)
    build_month(ctx)
    return ctx


@pytest.fixture
def month_url(sqlite_url: str, make_ctx) -> str:  # noqa: ANN001
    """The same month in a SQLite file, closed again, for the command line to open."""
    ctx = make_ctx(sqlite_url, "boss", NOW)
    build_month(ctx)
    ctx.db.close()
    return sqlite_url

