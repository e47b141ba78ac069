"""The venues timeline (key ``T`` in the venues pane): one line per venue (more when its
meetings overlap), the hours of the day across, each meeting a bar with its title, the
preparation window before it shaded, the now-line, overdue preparation marked.

A line-API widget drawing Rich segments: the hour ruler and the venue names stay in place
while the chart scrolls under them (keys only, no mouse needed). The layout is computed in
``timeline_layout`` (pure); this widget only keeps it, scrolls it and colours it. It redraws
when a snapshot arrives and, for the clock, only when the now-line changes column.
"""

from __future__ import annotations

from datetime import datetime

import arrow
from dutyboard.store.board import Snapshot
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from . import timeline_layout as L
from .i18n import Translator
from .keys import TIMELINE, bindings
from .literal import shown
from .wording import unmask

# cell kind -> style; every kind also has its own symbol (timeline_layout), so a 16-colour or
# monochrome terminal reads the same
STYLES: dict[str, Style] = {
    L.EMPTY: Style(),
    L.GRID: Style(dim=True),
    L.SHADE: Style(color="yellow"),
    L.SHADE_LATE: Style(color="red", bold=True),
    L.BAR: Style(reverse=True),
    L.BAR_LATE: Style(color="red", bold=True, reverse=True),
    L.NOWLINE: Style(color="magenta", bold=True),
    L.MORE: Style(bold=True),
    L.RULER: Style(bold=True),
    L.LABEL: Style(bold=True),
}


PLACE_TRIES = 50   # refreshes to wait for the virtual size before giving up on placing now


class Timeline(ScrollView, can_focus=True):
    BINDINGS = bindings(TIMELINE)
    DEFAULT_CSS = """
    Timeline {
        height: 1fr;
        scrollbar-size-vertical: 1;
        scrollbar-size-horizontal: 1;
    }
    """

    def __init__(self, t: Translator, tz: str, cols_per_hour: int = 6, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.t, self.tz, self.cols_per_hour = t, tz, cols_per_hour
        self.scale: L.Scale | None = None
        self.lanes: list[L.Lane] = []
        self.now: datetime | None = None
        self.now_col: int | None = None
        self.day_bounds: tuple[arrow.Arrow, arrow.Arrow] | None = None
        self._slots: list[L.Slot] = []
        self._placed = False      # scrolled to now once; after that the user's position stays
        self._place_tries = 0

    # -- data ----------------------------------------------------------------------------
    def show(self, snap: Snapshot, day: tuple[arrow.Arrow, arrow.Arrow], now: arrow.Arrow) -> None:
        """A new snapshot (or a new day): lay the booked meetings out again."""
        self._slots = [L.Slot(m.id, shown(m.venue), shown(unmask(m.title, self.t)),
                              m.start.datetime, m.end.datetime,
                              m.prep_from.datetime if m.prep_from else None,
                              m.prep_due.datetime if m.prep_due else None)
                       for m in snap.meetings.values() if m.status != "cancelled"]
        self.day_bounds = day
        self.scale = L.Scale(day[0].to(self.tz).datetime, day[1].to(self.tz).datetime, self.cols_per_hour)
        self.lanes = L.layout(self._slots, self.scale)
        self.now = now.datetime
        self.now_col = self.scale.column(self.now)
        self._resize_virtual()
        self.refresh()

    def clock(self, now: arrow.Arrow) -> bool:
        """Each tick: True (and a redraw) only when the now-line moved to another column."""
        if self.scale is None:
            return False
        self.now = now.datetime
        column = self.scale.column(self.now)
        if column == self.now_col:
            return False
        self.now_col = column
        self.refresh()
        return True

    # -- geometry ------------------------------------------------------------------------
    @property
    def label_width(self) -> int:
        return L.label_width([lane.venue for lane in self.lanes], self.scrollable_content_region.width)

    @property
    def chart_width(self) -> int:
        return max(0, self.scrollable_content_region.width - self.label_width - 1)

    def _resize_virtual(self) -> None:
        columns = self.scale.columns if self.scale else 0
        self.virtual_size = Size(self.label_width + 1 + columns, 1 + len(self.lanes))
        if not self._placed and self.scale is not None and self.chart_width > 0:
            self.call_after_refresh(self.to_now)

    def on_resize(self, event: events.Resize) -> None:
        self._resize_virtual()

    def to_now(self) -> None:
        """Scroll so the now-line is a quarter of the way in."""
        if self.scale is None or self.now is None or self.chart_width <= 0:
            return
        first = L.first_column(self.scale.column(self.now), self.chart_width, self.scale.columns)
        self.scroll_to(x=first, animate=False, immediate=True)
        if int(self.scroll_x) != first and self._place_tries < PLACE_TRIES:
            # the new virtual size is not laid out yet (scroll_to stopped short): try after
            # the next refresh, and make one come (an idle board repaints nothing by itself)
            self._place_tries += 1
            self.call_after_refresh(self.to_now)
            self.refresh()
            return
        self._placed, self._place_tries = True, 0

    # -- keys (keys.py, TIMELINE) --------------------------------------------------------
    def action_hours(self, step: int) -> None:
        self._placed = True
        self.scroll_to(x=self.scroll_x + step * self.cols_per_hour, animate=False)

    def action_rows(self, step: int) -> None:
        self.scroll_to(y=self.scroll_y + step, animate=False)

    def action_now(self) -> None:
        self.to_now()

    # -- drawing -------------------------------------------------------------------------
    def first_column(self) -> int:
        return int(self.scroll_x)

    def line_runs(self, y: int) -> list[L.Run]:
        """The (text, kind) runs of screen line ``y``: the ruler, then one lane per line."""
        label, chart = self.label_width, self.chart_width
        if self.scale is None or self.now is None:   # no snapshot yet
            return [(" " * (label + 1 + chart), L.EMPTY)]
        first = self.first_column()
        if y == 0:
            return [(" " * (label + 1), L.RULER), *L.ruler_line(self.scale, first, chart, self.now)]
        index = y - 1 + int(self.scroll_y)
        if not self.lanes and y == 1:
            return [(L.fit(self.t("timeline.empty"), label + 1 + chart), L.EMPTY)]
        if index >= len(self.lanes):
            return [(" " * (label + 1 + chart), L.EMPTY)]
        lane = self.lanes[index]
        name = L.fit(lane.venue if lane.first else "", label) + " "
        return [(name, L.LABEL), *L.chart_line(lane, self.scale, first, chart, self.now)]

    def render_line(self, y: int) -> Strip:
        base = self.rich_style
        segments = [Segment(text, base + STYLES[kind]) for text, kind in self.line_runs(y) if text]
        return Strip(segments).adjust_cell_length(self.scrollable_content_region.width, base)
