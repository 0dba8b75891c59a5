"""The fork server's warm process (the "zygote"), and what each of its children does before the worker starts.

Its source follows ``protocol.py``, ``trace.py`` and ``worker.py`` (without the
worker's own start) in one program, run by ``forkserver.py`` under the same
bubblewrap sandbox as a worker, with one more capability (CAP_SYS_ADMIN, to
make namespaces and mounts). It imports NumPy (``worker.py`` does), then waits
for requests from the grader on its control socket; it never loads student code.

Per request (the worker's configuration, and four descriptors: the child's
status socket, the request pipe's read end, the answer pipe's write end, the
output pipe's write end; then the share socket and the cgroup files, when
there are some) it forks one child, made the first process (PID 1) of a new
PID namespace. The child:

1. closes every descriptor but those four (and the socket shared inputs arrive
   on and the cgroup files, when there are some), starts its own session, and
   dies with the zygote (``PR_SET_PDEATHSIG``);
2. says "C" on its status socket (the kernel attaches its pid, as the grader
   sees it);
3. makes its own mount, network, IPC and UTS namespaces (no user
   namespace: see ``forkserver.py``), keeps its mounts from propagating back,
   and mounts its own size-capped tmpfs on ``/sandbox``, ``/tmp`` and
   ``/dev/shm``, its own ``/proc`` (this PID namespace's) with ``/proc/sys``,
   ``/proc/sysrq-trigger``, ``/proc/irq`` and ``/proc/bus`` read-only, and its
   own ``/dev/pts``;
4. checks all of that from inside (only itself in ``/proc``, ``/proc/sys``
   read-only, no network interface but ``lo``, empty writable folders), joins
   the sandbox's own cgroup by writing ``0`` to the files the grader opened for
   it (``Cgroup.join_files``; passed with the request, closed once written),
   and makes its cgroup namespace, rooted there (made before the move,
   ``/proc/self/cgroup`` would show the path to it);
5. applies the worker's own limits (``worker._apply_limits``: rlimits, the
   switch to the sandbox's uid as root or the loss of every capability as an
   ordinary user, ``no_new_privs``, the seccomp filter), says "K" (or "E" and
   why, then exits: the grader then falls back to bubblewrap), waits for "G"
   (the grader has read in the kernel's list that it is in its cgroup:
   whatever it forks from now on is counted there), and closes its status
   socket;
6. forks the worker (PID 2), which serves the grader as a bubblewrap worker
   does, and stays as its init: it reaps orphans and exits with the worker's
   status (128 + the signal, as bwrap does) -- which takes down every process
   of the namespace.

The zygote reports each child's end on the child's status socket ("X" and the
code) and closes it.
"""
import os
import select
import socket
import sys

_CLONE_NEWNS, _CLONE_NEWCGROUP, _CLONE_NEWUTS, _CLONE_NEWIPC = 0x00020000, 0x02000000, 0x04000000, 0x08000000
_CLONE_NEWPID, _CLONE_NEWNET = 0x20000000, 0x40000000
_MS_RDONLY, _MS_NOSUID, _MS_NODEV, _MS_NOEXEC = 1, 2, 4, 8
_MS_REMOUNT, _MS_BIND, _MS_REC, _MS_PRIVATE = 32, 4096, 16384, 1 << 18
_PR_SET_PDEATHSIG, _PR_SET_DUMPABLE = 1, 4
#: Capabilities the zygote must hold (bits of CapEff): SYS_ADMIN, SETPCAP, and as root SETUID and SETGID.
_CAP_SYS_ADMIN, _CAP_SETPCAP, _CAP_SETUID, _CAP_SETGID = 21, 8, 7, 6
#: Exit code of a child that could not set itself up (it said why with "E").
_SETUP_FAILED = 71
#: Descriptors a request may carry: status, requests, replies, output, the share socket, up to three cgroup files.
_MAX_FDS = 8


class _SetupError(Exception):
    pass


def _libc():
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
    return libc


def _check(what: str, result: int) -> None:
    if result != 0:
        import ctypes

        raise _SetupError(f"{what}: {os.strerror(ctypes.get_errno())}")


