"""``dutyboard``: the headless command line; with no command, the board."""

from __future__ import annotations

import getpass
import os
import sys

import peewee

from rules import Clock, FrozenClock, SystemClock, parse_instant
from store.context import Context
from store.db import connect, default_url
from store.errors import DutyError, UsageError

from .commands import HANDLERS
from .parser import build_parser, hoist_globals


def frozen_clock(now: str, tz: str) -> Clock:
    """``--now``: a time without an offset is read in the site's zone."""
    try:
        return FrozenClock(parse_instant(now, tz))
    except ValueError as exc:
        raise UsageError(f"--now: {exc}") from None


def default_login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER", "unknown")


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(hoist_globals(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:  # argparse: a usage error exits 2 (after the usage line), --help 0
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    try:
        return run(args)
    except DutyError as exc:
        print(f"dutyboard: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except peewee.DatabaseError as exc:
        print(f"dutyboard: database error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. piped into head
        return 0


def run(args) -> int:  # type: ignore[no-untyped-def]
    url = args.db or default_url()
    db = connect(url)
    try:
        ctx = Context(db, SystemClock(), args.login or default_login(), args.rulebook)
        if args.now:
            ctx.clock = frozen_clock(args.now, ctx.tz)
        if args.command in (None, "board"):
            from tui.board.app import run_board
            return run_board(ctx, url, args)
        HANDLERS[args.command](args, ctx)
        return 0
    finally:
        db.close()

