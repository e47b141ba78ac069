"""A building's SSH set-up, on loopback, for the end-to-end test of the kiosk recipe (README:
"Deploying it for a building"): OS logins with keys, a private ``sshd`` on a free port whose
``Match Group`` block forces ``dutyboard``, the site config naming the database, and the
database made by ``init --group``.

The test machine's Python lives under ``/root`` (not readable by other logins), so the
forced command is a small launcher run by the system's ``/usr/bin/python3`` (the same
CPython 3.11 ABI) that adds this checkout's installed site-packages: the same ``dutyboard``
entry point and packages, as a site would install them system-wide.

Needs root (it creates OS users and runs sshd) and OpenSSH's server: skipped without them,
unless ``DUTYBOARD_REQUIRE_SSH=1`` (CI), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SSHD = "/usr/sbin/sshd"
SYSTEM_PYTHON = "/usr/bin/python3"
GROUP = "dbssh_desk"          # the desk's logins: sshd forces dutyboard on them
SHELL_GROUP = "dbssh_shell"   # a login with a shell (the --as check)


def require_ssh() -> None:
    problems = []
    if os.geteuid() != 0:
        problems.append("not root (the test creates OS logins and runs sshd)")
    if not Path(SSHD).exists():
        problems.append("OpenSSH's server is not installed (apt-get install openssh-server)")
    if shutil.which("ssh") is None or shutil.which("ssh-keygen") is None:
        problems.append("the ssh client is not installed")
    if not Path(SYSTEM_PYTHON).exists():
        problems.append(f"{SYSTEM_PYTHON} is missing")
    if problems:
        why = "; ".join(problems)
        if os.environ.get("DUTYBOARD_REQUIRE_SSH") == "1":
            pytest.fail(f"DUTYBOARD_REQUIRE_SSH=1 but {why}")
        pytest.skip(f"{why}; set DUTYBOARD_REQUIRE_SSH=1 to make this a failure")


def _run(*argv: str, check: bool = True, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(argv), capture_output=True, text=True, check=check, timeout=60,
                          **kw)  # type: ignore[call-overload]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Site:
    """Everything the test made; ``close`` undoes it."""
    root: Path
    port: int
    db: Path
    logins: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    sshd: subprocess.Popen[bytes] | None = None

    def key(self, login: str) -> Path:
        return self.root / "client" / login

    def ssh(self, login: str, *command: str, tty: bool = True) -> list[str]:
        """The ssh command line of one session (a terminal unless ``tty`` is False)."""
        return ["ssh", "-F", "/dev/null", "-p", str(self.port), "-i", str(self.key(login)),
                "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                "-tt" if tty else "-T", f"{login}@127.0.0.1", *command]

    def dutyboard(self, *args: str, login: str = "root") -> subprocess.CompletedProcess[str]:
        """The command line as root on the machine (the site's administrator)."""
        exe = Path(sys.executable).with_name("dutyboard")
        env = {**os.environ, "DUTYBOARD_SITE_CONFIG": str(self.root / "config.toml")}
        acting = ["--as", login] if login != "root" else []
        return _run(str(exe), "--db", str(self.db), *acting, *args, check=False, env=env)

    def close(self) -> None:
        if self.sshd is not None:
            self.sshd.terminate()
            try:
                self.sshd.wait(10)
            except subprocess.TimeoutExpired:
                self.sshd.kill()
        for login in self.logins:
            _run("pkill", "-KILL", "-u", login, check=False)
            _run("userdel", "-r", login, check=False)
        for group in self.groups:
            _run("groupdel", group, check=False)
        shutil.rmtree(self.root, ignore_errors=True)


def _launcher(root: Path) -> Path:
    """``dutyboard`` for the other logins (see the module docstring)."""
    site_packages = sysconfig.get_paths()["purelib"]
    path = root / "bin" / "dutyboard"
    path.parent.mkdir(mode=0o755)
    path.write_text(f"#!{SYSTEM_PYTHON}\nimport site, sys\nsite.addsitedir({site_packages!r})\n"
                    "from dutyboard.tui.entry import main\nsys.exit(main())\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def _add_login(site: Site, login: str, group: str) -> None:
    _run("userdel", "-r", login, check=False)   # left over from an interrupted run
    _run("useradd", "-m", "-s", "/bin/sh", "-G", group, login)
    _run("usermod", "-p", "*", login)   # no password, and not locked (sshd refuses locked ones)
    site.logins.append(login)
    key = site.key(login)
    _run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key))
    keys = site.root / "keys" / login
    keys.write_text(Path(f"{key}.pub").read_text(), encoding="utf-8")
    keys.chmod(0o644)


def building(desk_logins: list[str], shell_logins: list[str]) -> Iterator[Site]:
    """Make the site and start sshd; yield it; undo everything."""
    require_ssh()
    root = Path(tempfile.mkdtemp(prefix="dbssh-", dir="/tmp"))
    root.chmod(0o755)   # the site config counts only if only root can change its folder
    site = Site(root, free_port(), root / "site" / "duty.db")
    try:
        for group in (GROUP, SHELL_GROUP):
            _run("groupdel", group, check=False)
            _run("groupadd", group)
            site.groups.append(group)
        (root / "keys").mkdir(mode=0o755)
        (root / "client").mkdir(mode=0o700)
        for login in desk_logins:
            _add_login(site, login, GROUP)
        for login in shell_logins:   # the database's group too, but a shell: no forced board
            _add_login(site, login, f"{GROUP},{SHELL_GROUP}")
        launcher = _launcher(root)
        config = root / "config.toml"
        config.write_text(f'database = "{site.db}"\nlang = "en"\n', encoding="utf-8")
        config.chmod(0o644)
        _run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(root / "host_key"))
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)   # sshd's privilege separation
        sshd_config = root / "sshd_config"
        sshd_config.write_text("\n".join([
            f"Port {site.port}", "ListenAddress 127.0.0.1", f"HostKey {root / 'host_key'}",
            f"PidFile {root / 'sshd.pid'}", f"AuthorizedKeysFile {root / 'keys'}/%u",
            "PasswordAuthentication no", "KbdInteractiveAuthentication no", "UsePAM no",
            "PermitRootLogin no", "StrictModes no",
            f"SetEnv DUTYBOARD_SITE_CONFIG={config} LANG=C.UTF-8 LC_ALL=C.UTF-8",
            f"Match Group {GROUP},!{SHELL_GROUP}",   # the kiosk recipe (README)
            f"    ForceCommand {launcher}",
            "    AllowTcpForwarding no", "    X11Forwarding no", "    PermitTTY yes", "",
        ]), encoding="utf-8")
        checked = _run(SSHD, "-t", "-f", str(sshd_config), check=False)
        assert checked.returncode == 0, f"sshd config refused: {checked.stderr}"
        site.sshd = subprocess.Popen([SSHD, "-D", "-e", "-f", str(sshd_config)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", site.port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or site.sshd.poll() is not None:
                    err = site.sshd.stderr.read().decode() if site.sshd.poll() is not None \
                        and site.sshd.stderr else ""
                    pytest.fail(f"sshd did not start on port {site.port}: {err}")
                time.sleep(0.1)
        # the database, shared by the group (init --group), as the administrator (root) makes it
        made = site.dutyboard("init", "--group", GROUP, "--site", "SSH test building")
        assert made.returncode == 0, made.stderr
        yield site
    finally:
        site.close()
