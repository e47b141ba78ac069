"""The store's context: database, rulebook, clock and the acting person.

Every write goes through :meth:`Context.write`: one transaction that checks the
permission, applies the rule, writes, and appends the audit record, or writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import arrow
import peewee
from dutyboard.rules import Clock, Rulebook, RuleViolation, SystemClock, load_rulebook, permitted
from dutyboard.rules.permissions import refusal
from dutyboard.rules.rulebook import RulebookError

from . import audit, scope, sites
from .db import is_sqlite, unavailable, write_transaction
from .errors import NotFound, NotPermitted, Refused, UsageError
from .models import BaseModel, Person, Setting, Site

RULEBOOK_SETTING = "rulebook"


class Context:
    """``login`` is the dutyboard user acted as; ``real_login`` the OS login that runs the
    process (they differ only under an administrator's ``--as``). ``clock`` is the instant the
    rules apply at (``--now``); ``wall`` the real time every audit row records.

    ``rulebook_file`` (``--rulebook``) is a private "what if" for reads: inside a write, and in
    a context made with ``writes=True``, :attr:`book` is the site's stored rulebook alone.
    """

    def __init__(self, db: peewee.Database, clock: Clock, login: str,
                 rulebook_file: str | None = None, *, real_login: str | None = None,
                 wall: Clock | None = None, writes: bool = False, site: str | None = None,
                 site_required: bool = True) -> None:
        self.db = db
        self.clock = clock
        self.login = login
        self.real_login = real_login or login
        self.wall = wall or SystemClock()
        self.rulebook_file = rulebook_file
        self.committed = 0  # transactions this context committed (the CLI then never fails)
        self.writing = writes
        # Why this session may not write at all (``--readonly``; ``--now`` for a login that is
        # not the administrator on a real site), or None. Checked by every write, so the board
        # and the command line refuse alike.
        self.write_refusal: str | None = None
        self.site: Site | None = sites.choose(site, login, required=site_required)
        scope.bind(self)  # the thread that makes a Context works for it (store/scope.py)
        self._site_book, self._read_book = self._load_rulebooks()

    def use_site(self, site: Site) -> None:
        """Work at another building from now on (the board's overview opens a site's board);
        the person must belong to it."""
        before = self.site
        self.site = site
        scope.bind(self)
        try:
            self.actor()
            self.reload_rulebook()
        except Exception:
            self.site = before
            raise

    @property
    def site_id(self) -> int | None:
        """The site this context works at now: what its reads are filtered to and its
        inserts take (store/scope.py reads it live, so a switch is seen by every thread
        working for this context)."""
        return self.site.id if self.site is not None else None

    def resume_site(self) -> None:
        """This thread works for this context from now on (the board's poller thread)."""
        scope.bind(self)

    @contextmanager
    def read(self) -> Iterator[None]:
        """One consistent read at this context's site, in whatever thread runs it: another
        Context in the same process (or thread) cannot move it. The thread's previous binding
        comes back afterwards."""
        with scope.bound(self), self.db.atomic():
            yield

    def _load_rulebooks(self) -> tuple[Rulebook, Rulebook]:
        stored = Setting.get_or_none(Setting.key == RULEBOOK_SETTING)
        texts: tuple[tuple[str, str], ...] = (
            (("stored rulebook (rulebook set)", stored.value),) if stored else ())
        if self.site is not None and self.site.rulebook:  # the building's own, over the company's
            texts += ((f"site {self.site.code} rulebook (site rulebook)", self.site.rulebook),)
        if self.site is not None and Site.select().count() > 1:  # the header names the building
            texts += ((f"site {self.site.code}", sites.name_toml(self.site)),)
        try:
            site = load_rulebook(texts=texts)
            if not self.rulebook_file:
                return site, site
            return site, load_rulebook(self.rulebook_file, texts=texts)
        except RulebookError as exc:
            raise UsageError(str(exc)) from None

    def reload_rulebook(self) -> None:
        self._site_book, self._read_book = self._load_rulebooks()

    @property
    def book(self) -> Rulebook:
        return self._site_book if self.writing else self._read_book

    @property
    def tz(self) -> str:
        return self.book.tz

    def now(self) -> arrow.Arrow:
        return self.clock.now()

    def actor(self) -> Person:
        person = Person.get_or_none(Person.login == self.login)
        if person is None and not Person.select().exists():
            raise NotPermitted("this database has no site yet: run dutyboard init (you become its "
                               "manager), or dutyboard demo for a training database", "no_site")
        if person is None or not person.active:
            raise NotPermitted(f"'{self.login}' is not a dutyboard user here; "
                               "a manager adds users with: dutyboard user add LOGIN --role ROLE",
                               "not_user", {"login": self.login})
        sites.check_member(self, person)
        return person

    def require(self, action: str, dept: str | None = None) -> Person:
        person = self.actor()
        ok, why = permitted(person.role, action, person.dept_set, dept)
        if not ok:
            kind, values = refusal(person.role, action, person.dept_set, dept) or ("", {})
            raise NotPermitted(f"{self.login}: not permitted: {why}", kind, values)
        return person

    @contextmanager
    def write(self) -> Iterator[None]:
        """One transaction; a RuleViolation inside becomes Refused and nothing is written.
        A database that cannot take the write (busy past the wait, read-only, disk full, the
        connection lost) becomes Unavailable (exit 6). Nested calls join the outer transaction,
        so a command naming several records writes all of them or none."""
        if self.write_refusal:
            raise NotPermitted(self.write_refusal)
        outermost = self.db.transaction_depth() == 0
        was_writing, self.writing = self.writing, True
        try:
            with scope.bound(self), write_transaction(self.db):  # at this context's site
                yield
        except RuleViolation as exc:
            raise Refused(str(exc), exc.rule, exc.hint) from None
        except (peewee.OperationalError, peewee.InterfaceError) as exc:
            raise unavailable(exc) from None
        finally:
            self.writing = was_writing
        if outermost:
            self.committed += 1

    def audit(self, action: str, entity: str, entity_id: int | None,
              before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
              note: str = "", company: bool = False) -> None:
        """Append the audit row; ``company`` marks a company-wide change (people, sites,
        settings), recorded with no site so every building's board sees it."""
        site_id = None if company or self.site is None else self.site.id
        audit.record(self.db, self.wall.now(), self.login, action, entity, entity_id, before, after, note,
                     os_login=self.real_login, clock_at=self.now(), site_id=site_id)


def get_or_404(model: type[BaseModel], ident: int, what: str) -> Any:
    row = model.get_or_none(model.id == ident)
    if row is None:
        raise NotFound(f"no {what} {ident}")
    return row


def get_for_update(ctx: Context, model: type[BaseModel], ident: int, what: str) -> Any:
    """``get_or_404`` for a read-modify-write: on PostgreSQL the row stays locked until the
    transaction ends, so a concurrent session waits instead of being overwritten by a stale
    copy (SQLite's BEGIN IMMEDIATE already serialises writers)."""
    query = model.select().where(model.id == ident)
    if not is_sqlite(ctx.db):
        query = query.for_update()
    row = query.first()
    if row is None:
        raise NotFound(f"no {what} {ident}")
    return row
