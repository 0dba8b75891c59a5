"""Terminal output with rich: one submission's checks, or the table that ends a folder run.

Student text is always passed as ``rich.text.Text`` (never as markup) after
:func:`~reports.text.printable`, so ``[bold]`` stays literal and an escape sequence in a
message cannot reach the terminal. Marks are ✓/✗ (``+``/``x`` when the console cannot
encode them), so the output reads the same with colours off or piped.
"""
from __future__ import annotations

from rich import box
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from grader.results import RunResult, SubmissionResult

from .mistakes import explain
from .summary import assignment_name, sort_key_student, status_reason, status_text
from .text import finite, fmt_num, one_line, plural, printable

OUTPUT_LINES = 20  #: lines of the student's printed output shown in the terminal


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


def print_submission(result: SubmissionResult, console: Console) -> None:
    """Everything about one graded file, for ``grade one_file.py``."""
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

    if result.skipped:
        console.print(Text(f"Not run: {plural(len(result.skipped), 'top-level statement')} of your file", "yellow"),
                      highlight=False)
        for s in result.skipped:
            where = s.where or (f"line {s.line}" if s.end_line <= s.line else f"lines {s.line}-{s.end_line}")
            console.print(_indent(Text(f"{printable(where)}: {printable(s.reason)}"), 4), highlight=False)
    if result.output:
        lines = printable(result.output).split("\n")
        console.print(Text(f"Your code printed {plural(result.output_bytes or len(result.output), 'byte')}"
                           + (f" (first {OUTPUT_LINES} lines):" if len(lines) > OUTPUT_LINES else ":"), "dim"),
                      highlight=False)
        console.print(_indent(Text("\n".join(lines[:OUTPUT_LINES]), "dim"), 4), highlight=False)

    final = Text("Score: ")
    final.append(f"{fmt_num(result.score)}/{fmt_num(result.max_score)}", _score_style(result.score, result.max_score))
    passed = sum(c.passed for c in result.checks)
    final.append(f"  ({passed} of {plural(len(result.checks), 'check')} passed)")
    console.print(final, highlight=False)


def print_table(run: RunResult, console: Console) -> None:
    """The final table of a folder run: student, assignment, status, score/max, mistakes named."""
    table = Table(box=box.SIMPLE_HEAD if _unicode(console) else box.ASCII, show_lines=False, highlight=False)
    table.add_column("student")
    table.add_column("assignment")
    table.add_column("status")
    table.add_column("score", justify="right")
    table.add_column("mistakes")
    for sub in sorted(run.submissions, key=sort_key_student):
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
