"""Who is really at the keyboard: the OS login, the site's administrators, training databases.

The OS login is the person. Only an administrator may act as someone else (``--as``) or
write at another time (``--now``) on a real site. Administrators are root, the OS owner of
the SQLite file, and the logins named in the ``administrators`` setting or the site config
file (``/etc/dutyboard/config.toml``: ``administrators = ["alice"]``, counted only while only
root can change it). The login comes from the process's user id, never from ``$USER`` or
``$LOGNAME`` (which anyone can set).
"""

from __future__ import annotations

import os
import pwd
import tomllib
from pathlib import Path

import peewee

from .models import Person, Setting
from .site_config import only_root_can_change, site_config_path

ADMINISTRATORS_SETTING = "administrators"
TRAINING_SETTING = "training"
DEMO_SETTING = "demo"


def os_login() -> str:
    """The login of the process's real user id."""
    uid = os.getuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid{uid}"


def file_owner(db: peewee.Database) -> str | None:
    """The OS owner of an SQLite database file (None for PostgreSQL or an in-memory database)."""
    if not isinstance(db, peewee.SqliteDatabase) or db.database in ("", ":memory:"):
        return None
    try:
        uid = os.stat(db.database).st_uid
    except OSError:
        return None
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid{uid}"


def configured_administrators(config: Path | None = None) -> set[str]:
    """The administrators named in the site config, if only root can change that file
    (store/site_config.py); a missing, bad or unprotected file names nobody."""
    path = site_config_path() if config is None else config
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return set()
    names = data.get("administrators", [])
    if not isinstance(names, list) or not only_root_can_change(path):
        return set()
    return {str(n).strip() for n in names if str(n).strip()}


def stored_administrators() -> set[str]:
    row = Setting.get_or_none(Setting.key == ADMINISTRATORS_SETTING)
    return {n.strip() for n in row.value.split(",") if n.strip()} if row else set()


def is_administrator(db: peewee.Database, login: str, config: Path | None = None) -> bool:
    if login == "root":
        return True
    if isinstance(db, peewee.SqliteDatabase) and file_owner(db) in (None, login):
        return True  # the file's owner (an in-memory database: only this process sees it)
    return login in stored_administrators() or login in configured_administrators(config)


def is_user(login: str) -> bool:
    """An active dutyboard user of this site."""
    return Person.select().where(Person.login == login, Person.active == True).exists()  # noqa: E712


def _flag(key: str) -> bool:
    row = Setting.get_or_none(Setting.key == key)
    return bool(row and row.value == "1")


def is_training() -> bool:
    """A database made by ``demo`` or ``init --training``: practice, not the building's record."""
    return _flag(TRAINING_SETTING)


def is_demo() -> bool:
    return _flag(DEMO_SETTING)


def mark(key: str, value: str = "1") -> None:
    """Set a site flag (inside the caller's write transaction)."""
    row = Setting.get_or_none(Setting.key == key)
    if row is None:
        Setting.create(key=key, value=value)
    elif row.value != value:
        Setting.update(value=value).where(Setting.key == key).execute()
