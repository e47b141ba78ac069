"""Ticket triage from the board (the service desk): the ticket pane's actions, several
tickets at once, the intake form and emergency notification ticks (the sign-off and
approvals: supervisor.py; stall, callback, classify: casework.py).

A collaborator of ``BoardScreen``: it asks through ``screen.ask`` (an awaited prompt, so a
multi-step action reads top to bottom), and writes through ``screen.write`` (a worker thread).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dutyboard.store import tickets as T

from .picker import department_choices, role_choices

if TYPE_CHECKING:
    from .screen import BoardScreen

YES = ("y", "yes", "是")
FOLLOW_KEYS = {"follow-up": "key.follow", "escalate": "key.escalate"}


class TicketDesk:
    def __init__(self, screen: BoardScreen) -> None:
        self.screen = screen

    def selected_ticket(self) -> int | None:
        """The ticket of the selected row: a ticket, or an escalation about one."""
        ref = self.screen.selected()
        if self.screen.current_pane not in ("tickets", "escalations") or ref is None:
            return None
        return ref.number if ref.entity == "ticket" else None

    def mark(self) -> None:
        screen, t = self.screen, self.screen.t
        ident = self.selected_ticket()
        if ident is None:
            screen.say(t("msg.select_ticket"), ok=False)
            return
        screen.marked ^= {ident}
        screen.say(f"{t('msg.marked')}: {', '.join(f'#{i}' for i in sorted(screen.marked)) or '-'}")
        screen.render_panes({"tickets"})

    async def step(self, action: str) -> None:
        """One ticket action: ask what it needs, step by step, then write it."""
        screen, t, ctx = self.screen, self.screen.t, self.screen.ctx
        ident = self.selected_ticket()
        if ident is None:
            screen.say(t("msg.select_ticket"), ok=False)
            return
        many = sorted(screen.marked) if screen.marked and action in ("dispatch", "follow-up") else [ident]

        def each(fn: Callable[[int], object], label: str) -> Callable[[], str]:
            def run() -> str:
                for number in many:
                    fn(number)
                screen.marked.difference_update(many)
                return f"{', '.join(f'#{n}' for n in many)} {label}"
            return run

        def one(fn: Callable[[], object], label: str) -> Callable[[], str]:
            def run() -> str:
                fn()
                return f"#{ident} {label}"
            return run

        if action == "dispatch":  # a picker labelled in the board's language (工程, Eng)
            if (dept := await screen.pick(t("picker.dispatch"), department_choices(t))) is not None:
                done = f"-> {dept} {t('dept.' + dept)}" if t.lang == "en" else \
                    t("msg.dispatched_to", dept=t(f"dept.{dept}"))
                screen.write(each(lambda n: T.dispatch(ctx, n, dept), done))
        elif action in ("follow-up", "escalate"):
            fn = T.follow_up if action == "follow-up" else T.escalate
            if (note := await screen.ask(t("prompt.note"))) is not None:
                screen.write(each(lambda n: fn(ctx, n, note), f"{t(FOLLOW_KEYS[action])}: {note}"))
        elif action == "resolve":
            result = await screen.ask(t("prompt.result"))
            if result is None:
                return
            signed = await screen.ask(t("prompt.signed"))
            if signed is not None:
                yes = signed.strip().lower() in YES
                screen.write(one(lambda: T.resolve(ctx, ident, result, yes), t("state.resolved")))
        elif action == "close":
            if (who := await screen.ask(t("prompt.approved_by"))) is not None:
                screen.write(one(lambda: T.close(ctx, ident, who.strip() or None), t("key.close")))
        elif action == "unresolvable":
            if (why := await screen.ask(t("prompt.reason"))) is not None:
                screen.write(one(lambda: T.close(ctx, ident, unresolvable=True, reason=why),
                                 t("key.unresolvable")))
        elif action == "reopen":
            if (why := await screen.ask(t("prompt.reason"))) is not None:
                screen.write(one(lambda: T.reopen(ctx, ident, why), t("key.reopen")))
        elif action == "link":
            if (text := await screen.ask(t("prompt.link"))) is not None:
                text = text.strip().lstrip("#")
                other = int(text) if text.isdigit() else None
                screen.write(one(lambda: T.link(ctx, ident, other, None if other else text),
                                 f"{t('key.link')}: {text}"))
        elif action == "notified":  # a picker of the people the rulebook says must be told
            row = screen.snapshot.tickets.get(ident) if screen.snapshot is not None else None
            told = row.fact.notified if row is not None else frozenset()
            roles = tuple(dict.fromkeys((*ctx.book.notify_emergency, *ctx.book.notify_urgent)))
            if (role := await screen.pick(t("picker.notify"), role_choices(t, roles, told))) is not None:
                screen.write(one(lambda: T.notify(ctx, ident, role),
                                 f"{t('key.notified')}: {t('role.' + role)}"))

    async def open_form(self, emergency: bool) -> None:
        """Open the form at once (its choices load in the background) and focus its first
        field before the next key is read, so what the user types lands in the form. The form
        saves by itself, so a failed save keeps what was typed."""
        from .ticket_form import TicketForm
        screen = self.screen
        if screen.readonly:
            screen.say(screen.t("msg.readonly"), ok=False)
            return
        form = TicketForm(screen.t, screen.ctx, self._save, emergency)
        await screen.app.push_screen(form, self._form_done)
        form.focus_first()

    def _save(self, intake: Any) -> str:
        """Runs in the form's worker thread: register, dispatch and the ticks of the emergency
        checklist in one transaction; the status line names the ticket and the department."""
        from dutyboard.store.intake import register
        screen, t = self.screen, self.screen.t
        screen.guard_file()
        try:
            ticket = register(screen.ctx, intake.data, intake.inquiry, intake.dept, intake.told)
        finally:
            screen.poller.wake.set()
        said = f"{t('msg.inquiry' if intake.inquiry else 'msg.registered')} #{ticket.id}"
        if intake.dept:
            said += f", {t('msg.dispatched_to', dept=t(f'dept.{intake.dept}'))}"
        if intake.told:
            said += f"; {t('msg.told')}: {', '.join(t(f'role.{r}') for r in intake.told)}"
        return said

    def _form_done(self, result: str | None) -> None:
        if result is not None:
            self.screen.say(result)
