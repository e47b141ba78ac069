"""README command (1) works the second time it is run: its `demo` step says the database is
already the demo and exits 0, so the board opens (the board itself is driven in tests/e2e)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_demo_steps() -> tuple[list[str], list[str]]:
    """The two dutyboard invocations at the end of README command (1)."""
    text = README.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if "pip install -e . &&" in ln)
    steps = [s.strip() for s in line.split("&&") if s.strip().startswith("dutyboard")]
    assert len(steps) == 2, line
    return steps[0].split()[1:], steps[1].split()[1:]


def dutyboard(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("dutyboard") or ""
    cmd = [exe, *args] if exe else [sys.executable, "-m", "dutyboard", *args]
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def test_readme_command_one_works_twice(tmp_path: Path) -> None:
    demo, board = readme_demo_steps()
    assert demo[-1] == "demo" and "--db" in demo and board == demo[:-1]
    assert not re.search(r"sqlite:///", " ".join(demo)), "the README shows a plain path"
    first = dutyboard(demo, tmp_path)
    assert first.returncode == 0, first.stderr
    db_file = tmp_path / demo[demo.index("--db") + 1]
    assert db_file.exists()
    second = dutyboard(demo, tmp_path)
    assert second.returncode == 0, second.stderr
    assert second.stderr.count("\n") <= 1 and "Traceback" not in second.stderr
    listed = dutyboard([*board, "meeting", "list", "--json"], tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.strip().startswith("[")
