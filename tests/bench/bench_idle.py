"""Idle cost of the real board: terminal bytes/s and CPU % while nothing happens but the clock.

Runs the real `dutyboard` on a fresh demo database under a pty (160x48 and 80x24), waits for
the first full board, lets it settle, then measures ``--seconds`` of idling; the floor app
(floor_app.py, one static line) is measured the same way in the same run, so the ratios say
what the board adds on top of Textual on this machine.

    python tests/bench/bench_idle.py [--seconds 20] [--size 160x48 --size 80x24]
"""

from __future__ import annotations

import argparse
import re
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
         size: tuple[int, int], dump: Path | None = None) -> dict[str, float]:
    """Start ``argv`` on a pty of ``size``, wait for ``ready`` on screen, settle, then measure
    ``seconds``: bytes the program wrote to the terminal per second and % of one core."""
    with PtyRun(argv, size) as run:
        run.wait_for(ready)
        time.sleep(SETTLE_S)
        figures = idle_figures(run, seconds)
        if dump is not None:   # what the program wrote while idle, to see what repaints
            dump.write_bytes(run.output_since(int(figures["first_byte"]))[
                :int(figures["last_byte"] - figures["first_byte"])])
    return {"cpu_pct": figures["cpu_pct"], "bytes_per_s": figures["bytes_per_s"]}


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
    args = parser.parse_args(argv)
    sizes = [tuple(int(n) for n in s.split("x")) for s in (args.size or ["160x48", "80x24"])]
    exe = str(Path(sys.executable).with_name("dutyboard"))
    print(f"{'size':>7} {'board B/s':>10} {'floor B/s':>10} {'ratio':>7} "
          f"{'board CPU%':>11} {'floor CPU%':>11} {'ratio':>7}")
    with tempfile.TemporaryDirectory(prefix="dutyboard-idle-") as folder:
        db = demo_database(folder)
        for cols, rows in sizes:
            size = (cols, rows)
            board = idle([exe, "--db", db, "--as", "duty"], BOARD_READY, args.seconds, size,
                         args.dump and args.dump.with_name(f"{args.dump.name}-{cols}x{rows}"))
            floor = idle([sys.executable, str(FLOOR)], FLOOR_READY, args.seconds, size)
            print(f"{cols}x{rows:<4} {board['bytes_per_s']:>10.0f} {floor['bytes_per_s']:>10.0f} "
                  f"{ratio(board['bytes_per_s'], floor['bytes_per_s']):>7} "
                  f"{board['cpu_pct']:>11.2f} {floor['cpu_pct']:>11.2f} "
                  f"{ratio(board['cpu_pct'], floor['cpu_pct']):>7}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
