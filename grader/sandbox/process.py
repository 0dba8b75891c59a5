"""One sandboxed student process, seen from the grader: start, talk, kill.

The child gets no stdin, a scrubbed environment, a fresh folder, its output on
a pipe that the grader drains and caps, and two private pipes for the
protocol. Every read has a deadline; a child that is too slow, dies, or sends
something that is not a valid frame is killed with its whole process group
(and, under bubblewrap, its whole PID namespace).
"""
from __future__ import annotations

import functools
import itertools
import json
import math
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from . import protocol
from .cgroup import PREFIX, Cgroup, left_by_dead_graders
from .isolation import TMPFS_BYTES, Isolation, detect, refusal, sandbox_uid, unsafe_allowed, site_dirs

_HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Limits:
    """Resource limits of one submission's sandbox."""

    call_seconds: float = 10.0  #: any one call of a student function
    submission_seconds: float = 120.0  #: everything for one submission
    memory_bytes: int = 2 * 1024**3  #: address space of the student process
    output_bytes: int = 16 * 1024  #: how much printed output is kept for the report
    file_bytes: int = 64 * 1024**2  #: largest file it may write
    processes: int = 64  #: processes it may start (not enforced for root outside namespaces)
    start_seconds: float = 30.0  #: starting Python and importing NumPy


class SandboxError(Exception):
    """The sandboxed process stopped answering properly.

    ``kind`` is ``timeout``, ``crashed`` (died: exit, segfault, killed for
    memory) or ``protocol`` (sent something that is not a valid frame).
    """

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind
        self.detail = detail


def _program() -> str:
    """The source the child runs: protocol.py, trace.py then worker.py, no grader import."""
    parts = []
    for name in ("protocol.py", "trace.py", "worker.py"):
        text = (_HERE / name).read_text()
        parts.append(text.replace("from __future__ import annotations\n", ""))
    # The working folder is not a place to import from (a leftover json.py there would run before the uid switch).
    prefix = "import sys\nsys.path[:] = [p for p in sys.path if p]\nimport json\nsys.path.extend(json.loads(sys.argv[1])['path'])\n"
    return prefix + "\n".join(parts)


_PROGRAM: str | None = None


def _child_env(home: str) -> dict[str, str]:
    """Only what the student process needs: nothing from the grader's environment."""
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": home,
        "TMPDIR": home,  # without namespaces, temporary files then go where they are deleted with the sandbox
        "LANG": "C.UTF-8",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONIOENCODING": "utf-8",
        "MPLBACKEND": "Agg",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "NUMEXPR_NUM_THREADS": "1",
    }


_SLOTS = itertools.count()


def _switch_uid(iso: Isolation) -> int | None:
    """The unprivileged uid the worker switches to (as root), or None (an ordinary user, or the opt-in)."""
    if not iso.as_root or (iso.level != "bubblewrap" and iso.unreachable):
        return None
    return sandbox_uid(next(_SLOTS))


_PR_SET_DUMPABLE, _PR_SET_CHILD_SUBREAPER = 4, 36


def _prctl(option: int, value: int) -> None:
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _guard_grader_process() -> None:
    """Without namespaces, keep what the student's process could reach from the grader's.

    As a child subreaper, the grader inherits the orphans of a sandbox (children
    that called ``setsid()`` to leave its process group), so ``kill`` can find
    them. Non-dumpable, its ``/proc/<pid>/environ`` (CI tokens) is unreadable to
    a process of the same user.
    """
    if sys.platform.startswith("linux"):
        _prctl(_PR_SET_CHILD_SUBREAPER, 1)
        _prctl(_PR_SET_DUMPABLE, 0)


def _start_ticks(pid: int) -> int:
    """A process's start time (clock ticks since boot), from /proc/<pid>/stat."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[19])
    except (OSError, IndexError, ValueError):
        return -1


def _tree_cpu_seconds(root: int) -> float | None:
    """Processor time (user and system, of every thread, and of the children each has waited for) of ``root``
    and every process below it, read from /proc from outside: the student cannot change it, and it does not
    grow when other work slows the machine. None when /proc cannot say (the sandbox is gone, another system).
    A child that ends while the tree is read is skipped: its parent counts it once it has waited for it."""
    total, todo, seen = 0, [root], set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks = sum(int(v) for v in fields[11:15])  # utime, stime, cutime, cstime
            children = [int(c) for task in os.listdir(f"/proc/{pid}/task")
                        for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
        except (OSError, IndexError, ValueError):
            if pid == root:
                return None
            continue
        total += ticks
        todo += children
    return total / _TICKS


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _orphans(since: int) -> list[int]:
    """Python processes re-parented to the grader that started after ``since``: a sandbox's leftovers."""
    me, python = os.getpid(), os.path.realpath(sys.executable)
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            if int(stat[1]) == me and int(stat[19]) >= since and os.path.realpath(f"/proc/{entry}/exe") == python:
                found.append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    return found


