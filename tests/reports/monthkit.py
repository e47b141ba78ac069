"""The month of tickets the report tests share, worked out by hand (see the table below).

Every figure in the report tests was computed by hand from the ticket table in
``build_month`` (local Shanghai times, UTC+8); the reports must reproduce it exactly. The
boundaries are the point: 2026-10-31 23:30 local is October although it is 15:30 UTC,
2026-11-01 00:10 local is November although its UTC date is 31 October, 2026-11-02 00:05
local is Monday (out of the week) although its UTC date is Sunday 1 November.
"""

from __future__ import annotations

from dutyboard.rules import FrozenClock, parse_instant
from dutyboard.store import admin, tickets
from dutyboard.store.context import Context

TZ = "Asia/Shanghai"
NOW = "2026-11-02 10:00"  # Monday: the summary covers Mon 26 Oct .. Sun 1 Nov

# id: local opened, kind, priority, nature, category, location, content, (inquiry)
#  1  09-30 23:50 complaint valid attitude    September (15:50 UTC on 30 Sep)
#  2  10-01 00:30 complaint valid quality     October (UTC 30 Sep); svc; closed 10-01 02:30
#  3  10-12 10:00 repair normal other         eng; closed UNRESOLVABLE 10-29 16:00 by boss
#  4  10-14 10:00 complaint help equipment    October, communicative
#  5  10-20 09:00 complaint venting attitude  October, communicative
#  6  10-25 23:00 repair, inquiry only        October; the Sunday before the week
#  7  10-25 23:59 repair normal lighting      Sunday before the week: out
#  8  10-26 00:00 repair normal lighting      first minute of the week; never dispatched
#  9  10-26 08:45 complaint inquiry, inquiry only  in the week: counted, not registered
# 10  10-27 09:00 complaint valid lighting    eng 09:10; resolved 11:00; closed 11:30 (2:30)
# 11  10-28 14:00 repair normal water         eng; signed 16:00; closed Mon 11-02 09:30 (4d 19:30)
# 12  10-29 10:00 repair urgent power         eng; follow-up; escalated 17:30; still open
# 13  10-30 15:00 repair emergency power      escalated at once; sec; closed 10-31 09:00 (18:00)
# 14  10-31 23:30 complaint valid quality     October (15:30 UTC); svc; still open
# 15  11-01 00:10 complaint valid attitude    November (UTC 10-31 16:10); in the week; open
# 16  11-02 00:05 repair normal heating       Monday local (UTC Sunday): out of the week


def at(text: str):  # noqa: ANN201 - an arrow.Arrow
    return parse_instant(text, TZ)


def _ticket(ctx: Context, when: str, kind: str, content: str, location: str, *,
            priority: str = "normal", nature: str | None = None, category: str | None = None,
            inquiry: bool = False) -> int:
    ctx.clock = FrozenClock(at(when))
    data = tickets.TicketInput(kind=kind, channel="phone", location=location, contact="Ms Zhao",
                               content=content, priority=priority, nature=nature,
                               category=category, phone="13800001111")
    return tickets.open_ticket(ctx, data, inquiry=inquiry).id


def _at(ctx: Context, when: str, login: str = "lin") -> Context:
    ctx.clock = FrozenClock(at(when))
    ctx.login = login
    return ctx


