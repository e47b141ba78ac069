"""Readiness steps on the board (issue 11): check off and verify after a confirmation naming
the item, undo *my* last readiness action after naming it (item, meeting, action), and revoke a
wrong verification with a reason. Each is an async worker on the main screen: it reads what
it will name in a thread (``screen.read``), asks (``screen.choose``), then writes with the
version it showed (``screen.write``), so a change made meanwhile is refused, never overwritten.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import rows as R
from .confirm import confirm
from .fmt import local_hm
from .wording import unmask

if TYPE_CHECKING:
    from dutyboard.store.board import TaskRow
    from dutyboard.store.tasks import LastAction

    from .screen import BoardScreen


class Readiness:
    def __init__(self, screen: BoardScreen) -> None:
        self.screen = screen

    def selected_task(self) -> TaskRow | None:
        screen = self.screen
        if screen.snapshot is None or screen.current_pane != "tasks":
            return None
        return R.find_task(screen.snapshot, screen.selected())

    def _title(self, title: str, title_zh: str) -> str:
        return title_zh if self.screen.t.lang == "zh" and title_zh else title

    def _hm(self, iso_text: str | None) -> str:
        """"HH:MM" of an ISO time from a store view (already in the site zone)."""
        return iso_text[11:16] if iso_text else "-"

    def item_lines(self, d: dict[str, Any]) -> list[str]:
        """The item as a confirmation names it: number and title, department, meeting."""
        t = self.screen.t
        lines = [t("task.item", id=d["id"], title=self._title(d["title"], d["title_zh"])),
                 t("task.dept", dept=t(f"dept.{d['dept']}")),
                 t("task.meeting", meeting=d["meeting"], venue=d["venue"],
                   time=d["meeting_start"][:16].replace("T", " "))]
        if d.get("done_by"):
            lines.append(t("task.reported", who=d["done_by"], time=self._hm(d["done_at"])))
        if d.get("verified_by"):
            lines.append(t("task.verified_by", who=d["verified_by"], time=self._hm(d["verified_at"])))
        return lines

    # -- space: check off, after naming the item ------------------------------------------
    def check_lines(self, task: TaskRow) -> list[str]:
        """The item as the board shows it: what, which department, which meeting, due when."""
        t, tz = self.screen.t, self.screen.ctx.tz
        return [t("task.item", id=task.id, title=self._title(task.title, task.title_zh)),
                t("task.dept", dept=t(f"dept.{task.dept}")),
                t("task.meeting", meeting=unmask(task.meeting_title, t) or "-", venue=task.venue,
                  time=task.meeting_start.to(tz).format("YYYY-MM-DD HH:mm")),
                t("task.due", time=local_hm(task.due, tz))]

    async def check_off(self) -> None:
        """The confirmation names the row as the board shows it, and the write carries that
        row's version: a change made meanwhile (by another session) is refused."""
        screen, t = self.screen, self.screen.t
        task = self.selected_task()
        if task is None:
            screen.say(t("msg.select_task"), ok=False)
            return
        if not screen.writable():
            return
        if not await screen.confirmed(confirm(t, t("check.title"), self.check_lines(task), t("check.yes"))):
            return
        self._change(task.id, "done", task.version, "msg.done",
                     {"title": task.title, "title_zh": task.title_zh})

    # -- v: verify, after naming the item ------------------------------------------------
    async def verify(self) -> None:
        screen, t = self.screen, self.screen.t
        task = self.selected_task()
        if task is None:
            screen.say(t("msg.select_task"), ok=False)
            return
        if not screen.writable():
            return
        from dutyboard.store.confirmations import task_details
        details = await screen.read(lambda: task_details(screen.ctx, task.id))
        if details is None:
            return
        dialog = confirm(t, t("verify.title"), self.item_lines(details), t("verify.yes"))
        if not await screen.confirmed(dialog):
            return
        self._change(task.id, "verify", details["version"], "msg.verified", details)

    # -- u: undo my last readiness action, after naming it -----------------------------------
    async def undo(self) -> None:
        screen, t = self.screen, self.screen.t
        if not screen.writable():
            return
        from dutyboard.store.tasks import last_action_by
        found = await screen.read(lambda: [last_action_by(screen.ctx)])  # None: the read failed
        if found is None:
            return
        last = found[0]
        if last is None:
            screen.say(t("msg.nothing_undo"))
            return
        if not await screen.confirmed(confirm(t, t("undo.title"), self.undo_lines(last), t("undo.yes"))):
            return
        task = last.task
        if last.action == "done":
            self._change(task.id, "undo", task.version, "msg.undone",
                         {"id": task.id, "title": task.title, "title_zh": task.title_zh})
        else:
            self._change(task.id, "unverify", task.version, "msg.unverified",
                         {"id": task.id, "title": task.title, "title_zh": task.title_zh},
                         reason=t("undo.reason"))

    def undo_lines(self, last: LastAction) -> list[str]:
        t, tz = self.screen.t, self.screen.ctx.tz
        task = last.task
        return [t(f"undo.action.{last.action}", time=local_hm(last.at, tz)),
                t("task.item", id=task.id, title=self._title(task.title, task.title_zh)),
                t("task.dept", dept=t(f"dept.{task.dept}")),
                t("task.meeting", meeting=last.meeting, venue=last.venue,
                  time=local_hm(last.meeting_start, tz))]

    # -- V: revoke a wrong verification, with the reason ---------------------------------------
    async def unverify(self) -> None:
        screen, t = self.screen, self.screen.t
        if not screen.writable():
            return
        selected = self.selected_task()
        ident = await screen.ask_number(t("unverify.prompt"), selected.id if selected else None)
        if ident is None:
            return
        from dutyboard.store.confirmations import task_details
        details = await screen.read(lambda: task_details(screen.ctx, ident))
        if details is None:
            return
        reason = await screen.ask(t("unverify.reason"))
        if reason is None:
            return
        lines = [*self.item_lines(details), t("revoke.reason", reason=reason.strip())]
        if not await screen.confirmed(confirm(t, t("unverify.title"), lines, t("unverify.yes"))):
            return
        self._change(ident, "unverify", details["version"], "msg.unverified", details, reason=reason)

    def _change(self, ident: int, action: str, version: int, done_key: str, d: dict[str, Any],
                reason: str = "") -> None:
        screen = self.screen
        from dutyboard.store.tasks import change_task
        title = self._title(d["title"], d.get("title_zh", ""))

        def run() -> str:
            change_task(screen.ctx, ident, action, expected_version=version, reason=reason)
            return f"{screen.t(done_key)}: #{ident} {title}"
        screen.write(run)
