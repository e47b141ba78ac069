"""Issue 10 through the store, on SQLite and PostgreSQL: registration and urgency, the clock
until resolved, stalled cases and the quarterly review, the callback."""

from __future__ import annotations

import pytest
from dutyboard.store import oversight, ticket_procedures, tickets
from dutyboard.store.errors import Refused, UsageError
from dutyboard.store.models import Ticket
from dutyboard.store.views import ticket_view
from storekit import acting, counts, last_audit, open_ticket, refused, seed, set_now, step


@pytest.fixture
def ctx(db_url, make_ctx):  # noqa: ANN001, ANN201
    return seed(make_ctx(db_url, "boss", "2026-11-23 10:00"))


def view(ctx, ident: int) -> dict:  # noqa: ANN001
    return ticket_view(Ticket.get_by_id(ident), ctx.book, ctx.now())


def flags(ctx, ident: int) -> dict[str, object]:  # noqa: ANN001
    return {f.kind: f for f in oversight.site_flags(ctx) if f.subject == f"ticket:{ident}"}


def refused_open(ctx, rule: str, **kw) -> str:  # noqa: ANN001, ANN003
    before = counts()
    with pytest.raises(Refused) as err:
        open_ticket(ctx, **kw)
    assert err.value.rule == rule and counts() == before
    return str(err.value)


# -- registration and urgency --------------------------------------------------------------

def test_an_emergency_or_on_site_work_is_never_an_inquiry(ctx):
    assert "an emergency is always registered" in refused_open(
        ctx, "registration.required", inquiry=True, priority="emergency")
    refused_open(ctx, "registration.required", inquiry=True, on_site=True)
    refused_open(ctx, "registration.required", inquiry=True, priority="urgent")
    refused_open(ctx, "registration.required", inquiry=True, major=True)
    assert open_ticket(ctx, inquiry=True).state == "inquiry"  # a plain question is fine


def test_a_registered_case_records_a_phone(ctx):
    before = counts()
    with pytest.raises(UsageError, match="--phone: required for a registered case"):
        open_ticket(ctx, phone="")
    assert counts() == before
    assert open_ticket(ctx, phone="", inquiry=True).state == "inquiry"
    assert open_ticket(ctx, phone="", priority="emergency", login="duty").state == "open"


@pytest.mark.parametrize("grave", [{"priority": "urgent"}, {"major": True}])
def test_urgent_or_major_goes_to_the_supervisor_at_once(ctx, grave):  # noqa: ANN001
    ident = open_ticket(ctx, **grave).id
    assert [e["kind"] for e in tickets.history(ident)] == ["open", "escalate"]
    assert last_audit().action == "ticket.open"  # one write, one audit row
    assert view(ctx, ident)["escalated_at"] == "2026-11-23T10:00+08:00"
    flag = flags(ctx, ident)["escalated"]
    assert flag.severity == "alarm"
    assert flag.message.endswith("to the desk supervisor at once; still to notify: desk supervisor, manager")
    step(ctx, "clerk", tickets.notify, ident, "supervisor")
    step(ctx, "clerk", tickets.notify, ident, "manager")
    flag = flags(ctx, ident)["escalated"]
    assert flag.severity == "warn" and flag.message.endswith("all notified")


def test_a_normal_case_is_not_escalated_at_once(ctx):
    ident = open_ticket(ctx).id
    assert view(ctx, ident)["escalated_at"] is None and flags(ctx, ident) == {}


# -- the clock runs until the case is resolved ----------------------------------------------

def test_missed_second_follow_up_goes_to_the_supervisor_at_close(ctx):
    ident = open_ticket(ctx).id
    step(ctx, "clerk", tickets.dispatch, ident, "eng")
    set_now(ctx, "2026-11-23 12:05")
    step(ctx, "clerk", tickets.follow_up, ident, "engineer on the way")
    set_now(ctx, "2026-11-23 17:59")
    assert set(flags(ctx, ident)) == {"follow_up_due"}
    set_now(ctx, "2026-11-23 18:00")
    due = flags(ctx, ident)["escalation_due"]
    assert "follow-up #2 missed by close of business 11-23 18:00" in due.message
    assert "desk supervisor" in due.message and "follow_up_overdue" not in flags(ctx, ident)


