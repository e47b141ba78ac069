"""What Enter and ``R`` open over the board: the whole text behind a row (its detail), a
meeting's service notice from its detail, and the reports screen with the selected meeting
and the focused department as defaults. Loads run in a thread; a refusal is said on the
status line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dutyboard.store.errors import DutyError

from . import rows as R
from .messages import ActionResult, ShowDetail
from .notice import ShowNotice
from .refs import RowRef
from .wording import error_text

if TYPE_CHECKING:
    from .screen import BoardScreen


class Opening:
    def __init__(self, screen: BoardScreen) -> None:
        self.screen = screen

    def detail(self, key: RowRef) -> None:
        self.screen.run_worker(lambda: self._load_detail(key), thread=True, group="read",
                               exit_on_error=False)

    def _load_detail(self, key: RowRef) -> None:
        from .detail import detail_text
        from .notice import notice_meeting
        screen = self.screen
        screen.ctx.resume_site()  # a pooled thread: read at the board's site (store/scope.py)
        try:
            title, body = detail_text(screen.ctx, key, screen.t)
            screen.post_message(ShowDetail(title, body, notice_meeting(key)))
        except DutyError as exc:
            screen.post_message(ActionResult(False, error_text(exc, screen.t)))
        finally:
            screen.ctx.db.close()

    def notice(self, meeting_id: int) -> None:
        self.screen.run_worker(lambda: self._load_notice(meeting_id), thread=True, group="read",
                               exit_on_error=False)

    def _load_notice(self, meeting_id: int) -> None:
        from .notice import load_notice
        screen = self.screen
        screen.ctx.resume_site()
        try:
            screen.post_message(ShowNotice(meeting_id, load_notice(screen.ctx, meeting_id, screen.t.lang)))
        except DutyError as exc:
            screen.post_message(ActionResult(False, error_text(exc, screen.t)))
        finally:
            screen.ctx.db.close()

    def reports(self) -> None:
        from .reports_screen import ReportsScreen
        screen = self.screen
        ref = screen.selected()
        meeting = None
        if ref is not None and ref.entity == "meeting":
            meeting = ref.number
        elif screen.snapshot is not None and (task := R.find_task(screen.snapshot, ref)) is not None:
            meeting = task.meeting_id
        screen.app.push_screen(ReportsScreen(screen.ctx, screen.t, meeting, screen.dept_focus))
