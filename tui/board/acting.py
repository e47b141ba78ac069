"""How the board's screen acts on the store without ever freezing or ending: writes run in
worker threads and come back as messages; a multi-step action (read what it will name,
confirm, write) runs as one prompt worker; a refusal or a database failure is said on the
status line, in the board's language, and nothing ends the board."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import peewee
from dutyboard.store.context import Context
from dutyboard.store.errors import DutyError, Unavailable
from dutyboard.store.scope import bound
from textual import on, work
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from .confirm import ChoiceScreen
from .i18n import Translator
from .literal import literal, shown
from .messages import ActionResult
from .picker import Choice, PickerScreen
from .poller import Poller
from .wording import error_text, failure_text, refusal_text

T = TypeVar("T")


class ActingScreen(Screen[None]):
    """The main screen's base: say, ask, pick, choose, read and write."""

    ctx: Context
    t: Translator
    poller: Poller
    readonly: bool
    status_text: str

    def say(self, text: str, ok: bool = True) -> None:
        """The status line. ``text`` often holds user text (a title, a note): never markup."""
        self.status_text = shown(text)
        self.query_one("#status", Static).update(literal(text, "" if ok else "bold red"))

    # -- writes (worker threads) -----------------------------------------------------------
    def write(self, fn: Callable[[], str]) -> None:
        """Run one store call in a worker thread; its result comes back as ActionResult."""
        if self.readonly:
            self.say(self.t("msg.readonly"), ok=False)
            return
        self._run_write(fn)

    def guard_file(self) -> None:
        """Before a write: a SQLite file renamed or replaced under the board is not written to
        (SQLite would create an empty file at the path); the failure says why."""
        if self.poller.file is not None:
            self.poller.file.check()

    @work(thread=True, group="write", exit_on_error=False)
    def _run_write(self, fn: Callable[[], str]) -> None:
        """A database failure is not caught here: the worker ends in ERROR and
        :meth:`worker_failed` says "not saved" and why; the board carries on."""
        try:
            self.guard_file()
            self.post_message(ActionResult(True, fn()))
        except Unavailable:
            raise  # busy past the wait, read-only, disk full: "not saved", by worker_failed
        except DutyError as exc:   # refused or not permitted: in the board's language
            self.post_message(ActionResult(False, refusal_text(exc, self.t)))
        finally:
            self.poller.wake.set()
            self.ctx.db.close()

    @on(Worker.StateChanged)
    def worker_failed(self, event: Worker.StateChanged) -> None:
        """The one place a failed worker is reported: no worker can end the board."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        reason = failure_text(error, self.t) if error is not None else "?"
        key = {"write": "msg.not_saved", "read": "msg.not_loaded"}.get(event.worker.group, "msg.not_saved")
        self.say(self.t("msg.why", what=self.t(key), why=reason), ok=False)
        self.app.bell()

    @on(ActionResult)
    def action_result(self, message: ActionResult) -> None:
        self.say(message.text, message.ok)
        if not message.ok:
            self.app.bell()

    # -- confirmations (confirm.py): ask, read, choose ------------------------------------------
    async def ask(self, question: str, value: str = "") -> str | None:
        """One line from the user (None on Esc); call from an async worker."""
        from .dialogs import PromptScreen
        return await self.app.push_screen_wait(PromptScreen(question, value))

    async def pick(self, title: str, choices: list[Choice], current: str | None = None) -> str | None:
        """One of ``choices`` from a picker (None on Esc); call from an async worker."""
        return await self.app.push_screen_wait(PickerScreen(self.t, title, choices, current))

    def run_steps(self, steps: Coroutine[Any, Any, None]) -> None:
        """A multi-step action (read, confirm, write) as one prompt worker."""
        self.run_worker(steps, group="prompt", exclusive=True, exit_on_error=False)

    def writable(self) -> bool:
        """Said before any dialog opens: a read-only board asks nothing it cannot write."""
        if self.readonly:
            self.say(self.t("msg.readonly"), ok=False)
        return not self.readonly

    async def read(self, fn: Callable[[], T]) -> T | None:
        """One store read in a thread, from a prompt worker: what a confirmation will name.
        A refusal or a database failure is said on the status line and gives None."""
        def run() -> T:
            try:
                self.guard_file()
                with bound(self.ctx):  # at the board's site, whichever thread runs it
                    return fn()
            finally:
                self.ctx.db.close()
        try:
            return await asyncio.to_thread(run)
        except DutyError as exc:
            self.say(error_text(exc, self.t), ok=False)
        except peewee.PeeweeException as exc:
            why = failure_text(exc, self.t)
            self.say(self.t("msg.why", what=self.t("msg.not_loaded"), why=why), ok=False)
        return None

    async def choose(self, dialog: ChoiceScreen) -> Any:
        """The answer of a confirmation (None on Esc)."""
        return await self.app.push_screen_wait(dialog)

    async def ask_number(self, question: str, offered: int | None = None) -> int | None:
        """A record's number (``#12`` or ``12``), the selected one offered; None on Esc or when
        what was typed is not a number (said on the status line)."""
        text = await self.ask(question, str(offered) if offered is not None else "")
        if text is None:
            return None
        text = text.strip().lstrip("#")
        if not text.isdigit():
            self.say(self.t("msg.bad_number", text=text), ok=False)
            return None
        return int(text)

    async def confirmed(self, dialog: ChoiceScreen) -> bool:
        """A yes/no confirmation's answer; a cancel says so ("nothing changed")."""
        if await self.choose(dialog):
            return True
        self.say(self.t("confirm.cancelled"))
        return False
