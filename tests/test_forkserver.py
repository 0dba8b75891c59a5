"""The sandbox fork server (every sandbox after a process's first; ``BACKPROP_GRADER_FORKSERVER=1`` from the first):
fast, and every protection of a bwrap sandbox holds.

A forked child is asked, by student code, what it can do (no network, alone in
its PID namespace, not root, no capabilities, ``no_new_privs``, ``/proc/sys``
read-only, the grader's folders hidden, its own empty ``/tmp`` and ``/sandbox``,
the rlimits), and is killed with everything it started. The escape corpus of
``tests/hostile/escape`` is graded with the switch on, as root and as an
ordinary user. When the fork server cannot give a protection, it refuses and
bwrap starts the sandbox. Tests that need bwrap or root say so when skipped.
"""
from __future__ import annotations

import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from conftest import ROOT
from grader import load
from grader.sandbox import forkserver, isolation, shared
from grader.sandbox.process import Limits, SandboxProcess
from grader.sandbox.session import Session, StudentError

ISO = isolation.detect()
UNDER_TMP = pytest.mark.skipif(bool(ISO.level == "bubblewrap" and forkserver.hidden_python(ISO)),
                               reason="the fork server steps back here: the Python installation lies under a "
                                      "folder each forked sandbox mounts its own tmpfs on (a checkout under /tmp)")
NEEDS_BWRAP = pytest.mark.skipif(ISO.level != "bubblewrap",
                                 reason=f"the fork server needs bubblewrap, which cannot start here ({ISO.reason})")
ROOT_ONLY = pytest.mark.skipif(os.geteuid() != 0, reason="needs root (the mode under test is the grader run as root)")
pytestmark = [NEEDS_BWRAP, UNDER_TMP]


@pytest.fixture
def switch(monkeypatch):
    """The switch on, and a fork server of this test's own (one started by an earlier test is closed)."""
    monkeypatch.setenv(forkserver.ENV, "1")
    forkserver._shutdown()
    monkeypatch.setattr(forkserver, "_REFUSED", "")
    monkeypatch.setattr(forkserver, "_SOURCE", None)
    yield
    forkserver._shutdown()


def _session(tmp_path: Path, source: str, name: str = "probe", **limits) -> Session:
    path = tmp_path / f"{name}.py"
    path.write_text(source)
    src = load.read_source(path)
    return Session(src, load.plan(src), Limits(**limits), ISO)


FACTS = r'''
import os, resource, socket


def facts(hidden):
    out = {"pid": os.getpid(), "uid": os.getuid(), "euid": os.geteuid(), "groups": os.getgroups(),
           "cwd": os.getcwd(), "procs": sorted(int(e) for e in os.listdir("/proc") if e.isdigit())}
    with open("/proc/self/status") as fh:
        status = dict((k, v.strip()) for k, v in (line.split(":", 1) for line in fh if ":" in line))
    out.update({k: status.get(k) for k in ("CapEff", "CapPrm", "CapBnd", "CapAmb", "CapInh", "NoNewPrivs", "Seccomp")})
    nets = []
    for address in (("127.0.0.1", 9), ("1.1.1.1", 53), ("10.0.0.1", 80)):
        try:
            socket.create_connection(address, timeout=1).close()
            nets.append("connected")
        except OSError as exc:
            nets.append(type(exc).__name__)
    out["net"] = nets
    with open("/proc/net/dev") as fh:
        out["interfaces"] = [line.split(":")[0].strip() for line in fh.readlines()[2:]]
    writes = {}
    for path in ("/proc/sys/kernel/core_pattern", "/proc/sys/kernel/hostname", "/proc/sysrq-trigger", "/etc/x",
                 "/usr/x", "/x"):
        try:
            with open(path, "w") as fh:
                fh.write("x")
            writes[path] = "written"
        except OSError as exc:
            writes[path] = type(exc).__name__
    out["writes"] = writes
    out["hidden"] = {p: (os.listdir(p) if os.path.isdir(p) else "absent") for p in hidden}
    out["empty"] = {p: sorted(os.listdir(p)) for p in ("/tmp", "/sandbox", "/dev/shm")}
    for p in ("/tmp", "/sandbox", "/dev/shm"):
        with open(os.path.join(p, "left_by_" + str(os.getpid()) + "_" + MARK), "w") as fh:
            fh.write("x")
    out["rlimits"] = {n: resource.getrlimit(getattr(resource, n))[0]
                      for n in ("RLIMIT_AS", "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_CORE", "RLIMIT_NPROC")}
    out["fds"] = sorted(int(f) for f in os.listdir("/proc/self/fd"))
    with open("/proc/self/cgroup") as fh:
        out["cgroups"] = [line.strip().split(":", 2)[2] for line in fh if line.count(":") >= 2]
    return out
'''


