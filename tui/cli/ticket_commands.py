"""The later steps of a case on the command line (issue 10): ``ticket stall``,
``ticket callback``, ``ticket classify``, and ``report payments`` (the payment notices of a
month). Their parsers are added by :func:`add_parsers` and :func:`add_report_parsers`; each
handler runs one store call and prints the ticket as ``ticket show`` does."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from . import inputs
from .output import emit, show_text, table

if TYPE_CHECKING:
    from decimal import Decimal

    from dutyboard.store.context import Context

YES_NO = {"yes": True, "no": False}


def add_parsers(ticket: Any) -> None:
    """Register the subcommands on ``ticket``'s subparsers."""
    st = ticket.add_parser("stall", help="set an unresolvable case apart: open, off the clock")
    st.add_argument("id", type=inputs.ident)
    st.add_argument("--reason", required=True)
    cb = ticket.add_parser("callback", help="record the callback after the case was resolved")
    cb.add_argument("id", type=inputs.ident)
    cb.add_argument("--satisfied", required=True, choices=tuple(YES_NO),
                    help="is the requester satisfied with the result")
    cb.add_argument("--manner", choices=tuple(YES_NO),
                    help="with the repairer's manners and attitude")
    cb.add_argument("--note", default="")
    cl = ticket.add_parser("classify", help="a communicative complaint handled badly becomes valid")
    cl.add_argument("id", type=inputs.ident)
    cl.add_argument("--nature", required=True, choices=("valid",))
    cl.add_argument("--note", required=True)


def add_report_parsers(report: Any) -> None:
    """Register ``report payments`` on ``report``'s subparsers."""
    rp = report.add_parser("payments", help="the payment notices of charged repairs in a month")
    rp.add_argument("--month", help="YYYY-MM in the site zone (default this month)")
    rq = report.add_parser("quarterly", help="complaint rate by month, stalled and unresolvable "
                                             "cases, callbacks (due by the 5th of the third month)")
    rq.add_argument("--quarter", help="YYYY-Qn (default the current quarter)")
    rq.add_argument("--households", type=inputs.positive, help="households served")
    rq.add_argument("--format", choices=("md", "csv"), default="md")
    rs = report.add_parser("sign", help="sign the quarterly report: the department head, then "
                                        "the project manager with a comment")
    rs.add_argument("which", choices=("quarterly",))
    rs.add_argument("--quarter", required=True, help="YYYY-Qn")
    rs.add_argument("--comment", default="", help="the project manager's comment")
    rs.add_argument("--corrective", default="",
                    help="the written analysis and corrective steps (a quarter over the target)")


def charge_amount(text: str) -> Decimal:
    """``--charge``: an amount in yuan above 0 with at most two decimals (argparse exits 2)."""
    from decimal import Decimal, InvalidOperation  # the parser's, not --help's
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"not an amount: {inputs.one_line(text)!r}") from None
    if not value.is_finite() or value <= 0 or value != round(value, 2) or value >= Decimal(10) ** 10:
        raise argparse.ArgumentTypeError(f"not an amount above 0 with at most two decimals: "
                                         f"{inputs.one_line(text)!r}")
    return value


def cmd_stall(args: argparse.Namespace, ctx: Context) -> None:
    from dutyboard.store import ticket_procedures
    t = ticket_procedures.stall(ctx, args.id, args.reason)
    emit(args, _view(t, ctx))


def cmd_callback(args: argparse.Namespace, ctx: Context) -> None:
    from dutyboard.store import ticket_procedures
    manner = None if args.manner is None else YES_NO[args.manner]
    t = ticket_procedures.callback(ctx, args.id, YES_NO[args.satisfied], manner, args.note)
    emit(args, _view(t, ctx))


def cmd_classify(args: argparse.Namespace, ctx: Context) -> None:
    from dutyboard.store import ticket_procedures
    t = ticket_procedures.classify(ctx, args.id, args.nature, args.note)
    emit(args, _view(t, ctx))


def cmd_payments(args: argparse.Namespace, ctx: Context) -> None:
    from decimal import Decimal

    from dutyboard.store import ticket_procedures
    from dutyboard.store.timeutil import iso
    month = inputs.month(args.month, "--month") if args.month else None
    label, notices = ticket_procedures.payment_notices(ctx, month)
    rows = [{"id": n.id, "resolved_at": iso(n.resolved_at, ctx.tz), "location": n.location,
             "contact": n.contact, "phone": n.phone, "dept": n.dept, "amount": f"{n.amount:.2f}"}
            for n in notices]
    total = f"{sum((n.amount for n in notices), Decimal(0)):.2f}"
    if args.json:
        emit(args, {"report": "payments", "month": label, "notices": rows, "total": total})
        return
    show_text(f"# Payment notices {label}\n\n"
              + (table(rows, ("id", "resolved_at", "location", "contact", "phone", "amount"))
                 if rows else "None.") + f"\n\ntotal: {total} ({len(rows)} notices)\n")


def _view(t: Any, ctx: Context) -> dict[str, Any]:
    from dutyboard.store.models import Person
    from dutyboard.store.views import ticket_view
    role = Person.get_by_id(t.approved_by_id).role if t.approved_by_id else None
    return ticket_view(t, ctx.book, ctx.now(), role)


HANDLERS = {"stall": cmd_stall, "callback": cmd_callback, "classify": cmd_classify}
def cmd_quarterly(args: argparse.Namespace, ctx: Context) -> None:
    from dutyboard.store.quarterly import quarterly_report

    from .quarterly_format import quarterly_csv, quarterly_dict, quarterly_markdown
    report = quarterly_report(ctx, args.quarter, args.households)
    if args.json:
        emit(args, quarterly_dict(report))
    else:
        show_text(quarterly_csv(report) if args.format == "csv" else quarterly_markdown(report))


def cmd_sign(args: argparse.Namespace, ctx: Context) -> None:
    from dutyboard.rules.quarters import parse_quarter, quarter_label
    from dutyboard.store.quarterly import sign_quarter
    from dutyboard.store.timeutil import iso
    s = sign_quarter(ctx, args.quarter, args.comment, args.corrective)
    quarter = quarter_label(*parse_quarter(args.quarter))
    emit(args, {"report": args.which, "quarter": quarter, "role": s.role, "by": s.by,
                "at": iso(s.at, ctx.tz), "comment": s.comment, "corrective": s.corrective})


REPORTS = {"payments": cmd_payments, "quarterly": cmd_quarterly, "sign": cmd_sign}
