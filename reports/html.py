"""Self-contained HTML pages: one report per submission and an index for the class.

Pages need no network: styles, pictures (inline SVG) and the index's small sorting script
are inline, and a Content-Security-Policy forbids loading anything else. Every value from
the result model is untrusted: jinja2 autoescapes it, and a ``finalize`` hook makes every
string printable first (control characters shown as escapes).
"""
from __future__ import annotations

import base64
import copy
import functools
import hashlib
import re
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined
from jinja2 import __version__ as JINJA2_VERSION
from jinja2.bccache import Bucket
from markupsafe import Markup, escape

from grader.results import STATUSES, CheckResult, RunResult, SubmissionResult

from . import svg
from .mistakes import Mistake, explain
from .summary import (
    DEFAULT_THRESHOLD,
    UNRECOGNISED,
    CheckRate,
    MistakeCount,
    assignment_name,
    assignment_order,
    category_summary,
    check_numbers,
    checked_text,
    check_pass_rates,
    ignored_files,
    mistake_counts,
    not_counted,
    not_counted_total,
    percent,
    points,
    score_max,
    sort_key_student,
    status_reason,
    status_text,
)
from .excerpt import Excerpt, excerpts
from .text import cap, finite, fmt_num, fmt_seconds, fmt_value, plural, printable

TEMPLATES = Path(__file__).parent / "templates"
OUTPUT_LIMIT = 20_000  #: characters of the student's printed output shown in a report
TABLE_ROW_LIMIT = 200  #: rows of a check's details table shown
TABLE_COLUMN_LIMIT = 20  #: columns of a check's details table shown
FIGURE_LIMIT = 12  #: pictures drawn for one check
LISTED_LIMIT = 500  #: files listed on the class page as not counted, and as ignored (the rest are counted)
REPORT_HTML_LIMIT = 1024 * 1024  #: bytes of one submission's report; past it, a compact form is written
#: The compact forms tried in turn when a report is still over the limit without its pictures:
#: characters of each check's message and expected/got, of the printed output; statements listed as not run.
_COMPACT = ((500, 500, 4096, 20), (80, 80, 256, 1))
FIGURE_ERRORS = (TypeError, ValueError, KeyError, AttributeError, IndexError, OverflowError)


