"""After the meeting (domain §3): ``meeting fee`` (the organizer's signed fee confirmation,
with the consumables tally) and the lost items register, ``lost add/list/return``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import inputs
from .output import emit

if TYPE_CHECKING:
    from dutyboard.store.context import Context
    from dutyboard.store.models import Person


def add_meeting_parsers(meeting: Any) -> None:
    fee = meeting.add_parser("fee", help="the organizer signed the fee confirmation (after the meeting)")
    fee.add_argument("id", type=inputs.ident)
    fee.add_argument("--consumables", required=True, help="engineering's consumables tally")
    fee.add_argument("--signed-by", dest="signed_by", required=True, help="who signed for the organizer")


def add_lost(command: Any) -> None:
    """``lost``'s actions (its one-line help is in parser.COMMANDS)."""
    lost = command.add_subparsers(dest="action", required=True)
    la = lost.add_parser("add", help="register an item found")
    la.add_argument("--item", required=True)
    la.add_argument("--meeting", type=inputs.ident, help="the meeting it was found after")
    la.add_argument("--where", default="", help="where it was found")
    ll = lost.add_parser("list", help="the register, newest first")
    ll.add_argument("--open", action="store_true", help="only items not yet returned")
    lr = lost.add_parser("return", help="the item was handed back")
    lr.add_argument("id", type=inputs.ident)
    lr.add_argument("--to", required=True, help="to whom (the owner or the organizer)")


def _me(ctx: Context) -> Person | None:
    from dutyboard.store.models import Person
    return Person.get_or_none(Person.login == ctx.login)


def _logins() -> dict[int, str]:
    from dutyboard.store.models import Person
    return {p.id: p.login for p in Person.select(Person.id, Person.login)}


def cmd_fee(args: Any, ctx: Context) -> None:
    from dutyboard.store import lost_items
    from dutyboard.store.views import meeting_view
    m = lost_items.record_fee(ctx, args.id, args.consumables, args.signed_by)
    emit(args, meeting_view(m, ctx.book, _me(ctx)))


def cmd_lost(args: Any, ctx: Context) -> None:
    from dutyboard.store import lost_items
    me, names = _me(ctx), _logins()
    if args.action == "add":
        row = lost_items.add_lost(ctx, args.item, args.meeting, args.where)
    elif args.action == "return":
        row = lost_items.return_lost(ctx, args.id, args.to)
    else:
        ctx.actor()
        rows = lost_items.lost_items(only_open=args.open)
        emit(args, [lost_items.lost_view(r, ctx.tz, me, names) for r in rows],
             ("id", "found_at", "item", "where", "meeting", "found_by", "returned_to", "returned_at"))
        return
    emit(args, lost_items.lost_view(row, ctx.tz, me, names))


MEETING = {"fee": cmd_fee}
HANDLERS = {"lost": cmd_lost}
