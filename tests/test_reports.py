"""Tests for reports/: every format renders from hand-built results, escapes hostile text and is deterministic."""
from __future__ import annotations

import base64
import copy
import csv
import hashlib
import io
import json
import math
import re
import time
import xml.etree.ElementTree as ET

import pytest
from rich.console import Console

from grader.results import CheckResult, RunResult, SkippedCode, SubmissionResult
from reports import (
    MISTAKES,
    classroom_notices,
    classroom_result,
    github_annotations,
    github_summary_markdown,
    grades_csv,
    gradescope_json,
    junit_xml,
    print_submission,
    print_table,
    render_index,
    render_submission,
    results_json,
)

HOSTILE_NAME = "<script>alert(1)</script>"
HOSTILE_MESSAGE = "oops </pre><script>alert(2)</script> 100%\n::error::pwned\r\n::set-output name=x::y \x1b[2J\x1b]0;title\x07"
CSV_NAME = 'O\'Brien, "Ann"'
NAN, INF = float("nan"), float("inf")


# ---------------------------------------------------------------- samples

def _check(id: str, category: str, title: str, passed: bool, points: float, max_points: float,
           message: str = "", **kw) -> CheckResult:
    return CheckResult(id=id, category=category, title=title, passed=passed, points=points,
                       max_points=max_points, message=message, **kw)


def _passing_xor() -> list[CheckResult]:
    return [
        _check("api.functions", "api", "all functions exist and can be called", True, 1, 1, seconds=0.01),
        _check("shape.outputs", "shape", "outputs and gradients have the contracted shapes", True, 1, 1),
        _check("forward.reference", "forward", "forward matches the reference", True, 2, 2),
        _check("gradient.backward.fd", "gradient", "backward matches finite differences", True, 1.5, 1.5),
        _check("gradient.backward.reference", "gradient", "backward matches the reference", True, 1.5, 1.5),
        _check("training.trajectory", "training", "training follows the reference trajectory", True, 1, 1),
        _check("convergence.xor", "convergence", "XOR is learned from several starting points", True, 2, 2),
    ]


def full_marks() -> SubmissionResult:
    return SubmissionResult(
        student="alice", assignment="xor_mlp", path="submissions/alice/xor_mlp.py", status="graded",
        score=10, max_score=10, checks=_passing_xor(), seconds=3.2,
        timings={"load": 0.2, "checks": 2.9}, sandbox="namespaces", grader_version="0.1.0",
        file_sha256="ab" * 32)


def with_failures() -> SubmissionResult:
    checks = _passing_xor()
    big = [[1e-9 * (1 + (i * 7 + j) % 5) for j in range(60)] for i in range(100)]
    big[50][20] = NAN
    big[70][40] = 0.8
    checks[3] = _check(
        "gradient.backward.fd", "gradient", "backward matches finite differences", False, 0, 1.5,
        "dW1 differs from finite differences of your own loss: max relative error 0.42.",
        mistakes=["activation-derivative-at-output"], function="backward", line=42,
        expected="array([[0.01, -0.02], [0.03, 0.04]])", got="array([[0.0024, -0.0048], [0.0072, 0.0096]])",
        details={
            "heatmaps": [
                {"title": "relative error of dW1", "values": [[0.41, 0.42, 0.0, NAN], [0.4, 0.39, 1e-9, 0.2]],
                 "row_label": "input", "col_label": "hidden unit"},
                {"title": "relative error of a big weight", "values": big, "row_label": "row", "col_label": "col"},
            ],
            "table": {"columns": ["parameter", "relative error", "passed"],
                      "rows": [["W1", 0.42, "no"], ["b1", NAN, "no"], ["W2", 1.2e-9, "yes"], ["b2", INF, "no"]]},
        })
    checks[4] = _check(
        "gradient.backward.reference", "gradient", "backward matches the reference", False, 0, 1.5,
        "dW1 is 0.24 times the reference on average.",
        mistakes=["activation-derivative-at-output", "gradient-scale"], function="backward", line=42,
        details={"bars": [{"title": "gradient error by time step back", "labels": ["t-1", "t-2", "t-3", "t-4"],
                           "values": [1e-9, 1e-5, 0.3, NAN]}]})
    checks[5] = _check(
        "training.trajectory", "training", "training follows the reference trajectory", False, 0.5, 1,
        "The loss grows after epoch 3 and becomes NaN at epoch 6.", mistakes=["learning-rate-too-high"],
        function="train",
        details={"curves": [{"title": "training loss", "x_label": "epoch", "y_label": "loss", "log_y": True,
                             "series": [{"name": "yours", "values": [0.7, 0.6, 0.55, 0.9, 4.0, 1e30, NAN, None, INF]},
                                        {"name": "reference", "values": [0.7, 0.6, 0.5, 0.45, 0.4, 0.36, 0.33, 0.3, 0.28]}]}]})
    checks[6] = _check("convergence.xor", "convergence", "XOR is learned from several starting points", False, 0, 2,
                       "Solved from 0 of 5 starting points.")
    return SubmissionResult(
        student="bob", assignment="xor_mlp", path="submissions/bob/xor_mlp.py", status="graded",
        score=4.5, max_score=10, checks=checks, seconds=5.5, timings={"load": 0.3, "checks": 5.1},
        skipped=[SkippedCode(10, 14, "a training loop at the top level"),
                 SkippedCode(30, 30, "plt.show()", where="cell 4, line 2")],
        output="epoch 0 loss 0.69\nepoch 1 loss 0.61\n</pre><b>not bold</b>\x1b[31m",
        output_bytes=61, sandbox="namespaces", grader_version="0.1.0")


