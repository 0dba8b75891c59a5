"""What student-controlled text and data do to the grader's outputs.

1. ``--github``. GitHub's Actions runner reads *workflow commands* from every line a step writes,
   on stdout and stderr (actions/runner: ``ActionCommandManager.TryProcessCommand``, which tries
   ``ActionCommand.TryParseV2`` and then the legacy ``ActionCommand.TryParse``):

   - ``::name k=v,k=v::data``: the line, after its leading whitespace is trimmed, starts with
     ``::``; properties are split on ``,`` and ``=``; ``%0D %0A %3A %2C %25`` are unescaped in
     properties, ``%0D %0A %25`` in the data;
   - ``##[name k=v;k=v]data``: ``##[`` *anywhere* in the line (``%3B %0D %0A %5D %25`` unescaped);
   - only registered names count (case-insensitively); ``stop-commands`` with data ``TOKEN``
     makes the runner ignore every command until one named ``TOKEN`` (``::TOKEN::``).

   The runner compares with .NET's culture-sensitive ``StartsWith``/``IndexOf``, which (ICU) may
   look through invisible characters: the model below removes them first, to be safe.
   :func:`runner_commands` implements these rules; over the grader's whole output for a class
   with hostile folder names, printed output and exception text, the runner must act on nothing
   but the grader's own commands, with the data the grader meant.

2. Bloat. Whatever a submission returns, raises or prints, every file the grader writes stays
   within the documented limits (grader/results.py; README, "What it writes"), and the honest
   part of a hostile submission still scores what it should.
"""
from __future__ import annotations

import base64
import copy
import io
import json
import os
import re
import secrets
import subprocess
import sys
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from rich.console import Console

from conftest import ROOT
from grader.results import CheckResult, RunResult, SkippedCode, SubmissionResult
from reports import ci, html, tables, terminal
from reports.text import printable

HOSTILE = ROOT / "tests" / "hostile" / "outputs"
LINREG = (ROOT / "solutions" / "linear_regression.py").read_text()
XOR = (ROOT / "solutions" / "xor_mlp.py").read_text()

# the documented limits (README, "What it writes"), spelled out so that old code fails on size
MESSAGE_LIMIT = 2000
VALUE_LIMIT, VALUE_LINES = 2000, 60
SUBMISSION_JSON_LIMIT = 256 * 1024
REPORT_HTML_LIMIT = 1024 * 1024
DETAILS_LIMIT = 128 * 1024
SKIPPED_LIMIT = 100


# ---------------------------------------------------------------- the runner's command parser

REGISTERED = {"set-env", "set-output", "save-state", "add-mask", "add-path", "add-matcher", "remove-matcher",
              "debug", "warning", "error", "notice", "group", "endgroup", "echo", "internal-set-repo-path",
              "stop-commands"}
