"""Idle cost of the real board: terminal bytes/s and CPU % while nothing happens but the clock.

Runs the real `dutyboard` on a fresh demo database under a pty (160x48 and 80x24), waits for
the first full board, lets it settle, then measures ``--seconds`` of idling; the floor app
(floor_app.py, one static line) is measured the same way in the same run, so the ratios say
what the board adds on top of Textual on this machine.

    python tests/bench/bench_idle.py [--seconds 20] [--size 160x48 --size 80x24]
        [--url sqlite:///big.db]      # a site generate.py made (made around now), after the demo
        [--windows 3]                 # each figure the median of 3 windows of --seconds
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ptyrun import PtyRun, idle_figures

FLOOR = Path(__file__).with_name("floor_app.py")
BOARD_READY = re.compile(rb"\d+ overdue|\d+ open")   # the header's counts: the board has its data
FLOOR_READY = re.compile(rb"dutyboard floor")
SETTLE_S = 3.0   # the first paint and the first flag recompute


def idle(argv: list[str], ready: re.Pattern[bytes], seconds: float,
         size: tuple[int, int], dump: Path | None = None, windows: int = 1) -> dict[str, float]:
    """Start ``argv`` on a pty of ``size``, wait for ``ready`` on screen, settle, then measure
    ``windows`` windows of ``seconds``: bytes the program wrote to the terminal per second
    and % of one core, the median of the windows."""
    with PtyRun(argv, size) as run:
        run.wait_for(ready, timeout=180)
        time.sleep(SETTLE_S)
        measured = [idle_figures(run, seconds) for _ in range(windows)]
        figures = measured[0]
        if dump is not None:   # what the program wrote while idle, to see what repaints
            dump.write_bytes(run.output_since(int(figures["first_byte"]))[
                :int(figures["last_byte"] - figures["first_byte"])])
    return {"cpu_pct": statistics.median(f["cpu_pct"] for f in measured),
            "bytes_per_s": statistics.median(f["bytes_per_s"] for f in measured)}


def demo_database(folder: str) -> str:
    exe = Path(sys.executable).with_name("dutyboard")
    path = f"{folder}/demo.db"
    subprocess.run([str(exe), "--db", path, "demo"], check=True, capture_output=True)
    return path


def ratio(a: float, b: float) -> str:
    return f"{a / b:.1f}x" if b > 0 else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--size", action="append", default=None,
                        help="COLSxROWS, repeatable (default 160x48 and 80x24)")
    parser.add_argument("--dump", type=Path, help="write the board's idle output to DUMP-COLSxROWS")
    parser.add_argument("--url", action="append", default=[],
                        help="also measure this site (repeatable), e.g. the large site")
    parser.add_argument("--windows", type=int, default=1, help="windows per figure (median)")
    args = parser.parse_args(argv)
    sizes = [tuple(int(n) for n in s.split("x")) for s in (args.size or ["160x48", "80x24"])]
    exe = str(Path(sys.executable).with_name("dutyboard"))
    print(f"{'site':>6} {'size':>7} {'board B/s':>10} {'floor B/s':>10} {'ratio':>7} "
          f"{'board CPU%':>11} {'floor CPU%':>11} {'+ points':>9}")
    with tempfile.TemporaryDirectory(prefix="dutyboard-idle-") as folder:
        sites = [("demo", demo_database(folder))] + [(f"url{i + 1}", u) for i, u in enumerate(args.url)]
        for name, db in sites:
            for cols, rows in sizes:
                size = (cols, rows)
                board = idle([exe, "--db", db, "--as", "duty"], BOARD_READY, args.seconds, size,
                             args.dump and args.dump.with_name(f"{args.dump.name}-{name}-{cols}x{rows}"),
                             args.windows)
                floor = idle([sys.executable, str(FLOOR)], FLOOR_READY, args.seconds, size,
                             windows=args.windows)
                print(f"{name:>6} {cols}x{rows:<4} {board['bytes_per_s']:>10.0f} "
                      f"{floor['bytes_per_s']:>10.0f} "
                      f"{ratio(board['bytes_per_s'], floor['bytes_per_s']):>7} "
                      f"{board['cpu_pct']:>11.2f} {floor['cpu_pct']:>11.2f} "
                      f"{board['cpu_pct'] - floor['cpu_pct']:>+9.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