def error_with_line() -> SubmissionResult:
    return SubmissionResult(
        student="carol", assignment="rnn", path="submissions/carol/rnn.py", status="error", score=0,
        max_score=10, message="SyntaxError: invalid syntax", line=12, seconds=0.1,
        sandbox="namespaces", grader_version="0.1.0")


def unrecognised() -> SubmissionResult:
    return SubmissionResult(
        student="dave", assignment="", path="submissions/dave/notes.py", status="unrecognised",
        message="No function of any assignment was found in this file.", sandbox="namespaces",
        grader_version="0.1.0")


def timed_out() -> SubmissionResult:
    return SubmissionResult(
        student="eve", assignment="mnist_softmax", path="submissions/eve/mnist.py", status="timeout",
        score=1, max_score=10, message="Your code ran for longer than 60 s and was stopped.",
        checks=[_check("api.functions", "api", "all functions exist and can be called", True, 1, 1)],
        seconds=60.0, sandbox="namespaces", grader_version="0.1.0")


def hostile() -> SubmissionResult:
    return SubmissionResult(
        student=HOSTILE_NAME, assignment="mnist_softmax", path="sub/a,b:c%.py", status="graded",
        score=0, max_score=2,
        checks=[_check("forward.reference", "forward", 'title with "quotes" & <b>tags</b> ::x', False, 0, 2,
                       HOSTILE_MESSAGE, mistakes=["not-a-known-id", "gradient-scale"], line=7,
                       expected="</pre><script>alert(3)</script>", got="[bold]markup[/bold]",
                       details={"curves": [{"title": "</svg><script>alert(4)</script>",
                                            "series": [{"name": "<b>x</b>", "values": [1, 2]}]}],
                                "heatmaps": [{"title": "<img src=x onerror=alert(5)>", "values": [[1, 2]]}]})],
        output="printed </pre><script>alert(6)</script>\x1b[2J", output_bytes=48,
        message="", sandbox="namespaces", grader_version="0.1.0")


def csv_student() -> SubmissionResult:
    sub = full_marks()
    sub.student = CSV_NAME
    sub.path = "submissions/obrien/xor_mlp.py"
    return sub


SAMPLES = {
    "full_marks": full_marks,
    "with_failures": with_failures,
    "error_with_line": error_with_line,
    "unrecognised": unrecognised,
    "timed_out": timed_out,
    "hostile": hostile,
    "csv_student": csv_student,
}


def make_run() -> RunResult:
    return RunResult(submissions=[f() for f in SAMPLES.values()], grader_version="0.1.0", sandbox="namespaces")


def links_for(run: RunResult) -> dict[str, str]:
    return {s.path: f"reports/{s.student}-{s.assignment or 'unknown'}.html" for s in run.submissions}


# ---------------------------------------------------------------- helpers

EXTERNAL_REF = re.compile(r"""(?:\bsrc|\bhref|\baction|\bxlink:href)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.\-]*:|//)""", re.IGNORECASE)


def assert_self_contained(page: str) -> None:
    assert "http://" not in page and "https://" not in page
    assert not EXTERNAL_REF.search(page)
    assert not re.search(r"<link\b", page, re.IGNORECASE)
    assert not re.search(r"<script\b[^>]*\bsrc\s*=", page, re.IGNORECASE)
    assert not re.search(r"<(?:img|iframe|object|embed)\b", page, re.IGNORECASE)
    assert "@import" not in page and "url(" not in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def console_text(render, obj, **kw) -> str:
    buf = io.StringIO()
    console = Console(file=buf, width=kw.pop("width", 110), **kw)
    render(obj, console)
    return buf.getvalue()


