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

    def __init__(self, pid: int) -> None:
        import threading

        self.pid, self.sum_kib, self.max_kib = pid, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            pids = [self.pid] + descendants(self.pid)
            self.sum_kib = max(self.sum_kib, sum(status_kib(p, "VmRSS") for p in pids))
            self.max_kib = max([self.max_kib] + [status_kib(p, "VmHWM") for p in pids])
            self._stop.wait(0.05)

    def stop(self) -> TreeMemory:
        self._stop.set()
        self._thread.join()
        return self
