"""A ticket's flags and re-derivation instants on a clock step and close of business worked
out by the caller are those worked out afresh (issue 13); the deadline text a flag carries,
kept by instant and zone, is Arrow's own, across DST changes and in every zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import arrow
from dutyboard.rules import Flag, TicketFact, ticket_flags
from dutyboard.rules.facts import CLOSED, DISPATCHED, INQUIRY, OPEN, RESOLVED
from dutyboard.rules.flag_times import ticket_instants
from dutyboard.rules.flags import _local_minute, local_minute
from dutyboard.rules.rulebook import Rulebook
from dutyboard.rules.tickets import next_step
from hypothesis import given, settings
from hypothesis import strategies as st

NOW = arrow.get("2026-11-23T09:30:00+08:00")     # a Monday, the site's zone
ZONES = ("Asia/Shanghai", "UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe",
         "Pacific/Chatham", "America/St_Johns", "Asia/Kathmandu", "Europe/Dublin")
# DST changes of 2026 in those zones (UTC): around them the wall time jumps or repeats
CHANGES = ("2026-03-08T07:00", "2026-11-01T06:00", "2026-03-29T01:00", "2026-10-25T01:00",
           "2026-04-04T15:00", "2026-10-03T15:00", "2026-04-04T14:00", "2026-09-26T14:00",
           "2026-03-08T05:30", "2026-11-01T04:30")

minutes = st.integers(-4000, 4000)


def shifted(base: arrow.Arrow, draw: st.DrawFn) -> arrow.Arrow:
    return base.shift(minutes=draw(minutes), seconds=draw(st.integers(0, 59)))


@st.composite
def tickets(draw: st.DrawFn) -> TicketFact:
    """Tickets in every state, with 0-3 follow-ups, escalated, stalled, called back or not."""
    opened = NOW.shift(minutes=-draw(st.integers(0, 20_000)))
    state = draw(st.sampled_from((INQUIRY, OPEN, DISPATCHED, RESOLVED, CLOSED)))
    later = sorted(draw(st.lists(st.integers(1, 6000), max_size=3)))
    follow = tuple(opened.shift(minutes=m) for m in later)
    maybe = st.none() | st.builds(lambda m: opened.shift(minutes=m), st.integers(1, 9000))
    return TicketFact(
        7, draw(st.sampled_from(("repair", "complaint"))),
        draw(st.sampled_from(("normal", "urgent", "emergency"))), state, opened,
        location="Hall 2", dept=draw(st.sampled_from(("eng", "desk", None))),
        dispatched_at=draw(maybe), follow_ups=follow, escalated_at=draw(maybe),
        resolved_at=draw(maybe) if state in (RESOLVED, CLOSED) else None, major=draw(st.booleans()),
        approvals=draw(st.sampled_from(((), (("boss", "manager"),), (("sup", "supervisor"),)))),
        notified=frozenset(draw(st.lists(st.sampled_from(("supervisor", "manager", "lead"))))),
        clock_at=draw(maybe), follow_up_count=draw(st.just(0) | st.integers(0, 4)),
        last_follow_up_at=draw(maybe),
        stalled_at=draw(st.none() | st.just(opened.shift(minutes=60))), callback_at=draw(maybe),
        unresolvable=draw(st.booleans()))


def full(flags: list[Flag]) -> list[tuple[Flag, dict]]:
    """Flags with their values (not part of a Flag's equality)."""
    return [(f, dict(f.values)) for f in flags]


@settings(max_examples=400, deadline=None)
@given(tickets(), st.integers(-3000, 30_000))
def test_flags_on_a_precomputed_clock_are_the_flags_worked_out_afresh(book: Rulebook, t: TicketFact,
                                                                      later: int) -> None:
    now = NOW.shift(minutes=later)
    step, close = next_step(t, book), book.calendar.end_of_working_day(t.opened_at)
    fresh = ticket_flags(t, book, now)
    assert full(ticket_flags(t, book, now, step=step, close=close)) == full(fresh)
    assert full(ticket_flags(t, book, now, step=step)) == full(fresh)
    assert full(ticket_flags(t, book, now, close=close)) == full(fresh)
    assert ticket_instants(t, book, step=step, close=close) == ticket_instants(t, book)
    for f in fresh:     # a deadline in the values reads as Arrow formats it
        if "due" in f.values and f.due_at is not None:
            assert f.values["due"] == f.due_at.to(book.tz).format("MM-DD HH:mm")
            assert str(f.values["due"]) in f.message


@st.composite
def instants(draw: st.DrawFn) -> arrow.Arrow:
    """An instant near a DST change (or anywhere in 2024-2030), to the microsecond, in any zone."""
    base = draw(st.sampled_from(CHANGES).map(lambda s: arrow.get(s))
                | st.integers(1_704_067_200, 1_924_992_000).map(arrow.Arrow.utcfromtimestamp))
    moved = shifted(base, draw).shift(microseconds=draw(st.integers(0, 999_999)))
    return moved.to(draw(st.sampled_from(ZONES)))


@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(instants(), st.sampled_from(ZONES)), min_size=1, max_size=30))
def test_the_kept_deadline_text_is_arrows_own(pairs: list[tuple[arrow.Arrow, str]]) -> None:
    _local_minute.cache_clear()
    for _ in range(2):                      # cold, then from the cache
        for instant, tz in pairs:
            assert local_minute(instant, tz) == instant.to(tz).format("MM-DD HH:mm")


def test_the_same_wall_time_twice_in_a_night_is_two_instants() -> None:
    """01:30 on the night New York's clocks go back is two instants: kept apart (a datetime
    with the same zone compares by its wall time alone)."""
    first = arrow.Arrow(2026, 11, 1, 1, 30, tzinfo="America/New_York")
    second = first.to("UTC").shift(hours=1).to("America/New_York")
    assert second.datetime.fold == 1 and first.datetime == second.datetime   # a datetime key's trap
    for tz in ("UTC", "Asia/Shanghai", "America/New_York"):
        _local_minute.cache_clear()
        assert [local_minute(first, tz), local_minute(second, tz)] == [
            first.to(tz).format("MM-DD HH:mm"), second.to(tz).format("MM-DD HH:mm")]
    assert local_minute(first, "UTC") == "11-01 05:30" and local_minute(second, "UTC") == "11-01 06:30"


def test_an_instant_in_any_zone_reads_the_same() -> None:
    utc = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    for zone in ZONES:
        assert local_minute(arrow.get(utc).to(zone), "Asia/Shanghai") == "11-23 17:30"
    assert local_minute(arrow.get(utc + timedelta(microseconds=999_999)), "UTC") == "11-23 09:30"


def test_the_missed_second_follow_up_names_its_close_of_business(book: Rulebook) -> None:
    opened = NOW.shift(minutes=30)                                  # Monday 10:00
    t = TicketFact(7, "repair", "normal", DISPATCHED, opened, location="Hall 2", dept="eng",
                   dispatched_at=opened, clock_at=opened, follow_ups=(opened.shift(hours=2),))
    now = NOW.shift(days=1)
    step = next_step(t, book)
    assert step is not None and step.number == 2
    flags = ticket_flags(t, book, now, step=step, close=book.calendar.end_of_working_day(opened))
    assert full(flags) == full(ticket_flags(t, book, now))
    missed = [f for f in flags if f.values.get("why") == "second_missed"]
    assert len(missed) == 1 and missed[0].due_at == step.due
    assert missed[0].values["due"] == step.due.to(book.tz).format("MM-DD HH:mm") == "11-23 18:00"
    assert "close of business 11-23 18:00: report" in missed[0].message
