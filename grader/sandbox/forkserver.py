"""A fork server for the sandbox: every sandbox after a process's first (``BACKPROP_GRADER_FORKSERVER``).

Starting a sandbox the ordinary way costs bwrap, a fresh Python and the NumPy
import, every time.

When. A grader process starts its first sandbox with bwrap, and every later one
from the fork server: one file (``grade FILE``, ``check()`` once) never pays
the warm process's own start, which is itself a bwrap start; a class run, a
``--jobs`` worker, a notebook's second ``check()`` do, once, and then fork.
``BACKPROP_GRADER_FORKSERVER=1`` forks from the first sandbox on, ``=0`` never
(bwrap for each). A refusal (below) is said on stderr only when ``=1`` asked
for it: by default stepping back only costs speed, and ``grade
--check-sandbox``, which starts a sandbox of each kind, says why.

How. One warm process per grader process, the *zygote*
(``zygote.py``), is started once, lazily, with the very bubblewrap command of
a worker (so it too sees only the read-only system and Python folders, the
grader's packages hidden, no network), plus one capability: CAP_SYS_ADMIN, to
make namespaces and mounts. It is a fresh interpreter, never a fork of the
grader (whose memory holds the model answers); it imports NumPy, defines the
worker, and never runs student code.

Each sandbox is a child of the zygote that first makes its own namespaces and
mounts, then drops everything, then forks the worker: see ``zygote.py`` for the
steps. For the student's code, the protections of ``isolation.py`` hold as in
a sandbox bwrap starts:

- its own PID namespace (whose PID 1, the child, exits with the worker: every
  process the student started dies), its own ``/proc`` showing only those,
  with ``/proc/sys`` (and ``sysrq-trigger``, ``irq``, ``bus``) read-only;
- its own network namespace (no interface but ``lo``), IPC, UTS and cgroup
  namespaces, its own mount namespace with fresh ``/sandbox``, ``/tmp`` and
  ``/dev/shm`` (tmpfs of ``TMPFS_BYTES`` each: a file one sandbox writes is
  never seen by the next) and ``/dev/pts``; the rest read-only, the grader's
  folders hidden (inherited from the zygote's bubblewrap mounts);
- as root: the sandbox's own unprivileged uid (``sandbox_uid``), no
  capabilities, ``no_new_privs``, the seccomp filter, the rlimits: the
  worker's own code does it (``worker._apply_limits``), before any student
  code; as an ordinary user: every capability dropped the same way;
- its own cgroup: the grader opens the join files of a fresh cgroup
  (``cgroup.py``, ``Cgroup.join_files``) and passes them with the request; the
  child writes itself in before it makes its cgroup namespace, and the grader,
  which learns the child's pid from the kernel (``SCM_CREDENTIALS`` on the
  child's status socket), reads in the cgroup's own list that it is there
  before letting it go on; without a cgroup it runs as a bubblewrap sandbox
  would;
- no descriptor of the zygote's, output on its own pipe, stdin ``/dev/null``.

No user namespace is made for the child. The design it replaces (switch to the
sandbox uid, then ``unshare(CLONE_NEWUSER|...)``) cannot mount a ``/proc`` of
its own: inside a new user namespace the mounts bubblewrap laid over the
zygote's ``/proc`` (``/proc/sys`` read-only) become locked, the kernel then
refuses a new proc mount (``mount_too_revealing``: EPERM), and the child would
see every sandbox's processes. As root the child is instead root with
CAP_SYS_ADMIN until it switches uid (as a bwrap worker is root with
CAP_SETUID until it does); as an ordinary user it acts in bubblewrap's user
namespace, which gives nothing outside it.

Refusal. The fork server is used only with bubblewrap. If anything fails -- the
zygote does not start or lacks a capability, a child cannot make a namespace
or a mount, its own check of ``/proc``, ``/proc/sys``, the network or its
folders fails, it cannot drop its privileges, its cgroup cannot be joined, it
is too slow -- no student code has run: the child is killed and this grader
process goes back to starting sandboxes with bwrap, for good (``refused()``
says why; ``grade --check-sandbox`` prints it). It never starts a weaker
sandbox.

Killing. The grader kills the child (PID 1 of its namespace) through a pidfd:
the kernel then kills every process of the namespace; the cgroup is emptied as
before. The zygote runs under ``bwrap --die-with-parent`` and exits when the
grader closes its control socket; its children die with it
(``PR_SET_PDEATHSIG``). A ``--jobs`` worker, which ends without ``atexit``
(``os._exit``), closes it with its multiprocessing exit finalizers instead.

Ctrl-C. The zygote and its children are in sessions of their own, as bwrap's
sandboxes are: the SIGINT sent to the grader's process group never reaches
them, and the grader stops as it does with bwrap (exit 130, what was graded
kept). A Ctrl-C while the zygote starts is no refusal: it is killed, the
KeyboardInterrupt goes on.
"""
from __future__ import annotations

