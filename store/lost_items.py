"""The lost items register (《拾遗物品登记表》) and a meeting's fee confirmation
(《会议费用确认单》), domain §3: each write one transaction with its permission, rule and audit
row. Confidential meetings: an item's meeting title is masked like the meeting itself."""

from __future__ import annotations

from typing import Any

import arrow
from dutyboard.rules.facts import DONE, PENDING, Flag
from dutyboard.rules.lost_items import LostFact, check_fee, check_return, lost_flag

from .audit import snapshot
from .context import Context, get_for_update
from .errors import UsageError
from .facts import mask_meeting
from .models import LostItem, Meeting, Person, Task
from .tasks import TASK_FIELDS
from .timeutil import from_db, iso, must, to_db

LOST_FIELDS = ("meeting", "item", "place", "found_at", "found_by", "returned_to", "returned_at",
               "returned_by")
FEE_FIELDS = ("fee_consumables", "fee_signed_by", "fee_at", "fee_by")
FEE_TASK = "desk.after.fee"
# flags look back this far for unreturned items (the register is kept a year)
LOST_LOOKBACK_DAYS = 366


def _text(value: str, option: str) -> str:
    if not value or not value.strip():
        raise UsageError(f"{option} must not be empty")
    return value.strip()


def add_lost(ctx: Context, item: str, meeting_id: int | None = None, place: str = "") -> LostItem:
    item = _text(item, "--item")
    with ctx.write():
        person = ctx.require("lost.add")
        if meeting_id is not None:
            get_for_update(ctx, Meeting, meeting_id, "meeting")
        row = LostItem.create(meeting=meeting_id, item=item, place=place.strip(),
                              found_at=to_db(ctx.now()), found_by=person.id)
        ctx.audit("lost.add", "lost", row.id, None, snapshot(row, LOST_FIELDS), note=item)
    return row


def return_lost(ctx: Context, lost_id: int, to: str) -> LostItem:
    with ctx.write():
        person = ctx.require("lost.return")
        row = get_for_update(ctx, LostItem, lost_id, "lost item")
        check_return(fact(row), to)
        before = snapshot(row, LOST_FIELDS)
        row.returned_to, row.returned_at, row.returned_by = to.strip(), to_db(ctx.now()), person.id
        row.save()
        ctx.audit("lost.return", "lost", row.id, before, snapshot(row, LOST_FIELDS),
                  note=f"{row.item} -> {row.returned_to}")
    return row


def fact(row: LostItem) -> LostFact:
    return LostFact(row.id, row.item, must(row.found_at), from_db(row.returned_at))


def lost_items(only_open: bool = False, limit: int = 500) -> list[LostItem]:
    query = LostItem.select().order_by(LostItem.found_at.desc(), LostItem.id.desc()).limit(limit)
    if only_open:
        query = query.where(LostItem.returned_at.is_null())
    return list(query)


def lost_flags(ctx: Context, now: arrow.Arrow) -> list[Flag]:
    """Unreturned items of the last year past the rulebook's ``[lost] flag_after``."""
    since = to_db(now.shift(days=-LOST_LOOKBACK_DAYS))
    rows = LostItem.select().where(LostItem.returned_at.is_null() & (LostItem.found_at >= since))
    return [f for row in rows if (f := lost_flag(fact(row), ctx.book, now)) is not None]


def lost_view(row: LostItem, tz: str, viewer: Person | None, logins: dict[int, str]) -> dict[str, Any]:
    meeting = row.meeting
    title = None
    if meeting is not None:
        title = mask_meeting({"title": meeting.title}, meeting.confidential, viewer)["title"]
    return {"id": row.id, "meeting_id": row.meeting_id, "meeting": title, "item": row.item,
            "where": row.place, "found_at": iso(must(row.found_at), tz),
            "found_by": logins.get(row.found_by_id, ""), "returned_to": row.returned_to or None,
            "returned_at": iso(from_db(row.returned_at), tz),
            "returned_by": logins.get(row.returned_by_id or 0) if row.returned_by_id else None}


def record_fee(ctx: Context, meeting_id: int, consumables: str, signed_by: str) -> Meeting:
    """The organizer signed the fee confirmation, engineering's consumables tally attached;
    the desk's ``desk.after.fee`` item is checked off with it."""
    consumables, signed_by = _text(consumables, "--consumables"), _text(signed_by, "--signed-by")
    now = ctx.now()
    with ctx.write():
        person = ctx.require("meeting.fee")
        meeting = get_for_update(ctx, Meeting, meeting_id, "meeting")
        check_fee(meeting.id, meeting.status, must(meeting.end_at), now)
        before = snapshot(meeting, FEE_FIELDS)
        meeting.fee_consumables, meeting.fee_signed_by = consumables, signed_by
        meeting.fee_at, meeting.fee_by = to_db(now), person
        meeting.version += 1
        meeting.save()
        ctx.audit("meeting.fee", "meeting", meeting.id, before, snapshot(meeting, FEE_FIELDS),
                  note=f"fee confirmation signed by {signed_by}")
        for task in Task.select().where((Task.meeting == meeting.id) & (Task.code == FEE_TASK)
                                        & (Task.state == PENDING)):
            task_before = snapshot(task, TASK_FIELDS)
            task.state, task.done_by, task.done_at = DONE, person, to_db(now)
            task.version += 1
            task.save()
            ctx.audit("task.done", "task", task.id, task_before, snapshot(task, TASK_FIELDS),
                      note=task.title)
    return meeting
