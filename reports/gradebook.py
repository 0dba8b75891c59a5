"""The gradebook: a CSV that Canvas or Moodle imports, and a roster report (``--roster``, ``--gradebook``).

Everything a course can get wrong is checked by :func:`plan`, before any grading starts (one-line
:class:`GradebookError`, exit 2); :meth:`Gradebook.write` runs last in ``write_run``, after every other
file is written, and never refuses data it was given.

The roster (``--roster FILE``): a UTF-8 CSV (``,`` or ``;``), one student a row, a header naming the
columns. Header names are compared ignoring case, spaces and ``_``; other columns are ignored:

=========  ==========================================================================
field      header (aliases: Canvas's gradebook export, Moodle's grade export)
=========  ==========================================================================
folder     ``folder``: the student as the grader names them (the ``student`` column of grades.csv)
name       ``name``, ``Student`` (Canvas), ``Full name``; or ``First name`` + ``Last name`` (Moodle)
id         ``id``, ``ID`` (Canvas): the LMS's own user id, a number
sis_id     ``sis_id``, ``SIS User ID`` (Canvas), ``ID number`` (Moodle)
login      ``login``, ``SIS Login ID`` (Canvas), ``Username`` (Moodle)
email      ``email``, ``Email address`` (Moodle)
section    ``section``, ``Section`` (Canvas)
=========  ==========================================================================

Matching rule (:func:`match`): a student the grader found (a folder, or a flat file's name) is compared
with the roster's ``folder``, then ``login``, ``sis_id``, ``id``, ``email`` and ``name`` values, in that
order, after Unicode NFC normalisation, trimming surrounding white space and ignoring case; the first
field in which some row has that value decides: one row is a match (``matched_by`` says which field),
two or more rows are *ambiguous* and nothing is matched (reported, never guessed). Nothing else is
tried (no partial names, no e-mail local parts). A student matched by no row is *not in the roster*; a
roster row matched by nobody is *missing*.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from grader.results import RunResult, SubmissionResult

from .text import finite, fmt_num, printable

FORMATS = ("canvas", "moodle")
#: Every assignment is out of 100 points (README: What is checked).
POINTS_POSSIBLE = 100
ROSTER_MAX_BYTES = 16 * 1024 * 1024
#: Roster fields, in the order a student is matched by them.
KEYS = ("folder", "login", "sis_id", "id", "email", "name")
FIELDS = ("folder", "name", "id", "sis_id", "login", "email", "section")
#: Fields that identify one LMS user: two rows with the same value are an error.
UNIQUE = ("folder", "id", "sis_id", "login")
_HEADERS = {
    "folder": "folder",
    "name": "name", "student": "name", "full name": "name",
    "id": "id",
    "sisid": "sis_id", "sis id": "sis_id", "sis user id": "sis_id", "id number": "sis_id",
    "login": "login", "sis login id": "login", "username": "login",
    "email": "email", "email address": "email", "e-mail": "email",
    "section": "section",
    "first name": "first_name", "last name": "last_name",
}
#: Canvas's own header names (GradebookImporter::GRADEBOOK_IMPORTER_RESERVED_NAMES) ...
CANVAS_RESERVED = ("Student", "LastName", "FirstName", "ID", "SIS User ID", "SIS Login ID", "Section",
                   "Integration ID", "Root Account")
#: ... and the columns it drops as not assignments: any title *containing* one of these is ignored.
CANVAS_NOT_ASSIGNMENT = ("Current Score", "Current Points", "Current Grade", "Final Score", "Final Points",
                         "Final Grade", "Override Score", "Override Grade", "Override Status")
CANVAS_IDENTITY = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
#: Moodle identity columns: (roster field, header as Moodle's own export spells it), in order of preference.
MOODLE_IDENTITY = (("login", "Username"), ("sis_id", "ID number"), ("email", "Email address"))
MOODLE_NAME = "Full name"
_CANVAS_SKIPPED_ROW = re.compile(r"^\s*(Muted|Manual Posting.*)?\s*$", re.IGNORECASE)
_CANVAS_TEST_STUDENT = ("student, test", "test student")
_FORMULA_START = ("=", "+", "-", "@", "\t")


class GradebookError(Exception):
    """Bad ``--roster``/``--gradebook`` input: one line, said before any grading starts."""


def norm(text: str) -> str:
    """The form two names are compared in: NFC, trimmed, case-folded (never written anywhere)."""
    return unicodedata.normalize("NFC", text).strip().casefold()


# --------------------------------------------------------------------------- the roster


@dataclass(frozen=True)
class RosterRow:
    line: int  #: line of the roster file the row ends on
    folder: str = ""
    name: str = ""
    id: str = ""
    sis_id: str = ""
    login: str = ""
    email: str = ""
    section: str = ""

    def value(self, key: str) -> str:
        return getattr(self, key)

    def who(self) -> str:
        """``Alice Smith (login asmith, line 3)``: a row as people recognise it."""
        label = self.name or self.folder or self.login or self.sis_id or self.email or self.id
        ident = next((f"{k.replace('_', ' ')} {self.value(k)}, " for k in ("login", "sis_id", "email", "id", "folder")
                      if self.value(k) and self.value(k) != label), "")
        return f"{label} ({ident}line {self.line})"


@dataclass(frozen=True)
class Roster:
    path: Path
    fields: tuple[str, ...]  #: the fields the file has a column for
    rows: tuple[RosterRow, ...]


def read_roster(path: Path) -> Roster:
    """The roster at ``path``, checked; :class:`GradebookError` (one line) when it cannot be used."""
    where = f"--roster {path}"
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise GradebookError(f"{where}: cannot read it: {exc.strerror or exc}") from None
    if len(raw) > ROSTER_MAX_BYTES:
        raise GradebookError(f"{where}: over {ROSTER_MAX_BYTES // 2**20} MB, not a roster")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GradebookError(f"{where}: not UTF-8 text (byte {exc.start}); save it as CSV UTF-8") from None
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        records = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise GradebookError(f"{where}: not a CSV file: {exc}") from None
    records = [(n, row) for n, row in records if any(c.strip() for c in row)]
    if not records:
        raise GradebookError(f"{where}: the file is empty; it needs a header row and one row per student")
    columns = _columns(records[0][1], where)
    fields = tuple(f for f in FIELDS if f in columns or (f == "name" and "first_name" in columns))
    if not any(k in fields for k in KEYS):
        raise GradebookError(f"{where}: no column to match students by: it needs one of folder, login (or "
                             "SIS Login ID, Username), sis_id (SIS User ID, ID number), id, email or name "
                             "(README: Gradebook)")
    rows = []
    for line, cells in records[1:]:
        row = _row(line, cells, columns)
        if row is not None:
            rows.append(row)
    if not rows:
        raise GradebookError(f"{where}: no students, only a header")
    _check_rows(rows, where)
    return Roster(path, fields, tuple(rows))


def _columns(header: list[str], where: str) -> dict[str, int]:
    """Field -> column index, from the header row."""
    out: dict[str, int] = {}
    for i, cell in enumerate(header):
        key = " ".join(cell.strip().lower().replace("_", " ").split())
        name = _HEADERS.get(key) or _HEADERS.get(key.replace(" ", ""))
        if name is None:
            continue
        if name in out:
            raise GradebookError(f"{where}: two columns give the {name.replace('_', ' ')}: "
                                 f"{header[out[name]].strip()!r} and {cell.strip()!r}")
        out[name] = i
    return out


def _row(line: int, cells: list[str], columns: dict[str, int]) -> RosterRow | None:
    """One roster row, or None for the rows Canvas's export adds that are not students."""
    def get(name: str) -> str:
        i = columns.get(name)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    name = get("name") or " ".join(x for x in (get("first_name"), get("last_name")) if x)
    if "Points Possible" in (cells[0] if cells else "") or all(_CANVAS_SKIPPED_ROW.match(c) for c in cells):
        return None
    if norm(name) in _CANVAS_TEST_STUDENT:
        return None
    return RosterRow(line, get("folder"), name, get("id"), get("sis_id"), get("login"), get("email"), get("section"))


