"""The grader's benchmark: one command, plain tables, numbers to compare.

    python bench/run.py [--quick] [--skip-nbgrader] [--students N] [--runs R] [--profile] [--keep DIR]

Sections (see bench/README.md for what each number means):

1. the sandbox's own overhead, measured on its own, against the floors it is
   made of (a Python process, importing NumPy, bubblewrap) and against a
   pre-started process that forks one child per submission;
2. grading one submission (the reference solution) per assignment, split by
   phase, with peak memory of the grader and of the sandbox, and end to end
   through the command line;
3. where the time goes inside one grade (instrumented), and with --profile
   the grader's hottest functions (cProfile);
4. a class of generated submissions graded with --jobs 1 and --jobs 2, and
   the extrapolation to 300 students x 4 assignments;
5. nbgrader's autograde on the same submissions as notebooks, with equivalent
   test cells, side by side: the ratio is measured, not claimed.

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


def cli_one(assignment: str, runs: int, path: Path | None = None) -> list[float]:
    """`python -m grader solutions/<a>.py` (or ``path``) end to end, as a student would run it (fresh process
    each time)."""
    path = path or ROOT / "solutions" / f"{assignment}.py"
    times = []
    with tempfile.TemporaryDirectory(prefix="bench-one-") as tmp:
        for _ in range(runs):
            t0 = time.perf_counter()
            proc = subprocess.run([PY, "-m", "grader", str(path), "--out", tmp, "--assignment", assignment,  # noqa: PLW1510
                                   "--no-cache", "--quiet"], cwd=ROOT, capture_output=True, text=True,
                                  stdin=subprocess.DEVNULL)
            times.append(time.perf_counter() - t0)
            if proc.returncode not in (0, 1, 3):
                raise RuntimeError(f"grade {assignment} exited {proc.returncode}: {proc.stderr.strip()[-300:]}")
    return times


PHASES = ["sandbox_start", "load", "parse"]
CATEGORIES = ["api", "shape", "forward", "gradient", "training", "convergence"]


def print_one(measured: list[dict], cli: dict[str, list[float]], runs: int) -> None:
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
        rows.append([m["assignment"], sec(med, 3), f"{sec(lo, 3)}-{sec(hi, 3)}", sec(m["runs"][0]["total"], 3),
                     sec(cm, 3), f"{sec(min(c), 3)}-{sec(max(c), 3)}" if c else "-",
                     mib(m["rss_self_kib"]), mib(m["rss_children_kib"])])
    table(["assignment", "warm median", "min-max", "cold", "CLI median", "CLI min-max", "grader RSS",
           "sandbox RSS"], rows)
    worst = max((statistics.median(v) for v in cli.values()), default=None)
    if worst is not None:
        out(f"any one submission end to end (`grade FILE`, fresh process): slowest median {sec(worst)} s; "
            f"target < {TARGET_ONE:g} s: {'met' if worst < TARGET_ONE else 'NOT met'}")


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


def grade_class(folder: Path, out_dir: Path, jobs: int) -> dict:
    cmd = [PY, "-m", "grader", str(folder), "--out", str(out_dir), "--jobs", str(jobs), "--no-cache", "--quiet"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            stdin=subprocess.DEVNULL)
    load0 = os.getloadavg()[0]
    mem = TreeMemory(proc.pid)
    err = proc.stderr.read() if proc.stderr else ""
    code = proc.wait()
    wall = time.perf_counter() - t0
    mem.stop()
    if code not in (0, 1, 3):
        raise RuntimeError(f"`{' '.join(cmd)}` exited {code}: {err.strip()[-400:]}")
    results = json.loads((out_dir / "results.json").read_text())["submissions"]
    return {"jobs": jobs, "wall": wall, "exit": code, "rss_kib": mem.max_kib, "rss_sum_kib": mem.sum_kib,
            "results": results, "load": (load0, os.getloadavg()[0])}


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
        rows.append([f"--jobs {r['jobs']}", sec(r["wall"]), f"{60 * n / r['wall']:.0f}", sec(r["wall"] / n, 3),
                     sec(statistics.median(per), 3), sec(max(per), 3), mib(r["rss_kib"]), mib(r["rss_sum_kib"])])
    table(["run", "wall s", "subs/min", "wall/sub s", "median sub s", "max sub s", "largest MiB", "tree MiB"],
          rows)
    out("(median/max sub s: each submission's own grading time inside its worker, from results.json;")
    out(" largest: peak RSS of the largest process (grader, pool worker or sandbox); tree: peak of their sum)")
    per_a = {}
    for r in runs[0]["results"]:
        per_a.setdefault(r["assignment"], []).append(r.get("seconds") or 0)
    table(["assignment", "subs", "mean s (--jobs 1)", "max s"],
          [[a, len(v), sec(sum(v) / len(v), 3), sec(max(v), 3)] for a, v in sorted(per_a.items())])
    j2 = next((r for r in runs if r["jobs"] == 2), runs[-1])
    estimate = j2["wall"] / n * 1200
    # Re-weighted: 300 of each available assignment at the measured per-assignment cost, scaled by j2's wall.
    sum_seconds = sum(x.get("seconds") or 0 for x in j2["results"])
    mean_a = {a: sum(v) / len(v) for a, v in per_a.items()}
    weighted = j2["wall"] * sum(300 * mean_a[a] for a in mean_a) * (4 / len(mean_a)) / sum_seconds \
        if sum_seconds else estimate
    covered = ", ".join(sorted(mean_a))
    partial = len(mean_a) < 4
    out()
    out(f"extrapolation to 300 students x 4 assignments with --jobs {j2['jobs']}: {sec(estimate, 0)} s "
        f"at the measured rate; {sec(weighted, 0)} s with 300 of each assignment at its own measured cost")
    if partial:
        out(f"  (only {covered} measured: the missing assignments are counted at the measured ones' cost; "
            "rerun when their checks land)")
    worst = max(estimate, weighted)
    out(f"target < {TARGET_CLASS:g} s: {'met' if worst < TARGET_CLASS else 'NOT met'}"
        + (" (provisional)" if partial else ""))
    return {"estimate": estimate, "weighted": weighted}


def _full(r: dict | None) -> bool:
    return bool(r) and r.get("status") == "graded" and r.get("max_score") and r["score"] >= r["max_score"] - 1e-9


# --------------------------------------------------------------------------- 5. nbgrader side by side


def run_nbgrader(made: list[dict], assignments: list[str], tmp: Path, ours: dict, cli: dict[str, list[float]],
                 runs: int, quick: bool) -> None:
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
    j1 = next(r for r in ours["runs"] if r["jobs"] == 1)
    j2 = next((r for r in ours["runs"] if r["jobs"] == 2), None)
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
    table(["run", "wall s", "subs/min", "peak RSS MiB", "ratio", ""], rows)
    out(f"(1-minute load average: {load_before:.1f} before nbgrader's class runs, {load_after:.1f} after; ours: "
        + ", ".join(f"--jobs {r['jobs']} {r['load'][0]:.1f} -> {r['load'][1]:.1f}" for r in ours["runs"]) + ")")
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
            f"; split over two processes, {wall2 / j2['wall']:.1f}x our --jobs 2" if j2 else ""))


# --------------------------------------------------------------------------- main


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
    p.add_argument("--_worker", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args._worker:
        print(json.dumps(worker_measure(args._worker, args.runs or 5, args.profile)))
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

    log("sandbox overhead")
    sb = sandbox_overhead(samples)
    print_sandbox(sb, samples)
    report["sandbox"] = sb

    measured, cli = [], {}
    for a in assignments:
        log(f"grading the {a} reference {runs + 1} times")
        measured.append(measure_assignment(a, runs, args.profile))
        cli[a] = cli_one(a, max(2, runs if not args.quick else 2))
    print_one(measured, cli, runs)
    wrong = {a: cli_one(a, max(2, runs if not args.quick else 2), f)
             for a in assignments if (f := wrong_gradient_file(a)) is not None}
    if wrong:
        out()
        out("A submission with a wrong gradient (diagnosis and pointing at the line), `grade FILE` in a fresh "
            "process, seconds:")
        table(["assignment", "file", "median", "min-max"],
              [[a, wrong_gradient_file(a).name, sec(statistics.median(v)), f"{sec(min(v))}-{sec(max(v))}"]
               for a, v in wrong.items()])
        worst = max(statistics.median(v) for v in wrong.values())
        out(f"slowest median {sec(worst)} s; target < {TARGET_WRONG:g} s: {'met' if worst < TARGET_WRONG else 'NOT met'}")
    print_where(measured)
    if args.profile:
        print_profile(measured)
    report["one"] = measured
    report["cli"] = cli

    tmp_ctx = contextlib.nullcontext(args.keep) if args.keep else tempfile.TemporaryDirectory(prefix="bench-")
    with tmp_ctx as tmp_name:
        tmp = Path(tmp_name)
        tmp.mkdir(parents=True, exist_ok=True)
        folder = tmp / "class"
        if folder.exists():
            shutil.rmtree(folder)
        students = args.students
        total = 20 if args.quick and students is None else 100
        made = make_class(folder, assignments, students, total)
        class_runs = []
        for jobs in (1, 2):
            log(f"grading the class with --jobs {jobs}")
            class_runs.append(grade_class(folder, tmp / f"feedback-j{jobs}", jobs))
        ours = {"runs": class_runs}
        report["class"] = {"made": made, "runs": [{k: v for k, v in r.items() if k != "results"} for r in class_runs],
                           **print_class(made, class_runs, assignments)}
        if args.skip_nbgrader:
            heading("5. nbgrader side by side")
            out("skipped (--skip-nbgrader)")
        else:
            run_nbgrader(made, assignments, tmp, ours, cli, 1 if args.quick else 3, args.quick)
    out()
    out(f"benchmark finished in {time.perf_counter() - started:.0f} s; load average at the end: "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
