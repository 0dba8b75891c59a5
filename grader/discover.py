"""Finding submissions: which files, which student, which assignment.

docs/grader-contract.md: a submission is one ``.py`` or ``.ipynb`` file whose name
names the assignment. ``submissions/<student>/<file>`` names the
student after the folder; a flat ``submissions/<file>`` names them after the
file's name without the assignment's name and without words that name no one
(``final``, ``v2``, ``(1)``, ``Assignment2``: :func:`student_from_name`). Python files and notebooks that
match no assignment are kept, as ``unrecognised``, so nothing is dropped
silently; the exception is a file in a student's folder next to files that
do match (``utils.py``): it is *ignored* and listed as such (:class:`Ignored`),
unless a submission next to it imports it (``from utils import f``): it is then
one of the submission's helper modules, shipped into its sandbox with it
(``grader.load.find_helpers``), and not listed.

How a name names an assignment (:func:`match_assignment`): case, ``-``, ``_``,
spaces and punctuation do not count, so for an assignment ``two_moons``,
``two-moons.py``, ``TwoMoons.ipynb``, ``TWO_MOONS.py``, ``Assignment2_two_moons (1).py``
and ``two_moons_final.py`` all name it; but the assignment's name must be *whole words*
of the file's name. Words end at punctuation and spaces, between a lower-case and an
upper-case letter (``Two|Moons``) and between letters and digits (``hw|2``); a version
glued on the end (``two_moonsv2``) is allowed. So, for an assignment ``grad``,
``gradient.py`` and ``upgrade.py`` do not name it while ``my_grad.py`` does: a whole
word is taken at its word, and ``grade --assignment NAME`` overrides the name for
every file given. When several names match, the longest wins. A file named exactly
after an assignment, in this sense (``TWO-MOONS.py``), is
an exact name for the rules below.

A folder given on the command line is one student's own folder, not a class,
when a file directly in it is named exactly after an assignment (``hw2.py``
names no student, so the folder does) and no folder in it directly holds such
a file (in a class, the students' folders do): ``grade submissions/bob`` grades
student ``bob``.

Which file counts (README, "Which file counts"): a student's files for one
assignment are *candidates*, ranked by one rule (:func:`_ranked`): a file named
exactly after the assignment (``hw2.py`` before ``hw2.ipynb``), then the
newest by modification time, then the name that sorts last (numbers as numbers).
``pick`` says what is graded: ``newest`` the first candidate only, ``best``
every candidate, keeping the highest score (:meth:`Discovery.counted`), ``all``
every candidate as a submission of its own. The candidates not counted are
listed with the counted one (``SubmissionResult.also_submitted``).

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
import time
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .results import SubmissionResult

SUFFIXES = (".py", ".ipynb")
#: ``--pick``: which of a student's files for one assignment are graded and counted (module docstring).
PICKS = ("newest", "best", "all")
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
    in_folder: bool = False  #: found in a student's folder (not a flat file of a class, nor a file given alone)


class DiscoveryError(Exception):
    """A path given on the command line cannot be used."""


def _words(text: str) -> tuple[str, set[int], list[int]]:
    """``text`` as its letters and digits, lower-cased; where words start or end in it; and, per character
    kept, its index in ``text``. A word ends at anything not a letter or digit (``_``, ``-``, a space, a
    bracket), between a lower-case and an upper-case letter (``Xor|MLP``) and between a letter and a digit
    (``Assignment|2``)."""
    out: list[str] = []
    bounds, origin = {0}, []
    prev, gap = "", False
    for i, ch in enumerate(text):
        if not ch.isalnum():
            gap = True
            continue
        if out and (gap or (prev.islower() and ch.isupper()) or prev.isalpha() != ch.isalpha()):
            bounds.add(len(out))
        low = ch.lower()
        for c in low:
            out.append(c)
            origin.append(i)
        prev, gap = ch, False
    bounds.add(len(out))
    return "".join(out), bounds, origin


def _key(name: str) -> str:
    """An assignment's name as file names are compared with it: ``two_moons`` -> ``twomoons``."""
    return _words(name)[0]


def _find(stem: str, assignment: str) -> tuple[int, int] | None:
    """Where ``assignment`` is named in ``stem`` as whole words (start, end in ``stem``), or None (module docstring)."""
    key = _key(assignment)
    if not key:
        return None
    text, bounds, origin = _words(stem)
    at = text.find(key)
    while at >= 0:
        end = at + len(key)
        # whole words; a version glued on the end (`xor_mlpv2`) still counts
        if at in bounds and (end in bounds or (text.startswith("v", end) and end + 1 in bounds
                                               and text[end + 1:end + 2].isdigit())):
            return origin[at], origin[end - 1] + 1
        at = text.find(key, at + 1)
    return None