class _Drain(threading.Thread):
    """Reads the child's stdout+stderr, keeps the first ``cap`` bytes, counts the rest."""

    def __init__(self, stream, cap: int) -> None:
        super().__init__(daemon=True)
        self.stream, self.cap = stream, cap
        self.kept = bytearray()
        self.total = 0

    def run(self) -> None:
        try:
            while True:
                chunk = self.stream.read1(1 << 16) if hasattr(self.stream, "read1") else self.stream.read(1 << 16)
                if not chunk:
                    break
                self.total += len(chunk)
                room = self.cap - len(self.kept)
                if room > 0:
                    self.kept += chunk[:room]
        except (OSError, ValueError):
            pass


class SandboxProcess:
    """A started student process and the pipes to it."""

    def __init__(self, limits: Limits, isolation: Isolation | None = None) -> None:
        self.limits = limits
        self.isolation = isolation or detect()
        self.proc: subprocess.Popen | None = None
        self.workdir = ""
        self.cgroup: Cgroup | None = None
        self.parser = protocol.FrameParser(max_total=protocol.MAX_REPLY_BYTES)
        self._drain: _Drain | None = None
        self._req_w = self._resp_r = -1
        self._started = -1
        self.starts = 0
        self.uid: int | None = None  #: the unprivileged uid the worker runs as (as root), else None
        #: The submission's deadline (``time.monotonic()``), set by its Session: no send waits past it.
        self.deadline = math.inf

    # ------------------------------------------------------------------ life
    def start(self) -> None:
        """Start the child and wait until its worker says it is ready."""
        self.spawn()
        self.wait_ready()

    def spawn(self, forkserver: bool = True) -> None:
        """Start the child without waiting for it: Python and NumPy start in it while the grader goes on
        (``spare.py``); ``wait_ready`` then waits for its worker. ``forkserver=False``: with bwrap even when
        the fork server would serve it (``forkserver.wanted``; for one file its own start would cost more)."""
        global _PROGRAM
        if _PROGRAM is None:
            _PROGRAM = _program()
        refused = refusal(self.isolation, 1)
        if refused and not unsafe_allowed():
            raise SandboxError("start", f"refused to run student code: {refused}")
        _sweep_stale_workdirs()
        self.workdir = tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-")
        req_r, req_w = os.pipe()
        resp_r, resp_w = os.pipe()
        if self.isolation.level != "bubblewrap":
            _guard_grader_process()
        self.uid = drop_uid = _switch_uid(self.isolation)
        if drop_uid is not None and self.isolation.level != "bubblewrap":
            os.chown(self.workdir, drop_uid, drop_uid)
        lim = self.limits
        cpu = int(lim.submission_seconds + 30)
        cfg = {
            "path": [p for p in self.isolation.python_dirs or site_dirs()],
            "fd_in": req_r,
            "fd_out": resp_w,
            "share_fd": next(iter(getattr(self, "share_fds", ())), None),  # shared.Link's socket, if any
            "drop_uid": drop_uid,
            "rlimits": {
                "RLIMIT_AS": lim.memory_bytes,
                "RLIMIT_CPU": cpu,
                "RLIMIT_FSIZE": lim.file_bytes,
                "RLIMIT_CORE": 0,
                "RLIMIT_NPROC": lim.processes,
            },
        }
        if self.isolation.cgroup:
            # bubblewrap's own two processes on top of the student's; memory: the rlimit, the tmpfs mounts, slack
            self.cgroup = Cgroup.create(pids=lim.processes + 4, memory=lim.memory_bytes + 3 * TMPFS_BYTES + 2**27)
        from . import forkserver as fork_server  # here: it imports this module

        try:
            forked = None
            if forkserver and fork_server.wanted(self.isolation):  # None: it refused (for good), bwrap starts it
                forked = fork_server.spawn(self.isolation, cfg, req_r, resp_w, self.cgroup, lim.start_seconds)
            self.proc = forked
            if forked is None:  # bwrap (or a plain process) starts Python with the worker's program
                python = [os.path.realpath(sys.executable), "-S", "-s", "-B", "-u", "-c", _PROGRAM, json.dumps(cfg)]
                cmd, cwd = self.isolation.command(self.workdir, python)
                if self.cgroup is not None:
                    cmd = self.cgroup.wrap(cmd)
                self.proc = subprocess.Popen(
                    cmd,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    pass_fds=(req_r, resp_w, *getattr(self, "share_fds", ())),  # + shared.Link's socket
                    cwd=self.workdir if cwd != self.workdir else cwd,
                    env=_child_env(cwd),
                    start_new_session=True,
                )
        finally:
            os.close(req_r)
            os.close(resp_w)
        os.set_blocking(req_w, False)  # a worker that stops reading must not block the grader: send() polls
        self._req_w, self._resp_r = req_w, resp_r
        self.parser = protocol.FrameParser(max_total=protocol.MAX_REPLY_BYTES)
        self._started = _start_ticks(self.proc.pid)
        self._drain = _Drain(self.proc.stdout, lim.output_bytes)
        self._drain.start()
        self.starts += 1
        fork_server.started()

    def wait_ready(self) -> None:
        """Wait for the spawned child's worker to say it is ready."""
        # No student code has run before "ready": a failure here is the grader's (or the machine's), not the file's.
        try:
            header, _ = self.read(time.monotonic() + self.limits.start_seconds)
        except SandboxError as exc:
            self._drain.join(timeout=1.0)
            said = bytes(self._drain.kept).decode(errors="replace").strip().splitlines()
            raise SandboxError("start", f"{exc.detail}" + (f"; it printed: {said[-1][:300]}" if said else "")) from None
        if not header.get("ready"):
            raise SandboxError("start", "the sandbox did not start properly")

    def ping(self) -> None:
        """One empty round trip: the worker still answers (a sandbox started ahead may have been killed while it
        waited, after it said it was ready)."""
        nonce = os.urandom(6).hex()
        deadline = time.monotonic() + self.limits.call_seconds
        self.send({"op": "batch", "n": nonce, "calls": [], "drop": []}, deadline=deadline)
        reply, _ = self.read(deadline)
        if reply.get("n") != nonce or not reply.get("done"):
            raise SandboxError("protocol", "the sandbox did not answer as it should")

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def cpu_seconds(self) -> float | None:
        """Processor time the sandbox's processes have used so far (``_tree_cpu_seconds``)."""
        return None if self.proc is None else _tree_cpu_seconds(self.proc.pid)

    def kill(self) -> None:
        """Kill the child's whole process group and release everything."""
        proc, self.proc = self.proc, None
        if proc is not None:
            try:
                if not getattr(proc, "forked", False):  # a fork server's child: killed by its pidfd, below
                    os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            try:
                proc.kill()
            except ProcessLookupError:
                pass
            proc.wait()
        if self.cgroup is not None:
            self.cgroup.remove()  # kills anything still inside, before the sweeps below look
            self.cgroup = None
        if proc is not None:
            if self.isolation.level != "bubblewrap" and sys.platform.startswith("linux"):
                for pid in _orphans(self._started):  # setsid() escaped the group; the subreaper caught them
                    try:
                        os.kill(pid, signal.SIGKILL)
                        os.waitpid(pid, 0)
                    except (ProcessLookupError, ChildProcessError, PermissionError):
                        pass
                if self.uid is not None:
                    _remove_everything_of(self.uid)
            if self._drain is not None:
                self._drain.join(timeout=1.0)
            if proc.stdout:
                proc.stdout.close()
        for fd in (self._req_w, self._resp_r):
            if fd >= 0:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self._req_w = self._resp_r = -1
        if self.workdir:
            remove_tree(self.workdir)
            self.workdir = ""

    def close(self) -> None:
        """Ask politely, then kill anyway: nothing of the child survives."""
        if self.alive():
            self.deadline = min(self.deadline, time.monotonic() + 1.0)  # a worker that stopped reading: kill it
            try:
                self.send({"op": "exit"})
            except SandboxError:
                pass
        self.kill()

    @property
    def output(self) -> tuple[str, int]:
        """What the student printed (capped) and how many bytes in all."""
        if self._drain is None:
            return "", 0
        return self._drain.kept.decode("utf-8", errors="replace"), self._drain.total

    # ------------------------------------------------------------------ talk
    def send(self, header: dict, buffers: list[bytes] = (), deadline: float | None = None) -> None:
        """Write one frame, waiting until ``deadline`` at most (by default the call limit, within the budget).

        The request pipe is non-blocking: a worker that stops reading (a ``__del__``
        or a thread still busy) costs a time-out, never the grader's hang.
        """
        if deadline is None:
            deadline = min(time.monotonic() + self.limits.call_seconds, self.deadline)
        data = memoryview(protocol.pack(header, list(buffers)))
        poller = None
        try:
            while data:
                try:
                    n = os.write(self._req_w, data)
                except BlockingIOError:
                    n = 0
                data = data[n:]
                if not data:
                    break
                if n == 0:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise SandboxError("timeout", "time limit reached (the sandbox stopped reading requests)")
                    if poller is None:
                        poller = select.poll()
                        poller.register(self._req_w, select.POLLOUT)
                    if not poller.poll(min(remaining, 0.25) * 1000) and not self.alive():
                        raise SandboxError("crashed", self._death_note())
        except (BrokenPipeError, OSError) as exc:
            raise SandboxError("crashed", self._death_note()) from exc

    def read(self, deadline: float) -> tuple[dict, list[bytes]]:
        """The next frame, waiting until ``deadline`` (``time.monotonic()``)."""
        poller = select.poll()
        poller.register(self._resp_r, select.POLLIN | select.POLLHUP)
        while True:
            try:
                frame = self.parser.next_frame()
            except protocol.ProtocolError as exc:
                raise SandboxError("protocol", f"the sandbox sent data that is not a protocol frame ({str(exc)[:200]})") from None
            if frame is not None:
                return frame
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise SandboxError("timeout", "time limit reached")
            events = poller.poll(min(remaining, 0.25) * 1000)
            if events:
                chunk = os.read(self._resp_r, 1 << 20)
                if not chunk:
                    raise SandboxError("crashed", self._death_note())
                self.parser.feed(chunk)
            elif not self.alive():
                raise SandboxError("crashed", self._death_note())

    def _death_note(self) -> str:
        if self.proc is None:
            return "the sandbox is not running"
        try:
            code = self.proc.wait(timeout=1.0)
        except subprocess.TimeoutExpired:
            return "the process closed its channel to the grader"
        if code > 128 and self.isolation.level == "bubblewrap":
            code = 128 - code  # bwrap exits with 128 + the signal that killed the process inside
        if self.cgroup is not None and self.cgroup.out_of_memory():
            return "its processes together passed the memory limit (killed)"
        if code < 0:
            name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
            hint = {"SIGSEGV": " (segmentation fault)", "SIGKILL": " (killed, often for memory)",
                    "SIGXCPU": " (CPU time limit)", "SIGXFSZ": " (file size limit)"}.get(name, "")
            return f"the process was killed by {name}{hint}"
        return f"the process exited with code {code}"


