"""The gradebook (``--gradebook canvas|moodle``) and the roster report (``--roster``).

The CSV files are read back by parsers that follow the LMSs' own import code, written here from it
(not from reports/gradebook.py):

- Canvas: ``GradebookImporter`` (app/models/gradebook_importer.rb) and ``process_gradebook_upload.js``
  in instructure/canvas-lms: the header row must start ``Student, ID`` and its last student column
  must be ``Section``; columns whose title contains ``Current Score``, ``Final Grade``... are not
  assignments; an assignment column is ``Title`` or ``Title (id)``; a row whose first cell contains
  ``Points Possible`` gives the points; a student is found by ID, else SIS User ID, else SIS Login
  ID, else by name; an unknown student must be resolved by hand.
- Moodle: ``gradeimport_csv_load_data::prepare_import_grade_data`` (grade/import/csv): headers trimmed;
  each row's user is looked up by the one column mapped in "Map from" to id, username, idnumber or
  email, and a row whose user is blank or unknown aborts the whole import; a grade is a number, ``''``
  or ``-`` (no grade), at most 100.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from conftest import ROOT
from grader import registry
from grader.results import RunResult, SubmissionResult
from reports import gradebook
from reports.gradebook import GradebookError

# --------------------------------------------------------------------------- Canvas's import rules

#: GradebookImporter::NON_ASSIGNMENT_COLUMN_HEADERS, matched anywhere in a title.
_CANVAS_NOT_ASSIGNMENT = re.compile("Current Score|Current Points|Current Grade|Final Score|Final Points|"
                                    "Final Grade|Override Score|Override Grade|Override Status")


class CanvasImportError(Exception):
    pass


def _ruby_to_i(text: str) -> int:
    m = re.match(r"\s*([-+]?\d+)", text)
    return int(m.group(1)) if m else 0


def canvas_import(text: str, students: list[dict], assignments: dict[int, str]) -> dict:
    """What Canvas's gradebook import makes of ``text`` for a course with these students (dicts with
    id, name, sortable_name, sis_user_id, login) and assignments (id -> title)."""
    lines = text.splitlines()

    def fields(sep: str) -> int:  # identify_delimiter: the same field count on the first 3 lines
        counts = {len(next(csv.reader([ln], delimiter=sep))) for ln in lines[:3]}
        return counts.pop() if len(counts) == 1 else 0

    sep = ";" if fields(";") > fields(",") else ","
    rows = [r for r in csv.reader(io.StringIO(text, newline=""), delimiter=sep)
            if not re.fullmatch(r"[;, ]+", sep.join(r)) and r]
    header = rows[0]
    if not (len(header) > 3 and "Student" in header[0] and "ID" in header[1]):
        raise CanvasImportError("Invalid header row")
    ncols, sis_col, login_col = 3, None, None
    if re.search(r"SIS\s+Login\s+ID", header[2]):
        login_col, ncols = 2, 4
    elif re.search(r"SIS\s+User\s+ID", header[2]) and re.search(r"SIS\s+Login\s+ID", header[3]):
        extra = 1 if len(header) > 4 and re.search(r"Integration\s+ID", header[4]) else 0
        sis_col, login_col, ncols = 2, 3, ncols + 2 + extra
    if "Section" not in header[ncols - 1]:
        raise CanvasImportError("Invalid header row")
    columns: dict[str, int] = {}
    for i, title in enumerate(header[ncols:], start=ncols):
        if _CANVAS_NOT_ASSIGNMENT.search(title):
            continue
        m = re.fullmatch(r"(.*)\s\((\d+)\)", title)  # Assignment.title_and_id
        known = assignments.get(int(m.group(2))) if m else None
        known = known or next((t for t in assignments.values() if t == title), None)
        columns[known or f"NEW: {title}"] = i
    points: dict[str, str] = {}
    grades: dict[int, dict[str, str]] = {}
    unknown: list[list[str]] = []
    for row in rows[1:]:
        if "Points Possible" in row[0]:
            points = {a: row[i] for a, i in columns.items()}
            continue
        if all(re.fullmatch(r"\s*(Muted|Manual Posting.*)?\s*", c, re.IGNORECASE) for c in row):
            continue
        student = None
        if row[1].strip():
            student = next((s for s in students if s["id"] == _ruby_to_i(row[1])), None)
        if student is None and sis_col is not None and row[sis_col]:
            student = next((s for s in students if s["sis_user_id"] == row[sis_col]), None)
        if student is None and login_col is not None and row[login_col]:
            student = next((s for s in students if s["login"] == row[login_col]), None)
        if student is None:
            student = next((s for s in students if row[0] in (s["name"], s["sortable_name"])), None)
        if student is None:
            unknown.append(row)
            continue
        if student["id"] in grades:
            raise CanvasImportError(f"student {student['id']} is on two rows")
        grades[student["id"]] = {a: row[i].strip() for a, i in columns.items()}
    return {"points": points, "grades": grades, "unknown": unknown, "columns": list(columns)}


def check_canvas_cells(result: dict) -> None:
    """Canvas's posted_grade for a points assignment: a number within the points possible, or empty."""
    assert list(result["points"]) == result["columns"]  # a Points Possible row, a value for every assignment
    for a, pp in result["points"].items():
        assert pp == "100", (a, pp)
    for row in result["grades"].values():
        for a, grade in row.items():
            assert grade == "" or 0 <= float(grade) <= 100, (a, grade)


