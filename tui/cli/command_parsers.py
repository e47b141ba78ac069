"""Each command's own parser: its options, arguments and actions. ``parser.build_parser``
lists the commands with their one-line help (``parser.COMMANDS``) and calls the builder of
one command only when argparse has chosen it, so ``dutyboard --help`` and ``dutyboard
ticket ...`` build one parser, not every command's (issue 13)."""

from __future__ import annotations

from argparse import ArgumentParser
from collections.abc import Callable

from dutyboard.rules.names import (
    CATEGORIES,
    CHANNELS,
    NATURES,
    PRIORITIES,
    PURCHASES,
    ROLES,
    SIZES,
    TASK_STATES,
    TICKET_KINDS,
    TICKET_LIST_STATES,
)

from . import (
    meeting_io_commands,
    register_commands,
    report_commands,
    shift_commands,
    site_commands,
    sites_commands,
    ticket_commands,
)
from .inputs import bounded_int, count, department, ident, positive, signed64


def _init(init: ArgumentParser) -> None:
    init.add_argument("--site", help="site name")
    init.add_argument("--training", action="store_true",
                      help="a training database: --now allowed on writes")
    site_commands.add_init_options(init)


def _demo(demo: ArgumentParser) -> None:
    demo.add_argument("--seed", type=signed64, default=7)


def _no_options(command: ArgumentParser) -> None:
    """``board``, ``flags``, ``migrate``: the command alone."""


def _venue(command: ArgumentParser) -> None:
    venue = command.add_subparsers(dest="action", required=True)
    va = venue.add_parser("add")
    va.add_argument("name")
    va.add_argument("--class", dest="venue_class", required=True, choices=("A", "B", "C"))
    va.add_argument("--kind", required=True)
    va.add_argument("--capacity", required=True, type=signed64)
    va.add_argument("--building", default="")
    venue.add_parser("list")


def _user(command: ArgumentParser) -> None:
    user = command.add_subparsers(dest="action", required=True)
    ua = user.add_parser("add")
    ua.add_argument("new_login", metavar="LOGIN")  # not "login": that is --as
    ua.add_argument("--role", required=True, choices=ROLES)
    ua.add_argument("--dept", action="append", type=department, metavar="DEPT", default=[])
    ua.add_argument("--name")
    ua.add_argument("--phone", default="")
    ua.add_argument("--cleared", action="store_true", help="may see confidential meetings")
    ul = user.add_parser("list", help="this site's people and their roles")
    ul.add_argument("--all", action="store_true",
                    help="everyone of every site, with their sites (manager, administrator)")


def _meeting(command: ArgumentParser) -> None:
    meeting = command.add_subparsers(dest="action", required=True)
    ma = meeting.add_parser("add")
    ma.add_argument("--venue", required=True)
    ma.add_argument("--start", required=True)
    ma.add_argument("--end", required=True)
    ma.add_argument("--title", required=True)
    ma.add_argument("--organizer", required=True)
    ma.add_argument("--contact", required=True)
    ma.add_argument("--phone", required=True)
    ma.add_argument("--attendees", required=True, type=count)
    ma.add_argument("--services", default="", help="comma-separated: banner,water,recording,...")
    ma.add_argument("--approval", help="approved rental application reference (class C)")
    ma.add_argument("--confidential", action="store_true")
    ma.add_argument("--layout", default="", help="room layout, e.g. theatre, classroom, U-shape")
    ma.add_argument("--purchases", default="",
                    help="bought on the organizer's behalf, comma-separated: " + ",".join(PURCHASES))
    ma.add_argument("--size", choices=SIZES, help="meeting size (default: from attendees and venue)")
    ml = meeting.add_parser("list")
    ml.add_argument("--day", help="YYYY-MM-DD in the site zone (default today)")
    ml.add_argument("--days", type=bounded_int(1, 366, "--days"), default=1)
    ms = meeting.add_parser("show")
    ms.add_argument("id", type=ident)
    mm = meeting.add_parser("move")
    mm.add_argument("id", type=ident)
    mm.add_argument("--start", required=True)
    mm.add_argument("--end")
    mc = meeting.add_parser("cancel")
    mc.add_argument("id", type=ident)
    mc.add_argument("--reason", default="")
    register_commands.add_meeting_parsers(meeting)
    meeting_io_commands.add_parsers(meeting)


def _task(command: ArgumentParser) -> None:
    task = command.add_subparsers(dest="action", required=True)
    tl = task.add_parser("list")
    tl.add_argument("--meeting", type=ident)
    tl.add_argument("--dept", type=department, metavar="DEPT")
    tl.add_argument("--state", choices=TASK_STATES)
    tl.add_argument("--day", help="tasks of meetings on this day (default today and tomorrow)")
    for action in ("done", "undo", "verify", "unverify"):
        t = task.add_parser(action, help="revoke a wrong verification (duty officer, desk "
                                         "supervisor), with the reason" if action == "unverify" else None)
        t.add_argument("id", type=ident)
        t.add_argument("--version", type=count, help="refuse if the task changed since this version")
        if action == "unverify":
            t.add_argument("--reason", required=True, help="why the verification was wrong")


