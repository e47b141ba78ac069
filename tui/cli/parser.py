"""The argument parser of ``dutyboard``: the global options and the list of commands.

A command's own parser (.command_parsers) is built only once argparse has chosen that
command: ``dutyboard --help`` and a usage error at the top level build none, ``dutyboard
ticket ...`` builds the ticket parser alone (issue 13: ``--help`` within twice ``python -c
pass``; building every parser was over half of it)."""

from __future__ import annotations

import argparse
import functools
import os
import sys

from .escape import one_line

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a tenth of --help)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, NoReturn

# Every command with its one-line help, in the order `dutyboard --help` lists them; the
# parser of each is built by command_parsers.BUILDERS[name].
COMMANDS = {
    "init": "create the site; the login running it becomes the manager",
    "demo": "fill the database with a realistic day around now",
    "board": "open the board (the default)",
    "venue": "venues",
    "user": "people",
    "meeting": "bookings",
    "task": "preparation tasks",
    "ticket": "repairs and complaints",
    "flags": "everything flagged at this instant",
    "audit": "the audit log; `audit verify` checks its hash chain",
    "signoff": "the supervisor signs off the day's records; `signoff summary` shows the day "
               "first, `signoff revoke DAY --reason TEXT` withdraws a sign-off",
    "rulebook": "show, check or store the rulebook",
    "report": "the Monday summary and the monthly complaint rate",
    "migrate": "show the schema migrations",
    "backup": "copy the SQLite database, WAL included, while boards run",
    "restore": "replace the database by a backup (administrator only)",
    "serve": "a read-only board in a browser for the wall (textual-serve)",
    "config": "the settings in effect and the files they came from",
    "site": "the buildings on this database and their members",
    "lost": "the lost items register",
}


def terminal_columns() -> int:
    """``shutil.get_terminal_size().columns`` without importing shutil (and with it zlib,
    bz2 and lzma: a tenth of ``dutyboard --help``): $COLUMNS if a positive number, else the
    width of the terminal on stdout, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
        columns = columns or 80
    return columns


class Formatter(argparse.HelpFormatter):
    """argparse's help layout, its default width (the terminal's, less 2) found without shutil."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None, **kwargs: Any) -> None:
        super().__init__(prog, indent_increment, max_help_position,
                         terminal_columns() - 2 if width is None else width, **kwargs)


class Parser(argparse.ArgumentParser):
    """argparse whose usage errors are one line (exit 2), with hostile text shown escaped,
    and whose help is laid out by :class:`Formatter` (a command's parser too)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(**kwargs)

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"dutyboard: {one_line(message)} (see: {self.prog} --help)\n")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("dutyboard")
    except PackageNotFoundError:
        return "(not installed)"


class VersionAction(argparse.Action):
    """``--version``, asking the package metadata only when given (importlib.metadata costs
    ``--help`` more than the rest of the parser)."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS,
                 default: str = argparse.SUPPRESS, help: str = "show the version and exit") -> None:
        super().__init__(option_strings, dest, nargs=0, default=default, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> NoReturn:
        print(f"dutyboard {_version()}")
        parser.exit()


class LazyCommands(argparse._SubParsersAction):
    """The commands, each parser built when argparse chooses its command.

    argparse checks a command word against ``choices`` and lists ``_choices_actions`` in
    the help; only ``__call__`` needs the command's parser. So ``choices`` maps each name
    to its builder and ``_name_parser_map`` holds the parsers built so far. Commands are
    added with :meth:`add_command`, not ``add_parser``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.builders: dict[str, Callable[[argparse.ArgumentParser], None]] = {}
        self.choices = self.builders

    def add_command(self, name: str, help: str,
                    build: Callable[[argparse.ArgumentParser], None]) -> None:
        self._choices_actions.append(self._ChoicesPseudoAction(name, (), help))
        self.builders[name] = build

    def built(self) -> list[str]:
        """The commands whose parser was built so far."""
        return list(self._name_parser_map)

    def parser_of(self, name: str) -> argparse.ArgumentParser:
        """The command's parser, built on first use (``prog`` as ``add_parser`` sets it)."""
        if name not in self._name_parser_map:
            command = self._parser_class(prog=f"{self._prog_prefix} {name}")
            self.builders[name](command)
            self._name_parser_map[name] = command
        return self._name_parser_map[name]

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        self.parser_of(values[0])  # a word argparse checked against choices already
        super().__call__(parser, namespace, values, option_string)


def _builder(name: str) -> Callable[[argparse.ArgumentParser], None]:
    def build(command: argparse.ArgumentParser) -> None:
        from .command_parsers import BUILDERS  # the commands' modules: not for --help
        BUILDERS[name](command)
    return build


@functools.cache
def build_parser() -> argparse.ArgumentParser:
    """The parser, built once per process; each command's own parser is built when argparse
    chooses that command (:class:`LazyCommands`)."""
    p = Parser(prog="dutyboard", description="Meeting readiness and service-desk board.")
    p.add_argument("--version", action=VersionAction)
    p.add_argument("--db", help="database URL (default $DUTYBOARD_DB or a file in the user data dir)")
    p.add_argument("--now", help="freeze the clock at this ISO-8601 instant (site zone if no offset)")
    p.add_argument("--as", dest="login", help="act as this login (administrator only; default: the OS login)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--rulebook", help="what if: a rulebook (TOML) over the site's, for reads only")
    p.add_argument("--lang", choices=("en", "zh"), help="language of the board and the service notice")
    p.add_argument("--theme", choices=("dark", "light", "contrast"), help="board theme")
    p.add_argument("--readonly", action="store_true", help="wall-screen mode: no changes")
    p.add_argument("--site", dest="site_code", metavar="CODE",
                   help="the building to work at (default: the only one, or yours; `site list`)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", action=LazyCommands)
    assert isinstance(sub, LazyCommands)
    for name, help in COMMANDS.items():
        sub.add_command(name, help, _builder(name))
    return p


GLOBAL_FLAGS = {"--json", "--readonly"}
GLOBAL_OPTIONS = {"--db", "--now", "--as", "--rulebook", "--lang", "--theme", "--site"}
# a command's own option that shares a global option's name: left to the command
OWN_OPTIONS = {"init": {"--site"}}   # init --site NAME: the new site's name


def hoist_globals(argv: list[str]) -> list[str]:
    """Let global options stand anywhere (``dutyboard task list --json``): move them first."""
    front: list[str] = []
    rest: list[str] = []
    command: str | None = None
    i = 0
    while i < len(argv):
        arg = argv[i]
        name = arg.split("=", 1)[0]
        if command is None and not arg.startswith("-"):
            command = arg
        if arg in GLOBAL_FLAGS:
            front.append(arg)
        elif name in GLOBAL_OPTIONS and name not in OWN_OPTIONS.get(command or "", ()):
            front.append(arg)
            if "=" not in arg and i + 1 < len(argv):
                front.append(argv[i + 1])
                i += 1
        else:
            rest.append(arg)
        i += 1
    return front + rest
