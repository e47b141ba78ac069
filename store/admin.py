"""Site set-up: init, people, venues, the stored rulebook. Manager only (but init)."""

from __future__ import annotations

from dutyboard.rules import DEPARTMENTS, ROLES
from dutyboard.rules.rulebook import RulebookError, check_text
from dutyboard.rules.text import name_problem

from . import sites
from .audit import snapshot
from .context import RULEBOOK_SETTING, Context
from .db import is_sqlite, take_setup_lock
from .errors import NotPermitted, Refused, UsageError
from .identity import ADMINISTRATORS_SETTING, TRAINING_SETTING, mark
from .models import Department, Person, Setting, Site, Venue
from .timeutil import to_db

DEPARTMENT_NAMES = {
    "desk": ("Service desk", "客户服务中心"),
    "eng": ("Engineering", "工程技术部"),
    "sec": ("Security", "安全管理部"),
    "svc": ("Meeting service", "会务部"),
    "env": ("Cleaning & greenery", "环境管理部"),
    "fcc": ("Fire-control centre", "消防控制中心"),
}
PERSON_FIELDS = ("login", "name", "role", "depts", "cleared", "active")
VENUE_FIELDS = ("name", "venue_class", "kind", "capacity", "building")


def init_site(ctx: Context, name: str | None = None, training: bool = False) -> Person:
    """Create the site, the departments and the first manager (the login that ran it).
    On PostgreSQL the OS login that ran it becomes the site's first administrator (on SQLite
    that is the file's owner); ``training`` marks a practice database (``--now`` allowed)."""
    with ctx.write():
        take_setup_lock(ctx.db)  # ten simultaneous inits: one site, the others refused
        if Person.select().exists():
            raise Refused("already initialised: this database has users; "
                          "a manager adds more with: dutyboard user add", "init")
        site = Site.create(code="main", name=name or ctx.book.site_name,
                           name_zh="" if name else ctx.book.site_name_zh, timezone=ctx.tz)
        ctx.site = site   # the rows below take it (store/scope.py reads it live)
        for code in DEPARTMENTS:
            en, zh = DEPARTMENT_NAMES[code]
            Department.get_or_create(code=code, defaults={"name": en, "name_zh": zh})
        person = Person.create(login=ctx.login, name=ctx.login, role="manager", depts="",
                               cleared=True, created_at=to_db(ctx.now()))
        sites.join(person, site.id)
        if not is_sqlite(ctx.db):
            mark(ADMINISTRATORS_SETTING, ctx.real_login)
        if training:
            mark(TRAINING_SETTING)
        ctx.audit("init", "site", site.id, after={"site": site.name, "manager": ctx.login,
                                                  "training": training}, company=True)
    return person


def add_user(ctx: Context, login: str, role: str, name: str | None = None,
             depts: list[str] | None = None, cleared: bool = False, phone: str = "") -> Person:
    if role not in ROLES:
        raise UsageError(f"unknown role {role!r}; roles are {', '.join(ROLES)}")
    depts = depts or []
    for code in depts:
        if code not in DEPARTMENTS:
            raise UsageError(f"unknown department {code!r}; codes are {', '.join(DEPARTMENTS)}")
    if role == "lead" and not depts:
        raise UsageError("a department lead needs --dept CODE")
    for what, text in (("login", login), ("name", name)):
        problem = None if text is None else name_problem(text, what)
        if problem:  # control, zero-width or bidi characters: shown raw they steer a terminal
            raise UsageError(problem)
    with ctx.write():
        ctx.require("user.add")
        if Person.get_or_none(Person.login == login):
            raise Refused(f"user {login!r} already exists", "user.unique")
        person = Person.create(login=login, name=name or login, role=role, depts=",".join(depts),
                               cleared=cleared or role == "manager", phone=phone,
                               created_at=to_db(ctx.now()))
        if ctx.site is not None:  # a new user belongs to the site they were added at (--site)
            sites.join(person, ctx.site.id)
        ctx.audit("user.add", "person", person.id, after=snapshot(person, PERSON_FIELDS),
                  company=True)
    return person


def add_venue(ctx: Context, name: str, venue_class: str, kind: str, capacity: int,
              building: str = "") -> Venue:
    book = ctx.book
    if venue_class not in book.classes:
        raise UsageError(f"unknown venue class {venue_class!r}; classes are A, B, C")
    if kind not in book.kinds:
        raise UsageError(f"unknown venue kind {kind!r}; kinds are {', '.join(book.kinds)}")
    if capacity <= 0:
        raise UsageError("capacity must be a positive number of seats")
    limit = book.classes[venue_class].max_seats
    if limit and capacity > limit:
        raise Refused(f"[class.{venue_class}.max_seats] class {venue_class} venues seat at most "
                      f"{limit}; {name} has {capacity}", f"class.{venue_class}.max_seats")
    if not name.strip():
        raise UsageError("venue name must not be empty")
    with ctx.write():
        ctx.require("venue.add")
        if Venue.get_or_none(Venue.name == name):
            raise Refused(f"venue {name!r} already exists", "venue.unique")
        if ctx.site is None:
            raise NotPermitted("run dutyboard init first")
        venue = Venue.create(site=ctx.site.id, name=name, venue_class=venue_class, kind=kind,
                             capacity=capacity, building=building)
        ctx.audit("venue.add", "venue", venue.id, after=snapshot(venue, VENUE_FIELDS))
    return venue


def list_venues() -> list[Venue]:
    return list(Venue.select().where(Venue.active).order_by(Venue.name))


def set_rulebook(ctx: Context, text: str, source: str) -> None:
    """Store a site override for every session; validated before it is stored."""
    try:
        check_text(source, text)
    except RulebookError as exc:
        raise UsageError(str(exc)) from None
    with ctx.write():
        ctx.require("rulebook.set")
        row = Setting.get_or_none(Setting.key == RULEBOOK_SETTING)
        before = {"rulebook": row.value} if row else None
        if row:
            row.value = text
            row.save()
        else:
            Setting.create(key=RULEBOOK_SETTING, value=text)
        ctx.audit("rulebook.set", "setting", None, before, {"rulebook": text}, note=source,
                  company=True)
    ctx.reload_rulebook()
