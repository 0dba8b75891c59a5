"""A whole class of attacks beside honest students, graded as CI grades it: as root, with every output on.

One run of ``grade --github --format gradescope --junit-xml`` over honest students and one attacker of
each kind the hostile corpus holds (escapes, names, workflow commands, bloat, points for nothing, a
notebook that costs the parser): no traceback, the honest students at 100/100, each attacker
contained, the runner acting on the grader's own commands only, and all outputs under 60 MB.
"""
from __future__ import annotations

import hashlib
import json
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT
from test_output_safety import runner_commands

HOSTILE = ROOT / "tests" / "hostile"
SOLUTIONS = {name: (ROOT / "solutions" / f"{name}.py").read_text() for name in ("linear_regression", "xor_mlp")}
HONEST = ["honest_1", "Zoë Ångström", "张伟"]  # names that once collided or vanished are honest students here


def _put(subs: Path, student: str | bytes, filename: str, text: str) -> None:
    folder = os.path.join(os.fsencode(subs), student if isinstance(student, bytes) else os.fsencode(student))
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, os.fsencode(filename)), "w", encoding="utf-8") as fh:
        fh.write(text)


def _costly_notebook() -> str:
    """One very long first line, then hundreds of magics: once 406 s of the grader's own parsing."""
    cells = [nbformat.v4.new_code_cell("x = '" + "a" * 500_000 + "'")]
    cells += [nbformat.v4.new_code_cell("%time pass") for _ in range(320)]
    return nbformat.writes(nbformat.v4.new_notebook(cells=cells))


@pytest.fixture(scope="module")
def attack_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("attack_class")
    subs, out = base / "subs", base / "out"
    marker = secrets.token_hex(6)
    for student in HONEST:
        _put(subs, student, "linear_regression.py", SOLUTIONS["linear_regression"])
        _put(subs, student, "xor_mlp.py", SOLUTIONS["xor_mlp"])
    for snippet in sorted((HOSTILE / "escape").glob("*.py")):
        _put(subs, f"escape_{snippet.stem}", "linear_regression.py",
             SOLUTIONS["linear_regression"] + "\n\n" + snippet.read_text().replace("{MARKER}", marker))
    for name in ("commands", "big_values"):
        _put(subs, f"output_{name}", "linear_regression.py",
             SOLUTIONS["linear_regression"] + "\n\n" + (HOSTILE / "outputs" / f"{name}.py").read_text()
             .replace("{MARKER}", marker))
    _put(subs, "output_dict_keys", "xor_mlp.py",
         SOLUTIONS["xor_mlp"] + "\n\n" + (HOSTILE / "outputs" / "dict_keys_xor_mlp.py").read_text())
    for kind in ("constant", "nan", "identity"):
        _put(subs, f"nothing_{kind}", "xor_mlp.py", (HOSTILE / "nothing" / f"{kind}_xor_mlp.py").read_text())
    # names: not UTF-8, the grader's own outputs, workflow commands, near-collisions
    for student in (b"caf\xe9", "index.html", "results.json", "grades.csv", "gradescope", "##[stop-commands]pwned",
                    "::error::x", "honest_1!", "HONEST_1"):
        _put(subs, student, "linear_regression.py", SOLUTIONS["linear_regression"])
    _put(subs, "notebook_parser", "linear_regression.ipynb", _costly_notebook())
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in subs.rglob("*.py")}
    deep = os.fsencode(subs / "deep")
    os.makedirs(deep)
    fd = os.open(deep, os.O_RDONLY)
    for _ in range(1000):  # relative steps: the whole path passes PATH_MAX
        os.mkdir(b"d", dir_fd=fd)
        nxt = os.open(b"d", os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = nxt
    os.close(fd)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BACKPROP_GRADER_", "GITHUB_"))}
    env.update(PYTHONPATH=str(ROOT), GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=str(base / "summary.md"))
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "grader", str(subs), "--out", str(out), "--jobs", "2",
                           "--timeout", "5", "--total-timeout", "60", "--github", "--format", "gradescope",
                           "--junit-xml", str(out / "junit.xml"), "--no-cache"],
                          capture_output=True, text=True, env=env, timeout=900, cwd=base)
    seconds = time.monotonic() - start
    data = json.loads((out / "results.json").read_text())
    yield {"proc": proc, "out": out, "subs": subs, "base": base, "marker": marker, "before": before,
           "by": data["submissions"], "seconds": seconds}
    subprocess.run(["rm", "-rf", str(base)], check=False)  # the deep folder beats a recursive delete