import atexit
import json
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

from .cgroup import Cgroup
from .isolation import SANDBOX_DIR, TMPFS_BYTES, Isolation
from .process import _HERE, _Drain, _child_env, _program

#: The switch: unset (or empty), from a process's second sandbox on; "1" from its first; "0" never.
ENV = "BACKPROP_GRADER_FORKSERVER"
_GUARD = 'if __name__ == "__main__":\n    main()\n'


#: where each forked child mounts a fresh tmpfs: a Python installation below one would vanish from it
#: (bwrap binds the Python folders after its own /tmp; a forked child cannot bind what it no longer sees)
_OWN_MOUNTS = ("/tmp", "/sandbox", "/dev/shm")


def hidden_python(iso: Isolation) -> str:
    """A Python folder the child's own mounts would hide (then the fork server steps back), or ""."""
    for d in iso.python_dirs:
        real = os.path.realpath(d)
        if any(real == m or real.startswith(m + "/") for m in _OWN_MOUNTS):
            return d
    return ""


def switch() -> str:
    """``"on"`` (``=1``: every sandbox), ``"off"`` (``=0``: none) or ``"auto"`` (unset: all but a process's first)."""
    value = os.environ.get(ENV, "").strip()
    return "auto" if value == "" else "off" if value == "0" else "on"


def wanted(iso: Isolation) -> bool:
    """Should this sandbox come from the fork server (the switch, bubblewrap, not refused, no Python folder
    under a path the child mounts over: a fresh checkout's virtual environment under /tmp, in CI)?"""
    mode = switch()
    return (mode != "off" and (mode == "on" or _STARTED.get(os.getpid(), 0) > 0) and iso.level == "bubblewrap"
            and sys.platform.startswith("linux") and not _REFUSED and not hidden_python(iso))


def started() -> None:
    """A sandbox was started in this process (by bwrap or forked): with the switch unset, the next one forks."""
    _STARTED[os.getpid()] = _STARTED.get(os.getpid(), 0) + 1


#: Sandboxes started, by process id (a forked copy of the grader, a ``--jobs`` worker, counts from 0).
_STARTED: dict[int, int] = {}


def refused() -> str:
    """Why this grader process went back to bwrap (empty: it did not)."""
    return _REFUSED


class Refused(Exception):
    """The fork server cannot give a sandbox with every protection: start it with bwrap instead."""


_REFUSED = ""
#: How many sandboxes this process forked (tests and benchmarks read it).
STATS = {"forked": 0}
_ZYGOTE: _Zygote | None = None
#: Held while the zygote is looked up or started. Without it, two threads grading at once (a thread pool
#: around ``grade_submission``) each started one; the one kept replaced the other, whose closed control
#: socket ended it and, with it, the sandbox it had just forked (killed by SIGKILL while starting).
_ZYGOTE_LOCK = threading.Lock()
_SOURCE: str | None = None


def _zygote_program() -> str:
    global _SOURCE
    if _SOURCE is None:
        program = _program()
        if _GUARD not in program:
            raise Refused("worker.py no longer ends with its start: the zygote cannot reuse it")
        own = (_HERE / "zygote.py").read_text().replace("from __future__ import annotations\n", "")
        _SOURCE = program.replace(_GUARD, "") + "\n" + own + "\n_zygote_main(json.loads(sys.argv[1]))\n"
    return _SOURCE


class _Zygote:
    """The warm process, seen from the grader: a bwrap command and a control socket."""

    def __init__(self, iso: Isolation, start_seconds: float) -> None:
        self.owner = os.getpid()
        program = _zygote_program()
        self.ctl, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        cfg = {"path": list(iso.python_dirs), "control": theirs.fileno(), "as_root": iso.as_root}
        python = [os.path.realpath(sys.executable), "-S", "-s", "-B", "-u", "-c", program, json.dumps(cfg)]
        # No host folder of its own: bwrap's --chdir puts it in its tmpfs /sandbox, and a grader process that ends
        # without its exit handlers (a --jobs worker ends with os._exit) would leave one behind for every zygote.
        cmd, cwd = iso.command("/", python, zygote=True)
        try:
            self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                         stderr=subprocess.STDOUT, pass_fds=(theirs.fileno(),), cwd="/",
                                         env=_child_env(cwd), start_new_session=True)
        except OSError as exc:
            self.ctl.close()
            raise Refused(f"the zygote could not start: {exc}") from None
        finally:
            theirs.close()
        self.said = _Drain(self.proc.stdout, 16 * 1024)  # what the zygote printed, for messages
        self.said.start()
        try:
            hello = _recv(self.ctl, time.monotonic() + start_seconds, "the zygote to start")[0]
        except Refused as exc:
            self.close()
            raise Refused(f"{exc}{self.last_words()}") from None
        except BaseException:  # Ctrl-C while it starts: no refusal (a grader stopping), and nothing left running
            self.close(at_once=True)
            raise
        if not hello.startswith(b"H"):
            self.close()
            raise Refused(f"the zygote refused: {hello[1:].decode(errors='replace')}")

    def last_words(self) -> str:
        self.said.join(timeout=0.2)
        lines = bytes(self.said.kept).decode(errors="replace").strip().splitlines()
        return f" (it printed: {lines[-1][:300]})" if lines else ""

    def close(self, at_once: bool = False) -> None:
        """Close the control socket (the zygote exits, its children with it) and reap it; ``at_once``: kill it."""
        try:
            self.ctl.close()
        except OSError:
            pass
        try:
            if at_once:
                raise subprocess.TimeoutExpired("zygote", 0)
            self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.proc.wait()
        self.said.join(timeout=1)
        if self.proc.stdout:
            self.proc.stdout.close()


