"""The grader's benchmark: one command, plain tables, numbers to compare.

    python bench/run.py [--quick] [--skip-nbgrader] [--students N] [--runs R] [--profile] [--keep DIR]
    python bench/run.py --growth [--growth-sizes 100,300,1000] [--growth-jobs 2]

Sections (see bench/README.md for what each number means):

1. the sandbox's own overhead, measured on its own, against the floors it is
   made of (a Python process, importing NumPy, bubblewrap) and against a
   pre-started process that forks one child per submission;
1b. the sandbox's start from the fork server (BACKPROP_GRADER_FORKSERVER=1) against bwrap's, interleaved in
   one process, the zygote's own start apart, every protection checked;
2. grading one submission (the reference solution) per assignment, split by
   phase, with peak memory of the grader and of the sandbox, and end to end
   through the command line;
3. where the time goes inside one grade (instrumented), and with --profile
   the grader's hottest functions (cProfile);
4. a class of generated submissions graded with --jobs 1 and --jobs 2 (and
   again with the fork server), and the extrapolation to 300 students x 4
   assignments;
5. nbgrader's autograde on the same submissions as notebooks, with equivalent
   test cells, side by side: the ratio is measured, not claimed;
6. growth (--growth alone, --skip-growth to leave it out): classes of 100,
   300 and 1000 submissions graded with --jobs 2: time per submission, memory
   of the grader's processes and of the sandboxes, output sizes, the class
   page's load time in headless chromium, and whether any grows faster than
   linearly;
7. a summary of issue 17's figures against their targets (met / NOT met /
   not measured).

It covers whatever assignments the grader has checks for
(``grader.registry.names()``): run it again when more land.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(HERE))

from procmem import TreeMemory, descendants, status_kib

# The interpreter running the benchmark, as invoked: a venv's python must stay the venv's
# (resolving its symlink would lose the venv's packages, e.g. rich, and break `grade`).
PY = sys.executable
TARGET_ONE, TARGET_CLASS, TARGET_SANDBOX = 2.0, 600.0, 0.2
TARGET_WRONG = 2.0  #: a submission with a wrong gradient, graded end to end (diagnosis and the line included)
# Issue 17 ("Speed to the floor, and past one machine"): the final summary's targets.
TARGET_FORK = 0.010  #: a sandbox start from the fork server, every protection on
TARGET_NBGRADER = 12.0  #: a class of 100: nbgrader autograde's wall time over ours, both one process
TARGET_300x4 = 90.0  #: 300 students x 4 assignments with --jobs 2, seconds
TARGET_CLI = {"mnist_softmax": 0.8}  #: `grade FILE` in a fresh process, seconds, per assignment...
TARGET_CLI_OTHER = 0.5  #: ...and for every other one
TARGET_GROWTH = 1.25  #: cost per submission (or per unit) of the largest class over the smallest's, at most


# --------------------------------------------------------------------------- printing


def out(line: str = "") -> None:
    print(line, flush=True)


def log(line: str) -> None:
    print(f"  .. {line}", file=sys.stderr, flush=True)


def heading(title: str) -> None:
    out()
    out(f"== {title} " + "=" * max(3, 76 - len(title)))


def table(header: list[str], rows: list[list], align: str | None = None) -> None:
    """A plain text table: first column left, the others right."""
    cells = [[str(h) for h in header]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    align = align or "l" + "r" * (len(header) - 1)

    def fmt(r):
        return "  ".join(c.ljust(w) if a == "l" else c.rjust(w) for c, w, a in zip(r, widths, align)).rstrip()

    out(fmt(cells[0]))
    out("  ".join("-" * w for w in widths))
    for r in cells[1:]:
        out(fmt(r))


def ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.1f}"


def sec(seconds: float | None, digits: int = 2) -> str:
    return "-" if seconds is None else f"{seconds:.{digits}f}"


def mib(kib: int | None) -> str:
    return "-" if not kib else f"{kib / 1024:.0f}"


def spread(values: list[float]) -> tuple[float, float, float]:
    return statistics.median(values), min(values), max(values)


# --------------------------------------------------------------------------- 1. the sandbox on its own


def _run_quiet(cmd: list[str], **kw) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                   **kw)
    return time.perf_counter() - t0


FORK_SERVER = r"""
import os, sys, ctypes
import numpy
mode = sys.argv[1]
libc = ctypes.CDLL(None, use_errno=True)
NS = 0x10000000 | 0x40000000 | 0x00020000 | 0x04000000 | 0x08000000  # user, net, mount, uts, ipc
r, w = int(sys.argv[2]), int(sys.argv[3])
os.write(w, b"s")
while os.read(r, 1) == b"f":
    pid = os.fork()
    if pid == 0:
        if mode == "unshare" and libc.unshare(NS) != 0:
            os.write(w, b"E"); os._exit(1)
        os.write(w, b"c"); os._exit(0)
    os.waitpid(pid, 0)
