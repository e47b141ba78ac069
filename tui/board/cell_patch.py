"""Putting new values into a DataTable's cells and repainting only those cells (the
countdown tick, a row patched in place), without Textual's ``update_cell``, which drops the
whole table's render cache and redraws every visible line. Relies on Textual 8.2's
DataTable caches (names and key layouts); tests/tui/test_board_paint.py fails if that
changes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.widgets.data_table import ColumnKey, RowKey

from .cell_render import FastCells
from .literal import cell as cell_value


class CellPatching(FastCells):
    def set_cells(self, changes: Sequence[tuple[str, str, Any]]) -> None:
        """Put new values in cells (row key, column key, value) and repaint only those cells.

        ``DataTable.update_cell`` bumps the table's update count, which every render cache is
        keyed by, and refreshes the whole widget: one countdown that moved re-rendered and
        re-sent every visible line of the table (14.8 KB/s of terminal output at 160x48,
        idle). Here the value goes into the table's data without that bump; the cached
        renders of the changed cells and of their rows' lines only are dropped, and only
        the characters that changed in those cells are refreshed (paint.py sends the terminal
        only those). Relies on Textual 8.2's DataTable caches (names and key layouts);
        tests/tui/test_board_paint.py fails if that changes."""
        rows: dict[RowKey, int] = {}
        changed: set[tuple[RowKey, ColumnKey]] = set()
        regions: list[Region] = []
        for row, column, value in changes:
            row_key, column_key = RowKey(row), ColumnKey(column)
            if row_key not in self._row_locations or column_key not in self._column_locations:
                continue    # a row filtered out meanwhile, a column not shown
            before, after = self._data[row_key][column_key], cell_value(value)
            self._data[row_key][column_key] = after
            rows[row_key] = self._row_locations.get(row_key)
            changed.add((row_key, column_key))
            cell = Coordinate(rows[row_key], self._column_locations.get(column_key))
            regions.append(self._changed_region(cell, before, after))
        if rows:
            self._forget_rows(rows, changed)
        for region in regions:    # only what changed in the cell reaches the terminal
            self._refresh_region(region)

    def _changed_region(self, cell: Coordinate, before: Any, after: Any) -> Region:
        """The part of ``cell`` whose characters differ: from the first changed character to
        the end of the longer text (``4m59s`` -> ``4m58s``: the last two cells), within
        the column. The whole cell when a style changed."""
        region = self._get_cell_region(cell)
        if not (isinstance(before, Text) and isinstance(after, Text)) \
                or before.style != after.style or before.spans != after.spans \
                or before.justify not in (None, "left") or after.justify not in (None, "left"):
            return region
        content = region.width - 2 * self.cell_padding
        old, new = before.plain, after.plain
        if "\n" in old + new:
            return region
        same = 0
        for a, b in zip(old, new, strict=False):
            if a != b:
                break
            same += 1
        # a text longer than its column is cut with an ellipsis at the column's last cell
        start = min(cell_len(new[:same]), content - 1)
        end = min(content, max(cell_len(old), cell_len(new)))
        if start >= end:
            return region
        return Region(region.x + self.cell_padding + start, region.y, end - start, region.height)

    def _forget_rows(self, rows: dict[RowKey, int], cells: set[tuple[RowKey, ColumnKey]]) -> None:
        """Drop the cached renders of the changed cells (not their rows' other cells) and of
        their rows' screen lines; the rows' cached renders get the cells' new renders."""
        for cache_key in list(self._cell_render_cache.keys()):
            if (cache_key[0], cache_key[1]) in cells:
                self._cell_render_cache.discard(cache_key)
        for index in rows.values():
            self._row_renderable_cache.discard((self._update_count, index))
        self._patch_row_renders(rows, cells)
        for line_key in list(self._line_cache.keys()):
            try:
                row_key, _ = self._get_offsets(line_key[0])
            except (LookupError, IndexError):
                continue
            if row_key in rows:
                self._line_cache.discard(line_key)

    def _patch_row_renders(self, rows: dict[RowKey, int], cells: set[tuple[RowKey, ColumnKey]]) -> None:
        """Put the changed cells' new renders into their rows' cached renders. Dropping those
        made the next paint render every cell of each row again (cache look-ups, styles,
        the row's padding): most of the idle tick's CPU, for one cell that changed. A cached
        row render is a (fixed cells, scrollable cells) pair of per-cell segment lines, keyed
        (row, line, base style, cursor, hover, cursor type, show cursor, show hover, update
        count, pseudo classes); a key made in another state, or a table with fixed columns or
        row labels, is dropped as before."""
        columns: dict[RowKey, list[int]] = {}
        for row_key, column_key in cells:
            columns.setdefault(row_key, []).append(self._column_locations.get(column_key))
        plain = not self.fixed_columns and not (self._labelled_row_exists and self.show_row_labels)
        now = (self.cursor_type, self.show_cursor, self._show_hover_cursor, self._update_count,
               self._pseudo_class_state)
        for key in list(self._row_render_cache.keys()):
            if key[0] not in rows:
                continue
            cached = self._row_render_cache.get(key)
            self._row_render_cache.discard(key)    # (LRUCache.set keeps an existing value)
            if not plain or cached is None or len(key) != 10 or tuple(key[5:]) != now:
                continue
            row_index, line_no, base_style, cursor, hover, cursor_type = rows[key[0]], *key[1:6]
            row_style = self._get_row_style(row_index, base_style)
            fixed, scrollable = cached
            patched = list(scrollable)
            for index in columns[key[0]]:
                where = Coordinate(row_index, index)
                patched[index] = self._render_cell(
                    row_index, index, row_style, self.ordered_columns[index].get_render_width(self),
                    cursor=self._should_highlight(cursor, where, cursor_type),
                    hover=self._should_highlight(hover, where, cursor_type))[line_no]
            self._row_render_cache[key] = (fixed, patched)
