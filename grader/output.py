"""Writing a run's files under ``--out``: every format asked for, from one result model.

Per-submission results are also kept in ``<out>/.results/`` the moment each
submission is graded, so an interrupted run loses nothing and a new run skips
what it already graded (same file, same grader version, same options).

File names. A student's name is kept as written for display; on disk each
student gets a *folder name* made by :func:`file_name`:

- the name's ASCII *slug*: ``NFKD`` transliteration (``José`` -> ``jose``; a few
  letters without a decomposition are spelled out: ``ß`` -> ``ss``), other
  non-ASCII characters dropped, lower case, every run of characters other than
  ``a-z``, ``0-9`` and a single ``_`` turned into ``-``, cut to 40 characters;
- the slug alone when it *is* the name exactly (``bob``, ``carol_b``), unless
  it is one of the grader's own names (:data:`RESERVED`) or already ends in
  ``-`` and 8 or more hex digits;
- otherwise the slug, ``-`` and the first 8 hex digits of the SHA-256 of the
  exact name (UTF-8; bytes that are not UTF-8 hashed as they are):
  ``bob!`` -> ``bob-<hash>``, ``Alice`` -> ``alice-<hash>``, ``张伟`` ->
  ``student-<hash>`` (nothing transliterates).

So a folder name depends only on the student's own name (the same class folder
gives the same names, and adding a student renames nobody), holds only
``a-z 0-9 _ -`` (no dot, so it can never be ``index.html``, ``results.json``,
``grades.csv``, ``junit.xml``, ``.results`` or a temporary file; the grader's
names without a dot are in :data:`RESERVED`), is at most 49 characters, and no
two differ only by case. Should two names of one run still meet (a 32-bit
hash collision, made on purpose), those two names take 16, then 64 hex digits,
then a counter: two students never share a folder.

Inside the folder a report is ``<assignment>.html``; a file that matched no
assignment (or could not be read) is named after its file name by the same
rule (``utils.py`` -> ``utils-py-<hash>``, never an assignment's name), with
the same fallback if two such names meet. Gradescope files are
``gradescope/<folder>.<report name>.json`` (the dot cannot occur in either
part, so the name is unambiguous). ``results.json`` gives each submission's
``report`` path, ``grades.csv`` each student's ``folder``.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

from .results import RunResult, SubmissionResult

CACHE_DIR = ".results"
GRADESCOPE_DIR = "gradescope"

#: Names the grader writes directly under ``--out`` that have no dot (every other one has a dot), and names
#: Windows cannot use for a folder: a student's slug equal to one of these always takes the hash.
RESERVED = frozenset({GRADESCOPE_DIR, "con", "prn", "aux", "nul",
                      *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))})
SLUG_MAX = 40
HASH_LENGTHS = (8, 16, 64)
#: Letters NFKD leaves alone, spelled in ASCII.
_SPELLED = str.maketrans({"ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
                          "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "ł": "l", "Ł": "L",
                          "ı": "i", "ħ": "h", "Ħ": "H"})
_ENDS_IN_HASH = re.compile(r"-[0-9a-f]{8,}\Z")


def name_hash(name: str, length: int = 8) -> str:
    """The first ``length`` hex digits of the SHA-256 of ``name`` (non-UTF-8 bytes hashed as they are)."""
    return hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:length]


def ascii_slug(name: str) -> str:
    """``name`` in lower-case ASCII letters, digits, ``_`` and ``-``: readable, possibly empty."""
    text = unicodedata.normalize("NFKD", name.translate(_SPELLED)).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", lambda m: "_" if m.group() == "_" else "-", text)
    return text[:SLUG_MAX].strip("-_")


def file_name(name: str, reserved: Iterable[str] = RESERVED, fallback: str = "student", length: int = 8) -> str:
    """The file-system name for ``name`` under the rule in the module docstring."""
    slug = ascii_slug(name)
    if slug and slug == name and slug not in reserved and not _ENDS_IN_HASH.search(slug):
        return slug
    return f"{slug or fallback}-{name_hash(name, length)}"


def slug(text: str) -> str:
    """A safe file name part from a student or assignment name (:func:`file_name`)."""
    return file_name(text)


def _distinct(names: Iterable[str], make: Callable[[str, int], str]) -> dict[str, str]:
    """``make(name, hash_length)`` for every name, lengthening the hash (then counting) until no two
    results are equal ignoring case; a name's result changes only if it met another's."""
    names = sorted(set(names))
    out = {n: make(n, HASH_LENGTHS[0]) for n in names}
    for length in HASH_LENGTHS[1:]:
        clash = _clashing(out)
        if not clash:
            return out
        out.update({n: make(n, length) for n in clash})
    taken: set[str] = set()
    for n in names:  # 64 hex digits met: count (deterministic: names in sorted order)
        candidate, k = out[n], 1
        while candidate.casefold() in taken:
            k += 1
            candidate = f"{out[n]}-{k}"
        out[n] = candidate
        taken.add(candidate.casefold())
    return out


def _clashing(made: dict[str, str]) -> set[str]:
    seen: dict[str, list[str]] = {}
    for name, result in made.items():
        seen.setdefault(result.casefold(), []).append(name)
    return {n for group in seen.values() if len(group) > 1 for n in group}


def student_folders(students: Iterable[str], reserved: Iterable[str] = RESERVED) -> dict[str, str]:
    """Each distinct student name (as written) -> its folder name under ``--out``, all distinct."""
    reserved = frozenset(reserved)
    return _distinct(students, lambda name, n: file_name(name, reserved, "student", n))


def _report_name(result: SubmissionResult, length: int = 8) -> str:
    """A report's name in its student's folder: the assignment, else after the file's name (always hashed)."""
    if result.assignment:
        return file_name(result.assignment, (), "assignment", length)
    return f"{ascii_slug(Path(result.path).name) or 'file'}-{name_hash(Path(result.path).name, length)}"


