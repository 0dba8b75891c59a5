"""Memory of process trees, from /proc (Linux): for the benchmark's peak-RSS numbers."""
from __future__ import annotations

import os


def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def descendants(pid: int) -> list[int]:
    kids, out, todo = _children_map(), [], [pid]
    while todo:
        p = todo.pop()
        out += kids.get(p, [])
        todo += kids.get(p, [])
    return out


#: Commands that start a sandbox: bubblewrap, and the shell that moves itself into the sandbox's cgroup
#: before it execs bwrap (``grader/sandbox/cgroup.py``). They and every process under them are the sandbox's.
SANDBOX_COMMS = frozenset({"bwrap", "sh"})


def _comm(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/comm") as fh:
            return fh.read().strip()
    except OSError:
        return ""


def split_tree(pid: int) -> tuple[list[int], list[int]]:
    """The process tree under ``pid`` (itself included) split in two: the grader's processes (the grader,
    its pool workers and multiprocessing's helpers) and the sandboxes' (bwrap and everything under it: the
    workers, the fork server's zygote and its children)."""
    kids = _children_map()
    grader, sandbox = [], []
    todo = [(pid, False)]
    while todo:
        p, inside = todo.pop()
        inside = inside or (p != pid and _comm(p) in SANDBOX_COMMS)
        (sandbox if inside else grader).append(p)
        todo += [(c, inside) for c in kids.get(p, [])]
    return grader, sandbox


def status_kib(pid: int, field: str) -> int:
    """VmRSS or VmHWM of a process in KiB (0 if it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class TreeMemory:
    """Samples a process tree every 50 ms: the peak of its summed RSS, and the largest process's peak (VmHWM).

    ``getrusage``'s maxrss cannot be used for children here: a child forked (or vforked) from a big parent
    inherits the parent's high-water mark, and processes reparented away (a forkserver's pool) are not counted.
    """

    def __init__(self, pid: int, split: bool = False) -> None:
        import threading

        self.pid, self.sum_kib, self.max_kib = pid, 0, 0
        #: With ``split``: the same two peaks for the grader's processes and for the sandboxes' (``split_tree``),
        #: the grader process's own VmHWM, the most sandbox processes seen at once, and the samples taken.
        self.split = split
        self.grader_sum_kib = self.grader_max_kib = self.sandbox_sum_kib = self.sandbox_max_kib = 0
        self.main_kib = self.sandbox_procs = self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            if self.split:
                self._sample_split()
            else:
                pids = [self.pid] + descendants(self.pid)
                self.sum_kib = max(self.sum_kib, sum(status_kib(p, "VmRSS") for p in pids))
                self.max_kib = max([self.max_kib] + [status_kib(p, "VmHWM") for p in pids])
            self._stop.wait(0.05)

    def _sample_split(self) -> None:
        grader, sandbox = split_tree(self.pid)
        rss = {p: status_kib(p, "VmRSS") for p in grader + sandbox}
        hwm = {p: status_kib(p, "VmHWM") for p in grader + sandbox}
        self.samples += 1
        self.main_kib = max(self.main_kib, hwm.get(self.pid, 0))
        self.sum_kib = max(self.sum_kib, sum(rss.values()))
        self.max_kib = max([self.max_kib] + list(hwm.values()))
        self.grader_sum_kib = max(self.grader_sum_kib, sum(rss[p] for p in grader))
        self.grader_max_kib = max([self.grader_max_kib] + [hwm[p] for p in grader])
        self.sandbox_sum_kib = max(self.sandbox_sum_kib, sum(rss[p] for p in sandbox))
        self.sandbox_max_kib = max([self.sandbox_max_kib] + [hwm[p] for p in sandbox])
        self.sandbox_procs = max(self.sandbox_procs, sum(1 for p in sandbox if rss[p]))

    def stop(self) -> TreeMemory:
        self._stop.set()
        self._thread.join()
        return self