"""


def fork_latency(samples: int, mode: str) -> list[float] | str:
    """A process that imported NumPy once forks a child per request: time to a ready child."""
    req_r, req_w = os.pipe()
    resp_r, resp_w = os.pipe()
    proc = subprocess.Popen([PY, "-c", FORK_SERVER, mode, str(req_r), str(resp_w)], pass_fds=(req_r, resp_w),
                            stdin=subprocess.DEVNULL)
    os.close(req_r)
    os.close(resp_w)
    times: list[float] = []
    try:
        if os.read(resp_r, 1) != b"s":
            return "the fork server did not start"
        for _ in range(samples):
            t0 = time.perf_counter()
            os.write(req_w, b"f")
            got = os.read(resp_r, 1)
            if got != b"c":
                return "unshare() refused here (no user namespaces)"
            times.append(time.perf_counter() - t0)
    finally:
        os.write(req_w, b"q")
        os.close(req_w)
        os.close(resp_r)
        proc.wait(timeout=10)
    return times


def sandbox_overhead(samples: int) -> dict:
    from grader import load
    from grader.sandbox.isolation import detect
    from grader.sandbox.isolation import site_dirs
    from grader.sandbox.process import Limits
    from grader.sandbox.session import Session

    iso = detect()
    site = json.dumps(list(iso.python_dirs or site_dirs()))
    numpy_cmd = [PY, "-S", "-s", "-B", "-c", f"import sys, json; sys.path.extend(json.loads({site!r})); import numpy"]
    rows: dict[str, list[float] | str] = {}
    from grader.sandbox.process import _child_env

    env = _child_env(tempfile.gettempdir())  # the sandbox's environment (one BLAS thread) for every row
    rows["python -S -c pass"] = [_run_quiet([PY, "-S", "-s", "-B", "-c", "pass"], env=env) for _ in range(samples)]
    rows["python -S + import numpy"] = [_run_quiet(numpy_cmd, env=env) for _ in range(samples)]
    if iso.level == "bubblewrap":
        work = tempfile.mkdtemp(prefix="bench-bwrap-")
        try:
            cmd, _ = iso.command(work, [PY, "-S", "-c", "pass"])
            rows["bwrap + python -S -c pass"] = [_run_quiet(cmd, env=env) for _ in range(samples)]
            cmd, _ = iso.command(work, numpy_cmd)
            rows["bwrap + python -S + import numpy"] = [_run_quiet(cmd, env=env) for _ in range(samples)]
        finally:
            shutil.rmtree(work, ignore_errors=True)
    trivial = load.Source(text="def f(x):\n    return x\n", filename="trivial.py")
    plan = load.plan(trivial)
    limits = Limits()
    opened, closed, called = [], [], []
    for _ in range(samples):
        t0 = time.perf_counter()
        s = Session(trivial, plan, limits, iso, module="trivial")
        s.open()
        t1 = time.perf_counter()
        s.call("f", 1.0)
        t2 = time.perf_counter()
        s.close()
        t3 = time.perf_counter()
        opened.append(t1 - t0)
        called.append(t2 - t1)
        closed.append(t3 - t0 - (t2 - t1))
    rows["Session open (start + load)"] = opened
    rows["one call round trip"] = called
    rows["Session open + close  <- overhead"] = closed
    rows["fork from a warm NumPy process"] = fork_latency(samples, "plain")
    rows["fork + unshare(user,net,mount,...)"] = fork_latency(samples, "unshare")
    return {"level": iso.level, "rows": rows}


def print_sandbox(res: dict, samples: int) -> None:
    heading(f"1. The sandbox's own overhead (median of {samples}; sandbox: {res['level']})")
    rows = []
    for name, v in res["rows"].items():
        if isinstance(v, str):
            rows.append([name, "-", "-", "-", v])
        else:
            med, lo, hi = spread(v)
            rows.append([name, ms(med), ms(lo), ms(hi), ""])
    table(["what", "median ms", "min ms", "max ms", "note"], rows)
    over = res["rows"].get("Session open + close  <- overhead")
    if isinstance(over, list):
        med = statistics.median(over)
        out(f"sandbox overhead (Session on a trivial file, open + close): {ms(med)} ms; target < "
            f"{TARGET_SANDBOX * 1000:.0f} ms: {'met' if med < TARGET_SANDBOX else 'NOT met'}")


def sandbox_starts(samples: int) -> dict:
    """In this process (started with ``BACKPROP_GRADER_FORKSERVER=1``): the fork server's sandbox start against
    bwrap's, interleaved (the switch is read at each start: "0" for a bwrap start, "1" for a forked one).

    The first start of each kind is kept apart: bwrap's pays this process's own first use of the sandbox
    code, the fork server's pays the zygote's start (once per grader process). Then ``samples`` rounds of:
    a start (``SandboxProcess.start()``, to the worker's "ready"), its close, and a ``Session`` opened on a
    trivial file and closed (start, load, close), for each kind in turn.
    """
    from grader import load
    from grader.sandbox import forkserver
    from grader.sandbox.isolation import detect
    from grader.sandbox.process import Limits, SandboxProcess
    from grader.sandbox.session import Session

    iso = detect()
    out_: dict = {"level": iso.level, "cgroup": bool(iso.cgroup), "samples": samples}
    if iso.level != "bubblewrap":
        out_["skipped"] = f"the fork server needs bubblewrap (sandbox here: {iso.level})"
        return out_
    trivial = load.Source(text="def f(x):\n    return x\n", filename="trivial.py")
    plan = load.plan(trivial)
    kinds = {"bwrap": "0", "fork server": "1"}
    got: dict = {k: {"start": [], "close": [], "session": []} for k in kinds}

    def start(kind: str) -> tuple[float, float]:
        os.environ[forkserver.ENV] = kinds[kind]
        before = forkserver.STATS["forked"]
        proc = SandboxProcess(Limits(), iso)
        t0 = time.perf_counter()
        proc.start()
        t1 = time.perf_counter()
        proc.close()
        t2 = time.perf_counter()
        if (forkserver.STATS["forked"] > before) != (kind == "fork server"):
            raise RuntimeError(f"a {kind} start was not one: {forkserver.refused() or 'the switch was not read'}")
        return t1 - t0, t2 - t1

    def session(kind: str) -> float:
        os.environ[forkserver.ENV] = kinds[kind]
        t0 = time.perf_counter()
        s = Session(trivial, plan, Limits(), iso, module="trivial")
        s.open()
        s.call("f", 1.0)
        s.close()
        return time.perf_counter() - t0

    try:
        out_["first"] = {k: start(k)[0] for k in kinds}  # bwrap first: its own first start, then the zygote's
        for i in range(samples):
            for k in (list(kinds) if i % 2 == 0 else list(kinds)[::-1]):  # ABBA: neither always follows the other
                st, cl = start(k)
                got[k]["start"].append(st)
                got[k]["close"].append(cl)
                got[k]["session"].append(session(k))
    except (RuntimeError, OSError) as exc:
        out_["skipped"] = f"the fork server could not be measured: {exc}"
        return out_
    finally:
        os.environ[forkserver.ENV] = "1"
    out_.update(rows=got, forked=forkserver.STATS["forked"], refused=forkserver.refused())
    return out_


def measure_sandbox_starts(samples: int) -> dict:
    """``sandbox_starts`` in a fresh process with the switch on, then ``grade --check-sandbox`` with it on."""
    env = dict(os.environ, BACKPROP_GRADER_FORKSERVER="1")
    proc = subprocess.run([PY, str(Path(__file__).resolve()), "--_sandbox-starts", str(samples)],  # noqa: PLW1510
                          capture_output=True, text=True, cwd=ROOT, env=env, stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        return {"skipped": f"the measuring process failed: {proc.stderr.strip()[-300:]}"}
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    check = subprocess.run([PY, "-m", "grader", "--check-sandbox"], capture_output=True, text=True,  # noqa: PLW1510
                           cwd=ROOT, env=env, stdin=subprocess.DEVNULL)
    said = (check.stdout + check.stderr).splitlines()
    res["check_by"] = next((ln.split(":", 1)[1].strip() for ln in said if ln.strip().startswith("started by:")), "?")
    res["check_ok"] = check.returncode == 0 and any("as promised: nothing above is out of place" in ln for ln in said)
    res["check_tail"] = "" if res["check_ok"] else " / ".join(ln.strip() for ln in said[-3:])
    return res


def print_sandbox_starts(res: dict) -> tuple[float | None, bool]:
    """Section 1b; returns the fork server's median start (seconds; None: not measured) and whether every
    protection was on."""
    heading("1b. Sandbox start: bwrap against the fork server (BACKPROP_GRADER_FORKSERVER=1)")
    if res.get("skipped"):
        out(f"skipped: {res['skipped']}")
        return None, False
    n = res["samples"]
    out(f"One process started with the switch on; bwrap and fork-server starts interleaved, {n} of each after the "
        "first.")
    out("start = SandboxProcess.start() until the worker says ready; close = its close (killed, cgroup and folder "
        "removed);")
    out("Session = a Session on a trivial file opened, called once and closed. ms: median [min-max].")
    rows = [["first start in the process", ms(res["first"]["bwrap"]), "", ms(res["first"]["fork server"]), "",
             "fork server: the zygote's own start + the first fork"]]
    for key, label in (("start", "start  <- target"), ("close", "close"),
                       ("session", "Session open + call + close")):
        cells = [label]
        for kind in ("bwrap", "fork server"):
            med, lo, hi = spread(res["rows"][kind][key])
            cells += [ms(med), f"{ms(lo)}-{ms(hi)}"]
        rows.append(cells + [""])
    table(["what", "bwrap ms", "min-max", "fork server ms", "min-max", "note"], rows, "lrrrrl")
    protections = ("every protection of bwrap's sandbox, the cgroup included" if res["cgroup"]
                   else "no cgroup on this machine: the others")
    ok = res["check_ok"] and not res["refused"] and res["forked"] >= n + 1
    out(f"forked {res['forked']} sandboxes, refused: {res['refused'] or 'never'}; `grade --check-sandbox` with the "
        f"switch on: started by {res['check_by']}; "
        + ("as promised, nothing out of place" if res["check_ok"] else f"NOT as promised ({res['check_tail']})"))
    med = statistics.median(res["rows"]["fork server"]["start"])
    bw = statistics.median(res["rows"]["bwrap"]["start"])
    out(f"sandbox start with the fork server ({protections}): {ms(med)} ms median of {n} (bwrap {ms(bw)} ms, "
        f"{bw / med:.0f}x); target < {TARGET_FORK * 1000:.0f} ms: "
        + ("met" if ok and med < TARGET_FORK else "NOT met") + ("" if ok else " (not every protection was on)"))
    return med, ok


# --------------------------------------------------------------------------- 2-3. one submission, in a worker


def _instrument() -> dict:
    """Count, without changing the grader: the student's own time in the sandbox (what each call
    reports), the time the grader waits for the sandbox during checks, and the time spent sending."""
    from grader import runner
    from grader.sandbox import process, session

    acc = {"student": 0.0, "wait": 0.0, "send": 0.0, "in_checks": False, "calls": 0, "bytes_out": 0,
           "sandbox_hwm_kib": 0, "check": "", "by_check": {}}
    orig_reply, orig_read, orig_send, orig_run, orig_kill = (
        session.Session._reply, process.SandboxProcess.read, process.SandboxProcess.send, runner.run_check,
        process.SandboxProcess.kill)

    def kill(self):
        if self.proc is not None:  # the sandbox's processes (bwrap and the Python inside) just before they end
            peak = max([0] + [status_kib(p, "VmHWM") for p in [self.proc.pid] + descendants(self.proc.pid)])
            acc["sandbox_hwm_kib"] = max(acc["sandbox_hwm_kib"], peak)
        return orig_kill(self)

    def per_check() -> dict:
        return acc["by_check"].setdefault(acc["check"], {"student": 0.0, "wait": 0.0, "bytes": 0, "calls": 0})

    def reply(self, call, *rest):
        r = orig_reply(self, call, *rest)
        if hasattr(r, "reported_seconds"):  # the worker's own measure of the student's function
            acc["student"] += r.reported_seconds
            if acc["in_checks"]:
                per_check()["student"] += r.reported_seconds
        acc["calls"] += 1
        if acc["in_checks"]:
            per_check()["calls"] += 1
        return r

    def read(self, deadline):
        t = time.perf_counter()
        try:
            return orig_read(self, deadline)
        finally:
            if acc["in_checks"]:
                acc["wait"] += time.perf_counter() - t
                per_check()["wait"] += time.perf_counter() - t

    def send(self, header, buffers=()):
        t = time.perf_counter()
        try:
            return orig_send(self, header, buffers)
        finally:
            if acc["in_checks"]:
                acc["send"] += time.perf_counter() - t
                acc["bytes_out"] += sum(len(b) for b in buffers)
                per_check()["bytes"] += sum(len(b) for b in buffers)

    def run_check(spec, *a, **kw):
        acc["in_checks"], acc["check"] = True, spec.id
        try:
            return orig_run(spec, *a, **kw)
        finally:
            acc["in_checks"] = False

    session.Session._reply = reply
    process.SandboxProcess.read = read
    process.SandboxProcess.send = send
    runner.run_check = run_check
    process.SandboxProcess.kill = kill
    return acc


def worker_measure(assignment: str, runs: int, profile: bool) -> dict:
    """Grade the reference ``runs + 1`` times in this process (the first is cold) and render its report."""
    from grader.discover import Submission
    from grader.runner import Options, grade_submission
    from grader.sandbox.isolation import detect

    try:
        from reports.html import render_submission
    except ImportError:  # the reports package is optional for the benchmark
        render_submission = None
    acc = _instrument()
    iso = detect()
    sub = Submission(ROOT / "solutions" / f"{assignment}.py", "reference", assignment)
    options = Options()
    shared: dict = {}
    runs_out = []
    for i in range(runs + 1):
        for k in ("student", "wait", "send", "calls", "bytes_out"):
            acc[k] = 0
        acc["by_check"] = {}
        t0 = time.perf_counter()
        result = grade_submission(sub, options, iso, shared)
        t1 = time.perf_counter()
        if render_submission is not None:
            render_submission(result)
        t2 = time.perf_counter()
        row = dict(result.timings)
        row.update(reporting=t2 - t1 if render_submission else None, grade=t1 - t0, total=t2 - t0,
                   score=result.score, max_score=result.max_score, status=result.status,
                   student=acc["student"], wait=acc["wait"], send=acc["send"], calls=acc["calls"],
                   bytes_out=acc["bytes_out"], internal=len(result.internal_errors),
                   checks={c.id: dict(acc["by_check"].get(c.id, {}), seconds=c.seconds, passed=c.passed)
                           for c in result.checks})
        runs_out.append(row)
    prof = None
    if profile:
        import cProfile
        import pstats

        pr = cProfile.Profile()
        pr.enable()
        result = grade_submission(sub, options, iso, shared)
        if render_submission is not None:
            render_submission(result)
        pr.disable()
        st = pstats.Stats(pr)
        items = []
        for (file, line, fn), (cc, nc, tt, ct, _) in st.stats.items():
            where = Path(file).name if file != "~" else ""
            items.append({"fn": f"{where}:{line}({fn})" if where else fn, "calls": nc, "tottime": tt, "cumtime": ct})
        prof = {"tottime": sorted(items, key=lambda x: -x["tottime"])[:14],
                "cumtime": sorted([x for x in items if "grader" in x["fn"] or "checks" in x["fn"] or
                                   any(s in x["fn"] for s in ("runner.py", "session.py", "process.py",
                                                              "protocol.py", "common.py", "html.py",
                                                              f"{assignment}.py"))],
                                  key=lambda x: -x["cumtime"])[:14]}
    return {"assignment": assignment, "runs": runs_out, "profile": prof,
            "rss_self_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            "rss_children_kib": acc["sandbox_hwm_kib"]}


def measure_assignment(assignment: str, runs: int, profile: bool) -> dict:
    """Run ``worker_measure`` in a fresh process, so that its peak-memory numbers are its own."""
    proc = subprocess.run([PY, str(Path(__file__).resolve()), "--_worker", assignment, "--runs", str(runs)]  # noqa: PLW1510
                          + (["--profile"] if profile else []), capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise RuntimeError(f"measuring {assignment} failed: {proc.stderr.strip()[-500:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def wrong_gradient_file(assignment: str) -> Path | None:
    """A corpus file of the assignment whose gradient is wrong (diagnosis, pointing at the line: the slow path)."""
    for name in (f"gradient-scale_{assignment}.py", f"activation-derivative-at-output_{assignment}.py",
                 f"overwrite-not-accumulate_{assignment}.py"):
        path = ROOT / "tests" / "corpus" / assignment / "mistakes" / name
        if path.exists():
            return path
    return None


#: per assignment, a corpus file whose mistake's line only repairing the file finds (``grader/diagnosis/repair.py``:
#: each edit loads the file again in a sandbox and runs the checks): the slowest path of diagnosis
REPAIRED = {
    "linear_regression": "realistic/linear_regression_atk2_15_batch_mean_renamed.py",
    "xor_mlp": "realistic/xor_mlp_stu_outact_string.py",
    "two_hidden_mlp": "realistic/two_hidden_mlp_atk5_a02_leftover_f.py",
    "mnist_softmax": "realistic/mnist_softmax_stu_act_table.py",  # the most edits: 85
    "rnn": "realistic/rnn_stu2_preact.py",  # every edit tried: two places, one on the backward's way
    "layers": "realistic/layers_rp_leaky_alias.py",
}


def repaired_file(assignment: str) -> Path | None:
    path = ROOT / "tests" / "corpus" / assignment / REPAIRED[assignment] if assignment in REPAIRED else None
    return path if path is not None and path.exists() else None


def wrong_files(assignments: list[str], pick, runs: int, what: str) -> dict[str, list[float]]:
    """``grade FILE`` in a fresh process on the file ``pick(assignment)`` of each assignment that has one, a table
    of the times, and the slowest median against ``TARGET_WRONG``: the times, by assignment."""
    times = {a: cli_one(a, runs, f, first=[]) for a in assignments if (f := pick(a)) is not None}
    if times:
        out()
        out(f"{what}, `grade FILE` in a fresh process, seconds:")
        table(["assignment", "file", "median", "min-max"],
              [[a, pick(a).name, sec(statistics.median(v)), f"{sec(min(v))}-{sec(max(v))}"] for a, v in times.items()])
        worst = max(statistics.median(v) for v in times.values())
        out(f"slowest median {sec(worst)} s; target < {TARGET_WRONG:g} s: {'met' if worst < TARGET_WRONG else 'NOT met'}")
    return times


def user_env() -> dict[str, str]:
    """This environment as a user's shell has it: Python keeps its bytecode cache (``__pycache__``), as it does
    unless told not to. Some machines set PYTHONDONTWRITEBYTECODE (this benchmark's own did); every fresh
    process there compiles the grader's modules again from source, about 0.15 s that no installed grader pays
    (``pip install .`` writes the bytecode at install time, and a checkout writes it on its first run)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def cli_one(assignment: str, runs: int, path: Path | None = None, first: list[float] | None = None) -> list[float]:
    """`python -m grader solutions/<a>.py` (or ``path``) end to end, as a student would run it (fresh process
    each time, ``user_env``). With ``first`` (a list): one more run before them, untimed in the result and
    appended to ``first``: it may fill the disk memo of reference results (``grader/memo_cache.py``) and
    Python's bytecode cache that the others read."""
    path = path or ROOT / "solutions" / f"{assignment}.py"
    times = []
    with tempfile.TemporaryDirectory(prefix="bench-one-") as tmp:
        for i in range(runs + (first is not None)):
            t0 = time.perf_counter()
            proc = subprocess.run([PY, "-m", "grader", str(path), "--out", tmp, "--assignment", assignment,  # noqa: PLW1510
                                   "--no-cache", "--quiet"], cwd=ROOT, capture_output=True, text=True,
                                  stdin=subprocess.DEVNULL, env=user_env())
            (first if first is not None and i == 0 else times).append(time.perf_counter() - t0)
            if proc.returncode not in (0, 1, 3):
                raise RuntimeError(f"grade {assignment} exited {proc.returncode}: {proc.stderr.strip()[-300:]}")
    return times


PHASES = ["sandbox_start", "load", "parse"]
CATEGORIES = ["api", "shape", "forward", "gradient", "training", "convergence"]


def print_one(measured: list[dict], cli: dict[str, list[float]], runs: int,
              cli_first: dict[str, list[float]] | None = None) -> None:
    heading(f"2. Grading one submission: the reference, {runs} warm runs in one process (+1 cold)")
    out("Per phase, milliseconds: median [min-max]. 'reporting' renders its HTML report (reports package);")
    out("'other' is the rest of grade_submission (closing the sandbox, scoring).")
    for m in measured:
        warm = m["runs"][1:]
        out()
        status = {r["status"] for r in m["runs"]}
        scores = {f"{r['score']:g}/{r['max_score']:g}" for r in m["runs"]}
        out(f"-- {m['assignment']}  (score {', '.join(sorted(scores))}; status {', '.join(sorted(status))})")
        internal = max(r["internal"] for r in m["runs"])
        if internal:  # the timings of a grade the grader itself broke mean nothing
            out(f"   WARNING: {internal} grader error(s) while grading the reference; these numbers are not valid")
        rows = []
        keys = PHASES + [f"checks_{c}" for c in CATEGORIES] + ["reporting"]
        for k in keys:
            vals = [r.get(k) for r in warm if r.get(k) is not None]
            if not vals:
                continue
            med, lo, hi = spread(vals)
            rows.append([k, ms(med), f"{ms(lo)}-{ms(hi)}", ms(m["runs"][0].get(k))])
        other = [r["total"] - sum(r.get(k) or 0 for k in keys) for r in warm]
        med, lo, hi = spread(other)
        rows.append(["other", ms(med), f"{ms(lo)}-{ms(hi)}",
                     ms(m["runs"][0]["total"] - sum(m["runs"][0].get(k) or 0 for k in keys))])
        med, lo, hi = spread([r["total"] for r in warm])
        rows.append(["total", ms(med), f"{ms(lo)}-{ms(hi)}", ms(m["runs"][0]["total"])])
        table(["phase", "median", "min-max", "cold"], rows)
    out()
    out("Summary per assignment (seconds; RSS in MiB, peak over the runs):")
    rows = []
    for m in measured:
        warm = [r["total"] for r in m["runs"][1:]]
        med, lo, hi = spread(warm)
        c = cli.get(m["assignment"])
        cm = statistics.median(c) if c else None
        f = (cli_first or {}).get(m["assignment"])
        rows.append([m["assignment"], sec(med, 3), f"{sec(lo, 3)}-{sec(hi, 3)}", sec(m["runs"][0]["total"], 3),
                     sec(cm, 3), f"{sec(min(c), 3)}-{sec(max(c), 3)}" if c else "-", sec(f[0], 3) if f else "-",
                     mib(m["rss_self_kib"]), mib(m["rss_children_kib"])])
    table(["assignment", "warm median", "min-max", "cold", "CLI median", "CLI min-max", "CLI first", "grader RSS",
           "sandbox RSS"], rows)
    out("(CLI: `grade FILE` in a fresh process, after one run ('CLI first', untimed in the median) that may fill "
        "the disk memo of reference results and Python's bytecode cache; PYTHONDONTWRITEBYTECODE is unset for "
        "these runs, as in a user's shell)")
    worst = max((statistics.median(v) for v in cli.values()), default=None)
    if worst is not None:
        out(f"any one submission end to end (`grade FILE`, fresh process): slowest median {sec(worst)} s; "
            f"target < {TARGET_ONE:g} s: {'met' if worst < TARGET_ONE else 'NOT met'}")
        for a, v in cli.items():
            target = TARGET_CLI.get(a, TARGET_CLI_OTHER)
            med = statistics.median(v)
            out(f"`grade FILE` {a}: {sec(med)} s; target < {target:g} s (issue 17): "
                f"{'met' if med < target else 'NOT met'}")


def print_where(measured: list[dict]) -> None:
    heading("3. Where the time goes in one warm grade (medians, ms; instrumented, grader code unchanged)")
    out("student code = the student's functions' own time inside the sandbox (what each call reports);")
    out("sandbox + wire = waiting on the sandbox beyond that (protocol, encoding, the worker, scheduling);")
    out("grader checks = the checks' own work in the grader (reference solution, comparisons, building inputs).")
    rows = []
    for m in measured:
        warm = m["runs"][1:]

        def med(f, warm=warm):
            return statistics.median([f(r) for r in warm])

        checks = med(lambda r: sum(r.get(f"checks_{c}") or 0 for c in CATEGORIES))
        student = med(lambda r: r["student"])
        wire = med(lambda r: r["wait"] - r["student"])
        send = med(lambda r: r["send"])
        grader_side = med(lambda r: sum(r.get(f"checks_{c}") or 0 for c in CATEGORIES) - r["wait"] - r["send"])
        total = med(lambda r: r["total"])
        start = med(lambda r: r.get("sandbox_start") or 0)
        rows.append([m["assignment"], ms(start), ms(med(lambda r: r.get("load") or 0)), ms(student), ms(wire),
                     ms(send), ms(grader_side), ms(med(lambda r: r.get("reporting") or 0)), ms(total),
                     f"{100 * start / total:.0f}%", f"{int(med(lambda r: r['calls']))}",
                     f"{med(lambda r: r['bytes_out']) / 1024:.0f}"])
        _ = checks
    table(["assignment", "start", "load", "student code", "sandbox+wire", "send", "grader checks", "report",
           "total", "start share", "calls", "KiB sent"], rows)
    out()
    out("The costliest checks (median over the warm runs; student/wire/grader as above, ms):")
    rows = []
    for m in measured:
        warm = m["runs"][1:]
        ids = list(warm[-1].get("checks", {}))

        def cmed(cid, key, warm=warm):
            return statistics.median([r["checks"].get(cid, {}).get(key, 0) or 0 for r in warm])

        ranked = sorted(ids, key=lambda c: -cmed(c, "seconds"))[:5]
        for cid in ranked:
            t, st, w = cmed(cid, "seconds"), cmed(cid, "student"), cmed(cid, "wait")
            rows.append([m["assignment"], cid, ms(t), ms(st), ms(w - st), ms(t - w), f"{int(cmed(cid, 'calls'))}",
                         f"{cmed(cid, 'bytes') / 1024:.0f}"])
    table(["assignment", "check", "total", "student", "wire", "grader", "calls", "KiB sent"], rows, "llrrrrrr")


def print_profile(measured: list[dict]) -> None:
    for m in measured:
        if not m.get("profile"):
            continue
        heading(f"3b. cProfile of one warm grade + report: {m['assignment']}")
        out("by own time (tottime):")
        table(["function", "calls", "tottime ms", "cumtime ms"],
              [[p["fn"][:78], p["calls"], ms(p["tottime"]), ms(p["cumtime"])] for p in m["profile"]["tottime"]])
        out("grader functions by cumulative time:")
        table(["function", "calls", "tottime ms", "cumtime ms"],
              [[p["fn"][:78], p["calls"], ms(p["tottime"]), ms(p["cumtime"])] for p in m["profile"]["cumtime"]])


# --------------------------------------------------------------------------- 4. the class


def corpus(assignment: str) -> tuple[list[tuple[str, Path]], list[tuple[str, Path]]]:
    """(style, file) of correct submissions and (mistake id, file) of planted mistakes."""
    base = ROOT / "tests" / "corpus" / assignment
    suffix = f"_{assignment}"
    correct = [("reference", ROOT / "solutions" / f"{assignment}.py")]
    correct += [(f.stem.replace(suffix, ""), f) for f in sorted((base / "correct").glob("*")) if f.suffix in
                (".py", ".ipynb")]
    mistakes = [(f.stem.replace(suffix, ""), f) for f in sorted((base / "mistakes").glob("*")) if f.suffix in
                (".py", ".ipynb")]
    return correct, mistakes


def make_class(dest: Path, assignments: list[str], students: int | None, total: int = 100) -> list[dict]:
    """Student folders with one file per assignment: 3 in 5 correct (styles in turn), 2 in 5 a planted mistake."""
    pools = {a: corpus(a) for a in assignments}
    if students is None:
        students = math.ceil(total / len(assignments))
        limit = total
    else:
        limit = students * len(assignments)
    turn = {a: [0, 0] for a in assignments}
    made = []
    k = 0
    for s in range(students):
        name = f"student{s + 1:03d}"
        for a in assignments:
            if len(made) >= limit:
                break
            correct, mistakes = pools[a]
            use_correct = k % 5 in (0, 2, 3) or not mistakes
            pool = correct if use_correct else mistakes
            i = turn[a][0 if use_correct else 1]
            turn[a][0 if use_correct else 1] += 1
            label, src = pool[i % len(pool)]
            folder = dest / name
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / f"{a}{src.suffix}"
            shutil.copyfile(src, target)
            made.append({"student": name, "assignment": a, "kind": "correct" if use_correct else "mistake",
                         "label": label, "source": str(src.relative_to(ROOT)), "path": str(target)})
            k += 1
    return made


def grade_class(folder: Path, out_dir: Path, jobs: int, forkserver: bool | None = None, split: bool = False) -> dict:
    """``grade DIR --jobs N`` as a subprocess: wall time, results, peak memory sampled from /proc.

    ``forkserver``: True or False sets ``BACKPROP_GRADER_FORKSERVER`` for the grader to 1 or 0; None leaves the
    environment as it is (unset: the grader's default, each process's sandboxes after its first forked). ``split``: memory also split between the grader's processes and the sandboxes'."""
    cmd = [PY, "-m", "grader", str(folder), "--out", str(out_dir), "--jobs", str(jobs), "--no-cache", "--quiet"]
    env = dict(os.environ)
    if forkserver is not None:
        env["BACKPROP_GRADER_FORKSERVER"] = "1" if forkserver else "0"
    fs_on = env.get("BACKPROP_GRADER_FORKSERVER", "").strip() != "0"
    load0 = os.getloadavg()[0]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            stdin=subprocess.DEVNULL, env=env)
    mem = TreeMemory(proc.pid, split=split)
    err = proc.stderr.read() if proc.stderr else ""
    code = proc.wait()
    wall = time.perf_counter() - t0
    mem.stop()
    if code not in (0, 1, 3):
        raise RuntimeError(f"`{' '.join(cmd)}` exited {code}: {err.strip()[-400:]}")
    results = json.loads((out_dir / "results.json").read_text())["submissions"]
    refused = [ln.strip() for ln in err.splitlines() if "fork server refused" in ln]
    run = {"jobs": jobs, "forkserver": fs_on, "wall": wall, "exit": code, "rss_kib": mem.max_kib,
           "rss_sum_kib": mem.sum_kib, "results": results, "load": (load0, os.getloadavg()[0]),
           "refused": refused[0] if refused else ""}
    if split:
        run.update(grader_sum_kib=mem.grader_sum_kib, grader_max_kib=mem.grader_max_kib, main_kib=mem.main_kib,
                   sandbox_sum_kib=mem.sandbox_sum_kib, sandbox_max_kib=mem.sandbox_max_kib,
                   sandbox_procs=mem.sandbox_procs, samples=mem.samples)
    return run


