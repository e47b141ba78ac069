"""From launch to the first full board, as a person sees it: the real ``dutyboard`` started on
a pty (160x48) until the header's counts are on screen, against the floor app started the
same way until its line is on screen (issue 13: "first full board ... the floor's first
paint"; the issue's own figures, 0.73 s on the demo and 0.27 s for the floor, were of whole
starts).

This holds everything a start costs: the interpreter, the imports, opening the database, the
first read, the first frame. ``first`` in bench_suite.py times the app alone, from its
construction (after the imports), under ``run_test``.

    python tests/bench/launch.py sqlite:///demo.db [sqlite:///big.db ...] [--runs 7] \
        [--exe other=/path/to/another/dutyboard]   # A/B: another build, alternating with this one

The runs of the floor and of each site alternate, so a busy moment of the machine falls on
both. The package's modules are compiled first (``compileall``), as ``pip install`` does: an
editable install on a machine with PYTHONDONTWRITEBYTECODE set would compile every module on
every start, which no installed board pays.
"""

from __future__ import annotations

import argparse
import compileall
import re
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from ptyrun import PtyRun  # noqa: E402

SIZE = (160, 48)
EXE = str(Path(sys.executable).with_name("dutyboard"))
FLOOR = [sys.executable, str(HERE / "floor_app.py")]
FLOOR_READY = re.compile(rb"dutyboard floor")
BOARD_READY = re.compile(rb"\d+ overdue|\d+ open")   # the header's counts: the board has its data
PACKAGE_DIRS = ("rules", "store", "tui")


def compile_package() -> None:
    """The .pyc files an installed package has (see the module's docstring)."""
    for name in PACKAGE_DIRS:
        compileall.compile_dir(str(ROOT / name), quiet=1)


def seconds_to_screen(argv: list[str], ready: re.Pattern[bytes]) -> float:
    """Seconds from launching ``argv`` on a pty to ``ready`` on its screen."""
    with PtyRun(argv, SIZE) as run:
        return run.wait_for(ready, timeout=120)


def board_argv(url: str, login: str = "duty", exe: str = EXE) -> list[str]:
    return [exe, "--db", url, "--as", login]


def launch_figures(urls: dict[str, str], runs: int = 7,
                   exes: dict[str, str] | None = None) -> tuple[float, dict[str, float]]:
    """Median seconds of the floor and of each named site (with each named executable),
    ``runs`` alternating starts each after one unmeasured start of every program (the disk
    cache warm for all)."""
    compile_package()
    exes = exes or {"": EXE}
    floor: list[float] = []
    boards: dict[str, list[float]] = {}
    for index in range(runs + 1):
        took = seconds_to_screen(FLOOR, FLOOR_READY)
        if index:
            floor.append(took)
        for name, url in urls.items():
            for label, exe in exes.items():
                took = seconds_to_screen(board_argv(url, exe=exe), BOARD_READY)
                if index:
                    boards.setdefault(f"{name} {label}".strip(), []).append(took)
    return statistics.median(floor), {name: statistics.median(v) for name, v in boards.items()}


def launch_rows(urls: dict[str, str], runs: int = 7,
                exes: dict[str, str] | None = None) -> list[tuple[str, str, str]]:
    floor, boards = launch_figures(urls, runs, exes)
    rows = [("floor app: launch -> first paint", f"{floor * 1000:.0f}", "1.0x")]
    for name, took in boards.items():
        rows.append((f"board: launch -> first full board: {name}", f"{took * 1000:.0f}",
                     f"{took / floor:.2f}x"))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="+", help="sites (a demo: `dutyboard --db X demo`; generate.py)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--exe", action="append", default=[],
                        help="NAME=PATH: also this build of dutyboard, alternating with this one")
    args = parser.parse_args(argv)
    urls = {url.rsplit("/", 1)[-1]: url for url in args.urls}
    if bad := [e for e in args.exe if "=" not in e or not e.split("=", 1)[1]]:
        parser.error(f"--exe {bad[0]!r}: give NAME=PATH")
    exes = dict([("this", EXE)] + [(e.split("=", 1)[0], e.split("=", 1)[1]) for e in args.exe]) \
        if args.exe else None
    for figure, value, ratio in launch_rows(urls, args.runs, exes):
        print(f"{figure:55s} {value:>6s} ms  {ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