def _hidden() -> list[str]:
    return [*ISO.hidden, str(ROOT / "grader"), str(ROOT / "solutions"), str(ROOT / "reports"), str(ROOT)]


def test_a_forked_sandbox_has_every_protection(switch, tmp_path):
    mark = secrets.token_hex(4)
    with _session(tmp_path, FACTS + f"\nMARK = {mark!r}\n") as s:
        assert isinstance(s.process.proc, forkserver.ForkedChild), forkserver.refused()
        first = s.call("facts", _hidden())
    with _session(tmp_path, FACTS + f"\nMARK = {mark!r}\n") as s:
        second = s.call("facts", _hidden())
    assert forkserver.STATS["forked"] >= 2 and not forkserver.refused()
    for f in (first, second):
        # alone in its own PID namespace: its init (1) and itself (2), nothing of the zygote's or another sandbox's
        assert f["pid"] == 2 and f["procs"] == [1, 2], f["procs"]
        assert f["CapEff"] == f["CapPrm"] == f["CapBnd"] == f["CapAmb"] == f["CapInh"] == "0000000000000000"
        assert f["NoNewPrivs"] == "1" and f["Seccomp"] == "2"
        if os.geteuid() == 0:
            assert f["uid"] == f["euid"] >= isolation.UID_BASE and f["groups"] == []
        assert f["uid"] != 0 and f["euid"] != 0
        assert f["interfaces"] == ["lo"] and "connected" not in f["net"], f["net"]
        assert all(v != "written" for v in f["writes"].values()), f["writes"]
        listing = f["hidden"].pop(str(ROOT))  # the checkout holds the virtual environment: only it shows
        assert set(listing) <= {Path(d).relative_to(ROOT).parts[0] for d in ISO.python_dirs
                                if Path(d).is_relative_to(ROOT)}, listing
        assert all(v in ([], "absent") for v in f["hidden"].values()), f["hidden"]
        assert f["cwd"] == isolation.SANDBOX_DIR
        # its own cgroup namespace, rooted at its own cgroup (found by an attack: made before the grader moved
        # it, the grader's pid showed in the path)
        assert set(f["cgroups"]) == {"/"}, f["cgroups"]
        # stdio, the two pipes, the socket shared inputs arrive on (as under bwrap), listdir's own
        assert f["fds"][:3] == [0, 1, 2] and len(f["fds"]) == 6 + shared.enabled(), f["fds"]
        lim = Limits()
        assert f["rlimits"] == {"RLIMIT_AS": lim.memory_bytes, "RLIMIT_CPU": int(lim.submission_seconds + 30),
                                "RLIMIT_FSIZE": lim.file_bytes, "RLIMIT_CORE": 0, "RLIMIT_NPROC": lim.processes}
    # its own empty /tmp, /sandbox and /dev/shm: what the first wrote, the second never sees
    assert second["empty"] == {"/tmp": [], "/sandbox": [], "/dev/shm": []}, second["empty"]
    assert not [p for top in ("/tmp", "/dev/shm") for p in Path(top).glob(f"*{mark}*")]  # nor the host


def test_the_sandbox_is_in_its_own_cgroup_and_is_killed_with_everything_it_started(switch, tmp_path):
    mark = secrets.token_hex(4)
    source = f'''
import os, time, ctypes

def spawn():
    for _ in range(3):
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:  # a daemon: its parent exits, it is nobody's child in the sandbox but PID 1's
                ctypes.CDLL(None).prctl(15, b"fs{mark}", 0, 0, 0)
                while True:
                    time.sleep(0.05)
            os._exit(0)
    time.sleep(0.3)
    return sorted(int(e) for e in os.listdir("/proc") if e.isdigit())
'''
    with _session(tmp_path, source, name="daemons") as s:
        proc = s.process
        host_pid = proc.proc.pid
        seen = s.call("spawn")
        assert len(seen) >= 5, seen  # init, worker, three daemons
        survivors = _named(f"fs{mark}")
        assert len(survivors) == 3
        if proc.cgroup is not None:
            for pid in [host_pid, *survivors]:  # in each of its folders (v1: the pids and memory hierarchies)
                assert proc.cgroup.holds(pid), (pid, Path(f"/proc/{pid}/cgroup").read_text())
                for folder in proc.cgroup.folders:
                    assert str(pid) in (folder / "cgroup.procs").read_text().split()
        else:
            pytest.skip("no cgroup on this machine: the PID namespace alone kills them (checked below)")
    time.sleep(0.2)
    assert _named(f"fs{mark}") == [] and not Path(f"/proc/{host_pid}").exists()


