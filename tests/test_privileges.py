"""Student code never keeps a privilege the grader has, in every mode this machine allows.

Each mode grades a class of honest students beside the attacks in
``tests/hostile/escape/`` and checks the same properties: the honest students
get 100, no submission or output file was changed, the root-powers probe found
none (so it got 100 too), nothing the attacks wrote or started outlives the
run. Modes that need what this machine lacks (root, bubblewrap, a Python an
unprivileged user can read) are skipped with the reason.
"""
from __future__ import annotations

import hashlib
import json
import os
import platform
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from conftest import ROOT
from grader.sandbox import isolation, probe

ESCAPE = ROOT / "tests" / "hostile" / "escape"
SOLUTION = (ROOT / "solutions" / "linear_regression.py").read_text()
ROOT_ONLY = pytest.mark.skipif(os.geteuid() != 0, reason="needs root (the mode under test is the grader run as root)")
#: An ordinary user for the runs that switch to one (no account needed).
USER = 4242


def _reachable_python() -> str | None:
    """A Python with the grader and NumPy that an unprivileged user can run (CI makes one, see .ci/run)."""
    for candidate in (os.environ.get("BACKPROP_GRADER_TEST_PYTHON", ""), sys.executable):
        if not candidate or not os.path.exists(candidate):
            continue
        code = ("import sys, sysconfig, numpy; from grader.sandbox import isolation as i; "
                "print(all(i.reachable_by_others(d) for d in "
                "[sys.executable, sysconfig.get_paths()['stdlib'], *i.site_dirs(), i.__file__]))")
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        proc = subprocess.run([candidate, "-c", code], capture_output=True, text=True, env=env, timeout=60)
        if proc.stdout.strip() == "True":
            return candidate
    return None


REACHABLE = _reachable_python()
NEEDS_REACHABLE = pytest.mark.skipif(
    REACHABLE is None, reason="no Python that an unprivileged user can read (set BACKPROP_GRADER_TEST_PYTHON)")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _class(base: Path, marker: str) -> Path:
    """Two honest students and one student per attack, each in their own folder."""
    subs = base / "subs"
    for name in ("honest_a", "honest_b"):
        (subs / name).mkdir(parents=True)
        (subs / name / "linear_regression.py").write_text(SOLUTION)
    for attack in sorted(ESCAPE.glob("*.py")):
        (subs / attack.stem).mkdir(parents=True)
        (subs / attack.stem / "linear_regression.py").write_text(
            SOLUTION + "\n\n" + attack.read_text().replace("{MARKER}", marker))
    return subs


def _survivors(marker: str) -> list[int]:
    """The attack's daemon, if it outlived its sandbox (it names itself ``lf<marker>``)."""
    found = []
    for entry in os.listdir("/proc"):
        try:
            if entry.isdigit() and Path(f"/proc/{entry}/comm").read_text().strip() == f"lf{marker}":
                found.append(int(entry))
        except OSError:
            continue
    return found


def _leftovers(marker: str, base: Path) -> list[str]:
    """Files the attacks left: at the top of the shared temporary folders (where they write), or anywhere in base."""
    found = [str(p) for top in ("/tmp", "/dev/shm", "/var/tmp") for p in Path(top).glob(f"*{marker}*")]
    return found + [str(p) for p in base.rglob(f"*{marker}*")]


def _answers(base: Path, user: int | None) -> Path:
    """The model answers, copied where the grader's own user can read them and nobody else can (an installed
    grader holds none: a course passes --solutions)."""
    dest = base / f"answers-{user if user is not None else os.geteuid()}"
    if not dest.exists():
        shutil.copytree(ROOT / "solutions", dest, ignore=shutil.ignore_patterns("__pycache__"))
        if user is not None and os.geteuid() == 0:
            for path in [dest, *dest.rglob("*")]:
                os.chown(path, user, user)
        dest.chmod(0o700)
    return dest


def _grade(python: str, subs: Path, out: Path, env: dict, user: int | None = None, *extra: str):
    cmd = [python, "-m", "grader", str(subs), "--out", str(out), "--jobs", "2", "--timeout", "5", *extra]
    if "--check-sandbox" not in extra:
        cmd += ["--solutions", str(_answers(subs.parent, user))]
    if user is not None:
        cmd = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", "--", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600, cwd=subs.parent)


