"""The result model: what grading one submission produces, and its JSON form.

Every report (terminal, HTML, CSV, Gradescope, JUnit, GitHub) renders these
dataclasses and nothing else, so all formats agree by construction.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

CATEGORIES = ("api", "shape", "forward", "gradient", "training", "convergence")

#: Why a submission could not be graded (``graded`` means it was).
STATUSES = ("graded", "error", "timeout", "crashed", "unrecognised")


@dataclass
class CheckResult:
    """One check of one submission."""

    id: str  #: stable, e.g. ``gradient.backward.reference``
    category: str  #: one of CATEGORIES
    title: str  #: a short human title, e.g. "backward matches the reference"
    passed: bool
    points: float
    max_points: float
    message: str  #: what a student should read; empty when passed
    mistakes: list[str] = field(default_factory=list)  #: ids from MISTAKES.md
    function: str | None = None  #: the student function the check is about
    line: int | None = None  #: where in the student's file, when known
    expected: str | None = None  #: short text, e.g. an array or a shape
    got: str | None = None
    details: dict[str, Any] = field(default_factory=dict)  #: data for pictures (curves, heatmaps)
    seconds: float = 0.0


@dataclass
class SkippedCode:
    """A top-level statement of the submission that was not run, and why."""

    line: int
    end_line: int
    reason: str
    where: str = ""  #: e.g. "cell 4, line 2" for a notebook


@dataclass
class SubmissionResult:
    """Everything the grader found about one file."""

    student: str
    assignment: str  #: "" when unrecognised
    path: str
    status: str  #: one of STATUSES
    score: float = 0.0
    max_score: float = 0.0
    checks: list[CheckResult] = field(default_factory=list)
    message: str = ""  #: why it could not be graded, or a note
    line: int | None = None  #: e.g. of a syntax error
    skipped: list[SkippedCode] = field(default_factory=list)
    output: str = ""  #: what the student's code printed (capped)
    output_bytes: int = 0  #: how much it printed in all
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  #: seconds per phase
    sandbox: str = ""  #: isolation level used
    grader_version: str = ""
    file_sha256: str = ""
    internal_errors: list[str] = field(default_factory=list)  #: grader bugs, never the student's fault

    @property
    def mistakes(self) -> list[str]:
        """Every mistake id named by a check, once, in check order."""
        seen: dict[str, None] = {}
        for check in self.checks:
            for m in check.mistakes:
                seen.setdefault(m, None)
        return list(seen)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["mistakes"] = self.mistakes
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "SubmissionResult":
        data = dict(data)
        data.pop("mistakes", None)
        data["checks"] = [CheckResult(**c) for c in data.get("checks", [])]
        data["skipped"] = [SkippedCode(**s) for s in data.get("skipped", [])]
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class RunResult:
    """One ``grade`` run: every submission, in a stable order."""

    submissions: list[SubmissionResult]
    grader_version: str = ""
    sandbox: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "grader_version": self.grader_version,
            "sandbox": self.sandbox,
            "submissions": [s.to_dict() for s in self.submissions],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "RunResult":
        return cls(
            submissions=[SubmissionResult.from_dict(s) for s in data.get("submissions", [])],
            grader_version=data.get("grader_version", ""),
            sandbox=data.get("sandbox", ""),
        )
