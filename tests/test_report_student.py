"""The report as a student reads it: student mode (held checks) in every format, code spans, one
explanation per mistake, indistinguishable curves, counted nouns, no developer timing table.

Results are built by hand (``SubmissionResult``/``CheckResult``), never graded; tests/test_browser.py
renders the same samples in a real browser and measures them.
"""
from __future__ import annotations

import base64
import csv
import io
import json
import re
import xml.etree.ElementTree as ET

from rich.console import Console

from grader.results import CheckResult, RunResult, SkippedCode, SubmissionResult
from reports import (
    classroom_result,
    github_annotations,
    github_summary_markdown,
    grades_csv,
    gradescope_json,
    junit_xml,
    print_submission,
    render_index,
    render_submission,
)

COURSE = "your course's grader"
LONG_TITLE = "training loss of your network against the reference network over every epoch of the run"


def _check(id: str, category: str, title: str, passed: bool, points: float, max_points: float,
           message: str = "", **kw) -> CheckResult:
    return CheckResult(id=id, category=category, title=title, passed=passed, points=points,
                       max_points=max_points, message=message, **kw)


def _held(id: str, category: str, title: str, max_points: float) -> CheckResult:
    """A check as the runner holds it in student mode (grader.checks.base.held)."""
    return _check(id, category, title, False, 0.0, max_points,
                  "run by your course's grader: it needs the model answer, which students do not receive",
                  function="backward", held=True)


def student_mode() -> SubmissionResult:
    """Student mode: 62 of the 70 points checked here, 30 more held for the course's grader."""
    checks = [
        _check("api.functions", "api", "all functions exist and can be called", True, 10, 10),
        _check("shape.outputs", "shape", "outputs and gradients have the contracted shapes", True, 10, 10),
        _check("forward.reference", "forward", "forward matches the published outputs", True, 20, 20),
        _check("gradient.backward.fd", "gradient", "backward matches finite differences", False, 22, 30,
               "`dW1` differs from finite differences of your `loss`: max relative error 0.42 <b>.",
               mistakes=["gradient-scale"], function="backward", line=42),
        _held("gradient.backward.reference", "gradient", "backward matches the reference", 15),
        _held("training.trajectory", "training", "training follows the reference trajectory", 10),
        _held("convergence.xor", "convergence", "XOR is learned from several starting points", 5),
    ]
    return SubmissionResult(
        student="frank", assignment="xor_mlp", path="xor_mlp.py", status="graded", score=62, max_score=100,
        checks=checks, seconds=2.5, timings={"load": 0.2, "checks": 2.2}, sandbox="namespaces",
        grader_version="0.1.0", mode="student")


def with_failures() -> SubmissionResult:
    """Failures with pictures (a long chart title, curves that coincide), mistakes named by several checks,
    code spans in messages, one statement not run."""
    from test_reports import with_failures as base

    sub = base()
    sub.checks[3].message = "`dW1` differs from finite differences of your own `loss(params, X, Y)`: 0.42."
    curves = sub.checks[5].details["curves"]
    curves[0]["title"] = LONG_TITLE
    same = [0.7, 0.6, 0.5, 0.45, 0.4]
    curves.append({"title": "gradient norm per epoch", "x_label": "epoch", "y_label": "norm",
                   "series": [{"name": "yours", "values": same}, {"name": "reference", "values": list(same)}]})
    sub.checks[6].mistakes = ["gradient-scale"]  # a third check names it
    sub.skipped = [SkippedCode(10, 14, "a training loop at the top level")]
    return sub


def _console(sub: SubmissionResult) -> str:
    buf = io.StringIO()
    print_submission(sub, Console(file=buf, width=120, color_system=None), github=False)
    return buf.getvalue()


def _section(page: str, heading: str) -> str:
    """The HTML of the ``<section>`` whose ``<h2>`` is ``heading``."""
    start = page.rindex("<section", 0, page.index(f"<h2>{heading}</h2>"))
    return page[start:page.index("</section>", start)]


# ---------------------------------------------------------------- student mode, in every format

