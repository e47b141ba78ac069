"""A DataTable cell drawn without Rich's generic layers.

``DataTable._render_cell`` draws a cell as ``Styled(Padding(cell, (0, p)), pre, post)``
through ``Console.render_lines``: for a one-line ``Text`` in a row one line high (every cell
of the board) most of that work is the layers' own (measuring, wrapping generators, three
passes of line splitting), two thirds of drawing a table's screenful. ``text_cell`` makes
the same segments for that case in one pass; ``tests/tui/test_board_cell_render.py`` holds it
to Textual's own result for any text, style, span, width and padding. Relies on Textual 8.2's
DataTable (the cell cache's key and ``_get_styles_to_render_cell``); that test fails if it
changes."""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice
from typing import Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import DataTable

_NULL = Style.null()


def text_cell(console: Console, options: Callable[[], ConsoleOptions], cell: Text, width: int,
              padding: int, pre: Style, post: Style | None) -> list[list[Segment]]:
    """The one line ``DataTable`` draws for ``cell`` (a Text without line breaks or tabs) in
    a column ``width`` cells wide, ``padding`` cells each side, ``pre`` and ``post`` styles
    round it; ``options`` gives the app's console options (made anew on each call: only the
    general case needs them)."""
    inner = width - 2 * padding
    if not cell.justify and cell.plain and cell_len(cell.plain) <= inner:
        return [fitting_cell(console, cell, inner, padding, pre, post)]
    inner_options = options().update(width=inner, height=1, no_wrap=True)
    body = next(Segment.split_and_crop_lines(cell.__rich_console__(console, inner_options), inner,
                                             style=_NULL, pad=True, include_new_lines=False),
                [Segment(" " * inner, _NULL)])
    side = [Segment(" " * padding, _NULL)] if padding else []
    styled = Segment.apply_style([*side, *body, *side, Segment.line()], style=pre, post_style=post)
    lines = list(islice(Segment.split_and_crop_lines(styled, width, include_new_lines=False, pad=True),
                        None, 1))
    return lines or [[Segment(" " * width)]]


def fitting_cell(console: Console, cell: Text, inner: int, padding: int, pre: Style,
                 post: Style | None) -> list[Segment]:
    """``text_cell`` for the common case, a text that fits and is not justified (the board's
    cells): its own segments, padded to the column, the styles round them, with none of the
    wrapping, joining, cropping and splitting that leave such a line as it was (the first
    paint of a large site's tables draws hundreds of them)."""
    if cell.spans:
        body = list(cell.render(console))
    else:   # ``Text.render`` leaves a span-less text's own style out: Rich's layers add it
        body = [Segment(cell.plain, console.get_style(cell.style, default=_NULL) if cell.style else None)]
    if (spare := inner - cell_len(cell.plain)) > 0:
        body.append(Segment(" " * spare, _NULL))
    if padding:
        side = Segment(" " * padding, _NULL)
        body = [side, *body, side]
    return list(Segment.apply_style(body, style=pre, post_style=post))


class FastCells(DataTable):
    """``_render_cell`` through ``text_cell`` for the board's cells, Textual's own for any
    other (the header, labels, a taller row, a cell that is not plain one-line Text)."""

    _render_style: Style | None = None   # the widget's style, for the lines of one render

    def render_lines(self, crop: Region) -> list[Strip]:
        """The widget's Rich style worked out once for the lines of one render:
        ``DataTable.render_line`` asks for it for every line, and each time it walks the
        styles of every ancestor (a sixth of the first full render of the board)."""
        self._render_style = super().rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._render_style = None

    @property
    def rich_style(self) -> Style:
        return self._render_style if self._render_style is not None else super().rich_style

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                     cursor: bool = False, hover: bool = False) -> Any:
        if row_index < 0 or column_index < 0 or width - 2 * self.cell_padding <= 0:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        row = self.rows.get(row_key) if row_key is not None else None
        if row is None or row.height != 1:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        column_key = self._column_locations.get_key(column_index)
        key = (row_key, column_key, base_style, cursor, hover, self._show_hover_cursor,
               self._update_count, self._pseudo_class_state)
        lines = self._cell_render_cache.get(key)
        if lines is not None:
            return lines
        cell = self._get_row_renderables(row_index).cells[column_index]
        if not isinstance(cell, Text) or "\n" in cell.plain or "\t" in cell.plain:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        component_style, post_style = self._get_styles_to_render_cell(
            False, False, row_index < self.fixed_rows or column_index < self.fixed_columns,
            hover, cursor, self.show_cursor, self._show_hover_cursor,
            self.cursor_foreground_priority == "css", self.cursor_background_priority == "css")
        pre = base_style + Style.from_meta({"row": row_index, "column": column_index}) + component_style
        app = self.app
        lines = text_cell(app.console, lambda: app.console_options, cell, width, self.cell_padding,
                          pre, post_style)
        self._cell_render_cache[key] = lines
        return lines
