"""A cgroup around one sandbox, where the machine lets the grader make one.

rlimits are per process: the kernel does not apply ``RLIMIT_NPROC`` to root at
all, and ``RLIMIT_AS`` does not add up a student's forked children or the files
kept in the sandbox's tmpfs mounts. A cgroup counts the whole sandbox: at most
``pids`` tasks and ``memory`` bytes, all processes together, and it lists every
process still alive so that none survives the sandbox.

Linux cgroup v1 (the ``pids`` and ``memory`` hierarchies) or v2 (a subtree
where both controllers can be enabled), made under the grader's own cgroup.
Where neither is writable (an ordinary user without delegation, most
laptops), there is none: :func:`available` says so once, and
``grade --check-sandbox`` reports it.
"""
from __future__ import annotations

import functools
import itertools
import os
import signal
import time
from pathlib import Path

_ROOT = Path("/sys/fs/cgroup")
_COUNTER = itertools.count()
#: Names of a sandbox's cgroups and working folders: PREFIX, the grader's pid, "-", a unique part.
PREFIX = "grade-sandbox-"
#: cgroup v1 hierarchies used, with the file that holds each one's limit.
_V1_LIMITS = (("pids", "pids.max"), ("memory", "memory.limit_in_bytes"))


def _own_paths() -> dict[str, str]:
    """Controller (or "" for v2) -> this process's cgroup path, from /proc/self/cgroup."""
    out: dict[str, str] = {}
    try:
        text = Path("/proc/self/cgroup").read_text()
    except OSError:
        return out
    for line in text.splitlines():
        parts = line.split(":", 2)
        if len(parts) == 3:
            for ctrl in parts[1].split(",") if parts[1] else [""]:
                out[ctrl] = parts[2]
    return out


def _v1_dirs() -> dict[str, Path] | None:
    """Controller -> the grader's own cgroup folder, for the pids and memory hierarchies of cgroup v1."""
    own = _own_paths()
    found = {}
    for ctrl, _ in _V1_LIMITS:
        base = _ROOT / ctrl
        if ctrl not in own or not (base / "cgroup.procs").exists():
            return None
        found[ctrl] = base / own[ctrl].lstrip("/")
    return found


def _v2_dir() -> Path | None:
    """The grader's own cgroup v2 folder, if pids and memory can be enabled below it."""
    own = _own_paths().get("")
    if own is None:
        return None
    for mount in (_ROOT, _ROOT / "unified"):
        folder = mount / own.lstrip("/")
        try:
            ctrls = (folder / "cgroup.controllers").read_text().split()
        except OSError:
            continue
        if {"pids", "memory"} <= set(ctrls):
            return folder
    return None


class Cgroup:
    """One sandbox's cgroup: create, wrap the command that joins it, then kill and remove."""

    def __init__(self, folders: list[Path]) -> None:
        self.folders = folders

    @classmethod
    def create(cls, pids: int, memory: int) -> Cgroup | None:
        """A new cgroup limited to ``pids`` tasks and ``memory`` bytes; None where none can be made."""
        name = f"{PREFIX}{os.getpid()}-{next(_COUNTER)}"
        made: list[Path] = []
        try:
            v1 = _v1_dirs()
            if v1 is not None:
                value = {"pids": pids, "memory": memory}
                for ctrl, limit_file in _V1_LIMITS:
                    folder = v1[ctrl] / name
                    folder.mkdir()
                    made.append(folder)
                    (folder / limit_file).write_text(str(value[ctrl]))
                return cls(made)
            own2 = _v2_dir()
            if own2 is None:
                return None
            subtree = (own2 / "cgroup.subtree_control").read_text().split()
            if not {"pids", "memory"} <= set(subtree):
                (own2 / "cgroup.subtree_control").write_text("+pids +memory")
            folder = own2 / name
            folder.mkdir()
            made.append(folder)
            (folder / "pids.max").write_text(str(pids))
            (folder / "memory.max").write_text(str(memory))
            if (folder / "memory.swap.max").exists():
                (folder / "memory.swap.max").write_text("0")
            return cls(made)
        except OSError:
            for folder in made:
                try:
                    folder.rmdir()
                except OSError:
                    pass
            return None

    def join_files(self) -> list[Path]:
        """The file of each folder that a process writes ``0`` to in order to join the cgroup itself.

        cgroup v1's ``tasks``: one thread moving itself (a process just forked has one) is the only move for
        which the kernel skips its global lock on every thread group, whose taking waits out an RCU grace
        period (7-16 ms on the machine this was measured on, against 0.06 ms). v2 has no such file:
        ``cgroup.procs``. The permission is the opener's: the grader opens them, the sandbox writes."""
        return [f / "tasks" if (f / "tasks").exists() else f / "cgroup.procs" for f in self.folders]

    def holds(self, pid: int) -> bool:
        """Is the process ``pid`` in every folder of this cgroup (the kernel's list of each)?"""
        try:
            return all(str(pid) in (f / "cgroup.procs").read_text().split() for f in self.folders)
        except OSError:
            return False

    def wrap(self, cmd: list[str]) -> list[str]:
        """``cmd`` started by a shell that first moves itself into the cgroup (so every child is inside)."""
        join = "".join(f' && echo 0 > "${k + 1}"' for k in range(len(self.folders)))
        script = f'true{join} && shift {len(self.folders)} && exec "$@"'
        return ["/bin/sh", "-c", script, "sh", *[str(f) for f in self.join_files()], *cmd]

    def out_of_memory(self) -> bool:
        """Did the kernel kill something in here for passing the memory limit?"""
        for folder in self.folders:
            try:
                if (folder / "memory.events").exists():
                    events = dict(line.split() for line in (folder / "memory.events").read_text().splitlines())
                    if int(events.get("oom_kill", 0)) > 0:
                        return True
                elif (folder / "memory.failcnt").exists() and int((folder / "memory.failcnt").read_text()) > 0:
                    return True
            except (OSError, ValueError):
                pass
        return False

    def remove(self) -> None:
        """Kill whatever is still inside, then remove the cgroup."""
        for folder in self.folders:
            for _ in range(50):
                try:
                    pids = [int(p) for p in (folder / "cgroup.procs").read_text().split()]
                except (OSError, ValueError):
                    break
                for pid in pids:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except (ProcessLookupError, PermissionError):
                        pass
                try:
                    folder.rmdir()
                    break
                except OSError:
                    time.sleep(0.01)


@functools.lru_cache(maxsize=1)
def available() -> bool:
    """Can this grader process make a sandbox cgroup? (Tried once: make one, remove it.)"""
    if not os.path.exists("/proc/self/cgroup"):
        return False
    probe = Cgroup.create(pids=8, memory=64 * 1024 * 1024)
    if probe is None:
        return False
    probe.remove()
    for parent in {f.parent for f in probe.folders}:
        for stale in left_by_dead_graders(parent):
            Cgroup([stale]).remove()
    return True


def left_by_dead_graders(parent: Path) -> list[Path]:
    """Sandbox cgroups or folders in ``parent`` whose grader is gone (killed with -9, a power cut).

    Their names carry the grader's pid; a pid that cannot be told dead counts
    as alive: nothing another grader may still use is ever touched.
    """
    return [p for p in parent.glob(f"{PREFIX}*-*") if not _pid_alive(p.name[len(PREFIX):].split("-")[0])]


def _pid_alive(text: str) -> bool:
    try:
        os.kill(int(text), 0)
    except ProcessLookupError:
        return False
    except (ValueError, PermissionError, OverflowError):
        return True
    return True
