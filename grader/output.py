"""Writing a run's files under ``--out``: every format asked for, from one result model.

Per-submission results are also kept in ``<out>/.results/`` the moment each
submission is graded, so an interrupted run loses nothing and a new run skips
what it already graded (same file, same grader version, same options).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from .results import RunResult, SubmissionResult

CACHE_DIR = ".results"


def slug(text: str) -> str:
    """A safe file name part from a student or assignment name."""
    s = re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("._")
    return s[:80] or "unnamed"


def report_path(result: SubmissionResult) -> str:
    """Where a submission's HTML report goes, relative to ``--out``."""
    name = slug(result.assignment or Path(result.path).stem)
    return f"{slug(result.student)}/{name}.html"


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


# --------------------------------------------------------------------------- resume cache


def cache_key(path: Path, student: str, assignment: str, file_sha: str, options_key: str) -> str:
    raw = f"{path.resolve()}|{student}|{assignment}|{file_sha}|{options_key}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def load_cached(out: Path, key: str) -> SubmissionResult | None:
    path = out / CACHE_DIR / f"{key}.json"
    try:
        return SubmissionResult.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError, KeyError):
        return None


def store_cached(out: Path, key: str, result: SubmissionResult) -> None:
    from reports.tables import dumps_strict

    _atomic_write(out / CACHE_DIR / f"{key}.json", dumps_strict(result.to_dict()))


# --------------------------------------------------------------------------- the outputs


def write_run(run: RunResult, out: Path, *, gradescope: bool = False, junit: Path | None = None,
              github_summary: Path | None = None) -> list[Path]:
    """results.json, grades.csv, one HTML report per submission, index.html; and the extras asked for."""
    from reports import ci, html, tables

    written = []
    out.mkdir(parents=True, exist_ok=True)
    links = {}
    for result in run.submissions:
        rel = report_path(result)
        links[result.path] = rel
        _atomic_write(out / rel, html.render_submission(result))
        written.append(out / rel)
        if gradescope:
            gs = out / "gradescope" / f"{slug(result.student)}_{slug(result.assignment or 'unrecognised')}.json"
            _atomic_write(gs, tables.dumps_strict(ci.gradescope_json(result)))
            written.append(gs)
    for name, text in (("results.json", tables.results_json(run)), ("grades.csv", tables.grades_csv(run)),
                       ("index.html", html.render_index(run, links))):
        _atomic_write(out / name, text)
        written.append(out / name)
    if junit is not None:
        _atomic_write(junit, ci.junit_xml(run))
        written.append(junit)
    if github_summary is not None:
        with open(github_summary, "a", encoding="utf-8") as fh:
            fh.write(ci.github_summary_markdown(run) + "\n")
    return written
