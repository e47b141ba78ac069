"""``dutyboard demo``: a realistic day around now, written through the same store calls
(and so the same rules, permissions and audit log) as real work."""

from __future__ import annotations

import random
from typing import Any

import arrow
from dutyboard.rules import FrozenClock

from . import admin, meetings, oversight, tasks, tickets
from .context import Context
from .errors import DutyError, Refused
from .identity import DEMO_SETTING, is_demo, mark
from .models import Person, Site, Task, Venue
from .ticket_procedures import stall
from .timeutil import must

VENUES = [  # name, class, kind, capacity, building
    ("第一会议室 Room 201", "A", "meeting-room", 30, "Office block"),
    ("贵宾室 VIP lounge", "A", "breakout", 24, "Conference building"),
    ("第三会议室 Room 305", "A", "breakout", 20, "Office block"),
    ("报告厅 Report hall", "B", "report-hall", 150, "Conference building"),
    ("新闻发布厅 Press hall", "B", "press-hall", 90, "Conference building"),
    ("第四会议室 Room 402", "B", "meeting-room", 120, "Office block"),
    ("大礼堂 Main hall", "C", "main-hall", 800, "Conference building"),
    ("多功能厅 Multi-function hall", "C", "report-hall", 400, "Conference building"),
    ("五百人会堂 500-seat hall", "C", "main-hall", 500, "Conference building"),
    ("主席团会议厅 Presidium hall", "C", "presidium-hall", 60, "Conference building"),
]

USERS = [  # login, role, depts, name, cleared
    ("duty", "duty", ["fcc"], "王值班 Wang (duty officer)", False),
    ("clerk", "clerk", ["desk"], "李接待 Li (desk clerk)", False),
    ("super", "supervisor", ["desk"], "张主管 Zhang (desk supervisor)", True),
    ("eng-lead", "lead", ["eng"], "陈工 Chen (engineering lead)", False),
    ("sec-lead", "lead", ["sec"], "刘队 Liu (security lead)", False),
    ("svc-lead", "lead", ["svc"], "赵领班 Zhao (meeting-service lead)", False),
    ("env-lead", "lead", ["env"], "孙主管 Sun (cleaning lead)", False),
]

# venue index, start offset from now (minutes), length (minutes), title, organizer, phase hint
MEETINGS = [
    (0, -300, 90, "办公室周例会 Weekly office meeting", "办公室 General Office", "finished"),
    (3, -45, 150, "年度工作报告会 Annual work report", "发改委 Development Commission", "in progress"),
    (1, 40, 60, "外事接待 Foreign delegation reception", "外事办 Foreign Affairs Office", "ready"),
    (6, 110, 180, "全区安全生产大会 District safety conference", "应急管理局 Emergency Management Bureau",
     "preparing"),
    (4, 200, 60, "新闻发布会 Press conference", "宣传部 Publicity Department", "preparing"),
    (2, 260, 90, "预算审议（保密）Budget review", "财政局 Finance Bureau", "confidential"),
    (5, 330, 120, "党员学习会 Study session", "机关党委 Party Committee", "cancelled"),
    (8, 60 * 24 + 120, 150, "政协常委会 CPPCC standing committee", "政协办公室 CPPCC Office", "tomorrow"),
]


class AlreadyDemo(Exception):
    """The database already holds the demo: nothing to do (``dutyboard demo`` exits 0)."""