def print_class(made: list[dict], runs: list[dict], assignments: list[str]) -> dict:
    n = len(made)
    students = len({m["student"] for m in made})
    kinds = {k: sum(1 for m in made if m["kind"] == k) for k in ("correct", "mistake")}
    styles = sorted({m["label"] for m in made if m["kind"] == "correct"})
    mistakes = sorted({m["label"] for m in made if m["kind"] == "mistake"})
    heading(f"4. A class: {n} submissions ({students} students x {', '.join(assignments)})")
    out(f"{kinds['correct']} correct in {len(styles)} styles ({', '.join(styles)});")
    out(f"{kinds['mistake']} with one of {len(mistakes)} planted mistakes.")
    res = runs[0]["results"]
    status = {}
    for r in res:
        status[r["status"]] = status.get(r["status"], 0) + 1
    by_path = {str(Path(r["path"]).resolve()): r for r in res}
    full_ok = sum(1 for m in made if m["kind"] == "correct" and _full(by_path.get(str(Path(m["path"]).resolve()))))
    miss_caught = sum(1 for m in made if m["kind"] == "mistake"
                      and not _full(by_path.get(str(Path(m["path"]).resolve()))))
    out(f"statuses: {', '.join(f'{k} {v}' for k, v in sorted(status.items()))}; full marks for "
        f"{full_ok}/{kinds['correct']} correct; points lost by {miss_caught}/{kinds['mistake']} mistakes")
    rows = []
    for r in runs:
        per = [x.get("seconds") or 0 for x in r["results"]]
        starts = [(x.get("timings") or {}).get("sandbox_start") for x in r["results"]]
        starts = [t for t in starts if t is not None]
        rows.append([run_label(r), sec(r["wall"]), f"{60 * n / r['wall']:.0f}", sec(r["wall"] / n, 3),
                     sec(statistics.median(per), 3), sec(max(per), 3),
                     ms(statistics.median(starts)) if starts else "-", mib(r["rss_kib"]), mib(r["rss_sum_kib"]),
                     f"{r['load'][0]:.1f}"])
    table(["run", "wall s", "subs/min", "wall/sub s", "median sub s", "max sub s", "start ms", "largest MiB",
           "tree MiB", "load"], rows)
    out("(median/max sub s: each submission's own grading time inside its worker, from results.json; start ms: "
        "the median of its sandbox_start;")
    out(" largest: peak RSS of the largest process (grader, pool worker or sandbox); tree: peak of their sum;")
    out(" load: the 1-minute load average when the run started; 'fork server': BACKPROP_GRADER_FORKSERVER=1)")
    for r in runs:
        if r.get("refused"):
            out(f"  {run_label(r)}: {r['refused']}")
    plain = [r for r in runs if not r["forkserver"]]
    forked = [r for r in runs if r["forkserver"]]
    if forked:
        walls = []
        for jobs in sorted({r["jobs"] for r in forked}):
            off = next((r for r in plain if r["jobs"] == jobs), None)
            on = next(r for r in forked if r["jobs"] == jobs)
            if off:
                walls.append(f"--jobs {jobs} {sec(on['wall'], 1)} s against {sec(off['wall'], 1)} s "
                             f"({100 * (on['wall'] / off['wall'] - 1):+.0f}%)")
        base = {_key(x): x.get("score") for x in plain[0]["results"]}
        same = sum(1 for r in forked for x in r["results"] if base.get(_key(x)) == x.get("score"))
        total = sum(len(r["results"]) for r in forked)
        out(f"fork server on against off (whole process, same files): {'; '.join(walls)}; "
            f"same score on {same}/{total} submissions")
    per_a = {}
    for r in runs[0]["results"]:
        per_a.setdefault(r["assignment"], []).append(r.get("seconds") or 0)
    table(["assignment", "subs", "mean s (--jobs 1)", "max s"],
          [[a, len(v), sec(sum(v) / len(v), 3), sec(max(v), 3)] for a, v in sorted(per_a.items())])
    mean_a = {a: sum(v) / len(v) for a, v in per_a.items()}
    covered = ", ".join(sorted(mean_a))
    partial = len(mean_a) < 4
    out()
    result: dict = {"n": n}
    for label, group in (("", plain), ("fs_", forked)):
        j2 = next((r for r in group if r["jobs"] == 2), None)
        if j2 is None:
            continue
        estimate = j2["wall"] / n * 1200
        # Re-weighted: 300 of each available assignment at the measured per-assignment cost, scaled by j2's wall.
        sum_seconds = sum(x.get("seconds") or 0 for x in j2["results"])
        weighted = j2["wall"] * sum(300 * mean_a[a] for a in mean_a) * (4 / len(mean_a)) / sum_seconds \
            if sum_seconds else estimate
        out(f"extrapolation to 300 students x 4 assignments with {run_label(j2)}: {sec(estimate, 0)} s "
            f"at the measured rate; {sec(weighted, 0)} s with 300 of each assignment at its own measured cost")
        worst = max(estimate, weighted)
        out(f"target < {TARGET_CLASS:g} s: {'met' if worst < TARGET_CLASS else 'NOT met'}"
            + (" (provisional)" if partial else ""))
        result.update({f"{label}estimate": estimate, f"{label}weighted": weighted})
    if partial:
        out(f"  (only {covered} measured: the missing assignments are counted at the measured ones' cost; "
            "rerun when their checks land)")
    return result


