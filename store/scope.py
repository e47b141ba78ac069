"""The building (site) this process works at, and the filter that keeps every read to it.

A property company runs many buildings on one database (issue 13 item 5): every per-building
row carries ``site_id``. Rather than trust some 140 queries each to remember a
``.where(X.site == ...)``, the per-building models (``models.PerSite``) add the filter to
every ``select()`` themselves and fill ``site_id`` on every insert from here, so a read or a
write can only ever see the chosen building.

One process works at one building at a time: the store :class:`~store.context.Context` sets
it when it opens (``--site``) and when the board switches site (the overview screen). It is
a plain module value, not a context variable, because the board reads from worker threads.
Reads that must span every building (the overview's counts, ``audit verify``) say so with
:func:`every_site`, which lifts the filter for the calling thread only.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_current: int | None = None
_lifted = threading.local()


class NoSiteChosen(RuntimeError):
    """A per-building row written before any site was chosen: a programming error."""


def use_site(site_id: int | None) -> None:
    """Work at ``site_id`` from now on (None: no site yet, e.g. before ``init``)."""
    global _current
    _current = site_id


def current_site_id() -> int | None:
    return _current


def site_for_insert() -> int:
    """The default of every ``site_id`` column: the chosen site."""
    if _current is None:
        raise NoSiteChosen("no site chosen: a per-building row needs one (Context(site=...))")
    return _current


def filter_site() -> int | None:
    """The site every read is filtered to in this thread, or None (no site, or lifted)."""
    return None if getattr(_lifted, "on", False) else _current


def this_site_or_company() -> Any:
    """The audit rows of the chosen site and the company-wide ones (people, sites, settings):
    what a building's board and ``audit`` list show."""
    from .models import Audit
    site = filter_site()
    return Audit.site.is_null() | (Audit.site == site) if site is not None else Audit.id.is_null(False)


@contextmanager
def every_site() -> Iterator[None]:
    """Read across every building in this thread (the overview, the audit check)."""
    before = getattr(_lifted, "on", False)
    _lifted.on = True
    try:
        yield
    finally:
        _lifted.on = before