def squash(text: str) -> str:
    return " ".join(text.split())


def html_text(text: str) -> str:
    """``text`` as Jinja/markupsafe escapes it."""
    from markupsafe import escape
    return str(escape(text))


# ---------------------------------------------------------------- every format renders

@pytest.mark.parametrize("name", list(SAMPLES))
def test_every_submission_format_renders(name: str) -> None:
    sub = SAMPLES[name]()
    page = render_submission(sub)
    assert page.startswith("<!doctype html>") and page.rstrip().endswith("</html>")
    assert html_text(sub.student) in page
    gs = gradescope_json(sub)
    json.dumps(gs, allow_nan=False)
    payload = json.loads(base64.b64decode(classroom_result(sub)))
    assert payload["version"] == 1
    out = console_text(print_submission, sub, color_system=None)
    assert "Score:" in out
    run = RunResult([sub])
    for text in (results_json(run), grades_csv(run), junit_xml(run), github_summary_markdown(run),
                 render_index(run, links_for(run))):
        assert isinstance(text, str) and text


def test_every_run_format_renders() -> None:
    run = make_run()
    assert render_index(run, links_for(run))
    assert results_json(run) and grades_csv(run) and junit_xml(run) and github_summary_markdown(run)
    assert len(github_annotations(run)) >= 5
    assert len(classroom_notices(run)) == 2
    out = console_text(print_table, run, color_system=None)
    for sub in run.submissions:
        assert sub.student in out


def test_everything_renders_for_an_empty_run() -> None:
    run = RunResult([])
    assert "0 submissions" in render_index(run, {})
    assert results_json(run) == '{\n  "grader_version": "",\n  "sandbox": "",\n  "submissions": []\n}\n'
    assert grades_csv(run) == "student,total,notes\n"
    ET.fromstring(junit_xml(run))
    assert github_annotations(run) == [] and classroom_notices(run) == []
    assert json.loads(base64.b64decode(classroom_result(run)))["status"] == "pass"


# ---------------------------------------------------------------- HTML: submission page

def test_submission_page_is_self_contained_and_complete() -> None:
    sub = with_failures()
    page = render_submission(sub)
    assert_self_contained(page)
    assert "<script" not in page
    for check in sub.checks:
        assert html_text(check.title) in page
        if check.message:
            assert html_text(check.message) in page
    for mistake_id in ("activation-derivative-at-output", "gradient-scale", "learning-rate-too-high"):
        assert html_text(MISTAKES[mistake_id].explanation) in page
        assert html_text(MISTAKES[mistake_id].hint) in page
    assert html_text(sub.checks[3].expected) in page and html_text(sub.checks[3].got) in page
    # one picture per curve, heatmap and bar chart in details
    assert page.count("<svg") == 4
    assert 'data-rows="2" data-cols="4"' in page and 'data-rows="34" data-cols="30"' in page  # 100×60 pooled by 3×2
    assert "not finite from epoch 6" in page
    # the details table, formatted
    assert "<td class=\"mono\">0.42</td>" in page and "<td class=\"mono\">NaN</td>" in page
    # skipped code, printed output, timing, footer
    assert "lines 10–14" in page and "cell 4, line 2" in page and "a training loop at the top level" in page
    assert "epoch 1 loss 0.61" in page and "61 bytes in all" in page
    assert "\x1b" not in page and "\\x1b[31m" in page
    assert "grader 0.1.0" in page and "sandbox: namespaces" in page
    assert ">4.5</span>" in page and "/ 10 points" in page
    assert "line 42" in page and "<code>backward</code>" in page
    # summary per category: gradient 0 of 2 checks, 0 of 3 points
    assert re.search(r"<td>gradient</td>\s*<td class=\"num\">0 / 2</td>\s*<td class=\"num\">0 / 3</td>", page)
    # check numbers are category.n and anchors link the diagnosis to the checks
    assert 'id="check-4-1"' in page and 'href="#check-4-1"' in page


def test_submission_page_prints_well() -> None:
    page = render_submission(with_failures())
    media = page[page.index("@media print"):]
    assert "box-shadow: none" in media
    assert "page-break-inside: avoid" in media and ".check" in media
    assert 'a[href]::after { content: " (" attr(href) ")"' in media


