"""What the command line says when something goes wrong: one line on stderr, a documented
exit code, and for a true bug a log file holding the traceback (never the traceback itself).

Exit codes: 0 ok, 1 internal error (see the log it names), 2 usage, 3 refused by a rule,
4 not permitted, 5 not found, 6 database unavailable (nothing written).
"""

from __future__ import annotations

import os
import sys

from .escape import one_line

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from pathlib import Path

# `dutyboard --help` and a usage error load this module for say(): what only a failure
# needs (the store's errors, pathlib, datetime) is imported when one is reported.

INTERNAL_ERROR = 1
LOG_ENV = "DUTYBOARD_LOG_DIR"


def say(message: str) -> None:
    """One line on stderr; a closed or broken stderr is ignored."""
    try:
        print(f"dutyboard: {one_line(message)}", file=sys.stderr)
    except (OSError, ValueError):
        pass


def exit_code_for(exc: BaseException) -> tuple[int, str]:
    """The exit code and the message for an error that reached ``main``."""
    from dutyboard.store.errors import DutyError
    if isinstance(exc, DutyError):
        return exc.exit_code, str(exc)
    import peewee  # here, not at the top: `--help` and a bad argument load no Peewee
    from dutyboard.store.db import describe
    if isinstance(exc, peewee.IntegrityError):  # a race lost to another session's write
        return 3, f"refused by the database, nothing written: {describe(exc)}"
    if isinstance(exc, (peewee.OperationalError, peewee.InterfaceError)):
        return 6, f"database unavailable, nothing written: {describe(exc)}"
    if isinstance(exc, peewee.DatabaseError):
        return 6, f"database error, nothing written: {describe(exc)}"
    if isinstance(exc, OverflowError):
        return 2, f"a number or date is out of range: {exc}"
    if isinstance(exc, RecursionError):
        return 2, "input nested too deeply"
    return INTERNAL_ERROR, ""


def log_dir() -> Path:
    from pathlib import Path
    env = os.environ.get(LOG_ENV)
    if env:
        return Path(env)
    from platformdirs import user_state_dir
    return Path(user_state_dir("dutyboard", appauthor=False))


def write_crash_log(exc: BaseException, argv: list[str]) -> Path | None:
    """Append the traceback to the crash log; return its path (None if it cannot be written)."""
    import datetime
    import traceback
    path = log_dir() / "crash.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8", errors="backslashreplace") as fh:
            fh.write(f"--- {datetime.datetime.now().isoformat(timespec='seconds')} "
                     f"dutyboard {' '.join(one_line(a) for a in argv)}\n")
            fh.write("".join(traceback.format_exception(exc)))
    except OSError:
        return None
    return path


def report(exc: BaseException, argv: list[str], committed: bool) -> int:
    """Say what went wrong and return the exit code. After a commit the change stands, so a
    failure while printing the result is a warning and the command still succeeds."""
    code, message = exit_code_for(exc)
    if code == INTERNAL_ERROR:
        path = write_crash_log(exc, argv)
        where = f"the traceback is in {path}" if path else "no log could be written"
        message = f"internal error ({type(exc).__name__}: {exc}); {where}"
    if committed:
        say(f"the change was saved, but showing the result failed: {message}")
        return 0
    say(message)
    return code