def _zygote(iso: Isolation, start_seconds: float) -> _Zygote:
    with _ZYGOTE_LOCK:  # two threads starting sandboxes at once must not start two zygotes (see _ZYGOTE_LOCK)
        return _zygote_locked(iso, start_seconds)


def _zygote_locked(iso: Isolation, start_seconds: float) -> _Zygote:
    global _ZYGOTE
    if _ZYGOTE is not None and _ZYGOTE.owner != os.getpid():  # a forked copy of the grader: never share its zygote
        try:
            _ZYGOTE.ctl.close()
        except OSError:
            pass
        _ZYGOTE = None
    if _ZYGOTE is not None and _ZYGOTE.proc.poll() is not None:
        raise Refused(f"the zygote died (code {_ZYGOTE.proc.returncode}){_ZYGOTE.last_words()}")
    if _ZYGOTE is None:
        _ZYGOTE = _Zygote(iso, start_seconds)
        _close_at_exit_of_a_pool_worker()
    return _ZYGOTE


def _close_at_exit_of_a_pool_worker() -> None:
    """``atexit`` does not run in a multiprocessing child (a ``--jobs`` worker ends with ``os._exit``): there, close
    the zygote with the process's own exit finalizers, as the main process does with ``atexit``."""
    mp_util = sys.modules.get("multiprocessing.util")
    process = sys.modules.get("multiprocessing.process")
    if mp_util is not None and process is not None and process.parent_process() is not None:
        mp_util.Finalize(None, _shutdown, exitpriority=0)


@atexit.register
def _shutdown() -> None:
    global _ZYGOTE
    if _ZYGOTE is not None and _ZYGOTE.owner == os.getpid():
        _ZYGOTE.close()
    _ZYGOTE = None


def _recv(sock: socket.socket, deadline: float, what: str) -> tuple[bytes, int]:
    """The next message and the pid the kernel attached to it (0: none), waiting until ``deadline``."""
    poller = select.poll()
    poller.register(sock.fileno(), select.POLLIN)
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise Refused(f"timed out waiting for {what}")
        if poller.poll(left * 1000):
            break
    data, anc, _, _ = sock.recvmsg(1024, socket.CMSG_SPACE(12))
    pid = 0
    for level, kind, value in anc:
        if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS and len(value) >= 12:
            pid = struct.unpack("3i", value[:12])[0]
    if not data:
        raise Refused(f"the fork server closed the channel while waiting for {what}")
    return data, pid


class ForkedChild:
    """A sandbox the fork server made, with what ``SandboxProcess`` uses of a ``subprocess.Popen``."""

    forked = True

    def __init__(self, status: socket.socket, pid: int, pidfd: int, stdout) -> None:
        self.status, self.pid, self.pidfd, self.stdout = status, pid, pidfd, stdout
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            self._collect(0)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        # No timeout: until the zygote reports, which follows a kill within milliseconds; capped all the same.
        deadline = time.monotonic() + (30.0 if timeout is None else timeout)
        while self.returncode is None:
            left = deadline - time.monotonic()
            if left <= 0:
                if timeout is None:  # the zygote is stuck: the child was killed, count it so
                    self._finish(-signal.SIGKILL)
                    break
                raise subprocess.TimeoutExpired("sandbox", timeout)
            self._collect(left)
        return self.returncode

    def kill(self) -> None:
        if self.pidfd >= 0:
            try:
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
            except (ProcessLookupError, OSError):
                pass

    def _collect(self, seconds: float) -> None:
        poller = select.poll()
        poller.register(self.status.fileno(), select.POLLIN | select.POLLHUP)
        if not poller.poll(seconds * 1000):
            return
        try:
            data = self.status.recv(64)
        except OSError:
            data = b""
        if data.startswith(b"X"):
            self._finish(int(data[1:]))
        elif not data:  # the zygote is gone, and the child with it (PR_SET_PDEATHSIG)
            self.kill()
            self._finish(-signal.SIGKILL)

    def _finish(self, code: int) -> None:
        self.returncode = code
        self.status.close()
        if self.pidfd >= 0:
            os.close(self.pidfd)
            self.pidfd = -1