def _zygote_main(cfg: dict) -> None:
    """Serve fork requests on the control socket until the grader closes it."""
    import json
    import signal  # noqa: F401 - imported here once, for the children
    import traceback  # noqa: F401
    import atexit  # noqa: F401
    import ctypes  # noqa: F401
    import errno  # noqa: F401
    import importlib.machinery  # noqa: F401
    import inspect  # noqa: F401
    import platform  # noqa: F401
    import resource  # noqa: F401
    import __future__  # noqa: F401
    try:
        import numpy.random  # noqa: F401 - the worker seeds it before "ready" (NumPy 2 loads it on first use)
    except ImportError:
        pass

    libc = _libc()
    ctl = socket.socket(fileno=int(cfg["control"]))
    own_pidns = os.open("/proc/self/ns/pid", os.O_RDONLY | os.O_CLOEXEC)
    needed = [_CAP_SYS_ADMIN, _CAP_SETPCAP] + ([_CAP_SETUID, _CAP_SETGID] if cfg.get("as_root") else [])
    with open("/proc/self/status") as fh:
        status = dict(line.split(":", 1) for line in fh if ":" in line)
    eff = int(status.get("CapEff", "0").strip(), 16)
    missing = [c for c in needed if not eff >> c & 1]
    if missing:
        ctl.send(b"E" + f"the zygote lacks capabilities {missing} (CapEff {eff:x})".encode())
        os._exit(_SETUP_FAILED)
    import gc

    gc.collect()
    gc.freeze()  # what it imported is never scanned again: a child's collections leave those pages shared
    ctl.send(b"H" + json.dumps({"pid": os.getpid()}).encode())
    poller = select.poll()
    poller.register(ctl.fileno(), select.POLLIN)
    children: dict = {}  # pidfd -> (pid, status socket)
    while True:
        for fd, _ in poller.poll():
            if fd != ctl.fileno():
                pid, status_sock = children.pop(fd)
                poller.unregister(fd)
                _, code = os.waitpid(pid, 0)
                try:
                    status_sock.send(b"X%d" % os.waitstatus_to_exitcode(code), socket.MSG_DONTWAIT)
                except OSError:
                    pass
                status_sock.close()
                os.close(fd)
                continue
            try:
                msg, fds, _, _ = socket.recv_fds(ctl, 1 << 16, _MAX_FDS)
            except OSError:
                msg, fds = b"", []
            if not msg:  # the grader is gone: so are we (the children follow, PR_SET_PDEATHSIG)
                os._exit(0)
            try:
                request = json.loads(msg)
                wanted = 4 + bool(request["share"]) + int(request["join"])
            except (ValueError, KeyError, TypeError):
                wanted = -1
            # status, requests, replies, output, (the share socket), (a file per cgroup folder to join)
            if len(fds) != wanted or not 4 <= wanted <= _MAX_FDS:
                for extra in fds:
                    os.close(extra)
                continue
            status_sock = socket.socket(fileno=fds[0])
            try:
                pid = _fork_child(libc, own_pidns, request, fds, ctl, status_sock)
            except OSError as exc:
                try:
                    status_sock.send(b"E" + f"the zygote could not fork: {exc}".encode(), socket.MSG_DONTWAIT)
                except OSError:
                    pass
                status_sock.close()
                for other in fds[1:]:
                    os.close(other)
                continue
            for other in fds[1:]:
                os.close(other)
            pidfd = os.pidfd_open(pid)
            children[pidfd] = (pid, status_sock)
            poller.register(pidfd, select.POLLIN)


def _fork_child(libc, own_pidns: int, request: dict, fds: list, ctl, status_sock) -> int:
    """Fork the child as PID 1 of a new PID namespace; the zygote's own namespaces stay as they were."""
    import ctypes

    if libc.unshare(_CLONE_NEWPID) != 0:
        raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWPID) failed")
    try:
        pid = os.fork()
    except OSError:
        libc.setns(own_pidns, _CLONE_NEWPID)
        raise
    if pid == 0:
        code = _SETUP_FAILED
        try:
            ctl.detach()  # its descriptor is closed below; the object must never close a reused number
            status_sock.detach()
            code = _child(libc, request, fds)
        finally:
            os._exit(code)
    if libc.setns(own_pidns, _CLONE_NEWPID) != 0:  # every later child would land in this one's namespace
        os.kill(pid, 9)
        sys.stderr.write(f"zygote: cannot return to its own PID namespace: {os.strerror(ctypes.get_errno())}\n")
        os._exit(_SETUP_FAILED)
    return pid


def _send(fd: int, data: bytes) -> None:
    sock = socket.socket(fileno=fd)
    try:
        sock.send(data)
    finally:
        sock.detach()


def _child(libc, request: dict, fds: list) -> int:
    """PID 1 of the new sandbox: set it up, fork the worker, be its init. Returns an exit code on failure."""
    status_fd, req_r, resp_w, out_w, *rest = fds
    share = rest[:1] if request["share"] else []
    joins = rest[len(share):]
    try:
        libc.prctl(_PR_SET_PDEATHSIG, 9, 0, 0, 0)
        os.setsid()
        null = os.open("/dev/null", os.O_RDWR)
        os.dup2(null, 0)
        os.dup2(out_w, 1)
        os.dup2(out_w, 2)
        keep = sorted({0, 1, 2, status_fd, req_r, resp_w, *share, *joins})
        for low, high in zip(keep, keep[1:] + [1 << 20]):  # everything of the zygote's: sockets, other children's
            if high > low + 1:
                os.closerange(low + 1, high)
        _send(status_fd, b"C")  # the kernel attaches this process's pid, as the grader sees it
        _namespaces(libc, request)
        _verify(request)
        for fd in joins:  # into its own cgroup (a thread moving itself: see Cgroup.join_files) ...
            try:
                os.write(fd, b"0")
            except OSError as exc:
                raise _SetupError(f"joining its cgroup: {exc}") from None
            os.close(fd)
        _check("unshare(CLONE_NEWCGROUP)", libc.unshare(_CLONE_NEWCGROUP))  # ... then the namespace rooted there
        cfg = dict(request["cfg"], fd_in=req_r, fd_out=resp_w, share_fd=share[0] if share else None)
        try:
            _apply_limits(cfg)  # noqa: F821 - worker.py's, earlier in this program
        except SystemExit:
            raise _SetupError("could not give up its privileges") from None
    except BaseException as exc:  # noqa: BLE001 - whatever failed, no student code runs
        try:
            _send(status_fd, b"E" + f"{type(exc).__name__}: {exc}"[:500].encode())
        except OSError:
            pass
        return _SETUP_FAILED
    _send(status_fd, b"K")
    go = os.read(status_fd, 16)  # in its cgroup now: only then may anything be forked
    os.close(status_fd)
    if go != b"G":
        return _SETUP_FAILED
    worker = os.fork()
    if worker == 0:
        _run_worker(cfg)
    return _init(libc, worker)