def _ticket(command: ArgumentParser) -> None:
    ticket = command.add_subparsers(dest="action", required=True)
    to = ticket.add_parser("open")
    to.add_argument("--kind", required=True, choices=TICKET_KINDS)
    to.add_argument("--channel", default="phone", choices=CHANNELS)
    to.add_argument("--location", required=True)
    to.add_argument("--contact", required=True)
    to.add_argument("--phone", default="")
    to.add_argument("--content", required=True)
    to.add_argument("--priority", default="normal", choices=PRIORITIES)
    to.add_argument("--nature", choices=NATURES)
    to.add_argument("--category", choices=CATEGORIES)
    to.add_argument("--major", action="store_true", help="a major case: closing needs approval")
    to.add_argument("--on-site", action="store_true",
                    help="needs someone on site: always registered, never an inquiry")
    to.add_argument("--inquiry", action="store_true",
                    help="inquiry only: settled by explanation, logged but not registered")
    td = ticket.add_parser("dispatch")
    td.add_argument("id", type=ident, nargs="+")
    td.add_argument("--dept", required=True, type=department, metavar="DEPT")
    td.add_argument("--to", dest="to_login")
    for action in ("follow-up", "escalate"):
        t = ticket.add_parser(action)
        t.add_argument("id", type=ident, nargs="+")
        t.add_argument("--note", required=True)
    tn = ticket.add_parser("notify", help="tick off a person told of an emergency")
    tn.add_argument("id", type=ident)
    tn.add_argument("--role", required=True, choices=ROLES)
    tn.add_argument("--note", default="")
    tr = ticket.add_parser("resolve")
    tr.add_argument("id", type=ident)
    tr.add_argument("--result", required=True)
    tr.add_argument("--signed", action="store_true", help="the requester signed the work order")
    tr.add_argument("--charge", type=ticket_commands.charge_amount,
                    help="a charged repair: the amount of its payment notice (yuan)")
    tap = ticket.add_parser("approve", help="approve closing (supervisor, manager)")
    tap.add_argument("id", type=ident)
    tap.add_argument("--note", default="")
    tc = ticket.add_parser("close")
    tc.add_argument("id", type=ident)
    tc.add_argument("--approved-by")
    tc.add_argument("--unresolvable", action="store_true")
    tc.add_argument("--reason", default="")
    tro = ticket.add_parser("reopen")
    tro.add_argument("id", type=ident)
    tro.add_argument("--reason", required=True)
    tli = ticket.add_parser("link", help="relate another case, or record an unregistered one")
    tli.add_argument("id", type=ident)
    tli.add_argument("--to", dest="to_id", type=ident)
    tli.add_argument("--pending")
    tls = ticket.add_parser("list")
    tls.add_argument("--state", choices=TICKET_LIST_STATES)
    tls.add_argument("--dept", type=department, metavar="DEPT")
    tls.add_argument("--priority", choices=PRIORITIES)
    tls.add_argument("--text")
    tls.add_argument("--all", action="store_true", help="closed and inquiries too")
    tls.add_argument("--limit", type=count, default=200)
    tsh = ticket.add_parser("show")
    tsh.add_argument("id", type=ident)
    ticket_commands.add_parsers(ticket)


def _audit(au: ArgumentParser) -> None:
    au.add_argument("verb", nargs="?", choices=("verify",), metavar="verify")
    au.add_argument("--entity")
    au.add_argument("--id", type=ident)
    au.add_argument("--limit", type=count, default=50)


def _signoff(so: ArgumentParser) -> None:
    so.add_argument("action", nargs="?", choices=("summary", "revoke"), metavar="summary|revoke")
    so.add_argument("revoke_day", nargs="?", metavar="DAY", help="the day to revoke (YYYY-MM-DD)")
    so.add_argument("--day")
    so.add_argument("--note", default="")
    so.add_argument("--reason", default="", help="why the sign-off is revoked (revoke)")


def _rulebook(command: ArgumentParser) -> None:
    rb = command.add_subparsers(dest="action", required=True)
    rb.add_parser("show")
    rc = rb.add_parser("check")
    rc.add_argument("file")
    rs = rb.add_parser("set")
    rs.add_argument("file")


def _report(command: ArgumentParser) -> None:
    rp = command.add_subparsers(dest="action", required=True)
    rw = rp.add_parser("weekly", help="last week's cases (Monday to Sunday, local time)")
    rw.add_argument("--week", help="YYYY-MM-DD: summarise the week before the Monday on or "
                                   "before this day (default today)")
    rw.add_argument("--format", choices=("md", "csv", "json"), default="md")
    rm = rp.add_parser("monthly", aliases=["complaints"],
                       help="valid complaints / households against the target")
    rm.add_argument("--month", help="YYYY-MM in the site zone (default the previous month)")
    rm.add_argument("--format", choices=("md", "csv", "json"), default="md")
    rm.add_argument("--households", type=positive, help="households served (default the rulebook's)")
    ticket_commands.add_report_parsers(rp)
    shift_commands.add_parser(rp)
    report_commands.add_parsers(rp)


BUILDERS: dict[str, Callable[[ArgumentParser], None]] = {
    "init": _init,
    "demo": _demo,
    "board": _no_options,
    "venue": _venue,
    "user": _user,
    "meeting": _meeting,
    "task": _task,
    "ticket": _ticket,
    "flags": _no_options,
    "audit": _audit,
    "signoff": _signoff,
    "rulebook": _rulebook,
    "report": _report,
    "migrate": _no_options,
    "backup": site_commands.add_backup,
    "restore": site_commands.add_restore,
    "serve": site_commands.add_serve,
    "config": site_commands.add_config,
    "site": sites_commands.add_site,
    "lost": register_commands.add_lost,
}
