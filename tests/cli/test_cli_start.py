"""``dutyboard --help`` (and a usage error) start fast: argparse and the parser's own
modules, no Peewee, arrow, PostgreSQL driver or Textual (issue 13: the help within twice
``python -c pass``; the figure is in tests/bench/bench_suite.py --only cli)."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys

import pytest

HEAVY = ("peewee", "playhouse", "arrow", "dateutil", "psycopg", "psycopg2", "textual", "platformdirs")
# What `dutyboard --help` loaded before issue 13 was met and no longer needs: our store and
# rules (and with them typing), datetime, shutil (zlib, bz2, lzma) for the terminal width,
# pathlib and what it pulls in (an editable install loads those before us: then not ours),
# and every command's parser and module.
SPARED = ("typing", "datetime", "shutil", "bz2", "lzma", "pathlib", "urllib.parse", "ipaddress",
          "dutyboard.store", "dutyboard.rules", "dutyboard.tui.cli.command_parsers",
          "dutyboard.tui.cli.inputs", "dutyboard.tui.cli.ticket_commands",
          "dutyboard.tui.cli.site_commands")


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


def loaded_anew_by(argv: list[str]) -> tuple[int, list[str]]:
    """Run the command's main with ``argv`` in a fresh interpreter: its exit code and which
    of SPARED it loaded (those loaded before ``dutyboard`` was imported are not counted)."""
    probe = (
        "import contextlib, io, json, sys\n"
        "before = set(sys.modules)\n"
        "from dutyboard.tui.entry import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        f"    code = main({argv!r})\n"
        f"print(json.dumps([code, sorted(set(sys.modules) - before & set({SPARED!r}))]))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    code, spared = json.loads(done.stdout.strip().splitlines()[-1])
    return code, spared


@pytest.mark.parametrize("argv", [["--help"], ["frobnicate"], ["--lang", "fr"], ["--bogus"], ["\x00"]])
def test_the_help_and_a_top_level_usage_error_build_no_command_and_load_only_argparse(
        argv: list[str]) -> None:
    code, spared = loaded_anew_by(argv)
    assert code == (0 if argv == ["--help"] else 2)
    assert spared == []


def test_a_command_builds_its_own_parser_alone() -> None:
    from dutyboard.tui.cli.parser import COMMANDS, LazyCommands, build_parser
    parser = build_parser.__wrapped__()  # a fresh one: build_parser() is cached
    commands = next(a for a in parser._actions if isinstance(a, LazyCommands))
    with pytest.raises(SystemExit), contextlib.redirect_stdout(io.StringIO()) as out:
        parser.parse_args(["--help"])
    assert commands.built() == []
    assert all(name in out.getvalue() for name in COMMANDS)
    args = parser.parse_args(["ticket", "list", "--limit", "5"])
    assert (args.command, args.action, args.limit) == ("ticket", "list", 5)
    assert commands.built() == ["ticket"]
    parser.parse_args(["ticket", "show", "3"])
    assert commands.built() == ["ticket"]  # built once


def test_every_listed_command_has_a_parser_and_every_parser_is_listed() -> None:
    from dutyboard.tui.cli.command_parsers import BUILDERS
    from dutyboard.tui.cli.parser import COMMANDS
    assert set(BUILDERS) == set(COMMANDS)


def test_the_usage_exit_code_is_the_stores() -> None:
    from dutyboard.store.errors import UsageError
    from dutyboard.tui.cli import USAGE_EXIT
    assert USAGE_EXIT == UsageError.exit_code


@pytest.mark.parametrize("columns", [None, "0", "-3", "wide", "57", "200"])
def test_the_help_width_is_shutils_without_shutil(monkeypatch: pytest.MonkeyPatch,
                                                   columns: str | None) -> None:
    import shutil

    from dutyboard.tui.cli.parser import terminal_columns
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert terminal_columns() == shutil.get_terminal_size().columns


def test_a_command_still_loads_what_it_needs(tmp_path) -> None:  # noqa: ANN001
    url = f"sqlite:///{tmp_path / 'x.db'}"
    code, heavy, said = loaded_by(["--db", url, "--as", "boss", "init", "--site", "HQ"])
    assert code == 0, said
    assert "peewee" in heavy and "arrow" in heavy
    assert "textual" not in heavy and "psycopg" not in heavy and "psycopg2" not in heavy
