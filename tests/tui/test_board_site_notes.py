"""The header tells everyone about the database itself (issues 8 and 9): a training database,
an audit trail that no longer chains, a year with no official working calendar. Read by the
poller's BoardReader, never on the UI thread."""

from __future__ import annotations

import arrow
import peewee
from dutyboard.rules import FrozenClock
from dutyboard.store.board import BoardReader, SiteNotes, Snapshot
from dutyboard.store.models import Audit
from dutyboard.tui.board.header import HeaderState, header_text
from dutyboard.tui.board.i18n import Translator

NOW = arrow.get("2026-11-23T02:00:00+00:00")


def _header(lang: str, notes: SiteNotes) -> str:
    snap = Snapshot(token=1, site=notes)
    return header_text(Translator(lang), NOW, "Asia/Shanghai", "Site", snap, HeaderState(loaded=True)).plain


def test_header_names_a_training_database_in_both_languages() -> None:
    assert "TRAINING" in _header("en", SiteNotes(training=True))
    assert "演练数据库" in _header("zh", SiteNotes(training=True))
    assert "TRAINING" not in _header("en", SiteNotes())


def test_header_warns_of_a_broken_audit_trail() -> None:
    en = _header("en", SiteNotes(audit_break=7))
    assert "AUDIT TRAIL BROKEN at row 7" in en and "audit verify" in en
    assert "第7行" in _header("zh", SiteNotes(audit_break=7))


def test_header_says_when_the_year_has_no_official_calendar() -> None:
    assert "no official calendar for 2031" in _header("en", SiteNotes(calendar_gap=2031))
    assert "2031年无官方工作日历" in _header("zh", SiteNotes(calendar_gap=2031))
    assert "calendar" not in _header("en", SiteNotes())


def test_the_reader_finds_each_note(board_url: str, make_ctx) -> None:  # noqa: ANN001
    ctx = make_ctx(board_url, "duty", "2026-11-23 10:00")
    notes = BoardReader(ctx).full().site
    assert notes.training and notes.audit_break is None and notes.calendar_gap is None
    ctx.clock = FrozenClock(arrow.get("2031-06-02T02:00:00+00:00"))  # past the package's years
    assert BoardReader(ctx).full().site.calendar_gap == 2031
    ctx.clock = FrozenClock(arrow.get("2026-11-23T02:00:00+00:00"))
    newest = Audit.select(peewee.fn.MAX(Audit.id)).scalar()
    ctx.db.execute_sql("DROP TRIGGER audit_no_update")      # a hostile login with the file
    Audit.update(actor="mallory").where(Audit.id == newest).execute()
    assert BoardReader(ctx).full().site.audit_break == newest
