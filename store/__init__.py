"""The store: Peewee models, reads and writes.

Peewee (and Peewee's migration module) import the PostgreSQL drivers at their own import
when the drivers are installed: about 0.2 s of every command's start, SQLite or not. Once
this package is imported, Peewee's own import (by the first store module that needs it)
runs with the drivers hidden (:class:`PeeweeWithoutDrivers`); store/pgdriver.py brings the
driver (psycopg 3, or psycopg2 where only it is installed) in when a PostgreSQL database is
opened. Peewee is not imported here: ``store.errors`` and the command line's ``--help`` load
without it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib.machinery import ModuleSpec
    from types import ModuleType

PG_DRIVERS = ("psycopg2", "psycopg")


@contextmanager
def pg_drivers_hidden() -> Iterator[None]:
    """Within: ``import psycopg2`` (or psycopg) fails unless it was already loaded."""
    hidden = [name for name in PG_DRIVERS if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # "import X" now raises ImportError
    try:
        yield
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]


class _HidingLoader:
    """Peewee's own loader, run with the drivers hidden. (Duck-typed: importlib.abc would
    load importlib.resources, tempfile and zlib into every command's start.)"""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self.inner.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        with pg_drivers_hidden():
            self.inner.exec_module(module)


class PeeweeWithoutDrivers:
    """On the sys.meta_path while Peewee is not loaded: its first import hides the drivers."""

    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        if fullname != "peewee":
            return None
        from importlib.machinery import PathFinder
        sys.meta_path.remove(self)   # type: ignore[arg-type]  # once: then Peewee's own import
        spec = PathFinder.find_spec(fullname, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _HidingLoader(spec.loader)  # type: ignore[assignment]
        return spec


if "peewee" not in sys.modules and not any(isinstance(f, PeeweeWithoutDrivers) for f in sys.meta_path):
    sys.meta_path.insert(0, PeeweeWithoutDrivers())  # type: ignore[arg-type]