def run_label(r: dict) -> str:
    return f"--jobs {r['jobs']}" + (", fork server" if r.get("forkserver") else "")


def _key(x: dict) -> tuple:
    return x.get("student"), x.get("assignment"), Path(x.get("path") or "").name


def _full(r: dict | None) -> bool:
    return bool(r) and r.get("status") == "graded" and r.get("max_score") and r["score"] >= r["max_score"] - 1e-9


# --------------------------------------------------------------------------- 5. nbgrader side by side


def run_nbgrader(made: list[dict], assignments: list[str], tmp: Path, ours: dict, cli: dict[str, list[float]],
                 runs: int, quick: bool) -> dict | None:
    """Section 5; returns nbgrader's class wall times (one process, two) or None when it did not run."""
    import nbgrader_course as nc
    import nbgrader_tests

    heading("5. nbgrader side by side (same submissions as notebooks, equivalent test cells)")
    left_out = [a for a in assignments if a not in nbgrader_tests.SUITES]
    if left_out:  # the class would differ from ours, and every ratio with it
        out(f"skipped: no equivalent nbgrader test cells for {', '.join(left_out)}; compare on the others with "
            f"--assignments {','.join(a for a in assignments if a in nbgrader_tests.SUITES)}")
        return
    try:
        version = nc.ensure_venv(log)
    except nc.Unavailable as exc:
        out(f"nbgrader skipped: {exc}")
        return
    mnist = str(ROOT / "assignments" / "mnist_softmax" / "mnist_subset.npz")
    try:
        # (a) one notebook per assignment: the reference, autograded alone
        log("nbgrader: building the course")
        single = nc.Course(tmp / "nbgrader-single")
        single.create(assignments, mnist)
        for a in assignments:
            single.submit("reference", a, nbgrader_tests.kept_cells(ROOT / "solutions" / f"{a}.py"))
        one: dict[str, list[float]] = {}
        mine_now: dict[str, list[float]] = {}
        for a in assignments:
            for _ in range(runs):  # alternate with ours, so that both see the same load on the machine
                mine_now.setdefault(a, []).extend(cli_one(a, 1))
                wall, codes, _, tails = nc.timed([(single.autograde_command([a], "reference"), single.env(),
                                                   single.root)], tmp / "nbg-logs")
                if codes[0] != 0:
                    raise nc.Unavailable(f"autograde of the reference failed: {tails[0]}")
                one.setdefault(a, []).append(wall)
        ref_scores = single.scores()
        # (b) the class, serially (nbgrader's only mode), then split in two processes by hand
        klass = nc.Course(tmp / "nbgrader-class")
        klass.create(assignments, mnist)
        log(f"nbgrader: writing {len(made)} notebooks")
        for m in made:
            klass.submit(m["student"], m["assignment"], nbgrader_tests.kept_cells(m["path"]))
        students = sorted({m["student"] for m in made})
        halves = [students[0::2], students[1::2]]
        copies = [klass.copy_with(tmp / f"nbgrader-half{k}", h) for k, h in enumerate(halves)]
        load_before = os.getloadavg()[0]
        log(f"nbgrader: autograding {len(made)} notebooks in one process")
        wall1, codes1, rss1, tails1 = nc.timed([(klass.autograde_command(assignments), klass.env(), klass.root)],
                                               tmp / "nbg-logs")
        log("nbgrader: the same, split over two processes")
        wall2, codes2, rss2, tails2 = nc.timed([(c.autograde_command(assignments), c.env(), c.root) for c in copies],
                                               tmp / "nbg-logs2")
        scores = klass.scores()
        load_after = os.getloadavg()[0]
    except (nc.Unavailable, subprocess.TimeoutExpired, OSError) as exc:
        out(f"nbgrader skipped: {exc}")
        return
    out(f"nbgrader {version} in {nc.VENV.relative_to(ROOT)}; a local ipykernel; one BLAS thread, as in the sandbox.")
    out("Test cells: one per check, same points; the student's code cells are the statements our grader runs.")
    rows = []
    for a in assignments:
        nb = statistics.median(one[a])
        mine = statistics.median(mine_now[a]) if mine_now.get(a) else None
        sc = ref_scores.get(("reference", a))
        rows.append([a, sec(nb), sec(mine), f"{nb / mine:.1f}x" if mine else "-",
                     f"{sc[0]:g}/{sc[1]:g}" if sc else "?"])
    out()
    out(f"One notebook (the reference), `nbgrader autograde A --student=reference`, median of {runs}, each run")
    out("right after one of ours (`grade solutions/A.py`, a fresh process), so that both see the same load:")
    table(["assignment", "nbgrader s", "ours s (CLI)", "ratio", "nbgrader score"], rows)
    n = len(made)
    j1 = next(r for r in ours["runs"] if r["jobs"] == 1 and not r["forkserver"])
    j2 = next((r for r in ours["runs"] if r["jobs"] == 2 and not r["forkserver"]), None)
    fs1 = next((r for r in ours["runs"] if r["jobs"] == 1 and r["forkserver"]), None)
    fs2 = next((r for r in ours["runs"] if r["jobs"] == 2 and r["forkserver"]), None)
    out()
    out(f"The class ({n} notebooks), `nbgrader autograde A --force` for each assignment:")
    rows = [["nbgrader, 1 process", sec(wall1), f"{60 * n / wall1:.0f}", mib(rss1),
             f"{wall1 / j1['wall']:.1f}x vs ours --jobs 1", "ok" if not any(codes1) else f"exit {codes1}"],
            ["nbgrader, 2 processes (by hand)", sec(wall2), f"{60 * n / wall2:.0f}", mib(rss2),
             f"{wall2 / j2['wall']:.1f}x vs ours --jobs 2" if j2 else "-",
             "ok" if not any(codes2) else f"exit {codes2}"],
            ["ours, --jobs 1", sec(j1["wall"]), f"{60 * n / j1['wall']:.0f}", mib(j1["rss_kib"]), "", ""]]
    if j2:
        rows.append(["ours, --jobs 2", sec(j2["wall"]), f"{60 * n / j2['wall']:.0f}", mib(j2["rss_kib"]), "", ""])
    for r, wall in ((fs1, wall1), (fs2, wall2)):
        if r:
            rows.append([f"ours, {run_label(r)}", sec(r["wall"]), f"{60 * n / r['wall']:.0f}", mib(r["rss_kib"]),
                         f"nbgrader {r['jobs']} process{'es' if r['jobs'] > 1 else ''}: {wall / r['wall']:.1f}x",
                         ""])
    table(["run", "wall s", "subs/min", "peak RSS MiB", "ratio", ""], rows)
    out(f"(1-minute load average: {load_before:.1f} before nbgrader's class runs, {load_after:.1f} after; ours: "
        + ", ".join(f"{run_label(r)} {r['load'][0]:.1f} -> {r['load'][1]:.1f}" for r in ours["runs"]) + ")")
    for t in tails1 + tails2:
        if t:
            out(f"  nbgrader log: {t[:300]}")
    # Do the two graders agree on who gets full marks?
    by_path = {str(Path(r["path"]).resolve()): r for r in j1["results"]}
    agree, differ = 0, []
    for m in made:
        mine = _full(by_path.get(str(Path(m["path"]).resolve())))
        sc = scores.get((m["student"], m["assignment"]))
        theirs = bool(sc) and sc[0] >= sc[1] - 1e-9
        if mine == theirs:
            agree += 1
        else:
            differ.append(f"{m['student']}/{m['assignment']} ({m['label']}): ours {'full' if mine else 'partial'}, "
                          f"nbgrader {'full' if theirs else 'partial'}")
    out(f"full marks or not, the two agree on {agree}/{n} submissions" + (":" if differ else "."))
    for d in differ[:10]:
        out(f"  differs: {d}")
    out()
    out(f"RATIO: nbgrader autograde takes {wall1 / j1['wall']:.1f}x our --jobs 1 wall time on the same {n} "
        f"submissions ({sec(wall1, 1)} s vs {sec(j1['wall'], 1)} s)" + (
            f"; split over two processes, {wall2 / j2['wall']:.1f}x our --jobs 2" if j2 else "")
        + (f"; with the fork server, {wall1 / fs1['wall']:.1f}x our --jobs 1" if fs1 else ""))
    return {"n": n, "wall1": wall1, "wall2": wall2, "ok": not any(codes1) and not any(codes2)}


