"""The service notice on the board: from a meeting's detail, the notice key (``n``, "service
notice" in keys.py) shows the notice the desk sends the departments, masked for a viewer
who is not cleared (the store's ``service_notice``), in the board's language. The notice is
read in a worker thread; its text is user text, shown literally (never markup)."""

from __future__ import annotations

from dutyboard.rules.notice import notice_text
from dutyboard.store.context import Context
from dutyboard.store.models import Person, Task
from dutyboard.store.notice import service_notice
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from .i18n import Translator
from .literal import literal
from .refs import RowRef
from .wording import notice_words


class ShowNotice(Message):
    def __init__(self, meeting_id: int, text: str) -> None:
        super().__init__()
        self.meeting_id, self.text = meeting_id, text


def notice_meeting(key: RowRef) -> int | None:
    """The meeting whose notice a detail row can show: the meeting itself, or a task's
    meeting; None for a ticket or a day. Reads the database (worker thread)."""
    key = key.subject
    if key.entity == "meeting":
        return key.number
    if key.entity == "task":
        task = Task.get_or_none(Task.id == key.number)
        return task.meeting_id if task is not None else None
    return None


def load_notice(ctx: Context, meeting_id: int, lang: str) -> str:
    """The notice as plain text for the viewer (NotFound if the meeting is gone)."""
    viewer = Person.get_or_none(Person.login == ctx.login)
    return notice_text(notice_words(service_notice(meeting_id, ctx.book, viewer), Translator(lang)), lang)


class NoticeScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q", "dismiss", "Close")]

    def __init__(self, t: Translator, meeting_id: int, text: str) -> None:
        super().__init__()
        self.t, self.meeting_id, self.text = t, meeting_id, text

    def compose(self) -> ComposeResult:
        with Vertical(id="notice-box", classes="modal-box"):  # user text: never markup
            yield Label(self.t("notice.title", id=self.meeting_id), classes="modal-title")
            with VerticalScroll(classes="modal-scroll"):
                yield Static(literal(self.text, multiline=True), id="notice-body")
            yield Label(self.t("notice.close"), classes="modal-hint")
