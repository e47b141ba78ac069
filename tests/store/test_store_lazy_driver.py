"""The command line starts without the PostgreSQL driver or Textual (issue 13): Peewee
would import psycopg2 at its own import; the store hides it until a PostgreSQL URL is
opened (store/__init__.py, store/pgdriver.py)."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("psycopg2", "psycopg", "textual")


def loaded_after(code: str) -> dict[str, bool]:
    """Which of HEAVY a fresh interpreter has loaded after running ``code``."""
    probe = (f"{code}\nimport json, sys\n"
             f"print(json.dumps({{m: m in sys.modules for m in {HEAVY!r}}}))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_importing_the_command_loads_no_driver_and_no_textual() -> None:
    assert loaded_after("import dutyboard.tui.entry") == dict.fromkeys(HEAVY, False)


def test_help_and_a_sqlite_command_load_no_driver(tmp_path) -> None:  # noqa: ANN001
    url = f"sqlite:///{tmp_path / 'x.db'}"
    code = (
        "import contextlib, io\n"
        "from dutyboard.tui.entry import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        main(['--help'])\n"
        "    except SystemExit:\n"
        "        pass\n"
        f"    main(['--db', {url!r}, '--as', 'boss', 'init', '--site', 'HQ'])\n"
        f"    main(['--db', {url!r}, '--as', 'boss', 'ticket', 'list'])\n"
    )
    assert loaded_after(code) == dict.fromkeys(HEAVY, False)


def test_a_postgresql_url_loads_the_driver_when_opened(db_url: str) -> None:
    from dutyboard.store.db import connect
    from dutyboard.store.models import Person

    db = connect(db_url)
    try:
        assert Person.select().count() == 0
        with db.atomic():
            assert db.in_transaction()
    finally:
        db.close()
    if db_url.startswith("postgresql"):
        from dutyboard.store.pgdriver import driver_name
        assert driver_name() in sys.modules
