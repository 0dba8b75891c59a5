"""The class page in a real headless browser (Debian's chromium); skipped where there is none.

Chromium is driven through the DevTools protocol over ``--remote-debugging-pipe``
(JSON messages separated by NUL bytes on file descriptors 3 and 4), so the test
needs no extra package: it loads index.html, checks the page rendered, clicks
a column header and reads the new row order, and prints the page to PDF.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from conftest import ROOT

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no chromium installed (apt-get install chromium)")


class Browser:
    """A headless chromium and one page, over the DevTools pipe."""

    def __init__(self) -> None:
        self.profile = tempfile.mkdtemp(prefix="grader-chromium-")
        to_browser_r, self._w = os.pipe()
        self._r, from_browser_w = os.pipe()
        # chromium reads commands on fd 3 and writes answers on fd 4
        self.proc = subprocess.Popen(
            [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={self.profile}", "--remote-debugging-pipe", "about:blank"],
            pass_fds=(3, 4), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=lambda: (os.dup2(to_browser_r, 3), os.dup2(from_browser_w, 4)),
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buf = b""
        self._id = 0
        self.session = None

    def send(self, method: str, params: dict | None = None, timeout: float = 30.0) -> dict:
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if self.session:
            msg["sessionId"] = self.session
        os.write(self._w, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            while b"\0" in self._buf:
                raw, self._buf = self._buf.split(b"\0", 1)
                reply = json.loads(raw)
                if reply.get("id") == self._id:
                    assert "error" not in reply, reply
                    return reply["result"]
            chunk = os.read(self._r, 1 << 16)
            if not chunk:
                break
            self._buf += chunk
        raise TimeoutError(method)

    def open(self, url: str) -> None:
        target = self.send("Target.createTarget", {"url": url})["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for _ in range(100):
            if self.eval("location.href") == url and self.eval("document.readyState") == "complete":
                return
            time.sleep(0.05)
        raise TimeoutError("page load")

    def eval(self, expression: str):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        return result["result"].get("value")

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()
        os.close(self._w)
        os.close(self._r)
        shutil.rmtree(self.profile, ignore_errors=True)


@pytest.fixture(scope="module")
def class_page(tmp_path_factory):
    out = tmp_path_factory.mktemp("feedback")
    proc = subprocess.run([sys.executable, "-m", "grader", str(ROOT / "examples" / "submissions"), "--out", str(out),
                           "--jobs", "2", "--quiet"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return out / "index.html"


@pytest.fixture(scope="module")
def browser():
    b = Browser()
    yield b
    b.close()


def test_class_page_renders_and_sorts_in_a_real_browser(browser, class_page):
    browser.open(class_page.as_uri())
    students = ("Array.from(document.querySelectorAll('table#students tbody tr'))"
                ".map(r => r.querySelector('td').textContent.trim())")
    first = browser.eval(students)
    examples = [p for p in (ROOT / "examples" / "submissions").rglob("*") if p.suffix in (".py", ".ipynb")]
    assert len(first) == len(examples), first
    assert browser.eval("document.querySelectorAll('svg').length") > 0  # charts are inline SVG
    # Sort by score: click the score header twice (ascending, then descending).
    headers = browser.eval("Array.from(document.querySelectorAll('table#students thead th')).map(t => t.textContent.trim().toLowerCase())")
    col = next(i for i, h in enumerate(headers) if "score" in h)
    click = f"document.querySelectorAll('table#students thead th')[{col}].querySelector('button').click()"
    browser.eval(click)
    ascending = browser.eval(students)
    browser.eval(click)
    descending = browser.eval(students)
    assert ascending[0] == "carol" and ascending[-1] == "alice", ascending
    assert descending == ascending[::-1]
    # Links lead to the students' reports, which exist.
    hrefs = browser.eval("Array.from(document.querySelectorAll('table#students a')).map(a => a.href)")
    assert hrefs and all(Path(h.removeprefix("file://")).exists() for h in hrefs), hrefs


def test_class_page_prints(browser, class_page):
    browser.open(class_page.as_uri())
    pdf = browser.send("Page.printToPDF", {"printBackground": False})["data"]
    import base64

    data = base64.b64decode(pdf)
    assert data.startswith(b"%PDF") and len(data) > 2000
