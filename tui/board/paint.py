"""What reaches the terminal when a few cells change: only those cells' changed characters.

Textual (8.2) writes a partial update line by line: for each widget piece ("chop") a dirty
span touches, it moves the cursor to the piece's left edge and writes everything up to the
span's right end. A countdown in a table's fifth column therefore re-sent the whole row up to
it (the header's clock, likewise, re-sent the header line): at 160x48 the idle board wrote
about 2.9 KB/s. ``CellPaintCompositor`` writes each span from its own left edge instead, and
never half a wide character (a span's edge inside one takes the whole character), so a countdown going from
``24m59s`` to ``24m58s`` costs a cursor move, its colour and ``8s``.

Relies on Textual 8.2's ``Compositor.render_partial_update`` and ``ChopsUpdate``;
tests/tui/test_board_paint.py fails if they change."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console
from rich.control import Control
from textual._compositor import ChopsUpdate, Compositor
from textual.strip import Strip


def _char_at(strip: Strip, offset: int) -> tuple[int, int] | None:
    """The cells (start, end) of the character of ``strip`` covering cell ``offset``."""
    position = 0
    for segment in strip:
        if segment.control:
            continue
        width = cell_len(segment.text)
        if position + width <= offset:
            position += width
            continue
        for char in segment.text:
            char_width = cell_len(char)
            if position + char_width > offset:
                return position, position + char_width
            position += char_width
    return None


def char_start(strip: Strip, offset: int) -> int:
    """The last cell at or before ``offset`` where a character of ``strip`` starts: a wide
    character cut in half would be written as a space over its other half."""
    where = _char_at(strip, offset)
    return offset if where is None else where[0]


def char_end(strip: Strip, offset: int) -> int:
    """The first cell at or after ``offset`` where a character of ``strip`` ends."""
    where = _char_at(strip, offset - 1) if offset > 0 else None
    return offset if where is None else where[1]


class SpanChopsUpdate(ChopsUpdate):
    """A partial update that writes each dirty span from its own left edge."""

    def render_segments(self, console: Console) -> str:
        sequences: list[str] = []
        append = sequences.append
        last_y = self.spans[-1][0]
        for y, x1, x2 in self.spans:
            for end, (x, strip) in zip(self.chop_ends[y], self.chops[y].items(), strict=False):
                if strip is None or x > x2 or end <= x1:
                    continue
                start = char_start(strip, x1 - x) if x < x1 else 0
                stop = char_end(strip, x2 - x) if x2 < end else end - x
                piece = strip.crop(start, stop)
                if piece.cell_length:
                    append(Control.move_to(x + start, y).segment.text)
                    append(piece.render(console))
            if y != last_y:
                append("\n")
        return "".join(sequences)


class CellPaintCompositor(Compositor):
    def render_partial_update(self) -> ChopsUpdate | None:
        update = super().render_partial_update()
        if update is None:
            return None
        return SpanChopsUpdate(update.chops, update.spans, update.chop_ends)
