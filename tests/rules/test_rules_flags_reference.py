"""``task_flag`` and ``flags_at``'s order (made cheaper per item for a site's thousands of
flags, issue 13) give what the plain Arrow arithmetic gives: the reference below is the rule
as first written, compared over generated tasks, instants and time zones, values included
(a flag's values are not part of its equality)."""

from __future__ import annotations

from datetime import timedelta

import arrow
from dutyboard.rules import Flag, TaskFact, flags_at, task_flag
from dutyboard.rules.durations import format_span
from dutyboard.rules.facts import DONE, PENDING, SEVERITY_ORDER, VERIFIED
from dutyboard.rules.rulebook import Rulebook
from hypothesis import given, settings
from hypothesis import strategies as st

BASE = arrow.get("2026-11-23T01:30:00+00:00")
ZONES = ("UTC", "Asia/Shanghai", "Europe/London", "America/New_York")


def reference_task_flag(t: TaskFact, book: Rulebook, now: arrow.Arrow) -> Flag | None:
    """The pending branch as first written (Arrow comparisons and subtraction)."""
    if t.cancelled or t.state != PENDING:
        return task_flag(t, book, now)   # the other branches are unchanged
    short = ", short notice" if t.short_notice else ""
    subject = f"task:{t.id}"
    if now >= t.due:
        return Flag("task_overdue", "alarm", subject, t.due,
                    f"{t.title}: overdue {format_span(now - t.due)} "
                    f"(meeting {t.meeting_id}{short})", t.dept, _values(t, now - t.due))
    if now >= t.due - book.due_soon:
        return Flag("task_due_soon", "warn", subject, t.due,
                    f"{t.title}: due in {format_span(t.due - now)} "
                    f"(meeting {t.meeting_id}{short})", t.dept, _values(t, t.due - now))
    return None


def _values(t: TaskFact, delta: timedelta) -> dict[str, str | int]:
    return {"id": t.id, "title": t.title, "meeting_id": t.meeting_id,
            "minutes": int(abs(delta.total_seconds()) // 60), "short_notice": int(t.short_notice)}


def reference_order(flags: list[Flag]) -> list[Flag]:
    far = arrow.Arrow(9999, 1, 1)
    return sorted(flags, key=lambda f: (SEVERITY_ORDER[f.severity], f.due_at or far, f.subject))


# instants within a few hours of BASE, to the second or the microsecond, in several zones
offsets = st.one_of(st.integers(-3 * 3600, 3 * 3600).map(lambda s: timedelta(seconds=s)),
                    st.integers(-10**10, 10**10).map(lambda us: timedelta(microseconds=us)))
instants = st.builds(lambda d, z: (BASE + d).to(z), offsets, st.sampled_from(ZONES))
tasks = st.builds(
    TaskFact, id=st.integers(1, 50), meeting_id=st.integers(1, 5),
    dept=st.sampled_from(["eng", "it", "sec"]), title=st.sampled_from(["AC on", "Mics"]),
    due=instants, state=st.sampled_from([PENDING, DONE, VERIFIED]), verify=st.booleans(),
    meeting_start=instants, cancelled=st.booleans(), short_notice=st.booleans())


def same(a: Flag | None, b: Flag | None) -> bool:
    return a == b and (a is None or b is None or dict(a.values) == dict(b.values))


@settings(max_examples=300, deadline=None)
@given(tasks, instants)
def test_task_flag_is_the_reference(book: Rulebook, t: TaskFact, now: arrow.Arrow) -> None:
    assert same(task_flag(t, book, now), reference_task_flag(t, book, now))


@settings(max_examples=200, deadline=None)
@given(st.lists(tasks, max_size=40), instants)
def test_flags_at_orders_as_arrow_does(book: Rulebook, facts: list[TaskFact], now: arrow.Arrow) -> None:
    """Ties on severity and due time (same instant in other zones, shared dues) and subjects
    included: the order is the reference's, flag for flag."""
    got = flags_at(facts, [], book, now)
    want = reference_order([f for t in facts if (f := reference_task_flag(t, book, now))])
    assert got == want
    assert [dict(f.values) for f in got] == [dict(f.values) for f in want]


# flags as flags_at sorts them: tickets' several flags share a subject, some a due time too,
# day flags have none; dues the same instant in several zones
flag_lists = st.lists(st.builds(
    Flag, kind=st.sampled_from(["task_overdue", "emergency", "escalated"]),
    severity=st.sampled_from(list(SEVERITY_ORDER)),
    subject=st.sampled_from([f"task:{i}" for i in (1, 2, 10, 11)] + ["ticket:7", "day:2026-11-23"]),
    due_at=st.one_of(st.none(), st.sampled_from([BASE, BASE.to("Asia/Shanghai"), BASE.shift(minutes=1)]),
                     instants),
    message=st.text(max_size=3)), max_size=60)


@settings(max_examples=300, deadline=None)
@given(flag_lists)
def test_flags_sort_as_one_key_tuple_does(flags: list[Flag]) -> None:
    """``flags_at``'s order (stable sorts, no key tuple per flag) is ``sorted`` by the
    (severity, due time, subject) tuple: flag for flag, equal flags in their input order."""
    from dutyboard.rules.flags import _by_flag_order, _flag_order
    got, want = _by_flag_order(flags), sorted(flags, key=_flag_order)
    assert [id(f) for f in got] == [id(f) for f in want]
    assert [id(f) for f in reference_order(flags)] == [id(f) for f in want]