@functools.lru_cache(maxsize=1)
def _sweep_stale_workdirs() -> None:
    """Remove sandbox folders left by graders that were killed (done once per process)."""
    for stale in left_by_dead_graders(Path(tempfile.gettempdir())):
        remove_tree(str(stale))


def remove_tree(path: str) -> None:
    """Delete a folder whatever its depth (shutil.rmtree recurses: a student's 3000 nested folders beat it)."""
    try:
        shutil.rmtree(path, ignore_errors=True)
    except RecursionError:
        subprocess.run(["rm", "-rf", "--one-file-system", "--", path], stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120, check=False)


#: Shared writable places outside namespaces, where a sandbox's files could outlive it.
_SHARED_TMP = ("/tmp", "/var/tmp", "/dev/shm", "/run/lock", "/var/lock", "/dev/mqueue")


def _remove_everything_of(uid: int) -> None:
    """Without namespaces, as root: kill every process of the sandbox's own uid and delete its files."""
    killed: set[int] = set()
    for _ in range(10):  # a process may fork while we look: look again until none is left
        found = 0
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    if os.stat(f"/proc/{entry}").st_uid == uid:
                        os.kill(int(entry), signal.SIGKILL)
                        killed.add(int(entry))
                        found += 1
                except OSError:
                    pass
        if not found:
            break
        time.sleep(0.01)
    for pid in killed:  # orphans are the grader's (a subreaper): reap them, or they stay as zombies
        try:
            os.waitpid(pid, 0)
        except (ChildProcessError, OSError):
            pass
    for top in _SHARED_TMP:
        _remove_owned(top, uid, depth=4)


def _remove_owned(folder: str, uid: int, depth: int) -> None:
    """Delete what ``uid`` owns in ``folder``; look deeper only into folders others may write to."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            st = entry.stat(follow_symlinks=False)
            if st.st_uid == uid:
                if entry.is_dir(follow_symlinks=False):
                    remove_tree(entry.path)
                else:
                    os.unlink(entry.path)
            elif depth > 0 and entry.is_dir(follow_symlinks=False) and st.st_mode & 0o002:
                _remove_owned(entry.path, uid, depth - 1)
        except OSError:
            pass