def _check_rows(rows: list[RosterRow], where: str) -> None:
    seen: dict[tuple[str, str], RosterRow] = {}
    for row in rows:
        if not any(row.value(k) for k in KEYS):
            raise GradebookError(f"{where} line {row.line}: no folder, login, sis_id, id, email or name to "
                                 "match the student by")
        if row.id and not re.fullmatch(r"[0-9]+", row.id):  # Canvas reads the ID with to_i
            raise GradebookError(f"{where} line {row.line}: id {row.id!r} is not a number: id is the LMS's own "
                                 "user id (Canvas's ID column); put a student number in sis_id")
        for key in UNIQUE:
            value = row.value(key)
            if not value:
                continue
            other = seen.setdefault((key, norm(value)), row)
            if other is not row:
                raise GradebookError(f"{where}: {key.replace('_', ' ')} {value!r} is on two rows, lines "
                                     f"{other.line} and {row.line} (compared ignoring case and surrounding spaces)")


# --------------------------------------------------------------------------- the plan, checked before grading


@dataclass
class Gradebook:
    """What was asked (formats, roster, column titles), checked; :meth:`write` makes the files."""

    formats: tuple[str, ...]
    roster: Roster | None
    titles: dict[str, str]  #: assignment -> column title, where the course gave one
    moodle_identity: tuple[tuple[str, str], ...] = ()  #: (field, header) Moodle can match every row by
    report: Report | None = None  #: filled by :meth:`write`

    def write(self, run: RunResult, out: Path) -> list[Path]:
        """The gradebook files and the roster report under ``out``; the paths written."""
        from grader.output import _atomic_write

        self.report = report = build(run, self.roster)
        written = []
        for fmt in self.formats:
            text = (canvas_csv if fmt == "canvas" else moodle_csv)(report, self.titles, self.moodle_identity)
            path = out / f"gradebook-{fmt}.csv"
            _atomic_write(path, text)
            written.append(path)
        if self.roster is not None:
            for name, text in (("roster-report.csv", roster_report_csv(report)),
                               ("roster-report.json", roster_report_json(report, self.roster))):
                _atomic_write(out / name, text)
                written.append(out / name)
        return written

    def notice(self, out: Path | None = None) -> list[str]:
        """What to tell the person running the grader, one line per student worth naming."""
        report = self.report
        if report is None:
            return []
        lines = []
        where = f" ({out / 'roster-report.csv'})" if out is not None and self.roster is not None else ""
        if self.roster is None:
            if self.formats:
                lines.append("gradebook: no --roster, so each row is the grader's folder name (Canvas: Student and "
                             "SIS Login ID; Moodle: Username); pass --roster to match folders to LMS users")
        else:
            counts = report.counts()
            lines.append(f"roster: {counts['roster']} students in {self.roster.path}: {counts['submitted']} submitted, "
                         f"{counts['missing']} missing, {counts['incomplete']} missing some assignments; "
                         f"{counts['not_in_roster']} student(s) not in the roster{where}")
            for row in report.rows:
                if not row.students:
                    lines.append(f"  missing: {row.roster.who()}: no submission")
                elif row.missing:
                    lines.append(f"  missing: {row.roster.who()}: {', '.join(row.missing)}")
            for extra in report.not_in_roster:
                lines.append(f"  not in the roster: {extra.student}: {extra.reason} (not in the gradebook)")
        for row in report.rows:
            for note in row.ungraded:
                lines.append(f"  not graded: {row.label()}: {note}")
        for fmt in self.formats:
            lines.append(f"gradebook: {fmt}: {len(report.rows)} students, columns "
                         + ", ".join(repr(self.titles.get(a, a)) for a in report.assignments)
                         + (f" -> {out / f'gradebook-{fmt}.csv'}" if out is not None else ""))
        return lines


