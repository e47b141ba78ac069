"""Shift handover on the board (issue 11): ``H`` writes a note for the next shift; the notes
another person left and nobody has acknowledged are shown to whoever opens the board next,
until they acknowledge them (Enter). Esc puts them off: they are shown again at the next
opening. A read-only board (a wall screen nobody drives) does not show them.

A collaborator of ``BoardScreen``: it reads in a worker thread and writes through
``screen.write`` (audited store writes, ``store.handover``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from dutyboard.store import handover as store
from dutyboard.store.timeutil import from_db
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from .i18n import Translator
from .literal import literal

if TYPE_CHECKING:
    from .screen import BoardScreen


@dataclass(frozen=True)
class Note:
    id: int
    when: str     # local time, as shown
    writer: str   # name (login)
    text: str


class HandoverWriteScreen(ModalScreen[str | None]):
    """The note for the next shift: several lines; Ctrl+S saves, Esc cancels."""
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def __init__(self, t: Translator) -> None:
        super().__init__()
        self.t = t

    # Textual's TextArea (and its document model) is imported when the note is first written,
    # not before the board's first full screen (issue 13)
    def compose(self) -> ComposeResult:
        from textual.widgets import TextArea
        with VerticalScroll(id="handover-box", classes="modal-box"):
            yield Label(self.t("handover.write_title"), classes="modal-title")
            yield TextArea(id="handover-input", soft_wrap=True, show_line_numbers=False)
            yield Label("", id="handover-error", classes="form-error")
            yield Label(self.t("handover.write_hint"), classes="modal-hint")

    def on_mount(self) -> None:
        from textual.widgets import TextArea
        self.query_one("#handover-input", TextArea).focus()

    def action_save(self) -> None:
        from textual.widgets import TextArea
        text = self.query_one("#handover-input", TextArea).text
        if not text.strip():
            self.query_one("#handover-error", Label).update(self.t("handover.empty"))
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class HandoverShowScreen(ModalScreen[bool]):
    """The notes left for this shift; Enter acknowledges them (True), Esc puts them off."""
    BINDINGS = [Binding("enter", "ack", "Acknowledge"), Binding("escape", "later", "Later")]

    def __init__(self, t: Translator, notes: list[Note]) -> None:
        super().__init__()
        self.t, self.notes = t, notes

    def compose(self) -> ComposeResult:
        with Vertical(id="handover-box", classes="modal-box"):   # title and hint stay in view
            yield Label(self.t("handover.show_title"), classes="modal-title")
            with VerticalScroll(classes="modal-scroll"):
                for note in self.notes:  # user text: never markup
                    yield Label(literal(f"{note.when}  {note.writer}", "bold"), classes="handover-head")
                    yield Static(literal(note.text, multiline=True), classes="handover-text")
            yield Label(self.t("handover.show_hint"), classes="modal-hint")

    def action_ack(self) -> None:
        self.dismiss(True)

    def action_later(self) -> None:
        self.dismiss(False)


class ShiftHandover:
    def __init__(self, screen: BoardScreen) -> None:
        self.screen = screen
        self.waiting: list[Note] = []   # read, not yet shown (another dialog was open)

    # -- the notes left for this shift ---------------------------------------------------
    def check_on_open(self) -> None:
        if not self.screen.readonly:
            self.screen.run_worker(self._read_pending, thread=True, group="read", exit_on_error=False)

    def _read_pending(self) -> None:
        screen = self.screen
        screen.ctx.resume_site()  # a pooled thread: read at the board's site (store/scope.py)
        try:
            tz = screen.ctx.tz
            notes = [Note(n.id, from_db(n.written_at).to(tz).format("MM-DD HH:mm"),
                          f"{n.written_by.name} ({n.written_by.login})", n.text)
                     for n in store.pending_for(screen.ctx.login)]
        finally:
            screen.ctx.db.close()
        if notes:
            screen.app.call_from_thread(self._arrived, notes)

    def _arrived(self, notes: list[Note]) -> None:
        self.waiting = notes
        self.show_if_due()

    def show_if_due(self) -> None:
        """Show the notes read once the board is the screen in front (not over a form the
        user is typing into); called again whenever the board comes back to the front."""
        screen = self.screen
        if not self.waiting or screen.app.screen is not screen:
            return
        notes, self.waiting = self.waiting, []
        screen.app.push_screen(HandoverShowScreen(screen.t, notes),
                               lambda ack: self._shown(notes, bool(ack)))

    def _shown(self, notes: list[Note], ack: bool) -> None:
        screen, t = self.screen, self.screen.t
        if not ack:
            screen.say(t("handover.later"))
            return
        ids = [n.id for n in notes]

        def run() -> str:
            store.acknowledge(screen.ctx, ids)
            return t("handover.acked", n=len(ids))
        screen.write(run)

    # -- the note for the next shift -----------------------------------------------------
    def write_note(self) -> None:
        screen = self.screen
        if screen.readonly:
            screen.say(screen.t("msg.readonly"), ok=False)
            return
        screen.app.push_screen(HandoverWriteScreen(screen.t), self._written)

    def _written(self, text: str | None) -> None:
        if text is None:
            return
        screen = self.screen

        def run() -> str:
            row = store.write_note(screen.ctx, text)
            return screen.t("handover.written", n=row.id)
        screen.write(run)
