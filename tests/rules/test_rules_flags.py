"""Flags at an instant (domain §4-§5): tasks, tickets, the daily sign-off."""

from __future__ import annotations

from datetime import date

import pytest
from dutyboard.rules import (
    Flag,
    TaskFact,
    TicketFact,
    flags_at,
    parse_instant,
    signoff_flag,
    task_flag,
    ticket_flags,
)
from dutyboard.rules.facts import CLOSED, DISPATCHED, DONE, INQUIRY, OPEN, PENDING, RESOLVED, VERIFIED
from dutyboard.rules.rulebook import Rulebook

TZ = "Asia/Shanghai"


def at(text: str):  # noqa: ANN201 - arrow.Arrow
    return parse_instant(text, TZ)


def local(instant) -> str:  # noqa: ANN001
    return instant.to(TZ).format("YYYY-MM-DD HH:mm")


def task(state: str = PENDING, due: str = "2026-11-24 13:00", verify: bool = False,
         cancelled: bool = False, id: int = 5) -> TaskFact:  # noqa: A002
    return TaskFact(id=id, meeting_id=3, dept="eng", title="AC on", due=at(due), state=state,
                    verify=verify, meeting_start=at("2026-11-24 14:00"), cancelled=cancelled)


def ticket(state: str = DISPATCHED, opened: str = "2026-11-23 10:00",
           follow_ups: tuple[str, ...] = (), **kw: object) -> TicketFact:
    return TicketFact(id=9, kind=kw.pop("kind", "repair"), priority=kw.pop("priority", "normal"),
                      state=state, opened_at=at(opened),
                      dispatched_at=at(opened) if state == DISPATCHED else None,
                      follow_ups=tuple(at(f) for f in follow_ups), location="Hall 2",
                      dept="eng", **kw)  # type: ignore[arg-type]


def kinds(flags: list[Flag]) -> list[tuple[str, str]]:
    return [(f.kind, f.severity) for f in flags]


# -- tasks -------------------------------------------------------------------------------

@pytest.mark.parametrize(("now", "kind", "severity", "text"), [
    ("2026-11-24 12:29", None, None, None),
    ("2026-11-24 12:30", "task_due_soon", "warn", "due in 30m00s"),    # 30 min before
    ("2026-11-24 12:59", "task_due_soon", "warn", "due in 1m00s"),
    ("2026-11-24 13:00", "task_overdue", "alarm", "overdue 0s"),
    ("2026-11-24 13:45", "task_overdue", "alarm", "overdue 45m00s"),
])
def test_pending_task_due_soon_then_overdue(book: Rulebook, now: str, kind: str | None,
                                            severity: str | None, text: str | None) -> None:
    flag = task_flag(task(), book, at(now))
    if kind is None:
        assert flag is None
        return
    assert flag is not None
    assert (flag.kind, flag.severity, flag.subject, flag.dept) == (kind, severity, "task:5", "eng")
    assert local(flag.due_at) == "2026-11-24 13:00"
    assert text in flag.message and "meeting 3" in flag.message
    assert flag.subject_id == 5


@pytest.mark.parametrize("state", [DONE, VERIFIED])
def test_done_or_verified_plain_task_has_no_flag(book: Rulebook, state: str) -> None:
    assert task_flag(task(state), book, at("2026-11-24 15:00")) is None


@pytest.mark.parametrize(("now", "kind", "severity", "text"), [
    ("2026-11-24 13:29", "readiness_reported", "info", "awaiting verification by T-30min"),
    ("2026-11-24 13:30", "readiness_unverified", "alarm", "0s past T-30min"),
    ("2026-11-24 13:40", "readiness_unverified", "alarm", "10m00s past T-30min"),
])
def test_readiness_reported_but_unverified(book: Rulebook, now: str, kind: str, severity: str,
                                           text: str) -> None:
    flag = task_flag(task(DONE, verify=True), book, at(now))
    assert flag is not None
    assert (flag.kind, flag.severity) == (kind, severity)
    assert local(flag.due_at) == "2026-11-24 13:30"    # meeting start 14:00 - 30 min
    assert text in flag.message


def test_verified_readiness_has_no_flag(book: Rulebook) -> None:
    assert task_flag(task(VERIFIED, verify=True), book, at("2026-11-24 13:45")) is None


@pytest.mark.parametrize(("state", "verify"), [(PENDING, False), (DONE, True)])
def test_cancelled_meetings_tasks_give_no_flags(book: Rulebook, state: str, verify: bool) -> None:
    t = task(state, verify=verify, cancelled=True)
    assert task_flag(t, book, at("2026-11-24 13:45")) is None
    assert flags_at([t], [], book, at("2026-11-24 13:45")) == []


