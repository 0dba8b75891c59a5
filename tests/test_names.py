"""Student names and paths: no name, byte or depth ends the class run, and no two students share a
report, a Gradescope file or a CSV row (README, "What it writes"; rule in grader/output.py)."""
from __future__ import annotations

import csv
import html
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import ROOT
from grader.registry import names

ASSIGNMENTS = names()
from grader.discover import discover
from grader.output import file_name, name_hash, report_paths, student_folders
from grader.results import SubmissionResult

SOLUTION = (ROOT / "solutions" / "linear_regression.py").read_bytes()
SAFE = re.compile(r"[a-z0-9_-]{1,49}")


def grade(*args, timeout=300):
    return subprocess.run([sys.executable, "-m", "grader", *map(os.fsdecode, args), "--quiet"],
                          capture_output=True, text=True, timeout=timeout, cwd=ROOT)


def put(folder: bytes | str | Path, name: bytes | str = b"linear_regression.py") -> None:
    """The model answer (scores 100) at ``folder/name``; bytes allowed anywhere."""
    folder = os.fsencode(folder)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, os.fsencode(name)), "wb") as fh:
        fh.write(SOLUTION)


def nest(root: Path, depth: int, part: str = "d", with_file: bool = False) -> None:
    """``root/part/part/.../part`` ``depth`` deep (made by file descriptor: deeper than PATH_MAX is fine)."""
    root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _ in range(depth):
            os.mkdir(part, dir_fd=fd)
            inner = os.open(part, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = inner
        if with_file:
            out = os.open("linear_regression.py", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
            os.write(out, SOLUTION)
            os.close(out)
    finally:
        os.close(fd)


def remove_deep(root: Path) -> None:
    """``shutil.rmtree`` recurses (pytest's clean-up would hit the recursion limit later): remove by hand."""
    fd, names = os.open(root, os.O_RDONLY | os.O_DIRECTORY), []
    while True:
        below = None
        with os.scandir(fd) as it:
            for entry in list(it):
                if entry.is_dir(follow_symlinks=False):
                    below = entry.name
                else:
                    os.unlink(entry.name, dir_fd=fd)
        if below is None and not names:
            break
        step = os.open(below if below is not None else "..", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
        os.close(fd)
        fd = step
        if below is not None:
            names.append(below)
        else:
            os.rmdir(names.pop(), dir_fd=fd)
    os.close(fd)
    os.rmdir(root)


def results(out: Path) -> list[dict]:
    return json.loads((out / "results.json").read_text(encoding="utf-8"))["submissions"]


def marks(sub: dict) -> tuple:
    return sub["status"], sub["score"], [(c["id"], c["points"]) for c in sub["checks"]]


@pytest.fixture(scope="module")
def alone(tmp_path_factory) -> tuple:
    """alice graded alone: every class below must grade her exactly so."""
    folder = tmp_path_factory.mktemp("alone")
    put(folder / "alice")
    out = folder / "out"
    proc = grade(folder / "alice" / "linear_regression.py", "--out", out, "--jobs", "1")
    assert proc.returncode == 0, proc.stderr
    [sub] = results(out)
    assert sub["score"] == 100
    return marks(sub)


def assert_complete(out: Path, proc, alone: tuple, n: int) -> dict[str, dict]:
    """The run finished normally, wrote everything, graded alice as alone; one report per submission."""
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    subs = results(out)
    assert len(subs) == n
    by = {s["student"]: s for s in subs}
    assert marks(by["alice"]) == alone
    for name in ("index.html", "grades.csv", "results.json"):
        assert (out / name).is_file()
    reports = [s["report"] for s in subs]
    assert len({r.casefold() for r in reports}) == n  # distinct even on a case-insensitive file system
    for sub in subs:
        folder, page = sub["report"].split("/")
        assert SAFE.fullmatch(folder) and SAFE.fullmatch(page.removesuffix(".html")), sub["report"]
        assert (out / sub["report"]).is_file()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{r}"' in index for r in reports)
    return by


# ------------------------------------------------------------------------- A: one path must not end the run


def test_names_that_are_not_utf8_are_graded_each_on_their_own(tmp_path, alone):
    klass = os.fsencode(tmp_path / "class")
    put(klass + b"/alice")
    put(klass + b"/caf\xe9")  # latin-1, as a zip made on Windows unpacks
    put(klass + b"/caf\xe8")
    put(klass, b"\xe9l\xe8ve_linear_regression.py")  # flat
    put(klass + b"/bob")
    put(klass + b"/bob/v\xe9rsion2")  # bob's second file, in a folder that is not UTF-8
    put(klass + b"/dan", b"\xff.py")  # matches no assignment
    out = tmp_path / "out"
    # --pick all: bob's two files are graded apart (by default only one of them counts: tests/test_pick.py)
    proc = grade(klass, "--out", out, "--jobs", "2", "--format", "gradescope", "--junit-xml", tmp_path / "junit.xml",
                 "--pick", "all")
    assert proc.returncode == 3, proc.stderr  # dan's file is unrecognised; every other one is graded
    by = assert_complete(out, proc, alone, 7)
    assert by["caf\\xe9"]["score"] == by["caf\\xe8"]["score"] == by["\\xe9l\\xe8ve"]["score"] == 100
    assert {s: by[s]["score"] for s in by if s.startswith("bob")} == {
        "bob (linear_regression.py)": 100, "bob (v\\xe9rsion2/linear_regression.py)": 100}
    assert by["dan"]["status"] == "unrecognised"
    assert len(list((out / "gradescope").glob("*.json"))) == 7
    ET.parse(tmp_path / "junit.xml")
    # a second run reuses the kept results (where JSON turned the byte into U+FFFD): still one report each
    first = {s["student"]: s["report"] for s in results(out)}
    proc = grade(klass, "--out", out, "--jobs", "2", "--pick", "all")
    assert proc.returncode == 3, proc.stderr
    assert_complete(out, proc, alone, 7)
    assert {s["student"]: s["report"] for s in results(out)} == first


def test_any_depth_of_folders(tmp_path, alone):
    klass = tmp_path / "class"
    put(klass / "alice")
    nest(klass / "empty", 1000)  # 1000 empty folders: more than Python's recursion limit
    nest(klass / "deep", 1000, with_file=True)  # a submission at the bottom: graded
    nest(klass / "deeper", 1100, "dddd", with_file=True)  # a path longer than the system allows: an error
    try:
        proc = grade(klass, "--out", tmp_path / "out", "--jobs", "2")
        assert proc.returncode == 3, proc.stderr  # deeper's file cannot be reached
        by = assert_complete(tmp_path / "out", proc, alone, 3)
        assert marks(by["deep"]) == alone
        assert by["deeper"]["status"] == "error" and "too long" in by["deeper"]["message"]
    finally:
        for name in ("empty", "deep", "deeper"):
            remove_deep(klass / name)


def test_students_named_like_the_graders_own_files(tmp_path, alone):
    klass = tmp_path / "class"
    names = ["alice", "index.html", "results.json", "grades.csv", "gradescope", "junit.xml", "ci", "CON"]
    for name in names + [".results"]:  # a hidden folder is not a student's (like .git): skipped, harmless
        put(klass / name)
    put(klass, "gradescope_linear_regression.py")  # a flat file for the same name: a second file of his, not counted
    out = tmp_path / "out"
    # JUnit XML inside --out, under a name a student has: the student gives way
    proc = grade(klass, "--out", out, "--jobs", "2", "--format", "gradescope", "--junit-xml", out / "ci")
    assert proc.returncode == 0, proc.stderr
    # changed deliberately (README, "Which file counts"): his folder's linear_regression.py counts, the other is listed
    by = assert_complete(out, proc, alone, len(names))
    assert all(s["score"] == 100 for s in by.values())
    assert [a["file"] for a in by["gradescope"]["also_submitted"]] == ["gradescope_linear_regression.py"]
    assert (out / "gradescope").is_dir() and len(list((out / "gradescope").glob("*.json"))) == len(names)
    ET.parse(out / "ci")
    assert {p.suffix for p in (out / ".results").iterdir()} == {".json"}
    rows = list(csv.DictReader((out / "grades.csv").open(encoding="utf-8")))
    assert sorted(r["student"] for r in rows) == sorted(by)


# ------------------------------------------------------------------------- B: names must not collide

NAMES = ["alice", "bob", "bob!", "张伟", "李娜", "Иван", "José", "Jos_", "carol", "carol ", "Alice",
         "a\x01", "a\x02"]  # the last two both read "a?": each gets a hash in the name shown


def test_every_student_has_their_own_report_file_and_row(tmp_path, alone):
    klass = tmp_path / "class"
    for name in NAMES:
        put(klass / name)
    out = tmp_path / "out"
    proc = grade(klass, "--out", out, "--jobs", "2", "--format", "gradescope")
    assert proc.returncode == 0, proc.stderr
    pages = [p for p in out.rglob("*.html") if p.name != "index.html"]
    assert len(pages) == len(NAMES) and len({str(p).casefold() for p in pages}) == len(NAMES)
    gradescope = sorted(p.name for p in (out / "gradescope").glob("*.json"))
    assert len(gradescope) == len(NAMES)
    rows = list(csv.DictReader((out / "grades.csv").open(encoding="utf-8")))
    assert len(rows) == len(NAMES)  # carol and "carol " are two rows
    by = assert_complete(out, proc, alone, len(NAMES))
    shown = {n: n for n in NAMES} | {n: f"a? [{name_hash(n)}]" for n in ("a\x01", "a\x02")}
    assert set(by) == set(shown.values())  # kept as written, made printable
    assert {json.loads((out / "gradescope" / g).read_text())["score"] for g in gradescope} == {100}
    assert sorted(r["student"] for r in rows) == sorted(shown.values())
    folders = {r["student"]: r["folder"] for r in rows}
    for text in shown.values():
        assert by[text]["report"] == f"{folders[text]}/linear_regression.html"
        page = (out / by[text]["report"]).read_text(encoding="utf-8")
        assert html.escape(text, quote=False) in page  # the right student's report
    assert folders["bob"] == "bob" and folders["alice"] == "alice" and folders["carol"] == "carol"
    assert folders["bob!"] == f"bob-{name_hash('bob!')}" and folders["José"] == f"jose-{name_hash('José')}"
    assert folders["张伟"] == f"student-{name_hash('张伟')}"
    # same class, same names; one more student renames nobody
    put(klass / "Bob")
    proc = grade(klass, "--out", tmp_path / "again", "--jobs", "2")
    assert proc.returncode == 0, proc.stderr
    again = {s["student"]: s["report"] for s in results(tmp_path / "again")}
    assert again == {t: s["report"] for t, s in by.items()} | {"Bob": f"bob-{name_hash('Bob')}/linear_regression.html"}


# ------------------------------------------------------------------------- the rule, unit by unit


def test_file_name_rule():
    assert [file_name(n) for n in ("bob", "carol_b", "x-1")] == ["bob", "carol_b", "x-1"]
    assert file_name("bob!") == f"bob-{name_hash('bob!')}"
    assert file_name("Alice") == f"alice-{name_hash('Alice')}"
    assert file_name("Groß Øre") == f"gross-ore-{name_hash('Groß Øre')}"
    for name in ("gradescope", "con", "index.html", ".results", "x" * 300, "caf\udce9", "", "-", "a/b", "..",
                 "bob-" + name_hash("bob!")):  # a name cannot pose as another's hashed name
        made = file_name(name)
        assert SAFE.fullmatch(made) and made != name and "." not in made, (name, made)
    assert file_name("bob-" + name_hash("bob!")) != file_name("bob!")


def test_names_stay_apart_even_when_the_hashes_meet(monkeypatch):
    import grader.output as output

    monkeypatch.setattr(output, "name_hash", lambda name, length=8: "0" * length)  # every hash the same
    folders = student_folders(["bob!", "bob?", "bob#", "Bob"])
    assert len({f.casefold() for f in folders.values()}) == 4
    subs = [SubmissionResult("dan", "", f"c/dan/{d}/utils.py", "unrecognised") for d in "ab"]
    subs.append(SubmissionResult("dan", "linear_regression", "c/dan/linear_regression.py", "graded"))
    paths = report_paths(subs)
    assert len(set(paths.values())) == 3 and paths["c/dan/linear_regression.py"].endswith("/linear_regression")


def test_discovery_keeps_names_as_written_and_apart(tmp_path):
    for name in ("carol", "carol ", "a\x01", "a\x02"):
        put(tmp_path / name)
    put(tmp_path / "dave" / "v1")  # two files of one name in different folders
    put(tmp_path / "dave" / "v2")
    students = sorted(s.student for s in discover([tmp_path], ASSIGNMENTS, pick="all"))  # dave's both graded
    assert students == sorted(["carol", "carol ", f"a? [{name_hash('a' + chr(1))}]",
                               f"a? [{name_hash('a' + chr(2))}]",
                               "dave (v1/linear_regression.py)", "dave (v2/linear_regression.py)"])
