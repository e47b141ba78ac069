"""``report bookings``, ``report worksheet`` and ``report readiness`` (issue 12): the desk's
working sheets on the command line. Read-only, like the other reports. Each prints Markdown
(default), CSV (``--format csv``) or one JSON object (``--format json`` or ``--json``);
item titles follow ``--lang`` (the JSON carries both)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from dutyboard.rules.names import DEPARTMENTS
from dutyboard.store.names import MAX_BOOKING_DAYS

from . import inputs
from .output import emit, show_text

if TYPE_CHECKING:
    from dutyboard.store.context import Context

FORMATS = ("md", "csv", "json")


def add_parsers(report: Any) -> None:
    """Register the three reports on ``report``'s subparsers."""
    rb = report.add_parser("bookings", help="the next working days' bookings, for the "
                                            "administration office (every working day)")
    rb.add_argument("--days", type=inputs.bounded_int(1, MAX_BOOKING_DAYS, "--days"),
                    default=2, help="working days after today (default 2; days off between "
                                    "are included)")
    rb.add_argument("--format", choices=FORMATS, default="md")
    rw = report.add_parser("worksheet", help="a department's items due on a day, with time and state")
    rw.add_argument("--dept", required=True, choices=DEPARTMENTS)
    rw.add_argument("--day", help="YYYY-MM-DD in the site zone (default today)")
    rw.add_argument("--format", choices=FORMATS, default="md")
    rs = report.add_parser("bookings-sent", help="record that the day's bookings report went to "
                                                 "the administration office (every working day "
                                                 "before close of business)")
    rs.add_argument("--day", help="YYYY-MM-DD in the site zone (default today)")
    rs.add_argument("--note", default="", help="to whom, how (optional)")
    rr = report.add_parser("readiness", help="a meeting's items: who reported and who "
                                             "verified what, when")
    rr.add_argument("meeting_id", metavar="MEETING_ID", type=inputs.ident)
    rr.add_argument("--format", choices=FORMATS, default="md")


def _lang(args: argparse.Namespace) -> str:
    return "zh" if getattr(args, "lang", None) == "zh" else "en"


def _print(args: argparse.Namespace, data: dict[str, Any], md: str | None, csv: str | None) -> None:
    if args.json or args.format == "json":
        args.json = True
        emit(args, data)
    else:
        show_text(csv if args.format == "csv" else md or "")


def cmd_bookings(args: argparse.Namespace, ctx: Context) -> None:
    from dutyboard.store import report_sheets

    from .report_format import bookings_csv, bookings_dict, bookings_markdown
    r = report_sheets.bookings_report(ctx, args.days)
    _print(args, bookings_dict(r), bookings_markdown(r, _lang(args)), bookings_csv(r))


def cmd_worksheet(args: argparse.Namespace, ctx: Context) -> None:
    from dutyboard.store import report_sheets

    from .report_format import worksheet_csv, worksheet_dict, worksheet_markdown
    day = inputs.day(args.day, "--day") if args.day else None
    r = report_sheets.worksheet(ctx, args.dept, day)
    lang = _lang(args)
    _print(args, worksheet_dict(r), worksheet_markdown(r, lang), worksheet_csv(r, lang))


def cmd_readiness(args: argparse.Namespace, ctx: Context) -> None:
    from dutyboard.store import report_sheets

    from .report_format import readiness_csv, readiness_dict, readiness_markdown
    r = report_sheets.readiness_sheet(ctx, args.meeting_id)
    lang = _lang(args)
    _print(args, readiness_dict(r), readiness_markdown(r, lang), readiness_csv(r, lang))


def cmd_bookings_sent(args: argparse.Namespace, ctx: Context) -> None:
    from dutyboard.store import bookings_duty
    from dutyboard.store.timeutil import iso, must
    day = inputs.day(args.day, "--day") if args.day else None
    row = bookings_duty.record_sent(ctx, day, args.note)
    emit(args, {"day": row.period, "sent_by": ctx.login,
                "sent_at": iso(must(row.at), ctx.tz), "note": row.comment})


REPORTS = {"bookings": cmd_bookings, "bookings-sent": cmd_bookings_sent, "worksheet": cmd_worksheet,
           "readiness": cmd_readiness}