@pytest.mark.parametrize("factory,status_words", [
    (error_with_line, "the file could not be read or run"),
    (timed_out, "the code ran out of time"),
    (unrecognised, "not recognised as one of the assignments"),
])
def test_ungraded_page_states_the_reason_prominently(factory, status_words) -> None:
    sub = factory()
    page = render_submission(sub)
    alert = re.search(r'<section class="alert" role="alert">(.*?)</section>', page, re.DOTALL)
    assert alert, "an ungraded submission needs the alert box"
    assert status_words in alert.group(1)
    assert html_text(sub.message) in alert.group(1)
    if sub.line is not None:
        assert f"<b>Line {sub.line}</b>" in alert.group(1)
    assert page.index('role="alert"') < page.index("<footer>")


def test_graded_page_has_no_alert() -> None:
    assert 'role="alert"' not in render_submission(full_marks())


def test_submission_page_escapes_hostile_text() -> None:
    sub = hostile()
    page = render_submission(sub)
    assert_self_contained(page)
    assert "<script" not in page
    assert "<b>tags</b>" not in page and "&lt;b&gt;tags&lt;/b&gt;" in page
    assert html_text(HOSTILE_NAME) in page
    assert "alert(" in page  # the text is there, escaped
    for n in range(2, 7):
        assert f"<script>alert({n})" not in page
    assert page.count("<pre") == page.count("</pre>")
    assert page.count("<svg") == page.count("</svg>") == 2
    assert "<img" not in page
    assert "\x1b" not in page and "\x07" not in page
    # an unknown mistake id is named with an honest placeholder instead of crashing
    assert "not-a-known-id" in page and "no explanation for it yet" in page


def test_output_is_capped() -> None:
    sub = full_marks()
    sub.output = "x" * 2_000_000
    sub.output_bytes = 2_000_000
    page = render_submission(sub)
    assert len(page) < 200_000
    assert "2000000 bytes in all" in page and "more characters not shown" in page


def test_malformed_details_do_not_break_the_page() -> None:
    sub = full_marks()
    sub.checks[0].details = {"curves": [{"series": "nonsense"}], "heatmaps": ["not a dict"],
                             "bars": [{"labels": ["a"], "values": ["abc"]}], "table": {"rows": [[1, 2]]}}
    page = render_submission(sub)
    assert "could not be drawn" in page
    assert page.rstrip().endswith("</html>")


# ---------------------------------------------------------------- HTML: index

def test_index_is_self_contained_and_sorted_by_student() -> None:
    run = make_run()
    page = render_index(run, links_for(run))
    assert_self_contained(page)
    table = page[page.index('<table id="students">'):]
    names = re.findall(r'<tr data-order="\d+">\s*<td>(.*?)</td>', table, re.DOTALL)
    import html as std_html
    got = [std_html.unescape(n) for n in names]
    assert got == sorted((s.student for s in run.submissions), key=lambda n: (n.casefold(), n))
    assert got[0] == HOSTILE_NAME  # "<" sorts first: really sorted, not insertion order


def test_index_sort_script_is_inline_and_allowed_by_its_hash() -> None:
    run = make_run()
    page = render_index(run, links_for(run))
    scripts = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    assert len(scripts) == 1 and page.count("<script") == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in page
    assert "addEventListener" in scripts[0] and 'data-type="num"' in page


def test_index_content() -> None:
    run = make_run()
    page = render_index(run, links_for(run))
    # a histogram per recognised assignment with graded submissions
    assert 'aria-label="xor_mlp: scores of 3 graded submissions"' in page
    assert 'aria-label="mnist_softmax: scores of 1 graded submission"' in page
    # pass rate of every check: the fd gradient check was passed by alice and O'Brien, not bob
    row = re.search(r"backward matches finite differences<br>.*?</tr>", page, re.DOTALL).group(0)
    assert "2 / 3" in row and "67%" in row
    # the most common mistakes, most students first, with the explanation
    section = page[page.index("Most common mistakes"):page.index("<h2>Students</h2>")]
    assert section.index("gradient-scale") < section.index("activation-derivative-at-output")
    assert re.search(r"gradient-scale</span></td>\s*<td class=\"num\">2</td>", section)
    assert html_text(MISTAKES["gradient-scale"].explanation) in section
    # ungraded submissions are counted per assignment; links are quoted relative paths
    assert "<b>1</b>timeout" in page and "<b>1</b>error" in page
    assert 'href="reports/alice-xor_mlp.html"' in page
    assert 'href="reports/%3Cscript%3Ealert%281%29%3C/script%3E-mnist_softmax.html"' in page


def test_index_escapes_and_neutralises_links() -> None:
    run = make_run()
    links = {run.submissions[0].path: "javascript:alert(1)", run.submissions[1].path: 'x" onclick="alert(1)'}
    page = render_index(run, links)
    assert_self_contained(page)
    assert 'href="javascript' in page and 'href="javascript%3Aalert%281%29"' in page
    assert "onclick=" not in page.replace('onclick=%22', "")
    assert html_text(HOSTILE_NAME) in page and HOSTILE_NAME not in page
    assert "<td>report</td>" not in page  # missing links show a dash, not a broken anchor


