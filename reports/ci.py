"""Results for other systems: Gradescope, JUnit XML, GitHub Actions and GitHub Classroom.

Everything here is built from the result model only, which bounds every field (see
``grader.results``), so no format can grow with what a submission returns or prints.
Student-controlled text (names, paths, messages, printed output) is made printable first, then
escaped for each format: a workflow command's message and properties as the runner unescapes them
(``%25 %0D %0A``, and ``%3A %2C`` in properties), so student text can neither end the command nor
add a property.
"""
from __future__ import annotations

import base64
import os
import secrets
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from grader.results import CheckResult, RunResult, SubmissionResult

from .mistakes import explain
from .summary import (
    HELD_NOTE,
    assignment_name,
    check_numbers,
    checked_text,
    held_text,
    points,
    status_reason,
    status_text,
    submission_label,
)
from .tables import dumps_strict, json_safe
from .text import cap, finite, first_line, fmt_num, one_line, plural, printable, shorten

JUNIT_OUTPUT_LIMIT = 10_000  #: characters of printed output kept in JUnit's system-out
JUNIT_SUITE_LIMIT = 256 * 1024  #: bytes of one submission's ``testsuite``
GRADESCOPE_LIMIT = 256 * 1024  #: bytes of one submission's Gradescope file
#: Characters of each test's text (None: all the model keeps) tried in turn until a file fits its limit.
_TEXT_LEVELS = (None, 1000, 200)
#: The same for JUnit, with the characters of system-out.
_JUNIT_LEVELS = ((None, JUNIT_OUTPUT_LIMIT), (1000, 2000), (200, 200))
ANNOTATION_LIMIT = 2_000  #: characters of an annotation's message


def check_text(check: CheckResult) -> str:
    """A check's message, expected/got and named mistakes (with explanation and hint) as plain text."""
    lines = [printable(check.message)] if check.message else []
    if check.expected is not None:
        lines.append(f"Expected: {printable(check.expected)}")
    if check.got is not None:
        lines.append(f"Got: {printable(check.got)}")
    for mistake_id in check.mistakes:
        m = explain(mistake_id)
        lines.append(f"Likely mistake: {m.title} [{m.id}]")
        lines.append(f"  {m.explanation}")
        lines.append(f"  Hint: {m.hint}")
    return "\n".join(lines)


def _ungraded_text(result: SubmissionResult) -> str:
    text = f"Could not be graded: {status_text(result.status)}"
    if result.line is not None:
        text += f" (line {result.line})"
    if result.message:
        text += f"\n{printable(result.message)}"
    return text


# ---------------------------------------------------------------- Gradescope

#: Gradescope's ``visibility`` values (autograder specification, "Controlling Test Case Visibility").
GRADESCOPE_VISIBILITY = ("hidden", "after_due_date", "after_published", "visible")
#: How the top-level output names a test's visibility when it is not ``visible``.
_SHOWN_WHEN = {"hidden": "never shown to students", "after_due_date": "shown after the due date",
               "after_published": "shown when grades are published"}


def gradescope_visibility(check: CheckResult, hidden: Mapping[str, str] | None = None) -> str:
    """A check's Gradescope ``visibility``: ``hidden`` maps a check id or a category to one of
    :data:`GRADESCOPE_VISIBILITY` (the check's id wins over its category); anything else is ``visible``."""
    if not hidden:
        return "visible"
    when = hidden.get(check.id) or hidden.get(check.category) or "visible"
    return when if when in GRADESCOPE_VISIBILITY else "hidden"  # an unknown value hides rather than shows


