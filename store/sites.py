"""Many buildings on one database: choosing the site, who belongs to it, adding sites.

A property company runs many buildings (sites) on one PostgreSQL. Every per-building row
carries its site (``models.PerSite``); a session works at one site, chosen by ``--site CODE``
(or ``site = "CODE"`` in the config files). Without one: the only site, else the person's only
site, else a one-line error listing the codes. A person belongs to one or more sites
(``site_member``); the manager (the company's) and the administrator acting as themselves
belong to every site.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

import peewee
from dutyboard.rules.permissions import MANAGER
from dutyboard.rules.text import name_problem

from .audit import snapshot
from .errors import NotPermitted, Refused, UsageError
from .models import Person, Site, SiteMember

if TYPE_CHECKING:
    from .context import Context

CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,15}$")
SITE_FIELDS = ("code", "name", "name_zh")


def codes() -> list[str]:
    return [site.code for site in Site.select(Site.code).order_by(Site.code)]


def _listed() -> str:
    return ", ".join(codes()) or "none yet"


def choose(code: str | None, login: str, *, required: bool = True) -> Site | None:
    """The site a session works at. ``required=False`` (commands that read no building's
    rows: ``site list``, ``migrate``...) leaves a choice it cannot make to None."""
    if code is not None:
        site = Site.get_or_none(Site.code == code)
        if site is None:
            raise UsageError(f"--site: unknown site {code!r}; sites: {_listed()}")
        return site
    sites = list(Site.select().order_by(Site.code).limit(2))
    if len(sites) <= 1:
        return sites[0] if sites else None
    mine = list(Site.select().join(SiteMember, on=SiteMember.site == Site.id)
                .join(Person, on=SiteMember.person == Person.id)
                .where(Person.login == login).order_by(Site.code).limit(2))
    if len(mine) == 1:
        return mine[0]
    if not required:
        return None
    raise UsageError(f"this database holds several sites: choose one with --site CODE "
                     f"(sites: {_listed()})")


def sees_every_site(person: Person, db: peewee.Database, real_login: str) -> bool:
    """The company's manager, or the administrator acting as themselves."""
    if person.role == MANAGER:
        return True
    from .identity import is_administrator
    return person.login == real_login and is_administrator(db, real_login)


def belongs(person: Person, site_id: int) -> bool:
    return SiteMember.select().where((SiteMember.site == site_id)
                                     & (SiteMember.person == person.id)).exists()


def site_ids_of(person: Person, db: peewee.Database, real_login: str) -> list[int]:
    """The sites ``person`` may work at, in code order."""
    query = Site.select(Site.id).order_by(Site.code)
    if not sees_every_site(person, db, real_login):
        query = (query.join(SiteMember, on=SiteMember.site == Site.id)
                 .where(SiteMember.person == person.id))
    return [site.id for site in query]


def check_member(ctx: Context, person: Person) -> None:
    """Refuse (exit 4) a person acting at a site they do not belong to."""
    site = ctx.site
    if site is None or sees_every_site(person, ctx.db, ctx.real_login) or belongs(person, site.id):
        return
    raise NotPermitted(f"{person.login}: not permitted: not a member of site {site.code!r}; "
                       f"the manager adds one with: dutyboard site member add {person.login} {site.code}",
                       "not_member", {"login": person.login, "site": site.code})


