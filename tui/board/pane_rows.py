"""One pane's rows kept in order by a unique sort key, each row owned by a source (a
meeting, a task, a ticket, a day): derive.py puts a source's rows, the table takes what
changed (the order when a row came, went or moved; the rows whose cells changed)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Hashable

from .refs import RowRef

Cells = tuple
Source = tuple[str, Hashable]     # ("meeting", 3), ("task", 12), ("ticket", 5), ("day", date), ("group", 3)


class PaneRows:
    """One pane's rows by key, kept in order by a unique sort key, each owned by a source."""

    def __init__(self) -> None:
        self.cells: dict[RowRef, Cells] = {}
        self._sort: dict[RowRef, tuple] = {}
        self._sorted: list[tuple] = []        # the sort keys, in order
        self.order: list[RowRef] = []
        self._owned: dict[Source, list[RowRef]] = {}
        self.touched: dict[RowRef, Cells] = {}   # rows whose cells changed since take()
        self.moved = False                         # a row came, went or changed place
        self.derived = 0                           # rows derived so far (tests, the bench)
        self.bulk = False     # filling a new pane: rows appended, sorted once by finish()

    def put(self, source: Source, entries: list[tuple[RowRef, tuple, Cells]]) -> None:
        """The source's rows are now exactly ``entries`` (key, sort key, cells)."""
        self.derived += len(entries)
        owned = self._owned.pop(source, None)
        if owned:
            keep = {ref for ref, _, _ in entries}
            for ref in owned:
                if ref not in keep:
                    self._unplace(ref)
                    del self.cells[ref]
                    self.touched.pop(ref, None)
        if entries:
            self._owned[source] = [ref for ref, _, _ in entries]
        for ref, sort, cells in entries:
            sort = (*sort, str(ref))
            if self.bulk:
                self._sort[ref] = sort
                self._sorted.append(sort)
                self.order.append(ref)
                self.cells[ref] = self.touched[ref] = cells
                continue
            if self._sort.get(ref) != sort:
                if ref in self._sort:
                    self._unplace(ref)
                index = bisect_left(self._sorted, sort)
                self._sorted.insert(index, sort)
                self.order.insert(index, ref)
                self._sort[ref] = sort
                self.moved = True
            if self.cells.get(ref) != cells:
                self.cells[ref] = cells
                self.touched[ref] = cells

    def finish(self) -> None:
        """The end of a bulk fill: every row in its place (sort keys are unique)."""
        if self.bulk:
            pairs = sorted(zip(self._sorted, self.order, strict=True), key=lambda p: p[0])
            self._sorted = [p[0] for p in pairs]
            self.order = [p[1] for p in pairs]
            self.bulk, self.moved = False, True

    def _unplace(self, ref: RowRef) -> None:
        index = bisect_left(self._sorted, self._sort.pop(ref))
        del self._sorted[index]
        del self.order[index]
        self.moved = True

    def take(self) -> tuple[list[RowRef] | None, dict[RowRef, Cells]]:
        """(the new order, or None when no row moved; the rows whose cells changed)."""
        order = list(self.order) if self.moved else None
        touched, self.touched, self.moved = self.touched, {}, False
        return order, touched

    def rows(self) -> list[tuple[RowRef, Cells]]:
        return [(ref, self.cells[ref]) for ref in self.order]
