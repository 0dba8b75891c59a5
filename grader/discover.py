"""Finding submissions: which files, which student, which assignment.

ASSIGNMENTS.md: a submission is one ``.py`` or ``.ipynb`` file whose name
contains the assignment's name. ``submissions/<student>/<file>`` names the
student after the folder; a flat ``submissions/<file>`` names them after the
file's name without the assignment's name. Python files and notebooks that
match no assignment are kept, as ``unrecognised``, so nothing is dropped
silently.

Names and paths are whatever a student's archive holds: any bytes (a name that
is not UTF-8 is kept as Python keeps it, with surrogate escapes), any folder
depth (folders are walked with an explicit stack, never by recursion). What
cannot be read becomes an error of the student whose folder holds it; nothing
found in a student's folder can stop the discovery of the others.

A student's name (``Submission.student``) is the folder's or file's name as
written, made printable by :func:`clean_name`. Two different names never become
one student: when cleaning makes two names look the same (``a\\x01`` and
``a\\x02`` both read ``a?``), each gets `` [<8 hex of the SHA-256 of the exact
name>]`` appended; only those names change. File names for the reports are
chosen later, from these names, by :mod:`grader.output`.
"""
from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

SUFFIXES = (".py", ".ipynb")
_IGNORED_DIRS = {"__pycache__", ".ipynb_checkpoints", ".git", "node_modules", ".venv", "venv"}


@dataclass(frozen=True)
class Submission:
    path: Path
    student: str
    assignment: str  #: "" when the name matches no assignment
    problem: str = ""  #: why this path cannot be graded at all (reported as an error, never dropped)


@dataclass(frozen=True)
class _Found:
    """A submission as discovered: the student's exact name and where their files start."""

    sub: Submission
    raw: str  #: the student's name exactly as the file system gave it (surrogate escapes for non-UTF-8 bytes)
    base: Path  #: the student's folder (the file's own folder for flat files)


class DiscoveryError(Exception):
    """A path given on the command line cannot be used."""


def match_assignment(filename: str, assignments: tuple[str, ...]) -> str:
    """The assignment whose name the file's name contains (the longest such name)."""
    stem = Path(filename).stem.lower()
    hits = [a for a in assignments if a in stem]
    return max(hits, key=len) if hits else ""


def student_from_name(filename: str, assignment: str) -> str:
    """``alice_xor_mlp.py`` -> ``alice``; ``xor_mlp.py`` -> ``""``."""
    stem = Path(filename).stem
    if assignment:
        stem = re.sub(re.escape(assignment), " ", stem, flags=re.IGNORECASE)
    return re.sub(r"[\s_\-.]+", " ", stem).strip().replace(" ", "_")


def discover(paths: list[Path], assignments: tuple[str, ...], forced: str | None = None) -> list[Submission]:
    """Every submission under ``paths``, in a stable order."""
    found: list[_Found] = []
    for path in paths:
        if not path.exists():
            raise DiscoveryError(f"no such file or folder: {path}")
        if path.is_file():
            if path.suffix not in SUFFIXES:
                raise DiscoveryError(f"{path} is not a .py file or a .ipynb notebook")
            found.append(_one(path, path.parent.name, assignments, forced, flat=True))
        elif path.is_dir():
            found += _folder(path, assignments, forced)
        else:
            raise DiscoveryError(f"{path} is neither a file nor a folder")
    return _unique(found)


def _folder(root: Path, assignments: tuple[str, ...], forced: str | None) -> list[_Found]:
    """The folder's own entries are the TA's layout (links followed); below them, the students' files."""
    out = []
    try:
        entries = sorted(root.iterdir())
    except OSError as exc:
        raise DiscoveryError(f"cannot read the folder {root}: {exc.strerror}") from None
    for entry in entries:
        if entry.name.startswith(".") or entry.name in _IGNORED_DIRS:
            continue
        try:
            is_file, is_dir = entry.is_file(), entry.is_dir()
        except OSError as exc:  # cannot even be looked at: the error of whoever it belongs to, not the run's
            out.append(_Found(Submission(entry, clean_name(entry.name), "",
                                         f"cannot read {clean_name(entry.name)}: {exc.strerror or exc}"),
                              entry.name, entry))
            continue
        if is_file and entry.suffix in SUFFIXES:
            out.append(_one(entry, "", assignments, forced, flat=True))
        elif is_dir:
            for file, problem in sorted(_files(entry)):
                if problem:
                    out.append(_Found(Submission(file, clean_name(entry.name), "", problem), entry.name, entry))
                else:
                    out.append(_one(file, entry.name, assignments, forced, flat=False, base=entry))
    return out