def plan(roster: Path | None, formats: list[str], columns: list[str],
         assignments: tuple[str, ...]) -> Gradebook | None:
    """The gradebook asked for on the command line, checked, or None when nothing was asked."""
    formats_t = tuple(dict.fromkeys(formats))
    for fmt in formats_t:
        if fmt not in FORMATS:
            raise GradebookError(f"--gradebook {fmt}: not a format; choose from {', '.join(FORMATS)}")
    if columns and not formats_t:
        raise GradebookError("--gradebook-column needs --gradebook canvas or --gradebook moodle")
    if roster is None and not formats_t:
        return None
    titles = parse_columns(columns, assignments, formats_t)
    book = Gradebook(formats_t, read_roster(roster) if roster is not None else None, titles)
    if book.roster is not None:
        rows = book.roster.rows
        if "canvas" in formats_t:
            for row in rows:
                if not (row.id or row.sis_id or row.login or row.name):
                    raise GradebookError(f"--gradebook canvas: --roster {roster} line {row.line} has no id, sis_id, "
                                         "login or name, the fields Canvas matches a student by")
        if "moodle" in formats_t:
            book.moodle_identity = tuple((f, h) for f, h in MOODLE_IDENTITY if all(r.value(f) for r in rows))
            if not book.moodle_identity:
                raise GradebookError(f"--gradebook moodle: --roster {roster} has no column filled on every row "
                                     "among login (Username), sis_id (ID number) and email (Email address): "
                                     "Moodle stops the whole import at a row it cannot match")
    elif "moodle" in formats_t:
        book.moodle_identity = (("folder", "Username"),)
    return book


