"""What the board's forms share: the booking notice (``booking_form``), the new ticket and the
emergency intake (``ticket_form``).

A form is a modal screen of field rows, each with an error line (beside the field, or under
it where the reasons are long); completion loads in a worker thread and is attached when it
arrives (the form opens at once, and a failure there only loses completion); a save runs in
a worker thread too, one at a time, and a save that fails keeps the form open with everything
typed and says why ("NOT SAVED: database busy", or the rule that refused it), so Enter (or
Ctrl+S) tries again. Esc (or Cancel) closes the form and returns None.

A form names its widgets by prefix (``ID_PREFIX`` + field name, ``ERROR_PREFIX`` + field name
for its error line) and styles its rows by ``CSS_PREFIX`` (``-row``, ``-label``, ``-error``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from dutyboard.store.context import Context
from dutyboard.store.errors import DutyError, Unavailable
from textual import on, work
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label
from textual.worker import Worker, WorkerState

from .i18n import Translator
from .literal import literal
from .wording import failure_text, refusal_text

ResultT = TypeVar("ResultT")


class FormScreen(ModalScreen[ResultT]):
    """The scaffolding of a form; a form gives its fields (``compose``), what it reads for
    completion (``read_choices``/``attach_choices``) and what a save does (``action_save``,
    which ends in ``_run_save``)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save"),
                # priority: in a real terminal the Input otherwise keeps Tab (the pilot does not)
                Binding("tab", "app.focus_next", show=False, priority=True),
                Binding("shift+tab", "app.focus_previous", show=False, priority=True)]
    ID_PREFIX: ClassVar[str] = "f-"            # a field's widget: #f-location
    ERROR_PREFIX: ClassVar[str] = "e-"         # its error line: #e-location
    CSS_PREFIX: ClassVar[str] = "form"         # .form-row, .form-label, .form-error
    LABEL_KEY: ClassVar[str] = "field.{name}"  # a field's label, an i18n key
    ERRORS_UNDER: ClassVar[bool] = False       # the error line under the field (hidden while empty)
    STATUS_ID: ClassVar[str] = "form-status"
    SAVE_ID: ClassVar[str] = "f-save"
    FIRST: ClassVar[str] = "location"          # the field the form opens on

    def __init__(self, t: Translator, ctx: Context, save: Callable[[Any], Any]) -> None:
        super().__init__()
        self.t, self.ctx, self.save = t, ctx, save
        self.saving = False

    def focus_first(self) -> None:
        """Focus the first field now (not after the queued keys, as ``focus()`` would)."""
        self.set_focus(self.query_one(f"#{self.ID_PREFIX}{self.FIRST}", Input))

    # -- fields --------------------------------------------------------------------------------
    def _row(self, name: str, widget: Widget, *extra: Widget, label: str = "") -> Widget:
        """The field's label, its widget (and anything shown beside it), and its error line."""
        p = self.CSS_PREFIX
        error = self._error_line(name)
        row = Horizontal(Label(self.t(label or self.LABEL_KEY.format(name=name)), classes=f"{p}-label"),
                         widget, *extra, *(() if self.ERRORS_UNDER else (error,)), classes=f"{p}-row")
        return FieldWithError(row, error) if self.ERRORS_UNDER else row

    def _error_line(self, name: str) -> Label:
        """Marked ``-empty`` while it says nothing: a form may then give its room to the field
        (the ticket form at 80x24, where the department's placeholder needs it)."""
        return Label("", id=f"{self.ERROR_PREFIX}{name}", classes=f"{self.CSS_PREFIX}-error -empty")

    def _show_error(self, name: str, text: str) -> None:
        """The reason beside (or under) the field; an empty one clears it."""
        try:
            label = self.query_one(f"#{self.ERROR_PREFIX}{name}", Label)
        except Exception:  # noqa: BLE001 - field not on this form (emergency intake)
            return
        label.update(literal(text))
        label.set_class(not text, "-empty")

    def _focus_field(self, name: str) -> None:
        try:
            self.query_one(f"#{self.ID_PREFIX}{name}").focus()
        except Exception:  # noqa: BLE001 - a reason without a widget of its own
            pass

    # -- completion ----------------------------------------------------------------------------
    def read_choices(self) -> Any:
        """What completion offers, read from the database (in a worker thread)."""
        raise NotImplementedError

    def attach_choices(self, choices: Any) -> None:
        """Give the fields what ``read_choices`` read (on the app's thread)."""
        raise NotImplementedError

    @work(thread=True, group="read", exit_on_error=False)
    def _load_choices(self) -> None:
        try:
            choices = self.read_choices()
        finally:
            self.ctx.db.close()
        self.app.call_from_thread(self._attach_choices, choices)

    def _attach_choices(self, choices: Any) -> None:
        if not self.is_attached:  # closed before the choices arrived
            return
        self.attach_choices(choices)

    # -- saving --------------------------------------------------------------------------------
    def action_save(self) -> None:
        raise NotImplementedError

    @work(thread=True, group="write", exit_on_error=False)
    def _run_save(self, data: Any) -> Any:
        try:
            return self.save(data)
        finally:
            self.ctx.db.close()

    @on(Worker.StateChanged)
    def _worker_done(self, event: Worker.StateChanged) -> None:
        if event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        if event.worker.group != "write":
            self.read_done(event)
            return
        self.saving = False
        if event.state == WorkerState.SUCCESS:
            self.dismiss(event.worker.result)
            return
        self._failed(event.worker.error)

    def read_done(self, event: Worker.StateChanged) -> None:
        """A read worker ended. The choices loading needs nothing: optional, a failure there
        only loses completion."""

    def _failed(self, error: BaseException | None) -> None:
        if isinstance(error, DutyError) and not isinstance(error, Unavailable):
            text = refusal_text(error, self.t)
        else:
            reason = failure_text(error, self.t) if error else "?"
            text = f"{self.t('msg.not_saved')}: {reason} - {self.t('msg.retry')}"
        self._say(text, error=True)
        self.app.bell()

    def _say(self, text: str, error: bool = False) -> None:
        self.query_one(f"#{self.STATUS_ID}", Label).update(literal(text, "bold red" if error else ""))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == self.SAVE_ID:
            self.action_save()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class FieldWithError(Vertical):
    """A field's row and, under it, the reason it is refused (hidden while there is none)."""
    DEFAULT_CSS = "FieldWithError { height: auto; }"

    def __init__(self, row: Horizontal, error: Label) -> None:
        super().__init__(row, error)
