"""The terminal at the end of a class run: a summary that fits the terminal, never a cut mistake id.

A run of about 130 submissions is built in-process (no grading), with hostile and non-ASCII
names, files that could not be graded, and every catalogued mistake id, and rendered at several
widths by :func:`reports.terminal.print_class`, the way ``grade submissions/`` ends.
"""
from __future__ import annotations

import io
import random
import re

import pytest
from rich.cells import cell_len
from rich.console import Console

from grader.results import CheckResult, RunResult, SubmissionResult
from reports import terminal
from reports.mistakes import MISTAKES as _ALL

#: the catalogue when this layout was sized (27 ids): newer ids do not change what the layout is tested on
MISTAKES = {k: v for k, v in _ALL.items() if k not in {"wrong-topological-order", "wrong-local-derivative",
            "unseeded-gradient", "missing-reflected-operator", "upstream-gradient-ignored"}}
from reports.summary import assignment_stats

ASSIGNMENTS = ("linear_regression", "xor_mlp", "mnist_softmax", "rnn")
WIDTHS = (60, 80, 200)
MAX_LINES = 40  #: the default view's budget (reports.terminal.CLASS_LINES)
LONG_NAME = "maximiliane-" * 9 + "end"  # 111 characters without a space: folded, never cut
ODD_NAMES = ["<script>alert(1)</script>", "##[error]x", "::warning::y", "Zoë Ångström 李雷", "[bold]markup[/bold]",
             LONG_NAME]
UNGRADED = {("student007", "rnn"): ("error", 12), ("student011", "xor_mlp"): ("timeout", None),
            ("student019", "mnist_softmax"): ("crashed", None), ("student023", ""): ("unrecognised", None),
            ("::warning::y", "linear_regression"): ("error", 3)}


def _check(i: int, passed: bool, points: float, mistakes: list[str]) -> CheckResult:
    return CheckResult(f"gradient.c{i}", "gradient", f"check {i}", passed, points, 25.0,
                       "" if passed else "differs", mistakes=mistakes)


def class_run(seed: int = 7) -> RunResult:
    """About 130 submissions of 36 students: scores spread over 0-100, every mistake id of the
    catalogue named by someone, a few files not graded, hostile and non-ASCII names."""
    rng = random.Random(seed)
    ids = sorted(MISTAKES)
    students = [f"student{i:03d}" for i in range(30)] + ODD_NAMES
    subs = []
    k = 0
    for s, student in enumerate(students):
        for a, assignment in enumerate(ASSIGNMENTS):
            if (s + a) % 11 == 5:  # not submitted
                continue
            path = f"submissions/{student}/{assignment}.py"
            key = (student, assignment)
            if (student, "") in UNGRADED and a == 0:
                status, line = UNGRADED[(student, "")]
                subs.append(SubmissionResult(student, "", f"submissions/{student}/notes.py", status))
                continue
            if key in UNGRADED:
                status, line = UNGRADED[key]
                subs.append(SubmissionResult(student, assignment, path, status, max_score=100.0, line=line,
                                             message="SyntaxError: invalid syntax"))
                continue
            checks = []
            for c in range(4):
                wrong = rng.random() < 0.35
                mistakes = [ids[k % len(ids)]] if wrong else []
                k += wrong
                checks.append(_check(c, not wrong, 0.0 if wrong else 25.0, mistakes))
            score = sum(c.points for c in checks)
            sub = SubmissionResult(student, assignment, path, "graded", score=score, max_score=100.0, checks=checks)
            if s % 9 == 0:
                sub.also_submitted = [{"path": path.replace(".py", "_old.py"), "file": f"{assignment}_old.py",
                                       "reason": "older"}]
            elif student == ODD_NAMES[0]:
                sub.also_submitted = [{"path": f"{path}.ipynb", "file": "<img src=x onerror=alert(2)>.ipynb",
                                       "reason": "</td><script>alert(3)</script>"}]
            subs.append(sub)
    ignored = [{"student": "student003", "path": "submissions/student003/utils.py", "file": "utils.py",
                "reason": "matches no assignment"},
               {"student": ODD_NAMES[0], "path": "submissions/x/<b>bold</b>.py", "file": "<b>bold</b>.py",
                "reason": "<script>alert(4)</script>"}]
    return RunResult(subs, grader_version="0.1.0", sandbox="bubblewrap", ignored=ignored)