def spawn(iso: Isolation, cfg: dict, req_r: int, resp_w: int, cgroup: Cgroup | None,
          start_seconds: float) -> ForkedChild | None:
    """A sandbox from the fork server, or None when it refuses (then for good: ``refused()`` says why).
    ``cfg["share_fd"]``, the socket its shared inputs arrive on (``shared.Link``), is passed on as bwrap's child
    inherits it."""
    global _REFUSED
    try:
        child = _spawn(iso, cfg, req_r, resp_w, cgroup, time.monotonic() + start_seconds, start_seconds)
    except Refused as exc:
        zygote = _ZYGOTE
        _shutdown()
        words = zygote.last_words() if zygote is not None and "it printed" not in str(exc) else ""
        _REFUSED = (str(exc) or "refused") + words
        if switch() == "on":  # asked for by name: said; by default, stepping back is only slower (--check-sandbox)
            print(f"grade: the sandbox fork server refused ({_REFUSED}); sandboxes start with bwrap", file=sys.stderr)
        return None
    STATS["forked"] += 1
    return child


def _spawn(iso: Isolation, cfg: dict, req_r: int, resp_w: int, cgroup: Cgroup | None, deadline: float,
           start_seconds: float) -> ForkedChild:
    zygote = _zygote(iso, start_seconds)
    share_fd = cfg.get("share_fd")
    request = {"cfg": {k: v for k, v in cfg.items() if k not in ("fd_in", "fd_out", "share_fd")}, "cwd": SANDBOX_DIR,
               "tmpfs": [SANDBOX_DIR, "/tmp", "/dev/shm"], "tmpfs_bytes": TMPFS_BYTES}
    request["cfg"]["drop_caps"] = True
    mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    mine.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
    out_r, out_w = os.pipe()
    pidfd = -1
    joins: list[int] = []
    try:
        try:
            joins = _join_files_opened(cgroup)
            request["share"], request["join"] = share_fd is not None, len(joins)
            socket.send_fds(zygote.ctl, [json.dumps(request).encode()],
                            [theirs.fileno(), req_r, resp_w, out_w, *([] if share_fd is None else [share_fd]), *joins])
        except OSError as exc:
            raise Refused(f"the zygote does not answer ({exc}){zygote.last_words()}") from None
        finally:  # the zygote holds its own copies now (or never will)
            theirs.close()
            os.close(out_w)
            for fd in joins:
                os.close(fd)
        said, pid = _recv(mine, deadline, "the sandbox to fork")
        if said != b"C" or pid <= 0:
            raise Refused(f"the fork server said {said[:300]!r} (pid {pid})")
        pidfd = os.pidfd_open(pid)
        if _ns_pid(pid) != "1":  # the kernel's own word: PID 1 of a namespace of its own
            raise Refused(f"the forked sandbox is not alone in its PID namespace ({_ns_pid(pid)})")
        said, _ = _recv(mine, deadline, "the sandbox to set itself up")
        if said != b"K":
            why = said[1:].decode(errors="replace") if said[:1] in (b"E", b"X") else repr(said[:300])
            raise Refused(f"the forked sandbox could not be given every protection: {why}")
        if cgroup is not None and not cgroup.holds(pid):  # the kernel's word, not the child's
            raise Refused("the forked sandbox is not in its cgroup")
        mine.send(b"G")
    except BaseException:
        if pidfd >= 0:
            try:
                signal.pidfd_send_signal(pidfd, signal.SIGKILL)
            except OSError:
                pass
            os.close(pidfd)
        mine.close()
        os.close(out_r)
        raise
    return ForkedChild(mine, pid, pidfd, open(out_r, "rb"))


def _join_files_opened(cgroup: Cgroup | None) -> list[int]:
    """The cgroup's join files (``Cgroup.join_files``), opened here for the child to write itself in (the
    permission is the opener's); ``Refused``, with none left open, when one cannot be."""
    fds: list[int] = []
    try:
        for path in cgroup.join_files() if cgroup is not None else ():
            fds.append(os.open(path, os.O_WRONLY | os.O_CLOEXEC))
    except OSError as exc:
        for fd in fds:
            os.close(fd)
        raise Refused(f"the sandbox's cgroup cannot be opened ({exc})") from None
    return fds


def _ns_pid(pid: int) -> str:
    """The process's pid in its innermost PID namespace (``NSpid`` in /proc/<pid>/status)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("NSpid:"):
                return line.split()[-1]
    except OSError:
        pass
    return "?"
