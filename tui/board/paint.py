"""What reaches the terminal when a few cells change: only those cells' changed characters.

Textual (8.2) writes a partial update line by line: for each widget piece ("chop") a dirty
span touches, it moves the cursor to the piece's left edge and writes everything up to the
span's right end. A countdown in a table's fifth column therefore re-sent the whole row up to
it (the header's clock, likewise, re-sent the header line): at 160x48 the idle board wrote
about 2.9 KB/s. ``CellPaintCompositor`` writes each span from its own left edge instead, and
never half a wide character (a span's edge inside one takes the whole character), so a countdown going from
``4m59s`` to ``4m58s`` costs a cursor move, its colour and ``8s``.

It also renders less for them. Textual renders a partial update inside the one rectangle
around every dirty region, and each widget that rectangle touches renders all its lines: the
clock (line 1) and a countdown (line 20) made the header, the tabs, every pane and every table
render everything, each second. Here each dirty region is rendered on its own, by the widgets
under it only, front to back until its chops are filled (the panes and the screen behind a
table are not rendered for a cell of it), and only its own lines.

Relies on Textual 8.2's ``Compositor`` (``cuts``, ``visible_widgets``, ``_dirty_regions``,
``_regions_to_spans``) and ``ChopsUpdate``; tests/tui/test_board_paint.py fails if they
change."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console
from rich.control import Control
from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
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
        screen = self.size.region
        regions = [r.intersection(screen) for r in self._dirty_regions]
        self._dirty_regions.clear()
        regions = [r for r in regions if r]
        if not regions:
            return None
        spans = list(self._regions_to_spans(regions))
        lines = {y for y, _, _ in spans}
        cuts = self.cuts
        chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
        for crop in regions:
            self._fill_chops(chops, crop, lines)
        return SpanChopsUpdate(chops, spans, [cut_set[1:] for cut_set in cuts])

    def _fill_chops(self, chops: list[dict[int, Strip | None]], crop: Region, lines: set[int]) -> None:
        """Fill the chops ``crop`` touches, on its dirty lines, front to back (the first
        widget to fill a chop is the one in front), from the widgets under ``crop`` only."""
        cuts = self.cuts
        crop_left, crop_right = crop.x, crop.right
        wanted = [(chops[y], start) for y in range(crop.y, crop.bottom) if y in lines
                  for start, end in zip(cuts[y], cuts[y][1:], strict=False)
                  if end > crop_left and start < crop_right]
        for widget, (region, clip) in self.visible_widgets.items():
            if all(line.get(start) is not None for line, start in wanted):
                return      # every chop filled by the widgets in front: the rest are hidden
            visible = region.intersection(clip)
            if not visible.overlaps(crop):   # (a widget's clip is its container's: not enough)
                continue
            top, bottom = max(visible.y, crop.y), min(visible.bottom, crop.bottom)
            strips = widget.render_lines(
                Region(visible.x - region.x, top - region.y, visible.width, bottom - top))
            first_cut, last_cut = visible.column_span
            for y, strip in zip(range(top, bottom), strips, strict=False):
                if y not in lines:
                    continue
                final = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
                pieces = strip.divide([cut - visible.x for cut in final[1:]])
                line = chops[y]
                for start, end, piece in zip(final, final[1:], pieces, strict=False):
                    if end <= crop_left or start >= crop_right:
                        continue    # a chop beyond this region: another region's widgets fill it
                    if line.get(start) is None:
                        line[start] = piece