DATA = (("%0D", "\r"), ("%0A", "\n"), ("%25", "%"))
PROPERTY = (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%"))
LEGACY = (("%3B", ";"), ("%0D", "\r"), ("%0A", "\n"), ("%5D", "]"), ("%25", "%"))


def _unescape(text: str, table) -> str:
    for escaped, char in table:  # in the runner's order
        text = text.replace(escaped, char)
    return text


def _ignorable(ch: str) -> bool:
    """Could a culture-aware comparison skip ``ch``? (controls, format characters, other default-ignorables)"""
    code = ord(ch)
    return (unicodedata.category(ch) in ("Cc", "Cf", "Cs") and ch != "\t") or code in (0x34F, 0x115F, 0x1160,
            0x17B4, 0x17B5, 0x3164, 0xFFA0) or 0x180B <= code <= 0x180F or 0xFE00 <= code <= 0xFE0F or \
        0xE0100 <= code <= 0xE01EF


def skeleton(line: str) -> str:
    return "".join(ch for ch in line if not _ignorable(ch))


@dataclass
class Command:
    name: str
    properties: dict
    data: str
    line: str = ""


def _properties(text: str, sep: str, table) -> dict:
    props = {}
    for item in text.split(sep):
        pair = [p for p in item.split("=", 1) if p]
        if len(pair) == 2:
            props[pair[0].lower()] = _unescape(pair[1], table)
    return props


def parse_v2(line: str, registered: set[str]) -> Command | None:
    msg = line.lstrip()
    if not msg.startswith("::"):
        return None
    end = msg.find("::", 2)
    if end < 0:
        return None
    info = msg[2:end]
    space = info.find(" ")
    name = info if space < 0 else info[:space]
    if not name or name.lower() not in registered:
        return None
    props = _properties(info[space + 1:].strip(), ",", PROPERTY) if space > 0 else {}
    return Command(name, props, _unescape(msg[end + 2:], DATA), line)


def parse_legacy(line: str, registered: set[str]) -> Command | None:
    start = line.find("##[")
    if start < 0:
        return None
    end = line.find("]", start)
    if end < 0:
        return None
    info = line[start + 3:end]
    space = info.find(" ")
    name = info if space < 0 else info[:space]
    if not name or name.lower() not in registered:
        return None
    props = _properties(info[space + 1:], ";", LEGACY) if space > 0 else {}
    return Command(name, props, _unescape(line[end + 1:], LEGACY), line)


def runner_commands(text: str) -> tuple[list[Command], bool]:
    """The commands the runner acts on in ``text`` (``(resume)`` for a resume token), and whether it ends stopped."""
    registered = set(REGISTERED)
    token: str | None = None
    acted: list[Command] = []
    for raw in re.split(r"\r\n|\r|\n", text):
        line = skeleton(raw)
        cmd = parse_v2(line, registered) or parse_legacy(line, registered)
        if cmd is None:
            continue
        if token is not None:  # stopped: only the token resumes (an empty token never does)
            if token and cmd.name.lower() == token.lower():
                registered.discard(token.lower())
                token = None
                acted.append(Command("(resume)", {}, cmd.name, raw))
            continue
        if cmd.name.lower() == "stop-commands":
            token = cmd.data
            registered.add(token.lower())
        cmd.line = raw
        acted.append(cmd)
    return acted, token is not None


def _check_the_model_of_the_runner() -> None:
    """The parser below reads what the runner reads (a check of the test itself)."""
    acted, stopped = runner_commands(
        "  ::error file=a%2Cb.py,line=3,title=x%3Ay::m%0An 100%25\n"
        "text ##[warning file=f;line=2]legacy\n"
        "::unknown::ignored\n"
        "::stop-commands::T0k\n::error::ignored while stopped\n::t0K::\n"
        ":\u200b:notice::invisible character\n")
    assert [(c.name, c.properties, c.data) for c in acted] == [
        ("error", {"file": "a,b.py", "line": "3", "title": "x:y"}, "m\nn 100%"),
        ("warning", {"file": "f", "line": "2"}, "legacy"),
        ("stop-commands", {}, "T0k"), ("(resume)", {}, "t0K"),
        ("notice", {}, "invisible character")]
    assert not stopped
    assert runner_commands("##[stop-commands]\n::error::x\n")[1]  # an empty token never resumes


# ---------------------------------------------------------------- 1. --github: a class and one file

HOSTILE_NAMES = [
    "##[stop-commands]pwned",
    "::error file=README.md,line=1::fake",
    "::notice title=Autograding complete::Points 999",
    "a,b%0A::set-output name=result::x",
]
PRINTER = "::add-mask::printer"  # its code prints commands and raises with them (tests/hostile/outputs/commands.py)
LAST = "zzz_honest"  # graded last with --jobs 1: the progress bar's last label (grader/cli.py's) is this one


def _github_env(tmp: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "GITHUB_ACTIONS": "true", "COLUMNS": "72",
            "GITHUB_OUTPUT": str(tmp / "github_output"), "GITHUB_STEP_SUMMARY": str(tmp / "summary.md")}


@pytest.fixture(scope="module")
def github_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("github")
    marker = secrets.token_hex(6)
    subs = tmp / "subs"
    for name in HOSTILE_NAMES + [LAST]:
        (subs / name).mkdir(parents=True)
        (subs / name / "linear_regression.py").write_text(LINREG)
    (subs / PRINTER).mkdir()
    printer = subs / PRINTER / "linear_regression.py"
    printer.write_text(LINREG + "\n\n" + (HOSTILE / "commands.py").read_text().replace("{MARKER}", marker))
    env = _github_env(tmp)
    folder = subprocess.run([sys.executable, "-m", "grader", str(subs), "--out", str(tmp / "out"), "--jobs", "1",
                             "--no-cache", "--github"], capture_output=True, text=True, env=env, cwd=tmp, timeout=300)
    single = subprocess.run([sys.executable, "-m", "grader", str(printer), "--out", str(tmp / "out1"), "--no-cache",
                             "--github"], capture_output=True, text=True, env=env, cwd=tmp, timeout=300)
    return {"folder": folder, "single": single, "tmp": tmp, "marker": marker,
            "results": json.loads((tmp / "out" / "results.json").read_text())["submissions"],
            "results1": json.loads((tmp / "out1" / "results.json").read_text())["submissions"]}


def _expect_only_graders_commands(stdout: str, stderr: str, submissions: list[dict], marker: str) -> None:
    """The runner acts on: stop-commands/resume pairs with fresh tokens, one ``::error`` per failing check
    (properties ``file``, ``line``, ``title`` exactly as the grader meant them, the check's message as data),
    the two Classroom notices with the real points; on nothing else, and is not left stopped."""
    acted, stopped = runner_commands(stdout)
    assert not stopped
    assert runner_commands(stderr) == ([], False), stderr[-2000:]
    names = [c.name for c in acted]
    assert "stop-commands" in names, "student text must be printed between stop-commands and its token"
    own_lines = {c.line for c in acted}
    tokens = set()
    i = 0
    while i < len(acted) and acted[i].name == "stop-commands":
        token = acted[i].data
        assert re.fullmatch(r"[0-9a-f]{32}", token) and token not in tokens and marker not in token
        assert acted[i + 1].name == "(resume)" and acted[i + 1].data == token
        tokens.add(token)
        i += 2
    rest = acted[i:]
    failing = [(s, c) for s in submissions for c in s["checks"] if not c["passed"]]
    errors = [c for c in rest if c.name == "error"]
    notices = [c for c in rest if c.name == "notice"]
    assert [c.name for c in rest] == ["error"] * len(failing) + ["notice", "notice"], names
    for (sub, check), cmd in zip(failing, errors):
        lines = {} if check["line"] is None else {"line": str(check["line"])}
        assert {k: v for k, v in cmd.properties.items() if k != "title"} == {"file": sub["path"], **lines}
        assert cmd.properties["title"].startswith(f"{sub['student']} · {sub['assignment']}: ")
        assert cmd.properties["title"].endswith(f"{check['title']} ({check['points']:g}/{check['max_points']:g})")
        assert cmd.data.startswith(printable(check["message"]))
    total = sum(s["score"] for s in submissions)
    maximum = sum(s["max_score"] for s in submissions)
    assert notices[0].properties == {"title": "Autograding complete"}
    assert notices[0].data == f"Points {total:g}/{maximum:g}"
    assert notices[1].properties == {"title": "Autograding report"}
    assert json.loads(notices[1].data) == {"totalPoints": total, "maxPoints": maximum}
    # and, whatever the runner registers: no other line starts a command, in either form
    for line in re.split(r"\r\n|\r|\n", stdout + "\n" + stderr):
        if line in own_lines:
            continue
        plain = skeleton(line)
        assert not plain.lstrip().startswith("::") and "##[" not in plain, line


def test_the_runner_acts_only_on_the_graders_own_commands_in_a_class_run(github_run):
    _check_the_model_of_the_runner()
    proc = github_run["folder"]
    assert proc.returncode == 0, proc.stderr[-2000:]
    by = {s["student"]: s for s in github_run["results"]}
    assert set(by) == set(HOSTILE_NAMES + [LAST, PRINTER])
    assert by[PRINTER]["score"] == 86 and all(by[n]["score"] == 100 for n in HOSTILE_NAMES + [LAST])
    _expect_only_graders_commands(proc.stdout, proc.stderr, github_run["results"], github_run["marker"])
    for name in HOSTILE_NAMES:  # every name is still shown, readable
        assert name.replace("::", ":\\:").replace("##[", "##\\[")[:8] in proc.stdout
    outputs = (github_run["tmp"] / "github_output").read_text().splitlines()
    assert outputs and all(re.fullmatch(r"result=[A-Za-z0-9+/=]+", line) for line in outputs)
    assert json.loads(base64.b64decode(outputs[0][len("result="):]))["max_score"] == 600


def test_printed_output_and_exception_text_are_inert_for_one_file(github_run):
    proc, marker = github_run["single"], github_run["marker"]
    assert proc.returncode == 0, proc.stderr[-2000:]
    sub, = github_run["results1"]
    assert sub["score"] == 86 and "::stop-commands::" in sub["output"]
    _expect_only_graders_commands(proc.stdout, proc.stderr, github_run["results1"], marker)
    # what the student printed and raised is still there to read, made inert
    assert f":\\:error file=README.md,line=1,title=pwned:\\:{marker}" in proc.stdout
    assert f"##\\[set-output name=result;]{marker}" in proc.stdout
    assert f"##\\[warning]{marker}" in proc.stdout


def test_terminal_output_in_github_actions_is_inert_and_plain_elsewhere(monkeypatch):
    sub = SubmissionResult(
        "##[stop-commands]x", "xor_mlp", "subs/::error::p/xor_mlp.py", "graded", score=0, max_score=10,
        checks=[CheckResult("forward.forward", "forward", "forward", False, 0, 10,
                            "raised\n::error::m\n ##[warning]w " + "y" * 90 + " ::notice::wrapped",
                            expected="::a::", got=":\u200b:b::")],
        output="::set-output name=x::y\n##[add-mask]z\n")
    run = RunResult([sub])
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    for render, obj in ((terminal.print_submission, sub), (terminal.print_table, run)):
        for width in (40, 80, 200):
            buf = io.StringIO()
            render(obj, Console(file=buf, width=width))
            acted, stopped = runner_commands(buf.getvalue())
            assert [c.name for c in acted] == ["stop-commands", "(resume)"] and not stopped
            body = buf.getvalue().splitlines()[1:-1]
            assert not any(skeleton(line).lstrip().startswith("::") or "##[" in skeleton(line) for line in body)
    monkeypatch.delenv("GITHUB_ACTIONS")
    buf = io.StringIO()
    terminal.print_submission(sub, Console(file=buf, width=200))
    assert "stop-commands" not in buf.getvalue().replace("##[stop-commands]x", "")
    assert "##[stop-commands]x" in buf.getvalue() and "::set-output name=x::y" in buf.getvalue()


# ---------------------------------------------------------------- 2. bloat

SKIPPED_STATEMENTS = 50_000


@pytest.fixture(scope="module")
def bloat_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bloat")
    subs, out = tmp / "subs", tmp / "out"
    files = {
        "honest/linear_regression.py": LINREG,
        "hog/xor_mlp.py": XOR + "\n\n" + (HOSTILE / "dict_keys_xor_mlp.py").read_text(),
        "big/linear_regression.py": LINREG + "\n\n" + (HOSTILE / "big_values.py").read_text(),
        # top-level calls are not run, and each is listed: 50,000 of them
        "skip/linear_regression.py": LINREG + "\n" + "\n".join(f"print({i})" for i in range(SKIPPED_STATEMENTS)),
    }
    for rel, text in files.items():
        (subs / rel).parent.mkdir(parents=True)
        (subs / rel).write_text(text)
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "grader", str(subs), "--out", str(out), "--jobs", "2", "--no-cache",
                           "--format", "gradescope", "--junit-xml", str(out / "junit.xml"), "--github"],
                          capture_output=True, text=True, env=_github_env(tmp), cwd=tmp, timeout=300)
    return {"proc": proc, "out": out, "seconds": time.monotonic() - start,
            "by": {s["student"]: s for s in json.loads((out / "results.json").read_text())["submissions"]}}


