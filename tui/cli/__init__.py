"""``dutyboard``: the headless command line; with no command, the board."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import peewee
from dutyboard.rules import Clock, FrozenClock, SystemClock, parse_instant
from dutyboard.store.context import Context
from dutyboard.store.db import connect, default_url
from dutyboard.store.errors import DutyError, UsageError
from dutyboard.store.identity import os_login

from .access import check_access, is_write
from .commands import HANDLERS
from .parser import build_parser, hoist_globals


def frozen_clock(now: str, tz: str) -> Clock:
    """``--now``: a time without an offset is read in the site's zone."""
    try:
        return FrozenClock(parse_instant(now, tz))
    except ValueError as exc:
        raise UsageError(f"--now: {exc}") from None


BoardRunner = Callable[[Context, str, Any], int]


def main(argv: list[str] | None = None, open_board: BoardRunner | None = None,
         real_login: str | None = None) -> int:
    """Run one command. With no command the board opens through ``open_board`` (given by
    ``dutyboard.tui.entry``), so this package never imports Textual itself. ``real_login``
    stands in for the OS login in tests (default: the process's user id)."""
    try:
        args = build_parser().parse_args(hoist_globals(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:  # argparse: a usage error exits 2 (after the usage line), --help 0
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    try:
        return run(args, open_board, real_login)
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


def run(args: Any, open_board: BoardRunner | None = None, real_login: str | None = None) -> int:
    url = args.db or default_url()
    db = connect(url)
    try:
        real = real_login or os_login()
        ctx = Context(db, SystemClock(), args.login or real, args.rulebook, real_login=real,
                      writes=is_write(args))
        check_access(args, ctx)
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

