"""Bookings: the booking rules, moving (pending tasks follow, done ones stay), cancelling."""

from __future__ import annotations

import pytest
from dutyboard.store import meetings, oversight, tasks
from dutyboard.store.errors import NotFound, Refused, UsageError
from dutyboard.store.models import Meeting, Task, Venue
from dutyboard.store.timeutil import iso, must
from storekit import (
    acting,
    at,
    book,
    booking,
    counts,
    last_audit,
    racing,
    seed,
    set_now,
)

NOW = "2026-11-23 10:00"  # a Monday


@pytest.fixture
def ctx(db_url, make_ctx):  # noqa: ANN001, ANN201
    ctx = seed(make_ctx(db_url, "boss", NOW))
    book(ctx, "Room A", "2026-11-23 14:00", "2026-11-23 15:00", title="Existing")
    return ctx


def _local(value) -> str:  # noqa: ANN001
    return iso(must(value), "Asia/Shanghai")


def _by_code(meeting_id: int) -> dict[str, Task]:
    return {t.code: t for t in Task.select().where(Task.meeting == meeting_id)}


REFUSALS = [
    # venue, start, end, extra, rule
    ("Room A", "2026-11-23 13:00", "2026-11-23 12:00", {}, "booking.times"),
    ("Room A", "2026-11-23 16:00", "2026-11-23 16:00", {}, "booking.times"),
    ("Lounge", "2026-11-23 09:00", "2026-11-23 09:30", {}, "booking.past"),
    ("Room A", "2026-11-23 14:30", "2026-11-23 15:30", {}, "booking.overlap"),
    ("Room A", "2026-11-23 13:00", "2026-11-23 17:00", {}, "booking.overlap"),
    ("Room A", "2026-11-23 15:10", "2026-11-23 16:00", {}, "booking.min_gap"),
    ("Room A", "2026-11-23 12:00", "2026-11-23 13:45", {}, "booking.min_gap"),
    ("Room A", "2026-11-23 16:00", "2026-11-23 17:00", {"attendees": 31}, "booking.capacity"),
    ("Lounge", "2026-11-23 10:30", "2026-11-23 11:00", {}, "class.A.notice"),
    ("Room B", "2026-11-23 13:59", "2026-11-23 14:59", {}, "class.B.notice"),
    ("Hall", "2026-11-24 09:00", "2026-11-24 11:00", {"approval_ref": "ZY-1"}, "class.C.notice"),
    ("Hall", "2026-11-24 14:00", "2026-11-24 17:00", {}, "class.C.approval"),
    ("Hall", "2026-11-24 14:00", "2026-11-24 17:00", {"approval_ref": "  "}, "class.C.approval"),
]


def test_booking_rules_refuse_and_change_nothing(ctx):
    before = counts()
    for venue, start, end, extra, rule in REFUSALS:
        with pytest.raises(Refused) as err:
            book(ctx, venue, start, end, **extra)
        assert err.value.rule == rule, (venue, start, end, str(err.value))
        assert f"[{rule}]" in str(err.value)
        assert counts() == before, rule


def test_refusal_messages_give_the_numbers(ctx):
    with pytest.raises(Refused, match="class A needs at least 1h00m notice; this booking gives 30m"):
        book(ctx, "Lounge", "2026-11-23 10:30", "2026-11-23 11:00")
    with pytest.raises(Refused, match=r"meeting \d+"):
        book(ctx, "Room A", "2026-11-23 14:30", "2026-11-23 15:30")
    with pytest.raises(Refused, match="--approval"):
        book(ctx, "Hall", "2026-11-24 14:00", "2026-11-24 17:00")


LIMITS = [
    ("Room A", "2026-11-23 16:00", "2026-11-23 16:30", {}),             # exactly E+30m clear, T-30m prep
    ("Lounge", "2026-11-23 11:00", "2026-11-23 11:30", {}),             # exactly 1 h notice
    ("Room B", "2026-11-23 14:00", "2026-11-23 15:00", {}),             # exactly half a day (4 h)
    ("Hall", "2026-11-24 10:00", "2026-11-24 12:00", {"approval_ref": "ZY-1"}),  # exactly 1 day
]


def test_bookings_at_the_limits_are_taken(ctx):
    for venue, start, end, extra in LIMITS:
        m = book(ctx, venue, start, end, **extra)
        assert Task.select().where(Task.meeting == m).count() > 0, venue


def test_unknown_venue_and_bad_input(ctx):
    before = counts()
    with pytest.raises(NotFound, match="unknown venue 'Nowhere'"):
        book(ctx, "Nowhere", "2026-11-23 16:00", "2026-11-23 17:00")
    with pytest.raises(UsageError, match="--title"):
        book(ctx, "Lounge", "2026-11-23 16:00", "2026-11-23 17:00", title="  ")
    with pytest.raises(UsageError, match="unknown service"):
        book(ctx, "Lounge", "2026-11-23 16:00", "2026-11-23 17:00", services=("fireworks",))
    assert counts() == before