def test_index_renders_300_students_fast() -> None:
    templates = [full_marks(), with_failures(), error_with_line(), timed_out(), unrecognised()]
    subs = []
    for i in range(300):
        for t in templates[:1] if i % 7 else templates:
            sub = copy.copy(t)
            sub.student = f"student{i:03d}"
            sub.path = f"submissions/{sub.student}/{t.assignment or 'x'}.py"
            subs.append(sub)
    run = RunResult(subs, grader_version="0.1.0", sandbox="namespaces")
    links = links_for(run)
    render_index(run, links)  # templates compiled once
    best = math.inf
    for _ in range(3):
        start = time.perf_counter()
        page = render_index(run, links)
        best = min(best, time.perf_counter() - start)
    print(f"\nindex for {len(subs)} submissions of 300 students: {best * 1000:.1f} ms, {len(page) // 1024} KiB")
    assert page.count('<tr data-order=') == len(subs)
    assert best < 1.0


def test_html_is_deterministic() -> None:
    run = make_run()
    for sub in run.submissions:
        assert render_submission(sub) == render_submission(copy.deepcopy(sub))
    assert render_index(run, links_for(run)) == render_index(make_run(), links_for(run))


# ---------------------------------------------------------------- results.json and grades.csv

def _no_constants(name: str):
    raise ValueError(f"non-standard JSON constant {name}")


def test_results_json_is_strict_and_round_trips() -> None:
    run = make_run()
    text = results_json(run)
    data = json.loads(text, parse_constant=_no_constants)
    assert list(data) == ["grader_version", "sandbox", "submissions"]
    sub = data["submissions"][1]
    assert list(sub)[:6] == ["student", "assignment", "path", "status", "score", "max_score"]
    values = sub["checks"][5]["details"]["curves"][0]["series"][0]["values"]
    assert values[:5] == [0.7, 0.6, 0.55, 0.9, 4.0] and values[6:] == [None, None, None]
    assert sub["checks"][3]["details"]["table"]["rows"][1] == ["b1", None, "no"]
    assert sub["mistakes"] == ["activation-derivative-at-output", "gradient-scale", "learning-rate-too-high"]
    again = RunResult.from_dict(data)
    assert results_json(again) == text
    assert again.submissions[1].checks[3].mistakes == ["activation-derivative-at-output"]
    assert again.submissions[5].student == HOSTILE_NAME
    assert results_json(make_run()) == text  # deterministic


def test_results_json_survives_lone_surrogates_and_numpy() -> None:
    np = pytest.importorskip("numpy")
    sub = full_marks()
    sub.output = "bad \udcff byte"
    sub.checks[0].details = {"table": {"columns": ["x"], "rows": [[np.float64(np.nan)], [np.int64(3)]]},
                             "heatmaps": [{"values": np.array([[1.0, np.inf]])}]}
    text = results_json(RunResult([sub]))
    text.encode("utf-8")
    data = json.loads(text, parse_constant=_no_constants)
    details = data["submissions"][0]["checks"][0]["details"]
    assert details["table"]["rows"] == [[None], [3]] and details["heatmaps"][0]["values"] == [[1.0, None]]
    assert "\ufffd" in data["submissions"][0]["output"]


def test_grades_csv() -> None:
    run = make_run()
    formula = full_marks()
    formula.student = '=HYPERLINK("http://evil","x")'
    run.submissions.append(formula)
    escape = full_marks()
    escape.student = "mallory\x1b[2J"
    run.submissions.append(escape)
    bob_rnn = error_with_line()
    bob_rnn.student = "bob"
    run.submissions.append(bob_rnn)
    rows = list(csv.reader(io.StringIO(grades_csv(run))))
    assert rows[0] == ["student", "mnist_softmax", "rnn", "xor_mlp", "total", "notes"]
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name[CSV_NAME] == [CSV_NAME, "", "", "10", "10", ""]
    assert by_name[HOSTILE_NAME] == [HOSTILE_NAME, "0", "", "", "0", ""]
    assert by_name["bob"] == ["bob", "", "0", "4.5", "4.5", "rnn: error"]
    assert by_name["mallory\\x1b[2J"][3:5] == ["10", "10"]
    assert by_name["carol"] == ["carol", "", "0", "", "0", "rnn: error"]
    assert by_name["eve"] == ["eve", "0", "", "", "0", "mnist_softmax: timeout"]
    assert by_name["dave"] == ["dave", "", "", "", "0", "unrecognised: submissions/dave/notes.py"]
    assert "'" + formula.student in by_name  # a formula is defused for spreadsheets
    assert "'" + formula.student not in grades_csv(RunResult([full_marks()]))
    assert len({len(r) for r in rows}) == 1
    assert grades_csv(run) == grades_csv(copy.deepcopy(run))