def build_demo(ctx: Context, seed: int = 7) -> dict[str, Any]:
    """Fill a database that has no site yet, as the login running it (its first manager), and
    mark it a training database. A database that already holds the demo raises AlreadyDemo; a
    real site is refused: demo rows must never mix with the building's record."""
    if Site.select().exists() or Person.select().exists():
        if is_demo():
            raise AlreadyDemo("this database already holds the demo")
        raise Refused("[demo.empty] demo fills a database with no site yet; this one is a real "
                      "site: use a new --db", "demo.empty")
    rng = random.Random(seed)
    real_login, real_clock = ctx.login, ctx.clock
    now = real_clock.now().floor("minute")
    clock = FrozenClock(now)
    ctx.clock = clock

    def act(login: str, at: arrow.Arrow) -> None:
        ctx.login = login
        clock.instant = min(at, now)

    try:
        act(real_login, now.shift(days=-4))
        admin.init_site(ctx, training=True)
        with ctx.write():
            mark(DEMO_SETTING)
        act(real_login, now.shift(days=-4))
        for login, role, depts, name, cleared in USERS:
            if not Person.get_or_none(Person.login == login):
                admin.add_user(ctx, login, role, name, depts, cleared)
        for name, cls, kind, cap, building in VENUES:
            admin.add_venue(ctx, name, cls, kind, cap, building)
        ids = _meetings(ctx, act, now)
        _progress(ctx, act, now, ids, rng)
        count = _tickets(ctx, act, now)
        for day in oversight.unsigned_days(ctx):
            if day < ctx.book.calendar.today(now):
                act("super", ctx.book.calendar.at(day, ctx.book.calendar.work_end).shift(minutes=-20))
                oversight.sign_off(ctx, day, "checked and signed")
        from .bookings_duty import record_sent, unsent_days
        for day in unsent_days(ctx):   # the desk sent each past day's bookings report
            if day < ctx.book.calendar.today(now):
                act("clerk", ctx.book.calendar.at(day, ctx.book.calendar.work_end).shift(minutes=-30))
                record_sent(ctx, day, "sent by e-mail")
    finally:
        ctx.login, ctx.clock = real_login, real_clock
    return {"venues": len(VENUES), "meetings": len(MEETINGS), "tasks": Task.select().count(),
            "tickets": count, "users": Person.select().count()}


def _needs_approval(ctx: Context, venue: Venue) -> bool:
    """Class C, and the conference building's kinds (the administration office approves)."""
    kind = ctx.book.kinds.get(venue.kind)
    return ctx.book.classes[venue.venue_class].approval or (kind is not None and kind.approval)


def _meetings(ctx: Context, act: Any, now: arrow.Arrow) -> dict[str, list[int]]:
    venues = list(Venue.select().order_by(Venue.id))
    out: dict[str, list[int]] = {}
    for index, offset, length, title, organizer, phase in MEETINGS:
        venue = venues[index]
        start = now.shift(minutes=offset)
        act("clerk", now.shift(days=-3))
        m = meetings.add_meeting(ctx, meetings.MeetingInput(
            venue=venue.name, start=start, end=start.shift(minutes=length), title=title,
            organizer=organizer, contact="联络员 Liaison", phone="0571-8800 1234",
            attendees=min(venue.capacity, 20 + index * 37),
            services=("water", "microphones", "nameplates", "banner", "recording")[: 2 + index % 4],
            approval_ref=f"ZY-{now.year}-{100 + index}" if _needs_approval(ctx, venue) else None,
            confidential=phase == "confidential"))
        out.setdefault(phase, []).append(m.id)
        if phase == "cancelled":
            act("clerk", now.shift(hours=-2))
            meetings.cancel_meeting(ctx, m.id, "organizer postponed")
    return out


def _progress(ctx: Context, act: Any, now: arrow.Arrow, ids: dict[str, list[int]],
              rng: random.Random) -> None:
    """Check off and verify tasks so every state and flag shows somewhere."""
    for task in Task.select().order_by(Task.due_at, Task.id):
        due, earliest = must(task.due_at), must(task.earliest_at)
        if earliest >= now:
            continue
        at = max(earliest, min(due.shift(minutes=-3), now.shift(minutes=-1)))
        meeting = task.meeting_id
        phase = next((p for p, ms in ids.items() if meeting in ms), "")
        skip = {"preparing": 0.35, "in progress": 0.08, "finished": 0.1}.get(phase, 0.0)
        recent = due > now.shift(hours=-3)  # leave only recent items overdue
        if phase == "cancelled" or (recent and rng.random() < skip):
            continue
        lead = {"eng": "eng-lead", "sec": "sec-lead", "svc": "svc-lead", "env": "env-lead", "desk": "clerk"}
        # the venue's verifier (domain §2): the duty officer, or the desk supervisor at the
        # administration centre (the clerk reported the desk's own items)
        verifier = "super" if tasks.verifier_of(ctx, task.meeting) == "desk" else "duty"
        try:
            act(lead.get(task.dept, "duty"), at)
            tasks.change_task(ctx, task.id, "done")
            if task.verify and phase != "preparing" and rng.random() < 0.8:
                act(verifier, at.shift(minutes=2))
                tasks.change_task(ctx, task.id, "verify")
            elif not task.verify and rng.random() < 0.5 and phase in ("finished", "ready"):
                act(verifier, at.shift(minutes=2))
                tasks.change_task(ctx, task.id, "verify")
        except DutyError:
            continue


