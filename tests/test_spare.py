"""A sandbox started ahead of need (grader/sandbox/spare.py): taken only when it is the one a session would
start, killed otherwise, never left behind."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import grader.__main__ as entry
from grader import load
from grader.sandbox import spare
from grader.sandbox.isolation import detect
from grader.sandbox.process import Limits
from grader.sandbox.session import Session

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _no_spare_left():
    spare.discard()
    yield
    spare.discard()


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(") ", 1)[1].startswith("Z")  # a zombie is dead
    except FileNotFoundError:
        return True


def _session(tmp_path, limits: Limits) -> Session:
    path = tmp_path / "s_linear_regression.py"
    path.write_text("import numpy as np\ndef f(x):\n    return float(np.sum(x))\n")
    src = load.read_source(path)
    return Session(src, load.plan(src), limits)


def test_which_arguments_grade_one_file(tmp_path):
    f = tmp_path / "xor_mlp.py"
    f.write_text("")
    nb = tmp_path / "xor_mlp.ipynb"
    nb.write_text("{}")
    out = tmp_path / "feedback"
    out.mkdir()
    yes = [[str(f)], [str(f), "--out", str(out)], [str(nb), "-q"], [f"--out={out}", str(f), "--assignment", "x"],
           [str(f), "--no-cache", "--quiet"]]
    no = [[], [str(tmp_path)], [str(f), str(nb)], [str(f), "--memory", "512"], [str(f), "--timeout=3"],
          ["--list-assignments"], [str(f), "--help"], [str(f), "-j", "2"], [str(f), "--check-sandbox"],
          [str(tmp_path / "missing.py")], [str(f), str(out)], ["--merge", str(out), str(f)]]
    for argv in yes:
        assert spare.grades_one_file(argv), argv
    for argv in no:
        assert not spare.grades_one_file(argv), argv


def test_a_session_takes_the_spare_that_fits_and_kills_one_that_does_not(tmp_path):
    spare.start(Limits(call_seconds=5), detect())
    if not spare._SPARE:
        pytest.skip("without bubblewrap no sandbox starts ahead (see grade --check-sandbox)")
    ahead = spare._SPARE[0].process
    with _session(tmp_path, Limits(call_seconds=5)) as s:
        assert s.process is ahead  # the spare, not a new one
        assert s.call("f", [1.0, 2.0]) == 3.0
    spare.start(Limits(call_seconds=5), detect())
    other = spare._SPARE[0].process
    pid = other.proc.pid
    with _session(tmp_path, Limits(call_seconds=6)) as s:  # other limits: a sandbox of its own
        assert s.process is not other and s.call("f", [2.0]) == 2.0
    assert other.proc is None and _gone(pid)  # the spare that did not fit is killed
    assert not spare._SPARE


@pytest.mark.parametrize("when", ["before it is ready", "after it said it was ready"])
def test_a_spare_that_died_waiting_costs_the_file_nothing(tmp_path, when):
    import signal

    spare.start(Limits(call_seconds=5), detect())
    if not spare._SPARE:
        pytest.skip("without bubblewrap no sandbox starts ahead (see grade --check-sandbox)")
    dead = spare._SPARE[0].process
    if when != "before it is ready":  # its "ready" waits in the pipe: only a round trip can tell it died since
        import select

        assert select.select([dead._resp_r], [], [], 30)[0]
    os.killpg(dead.proc.pid, signal.SIGKILL)  # killed before the file came (out of memory, a stray kill)
    dead.proc.wait()
    import select

    poller = select.poll()  # bwrap is gone; the worker inside its namespace dies just after: wait for it
    poller.register(dead._resp_r, select.POLLHUP)
    assert any(ev & select.POLLHUP for _, ev in poller.poll(30_000))
    with _session(tmp_path, Limits(call_seconds=5)) as s:
        assert s.process is not dead and s.call("f", [1.0, 2.0]) == 3.0
    assert dead.proc is None  # and the dead one was released


def test_no_spare_without_namespaces(tmp_path, monkeypatch):
    """Without bubblewrap every sandbox runs as the same user: one started beside a submission's could be
    reached by its code, so none is (even where such sandboxes may run: --unsafe-sandbox)."""
    from dataclasses import replace

    from grader.sandbox.isolation import UNSAFE_ENV

    monkeypatch.setenv(UNSAFE_ENV, "1")
    spare.start(Limits(), replace(detect(), level="rlimits"))
    assert not spare._SPARE


def test_a_spare_nobody_takes_is_killed_at_exit(tmp_path):
    program = ("import json\nfrom grader.sandbox import spare\nfrom grader.sandbox.isolation import detect\n"
               "from grader.sandbox.process import Limits\nspare.start(Limits(), detect())\n"
               "print(json.dumps([[s.process.proc.pid, s.process.workdir] for s in spare._SPARE]))\n")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    started = json.loads(done.stdout)
    if not started:
        pytest.skip("without bubblewrap no sandbox starts ahead (see grade --check-sandbox)")
    [(pid, workdir)] = started
    assert workdir and not os.path.exists(workdir)  # its folder removed (as its cgroup): killed, not orphaned
    assert _gone(pid)


@pytest.fixture
def taken(monkeypatch) -> list[bool]:
    """Whether each session's ``spare.take`` found a spare it could use, in order."""
    found: list[bool] = []
    real = spare.take

    def take(limits, iso):
        got = real(limits, iso)
        found.append(got is not None)
        return got

    monkeypatch.setattr(spare, "take", take)
    return found


