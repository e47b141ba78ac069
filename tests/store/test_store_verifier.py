"""Who verifies readiness follows the building (domain §2, rulebook [verification]): the
duty officer at the conference building, the service desk at the administration centre;
the store enforces it, and nobody verifies an item they reported themselves."""

from __future__ import annotations

import pytest
from dutyboard.store import admin, tasks
from dutyboard.store.board import BoardReader
from dutyboard.store.errors import NotPermitted, Refused
from dutyboard.store.models import Meeting, Task
from storekit import acting, book, seed, set_now

DESK_ROOM_A = '[verification]\nvenues = { "Room A" = "desk" }\n'


@pytest.fixture
def ctx(db_url, make_ctx):  # noqa: ANN001, ANN201
    ctx = seed(make_ctx(db_url, "boss"))
    book(ctx, "Room A", "2026-11-23 14:00", "2026-11-23 15:00")
    book(ctx, "Lounge", "2026-11-23 14:00", "2026-11-23 15:00", title="Reception")
    set_now(ctx, "2026-11-23 13:20")
    admin.set_rulebook(ctx, DESK_ROOM_A, "site.toml")
    ctx.reload_rulebook()
    return ctx


def reported(ctx, venue: str, login: str = "eng-lead") -> int:  # noqa: ANN001
    meeting = Meeting.select().join_from(Meeting, Meeting.venue.rel_model).where(
        Meeting.venue.rel_model.name == venue).get()
    ident = Task.get((Task.meeting == meeting) & (Task.code == "eng.report")).id
    with acting(ctx, login):
        tasks.change_task(ctx, ident, "done")
    return ident


def test_the_desk_verifies_at_its_venue_and_the_duty_officer_does_not(ctx) -> None:  # noqa: ANN001
    ident = reported(ctx, "Room A")
    with acting(ctx, "duty"), pytest.raises(NotPermitted, match=r"own department \(fcc\), not desk"):
        tasks.change_task(ctx, ident, "verify")
    with acting(ctx, "clerk"):
        assert tasks.change_task(ctx, ident, "verify").state == "verified"


def test_the_duty_officer_verifies_at_the_fire_control_centres_venue(ctx) -> None:  # noqa: ANN001
    ident = reported(ctx, "Lounge")
    with acting(ctx, "clerk"), pytest.raises(NotPermitted, match=r"own department \(desk\), not fcc"):
        tasks.change_task(ctx, ident, "verify")
    with acting(ctx, "super"), pytest.raises(NotPermitted):
        tasks.change_task(ctx, ident, "verify")
    with acting(ctx, "duty"):
        assert tasks.change_task(ctx, ident, "verify").state == "verified"


def test_nobody_verifies_what_they_reported_themselves(ctx) -> None:  # noqa: ANN001
    ident = reported(ctx, "Room A", login="boss")   # the manager may do both, but not on one item
    with acting(ctx, "boss"), pytest.raises(Refused) as err:
        tasks.change_task(ctx, ident, "verify")
    assert err.value.rule == "task.self_verify"


def test_the_board_rows_name_the_verifier(ctx) -> None:  # noqa: ANN001
    reported(ctx, "Room A")
    reported(ctx, "Lounge")
    snap = BoardReader(ctx).full()
    rows = {r.venue: r for r in snap.dept_tasks["eng"] if r.code == "eng.report"}
    assert (rows["Room A"].verifier, rows["Lounge"].verifier) == ("desk", "fcc")
    assert rows["Room A"].meeting_title == "Weekly meeting"