def match_assignment(filename: str, assignments: tuple[str, ...]) -> str:
    """The assignment the file's name names (the longest such name; module docstring)."""
    stem = Path(filename).stem
    hits = [a for a in assignments if _find(stem, a) is not None]
    return max(hits, key=lambda a: (len(_key(a)), len(a))) if hits else ""


#: Words of a file's name that name no student: copies, versions, the course's own words.
_NOISE = re.compile(r"\d+|v\d+|final|copy|draft|assignment\d*", re.IGNORECASE)


def student_from_name(filename: str, assignment: str) -> str:
    """``alice_hw2.py`` -> ``alice``; ``hw2.py``, ``Assignment2_xor_mlp (1).py``, ``xor_mlp_final.py`` -> ``""``.

    The assignment's name is taken out where the file names it (``XorMLP``, ``xor-mlp``), and so are
    the words that name no one (``final``, ``v2``, ``(1)``, ``Assignment2``, ``copy``); what is left,
    joined by ``_``, is the student.
    """
    stem = Path(filename).stem
    if assignment:
        span = _find(stem, assignment)
        if span is not None:
            stem = stem[:span[0]] + " " + stem[span[1]:]
    words = [w for w in re.split(r"[\s_\-.]+", stem) if w]
    kept = [w for w in words if not _NOISE.fullmatch(w.strip("()[]{}")) and w.strip("()[]{}")]
    return "_".join(kept)


@dataclass(frozen=True)
class Ignored:
    """A file in a student's folder that matches no assignment, next to files that do (``utils.py``)."""

    student: str  #: the student's name as shown (``Submission.student``)
    path: Path
    file: str  #: its path inside the student's folder, printable
    reason: str = "matches no assignment"

    def to_dict(self) -> dict[str, str]:
        return {"student": self.student, "path": str(self.path), "file": self.file, "reason": self.reason}


@dataclass(frozen=True)
class _Rank:
    """What the default rule looks at in a candidate (:func:`_ranked`)."""

    exact: bool  #: named exactly after the assignment (``hw2.py``, ``HW2.ipynb``)
    notebook: bool
    mtime_ns: int
    label: str  #: its path in the student's folder, printable (names it in reasons)
    order: tuple  #: the name in natural order (numbers as numbers), then as written


@dataclass(frozen=True)
class Candidate:
    """One of a student's files for one assignment."""

    sub: Submission
    rank: _Rank


@dataclass
class Discovery:
    """What ``find`` found: what to grade, and how the graded results become the counted ones."""

    submissions: list[Submission]  #: to grade, in a stable order
    ignored: list[Ignored] = field(default_factory=list)
    pick: str = "newest"
    #: a student's candidates for one assignment (two or more), in the default rule's order
    groups: list[tuple[Candidate, ...]] = field(default_factory=list)
    #: every file found -> its student's exact name as the file system gave it (what shares a class out:
    #: ``grade --shard``), before it is made printable
    raw_students: dict[str, str] = field(default_factory=dict)

    def ignored_dicts(self) -> list[dict[str, str]]:
        """``RunResult.ignored``: ``{student, path, file, reason}`` per ignored file."""
        return [i.to_dict() for i in self.ignored]

    def counted(self, results: list[SubmissionResult]) -> tuple[list[SubmissionResult], list[SubmissionResult]]:
        """(the results that count, each with ``also_submitted`` filled; graded candidates not counted).

        ``newest``: every result counts; the others of its group are listed. ``best``: in each
        group the highest score counts (a graded file before one that could not be graded, then the
        default rule), the others are listed and returned second. ``all``: every result counts alone.
        """
        by_path = {r.path: r for r in results}
        for r in results:  # set here only (a kept result never carries an earlier run's list)
            r.also_submitted, r.also_submitted_omitted = [], 0
        dropped: set[str] = set()
        for group in self.groups if self.pick != "all" else ():
            present = [(c, by_path[str(c.sub.path)]) for c in group if str(c.sub.path) in by_path]
            if not present:
                continue
            if self.pick == "best":
                win = min(range(len(present)), key=lambda i: (-_points(present[i][1]),
                                                              present[i][1].status != "graded", i))
            else:
                win = 0
            winner, result = present[win]
            result.also_submitted = [
                {"path": str(c.sub.path), "file": c.rank.label,
                 "reason": _why(winner, c, result if self.pick == "best" else None, other)}
                for c, other in ((c, by_path.get(str(c.sub.path))) for c in group) if c is not winner]
            result.also_submitted_omitted = 0
            result.bound()
            dropped |= {str(c.sub.path) for c, _ in present if c is not winner}
        return ([r for r in results if r.path not in dropped], [r for r in results if r.path in dropped])


