"""``meeting notice``, ``meeting import`` and ``meeting export``: the service notice as a
document, and bookings to and from CSV (formats in ``store.meeting_io``, README "Import and
export"). A bad file is refused whole: one line per bad row (its row and column), then a
summary line, and the exit code of README (2 a row that cannot be read, 3 a row refused by a
rule, 4 not permitted, 5 an unknown venue)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dutyboard.rules.text import visible
from dutyboard.store.errors import UsageError

from .failures import say
from .inputs import day, ident, one_line
from .output import emit, show_text

if TYPE_CHECKING:
    from dutyboard.store.context import Context
    from dutyboard.store.models import Person

PROGRESS_FROM = 200           # rows: a smaller file is booked before a bar would show
EXPORT_DAYS = 90              # default length of the export window
EXPORT_ENCODINGS = ("utf-8", "utf-8-sig", "gbk")
IMPORT_COLUMNS = ("id", "start_at", "end_at", "venue", "title")


def add_parsers(meeting: Any) -> None:
    """The three actions, on ``meeting``'s subparsers."""
    mn = meeting.add_parser("notice", help="the service notice for the departments")
    mn.add_argument("id", type=ident)
    mn.add_argument("--format", choices=("md", "html"), default="md")
    mi = meeting.add_parser("import", help="book every row of a CSV file (all or nothing)")
    mi.add_argument("file", help="CSV with a header row (README: Import and export); - for stdin")
    mi.add_argument("--encoding", choices=("utf-8", "gbk"),
                    help="the file's encoding (default: UTF-8, else GBK)")
    me = meeting.add_parser("export", help="bookings as CSV, the format import reads")
    me.add_argument("file", nargs="?", help="write here (default: standard output)")
    me.add_argument("--from", dest="from_day", help="first day, YYYY-MM-DD (default today)")
    me.add_argument("--to", dest="to_day", help=f"last day, YYYY-MM-DD (default {EXPORT_DAYS} "
                                                "days on from --from)")
    me.add_argument("--headers", choices=("en", "zh"), default="en", help="header language")
    me.add_argument("--encoding", choices=EXPORT_ENCODINGS,
                    help="default utf-8-sig (UTF-8 with a BOM, for Excel and WPS) into a file, "
                         "utf-8 to standard output")


def _viewer(ctx: Context) -> Person | None:
    from dutyboard.store.models import Person
    return Person.get_or_none(Person.login == ctx.login)


def cmd_notice(args: argparse.Namespace, ctx: Context) -> None:
    from dutyboard.rules.notice import notice_dict, notice_html, notice_markdown
    from dutyboard.store.notice import service_notice
    notice = service_notice(args.id, ctx.book, _viewer(ctx))
    if args.json:
        emit(args, notice_dict(notice))
        return
    lang = args.lang or "en"
    show_text(notice_html(notice, lang) if args.format == "html" else notice_markdown(notice, lang))


# -- import ------------------------------------------------------------------------------------

def _read(path: str) -> bytes:
    from dutyboard.store import meeting_io
    if path == "-":
        return sys.stdin.buffer.read(meeting_io.MAX_FILE_BYTES + 1)
    try:
        with open(path, "rb") as handle:
            return handle.read(meeting_io.MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None


@contextmanager
def _progress(total: int) -> Iterator[Callable[[int], None] | None]:
    """A bar on the terminal while a large file is booked; nothing when stderr is not a
    terminal (a script, a log) or the file is small."""
    if total < PROGRESS_FROM or not _is_tty(sys.stderr):
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("booking"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("booking", total=total)
        yield lambda done: bar.update(task, completed=done)


def _is_tty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def cmd_import(args: argparse.Namespace, ctx: Context) -> None:
    from dutyboard.store import meeting_io
    from dutyboard.store.views import meeting_view
    source = one_line(args.file if args.file != "-" else "(stdin)")
    ctx.require("meeting.add")  # not permitted says so before any row is read (exit 4)
    try:
        text = meeting_io.decode(_read(args.file), source, args.encoding)
        rows = meeting_io.read_file(text, ctx.tz, source)
        if not rows:
            raise UsageError(f"{source}: no bookings in the file (only a header row)")
        with _progress(len(rows)) as progress:
            made = meeting_io.import_meetings(ctx, rows, source, progress)
    except meeting_io.ImportRefused as exc:
        for line in exc.lines(source):
            say(line)
        raise
    me = _viewer(ctx)
    emit(args, [meeting_view(m, ctx.book, me) for m in made], IMPORT_COLUMNS)


# -- export ------------------------------------------------------------------------------------

def cmd_export(args: argparse.Namespace, ctx: Context) -> None:
    from dutyboard.store import meeting_io
    cal = ctx.book.calendar
    first = day(args.from_day, "--from") if args.from_day else cal.today(ctx.now())
    last = day(args.to_day, "--to") if args.to_day else None
    lo, _ = cal.day_bounds(first)
    if last is None:
        hi = lo.shift(days=EXPORT_DAYS)
    elif last < first:
        raise UsageError(f"--to {last} is before --from {first}")
    else:
        _, hi = cal.day_bounds(last)
    rows, masked = meeting_io.export_meetings(lo, hi, ctx.tz, _viewer(ctx), args.headers)
    text = meeting_io.csv_text(rows)
    encoding = args.encoding or ("utf-8-sig" if args.file else "utf-8")
    data = meeting_io.encode(text, rows, encoding)
    if masked:
        say(f"warning: {masked} confidential booking{'s' if masked != 1 else ''} masked "
            "(you are not cleared for them); import refuses those rows")
    if args.file:
        _write_file(args.file, data)
        emit(args, {"file": args.file, "bookings": len(rows) - 1, "masked": masked,
                    "from": first.isoformat(),
                    "to": (last or hi.shift(days=-1).to(ctx.tz).date()).isoformat()})
        return
    if _is_tty(sys.stdout):  # a person reading: user text must not steer the terminal
        print(visible(text, keep_newlines=True), end="")
        return
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
    else:
        sys.stdout.flush()
        buffer.write(data)
        buffer.flush()


def _write_file(path: str, data: bytes) -> None:
    """Write the whole file or nothing: a temporary file beside it, then renamed over it."""
    target = Path(path)
    try:
        import tempfile
        handle, temp = tempfile.mkstemp(prefix=".dutyboard-export-", dir=target.parent or ".")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


HANDLERS: dict[str, Callable[[argparse.Namespace, Context], None]] = {
    "notice": cmd_notice, "import": cmd_import, "export": cmd_export,
}
