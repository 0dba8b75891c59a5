"""Which file counts (README, "Which file counts"): one submission per student and assignment, the other
candidates listed with it, helper files ignored, a student's own folder graded as that student; ``--pick``."""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from grader.registry import names

ASSIGNMENTS = names()
from grader.discover import find
from grader.results import ALSO_LIMIT, IGNORED_LIMIT, RunResult, SubmissionResult

RIGHT = (ROOT / "solutions" / "xor_mlp.py").read_bytes()  # scores 100
WRONG = (ROOT / "tests" / "corpus" / "xor_mlp" / "mistakes" / "gradient-sign_xor_mlp.py").read_bytes()  # less
STUB = (ROOT / "assignments" / "xor_mlp" / "xor_mlp.ipynb").read_bytes()
T = 1_700_000_000  # a fixed time (seconds): files given equal times, as an archive's can be


def grade(*args, cwd=ROOT, timeout=300):
    return subprocess.run([sys.executable, "-m", "grader", *map(str, args), "--quiet", "--jobs", "2"],
                          capture_output=True, text=True, timeout=timeout, cwd=cwd)


def put(path: Path, data: bytes, when: int = T) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    os.utime(path, ns=(when * 10**9, when * 10**9))
    return path


def results(out: Path) -> dict:
    return json.loads((out / "results.json").read_text(encoding="utf-8"))


def rows(out: Path) -> dict[str, dict]:
    with (out / "grades.csv").open(encoding="utf-8") as fh:
        return {r["student"]: r for r in csv.DictReader(fh)}


def counted(data: dict) -> dict[tuple[str, str], dict]:
    subs = data["submissions"]
    by = {(s["student"], s["assignment"]): s for s in subs}
    assert len(by) == len(subs), "two results for one student and assignment"
    return by


def name(sub: dict) -> str:
    return Path(sub["path"]).name


@pytest.fixture(scope="module")
def klass(tmp_path_factory) -> Path:
    """Students with several files for xor_mlp, helper files, and times that tie."""
    root = tmp_path_factory.mktemp("class")
    # the student: the exact name counts, the notebook and the old copy are listed, utils.py ignored
    put(root / "bob" / "xor_mlp.py", RIGHT, T)
    put(root / "bob" / "xor_mlp.ipynb", STUB, T + 100)  # newer, but a .py of the exact name counts first
    put(root / "bob" / "xor_mlp_old.py", WRONG, T + 200)  # newest of all, but not named exactly
    put(root / "bob" / "utils.py", b"K = 1\n")
    # no exact name: the newest counts (not v2, the name that sorts last); student text shown escaped
    put(root / "carol" / "xor_mlp_v1.py", RIGHT, T + 50)
    put(root / "carol" / "xor_mlp_v2<b>.py", WRONG, T)
    put(root / "carol" / "plots" / "draw.py", b"x = 1\n")
    # equal times: the name that sorts last, numbers as numbers (v10 after v9)
    put(root / "dave" / "xor_mlp_v9.py", WRONG, T)
    put(root / "dave" / "xor_mlp_v10.py", RIGHT, T)
    # the default rule picks the worse file; --pick best the better one
    put(root / "erin" / "xor_mlp.py", WRONG, T + 10)
    put(root / "erin" / "xor_mlp_fixed.py", RIGHT, T)
    put(root / "fay_xor_mlp.py", RIGHT)  # flat layout, one file: unchanged
    return root