# --------------------------------------------------------------------------- 6. growth


def output_sizes(out_dir: Path) -> dict[str, int]:
    """Bytes of a class's output folder: results.json, grades.csv, index.html, the reports (every other file
    but the per-submission cache) and the cache (``.results/``)."""
    sizes = {"results.json": 0, "grades.csv": 0, "index.html": 0, "reports": 0, "cache": 0}
    for f in out_dir.rglob("*"):
        if not f.is_file():
            continue
        rel = f.relative_to(out_dir)
        key = rel.name if len(rel.parts) == 1 and rel.name in sizes else \
            "cache" if rel.parts[0] == ".results" else "reports"
        sizes[key] += f.stat().st_size
    sizes["total"] = sum(sizes.values())
    return sizes


def growth_study(sizes: list[int], assignments: list[str], tmp: Path, jobs: int, keep: bool) -> dict:
    """Classes of each size made by ``make_class`` (corpus files, right and wrong), each graded with
    ``grade DIR --jobs N``: wall time, memory of the grader's processes and the sandboxes', output sizes, and
    the class page's load time in headless chromium."""
    import browser

    fs_on = os.environ.get("BACKPROP_GRADER_FORKSERVER", "").strip() != "0"
    rows = []
    for n in sizes:
        folder, out_dir = tmp / f"growth-{n}" / "class", tmp / f"growth-{n}" / "feedback"
        shutil.rmtree(folder.parent, ignore_errors=True)
        made = make_class(folder, assignments, None, n)
        log(f"growth: grading a class of {len(made)} with --jobs {jobs}")
        run = grade_class(folder, out_dir, jobs, None, split=True)
        row = {k: v for k, v in run.items() if k != "results"}
        per = [x.get("seconds") or 0 for x in run["results"]]
        row.update(n=len(made), median_sub=statistics.median(per), statuses={},
                   sizes=output_sizes(out_dir))
        for x in run["results"]:
            row["statuses"][x["status"]] = row["statuses"].get(x["status"], 0) + 1
        log(f"growth: loading the class page of {len(made)} in chromium")
        try:
            row["page"] = browser.page_load(out_dir / "index.html")
        except (browser.Unavailable, OSError) as exc:
            row["page"] = {"skipped": str(exc)}
        rows.append(row)
        if not keep:
            shutil.rmtree(folder.parent, ignore_errors=True)
    return {"jobs": jobs, "forkserver": fs_on, "rows": rows, "assignments": assignments}