def test_grade_file_starts_its_sandbox_before_importing_the_checks(tmp_path, monkeypatch, capsys, taken):
    f = tmp_path / "linear_regression.py"
    f.write_text((ROOT / "examples" / "submissions" / "alice" / "linear_regression.py").read_text())
    monkeypatch.setattr(sys, "argv", ["grade", str(f), "--out", str(tmp_path / "out"), "-q", "--no-cache"])
    assert entry.main() == 0
    assert "100/100" in capsys.readouterr().out
    if detect().level != "bubblewrap":
        assert taken == [False]
        pytest.skip("without bubblewrap no sandbox starts ahead (see grade --check-sandbox)")
    assert taken == [True]  # the first session found the spare waiting


def test_a_class_graded_in_one_process_starts_each_next_sandbox_ahead(tmp_path, taken):
    from grader.cli import main

    for student in ("ann", "bob", "cid"):
        (tmp_path / "class" / student).mkdir(parents=True)
        (tmp_path / "class" / student / "linear_regression.py").write_text(
            (ROOT / "examples" / "submissions" / "alice" / "linear_regression.py").read_text())
    code = main([str(tmp_path / "class"), "--out", str(tmp_path / "out"), "--jobs", "1", "-q", "--no-cache"])
    assert code == 0
    scores = [s["score"] for s in json.loads((tmp_path / "out" / "results.json").read_text())["submissions"]]
    assert scores == [100.0] * 3
    if detect().level != "bubblewrap":
        assert not any(taken)
        pytest.skip("without bubblewrap no sandbox starts ahead (see grade --check-sandbox)")
    assert taken == [False, True, True]  # the first started its own; each next one found its sandbox waiting
    assert not spare._SPARE  # none started after the last


def test_one_file_starts_with_bwrap_even_with_the_fork_server_on(tmp_path, monkeypatch):
    """The fork server's own start (a bwrap start, then NumPy) pays off on a class, not on one file."""
    from grader.sandbox import forkserver

    f = tmp_path / "xor_mlp.py"
    f.write_text("")
    monkeypatch.setenv("BACKPROP_GRADER_FORKSERVER", "1")
    forkserver._shutdown()  # a zygote an earlier test of this process started
    spare.ahead([str(f)])
    if detect().level != "bubblewrap":
        assert not spare._SPARE
        pytest.skip("without bubblewrap no sandbox starts ahead (see grade --check-sandbox)")
    [ahead] = spare._SPARE
    assert not getattr(ahead.process.proc, "forked", False) and forkserver._ZYGOTE is None
    assert spare.take(Limits(), detect()) is not None  # the session (same switches) still takes it
    ahead.process.kill()


def test_a_student_cannot_reach_the_next_ones_sandbox_started_ahead(tmp_path):
    """tests/hostile/ahead/next_student.py plants files and sockets and leaves a daemon while the next
    student's sandbox starts beside it; sees_neighbours.py loses points if it sees any of it. The same
    student with both (c_self) shows that the probe does see what is there."""
    import secrets
    import time

    if detect().level != "bubblewrap":
        pytest.skip("without bubblewrap no sandbox starts ahead (see grade --check-sandbox)")
    solution = (ROOT / "solutions" / "linear_regression.py").read_text()
    marker = secrets.token_hex(6)
    ahead = ROOT / "tests" / "hostile" / "ahead"
    attack = "\n\n" + (ahead / "next_student.py").read_text().replace("{MARKER}", marker)
    probe = "\n\n" + (ahead / "sees_neighbours.py").read_text()
    subs = tmp_path / "subs"
    for student, text in (("a_attacker", solution + attack), ("b_victim", solution + probe),
                          ("c_self", solution + attack + probe), ("d_victim", solution + probe)):
        (subs / student).mkdir(parents=True)
        (subs / student / "linear_regression.py").write_text(text)
    done = subprocess.run([sys.executable, "-m", "grader", str(subs), "--out", str(tmp_path / "out"), "--jobs", "1",
                           "--no-cache", "-q"], capture_output=True, text=True, timeout=300, cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr[-2000:]
    by = {s["student"]: s for s in json.loads((tmp_path / "out" / "results.json").read_text())["submissions"]}
    assert by["a_attacker"]["score"] == 100 and by["c_self"]["score"] < 100  # the probe sees what is there
    assert "next-student-" + marker in by["c_self"]["output"]
    assert by["b_victim"]["score"] == 100 and by["d_victim"]["score"] == 100, (by["b_victim"]["output"],
                                                                              by["d_victim"]["output"])
    time.sleep(0.5)
    for pid in (p for p in os.listdir("/proc") if p.isdigit()):  # the daemons died with their sandboxes
        try:
            assert Path(f"/proc/{pid}/comm").read_text().strip() != "nextstudent"
        except OSError:
            pass
    assert not [p for p in Path("/tmp").glob(f"*{marker}*")]
