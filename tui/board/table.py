"""A DataTable that updates in place: keyed rows, ``update_cell`` only for changed
values; rows that come, go or move are added, removed and re-placed without rebuilding the
others (a rebuild only when most of them change), keeping the cursor on its row.
A table with a ``cap`` shows the first rows (of those the filter matches: the filter searches
every row, shown or not) and a final row "… 3,412 more — / to filter"; a windowed one shows
a window of them, under "… 1,180 earlier — / to filter" (table_window.py).
Rows are keyed by ``RowRef``; column widths come from columns.py (the pane's width), which
may leave the least essential columns out of a narrow pane: rows always carry every
column's cell, the table shows those of the columns shown."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rich.text import Text
from textual import events
from textual._two_way_dict import TwoWayDict
from textual.geometry import Size
from textual.widgets.data_table import CellKey, RowKey

from .columns import Column, column_widths
from .i18n import Translator
from .keys import TABLE, bindings
from .refs import RowRef
from .table_fill import TableFill
from .table_window import EARLIER, MORE, window

__all__ = ["EARLIER", "MORE", "BoardTable"]

Cells = tuple[Any, ...]
REBUILD_OVER = 64                 # more rows than this coming or going: rebuild the table


class BoardTable(TableFill):
    BINDINGS = bindings(TABLE)

    def __init__(self, columns: Sequence[Column], t: Translator, cap: int | None = None,
                 windowed: bool = False, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self._columns = tuple(columns)
        self._t = t
        self.cap = cap
        self._all: dict[RowRef, Cells] = {}      # every row, filtered or not, shown or not
        self._all_order: list[RowRef] = []
        self._hits: dict[RowRef, bool] = {}      # does the row match filter_text (cached)
        self._hits_for = ""
        self._rows: dict[RowRef, Cells] = {}     # the rows shown
        self._order: list[RowRef] = []
        self.more = 0                             # rows the filter matches beyond the cap
        self.earlier = 0                          # rows before the window (windowed)
        self.windowed = windowed                  # a window of the rows from ``start``, unfiltered
        self.start = 0                            # where the window starts in every row
        self.filter_text = ""
        self._shown: tuple[str, ...] = ()   # keys of the columns shown
        self._made_for: Size | None = None  # the size the first layout made the table for

    def on_mount(self) -> None:
        if self.size.width:   # else at the first layout that gives it a width (_size_updated)
            self._set_columns(column_widths(self._columns, self._t, self.size.width - 1))

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                      layout: bool = True) -> bool:
        """The first layout that gives the table a width makes its columns and rows at
        once, before the first paint (issue 13, the first full board). Left to the Resize
        event, that came after the first paint: the board was painted with empty tables, then
        every row was added and the tables painted again."""
        resized = super()._size_updated(size, virtual_size, container_size, layout)
        if size.width and not self.columns and self._columns:
            self._set_columns(column_widths(self._columns, self._t, size.width - 1))
            self._made_for = size
            if self._require_update_dimensions:   # the rows' height now, not at idle: the
                self._require_update_dimensions = False   # paint that follows shows them
                new_rows, self._new_rows = set(self._new_rows), set()
                self._update_dimensions(new_rows)
            # and the scrollbars for those rows now (what the super call above did for none):
            # the screen's first layout places them before it paints (first_layout.py)
            self._scroll_update(self.virtual_size)
        return resized

    def _set_columns(self, widths: dict[str, int]) -> None:
        """(Re)build the columns shown, then the rows (a narrow pane leaves some out)."""
        self._shown = tuple(c.key for c in self._columns if c.key in widths)
        keep = self.selected if self.row_count or not self.earlier else None
        with self.app.batch_update():
            self.clear(columns=True)
            for column in self._columns:
                if column.key in widths:
                    self.add_column(Text(self._t(column.label)), key=column.key,
                                    width=widths[column.key])
            self._add_rows(self._order, self.more)
            if keep in self._rows:
                self.move_cursor(row=self._order.index(keep) + self._lead, animate=False)
            elif keep is None and self.earlier:
                self._restore(None)

    @property
    def shown_columns(self) -> tuple[str, ...]:
        return self._shown

    def on_resize(self, event: events.Resize) -> None:
        """Flexible columns share the pane's width (the scrollbar's gutter is always kept)."""
        if event.size == self._made_for:
            # the Resize of the first layout, which made the table for this size already:
            # not DataTable's, which would drop every cached render of the first paint
            self._made_for = None
            event.prevent_default()
            return
        self._made_for = None
        widths = column_widths(self._columns, self._t, event.size.width - 1)
        if tuple(c.key for c in self._columns if c.key in widths) != self._shown:
            self._set_columns(widths)
            return
        changed = False
        for key, width in widths.items():
            column = self.columns.get(key)  # type: ignore[call-overload]
            if column is not None and column.width != width:
                column.width, changed = width, True
        if changed:
            self._clear_caches()
            self._require_update_dimensions = True
            self.refresh()

    # -- what the table shows -----------------------------------------------------------
    @property
    def keys(self) -> list[RowRef]:
        """The rows shown, top to bottom."""
        return list(self._order)

    def cells(self, key: RowRef) -> Cells:
        return self._rows[key]

    @property
    def _lead(self) -> int:
        """The DataTable rows above the first row shown: the "earlier" row, if any."""
        return 1 if self.earlier else 0

    @property
    def selected(self) -> RowRef | None:
        """The row under the cursor: a row's key, ``MORE`` on the final "more" row,
        ``EARLIER`` on the first "earlier" row."""
        if self.earlier and self.cursor_row == 0:
            return EARLIER
        row = self.cursor_row - self._lead
        if self.more and row == len(self._order):
            return MORE
        if not self._order or row < 0 or row >= len(self._order):
            return None
        return self._order[row]

    @property
    def total(self) -> int:
        """Every row the table holds, shown or not."""
        return len(self._all_order)

    def visible_keys(self) -> list[RowRef]:
        top = int(self.scroll_y) - self._lead
        height = max(1, self.size.height)
        return self._order[max(0, top): top + height]

    def _matches(self, key: RowRef) -> bool:
        if not self.filter_text:
            return True
        if self._hits_for != self.filter_text:
            self._hits, self._hits_for = {}, self.filter_text
        hit = self._hits.get(key)
        if hit is None:
            needle = self.filter_text.lower()
            hit = self._hits[key] = any(needle in str(c).lower() for c in self._all[key])
        return hit

    def sync(self, rows: Sequence[tuple[RowRef, Cells]], start: int = 0) -> None:
        """Show exactly ``rows`` (key, cells), touching as little as possible; ``start``:
        where a windowed table's window starts (the place of the first row not over)."""
        self._all = dict(rows)
        self._all_order = [k for k, _ in rows]
        self._hits = {}
        self.start = start
        self._show(None)

    def refilter(self) -> None:
        """The filter changed: show the rows it matches."""
        self._show(None)

    def patch(self, order: list[RowRef] | None, changed: dict[RowRef, Cells], start: int = 0) -> None:
        """Some rows changed: ``changed`` (key, cells), and when rows came, went or moved the
        new ``order`` of every row (None: the same rows in the same order); ``start``: where
        a windowed table's window starts now (it moves on as meetings end)."""
        self.start = start
        self._all.update(changed)
        for key in changed:
            self._hits.pop(key, None)
        if order is not None:
            for key in set(self._all_order) - set(order):
                self._all.pop(key, None)
                self._hits.pop(key, None)
            self._all_order = order
        self._show(changed.keys())

    def _show(self, changed: Iterable[RowRef] | None) -> None:
        """Bring the DataTable to the rows that match, up to the cap; ``changed``: the rows
        whose cells may differ (None: any)."""
        matching = [k for k in self._all_order if self._matches(k)] if self.filter_text \
            else self._all_order
        # a filter typed: no window (the first matches from the start of the day)
        start = self.start if self.windowed and not self.filter_text else None
        order, earlier, more = window(matching, self.cap, start)
        if not self.columns:   # before its first Resize: the rows come with the columns
            self._rows = {key: self._all[key] for key in order}   # (_set_columns), painted once
            self._order, self.more, self.earlier = order, more, earlier
            return
        if order == self._order and bool(earlier) == bool(self.earlier):
            changes: list[tuple[str, str, Any]] = []
            for key in self._order if changed is None else (k for k in changed if k in self._rows):
                self._cell_changes(key, self._all[key], changes)
            changes += self._extra_changes(earlier, more)
            self.set_cells(changes)
            return
        if len(set(order).symmetric_difference(self._order)) > REBUILD_OVER \
                or bool(more) != bool(self.more) or bool(earlier) != bool(self.earlier):
            self._rebuild(order, earlier, more)
        else:
            self._replace(order, earlier, more)

    def _cell_changes(self, key: RowRef, cells: Cells, changes: list[tuple[str, str, Any]]) -> None:
        old = self._rows.get(key)
        if old == cells:
            return
        for column, value, before in zip(self._columns, cells, old or (None,) * len(cells), strict=True):
            if value != before and column.key in self._shown:
                changes.append((str(key), column.key, value))
        self._rows[key] = cells

    def _extra_changes(self, earlier: int, more: int) -> list[tuple[str, str, Any]]:
        """The counts of the "earlier" and "more" rows, when they changed (both rows are
        there, or not, as before)."""
        changed = ([EARLIER] if earlier != self.earlier else []) + ([MORE] if more != self.more else [])
        self.earlier, self.more = earlier, more
        return [(str(ref), c.key, v) for ref in changed
                for c, v in zip(self._columns, self._extra_cells(ref), strict=True) if c.key in self._shown]

    def _rebuild(self, order: list[RowRef], earlier: int, more: int) -> None:
        keep = self.selected
        with self.app.batch_update():
            self.clear()
            self._rows = {key: self._all[key] for key in order}
            self._order, self.more, self.earlier = order, more, earlier
            self._add_rows(order, more)
            self._restore(keep)

    def _replace(self, order: list[RowRef], earlier: int, more: int) -> None:
        """Few rows came or went: remove those, add those, put every row in its place (what
        ``DataTable.sort`` does), update the cells of the rows that stayed."""
        keep = self.selected
        wanted = set(order)
        for key in [k for k in self._order if k not in wanted]:
            row_key = RowKey(str(key))
            for column_key in self._data.get(row_key, {}):
                self._updated_cells.discard(CellKey(row_key, column_key))
            del self.rows[row_key]
            del self._data[row_key]
            del self._rows[key]
        changes: list[tuple[str, str, Any]] = []
        for key in order:
            if key in self._rows:
                self._cell_changes(key, self._all[key], changes)
            else:
                self._rows[key] = self._all[key]
                self.add_row(*self._visible(self._rows[key]), key=str(key))
        self._order = order
        changes += self._extra_changes(earlier, more)
        head, tail = [EARLIER] if earlier else [], [MORE] if more else []
        self._row_locations = TwoWayDict({RowKey(str(k)): i for i, k in enumerate(head + order + tail)})
        self._require_update_dimensions = True
        self._update_count += 1
        self._restore(keep)
        self.set_cells(changes)
        self.refresh(layout=True)

    def _restore(self, keep: RowRef | None) -> None:
        """The cursor back on the row it was on (wherever that is now). In a window (no
        filter): on the nearest row shown when the window moved past its row, on the first
        row shown when there was no row (not the "earlier" row)."""
        if keep in self._rows:
            self.move_cursor(row=self._order.index(keep) + self._lead, animate=False)
        elif keep == MORE and self.more:
            self.move_cursor(row=self._lead + len(self._order), animate=False)
        elif keep == EARLIER and self.earlier:
            self.move_cursor(row=0, animate=False)
        elif self.windowed and not self.filter_text and self._order and (keep is None or keep in self._all):
            order = self._all_order
            after = keep is not None and order.index(keep) > order.index(self._order[0])
            self.move_cursor(row=self._lead + (len(self._order) - 1 if after else 0), animate=False)
        else:
            self.cursor_coordinate = self.cursor_coordinate   # kept within the rows

    def update_column(self, column: str, values: dict[RowRef, Any]) -> None:
        """Set one column for some rows (the per-second countdown tick): only the cells whose
        text changed are touched, and only they are repainted."""
        index = [c.key for c in self._columns].index(column)
        changes: list[tuple[str, str, Any]] = []
        for key, value in values.items():
            cells = self._rows.get(key)
            if cells is None or cells[index] == value:
                continue
            if column in self._shown:
                changes.append((str(key), column, value))
            self._rows[key] = cells[:index] + (value,) + cells[index + 1:]
            derived = self._all.get(key)    # what a refilter shows again: the new value,
            if derived is not None:          # not the one derived with the snapshot
                self._all[key] = derived[:index] + (value,) + derived[index + 1:]
        self.set_cells(changes)

    def action_scroll_top(self) -> None:
        self.move_cursor(row=0)

    def action_scroll_bottom(self) -> None:
        self.move_cursor(row=max(0, self._lead + len(self._order) - 1 + (1 if self.more else 0)))
