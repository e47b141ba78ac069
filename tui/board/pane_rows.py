"""One pane's rows kept in order by a unique sort key, each row owned by a source (a
meeting, a task, a ticket, a day): derive.py puts a source's rows, the table takes what
changed (the order when a row came, went or moved; the rows whose cells changed)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Hashable, Iterator
from typing import Any

from .refs import RowRef

Cells = tuple     # a row's cells: a tuple, or LazyCells (below), which reads as one


class LazyCells:
    """A row's cells worked out when first read, then kept (issue 13).

    A full derivation of the large site puts 2,000 ticket rows and 3,500 escalation rows, of
    which the tables show the first 300 and 200 (the rest behind "… N more — / to filter"):
    working out every cell of every row was a third of the derivation. Reads as the tuple
    ``make()`` returns (index, slice, iterate, ``len``, ``==`` with a tuple or another
    ``LazyCells``), so the table, its filter (which reads every row: each is worked out
    then) and the tick take it as they take a tuple. ``make`` must hold everything the cells
    depend on (the instant, the snapshot, the highlight as it was): the cells are the ones
    it would have made at the time of the derivation.
    """

    __slots__ = ("_cells", "_make")

    def __init__(self, make: Callable[[], tuple]) -> None:
        self._make: Callable[[], tuple] | None = make
        self._cells: tuple | None = None

    @property
    def cells(self) -> tuple:
        cells = self._cells
        if cells is None:
            assert self._make is not None
            cells, self._make = self._make(), None
            self._cells = cells
        return cells

    @property
    def made(self) -> bool:
        """Worked out yet (tests, the bench)."""
        return self._cells is not None

    def __getitem__(self, index: Any) -> Any:
        return self.cells[index]

    def __len__(self) -> int:
        return len(self.cells)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.cells)

    def __contains__(self, value: object) -> bool:
        return value in self.cells

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyCells):
            return other is self or self.cells == other.cells
        if isinstance(other, tuple):
            return self.cells == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]   # as a tuple of Text: not hashable

    def __add__(self, other: object) -> tuple:
        if isinstance(other, (tuple, LazyCells)):
            return self.cells + tuple(other)
        return NotImplemented

    def __radd__(self, other: object) -> tuple:
        if isinstance(other, tuple):
            return other + self.cells
        return NotImplemented

    def __repr__(self) -> str:
        return f"LazyCells({self.cells!r})"


def made(cells: Cells | LazyCells) -> tuple:
    """The cells as a tuple (working them out if they are not yet)."""
    return cells.cells if isinstance(cells, LazyCells) else cells
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
        self.over: set[RowRef] = set()   # rows whose time was over when derived (venues)

    def put(self, source: Source, entries: list[tuple[RowRef, tuple, Cells]],
            over: bool | None = None) -> None:
        """The source's rows are now exactly ``entries`` (key, sort key, cells); ``over``:
        their time is over (a meeting that ended), for a windowed table (None: not timed)."""
        self.derived += len(entries)
        owned = self._owned.pop(source, None)
        if owned:
            keep = {ref for ref, _, _ in entries}
            for ref in owned:
                if ref not in keep:
                    self._unplace(ref)
                    del self.cells[ref]
                    self.touched.pop(ref, None)
                    self.over.discard(ref)
        if entries:
            self._owned[source] = [ref for ref, _, _ in entries]
        if over is not None:
            for ref, _, _ in entries:
                if over:
                    self.over.add(ref)
                else:
                    self.over.discard(ref)
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

    def first_live(self) -> int:
        """Where a windowed table starts: the place of the first row whose time was not over
        when derived (the number of rows when every one is over)."""
        over = self.over
        if not over:
            return 0
        for index, ref in enumerate(self.order):
            if ref not in over:
                return index
        return len(self.order)

    def take(self) -> tuple[list[RowRef] | None, dict[RowRef, Cells]]:
        """(the new order, or None when no row moved; the rows whose cells changed)."""
        order = list(self.order) if self.moved else None
        touched, self.touched, self.moved = self.touched, {}, False
        return order, touched

    def rows(self) -> list[tuple[RowRef, Cells]]:
        return [(ref, self.cells[ref]) for ref in self.order]