def _points(result: SubmissionResult) -> float:
    score = result.score if isinstance(result.score, (int, float)) and result.score == result.score else 0.0
    return round(float(score), 6)


def _num(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _when(ns: int) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(ns / 1e9))


def _why(winner: Candidate, loser: Candidate, won: SubmissionResult | None = None,
         lost: SubmissionResult | None = None) -> str:
    """Why ``loser`` does not count and ``winner`` does: by the default rule, or (``best``) by score."""
    w, other = winner.rank, loser.rank
    if w.exact and not other.exact:
        rule = f"{w.label} is named exactly after the assignment"
    elif w.exact and not w.notebook and other.notebook:
        rule = f"{w.label} is named exactly after the assignment too, and a .py file counts before a notebook"
    elif w.mtime_ns != other.mtime_ns:
        rule = f"{w.label} is newer (modified {_when(w.mtime_ns)}; this file {_when(other.mtime_ns)})"
    else:
        rule = f"modified at the same time as {w.label}, which comes later by name"
    if won is None:
        return rule
    out_of = _num(won.max_score)
    if lost is None:
        return f"not graded; {rule}"
    if _points(lost) < _points(won):
        return f"scored {_num(_points(lost))}/{out_of}; {w.label} scored {_num(_points(won))}/{out_of}"
    if lost.status != "graded" and won.status == "graded":
        return f"could not be graded ({lost.status}); {w.label} was, with the same score"
    return f"scored {_num(_points(lost))}/{out_of}, as did {w.label}, which counts by the default rule: {rule}"


def discover(paths: list[Path], assignments: tuple[str, ...], forced: str | None = None,
             pick: str = "newest") -> list[Submission]:
    """Every submission to grade under ``paths``, in a stable order (see :func:`find`)."""
    return find(paths, assignments, forced, pick).submissions


def find(paths: list[Path], assignments: tuple[str, ...], forced: str | None = None,
         pick: str = "newest") -> Discovery:
    """The submissions under ``paths`` to grade under ``pick``, the files ignored, and the candidates."""
    if pick not in PICKS:
        raise DiscoveryError(f"--pick must be one of {', '.join(PICKS)}")
    found: list[_Found] = []
    for path in paths:
        if not path.exists():
            raise DiscoveryError(f"no such file or folder: {path}")
        if path.is_file():
            if path.suffix not in SUFFIXES:
                raise DiscoveryError(f"{path} is not a .py file or a .ipynb notebook")
            found.append(_one(path, path.parent.name, assignments, forced, flat=True))
        elif path.is_dir():
            found += _student_folder(path, assignments, forced) if _own_folder(path, assignments, forced) \
                else _folder(path, assignments, forced)
        else:
            raise DiscoveryError(f"{path} is neither a file nor a folder")
    return _decide(found, pick)


def _exact(name: str, assignments: tuple[str, ...], forced: str | None) -> bool:
    """Is ``name`` a submission named exactly after an assignment (``hw2.py``, ``HW3.ipynb``)?"""
    path = Path(name)
    return path.suffix in SUFFIXES and _key(path.stem) in {_key(a) for a in ((forced,) if forced else assignments)}


def _own_folder(root: Path, assignments: tuple[str, ...], forced: str | None) -> bool:
    """Is ``root`` (given on the command line) one student's folder rather than a class? (module docstring)

    Only names are looked at, and links are not followed (a student's link cannot make their folder a class).
    """
    def exact_inside(folder: Path) -> bool:
        try:
            with os.scandir(folder) as it:
                return any(_exact(e.name, assignments, forced) and not e.is_dir(follow_symlinks=False)
                           for e in it if not e.name.startswith("."))
        except OSError:
            return False

    assignments = tuple(assignments) + ((forced,) if forced else ())
    forced = None  # any assignment's name names no student
    if not exact_inside(root):
        return False
    try:
        with os.scandir(root) as it:
            folders = [Path(e.path) for e in it if not e.name.startswith(".") and e.name not in _IGNORED_DIRS
                       and e.is_dir(follow_symlinks=False)]
    except OSError:
        return False
    return not any(exact_inside(f) for f in folders)