def test_hostile_values_keep_every_output_file_small(bloat_run):
    proc, out = bloat_run["proc"], bloat_run["out"]
    assert proc.returncode == 0, proc.stderr[-2000:]
    n = len(bloat_run["by"])
    sizes = {p.relative_to(out).as_posix(): p.stat().st_size for p in out.rglob("*") if p.is_file()}
    per_submission = [p for p in sizes if p.startswith((".results/", "gradescope/"))]
    reports = [p for p in sizes if p.endswith(".html") and p != "index.html"]
    assert len(per_submission) == 2 * n and len(reports) == n, sizes
    assert all(sizes[p] <= SUBMISSION_JSON_LIMIT for p in per_submission), sizes
    assert all(sizes[p] <= REPORT_HTML_LIMIT for p in reports), sizes
    assert sizes["results.json"] <= n * SUBMISSION_JSON_LIMIT and sizes["junit.xml"] <= n * SUBMISSION_JSON_LIMIT
    assert sizes["index.html"] <= 200_000
    assert len(proc.stdout) + len(proc.stderr) <= 64 * 1024
    summary = (out.parent / "summary.md").stat().st_size
    assert summary <= 64 * 1024
    for sub in bloat_run["by"].values():
        assert len(json.dumps(sub, indent=2, ensure_ascii=False).encode()) <= SUBMISSION_JSON_LIMIT
        for check in sub["checks"]:
            assert len(check["message"]) <= MESSAGE_LIMIT
            for value in (check["expected"], check["got"]):
                assert value is None or (len(value) <= VALUE_LIMIT and value.count("\n") < VALUE_LINES)
            assert len(json.dumps(check["details"])) <= DETAILS_LIMIT and len(check["mistakes"]) <= 16
    hog = bloat_run["by"]["hog"]
    shape = next(c for c in hog["checks"] if c["id"] == "shape.outputs")
    # the check quotes a few keys and counts the rest (the model's own caps are tested in-process below)
    assert "unexpected key(s)" in shape["message"] and "6988 more" in shape["message"]
    assert len(shape["message"]) < 1000
    assert bloat_run["seconds"] < 60