def name_toml(site: Site) -> str:
    """The rulebook's ``[site]`` names from the site's row: on a database of several buildings
    the board's header and the reports name the building worked at."""
    lines = ["[site]", f"name = {json.dumps(site.name, ensure_ascii=False)}"]
    if site.name_zh:
        lines.append(f"name_zh = {json.dumps(site.name_zh, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def check_code(code: str) -> None:
    if not CODE.match(code):
        raise UsageError(f"site code {code!r}: use 1-16 lower-case letters, digits, - or _, "
                         "starting with a letter or digit")


def add_site(ctx: Context, code: str, name: str, name_zh: str = "") -> Site:
    """A new building (the manager's); audited as a company-wide row."""
    check_code(code)
    for what, text in (("name", name), ("Chinese name", name_zh)):
        problem = name_problem(text, what) if text else None
        if problem:
            raise UsageError(problem)
    if not name.strip():
        raise UsageError("a site needs a name: --name TEXT")
    with ctx.write():
        ctx.require("site.add")
        if Site.get_or_none(Site.code == code):
            raise Refused(f"site {code!r} already exists", "site.unique")
        site = Site.create(code=code, name=name, name_zh=name_zh, timezone=ctx.tz)
        ctx.audit("site.add", "site", site.id, after=snapshot(site, SITE_FIELDS), company=True)
    return site


def add_member(ctx: Context, login: str, code: str) -> SiteMember:
    """``login`` joins site ``code`` (the manager's); audited at that site."""
    with ctx.write():
        ctx.require("site.member")
        site = Site.get_or_none(Site.code == code)
        if site is None:
            raise UsageError(f"unknown site {code!r}; sites: {_listed()}")
        person = Person.get_or_none(Person.login == login)
        if person is None:
            raise UsageError(f"no user {login!r}; the manager adds one with: dutyboard user add")
        if belongs(person, site.id):
            raise Refused(f"{login} already belongs to site {code!r}", "site.member.unique")
        member = SiteMember.create(site=site.id, person=person.id)
        ctx.audit("site.member", "person", person.id, after={"login": login, "site": code},
                  company=True)
    return member


def join(person: Person, site_id: int) -> None:
    """Inside the caller's write: ``person`` belongs to ``site_id`` (no-op if already)."""
    if not belongs(person, site_id):
        SiteMember.create(site=site_id, person=person.id)


def set_site_rulebook(ctx: Context, text: str | None, source: str) -> None:
    """The chosen building's own rulebook override, read over the company's stored one
    (``rulebook set``); None clears it. Checked together with the company's before it is
    stored; the manager's, audited at the site."""
    if ctx.site is None:
        raise UsageError("no site yet: run dutyboard init first")
    if text is not None:
        from dutyboard.rules import load_rulebook
        from dutyboard.rules.rulebook import RulebookError

        from .context import RULEBOOK_SETTING
        from .models import Setting
        stored = Setting.get_or_none(Setting.key == RULEBOOK_SETTING)
        company = (("stored rulebook (rulebook set)", stored.value),) if stored else ()
        try:
            load_rulebook(texts=(*company, (source, text)))
        except RulebookError as exc:
            raise UsageError(str(exc)) from None
    with ctx.write():
        ctx.require("rulebook.set")
        site = Site.get_by_id(ctx.site.id)
        before = {"rulebook": site.rulebook} if site.rulebook else None
        site.rulebook = text
        site.save()
        ctx.site = site
        ctx.audit("rulebook.set", "site", site.id, before, {"rulebook": text} if text else None,
                  note=f"site {site.code}: {source}")
    ctx.reload_rulebook()


def members_here(ctx: Context) -> list[Person]:
    """The people of the chosen site, by login: its members and the company's managers (who
    belong to every site). Anyone of the site may list them (``user list``)."""
    ctx.actor()
    if ctx.site is None:
        return []
    here = SiteMember.select(SiteMember.person).where(SiteMember.site == ctx.site.id)
    return list(Person.select().where(Person.id.in_(here) | (Person.role == MANAGER))
                .order_by(Person.login))


def everyone_with_sites(ctx: Context) -> list[tuple[Person, list[str]]]:
    """Every person of the company with the codes of the sites they belong to (a manager:
    every site); the manager's and the administrator's (``user list --all``), exit 4 for
    anyone else."""
    person = ctx.actor()
    if not sees_every_site(person, ctx.db, ctx.real_login):
        raise NotPermitted(f"{ctx.login}: not permitted: everyone of every site is for the "
                           "manager and the administrator; user list shows this site's people",
                           "every_site")
    every = codes()
    of: dict[int, list[str]] = {}
    rows: Any = (SiteMember.select(SiteMember.person, Site.code)
                 .join(Site, on=SiteMember.site == Site.id).order_by(Site.code).tuples())
    for person_id, code in rows:
        of.setdefault(person_id, []).append(code)
    return [(p, every if p.role == MANAGER else of.get(p.id, []))
            for p in Person.select().order_by(Person.login)]


def rulebook_layers(ctx: Context) -> tuple[str, str, str | None]:
    """What the chosen site's rulebook is made of: the company's text (stored with
    ``rulebook set``, else the packaged defaults), where it comes from, and the site's own
    override (None: it has none)."""
    from dutyboard.rules.rulebook import default_text

    from .context import RULEBOOK_SETTING
    from .models import Setting
    stored = Setting.get_or_none(Setting.key == RULEBOOK_SETTING)
    company = (stored.value, "stored rulebook (rulebook set)") if stored else (default_text(), "defaults")
    site = Site.get_or_none(Site.id == ctx.site.id) if ctx.site is not None else None
    return company[0], company[1], site.rulebook if site is not None else None


def list_sites() -> list[tuple[Site, int]]:
    """Every site with its number of members, in code order."""
    rows: Any = (SiteMember.select(SiteMember.site, peewee.fn.COUNT(SiteMember.id))
                 .group_by(SiteMember.site).tuples())
    counts: dict[int, int] = dict(rows)
    return [(site, counts.get(site.id, 0)) for site in Site.select().order_by(Site.code)]