def build_month(ctx: Context) -> None:
    admin.init_site(ctx)                                     # boss, the manager
    admin.add_user(ctx, "lin", "clerk", depts=["desk"])
    admin.add_user(ctx, "wang", "supervisor", depts=["desk"])
    # this site holds its quarterly review of unresolvable cases at the end of October
    admin.set_rulebook(ctx, "[closing]\nunresolvable_review_months = [1, 4, 7, 10]\n"
                            "unresolvable_review_days = [29, 31]\n", "review.toml")
    ctx.reload_rulebook()
    ctx.login = "lin"
    ids = [
        _ticket(ctx, "2026-09-30 23:50", "complaint", "Guard was rude", "Lobby",
                nature="valid", category="attitude"),
        _ticket(ctx, "2026-10-01 00:30", "complaint", "Tea cups chipped", "Hall 203",
                nature="valid", category="quality"),
        _ticket(ctx, "2026-10-12 10:00", "repair", "Roof leak over hall 203", "Roof",
                category="other"),
    ]
    tickets.dispatch(_at(ctx, "2026-10-01 00:40"), 2, "svc")
    tickets.resolve(_at(ctx, "2026-10-01 02:00"), 2, "Cups replaced, apology made")
    tickets.close(_at(ctx, "2026-10-01 02:30"), 2)
    tickets.dispatch(_at(ctx, "2026-10-12 10:10"), 3, "eng")
    ids += [
        _ticket(ctx, "2026-10-14 10:00", "complaint", "Cannot find projector remote", "Room 305",
                nature="help", category="equipment"),
        _ticket(ctx, "2026-10-20 09:00", "complaint", "Angry about parking fees", "Car park",
                nature="venting", category="attitude"),
        _ticket(ctx, "2026-10-25 23:00", "repair", "When is the AC serviced?", "Room 101",
                inquiry=True),
        _ticket(ctx, "2026-10-25 23:59", "repair", "Light flickers", "Corridor 2F",
                category="lighting"),
        _ticket(ctx, "2026-10-26 00:00", "repair", "Lamp out", "Corridor 3F", category="lighting"),
        _ticket(ctx, "2026-10-26 08:45", "complaint", "Asked about booking rules", "Phone",
                nature="inquiry", inquiry=True),
        _ticket(ctx, "2026-10-27 09:00", "complaint", "Stage lights failed | mid-meeting",
                "Hall 203", nature="valid", category="lighting"),
    ]
    tickets.dispatch(_at(ctx, "2026-10-27 09:10"), 10, "eng")
    tickets.resolve(_at(ctx, "2026-10-27 11:00"), 10, "Dimmer pack replaced")
    tickets.close(_at(ctx, "2026-10-27 11:30"), 10)
    ids.append(_ticket(ctx, "2026-10-28 14:00", "repair", "Tap leaking", "Toilet 2F",
                       category="water"))
    tickets.dispatch(_at(ctx, "2026-10-28 14:05"), 11, "eng")
    tickets.resolve(_at(ctx, "2026-10-28 16:00"), 11, "Washer replaced", signed=True)
    ids.append(_ticket(ctx, "2026-10-29 10:00", "repair", "UPS alarm", "Server room",
                       priority="urgent", category="power"))
    tickets.dispatch(_at(ctx, "2026-10-29 10:05"), 12, "eng")
    tickets.follow_up(_at(ctx, "2026-10-29 12:05"), 12, "Vendor called")
    tickets.close(_at(ctx, "2026-10-29 16:00", "boss"), 3, unresolvable=True,
                  reason="Needs capital works by the owner")
    tickets.escalate(_at(ctx, "2026-10-29 17:30"), 12, "Nothing arranged by close of day")
    ids.append(_ticket(ctx, "2026-10-30 15:00", "repair", "Power cut in main hall", "Main hall",
                       priority="emergency", category="power"))
    tickets.dispatch(_at(ctx, "2026-10-30 15:02"), 13, "sec")
    tickets.resolve(_at(ctx, "2026-10-31 08:00"), 13, "Breaker replaced", signed=True)
    tickets.close(_at(ctx, "2026-10-31 09:00", "boss"), 13)
    ctx.login = "lin"
    ids.append(_ticket(ctx, "2026-10-31 23:30", "complaint", "Lounge not cleaned", "Lounge",
                       nature="valid", category="quality"))
    tickets.dispatch(_at(ctx, "2026-10-31 23:40"), 14, "svc")
    ids += [
        _ticket(ctx, "2026-11-01 00:10", "complaint", "Guard refused entry", "East gate",
                nature="valid", category="attitude"),
        _ticket(ctx, "2026-11-02 00:05", "repair", "Radiator cold", "Room 101",
                category="heating"),
    ]
    tickets.close(_at(ctx, "2026-11-02 09:30"), 11)
    assert ids == list(range(1, 17))
    _at(ctx, NOW, "nobody-here")  # reports are read-only: an unknown login may run them
