"""Rendering of grading results: HTML reports, data files, CI outputs and terminal output.

Everything here renders :mod:`grader.results` (``SubmissionResult``, ``RunResult``) and
nothing else, so every format agrees with every other by construction.
"""
from __future__ import annotations

from .ci import (
    classroom_notices,
    classroom_result,
    github_annotations,
    github_summary_markdown,
    gradescope_json,
    junit_xml,
)
from .html import render_index, render_submission
from .mistakes import MISTAKES, Mistake, explain
from .tables import grades_csv, results_json
from .terminal import print_submission, print_table

__all__ = [
    "MISTAKES",
    "Mistake",
    "classroom_notices",
    "classroom_result",
    "explain",
    "github_annotations",
    "github_summary_markdown",
    "grades_csv",
    "gradescope_json",
    "junit_xml",
    "print_submission",
    "print_table",
    "render_index",
    "render_submission",
    "results_json",
]
