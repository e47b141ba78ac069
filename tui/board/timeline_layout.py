"""The venues timeline as plain data: which column an instant falls in, which lane each
meeting of a venue takes, and the cells of one visible line. No Textual, no database:
``timeline.py`` draws what this computes, the tests check it cell by cell.

The day (the site's local day, midnight to midnight) is cut into columns of equal length
(``cols_per_hour`` per hour); column ``c`` covers ``[day_start + c*step, day_start +
(c+1)*step)``. A meeting covers every column it touches, at least one. What lies outside
the day is cut off and marked (« »); what lies outside the visible columns is marked at the
edge of the view (‹ ›). Widths are terminal cells (``rich.cells.cell_len``): a Chinese
character takes two and is never cut in half.

Symbols carry the meaning, colour only repeats it (16-colour and monochrome terminals):
bar = reverse video with the title, ``░`` preparation window, ``│`` now, ``!`` overdue
preparation.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from rich.cells import cell_len

PREP = "░"
NOW = "│"
OVERDUE = "!"
HOUR_TICK = "·"
CUT_LEFT, CUT_RIGHT = "«", "»"     # the meeting goes on past the day's edge
MORE_LEFT, MORE_RIGHT = "‹", "›"   # more of this row outside the visible columns
SEPARATOR = "▏"                    # a bar starting right where another ends
ELLIPSIS = "…"

# the kinds of cell (the widget maps each to a style)
EMPTY, GRID, SHADE, SHADE_LATE, BAR, BAR_LATE, NOWLINE, MORE, RULER, LABEL = (
    "empty", "grid", "prep", "prep_late", "bar", "bar_late", "now", "more", "ruler", "label")

Run = tuple[str, str]   # (text, kind)


@dataclass(frozen=True)
class Slot:
    """What the timeline needs of one meeting (titles already made displayable)."""
    id: int
    venue: str
    title: str
    start: datetime
    end: datetime
    prep_from: datetime | None = None   # the first preparation item due on the day
    prep_due: datetime | None = None    # the first preparation item still pending


@dataclass(frozen=True)
class Scale:
    """The local day (``day_start`` and ``day_end`` in the site zone) in columns. Instants are
    compared in UTC, so a day of 23 or 25 hours (daylight saving) has fewer or more columns
    and its hour labels follow the local clock."""
    day_start: datetime
    day_end: datetime
    cols_per_hour: int = 6

    @property
    def step(self) -> timedelta:
        return timedelta(hours=1) / self.cols_per_hour

    def _since_start(self, instant: datetime) -> timedelta:
        return instant.astimezone(UTC) - self.day_start.astimezone(UTC)

    @property
    def columns(self) -> int:
        """Columns of the whole day."""
        return math.ceil(self._since_start(self.day_end) / self.step)

    def column(self, instant: datetime) -> int:
        """The column ``instant`` falls in (negative before the day, >= columns after it)."""
        return math.floor(self._since_start(instant) / self.step)

    def end_column(self, instant: datetime) -> int:
        """The first column after an interval ending at ``instant`` (exclusive end)."""
        return math.ceil(self._since_start(instant) / self.step)

    def hour_columns(self) -> list[tuple[int, int]]:
        """(column, local hour) of every whole hour of the day."""
        start = self.day_start.astimezone(UTC)
        return [(k * self.cols_per_hour, (start + timedelta(hours=k)).astimezone(self.day_start.tzinfo).hour)
                for k in range(math.ceil(self.columns / self.cols_per_hour))]


@dataclass(frozen=True)
class Bar:
    slot: Slot
    start: int           # first column (clipped to the day)
    end: int             # first column after it (clipped to the day)
    prep: int | None     # first shaded column before ``start``
    cut_left: bool       # began before the day
    cut_right: bool      # ends after the day

    def overdue(self, now: datetime) -> bool:
        """A preparation item still pending past its due time."""
        return self.slot.prep_due is not None and self.slot.prep_due <= now


@dataclass(frozen=True)
class Lane:
    venue: str
    first: bool                 # the venue's first lane (carries its name)
    bars: tuple[Bar, ...]


def place(slot: Slot, scale: Scale) -> Bar | None:
    """The columns of one meeting; None when it lies wholly outside the day."""
    start, end = scale.column(slot.start), scale.end_column(slot.end)
    if end <= 0 or start >= scale.columns:
        return None
    end = max(end, start + 1)
    first, after = max(0, start), min(scale.columns, end)
    prep = None
    if slot.prep_from is not None and slot.prep_from < slot.start:
        prep = max(0, scale.column(slot.prep_from))
        prep = prep if prep < first else None
    return Bar(slot, first, after, prep, start < 0, end > scale.columns)


def lanes_of(bars: Iterable[Bar]) -> list[list[Bar]]:
    """Meetings of one venue in as few lanes as possible: each goes into the first lane whose
    last meeting ended (in time, not in columns) by its start; overlapping ones stack."""
    lanes: list[list[Bar]] = []
    for bar in sorted(bars, key=lambda b: (b.slot.start, b.slot.end, b.slot.id)):
        for lane in lanes:
            if lane[-1].slot.end <= bar.slot.start:
                lane.append(bar)
                break
        else:
            lanes.append([bar])
    return lanes


def layout(slots: Iterable[Slot], scale: Scale) -> list[Lane]:
    """Every lane of the timeline, venues by name, a venue's lanes in order."""
    by_venue: dict[str, list[Bar]] = {}
    for slot in slots:
        bar = place(slot, scale)
        if bar is not None:
            by_venue.setdefault(slot.venue, []).append(bar)
    out = []
    for venue in sorted(by_venue):
        for index, bars in enumerate(lanes_of(by_venue[venue])):
            out.append(Lane(venue, index == 0, tuple(bars)))
    return out


