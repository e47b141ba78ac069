"""Flags carry what their message says as values (issue 11): a board words each flag in its
viewer's language from the values, never by reading the English message."""

from __future__ import annotations

from datetime import date, timedelta

from dutyboard.rules import Flag, TaskFact, TicketFact, parse_instant, signoff_flag, task_flag, ticket_flags
from dutyboard.rules.facts import DISPATCHED, DONE, OPEN, PENDING, RESOLVED
from dutyboard.rules.lost_items import LostFact, lost_flag
from dutyboard.rules.rulebook import Rulebook

TZ = "Asia/Shanghai"
KINDS = {"task_overdue", "task_due_soon", "readiness_unverified", "readiness_reported", "emergency",
         "escalation_due", "follow_up_overdue", "follow_up_due", "escalated", "stalled",
         "approval_awaited", "unclosed_end_of_day", "callback_overdue", "signoff_missing",
         "lost_unreturned"}
# the values each kind must carry (the Chinese wording in tui/board/wording.py uses them)
NEEDS = {"task_overdue": {"title", "meeting_id", "minutes", "short_notice"},
         "task_due_soon": {"title", "meeting_id", "minutes", "short_notice"},
         "readiness_unverified": {"title", "minutes", "by"}, "readiness_reported": {"title", "by"},
         "emergency": {"id", "location", "missing"}, "escalation_due": {"id", "why"},
         "follow_up_overdue": {"id", "step", "number", "minutes"},
         "follow_up_due": {"id", "step", "number", "minutes"},
         "escalated": {"id", "what", "missing"}, "stalled": {"id"}, "approval_awaited": {"id", "approvers"},
         "unclosed_end_of_day": {"id", "state", "due"}, "callback_overdue": {"id", "due", "days"},
         "signoff_missing": {"day", "role", "time"}, "lost_unreturned": {"id", "item", "found"}}


def at(text: str):  # noqa: ANN201 - arrow.Arrow
    return parse_instant(text, TZ)


def task(state: str = PENDING, verify: bool = False, short: bool = False) -> TaskFact:
    return TaskFact(id=5, meeting_id=3, dept="eng", title="AC on", due=at("2026-11-24 13:00"),
                    state=state, verify=verify, meeting_start=at("2026-11-24 14:00"), short_notice=short)


def ticket(**kw: object) -> TicketFact:
    opened = at("2026-11-23 10:00")
    base: dict[str, object] = {"id": 9, "kind": "repair", "priority": "normal", "state": DISPATCHED,
                               "opened_at": opened, "dispatched_at": opened, "location": "Hall 2",
                               "dept": "eng"}
    base.update(kw)
    return TicketFact(**base)  # type: ignore[arg-type]


def every_flag(book: Rulebook) -> list[Flag]:
    """Flags of every kind the rules produce, over a week of instants."""
    tickets = [ticket(), ticket(priority="emergency", notified=frozenset({"supervisor"})),
               ticket(priority="urgent", escalated_at=at("2026-11-23 10:00")),
               ticket(state=OPEN, dispatched_at=None, stalled_at=at("2026-11-23 11:00")),
               ticket(state=RESOLVED, major=True, resolved_at=at("2026-11-23 12:00"))]
    tasks = [task(), task(short=True), task(DONE, verify=True)]
    out: list[Flag] = []
    start = at("2026-11-23 10:00")
    for step in range(0, 6 * 24 * 7):    # every 10 minutes for a week
        now = start + timedelta(minutes=10 * step)
        for t in tickets:
            out.extend(ticket_flags(t, book, now))
        for t in tasks:
            if (f := task_flag(t, book, now)) is not None:
                out.append(f)
    out.append(signoff_flag(date(2026, 11, 23), False, book, at("2026-11-23 19:00")))  # type: ignore[arg-type]
    out.append(lost_flag(LostFact(4, "umbrella 雨伞", at("2026-11-01 09:00"), None), book,  # type: ignore[arg-type]
                         at("2026-11-23 09:00")))
    return [f for f in out if f is not None]


def test_every_kind_carries_the_values_its_message_says(book: Rulebook) -> None:
    flags = every_flag(book)
    assert {f.kind for f in flags} == KINDS
    for f in flags:
        missing = NEEDS[f.kind] - set(f.values)
        assert not missing, f"{f.kind} lacks {missing}: {f.message}"


def test_task_values_are_the_title_meeting_and_minutes(book: Rulebook) -> None:
    soon = task_flag(task(short=True), book, at("2026-11-24 12:30"))
    late = task_flag(task(), book, at("2026-11-24 13:45"))
    assert soon is not None and late is not None
    assert dict(soon.values) == {"id": 5, "title": "AC on", "meeting_id": 3, "minutes": 30,
                                 "short_notice": 1}
    assert (late.kind, late.values["minutes"], late.values["short_notice"]) == ("task_overdue", 45, 0)


def test_emergency_names_the_roles_still_to_be_told_by_code(book: Rulebook) -> None:
    told = ticket(priority="emergency", notified=frozenset({"supervisor"}))
    flag = next(f for f in ticket_flags(told, book, at("2026-11-23 10:05")) if f.kind == "emergency")
    assert flag.values["missing"] == ",".join(r for r in book.notify_emergency if r != "supervisor")
    assert flag.values["location"] == "Hall 2"
    everyone = ticket(priority="emergency", notified=frozenset(book.notify_emergency))
    flag = next(f for f in ticket_flags(everyone, book, at("2026-11-23 10:05")) if f.kind == "emergency")
    assert flag.values["missing"] == ""


def test_values_do_not_change_equality(book: Rulebook) -> None:
    """Two flags that say the same are equal whatever their values (flags are compared and
    de-duplicated by what they are)."""
    a = Flag("stalled", "info", "ticket:1", None, "x", "eng", {"id": 1})
    b = Flag("stalled", "info", "ticket:1", None, "x", "eng")
    assert a == b and hash(a) == hash(b)


def test_lost_item_and_signoff_values(book: Rulebook) -> None:
    lost = lost_flag(LostFact(4, "umbrella", at("2026-11-01 09:00"), None), book, at("2026-11-23 09:00"))
    assert lost is not None and dict(lost.values) == {"id": 4, "item": "umbrella", "found": "2026-11-01"}
    day = signoff_flag(date(2026, 11, 23), False, book, at("2026-11-23 19:00"))
    assert day is not None and day.values["day"] == "2026-11-23" and day.values["role"] == book.signoff_role