# -- tickets ------------------------------------------------------------------------------

@pytest.mark.parametrize(("now", "expected", "text"), [
    ("2026-11-23 11:29", [], None),
    ("2026-11-23 11:30", [("follow_up_due", "warn")], "follow-up #1 due in 30m00s"),
    ("2026-11-23 12:00", [("follow_up_overdue", "alarm")], "follow-up #1 overdue 0s"),
    ("2026-11-23 13:15", [("follow_up_overdue", "alarm")], "follow-up #1 overdue 1h15m"),
])
def test_first_follow_up_due_then_overdue(book: Rulebook, now: str, expected: list[tuple[str, str]],
                                          text: str | None) -> None:
    flags = ticket_flags(ticket(), book, at(now))
    assert kinds(flags) == expected
    if text:
        assert text in flags[0].message
        assert local(flags[0].due_at) == "2026-11-23 12:00"


@pytest.mark.parametrize(("now", "expected"), [
    ("2026-11-23 17:29", []),
    ("2026-11-23 17:30", [("follow_up_due", "warn")]),
    ("2026-11-23 18:00", [("escalation_due", "alarm"), ("unclosed_end_of_day", "warn")]),
])
def test_second_follow_up_due_then_overdue(book: Rulebook, now: str, expected: list[tuple[str, str]]) -> None:
    flags = ticket_flags(ticket(follow_ups=("2026-11-23 12:05",)), book, at(now))
    assert kinds(flags) == expected
    if flags:
        assert "follow-up #2" in flags[0].message
        assert local(flags[0].due_at) == "2026-11-23 18:00"
    if flags and flags[0].kind == "escalation_due":  # missed at close of business: to the supervisor
        assert "report to the desk supervisor now" in flags[0].message


def test_escalation_due_after_two_follow_ups(book: Rulebook) -> None:
    t = ticket(follow_ups=("2026-11-23 12:05", "2026-11-23 15:00"))
    assert not any(f.kind == "escalation_due" for f in ticket_flags(t, book, at("2026-11-23 17:59")))
    flags = ticket_flags(t, book, at("2026-11-23 18:00"))
    assert kinds(flags) == [("escalation_due", "alarm"), ("unclosed_end_of_day", "warn")]
    assert "follow-ups exhausted" in flags[0].message


def test_escalated_ticket(book: Rulebook) -> None:
    t = ticket(follow_ups=("2026-11-23 12:05", "2026-11-23 15:00"), escalated_at=at("2026-11-23 18:01"))
    flags = ticket_flags(t, book, at("2026-11-23 18:10"))
    assert kinds(flags) == [("escalated", "warn"), ("unclosed_end_of_day", "warn")]
    assert local(flags[0].due_at) == "2026-11-23 18:01"


@pytest.mark.parametrize(("notified", "tell"), [
    (frozenset(), "still to notify: desk supervisor, manager, department lead"),
    (frozenset({"supervisor"}), "still to notify: manager, department lead"),
    (frozenset({"supervisor", "manager", "lead"}), "all notified"),
])
def test_emergency_names_who_still_must_be_notified(book: Rulebook, notified: frozenset[str],
                                                    tell: str) -> None:
    t = ticket(OPEN, "2026-11-23 10:07", priority="emergency", notified=notified)
    flags = ticket_flags(t, book, at("2026-11-23 10:07"))
    assert kinds(flags) == [("emergency", "alarm"), ("escalation_due", "alarm")]
    assert "EMERGENCY at Hall 2: the clerk stays on post" in flags[0].message
    assert flags[0].message.endswith(tell)
    assert "emergency" in flags[1].message and local(flags[1].due_at) == "2026-11-23 10:07"


def test_escalated_emergency_keeps_its_alarm(book: Rulebook) -> None:
    t = ticket(OPEN, priority="emergency", escalated_at=at("2026-11-23 10:01"))
    assert kinds(ticket_flags(t, book, at("2026-11-23 10:05"))) == [("emergency", "alarm"),
                                                                   ("escalated", "warn")]


@pytest.mark.parametrize(("approvals", "awaited"), [
    ((), True),
    ((("cleo", "clerk"),), True),
    ((("sam", "supervisor"),), False),
    ((("max", "manager"),), False),
])
@pytest.mark.parametrize("grave", [{"major": True}, {"priority": "emergency",
                                                     "escalated_at": "2026-11-23 10:00",
                                                     "notified": frozenset({"supervisor", "manager",
                                                                            "lead"})}])