#: The growth study's figures: (label, how to read it from a row, unit).
GROWTH_FIGURES = [
    ("wall time (time per submission)", lambda r: r["wall"], "s"),
    ("grader peak RSS, its processes' sum", lambda r: r["grader_sum_kib"], "KiB"),
    ("grader peak RSS, the grader process", lambda r: r["main_kib"], "KiB"),
    ("sandbox peak RSS, the largest", lambda r: r["sandbox_max_kib"], "KiB"),
    ("sandbox peak RSS, their sum", lambda r: r["sandbox_sum_kib"], "KiB"),
    ("output folder, total", lambda r: r["sizes"]["total"], "B"),
    ("results.json", lambda r: r["sizes"]["results.json"], "B"),
    ("index.html", lambda r: r["sizes"]["index.html"], "B"),
    ("class page load in chromium", lambda r: r["page"].get("load_ms"), "ms"),
]


def print_growth(res: dict) -> list[dict]:
    """Section 6; returns one verdict per figure: at most linear or not."""
    rows = res["rows"]
    heading(f"6. Growth: classes of {', '.join(str(r['n']) for r in rows)} submissions, --jobs {res['jobs']}"
            + (" (fork server)" if res["forkserver"] else ""))
    out(f"Classes made as in section 4 ({', '.join(res['assignments'])}; 3 in 5 correct, 2 in 5 a planted mistake);"
        f" `grade DIR --jobs {res['jobs']} --no-cache`, fork server {'on' if res['forkserver'] else 'off'}.")
    out("Memory sampled from /proc every 50 ms: grader = the grader process, its pool workers and multiprocessing's")
    out("helpers (sum of RSS, and the grader process's own VmHWM); sandbox = bwrap and everything under it (the")
    out("largest VmHWM, and the peak of their summed RSS, shared pages counted in each).")
    table(["subs", "wall s", "s/sub", "median sub s", "grader sum MiB", "grader proc MiB", "sandbox max MiB",
           "sandbox sum MiB", "output MiB", "KiB/sub", "load"],
          [[r["n"], sec(r["wall"]), sec(r["wall"] / r["n"], 3), sec(r["median_sub"], 3), mib(r["grader_sum_kib"]),
            mib(r["main_kib"]), mib(r["sandbox_max_kib"]), mib(r["sandbox_sum_kib"]),
            f"{r['sizes']['total'] / 2**20:.1f}", f"{r['sizes']['total'] / 1024 / r['n']:.1f}",
            f"{r['load'][0]:.1f}"] for r in rows])
    out()
    out("Output folder, KiB (reports: the HTML reports; cache: .results/, each submission's result for the next "
        "run):")
    table(["subs", "results.json", "grades.csv", "index.html", "reports", "cache", "total"],
          [[r["n"]] + [f"{r['sizes'][k] / 1024:.0f}" for k in ("results.json", "grades.csv", "index.html", "reports",
                                                               "cache", "total")] for r in rows])
    out()
    skipped = next((r["page"]["skipped"] for r in rows if r["page"].get("skipped")), None)
    if skipped:
        out(f"class page in chromium: skipped ({skipped})")
    else:
        out("The class page (index.html) in headless chromium, median of 3 loads in a new tab, ms: load = its "
            "loadEventEnd,")
        out("DOMContentLoaded = domContentLoadedEventEnd (both from the navigation's start); wall = asking for the "
            "tab until loaded and painted once.")
        table(["subs", "load ms", "DOMContentLoaded ms", "wall ms", "elements"],
              [[r["n"], f"{r['page']['load_ms']:.0f}", f"{r['page']['dcl_ms']:.0f}", f"{r['page']['wall_ms']:.0f}",
                r["page"]["nodes"]] for r in rows])
    out()
    small, large = rows[0], rows[-1]
    verdicts = []
    out(f"Does anything grow faster than linearly? From {small['n']} to {large['n']} submissions "
        f"({large['n'] / small['n']:.1f}x): growth = largest / smallest; per sub = (largest / {large['n']}) / "
        f"(smallest / {small['n']}); exponent k of f ~ n^k (1 = linear), overall and over the last step.")
    trows = []
    for label, get, unit in GROWTH_FIGURES:
        vals = [get(r) for r in rows]
        if any(v is None or v <= 0 for v in vals) or len(rows) < 2:
            trows.append([label, "-", "-", "-", "-", "-", "-", "not measured"])
            verdicts.append({"figure": label, "measured": False})
            continue
        growth = vals[-1] / vals[0]
        per = growth / (large["n"] / small["n"])
        k = math.log(growth) / math.log(large["n"] / small["n"])
        k_last = math.log(vals[-1] / vals[-2]) / math.log(rows[-1]["n"] / rows[-2]["n"])
        ok = per <= TARGET_GROWTH
        trows.append([label, _fmt_unit(vals[0], unit), _fmt_unit(vals[-1], unit), f"{growth:.2f}x", f"{per:.2f}",
                      f"{k:.2f}", f"{k_last:.2f}", "at most linear" if ok else "FASTER than linear"])
        verdicts.append({"figure": label, "measured": True, "per_sub": per, "exponent": k, "ok": ok})
    table(["figure", f"{small['n']} subs", f"{large['n']} subs", "growth", "per sub", "exponent", "last step",
           "verdict"], trows, "lrrrrrrl")
    measured = [v for v in verdicts if v["measured"]]
    bad = [v["figure"] for v in measured if not v["ok"]]
    out(f"target: none grows faster than linearly (per sub <= {TARGET_GROWTH:g}): "
        + ("met" if measured and not bad else f"NOT met ({', '.join(bad)})" if bad else "not measured"))
    return verdicts


