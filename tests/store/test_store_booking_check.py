"""The booking form's checks are the store's (issue 12): ``booking_problems`` finds, as its
first problem, the very rule ``add_meeting`` refuses with, and nothing where the store takes
the booking; purchases on the organizer's behalf are stored (0012) and imply the service;
completion never offers a confidential meeting's organizer or contact."""

from __future__ import annotations

import pytest
from dutyboard.store.booking_check import booking_problems
from dutyboard.store.booking_choices import booking_choices
from dutyboard.store.errors import NotFound, Refused, UsageError
from dutyboard.store.models import Meeting
from storekit import book, booking, counts, seed
from test_store_meetings import LIMITS, NOW, REFUSALS


@pytest.fixture
def ctx(db_url, make_ctx):  # noqa: ANN001, ANN201
    ctx = seed(make_ctx(db_url, "boss", NOW))
    book(ctx, "Room A", "2026-11-23 14:00", "2026-11-23 15:00", title="Existing")
    return ctx


def test_the_form_finds_the_rule_the_store_refuses_with(ctx):
    for venue, start, end, extra, rule in REFUSALS:
        found = booking_problems(booking(venue, start, end, **extra), ctx.book, ctx.now())
        with pytest.raises(Refused) as err:
            book(ctx, venue, start, end, **extra)
        assert found and found[0].rule == err.value.rule == rule, (venue, start, found)
        assert found[0].message == str(err.value)


def test_where_the_store_takes_a_booking_the_form_finds_nothing(ctx):
    for venue, start, end, extra in LIMITS:
        assert booking_problems(booking(venue, start, end, **extra), ctx.book, ctx.now()) == []
        book(ctx, venue, start, end, **extra)


def test_several_problems_each_beside_its_field(ctx):
    data = booking("Hall", "2026-11-23 14:00", "2026-11-23 15:00", attendees=0, title=" ")
    fields = {p.field: p.rule for p in booking_problems(data, ctx.book, ctx.now())}
    assert fields == {"title": "required", "attendees": "booking.attendees",
                      "start": "class.C.notice", "approval": "class.C.approval"}
    unknown = booking_problems(booking("Nowhere"), ctx.book, ctx.now())
    assert [p.field for p in unknown] == ["venue"]
    with pytest.raises(NotFound):
        book(ctx, "Nowhere")


def test_purchases_are_stored_and_imply_the_purchase_service(ctx):
    m = book(ctx, "Room A", "2026-11-23 16:00", "2026-11-23 17:00", purchases=("water", "copying"),
             layout="U-shape", services=("banner",))
    row = Meeting.get_by_id(m.id)
    assert (row.purchase_set, row.service_set, row.layout) == \
        ({"water", "copying"}, {"banner", "purchase"}, "U-shape")
    before = counts()
    with pytest.raises(UsageError, match="unknown purchase fireworks"):
        book(ctx, "Room A", "2026-11-23 18:00", "2026-11-23 19:00", purchases=("fireworks",))
    assert counts() == before


def test_completion_leaves_confidential_bookings_out(ctx):
    book(ctx, "Room A", "2026-11-23 16:00", "2026-11-23 17:00", organizer="Finance Bureau",
         contact="Mr Qian", phone="0571-9999", confidential=True)
    book(ctx, "Room A", "2026-11-23 18:00", "2026-11-23 19:00", organizer="Publicity", contact="Ms Sun",
         phone="0571-7777")
    choices = booking_choices()
    assert "Finance Bureau" not in choices.organizers and "Mr Qian" not in choices.contacts
    assert choices.last_contact["Publicity"] == "Ms Sun" and choices.phones["Ms Sun"] == "0571-7777"
    assert choices.venues["Room A"].venue_class


def test_a_move_is_checked_before_the_board_confirms_it_as_the_store_checks_it(ctx):
    from dutyboard.store import meetings
    from dutyboard.store.booking_check import move_problems
    from storekit import acting, at
    m = book(ctx, "Room A", "2026-11-23 17:00", "2026-11-23 18:00")
    cases = [("2026-11-23 14:30", "2026-11-23 15:30", "booking.overlap"),   # onto "Existing"
             ("2026-11-23 10:30", "2026-11-23 11:00", "class.A.notice"),
             ("2026-11-23 19:00", "2026-11-25 19:00", "booking.max_duration")]
    for start, end, rule in cases:
        found = move_problems(Meeting.get_by_id(m.id), at(start), at(end), ctx.book, ctx.now())
        with pytest.raises(Refused) as err, acting(ctx, "clerk"):
            meetings.move_meeting(ctx, m.id, at(start), at(end))
        assert found[0].rule == err.value.rule == rule and found[0].message == str(err.value)
    later = (at("2026-11-23 19:00"), at("2026-11-23 20:00"))
    assert move_problems(Meeting.get_by_id(m.id), *later, ctx.book, ctx.now()) == []
