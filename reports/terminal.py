"""Terminal output with rich: one submission's checks, or the summary that ends a folder run.

A class run ends with a summary that fits the terminal (:func:`print_class`): per assignment how
many were graded, the mean, the failures and the most common mistakes, then the submissions to
look at (not graded, or below a threshold), within :data:`CLASS_LINES` lines; ``--verbose`` lists
every submission first. Lines are laid out to the console's width and a mistake id is never cut.

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

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from grader.results import STATUSES, RunResult, SubmissionResult

from .ci import commands_stopped, in_github_actions
from .mistakes import explain
from .summary import (
    DEFAULT_THRESHOLD,
    assignment_name,
    COURSE_GRADER,
    assignment_stats,
    below,
    checked_text,
    ignored_files,
    not_counted_total,
    percent,
    points,
    score_max,
    sort_key_student,
    status_text,
)
from .excerpt import excerpts
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
    elif result.message:  # graded, with a note that comes first (an import that failed at load)
        console.print(Text(printable(result.message), "bold yellow"), highlight=False)
    for problem in result.internal_errors:
        console.print(Text(f"Grader problem (not your fault): {one_line(problem)}", "magenta"), highlight=False)

    explained: set[str] = set()
    for check in result.checks:
        if check.held:  # not run here: listed apart, never as failed
            continue
        row = Text("  ")
        row.append(ok if check.passed else bad, "bold green" if check.passed else "bold red")
        row.append(f" {one_line(check.category):<11} ", "dim")
        row.append(printable(check.title))
        row.append(f"  {fmt_num(check.points)}/{fmt_num(check.max_points)}", "bold" if not check.passed else "")
        console.print(row, highlight=False)
        detail = []
        if check.message:
            detail.append(Text(printable(check.message)))
        if not check.passed and not check.held:
            for e in excerpts(check.details):  # the student's own lines, the pointed one marked
                detail.append(Text(f"your code, {e.where}:", "yellow"))
                width = max(len(n) for n, _, _ in e.lines)
                for n, text, hit in e.lines:
                    detail.append(Text(f"{'>' if hit else ' '} {n:>{width}} | {text}", "bold" if hit else "dim"))
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

    _print_held(result, console, printable)
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
    style = _score_style(result.score, score_max(result))
    if result.mode == "student":
        final.append(checked_text(result), style)
    else:
        final.append(f"{fmt_num(result.score)}/{fmt_num(result.max_score)}", style)
    run = [c for c in result.checks if not c.held]
    if run:  # "0 of 0 checks passed" says nothing: a file that was not graded has its reason above
        final.append(f"  ({sum(c.passed for c in run)} of {plural(len(run), 'check')} passed)")
    console.print(final, highlight=False)


def _print_held(result: SubmissionResult, console: Console, printable: Callable[[object], str]) -> None:
    """The checks not run here (student mode), title and points, under a heading of their own: never as failed."""
    held = result.held_checks
    if not held:
        return
    console.print(Text(f"Run by {COURSE_GRADER} ({points(result.held_points)}; they need the model answers, "
                       "which this install does not have):", "cyan"), highlight=False)
    for check in held:
        line = Text("  - ")
        line.append(printable(check.title))
        line.append(f"  {points(check.max_points)}", "dim")
        console.print(_indent(line, 2), highlight=False)


# ---------------------------------------------------------------- a class: the summary and the rows
#
# Laid out here rather than with rich's Table, which squeezes a column below its longest word and then
# cuts it: every line is built to fit the console's width, a mistake id is never split (ids flow from
# line to line whole, with their counts), and a row whose mistakes do not fit beside it gets them on
# lines of their own below it. Everything is counted in lines, so the default view can keep to a budget.

CLASS_LINES = 40  #: lines the default class view prints at most (the rows listed fill what the summary leaves)
TOP_MISTAKES = 3  #: mistakes named per assignment in the summary
_INDENT = 2  #: indentation of a table
_GAP = 2  #: spaces between columns
_NOTE_INDENT = 4  #: indentation of a row's mistakes (or why it was not graded) on lines of their own
_NOTE_MIN = 30  #: narrowest mistakes column kept beside the rows; narrower, every row's mistakes go below it
_NAME_MIN = 16  #: a student's name is folded below this width only when nothing else fits

#: A cell: a Text wrapped at spaces, or tokens (mistake ids) kept whole and flowed with commas.
_Cell = Text | list[Text]


def _wrap(console: Console, text: Text, width: int) -> list[Text]:
    """``text`` in lines of at most ``width`` cells, cut at spaces; only a word longer than a line is folded."""
    if not text.plain:
        return [Text()]
    lines = []
    for line in text.wrap(console, max(width, 1), overflow="fold"):
        line.rstrip()
        if line.plain:  # a line of spaces only, where a wrap fell between two
            lines.append(line)
    return lines or [Text()]


def _flow(console: Console, tokens: list[Text], width: int) -> list[Text]:
    """``tokens`` joined by ``", "`` in lines of at most ``width`` cells; a token is never split across two
    lines unless it is longer than a line by itself."""
    width = max(width, 1)
    lines: list[Text] = []
    line = Text()
    for i, token in enumerate(tokens):
        piece = token.copy()
        if i < len(tokens) - 1:
            piece.append(",")
        if line.plain and line.cell_len + 1 + piece.cell_len > width:
            lines.append(line)
            line = Text()
        if piece.cell_len > width:  # longer than a whole line: folded, on lines of its own
            if line.plain:
                lines.append(line)
            *whole, line = _wrap(console, piece, width)
            lines += whole
            continue
        if line.plain:
            line.append(" ")
        line.append_text(piece)
    if line.plain or not lines:
        lines.append(line)
    return lines


def _cell_lines(console: Console, cell: _Cell, width: int) -> list[Text]:
    return _wrap(console, cell, width) if isinstance(cell, Text) else _flow(console, cell, width)


def _natural(cell: _Cell) -> int:
    """Cells the cell takes on one line."""
    if isinstance(cell, Text):
        return cell.cell_len
    return sum(t.cell_len + 2 for t in cell) - 2 if cell else 0


def _least(cell: _Cell) -> int:
    """The narrowest width at which the cell keeps its words (or tokens) whole."""
    if isinstance(cell, Text):
        return max((Text(word).cell_len for word in cell.plain.split()), default=0)
    return max((t.cell_len + (i < len(cell) - 1) for i, t in enumerate(cell)), default=0)  # with its comma


def _fit(widths: list[int], floors: list[int], room: int, fold: bool = True) -> list[int]:
    """``widths`` narrowed until they add up to at most ``room``: the widest column above its floor first,
    then (``fold``), when every column is at its floor, the widest again (its cells fold)."""
    widths = list(widths)
    for floor in (floors, [1] * len(widths)) if fold else (floors,):
        while sum(widths) > room:
            above = [i for i, w in enumerate(widths) if w > floor[i]]
            if not above:
                break
            widths[max(above, key=lambda i: (widths[i], -i))] -= 1
    return widths


def _pad(line: Text, width: int, align: str) -> Text:
    space = max(width - line.cell_len, 0)
    if align == "right":
        return Text(" " * space) + line
    return line + Text(" " * space)


def _table(console: Console, rows: list[list[_Cell]], aligns: list[str], width: int, *, note: bool = False,
           header: list[str] | None = None, caps: dict[int, int] | None = None,
           floors: dict[int, int] | None = None) -> list[list[Text]]:
    """The lines of each row (the header first, if any) of a table without borders, at most ``width`` cells wide.

    Columns are two spaces apart and the table is indented by two; a cell wraps within its column
    at spaces. A column is narrowed down to its longest word (or ``floors``) before any is folded.
    With ``note`` the last column holds mistakes (or why a file was not graded): a row whose notes
    do not fit beside it gets them below it, on lines of their own indented by four. ``caps``: the
    widest a column may be (by index), so that one long name does not take the line.
    """
    head = [Text(h, "bold") for h in header] if header else None
    body = ([head] if head else []) + rows
    fixed = len(aligns) - 1 if note else len(aligns)  # the columns side by side on every row
    room = width - _INDENT - _GAP * (fixed - 1)
    widths = [max((_natural(r[i]) for r in body), default=0) for i in range(fixed)]
    for i, cap in (caps or {}).items():
        if i < fixed:
            widths[i] = min(widths[i], max(cap, 1))
    least = [min(max((_least(r[i]) for r in body), default=0), widths[i]) for i in range(fixed)]
    for i, floor in (floors or {}).items():
        if i < fixed:
            least[i] = min(least[i], floor)
    note_width = 0
    if note:
        natural_note = max((_natural(r[-1]) for r in body), default=0)
        reserve = min(_NOTE_MIN, natural_note)
        beside = _fit(widths, least, room - _GAP - reserve, fold=False)
        if sum(beside) + _GAP + reserve <= room:
            widths = beside
            note_width = min(room - sum(widths) - _GAP, natural_note)
    if not note_width:
        widths = _fit(widths, least, room)
    out = []
    for row in body:
        cells = [_cell_lines(console, row[i], widths[i]) for i in range(fixed)]
        below: list[Text] = []
        col_widths = list(widths)
        if note and _natural(row[-1]):
            if row is head and not note_width:
                pass  # notes go below their rows: no heading for them
            elif note_width and (row is head or _least(row[-1]) <= note_width):
                cells.append(_cell_lines(console, row[-1], note_width))
                col_widths.append(note_width)
            else:
                below = [Text(" " * _NOTE_INDENT) + line
                         for line in _cell_lines(console, row[-1], width - _NOTE_INDENT)]
        lines = []
        for k in range(max(len(c) for c in cells)):
            line = Text(" " * _INDENT)
            for i, (c, w) in enumerate(zip(cells, col_widths)):
                if i:
                    line.append(" " * _GAP)
                line.append_text(_pad(c[k] if k < len(c) else Text(), w, aligns[i]))
            line.rstrip()
            lines.append(line)
        out.append(lines + below)
    return out


def _flat(rows: list[list[Text]]) -> list[Text]:
    return [line for row in rows for line in row]


def _score_text(sub: SubmissionResult) -> Text:
    """``62/100``; in student mode out of the points checked here, marked ``62/70 checked``."""
    text = f"{fmt_num(sub.score)}/{fmt_num(score_max(sub))}" + (" checked" if sub.mode == "student" else "")
    return Text(text, _score_style(sub.score, score_max(sub)))


def _submission_rows(console: Console, subs: list[SubmissionResult], width: int,
                     one_line: Callable[[object], str], status: bool = False) -> list[list[Text]]:
    """A header, then one row per submission: student, assignment, score (``-`` for a file that was not
    graded), and the mistakes named (or the status and why it was not graded). ``status``: a column
    of its own for the status (``graded`` too), before the score."""
    rows: list[list[_Cell]] = []
    for sub in subs:
        sub.bound()
        graded = sub.status == "graded"
        if graded:
            note: _Cell = [Text(one_line(m), "yellow") for m in sub.mistakes]
        else:  # the status is said here when it has no column of its own
            note = Text(one_line(status_text(sub.status) if status else f"{sub.status}: {status_text(sub.status)}"),
                        "red")
            if sub.line is not None:
                note.append(f" (line {sub.line})", "red")
        if sub.internal_errors:  # the grader's fault: said on the row too (the full text is in results.json)
            if isinstance(note, Text):
                note.append("; grader problem", "magenta")
            else:
                note.append(Text("grader problem", "magenta"))
        word = Text(one_line(sub.status), "green" if graded else "bold red")
        score = _score_text(sub) if graded or status else Text("-", "bold red")  # no score: not graded
        rows.append([Text(one_line(sub.student)), Text(one_line(assignment_name(sub))),
                     *([word] if status else []), score, note])
    aligns = ["left", "left", *(["left"] if status else []), "right", "left"]
    header = ["student", "assignment", *(["status"] if status else []), "score", "mistakes"]
    return _table(console, rows, aligns, width, note=True, header=header,
                  caps={0: max(_NAME_MIN, width // 4), 1: 20, 2: 14}, floors={0: _NAME_MIN})


def _threshold_label(threshold: float) -> str:
    return f"< {fmt_num(threshold)}%"


def _summary_lines(run: RunResult, console: Console, width: int, one_line: Callable[[object], str],
                   threshold: float) -> list[Text]:
    """The class at a glance: a headline, one row per assignment (graded, mean, failures), the most
    common mistakes of each, and the files that were not counted or were ignored."""
    subs = run.submissions
    statuses = Counter(s.status for s in subs)
    head = Text(f"{plural(len(subs), 'submission')} from {plural(len({s.student for s in subs}), 'student')}: ",
                "bold")
    head.append(f"{statuses.pop('graded', 0)} graded", "green")
    for status, n in sorted(statuses.items(), key=lambda kv: (_status_rank(kv[0]), kv[0])):
        head.append(", ")
        head.append(f"{n} {one_line(status)}", "bold red")
    problems = sum(bool(s.internal_errors) for s in subs)
    if problems:
        head.append(", ")
        head.append(f"{plural(problems, 'submission')} with a grader problem", "magenta")
    lines = _wrap(console, head, width)

    stats = assignment_stats(subs, threshold)
    if stats:
        rows: list[list[_Cell]] = []
        for a in stats:
            mean = "-" if a.mean is None else f"{fmt_num(a.mean, 1)}/{fmt_num(a.max_score)}"
            rows.append([Text(one_line(a.name)), Text(f"{a.graded}/{a.submissions}"), Text(mean),
                         Text(str(a.below), "yellow" if a.below else "dim"),
                         Text(str(a.not_graded), "bold red" if a.not_graded else "dim")])
        lines += [Text()] + _flat(_table(console, rows, ["left", "right", "right", "right", "right"], width,
                                         header=["assignment", "graded", "mean", _threshold_label(threshold),
                                                 "not graded"]))
    named = [a for a in stats if a.mistakes]
    if named:
        lines += [Text()] + _wrap(console, Text("Most common mistakes (students):", "bold"), width)
        rows = []
        for a in named:
            tokens = []
            for mistake, n in a.mistakes[:TOP_MISTAKES]:
                token = Text(one_line(mistake), "yellow")
                token.append(f" {n}")
                tokens.append(token)
            if len(a.mistakes) > TOP_MISTAKES:
                tokens.append(Text(f"+{len(a.mistakes) - TOP_MISTAKES} more", "dim"))
            rows.append([Text(one_line(a.name)), tokens])
        lines += _flat(_table(console, rows, ["left", "left"], width, note=True, caps={0: 20}))
    also = not_counted_total(subs)
    _, ignored = ignored_files(run)
    if also or ignored:
        note = ", ".join(([f"{plural(also, 'other file')} not counted"] if also else []) +
                         ([f"{plural(ignored, 'file')} ignored (no assignment)"] if ignored else []))
        lines += [Text()] + _wrap(console, Text(f"Also: {note}; index.html lists them."), width)
    return lines


def _problems(subs: list[SubmissionResult], threshold: float) -> tuple[list[SubmissionResult], Counter[str]]:
    """The submissions to look at, in order: not graded, a grader problem, then below ``threshold`` per cent
    (lowest first); and how many of each kind."""
    kinds: Counter[str] = Counter()
    keyed = []
    for sub in subs:
        if sub.status != "graded":
            kind, rank = "not graded", 0
        elif sub.internal_errors:
            kind, rank = "grader problem", 1
        elif below(sub, threshold):
            kind, rank = "below", 2
        else:
            continue
        kinds[kind] += 1
        keyed.append(((rank, percent(sub) if rank == 2 else 0.0, sort_key_student(sub)), sub))
    return [sub for _, sub in sorted(keyed, key=lambda kv: kv[0])], kinds


def _status_rank(status: str) -> int:
    return STATUSES.index(status) if status in STATUSES else len(STATUSES)


def class_lines(run: RunResult, console: Console, *, verbose: bool = False, fail_under: float | None = None,
                one_line: Callable[[object], str] = one_line) -> list[Text]:
    """What the terminal shows at the end of a folder run, as lines that fit ``console.width``.

    By default at most :data:`CLASS_LINES` lines: the summary, then every submission when they all
    fit, else the ones to look at (not graded, a grader problem, below ``fail_under`` per cent, or
    50 %), as many as fit, and how to see the rest. ``verbose``: every submission, then the summary.
    """
    width = max(console.width, 20)
    threshold = DEFAULT_THRESHOLD if fail_under is None else float(fail_under)
    subs = sorted(run.submissions, key=sort_key_student)
    summary = _summary_lines(run, console, width, one_line, threshold)
    if verbose:
        return _flat(_submission_rows(console, subs, width, one_line)) + [Text()] + summary
    lines = summary + [Text()]
    room = CLASS_LINES - len(lines)
    every = _submission_rows(console, subs, width, one_line)
    if len(_flat(every)) + 1 <= room:
        return lines + [Text("Every submission:", "bold")] + _flat(every)
    listed, kinds = _problems(subs, threshold)
    if not listed:
        return lines + _wrap(console, Text(f"Every submission was graded and scored at least {fmt_num(threshold)}% "
                                           f"(grade --verbose lists all {len(subs)})."), width)
    title = Text("To look at: ", "bold")
    title.append(", ".join(f"{n} {'below ' + fmt_num(threshold) + '%' if kind == 'below' else kind}"
                           for kind in ("not graded", "grader problem", "below") if (n := kinds[kind])))
    if kinds["below"]:
        title.append(" (lowest first)")
    lines += _wrap(console, title, width)
    rows = _submission_rows(console, listed, width, one_line)
    room = CLASS_LINES - len(lines) - 2  # the last line says how to see the rest (it may take two)
    shown = 0
    for row in rows:
        if len(row) > room:
            break
        lines += row
        room -= len(row)
        shown += 1
    shown = max(shown - 1, 0)  # the header is the first row
    rest = len(listed) - shown
    more = Text((f"+{rest} more to look at; " if rest else "") +
                f"grade --verbose lists all {len(subs)} submissions.", "dim")
    return lines + _wrap(console, more, width)


def print_class(run: RunResult, console: Console, github: bool | None = None, *, verbose: bool = False,
                fail_under: float | None = None) -> None:
    """The end of a folder run: see :func:`class_lines` (``github``: see the module docstring)."""
    with _guarded(console, github) as (_, one_line):
        for line in class_lines(run, console, verbose=verbose, fail_under=fail_under, one_line=one_line):
            console.print(line, highlight=False)


def print_table(run: RunResult, console: Console, github: bool | None = None) -> None:
    """Every submission of a folder run, one row each (student, assignment, status, score, mistakes named),
    then how many were graded; what ``grade --verbose`` starts with. ``github``: see the module docstring."""
    with _guarded(console, github) as (_, one_line):
        for line in _flat(_submission_rows(console, sorted(run.submissions, key=sort_key_student),
                                           max(console.width, 20), one_line, status=True)):
            console.print(line, highlight=False)
        graded = sum(s.status == "graded" for s in run.submissions)
        console.print(Text(f"{plural(len(run.submissions), 'submission')}, {graded} graded"), highlight=False)