def test_student_mode_report_says_which_points_were_checked_and_lists_the_held_checks() -> None:
    sub = student_mode()
    page = render_submission(sub)
    text = re.sub(r"<[^>]+>", "", page)
    assert "62 / 70 of the points checked here; 30 more points are checked by your course&#39;s grader" in text
    held = _section(page, "Run by your course's grader")
    for check in sub.held_checks:
        assert check.title in held and f"{check.max_points:g} points" in held
    # never in red, never as failed: no check article, no ✗, no "failed" for a held check
    articles = re.findall(r'<article class="check (\w+)" id="[^"]+">\s*<header>.*?<h3>(.*?)</h3>', page, re.S)
    assert [t for _, t in articles] == [c.title for c in sub.checks if not c.held]
    assert "neither passed nor failed" in held
    assert "fail" not in held.replace("neither passed nor failed", "") and "✗" not in held and "alert" not in held
    # the summary counts the checks run here only
    assert re.search(r"<td>gradient</td>\s*<td class=\"num\">0 / 1</td>\s*<td class=\"num\">22 / 30</td>", page)
    assert "<td>training</td>" not in page and "3 of 4 checks passed" in page


def test_a_course_report_has_no_held_section() -> None:
    from test_reports import with_failures as course

    page = render_submission(course())
    assert "course&#39;s grader" not in page and "of the points checked here" not in page


def test_student_mode_in_the_terminal() -> None:
    out = _console(student_mode())
    assert "Score: 62 / 70 of the points checked here; 30 more points are checked by your course's grader" in out
    rows = [line for line in out.splitlines() if "✗" in line]
    assert len(rows) == 1 and "finite differences" in rows[0]  # the held checks are not failed rows
    held = out[out.index("Run by your course's grader"):out.index("Score:")]
    assert "backward matches the reference  15 points" in held and "5 points" in held


def test_student_mode_in_junit_is_skipped_never_failed() -> None:
    root = ET.fromstring(junit_xml(RunResult([student_mode()])))
    suite = root.find("testsuite")
    assert (suite.get("failures"), suite.get("skipped"), root.get("skipped")) == ("1", "3", "3")
    for case in suite.iter("testcase"):
        if "reference" in case.get("name") or "trajectory" in case.get("name") or "XOR" in case.get("name"):
            assert case.find("failure") is None and case.find("error") is None
            assert case.find("skipped").get("message") == "run by your course's grader"


def test_student_mode_on_github_is_never_an_error() -> None:
    run = RunResult([student_mode()])
    annotations = github_annotations(run)
    assert len(annotations) == 1 and "finite differences" in annotations[0]
    md = github_summary_markdown(run)
    assert "62/70 checked (+30 by your course's grader)" in md
    held = md[md.index("**Run by your course's grader**"):]
    assert "backward matches the reference \\(15 points\\)" in held and "❌" not in held
    payload = json.loads(base64.b64decode(classroom_result(student_mode())))
    assert [t["status"] for t in payload["tests"]] == ["pass", "pass", "pass", "fail"]


def test_student_mode_on_gradescope_has_no_failed_held_test() -> None:
    data = gradescope_json(student_mode())
    assert [t["name"] for t in data["tests"] if t["status"] == "failed"] == ["backward matches finite differences"]
    assert not any("reference" in t["name"] or "XOR" in t["name"] for t in data["tests"])
    assert data["score"] == 62 == sum(t["score"] for t in data["tests"])
    assert "30 more points are checked by your course's grader" in data["output"]
    assert "- XOR is learned from several starting points (5 points)" in data["output"]


def test_student_mode_in_the_gradebook_keeps_the_score() -> None:
    rows = list(csv.reader(io.StringIO(grades_csv(RunResult([student_mode()])))))
    assert rows[1][:2] == ["frank", "62"]


def test_student_mode_on_the_class_page() -> None:
    run = RunResult([student_mode()])
    page = render_index(run, {"xor_mlp.py": "frank.html"})
    assert "62 / 70 of the points checked here" in page  # the grid cell's tooltip
    # the pass rates count the checks run: a held check is not a failure
    assert "backward matches the reference" not in page and "XOR is learned" not in page


