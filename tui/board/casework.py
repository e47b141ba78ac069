"""The later steps of a case on the board (issue 10): set it apart as stalled (with the
reason), record the callback after a repair (satisfied with the result? with the repairer's
manner? as answers on keys, not a typed "yes"), and re-classify a communicative complaint as
valid (confirmed, with why). The store's rules decide what is allowed; refusals come back on
the status line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .confirm import confirm, yes_no
from .supervisor import ticket_lines

if TYPE_CHECKING:
    from .screen import BoardScreen


class Casework:
    def __init__(self, screen: BoardScreen) -> None:
        self.screen = screen

    async def step(self, action: str, selected: int | None) -> None:
        screen = self.screen
        if not screen.writable():
            return
        if action == "stall":
            await self.stall(selected)
        elif action == "callback":
            await self.callback(selected)
        elif action == "classify":
            await self.classify(selected)

    async def stall(self, ident: int | None) -> None:
        screen, t = self.screen, self.screen.t
        if ident is None:
            screen.say(t("msg.select_ticket"), ok=False)
            return
        from dutyboard.store.ticket_procedures import stall
        reason = await screen.ask(t("stall.reason"))
        if reason is None:
            return

        def run() -> str:
            stall(screen.ctx, ident, reason)
            return f"#{ident} {t('msg.stalled')}: {reason.strip()}"
        screen.write(run)

    async def callback(self, selected: int | None) -> None:
        """A closed repair is no longer in the tickets pane: the number is asked, the
        selected ticket offered."""
        screen, t = self.screen, self.screen.t
        ident = await screen.ask_number(t("callback.prompt"), selected)
        if ident is None:
            return
        from dutyboard.store.confirmations import ticket_details
        from dutyboard.store.ticket_procedures import callback
        d = await screen.read(lambda: ticket_details(screen.ctx, ident))
        if d is None:
            return
        lines = ticket_lines(t, d)
        satisfied = await screen.choose(yes_no(t, t("callback.satisfied", id=ident), lines))
        if satisfied is None:
            return
        manner = await screen.choose(yes_no(t, t("callback.manner", id=ident), lines,
                                            skip=t("callback.not_asked")))
        if manner is None:
            return
        note = await screen.ask(t("callback.note"))
        if note is None:
            return
        manner_value = None if manner == "skip" else bool(manner)

        def run() -> str:
            callback(screen.ctx, ident, bool(satisfied), manner_value, note)
            return f"#{ident} {t('msg.callback')}"
        screen.write(run)

    async def classify(self, ident: int | None) -> None:
        screen, t = self.screen, self.screen.t
        if ident is None:
            screen.say(t("msg.select_ticket"), ok=False)
            return
        from dutyboard.store.confirmations import ticket_details
        from dutyboard.store.ticket_procedures import classify
        d = await screen.read(lambda: ticket_details(screen.ctx, ident))
        if d is None:
            return
        nature = t(f"opt.{d['nature']}") if d.get("nature") else "-"
        lines = [*ticket_lines(t, d), t("classify.nature", nature=nature)]
        if not await screen.confirmed(confirm(t, t("classify.title", id=ident), lines, t("classify.yes"))):
            return
        note = await screen.ask(t("classify.note"))
        if note is None:
            return

        def run() -> str:
            classify(screen.ctx, ident, "valid", note)
            return f"#{ident} {t('msg.classified')}: {note.strip()}"
        screen.write(run)
