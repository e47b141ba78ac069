"""``dutyboard --help`` (and a usage error) start fast: argparse and the parser's own
modules, no Peewee, arrow, PostgreSQL driver or Textual (issue 13: the help within twice
``python -c pass``; the figure is in tests/bench/bench_suite.py --only cli)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("peewee", "playhouse", "arrow", "dateutil", "psycopg", "psycopg2", "textual", "platformdirs")


def loaded_by(argv: list[str]) -> tuple[int, list[str], str]:
    """Run the command's main with ``argv`` in a fresh interpreter: its exit code, which of
    HEAVY it loaded, and what it printed."""
    probe = (
        "import contextlib, io, json, sys\n"
        "from dutyboard.tui.entry import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):\n"
        "    try:\n"
        f"        code = main({argv!r})\n"
        "    except SystemExit as exc:\n"
        "        code = exc.code\n"
        f"heavy = sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))\n"
        "print(json.dumps([code, heavy, out.getvalue()]))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    code, heavy, said = json.loads(done.stdout.strip().splitlines()[-1])
    return code, heavy, said


@pytest.mark.parametrize("argv", [["--help"], ["ticket", "--help"], ["report", "weekly", "--help"],
                                  ["meeting", "import", "--help"]])
def test_help_loads_no_database_layer_no_dates_no_screen(argv: list[str]) -> None:
    code, heavy, said = loaded_by(argv)
    assert code == 0
    assert "usage: dutyboard" in said
    assert heavy == []


def test_a_usage_error_loads_none_of_them_either() -> None:
    code, heavy, said = loaded_by(["ticket", "frobnicate"])
    assert code == 2
    assert "invalid choice" in said
    assert heavy == []


def test_a_command_still_loads_what_it_needs(tmp_path) -> None:  # noqa: ANN001
    url = f"sqlite:///{tmp_path / 'x.db'}"
    code, heavy, said = loaded_by(["--db", url, "--as", "boss", "init", "--site", "HQ"])
    assert code == 0, said
    assert "peewee" in heavy and "arrow" in heavy
    assert "textual" not in heavy and "psycopg" not in heavy and "psycopg2" not in heavy