def test_a_booking_derives_tasks_and_is_audited(ctx):
    m = book(ctx, "Lounge", "2026-11-23 16:00", "2026-11-23 17:00", services=("recording",))
    codes = _by_code(m.id)
    assert {"eng.ac", "eng.recording", "sec.posts", "svc.brew", "svc.windows", "env.eve.venue",
            "check.level1", "check.level2", "check.level3"} <= set(codes)
    assert _local(codes["svc.ashtrays"].due_at) == "2026-11-23T14:30+08:00"  # T-1.5h, breakout
    assert _local(codes["svc.windows"].due_at) == "2026-11-23T15:30+08:00"
    audit = last_audit()
    assert (audit.actor, audit.action, audit.entity_id) == ("clerk", "meeting.add", m.id)
    assert audit.note == f"{len(codes)} tasks"


def test_moving_moves_pending_tasks_and_leaves_done_ones(ctx):
    m = Meeting.get(Meeting.title == "Existing")
    set_now(ctx, "2026-11-23 13:30")
    codes = _by_code(m.id)
    with acting(ctx, "eng-lead"):
        tasks.change_task(ctx, codes["eng.ac"].id, "done")
        tasks.change_task(ctx, codes["eng.report"].id, "done")
    with acting(ctx, "duty"):
        tasks.change_task(ctx, codes["eng.report"].id, "verify")
    refills = sorted(c for c in codes if c.startswith("svc.refill."))
    assert refills == ["svc.refill.1", "svc.refill.2", "svc.refill.3"]  # every 15 min, 1 h

    with acting(ctx, "clerk"):
        meetings.move_meeting(ctx, m.id, at("2026-11-23 16:00"), at("2026-11-23 17:30"))
    after = _by_code(m.id)
    assert _local(after["eng.ac"].due_at) == "2026-11-23T13:00+08:00"  # done: stays
    assert after["eng.ac"].state == "done"
    assert _local(after["eng.report"].due_at) == "2026-11-23T13:00+08:00"  # verified: stays
    assert after["eng.report"].state == "verified"
    assert _local(after["eng.lights"].due_at) == "2026-11-23T15:00+08:00"  # pending: moved
    assert after["eng.lights"].version == codes["eng.lights"].version + 1
    assert _local(after["svc.brew"].due_at) == "2026-11-23T15:45+08:00"
    assert _local(after["check.level1"].due_at) == "2026-11-23T14:00+08:00"
    assert _local(after["svc.after.count"].due_at) == "2026-11-23T18:30+08:00"
    assert sorted(c for c in after if c.startswith("svc.refill.")) == [
        f"svc.refill.{n}" for n in range(1, 6)]  # a longer meeting: more refills
    moved = Meeting.get_by_id(m.id)
    assert _local(moved.start_at) == "2026-11-23T16:00+08:00" and moved.version == 2
    audit = last_audit()
    assert (audit.actor, audit.action) == ("clerk", "meeting.move")
    assert '"start_at": "2026-11-23T06:00:00"' in audit.before


def test_move_keeps_the_length_and_obeys_the_booking_rules(ctx):
    other = book(ctx, "Room A", "2026-11-23 16:00", "2026-11-23 17:00", title="Later")
    m = Meeting.get(Meeting.title == "Existing")
    before = counts()
    dues = {t.id: t.due_at for t in Task.select()}
    with acting(ctx, "clerk"), pytest.raises(Refused) as err:
        meetings.move_meeting(ctx, m.id, at("2026-11-23 15:45"))
    assert err.value.rule == "booking.overlap" and f"meeting {other.id}" in str(err.value)
    with acting(ctx, "clerk"), pytest.raises(Refused, match=r"\[class\.A\.notice\]"):
        meetings.move_meeting(ctx, m.id, at("2026-11-23 10:30"))
    assert counts() == before
    assert {t.id: t.due_at for t in Task.select()} == dues
    with acting(ctx, "clerk"):
        moved = meetings.move_meeting(ctx, m.id, at("2026-11-23 18:00"))
    assert _local(moved.end_at) == "2026-11-23T19:00+08:00"
    with acting(ctx, "clerk"), pytest.raises(NotFound):
        meetings.move_meeting(ctx, 9999, at("2026-11-23 18:00"))