def test_grades_csv_order_is_by_student_whatever_the_input_order() -> None:
    run = make_run()
    shuffled = RunResult(list(reversed(run.submissions)))
    assert grades_csv(run) == grades_csv(shuffled)
    names = [r[0] for r in list(csv.reader(io.StringIO(grades_csv(run))))[1:]]
    assert names == sorted(names, key=lambda n: (n.casefold(), n))


def test_grades_csv_keeps_the_best_of_duplicates() -> None:
    run = RunResult([with_failures(), full_marks()])
    run.submissions[1].student = "bob"
    rows = list(csv.reader(io.StringIO(grades_csv(run))))
    assert rows[1][:3] == ["bob", "10", "10"] and "more than one submission" in rows[1][3]


# ---------------------------------------------------------------- Gradescope

@pytest.mark.parametrize("name", list(SAMPLES))
def test_gradescope_sums_and_fields(name: str) -> None:
    sub = SAMPLES[name]()
    gs = gradescope_json(sub)
    json.dumps(gs, allow_nan=False)
    assert gs["score"] == sub.score and gs["max_score"] == sub.max_score
    assert gs["output_format"] == "text" and gs["test_output_format"] == "text"
    tests = gs["tests"]
    if sub.checks:
        assert math.isclose(sum(t["score"] for t in tests), sub.score)
    assert math.isclose(sum(t["max_score"] for t in tests), sub.max_score) or sub.status == "timeout"
    numbers = [t["number"] for t in tests]
    assert len(set(numbers)) == len(numbers) and all(re.fullmatch(r"\d+\.\d+", n) for n in numbers)
    for t in tests:
        assert t["status"] in ("passed", "failed") and t["visibility"] == "visible"
        assert set(t) >= {"name", "number", "score", "max_score", "status", "output", "visibility"}


def test_gradescope_explains_mistakes_and_ungraded() -> None:
    gs = gradescope_json(with_failures())
    fd = next(t for t in gs["tests"] if t["name"] == "backward matches finite differences")
    assert fd["number"] == "4.1" and fd["status"] == "failed" and fd["score"] == 0
    assert MISTAKES["activation-derivative-at-output"].explanation in fd["output"]
    assert "Hint: " + MISTAKES["activation-derivative-at-output"].hint in fd["output"]
    assert "Expected: array" in fd["output"]
    err = gradescope_json(error_with_line())
    assert err["tests"][0]["status"] == "failed" and "line 12" in err["tests"][0]["output"]
    assert "SyntaxError" in err["output"]


# ---------------------------------------------------------------- JUnit XML

def test_junit_xml_parses_and_counts() -> None:
    run = make_run()
    root = ET.fromstring(junit_xml(run))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == len(run.submissions)
    for suite, sub in zip(suites, run.submissions):
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases) == len(sub.checks) + (sub.status != "graded")
        assert int(suite.get("failures")) == len(suite.findall("testcase/failure")) == sum(not c.passed for c in sub.checks)
        assert int(suite.get("errors")) == len(suite.findall("testcase/error")) == (sub.status != "graded")
        assert {c.get("classname") for c in cases} <= {f"{sub.student}.{sub.assignment or 'unrecognised'}"}
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in suites)
    carol = suites[2].find("testcase/error")
    assert "line 12" in carol.get("message") and "SyntaxError" in carol.text


def test_junit_xml_escapes_hostile_text() -> None:
    text = junit_xml(RunResult([hostile()]))
    root = ET.fromstring(text)  # control characters and markup did not break the XML
    assert "\x1b" not in text and "\x07" not in text
    case = root.find("testsuite/testcase")
    assert case.get("classname") == f"{HOSTILE_NAME}.mnist_softmax"
    failure = case.find("failure")
    assert failure.get("message") == "oops </pre><script>alert(2)</script> 100%"
    assert "::error::pwned" in failure.text and "\\x1b[2J" in failure.text
    assert root.find("testsuite/system-out").text.startswith("printed </pre><script>")
    assert junit_xml(RunResult([hostile()])) == text


# ---------------------------------------------------------------- GitHub

COMMAND = re.compile(r"^::(error|warning|notice|debug|group|endgroup|set-output|add-mask|stop-commands)\b")