def _finalize(value: Any) -> Any:
    """Applied to every ``{{ }}`` before escaping: strings become printable."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return printable(value)


class TemplateCode(BytecodeCache):
    """The templates' compiled code kept on disk, so that a fresh ``grade FILE`` does not compile them again
    (about 0.09 s of a 0.4 s process). It lives in the disk memo's trusted folder, under the grader's key
    (a changed grader is a miss); jinja2 itself drops code whose template source changed (its checksum)."""

    def __init__(self, part: str) -> None:
        from grader import memo_cache

        self._store = memo_cache.store(f"jinja2 {JINJA2_VERSION} {part}")

    def load_bytecode(self, bucket: Bucket) -> None:
        if self._store is not None:
            data = self._store.get(bucket.key)
            if isinstance(data, bytes):
                bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        if self._store is not None:
            self._store.put(bucket.key, bucket.bytecode_to_string())


@functools.lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        bytecode_cache=TemplateCode("reports/templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
    )
    env.filters["num"] = fmt_num
    env.filters["seconds"] = fmt_seconds
    env.filters["wbr"] = _wbr
    env.filters["code"] = code_spans
    env.filters["plural"] = plural
    env.filters["points"] = points
    return env


_CODE_SPAN = re.compile(r"`([^`\n]+)`")


def code_spans(value: object) -> Markup:
    """``value`` printable and escaped, with each `` `code` `` span shown as ``<code>code</code>``.

    Escaping comes first and leaves backticks alone, so a span's text is escaped like the rest:
    a message cannot smuggle markup in through one. An unpaired backtick stays as it is.
    """
    return Markup(_CODE_SPAN.sub(r"<code>\1</code>", str(escape(printable(value)))))


def _wbr(value: object) -> Markup:
    """``value`` printable and escaped, with a line-break opportunity after each ``_`` (``linear_<wbr>regression``)."""
    return Markup("_<wbr>").join(escape(part) for part in printable(value).split("_"))


@functools.lru_cache(maxsize=1)
def _assets() -> tuple[Markup, Markup, str]:
    """The inline CSS, the sorting script and the script's CSP hash."""
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    script = (TEMPLATES / "sort.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return Markup(css), Markup(script), f"'sha256-{digest}'"


def _csp(script_hash: str | None = None) -> Markup:
    """The page's Content-Security-Policy: nothing may load, only our inline style and script run."""
    scripts = f"script-src {script_hash}" if script_hash else "script-src 'none'"
    return Markup(f"default-src 'none'; style-src 'unsafe-inline'; {scripts}; "
                  "base-uri 'none'; form-action 'none'")


def _percent(part: float, whole: float) -> float:
    part, whole = finite(part), finite(whole)
    return max(0.0, min(100.0, 100.0 * part / whole)) if whole else 0.0


# ---------------------------------------------------------------- pictures from details

@dataclass
class Figure:
    """One picture of a check, or why it could not be drawn."""

    svg: Markup | None
    kind: str
    problem: str = ""


def _draw(kind: str, spec: Any, draw: Callable[[dict[str, Any]], str]) -> Figure:
    try:
        if not isinstance(spec, dict):
            raise TypeError(f"a {kind} entry must be an object")
        return Figure(Markup(draw(spec)), kind)
    except FIGURE_ERRORS as exc:
        return Figure(None, kind, f"this {kind} could not be drawn ({type(exc).__name__})")


def _curve(spec: dict[str, Any]) -> str:
    return svg.line_chart([(s.get("name", ""), s.get("values", [])) for s in spec.get("series", [])],
                          title=spec.get("title", ""), x_label=spec.get("x_label", ""),
                          y_label=spec.get("y_label", ""), log_y=bool(spec.get("log_y", False)))


def _heatmap(spec: dict[str, Any]) -> str:
    return svg.heatmap(spec.get("values", []), title=spec.get("title", ""),
                       row_label=spec.get("row_label", ""), col_label=spec.get("col_label", ""))


def _bars(spec: dict[str, Any]) -> str:
    return svg.bar_chart(spec.get("labels", []), spec.get("values", []), title=spec.get("title", ""))


def figures(details: dict[str, Any]) -> list[Figure]:
    """The pictures of a check's ``details``: curves, then heatmaps, then bars."""
    out: list[Figure] = []
    for kind, draw in (("curves", _curve), ("heatmaps", _heatmap), ("bars", _bars)):
        specs = details.get(kind) or []
        if not isinstance(specs, list):
            specs = [specs]
        out += [_draw(kind.rstrip("s"), spec, draw) for spec in specs[:FIGURE_LIMIT - len(out)]]
    return out


@dataclass
class DetailsTable:
    columns: list[str]
    rows: list[list[str]]
    omitted: int = 0


def details_table(details: dict[str, Any]) -> DetailsTable | None:
    """The ``table`` of a check's details with every cell formatted, or None."""
    spec = details.get("table")
    if not isinstance(spec, dict):
        return None
    columns = [fmt_value(c) for c in list(spec.get("columns") or [])[:TABLE_COLUMN_LIMIT]]
    rows = [r if isinstance(r, list) else [r] for r in list(spec.get("rows") or [])[:TABLE_ROW_LIMIT + 1]]
    omitted = max(0, len(spec.get("rows") or []) - TABLE_ROW_LIMIT) if isinstance(spec.get("rows"), list) else 0
    shown = [[fmt_value(c) for c in r[:TABLE_COLUMN_LIMIT]] for r in rows[:TABLE_ROW_LIMIT]]
    return DetailsTable(columns, shown, omitted)


# ---------------------------------------------------------------- submission page

@dataclass
class MistakeView:
    """A mistake named in a report: explained once, in "What probably went wrong", at ``anchor``."""

    mistake: Mistake
    anchor: str
    checks: list["CheckView"] = field(default_factory=list)  #: the checks that name it


@dataclass
class CheckView:
    check: CheckResult
    number: str
    anchor: str
    mistakes: list[MistakeView]
    figures: list[Figure]
    table: DetailsTable | None
    excerpts: list[Excerpt] = field(default_factory=list)  #: the student's lines the check points at


_ANCHOR_SAFE = re.compile(r"[a-z0-9][a-z0-9-]{0,80}")


def _mistake_views(result: SubmissionResult) -> dict[str, MistakeView]:
    """Every mistake the checks name, once, in order, each with an anchor of its own (its id when
    that is a plain slug, else its position: ids come from the checks and may hold anything)."""
    out: dict[str, MistakeView] = {}
    for i, mistake_id in enumerate(result.mistakes, 1):
        slug = mistake_id if _ANCHOR_SAFE.fullmatch(mistake_id) else str(i)
        out[mistake_id] = MistakeView(explain(mistake_id), f"mistake-{slug}")
    return out


def _check_views(result: SubmissionResult, named: dict[str, MistakeView], pictures: bool = True) -> list[CheckView]:
    """A view per check; each mistake view learns which checks name it."""
    views = []
    for number, check in zip(check_numbers(result.checks), result.checks):
        details = check.details if isinstance(check.details, dict) and pictures and not check.held else {}
        view = CheckView(check, number, "check-" + number.replace(".", "-"),
                         [named[m] for m in dict.fromkeys(check.mistakes)], figures(details), details_table(details),
                         excerpts(check.details) if not check.held else [])
        for m in view.mistakes:
            m.checks.append(view)
        views.append(view)
    return views


def render_submission(result: SubmissionResult) -> str:
    """One self-contained HTML page with everything the grader found about one submission.

    The result is bounded first (``SubmissionResult.bound``). A page still over
    ``REPORT_HTML_LIMIT`` bytes (text that escapes to several times its length) is written
    without its pictures, then with shorter texts, and says so at the top.
    """
    result.bound()
    page = _render_submission(result)
    if len(page.encode("utf-8", "replace")) <= REPORT_HTML_LIMIT:
        return page
    page = _render_submission(result, pictures=False)
    for message, value, output, skipped in _COMPACT:
        if len(page.encode("utf-8", "replace")) <= REPORT_HTML_LIMIT:
            break
        page = _render_submission(_compact(result, message, value, output, skipped), pictures=False)
    return page


def _compact(result: SubmissionResult, message: int, value: int, output: int, skipped: int) -> SubmissionResult:
    """A copy of ``result`` with shorter texts, for a report that must shrink."""
    small = copy.deepcopy(result)
    for check in small.checks:
        check.details = {}
        check.bound(message, value)
    small.output = small.output[:output]
    small.message = small.message[:max(message, 1000)]
    if len(small.skipped) > skipped:
        small.skipped_omitted += len(small.skipped) - skipped
        small.skipped = small.skipped[:skipped]
    small.internal_errors = [e[-1000:] for e in small.internal_errors[:3]]
    return small


def _render_submission(result: SubmissionResult, pictures: bool = True) -> str:
    css, _, _ = _assets()
    named = _mistake_views(result)
    views = _check_views(result, named, pictures)
    by_category: dict[str, list[CheckView]] = {}
    for view in views:
        if not view.check.held:
            by_category.setdefault(view.check.category, []).append(view)
    summary = category_summary(result)
    output, omitted = cap(result.output, OUTPUT_LIMIT)
    # the model keeps the first 16 KiB of what was printed: the rest is not shown either (bytes, as characters)
    omitted += max(0, int(finite(result.output_bytes)) - len(result.output.encode("utf-8", "replace")))
    return _env().get_template("submission.html.j2").render(
        r=result,
        css=css,
        csp=_csp(),
        status_text=status_text(result.status),
        assignment=assignment_name(result),
        summary=summary,
        percent=_percent,
        groups=[(s.category, by_category[s.category]) for s in summary],
        diagnosis=list(named.values()),
        held=[v for v in views if v.check.held],
        passed=sum(1 for c in result.checks if c.passed and not c.held),
        checked=sum(1 for c in result.checks if not c.held),
        score_max=score_max(result),
        checked_text=checked_text(result),
        output=output,
        output_omitted=omitted,
        output_bytes=result.output_bytes or len(result.output.encode("utf-8", "replace")),
        skipped_count=result.skipped_count,
        shortened=not pictures,
    )


# ---------------------------------------------------------------- class index

@dataclass
class AssignmentView:
    name: str
    submissions: int
    graded: int
    ungraded: dict[str, int]
    max_score: float
    mean: float | None
    median: float | None
    histogram: Markup | None
    rates: list[CheckRate] = field(default_factory=list)


def _score_bins(max_score: float) -> int:
    """Whole-point bins for small integral maxima, ten bins otherwise."""
    return int(max_score) if float(max_score).is_integer() and 2 <= max_score <= 20 else 10


def _assignment_view(name: str, subs: list[SubmissionResult]) -> AssignmentView:
    graded = [s for s in subs if s.status == "graded"]
    scores = [finite(s.score) for s in graded]
    max_score = max((finite(s.max_score) for s in graded), default=0.0)
    histogram = None
    if graded and name != UNRECOGNISED:
        histogram = Markup(svg.histogram(scores, bins=_score_bins(max_score), lo=0.0, hi=max_score or 1.0,
                                         title=f"{name}: scores of {plural(len(graded), 'graded submission')}",
                                         x_label=f"score (out of {fmt_num(max_score)})", y_label="submissions"))
    return AssignmentView(
        name=name,
        submissions=len(subs),
        graded=len(graded),
        ungraded=dict(sorted(Counter(s.status for s in subs if s.status != "graded").items())),
        max_score=max_score,
        mean=statistics.fmean(scores) if scores else None,
        median=statistics.median(scores) if scores else None,
        histogram=histogram,
        rates=check_pass_rates(subs),
    )


@dataclass
class StudentRow:
    order: int
    sub: SubmissionResult
    assignment: str
    score_sort: str  #: percent of the maximum; -1 for an ungraded submission, so it sorts last
    status_rank: int
    link: str | None


def _status_rank(status: str) -> int:
    return STATUSES.index(status) if status in STATUSES else len(STATUSES)


def _link(links: dict[str, str], sub: SubmissionResult) -> str | None:
    """The report link of ``sub`` (by path, else by student), quoted as a relative path."""
    target = links.get(sub.path) or links.get(sub.student)
    if not target:
        return None
    return quote(str(target).replace("\\", "/"), safe="/")


@dataclass
class GridCell:
    """One submission in the grid: its score (or status), colour band, report link and tooltip."""

    text: str
    band: str  #: full, good, mid, poor (below the threshold) or none (not graded)
    link: str | None
    title: str
    percent: float  #: for sorting; -1 when not graded


@dataclass
class GridRow:
    student: str
    cells: list[list[GridCell]]  #: per assignment column, the student's submissions (none: not submitted)

    def sort(self, column: int) -> str:
        """The cell's sort key: its best percent, -1 when nothing was graded, -2 when nothing was submitted."""
        cell = self.cells[column]
        return f"{max(c.percent for c in cell):.4f}" if cell else "-2"


def _band(sub: SubmissionResult) -> str:
    if sub.status != "graded":
        return "none"
    pct = percent(sub)
    return "full" if pct >= 99.95 else "good" if pct >= 80 else "mid" if pct >= DEFAULT_THRESHOLD else "poor"


def _grid(subs: list[SubmissionResult], names: list[str], links: dict[str, str]) -> list[GridRow]:
    """One row per student (in the students' order), one column per assignment in ``names``."""
    column = {name: i for i, name in enumerate(names)}
    rows: dict[str, GridRow] = {}
    for sub in subs:  # already in sort_key_student order
        row = rows.setdefault(sub.student, GridRow(sub.student, [[] for _ in names]))
        graded = sub.status == "graded"
        text = fmt_num(sub.score) if graded else sub.status
        title = f"{sub.student} · {assignment_name(sub)}: " + (checked_text(sub) if graded else status_reason(sub))
        others = not_counted_total([sub])
        if others:
            title += f" ({plural(others, 'other file')} not counted)"
        row.cells[column[assignment_name(sub)]].append(
            GridCell(text, _band(sub), _link(links, sub), title, percent(sub) if graded else -1.0))
    return list(rows.values())


@dataclass
class NotCountedRow:
    sub: SubmissionResult
    assignment: str
    link: str | None
    file: str
    reason: str


def render_index(run: RunResult, links: dict[str, str]) -> str:
    """The class page: a student x assignment grid of scores (each linking to its report), then per
    assignment the score distribution and pass rate of every check, the common mistakes, the files
    not counted or ignored, and every submission in a sortable table; a small nav links them all.

    ``links`` maps a submission's path (or, failing that, its student) to the file of its
    report, relative to the index; paths are URL-quoted here, so pass plain file paths.
    """
    css, script, script_hash = _assets()
    subs = sorted(run.submissions, key=sort_key_student)
    by_assignment: dict[str, list[SubmissionResult]] = {}
    for sub in subs:
        by_assignment.setdefault(assignment_name(sub), []).append(sub)
    names = sorted(by_assignment, key=assignment_order)
    rows = [
        StudentRow(i, s, assignment_name(s),
                   f"{_percent(s.score, score_max(s)):.4f}" if s.status == "graded" else "-1",
                   _status_rank(s.status), _link(links, s))
        for i, s in enumerate(subs)
    ]
    counts: list[MistakeCount] = mistake_counts(subs)
    also = [NotCountedRow(sub, assignment_name(sub), _link(links, sub), a.get("file") or a.get("path") or "",
                          a.get("reason") or "")
            for sub, a in not_counted(subs)]
    ignored, ignored_total = ignored_files(run)
    assignments = [_assignment_view(a, by_assignment[a]) for a in names]
    return _env().get_template("index.html.j2").render(
        run=run,
        css=css,
        script=script,
        csp=_csp(script_hash),
        students=len({s.student for s in subs}),
        status_counts=sorted(Counter(s.status for s in subs).items(), key=lambda kv: _status_rank(kv[0])),
        statuses=STATUSES,
        assignments=assignments,
        grid=_grid(subs, names, links),
        grid_columns=[(a.name, a.max_score) for a in assignments],
        threshold=DEFAULT_THRESHOLD,
        mistakes=[(c, explain(c.id)) for c in counts],
        rows=rows,
        status_reason=status_reason,
        also=also[:LISTED_LIMIT],
        also_total=not_counted_total(subs),
        ignored=ignored[:LISTED_LIMIT],
        ignored_total=ignored_total,
    )
