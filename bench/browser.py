"""How long a page takes to load in headless chromium: for the benchmark's class-page figure.

Chromium is driven through the DevTools protocol over ``--remote-debugging-pipe``
(JSON messages separated by NUL bytes on file descriptors 3 and 4), as in
``tests/test_browser.py``: no extra package. Each load opens the page in a new
tab of one running browser (its start is not counted) and reads the page's own
navigation timing: ``loadEventEnd`` (the HTML parsed, its scripts and styles
run, the ``load`` event handled) and ``domContentLoadedEventEnd``, in ms from
the navigation's start, plus the wall time the benchmark waited from asking
for the tab to the document being complete, then one animation frame later
(laid out and painted once).
"""
from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


class Unavailable(Exception):
    """No browser here, or it did not answer."""


class Browser:
    def __init__(self) -> None:
        if BROWSER is None:
            raise Unavailable("no chromium installed (apt-get install chromium)")
        self.profile = tempfile.mkdtemp(prefix="bench-chromium-")
        to_browser_r, self._w = os.pipe()
        self._r, from_browser_w = os.pipe()
        self.proc = subprocess.Popen(  # chromium reads commands on fd 3 and writes answers on fd 4
            [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-extensions", f"--user-data-dir={self.profile}", "--remote-debugging-pipe", "about:blank"],
            pass_fds=(3, 4), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=lambda: (os.dup2(to_browser_r, 3), os.dup2(from_browser_w, 4)),
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buf = b""
        self._id = 0

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = 60.0) -> dict:
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        try:
            os.write(self._w, json.dumps(msg).encode() + b"\0")
        except OSError as exc:
            raise Unavailable(f"chromium is gone ({exc})") from None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            while b"\0" in self._buf:
                raw, self._buf = self._buf.split(b"\0", 1)
                reply = json.loads(raw)
                if reply.get("id") == self._id:
                    if "error" in reply:
                        raise Unavailable(f"{method}: {reply['error']}")
                    return reply["result"]
            chunk = os.read(self._r, 1 << 16)
            if not chunk:
                raise Unavailable(f"chromium closed its pipe (exit {self.proc.poll()})")
            self._buf += chunk
        raise Unavailable(f"chromium did not answer {method} in {timeout:g} s")

    def eval(self, session: str, expression: str, timeout: float = 60.0):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True}, session, timeout)
        return result.get("result", {}).get("value")

    def load(self, url: str, timeout: float = 120.0) -> dict:
        """Open ``url`` in a new tab; its navigation timing (ms) and the wall time to loaded and painted."""
        t0 = time.perf_counter()
        target = self.send("Target.createTarget", {"url": url})["targetId"]
        try:
            session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            deadline = time.monotonic() + timeout
            while self.eval(session, "document.readyState") != "complete" or \
                    self.eval(session, "location.href") != url:
                if time.monotonic() > deadline:
                    raise Unavailable(f"{url} did not finish loading in {timeout:g} s")
                time.sleep(0.005)
            self.eval(session, "new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))")
            wall = time.perf_counter() - t0
            nav = self.eval(session, "JSON.stringify(performance.getEntriesByType('navigation')[0] || {})")
            nav = json.loads(nav or "{}")
            nodes = self.eval(session, "document.getElementsByTagName('*').length")
        finally:
            self.send("Target.closeTarget", {"targetId": target})
        return {"load_ms": nav.get("loadEventEnd"), "dcl_ms": nav.get("domContentLoadedEventEnd"),
                "wall_ms": wall * 1000, "nodes": nodes}

    def close(self) -> None:
        try:
            os.close(self._w)
        except OSError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._r)
        shutil.rmtree(self.profile, ignore_errors=True)


def page_load(path: Path, repeats: int = 3) -> dict:
    """The median of ``repeats`` loads of the page at ``path`` (after one untimed load that warms the browser)."""
    browser = Browser()
    try:
        url = path.resolve().as_uri()
        browser.load(url)
        loads = [browser.load(url) for _ in range(repeats)]
    finally:
        browser.close()
    med = {k: statistics.median([x[k] for x in loads if x[k] is not None] or [0]) for k in
           ("load_ms", "dcl_ms", "wall_ms")}
    med["nodes"] = loads[-1]["nodes"]
    med["repeats"] = repeats
    return med