# ---------------------------------------------------------------- what a student reads

def test_code_spans_are_code_and_stay_escaped() -> None:
    sub = student_mode()
    sub.checks[3].message = "`dW1` is wrong; `</code><script>alert(1)</script>` and a lone ` tick"
    page = render_submission(sub)
    assert "<code>dW1</code> is wrong" in page
    assert "<code>&lt;/code&gt;&lt;script&gt;alert(1)&lt;/script&gt;</code>" in page and "<script>" not in page
    assert "a lone ` tick" in page
    body = page[page.index("<body>"):]
    assert not re.search(r"`[^`<>\n]+`", re.sub(r"<pre[^>]*>.*?</pre>", "", body, flags=re.S))


def test_each_mistake_is_explained_once_and_linked_from_each_check() -> None:
    from reports.mistakes import MISTAKES

    sub = with_failures()
    page = render_submission(sub)
    for mistake_id in sub.mistakes:
        m = MISTAKES[mistake_id]
        assert page.count(str(__import__("markupsafe").escape(m.explanation))) == 1, mistake_id
        assert page.count(f'id="mistake-{mistake_id}"') == 1
        naming = [c for c in sub.checks if mistake_id in c.mistakes]
        assert page.count(f'href="#mistake-{mistake_id}"') == len(naming) >= 1


def test_curves_that_coincide_are_said_to_be_indistinguishable() -> None:
    from reports import svg

    same = [0.7, 0.6, 0.5, 0.45, 0.4]
    chart = svg.line_chart([("yours", same), ("reference", [v + 1e-9 for v in same])], title="loss")
    assert chart.count("<polyline") == 1 and "reference — indistinguishable from yours" in chart
    apart = svg.line_chart([("yours", same), ("reference", [v * 1.2 for v in same])], title="loss")
    assert apart.count("<polyline") == 2 and "indistinguishable" not in apart


def test_chart_titles_fit_their_box() -> None:
    """A long title wraps (at most two lines, then an ellipsis) within the chart, at a generous character width."""
    from reports import svg

    long = LONG_TITLE + " and then some more words about the chart that nobody will read"
    charts = [svg.line_chart([("a", [1, 2])], title=long), svg.bar_chart(["a"], [1], title=long),
              svg.histogram([1, 2], title=long), svg.heatmap([[1, 2]], title=long), svg.heatmap([], title=long)]
    for chart in charts:
        width = float(re.search(r'viewBox="0 0 ([\d.]+)', chart).group(1))
        titles = re.findall(r'<text x="([\d.]+)" y="[\d.]+" font-size="13" font-weight="600">([^<]*)</text>', chart)
        assert 1 <= len(titles) <= 2, titles
        for x, text in titles:
            assert float(x) + 7.6 * len(text) <= width, (text, width)  # 7.6 px: a wide 13 px semibold character
        assert titles[-1][1].endswith("…")


def test_no_timing_table_for_students_but_timings_in_results_json() -> None:
    from reports import results_json

    sub = with_failures()
    assert "Timing" not in render_submission(sub)
    assert json.loads(results_json(RunResult([sub])))["submissions"][0]["timings"] == {"load": 0.3, "checks": 5.1}


def test_counted_nouns_agree() -> None:
    sub = with_failures()
    sub.checks = sub.checks[3:4]
    sub.skipped = sub.skipped[:1]
    sub.also_submitted = [{"path": "a.py", "file": "a.py", "reason": "older"}]
    sub.also_submitted_omitted = 1
    sub.output, sub.output_bytes = "x", 1
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", render_submission(sub)))
    assert "0 of 1 check passed" in text and "1 more file not listed" in text and "1 byte in all" in text
    assert "This top-level statement of your file was skipped" in text
    assert "1 top-level statement of your file was not run" in gradescope_json(sub)["output"]
    page = render_index(RunResult([sub]), {})
    assert "scores of 1 graded submission&#34;" in page or "scores of 1 graded submission\"" in page
