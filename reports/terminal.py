"""Terminal output with rich: one submission's checks, or the table that ends a folder run.

Student text is always passed as ``rich.text.Text`` (never as markup) after
:func:`~reports.text.printable`, so ``[bold]`` stays literal and an escape sequence in a
message cannot reach the terminal. Marks are ✓/✗ (``+``/``x`` when the console cannot
encode them), so the output reads the same with colours off or piped.

In a GitHub Actions job (``github=True``, or by default when ``GITHUB_ACTIONS=true``) the
runner reads workflow commands from this output: every piece of student text then goes through
:func:`~reports.text.inert` (no ``::`` or ``##[`` left in it, however rich wraps it), and the
whole block is printed between ``::stop-commands::<random token>`` and ``::<token>::``.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich import box
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from grader.results import RunResult, SubmissionResult

from .ci import commands_stopped, in_github_actions
from .mistakes import explain
from .summary import assignment_name, sort_key_student, status_reason, status_text
from .text import finite, fmt_num, inert, one_line, plural, printable, shorten

OUTPUT_LINES = 20  #: lines of the student's printed output shown in the terminal
OUTPUT_LINE_CHARS = 500  #: characters of one such line shown
SKIPPED_LINES = 20  #: top-level statements not run listed in the terminal


@contextmanager
def _guarded(console: Console, github: bool | None) -> Iterator[tuple[Callable[[object], str],
                                                                     Callable[[object], str]]]:
    """The text functions to use for student text (``printable``, ``one_line``), made inert for GitHub.

    With GitHub on, everything printed inside is also between stop-commands and its resume token.
    """
    if github is None:
        github = in_github_actions()
    if not github:
        yield printable, one_line
        return

    def line(text: str) -> None:  # never wrapped or styled: the runner must see exactly this line
        console.print(Text(text), soft_wrap=True, highlight=False)

    with commands_stopped(line):
        yield (lambda t: inert(t)), (lambda t: inert(one_line(t)))


def _unicode(console: Console) -> bool:
    return console.encoding.lower().replace("-", "").startswith("utf")


def _marks(console: Console) -> tuple[str, str]:
    return ("✓", "✗") if _unicode(console) else ("+", "x")


def _indent(text: Text, spaces: int) -> Padding:
    """``text`` indented, wrapped lines included, without trailing padding."""
    return Padding(text, (0, 0, 0, spaces), expand=False)


def _score_style(score: float, max_score: float) -> str:
    score, max_score = finite(score), finite(max_score)
    if max_score <= 0:
        return "bold"
    ratio = score / max_score
    return "bold green" if ratio >= 0.999 else ("bold yellow" if ratio >= 0.5 else "bold red")


def print_submission(result: SubmissionResult, console: Console, github: bool | None = None) -> None:
    """Everything about one graded file, for ``grade one_file.py`` (``github``: see the module docstring)."""
    result.bound()
    with _guarded(console, github) as (printable, one_line):
        _print_submission(result, console, printable, one_line)


def _print_submission(result: SubmissionResult, console: Console, printable: Callable[[object], str],
                      one_line: Callable[[object], str]) -> None:
    ok, bad = _marks(console)
    head = Text()
    head.append(printable(result.student), "bold")
    head.append(f" · {one_line(assignment_name(result))} · ")
    head.append(one_line(result.path), "cyan")
    head.append(f"  [{result.status}]", "green" if result.status == "graded" else "bold red")
    console.print(head, highlight=False)

    if result.status != "graded":
        line = Text(f"Could not be graded: {status_text(result.status)}", "bold red")
        if result.line is not None:
            line.append(f" (line {result.line})")
        console.print(line, highlight=False)
        if result.message:
            console.print(_indent(Text(printable(result.message)), 4), highlight=False)
    for problem in result.internal_errors:
        console.print(Text(f"Grader problem (not your fault): {one_line(problem)}", "magenta"), highlight=False)

    explained: set[str] = set()
    for check in result.checks:
        row = Text("  ")
        row.append(ok if check.passed else bad, "bold green" if check.passed else "bold red")
        row.append(f" {one_line(check.category):<11} ", "dim")
        row.append(printable(check.title))
        row.append(f"  {fmt_num(check.points)}/{fmt_num(check.max_points)}", "bold" if not check.passed else "")
        console.print(row, highlight=False)
        detail = []
        if check.message:
            detail.append(Text(printable(check.message)))
        if not check.passed:
            for label, value in (("expected: ", check.expected), ("got:      ", check.got)):
                if value is not None:  # continuation lines aligned under the first
                    detail.append(Text(label + printable(value).replace("\n", "\n" + " " * len(label)), "dim"))
        for mistake_id in check.mistakes:
            m = explain(mistake_id)
            line = Text("likely mistake: ", "yellow")
            line.append(f"{m.title} ({m.id})", "bold yellow")
            if mistake_id in explained:
                line.append(", explained above")
                detail.append(line)
            else:
                detail += [line, Text(m.explanation), Text(f"hint: {m.hint}", "italic")]
                explained.add(mistake_id)
        for item in detail:
            console.print(_indent(item, 6), highlight=False)

    if result.skipped_count:
        console.print(Text(f"Not run: {plural(result.skipped_count, 'top-level statement')} of your file", "yellow"),
                      highlight=False)
        for s in result.skipped[:SKIPPED_LINES]:
            where = s.where or (f"line {s.line}" if s.end_line <= s.line else f"lines {s.line}-{s.end_line}")
            console.print(_indent(Text(f"{printable(where)}: {printable(s.reason)}"), 4), highlight=False)
        if result.skipped_count > SKIPPED_LINES:
            console.print(_indent(Text(f"… and {result.skipped_count - SKIPPED_LINES} more (see the report)"), 4),
                          highlight=False)
    if result.output:
        lines = result.output.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        console.print(Text(f"Your code printed {plural(result.output_bytes or len(result.output), 'byte')}"
                           + (f" (first {OUTPUT_LINES} lines):" if len(lines) > OUTPUT_LINES else ":"), "dim"),
                      highlight=False)
        shown = "\n".join(shorten(line, OUTPUT_LINE_CHARS) for line in lines[:OUTPUT_LINES])
        console.print(_indent(Text(printable(shown), "dim"), 4), highlight=False)

    final = Text("Score: ")
    final.append(f"{fmt_num(result.score)}/{fmt_num(result.max_score)}", _score_style(result.score, result.max_score))
    passed = sum(c.passed for c in result.checks)
    final.append(f"  ({passed} of {plural(len(result.checks), 'check')} passed)")
    console.print(final, highlight=False)


def print_table(run: RunResult, console: Console, github: bool | None = None) -> None:
    """The final table of a folder run: student, assignment, status, score/max, mistakes named.

    ``github``: see the module docstring.
    """
    with _guarded(console, github) as (_, one_line):
        _print_table(run, console, one_line)


def _print_table(run: RunResult, console: Console, one_line: Callable[[object], str]) -> None:
    table = Table(box=box.SIMPLE_HEAD if _unicode(console) else box.ASCII, show_lines=False, highlight=False)
    table.add_column("student")
    table.add_column("assignment")
    table.add_column("status")
    table.add_column("score", justify="right")
    table.add_column("mistakes")
    for sub in sorted(run.submissions, key=sort_key_student):
        sub.bound()
        status = Text(one_line(sub.status if sub.status == "graded" else status_reason(sub)),
                      "green" if sub.status == "graded" else "bold red")
        table.add_row(
            Text(one_line(sub.student)),
            Text(one_line(assignment_name(sub))),
            status,
            Text(f"{fmt_num(sub.score)}/{fmt_num(sub.max_score)}", _score_style(sub.score, sub.max_score)),
            Text(one_line(", ".join(sub.mistakes)), "yellow"),
        )
    console.print(table)
    graded = sum(s.status == "graded" for s in run.submissions)
    console.print(Text(f"{plural(len(run.submissions), 'submission')}, {graded} graded"), highlight=False)
