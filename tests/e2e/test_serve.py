"""``dutyboard serve`` in Debian's Chromium, headless: the wall screen in a browser.

The test starts ``serve`` on a free loopback port over a demo database, opens the page in
Chromium driven through the DevTools protocol (aiohttp's websocket client, which comes with
textual-serve), and reads what the board sent to the page's terminal (a hook installed
before the page's own script records the websocket's bytes) until the four panes are there,
in English and in Chinese. The page must load nothing from the internet and show no write key.

Skipped without Chromium, unless ``DUTYBOARD_REQUIRE_BROWSER=1`` (CI installs it).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from ptykit import clean_env, dutyboard_exe

pytestmark = pytest.mark.e2e

CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
PANES = {"en": ("Venues today", "Department countdowns", "Open tickets", "Escalations"),
         "zh": ("今日会场", "部门倒计时", "待办工单", "升级与告警")}
HOOK = """(() => {
  const Real = window.WebSocket;
  const decoder = new TextDecoder();
  window.__seen = "";
  class Recording extends Real {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (e) => {
        if (e.data instanceof ArrayBuffer) window.__seen += decoder.decode(e.data, {stream: true});
        else if (typeof e.data === "string") window.__seen += e.data;
      });
    }
  }
  window.WebSocket = Recording;
})();"""
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][A-Za-z0-9]|\x1b[=>]")


def _chromium() -> str:
    for name in CHROMIUM:
        if path := shutil.which(name):
            return path
    why = "Chromium is not installed (apt-get install chromium fonts-noto-cjk)"
    if os.environ.get("DUTYBOARD_REQUIRE_BROWSER") == "1":
        pytest.fail(f"DUTYBOARD_REQUIRE_BROWSER=1 but {why}")
    pytest.skip(f"{why}; set DUTYBOARD_REQUIRE_BROWSER=1 to make this a failure")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_http(url: str, timeout: float = 30.0) -> bytes:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                return answer.read()
        except OSError:
            if time.monotonic() > deadline:
                pytest.fail(f"nothing answered at {url} within {timeout:.0f}s")
            time.sleep(0.2)


@pytest.fixture(scope="module")
def demo_db() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="dutyboard-serve-"))
    db = folder / "demo.db"
    made = subprocess.run([dutyboard_exe(), "--db", str(db), "demo"], capture_output=True,
                          text=True, timeout=120, env=clean_env())
    assert made.returncode == 0, made.stderr
    yield db
    shutil.rmtree(folder, ignore_errors=True)


def _serve(db: Path, lang: str) -> tuple[subprocess.Popen[str], int]:
    port = _free_port()
    proc = subprocess.Popen([dutyboard_exe(), "--db", str(db), "--lang", lang, "serve",
                             "--port", str(port)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=clean_env())
    return proc, port


async def _cdp_read(page_ws: str, url: str, want: tuple[str, ...], timeout: float) -> str:
    import aiohttp
    async with aiohttp.ClientSession() as session, session.ws_connect(page_ws, max_msg_size=0) as ws:
        ident = 0

        async def call(method: str, **params: object) -> dict:
            nonlocal ident
            ident += 1
            await ws.send_json({"id": ident, "method": method, "params": params})
            while True:
                message = json.loads((await ws.receive()).data)
                if message.get("id") == ident:
                    return message.get("result", {})

        await call("Page.enable")
        await call("Page.addScriptToEvaluateOnNewDocument", source=HOOK)
        await call("Page.navigate", url=url)
        deadline = time.monotonic() + timeout
        text = ""
        while time.monotonic() < deadline:
            result = await call("Runtime.evaluate", expression="window.__seen || ''",
                                returnByValue=True)
            text = ANSI.sub("", result.get("result", {}).get("value", ""))
            if all(w in text for w in want):
                painted = await call("Runtime.evaluate", returnByValue=True, expression=(
                    "document.body.classList.contains('-first-byte')"))
                assert painted["result"]["value"] is True   # the page's terminal drew it
                return text
            await asyncio.sleep(0.25)
        pytest.fail(f"the page did not show {want} within {timeout:.0f}s; it showed:\n{text[-3000:]}")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_wall_board_renders_in_chromium(demo_db: Path, tmp_path: Path, lang: str) -> None:
    chromium = _chromium()
    server, port = _serve(demo_db, lang)
    debug_port = _free_port()
    browser = subprocess.Popen(
        [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--remote-debugging-port={debug_port}", "--remote-debugging-address=127.0.0.1",
         f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1600,1000", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        page = _wait_http(f"http://127.0.0.1:{port}/").decode()
        assert "https://" not in page and "googleapis" not in page   # a closed network
        fonts = re.findall(r'url\("([^"]+\.ttf)"\)', page)
        assert fonts, "the page ships its terminal font"
        for font in fonts:
            assert len(_wait_http(font if font.startswith("http") else
                                  f"http://127.0.0.1:{port}{font}")) > 10_000
        targets = json.loads(_wait_http(f"http://127.0.0.1:{debug_port}/json/list"))
        page_ws = next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")
        text = asyncio.run(_cdp_read(page_ws, f"http://127.0.0.1:{port}/", PANES[lang], 60.0))
        footer = ("Check off", "New ticket", "Emergency") if lang == "en" else ("完成", "新建工单")
        assert not any(word in text for word in footer), "a read-only board shows no write key"
    finally:
        browser.terminate()
        server.terminate()
        for proc in (browser, server):
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def test_serve_binds_loopback_and_refuses_a_bad_host(demo_db: Path) -> None:
    bad = subprocess.run([dutyboard_exe(), "--db", str(demo_db), "serve", "--host", "wall screen"],
                         capture_output=True, text=True, timeout=60, env=clean_env())
    assert bad.returncode == 2 and "--host" in bad.stderr and "Traceback" not in bad.stderr
    web = clean_env(TEXTUAL_DRIVER="textual.drivers.web_driver:WebDriver")
    writable = subprocess.run([dutyboard_exe(), "--db", str(demo_db)], capture_output=True,
                              text=True, timeout=60, env=web, stdin=subprocess.DEVNULL)
    assert writable.returncode == 2 and "read-only" in writable.stderr