def parse_columns(specs: list[str], assignments: tuple[str, ...], formats: tuple[str, ...] = FORMATS) -> dict[str, str]:
    """``--gradebook-column ASSIGNMENT=TITLE`` options -> {assignment: title}, checked."""
    titles: dict[str, str] = {}
    for spec in specs:
        assignment, sep, title = spec.partition("=")
        assignment, title = assignment.strip(), title.strip()
        where = f"--gradebook-column {spec!r}"
        if not sep or not assignment or not title:
            raise GradebookError(f"{where}: write ASSIGNMENT=TITLE, e.g. hw2=\"Assignment 2 (12345)\"")
        if assignment not in assignments:
            raise GradebookError(f"{where}: no assignment {assignment!r}; choose from {', '.join(assignments)}")
        if assignment in titles:
            raise GradebookError(f"{where}: {assignment} was given a column title twice")
        if printable(title) != title or "\n" in title or "\t" in title:
            raise GradebookError(f"{where}: the title has a control character")
        if "canvas" in formats:
            if title in CANVAS_RESERVED:
                raise GradebookError(f"{where}: {title!r} is one of Canvas's own columns")
            hit = next((x for x in CANVAS_NOT_ASSIGNMENT if x in title), None)
            if hit:
                raise GradebookError(f"{where}: Canvas ignores every column whose title contains {hit!r}")
        if "moodle" in formats and norm(title) in {norm(h) for _, h in MOODLE_IDENTITY} | {norm(MOODLE_NAME)}:
            raise GradebookError(f"{where}: {title!r} is one of the gradebook's identity columns")
        titles[assignment] = title
    seen: dict[str, str] = {}
    for assignment in assignments:
        title = norm(titles.get(assignment, assignment))
        if title in seen:
            raise GradebookError(f"--gradebook-column: {seen[title]} and {assignment} would have the same column "
                                 f"title {titles.get(assignment, assignment)!r}")
        seen[title] = assignment
    return titles


# --------------------------------------------------------------------------- matching and the report


@dataclass
class Row:
    """One gradebook row: a roster row (or, without a roster, a folder) and what it scored."""

    roster: RosterRow
    students: list[str] = field(default_factory=list)  #: the grader's students matched to it
    matched_by: str = ""  #: the roster field that matched (``folder`` without a roster)
    points: dict[str, float | None] = field(default_factory=dict)  #: assignment -> points; None: grade by hand
    missing: list[str] = field(default_factory=list)  #: assignments with no submission
    notes: list[str] = field(default_factory=list)
    ungraded: list[str] = field(default_factory=list)  #: cells left empty because the grader failed
    from_folder: bool = False  #: identity made from a folder name (student-chosen text)

    def label(self) -> str:
        return self.roster.who() if not self.from_folder else self.students[0]

    @property
    def status(self) -> str:
        """``submitted`` (every assignment of the run), ``incomplete`` (some) or ``missing`` (none)."""
        if not self.points:
            return "missing"
        return "incomplete" if self.missing else "submitted"


@dataclass
class NotInRoster:
    student: str
    paths: list[str]
    reason: str
    lines: list[int] = field(default_factory=list)  #: roster lines it matched ambiguously