def _fmt_unit(v: float, unit: str) -> str:
    if unit == "KiB":
        return f"{v / 1024:.0f} MiB"
    if unit == "B":
        return f"{v / 2**20:.2f} MiB"
    if unit == "s":
        return f"{v:.1f} s"
    return f"{v:.0f} {unit}"


# --------------------------------------------------------------------------- 7. the issue-17 summary


def print_summary(report: dict) -> None:
    """Every figure of issue 17 with its target, in one table; a figure this run did not take: not measured."""
    heading("7. Summary: issue 17's figures, measured in this run")
    rows = []

    def row(figure: str, value: str | None, target: str, ok: bool | None) -> None:
        rows.append([figure, value or "not measured", target,
                     "-" if value is None or ok is None else "met" if ok else "NOT met"])

    fs = report.get("fork_start")
    row("sandbox start, fork server, all protections (median)", f"{ms(fs)} ms" if fs is not None else None,
        f"< {TARGET_FORK * 1000:.0f} ms", fs is not None and fs < TARGET_FORK)
    klass, nb = report.get("class") or {}, report.get("nbgrader")
    runs = klass.get("runs") or []
    for fs_on in (False, True):
        j1 = next((r for r in runs if r["jobs"] == 1 and r["forkserver"] == fs_on), None)
        label = f"class of {klass.get('n', 100)}: nbgrader autograde / ours, --jobs 1" \
            + (", fork server" if fs_on else "")
        if nb and j1:
            ratio = nb["wall1"] / j1["wall"]
            row(label, f"{ratio:.1f}x ({sec(nb['wall1'], 1)} / {sec(j1['wall'], 1)} s)", f">= {TARGET_NBGRADER:g}x",
                ratio >= TARGET_NBGRADER)
        elif runs:
            row(label, None, f">= {TARGET_NBGRADER:g}x", None)
    if not runs:
        row("class of 100: nbgrader autograde / ours, --jobs 1", None, f">= {TARGET_NBGRADER:g}x", None)
    for prefix, fs_on in (("", False), ("fs_", True)):
        if f"{prefix}estimate" not in klass:
            if not fs_on:
                row("300 students x 4 assignments, --jobs 2", None, f"< {TARGET_300x4:g} s", None)
            continue
        worst = max(klass[f"{prefix}estimate"], klass[f"{prefix}weighted"])
        how = "measured" if klass["n"] >= 1200 else f"extrapolated from {klass['n']}"
        row("300 students x 4 assignments, --jobs 2" + (", fork server" if fs_on else ""),
            f"{sec(worst, 0)} s ({how})", f"< {TARGET_300x4:g} s", worst < TARGET_300x4)
    growth = report.get("growth")
    if growth and len(growth["rows"]) >= 1:
        big = growth["rows"][-1]
        est = big["wall"] / big["n"] * 1200
        how = "measured" if big["n"] >= 1200 else f"extrapolated from {big['n']}"
        row(f"300 students x 4 assignments, --jobs {growth['jobs']}"
            + (", fork server" if growth["forkserver"] else "") + " (growth study)", f"{sec(est, 0)} s ({how})",
            f"< {TARGET_300x4:g} s",
            est < TARGET_300x4 if growth["jobs"] == 2 else None)
    cli = report.get("cli") or {}
    for a in report.get("assignments", []):
        target = TARGET_CLI.get(a, TARGET_CLI_OTHER)
        v = cli.get(a)
        row(f"`grade FILE`, fresh process: {a} (median)", f"{sec(statistics.median(v))} s" if v else None,
            f"< {target:g} s", bool(v) and statistics.median(v) < target)
    row("sharded into 3 and merged = one run, byte for byte", None, "identical (a test: tests/test_shard.py)", None)
    verdicts = report.get("growth_verdicts")
    if verdicts:
        for v in verdicts:
            row(f"growth: {v['figure']}",
                f"per sub {v['per_sub']:.2f}, exponent {v['exponent']:.2f}" if v["measured"] else None,
                f"at most linear (per sub <= {TARGET_GROWTH:g})", v.get("ok"))
    else:
        row("growth: cost per submission, memory, outputs, class page", None, "at most linear", None)
    table(["figure", "measured", "target", "verdict"], rows, "llll")


