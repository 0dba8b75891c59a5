"""The result model: what grading one submission produces, and its JSON form.

Every report (terminal, HTML, CSV, Gradescope, JUnit, GitHub) renders these
dataclasses and nothing else, so all formats agree by construction.

Much of a result's text comes from the student: exception messages, the keys of a
returned dict (quoted back in a message and in ``got``), printed output, the top-level
statements of the file. So the model is *bounded*: :meth:`SubmissionResult.bound` caps
every field (the limits below) and then the whole submission, and it runs when a result
is built, serialised (``to_dict``: the worker's answer, the resume cache, ``results.json``)
and rendered. Every format inherits the bounds; a hostile file cannot make any of them big.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

CATEGORIES = ("api", "shape", "forward", "gradient", "training", "convergence")

#: Why a submission could not be graded (``graded`` means it was).
STATUSES = ("graded", "error", "timeout", "crashed", "unrecognised")

# ---------------------------------------------------------------- limits (README: "What it writes")

MESSAGE_LIMIT = 2000  #: characters of a check's message
VALUE_LIMIT = 2000  #: characters of a check's expected / got text
VALUE_LINES = 60  #: lines of a check's expected / got text (an honest dict of arrays needs about 35)
NAME_LIMIT = 200  #: characters of a check's id, category, title and function name, and of a mistake id
MISTAKES_LIMIT = 16  #: mistake ids named by one check
DETAILS_LIMIT = 128 * 1024  #: bytes of a check's details (the pictures' data) as compact JSON
SUBMISSION_MESSAGE_LIMIT = 4000  #: characters of a submission's message
OUTPUT_LIMIT = 16 * 1024  #: characters of printed output kept (the sandbox keeps 16 KiB too)
SKIPPED_LIMIT = 100  #: top-level statements listed as not run (the rest are counted)
REASON_LIMIT = 300  #: characters of why a statement was not run, and of where it is
INTERNAL_ERRORS_LIMIT = 20  #: grader errors kept per submission
INTERNAL_ERROR_CHARS = 4000  #: characters of one grader error (its start and its end)
ALSO_LIMIT = 20  #: other candidates listed with a submission (``also_submitted``; the rest are counted)
IGNORED_LIMIT = 20  #: files listed as ignored per student (``RunResult.ignored``; the rest are counted)
FILE_TEXT_LIMIT = 1000  #: characters of a listed file's path, and of why it was not counted or ignored
SUBMISSION_JSON_LIMIT = 256 * 1024  #: bytes of one submission as indented JSON (a cache entry)
_BUDGET = SUBMISSION_JSON_LIMIT - 16 * 1024  #: what the estimate (json_size) may reach: room for its error

#: When a submission is still over ``SUBMISSION_JSON_LIMIT`` after its fields are capped, these
#: are applied in turn until it fits: (check message, expected/got, output, skipped, errors).
_SHRINK_STEPS = ((500, 500, 4096, 20, 5), (200, 200, 1024, 5, 2), (80, 80, 256, 1, 1))
_KEEP_DETAILS = ("failure",)  #: details keys that steer grading (``failure: budget``): always kept


def clip(text: str, limit: int, lines: int | None = None, keep_end: bool = False) -> str:
    """``text`` cut to at most ``limit`` characters (and ``lines`` lines), saying how much was left out.

    The note is counted in the limit. ``keep_end`` keeps the end too (a traceback's last line
    says what went wrong).
    """
    if len(text) <= limit and (lines is None or text.count("\n") < lines):
        return text
    total = len(text)
    if lines is not None:
        text = "\n".join(text.split("\n", lines)[:lines])
    note_room = 60
    room = max(limit - note_room, 0)
    if len(text) > room:
        if keep_end:
            head = room // 4
            text = text[:head] + "\n…\n" + text[len(text) - (room - head - 3):]
        else:
            text = text[:room]
    omitted = total - len(text)
    return text + f"\n… [{omitted:,} more characters not kept]" if omitted > 0 else text


_NUMBERS = {int, float}


def json_size(value: Any, stop: float = float("inf"), indent: bool = True, depth: int = 1) -> int:
    """About how many bytes ``value`` takes as UTF-8 JSON, indented by 2 (or compact), within a few per cent.

    Stops counting once past ``stop``. Array-likes (anything with ``tolist`` and ``size``) are
    counted as ``size`` numbers of 24 characters without being converted.
    """
    pad = 2 * depth + 2 if indent else 1  # an item's indentation, comma and newline
    if value is None or isinstance(value, bool):
        return 5
    if isinstance(value, str):
        if value.isascii() and value.isprintable():
            return len(value) + 2 + value.count('"') + value.count("\\")
        return len(json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    if isinstance(value, (int, float)):
        return len(repr(value)) if type(value) in (int, float) else 24
    if isinstance(value, dict):
        total = 2 + pad
        for k, v in value.items():
            total += json_size(str(k), stop, indent) + pad + 1 + json_size(v, stop - total, indent, depth + 1)
            if total > stop:
                break
        return total
    if isinstance(value, (list, tuple)):
        if value and set(map(type, value)) <= _NUMBERS:  # a row of numbers: counted in C
            return 2 + pad + len(value) * pad + sum(map(len, map(repr, value)))
        total = 2 + pad
        for v in value:
            total += pad + json_size(v, stop - total, indent, depth + 1)
            if total > stop:
                break
        return total
    if hasattr(value, "__dataclass_fields__"):
        return json_size({name: getattr(value, name) for name in value.__dataclass_fields__}, stop, indent, depth)
    if hasattr(value, "tolist") and hasattr(value, "size"):
        try:
            return 2 + int(value.size) * (24 + pad)
        except (TypeError, ValueError):
            pass
    return json_size(str(value), stop, indent, depth)


def _text(value: Any, limit: int, lines: int | None = None) -> Any:
    """A text field capped; ``None`` stays ``None`` and other values become text first."""
    if value is None:
        return None
    return clip(value if isinstance(value, str) else str(value), limit, lines)


@dataclass
class CheckResult:
    """One check of one submission (bounded: see :meth:`bound`)."""

    id: str  #: stable, e.g. ``gradient.backward.reference``
    category: str  #: one of CATEGORIES
    title: str  #: a short human title, e.g. "backward matches the reference"
    passed: bool
    points: float
    max_points: float
    message: str  #: what a student should read; empty when passed
    mistakes: list[str] = field(default_factory=list)  #: ids from docs/mistakes.md
    function: str | None = None  #: the student function the check is about
    line: int | None = None  #: where in the student's file, when known
    expected: str | None = None  #: short text, e.g. an array or a shape
    got: str | None = None
    details: dict[str, Any] = field(default_factory=dict)  #: data for pictures (curves, heatmaps)
    seconds: float = 0.0
    #: not run here: the check needs the model answer, which this install does not have (student mode).
    #: A held check is neither passed nor failed: it scores nothing here, its ``max_points`` are left to
    #: "your course's grader" (``SubmissionResult.held_points``), and reports list it apart.
    held: bool = False

    def __post_init__(self) -> None:
        self.bound()

    def bound(self, message: int = MESSAGE_LIMIT, value: int = VALUE_LIMIT) -> "CheckResult":
        """Cap every field in place (idempotent): texts, the mistakes named, the size of ``details``."""
        for name in ("id", "category", "title"):
            setattr(self, name, _text(getattr(self, name), NAME_LIMIT) or "")
        self.function = _text(self.function, NAME_LIMIT)
        self.message = _text(self.message, message) or ""
        self.expected = _text(self.expected, value, VALUE_LINES)
        self.got = _text(self.got, value, VALUE_LINES)
        if not isinstance(self.mistakes, list) or len(self.mistakes) > MISTAKES_LIMIT or \
                any(not isinstance(m, str) or len(m) > NAME_LIMIT for m in self.mistakes):
            self.mistakes = [clip(str(m), NAME_LIMIT) for m in list(self.mistakes or [])[:MISTAKES_LIMIT]]
        if isinstance(self.details, dict):
            if self.details:
                self.details = _bound_details(self.details, DETAILS_LIMIT)
        elif json_size(self.details, DETAILS_LIMIT, indent=False) > DETAILS_LIMIT:
            self.details = {}
        return self

    def drop_details(self) -> None:
        """Keep only the details that steer grading (the pictures go)."""
        if isinstance(self.details, dict) and any(k not in _KEEP_DETAILS for k in self.details):
            kept = {k: v for k, v in self.details.items() if k in _KEEP_DETAILS}
            kept["omitted"] = "the pictures of this check were not kept (the report was too big)"
            self.details = kept


def _bound_details(details: dict[str, Any], limit: int) -> dict[str, Any]:
    """``details`` if it fits ``limit`` bytes of JSON, else without its biggest entries (named in ``omitted``)."""
    sizes = {k: json_size(v, limit + 1, indent=False) for k, v in details.items()}
    if sum(sizes.values()) + 16 * len(sizes) <= limit:
        return details
    kept, dropped, total = {}, [], 200
    for k, v in details.items():
        if k in _KEEP_DETAILS or total + sizes[k] <= limit:
            kept[k] = v
            total += sizes[k]
        else:
            dropped.append(clip(str(k), NAME_LIMIT))
    if dropped:
        kept["omitted"] = clip(f"too big to keep: {', '.join(dropped)}", 1000)
    return kept


@dataclass
class SkippedCode:
    """A top-level statement of the submission that was not run, and why."""

    line: int
    end_line: int
    reason: str
    where: str = ""  #: e.g. "cell 4, line 2" for a notebook

    def bound(self) -> "SkippedCode":
        self.reason = _text(self.reason, REASON_LIMIT) or ""
        self.where = _text(self.where, REASON_LIMIT) or ""
        return self


@dataclass
class SubmissionResult:
    """Everything the grader found about one file (bounded: see :meth:`bound`)."""

    student: str
    assignment: str  #: "" when unrecognised
    path: str
    status: str  #: one of STATUSES
    score: float = 0.0
    max_score: float = 0.0
    checks: list[CheckResult] = field(default_factory=list)
    message: str = ""  #: why it could not be graded, or a note
    line: int | None = None  #: e.g. of a syntax error
    skipped: list[SkippedCode] = field(default_factory=list)  #: at most SKIPPED_LIMIT listed
    output: str = ""  #: what the student's code printed (capped)
    output_bytes: int = 0  #: how much it printed in all
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  #: seconds per phase
    sandbox: str = ""  #: isolation level used
    grader_version: str = ""
    file_sha256: str = ""
    internal_errors: list[str] = field(default_factory=list)  #: grader bugs, never the student's fault
    skipped_omitted: int = 0  #: top-level statements not run beyond those listed in ``skipped``
    #: the student's other files for this assignment, not counted (README, "Which file counts"):
    #: ``{"path": as given, "file": its path in the student's folder, "reason": why it does not count}``
    also_submitted: list[dict[str, str]] = field(default_factory=list)
    also_submitted_omitted: int = 0  #: other candidates beyond those listed in ``also_submitted``
    #: ``course``: graded against the model answers; ``student``: the answers were absent, so the checks
    #: that need them are held (``CheckResult.held``) and the score is out of ``checked_max`` only.
    mode: str = "course"

    def __post_init__(self) -> None:
        self.bound()

    @property
    def mistakes(self) -> list[str]:
        """Every mistake id named by a check, once, in check order."""
        seen: dict[str, None] = {}
        for check in self.checks:
            for m in check.mistakes:
                seen.setdefault(m, None)
        return list(seen)

    @property
    def held_checks(self) -> list[CheckResult]:
        """The checks not run here (student mode): your course's grader runs them."""
        return [c for c in self.checks if c.held]

    @property
    def checked_max(self) -> float:
        """The points this run could judge: every check's but the held ones'."""
        return round(sum(c.max_points for c in self.checks if not c.held), 4)

    @property
    def held_points(self) -> float:
        """The points left to the course's grader (0 outside student mode)."""
        return round(sum(c.max_points for c in self.checks if c.held), 4)

    @property
    def skipped_count(self) -> int:
        """How many top-level statements were not run, listed or not."""
        return len(self.skipped) + max(int(self.skipped_omitted or 0), 0)

    def bound(self) -> "SubmissionResult":
        """Cap every field in place, then the whole submission to ``SUBMISSION_JSON_LIMIT`` bytes of JSON.

        Idempotent and cheap when nothing is over. Student and path are never cut (they name the
        files the grader writes, and the file system already bounds them).
        """
        self.message = _text(self.message, SUBMISSION_MESSAGE_LIMIT) or ""
        if isinstance(self.output, str) and len(self.output) > OUTPUT_LIMIT:
            self.output = self.output[:OUTPUT_LIMIT]  # output_bytes still says how much was printed
        if len(self.skipped) > SKIPPED_LIMIT:
            self.skipped_omitted = max(int(self.skipped_omitted or 0), 0) + len(self.skipped) - SKIPPED_LIMIT
            self.skipped = self.skipped[:SKIPPED_LIMIT]
        for s in self.skipped:
            if isinstance(s, SkippedCode):
                s.bound()
        if len(self.internal_errors) > INTERNAL_ERRORS_LIMIT or \
                any(len(str(e)) > INTERNAL_ERROR_CHARS for e in self.internal_errors):
            kept = [clip(str(e), INTERNAL_ERROR_CHARS, keep_end=True)
                    for e in self.internal_errors[:INTERNAL_ERRORS_LIMIT]]
            if len(self.internal_errors) > INTERNAL_ERRORS_LIMIT:
                kept.append(f"… and {len(self.internal_errors) - INTERNAL_ERRORS_LIMIT} more grader errors")
            self.internal_errors = kept
        for check in self.checks:
            if isinstance(check, CheckResult):
                check.bound()
        self._bound_also(ALSO_LIMIT)
        if json_size(self._fields(), _BUDGET) > _BUDGET:
            self._shrink()
        return self

    def _bound_also(self, limit: int) -> None:
        """At most ``limit`` other candidates listed (the rest counted), each ``{path, file, reason}``, capped."""
        also = self.also_submitted if isinstance(self.also_submitted, list) else []
        try:
            omitted = max(int(self.also_submitted_omitted or 0), 0)
        except (TypeError, ValueError):
            omitted = 0
        if len(also) > limit:
            omitted += len(also) - limit
            also = also[:limit]
        self.also_submitted = [_file_entry(a, ("path", "file", "reason")) for a in also]
        self.also_submitted_omitted = omitted

    def _fields(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    def _shrink(self) -> None:
        """Still too big with every field capped: drop pictures (biggest first), then cut texts, until it fits."""
        size = json_size(self._fields())
        details = {id(c): json_size(c.details, depth=4) for c in self.checks}
        for check in sorted(self.checks, key=lambda c: -details[id(c)]):
            if size <= _BUDGET:
                return
            check.drop_details()
            size -= details[id(check)] - json_size(check.details, depth=4)
        for message, value, output, skipped, errors in _SHRINK_STEPS:
            if json_size(self._fields(), _BUDGET) <= _BUDGET:
                return
            for check in self.checks:
                check.bound(message, value)
            self.output = self.output[:output]
            if len(self.skipped) > skipped:
                self.skipped_omitted += len(self.skipped) - skipped
                self.skipped = self.skipped[:skipped]
            self.internal_errors = [clip(e, 1000, keep_end=True) for e in self.internal_errors[:errors]]
            self.message = clip(self.message, 1000)
            self._bound_also(skipped)

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-able data, bounded first (so every file written from it is)."""
        self.bound()
        data = asdict(self)
        data["mistakes"] = self.mistakes
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "SubmissionResult":
        data = dict(data)
        data.pop("mistakes", None)
        check_fields = CheckResult.__dataclass_fields__
        data["checks"] = [CheckResult(**{k: v for k, v in c.items() if k in check_fields})
                          for c in data.get("checks", [])]
        data["skipped"] = [SkippedCode(**s) for s in data.get("skipped", [])]
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in known})


def _file_entry(entry: Any, keys: tuple[str, ...]) -> dict[str, str]:
    """A listed file as ``{key: text}`` with exactly ``keys``; a student's name is kept whole, the rest capped."""
    entry = entry if isinstance(entry, dict) else {"path": entry}
    return {k: ("" if entry.get(k) is None else str(entry.get(k))) if k == "student"
            else (_text(entry.get(k), FILE_TEXT_LIMIT) or "") for k in keys}


@dataclass
class RunResult:
    """One ``grade`` run: every submission, in a stable order."""

    submissions: list[SubmissionResult]
    grader_version: str = ""
    sandbox: str = ""
    #: files in a student's folder that match no assignment, next to files that do (``utils.py``):
    #: ``{"student", "path", "file", "reason"}``, at most ``IGNORED_LIMIT`` per student
    ignored: list[dict[str, str]] = field(default_factory=list)
    ignored_omitted: int = 0  #: ignored files beyond those listed

    def __post_init__(self) -> None:
        self.bound()

    def bound(self) -> "RunResult":
        """At most ``IGNORED_LIMIT`` ignored files listed per student (the rest counted), texts capped."""
        listed: dict[str, int] = {}
        kept = []
        try:
            omitted = max(int(self.ignored_omitted or 0), 0)
        except (TypeError, ValueError):
            omitted = 0
        for entry in self.ignored if isinstance(self.ignored, list) else []:
            entry = _file_entry(entry, ("student", "path", "file", "reason"))
            listed[entry["student"]] = listed.get(entry["student"], 0) + 1
            if listed[entry["student"]] > IGNORED_LIMIT:
                omitted += 1
            else:
                kept.append(entry)
        self.ignored, self.ignored_omitted = kept, omitted
        return self

    def to_dict(self) -> dict[str, Any]:
        """The run as JSON-able data; ``ignored`` (and ``ignored_omitted``) only when there are any,
        so that a run without ignored files reads exactly as before the field existed."""
        self.bound()
        data = {
            "grader_version": self.grader_version,
            "sandbox": self.sandbox,
            "submissions": [s.to_dict() for s in self.submissions],
        }
        if self.ignored or self.ignored_omitted:
            data["ignored"] = [dict(i) for i in self.ignored]
            data["ignored_omitted"] = self.ignored_omitted
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "RunResult":
        return cls(
            submissions=[SubmissionResult.from_dict(s) for s in data.get("submissions", [])],
            grader_version=data.get("grader_version", ""),
            sandbox=data.get("sandbox", ""),
            ignored=list(data.get("ignored", [])),
            ignored_omitted=data.get("ignored_omitted", 0),
        )
