"""Finding submissions: which files, which student, which assignment.

ASSIGNMENTS.md: a submission is one ``.py`` or ``.ipynb`` file whose name
contains the assignment's name. ``submissions/<student>/<file>`` names the
student after the folder; a flat ``submissions/<file>`` names them after the
file's name without the assignment's name. Python files and notebooks that
match no assignment are kept, as ``unrecognised``, so nothing is dropped
silently.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SUFFIXES = (".py", ".ipynb")
_IGNORED_DIRS = {"__pycache__", ".ipynb_checkpoints", ".git", "node_modules", ".venv", "venv"}


@dataclass(frozen=True)
class Submission:
    path: Path
    student: str
    assignment: str  #: "" when the name matches no assignment


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
    found: list[Submission] = []
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


def _folder(root: Path, assignments: tuple[str, ...], forced: str | None) -> list[Submission]:
    out = []
    try:
        entries = sorted(root.iterdir())
    except OSError as exc:
        raise DiscoveryError(f"cannot read the folder {root}: {exc.strerror}") from None
    for entry in entries:
        if entry.name.startswith(".") or entry.name in _IGNORED_DIRS:
            continue
        if entry.is_file() and entry.suffix in SUFFIXES:
            out.append(_one(entry, "", assignments, forced, flat=True))
        elif entry.is_dir():
            for file in sorted(_files(entry)):
                out.append(_one(file, entry.name, assignments, forced, flat=False))
    return out


def _files(folder: Path):
    for entry in folder.iterdir():
        if entry.name.startswith(".") or entry.name in _IGNORED_DIRS:
            continue
        if entry.is_dir():
            yield from _files(entry)
        elif entry.suffix in SUFFIXES:
            yield entry


def _one(path: Path, folder: str, assignments: tuple[str, ...], forced: str | None, flat: bool) -> Submission:
    assignment = forced or match_assignment(path.name, assignments)
    student = student_from_name(path.name, assignment) if flat else folder
    return Submission(path, student or folder or path.stem, assignment)


def _unique(subs: list[Submission]) -> list[Submission]:
    """Two files of one student for one assignment are both graded, told apart by file name."""
    seen: dict[tuple[str, str], int] = {}
    for s in subs:
        seen[(s.student, s.assignment)] = seen.get((s.student, s.assignment), 0) + 1
    out, paths = [], set()
    for s in subs:
        if s.path.resolve() in paths:
            continue
        paths.add(s.path.resolve())
        if seen[(s.student, s.assignment)] > 1:
            s = Submission(s.path, f"{s.student} ({s.path.name})", s.assignment)
        out.append(s)
    return out
