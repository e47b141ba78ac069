"""Running the board as a process that can be left on a wall for a week.

- It refuses to start without a terminal: over ``ssh host dutyboard`` without ``-t``,
  Textual would start anyway and spin on a closed input.
- It ends within two seconds when its terminal goes away: on SIGHUP, and when the terminal
  hangs up without a signal (the pty's other side closed). Textual's input thread reads
  end-of-file in a busy loop then, which is the "board at 60 % of a core" orphan.
- If it ends on an error it says so: exit status 1, the terminal restored, and the
  traceback written to a log file in the user's state directory, whose name goes to stderr.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import termios
import threading
import time
import traceback
from pathlib import Path
from types import FrameType
from typing import Any

from dutyboard.rules.clock import FrozenClock, ScaledClock
from dutyboard.store import read_ahead
from dutyboard.store.context import Context
from dutyboard.store.db import sqlite_path
from dutyboard.store.errors import UsageError
from dutyboard.store.identity import is_training
from dutyboard.store.site_files import board_presence

TYPE_CHECKING = False   # Textual is imported with the app: not for a start that is refused
if TYPE_CHECKING:
    from textual.app import App

NO_TERMINAL_EXIT = 2
ERROR_EXIT = 1
HANGUP_EXIT = 0          # the person went away: a normal end of the session
HANGUP_GRACE = 1.0       # seconds for a clean shutdown after a hangup, then a hard exit
STATE_DIR_ENV = "DUTYBOARD_STATE_DIR"
CLOCK_RATE_ENV = "DUTYBOARD_CLOCK_RATE"
# leave the alternate screen, show the cursor, stop mouse and focus reports, bracketed paste
RESET_SEQUENCE = "\x1b[?1049l\x1b[?25h\x1b[?1000l\x1b[?1003l\x1b[?1006l\x1b[?1004l\x1b[?2004l"


def state_dir() -> Path:
    """Where crash logs go: ``$DUTYBOARD_STATE_DIR`` or the platform's user state folder."""
    override = os.environ.get(STATE_DIR_ENV)
    if override:
        return Path(override)
    from platformdirs import user_state_dir
    return Path(user_state_dir("dutyboard", appauthor=False))


def terminal_problem() -> str | None:
    """Why the board cannot run here, or None when standard input and output are a terminal."""
    for name, stream in (("standard input", sys.stdin), ("standard output", sys.stdout)):
        try:
            ok = stream is not None and os.isatty(stream.fileno())
        except (AttributeError, OSError, ValueError):
            ok = False
        if not ok:
            return (f"the board needs a terminal, but {name} is not one "
                    "(use `ssh -t`, or run a command such as `dutyboard flags`)")
    return None


