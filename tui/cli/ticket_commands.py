"""The later steps of a case on the command line (issue 10): ``ticket stall`` and
``ticket callback``. Their parsers are added by :func:`add_parsers`; the handlers run one
store call each and print the ticket as ``ticket show`` does."""

from __future__ import annotations

import argparse
from typing import Any

from dutyboard.store import ticket_procedures
from dutyboard.store.context import Context
from dutyboard.store.models import Person
from dutyboard.store.views import ticket_view

from .output import emit

YES_NO = {"yes": True, "no": False}


def add_parsers(ticket: Any) -> None:
    """Register the subcommands on ``ticket``'s subparsers."""
    st = ticket.add_parser("stall", help="set an unresolvable case apart: open, off the clock")
    st.add_argument("id", type=int)
    st.add_argument("--reason", required=True)
    cb = ticket.add_parser("callback", help="record the callback after the case was resolved")
    cb.add_argument("id", type=int)
    cb.add_argument("--satisfied", required=True, choices=tuple(YES_NO),
                    help="is the requester satisfied with the result")
    cb.add_argument("--manner", choices=tuple(YES_NO),
                    help="with the repairer's manners and attitude")
    cb.add_argument("--note", default="")


def cmd_stall(args: argparse.Namespace, ctx: Context) -> None:
    t = ticket_procedures.stall(ctx, args.id, args.reason)
    emit(args, _view(t, ctx))


def cmd_callback(args: argparse.Namespace, ctx: Context) -> None:
    manner = None if args.manner is None else YES_NO[args.manner]
    t = ticket_procedures.callback(ctx, args.id, YES_NO[args.satisfied], manner, args.note)
    emit(args, _view(t, ctx))


def _view(t: Any, ctx: Context) -> dict[str, Any]:
    role = Person.get_by_id(t.approved_by_id).role if t.approved_by_id else None
    return ticket_view(t, ctx.book, ctx.now(), role)


HANDLERS = {"stall": cmd_stall, "callback": cmd_callback}