def test_a_killed_grader_takes_the_fork_server_and_its_sandboxes_with_it(tmp_path):
    script = r'''
import os, sys, time
from pathlib import Path
from grader import load
from grader.sandbox import forkserver
from grader.sandbox.process import Limits
from grader.sandbox.session import Session
src = load.read_source(Path(sys.argv[1]))
s = Session(src, load.plan(src), Limits())
s.open()
print(forkserver._ZYGOTE.proc.pid, s.process.proc.pid, flush=True)
time.sleep(60)
'''
    sub = tmp_path / "sleepy.py"
    sub.write_text("import time\n\ndef f():\n    return 1\n")
    env = {**os.environ, forkserver.ENV: "1", "PYTHONPATH": str(ROOT)}
    grader = subprocess.Popen([sys.executable, "-c", script, str(sub)], stdout=subprocess.PIPE, text=True, env=env)
    try:
        line = grader.stdout.readline().split()
        assert len(line) == 2, "the grader did not start a forked sandbox"
        zygote, child = map(int, line)
        assert Path(f"/proc/{zygote}").exists() and Path(f"/proc/{child}").exists()
        grader.send_signal(signal.SIGKILL)
        grader.wait()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and (Path(f"/proc/{zygote}").exists() or Path(f"/proc/{child}").exists()):
            time.sleep(0.05)
        assert not Path(f"/proc/{zygote}").exists() and not Path(f"/proc/{child}").exists()
    finally:
        if grader.poll() is None:
            grader.kill()


def test_the_zygote_is_a_fresh_interpreter_under_bwrap_and_survives_its_sandboxes(switch, tmp_path):
    with _session(tmp_path, "import os\n\ndef bye():\n    os._exit(3)\n") as s:
        zygote = forkserver._ZYGOTE
        assert Path(zygote.proc.args[0]).name == "bwrap" and "-c" in zygote.proc.args
        with pytest.raises(StudentError, match="exited with code 3"):
            s.call("bye")
    assert zygote.proc.poll() is None
    with _session(tmp_path, "def f():\n    return 42\n") as s:
        assert s.call("f") == 42 and forkserver._ZYGOTE is zygote


def test_output_limits_and_crashes_are_reported_as_with_bwrap(switch, tmp_path):
    source = '''
import ctypes, os, sys

def talk():
    print("hello from the sandbox")
    sys.stderr.write("and its stderr\\n")
    return 1

def crash():
    ctypes.string_at(0)

def mine():
    return os.getpid()
'''
    with _session(tmp_path, source, name="talk") as s:
        assert s.call("talk") == 1
        with pytest.raises(StudentError, match="SIGSEGV"):
            s.call("crash")
        assert s.call("mine") == 2  # a fresh sandbox after the crash
        text, _ = s.output()
    assert "hello from the sandbox" in text and "and its stderr" in text


def test_it_refuses_rather_than_start_a_weaker_sandbox(switch, tmp_path, monkeypatch):
    """A check in the child fails (here: made to): no student code runs forked, bwrap starts the sandbox."""
    program = forkserver._zygote_program()
    broken = program.replace("    seen = [e for e in os.listdir(\"/proc\") if e.isdigit()]\n",
                             "    seen = [\"1\", \"999\"]\n")
    assert broken != program
    monkeypatch.setattr(forkserver, "_SOURCE", broken)
    with _session(tmp_path, "import os\n\ndef f():\n    return os.getpid()\n") as s:
        assert not isinstance(s.process.proc, forkserver.ForkedChild)
        assert s.call("f") == 2  # bwrap's sandbox: bwrap is PID 1
    assert "other processes" in forkserver.refused()
    assert not forkserver.wanted(ISO)


def test_it_refuses_when_the_zygote_lacks_a_capability(switch, tmp_path, monkeypatch):
    real = isolation.Isolation.command
    monkeypatch.setattr(isolation.Isolation, "command", lambda self, w, p, zygote=False: real(self, w, p))
    with _session(tmp_path, "def f():\n    return 1\n") as s:
        assert s.call("f") == 1 and not isinstance(s.process.proc, forkserver.ForkedChild)
    assert "lacks capabilities" in forkserver.refused()


