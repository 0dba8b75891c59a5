"""The class page in a real headless browser (Debian's chromium); skipped where there is none.

Chromium is driven through the DevTools protocol over ``--remote-debugging-pipe``
(JSON messages separated by NUL bytes on file descriptors 3 and 4), so the test
needs no extra package: it loads index.html, checks the page rendered, clicks
a column header and reads the new row order, and prints the page to PDF. On a
class built in-process (about 130 submissions, hostile and very long names,
files not graded, not counted and ignored) it checks that the score grid comes
first and links every submission to its report, and that nothing overflows the
page at 1280 and 400 px: only tables scroll, inside their own boxes.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote

import pytest

from conftest import ROOT
from reports.text import fmt_num

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
def generated_page(tmp_path_factory):
    """index.html and the reports of a class built in-process (tests/test_class_terminal.py), written as
    ``grade`` writes them."""
    from test_class_terminal import class_run

    from grader.output import write_run

    out = tmp_path_factory.mktemp("generated")
    run = class_run()
    write_run(run, out)
    return out / "index.html", run


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


GRID = """(() => {
  const grid = document.querySelector('section#grid table');
  const heads = Array.from(grid.tHead.rows[0].cells).map(c => c.textContent.replace(/[↕↑↓]/g, '').trim());
  const rows = Array.from(grid.tBodies[0].rows).map(r => ({
    student: r.cells[0].textContent.trim(),
    cells: Array.from(r.cells).slice(1).map(c => Array.from(c.querySelectorAll('a')).map(a => ({
      text: a.textContent.trim(), href: a.href, cls: a.className}))),
  }));
  return {heads, rows};
})()"""


def _grid_checks(browser, page, run) -> None:
    browser.open(page.as_uri())
    # the grid is the first section, right under the header and the nav
    assert browser.eval("document.querySelector('main section').id") == "grid"
    assert browser.eval("Array.from(document.querySelectorAll('main > *')).map(e => e.tagName).slice(0, 3)") == \
        ["HEADER", "NAV", "SECTION"]
    # every link of the nav leads to a section of the page; the table of every submission is one of them
    targets = browser.eval("Array.from(document.querySelectorAll('nav a')).map(a => a.getAttribute('href'))")
    assert "#all-submissions" in targets and "#grid" in targets
    assert all(browser.eval(f"!!document.getElementById({t[1:]!r})") for t in targets), targets
    assert browser.eval("!!document.querySelector('#all-submissions table#students')")
    grid = browser.eval(GRID)
    students = sorted({s.student for s in run.submissions}, key=lambda n: (n.casefold(), n))
    assert [r["student"] for r in grid["rows"]] == students  # names as text, in the students' order
    names = [re.sub(r"\s*of [0-9.]+$", "", h) for h in grid["heads"][1:]]  # "xor_mlp of 100"
    assert names == sorted({s.assignment or "(unrecognised)" for s in run.submissions},
                           key=lambda a: (a == "(unrecognised)", a))
    by_cell = {}
    for sub in run.submissions:
        by_cell.setdefault((sub.student, sub.assignment or "(unrecognised)"), []).append(sub)
    hrefs = []
    for row in grid["rows"]:
        for name, links in zip(names, row["cells"]):
            subs = by_cell.get((row["student"], name), [])
            assert len(links) == len(subs), (row["student"], name, links)  # empty: nothing handed in
            for link, sub in zip(links, subs):
                if sub.status == "graded":
                    assert link["text"] == fmt_num(sub.score) and "band-none" not in link["cls"], (link, sub.score)
                else:
                    assert link["text"] == sub.status and "band-none" in link["cls"], link
                hrefs.append(link["href"])
    assert len(hrefs) == len(run.submissions)
    missing = [h for h in hrefs if not Path(unquote(h.removeprefix("file://"))).is_file()]
    assert not missing, missing[:5]
    assert browser.eval("document.scripts.length") == 1  # names like <script> are text, never markup


def test_grid_comes_first_and_links_every_submission(browser, class_page, generated_page):
    from grader.results import RunResult

    page, run = generated_page
    _grid_checks(browser, page, run)
    real = RunResult.from_dict(json.loads((class_page.parent / "results.json").read_text()))
    _grid_checks(browser, class_page, real)
    # sorting the grid by a column puts the lowest scores first, the students with nothing handed in before them
    page, run = generated_page
    browser.open(page.as_uri())
    col = browser.eval("Array.from(document.querySelectorAll('#grid thead th')).findIndex(t => "
                       "t.textContent.includes('xor'))")
    browser.eval(f"document.querySelectorAll('#grid thead th')[{col}].querySelector('button').click()")
    first = browser.eval(f"Array.from(document.querySelectorAll('#grid tbody tr')).map(r => "
                         f"r.cells[{col}].textContent.trim())")
    assert first[0] == "" and first[-1] == "100" and "0" in first, first


OVERFLOW = """(() => {
  const vw = document.documentElement.clientWidth;
  const scrolls = el => { for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      const o = getComputedStyle(e).overflowX; if (o === 'auto' || o === 'scroll') return e; } return null; };
  const out = [];
  for (const el of document.querySelectorAll('main *')) {
    if (scrolls(el)) continue;  // inside a box that scrolls: measured as that box
    const r = el.getBoundingClientRect();
    if (r.width && (r.right > vw + 0.5 || r.left < -0.5))
      out.push(el.tagName + '.' + el.className + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
  }
  const tables = Array.from(document.querySelectorAll('main table')).map(t => {
    const box = scrolls(t);
    return {inBox: !!box, boxFits: !!box && box.getBoundingClientRect().right <= vw + 0.5,
            scrolls: !!box && box.scrollWidth > box.clientWidth};
  });
  return {vw, page: document.documentElement.scrollWidth, body: document.body.scrollWidth, out, tables};
})()"""


@pytest.mark.parametrize("width", [1280, 400])
def test_nothing_overflows_the_class_page(browser, generated_page, width):
    page, _ = generated_page
    browser.open(page.as_uri())
    browser.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": 900, "deviceScaleFactor": 1,
                                                        "mobile": False})
    try:
        m = browser.eval(OVERFLOW)
        seen = browser.eval(MEASURE)
    finally:
        browser.send("Emulation.clearDeviceMetricsOverride")
    assert m["vw"] <= width and m["page"] <= m["vw"] and m["body"] <= m["vw"], m
    assert not m["out"], m["out"][:10]
    # a pass-rate bar is seen in its card, not scrolled out of it; chart text stays in its chart
    assert not seen["bars"] and not seen["texts"], (seen["bars"][:5], seen["texts"][:5])
    # every table sits in a box of its own that fits the page and scrolls sideways when the table is wider
    assert m["tables"] and all(t["inBox"] and t["boxFits"] for t in m["tables"]), m["tables"]
    print(f"\n{width} px: {sum(t['scrolls'] for t in m['tables'])} of {len(m['tables'])} tables scroll in their box")


# ---------------------------------------------------------------- a student's own report, measured

SHOTS = Path("/tmp/report-shots")  #: a copy of the screenshots, for a person to look at

#: What a report looks like in the browser, measured: the page's width, every element that reaches past
#: the viewport outside a box that scrolls sideways, every SVG text outside its <svg>, every summary bar
#: outside its card.
MEASURE = """(() => {
  const vw = document.documentElement.clientWidth;
  const scrolls = el => { for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      const o = getComputedStyle(e).overflowX; if (o === 'auto' || o === 'scroll') return e; } return null; };
  const name = el => el.tagName + (el.getAttribute('class') ? '.' + el.getAttribute('class') : '');
  const out = [];
  for (const el of document.querySelectorAll('main *')) {
    if (scrolls(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width && (r.right > vw + 0.5 || r.left < -0.5)) out.push(name(el) + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
  }
  const texts = [];
  for (const t of document.querySelectorAll('svg text')) {
    const s = t.ownerSVGElement.getBoundingClientRect(), r = t.getBoundingClientRect();
    if (r.width && (r.left < s.left - 0.5 || r.right > s.right + 0.5 || r.top < s.top - 0.5 || r.bottom > s.bottom + 0.5))
      texts.push(JSON.stringify(t.textContent) + ' ' + Math.round(r.left) + '..' + Math.round(r.right) +
                 ' in ' + Math.round(s.left) + '..' + Math.round(s.right));
  }
  const bars = [];
  for (const b of document.querySelectorAll('.bar')) {
    const c = b.closest('.card').getBoundingClientRect(), r = b.getBoundingClientRect();
    if (r.left < c.left - 0.5 || r.right > c.right + 0.5) bars.push(Math.round(r.left) + '..' + Math.round(r.right) +
                                                                   ' in ' + Math.round(c.left) + '..' + Math.round(c.right));
  }
  return {vw, page: document.documentElement.scrollWidth, body: document.body.scrollWidth, out, texts, bars,
          height: document.documentElement.scrollHeight, svgs: document.querySelectorAll('svg text').length};
})()"""


@pytest.fixture(scope="module")
def student_reports(tmp_path_factory):
    """A report with failures, pictures and named mistakes, and one in student mode with held checks."""
    from test_report_student import student_mode, with_failures

    from reports import render_submission

    out = tmp_path_factory.mktemp("student-reports")
    pages = {}
    for name, sub in (("failures", with_failures()), ("student-mode", student_mode())):
        pages[name] = out / f"{name}.html"
        pages[name].write_text(render_submission(sub), encoding="utf-8")
    return pages


def _screenshot(browser: Browser, path: Path, width: int, height: int) -> None:
    """The whole page, ``width`` px wide, as a PNG at ``path`` (and a copy in :data:`SHOTS`)."""
    import base64

    shot = browser.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                   "clip": {"x": 0, "y": 0, "width": width, "height": height,
                                                            "scale": 1}})
    path.write_bytes(base64.b64decode(shot["data"]))
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, SHOTS / path.name)
    print(f"\nscreenshot: {path} (copy: {SHOTS / path.name})")


@pytest.mark.parametrize("width", [1280, 400])
@pytest.mark.parametrize("page", ["failures", "student-mode"])
def test_a_students_report_fits_the_screen(browser, student_reports, tmp_path, page, width):
    browser.open(student_reports[page].as_uri())
    browser.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": 900, "deviceScaleFactor": 1,
                                                        "mobile": False})
    try:
        m = browser.eval(MEASURE)
        _screenshot(browser, tmp_path / f"{page}-{width}.png", width, max(m["height"], 1))
    finally:
        browser.send("Emulation.clearDeviceMetricsOverride")
    assert m["vw"] <= width and m["page"] <= m["vw"] and m["body"] <= m["vw"], m
    assert not m["out"], m["out"][:10]
    assert not m["bars"], m["bars"]
    assert not m["texts"], m["texts"][:10]
    assert page != "failures" or m["svgs"] > 20  # the charts were measured