@dataclass
class Report:
    assignments: list[str]
    rows: list[Row]
    not_in_roster: list[NotInRoster]

    def counts(self) -> dict[str, int]:
        statuses = [r.status for r in self.rows]
        return {"roster": len(self.rows), "submitted": statuses.count("submitted"),
                "incomplete": statuses.count("incomplete"), "missing": statuses.count("missing"),
                "not_in_roster": len(self.not_in_roster)}


def points(sub: SubmissionResult) -> float | None:
    """A submission's gradebook points out of 100: 0 when the student's file could not be graded (as in
    grades.csv), None when the grader itself failed (the cell stays empty: grade by hand)."""
    if sub.internal_errors:
        return None
    if sub.status != "graded" or not finite(sub.max_score):
        return 0.0
    return round(min(max(finite(sub.score) * POINTS_POSSIBLE / finite(sub.max_score), 0.0), POINTS_POSSIBLE), 2)


def match(students: list[str], roster: Roster) -> tuple[dict[str, tuple[int, str]], dict[str, tuple[str, list[int]]]]:
    """The matching rule (module docstring): student -> (row index, field), and the ambiguous ones:
    student -> (field, row indexes)."""
    index: dict[str, dict[str, list[int]]] = {k: {} for k in KEYS}
    for i, row in enumerate(roster.rows):
        for key in KEYS:
            if row.value(key):
                index[key].setdefault(norm(row.value(key)), []).append(i)
    matched: dict[str, tuple[int, str]] = {}
    ambiguous: dict[str, tuple[str, list[int]]] = {}
    for student in students:
        wanted = norm(student)
        for key in KEYS:
            hits = index[key].get(wanted, [])
            if len(hits) == 1:
                matched[student] = (hits[0], key)
                break
            if len(hits) > 1:
                ambiguous[student] = (key, hits)
                break
    return matched, ambiguous


def build(run: RunResult, roster: Roster | None) -> Report:
    """Rows, cells, missing and not-in-roster students, from the run and the roster."""
    by_student: dict[str, list[SubmissionResult]] = {}
    for sub in run.submissions:
        by_student.setdefault(sub.student, []).append(sub)
    assignments = sorted({s.assignment for s in run.submissions if s.assignment})
    not_in: list[NotInRoster] = []
    if roster is None:
        rows = [Row(RosterRow(0, folder=s), [s], "folder", from_folder=True)
                for s in sorted(by_student, key=lambda s: (s.casefold(), s))
                if any(sub.assignment for sub in by_student[s])]
    else:
        rows = [Row(r) for r in roster.rows]
        matched, ambiguous = match(list(by_student), roster)
        for student in sorted(by_student, key=lambda s: (s.casefold(), s)):
            paths = [s.path for s in by_student[student]]
            if student in matched:
                i, key = matched[student]
                rows[i].students.append(student)
                rows[i].matched_by = rows[i].matched_by or key
                if key != "folder" and rows[i].roster.folder:
                    rows[i].notes.append(f"{student!r} matched by {key.replace('_', ' ')}, not by the roster's "
                                         f"folder {rows[i].roster.folder!r}")
            elif student in ambiguous:
                key, hits = ambiguous[student]
                lines = [roster.rows[i].line for i in hits]
                not_in.append(NotInRoster(student, paths, f"its {key.replace('_', ' ')} is on {len(hits)} roster rows "
                                          f"(lines {', '.join(map(str, lines))}); give each a folder", lines))
            else:
                not_in.append(NotInRoster(student, paths, "no roster row has this folder, login, sis_id, id, email "
                                          "or name"))
    for row in rows:
        subs = [s for st in row.students for s in by_student[st]]
        if len(row.students) > 1:
            row.notes.append(f"{len(row.students)} folders matched this row ({', '.join(map(repr, row.students))}); "
                             "best score kept")
        for a in assignments:
            mine = [s for s in subs if s.assignment == a]
            if not mine:
                row.missing.append(a)
                continue
            values = [points(s) for s in mine]
            known = [v for v in values if v is not None]
            row.points[a] = max(known) if known else None
            if not known:
                row.ungraded.append(f"{a}: the grader failed on it (results.json); grade it by hand")
            if len(mine) > 1:
                row.notes.append(f"{a}: {len(mine)} submissions, best score kept")
            for s in mine:
                if s.status != "graded" and not s.internal_errors:
                    row.notes.append(f"{a}: {s.status} (0 points)")
        only = [Path(s.path).name for s in subs if not s.assignment]
        if only and not row.points:
            row.notes.append("only files that match no assignment: " + ", ".join(only))
    return Report(assignments, rows, not_in)


