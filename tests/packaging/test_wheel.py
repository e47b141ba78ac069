"""The wheel installs one top-level name, ``dutyboard``, so it cannot clash with PyPI's
``rules`` (django-rules), ``store`` or ``tui``: pip does not detect such clashes, and
installing or uninstalling one package would silently overwrite or delete the other's files.

The wheel is built from a copy of the checkout (a build writes ``build/`` and
``*.egg-info`` into its source tree). The second test installs it beside django-rules in a
throwaway venv; it needs the package index (or pip's cache) and skips when that install does
not work, unless ``DUTYBOARD_REQUIRE_NET=1`` (set by ``.ci/run``), which makes it a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NET_ENV = "DUTYBOARD_REQUIRE_NET"
# Not part of the package: the repository's own tooling, caches and build output.
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__",
                                    ".*_cache", "__snapshots__", "*.db")


def run(*cmd: str | Path, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run outside the checkout: ``python -c`` puts the working directory first on sys.path,
    where our own ``rules/`` folder would shadow an installed django-rules."""
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL, cwd=cwd)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("src") / "dutyboard"
    shutil.copytree(REPO, src, ignore=NOT_SOURCE)
    out = tmp_path_factory.mktemp("wheel")
    done = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", out, src, cwd=out)
    assert done.returncode == 0, f"building the wheel failed:\n{done.stdout}\n{done.stderr}"
    (built,) = out.glob("dutyboard-*.whl")
    return built


def test_wheel_installs_only_the_dutyboard_package(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/", 1)[0] for name in names}
    dist_info = {t for t in top if t.endswith(".dist-info")}
    assert top - dist_info == {"dutyboard"}, f"unexpected top-level names: {sorted(top - dist_info)}"
    assert [d.split("-")[0] for d in dist_info] == ["dutyboard"]
    for needed in ("dutyboard/__main__.py", "dutyboard/rules/default_rulebook.toml",
                   "dutyboard/store/__init__.py", "dutyboard/tui/cli/__init__.py",
                   "dutyboard/tui/board/__init__.py"):
        assert needed in names, f"{needed} missing from the wheel"
    migrations = {n.rsplit("/", 1)[1] for n in names if n.startswith("dutyboard/store/migrations/")}
    assert migrations == {p.name for p in (REPO / "store" / "migrations").glob("*.py")} != set()
    styles = [n for n in names if n.endswith(".tcss")]
    assert len(styles) == len(list((REPO / "tui" / "board").glob("*.tcss"))) > 0
    assert not [n for n in names if n.startswith("dutyboard/tests/")]


def _net_unavailable(why: str) -> None:
    if os.environ.get(NET_ENV) == "1":
        pytest.fail(f"{NET_ENV}=1 but {why}")
    pytest.skip(f"{why}; set {NET_ENV}=1 to make this a failure")


@pytest.mark.net
def test_wheel_and_django_rules_share_a_venv(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    made = run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / "python"
    pip = (python, "-m", "pip", "install", "-q", "--disable-pip-version-check")

    got_rules = run(*pip, "rules", cwd=tmp_path)
    if got_rules.returncode != 0:
        _net_unavailable(f"could not install django-rules (`pip install rules`): "
                         f"{got_rules.stderr.strip().splitlines()[-1:]}")
    # Our wheel's own dependencies come from the index (or pip's cache) too; a failure here
    # after django-rules installed is a problem of the wheel, not of the network.
    got_ours = run(*pip, wheel, cwd=tmp_path)
    assert got_ours.returncode == 0, f"installing the wheel failed:\n{got_ours.stderr}"

    both = run(python, "-c", "import rules, dutyboard.rules; "
               "assert hasattr(rules, 'add_perm'), 'rules is not django-rules'; "
               "assert hasattr(dutyboard.rules, 'load_rulebook'); "
               "print(rules.__file__); print(dutyboard.rules.__file__)", cwd=tmp_path)
    assert both.returncode == 0, both.stderr
    django_rules, ours = both.stdout.split()
    assert Path(django_rules).parent != Path(ours).parent

    helped = run(bindir / "dutyboard", "--help", cwd=tmp_path)
    assert helped.returncode == 0, helped.stderr
    assert "usage" in helped.stdout.lower()

    gone = run(*pip[:3], "uninstall", "-y", "-q", "rules", cwd=tmp_path)
    assert gone.returncode == 0, gone.stderr
    still = run(python, "-c", "import dutyboard.rules, dutyboard.store, dutyboard.tui.cli; "
                "dutyboard.rules.load_rulebook()", cwd=tmp_path)
    assert still.returncode == 0, f"uninstalling django-rules broke dutyboard:\n{still.stderr}"
    assert run(python, "-c", "import rules", cwd=tmp_path).returncode != 0
    assert run(bindir / "dutyboard", "--help", cwd=tmp_path).returncode == 0