def _files(folder: Path):
    """(path, problem) for every .py/.ipynb below a student's folder, at any depth.

    Links are not followed: a student's folder (a cloned repository, an
    unpacked archive) could otherwise point the grader, which reads files with
    the TA's rights, at the reference solutions, at another student's work or
    at ``/``. A link that would matter is reported, not dropped. Folders are
    walked with a stack, so no depth of nesting can exhaust Python's recursion
    limit; a folder that cannot be read (no permission, a path longer than the
    system allows) is reported as the student's error.
    """
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield current, f"cannot read the folder {clean_name(current.name)}: {exc.strerror or exc}"
            continue
        below = []
        for entry in entries:
            name = entry.name
            if name.startswith(".") or name in _IGNORED_DIRS:
                continue
            path = current / name
            suffix = Path(name).suffix
            try:
                if entry.is_symlink():
                    if suffix in SUFFIXES or entry.is_dir():
                        yield path, (f"{clean_name(name)} is a symbolic link; the grader does not follow links "
                                     "inside a student's folder: hand in the file itself")
                elif entry.is_dir(follow_symlinks=False):
                    below.append(path)
                elif suffix in SUFFIXES:
                    yield path, ("" if entry.is_file(follow_symlinks=False)
                                 else f"{clean_name(name)} is not a regular file")
            except OSError as exc:
                yield path, f"cannot read {clean_name(name)}: {exc.strerror or exc}"
        stack.extend(reversed(below))


def _one(path: Path, folder: str, assignments: tuple[str, ...], forced: str | None, flat: bool,
         base: Path | None = None) -> _Found:
    assignment = forced or match_assignment(path.name, assignments)
    student = student_from_name(path.name, assignment) if flat else folder
    raw = student or folder or path.stem
    return _Found(Submission(path, clean_name(raw), assignment), raw, base or path.parent)


def clean_name(name: str) -> str:
    """A student's name as every report may show it: one line, no control or format characters.

    Names come from file and folder names, which a student may choose: a newline
    would forge lines in CI logs, an escape sequence would drive the TA's terminal.
    Control and format characters and line or paragraph separators become ``?``;
    a byte that is not UTF-8 (a surrogate escape) is shown as ``\\xe9``. Spaces are
    kept as written (``carol`` and ``carol `` are two folders, so two students);
    a name with nothing visible reads ``?``.
    """
    out = []
    for ch in name:
        code, cat = ord(ch), unicodedata.category(ch)
        if 0xDC80 <= code <= 0xDCFF:
            out.append(f"\\x{code - 0xDC00:02x}")
        elif cat[0] == "C" or cat in ("Zl", "Zp"):
            out.append("?")
        else:
            out.append(ch)
    text = "".join(out)
    return text if text.strip() else "?"


def _digest(raw: str, length: int) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()[:length]


def _unique(found: list[_Found]) -> list[Submission]:
    """One entry per file; distinct students keep distinct names.

    The same file named twice (the TA's own links) is graded once. Two files of
    one student for one assignment are both graded, told apart by their path in
    the student's folder (``dave (xor_mlp_v2.py)``). Two exact names that clean
    to the same text get a hash of the exact name appended (module docstring).
    """
    kept, paths = [], set()
    for f in found:
        # a reported link is never resolved, so it cannot hide the file it points at (another student's),
        # and a link loop cannot raise
        key = os.path.abspath(f.sub.path) if f.sub.problem else os.path.realpath(f.sub.path)
        if key in paths:
            continue
        paths.add(key)
        kept.append(f)
    count: dict[tuple[str, str], int] = {}
    for f in kept:
        count[(f.raw, f.sub.assignment)] = count.get((f.raw, f.sub.assignment), 0) + 1
    exact: list[str] = []  # the student's identity: the exact name, with the file when they have two
    for f in kept:
        raw = f.raw
        if count[(raw, f.sub.assignment)] > 1:
            try:
                rel = f.sub.path.relative_to(f.base).as_posix()
            except ValueError:
                rel = f.sub.path.name
            raw = f"{raw} ({rel})"
        exact.append(raw)
    shown = {raw: clean_name(raw) for raw in exact}
    for length in (8, 16, 64):
        owners: dict[str, set[str]] = {}
        for raw, text in shown.items():
            owners.setdefault(text, set()).add(raw)
        clashes = {text for text, raws in owners.items() if len(raws) > 1}
        if not clashes:
            break
        shown = {raw: (f"{clean_name(raw)} [{_digest(raw, length)}]" if text in clashes else text)
                 for raw, text in shown.items()}
    return [replace(f.sub, student=shown[raw]) for f, raw in zip(kept, exact)]