def render(run: RunResult, width: int, **kw) -> str:
    buf = io.StringIO()
    terminal.print_class(run, Console(file=buf, width=width, color_system=None), github=False, **kw)
    return buf.getvalue()


@pytest.fixture(scope="module")
def run() -> RunResult:
    r = class_run()
    assert 120 <= len(r.submissions) <= 140
    assert {m for s in r.submissions for m in s.mistakes} == set(MISTAKES)  # every id appears somewhere
    return r


def _lines(text: str) -> list[str]:
    return text.rstrip("\n").split("\n")


def _ids_whole(text: str, ids) -> None:
    """Every id is on one line, never split or shortened; no ellipsis anywhere."""
    assert "…" not in text and "..." not in text
    lines = [line.strip() for line in _lines(text)]
    for a, b in zip(lines, lines[1:]):  # no id begun at the end of a line and finished on the next
        for mistake_id in MISTAKES:
            for k in range(1, len(mistake_id)):
                assert not (a.endswith(mistake_id[:k]) and b.startswith(mistake_id[k:])), (mistake_id, a, b)
    for mistake_id in ids:
        assert re.search(rf"(?<![\w-]){re.escape(mistake_id)}(?![\w-])", text), mistake_id


def _listed(out: str, sub: SubmissionResult) -> bool:
    """Is ``sub`` a row of ``out``: its student's name (the start of it, when it wraps) and its assignment?"""
    name = re.escape(sub.student) + " " if cell_len(sub.student) < 16 else re.escape(sub.student[:8]) + ".*"
    return bool(re.search(rf"^  {name} *{re.escape(sub.assignment or '(unrecognised)')}(?!\S)", out, re.MULTILINE))


def _top(run: RunResult) -> set[str]:
    return {m for a in assignment_stats(run.submissions) for m, _ in a.mistakes[:terminal.TOP_MISTAKES]}


@pytest.mark.parametrize("width", WIDTHS)
def test_default_view_is_a_summary_that_fits(run, width):
    out = render(run, width)
    lines = _lines(out)
    assert len(lines) <= MAX_LINES, out
    assert all(cell_len(line) <= width for line in lines), max(lines, key=cell_len)
    # per assignment: graded of submitted, the mean, the failures
    for a in assignment_stats(run.submissions):
        row = next(line for line in lines if line.strip().startswith(a.name))
        assert f"{a.graded}/{a.submissions}" in row, row
    # the top mistakes of every assignment, whole, with how many students made them
    _ids_whole(out, _top(run))
    # every submission that could not be graded is listed, by name, with what happened
    flat = " ".join(out.split())
    for (student, assignment), (status, line) in UNGRADED.items():
        assert student in out and status in out
    assert "(line 12)" in flat
    # the rows listed are a few, not the class; and it says how to see every row
    assert sum(line.startswith("  student0") for line in lines) < 20
    assert f"grade --verbose lists all {len(run.submissions)} submissions" in flat


@pytest.mark.parametrize("width", WIDTHS)
def test_the_rows_listed_show_their_mistakes_whole(run, width):
    graded = RunResult([s for s in run.submissions if s.status == "graded"])  # the low scores come first
    out = render(graded, width)
    assert len(_lines(out)) <= MAX_LINES and all(cell_len(line) <= width for line in _lines(out))
    shown = [s for s in graded.submissions if _listed(out, s)]
    assert shown, out
    named = {m for s in shown for m in s.mistakes}
    assert named
    _ids_whole(out, named)


@pytest.mark.parametrize("width", WIDTHS)
def test_verbose_lists_every_submission(run, width):
    out = render(run, width, verbose=True)
    lines = _lines(out)
    assert all(cell_len(line) <= width for line in lines), max(lines, key=cell_len)
    _ids_whole(out, {m for s in run.submissions for m in s.mistakes})
    for sub in run.submissions:
        assert _listed(out, sub), sub.student
    # a long name is folded over lines (its continuation lines hold nothing else), never cut
    firsts = "".join(line.split()[0] for line in lines if line.strip())
    assert LONG_NAME in firsts and "<script>alert(1)</script>" in firsts
    assert len(lines) > len(run.submissions)
    assert "Most common mistakes" in out  # and the summary after the rows