def test_approval_awaited(book: Rulebook, approvals: tuple[tuple[str, str], ...], awaited: bool,
                          grave: dict[str, object]) -> None:
    grave = dict(grave)
    if "escalated_at" in grave:
        grave["escalated_at"] = at(str(grave["escalated_at"]))
    t = ticket(RESOLVED, approvals=approvals, resolved_at=at("2026-11-23 11:00"), **grave)
    got = [f for f in ticket_flags(t, book, at("2026-11-23 11:30")) if f.kind == "approval_awaited"]
    assert bool(got) is awaited
    if awaited:
        assert got[0].severity == "warn" and "supervisor or manager" in got[0].message


def test_plain_resolved_ticket_awaits_no_approval(book: Rulebook) -> None:
    t = ticket(RESOLVED, resolved_at=at("2026-11-23 11:00"))
    assert ticket_flags(t, book, at("2026-11-23 11:30")) == []


@pytest.mark.parametrize(("opened", "quiet", "loud", "eod"), [
    ("2026-11-23 10:00", "2026-11-23 17:59", "2026-11-23 18:00", "11-23 18:00"),
    ("2026-11-23 18:01", "2026-11-24 17:59", "2026-11-24 18:00", "11-24 18:00"),   # after hours
    ("2026-11-21 10:00", "2026-11-23 17:59", "2026-11-23 18:00", "11-23 18:00"),   # Saturday
])
def test_unclosed_at_end_of_day(book: Rulebook, opened: str, quiet: str, loud: str, eod: str) -> None:
    t = ticket(RESOLVED, opened, kind="complaint")
    assert ticket_flags(t, book, at(quiet)) == []
    flags = ticket_flags(t, book, at(loud))
    assert kinds(flags) == [("unclosed_end_of_day", "warn")]
    assert f"still resolved after close of business {eod}" in flags[0].message


@pytest.mark.parametrize("state", [CLOSED, INQUIRY])
def test_closed_and_inquiries_have_no_flags(book: Rulebook, state: str) -> None:
    assert ticket_flags(ticket(state, priority="emergency"), book, at("2026-11-25 09:00")) == []


# -- the daily sign-off -------------------------------------------------------------------

@pytest.mark.parametrize(("day", "now", "flagged"), [
    (date(2026, 11, 23), "2026-11-23 17:59", False),
    (date(2026, 11, 23), "2026-11-23 18:00", True),
    (date(2026, 11, 23), "2026-11-24 09:00", True),
    (date(2026, 11, 21), "2026-11-22 20:00", False),    # Saturday
    (date(2027, 1, 1), "2027-01-01 20:00", False),      # holiday
])
def test_signoff_missing_after_close_on_working_days_only(book: Rulebook, day: date, now: str,
                                                          flagged: bool) -> None:
    flag = signoff_flag(day, False, book, at(now))
    assert (flag is not None) is flagged
    if flag is not None:
        assert (flag.kind, flag.severity, flag.subject) == ("signoff_missing", "alarm", f"day:{day}")
        assert local(flag.due_at) == f"{day} 18:00"
        assert "not signed off by the supervisor by 18:00" in flag.message
        assert flag.subject_id is None
    assert signoff_flag(day, True, book, at(now)) is None


# -- everything at once -------------------------------------------------------------------

def test_flags_at_orders_alarm_warn_info_then_due(book: Rulebook) -> None:
    now = at("2026-11-24 13:20")
    tasks = [
        task(PENDING, "2026-11-24 13:30", id=1),                # due soon (warn)
        task(PENDING, "2026-11-24 13:00", id=2),                # overdue (alarm)
        task(DONE, "2026-11-24 13:00", verify=True, id=3),      # reported (info, due 13:30)
        task(PENDING, "2026-11-24 12:00", id=4, cancelled=True),
        task(PENDING, "2026-11-24 16:00", id=6),                # nothing yet
    ]
    flags = flags_at(tasks, [ticket(opened="2026-11-24 10:00")], book, now,
                     unsigned_days=[date(2026, 11, 23)])
    assert [(f.kind, f.subject) for f in flags] == [
        ("signoff_missing", "day:2026-11-23"),      # alarm, due 11-23 18:00
        ("follow_up_overdue", "ticket:9"),         # alarm, due 12:00
        ("task_overdue", "task:2"),                 # alarm, due 13:00
        ("task_due_soon", "task:1"),                # warn
        ("readiness_reported", "task:3"),           # info
    ]