def _student_folder(root: Path, assignments: tuple[str, ...], forced: str | None) -> list[_Found]:
    """Every file below ``root``, one student's folder given on the command line, is theirs."""
    raw = os.path.basename(os.path.abspath(root)) or "?"
    out = []
    for file, problem in sorted(_files(root)):
        if problem:
            out.append(_Found(Submission(file, clean_name(raw), "", problem), raw, root, in_folder=True))
        else:
            out.append(_one(file, raw, assignments, forced, flat=False, base=root))
    return out


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
                    out.append(_Found(Submission(file, clean_name(entry.name), "", problem), entry.name, entry,
                                      in_folder=True))
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
    return _Found(Submission(path, clean_name(raw), assignment), raw, base or path.parent, in_folder=not flat)


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


def _label(f: _Found) -> str:
    """The file's path inside its student's folder (its name for a flat file), printable."""
    try:
        rel = f.sub.path.relative_to(f.base).as_posix()
    except ValueError:
        rel = f.sub.path.name
    return rel if rel not in ("", ".") else f.sub.path.name


def _natural(text: str) -> tuple:
    """``text`` for sorting with numbers as numbers (``v9`` before ``v10``), then as written."""
    parts = re.split(r"(\d+)", text)
    return tuple(int(p) if i % 2 else p.casefold() for i, p in enumerate(parts)), text


def _rank(f: _Found) -> _Rank:
    path, assignment = f.sub.path, f.sub.assignment
    try:
        mtime = os.stat(path, follow_symlinks=False).st_mtime_ns
    except OSError:
        mtime = 0
    label = _label(f)
    return _Rank(exact=_key(path.stem) == _key(assignment), notebook=path.suffix == ".ipynb",
                 mtime_ns=mtime, label=clean_name(label), order=(*_natural(label), str(path)))


def _ranked(members: list[_Found]) -> list[tuple[_Found, _Rank]]:
    """A student's candidates for one assignment, the one that counts by default first (module docstring).

    Exactly named first, ``.py`` before ``.ipynb``; then the newest; then the name that sorts last (a
    version number counts up; archives can give files equal times). Every file has its own path, so no
    two candidates tie and the order does not depend on the order the folder was listed in.
    """
    ranked = [(f, _rank(f)) for f in members]
    ranked.sort(key=lambda fr: fr[1].order, reverse=True)
    ranked.sort(key=lambda fr: (not fr[1].exact, fr[1].exact and fr[1].notebook, -fr[1].mtime_ns))
    return ranked


#: An import at the start of a line (of a notebook's JSON too: after its opening quote).
_IMPORT = re.compile(r'^[ \t]*"?[ \t]*(?:from[ \t]+([^\W\d]\w*)[\w.]*[ \t]+import\b|import[ \t]+([^\n#;"\\]+))',
                     re.MULTILINE)
#: Most bytes of a file read to find its imports (a submission's code is far less).
_IMPORT_BYTES = 1024 * 1024