def test_a_small_run_lists_every_submission_by_default(run):
    small = RunResult(run.submissions[:9])
    out = render(small, 80)
    assert "Every submission:" in out
    for sub in small.submissions:
        assert re.search(rf"^  {re.escape(sub.student)} ", out, re.MULTILINE)


def test_fail_under_sets_who_is_listed(run):
    out = render(run, 200, fail_under=101)
    assert "below 101%" in out and "< 101%" in out
    graded = [s for s in run.submissions if s.status == "graded"]
    assert f"{len(graded)} below 101%" in out


def test_a_class_where_nothing_needs_a_look(run):
    good = [s for s in run.submissions if s.status == "graded" and s.score >= 50] * 2
    out = render(RunResult(good), 80)
    assert "Every submission was graded and scored at least 50%" in out
    assert len(_lines(out)) <= MAX_LINES


def test_hostile_names_stay_text(run):
    buf = io.StringIO()
    console = Console(file=buf, width=100, force_terminal=True, color_system="truecolor")
    terminal.print_class(run, console, github=False, verbose=True)
    out = buf.getvalue()
    assert "[bold]markup[/bold]" in out  # rich markup is not read from a name
    assert "<script>alert(1)</script>" in out and "Zoë Ångström 李雷" in out


@pytest.mark.parametrize("verbose", [False, True])
def test_github_mode_keeps_the_summary_inert(run, verbose):
    from test_output_safety import runner_commands, skeleton

    for width in WIDTHS:
        buf = io.StringIO()
        terminal.print_class(run, Console(file=buf, width=width), github=True, verbose=verbose)
        acted, stopped = runner_commands(buf.getvalue())
        assert [c.name for c in acted] == ["stop-commands", "(resume)"] and not stopped
        body = buf.getvalue().splitlines()[1:-1]
        assert not any(skeleton(line).lstrip().startswith("::") or "##[" in skeleton(line) for line in body)
        if verbose:
            assert "##\\[error]x" in buf.getvalue()


def test_print_table_lists_every_row_with_whole_ids(run):
    buf = io.StringIO()
    terminal.print_table(run, Console(file=buf, width=80, color_system=None), github=False)
    out = buf.getvalue()
    assert all(cell_len(line) <= 80 for line in _lines(out))
    _ids_whole(out, {m for s in run.submissions for m in s.mistakes})
    assert f"{len(run.submissions)} submissions, " in out


def test_the_command_line_has_verbose():
    from grader.cli import build_parser

    assert build_parser().parse_args(["x", "--verbose"]).verbose is True
    assert build_parser().parse_args(["x"]).verbose is False


def test_the_class_page_shows_every_name_and_listed_file_as_text(run):
    from markupsafe import escape

    from reports import html

    page = html.render_index(run, {sub.path: f"r/{i}.html" for i, sub in enumerate(run.submissions)})
    assert page.count("<script") == 1  # the page's own sorting script, nothing a student wrote
    assert "<b>bold</b>" not in page and "<img" not in page
    for text in ("<script>alert(1)</script>", "##[error]x", "Zoë Ångström 李雷", "<img src=x onerror=alert(2)>.ipynb",
                 "</td><script>alert(3)</script>", "<b>bold</b>.py", "<script>alert(4)</script>"):
        assert str(escape(text)) in page, text
    # the grid: a row per student, a link per submission; the files not counted and ignored are counted and listed
    grid = page[page.index('id="grid"'):page.index('id="assignment-1"')]
    assert grid.count('<a class="cell band-') == len(run.submissions)
    assert grid.count("<tr>") == len({s.student for s in run.submissions}) + 1
    also = sum(len(sub.also_submitted) for sub in run.submissions)
    assert also > 10 and f"{also} other files not counted" in page and "2 files ignored" in page
    assert 'href="#not-counted"' in page and 'href="#ignored"' in page and 'href="#all-submissions"' in page