def _namespaces(libc, request: dict) -> None:
    # the cgroup namespace comes later, once the grader has moved this process into its cgroup (``_child``): made
    # now, /proc/self/cgroup would show the way from here to it (the grader's pid in its name)
    _check("unshare", libc.unshare(_CLONE_NEWNS | _CLONE_NEWNET | _CLONE_NEWIPC | _CLONE_NEWUTS))
    _check("making mounts private", libc.mount(None, b"/", None, _MS_REC | _MS_PRIVATE, None))
    size = int(request["tmpfs_bytes"])
    for folder in request["tmpfs"]:
        _check(f"tmpfs on {folder}", libc.mount(b"tmpfs", folder.encode(), b"tmpfs", _MS_NOSUID | _MS_NODEV,
                                                 f"size={size},mode=1777".encode()))
    _check("mounting /proc", libc.mount(b"proc", b"/proc", b"proc", _MS_NOSUID | _MS_NODEV | _MS_NOEXEC, None))
    for sub in ("sys", "sysrq-trigger", "irq", "bus"):
        path = f"/proc/{sub}".encode()
        if not os.path.exists(path):
            continue
        _check(f"binding /proc/{sub}", libc.mount(path, path, None, _MS_BIND | _MS_REC, None))
        _check(f"/proc/{sub} read-only", libc.mount(
            None, path, None, _MS_REMOUNT | _MS_BIND | _MS_RDONLY | _MS_NOSUID | _MS_NODEV | _MS_NOEXEC, None))
    if os.path.isdir("/dev/pts"):
        _check("mounting /dev/pts", libc.mount(b"devpts", b"/dev/pts", b"devpts", _MS_NOSUID | _MS_NOEXEC,
                                               b"newinstance,ptmxmode=0666,mode=620"))
    os.chdir(request["cwd"])


def _verify(request: dict) -> None:
    """Measure, from inside, what the mounts and namespaces above promise; raise if anything is off."""
    seen = [e for e in os.listdir("/proc") if e.isdigit()]
    if seen != ["1"]:
        raise _SetupError(f"/proc shows other processes: {seen[:10]}")
    for path in ("/proc/sys", "/proc/sys/kernel/core_pattern", "/proc/sysrq-trigger"):
        if os.path.exists(path) and not os.statvfs(path).f_flag & os.ST_RDONLY:
            raise _SetupError(f"{path} is writable")
    with open("/proc/net/dev") as fh:
        interfaces = [line.split(":")[0].strip() for line in fh.readlines()[2:]]
    if [i for i in interfaces if i != "lo"]:
        raise _SetupError(f"network interfaces seen: {interfaces}")
    for folder in request["tmpfs"]:
        if os.listdir(folder) or os.statvfs(folder).f_flag & os.ST_RDONLY:
            raise _SetupError(f"{folder} is not a fresh writable folder")
    if os.statvfs("/").f_flag & os.ST_RDONLY == 0:
        raise _SetupError("/ is writable")


def _run_worker(cfg: dict) -> None:
    """The worker (PID 2): serve, then leave as a Python program would (exit handlers), never into the zygote."""
    import atexit
    import json

    sys.argv[1:] = [json.dumps(cfg)]  # as a worker bwrap starts has it (its configuration, as seen inside)
    code = 0
    try:
        _serve(cfg)  # noqa: F821 - worker.py's
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # noqa: BLE001
        import traceback

        traceback.print_exc()
        code = 1
    try:
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:  # noqa: BLE001
        pass
    os._exit(code)


def _init(libc, worker: int) -> int:
    """PID 1: reap every orphan; when the worker ends, end with its status (its namespace goes with it)."""
    import signal

    libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)  # nothing in the sandbox may trace or read it
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGUSR1, signal.SIGUSR2):
        signal.signal(sig, signal.SIG_DFL)  # as PID 1, signals from inside without a handler are ignored
    null = os.open("/dev/null", os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.closerange(3, 1 << 20)
    while True:
        try:
            pid, status = os.waitpid(-1, 0)
        except ChildProcessError:
            return 1
        if pid == worker:
            code = os.waitstatus_to_exitcode(status)
            return 128 - code if code < 0 else code