def _env(**extra: str) -> dict:
    """The test's environment without the grader's switches: every sandbox started by bwrap (the fork server,
    which serves all but a process's first by default, is tried by test_forkserver.py with the same corpus)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BACKPROP_GRADER_")}
    return {**env, "BACKPROP_GRADER_FORKSERVER": "0", **extra}


def _assert_contained(proc, base: Path, subs: Path, out: Path, marker: str, before: dict[Path, str]) -> None:
    assert proc.returncode == 0, proc.stderr[-2000:]
    by = {s["student"]: s for s in json.loads((out / "results.json").read_text())["submissions"]}
    assert by["honest_a"]["score"] == 100 and by["honest_b"]["score"] == 100
    # the probe gives a wrong predict when it finds any of root's powers: full marks means it found none
    for probe_name in ("root_powers", "kernel_surface"):  # each gives a wrong predict if it reached what it probes
        failed = [c["message"] for c in by[probe_name]["checks"] if not c["passed"]]
        assert by[probe_name]["score"] == 100, (probe_name, failed)
    assert {p: _sha(p) for p in before} == before, "a submission was changed"
    written = [p for p in out.rglob("*") if p.is_file() and marker in p.read_text(errors="ignore")]
    assert not written and not list(out.rglob(f"*{marker}*")), "the output folder was written"
    time.sleep(2.0)  # the daemon writes every 0.5 s for 15 s if it survived
    assert _leftovers(marker, base) == []
    assert _survivors(marker) == []


def _run_class(tmp: Path, python: str, env: dict, user: int | None = None):
    marker = secrets.token_hex(6)
    subs = _class(tmp, marker)
    before = {p: _sha(p) for p in subs.rglob("*.py")}
    out = tmp / "out"
    proc = _grade(python, subs, out, env, user)
    return proc, subs, out, marker, before


@pytest.fixture
def shared_tmp():
    """A folder an ordinary user may use too (pytest's own is root's alone)."""
    path = Path(tempfile.mkdtemp(prefix="grade-priv-test-"))
    os.chmod(path, 0o777)
    yield path
    shutil.rmtree(path, ignore_errors=True)


# ---------------------------------------------------------------------------------------------- judging the probe
def _iso(**kw) -> isolation.Isolation:
    return isolation.Isolation("bubblewrap", (), as_root=True, **kw)


GOOD = {"uid": isolation.UID_BASE + 5, "caps": {"CapEff": "0000000000000000", "CapPrm": "0000000000000000"},
        "no_new_privs": "1", "seccomp": "2", "writable": [".", "/tmp", "/dev/shm"], "readable": [], "interfaces": ["lo"]}


def test_the_probe_is_judged_clean_when_nothing_is_out_of_place():
    assert probe.judge(_iso(), GOOD, ["/g"], ["/g"]).problems == ()


@pytest.mark.parametrize("change, words", [
    ({"uid": 0}, "root"),
    ({"caps": {"CapEff": "000001fffeffffff"}}, "capabilities"),
    ({"no_new_privs": "0"}, "no_new_privs"),
    ({"writable": ["/proc/sys/kernel/core_pattern"]}, "core_pattern"),
    ({"writable": ["/g"]}, "/g"),
    ({"readable": ["/g"]}, "read /g"),
    ({"interfaces": ["lo", "eth0"]}, "network"),
    pytest.param({"seccomp": "0"}, "seccomp", marks=pytest.mark.skipif(
        platform.machine() not in probe.SECCOMP_MACHINES, reason="no seccomp filter for this processor")),
])
def test_the_probe_names_each_privilege_kept(change, words):
    problems = probe.judge(_iso(), {**GOOD, **change}, ["/g"], ["/g"]).problems
    assert problems and words in " ".join(problems)


# ---------------------------------------------------------------------------------------------- the modes
@ROOT_ONLY
def test_as_root_with_bubblewrap_nothing_escapes(tmp_path):
    if isolation.detect().level != "bubblewrap":
        pytest.skip(f"bubblewrap cannot start here ({isolation.detect().reason})")
    check = subprocess.run([sys.executable, "-m", "grader", "--check-sandbox"], capture_output=True, text=True,
                           env=_env(PYTHONPATH=str(ROOT)), timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr
    uid = int(check.stdout.split("uid inside: ")[1].split()[0])
    assert uid >= isolation.UID_BASE and "as promised" in check.stdout
    assert "effective 0000000000000000" in check.stdout and "no_new_privs: 1" in check.stdout
    proc, subs, out, marker, before = _run_class(tmp_path, sys.executable, _env(PYTHONPATH=str(ROOT)))
    _assert_contained(proc, tmp_path, subs, out, marker, before)


@ROOT_ONLY
@NEEDS_REACHABLE
def test_as_root_without_namespaces_the_student_runs_as_an_unprivileged_uid(shared_tmp):
    env = _env(BACKPROP_GRADER_NO_NAMESPACES="1")
    check = subprocess.run([REACHABLE, "-m", "grader", "--check-sandbox"], capture_output=True, text=True, env=env,
                           timeout=120)
    assert "uid inside: " in check.stdout and "(root)" not in check.stdout, check.stdout + check.stderr
    assert "effective 0000000000000000" in check.stdout and "no_new_privs: 1" in check.stdout
    proc, subs, out, marker, before = _run_class(shared_tmp, REACHABLE, env)
    _assert_contained(proc, shared_tmp, subs, out, marker, before)


@ROOT_ONLY
def test_as_root_without_namespaces_and_no_way_to_drop_root_it_refuses(tmp_path):
    env = _env(BACKPROP_GRADER_NO_NAMESPACES="1", PYTHONPATH=str(ROOT))
    iso = subprocess.run([sys.executable, "-c", "from grader.sandbox import isolation as i; "
                          "print(repr(i.detect().unreachable))"], capture_output=True, text=True, env=env)
    if iso.stdout.strip() in ("''", ""):
        pytest.skip("this Python can be read by an unprivileged user: the grader switches to one instead")
    marker = secrets.token_hex(6)
    subs = _class(tmp_path, marker)
    proc = _grade(sys.executable, subs, tmp_path / "out", env)
    assert proc.returncode == 4
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "refusing to run student code" in lines[0] and "--unsafe-sandbox" in lines[0]
    assert "Traceback" not in proc.stderr and _leftovers(marker, tmp_path) == []  # no student code ran
    assert not (tmp_path / "out" / "results.json").exists()
    # the documented opt-in runs it anyway (an honest file only: as root, an attack would really be root)
    single = tmp_path / "alone" / "linear_regression.py"
    single.parent.mkdir()
    single.write_text(SOLUTION)
    opted = _grade(sys.executable, single, tmp_path / "out2", env, None, "--unsafe-sandbox")
    assert opted.returncode == 0, opted.stderr[-1000:]
    assert json.loads((tmp_path / "out2" / "results.json").read_text())["submissions"][0]["score"] == 100


@ROOT_ONLY
@NEEDS_REACHABLE
def test_as_an_ordinary_user_with_bubblewrap_nothing_escapes(shared_tmp):
    if not shutil.which("bwrap") or not shutil.which("setpriv"):
        pytest.skip("needs bwrap and setpriv")
    check = _grade(REACHABLE, shared_tmp, shared_tmp / "unused", _env(), USER, "--check-sandbox")
    if "sandbox level: bubblewrap" not in check.stdout:
        pytest.skip("bubblewrap cannot start for an ordinary user here (user namespaces off?)")
    assert check.returncode == 0, check.stdout + check.stderr
    proc, subs, out, marker, before = _run_class(shared_tmp, REACHABLE, _env(), USER)
    _assert_contained(proc, shared_tmp, subs, out, marker, before)


@ROOT_ONLY
@NEEDS_REACHABLE
def test_as_an_ordinary_user_without_namespaces_a_class_is_refused_one_file_is_graded(shared_tmp):
    if not shutil.which("setpriv"):
        pytest.skip("needs setpriv")
    env = _env(BACKPROP_GRADER_NO_NAMESPACES="1")
    marker = secrets.token_hex(6)
    subs = _class(shared_tmp, marker)
    proc = _grade(REACHABLE, subs, shared_tmp / "out", env, USER)
    assert proc.returncode == 4 and "refusing to run student code" in proc.stderr
    assert _leftovers(marker, shared_tmp) == []
    # one file: a student checking their own work, as themselves
    own = _grade(REACHABLE, subs / "honest_a" / "linear_regression.py", shared_tmp / "own", env, USER)
    assert own.returncode == 0, own.stderr[-1000:]
    assert json.loads((shared_tmp / "own" / "results.json").read_text())["submissions"][0]["score"] == 100


def test_a_folder_deeper_than_python_recurses_is_still_removed(tmp_path):
    """A sandbox's 3000 nested folders once beat the clean-up (shutil.rmtree recursed), and every later run."""
    from grader.sandbox.process import remove_tree

    top = tmp_path / "deep"
    fd = os.open(tmp_path, os.O_RDONLY)
    os.mkdir("deep", dir_fd=fd)
    for _ in range(3000):  # relative to the last folder: the full path would pass PATH_MAX
        nxt = os.open("deep" if _ == 0 else "d", os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = nxt
        os.mkdir("d", dir_fd=fd)
    os.close(fd)
    remove_tree(str(top))
    assert not top.exists()