def test_annotations_cannot_inject_workflow_commands() -> None:
    run = make_run()
    lines = github_annotations(run)
    joined = "\n".join(lines)
    assert joined.splitlines() == lines  # one physical line each
    for line in lines:
        assert "\n" not in line and "\r" not in line
        assert line.startswith("::error file=")
    starts = [m.group(0) for line in joined.splitlines() if (m := COMMAND.match(line))]
    assert starts == ["::error"] * len(lines)
    hostile_lines = [l for l in lines if "a%2Cb%3Ac%25.py" in l]
    assert len(hostile_lines) == 1
    line = hostile_lines[0]
    assert line.startswith("::error file=sub/a%2Cb%3Ac%25.py,line=7,title=")
    props, message = line[2:].split("::", 1)  # the first "::" after the properties ends them
    assert "%3A%3Ax" in props and "::" not in props
    assert "100%25%0A::error::pwned%0A::set-output" in message
    assert "\\x1b[2J" in message and "\x1b" not in message


def test_annotations_name_failing_checks_and_ungraded_files() -> None:
    lines = github_annotations(RunResult([full_marks(), with_failures(), error_with_line()]))
    assert len(lines) == 4 + 1  # four failing checks of bob, carol's syntax error
    assert lines[0].startswith("::error file=submissions/bob/xor_mlp.py,line=42,title=bob · xor_mlp%3A 4.1 ")
    assert "Activation derivative taken at the output" in lines[0]
    assert lines[-1].startswith("::error file=submissions/carol/rnn.py,line=12,")
    assert "SyntaxError" in lines[-1]


def test_summary_markdown() -> None:
    run = make_run()
    md = github_summary_markdown(run)
    table = [l for l in md.splitlines() if l.startswith("| ")]
    assert table[0] == "| Student | Assignment | Status | Score |"
    assert table[1] == "| --- | --- | --- | ---: |"
    assert len(table) == 2 + len(run.submissions)
    for row in table:  # escaped pipes cannot add columns
        assert len(re.findall(r"(?<!\\)\|", row)) == 5
    assert "<script>" not in md and "\\<script\\>" in md
    assert "| bob | xor\\_mlp | ❌ graded | 4.5/10 |" in md
    assert "| alice | xor\\_mlp | ✅ graded | 10/10 |" in md
    bob = md[md.index("### bob"):]
    assert "**4.1 backward matches finite differences** (0/1.5)" in bob.split("###")[1]
    assert "Activation derivative taken at the output" in bob
    assert "### alice" not in md  # full marks: no section
    assert "**Could not be graded**: error\\: the file could not be read or run \\(line 12\\)\n> SyntaxError\\: invalid syntax\n" in md
    assert "\n\n\n" not in md


def test_classroom_result_fields() -> None:
    payload = json.loads(base64.b64decode(classroom_result(with_failures())))
    assert list(payload) == ["version", "status", "max_score", "tests"]
    assert payload["version"] == 1 and payload["status"] == "fail" and payload["max_score"] == 10
    assert len(payload["tests"]) == 7
    for t in payload["tests"]:
        assert list(t) == ["name", "status", "score", "message", "test_code", "filename", "line_no", "duration"]
        assert t["status"] in ("pass", "fail") and t["test_code"] == ""
        assert isinstance(t["line_no"], int) and isinstance(t["duration"], int)
        assert t["filename"] == "submissions/bob/xor_mlp.py"
    assert sum(t["score"] for t in payload["tests"]) == 4.5
    fd = payload["tests"][3]
    assert fd["line_no"] == 42 and fd["status"] == "fail" and "Likely mistake" in fd["message"]
    assert payload["tests"][0]["duration"] == 10
    ok = json.loads(base64.b64decode(classroom_result(full_marks())))
    assert ok["status"] == "pass" and sum(t["score"] for t in ok["tests"]) == ok["max_score"] == 10


def test_classroom_result_for_a_run_and_errors() -> None:
    payload = json.loads(base64.b64decode(classroom_result(make_run())))
    assert payload["status"] == "error" and "carol · rnn: error" in payload["message"]
    carol = next(t for t in payload["tests"] if t["name"].startswith("carol"))
    assert carol["status"] == "error" and carol["line_no"] == 12 and carol["score"] == 0
    assert all(t["name"].count(" · ") >= 1 for t in payload["tests"])


def test_classroom_notices() -> None:
    run = RunResult([full_marks(), with_failures()])
    assert classroom_notices(run) == [
        "::notice title=Autograding complete::Points 14.5/20",
        '::notice title=Autograding report::{"totalPoints":14.5,"maxPoints":20}',
    ]
    assert classroom_notices(RunResult([unrecognised()])) == []  # like the reporter: no maximum, no notice