def test_an_escalated_case_is_chased_every_working_day_until_resolved(ctx):
    ident = open_ticket(ctx).id
    step(ctx, "clerk", tickets.dispatch, ident, "eng")
    for at_ in ("2026-11-23 12:00", "2026-11-23 16:00"):
        set_now(ctx, at_)
        step(ctx, "clerk", tickets.follow_up, ident, "chased")
    set_now(ctx, "2026-11-23 18:01")
    step(ctx, "clerk", tickets.escalate, ident, "supplier gives no date")
    v = view(ctx, ident)
    assert (v["next_step"], v["next_due_at"]) == ("follow-up #3 (daily, escalated)",
                                                  "2026-11-24T18:00+08:00")
    set_now(ctx, "2026-11-24 17:59")
    assert flags(ctx, ident)["follow_up_due"].severity == "warn"
    set_now(ctx, "2026-11-24 18:00")
    assert flags(ctx, ident)["follow_up_overdue"].severity == "alarm"
    step(ctx, "clerk", tickets.follow_up, ident, "supervisor called the supplier")
    v = view(ctx, ident)
    assert (v["next_step"], v["next_due_at"]) == ("follow-up #4 (daily, escalated)",
                                                  "2026-11-25T18:00+08:00")
    assert Ticket.get_by_id(ident).follow_up_count == 3
    step(ctx, "eng-lead", tickets.resolve, ident, "part fitted", signed=True)
    assert view(ctx, ident)["next_step"] is None


# -- stalled cases and the quarterly review -------------------------------------------------

def test_a_stalled_case_stays_open_off_the_clock_and_listed_apart(ctx):
    ident = open_ticket(ctx, kind="complaint", nature="valid", content="Cooling tower noise").id
    step(ctx, "clerk", tickets.dispatch, ident, "eng")
    other = open_ticket(ctx).id
    with pytest.raises(UsageError, match="--reason"):
        step(ctx, "clerk", ticket_procedures.stall, ident, " ")
    set_now(ctx, "2026-11-23 11:00")
    step(ctx, "super", ticket_procedures.stall, ident, "needs the owner's capital budget")
    audit = last_audit()
    assert (audit.actor, audit.action) == ("super", "ticket.stall")
    v = view(ctx, ident)
    assert (v["state"], v["stalled"], v["next_step"], v["stall_reason"]) == (
        "dispatched", True, None, "needs the owner's capital budget")
    assert [t.id for t in tickets.tickets_query("stalled")] == [ident]
    assert ident not in [t.id for t in tickets.tickets_query()]
    assert ident not in [t.id for t in tickets.tickets_query("dispatched")]
    assert other in [t.id for t in tickets.tickets_query()]
    set_now(ctx, "2026-11-24 18:00")  # no follow-up, no close-of-business flag
    assert set(flags(ctx, ident)) == {"stalled"}
    refused(ctx, "stall.once", "clerk", ticket_procedures.stall, ident, "again")
    # a new approach: dispatched again, the clock restarts
    step(ctx, "clerk", tickets.dispatch, ident, "eng")
    v = view(ctx, ident)
    assert (v["stalled"], v["next_step"], v["next_due_at"]) == (False, "follow-up #1",
                                                                "2026-11-24T20:00+08:00")