def test_cancel_takes_the_meeting_off_the_flags(ctx):
    m = Meeting.get(Meeting.title == "Existing")
    set_now(ctx, "2026-11-23 13:10")  # 13:00 items overdue, 13:30 items due soon
    subjects = {f.subject for f in oversight.site_flags(ctx)}
    ids = {f"task:{t.id}" for t in Task.select().where(Task.meeting == m)}
    assert subjects & ids
    with acting(ctx, "clerk"):
        meetings.cancel_meeting(ctx, m.id, "organizer postponed")
    assert not {f.subject for f in oversight.site_flags(ctx)} & ids
    assert Meeting.get_by_id(m.id).status == "cancelled"
    audit = last_audit()
    assert (audit.action, audit.note) == ("meeting.cancel", "organizer postponed")

    before = counts()
    task = Task.get((Task.meeting == m) & (Task.code == "eng.ac"))
    with acting(ctx, "eng-lead"), pytest.raises(Refused, match=r"\[task\.cancelled\]"):
        tasks.change_task(ctx, task.id, "done")
    with acting(ctx, "clerk"), pytest.raises(Refused, match="already cancelled"):
        meetings.cancel_meeting(ctx, m.id)
    with acting(ctx, "clerk"), pytest.raises(Refused, match=r"\[meeting\.cancelled\]"):
        meetings.move_meeting(ctx, m.id, at("2026-11-23 18:00"))
    assert counts() == before
    # the slot is free again
    assert book(ctx, "Room A", "2026-11-23 14:10", "2026-11-23 15:00", title="Replacement").id


def test_meetings_between_lists_the_day(ctx):
    book(ctx, "Hall", "2026-11-24 14:00", "2026-11-24 17:00", approval_ref="ZY-1")
    day = meetings.meetings_between(at("2026-11-23 00:00"), at("2026-11-24 00:00"))
    assert [m.title for m in day] == ["Existing"]
    two = meetings.meetings_between(at("2026-11-23 00:00"), at("2026-11-25 00:00"))
    assert len(two) == 2



def test_two_sessions_cannot_double_book_a_venue(ctx, db_url, monkeypatch):
    """Session B books Room B while session A is inside its own booking transaction, between
    the overlap check and the insert. B must wait for A and then be refused: one booking."""
    b_booking = booking("Room B", "2026-11-23 16:00", "2026-11-23 17:00", title="B")
    with racing(monkeypatch, db_url, meetings, "check_booking", "clerk", NOW, meetings.add_meeting,
                b_booking) as b:
        book(ctx, "Room B", "2026-11-23 16:30", "2026-11-23 17:30", title="A")
        assert b.blocked, b.outcome
        with pytest.raises(Refused, match=r"\[booking\.overlap\]"):
            b.run()
    assert [m.title for m in Meeting.select().where(Meeting.venue_id == Venue.get(
        Venue.name == "Room B").id)] == ["A"]


def test_a_cancel_during_a_move_is_not_lost(ctx, db_url, monkeypatch):
    """Session B cancels the meeting while session A is moving it (between reading the
    meeting and writing it back): B waits for A, then its cancel stands."""
    m = Meeting.get(Meeting.title == "Existing")
    with racing(monkeypatch, db_url, meetings, "check_booking", "clerk", NOW, meetings.cancel_meeting,
                m.id, "called off") as b:
        with acting(ctx, "clerk"):
            meetings.move_meeting(ctx, m.id, at("2026-11-23 16:00"))
        assert b.blocked, b.outcome
        b.run()
    after = Meeting.get_by_id(m.id)
    assert (after.status, _local(after.start_at), after.version) == (
        "cancelled", "2026-11-23T16:00+08:00", 3)


# -- short notice: a legal booking is not born overdue (issue 9) ----------------------------

def _view(task: Task, now: str) -> dict:
    from dutyboard.store.views import task_view
    return task_view(Task.get_by_id(task.id), load_book(), at(now), None)


def load_book():  # noqa: ANN201
    from dutyboard.rules import load_rulebook
    return load_rulebook()


def test_a_class_a_room_booked_90_minutes_ahead_is_not_born_overdue(ctx):
    m = book(ctx, "Lounge", "2026-11-23 11:30", "2026-11-23 12:30")   # now 10:00
    codes = _by_code(m.id)
    short = {c for c, t in codes.items() if t.short_notice}
    assert {"eng.eve.ac", "svc.eve.water", "env.eve.venue", "check.level1"} <= short
    assert not codes["check.level2"].short_notice   # T-1h = 10:30, still ahead
    assert _local(codes["desk.notice"].due_at) == "2026-11-23T11:00+08:00"   # its own asap, 1 h
    short.discard("desk.notice")
    assert all(_local(codes[c].due_at) == "2026-11-23T10:30+08:00" for c in short)
    views = {c: _view(codes[c], "2026-11-23 10:00") for c in short}
    assert all(v["short_notice"] is True and v["flag"] != "task_overdue" for v in views.values())
    assert {_view(codes[c], "2026-11-23 10:29")["flag"] for c in short} == {"task_due_soon"}
    assert {_view(codes[c], "2026-11-23 10:30")["flag"] for c in short} == {"task_overdue"}
    assert _view(codes["eng.ac"], "2026-11-23 10:00")["short_notice"] is False