def _starts(n: int) -> list[float]:
    times = []
    for _ in range(n):
        proc = SandboxProcess(Limits(), ISO)
        t0 = time.perf_counter()
        proc.start()
        times.append(time.perf_counter() - t0)
        proc.close()
    return times


def test_a_forked_sandbox_starts_much_faster_than_bwrap(switch, monkeypatch):
    _starts(1)  # the zygote's own start, once per grader process
    forked = _starts(15)
    assert forkserver.STATS["forked"] >= 16 and not forkserver.refused()
    monkeypatch.setenv(forkserver.ENV, "0")
    plain = _starts(15)
    fmed, pmed = statistics.median(forked), statistics.median(plain)
    print(f"\nsandbox start, median of 15: fork server {fmed * 1000:.1f} ms "
          f"(min {min(forked) * 1000:.1f}, max {max(forked) * 1000:.1f}); bwrap {pmed * 1000:.1f} ms "
          f"(min {min(plain) * 1000:.1f}, max {max(plain) * 1000:.1f})")
    assert fmed < pmed / 2, (fmed, pmed)


def _forked_start() -> bool:
    """Start a sandbox (raises if it died while starting) and close it: was it forked?"""
    proc = SandboxProcess(Limits(), ISO)
    try:
        proc.start()
        return isinstance(proc.proc, forkserver.ForkedChild)
    finally:
        proc.close()


@pytest.mark.parametrize("value, first, later", [("", False, True), ("0", False, False), ("1", True, True)],
                         ids=["unset", "0", "1"])
def test_by_default_a_process_forks_every_sandbox_after_its_first(switch, monkeypatch, value, first, later):
    """Unset: one file never pays the zygote's start, a class forks all but the first; 0 never, 1 always."""
    monkeypatch.setenv(forkserver.ENV, value)
    monkeypatch.setattr(forkserver, "_STARTED", {})
    forked = [_forked_start() for _ in range(3)]
    assert forked == [first, later, later] and not forkserver.refused()
    assert (forkserver._ZYGOTE is not None) == later


def test_check_sandbox_by_default_measures_a_runs_first_sandbox_and_a_forked_one(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != forkserver.ENV}
    check = subprocess.run([sys.executable, "-m", "grader", "--check-sandbox"], capture_output=True, text=True,
                           env={**env, "PYTHONPATH": str(ROOT)}, timeout=120, cwd=tmp_path)
    assert check.returncode == 0 and "as promised" in check.stdout, check.stdout + check.stderr
    assert "started by: bwrap (a run's first sandbox)" in check.stdout, check.stdout
    later = next(line for line in check.stdout.splitlines() if "a run's later sandboxes:" in line)
    assert "started by: the fork server" in later, check.stdout


def test_threads_starting_sandboxes_at_once_share_one_zygote(switch):
    """Found by a test that grades two files at a time in threads: each thread started a zygote of its own,
    and the one replaced took its just-forked sandbox down with it (killed by SIGKILL while starting)."""
    from concurrent.futures import ThreadPoolExecutor

    for _ in range(8):  # the race is lost most times, not every time
        forkserver._shutdown()
        with ThreadPoolExecutor(max_workers=4) as pool:
            forked = list(pool.map(lambda _: _forked_start(), range(4)))
        assert forked == [True] * 4 and not forkserver.refused(), forkserver.refused()


