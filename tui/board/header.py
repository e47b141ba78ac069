"""The board's one-line header: clock, counts, data age or the STALE/PAUSED marker, what the
database is (TRAINING, a broken audit trail, a year without a calendar, READ-ONLY), the
department focus and filter, who is at the keyboard (NOT A USER when the login is not one),
the site and the database. Pure text from plain values (no widgets), so every state is easy
to test.

The board shows the clock in a widget of its own (``header_line`` splits it off): its
seconds tick repaints the clock's few cells, not the whole header line (issue 13).

It always fits one line: at a narrow width the least important parts are shortened first,
then dropped (the site, the database, the person's name, the date), while the alarms,
TRAINING, READ-ONLY, NOT A USER, the focus and the filter stay.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace
from pathlib import Path

import arrow
import peewee
from dutyboard.rules.facts import PENDING
from dutyboard.store.board import Snapshot, Viewer
from rich.cells import cell_len
from rich.text import Text

from .i18n import Translator
from .literal import shown

SEPARATOR = "  "
NARROW_SEPARATOR = " "
CLOCK_FORMATS = ("MM-DD HH:mm:ss", "HH:mm:ss", "HH:mm")   # longest first: the header's clock


@dataclass
class HeaderState:
    stale: str | None = None      # why reads fail, while they do
    paused: bool = False
    loaded: bool = False          # a snapshot has arrived
    data_age: int = 0             # seconds since the last good read
    dept_focus: str | None = None
    readonly: bool = False
    filter: str = ""              # the current pane's filter
    login: str = ""               # the login the board runs as (before the first read)
    database: str = ""            # database_label(): a file name or host/database
    width: int = 0                # cells available; 0: no limit


@dataclass
class Part:
    """One piece of the header: its forms from longest to shortest ("" drops it) and, for
    each step to the next form, how early that step is taken (lower: sooner)."""
    forms: list[Text]
    steps: list[int] = field(default_factory=list)
    at: int = 0

    @property
    def text(self) -> Text:
        return self.forms[self.at]


def database_label(db: peewee.Database) -> str:
    """Where the data is, for the header: the SQLite file's name, or PostgreSQL's
    host[:port]/database. Never the user's password (nor the user)."""
    if isinstance(db, peewee.SqliteDatabase):
        return Path(str(db.database)).name or str(db.database)
    params = getattr(db, "connect_params", {}) or {}
    host = params.get("host") or "localhost"
    port = params.get("port")
    where = f"{host}:{port}" if port and int(port) != 5432 else str(host)
    return f"{where}/{db.database}"


def _text(value: str, style: str = "") -> Text:
    return Text(value, style=style, end="")


def _clip(value: str, cells: int) -> str:
    """``value`` cut to ``cells`` terminal cells, with an ellipsis when cut."""
    if _text(value).cell_len <= cells:
        return value
    out, used = "", 0
    for ch in value:  # by whole characters: a wide (CJK) one is never cut in half
        width = cell_len(ch)
        if used + width > cells - 1:
            break
        out, used = out + ch, used + width
    return out + "…"


def role_label(t: Translator, viewer: Viewer) -> str:
    if viewer.role == "lead" and viewer.depts:
        return t("hdr.lead_of", dept="/".join(t(f"dept.{d}") for d in viewer.depts))
    return t(f"role.{viewer.role}")


def overdue_count(snap: Snapshot | None, now: arrow.Arrow) -> int:
    return sum(1 for rows in snap.dept_tasks.values() for r in rows
               if r.state == PENDING and r.due <= now) if snap else 0


def _counts(t: Translator, now: arrow.Arrow, snap: Snapshot | None, overdue: int | None) -> Part:
    overdue = overdue_count(snap, now) if overdue is None else overdue
    open_count = len(snap.tickets) if snap else 0
    emerg = sum(1 for r in snap.tickets.values() if r.fact.priority == "emergency") if snap else 0
    alarm = "reverse bold" if overdue or emerg else "bold"

    def form(gap: str, emerg_word: str, overdue_word: str = t("hdr.overdue")) -> Text:
        text = Text(end="")
        text.append(f"{overdue} {overdue_word}", alarm)
        text.append(gap)
        text.append(str(open_count), "bold")
        text.append(f" {t('hdr.open')}{gap}")
        text.append(f"{emerg} {emerg_word}", alarm)
        return text
    return Part([form("  ", t("hdr.emerg")), form(" ", t("hdr.emerg.short")),
                 form(" ", t("hdr.emerg.short"), t("hdr.overdue.short"))], [30, 59])