def test_a_move_recomputes_short_notice_from_now(ctx):
    m = Meeting.get(Meeting.title == "Existing")   # Room A 14:00, booked 10:00 the same day
    assert {c for c, t in _by_code(m.id).items() if t.short_notice} == {
        c for c in _by_code(m.id) if ".eve." in c}                 # only last Friday's items
    set_now(ctx, "2026-11-23 10:30")
    with acting(ctx, "clerk"):
        meetings.move_meeting(ctx, m.id, at("2026-11-23 12:00"))
    codes = _by_code(m.id)
    assert codes["check.level1"].short_notice                      # T-2h = 10:00 had passed
    assert _local(codes["check.level1"].due_at) == "2026-11-23T11:00+08:00"
    assert not codes["check.level2"].short_notice                  # T-1h = 11:00
    with acting(ctx, "clerk"):
        meetings.move_meeting(ctx, m.id, at("2026-11-25 12:00"))
    codes = _by_code(m.id)
    assert not any(t.short_notice for t in codes.values())
    assert _local(codes["check.level1"].due_at) == "2026-11-25T10:00+08:00"


def test_reasonable_gaps_in_the_main_hall(ctx):
    """The hall is prepared from T-2h and cleared down by E+1h: a second meeting 30 min after
    the first is refused naming it, and nothing is written; 3 h after, it is taken."""
    first = book(ctx, "Hall", "2026-11-25 09:00", "2026-11-25 11:30", approval_ref="ZY-1")
    before = counts()
    with pytest.raises(Refused) as err:
        book(ctx, "Hall", "2026-11-25 12:00", "2026-11-25 13:00", approval_ref="ZY-2")
    assert err.value.rule == "booking.gap"
    assert f"meeting {first.id} (2026-11-25 09:00-11:30)" in str(err.value)
    assert "preparation starts 2026-11-25 10:00" in str(err.value)
    assert "cleared down at 2026-11-25 12:30" in str(err.value)
    assert counts() == before
    with pytest.raises(Refused, match=r"\[booking\.gap\].*clear-down runs to 2026-11-25 07:01"):
        book(ctx, "Hall", "2026-11-25 05:00", "2026-11-25 06:01", approval_ref="ZY-3")
    book(ctx, "Hall", "2026-11-25 14:30", "2026-11-25 16:00", approval_ref="ZY-4")
    second = book(ctx, "Hall", "2026-11-25 05:00", "2026-11-25 06:00", approval_ref="ZY-5")
    # moving into the gap is refused the same way
    with acting(ctx, "clerk"), pytest.raises(Refused, match=r"\[booking\.gap\]"):
        meetings.move_meeting(ctx, second.id, at("2026-11-25 06:00"))


# -- meeting size ------------------------------------------------------------------------------

@pytest.mark.parametrize(("venue", "attendees", "size", "stored"), [
    ("Room A", 10, "", "small"),            # from the attendee count
    ("Room A", 30, "important", "important"),
    ("Hall", 50, "", "large"),              # a main hall is at least large
])
def test_size_is_stored_and_drives_the_procedure(ctx, venue, attendees, size, stored):
    day = "2026-11-26" if venue == "Hall" else "2026-11-25"
    m = book(ctx, venue, f"{day} 09:00", f"{day} 10:00", attendees=attendees, size=size,
             approval_ref="ZY-9" if venue == "Hall" else None)
    assert Meeting.get_by_id(m.id).size == stored
    codes = set(_by_code(m.id))
    large = {"desk.eve.inspect", "svc.staff", "svc.eve.banner"}
    assert (large <= codes) is (stored != "small")
    assert ("svc.small.staff" in codes) is (stored == "small")
    assert last_audit().after.count(f'"size": "{stored}"') == 1


def test_an_unknown_size_is_a_usage_error(ctx):
    before = counts()
    with pytest.raises(UsageError, match="unknown size 'huge'; sizes: small, medium, large, important"):
        book(ctx, "Room A", "2026-11-25 09:00", "2026-11-25 10:00", size="huge")
    assert counts() == before


def test_a_class_a_booking_owes_the_administration_office_a_word_within_the_hour(ctx):
    m = book(ctx, "Room A", "2026-11-25 09:00", "2026-11-25 10:00")   # booked at 10:00
    tell = _by_code(m.id)["desk.tell.admin"]
    assert (tell.dept, _local(tell.due_at), _local(tell.earliest_at)) == (
        "desk", "2026-11-23T11:00+08:00", "2026-11-23T10:00+08:00")
    hall = book(ctx, "Hall", "2026-11-26 09:00", "2026-11-26 10:00", approval_ref="ZY-7")
    assert "desk.tell.admin" not in _by_code(hall.id)
