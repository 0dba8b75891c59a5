"""The run as data files: ``results.json`` and ``grades.csv``."""
from __future__ import annotations

import csv
import io
import json
import math
import re
from typing import Any

from grader.results import RunResult, SubmissionResult

from .summary import sort_key_student
from .text import finite, fmt_num, printable

_SURROGATE = re.compile("[\ud800-\udfff]")
#: A cell starting with one of these is a formula to a spreadsheet program.
_FORMULA_START = ("=", "+", "-", "@", "\t")


def json_safe(value: Any) -> Any:
    """``value`` made fit for strict JSON: non-finite floats become ``None``.

    Tuples become lists, keys strings, array-likes (anything with ``tolist``) lists, lone
    surrogates in strings U+FFFD (so the text encodes as UTF-8), and any other object its
    ``str``. Dict key order is kept.
    """
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, dict):
        return {json_safe(str(k)): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if hasattr(value, "tolist"):
        return json_safe(value.tolist())
    try:
        x = float(value)
    except (TypeError, ValueError):
        return json_safe(str(value))
    return x if math.isfinite(x) else None


def dumps_strict(data: Any, indent: int | None = 2) -> str:
    """``data`` as strict JSON (no NaN/Infinity tokens), keys in their given order."""
    return json.dumps(json_safe(data), indent=indent, ensure_ascii=False, allow_nan=False)


def results_json(run: RunResult, reports: dict[str, str] | None = None) -> str:
    """The whole run as ``results.json``: strict, deterministic, readable back by ``RunResult.from_dict``.

    Non-finite numbers (diverged losses, NaN errors) are written as ``null``. With ``reports`` (a
    submission's path -> its HTML report, relative to ``--out``), each submission also gets ``report``,
    right after ``path``.
    """
    data = run.to_dict()
    if reports:
        data["submissions"] = [_with_report(s, reports.get(sub.path)) for s, sub in
                               zip(data["submissions"], run.submissions)]
    return dumps_strict(data) + "\n"


def _with_report(data: dict[str, Any], report: str | None) -> dict[str, Any]:
    if report is None:
        return data
    out: dict[str, Any] = {}
    for key, value in data.items():
        out[key] = value
        if key == "path":
            out["report"] = report
    return out


def _cell(text: str) -> str:
    """Untrusted text for a spreadsheet: control characters shown as escapes, and a leading
    quote to defuse a formula (``=HYPERLINK(...)``)."""
    text = printable(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def grades_csv(run: RunResult, folders: dict[str, str] | None = None) -> str:
    """``grades.csv``: one row per student, one column per assignment, the total and notes.

    Header ``student,<assignment...>,total,notes``. There is one row per distinct student name
    exactly as written (``carol`` and ``carol `` are two rows). Assignments are sorted by name,
    students case-insensitively. A missing submission is an empty cell; an ungraded one counts 0
    and is named in ``notes`` (``hw2: error``), as are unrecognised files and duplicates (the
    best score is kept). With ``folders`` (student -> the folder of their reports under ``--out``)
    a last column ``folder`` tells rows that read alike apart.
    """
    assignments = sorted({s.assignment for s in run.submissions if s.assignment})
    rows: dict[str, dict[str, SubmissionResult]] = {}
    notes: dict[str, list[str]] = {}
    for sub in sorted(run.submissions, key=sort_key_student):
        mine = rows.setdefault(sub.student, {})
        note = notes.setdefault(sub.student, [])
        if not sub.assignment:
            note.append(f"unrecognised: {sub.path}")
            continue
        if sub.status != "graded":
            note.append(f"{sub.assignment}: {sub.status}")
        previous = mine.get(sub.assignment)
        if previous is not None:
            note.append(f"{sub.assignment}: more than one submission, best score kept")
            if _points(previous) >= _points(sub):
                continue
        mine[sub.assignment] = sub

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", *assignments, "total", "notes", *(["folder"] if folders is not None else [])])
    for student, mine in rows.items():
        cells = [fmt_num(_points(mine[a])) if a in mine else "" for a in assignments]
        total = sum(_points(s) for s in mine.values())
        folder = [_cell(folders.get(student, ""))] if folders is not None else []
        writer.writerow([_cell(student), *cells, fmt_num(total), _cell("; ".join(notes[student])), *folder])
    return out.getvalue()


def _points(sub: SubmissionResult) -> float:
    """The score that counts: 0 for an ungraded submission or a non-finite score."""
    return finite(sub.score) if sub.status == "graded" else 0.0