def _freshness(t: Translator, state: HeaderState) -> Part:
    if state.stale:
        long = _text(f" {t('hdr.stale')} ", "reverse bold")
        long.append(f" {shown(state.stale)}")
        return Part([long, _text(f" {t('hdr.stale')} ", "reverse bold"),
                     _text(f" {t('hdr.stale.short')} ", "reverse bold")], [50, 70])
    if state.paused:
        return Part([_text(f" {t('hdr.paused')} ", "reverse")])
    if state.loaded:
        age = max(0, state.data_age)
        return Part([_text(f"{t('hdr.fresh')} {age}s"), _text(f"{age}s"), _text("")], [3, 45])
    return Part([_text("...")])


def _who(t: Translator, state: HeaderState, viewer: Viewer | None) -> list[Part]:
    """The person and role (or NOT A USER), the site and the database."""
    if viewer is None:  # before the first read: the login, nothing claimed about it
        return [Part([_text(shown(state.login))])] if state.login else []
    if not viewer.is_user:
        return [Part([_text(f" {t('hdr.not_user', login=shown(viewer.login))} ", "reverse bold"),
                      _text(t("hdr.not_user.short"), "reverse bold")], [55])]
    role = role_label(t, viewer)
    name = shown(viewer.name) or shown(viewer.login)
    return [Part([_text(t("hdr.who", role=role, name=_clip(name, 24)), "bold"),
                  _text(t("hdr.who", role=role, name=shown(viewer.login)), "bold"),
                  _text(role, "bold")], [12, 22])]


@dataclass(frozen=True)
class HeaderLine:
    """The fitted header split for the board: the clock (with the gap after it, so the rest
    starts where it did on one line) and the rest of the line."""
    clock: Text
    rest: Text
    clock_format: str = CLOCK_FORMATS[0]
    gap: str = ""            # after the clock

    @property
    def whole(self) -> Text:
        return self.clock + self.rest


def header_text(t: Translator, now: arrow.Arrow, tz: str, site: str, snap: Snapshot | None,
                state: HeaderState) -> Text:
    """The header as one line."""
    return header_line(t, now, tz, site, snap, state).whole


def clock_text(now: arrow.Arrow, tz: str, form: str, gap: str = "") -> Text:
    text = Text(end="", no_wrap=True)
    text.append(now.to(tz).format(form), "bold")
    text.append(gap)
    return text