@pytest.mark.parametrize(("now", "ok"), [
    ("2026-11-30 17:00", False), ("2026-12-01 09:00", True),
    ("2026-12-05 17:00", True), ("2026-12-06 09:00", False),
])
def test_unresolvable_closes_only_in_the_quarterly_review(ctx, now: str, ok: bool):  # noqa: ANN001
    ident = open_ticket(ctx, kind="complaint", nature="valid", content="Cooling tower noise").id
    step(ctx, "clerk", ticket_procedures.stall, ident, "needs capital budget")
    step(ctx, "boss", tickets.approve, ident)
    set_now(ctx, now)
    if not ok:
        message = refused(ctx, "closing.unresolvable.window", "clerk", tickets.close, ident,
                          unresolvable=True, reason="needs capital budget", approved_by="boss")
        nxt = "2026-12-01 to 2026-12-05" if now < "2026-12" else "2027-03-01 to 2027-03-05"
        assert f"the next window is {nxt}" in message
        return
    closed = step(ctx, "clerk", tickets.close, ident, unresolvable=True,
                  reason="needs capital budget", approved_by="boss")
    assert (closed.state, closed.unresolvable) == ("closed", True)


# -- the callback ---------------------------------------------------------------------------

def test_the_callback_after_the_repair(ctx):
    ident = open_ticket(ctx).id
    step(ctx, "clerk", tickets.dispatch, ident, "eng")
    assert "only after the case is resolved" in refused(
        ctx, "callback.unresolved", "clerk", ticket_procedures.callback, ident, True)
    set_now(ctx, "2026-11-23 11:00")
    step(ctx, "eng-lead", tickets.resolve, ident, "lamp replaced", signed=True)
    step(ctx, "clerk", tickets.close, ident)
    assert view(ctx, ident)["callback_due_at"] == "2026-11-26T18:00+08:00"
    set_now(ctx, "2026-11-26 17:59")
    assert "callback_overdue" not in flags(ctx, ident)
    set_now(ctx, "2026-11-26 18:00")  # closed, and still flagged until the call is made
    assert "not made by 11-26 18:00" in flags(ctx, ident)["callback_overdue"].message
    step(ctx, "clerk", ticket_procedures.callback, ident, True, False, "engineer was rude")
    audit = last_audit()
    assert (audit.actor, audit.action) == ("clerk", "ticket.callback")
    assert view(ctx, ident)["callback"] == {"at": "2026-11-26T18:00+08:00", "satisfied": True,
                                            "manner": False, "note": "engineer was rude"}
    assert flags(ctx, ident) == {}
    refused(ctx, "callback.once", "clerk", ticket_procedures.callback, ident, True)


# -- re-classifying a complaint ---------------------------------------------------------------

def test_a_reclassified_complaint_counts_in_the_month_it_was_registered(ctx):
    from dutyboard.store import reports
    set_now(ctx, "2026-10-30 10:00")
    ident = open_ticket(ctx, kind="complaint", nature="venting", content="Angry about parking").id
    step(ctx, "clerk", tickets.dispatch, ident, "sec")
    set_now(ctx, "2026-11-23 10:00")
    assert reports.monthly_complaint_rate(ctx, "2026-10").valid_complaints == 0
    with pytest.raises(UsageError, match="--note"):
        step(ctx, "clerk", ticket_procedures.classify, ident, "valid", " ")
    refused(ctx, "classify.valid_only", "clerk", ticket_procedures.classify, ident, "help", "x")
    step(ctx, "super", ticket_procedures.classify, ident, "valid", "left waiting two days")
    audit = last_audit()
    assert (audit.actor, audit.action) == ("super", "ticket.classify")
    assert '"nature": "venting"' in audit.before and '"nature": "valid"' in audit.after
    october = reports.monthly_complaint_rate(ctx, "2026-10")
    assert october.valid_complaints == 1 and [c.id for c in october.valid_cases] == [ident]
    assert reports.monthly_complaint_rate(ctx, "2026-11").valid_complaints == 0
    refused(ctx, "classify.valid_only", "clerk", ticket_procedures.classify, ident, "valid", "x")


# -- the charge of a repair ---------------------------------------------------------------------