def report_paths(results: Iterable[SubmissionResult], reserved: Iterable[str] = RESERVED) -> dict[str, str]:
    """Each result's path -> its HTML report, relative to ``--out``, without the ``.html``: ``bob/hw2``.

    Every submission gets its own; see the module docstring for the rule.
    """
    results = list(results)
    folders = student_folders((r.student for r in results), reserved)
    by_folder: dict[str, list[SubmissionResult]] = {}
    for r in results:
        by_folder.setdefault(folders[r.student], []).append(r)
    out: dict[str, str] = {}
    for folder, mine in by_folder.items():
        # the key tells the submissions apart: student, assignment, path (a path is one submission)
        keys = {f"{r.student}\0{r.assignment}\0{r.path}": r for r in mine}

        def make(key: str, length: int) -> str:
            r = keys[key]
            name = _report_name(r, 8)
            return name if length == 8 else f"{name}-{name_hash(key, length)}"

        for key, name in _distinct(keys, make).items():
            out[keys[key].path] = f"{folder}/{name}"
    return out


def report_path(result: SubmissionResult) -> str:
    """Where a submission's HTML report goes, relative to ``--out`` (alone; a run uses :func:`report_paths`)."""
    return report_paths([result])[result.path] + ".html"


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


# --------------------------------------------------------------------------- resume cache


def cache_key(path: Path, student: str, assignment: str, file_sha: str, options_key: str) -> str:
    raw = f"{path.resolve()}|{student}|{assignment}|{file_sha}|{options_key}"
    return hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()[:32]  # any bytes in a path


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
              github_summary: Path | None = None, gradebook=None) -> list[Path]:
    """results.json, grades.csv, one HTML report per submission, index.html; and the extras asked for.

    Report and Gradescope file names follow the rule in the module docstring: one per submission,
    whatever the students' names, and never one of the grader's own files.
    """
    from reports import ci, html, tables

    written = []
    out.mkdir(parents=True, exist_ok=True)
    reserved = RESERVED | _reserved_by(junit, out)
    folders = student_folders((r.student for r in run.submissions), reserved)
    paths = report_paths(run.submissions, reserved)
    links = {}
    for result in run.submissions:
        rel = paths[result.path] + ".html"
        links[result.path] = rel
        _atomic_write(out / rel, html.render_submission(result))
        written.append(out / rel)
        if gradescope:
            gs = out / GRADESCOPE_DIR / (paths[result.path].replace("/", ".", 1) + ".json")
            _atomic_write(gs, tables.dumps_strict(ci.gradescope_json(result)))
            written.append(gs)
    for name, text in (("results.json", tables.results_json(run, links)),
                       ("grades.csv", tables.grades_csv(run, folders)),
                       ("index.html", html.render_index(run, links))):
        _atomic_write(out / name, text)
        written.append(out / name)
    if junit is not None:
        _atomic_write(junit, ci.junit_xml(run))
        written.append(junit)
    if github_summary is not None:
        with open(github_summary, "a", encoding="utf-8") as fh:
            fh.write(ci.github_summary_markdown(run) + "\n")
    if gradebook is not None:  # reports.gradebook (--gradebook, --roster): last, after every other file is written
        written += gradebook.write(run, out)
    return written


def _reserved_by(junit: Path | None, out: Path) -> frozenset[str]:
    """The first part of ``--junit-xml``'s path under ``--out``, when it is there (a student may not take it)."""
    if junit is None:
        return frozenset()
    try:
        rel = os.path.relpath(os.path.abspath(junit), os.path.abspath(out))
    except ValueError:  # another drive (Windows)
        return frozenset()
    first = Path(rel).parts[0] if rel not in (".", "") else ""
    return frozenset() if not first or first == ".." else frozenset({first.casefold()})
