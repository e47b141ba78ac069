"""Helpers shared by the store tests: a seeded site, acting as someone, row counts.

One Context per test: ``store.db.connect`` rebinds the global database proxy, so a second
``make_ctx`` on the same URL would route the first context's queries through the second
connection. Tests switch the acting person with :func:`acting` instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import peewee
import pytest
from dutyboard.rules import FrozenClock, parse_instant
from dutyboard.store import admin, meetings, tickets
from dutyboard.store.context import Context
from dutyboard.store.db import SQLITE_PRAGMAS, open_database
from dutyboard.store.errors import Refused
from dutyboard.store.models import ALL_MODELS, Audit

TZ = "Asia/Shanghai"

USERS = [  # login, role, depts, cleared
    ("duty", "duty", ["fcc"], False),
    ("clerk", "clerk", ["desk"], False),
    ("super", "supervisor", ["desk"], True),
    ("eng-lead", "lead", ["eng"], False),
    ("sec-lead", "lead", ["sec"], False),
    ("svc-lead", "lead", ["svc"], False),
    ("env-lead", "lead", ["env"], False),
]

VENUES = [  # name, class, kind, capacity
    ("Hall", "C", "main-hall", 800),
    ("Room A", "A", "meeting-room", 30),
    ("Room B", "B", "report-hall", 120),
    ("Lounge", "A", "breakout", 20),
]


# venues of the conference building's kinds (report hall, breakout): every meeting there is
# approved by the administration office (domain §2), so the kit gives a reference by default
APPROVED_KINDS_VENUES = ("Room B", "Lounge")


def at(text: str):  # noqa: ANN201 - an arrow.Arrow
    """A local (site-zone) instant: at('2026-11-23 14:00')."""
    return parse_instant(text, TZ)


def set_now(ctx: Context, text: str) -> None:
    ctx.clock = FrozenClock(at(text))


@contextmanager
def acting(ctx: Context, login: str) -> Iterator[Context]:
    before = ctx.login
    ctx.login = login
    try:
        yield ctx
    finally:
        ctx.login = before


def seed(ctx: Context) -> Context:
    """init as the context's login (the manager), then the people and venues above."""
    admin.init_site(ctx)
    for login, role, depts, cleared in USERS:
        admin.add_user(ctx, login, role, depts=depts, cleared=cleared)
    for name, cls, kind, cap in VENUES:
        admin.add_venue(ctx, name, cls, kind, cap)
    return ctx


def booking(venue: str = "Room A", start: str = "2026-11-23 14:00", end: str = "2026-11-23 15:00",
            **kw) -> meetings.MeetingInput:  # noqa: ANN003
    values = dict(title="Weekly meeting", organizer="General Office", contact="Ms Li",
                  phone="0571-1234", attendees=20)
    if venue in APPROVED_KINDS_VENUES:   # conference-building kinds: the office's approval
        values["approval_ref"] = "ADM-2026-1"
    values.update(kw)
    return meetings.MeetingInput(venue=venue, start=at(start), end=at(end), **values)


def book(ctx: Context, venue: str = "Room A", start: str = "2026-11-23 14:00",
         end: str = "2026-11-23 15:00", login: str = "clerk", **kw):  # noqa: ANN003, ANN201
    with acting(ctx, login):
        return meetings.add_meeting(ctx, booking(venue, start, end, **kw))


def repair(**kw) -> tickets.TicketInput:  # noqa: ANN003
    values = dict(kind="repair", channel="phone", location="Room 305", contact="Mr Wu",
                  content="Ceiling light flickering", phone="13800001111")
    values.update(kw)
    return tickets.TicketInput(**values)


def open_ticket(ctx: Context, login: str = "clerk", inquiry: bool = False, **kw):  # noqa: ANN003, ANN201
    with acting(ctx, login):
        return tickets.open_ticket(ctx, repair(**kw), inquiry=inquiry)


def counts() -> dict[str, int]:
    """Rows per table: a refused write must leave every one of them as it was."""
    return {m._meta.table_name: m.select().count() for m in ALL_MODELS}


def last_audit() -> Audit:
    return Audit.select().order_by(Audit.id.desc()).get()


def second_connection(url: str) -> peewee.Database:
    """Another session's own connection, not bound to the global proxy. It waits only briefly
    for a lock (SQLite: the write lock; PostgreSQL: a row lock), so a blocked writer shows at
    once instead of hanging a test that runs both sessions in one thread."""
    db = open_database(url)
    if isinstance(db, peewee.SqliteDatabase):
        db = peewee.SqliteDatabase(db.database, pragmas={**SQLITE_PRAGMAS, "busy_timeout": 100},
                                   timeout=0.1)
        db.connect()
    else:
        db.connect()
        db.execute_sql("SET lock_timeout = '300ms'")
    return db


def as_other_session(db: peewee.Database, login: str, now: str, fn, *args):  # noqa: ANN001, ANN201
    """Run a store call as another session: the models bound to its own connection."""
    with db.bind_ctx(ALL_MODELS):
        other = Context(db, FrozenClock(at(now)), login)
        return fn(other, *args)


class OtherSession:
    """Session B of a race: one store call, ``fn(other_ctx, *args)``, as ``login`` at ``now`` on
    its own connection. ``outcome`` is "" until it ran inside session A's transaction, then
    "written" or "blocked: <the lock error>"."""

    def __init__(self, db: peewee.Database, login: str, now: str, fn: Callable[..., Any],
                 args: tuple[Any, ...]) -> None:
        self.db, self.login, self.now, self.fn, self.args = db, login, now, fn, args
        self.outcome = ""

    @property
    def blocked(self) -> bool:
        return self.outcome.startswith("blocked")

    def run(self, now: str | None = None) -> Any:
        """Run B's call (again), e.g. after A committed; ``now`` moves B's clock."""
        return as_other_session(self.db, self.login, now or self.now, self.fn, *self.args)


@contextmanager
def racing(monkeypatch: pytest.MonkeyPatch, url: str, module: Any, name: str, login: str, now: str,
           fn: Callable[..., Any], *args: Any) -> Iterator[OtherSession]:
    """Inside the block, session A's first call of ``module.name`` (a rule it checks inside its
    write transaction, after reading the row) first runs session B once (see
    :class:`OtherSession`). B waits only briefly for A's lock (:func:`second_connection`), so
    it is either written before A goes on or blocked. B's connection closes at the end."""
    other = OtherSession(second_connection(url), login, now, fn, args)
    real = getattr(module, name)

    def hooked(*a: Any, **kw: Any) -> Any:
        if not other.outcome:
            other.outcome = "running"
            try:
                other.run()
                other.outcome = "written"
            except peewee.OperationalError as exc:
                other.outcome = f"blocked: {exc}"
        return real(*a, **kw)

    monkeypatch.setattr(module, name, hooked)
    try:
        yield other
    finally:
        monkeypatch.setattr(module, name, real)
        other.db.close()


def step(ctx: Context, login: str, fn, *args, **kw):  # noqa: ANN001, ANN002, ANN003, ANN201
    """``fn(ctx, *args, **kw)`` as ``login``."""
    with acting(ctx, login):
        return fn(ctx, *args, **kw)


def refused(ctx: Context, rule: str, login: str, fn, *args, **kw) -> str:  # noqa: ANN001, ANN002, ANN003
    """``step`` must be refused by ``rule`` and change nothing; the message."""
    before = counts()
    with pytest.raises(Refused) as err:
        step(ctx, login, fn, *args, **kw)
    assert err.value.rule == rule, str(err.value)
    assert counts() == before
    return str(err.value)
