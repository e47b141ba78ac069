"""The board's first layout is its last at the start: nothing is laid out or painted after the
first frame until something changes (issue 13, the time to the first full board).

Left to Textual 8.2, four more layouts and a full render followed the first paint, all in
the wait for the first full board (the benchmark's idle wait, which ends in the first 20 ms
with under 1 ms of work): the start sends the screen three Resize events at the size it was
laid out at (the app's own, the driver's, the app's repeat of the last at idle), each a full
layout and render; the tables' rows come in the first layout (they need its width), so only
then do they turn on the vertical scrollbars their rows need, which a layout after that
places; every widget the first layout sized asks for another layout (its virtual size, from
nothing), as do those updated while the screen waited for the first snapshot (their requests
queue behind the first resume); and the first resume repaints the whole screen it has just
painted. ``FirstLayout`` answers each of these: a Resize at the laid-out size does nothing;
the first layout runs twice and paints once, with the scrollbars; what it did is not asked
for again.

Textual's private parts it relies on: it overrides ``Screen._refresh_layout`` (its first
call) and handles the internal ``Layout`` message (``textual.messages``, timed with
``textual._time``); after the first layout it clears the widgets' ``_layout_required`` and
``_repaint_required`` and their repaint regions (``_exchange_repaint_regions``), going
through the compositor's ``layers``. tests/tui/test_board_first_layout.py (nothing laid out or
painted after the first frame, its scrollbars) and test_board_paint.py (a tick just after it
is painted) fail if they change."""

from __future__ import annotations

from typing import Self

from textual import events
from textual._time import get_time
from textual.geometry import Region, Size
from textual.messages import Layout
from textual.screen import Screen
from textual.widget import Widget

from .first_frame import size_classes


class FirstLayout(Screen[None]):
    """The screen's start without a layout or paint after the first frame."""

    _sized_for: Size | None = None    # the size the classes and the header were made for
    _laid_out_at: float | None = None  # when the first layout began (the messages' clock)
    _painting_all = False              # the first layout lays out and paints all of it

    def classes_for_size(self) -> None:
        """The size's breakpoint classes before the first layout, not at the first Resize."""
        self._sized_for = self.app.size
        self.set_classes(size_classes(self._sized_for, self.HORIZONTAL_BREAKPOINTS or [],
                                      self.VERTICAL_BREAKPOINTS or [], self._get_breakpoint_classes))

    def resized(self) -> None:
        """The screen has a new size (Textual has given it the new size's classes)."""

    def on_resize(self, event: events.Resize) -> None:
        if event.size == self._sized_for == self.outer_size:
            # Laid out, classed and headed for this size already: nothing to do, not Textual's
            # full layout and render (the start's three Resize events)
            event.prevent_default()
            return
        self._sized_for = event.size
        self.resized()

    def _refresh_layout(self, size: Size | None = None, scroll: bool = False) -> None:
        if self._laid_out_at is not None or scroll:
            super()._refresh_layout(size, scroll)
            return
        # The first layout, twice: the first pass does not paint (a batch update: Textual
        # defers its paint, which finds nothing left to paint by then); the tables get their
        # rows in it and turn on their scrollbars, which the second pass places, and paints.
        self._laid_out_at = get_time()
        self._painting_all = True        # up to the end of the resume that lays it out
        self.call_next(self._painted)
        with self.app.batch_update():
            super()._refresh_layout(size)
        scrollbars = self._scrollbars()
        super()._refresh_layout(size)
        if self._scrollbars() != scrollbars:
            return   # not settled (not at the start of this board): Textual lays out again
        for widget, _ in self._compositor.layers:
            # What they asked for before and in these layouts (sizing them sets "lay me out
            # at my next idle": their virtual sizes, from nothing) is done, and painted:
            # the whole screen was. Left on, Textual lays it all out again, repaints it
            # again, and (the screen's flag) repaints that instead of a tick's cells.
            widget._layout_required = widget._repaint_required = False
            widget._exchange_repaint_regions()

    def _scrollbars(self) -> dict[Widget, tuple[bool, bool]]:
        return {widget: widget.scrollbars_enabled for widget in self.walk_children(Widget)}

    def _painted(self) -> None:
        self._painting_all = False

    def on_layout(self, message: Layout) -> None:
        # Textual's internal message: a widget asks for a layout. One asked for before the
        # first layout began was done by it (the start's updates, queued behind the resume)
        if self._laid_out_at is not None and message.time < self._laid_out_at:
            message.stop()
            message.prevent_default()

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False,
                recompose: bool = False) -> Self:
        if self._painting_all and not (regions or recompose):
            # the whole screen, laid out and painted by the first layout: the screen's own
            # virtual size given by it, the resume's repaint of everything just after it
            return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
