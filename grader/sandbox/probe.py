"""What a sandboxed process may actually do, measured from inside it (``grade --check-sandbox``).

``isolation.describe`` lists the protections the grader asked for; this
starts a real sandbox, exactly as a submission gets one, and asks the worker
(before any student code could run) what it can do: its uid, its
capabilities, ``no_new_privs``, which of a list of places it can write or
read, which network interfaces and how many processes it sees. The grader,
not the worker, judges the answer.
"""
from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .isolation import Isolation
from .process import Limits, SandboxError, SandboxProcess

#: Where the worker's seccomp filter is known (worker._SECCOMP): elsewhere it is reported, not required.
SECCOMP_MACHINES = ("x86_64", "aarch64")
#: Places a student must never be able to write (the host's kernel settings, the grader, the system).
MUST_NOT_WRITE = ("/", "/proc/sys/kernel/core_pattern", "/proc/sysrq-trigger", "/etc", "/usr", "/root")


@dataclass(frozen=True)
class Measured:
    """The worker's answer, judged: facts as lines, and the problems found (empty: all as promised)."""

    facts: tuple[str, ...]
    problems: tuple[str, ...]


def _private_paths(out: Path | None) -> list[str]:
    """What a submission must neither read nor write: the grader's code, the model answers, the reports."""
    project = Path(__file__).resolve().parents[2]
    paths = [str(project / "grader"), str(project / "solutions"), f"/proc/{os.getpid()}/cmdline"]
    if out is not None:
        paths.append(str(out.resolve()))
    return [p for p in paths if os.path.exists(p)]


def measure(iso: Isolation, out: Path | None = None) -> Measured:
    """Start a sandbox as a submission would get it and judge what it reports; where a run's later sandboxes
    fork from a warm process (``forkserver.py``, the default under bubblewrap), start a second one, as they
    get it, and judge that too."""
    from . import forkserver

    first = _measure_one(iso, out)
    if iso.level != "bubblewrap" or forkserver.switch() != "auto" or first.problems and not first.facts:
        return first
    later = _measure_one(iso, out)
    seen = set(first.facts)
    facts = [f for f in later.facts if f not in seen]
    return Measured(first.facts + ("a run's later sandboxes: " + ("; ".join(facts) or "as above"),),
                    first.problems + tuple(f"a later sandbox: {p}" for p in later.problems))


def _measure_one(iso: Isolation, out: Path | None) -> Measured:
    proc = SandboxProcess(Limits(), iso)
    decoy = Path(tempfile.mkdtemp(prefix="grade-probe-"))  # stands for another student's folder
    (decoy / "other_student.py").write_text("x = 1\n")
    os.chmod(decoy, 0o755)
    os.chmod(decoy / "other_student.py", 0o644)
    private = _private_paths(out) + [str(decoy / "other_student.py")]
    python = [sys.prefix, os.path.realpath(sys.executable)]
    try:
        proc.start()
        started = _started_by(iso, proc)
        proc.send({"op": "probe", "write": [*MUST_NOT_WRITE, *private, *python, str(decoy), "/tmp", "/dev/shm", "."],
                   "read": private})
        reply, _ = proc.read(time.monotonic() + 10)
    except SandboxError as exc:
        return Measured((), (f"the sandbox did not start: {exc.detail}",))
    finally:
        proc.close()
        for child in decoy.iterdir():
            child.unlink()
        decoy.rmdir()
    judged = judge(iso, reply, private + python + [str(decoy)], private)
    return Measured(judged.facts + (f"started by: {started}",), judged.problems)


def _started_by(iso: Isolation, proc: SandboxProcess) -> str:
    """What started the sandbox: bwrap (or a plain process), or the fork server (and why not, when it would
    have: refused, no bubblewrap, a Python folder it would hide)."""
    from . import forkserver

    if getattr(proc.proc, "forked", False):
        return "the fork server"
    how = "bwrap" if iso.level == "bubblewrap" else "a plain process"
    mode = forkserver.switch()
    if mode == "off":
        return how + f" ({forkserver.ENV}=0)"
    hidden = forkserver.hidden_python(iso)
    why = forkserver.refused() or ("the fork server needs bubblewrap" if iso.level != "bubblewrap" else "") or \
        (f"Python lies under {hidden}, which a forked sandbox mounts over" if hidden else "")
    if why:
        return how + f" (the fork server was not used: {why})"
    return how + (" (a run's first sandbox)" if mode == "auto" else "")


def judge(iso: Isolation, reply: dict, protected: list[str], private: list[str]) -> Measured:
    """Facts and problems from the worker's answer (a pure function: tested on made-up answers)."""
    caps = reply.get("caps", {})
    uid = reply.get("uid")
    written = set(reply.get("writable", []))
    read = set(reply.get("readable", []))
    eff = caps.get("CapEff", "")
    facts = [f"uid inside: {uid}" + (" (root)" if uid == 0 else ""),
             f"capabilities: effective {eff or '?'}, permitted {caps.get('CapPrm', '?')}, "
             f"bounding {caps.get('CapBnd', '?')}",
             f"no_new_privs: {reply.get('no_new_privs', '?')}",
             f"seccomp filter: {'on' if reply.get('seccomp') == '2' else 'off'}"
             " (refuses keyrings, io_uring, bpf, SysV IPC, message queues, new user namespaces)",
             f"writable: {', '.join(sorted(written)) or 'nothing'}",
             f"network interfaces seen: {', '.join(reply.get('interfaces', [])) or 'none'}",
             f"processes seen: {reply.get('processes', '?')}"]
    problems = []
    if iso.as_root and uid == 0:
        problems.append("student code runs as root")
    if eff and int(eff, 16):
        problems.append(f"student code holds capabilities ({eff})")
    if reply.get("no_new_privs") != "1":
        problems.append("no_new_privs is not set")
    if reply.get("seccomp") != "2" and platform.machine() in SECCOMP_MACHINES and sys.platform.startswith("linux"):
        problems.append("the seccomp filter is not on")
    bad_writes = sorted(written & {*MUST_NOT_WRITE, *protected})
    if bad_writes:
        problems.append(f"student code can write {', '.join(bad_writes)}")
    if iso.level == "bubblewrap":
        seen = sorted(read & set(private))
        if seen:
            problems.append(f"student code can read {', '.join(seen)}")
        if [i for i in reply.get("interfaces", []) if i != "lo"]:
            problems.append("student code sees a network interface")
    else:
        if read:  # without namespaces, what its user may read is readable: said, not hidden
            facts.append(f"readable without namespaces: {', '.join(sorted(read))}")
    return Measured(tuple(facts), tuple(problems))


def describe_measured(m: Measured) -> str:
    """Lines for ``grade --check-sandbox``."""
    lines = ["measured inside a sandbox:"] + [f"  {f}" for f in m.facts]
    lines += [f"  PROBLEM: {p}" for p in m.problems] or ["  as promised: nothing above is out of place"]
    return "\n".join(lines)
