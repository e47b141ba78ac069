"""``dutyboard``: the headless command line; with no command, the board.

No input can break it: every failure is one line on stderr and a documented exit code
(see :mod:`.failures`); a missing SQLite database is created only by ``init`` and ``demo``.
"""

from __future__ import annotations

import os
import sys

from .escape import argv_problem
from .failures import report, say
from .parser import build_parser, hoist_globals

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a tenth of --help)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from dutyboard.rules import Clock
    from dutyboard.store.context import Context
    from dutyboard.store.site_config import SiteConfig

    BoardRunner = Callable[[Context, str, Any], int]

# Only what parsing needs is imported above: `dutyboard --help` and a usage error load no
# Peewee, arrow or driver, nor our store or rules, nor typing or datetime; only the chosen
# command's parser is built (tests/cli/test_cli_start.py, issue 13). A command imports the
# rest in run().

USAGE_EXIT = 2  # store.errors.UsageError.exit_code, without importing the store for --help

CREATING_COMMANDS = ("init", "demo")  # the only commands that may create a database file


def frozen_clock(now: str, tz: str) -> Clock:
    """``--now``: a time without an offset is read in the site's zone."""
    from dutyboard.rules.clock import FrozenClock

    from .inputs import instant
    return FrozenClock(instant(now, tz, "--now"))


def main(argv: list[str] | None = None, open_board: BoardRunner | None = None,
         real_login: str | None = None) -> int:
    """Run one command. With no command the board opens through ``open_board`` (given by
    ``dutyboard.tui.entry``), so this package never imports Textual itself. ``real_login``
    stands in for the OS login in tests (default: the process's user id)."""
    raw = list(sys.argv[1:] if argv is None else argv)
    problem = argv_problem(raw)
    if problem:
        say(problem)
        return USAGE_EXIT
    try:
        args = build_parser().parse_args(hoist_globals(raw))
    except SystemExit as exc:  # argparse: a usage error exits 2 (one line), --help 0
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    opened: list[Context] = []
    try:
        return run(args, open_board, opened, real_login)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. piped into head
        _quiet_stdout()
        return 0
    except Exception as exc:  # noqa: BLE001 - every failure becomes one line and an exit code
        return report(exc, raw, committed=bool(opened and opened[0].committed))


def _quiet_stdout() -> None:
    """After a broken pipe, point stdout at devnull so the interpreter's final flush is silent."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def run(args: Any, open_board: BoardRunner | None = None, opened: list[Context] | None = None,
        real_login: str | None = None) -> int:
    from dutyboard.store.db import default_url, normalize_url
    from dutyboard.store.site_config import load_site_config

    from . import site_commands
    config = load_site_config()
    url = normalize_url(default_url(config.database) if args.db is None else args.db)
    args.readonly = args.readonly or config.readonly
    args.lang = args.lang or config.lang
    args.theme = args.theme or config.theme
    with site_commands.shared_group(args, url):
        return _run_command(args, url, config, open_board, opened, real_login)


def _run_command(args: Any, url: str, config: SiteConfig, open_board: BoardRunner | None,
                 opened: list[Context] | None, real_login: str | None) -> int:
    from dutyboard.rules.clock import SystemClock
    from dutyboard.store.context import Context
    from dutyboard.store.db import connect
    from dutyboard.store.errors import UsageError
    from dutyboard.store.identity import os_login

    from . import site_commands, sites_commands
    from .access import check_access, is_write
    db = connect(url, create=args.command in CREATING_COMMANDS)
    try:
        real = real_login or os_login()
        ctx = Context(db, SystemClock(), args.login or real, args.rulebook, real_login=real,
                      writes=is_write(args), site=args.site_code or config.site,
                      site_required=sites_commands.needs_site(args))
        if opened is not None:
            opened.append(ctx)
        check_access(args, ctx, guests=config.guests)
        if args.now:
            ctx.clock = frozen_clock(args.now, ctx.tz)
        if args.command in (None, "board", "serve"):
            if open_board is None:
                raise UsageError("the board is not available from this entry point; run `dutyboard`")
            return open_board(ctx, url, args)
        if args.command == "config":
            site_commands.cmd_config(args, ctx, config, url)
            return 0
        from . import commands  # the handlers and what they import: not for the board
        commands.HANDLERS[args.command](args, ctx)
        return 0
    finally:
        db.close()
