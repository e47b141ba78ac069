"""``dutyboard``: the headless command line; with no command, the board."""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable
from typing import Any

import peewee
from dutyboard.rules import Clock, FrozenClock, SystemClock, parse_instant
from dutyboard.store.context import Context
from dutyboard.store.db import connect, default_url
from dutyboard.store.errors import DutyError, UsageError

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


BoardRunner = Callable[[Context, str, Any], int]


def main(argv: list[str] | None = None, open_board: BoardRunner | None = None) -> int:
    """Run one command. With no command the board opens through ``open_board`` (given by
    ``dutyboard.tui.entry``), so this package never imports Textual itself."""
    try:
        args = build_parser().parse_args(hoist_globals(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:  # argparse: a usage error exits 2 (after the usage line), --help 0
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    try:
        return run(args, open_board)
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


def run(args: Any, open_board: BoardRunner | None = None) -> int:
    url = args.db or default_url()
    db = connect(url)
    try:
        ctx = Context(db, SystemClock(), args.login or default_login(), args.rulebook)
        if args.now:
            ctx.clock = frozen_clock(args.now, ctx.tz)
        if args.command in (None, "board"):
            if open_board is None:
                raise UsageError("the board is not available from this entry point; run `dutyboard`")
            return open_board(ctx, url, args)
        HANDLERS[args.command](args, ctx)
        return 0
    finally:
        db.close()