class Lifeline:
    """Ends the app when its terminal goes away: SIGHUP, or a hang-up seen by ``poll`` on the
    terminal (POLLHUP needs no read, so it never races Textual's input thread for keys).

    The watcher blocks in ``poll`` (no CPU while the terminal is fine) and a self-pipe wakes it
    on SIGHUP. After a hang-up the app gets ``HANGUP_GRACE`` seconds to shut down cleanly (a
    write in progress commits or rolls back); then the process ends regardless, because a
    shutdown writing to a dead terminal can block.
    """

    def __init__(self, app: App[Any], terminal_fd: int) -> None:
        self.app = app
        self.fd = terminal_fd
        self.hung_up = threading.Event()
        self.reason = ""
        self._stop = threading.Event()
        self._ending = threading.Lock()
        self._ended = False
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_w, False)
        self._previous: Any = None
        self._previous_wakeup: int | None = None
        self._thread = threading.Thread(target=self._watch, name="dutyboard-lifeline", daemon=True)

    def start(self) -> None:
        """From the main thread. Besides the Python handler (which runs only when the main
        thread gets to it: it may be blocked on a slow terminal), the C-level handler writes
        the signal's number to the wake-up pipe, so the watcher sees SIGHUP at once."""
        self._previous = signal.signal(signal.SIGHUP, self._on_sighup)
        try:
            self._previous_wakeup = signal.set_wakeup_fd(self._wake_w, warn_on_full_buffer=False)
        except ValueError:  # not the main thread: the Python handler alone
            self._previous_wakeup = None
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        self._poke()
        if self._previous is not None:
            signal.signal(signal.SIGHUP, self._previous)
        if self._previous_wakeup is not None:
            try:
                signal.set_wakeup_fd(self._previous_wakeup)
            except ValueError:
                pass
        self._thread.join(timeout=1.0)
        for fd in (self._wake_r, self._wake_w):
            try:
                os.close(fd)
            except OSError:
                pass

    def _poke(self) -> None:
        try:
            os.write(self._wake_w, b"x")
        except OSError:
            pass

    def _on_sighup(self, signum: int, frame: FrameType | None) -> None:
        # Python runs this in the main thread between bytecodes, not in the C signal context
        self.reason = self.reason or "SIGHUP"
        self.hung_up.set()
        self._end_after_hangup()
        self._poke()

    def _watch(self) -> None:
        poller = select.poll()
        poller.register(self.fd, 0)  # POLLHUP, POLLERR and POLLNVAL are always reported
        poller.register(self._wake_r, select.POLLIN)
        while not self._stop.is_set() and not self.hung_up.is_set():
            for fd, events in poller.poll(1000):
                if fd == self.fd and events & (select.POLLHUP | select.POLLERR | select.POLLNVAL):
                    self.reason = self.reason or "the terminal hung up"
                    self.hung_up.set()
                elif fd == self._wake_r:
                    try:
                        woken = os.read(self._wake_r, 64)
                    except OSError:
                        woken = b""
                    if signal.SIGHUP in woken:  # the signal numbers the C handler wrote
                        self.reason = self.reason or "SIGHUP"
                        self.hung_up.set()
        if self.hung_up.is_set() and not self._stop.is_set():
            self._end_after_hangup()

    def _end_after_hangup(self) -> None:
        with self._ending:
            if self._ended:
                return
            self._ended = True
        deadline = threading.Timer(HANGUP_GRACE, os._exit, (HANGUP_EXIT,))
        deadline.daemon = True
        deadline.start()
        loop = getattr(self.app, "_loop", None)
        try:
            if loop is not None and not loop.is_closed():
                loop.call_soon_threadsafe(self.app.exit, HANGUP_EXIT)
            else:
                os._exit(HANGUP_EXIT)
        except RuntimeError:  # the loop closed meanwhile: nothing left to shut down cleanly
            os._exit(HANGUP_EXIT)


def write_crash_log(error: BaseException | None, detail: str = "") -> Path | None:
    """The traceback in a new file in the state folder; its path, or None if it cannot be written."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    try:
        folder = state_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"board-crash-{stamp}-{os.getpid()}.log"
        text = "".join(traceback.format_exception(error)) if error is not None else detail
        path.write_text(f"dutyboard board crashed at {time.strftime('%Y-%m-%d %H:%M:%S %z')}\n"
                        f"{text}\n", encoding="utf-8")
        return path
    except OSError:
        return None


def restore_terminal(fd: int, attrs: list[Any] | None) -> None:
    """Put the terminal back as it was before the board (after a crash Textual may not have)."""
    if attrs is not None:
        try:
            termios.tcsetattr(fd, termios.TCSANOW, attrs)
        except termios.error:
            pass
    out = sys.__stdout__
    if out is None:
        return
    try:
        out.write(RESET_SEQUENCE)
        out.flush()
    except (OSError, ValueError):
        pass


def served_in_browser() -> bool:
    """Run by textual-serve (``dutyboard serve``): Textual's web driver, no terminal."""
    return "web_driver" in os.environ.get("TEXTUAL_DRIVER", "")


