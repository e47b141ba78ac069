"""A DataTable row's cells by column, worked out when the table first reads them.

``DataTable`` keeps each row as a dict of its cells by column key (``DataTable._data``). At
the first full board the tables of a large site take 800 rows at once (300 meetings, 300
tickets, 200 escalations and the departments' tasks), of which about 60 are on screen: making
every one's cells (its ``LazyCells``, derive.py, and the Text of each shown column) was half
of filling the tables, and most of it was never looked at before the next change replaced
it. ``RowData`` is that dict made on first use: every way of reading or changing it (an
item, ``get``, ``in``, iterating, ``keys``/``values``/``items``, ``len``, ``==``, ``pop``,
``update``...) first fills it from ``make``; after that it is the dict ``make`` returned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any


class RowData(dict):  # type: ignore[type-arg]
    __slots__ = ("_make",)

    def __init__(self, make: Callable[[], dict[Any, Any]]) -> None:
        super().__init__()
        self._make: Callable[[], dict[Any, Any]] | None = make

    @property
    def made(self) -> bool:
        """Filled yet (tests)."""
        return self._make is None

    def _filled(self) -> RowData:
        make = self._make
        if make is not None:
            self._make = None
            dict.update(self, make())
        return self

    def __getitem__(self, key: Any) -> Any:
        return dict.__getitem__(self._filled(), key)

    def __setitem__(self, key: Any, value: Any) -> None:
        dict.__setitem__(self._filled(), key, value)

    def __delitem__(self, key: Any) -> None:
        dict.__delitem__(self._filled(), key)

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self._filled(), key)

    def __iter__(self) -> Iterator[Any]:
        return dict.__iter__(self._filled())

    def __reversed__(self) -> Iterator[Any]:
        return dict.__reversed__(self._filled())

    def __len__(self) -> int:
        return dict.__len__(self._filled())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RowData):
            other._filled()
        return dict.__eq__(self._filled(), other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return dict.__repr__(self._filled())

    def __or__(self, other: Any) -> Any:
        return dict.__or__(self._filled(), other)

    def __ior__(self, other: Any) -> RowData:
        dict.update(self._filled(), other)
        return self

    def get(self, key: Any, default: Any = None) -> Any:
        return dict.get(self._filled(), key, default)

    def keys(self) -> Any:
        return dict.keys(self._filled())

    def values(self) -> Any:
        return dict.values(self._filled())

    def items(self) -> Any:
        return dict.items(self._filled())

    def pop(self, key: Any, *default: Any) -> Any:
        return dict.pop(self._filled(), key, *default)

    def popitem(self) -> tuple[Any, Any]:
        return dict.popitem(self._filled())

    def setdefault(self, key: Any, default: Any = None) -> Any:
        return dict.setdefault(self._filled(), key, default)

    def update(self, *args: Any, **kwargs: Any) -> None:
        dict.update(self._filled(), *args, **kwargs)

    def clear(self) -> None:
        self._make = None
        dict.clear(self)

    def copy(self) -> dict[Any, Any]:
        return dict(dict.items(self._filled()))

    def __reduce__(self) -> Any:
        return (dict, (dict(dict.items(self._filled())),))