# --------------------------------------------------------------------------- the files


def _defused(text: str) -> str:
    """Student-chosen text (a folder name) for a spreadsheet cell: printable, never a formula."""
    text = printable(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _cell(value: float | None) -> str:
    return "" if value is None else fmt_num(value, 2)


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)  # RFC 4180, as both LMSs' import pages ask
    return out.getvalue()


def canvas_csv(report: Report, titles: dict[str, str], _identity=()) -> str:
    """Canvas's gradebook import format: ``Student, ID, SIS User ID, SIS Login ID, Section``, one column per
    assignment, then a ``Points Possible`` row, then one row per student (empty cell: no score)."""
    header = [*CANVAS_IDENTITY, *(titles.get(a, a) for a in report.assignments)]
    lines = [header, ["Points Possible", "", "", "", "", *(str(POINTS_POSSIBLE) for _ in report.assignments)]]
    for row in report.rows:
        r = row.roster
        if row.from_folder:
            name = login = _defused(r.folder)
        else:
            name, login = r.name, r.login
        if "Points Possible" in name:  # Canvas would read the row as its points row
            name = ""
        lines.append([name, r.id, r.sis_id, login, r.section,
                      *(_cell(row.points.get(a)) for a in report.assignments)])
    return _csv(lines)


def moodle_csv(report: Report, titles: dict[str, str], identity: tuple[tuple[str, str], ...]) -> str:
    """Moodle's "Import grades from CSV": identity columns first (map one of them in Moodle's "Map from"),
    the full name (ignored), then one column per grade item; an empty cell is no grade."""
    identity = identity or (("folder", "Username"),)
    header = [*(h for _, h in identity), MOODLE_NAME, *(titles.get(a, a) for a in report.assignments)]
    lines = [header]
    for row in report.rows:
        r = row.roster
        ids = [_defused(r.folder) if row.from_folder else r.value(f) for f, _ in identity]
        name = _defused(r.folder) if row.from_folder else r.name
        lines.append([*ids, name, *(_cell(row.points.get(a)) for a in report.assignments)])
    return _csv(lines)


def roster_report_csv(report: Report) -> str:
    """One row per roster row (status submitted, incomplete or missing), then one per student not in it."""
    header = ["status", "line", "name", "folder", "id", "sis_id", "login", "email", "section", "matched_by",
              "folders", "missing", *report.assignments, "notes"]
    lines = [header]
    for row in report.rows:
        r = row.roster
        lines.append([row.status, str(r.line), r.name, r.folder, r.id, r.sis_id, r.login, r.email, r.section,
                      row.matched_by, _defused("; ".join(row.students)), "; ".join(row.missing),
                      *(_cell(row.points.get(a)) for a in report.assignments),
                      _defused("; ".join(row.notes + row.ungraded))])
    for extra in report.not_in_roster:
        lines.append(["not in roster", "", "", "", "", "", "", "", "", "", _defused(extra.student), "",
                      *("" for _ in report.assignments), _defused(f"{extra.reason}: {'; '.join(extra.paths)}")])
    return _csv(lines)


def roster_report_json(report: Report, roster: Roster) -> str:
    from .tables import dumps_strict

    data = {
        "roster": str(roster.path),
        "rule": "a student is matched by folder, then login, sis_id, id, email, name (NFC, trimmed, ignoring case); "
                "the first field with that value decides; two rows with it: ambiguous, not matched",
        "points_possible": POINTS_POSSIBLE,
        "assignments": report.assignments,
        "counts": report.counts(),
        "students": [{"status": row.status, "line": row.roster.line,
                      **{f: row.roster.value(f) for f in FIELDS},
                      "matched_by": row.matched_by, "folders": row.students, "missing": row.missing,
                      "points": {a: row.points[a] for a in report.assignments if a in row.points},
                      "notes": row.notes + row.ungraded}
                     for row in report.rows],
        "not_in_roster": [{"student": e.student, "paths": e.paths, "reason": e.reason, "lines": e.lines}
                          for e in report.not_in_roster],
    }
    return dumps_strict(data) + "\n"
