"""``dutyboard serve``: the board in a browser, for the control room's wall (textual-serve).

Every browser that opens the page gets a board process of its own, run as the login that
started ``serve`` and always ``--readonly``: the page has no keyboard owner to attribute a
change to, so it never writes, and its footer shows no write keys. It binds to loopback
unless ``--host`` says otherwise, and the page loads nothing from the internet (the fonts
ship with textual-serve; see ``serve_page/app_index.html``).
"""

from __future__ import annotations

import ipaddress
import shlex
import sys
from pathlib import Path
from typing import Any

from dutyboard.store.context import Context
from dutyboard.store.errors import UsageError

PAGE = Path(__file__).with_name("serve_page")


def board_command(url: str, lang: str | None, theme: str | None, login_env: dict[str, str],
                  site: str | None = None) -> str:
    """The command each browser session runs: this same installation, read-only, at the
    building ``serve`` was started for (``--site``)."""
    beside = Path(sys.executable).with_name("dutyboard")
    exe = [str(beside)] if beside.exists() else [sys.executable, "-m", "dutyboard"]
    argv = [*exe, "--db", url, "--readonly"]
    if lang:
        argv += ["--lang", lang]
    if theme:
        argv += ["--theme", theme]
    if site:
        argv += ["--site", site]
    env = [f"{k}={shlex.quote(v)}" for k, v in sorted(login_env.items())]
    return " ".join([*(["env", *env] if env else []), shlex.join(argv)])


def check_host(host: str) -> None:
    if host in ("localhost", ""):
        return
    try:
        ipaddress.ip_address(host)
    except ValueError:
        raise UsageError(f"--host {host!r}: give an address such as 127.0.0.1 or 0.0.0.0") from None


def serve_board(ctx: Context, url: str, args: Any) -> int:
    from textual_serve.server import Server
    check_host(args.host)
    command = board_command(url, args.lang, args.theme, {}, ctx.site.code if ctx.site else None)
    title = "dutyboard"
    server = Server(command, host=args.host, port=args.port, title=title,
                    templates_path=PAGE)
    print(f"dutyboard: serving a read-only board on http://{args.host}:{args.port} "
          "(Ctrl+C stops)", file=sys.stderr)
    server.serve()
    return 0