def _tickets(ctx: Context, act: Any, now: arrow.Arrow) -> int:
    T = tickets.TicketInput

    def open_(minutes_ago: int, data: tickets.TicketInput, login: str = "clerk",
              inquiry: bool = False) -> int:
        act(login, now.shift(minutes=-minutes_ago))
        return tickets.open_ticket(ctx, data, inquiry=inquiry).id

    def step(minutes_ago: int, login: str, fn: Any, *args: Any, **kw: Any) -> None:
        act(login, now.shift(minutes=-minutes_ago))
        fn(ctx, *args, **kw)

    open_(10, T("repair", "phone", "报告厅 Report hall, row 3", "周女士 Ms Zhou",
                        "麦克风没有声音 Microphone silent", "13800001111", "urgent", category="equipment"))
    a = open_(70, T("repair", "phone", "Office block 5F east toilet", "吴先生 Mr Wu",
                    "Tap leaking 水龙头漏水", "13800002222", category="water"))
    step(65, "clerk", tickets.dispatch, a, "eng", "eng-lead")
    b = open_(200, T("repair", "visit", "第三会议室 Room 305", "郑秘书 Secretary Zheng",
                     "Ceiling light flickering 顶灯闪烁", "13800003333", category="lighting"))
    step(190, "duty", tickets.dispatch, b, "eng")
    c = open_(400, T("complaint", "phone", "Canteen 食堂", "钱处长 Director Qian",
                     "Service attitude at lunch 午餐服务态度差", "13800004444", nature="valid",
                     category="attitude"))
    step(390, "clerk", tickets.dispatch, c, "svc", "svc-lead")
    step(260, "clerk", tickets.follow_up, c, "svc lead talking to the staff member")
    d = open_(60 * 26, T("repair", "letter", "Garage B2 barrier", "物业 Facilities",
                         "Barrier arm stuck 道闸不抬杆", "0571-8800123", "urgent", category="power"))
    step(60 * 26 - 5, "clerk", tickets.dispatch, d, "sec")
    step(60 * 23, "clerk", tickets.follow_up, d, "parts ordered")
    step(60 * 20, "clerk", tickets.follow_up, d, "parts still not delivered")
    step(60 * 19, "clerk", tickets.escalate, d, "no date from the supplier; supervisor to call")
    e = open_(300, T("repair", "phone", "大礼堂 Main hall stage", "舞台组 Stage team",
                     "Stage socket sparking 舞台插座打火", "13800005555", "urgent", category="power",
                     major=True))
    step(295, "duty", tickets.dispatch, e, "eng", "eng-lead")
    step(120, "eng-lead", tickets.resolve, e, "Socket replaced, circuit tested", signed=True)
    f = open_(180, T("repair", "phone", "第一会议室 Room 201", "孙科长 Section chief Sun",
                     "Projector not detected 投影仪无信号", "13800006666", category="equipment"))
    step(175, "clerk", tickets.dispatch, f, "eng")
    step(90, "clerk", tickets.resolve, f, "HDMI cable replaced", signed=True)
    g = open_(60 * 30, T("repair", "phone", "Office block 3F corridor", "何先生 Mr He",
                         "Corridor lamp out 走廊灯不亮", "13800007777", category="lighting"))
    step(60 * 30 - 5, "clerk", tickets.dispatch, g, "eng")
    step(60 * 29, "eng-lead", tickets.resolve, g, "Lamp replaced", signed=True)
    step(60 * 28, "clerk", tickets.close, g)
    h = open_(60 * 50, T("complaint", "visit", "Parking lot 停车场", "业主 Owner Lin",
                         "Noise from the cooling tower 冷却塔噪音", "13800008888", nature="valid",
                         category="quality"))
    step(60 * 49, "clerk", tickets.dispatch, h, "eng")
    # unresolvable for now: stalled until the quarterly review (000 篇5 3(2))
    step(60 * 47, "clerk", stall, h, "Equipment replacement needs the owner's capital budget")
    open_(30, T("complaint", "phone", "-", "匿名 Anonymous", "Asked about meeting-room rates 咨询会议室收费",
                nature="inquiry"), inquiry=True)
    em = open_(8, T("repair", "phone", "大礼堂 Main hall B1 switch room", "保安 Guard post 3",
                    "Fire alarm, smoke in the switch room 配电室烟感报警", "", "emergency"), login="duty")
    step(6, "duty", tickets.dispatch, em, "sec", "sec-lead")
    step(5, "duty", tickets.notify, em, "supervisor", "told by phone")
    return 11
