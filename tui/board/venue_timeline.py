"""The venues pane's timeline (``T``): it swaps with the venues list, follows the clock
(a new day lays it out again; otherwise it redraws only when the now-line moves a column)
and is laid out again whenever the meetings change, when shown: hidden (the venues list
shown instead) it is laid out when T shows it (1,500 meetings take ~100 ms to lay out)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import arrow

from .timeline import Timeline

if TYPE_CHECKING:
    from .screen import BoardScreen


class VenueTimeline:
    def __init__(self, screen: BoardScreen) -> None:
        self.screen = screen
        self.stale = True     # the meetings changed while it was hidden

    @property
    def widget(self) -> Timeline:
        return self.screen.query_one("#timeline", Timeline)

    @property
    def shown(self) -> bool:
        return not self.widget.has_class("-hidden")

    def toggle(self) -> None:
        """The venues pane swaps its list and the timeline; focus goes to the pane."""
        screen, timeline = self.screen, self.widget
        shown = not self.shown
        timeline.set_class(not shown, "-hidden")
        screen.table("venues").set_class(shown, "-hidden")
        pane = screen.query_one("#pane-venues")
        title = screen.t("pane.venues") + (f" · {screen.t('pane.timeline')}" if shown else "")
        pane.border_title = f"1 {title}"
        pane.border_subtitle = screen.t("timeline.legend") if shown else ""
        screen.action_pane(0)
        if shown:
            if self.stale:
                self.show(screen.ctx.now())
            timeline.call_after_refresh(timeline.to_now)

    def clock(self, now: arrow.Arrow) -> None:
        bounds = self.widget.day_bounds
        if self.screen.snapshot is not None and bounds is not None and not bounds[0] <= now < bounds[1]:
            self.show(now)
        else:
            self.widget.clock(now)

    def show(self, now: arrow.Arrow) -> None:
        screen = self.screen
        if not self.shown:
            self.stale = True
            return
        if screen.snapshot is not None:
            self.stale = False
            cal = screen.ctx.book.calendar
            self.widget.show(screen.snapshot, cal.day_bounds(cal.today(now)), now)
