"""The building (site) a piece of work is done for, and the filter that keeps every read to it.

A property company runs many buildings on one database (issue 13 item 5): every per-building
row carries ``site_id``. Rather than trust some 140 queries each to remember a
``.where(X.site == ...)``, the per-building models (``models.PerSite``) add the filter to
every ``select()`` themselves and fill ``site_id`` on every insert from here, so a read or a
write can only ever see the chosen building.

The site belongs to the store :class:`~store.context.Context`, not to the process: two
Contexts at two sites in one process (a test, a server of several boards) must each read and
write their own. So what is bound, per thread (and per asyncio task, being a
:class:`~contextvars.ContextVar`), is the *Context*, and its site is read live from it:

- a Context binds itself in the thread that makes it, and whenever it switches site;
- every read or write transaction it runs (``Context.read()``/``Context.write()``) binds it
  for that block, in whatever thread runs it (the board's poller, worker threads), and puts
  the thread's previous binding back afterwards;
- the board's poller binds its Context for its whole thread.

A thread that was never bound (a pooled worker thread) falls back to the Context made or
switched most recently in the process: right for the one-Context process (the command line,
a board), and why every store entry point used alongside another Context runs inside
``read()``/``write()``. Reads that must span every building (the overview's counts,
``audit verify``) say so with :func:`every_site`, which lifts the filter for the calling
thread only.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Protocol


class SiteHolder(Protocol):
    """What scope needs of a Context: the id of the site it works at now (None: none yet)."""

    @property
    def site_id(self) -> int | None: ...


class NoSiteChosen(RuntimeError):
    """A per-building row written before any site was chosen: a programming error."""


_bound: ContextVar[SiteHolder | None] = ContextVar("dutyboard_site_holder", default=None)
_lifted: ContextVar[bool] = ContextVar("dutyboard_every_site", default=False)
_latest: weakref.ref[Any] | None = None   # the fallback for threads never bound


def bind(holder: SiteHolder) -> None:
    """From now on this thread (or asyncio task) works for ``holder`` and its site, and an
    unbound thread falls back to it."""
    global _latest
    _bound.set(holder)
    _latest = weakref.ref(holder)


def forget() -> None:
    """A new database is opened: this thread and the fallback work for no Context yet (the
    Context made next chooses the site)."""
    global _latest
    _bound.set(None)
    _latest = None


@contextmanager
def bound(holder: SiteHolder) -> Iterator[None]:
    """Work for ``holder`` for one block (a transaction), then put the previous binding back."""
    token = _bound.set(holder)
    try:
        yield
    finally:
        _bound.reset(token)


def holder() -> SiteHolder | None:
    """The Context this thread works for (bound, else the process's latest), or None."""
    mine = _bound.get()
    if mine is not None:
        return mine
    return _latest() if _latest is not None else None


def current_site_id() -> int | None:
    who = holder()
    return who.site_id if who is not None else None


def site_for_insert() -> int:
    """The default of every ``site_id`` column: the bound Context's site."""
    site = current_site_id()
    if site is None:
        raise NoSiteChosen("no site chosen: a per-building row needs one (Context(site=...))")
    return site


def filter_site() -> int | None:
    """The site every read is filtered to in this thread, or None (no site, or lifted)."""
    return None if _lifted.get() else current_site_id()


def this_site_or_company() -> Any:
    """The audit rows of the chosen site and the company-wide ones (people, sites, settings):
    what a building's board and ``audit`` list show."""
    from .models import Audit
    site = filter_site()
    return Audit.site.is_null() | (Audit.site == site) if site is not None else Audit.id.is_null(False)


@contextmanager
def every_site() -> Iterator[None]:
    """Read across every building in this thread (the overview, the audit check)."""
    token = _lifted.set(True)
    try:
        yield
    finally:
        _lifted.reset(token)