def test_a_charged_repair_keeps_its_amount_exactly(ctx):
    from decimal import Decimal
    ident = open_ticket(ctx).id
    step(ctx, "clerk", tickets.dispatch, ident, "eng")
    for bad in (Decimal("0"), Decimal("-1"), Decimal("1.234"), Decimal("1E10")):
        with pytest.raises(UsageError, match="--charge"):
            step(ctx, "eng-lead", tickets.resolve, ident, "x", charge=bad)
    step(ctx, "eng-lead", tickets.resolve, ident, "socket replaced", signed=True, charge=Decimal("85.5"))
    assert Ticket.get_by_id(ident).charge == Decimal("85.50")
    assert view(ctx, ident)["charge"] == "85.50"
    assert '"charge": "85.5"' in last_audit().after
    month, notices = ticket_procedures.payment_notices(ctx)
    assert month == "2026-11" and [(n.id, n.amount) for n in notices] == [(ident, Decimal("85.50"))]
    assert ticket_procedures.payment_notices(ctx, "2026-12")[1] == []


# -- the daily sign-off -------------------------------------------------------------------------

def test_an_unsigned_day_stays_flagged_after_a_week(ctx):
    import datetime

    def missing() -> list[str]:
        return [f.subject for f in oversight.site_flags(ctx) if f.kind == "signoff_missing"]

    set_now(ctx, "2026-12-01 09:00")  # Tuesday, eight days later: nothing was signed
    assert missing()[0] == "day:2026-11-23"
    assert oversight.unsigned_days(ctx)[0] == datetime.date(2026, 11, 23)
    with acting(ctx, "super"):
        oversight.sign_off(ctx, datetime.date(2026, 11, 23))
    assert "day:2026-11-23" not in missing() and "day:2026-11-24" in missing()


# -- the Monday summary reviews older and stalled cases ----------------------------------------

def test_the_weekly_summary_lists_older_open_and_stalled_cases_apart(ctx):
    from dutyboard.store import reports
    older = open_ticket(ctx, content="Lamp out").id                       # Mon 23 Nov
    stuck = open_ticket(ctx, kind="complaint", nature="valid", content="Cooling tower noise").id
    step(ctx, "clerk", ticket_procedures.stall, stuck, "needs capital budget")
    done = open_ticket(ctx, content="Tap leaking").id
    step(ctx, "clerk", tickets.dispatch, done, "eng")
    step(ctx, "eng-lead", tickets.resolve, done, "washer", signed=True)
    step(ctx, "clerk", tickets.close, done)
    set_now(ctx, "2026-12-07 09:00")  # the summary of 30 Nov - 6 Dec: all three are older
    week = reports.weekly_summary(ctx)
    assert week.registered == 0
    assert [c.id for c in week.older_open] == [older]
    assert [(c.id, c.stall_reason) for c in week.stalled] == [(stuck, "needs capital budget")]
    set_now(ctx, "2026-11-30 09:00")  # the week they were registered in: stalled listed apart
    week = reports.weekly_summary(ctx)
    assert [c.id for c in week.cases] == [older, done] and week.registered == 3
    assert [c.id for c in week.stalled] == [stuck] and week.older_open == ()


# -- the quarterly report ------------------------------------------------------------------------

