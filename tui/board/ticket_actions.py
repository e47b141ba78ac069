"""Ticket triage from the board: the ticket pane's actions, several tickets at once, the
intake form, emergency notification ticks and the supervisor's sign-off. A mixin of the
board app: every write goes through ``self.write`` (a worker thread)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import work


class TicketActions:
    """Mixed into BoardApp; relies on its ``ctx``, ``t``, ``write``, ``ask``, ``say``,
    ``table``, ``current_pane``, ``marked`` and ``render_panes``."""

    def selected_ticket(self) -> int | None:
        if self.current_pane == "tickets":
            key = self.table("tickets").selected_key
        elif self.current_pane == "escalations" and (key := self.table("escalations").selected_key):
            entity, _, ident = key.partition(":")[2].partition(":")
            key = f"k{ident}" if entity == "ticket" else None
        else:
            key = None
        return int(key[1:]) if key else None

    def action_mark(self) -> None:
        ident = self.selected_ticket()
        if ident is None:
            self.say(self.t("msg.select_ticket"), ok=False)
            return
        self.marked ^= {ident}
        self.say(f"{self.t('msg.marked')}: {', '.join(f'#{i}' for i in sorted(self.marked)) or '-'}")
        self.render_panes({"tickets"})

    def action_ticket(self, action: str) -> None:
        ident = self.selected_ticket()
        if ident is None:
            self.say(self.t("msg.select_ticket"), ok=False)
            return
        from dutyboard.store import tickets as T
        t = self.t
        many = sorted(self.marked) if self.marked and action in ("dispatch", "follow-up") else [ident]

        def each(fn: Callable[[int], object], label: str) -> Callable[[], str]:
            def run() -> str:
                for number in many:
                    fn(number)
                self.marked.difference_update(many)
                return f"{', '.join(f'#{n}' for n in many)} {label}"
            return run
        if action == "dispatch":
            self.ask(t("prompt.dept"), lambda dept: self.write(
                each(lambda n: T.dispatch(self.ctx, n, dept.strip()), f"-> {dept}")))
        elif action in ("follow-up", "escalate"):
            fn = T.follow_up if action == "follow-up" else T.escalate
            self.ask(t("prompt.note"), lambda note: self.write(
                each(lambda n: fn(self.ctx, n, note), f"{action}: {note}")))
        elif action == "resolve":
            def got_result(result: str) -> None:
                self.ask(t("prompt.signed"), lambda yes: self.write(
                    lambda: (T.resolve(self.ctx, ident, result, yes.strip().lower() in ("y", "yes", "是")),
                             f"#{ident} {t('state.resolved')}")[1]))
            self.ask(t("prompt.result"), got_result)
        elif action == "close":
            self.ask(t("prompt.approved_by"), lambda who: self.write(
                lambda: (T.close(self.ctx, ident, who.strip() or None), f"#{ident} {t('key.close')}")[1]))
        elif action == "unresolvable":
            self.ask(t("prompt.reason"), lambda why: self.write(
                lambda: (T.close(self.ctx, ident, unresolvable=True, reason=why),
                         f"#{ident} {t('key.unresolvable')}")[1]))
        elif action == "reopen":
            self.ask(t("prompt.reason"), lambda why: self.write(
                lambda: (T.reopen(self.ctx, ident, why), f"#{ident} {t('key.reopen')}")[1]))
        elif action == "link":
            def link(text: str) -> None:
                text = text.strip().lstrip("#")
                other = int(text) if text.isdigit() else None
                self.write(lambda: (T.link(self.ctx, ident, other, None if other else text),
                                    f"#{ident} {t('key.link')}: {text}")[1])
            self.ask(t("prompt.link"), link)

    def action_notify(self) -> None:
        ident = self.selected_ticket()
        if ident is None:
            self.say(self.t("msg.select_ticket"), ok=False)
            return
        from dutyboard.store import tickets as T
        self.ask(self.t("prompt.notify"), lambda role: self.write(
            lambda: (T.notify(self.ctx, ident, role.strip()), f"#{ident} {role}")[1]))

    def action_signoff(self) -> None:
        from dutyboard.store.oversight import sign_off

        def run() -> str:
            row = sign_off(self.ctx)
            return f"{self.t('msg.signed')}: {row.day.isoformat()}"
        self.write(run)

    def action_new_ticket(self) -> None:
        self._open_form(False)

    def action_emergency(self) -> None:
        self._open_form(True)

    @work(thread=True, group="read")
    def _open_form(self, emergency: bool) -> None:
        from dutyboard.store.tickets import known_contacts, known_locations
        try:
            places, people = known_locations(), known_contacts()
        finally:
            self.ctx.db.close()
        self.call_from_thread(self._show_form, emergency, places, people)

    def _show_form(self, emergency: bool, places: list[str], people: list[str]) -> None:
        from .ticket_form import TicketForm

        def done(result: Any) -> None:
            if result is None:
                return
            data, inquiry = result
            from dutyboard.store.tickets import open_ticket

            def run() -> str:
                ticket = open_ticket(self.ctx, data, inquiry=inquiry)
                key = "msg.inquiry" if inquiry else "msg.registered"
                return f"{self.t(key)} #{ticket.id}"
            self.write(run)
        self.push_screen(TicketForm(self.t, places, people, emergency), done)
