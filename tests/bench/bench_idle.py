"""Idle cost of the real board: terminal bytes/s and CPU % while nothing happens but the clock.

Runs the real `dutyboard` on a fresh demo database under a pty (160x48 and 80x24), waits for
the first full board, lets it settle, then measures ``--seconds`` of idling; the floor app
(floor_app.py, one static line) is measured the same way in the same run, so the ratios say
what the board adds on top of Textual on this machine.

    python tests/bench/bench_idle.py [--seconds 20] [--size 160x48 --size 80x24]
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

from benchboardkit import _cpu

FLOOR = Path(__file__).with_name("floor_app.py")
BOARD_READY = re.compile(rb"data \d+s|in \d+h\d+m")   # the header, or a countdown at 80x24
FLOOR_READY = re.compile(rb"dutyboard floor")
SETTLE_S = 3.0   # the first paint and the first flag recompute


def idle(argv: list[str], ready: re.Pattern[bytes], seconds: float,
         size: tuple[int, int], dump: Path | None = None) -> dict[str, float]:
    """Start ``argv`` on a pty of ``size``, wait for ``ready`` on screen, settle, then measure
    ``seconds``: bytes the program wrote to the terminal per second and % of one core."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("DUTYBOARD_DB", "TMUX")}
    env.update(TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8", COLUMNS=str(size[0]),
               LINES=str(size[1]))
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                            start_new_session=True, close_fds=True)
    os.close(slave)
    received = bytearray()
    seen = threading.Event()
    stop = threading.Event()

    def drain() -> None:  # a terminal that never reads would block the program's writes
        while not stop.is_set():
            readable, _, _ = select.select([master], [], [], 0.1)
            if not readable:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            received.extend(chunk)
            if not seen.is_set() and ready.search(received[-4096:]):
                seen.set()
    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        if not seen.wait(60):
            tail = received[-2000:].decode("utf-8", "replace")
            raise RuntimeError(f"{argv[0]} never showed its first screen: {tail!r}")
        time.sleep(SETTLE_S)
        tick = os.sysconf("SC_CLK_TCK")
        cpu0, wall0, bytes0 = _cpu(proc.pid) / tick, time.monotonic(), len(received)
        time.sleep(seconds)
        cpu1, wall1, bytes1 = _cpu(proc.pid) / tick, time.monotonic(), len(received)
        if dump is not None:   # what the program wrote while idle, to see what repaints
            dump.write_bytes(bytes(received[bytes0:bytes1]))
        return {"cpu_pct": 100 * (cpu1 - cpu0) / (wall1 - wall0),
                "bytes_per_s": (bytes1 - bytes0) / (wall1 - wall0)}
    finally:
        with contextlib.suppress(OSError):
            os.write(master, b"q")
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.terminate()
            proc.wait(timeout=10)
        stop.set()
        reader.join(2)
        os.close(master)


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