def _by(run, student: str) -> list[dict]:
    return [s for s in run["by"] if s["student"] == student]


def test_the_run_finishes_without_a_traceback(attack_run):
    proc = attack_run["proc"]
    assert proc.returncode in (0, 3), proc.stderr[-3000:]  # 3: the notebook that cannot be parsed in time, say
    assert "Traceback" not in proc.stdout + proc.stderr


def test_honest_students_get_full_marks_whatever_their_names(attack_run):
    for student in HONEST + ["honest_1!", "HONEST_1", "index.html", "results.json", "grades.csv", "gradescope",
                             "##[stop-commands]pwned", "::error::x"]:
        subs = _by(attack_run, student)
        assert subs and all(s["score"] == 100 for s in subs), (student, [(s["assignment"], s["score"]) for s in subs])
    cafe = [s for s in attack_run["by"] if s["student"].startswith("caf")]
    assert len(cafe) == 1 and cafe[0]["score"] == 100


def test_every_submission_has_its_own_report(attack_run):
    reports = [s["report"] for s in attack_run["by"]]
    assert len(set(r.casefold() for r in reports)) == len(reports)
    assert all((attack_run["out"] / r).is_file() for r in reports)


def test_each_attacker_is_contained(attack_run):
    for probe in ("escape_root_powers", "escape_kernel_surface"):  # full marks: it found no power to use
        assert _by(attack_run, probe)[0]["score"] == 100
    for kind in ("constant", "nan", "identity"):
        assert _by(attack_run, f"nothing_{kind}")[0]["score"] == 0
    notebook = _by(attack_run, "notebook_parser")[0]
    assert notebook["status"] in ("graded", "timeout", "error")
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in attack_run["before"]}
    assert after == attack_run["before"], "a submission was changed"
    marker = attack_run["marker"]
    assert not list(attack_run["out"].rglob(f"*{marker}*"))
    time.sleep(max(0.0, 2.0 - attack_run["seconds"]))
    assert not [p for top in ("/tmp", "/dev/shm", "/var/tmp") for p in Path(top).glob(f"*{marker}*")]


def test_the_runner_acts_on_the_graders_commands_only(attack_run):
    acted, stopped = runner_commands(attack_run["proc"].stdout)
    assert not stopped
    names = [c.name for c in acted]
    assert set(names) <= {"stop-commands", "(resume)", "error", "notice"}, names
    marker = attack_run["marker"]  # it may be quoted in an error's message (escaped data), never more
    assert not any(marker in v for c in acted for v in c.properties.values())
    assert not any(marker in c.data for c in acted if c.name != "error")
    failing = sum(1 for s in attack_run["by"] for c in s["checks"] if not c["passed"])
    assert names.count("error") == failing
    assert runner_commands(attack_run["proc"].stderr) == ([], False)
    notices = [c for c in acted if c.name == "notice"]
    total = sum(s["score"] for s in attack_run["by"])
    assert notices[0].data == f"Points {total:g}/{sum(s['max_score'] for s in attack_run['by']):g}"


def test_all_outputs_stay_under_60_mb(attack_run):
    size = sum(p.stat().st_size for p in attack_run["out"].rglob("*") if p.is_file())
    assert size < 60 * 2**20, size
    assert max(p.stat().st_size for p in attack_run["out"].rglob("*") if p.is_file()) < 2 * 2**20
