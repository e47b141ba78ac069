"""The quarterly report (domain §5 "Oversight", issue 10): the complaint rate of each month
of the quarter against the target, the quarter's cases, the stalled and unresolvable ones,
and the callbacks (回访) with the requesters' satisfaction. Read-only data; the command line
renders it (``tui/cli/quarterly_format.py``).

It is due by the 5th of the quarter's third month (篇4 ⒃); its figures are as of the
report's instant, so a report run before the quarter ends shows the months so far."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

import arrow
from dutyboard.rules.facts import CLOSED, DISPATCHED, INQUIRY, OPEN, RESOLVED
from dutyboard.rules.quarters import (
    HEAD,
    MANAGER,
    check_quarter_sign,
    parse_quarter,
    quarter_due,
    quarter_label,
    quarter_months,
    quarter_of,
)

from .context import Context
from .errors import UsageError
from .models import Person, ReportSignoff, Ticket
from .oversight import site_name
from .reports import CaseRow, MonthlyRate, _rows, monthly_complaint_rate
from .timeutil import must, to_db


@dataclass(frozen=True)
class Callbacks:
    made: int                # callbacks recorded in the quarter
    satisfied: int           # ... with the result
    manner_asked: int        # ... where the repairer's manner was asked about
    manner_satisfied: int
    owed: int                # repairs resolved in the quarter still not called back

    @property
    def satisfaction(self) -> Fraction | None:
        return Fraction(self.satisfied, self.made) if self.made else None


@dataclass(frozen=True)
class Signature:
    role: str                # "head" (the department head) | "manager" (the project manager)
    by: str
    at: arrow.Arrow
    comment: str
    corrective: str          # the written analysis with corrective steps (over the target)


@dataclass(frozen=True)
class QuarterlyReport:
    site: str
    tz: str
    quarter: str             # YYYY-Qn
    start: date
    end: date
    due: date                # the 5th of the quarter's third month
    as_of: arrow.Arrow
    households: int
    households_from: str
    target: float
    months: tuple[MonthlyRate, ...]
    registered: int          # cases registered in the quarter (inquiries not counted)
    closed: int              # ... of which closed by now
    valid_complaints: int
    stalled: tuple[CaseRow, ...]       # open cases set apart, as of now
    unresolvable: tuple[CaseRow, ...]  # closed as unresolvable in the quarter
    callbacks: Callbacks
    signatures: tuple[Signature, ...] = ()

    @property
    def over_target(self) -> tuple[str, ...]:
        """Months at or above the target: the quarter needs a written corrective analysis."""
        return tuple(m.month for m in self.months if not m.below_target)


def quarterly_report(ctx: Context, quarter: str | None = None,
                     households: int | None = None) -> QuarterlyReport:
    """The report of ``quarter`` (YYYY-Qn, default the quarter of the local today)."""
    as_of = ctx.now()
    if quarter is None:
        year, q = quarter_of(ctx.book.calendar.today(as_of))
    else:
        try:
            year, q = parse_quarter(quarter)
        except ValueError as exc:
            raise UsageError(f"--quarter: {exc}") from None
    months = tuple(monthly_complaint_rate(ctx, f"{y:04d}-{m:02d}", households)
                   for y, m in quarter_months(year, q))
    start = months[0].start
    end = months[-1].end
    cal = ctx.book.calendar
    lo, hi = to_db(cal.day_bounds(start)[0]), to_db(cal.day_bounds(end)[1])
    in_quarter = (Ticket.opened_at >= lo) & (Ticket.opened_at < hi)
    registered = Ticket.select().where(in_quarter & (Ticket.state != INQUIRY))
    resolved_in = (Ticket.resolved_at >= lo) & (Ticket.resolved_at < hi)
    called = list(Ticket.select().where((Ticket.callback_at >= lo) & (Ticket.callback_at < hi)))
    return QuarterlyReport(
        site=site_name(), tz=ctx.tz, quarter=quarter_label(year, q), start=start, end=end,
        due=quarter_due(year, q), as_of=as_of, households=months[0].households,
        households_from=months[0].households_from, target=months[0].target, months=months,
        registered=registered.count(),
        closed=registered.where(Ticket.state == CLOSED).count(),
        valid_complaints=sum(m.valid_complaints for m in months),
        stalled=tuple(_rows(Ticket.select().where(
            Ticket.state.in_([OPEN, DISPATCHED]) & Ticket.stalled_at.is_null(False))
            .order_by(Ticket.stalled_at, Ticket.id))),
        unresolvable=tuple(_rows(Ticket.select().where(
            (Ticket.state == CLOSED) & Ticket.unresolvable & (Ticket.closed_at >= lo)
            & (Ticket.closed_at < hi)).order_by(Ticket.closed_at, Ticket.id))),
        callbacks=Callbacks(
            made=len(called), satisfied=sum(bool(t.callback_satisfied) for t in called),
            manner_asked=sum(t.callback_manner is not None for t in called),
            manner_satisfied=sum(bool(t.callback_manner) for t in called),
            owed=Ticket.select().where(
                resolved_in & (Ticket.kind == "repair") & Ticket.callback_at.is_null()
                & ~Ticket.unresolvable & Ticket.state.in_([RESOLVED, CLOSED])).count()),
        signatures=tuple(Signature(s.role, s.by.login, must(s.at), s.comment, s.corrective)
                         for s in _signoffs(quarter_label(year, q))))


def _signoffs(period: str) -> list[ReportSignoff]:
    return list(ReportSignoff.select(ReportSignoff, Person).join(Person)
                .where((ReportSignoff.report == "quarterly") & (ReportSignoff.period == period))
                .order_by(ReportSignoff.id))


def sign_quarter(ctx: Context, quarter: str, comment: str = "", corrective: str = "") -> Signature:
    """The department head (supervisor) signs the quarter, with the corrective note a quarter
    over the target needs; then the project manager (manager) comments and signs."""
    with ctx.write():
        person = ctx.require("report.sign")
        kind = MANAGER if person.role == MANAGER else HEAD
        report = quarterly_report(ctx, quarter)
        signed = frozenset(s.role for s in report.signatures)
        check_quarter_sign(kind, report.over_target, signed, comment, corrective)
        row = ReportSignoff.create(report="quarterly", period=report.quarter, role=kind, by=person,
                                   at=to_db(ctx.now()), comment=comment.strip(),
                                   corrective=corrective.strip())
        ctx.audit("report.sign", "report", row.id, after={
            "report": "quarterly", "period": report.quarter, "role": kind,
            "comment": row.comment, "corrective": row.corrective})
    return Signature(kind, person.login, ctx.now(), row.comment, row.corrective)