# --------------------------------------------------------------------------- Moodle's import rules

_MOODLE_FIELDS = {"userid": "id", "username": "username", "useridnumber": "idnumber", "useremail": "email"}


class MoodleImportError(Exception):
    pass


def moodle_import(text: str, users: list[dict], map_from: str, map_to: str, items: dict[str, str]) -> dict:
    """What Moodle's CSV grade import makes of ``text``: users (dicts with id, username, idnumber,
    email), the header mapped in "Map from" to a user field, and grade columns (header -> item)."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = [h.strip() for h in rows[0]]
    col = header.index(map_from)
    user_field = _MOODLE_FIELDS[map_to]
    out: dict[int, dict[str, float | None]] = {}
    for line in rows[1:]:
        if len(line) <= 1:
            continue
        value = line[col].strip()
        user = next((u for u in users if value and u[user_field] == value), None) if value else None
        if user is None:
            raise MoodleImportError(f"usermappingerrorusernotfound: {value!r}")  # the whole import stops
        grades = {}
        for head, item in items.items():
            cell = line[header.index(head)].strip()
            if cell in ("", "-"):
                grades[item] = None
                continue
            if not re.fullmatch(r"-?\d+([.,]\d+)?", cell):
                raise MoodleImportError(f"badgrade: {cell!r}")
            grade = float(cell.replace(",", "."))
            if grade > 100:
                raise MoodleImportError("gradevaluetoobig")
            grades[item] = grade
        out[user["id"]] = grades
    return out


# --------------------------------------------------------------------------- helpers


def sub(student: str, assignment: str, score: float = 100.0, status: str = "graded", **kw) -> SubmissionResult:
    return SubmissionResult(student, assignment, f"submissions/{student}/{assignment}.py", status, score=score,
                            max_score=100.0, **kw)


def write(tmp_path: Path, text: str, name: str = "roster.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def files(book: gradebook.Gradebook, run: RunResult, out: Path) -> dict[str, str]:
    book.write(run, out)
    return {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()}


ROSTER = """folder,name,id,sis_id,login,email,section
alice,Alice Smith,101,S001,asmith,alice@uni.edu,A
,Bob Li,102,S002,bli,bob@uni.edu,A
carol,Carol Diaz,103,S003,cdiaz,carol@uni.edu,B
"""
COURSE = [  # the same students as Canvas knows them
    {"id": 101, "name": "Alice Smith", "sortable_name": "Smith, Alice", "sis_user_id": "S001", "login": "asmith"},
    {"id": 102, "name": "Bob Li", "sortable_name": "Li, Bob", "sis_user_id": "S002", "login": "bli"},
    {"id": 103, "name": "Carol Diaz", "sortable_name": "Diaz, Carol", "sis_user_id": "S003", "login": "cdiaz"},
]
MOODLE_USERS = [
    {"id": 7, "username": "asmith", "idnumber": "S001", "email": "alice@uni.edu"},
    {"id": 8, "username": "bli", "idnumber": "S002", "email": "bob@uni.edu"},
    {"id": 9, "username": "cdiaz", "idnumber": "S003", "email": "carol@uni.edu"},
]
TITLES = ["linear_regression=Assignment 1: Linear regression (555)", "xor_mlp=Assignment 2: XOR (556)"]


@pytest.fixture
def run() -> RunResult:
    """alice: both assignments; bob (folder bli: his login): one, a wrong one; carol: nothing;
    zed: not in the roster."""
    return RunResult([sub("alice", "linear_regression"), sub("alice", "xor_mlp", 87.5),
                      sub("bli", "linear_regression", 45.0), sub("zed", "xor_mlp", 60.0)])


# --------------------------------------------------------------------------- Canvas and Moodle read it back


def test_canvas_reads_the_gradebook_back(tmp_path, run):
    book = gradebook.plan(write(tmp_path, ROSTER), ["canvas"], TITLES, registry.names())
    text = files(book, run, tmp_path / "out")["gradebook-canvas.csv"]
    assert text.splitlines()[0] == ("Student,ID,SIS User ID,SIS Login ID,Section,"
                                    "Assignment 1: Linear regression (555),Assignment 2: XOR (556)")
    got = canvas_import(text, COURSE, {555: "Assignment 1: Linear regression", 556: "Assignment 2: XOR"})
    check_canvas_cells(got)
    assert got["columns"] == ["Assignment 1: Linear regression", "Assignment 2: XOR"]  # matched by id, none new
    assert got["unknown"] == []  # every row is a student of the course
    assert got["grades"] == {
        101: {"Assignment 1: Linear regression": "100", "Assignment 2: XOR": "87.5"},
        102: {"Assignment 1: Linear regression": "45", "Assignment 2: XOR": ""},  # no submission: empty
        103: {"Assignment 1: Linear regression": "", "Assignment 2: XOR": ""},  # missing: a row, empty cells
    }
    assert "zed" not in text  # not in the roster: reported, never a row Canvas would have to resolve


def test_moodle_reads_the_gradebook_back_by_each_identity_column(tmp_path, run):
    book = gradebook.plan(write(tmp_path, ROSTER), ["moodle"], TITLES, registry.names())
    text = files(book, run, tmp_path / "out")["gradebook-moodle.csv"]
    header = next(csv.reader([text.splitlines()[0]]))
    assert header[:3] == ["Username", "ID number", "Email address"]
    items = {"Assignment 1: Linear regression (555)": "lr", "Assignment 2: XOR (556)": "xor"}
    expected = {7: {"lr": 100.0, "xor": 87.5}, 8: {"lr": 45.0, "xor": None}, 9: {"lr": None, "xor": None}}
    for map_from, map_to in (("Username", "username"), ("ID number", "useridnumber"), ("Email address", "useremail")):
        assert moodle_import(text, MOODLE_USERS, map_from, map_to, items) == expected


def test_a_canvas_gradebook_export_is_a_roster(tmp_path):
    export = ('Student,ID,SIS User ID,SIS Login ID,Section,Assignment 1 (555),Current Score,Final Score\n'
              '    Points Possible,,,,,100,(read only),(read only)\n'
              ',,,,,Manual Posting,,\n'
              '"Smith, Alice",101,S001,asmith,A,,0,0\n'
              '"Li, Bob",102,S002,bli,A,,0,0\n'
              '"Diaz, Carol",103,S003,cdiaz,B,,0,0\n'
              '"Student, Test",999,,0f3a9c,A,,0,0\n')
    roster = gradebook.read_roster(write(tmp_path, "\ufeff" + export))  # Excel's byte order mark too
    assert [r.login for r in roster.rows] == ["asmith", "bli", "cdiaz"]  # no points row, posting row, test student
    run = RunResult([sub("ASmith", "linear_regression", 90.0), sub("S002", "linear_regression", 45.0)])
    book = gradebook.plan(tmp_path / "roster.csv", ["canvas"], ["linear_regression=Assignment 1 (555)"],
                          registry.names())
    out = files(book, run, tmp_path / "out")
    got = canvas_import(out["gradebook-canvas.csv"], COURSE, {555: "Assignment 1"})
    check_canvas_cells(got)
    assert got["grades"] == {101: {"Assignment 1": "90"}, 102: {"Assignment 1": "45"}, 103: {"Assignment 1": ""}}
    report = json.loads(out["roster-report.json"])
    assert [(s["login"], s["matched_by"], s["status"]) for s in report["students"]] == [
        ("asmith", "login", "submitted"), ("bli", "sis_id", "submitted"), ("cdiaz", "", "missing")]


def test_without_a_roster_the_folder_is_the_identity_and_it_says_so(tmp_path):
    run = RunResult([sub("asmith", "linear_regression", 70.0), sub("bli", "linear_regression", 45.0),
                     SubmissionResult("bli", "", "submissions/bli/notes.py", "unrecognised"),
                     SubmissionResult("nobody", "", "submissions/nobody/notes.py", "unrecognised")])
    book = gradebook.plan(None, ["canvas", "moodle"], [], registry.names())
    out = files(book, run, tmp_path / "out")
    assert "roster-report.csv" not in out
    got = canvas_import(out["gradebook-canvas.csv"], COURSE, {})
    check_canvas_cells(got)
    assert got["grades"] == {101: {"NEW: linear_regression": "70"}, 102: {"NEW: linear_regression": "45"}}
    assert moodle_import(out["gradebook-moodle.csv"], MOODLE_USERS, "Username", "username",
                         {"linear_regression": "lr"}) == {7: {"lr": 70.0}, 8: {"lr": 45.0}}
    assert any("no --roster" in line and "folder name" in line for line in book.notice())


# --------------------------------------------------------------------------- the roster report


def test_a_renamed_folder_and_a_missing_student_are_both_reported(tmp_path):
    roster = write(tmp_path, "folder,name,login\nalice,Alice Smith,asmith\nbob,Bob Li,bli\ncarol,Carol Diaz,cdiaz\n")
    run = RunResult([sub("alice-v2", "linear_regression"), sub("bob", "linear_regression", 45.0)])
    book = gradebook.plan(roster, ["canvas"], [], registry.names())
    out = files(book, run, tmp_path / "out")
    report = json.loads(out["roster-report.json"])
    assert [(s["folder"], s["status"]) for s in report["students"]] == [
        ("alice", "missing"), ("bob", "submitted"), ("carol", "missing")]
    assert [e["student"] for e in report["not_in_roster"]] == ["alice-v2"]
    assert report["counts"] == {"roster": 3, "submitted": 1, "incomplete": 0, "missing": 2, "not_in_roster": 1}
    table = list(csv.DictReader(io.StringIO(out["roster-report.csv"])))
    assert [(r["status"], r["folder"] or r["folders"]) for r in table] == [
        ("missing", "alice"), ("submitted", "bob"), ("missing", "carol"), ("not in roster", "alice-v2")]
    notice = book.notice()
    assert sum(line.strip().startswith("missing: Alice Smith") for line in notice) == 1
    assert sum(line.strip().startswith("missing: Carol Diaz") for line in notice) == 1
    assert sum(line.strip().startswith("not in the roster: alice-v2") for line in notice) == 1
    assert "alice-v2" not in out["gradebook-canvas.csv"]  # never guessed into Alice's row


def test_matching_rule(tmp_path):
    roster = write(tmp_path, "folder,name,login,email\n"
                             "  Alice ,Alice Smith,asmith,a@uni.edu\n"  # folder trimmed, any case
                             ",José Núñez,jnunez,j@uni.edu\n"
                             ",Wei Zhang,wzhang1,w1@uni.edu\n"
                             ",Wei Zhang,wzhang2,w2@uni.edu\n"
                             "bob,Bob Li,carol,b@uni.edu\n"  # bob's login is another student's folder name
                             "carol,Carol Diaz,cdiaz,c@uni.edu\n")
    nfd = unicodedata.normalize("NFD", "JOSÉ NÚÑEZ")  # as a Mac names a folder
    students = ["ALICE", nfd, "wei zhang", "carol", "W2@UNI.EDU", "bli"]
    matched, ambiguous = gradebook.match(students, gradebook.read_roster(roster))
    assert matched == {"ALICE": (0, "folder"), nfd: (1, "name"), "carol": (5, "folder"), "W2@UNI.EDU": (3, "email")}
    assert ambiguous == {"wei zhang": ("name", [2, 3])}  # two rows: reported, not guessed
    assert "bli" not in matched  # nothing partial: no prefix, no e-mail local part


def test_two_folders_for_one_student_keep_the_best_score_and_say_so(tmp_path):
    roster = write(tmp_path, "folder,name,login\nalice,Alice Smith,asmith\n")
    run = RunResult([sub("alice", "linear_regression", 40.0), sub("asmith", "linear_regression", 90.0)])
    book = gradebook.plan(roster, ["canvas"], [], registry.names())
    out = files(book, run, tmp_path / "out")
    assert out["gradebook-canvas.csv"].splitlines()[2].endswith(",90")
    notes = json.loads(out["roster-report.json"])["students"][0]["notes"]
    assert any("2 folders matched" in n for n in notes) and any("matched by login" in n for n in notes)


def test_cells_for_ungraded_submissions(tmp_path):
    roster = write(tmp_path, "folder,login\na,a\nb,b\nc,c\n")
    run = RunResult([sub("a", "linear_regression", 0.0, status="timeout"),
                     sub("b", "linear_regression", 0.0, status="error", internal_errors=["check: KeyError"]),
                     sub("c", "linear_regression", 99.994)])
    book = gradebook.plan(roster, ["canvas"], [], registry.names())
    out = files(book, run, tmp_path / "out")
    cells = [line.rsplit(",", 1)[1] for line in out["gradebook-canvas.csv"].splitlines()[2:]]
    assert cells == ["0", "", "99.99"]  # the student's failure: 0; the grader's: empty, grade by hand
    assert any(line.strip().startswith("not graded: b") for line in book.notice())


def test_student_chosen_names_stay_data(tmp_path):
    run = RunResult([sub("=HYPERLINK(1)", "linear_regression"), sub("Points Possible", "linear_regression", 50.0)])
    book = gradebook.plan(None, ["canvas"], [], registry.names())
    text = files(book, run, tmp_path / "out")["gradebook-canvas.csv"]
    course = [{"id": 1, "name": "x", "sortable_name": "x", "sis_user_id": "", "login": "Points Possible"}]
    got = canvas_import(text, course, {})
    assert got["points"] == {"NEW: linear_regression": "100"}  # still one points row: the student's is a student
    assert got["grades"] == {1: {"NEW: linear_regression": "50"}}
    assert "'=HYPERLINK(1)" in text and "\n=HYPERLINK" not in text


# --------------------------------------------------------------------------- bad input: one line, before grading


@pytest.mark.parametrize("content, message", [
    (None, "cannot read it"),
    (b"folder,name\n\xe9t\xe9,x\n", "not UTF-8"),
    (b"student number,grade\n1,2\n", "no column to match students by"),
    (b"folder,name\nalice,A\nALICE ,B\n", "folder 'ALICE' is on two rows, lines 2 and 3"),
    (b"folder,login\na,x\nb,X\n", "login 'X' is on two rows"),
    (b"folder,id\na,s123\n", "is not a number"),
    ("folder,id\na,\u0661\u0662\n".encode(), "is not a number"),  # Arabic-Indic digits: Canvas's to_i reads 0
    (b"folder,login\n", "no students"),
    (b"folder,login,username\na,b,c\n", "two columns give the login"),
    (b"folder,section\na,\n,B\n", "line 3: no folder, login"),
])
def test_a_bad_roster_is_one_clear_error(tmp_path, content, message):
    path = tmp_path / "roster.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(GradebookError, match=re.escape(message)) as err:
        gradebook.plan(path, ["canvas"], [], registry.names())
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("formats, columns, message", [
    (["canvas"], ["xor=A"], "no assignment 'xor'"),
    (["canvas"], ["xor_mlp"], "ASSIGNMENT=TITLE"),
    (["canvas"], ["xor_mlp=Final Grade (3)"], "contains 'Final Grade'"),
    (["canvas"], ["xor_mlp=Section"], "Canvas's own columns"),
    (["moodle"], ["xor_mlp=Username"], "identity columns"),
    (["canvas"], ["xor_mlp=A", "rnn=a"], "the same column title"),
    ([], ["xor_mlp=A"], "needs --gradebook"),
])
def test_bad_columns_are_one_clear_error(formats, columns, message):
    with pytest.raises(GradebookError, match=re.escape(message)):
        gradebook.plan(None, formats, columns, registry.names())


def test_moodle_needs_an_identity_on_every_row(tmp_path):
    roster = write(tmp_path, "folder,login,email\na,a,a@x\nb,,b@x\n")
    assert gradebook.plan(roster, ["moodle"], [], registry.names()).moodle_identity == (("email", "Email address"),)
    roster = write(tmp_path, "folder,login,email\na,a,\nb,,b@x\n")
    with pytest.raises(GradebookError, match="no column filled on every row"):
        gradebook.plan(roster, ["moodle"], [], registry.names())


# --------------------------------------------------------------------------- end to end: the real `grade` command


def grade(*args):
    return subprocess.run([sys.executable, "-m", "grader", *map(str, args)], capture_output=True, text=True,
                          timeout=300, env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"})


@pytest.fixture(scope="module")
def klass(tmp_path_factory):
    """alice and erin (flat file) hand in the model answer, bob (folder named by his login) the
    gradient-sign mistake, carol renamed her folder, dan handed in nothing."""
    root = tmp_path_factory.mktemp("gradebook")
    subs = root / "submissions"
    solution = (ROOT / "solutions" / "linear_regression.py").read_bytes()
    mistake = (ROOT / "tests/corpus/linear_regression/mistakes/gradient-sign_linear_regression.py").read_bytes()
    for path, data in (("alice/linear_regression.py", solution), ("bli/linear_regression.py", mistake),
                       ("carol-final/linear_regression.py", solution), ("erin_linear_regression.py", solution)):
        (subs / path).parent.mkdir(parents=True, exist_ok=True)
        (subs / path).write_bytes(data)
    (root / "roster.csv").write_text(
        "folder,name,id,sis_id,login,email,section\n"
        "alice,Alice Smith,101,S001,asmith,alice@uni.edu,A\n"
        ",Bob Li,102,S002,bli,bob@uni.edu,A\n"
        "carol,Carol Diaz,103,S003,cdiaz,carol@uni.edu,B\n"
        "dan,Dan Wu,104,S004,dwu,dan@uni.edu,B\n"
        "erin,Erin Park,105,S005,epark,erin@uni.edu,B\n", encoding="utf-8")
    return root


def test_end_to_end(klass, tmp_path):
    out = tmp_path / "out"
    proc = grade(klass / "submissions", "--out", out, "--jobs", "2", "--roster", klass / "roster.csv",
                 "--gradebook", "canvas", "--gradebook", "moodle",
                 "--gradebook-column", "linear_regression=Assignment 1: Linear regression (555)")
    assert proc.returncode == 0, proc.stderr
    course = COURSE + [{"id": 104, "name": "Dan Wu", "sortable_name": "Wu, Dan", "sis_user_id": "S004", "login": "dwu"},
                       {"id": 105, "name": "Erin Park", "sortable_name": "Park, Erin", "sis_user_id": "S005",
                        "login": "epark"}]
    got = canvas_import((out / "gradebook-canvas.csv").read_text(), course, {555: "Assignment 1: Linear regression"})
    check_canvas_cells(got)
    assert got["unknown"] == []
    assert {k: v["Assignment 1: Linear regression"] for k, v in got["grades"].items()} == {
        101: "100", 102: "45", 103: "", 104: "", 105: "100"}
    users = [{"id": s["id"], "username": s["login"], "idnumber": s["sis_user_id"], "email": ""} for s in course]
    moodle = moodle_import((out / "gradebook-moodle.csv").read_text(), users, "Username", "username",
                           {"Assignment 1: Linear regression (555)": "lr"})
    assert moodle == {101: {"lr": 100.0}, 102: {"lr": 45.0}, 103: {"lr": None}, 104: {"lr": None}, 105: {"lr": 100.0}}
    lines = proc.stdout.splitlines()
    assert any(ln.strip().startswith("missing: Carol Diaz") for ln in lines), proc.stdout
    assert any(ln.strip().startswith("missing: Dan Wu") for ln in lines), proc.stdout
    assert any(ln.strip().startswith("not in the roster: carol-final") for ln in lines), proc.stdout
    report = json.loads((out / "roster-report.json").read_text())
    assert [(s["login"], s["status"], s["matched_by"]) for s in report["students"]] == [
        ("asmith", "submitted", "folder"), ("bli", "submitted", "login"), ("cdiaz", "missing", ""),
        ("dwu", "missing", ""), ("epark", "submitted", "folder")]
    assert [e["student"] for e in report["not_in_roster"]] == ["carol-final"]
    assert (out / "grades.csv").exists()  # still written, as before


def test_bad_input_stops_before_grading_and_loses_nothing(klass, tmp_path):
    out = tmp_path / "out"
    assert grade(klass / "submissions", "--out", out, "--quiet").returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    bad = tmp_path / "dup.csv"
    bad.write_text("folder,name\nalice,A\nalice,B\n", encoding="utf-8")
    for args in (("--roster", bad), ("--roster", tmp_path / "absent.csv"), ("--gradebook", "canvas",
                                                                             "--gradebook-column", "nope=X")):
        proc = grade(klass / "submissions", "--out", out, "--gradebook", "moodle", *args)
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("grade: "), proc.stderr
        assert "grading" not in proc.stdout
        assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    fresh = tmp_path / "fresh"
    assert grade(klass / "submissions", "--out", fresh, "--roster", bad).returncode == 2
    assert not fresh.exists()  # nothing started: not even the output folder