@pytest.fixture(scope="module")
def newest(klass, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    out = tmp_path_factory.mktemp("newest")
    return out, grade(klass, "--out", out)


def test_one_row_and_one_result_per_student_and_the_others_listed(newest):
    out, proc = newest
    assert proc.returncode == 0, proc.stderr  # the extra files neither count nor make the run exit 3
    data = results(out)
    by = counted(data)
    assert set(by) == {(s, "xor_mlp") for s in ("bob", "carol", "dave", "erin", "fay")}
    assert set(rows(out)) == {"bob", "carol", "dave", "erin", "fay"}
    assert {s: name(by[(s, "xor_mlp")]) for s in ("bob", "carol", "dave", "erin", "fay")} == {
        "bob": "xor_mlp.py", "carol": "xor_mlp_v1.py", "dave": "xor_mlp_v10.py", "erin": "xor_mlp.py",
        "fay": "fay_xor_mlp.py"}
    bob = by[("bob", "xor_mlp")]
    assert bob["score"] == 100
    also = {a["file"]: a for a in bob["also_submitted"]}
    assert set(also) == {"xor_mlp.ipynb", "xor_mlp_old.py"}
    assert "a .py file counts before a notebook" in also["xor_mlp.ipynb"]["reason"]
    assert also["xor_mlp_old.py"]["reason"] == "xor_mlp.py is named exactly after the assignment"
    assert Path(also["xor_mlp_old.py"]["path"]).parent.name == "bob"
    assert bob["also_submitted_omitted"] == 0
    assert "xor_mlp_v1.py is newer" in by[("carol", "xor_mlp")]["also_submitted"][0]["reason"]
    assert "which comes later by name" in by[("dave", "xor_mlp")]["also_submitted"][0]["reason"]
    assert by[("fay", "xor_mlp")]["also_submitted"] == []
    ignored = sorted((i["student"], i["file"], i["reason"]) for i in data["ignored"])
    assert ignored == [("bob", "utils.py", "matches no assignment"),
                       ("carol", "plots/draw.py", "matches no assignment")]
    assert data["ignored_omitted"] == 0


def test_the_report_lists_the_other_files_escaped(newest):
    out, _ = newest
    bob = (out / "bob" / "xor_mlp.html").read_text(encoding="utf-8")
    assert "Also submitted, not counted" in bob and "xor_mlp_old.py" in bob and "xor_mlp.ipynb" in bob
    carol = (out / "carol" / "xor_mlp.html").read_text(encoding="utf-8")
    assert "xor_mlp_v2&lt;b&gt;.py" in carol and "v2<b>" not in carol
    fay = (out / "fay" / "xor_mlp.html").read_text(encoding="utf-8")
    assert "Also submitted" not in fay


def test_pick_best_keeps_the_higher_score(klass, tmp_path):
    proc = grade(klass, "--out", tmp_path, "--pick", "best")
    assert proc.returncode == 0, proc.stderr
    data = results(tmp_path)
    by = counted(data)
    assert set(rows(tmp_path)) == {"bob", "carol", "dave", "erin", "fay"}
    erin = by[("erin", "xor_mlp")]
    assert name(erin) == "xor_mlp_fixed.py" and erin["score"] == 100  # the default rule would take xor_mlp.py
    [other] = erin["also_submitted"]
    assert other["file"] == "xor_mlp.py" and other["reason"].startswith("scored ")
    assert "xor_mlp_fixed.py scored 100/100" in other["reason"]
    assert name(by[("bob", "xor_mlp")]) == "xor_mlp.py" and len(by[("bob", "xor_mlp")]["also_submitted"]) == 2
    assert [name(by[(s, "xor_mlp")]) for s in ("carol", "dave")] == ["xor_mlp_v1.py", "xor_mlp_v10.py"]
    assert len(data["ignored"]) == 2


def test_pick_best_ties_go_by_the_default_rule(tmp_path):
    put(tmp_path / "c" / "gus" / "xor_mlp_copy.py", RIGHT, T + 100)
    put(tmp_path / "c" / "gus" / "xor_mlp.py", RIGHT, T)
    proc = grade(tmp_path / "c", "--out", tmp_path / "out", "--pick", "best")
    assert proc.returncode == 0, proc.stderr
    [gus] = results(tmp_path / "out")["submissions"]
    assert name(gus) == "xor_mlp.py" and gus["score"] == 100
    assert "as did xor_mlp.py" in gus["also_submitted"][0]["reason"]


def test_pick_all_grades_every_file_as_its_own_row(klass, tmp_path):
    proc = grade(klass, "--out", tmp_path, "--pick", "all")
    assert proc.returncode == 0, proc.stderr
    data = results(tmp_path)
    subs = data["submissions"]
    assert len(subs) == 10  # every candidate; helper files still ignored
    assert sorted(s["student"] for s in subs if s["student"].startswith("bob")) == [
        "bob (xor_mlp.ipynb)", "bob (xor_mlp.py)", "bob (xor_mlp_old.py)"]
    assert all(s["also_submitted"] == [] for s in subs)
    assert len(rows(tmp_path)) == 10
    assert len(data["ignored"]) == 2


def test_a_students_own_folder_is_that_student(klass, tmp_path):
    proc = grade(klass / "bob", "--out", tmp_path / "a")
    assert proc.returncode == 0, proc.stderr
    data = results(tmp_path / "a")
    [bob] = data["submissions"]
    assert (bob["student"], name(bob), len(bob["also_submitted"])) == ("bob", "xor_mlp.py", 2)
    assert [(i["student"], i["file"]) for i in data["ignored"]] == [("bob", "utils.py")]
    assert list(rows(tmp_path / "a")) == ["bob"]
    proc = grade(".", "--out", tmp_path / "b", cwd=klass / "bob")  # a student checking their own folder
    assert proc.returncode == 0, proc.stderr
    assert [s["student"] for s in results(tmp_path / "b")["submissions"]] == ["bob"]
    proc = grade(klass / "bob" / "xor_mlp.py", "--out", tmp_path / "c")  # one file: its folder's name, as before
    assert proc.returncode == 0, proc.stderr
    assert [s["student"] for s in results(tmp_path / "c")["submissions"]] == ["bob"]


# ------------------------------------------------------------------------- the rule, without grading


def winner(root: Path) -> str:
    [sub] = [s for s in find([root], ASSIGNMENTS).submissions if s.assignment == "xor_mlp"]
    return sub.path.relative_to(root).as_posix()


@pytest.mark.parametrize("order", [0, 1])
def test_the_rule_is_deterministic_when_times_tie(tmp_path, order):
    names = ["xor_mlp_final.py", "xor_mlp_v2.py", "xor_mlp (1).py", "xor_mlp_v10.py", "old/xor_mlp_v3.py"]
    for n in (names if order == 0 else names[::-1]):  # made in either order: the folder lists them as it likes
        put(tmp_path / "c" / "hal" / n, b"x = 1\n", T)
    first = winner(tmp_path / "c")
    assert first == "hal/xor_mlp_v10.py"
    assert all(winner(tmp_path / "c") == first for _ in range(3))
    put(tmp_path / "c" / "hal" / "xor_mlp.ipynb", b"{}", T - 100)  # the exact name beats any time
    assert winner(tmp_path / "c") == "hal/xor_mlp.ipynb"
    put(tmp_path / "c" / "hal" / "deep" / "xor_mlp.py", b"x = 1\n", T - 200)  # .py before .ipynb, at any depth
    assert winner(tmp_path / "c") == "hal/deep/xor_mlp.py"


def test_a_class_folder_with_a_stray_exact_file_stays_a_class(tmp_path):
    for student in ("ida", "jo"):
        put(tmp_path / student / "xor_mlp.py", b"x = 1\n")
    put(tmp_path / "xor_mlp.py", b"x = 1\n")  # names no student: as before, its own (odd) student
    found = find([tmp_path], ASSIGNMENTS)
    assert sorted(s.student for s in found.submissions) == ["ida", "jo", "xor_mlp"]


def test_a_student_with_no_matching_file_stays_unrecognised(tmp_path):
    put(tmp_path / "kim" / "homework.py", b"x = 1\n")
    put(tmp_path / "kim" / "utils.py", b"x = 1\n")
    found = find([tmp_path], ASSIGNMENTS)
    assert sorted((s.student, s.assignment, s.path.name) for s in found.submissions) == [
        ("kim (homework.py)", "", "homework.py"), ("kim (utils.py)", "", "utils.py")]
    assert found.ignored == []


# ------------------------------------------------------------------------- the fields, bounded


def test_also_submitted_and_ignored_are_bounded_and_round_trip():
    also = [{"path": f"c/bob/xor_mlp_{i}.py", "file": f"xor_mlp_{i}.py", "reason": "x" * 5000} for i in range(50)]
    sub = SubmissionResult("bob", "xor_mlp", "c/bob/xor_mlp.py", "graded", also_submitted=also)
    assert len(sub.also_submitted) == ALSO_LIMIT and sub.also_submitted_omitted == 50 - ALSO_LIMIT
    assert all(len(a["reason"]) <= 1000 for a in sub.also_submitted)
    again = SubmissionResult.from_dict(json.loads(json.dumps(sub.to_dict())))
    assert again.also_submitted == sub.also_submitted and again.also_submitted_omitted == 50 - ALSO_LIMIT
    ignored = [{"student": s, "path": f"c/{s}/u{i}.py", "file": f"u{i}.py", "reason": "matches no assignment"}
               for s in ("bob", "carol") for i in range(30)]
    run = RunResult([sub], ignored=ignored)
    assert len(run.ignored) == 2 * IGNORED_LIMIT and run.ignored_omitted == 2 * (30 - IGNORED_LIMIT)
    back = RunResult.from_dict(json.loads(json.dumps(run.to_dict())))
    assert back.ignored == run.ignored and back.ignored_omitted == run.ignored_omitted
    assert back.submissions[0].also_submitted == sub.also_submitted


def test_a_grader_bug_on_a_file_that_did_not_count_still_exits_4(capsys):
    from grader.cli import EXIT_INTERNAL, _exit_code

    kept = SubmissionResult("bob", "xor_mlp", "c/bob/xor_mlp.py", "graded", score=100, max_score=100)
    other = SubmissionResult("bob", "xor_mlp", "c/bob/xor_mlp_v2.py", "graded", internal_errors=["check: boom"])
    assert _exit_code(RunResult([kept]), None, [other]) == EXIT_INTERNAL
    assert "xor_mlp_v2.py" in capsys.readouterr().err