def _named(comm: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        try:
            if entry.isdigit() and Path(f"/proc/{entry}/comm").read_text().strip() == comm:
                found.append(int(entry))
        except OSError:
            continue
    return found


# ----------------------------------------------------------------------------------------------- Ctrl-C, switched on
#: ``python -m grader ARGS`` with Ctrl-C's default action, whatever this test run inherited: a shell's background
#: job (``pytest ... &``) has SIGINT ignored, and a grader started from it ignores Ctrl-C, bwrap or fork server alike.
_WITH_CTRL_C = ("import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
                "os.execv(sys.executable, [sys.executable, '-m', 'grader', *sys.argv[1:]])")


def _tree(root: int) -> dict[int, str]:
    """``root``'s descendants (pid -> command line): the fork server's processes are in sessions of their own."""
    parents, lines = {}, {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parents[int(entry)] = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
                lines[int(entry)] = Path(f"/proc/{entry}/cmdline").read_bytes().decode(errors="replace")
            except (OSError, IndexError, ValueError):
                continue
    found, grew = {root}, True
    while grew:
        new = {p for p, parent in parents.items() if parent in found} - found
        found |= new
        grew = bool(new)
    return {p: lines.get(p, "") for p in found - {root}}


def _running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's zombie waits for PID 1 of the machine, which may take its time)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


@pytest.mark.parametrize("switched", ["1", "0"], ids=["fork-server", "bwrap"])
def test_ctrl_c_stops_a_class_run_as_with_bwrap(switched, tmp_path):
    """Ctrl-C (SIGINT to the grader's process group) during ``--jobs 2``: exit 130, one line, what was graded kept,
    and nothing of the run left: no zygote, no sandbox, no folder or cgroup named after its processes."""
    from grader.sandbox import cgroup

    from test_class_run import N_STUDENTS, make_class

    klass = tmp_path / "class"
    assert make_class(klass) == N_STUDENTS
    out = tmp_path / "out"
    env = {**os.environ, forkserver.ENV: switched}
    proc = subprocess.Popen([sys.executable, "-c", _WITH_CTRL_C, str(klass), "--out", str(out), "--jobs", "2",
                             "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True)
    seen: dict[int, str] = {}
    try:
        cache = out / ".results"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(list(cache.glob("*.json"))) < 4 and proc.poll() is None:
            seen.update(_tree(proc.pid))
            time.sleep(0.05)
        seen.update(_tree(proc.pid))
        os.killpg(proc.pid, signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, stderr[-2000:]
    assert "interrupted" in stderr and "Traceback" not in stdout + stderr, stderr[-2000:]
    assert "refused" not in stderr, stderr[-2000:]
    assert 4 <= len(list(cache.glob("*.json"))) < N_STUDENTS  # interrupted, not finished first; the graded kept
    zygotes = [p for p, line in seen.items() if "_zygote_main" in line]
    assert bool(zygotes) == (switched == "1"), "the fork server was not used" if zygotes == [] else zygotes
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_running(p) for p in seen):
        time.sleep(0.05)
    assert [(p, seen[p][:80]) for p in seen if _running(p)] == []
    places = [Path(tempfile.gettempdir())] + list((cgroup._v1_dirs() or {}).values()) + [
        d for d in [cgroup._v2_dir()] if d is not None]
    left = [str(d) for place in places for p in seen for d in place.glob(f"{cgroup.PREFIX}{p}-*")]
    assert left == []


# ---------------------------------------------------------------------------------- the escape corpus, switched on
@ROOT_ONLY
def test_as_root_the_escape_corpus_is_contained_by_forked_sandboxes(tmp_path):
    import test_privileges as priv

    env = priv._env(PYTHONPATH=str(ROOT), **{forkserver.ENV: "1"})
    check = subprocess.run([sys.executable, "-m", "grader", "--check-sandbox"], capture_output=True, text=True,
                           env=env, timeout=120)
    assert check.returncode == 0 and "as promised" in check.stdout, check.stdout + check.stderr
    assert "started by: the fork server" in check.stdout, check.stdout
    proc, subs, out, marker, before = priv._run_class(tmp_path, sys.executable, env)
    assert "fork server refused" not in proc.stderr, proc.stderr[-2000:]
    priv._assert_contained(proc, tmp_path, subs, out, marker, before)


@ROOT_ONLY
def test_as_an_ordinary_user_the_escape_corpus_is_contained_by_forked_sandboxes(tmp_path):
    import shutil
    import tempfile

    import test_privileges as priv

    if priv.REACHABLE is None or not shutil.which("setpriv"):
        pytest.skip("needs setpriv and a Python an unprivileged user can read (BACKPROP_GRADER_TEST_PYTHON)")
    shared = Path(tempfile.mkdtemp(prefix="grade-fs-test-"))
    os.chmod(shared, 0o777)
    try:
        env = priv._env(**{forkserver.ENV: "1"})
        check = priv._grade(priv.REACHABLE, shared, shared / "unused", env, priv.USER, "--check-sandbox")
        if "sandbox level: bubblewrap" not in check.stdout:
            pytest.skip("bubblewrap cannot start for an ordinary user here (user namespaces off?)")
        assert check.returncode == 0 and "as promised" in check.stdout, check.stdout + check.stderr
        assert "started by: the fork server" in check.stdout, check.stdout + check.stderr
        proc, subs, out, marker, before = priv._run_class(shared, priv.REACHABLE, env, priv.USER)
        assert "fork server refused" not in proc.stderr, proc.stderr[-2000:]
        priv._assert_contained(proc, shared, subs, out, marker, before)
    finally:
        shutil.rmtree(shared, ignore_errors=True)