def test_the_honest_part_still_scores_what_it_should(bloat_run):
    by = bloat_run["by"]
    failed = {name: {c["id"] for c in sub["checks"] if not c["passed"]} for name, sub in by.items()}
    assert by["honest"]["score"] == 100 and failed["honest"] == set()
    assert by["hog"]["score"] == 69 and failed["hog"] == {"shape.outputs", "gradient.numerical", "gradient.reference"}
    assert by["big"]["score"] == 79
    assert failed["big"] == {"shape.outputs", "shape.no_mutation", "forward.polynomial_features", "training.sgd"}
    skip = by["skip"]
    assert skip["score"] == 100 and all(sub["status"] == "graded" for sub in by.values())
    # every statement not run is counted; the first SKIPPED_LIMIT are listed
    assert len(skip["skipped"]) == SKIPPED_LIMIT
    assert len(skip["skipped"]) + skip["skipped_omitted"] == SKIPPED_STATEMENTS
    page = (bloat_run["out"] / "skip" / "linear_regression.html").read_text()
    assert f"{SKIPPED_STATEMENTS} in all" in page


def _as_the_runner_builds_it() -> SubmissionResult:
    """A result as the runner fills it in (fields assigned after construction), from a submission that
    returned 3000 long dict keys, raised with long messages, printed, and left 20,000 statements unrun."""
    sub = SubmissionResult("mallory", "xor_mlp", "subs/mallory/xor_mlp.py", "graded", max_score=100)
    keys = sorted("k%05d" % i + "&\x1b" * 100 for i in range(3000))  # & and control characters: long escapes
    for i in range(14):
        check = CheckResult(f"gradient.c{i}", "gradient", f"check {i}", True, 10, 10, "")
        check.passed, check.points = False, 0.0
        check.message = f"the gradients have unexpected key(s) {keys}"
        check.expected, check.got = "['W1', 'b1', 'W2', 'b2']", "\n".join(keys)
        check.mistakes = ["shape-mismatch", "<b>"] * 2000
        # small numbers: the data of 20 heatmaps fits the model's limits, their pictures are megabytes
        check.details = {"heatmaps": [{"title": "h", "values": [[(r * c + k) % 10 for c in range(40)]
                                                                for r in range(40)]} for k in range(20)],
                         "table": {"columns": ["&"] * 100, "rows": [["&" * 50] * 100] * 300}}
        sub.checks.append(check)
    sub.skipped = [SkippedCode(i + 1, i + 1, "a bare call at the top level, not run " + "&" * 500)
                   for i in range(20_000)]
    sub.output, sub.output_bytes = "&<" * 500_000, 1_000_000
    sub.message = "m" * 1_000_000
    return sub