def header_line(t: Translator, now: arrow.Arrow, tz: str, site: str, snap: Snapshot | None,
                state: HeaderState, overdue: int | None = None) -> HeaderLine:
    notes = snap.site if snap else None
    parts: list[Part] = [
        Part([clock_text(now, tz, form) for form in CLOCK_FORMATS], [18, 44]),
        _counts(t, now, snap, overdue),
        _freshness(t, state),
    ]
    if notes and notes.audit_break is not None:
        row = notes.audit_break
        parts.append(Part([_text(f" {t('hdr.audit_break', row=row)} ", "reverse bold"),
                           _text(f" {t('hdr.audit_break.short', row=row)} ", "reverse bold")], [5]))
    who = _who(t, state, notes.viewer if notes else None)
    if notes and notes.viewer is not None and not notes.viewer.is_user:
        parts += who  # NOT A USER: with the other warnings, never cut off at the end
        who = []
    if notes and notes.training:
        parts.append(Part([_text(f" {t('hdr.training')} ", "reverse"),
                           _text(f" {t('hdr.training.short')} ", "reverse"),
                           _text(t("hdr.training.short"), "reverse")], [15, 56]))
    if state.readonly:
        parts.append(Part([_text(f" {t('hdr.readonly')} ", "reverse"), _text(t("hdr.readonly"), "reverse")],
                          [57]))
    if notes and notes.calendar_gap is not None:
        year = notes.calendar_gap
        parts.append(Part([_text(t("hdr.no_calendar", year=year)),
                           _text(t("hdr.no_calendar.short", year=year)), _text("")], [8, 35]))
    if state.dept_focus:
        parts.append(Part([_text(f"{t('hdr.focus')}={t('dept.' + state.dept_focus)}", "bold")]))
    if state.filter:
        value = shown(state.filter)
        parts.append(Part([_text(f"{t('hdr.filter')} \"{_clip(value, 20)}\"", "bold"),
                           _text(f"/{_clip(value, 8)}", "bold"), _text(f"/{_clip(value, 6)}", "bold")],
                          [28, 58]))
    parts += who
    if site:
        parts.append(Part([_text(f"@{site}"), _text(f"@{_clip(site, 16)}"), _text(f"@{_clip(site, 10)}"),
                           _text("")], [2, 38, 48]))
    if state.database:
        db = shown(state.database)
        parts.append(Part([_text(f"{t('hdr.db')} {db}", "dim"), _text(_clip(db, 20), "dim"),
                           _text("")], [4, 52]))
    gap = _fit(parts, state.width)
    rest = _join(parts[1:], gap)
    form, gap = CLOCK_FORMATS[parts[0].at], gap if rest.plain else ""
    clock = clock_text(now, tz, form, gap)
    if state.width > 0 and clock.cell_len + rest.cell_len > state.width:
        rest.truncate(max(0, state.width - clock.cell_len), overflow="ellipsis")
    return HeaderLine(clock, rest, form, gap)


class HeaderCache:
    """The board's header for each tick: the whole line is fitted again only when what it
    shows besides the clock could have changed (a new snapshot, a state change, the overdue
    count, the width); otherwise only the clock is formatted in the form last fitted. The
    overdue count comes from the snapshot's sorted due times, not a scan of every task."""

    def __init__(self) -> None:
        self._snap: Snapshot | None = None
        self._dues: list[arrow.Arrow] = []
        self._key: tuple | None = None
        self._line: HeaderLine | None = None

    def overdue(self, snap: Snapshot | None, now: arrow.Arrow) -> int:
        if snap is None:
            return 0
        if snap is not self._snap:
            self._snap = snap
            self._dues = sorted(r.due for rows in snap.dept_tasks.values() for r in rows
                                if r.state == PENDING)
            self._key = None
        return bisect_right(self._dues, now)

    def line(self, t: Translator, now: arrow.Arrow, tz: str, site: str, snap: Snapshot | None,
             state: HeaderState) -> HeaderLine:
        overdue = self.overdue(snap, now)
        key = (t, tz, site, snap, replace(state), overdue)
        last = self._line
        if last is not None and self._key is not None \
                and all(a is b or a == b for a, b in zip(key, self._key, strict=True)):
            return HeaderLine(clock_text(now, tz, last.clock_format, last.gap), last.rest,
                              last.clock_format, last.gap)
        self._key = key
        self._line = header_line(t, now, tz, site, snap, state, overdue)
        return self._line


def _join(parts: list[Part], gap: str) -> Text:
    out = Text(end="", no_wrap=True, overflow="ellipsis")
    for part in parts:
        if part.text.plain:
            if out.plain:
                out.append(gap)
            out.append_text(part.text)
    return out


def _fit(parts: list[Part], width: int) -> str:
    """Take the cheapest shortening step until the line fits ``width`` cells; the gaps
    narrow before anything important goes (the gap chosen is returned); what still does not
    fit is cut at the end (by the caller)."""
    gap = SEPARATOR
    while True:
        line = _join(parts, gap)
        if width <= 0 or line.cell_len <= width:
            return gap
        pending = [(p.steps[p.at], i) for i, p in enumerate(parts) if p.at < len(p.steps)]
        if gap == SEPARATOR and (not pending or min(pending)[0] >= 30):
            gap = NARROW_SEPARATOR
            continue
        if not pending:
            return gap
        parts[min(pending)[1]].at += 1