# --------------------------------------------------------------------------- main


def full_sections(args: argparse.Namespace, assignments: list[str], runs: int, samples: int, tmp: Path,
                  report: dict) -> None:
    """Sections 1 to 5, their numbers into ``report``."""
    log("sandbox overhead")
    sb = sandbox_overhead(samples)
    print_sandbox(sb, samples)
    report["sandbox"] = sb
    log("sandbox start: bwrap against the fork server")
    starts = measure_sandbox_starts(20 if args.quick else 30)
    report["sandbox_starts"] = starts
    fork_med, fork_ok = print_sandbox_starts(starts)
    report["fork_start"] = fork_med if fork_ok else None  # the summary's figure: with every protection only

    measured, cli, cli_first = [], {}, {}
    for a in assignments:
        log(f"grading the {a} reference {runs + 1} times")
        measured.append(measure_assignment(a, runs, args.profile))
        cli[a] = cli_one(a, max(2, runs if not args.quick else 2), first=cli_first.setdefault(a, []))
    print_one(measured, cli, runs, cli_first)
    wrong_files(assignments, wrong_gradient_file, max(2, runs if not args.quick else 2),
                "A submission with a wrong gradient (diagnosis and pointing at the line)")
    repaired = wrong_files(assignments, repaired_file, max(2, runs if not args.quick else 2),
                           "A mistake whose line only repairing the file finds (each edit loaded and checked in a "
                           "sandbox)")
    if repaired:
        report["repaired"] = repaired
    print_where(measured)
    if args.profile:
        print_profile(measured)
    report["one"] = measured
    report["cli"] = cli
    report["cli_first"] = cli_first

    folder = tmp / "class"
    if folder.exists():
        shutil.rmtree(folder)
    total = 20 if args.quick and args.students is None else 100
    made = make_class(folder, assignments, args.students, total)
    # Fork server off and on in turn (when it could be measured above): the same files, whole grader processes.
    modes = [False, True] if fork_med is not None else [False]
    class_runs = []
    for jobs in (1, 2):
        for fs_on in modes:
            log(f"grading the class with --jobs {jobs}" + (" and the fork server" if fs_on else ""))
            class_runs.append(grade_class(folder, tmp / f"feedback-j{jobs}{'-fs' if fs_on else ''}", jobs, fs_on))
    ours = {"runs": class_runs}
    runs_meta = [{k: v for k, v in r.items() if k != "results"} for r in class_runs]
    report["class"] = {"made": made, "runs": runs_meta, **print_class(made, class_runs, assignments)}
    if args.skip_nbgrader:
        heading("5. nbgrader side by side")
        out("skipped (--skip-nbgrader)")
    else:
        report["nbgrader"] = run_nbgrader(made, assignments, tmp, ours, cli, 1 if args.quick else 3, args.quick)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Benchmark the grader (and nbgrader side by side).")
    p.add_argument("--quick", action="store_true", help="fewer repetitions and a small class (about a minute)")
    p.add_argument("--skip-nbgrader", action="store_true", help="leave out the nbgrader comparison")
    p.add_argument("--students", type=int, metavar="N",
                   help="students in the class run, each handing in every assignment "
                        "(default: enough for 100 submissions; --quick: 20 submissions)")
    p.add_argument("--runs", type=int, metavar="R", help="warm grades of each reference (default 5; --quick 3)")
    p.add_argument("--assignments", metavar="A,B",
                   help="only these assignments (default: every one with checks, grade --list-assignments)")
    p.add_argument("--profile", action="store_true", help="also print cProfile tables of one grade per assignment")
    p.add_argument("--keep", type=Path, metavar="DIR", help="keep the generated class, reports and nbgrader course here")
    p.add_argument("--json", type=Path, metavar="PATH", help="also write every number as JSON")
    p.add_argument("--growth", action="store_true",
                   help="only the growth study (section 6) and the summary: classes of 100, 300 and 1000 by default")
    p.add_argument("--growth-sizes", metavar="N,N,...",
                   help="class sizes of the growth study (default 100,300,1000; --quick 20,40,80)")
    p.add_argument("--growth-jobs", type=int, default=2, metavar="J", help="--jobs of the growth study (default 2)")
    p.add_argument("--skip-growth", action="store_true", help="leave out the growth study")
    p.add_argument("--_worker", help=argparse.SUPPRESS)
    p.add_argument("--_sandbox-starts", type=int, dest="sandbox_starts", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args._worker:
        print(json.dumps(worker_measure(args._worker, args.runs or 5, args.profile)))
        return 0
    if args.sandbox_starts:
        print(json.dumps(sandbox_starts(args.sandbox_starts)))
        return 0

    import numpy

    from grader import __version__, registry

    runs = args.runs or (3 if args.quick else 5)
    samples = 5 if args.quick else 20
    assignments = list(registry.names())
    if args.assignments:
        wanted = [a.strip() for a in args.assignments.split(",") if a.strip()]
        unknown = [a for a in wanted if a not in assignments]
        if unknown:
            p.error(f"no checks for {', '.join(unknown)} (available: {', '.join(assignments)})")
        assignments = wanted
    started = time.perf_counter()
    out("backprop-grader benchmark")
    out(f"grader {__version__}; Python {platform.python_version()}; NumPy {numpy.__version__}; "
        f"{os.cpu_count()} cores; {platform.machine()} {platform.system()} {platform.release()}")
    missing = []
    out(f"assignments benchmarked: {', '.join(assignments)}"
        + (f" (no checks yet: {', '.join(missing)})" if missing else ""))
    out(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (other work on this machine "
        "shows up in every number: compare runs made on an idle machine)")
    report: dict = {"assignments": assignments}
    growth_sizes = [100, 300, 1000] if not args.quick else [20, 40, 80]
    if args.growth_sizes:
        try:
            growth_sizes = sorted({int(x) for x in args.growth_sizes.split(",") if x.strip()})
        except ValueError:
            p.error(f"--growth-sizes: numbers separated by commas, not {args.growth_sizes!r}")
        if not growth_sizes or min(growth_sizes) < 1:
            p.error("--growth-sizes: at least one class size, each at least 1")
    if args.growth and args.skip_growth:
        p.error("--growth and --skip-growth exclude each other")

    tmp_ctx = contextlib.nullcontext(args.keep) if args.keep else tempfile.TemporaryDirectory(prefix="bench-")
    with tmp_ctx as tmp_name:
        tmp = Path(tmp_name)
        tmp.mkdir(parents=True, exist_ok=True)
        if not args.growth:
            full_sections(args, assignments, runs, samples, tmp, report)
        if not args.skip_growth:
            res = growth_study(growth_sizes, assignments, tmp, args.growth_jobs, keep=bool(args.keep))
            report["growth"] = res
            report["growth_verdicts"] = print_growth(res)
    print_summary(report)
    out()
    out(f"benchmark finished in {time.perf_counter() - started:.0f} s; load average at the end: "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
