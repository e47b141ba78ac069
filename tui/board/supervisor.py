"""The desk supervisor's steps on the board (issues 10 and 11): the day's sign-off after its
summary (warned before close of business or with emergencies open), revoking a sign-off
with a reason, and approving a close with the case's summary in the confirmation (over SSH
the supervisor has no command line). Who may is decided by the store; the board asks first
and reports a refusal on the status line."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from .confirm import confirm
from .fmt import local_hm

if TYPE_CHECKING:
    from dutyboard.store.oversight import DaySummary

    from .screen import BoardScreen


class SupervisorDesk:
    def __init__(self, screen: BoardScreen) -> None:
        self.screen = screen

    # -- S: sign the day off, after its summary ------------------------------------------
    async def sign_off(self) -> None:
        screen, t = self.screen, self.screen.t
        if not screen.writable():
            return
        from dutyboard.store.oversight import day_summary, sign_off
        summary = await screen.read(lambda: day_summary(screen.ctx))
        if summary is None:
            return
        day = summary.day.isoformat()
        if summary.signed_by is not None:
            when = local_hm(summary.signed_at, screen.ctx.tz) if summary.signed_at else "?"
            screen.say(t("signoff.already", day=day, who=summary.signed_by, time=when), ok=False)
            return
        dialog = confirm(t, t("signoff.title", day=day), self.summary_lines(summary), t("signoff.yes"),
                         self.warnings(summary))
        if not await screen.confirmed(dialog):
            return

        def run() -> str:
            row = sign_off(screen.ctx, summary.day)
            return f"{t('msg.signed')}: {row.day.isoformat()}"
        screen.write(run)

    def summary_lines(self, s: DaySummary) -> list[str]:
        t = self.screen.t
        rows = [("signoff.registered", s.registered), ("signoff.still_open", f"{s.still_open} ({s.stalled})"),
                ("signoff.escalated", s.escalated), ("signoff.emergencies", s.emergencies_open),
                ("signoff.unverified", s.readiness_unverified), ("signoff.awaiting", s.closes_awaiting)]
        labels = [t(key) for key, _ in rows]
        width = max(_cells(label) for label in labels) + 2
        return [label + " " * (width - _cells(label)) + str(value)
                for label, (_, value) in zip(labels, rows, strict=True)]

    def warnings(self, s: DaySummary) -> list[str]:
        t, tz = self.screen.t, self.screen.ctx.tz
        out = []
        if "before_closing" in s.warnings:
            out.append(t("signoff.before_closing", time=local_hm(s.closing, tz)))
        if "emergencies_open" in s.warnings:
            out.append(t("signoff.emergencies_open", n=s.emergencies_open))
        return out

    # -- R: revoke a day's sign-off, with the reason -------------------------------------------
    async def revoke_sign_off(self) -> None:
        screen, t, ctx = self.screen, self.screen.t, self.screen.ctx
        if not screen.writable():
            return
        from dutyboard.store.oversight import day_summary, revoke_sign_off
        today = ctx.book.calendar.today(ctx.now()).isoformat()
        text = await screen.ask(t("revoke.day_prompt"), today)
        if text is None:
            return
        try:
            day = datetime.date.fromisoformat(text.strip())
        except ValueError:
            screen.say(t("revoke.bad_day", text=text.strip()), ok=False)
            return
        summary = await screen.read(lambda: day_summary(ctx, day))
        if summary is None:
            return
        if summary.signed_by is None:
            screen.say(t("signoff.not_signed", day=day.isoformat()), ok=False)
            return
        reason = await screen.ask(t("prompt.reason"))
        if reason is None:
            return
        when = local_hm(summary.signed_at, ctx.tz) if summary.signed_at else "?"
        lines = [t("revoke.signed", who=summary.signed_by, time=when),
                 t("revoke.reason", reason=reason.strip()), "", *self.summary_lines(summary)]
        if not await screen.confirmed(confirm(t, t("revoke.title", day=day.isoformat()), lines,
                                              t("revoke.yes"))):
            return

        def run() -> str:
            revoke_sign_off(ctx, day, reason)
            return f"{t('msg.revoked')}: {day.isoformat()}"
        screen.write(run)

    # -- A: approve a close, with the case's summary -------------------------------------------
    async def approve(self, ident: int | None) -> None:
        screen, t = self.screen, self.screen.t
        if ident is None:
            screen.say(t("msg.select_ticket"), ok=False)
            return
        if not screen.writable():
            return
        from dutyboard.store.confirmations import ticket_details
        from dutyboard.store.tickets import approve
        d = await screen.read(lambda: ticket_details(screen.ctx, ident))
        if d is None:
            return
        if not await screen.confirmed(confirm(t, t("approve.title", id=ident), ticket_lines(t, d),
                                              t("approve.yes"))):
            return

        def run() -> str:
            approve(screen.ctx, ident)
            return f"{t('msg.approved')}: #{ident}"
        screen.write(run)


def ticket_lines(t: Any, d: dict[str, Any]) -> list[str]:
    """A case as a confirmation shows it: what, where, the content and the result."""
    state = t("state.stalled") if d.get("stalled") else t(f"state.{d['state']}")
    lines = [t("ticket.what", kind=t(f"opt.{d['kind']}"), priority=t(f"pri.{d['priority']}"),
               major=t("ticket.major") if d["major"] else "", state=state),
             t("ticket.location", text=d["location"]), t("ticket.content", text=d["content"])]
    if d.get("dept"):
        lines.append(t("ticket.dept", dept=t(f"dept.{d['dept']}")))
    if d.get("result"):
        lines.append(t("ticket.result", text=d["result"]))
        lines.append(t("ticket.signed", yes=t("confirm.yes") if d["signed"] else t("confirm.answer_no")))
    return lines


def _cells(text: str) -> int:
    """Terminal cells of ``text`` (a CJK character takes two), to align the summary."""
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
