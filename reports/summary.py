"""Figures derived from the result model that several formats show: per-category totals,
check numbers, pass rates, mistake counts and the plain-words status of a submission."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from grader.results import CATEGORIES, CheckResult, SubmissionResult

from .text import finite, fmt_num

COURSE_GRADER = "your course's grader"  #: who runs the held checks (student mode)
HELD_NOTE = "run by your course's grader"  #: what a held check says in place of passed or failed

#: What each status means, for a reader.
STATUS_TEXT: dict[str, str] = {
    "graded": "graded",
    "error": "the file could not be read or run",
    "timeout": "the code ran out of time",
    "crashed": "the code crashed the interpreter",
    "unrecognised": "not recognised as one of the assignments",
}

UNRECOGNISED = "(unrecognised)"


def status_text(status: str) -> str:
    """A short plain-words meaning of ``status``."""
    return STATUS_TEXT.get(status, status)


def assignment_name(result: SubmissionResult) -> str:
    """The assignment, or ``(unrecognised)`` when the grader could not tell."""
    return result.assignment or UNRECOGNISED


def submission_label(result: SubmissionResult) -> str:
    """``student · assignment``: how a submission is named in lists."""
    return f"{result.student} · {assignment_name(result)}"


def status_reason(result: SubmissionResult) -> str:
    """Why a submission was not graded, in one line (``""`` when it was)."""
    if result.status == "graded":
        return ""
    reason = f"{result.status}: {status_text(result.status)}"
    if result.line is not None:
        reason += f" (line {result.line})"
    return reason


def category_order(category: str) -> int:
    """Sort key of a category: the model's order, unknown ones last."""
    return CATEGORIES.index(category) if category in CATEGORIES else len(CATEGORIES)


def check_numbers(checks: Sequence[CheckResult]) -> list[str]:
    """A ``"category.n"`` number per check (``"4.2"``: the second gradient check).

    Categories are numbered in the model's order, so the same kind of check has the same
    major number in every submission; unknown categories follow in order of appearance.
    """
    extra: dict[str, int] = {}
    seen: Counter[str] = Counter()
    numbers = []
    for check in checks:
        if check.category in CATEGORIES:
            major = CATEGORIES.index(check.category) + 1
        else:
            major = extra.setdefault(check.category, len(CATEGORIES) + len(extra) + 1)
        seen[check.category] += 1
        numbers.append(f"{major}.{seen[check.category]}")
    return numbers


@dataclass
class CategorySummary:
    """Totals of one category of checks in one submission."""

    category: str
    passed: int = 0
    total: int = 0
    points: float = 0.0
    max_points: float = 0.0


def category_summary(result: SubmissionResult) -> list[CategorySummary]:
    """One summary per category that has checks run here, in the model's category order.

    Held checks (student mode) are left out: they were not run, so they count neither as passed nor
    as failed; the report lists them apart (``SubmissionResult.held_checks``).
    """
    by_cat: dict[str, CategorySummary] = {}
    for check in result.checks:
        if check.held:
            continue
        s = by_cat.setdefault(check.category, CategorySummary(check.category))
        s.total += 1
        s.passed += bool(check.passed)
        s.points += finite(check.points)
        s.max_points += finite(check.max_points)
    return sorted(by_cat.values(), key=lambda s: category_order(s.category))  # stable: first-seen order within


@dataclass
class CheckRate:
    """How many graded submissions of one assignment passed one check."""

    id: str
    title: str
    category: str
    passed: int = 0
    total: int = 0

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 0.0


def check_pass_rates(submissions: Iterable[SubmissionResult]) -> list[CheckRate]:
    """Pass rate of every check over the graded submissions given, in category order."""
    rates: dict[str, CheckRate] = {}
    for sub in submissions:
        if sub.status != "graded":
            continue
        for check in sub.checks:
            if check.held:  # not run (student mode): neither passed nor failed
                continue
            r = rates.setdefault(check.id, CheckRate(check.id, check.title, check.category))
            r.total += 1
            r.passed += bool(check.passed)
    return sorted(rates.values(), key=lambda r: category_order(r.category))  # stable: first-seen order within


@dataclass
class MistakeCount:
    """How many students made one mistake, overall and per assignment."""

    id: str
    students: int = 0
    by_assignment: dict[str, int] = field(default_factory=dict)


def mistake_counts(submissions: Iterable[SubmissionResult]) -> list[MistakeCount]:
    """Every named mistake with the number of distinct students who made it, most common first."""
    students: dict[str, set[str]] = {}
    per_assignment: dict[str, dict[str, set[str]]] = {}
    for sub in submissions:
        for mistake in sub.mistakes:
            students.setdefault(mistake, set()).add(sub.student)
            per_assignment.setdefault(mistake, {}).setdefault(assignment_name(sub), set()).add(sub.student)
    counts = [
        MistakeCount(
            m,
            len(names),
            {a: len(s) for a, s in sorted(per_assignment[m].items(), key=lambda kv: (-len(kv[1]), kv[0]))},
        )
        for m, names in students.items()
    ]
    return sorted(counts, key=lambda c: (-c.students, c.id))