def refused_without_terminal() -> bool:
    problem = terminal_problem()
    if problem:
        print(f"dutyboard: {problem}", file=sys.stderr)
    return problem is not None


def run_guarded(app: App[Any]) -> int:
    """Run ``app`` on this terminal; the exit status the shell should see."""
    if refused_without_terminal():
        return NO_TERMINAL_EXIT
    fd = sys.stdin.fileno()
    try:
        attrs: list[Any] | None = termios.tcgetattr(fd)
    except termios.error:
        attrs = None
    lifeline = Lifeline(app, fd)
    lifeline.start()
    error: BaseException | None = None
    try:
        app.run()
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - logged below with its traceback
        error = exc
    finally:
        lifeline.close()
    if lifeline.hung_up.is_set():
        # Nobody is watching: end now. A normal interpreter exit (joining worker threads,
        # collecting every object) takes a second or more on a big board.
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(HANGUP_EXIT)
    error = error or getattr(app, "_exception", None)
    status = app.return_code or 0
    if error is None and status == 0:
        return 0
    restore_terminal(fd, attrs)
    log = write_crash_log(error, f"the board ended with status {status}")
    where = f"the traceback is in {log}" if log else f"the crash log could not be written in {state_dir()}"
    print(f"dutyboard: the board stopped on an error; {where}", file=sys.stderr)
    return status or ERROR_EXIT


def run_served(app: App[Any]) -> int:
    """Run ``app`` under textual-serve: no terminal to guard; a crash is logged as on one."""
    try:
        app.run()
    except Exception as exc:  # noqa: BLE001 - logged with its traceback
        write_crash_log(exc, "the served board stopped")
        return ERROR_EXIT
    return app.return_code or 0


def apply_clock_rate(ctx: Context) -> None:
    """``DUTYBOARD_CLOCK_RATE=N`` with ``--now T``: the board's clock starts at T and runs N
    times faster (a soak test lives through a week in a minute). A practice database only:
    on the building's record a fast clock would stamp check-offs with a wrong time."""
    text = os.environ.get(CLOCK_RATE_ENV)
    if not text:
        return
    try:
        rate = float(text)
        if not 0 < rate < 1e7:
            raise ValueError
    except ValueError:
        raise UsageError(f"{CLOCK_RATE_ENV}={text!r}: not a rate between 0 and 10,000,000") from None
    if not isinstance(ctx.clock, FrozenClock):
        raise UsageError(f"{CLOCK_RATE_ENV} needs --now, the instant the clock starts from")
    if not is_training():
        raise UsageError(f"{CLOCK_RATE_ENV} works only on a training database (made by `dutyboard demo`)")
    ctx.clock = ScaledClock(ctx.clock.now(), rate)


def run_board(ctx: Context, url: str, args: Any) -> int:
    from .startup_gc import hold, release
    hold()      # from the imports to the first full board (startup_gc.py)
    try:
        return _run_board(ctx, url, args)
    finally:
        release()


def _run_board(ctx: Context, url: str, args: Any) -> int:
    from .keymap import load_keymap
    keymap = load_keymap()  # a bad keymap is refused first, terminal or not (exit 2)
    web = served_in_browser()
    if web and not args.readonly:   # nobody at a browser can be held to a change
        raise UsageError("a board served to a browser is read-only: run it with --readonly "
                         "(dutyboard serve does)")
    if not web and refused_without_terminal():  # before building the app: no database work
        return NO_TERMINAL_EXIT
    apply_clock_rate(ctx)
    ahead = read_ahead.start(ctx)   # the first read, in a child, while the board's modules load
    try:
        from .app import BoardApp
        app = BoardApp(ctx, lang=args.lang, theme=args.theme, readonly=args.readonly, keymap=keymap,
                       read_ahead=ahead)
        if web:
            with board_presence(sqlite_path(url)):
                return run_served(app)
        with board_presence(sqlite_path(url)):  # `restore` sees this board while it runs
            return run_guarded(app)
    finally:
        if ahead is not None:
            ahead.close()
