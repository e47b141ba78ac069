"""What narrows the board: each pane's filter and the department focus (``d``). Both are
always visible (the header, the pane's border), a pane they leave empty says "no rows
match", and Esc clears both. A department lead's board opens on their own department."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import rows as R
from .literal import literal, shown
from .picker import department_choices

if TYPE_CHECKING:
    from .screen import BoardScreen

PANES = ("venues", "tasks", "tickets", "escalations")
FOCUSED_PANES = ("tasks", "tickets")  # the panes a department focus narrows


class Focus:
    def __init__(self, screen: BoardScreen) -> None:
        self.screen = screen
        self.opened = False   # a lead's board opened on their department (once)

    async def filter(self) -> None:
        screen = self.screen
        table = screen.table(screen.current_pane)
        value = await screen.ask(screen.t("prompt.filter"), table.filter_text)
        table.filter_text = (value or "").strip()
        table.refilter()      # over every row the table holds, shown or not
        screen.show_filters()
        screen.update_header()

    async def pick_dept(self) -> None:
        screen = self.screen
        choice = await screen.pick(screen.t("picker.dept"), department_choices(screen.t, everything=True),
                                   screen.dept_focus or "")
        if choice is not None:
            self.focus_dept(choice or None)

    def focus_dept(self, dept: str | None) -> None:
        self.screen.dept_focus = dept
        self.screen.render_panes({"tasks", "tickets"})

    def clear(self) -> None:
        """Esc: no filter on any pane, no department focus."""
        screen = self.screen
        tables = [screen.table(name) for name in PANES]
        if screen.dept_focus is None and not any(t.filter_text for t in tables):
            return
        for table in tables:
            table.filter_text = ""
        screen.dept_focus = None
        screen.render_panes()
        screen.say(screen.t("msg.cleared"))

    def open_on_own_department(self) -> bool:
        """A department lead's board opens on their department (the first snapshot that says
        who they are); Esc or d then shows any other."""
        screen = self.screen
        viewer = screen.snapshot.site.viewer if screen.snapshot is not None else None
        if self.opened or viewer is None:
            return False
        self.opened = True
        if viewer.role != "lead" or not viewer.depts or screen.dept_focus is not None:
            return False
        screen.dept_focus = next(d for d in R.DEPT_ORDER if d in viewer.depts)
        return True

    def in_focus(self, rows: R.Rows) -> R.Rows:
        """The tickets of the focused department (dispatched to it)."""
        snap, dept = self.screen.snapshot, self.screen.dept_focus
        if dept is None or snap is None:
            return rows
        return [row for row in rows if (ticket := snap.tickets.get(row[0].number)) is not None
                and ticket.dept == dept]

    def show(self) -> None:
        """Each pane's border says what narrows it; a pane left empty by it says "no rows match"."""
        screen = self.screen
        for name in PANES:
            table = screen.table(name)
            notes = []
            if screen.dept_focus and name in FOCUSED_PANES:
                notes.append(screen.t("pane.focus", dept=screen.t(f"dept.{screen.dept_focus}")))
            if table.filter_text:
                notes.append(screen.t("pane.filter", text=shown(table.filter_text)))
            pane = screen.query_one(f"#pane-{name}")
            text = "  ".join(notes)
            if screen.pane_notes.get(name, "") != text:
                screen.pane_notes[name] = text
                pane.border_subtitle = literal(text) if text else None
            pane.set_class(bool(notes) and not table.keys, "-no-match")