def _imports(path: Path) -> set[str]:
    """The top-level module names ``path`` imports, by a quick look at its text (links not followed)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return set()
    try:
        with os.fdopen(fd, "rb", closefd=False) as fh:
            text = fh.read(_IMPORT_BYTES).decode("utf-8", "replace")
    except OSError:
        return set()
    finally:
        os.close(fd)
    names = set()
    for match in _IMPORT.finditer(text):
        if match.group(1):
            names.add(match.group(1))
        else:
            for part in match.group(2).split(","):
                first = part.strip().split(".")[0].split(" ")[0]
                if first.isidentifier():
                    names.add(first)
    return names


def _helpers_of(ignored: list[_Found], candidates: list[_Found]) -> set[int]:
    """The ignored files (by ``id``) that are helper modules a candidate imports: ``nn_utils.py`` next to
    it, or a ``.py`` of the package folder ``nn_utils/`` next to it, directly or through another helper.
    They are shipped with the submission (``grader.load.find_helpers``), so they are not listed as ignored."""
    out: set[int] = set()
    by_student: dict[str, list[_Found]] = {}
    for f in ignored:
        if f.sub.path.suffix == ".py":
            by_student.setdefault(f.raw, []).append(f)
    for f in candidates:
        mine = by_student.get(f.raw)
        if not mine:
            continue
        folder = f.sub.path.parent
        by_name: dict[str, list[_Found]] = {}  # a module name -> the ignored files that make it up
        for h in mine:
            try:
                parts = h.sub.path.relative_to(folder).parts
            except ValueError:
                continue
            if parts:
                by_name.setdefault(parts[0].removesuffix(".py"), []).append(h)
        todo, seen, read = list(_imports(f.sub.path)), set(), 0
        while todo:  # a walk over the imports: each module once, each file read once, at most _HELPER_READS
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            for h in by_name.get(name, ()):
                out.add(id(h))
                if read < _HELPER_READS:
                    read += 1
                    todo.extend(_imports(h.sub.path))
    return out


#: Helper files whose imports are followed per student when telling helpers from ignored files (as many
#: as are ever shipped, ``grader.load.MAX_HELPER_FILES``, with room to spare).
_HELPER_READS = 200


def _dedupe(found: list[_Found]) -> list[_Found]:
    """The same file named twice (the TA's own links) is found once."""
    kept, paths = [], set()
    for f in found:
        # a reported link is never resolved, so it cannot hide the file it points at (another student's),
        # and a link loop cannot raise
        key = os.path.abspath(f.sub.path) if f.sub.problem else os.path.realpath(f.sub.path)
        if key in paths:
            continue
        paths.add(key)
        kept.append(f)
    return kept


def _decide(found: list[_Found], pick: str) -> Discovery:
    """Which files are graded under ``pick``, which are ignored; distinct students keep distinct names.

    A student's files for one assignment are ranked (:func:`_ranked`): under ``newest`` only the first
    is graded, under ``best`` all are graded under the student's name, under ``all`` each is a
    submission of its own, told apart by its path in the student's folder (``dave (hw2_v2.py)``).
    A file of a student's folder that matches no assignment is ignored when the student has a file that
    does, else it stays ``unrecognised``. Two exact names that clean to the same text get a hash of the
    exact name appended (module docstring).
    """
    kept = _dedupe(found)
    has_candidate = {f.raw for f in kept if f.sub.assignment and not f.sub.problem}
    members: dict[tuple[str, str], list[_Found]] = {}
    for f in kept:
        if f.sub.assignment and not f.sub.problem:
            members.setdefault((f.raw, f.sub.assignment), []).append(f)
    ranks: dict[int, _Rank] = {}
    groups: list[list[_Found]] = []
    for group in members.values():
        if len(group) > 1:
            ranked = _ranked(group)
            ranks.update((id(f), r) for f, r in ranked)
            groups.append([f for f, _ in ranked])
    passed_over = {id(f) for g in groups for f in g[1:]} if pick == "newest" else set()
    grouped = {id(f) for g in groups for f in g} if pick == "best" else set()
    graded, ignored = [], []
    for f in kept:
        if f.in_folder and not f.sub.problem and not f.sub.assignment and f.raw in has_candidate:
            ignored.append(f)
        elif id(f) not in passed_over:
            graded.append(f)
    if ignored:
        helpers = _helpers_of(ignored, [f for g in members.values() for f in g])
        ignored = [f for f in ignored if id(f) not in helpers]
    count: dict[tuple[str, str], int] = {}
    for f in graded:
        count[(f.raw, f.sub.assignment)] = count.get((f.raw, f.sub.assignment), 0) + 1
    exact: list[str] = []  # the student's identity: the exact name, with the file when they have two graded apart
    for f in graded:
        raw = f.raw
        if count[(raw, f.sub.assignment)] > 1 and id(f) not in grouped:
            raw = f"{raw} ({_label(f)})"
        exact.append(raw)
    shown = {raw: clean_name(raw) for raw in exact + [f.raw for f in ignored]}
    for length in (8, 16, 64):
        owners: dict[str, set[str]] = {}
        for raw, text in shown.items():
            owners.setdefault(text, set()).add(raw)
        clashes = {text for text, raws in owners.items() if len(raws) > 1}
        if not clashes:
            break
        shown = {raw: (f"{clean_name(raw)} [{_digest(raw, length)}]" if text in clashes else text)
                 for raw, text in shown.items()}
    subs = {id(f): replace(f.sub, student=shown[raw]) for f, raw in zip(graded, exact)}
    for g in groups:  # a candidate not graded (newest) is still named as its student is
        for f in g:
            subs.setdefault(id(f), replace(f.sub, student=shown.get(f.raw, clean_name(f.raw))))
    return Discovery(
        submissions=[subs[id(f)] for f in graded],
        ignored=[Ignored(shown[f.raw], f.sub.path, clean_name(_label(f))) for f in ignored],
        pick=pick,
        groups=[tuple(Candidate(subs[id(f)], ranks[id(f)]) for f in g) for g in groups],
        raw_students={str(f.sub.path): f.raw for f in found},
    )