def test_every_format_is_bounded_for_a_result_built_in_process():
    sub = _as_the_runner_builds_it()
    page = html.render_submission(sub)
    assert len(page.encode()) <= REPORT_HTML_LIMIT
    for text in (tables.dumps_strict(ci.gradescope_json(sub)), tables.results_json(RunResult([sub])),
                 ci.junit_xml(RunResult([sub]))):
        assert len(text.encode()) <= SUBMISSION_JSON_LIMIT
    assert sum(len(line) for line in ci.github_annotations(RunResult([sub]))) <= 14 * 4096
    assert len(ci.classroom_result(sub)) <= SUBMISSION_JSON_LIMIT
    buf = io.StringIO()
    terminal.print_submission(sub, Console(file=buf, width=100), github=False)
    assert len(buf.getvalue()) <= 256 * 1024
    assert sub.skipped_count == 20_000


def test_a_report_whose_pictures_would_be_megabytes_is_written_compact_and_says_so():
    sub = SubmissionResult("mallory", "xor_mlp", "subs/mallory/xor_mlp.py", "graded", max_score=100)
    for i in range(6):  # each check's data is small, within every limit of the model; drawn, it is not
        check = CheckResult(f"gradient.c{i}", "gradient", f"check {i}", True, 10, 10, "")
        check.passed, check.points, check.message = False, 0.0, "the gradients differ from the reference"
        check.details = {"bars": [{"title": "error per entry", "labels": [], "values": [1] * 4000}]}
        sub.checks.append(check)
    page = html.render_submission(sub)
    assert len(page.encode()) <= REPORT_HTML_LIMIT
    assert "too big to write in full" in page and "the gradients differ from the reference" in page
    assert len(tables.results_json(RunResult([sub])).encode()) <= SUBMISSION_JSON_LIMIT


def test_the_class_page_and_run_files_stay_fast_for_300_hostile_submissions():
    one = _as_the_runner_builds_it()
    assert len(tables.results_json(RunResult([one])).encode()) <= SUBMISSION_JSON_LIMIT  # bounded: cheap to copy
    subs = []
    for i in range(300):
        sub = copy.deepcopy(one)
        sub.student, sub.path = f"student{i:03d}", f"subs/student{i:03d}/xor_mlp.py"
        subs.append(sub)
    run = RunResult(subs)
    start = time.perf_counter()
    index = html.render_index(run, {s.path: f"{s.student}/xor_mlp.html" for s in subs})
    index_seconds = time.perf_counter() - start
    start = time.perf_counter()
    some = RunResult(subs[:100])
    data, junit = tables.results_json(some), ci.junit_xml(some)
    files_seconds = time.perf_counter() - start
    assert index_seconds < 3 and len(index.encode()) <= 1024 * 1024
    assert files_seconds < 20  # about 50 ms a hostile submission here, 2 ms an honest one
    assert len(data.encode()) <= 100 * SUBMISSION_JSON_LIMIT and len(junit.encode()) <= 100 * SUBMISSION_JSON_LIMIT
