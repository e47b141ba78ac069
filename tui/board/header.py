"""The board's one-line header: clock, counts, data age or the STALE/PAUSED marker, focus,
read-only, site. Pure text from plain values (no widgets), so every state is easy to test."""

from __future__ import annotations

from dataclasses import dataclass

import arrow
from dutyboard.rules.facts import PENDING
from dutyboard.store.board import Snapshot
from rich.text import Text

from .i18n import Translator


@dataclass
class HeaderState:
    stale: str | None = None      # why reads fail, while they do
    paused: bool = False
    loaded: bool = False          # a snapshot has arrived
    data_age: int = 0             # seconds since the last good read
    dept_focus: str | None = None
    readonly: bool = False


def header_text(t: Translator, now: arrow.Arrow, tz: str, site: str, snap: Snapshot | None,
                state: HeaderState) -> Text:
    overdue = sum(1 for rows in snap.dept_tasks.values() for r in rows
                  if r.state == PENDING and r.due <= now) if snap else 0
    open_count = len(snap.tickets) if snap else 0
    emerg = sum(1 for r in snap.tickets.values() if r.fact.priority == "emergency") if snap else 0
    alarm = "reverse bold" if overdue or emerg else "bold"
    text = Text()
    text.append(now.to(tz).format("MM-DD HH:mm:ss"), "bold")
    text.append("  ")
    text.append(f"{overdue} {t('hdr.overdue')}", alarm)
    text.append("  ")
    text.append(str(open_count), "bold")
    text.append(f" {t('hdr.open')}  ")
    text.append(f"{emerg} {t('hdr.emerg')}", alarm)
    text.append("  ")
    if state.stale:
        text.append(f" {t('hdr.stale')} ", "reverse bold")
        text.append(f" {state.stale}")
    elif state.paused:
        text.append(f" {t('hdr.paused')} ", "reverse")
    elif state.loaded:
        text.append(f"{t('hdr.fresh')} {max(0, state.data_age)}s")
    else:
        text.append("...")
    notes = snap.site if snap else None
    if notes and notes.audit_break is not None:
        text.append("  ")
        text.append(f" {t('hdr.audit_break', row=notes.audit_break)} ", "reverse bold")
    extras = []
    if notes and notes.training:
        extras.append(t("hdr.training"))
    if notes and notes.calendar_gap is not None:
        extras.append(t("hdr.no_calendar", year=notes.calendar_gap))
    if state.dept_focus:
        extras.append(f"{t('hdr.focus')}={t('dept.' + state.dept_focus)}")
    if state.readonly:
        extras.append(t("hdr.readonly"))
    text.append(f"  {' '.join(extras)}  {site}")
    return text
