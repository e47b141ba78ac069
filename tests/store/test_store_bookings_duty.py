"""The desk's daily bookings report (000 §3.3B) in the store: recorded once a day, audited, the
unsent working days flagged, and carried on the board's snapshot (full read and delta)."""

from __future__ import annotations

import datetime

import pytest
from dutyboard.store import bookings_duty, oversight
from dutyboard.store.board import BoardReader
from dutyboard.store.errors import Refused
from dutyboard.store.models import Audit
from storekit import acting, seed, set_now

MONDAY, TUESDAY = datetime.date(2026, 11, 23), datetime.date(2026, 11, 24)


@pytest.fixture
def ctx(db_url, make_ctx):  # noqa: ANN001, ANN201
    return seed(make_ctx(db_url, "boss", "2026-11-23 10:00"))


def kinds(ctx) -> dict[str, str]:  # noqa: ANN001
    return {f.subject: f.severity for f in oversight.site_flags(ctx) if f.kind == "bookings_report_due"}


def test_recorded_once_and_audited(ctx):
    set_now(ctx, "2026-11-23 17:45")
    with acting(ctx, "clerk"):
        row = bookings_duty.record_sent(ctx, note=" by fax ")
    assert (row.report, row.period, row.role, row.comment) == ("bookings", "2026-11-23", "sent", "by fax")
    audit = Audit.select().order_by(Audit.id.desc()).get()
    assert (audit.actor, audit.action, audit.entity, audit.note) == ("clerk", "report.bookings_sent",
                                                                     "day", "by fax")
    with acting(ctx, "super"), pytest.raises(Refused) as err:
        bookings_duty.record_sent(ctx, MONDAY)
    assert err.value.rule == "bookings_sent.once"


def test_unsent_days_are_flagged_after_close(ctx):
    set_now(ctx, "2026-11-24 18:00")
    assert kinds(ctx) == {"day:2026-11-23": "alarm", "day:2026-11-24": "alarm"}
    with acting(ctx, "clerk"):
        bookings_duty.record_sent(ctx, MONDAY)
    assert kinds(ctx) == {"day:2026-11-24": "alarm"}


def test_the_board_snapshot_carries_the_unsent_days(ctx):
    set_now(ctx, "2026-11-24 17:00")
    reader = BoardReader(ctx)
    snap = reader.full()
    assert snap.unsent_bookings == [MONDAY, TUESDAY]
    with acting(ctx, "clerk"):
        bookings_duty.record_sent(ctx, MONDAY)
    fresh = reader.refresh(snap)
    assert fresh is not None and fresh.unsent_bookings == [TUESDAY] and "flags" in fresh.changed