# ---------------------------------------------------------------- terminal

def test_print_submission_reads_well_without_colour() -> None:
    sub = with_failures()
    out = console_text(print_submission, sub, color_system=None)
    assert "\x1b" not in out
    lines = out.splitlines()
    assert lines[0].startswith("bob · xor_mlp · submissions/bob/xor_mlp.py")
    assert any(l.strip().startswith("✓ api") and "1/1" in l for l in lines)
    fd = next(l for l in lines if "backward matches finite differences" in l)
    assert fd.strip().startswith("✗ gradient") and fd.rstrip().endswith("0/1.5")
    flat = squash(out)
    assert squash(MISTAKES["activation-derivative-at-output"].explanation) in flat
    assert "hint: " + squash(MISTAKES["learning-rate-too-high"].hint) in flat
    assert "Not run: 2 top-level statements" in flat and "lines 10-14" in flat
    assert lines[-1].startswith("Score: 4.5/10")
    assert "expected: array([[0.01" in flat


def test_print_submission_ungraded() -> None:
    out = console_text(print_submission, error_with_line(), color_system=None)
    assert "Could not be graded: the file could not be read or run (line 12)" in out
    assert "SyntaxError: invalid syntax" in out and "Score: 0/10" in out


def test_terminal_output_cannot_be_hijacked() -> None:
    for kw in ({"color_system": None}, {"force_terminal": True, "color_system": "truecolor"}):
        out = console_text(print_submission, hostile(), **kw)
        assert "[bold]markup[/bold]" in out  # rich markup stays literal
        assert "\x1b[2J" not in out and "\x1b]" not in out and "\x07" not in out
        assert HOSTILE_NAME in out


def test_print_table() -> None:
    run = make_run()
    out = console_text(print_table, run, color_system=None, width=160)
    assert "\x1b" not in out
    bob = next(l for l in out.splitlines() if l.strip().startswith("bob"))
    assert "xor_mlp" in bob and "graded" in bob and "4.5/10" in bob and "activation-derivative-at-output" in bob
    carol = next(l for l in out.splitlines() if l.strip().startswith("carol"))
    assert "error" in carol and "line 12" in carol
    rows = [l.split()[0] for l in out.splitlines() if l.strip() and l.split()[0] in {"alice", "bob", "carol", "dave", "eve"}]
    assert rows == ["alice", "bob", "carol", "dave", "eve"]
    assert "7 submissions, 4 graded" in out


# ---------------------------------------------------------------- determinism of every format

def test_every_format_is_deterministic() -> None:
    a, b = make_run(), make_run()
    assert results_json(a) == results_json(b)
    assert grades_csv(a) == grades_csv(b)
    assert junit_xml(a) == junit_xml(b)
    assert github_summary_markdown(a) == github_summary_markdown(b)
    assert github_annotations(a) == github_annotations(b)
    assert classroom_result(a) == classroom_result(b) and classroom_notices(a) == classroom_notices(b)
    for x, y in zip(a.submissions, b.submissions):
        assert gradescope_json(x) == gradescope_json(y)
        assert console_text(print_submission, x, color_system=None) == console_text(print_submission, y, color_system=None)


def test_non_finite_numbers_survive_the_json_round_trip_in_every_format() -> None:
    sub = with_failures()
    sub.score, sub.seconds = NAN, INF
    sub.checks[0].points, sub.checks[0].seconds = NAN, NAN
    sub.timings = {"load": NAN}
    back = RunResult.from_dict(json.loads(results_json(RunResult([sub]))))
    assert back.submissions[0].score is None and back.submissions[0].checks[0].points is None
    for run in (RunResult([sub]), back):
        one = run.submissions[0]
        page = render_submission(one)
        # the score that is not a number is shown as such in the title and the score line, never as "nan"
        assert re.search(r"<title>[^<]*· (NaN|–)/10</title>", page), page[:600]
        assert "nan/" not in page.lower().replace("nan/10</title>", "")
        render_index(run, {})
        assert grades_csv(run).splitlines()[1].startswith("bob,0,")
        json.dumps(gradescope_json(one), allow_nan=False)
        ET.fromstring(junit_xml(run))
        github_summary_markdown(run)
        github_annotations(run)
        json.loads(base64.b64decode(classroom_result(run)), parse_constant=_no_constants)
        classroom_notices(run)
        assert "Score:" in console_text(print_submission, one, color_system=None)
        console_text(print_table, run, color_system=None)