def sort_key_student(result: SubmissionResult) -> tuple[str, str, str, str]:
    """The default order of submissions: by student (case-insensitive), then assignment, then path."""
    return (result.student.casefold(), result.student, result.assignment, result.path)


# ---------------------------------------------------------------- a class at a glance

DEFAULT_THRESHOLD = 50.0  #: per cent of the maximum below which a graded submission is listed as a problem


def score_max(result: SubmissionResult) -> float:
    """The maximum the score is out of here: every check's points, or in student mode those of the checks
    run here (``checked_max``: the held checks are your course's grader's)."""
    return finite(result.checked_max) if result.mode == "student" else finite(result.max_score)


def checked_text(result: SubmissionResult) -> str:
    """The score in words: ``62 / 70 of the points checked here; 30 more points are checked by your
    course's grader`` in student mode, ``62 / 100 points`` otherwise."""
    score = fmt_num(result.score)
    if result.mode != "student":
        return f"{score} / {points(result.max_score)}"
    text = f"{score} / {fmt_num(result.checked_max)} of the points checked here"
    if result.held_checks:
        held = result.held_points
        more = f"{fmt_num(held)} more {'point' if held == 1 else 'points'}"
        text += f"; {more} {'is' if held == 1 else 'are'} checked by {COURSE_GRADER}"
    return text


def points(value: float) -> str:
    """``1 point``, ``2.5 points``."""
    return f"{fmt_num(value)} {'point' if finite(value) == 1 else 'points'}"


def held_text(check: CheckResult) -> str:
    """A held check in one line: its title and points."""
    return f"{check.title} ({points(check.max_points)})"


def percent(result: SubmissionResult) -> float:
    """The score as a per cent of its maximum (:func:`score_max`; 0 when there is none or the numbers are not finite)."""
    score, max_score = finite(result.score), score_max(result)
    return max(0.0, min(100.0, 100.0 * score / max_score)) if max_score > 0 else 0.0


def below(result: SubmissionResult, threshold: float) -> bool:
    """A graded submission scoring under ``threshold`` per cent of its maximum."""
    return result.status == "graded" and percent(result) < threshold


def assignment_order(name: str) -> tuple[bool, str]:
    """Sort key of assignment names: by name, ``(unrecognised)`` last."""
    return (name == UNRECOGNISED, name)


@dataclass
class AssignmentStats:
    """One assignment of a class run, at a glance."""

    name: str
    submissions: int
    graded: int
    max_score: float
    mean: float | None  #: of the graded submissions' scores
    below: int  #: graded submissions under the threshold
    not_graded: int
    mistakes: list[tuple[str, int]]  #: (mistake id, students who made it), most students first


def assignment_stats(submissions: Iterable[SubmissionResult], threshold: float = DEFAULT_THRESHOLD
                     ) -> list[AssignmentStats]:
    """Per assignment (in :func:`assignment_order`): counts, mean score, failures and mistakes named."""
    by_assignment: dict[str, list[SubmissionResult]] = {}
    for sub in submissions:
        by_assignment.setdefault(assignment_name(sub), []).append(sub)
    stats = []
    for name in sorted(by_assignment, key=assignment_order):
        subs = by_assignment[name]
        graded = [s for s in subs if s.status == "graded"]
        scores = [finite(s.score) for s in graded]
        stats.append(AssignmentStats(
            name=name,
            submissions=len(subs),
            graded=len(graded),
            max_score=max((finite(s.max_score) for s in graded), default=0.0),
            mean=sum(scores) / len(scores) if scores else None,
            below=sum(below(s, threshold) for s in graded),
            not_graded=len(subs) - len(graded),
            mistakes=[(c.id, c.students) for c in mistake_counts(subs)],
        ))
    return stats


def not_counted(submissions: Iterable[SubmissionResult]) -> list[tuple[SubmissionResult, dict[str, str]]]:
    """Every (submission, other candidate) listed as also submitted, not counted (``also_submitted``).

    Read with ``getattr``: results from before the field existed have none.
    """
    out = []
    for sub in submissions:
        also = getattr(sub, "also_submitted", None) or []
        out += [(sub, a if isinstance(a, dict) else {"path": str(a)}) for a in also if isinstance(a, (dict, str))]
    return out


def not_counted_total(submissions: Iterable[SubmissionResult]) -> int:
    """How many other candidates were not counted, listed or not."""
    total = 0
    for sub in submissions:
        also = getattr(sub, "also_submitted", None) or []
        try:
            total += len(also) + max(int(getattr(sub, "also_submitted_omitted", 0) or 0), 0)
        except (TypeError, ValueError):
            total += len(also)
    return total


def ignored_files(run: object) -> tuple[list[dict[str, str]], int]:
    """The run's ignored files (``RunResult.ignored``: dicts with student, path, file, reason) and how many
    in all, listed or not. Read with ``getattr``: a run from before the field existed has none."""
    listed = [i for i in (getattr(run, "ignored", None) or []) if isinstance(i, dict)]
    try:
        omitted = max(int(getattr(run, "ignored_omitted", 0) or 0), 0)
    except (TypeError, ValueError):
        omitted = 0
    return listed, len(listed) + omitted
