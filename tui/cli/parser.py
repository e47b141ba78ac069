"""The argument parser of ``dutyboard``: global options and every subcommand."""

from __future__ import annotations

import argparse
import functools
from typing import NoReturn

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

from .inputs import bounded_int, count, department, ident, one_line, positive, signed64
from .meeting_io_commands import add_parsers as add_meeting_io
from .register_commands import add_meeting_parsers as add_register_meeting
from .register_commands import add_parsers as add_register_commands
from .report_commands import add_parsers as add_sheet_reports
from .shift_commands import add_parser as add_shift_report
from .site_commands import add_init_options
from .site_commands import add_parsers as add_site_commands
from .sites_commands import add_parsers as add_sites_commands
from .ticket_commands import add_parsers as add_ticket_procedures
from .ticket_commands import add_report_parsers as add_ticket_reports
from .ticket_commands import charge_amount


class Parser(argparse.ArgumentParser):
    """argparse whose usage errors are one line (exit 2), with hostile text shown escaped."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"dutyboard: {one_line(message)} (see: {self.prog} --help)\n")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("dutyboard")
    except PackageNotFoundError:
        return "(not installed)"


class VersionAction(argparse.Action):
    """``--version``, asking the package metadata only when given (importlib.metadata costs
    ``--help`` more than the rest of the parser)."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS,
                 default: str = argparse.SUPPRESS, help: str = "show the version and exit") -> None:
        super().__init__(option_strings, dest, nargs=0, default=default, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> NoReturn:
        print(f"dutyboard {_version()}")
        parser.exit()


@functools.cache
def build_parser() -> argparse.ArgumentParser:
    """The parser, built once per process (it is a third of a short command's time)."""
    p = Parser(prog="dutyboard", description="Meeting readiness and service-desk board.")
    p.add_argument("--version", action=VersionAction)
    p.add_argument("--db", help="database URL (default $DUTYBOARD_DB or a file in the user data dir)")
    p.add_argument("--now", help="freeze the clock at this ISO-8601 instant (site zone if no offset)")
    p.add_argument("--as", dest="login", help="act as this login (administrator only; default: the OS login)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--rulebook", help="what if: a rulebook (TOML) over the site's, for reads only")
    p.add_argument("--lang", choices=("en", "zh"), help="language of the board and the service notice")
    p.add_argument("--theme", choices=("dark", "light", "contrast"), help="board theme")
    p.add_argument("--readonly", action="store_true", help="wall-screen mode: no changes")
    p.add_argument("--site", dest="site_code", metavar="CODE",
                   help="the building to work at (default: the only one, or yours; `site list`)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    init = sub.add_parser("init", help="create the site; the login running it becomes the manager")
    init.add_argument("--site", help="site name")
    init.add_argument("--training", action="store_true",
                      help="a training database: --now allowed on writes")
    add_init_options(init)
    demo = sub.add_parser("demo", help="fill the database with a realistic day around now")
    demo.add_argument("--seed", type=signed64, default=7)
    sub.add_parser("board", help="open the board (the default)")

    venue = sub.add_parser("venue", help="venues").add_subparsers(dest="action", required=True)
    va = venue.add_parser("add")
    va.add_argument("name")
    va.add_argument("--class", dest="venue_class", required=True, choices=("A", "B", "C"))
    va.add_argument("--kind", required=True)
    va.add_argument("--capacity", required=True, type=signed64)
    va.add_argument("--building", default="")
    venue.add_parser("list")

    user = sub.add_parser("user", help="people").add_subparsers(dest="action", required=True)
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

    meeting = sub.add_parser("meeting", help="bookings").add_subparsers(dest="action", required=True)
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
    add_register_meeting(meeting)
    add_meeting_io(meeting)

    task = sub.add_parser("task", help="preparation tasks").add_subparsers(dest="action", required=True)
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

    ticket = sub.add_parser("ticket", help="repairs and complaints").add_subparsers(
        dest="action", required=True)
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
    tr.add_argument("--charge", type=charge_amount, help="a charged repair: the amount of its "
                                                         "payment notice (yuan)")
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
    add_ticket_procedures(ticket)

    sub.add_parser("flags", help="everything flagged at this instant")
    au = sub.add_parser("audit", help="the audit log; `audit verify` checks its hash chain")
    au.add_argument("verb", nargs="?", choices=("verify",), metavar="verify")
    au.add_argument("--entity")
    au.add_argument("--id", type=ident)
    au.add_argument("--limit", type=count, default=50)
    so = sub.add_parser("signoff", help="the supervisor signs off the day's records; "
                                         "`signoff summary` shows the day first, `signoff revoke "
                                         "DAY --reason TEXT` withdraws a sign-off")
    so.add_argument("action", nargs="?", choices=("summary", "revoke"), metavar="summary|revoke")
    so.add_argument("revoke_day", nargs="?", metavar="DAY", help="the day to revoke (YYYY-MM-DD)")
    so.add_argument("--day")
    so.add_argument("--note", default="")
    so.add_argument("--reason", default="", help="why the sign-off is revoked (revoke)")
    rb = sub.add_parser("rulebook", help="show, check or store the rulebook").add_subparsers(
        dest="action", required=True)
    rb.add_parser("show")
    rc = rb.add_parser("check")
    rc.add_argument("file")
    rs = rb.add_parser("set")
    rs.add_argument("file")
    rp = sub.add_parser("report", help="the Monday summary and the monthly complaint rate") \
        .add_subparsers(dest="action", required=True)
    rw = rp.add_parser("weekly", help="last week's cases (Monday to Sunday, local time)")
    rw.add_argument("--week", help="YYYY-MM-DD: summarise the week before the Monday on or "
                                   "before this day (default today)")
    rw.add_argument("--format", choices=("md", "csv", "json"), default="md")
    rm = rp.add_parser("monthly", aliases=["complaints"],
                       help="valid complaints / households against the target")
    rm.add_argument("--month", help="YYYY-MM in the site zone (default the previous month)")
    rm.add_argument("--format", choices=("md", "csv", "json"), default="md")
    rm.add_argument("--households", type=positive, help="households served (default the rulebook's)")
    add_ticket_reports(rp)
    add_shift_report(rp)
    add_sheet_reports(rp)
    sub.add_parser("migrate", help="show the schema migrations")
    add_site_commands(sub)
    add_sites_commands(sub)
    add_register_commands(sub)
    return p


GLOBAL_FLAGS = {"--json", "--readonly"}
GLOBAL_OPTIONS = {"--db", "--now", "--as", "--rulebook", "--lang", "--theme", "--site"}
# a command's own option that shares a global option's name: left to the command
OWN_OPTIONS = {"init": {"--site"}}   # init --site NAME: the new site's name


def hoist_globals(argv: list[str]) -> list[str]:
    """Let global options stand anywhere (``dutyboard task list --json``): move them first."""
    front: list[str] = []
    rest: list[str] = []
    command: str | None = None
    i = 0
    while i < len(argv):
        arg = argv[i]
        name = arg.split("=", 1)[0]
        if command is None and not arg.startswith("-"):
            command = arg
        if arg in GLOBAL_FLAGS:
            front.append(arg)
        elif name in GLOBAL_OPTIONS and name not in OWN_OPTIONS.get(command or "", ()):
            front.append(arg)
            if "=" not in arg and i + 1 < len(argv):
                front.append(argv[i + 1])
                i += 1
        else:
            rest.append(arg)
        i += 1
    return front + rest