def gradescope_json(result: SubmissionResult, hidden: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Gradescope's ``results.json`` for one submission (dump it with ``json.dumps``).

    One test per check, numbered ``"category.n"``; the test scores add up to ``score``.
    Outputs are plain text (``output_format: text``) so that student text is never read as
    HTML or Markdown. A submission that could not be graded and has no checks gets one
    failed test that says why. The file is at most ``GRADESCOPE_LIMIT`` bytes: past it (text
    whose escapes are long), it is made again with shorter outputs.

    ``hidden`` (see :func:`gradescope_visibility`) sets the tests' visibility; the top-level
    output, which students always see, then tells only what the visible tests found: their
    points and mistakes, and how many points the others are worth and when they are shown.
    """
    result.bound()
    for limit in _TEXT_LEVELS:
        data = _gradescope(result, limit, hidden)
        if _text_size(data) * 6 <= GRADESCOPE_LIMIT or len(dumps_strict(data).encode("utf-8")) <= GRADESCOPE_LIMIT:
            break
    return data


def _held_lines(result: SubmissionResult) -> list[str]:
    """The checks not run here (student mode) as plain text: a heading, then each one's title and points."""
    if not result.held_checks:
        return []
    return ["Run by your course's grader (not run here: they need the model answers):"] + \
        [f"- {printable(held_text(c))}" for c in result.held_checks]


def _text_size(data: Any) -> int:
    """Characters of text in ``data`` plus a little per item: no escape makes one character more than 6 bytes."""
    if isinstance(data, str):
        return len(data) + 4
    if isinstance(data, dict):
        return sum(_text_size(k) + _text_size(v) for k, v in data.items()) + 4
    if isinstance(data, (list, tuple)):
        return sum(_text_size(v) for v in data) + 4
    return 8


def _gradescope(result: SubmissionResult, limit: int | None, hidden: Mapping[str, str] | None = None) -> dict[str, Any]:
    def short(text: str, factor: int = 1) -> str:
        return text if limit is None else shorten(text, limit * factor)

    tests: list[dict[str, Any]] = []
    shown: list[CheckResult] = []
    held: dict[str, list[CheckResult]] = {}
    for number, check in zip(check_numbers(result.checks), result.checks):
        if check.held:  # not run here (student mode): no test, the output lists it
            continue
        visibility = gradescope_visibility(check, hidden)
        if visibility == "visible":
            shown.append(check)
        else:
            held.setdefault(visibility, []).append(check)
        tests.append({
            "name": printable(check.title),
            "number": number,
            "score": finite(check.points),
            "max_score": finite(check.max_points),
            "status": "passed" if check.passed else "failed",
            "output": short(check_text(check)),
            "tags": [check.category],
            "visibility": visibility,
            "extra_data": {"id": check.id},
        })
    if result.status != "graded" and not tests:
        tests.append({
            "name": "Submission could not be graded",
            "number": "0.1",
            "score": 0.0,
            "max_score": finite(result.max_score),
            "status": "failed",
            "output": short(_ungraded_text(result)),
            "visibility": "visible",
        })
    if held:  # students see this text whatever the tests' visibility: it speaks of the visible tests only
        summary = [f"Score on the tests shown now: {fmt_num(sum(finite(c.points) for c in shown))}/"
                   f"{fmt_num(sum(finite(c.max_points) for c in shown))}"]
        for when, checks in held.items():
            summary.append(f"{plural(len(checks), 'more test')} ({points(sum(finite(c.max_points) for c in checks))}) "
                           f"{'is' if len(checks) == 1 else 'are'} {_SHOWN_WHEN[when]}.")
        mistakes = list(dict.fromkeys(m for c in shown for m in c.mistakes))
    elif result.mode == "student":
        summary = [f"Score: {checked_text(result)}."]
        mistakes = result.mistakes
    else:
        summary = [f"Score: {fmt_num(result.score)}/{fmt_num(result.max_score)}"]
        mistakes = result.mistakes
    summary += _held_lines(result)
    if result.status != "graded":
        summary.append(_ungraded_text(result))
    for mistake_id in mistakes:
        m = explain(mistake_id)
        summary.append(f"Likely mistake: {m.title}. {m.hint}")
    if result.skipped_count:
        summary.append(f"{plural(result.skipped_count, 'top-level statement')} of your file "
                       f"{'was' if result.skipped_count == 1 else 'were'} not run (see the tests below and your report).")
    return json_safe({
        "score": finite(result.score),
        "max_score": finite(result.max_score),
        "execution_time": round(finite(result.seconds), 3),
        "output": short("\n".join(summary), 4),
        "output_format": "text",
        "test_output_format": "text",
        "test_name_format": "text",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "extra_data": {
            "student": result.student,
            "assignment": result.assignment,
            "status": result.status,
            "mistakes": result.mistakes if limit is None else result.mistakes[:20],
            "grader_version": result.grader_version,
            "max_score": finite(result.max_score),
        },
        "tests": tests,
    })


# ---------------------------------------------------------------- JUnit XML

def junit_xml(run: RunResult) -> str:
    """The run as JUnit XML: one ``testsuite`` per submission, one ``testcase`` per check.

    ``classname`` is ``student.assignment``; a failed check is a ``failure`` (message: its first
    line, body: the full text with mistakes explained), a submission that could not be graded
    is one ``error`` testcase. What the code printed goes to the suite's ``system-out`` (capped).
    All text goes through :func:`printable`, which leaves no character XML 1.0 cannot hold.
    A suite is at most ``JUNIT_SUITE_LIMIT`` bytes: XML spells ``&`` in five characters, so a
    suite over it (text made of ``&`` and ``<``) is written again with shorter texts.
    """
    root = ET.Element("testsuites", {"name": "backprop-grader"})
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    total_time = 0.0
    for sub in run.submissions:
        sub.bound()
        for text_limit, output_limit in _JUNIT_LEVELS:
            suite = _junit_suite(sub, text_limit, output_limit)
            room = JUNIT_SUITE_LIMIT - 16 * 1024  # for the indentation
            if _xml_text_size(suite) * 6 <= room or len(ET.tostring(suite, encoding="utf-8")) <= room:
                break
        root.append(suite)
        totals["tests"] += int(suite.get("tests", "0"))
        totals["failures"] += int(suite.get("failures", "0"))
        totals["errors"] += int(suite.get("errors", "0"))
        totals["skipped"] += int(suite.get("skipped", "0"))
        total_time += finite(sub.seconds)
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", f"{total_time:.3f}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _xml_text_size(element: ET.Element) -> int:
    """Characters of text and attributes in ``element`` plus a little per element (an escape is at most 6 bytes)."""
    return sum(len(e.text or "") + sum(len(k) + len(v) + 4 for k, v in e.attrib.items()) + len(e.tag) * 2 + 8
               for e in element.iter())


def _junit_suite(sub: SubmissionResult, text_limit: int | None, output_limit: int) -> ET.Element:
    """One submission's ``testsuite``; ``text_limit`` caps each failure's text (None: as the model keeps it)."""
    def short(text: str) -> str:
        return text if text_limit is None else shorten(text, text_limit)

    classname = printable(f"{sub.student}.{sub.assignment or 'unrecognised'}")
    failures = sum(1 for c in sub.checks if not c.passed and not c.held)
    errors = int(sub.status != "graded")
    suite = ET.Element("testsuite", {
        "name": classname,
        "tests": str(len(sub.checks) + errors),
        "failures": str(failures),
        "errors": str(errors),
        "skipped": str(len(sub.held_checks)),
        "time": f"{finite(sub.seconds):.3f}",
        "file": printable(sub.path),
    })
    props = ET.SubElement(suite, "properties")
    for name, value in (("status", sub.status), ("score", fmt_num(sub.score)),
                        ("max_score", fmt_num(sub.max_score)), ("mistakes", " ".join(sub.mistakes)),
                        *((("mode", sub.mode), ("checked_max", fmt_num(sub.checked_max)))
                          if sub.mode == "student" else ())):
        ET.SubElement(props, "property", {"name": name, "value": printable(value)})
    if errors:
        case = ET.SubElement(suite, "testcase", {"classname": classname, "name": "grading", "time": "0.000"})
        error = ET.SubElement(case, "error", {"type": printable(sub.status), "message": printable(status_reason(sub))})
        error.text = short(printable(_ungraded_text(sub)))
    for number, check in zip(check_numbers(sub.checks), sub.checks):
        attrs = {"classname": classname, "name": printable(f"{number} {check.title}"),
                 "time": f"{finite(check.seconds):.3f}"}
        if check.line is not None:
            attrs["file"] = printable(sub.path)
            attrs["line"] = str(check.line)
        case = ET.SubElement(suite, "testcase", attrs)
        if check.held:  # not run here: neither passed nor failed
            ET.SubElement(case, "skipped", {"message": HELD_NOTE})
        elif not check.passed:
            failure = ET.SubElement(case, "failure", {
                "type": printable(check.category),
                "message": short(printable(first_line(check.message) or check.title)),
            })
            failure.text = short(printable(
                f"{fmt_num(check.points)}/{fmt_num(check.max_points)} points\n{check_text(check)}"))
    if sub.output:
        out = ET.SubElement(suite, "system-out")
        text, omitted = cap(sub.output, output_limit)
        out.text = printable(text + (f"\n[... {omitted} more characters not shown]" if omitted else ""))
    return suite


# ---------------------------------------------------------------- GitHub Actions

def in_github_actions() -> bool:
    """Is this process a step of a GitHub Actions job (whose runner reads workflow commands from its output)?"""
    return os.environ.get("GITHUB_ACTIONS") == "true"


@contextmanager
def commands_stopped(write: Callable[[str], None]) -> Iterator[str]:
    """Everything written inside is ignored by the Actions runner's command parser.

    Writes ``::stop-commands::<token>`` on entering and ``::<token>::`` on leaving (even after an
    error), with a fresh random token: while stopped the runner acts on nothing but that exact
    token, which a student cannot guess. Used around every stretch of output that holds student
    text (which is also passed through :func:`~reports.text.inert`). Yields the token. Nested
    blocks share the outermost one's token.
    """
    global _STOPPED
    if _STOPPED:  # already stopped by an enclosing block: a second pair would only print two inert lines
        yield _STOPPED
        return
    token = _STOPPED = secrets.token_hex(16)
    write(f"::stop-commands::{token}")
    try:
        yield token
    finally:
        _STOPPED = ""
        write(f"::{token}::")


_STOPPED = ""  #: the token of the stop-commands block this process is inside, if any


def md_escape(text: object) -> str:
    """Untrusted text as one line of Markdown that renders literally (no HTML, links, tables)."""
    return "".join("\\" + ch if (ch.isascii() and not ch.isalnum() and not ch.isspace()) else ch
                   for ch in one_line(text))


def github_summary_markdown(run: RunResult) -> str:
    """A job summary: a table of submissions and scores, then the failing checks of each submission."""
    lines = ["## Autograding results", "",
             "| Student | Assignment | Status | Score |", "| --- | --- | --- | ---: |"]
    for sub in run.submissions:
        sub.bound()
        mark = "✅" if sub.status == "graded" and all(c.passed for c in sub.checks if not c.held) else "❌"
        score = (f"{fmt_num(sub.score)}/{fmt_num(sub.checked_max)} checked (+{fmt_num(sub.held_points)} by your course's grader)"
                 if sub.mode == "student" else f"{fmt_num(sub.score)}/{fmt_num(sub.max_score)}")
        lines.append(f"| {md_escape(sub.student)} | {md_escape(assignment_name(sub))} | {mark} {md_escape(sub.status)} "
                     f"| {score} |")
    for sub in run.submissions:
        failing = [(n, c) for n, c in zip(check_numbers(sub.checks), sub.checks) if not c.passed and not c.held]
        if sub.status == "graded" and not failing and not sub.held_checks:
            continue
        lines += ["", f"### {md_escape(submission_label(sub))}", ""]
        if sub.status != "graded":
            lines.append(f"**Could not be graded**: {md_escape(status_reason(sub))}")
            if sub.message:
                lines.append(f"> {md_escape(shorten(printable(sub.message), 500))}")
            if failing:
                lines.append("")
        for number, check in failing:
            item = (f"- ❌ **{number} {md_escape(check.title)}** ({fmt_num(check.points)}/"
                    f"{fmt_num(check.max_points)})")
            if check.message:
                item += f": {md_escape(shorten(first_line(check.message), 300))}"
            if check.mistakes:
                item += " — likely: " + ", ".join(md_escape(explain(m).title) for m in check.mistakes)
            lines.append(item)
        lines += _held_markdown(sub)
    return "\n".join(lines) + "\n"


def _held_markdown(sub: SubmissionResult) -> list[str]:
    """Student mode: the score in words and the checks held for the course's grader (never marked failed)."""
    if sub.mode != "student":
        return []
    lines = ["", md_escape(checked_text(sub) + ".")]
    if sub.held_checks:
        lines += ["", "**Run by your course's grader** (not run here):"]
        lines += [f"- {md_escape(held_text(c))}" for c in sub.held_checks]
    return lines


def escape_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's toolkit does (``%``, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: like :func:`escape_data`, plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(command: str, message: str, **properties: object) -> str:
    """One ``::command k=v,...::message`` line; every value is escaped, so it stays one command."""
    props = ",".join(f"{k}={escape_property(printable(v))}" for k, v in properties.items() if v is not None)
    return f"::{command}{' ' + props if props else ''}::{escape_data(printable(message))}"


def github_annotations(run: RunResult) -> list[str]:
    """``::error`` workflow commands for failing checks and submissions that could not be graded.

    Each string is one line: newlines and ``%`` in student text are escaped, so a message can
    never start another workflow command. (GitHub shows at most 10 error annotations per
    step and 50 per job.)
    """
    lines = []
    for sub in run.submissions:
        sub.bound()
        if sub.status != "graded":
            lines.append(workflow_command(
                "error", shorten(_ungraded_text(sub), ANNOTATION_LIMIT), file=sub.path, line=sub.line,
                title=f"{submission_label(sub)}: could not be graded ({sub.status})"))
        for number, check in zip(check_numbers(sub.checks), sub.checks):
            if check.passed or check.held:  # a held check was not run: never an error
                continue
            message = printable(check.message) or check.title
            if check.mistakes:
                message += "\nLikely: " + "; ".join(f"{explain(m).title}. {explain(m).hint}" for m in check.mistakes)
            lines.append(workflow_command(
                "error", shorten(message, ANNOTATION_LIMIT), file=sub.path, line=check.line,
                title=f"{submission_label(sub)}: {number} {one_line(check.title)} "
                      f"({fmt_num(check.points)}/{fmt_num(check.max_points)})"))
    return lines


# ---------------------------------------------------------------- GitHub Classroom
#
# What GitHub Classroom reads (classroom-resources, checked at autograding-grading-reporter v1 = d13b591,
# autograding-command-grader v1 = d5b3fa6): a grading step puts ``result`` = base64 of a JSON document in its step
# outputs (command-grader's ``generateResult``); the reporter action reads, for every id in its ``runners``
# input, the environment variable ``<ID>_RESULTS`` (id trimmed, upper-cased), decodes it, prints the tests,
# and (``notify-classroom.js``) adds up ``max_score`` and every test's ``score`` of the runners whose
# ``max_score`` is not 0, and prints the notices ``Points <total>/<max>`` (title "Autograding complete") and
# ``{"totalPoints":..,"maxPoints":..}`` (title "Autograding report") that Classroom records; it fails the job
# when a runner's ``status`` is ``fail`` or ``error``.

def _js_number(x: float) -> int | float:
    """A number as JavaScript would print it: integral values without ``.0``."""
    x = round(finite(x), 6)
    return int(x) if x.is_integer() else x


def _js_text(x: int | float) -> str:
    """``String(x)`` in JavaScript for a finite number: ``100``, ``47.5``, ``0.30000000000000004``, ``1e-7``."""
    if float(x).is_integer() and abs(x) < 1e21:
        return str(int(x))
    text = repr(float(x))
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    if -7 < int(exponent) < 21:  # JavaScript writes these without an exponent
        return format(Decimal(text), "f")
    return f"{mantissa}e{'+' if int(exponent) > 0 else '-'}{abs(int(exponent))}"


def _classroom_payload(result_or_run: SubmissionResult | RunResult) -> dict[str, Any]:
    subs = result_or_run.submissions if isinstance(result_or_run, RunResult) else [result_or_run]
    prefix = len(subs) > 1
    tests: list[dict[str, Any]] = []
    for sub in subs:
        sub.bound()
        label = f"{submission_label(sub)}: " if prefix else ""
        if sub.status != "graded":
            tests.append({"name": printable(f"{label}grading"), "status": "error", "score": 0,
                          "message": _ungraded_text(sub), "test_code": "", "filename": printable(sub.path),
                          "line_no": sub.line or 0, "duration": 0})
        for number, check in zip(check_numbers(sub.checks), sub.checks):
            if check.held:  # not run here (student mode): neither pass nor fail, so no test
                continue
            tests.append({
                "name": printable(f"{label}{number} {check.title}"),  # numbered as in the summary and annotations
                "status": "pass" if check.passed else "fail",
                "score": _js_number(check.points),
                "message": check_text(check),
                "test_code": "",
                "filename": printable(sub.path),
                "line_no": check.line or 0,
                "duration": round(finite(check.seconds) * 1000),
            })
    if any(s.status != "graded" for s in subs):
        status = "error"
    elif any(t["status"] == "fail" for t in tests):
        status = "fail"
    else:
        status = "pass"
    payload: dict[str, Any] = {"version": 1, "status": status,
                               "max_score": _js_number(sum(finite(s.max_score) for s in subs)), "tests": tests}
    if status == "error":
        payload["message"] = "; ".join(f"{submission_label(s)}: {status_reason(s)}" for s in subs if s.status != "graded")
    return payload


def classroom_result(result_or_run: SubmissionResult | RunResult) -> str:
    """GitHub Classroom's grader ``result`` output: base64 of the JSON its reporter reads.

    The schema of classroom-resources/autograding-command-grader's ``generateResult``: ``{"version": 1,
    "status": "pass"|"fail"|"error", "max_score", "tests": [{name, status, score, message, test_code,
    filename, line_no, duration (ms)}]}``, one test per check (named with its number, ``4.1 backward
    matches the reference``; prefixed by the submission when there are several); status is ``error``
    when a submission could not be graded (with a ``message`` saying why, as the Python grader's
    results have), ``fail`` when a check failed. Scores are the checks' points, so the reporter's
    ``Points`` add up to the grader's score (its log's per-runner table instead counts passed tests:
    ``passed / tests * max_score``). The reporter shows a test's ``message`` only for an ``error``;
    the job summary and the annotations carry the failed checks' explanations.
    """
    return base64.b64encode(dumps_strict(_classroom_payload(result_or_run), indent=None).encode("utf-8")).decode("ascii")


def classroom_notices(run: RunResult) -> list[str]:
    """The two notices GitHub Classroom's reporter prints for :func:`classroom_result`, to the character.

    As the reporter does: points are the test scores added in order as JavaScript numbers, numbers
    are printed as JavaScript prints them, and nothing is printed when the maximum is 0.
    """
    payload = _classroom_payload(run)
    maximum = payload["max_score"]
    if not maximum:
        return []
    total: int | float = 0
    for test in payload["tests"]:
        total += test["score"]  # left to right from 0, like the reporter's forEach
    report = f'{{"totalPoints":{_js_text(total)},"maxPoints":{_js_text(maximum)}}}'
    return [
        workflow_command("notice", f"Points {_js_text(total)}/{_js_text(maximum)}", title="Autograding complete"),
        workflow_command("notice", report, title="Autograding report"),
    ]