def test_the_quarterly_report(ctx):
    from decimal import Decimal

    from dutyboard.store.quarterly import quarterly_report
    set_now(ctx, "2026-10-10 10:00")
    open_ticket(ctx, kind="complaint", nature="valid", content="Guard was rude")            # October
    set_now(ctx, "2026-11-23 10:00")
    open_ticket(ctx, kind="complaint", nature="valid", content="Lounge not cleaned")        # November
    vented = open_ticket(ctx, kind="complaint", nature="venting", content="Parking fees").id
    step(ctx, "super", ticket_procedures.classify, vented, "valid", "left waiting")         # November
    fixed = open_ticket(ctx, content="Lamp out").id
    owed = open_ticket(ctx, content="Tap leaking").id
    for ident in (fixed, owed):
        step(ctx, "clerk", tickets.dispatch, ident, "eng")
        step(ctx, "eng-lead", tickets.resolve, ident, "done", signed=True, charge=Decimal("10"))
    step(ctx, "clerk", ticket_procedures.callback, fixed, True, False, "engineer was curt")
    stuck = open_ticket(ctx, content="Roof leak").id
    step(ctx, "clerk", ticket_procedures.stall, stuck, "owner's capital works")
    gone = open_ticket(ctx, content="Old boiler").id
    set_now(ctx, "2026-12-02 10:00")
    step(ctx, "boss", tickets.close, gone, unresolvable=True, reason="boiler to be replaced")
    set_now(ctx, "2026-12-03 09:00")
    r = quarterly_report(ctx, "2026-Q4", households=40)
    assert (r.quarter, r.start.isoformat(), r.end.isoformat(), r.due.isoformat()) == (
        "2026-Q4", "2026-10-01", "2026-12-31", "2026-12-05")
    assert [(m.month, m.valid_complaints, m.below_target) for m in r.months] == [
        ("2026-10", 1, True), ("2026-11", 2, False), ("2026-12", 0, True)]  # 2/40 = 5 %: not below
    assert r.over_target == ("2026-11",) and r.valid_complaints == 3
    assert (r.registered, r.closed) == (7, 1)
    assert [c.id for c in r.stalled] == [stuck] and [c.id for c in r.unresolvable] == [gone]
    cb = r.callbacks
    assert (cb.made, cb.satisfied, cb.manner_asked, cb.manner_satisfied, cb.owed) == (1, 1, 1, 0, 1)
    assert quarterly_report(ctx, "2026-Q3", households=40).registered == 0
    assert quarterly_report(ctx).quarter == "2026-Q4"  # default: the current quarter
    with pytest.raises(UsageError, match="--quarter: not a quarter"):
        quarterly_report(ctx, "2026-Q5")


def test_signing_the_quarter_over_the_target(ctx):
    from dutyboard.store.models import ReportSignoff
    from dutyboard.store.quarterly import quarterly_report, sign_quarter
    for n in range(3):  # 3 valid complaints / 50 households (the rulebook's) = 6 %: over 5 %
        open_ticket(ctx, kind="complaint", nature="valid", content=f"Rude guard {n}")
    from dutyboard.store import admin
    step(ctx, "boss", admin.set_rulebook, "[site]\nhouseholds = 50\n", "units.toml")
    ctx.reload_rulebook()
    set_now(ctx, "2026-12-03 09:00")
    assert quarterly_report(ctx, "2026-Q4").over_target == ("2026-11",)
    message = refused(ctx, "quarterly.order", "boss", sign_quarter, "2026-Q4", "fine")
    assert "department head signs the quarterly report first" in message
    message = refused(ctx, "quarterly.corrective", "super", sign_quarter, "2026-Q4")
    assert "over the target in 2026-11" in message
    with pytest.raises(Exception, match="not permitted"):
        step(ctx, "clerk", sign_quarter, "2026-Q4", "", "x")
    step(ctx, "super", sign_quarter, "2026-Q4", "", "guards retrained; weekly spot checks")
    assert last_audit().action == "report.sign"
    refused(ctx, "quarterly.once", "super", sign_quarter, "2026-Q4", "", "again")
    refused(ctx, "quarterly.comment", "boss", sign_quarter, "2026-Q4", " ")
    step(ctx, "boss", sign_quarter, "2026-Q4", "Agreed; review in January")
    sigs = quarterly_report(ctx, "2026-Q4").signatures
    assert [(s.role, s.by, s.comment, s.corrective) for s in sigs] == [
        ("head", "super", "", "guards retrained; weekly spot checks"),
        ("manager", "boss", "Agreed; review in January", "")]
    assert ReportSignoff.select().count() == 2