# -- text cut by cells ---------------------------------------------------------------

def cut(text: str, width: int, ellipsis: bool = True) -> str:
    """``text`` in at most ``width`` cells, a wide character never cut in half; with
    ``ellipsis`` a shortened text ends in "…"."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    room = width - 1 if ellipsis else width
    out, used = [], 0
    for char in text:
        size = cell_len(char)
        if used + size > room:
            break
        out.append(char)
        used += size
    return "".join(out) + (ELLIPSIS if ellipsis else "")


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells and padded with spaces to exactly ``width``."""
    shown = cut(text, width)
    return shown + " " * (width - cell_len(shown))


# -- one visible line ----------------------------------------------------------------

class _Cells:
    """A line of ``width`` cells; a wide character fills its cell and leaves the next one
    empty (""), and writing over either half blanks the other half."""

    def __init__(self, width: int, fill: str = " ", kind: str = EMPTY) -> None:
        self.chars = [fill] * width
        self.kinds = [kind] * width

    def put(self, x: int, char: str, kind: str) -> int:
        """Write ``char`` at ``x``; the cells it took (0 when it does not fit)."""
        size = cell_len(char)
        width = len(self.chars)
        if x < 0 or x + size > width:
            return 0
        for i in range(x, x + size):
            self._clear(i)
        self.chars[x], self.kinds[x] = char, kind
        if size == 2:
            self.chars[x + 1], self.kinds[x + 1] = "", kind
        return size

    def _clear(self, x: int) -> None:
        if self.chars[x] == "" and x > 0:            # the right half of a wide character
            self.chars[x - 1] = " "
        elif x + 1 < len(self.chars) and self.chars[x + 1] == "" and cell_len(self.chars[x]) == 2:
            self.chars[x + 1] = " "
            self.kinds[x + 1] = self.kinds[x]

    def text(self, x: int, text: str, kind: str, limit: int) -> None:
        """Write ``text`` from ``x`` up to (not including) cell ``limit``."""
        for char in text:
            if x >= limit or x + cell_len(char) > limit:
                break
            x += self.put(x, char, kind) or 1

    def runs(self) -> list[Run]:
        out: list[Run] = []
        for char, kind in zip(self.chars, self.kinds, strict=True):
            if out and out[-1][1] == kind:
                out[-1] = (out[-1][0] + char, kind)
            else:
                out.append((char, kind))
        return out


def chart_line(lane: Lane, scale: Scale, first: int, width: int, now: datetime) -> list[Run]:
    """The ``width`` cells of one lane from column ``first``, as (text, kind) runs."""
    cells = _Cells(width)
    last = first + width
    for col, _hour in scale.hour_columns():
        if first <= col < last:
            cells.put(col - first, HOUR_TICK, GRID)
    for bar in lane.bars:
        late = bar.overdue(now)
        if bar.prep is not None:
            for col in range(max(bar.prep, first), min(bar.start, last)):
                cells.put(col - first, PREP, SHADE_LATE if late else SHADE)
    previous_end: int | None = None
    for bar in lane.bars:
        lo, hi = max(bar.start, first), min(bar.end, last)
        if lo < hi:
            late = bar.overdue(now)
            kind = BAR_LATE if late else BAR
            for col in range(lo, hi):
                cells.put(col - first, " ", kind)
            head = ""
            if previous_end == bar.start and lo == bar.start:
                head += SEPARATOR
            if late:
                head += OVERDUE
            if bar.cut_left and lo == bar.start:
                head += CUT_LEFT
            tail = CUT_RIGHT if bar.cut_right and hi == bar.end else ""
            room = hi - lo - cell_len(tail)
            cells.text(lo - first, head + cut(bar.slot.title, room - cell_len(head)), kind, lo - first + room)
            if tail:
                cells.put(hi - first - 1, tail, kind)
        previous_end = bar.end
    if any(bar.end <= first for bar in lane.bars) and cells.kinds[0] in (EMPTY, GRID):
        cells.put(0, MORE_LEFT, MORE)
    if any(bar.start >= last for bar in lane.bars) and width and cells.kinds[-1] in (EMPTY, GRID):
        cells.put(width - 1, MORE_RIGHT, MORE)
    now_col = scale.column(now)
    if first <= now_col < last:
        cells.put(now_col - first, NOW, NOWLINE)
    return cells.runs()


def ruler_line(scale: Scale, first: int, width: int, now: datetime) -> list[Run]:
    """The hours across the top: "09" at each whole hour, "▼" over the now-line."""
    cells = _Cells(width, kind=RULER)
    for col, hour in scale.hour_columns():
        if first <= col < first + width:
            cells.text(col - first, f"{hour:02d}", RULER, width)
    now_col = scale.column(now)
    if first <= now_col < first + width:
        cells.put(now_col - first, "▼", NOWLINE)
    return cells.runs()


def label_width(venues: Sequence[str], total: int) -> int:
    """The venue column: wide enough for the longest name, at most a quarter of the width,
    at least 6 cells."""
    longest = max((cell_len(v) for v in venues), default=6)
    return max(6, min(longest, total // 4))


def first_column(now_col: int, chart_width: int, columns: int) -> int:
    """Where the view starts to show ``now`` a quarter of the way in, within the day."""
    return max(0, min(now_col - chart_width // 4, columns - chart_width))


def text_of(runs: Sequence[Run]) -> str:
    return "".join(text for text, _ in runs)
