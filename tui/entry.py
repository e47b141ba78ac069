"""The ``dutyboard`` command: the headless command line, which opens the Textual board
when no command is given. The board is imported only then, so commands start fast and
work where Textual cannot."""

from __future__ import annotations

from dutyboard.tui.cli import main as cli_main

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: `--help` starts fast
if TYPE_CHECKING:
    from typing import Any

    from dutyboard.store.context import Context


def open_board(ctx: Context, url: str, args: Any) -> int:
    """The board on this terminal, or (``serve``) read-only boards for browsers."""
    if args.command == "serve":
        from dutyboard.tui.serve import serve_board
        return serve_board(ctx, url, args)
    from dutyboard.tui.board.run import run_board

    return run_board(ctx, url, args)


def main(argv: list[str] | None = None) -> int:
    return cli_main(argv, open_board)
