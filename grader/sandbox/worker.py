"""The program that runs inside the sandbox: it evaluates, and decides nothing.

It is started by ``grader.sandbox.process`` as ``python -S -s -B -c <program>``
where ``<program>`` is ``protocol.py`` followed by this file, so it imports
nothing from the grader. It limits itself (rlimits, an unprivileged user where
it starts as root), then serves requests from the grader on one pipe and
answers on another:

- ``load``: parse the submission's source;
- ``exec``: run one top-level statement of it (the grader chooses which);
- ``call``/``batch``: call student functions on arrays the grader sent, keeping
  results the grader wants to pass back in later (``{"$": "ref"}``); call methods
  of kept objects, read their attributes, apply a fixed set of operators to them;
- ``names``: which top-level names exist and are callable;
- ``share``: take big read-only inputs the grader shares (sealed memfds sent on a
  Unix socket, see ``grader/sandbox/shared.py``), which later calls name
  (``{"$": "shm"}``) instead of carrying their bytes; each call gets a fresh
  private copy-on-write map of one: writable, like an array from the pipe.

No grading decision is taken here: results go back as data, and the grader,
in its own process, compares them. Student code can tamper with this process
as it likes; the grader validates everything that comes back.
"""
import ast
import operator
import os
import random
import sys
import time
import traceback
import types

try:  # inside the sandbox, protocol.py's and trace.py's sources precede this file's
    from grader.sandbox.protocol import ALLOWED_DTYPES, FrameParser, decode, fingerprints, pack, pack_value
    from grader.sandbox.trace import LineTracer, statement_map
except ImportError:
    pass

_write = os.write
_read = os.read
_getpid = os.getpid
_exit = os._exit
_NOTHING = object()
#: The operators a batch may name (``operator.mul`` runs ``a * b``, reflected methods and all). Only names
#: here: ``serve`` takes the functions when it starts, before any student code, and keeps them in its frame.
_OPERATOR_NAMES = ("add", "sub", "mul", "truediv", "pow", "neg", "pos", "matmul", "getitem",
                   "lt", "le", "gt", "ge", "eq", "ne")


def _apply_limits(cfg: dict) -> None:
    import resource

    for name, value in cfg.get("rlimits", {}).items():
        which = getattr(resource, name)
        try:
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError):
            pass
    uid = cfg.get("drop_uid")
    if uid is not None:
        _become(int(uid))
    elif cfg.get("drop_caps"):  # a fork server's child (zygote.py): it held capabilities to make its namespaces
        _become(None)
    _fence()


#: Linux's seccomp filter, per architecture: (AUDIT_ARCH, refused system calls, clone, unshare, clone3).
#: Refused (EPERM): the kernel keyrings (the grader's session keyring would be shared, a key outlives the
#: sandbox), io_uring, bpf, perf events and userfaultfd (kernel attack surface, no use to a student), SysV
#: IPC and POSIX message queues (they outlive a sandbox without namespaces), and new user namespaces
#: (clone/unshare with CLONE_NEWUSER). clone3 answers ENOSYS, so the C library falls back to clone.
_SECCOMP = {
    "x86_64": (0xC000003E, (250, 248, 249, 425, 426, 427, 321, 298, 323, 29, 68, 64, 240), 56, 272, 435),
    "aarch64": (0xC00000B7, (219, 217, 218, 425, 426, 427, 280, 241, 282, 194, 186, 190, 180), 220, 97, 435),
}


def _fence() -> bool:
    """A fresh empty session keyring, no_new_privs and the seccomp filter above; False where unsupported."""
    import ctypes
    import errno
    import platform

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    spec = _SECCOMP.get(platform.machine())
    if spec is None or not sys.platform.startswith("linux"):
        return False
    arch, refused, clone, unshare, clone3 = spec
    keyctl = refused[0]
    libc.syscall(keyctl, 1, 0)  # KEYCTL_JOIN_SESSION_KEYRING, NULL: leave the grader's session keyring

    class _Filter(ctypes.Structure):
        _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint32)]

    class _Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Filter))]

    ld, jeq, jset, ret, jge = 0x20, 0x15, 0x45, 0x06, 0x35
    allow, eperm, enosys = 0x7FFF0000, 0x00050000 | errno.EPERM, 0x00050000 | errno.ENOSYS
    code = [(ld, 0, 0, 4), (jeq, 1, 0, arch), (ret, 0, 0, enosys), (ld, 0, 0, 0)]
    if arch == 0xC000003E:
        code += [(jge, 0, 1, 0x40000000), (ret, 0, 0, enosys)]  # the x32 ABI: other numbers, refused whole
    for nr in refused:
        code += [(jeq, 0, 1, nr), (ret, 0, 0, eperm)]
    code += [(jeq, 0, 1, clone3), (ret, 0, 0, enosys)]
    code += [(jeq, 1, 0, clone), (jeq, 0, 3, unshare),
             (ld, 0, 0, 16), (jset, 0, 1, 0x10000000), (ret, 0, 0, eperm)]  # args[0] & CLONE_NEWUSER
    code += [(ret, 0, 0, allow)]
    filters = (_Filter * len(code))(*[_Filter(*c) for c in code])
    program = _Program(len(code), filters)
    return libc.prctl(22, 2, ctypes.byref(program), 0, 0) == 0  # PR_SET_SECCOMP, SECCOMP_MODE_FILTER


_PR_CAPBSET_DROP, _PR_SET_NO_NEW_PRIVS = 24, 38


def _become(uid: int | None) -> None:
    """Switch to the grader-chosen unprivileged uid, for good: no capabilities, no way back.

    Run before any student code. If anything here fails the worker stops: the
    grader reports a sandbox that cannot start, it never grades as root.
    ``uid`` None keeps the uid (an ordinary user's, inside bubblewrap's user
    namespace) and drops every capability only.
    """
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in range(64):  # the bounding set: no capability can ever be regained (needs CAP_SETPCAP, held until now)
        libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0)
    if uid is not None:
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)  # from root to another uid: the kernel clears the permitted and effective sets
    else:
        uid = os.getuid()

    class _Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class _Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]

    libc.capset(ctypes.byref(_Header(0x20080522, 0)), (_Data * 2)())  # the inheritable set too
    libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    status = {}
    try:
        with open("/proc/self/status") as fh:
            status = dict(line.split(":", 1) for line in fh if ":" in line)
    except OSError:
        pass
    caps = [status.get(k, "0").strip() for k in ("CapPrm", "CapEff", "CapInh", "CapAmb")]
    if os.getuid() != uid or os.geteuid() != uid or any(int(c, 16) for c in caps) \
            or status.get("NoNewPrivs", "1").strip() != "1":
        sys.stderr.write("sandbox: could not give up root's privileges; refusing to run student code\n")
        raise SystemExit(70)


class _Worker:
    def __init__(self, fd_in: int, fd_out: int, share_fd: int | None = None) -> None:
        self.fd_in, self.fd_out = fd_in, fd_out
        self.share_fd = share_fd  #: the socket shared inputs arrive on (``op_share``), wherever the start put it
        self.parser = FrameParser()
        self.module = None
        self.filename = "<submission>"
        self.statements: list = []
        self.future_flags = 0
        self.kept: dict = {}
        self.pid = _getpid()  #: a forked copy of this process (a student's os.fork()) must never answer
        self.nonce = None  #: echoed in every answer to the request being served
        #: key -> (read-only map, read-only descriptor, (size, dev, ino)) of a memfd the grader shared (``op_share``)
        self.shares: dict = {}

    # ------------------------------------------------------------------ io
    def send(self, header: dict, value=_NOTHING) -> None:
        if _getpid() != self.pid:
            _exit(0)
        header["n"] = self.nonce
        try:
            data = pack(header) if value is _NOTHING else pack_value(header, "value", value)
        except BaseException as exc:  # noqa: BLE001 - an unencodable value becomes an error, never a crash
            data = pack({"ok": False, "i": header.get("i"), "n": self.nonce, "error": {
                "kind": "bad_return", "type": _type_name(exc),
                "message": "the value could not be sent back: " + _text(exc)[:400]}})
        view = memoryview(data)
        while view:
            n = _write(self.fd_out, view)
            view = view[n:]

    def receive(self):
        while True:
            frame = self.parser.next_frame()
            if frame is not None:
                return frame
            if _getpid() != self.pid:
                _exit(0)
            chunk = _read(self.fd_in, 1 << 20)
            if not chunk:
                raise SystemExit(0)
            self.parser.feed(chunk)

    # ------------------------------------------------------------------ errors
    def describe(self, exc: BaseException, fn: str = "") -> dict:
        """The error as data; its class is ``type(exc)`` (``exc.__class__`` is the student's to fake)."""
        kind, cls = "exception", type(exc)
        if issubclass(cls, NotImplementedError):
            kind = "not_implemented"
        elif issubclass(cls, MemoryError):
            kind = "memory"
        elif issubclass(cls, RecursionError):
            kind = "recursion"
        elif issubclass(cls, SystemExit):
            kind = "exit"
        line = None
        try:
            for frame in traceback.extract_tb(exc.__traceback__):
                if frame.filename == self.filename:
                    line = frame.lineno
        except BaseException:  # noqa: BLE001 - a __traceback__ property is student code
            line = None
        return {"kind": kind, "type": _type_name(exc), "message": _text(exc)[:500], "line": line, "fn": fn}

    # ------------------------------------------------------------------ ops
    def op_load(self, req: dict) -> dict:
        self.filename = str(req["filename"])
        module = types.ModuleType(str(req.get("module", "submission")))
        module.__file__ = self.filename
        sys.modules[module.__name__] = module
        self.module = module
        try:
            self.statements = ast.parse(req["source"], filename=self.filename).body
        except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
            return {"ok": False, "error": self.describe(exc)}
        refused = self.install_helpers(req.get("helpers"))
        # Statements are compiled one by one: a `from __future__ import ...` must still
        # apply to the whole file, as it would on import (e.g. postponed annotations).
        import __future__

        self.future_flags = 0
        for node in self.statements:
            if isinstance(node, ast.ImportFrom) and node.module == "__future__":
                for alias in node.names:
                    feature = getattr(__future__, alias.name, None)
                    self.future_flags |= getattr(feature, "compiler_flag", 0)
        return {"ok": True, "count": len(self.statements), "refused": refused}

    def install_helpers(self, helpers) -> list:
        """Make the modules shipped with the submission (``nn_utils.py`` next to it) importable; the names refused.

        They come as text (``grader.load.find_helpers``) and are imported from memory by a finder put
        first on ``sys.meta_path``: like the script's own folder when Python runs a file, a student's
        module comes before an installed one of the same name. A name that Python or this process
        already has (``os``, ``random``, ``numpy``, anything imported before student code) is refused:
        the real module stays, and the worker keeps working.
        """
        if not isinstance(helpers, list) or not helpers:
            return []
        table, refused = {}, []
        own = set(getattr(sys, "stdlib_module_names", ())) | set(sys.builtin_module_names)
        for entry in helpers:
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                continue
            name = entry["name"]
            top = name.split(".")[0]
            if top in own or top in sys.modules:
                if top not in refused:
                    refused.append(top)
                continue
            table[name] = entry
        if table:
            sys.meta_path.insert(0, _Helpers(table, self))
        return refused

    def op_exec(self, req: dict) -> dict:
        stmt = self.statements[int(req["i"])]
        try:
            code = compile(ast.Module(body=[stmt], type_ignores=[]), self.filename, "exec",
                           flags=self.future_flags, dont_inherit=True)
            exec(code, self.module.__dict__)
        except BaseException as exc:  # noqa: BLE001 - student code may raise anything
            return {"ok": False, "error": self.describe(exc)}
        return {"ok": True}

    def op_names(self, req: dict) -> dict:
        names, classes = {}, []
        for name, value in list(vars(self.module).items()):  # no student code runs here: no __name__, __class__
            if type(name) is str and not name.startswith("__"):
                names[name] = "callable" if callable(value) else _type_name(value)[:50]
                if issubclass(type(value), type):
                    classes.append(name)
        return {"ok": True, "names": names, "classes": classes}

    def op_probe(self, req: dict) -> dict:
        """What this process may do, measured from inside (for ``grade --check-sandbox``); student code never runs."""
        status = {}
        try:
            with open("/proc/self/status") as fh:
                status = {k: v.strip() for k, v in (line.split(":", 1) for line in fh if ":" in line)}
        except OSError:
            pass
        def _ok(path, mode):
            try:
                if mode == os.R_OK and os.path.isdir(path):  # an empty mount hiding a folder reveals nothing
                    return bool(os.listdir(path))
                return os.access(path, mode) and (mode != os.R_OK or os.path.exists(path))
            except (OSError, ValueError):
                return False
        try:
            with open("/proc/net/dev") as fh:
                interfaces = [line.split(":")[0].strip() for line in fh.readlines()[2:]]
        except OSError:
            interfaces = []
        return {"ok": True, "uid": os.getuid(), "euid": os.geteuid(), "gid": os.getgid(), "groups": os.getgroups(),
                "caps": {k: status.get(k, "") for k in ("CapPrm", "CapEff", "CapBnd", "CapAmb", "CapInh")},
                "no_new_privs": status.get("NoNewPrivs", ""), "seccomp": status.get("Seccomp", ""),
                "interfaces": interfaces,
                "processes": len([e for e in os.listdir("/proc") if e.isdigit()]),
                "writable": [p for p in req.get("write", []) if _ok(p, os.W_OK)],
                "readable": [p for p in req.get("read", []) if _ok(p, os.R_OK)]}

    def op_share(self, req: dict) -> dict:
        """Map the memfds the grader sent on the share socket (``cfg["share_fd"]``), one message (key,
        descriptor) per item.

        Each descriptor must be the one the grader named (same inode and device, size, every seal, opened
        read-only); it is kept (every call maps it afresh, private, see ``shared``) and mapped ``PROT_READ``
        once (what a call copies when student code has closed or replaced the descriptor). Nothing waits: a
        message that is not there (student code closed or emptied the socket) ends the request, and the
        grader sends those arrays through the pipe. Answers the keys mapped.
        """
        import _socket
        import fcntl
        import mmap
        import stat

        fd, items, mapped = self.share_fd, req.get("items"), []
        if type(fd) is not int or not isinstance(items, list):
            return {"ok": True, "mapped": mapped}
        try:
            sock = _socket.socket(fileno=fd)
        except (OSError, ValueError, TypeError):
            return {"ok": True, "mapped": mapped}
        seals = fcntl.F_SEAL_WRITE | fcntl.F_SEAL_GROW | fcntl.F_SEAL_SHRINK | fcntl.F_SEAL_SEAL
        try:
            for item in items:
                if not isinstance(item, dict) or not all(type(item.get(k)) is int for k in ("size", "dev", "ino")):
                    break
                key = str(item.get("key"))
                fds = []
                try:
                    data, anc, flags, _ = sock.recvmsg(256, _socket.CMSG_SPACE(4 * 4),
                                                       _socket.MSG_DONTWAIT | _socket.MSG_CMSG_CLOEXEC)
                    for level, kind, raw in anc:
                        if level == _socket.SOL_SOCKET and kind == _socket.SCM_RIGHTS:
                            fds += [int.from_bytes(raw[i:i + 4], sys.byteorder, signed=True)
                                    for i in range(0, len(raw) - len(raw) % 4, 4)]
                    if flags & _socket.MSG_CTRUNC or len(fds) != 1 or data != key.encode():
                        break
                    st = os.fstat(fds[0])
                    if (not stat.S_ISREG(st.st_mode) or (st.st_size, st.st_dev, st.st_ino) !=
                            (item["size"], item["dev"], item["ino"]) or item["size"] <= 0
                            or fcntl.fcntl(fds[0], fcntl.F_GET_SEALS) & seals != seals
                            or fcntl.fcntl(fds[0], fcntl.F_GETFL) & os.O_ACCMODE != os.O_RDONLY):
                        break
                    if key not in self.shares:
                        self.shares[key] = (mmap.mmap(fds[0], item["size"], access=mmap.ACCESS_READ), fds[0],
                                            (st.st_size, st.st_dev, st.st_ino))
                        del fds[0]  # kept open (close-on-exec): the descriptor every call maps
                    mapped.append(key)
                except (OSError, ValueError, OverflowError):
                    break
                finally:
                    for received in fds:
                        try:
                            os.close(received)
                        except OSError:
                            pass
        finally:
            sock.detach()
        return {"ok": True, "mapped": mapped}

    def shared(self, tree):
        """The student's own writable array of a share: ``{"$": "shm", "key", "dtype", "shape"}``.

        A fresh ``MAP_PRIVATE`` map (``mmap.ACCESS_COPY``) of the sealed memfd, made for this argument of
        this call: pages are read from the memfd until the student writes one, which then becomes a copy of
        this map's own. What the student writes stays in its array: never in the memfd (sealed, and a private
        map never writes back), another sandbox, another argument or a later call, which all map it afresh.
        If student code closed or replaced the kept descriptor, a copy of the read-only map does the same.
        """
        import math
        import mmap

        import numpy as _np

        entry = self.shares.get(tree.get("key"))
        if type(entry) is not tuple or len(entry) != 3:
            raise _Unshared("the grader's shared input was no longer mapped in the sandbox")
        master, fd, ident = entry
        dtype, shape = tree.get("dtype"), tree.get("shape")
        if dtype not in ALLOWED_DTYPES or type(shape) is not list or not all(
                type(n) is int and n >= 0 for n in shape):
            raise _Unshared("a shared input came with a bad dtype or shape")
        dt = _np.dtype(dtype)
        try:
            if math.prod(shape) * dt.itemsize != len(master):
                raise _Unshared("a shared input's size does not match its shape")
            try:
                st = os.fstat(fd)
                if (st.st_size, st.st_dev, st.st_ino) == ident:  # still the sealed memfd: its bytes are the same
                    return _np.frombuffer(mmap.mmap(fd, ident[0], access=mmap.ACCESS_COPY), dtype=dt).reshape(shape)
            except (OSError, ValueError, OverflowError):
                pass
            return _np.frombuffer(master, dtype=dt).reshape(shape).copy()
        except (ValueError, TypeError, BufferError) as exc:  # e.g. student code closed the map
            raise _Unshared("the grader's shared input could not be read in the sandbox (" + _text(exc)[:100] + ")") \
                from None

    def resolve(self, tree, buffers):
        """Decode arguments, building generators and following references.

        A path into a kept value of the student's own class runs its ``__getitem__``:
        whatever that raises is wrapped in ``_Raised`` (the student's error, not a lost input).
        """
        if isinstance(tree, dict) and tree.get("$") == "rng":
            import numpy as _np

            return _np.random.default_rng(int(tree["seed"]))
        if isinstance(tree, dict) and tree.get("$") == "ref":
            value = self.kept[tree["slot"]]
            for key in tree.get("path", []):
                if type(value) in _PLAIN:
                    value = value[key]
                else:
                    try:
                        value = value[key]
                    except BaseException as exc:  # noqa: BLE001
                        raise _Raised(exc) from None
            return value
        if isinstance(tree, dict) and tree.get("$") == "shm":
            return self.shared(tree)
        if isinstance(tree, dict) and tree.get("$") in ("dict", "tuple"):
            if tree["$"] == "tuple":
                return tuple(self.resolve(v, buffers) for v in tree["v"])
            return {k: self.resolve(v, buffers) for k, v in tree["v"]}
        if isinstance(tree, list):
            return [self.resolve(v, buffers) for v in tree]
        return decode(tree, buffers)

    def call(self, req: dict, buffers, ops: tuple = ()) -> tuple[dict, object]:
        """One call of a batch: a module-level name, an attribute of a kept object (``on``), or an operator.

        ``get`` reads the name instead of calling it. Names are looked up, never
        evaluated: module-level ones in the module's namespace, attributes with
        ``getattr`` (Python identifiers only), operators in a fixed table.
        """
        name = str(req["fn"])
        on, get = req.get("on"), req.get("get") is True
        if name.startswith("operator."):
            op, wanted = None, name[len("operator."):]
            for known, function in ops:
                if known == wanted:
                    op = function
                    break
            if op is None:
                return _failure("missing", name, f"{name} is not an operator the sandbox allows")
            if on is not None or get:
                return _failure("bad_input", name, "an operator takes its operands as arguments")
        elif not name.isidentifier():
            return _failure("bad_input", name, f"{name[:60]!r} is not a Python name")
        if on is not None and not isinstance(on, dict):
            return _failure("bad_input", name, "the object to call it on is not a kept value")
        try:
            args = self.resolve(req.get("args", []), buffers)
            kwargs = self.resolve({"$": "dict", "v": req.get("kwargs", [])}, buffers)
            owner = self.resolve({"$": "ref", "slot": on.get("slot"), "path": on.get("path", [])}, buffers) \
                if isinstance(on, dict) else self.module
        except _Raised as exc:  # a kept object's __getitem__ is student code
            return {"ok": False, "error": self.describe(exc.args[0], name)}, _NOTHING
        except _Unshared as exc:
            return _failure("bad_input", name, _text(exc))
        except (KeyError, IndexError, TypeError) as exc:
            return _failure("bad_input", name, "an input came from a call that failed (" + _text(exc)[:200] + ")")
        except BaseException as exc:  # noqa: BLE001
            return {"ok": False, "error": self.describe(exc, name)}, _NOTHING
        watched = req.get("digest_args")  # True: every argument; a list: those positions only
        if isinstance(watched, list):
            watched = [args[i] for i in watched if isinstance(i, int) and 0 <= i < len(args)]
        elif watched:
            watched = (args, kwargs)
        try:
            before = fingerprints(watched) if watched else None
        except BaseException as exc:  # noqa: BLE001 - a dict or array subclass's methods are student code
            return {"ok": False, "error": self.describe(exc, name)}, _NOTHING
        start = time.perf_counter()
        if name.startswith("operator."):
            fn = op
        elif on is None:  # the module's namespace: a lookup that runs no student code
            fn = vars(owner).get(name, _NOTHING) if owner is not None else _NOTHING
            if fn is _NOTHING or (fn is None and not get):
                return _failure("missing", name, f"no function named {name}")
        else:  # an attribute: properties and __getattr__ are student code, run here like a call
            try:
                fn = getattr(owner, name)
            except BaseException as exc:  # noqa: BLE001
                if issubclass(type(exc), AttributeError) and not _defined(owner, name):
                    return _failure("missing", name, f"no attribute named {name}")
                return {"ok": False, "error": self.describe(exc, name)}, _NOTHING
        tracer = None
        if get:
            result = fn
        elif not callable(fn):
            return _failure("not_callable", name, f"{name} is a {_type_name(fn)}, not a function")
        else:
            tracer = self.tracer() if req.get("trace") is True and not name.startswith("operator.") else None
            try:
                if tracer is None:
                    result = fn(*args, **kwargs)
                else:
                    with tracer:
                        result = fn(*args, **kwargs)
            except BaseException as exc:  # noqa: BLE001
                return {"ok": False, "error": self.describe(exc, name)}, _NOTHING
        header = {"ok": True, "seconds": time.perf_counter() - start}
        if before is not None:
            try:
                header["mutated"] = fingerprints(watched) != before
            except BaseException as exc:  # noqa: BLE001
                return {"ok": False, "error": self.describe(exc, name)}, _NOTHING
        if req.get("keep"):
            self.kept[str(req["keep"])] = result
            kind = type(result)
            header["kept"] = _CLASS_NAME(kind)[:100]
            # the class's name is its own only if the module binds that name to that very class
            header["own"] = vars(self.module).get(header["kept"]) is kind if self.module is not None else False
        path = req.get("ret")
        if path is None:
            if tracer is not None:  # nothing of the value, but what the call's statements did
                return header, {"value": None, "trace": _records(tracer), "truncated": tracer.truncated}
            return header, _NOTHING
        try:
            for key in path:
                result = result[key]
        except BaseException as exc:  # noqa: BLE001 - a returned object's __getitem__ is student code
            return {"ok": False, "error": {"kind": "bad_return", "fn": name, "type": _type_name(exc),
                                           "message": _shape_hint(result, path)}}, _NOTHING
        if tracer is not None:
            return header, {"value": result, "trace": _records(tracer), "truncated": tracer.truncated}
        return header, result

    def tracer(self):
        """A line tracer of the submission's own file (``trace.py``): what its statements assigned."""
        if getattr(self, "_statements_map", None) is None:
            self._statements_map = statement_map(ast.Module(body=list(self.statements), type_ignores=[]))
        return LineTracer({self.filename: self._statements_map})

    def op_batch(self, req: dict, buffers, ops: tuple = ()) -> None:
        for i, call in enumerate(req["calls"]):
            header, value = self.call(call, buffers, ops)
            header["i"] = i
            self.send(header, value)
            header = value = None  # freed now (a __del__ runs within the batch), not after "done"
        for slot in req.get("drop", []):
            self.kept.pop(slot, None)
        self.send({"done": True})

    def serve(self) -> None:
        # The operator functions, taken before any student code runs and held only in this frame (a
        # tuple: nothing to patch in place), so that `6 * 8` on the grader's own values stays 48.
        ops = tuple((name, getattr(operator, name)) for name in _OPERATOR_NAMES)
        while True:
            req, buffers = self.receive()
            self.nonce = req.get("n")
            op = req.get("op")
            if op == "batch":
                self.op_batch(req, buffers, ops)
                continue
            if op == "exit":
                return
            handler = {"load": self.op_load, "exec": self.op_exec, "names": self.op_names,
                       "probe": self.op_probe, "share": self.op_share}.get(op)
            reply = handler(req) if handler else {"ok": False, "error": {"kind": "bad_request", "message": str(op)}}
            self.send(reply)


#: A class's own name, read without running a metaclass's code.
_CLASS_NAME = type.__dict__["__name__"].__get__
#: Containers whose item lookup runs no student code: a failing lookup there is a lost or wrong input.
_PLAIN = (dict, list, tuple, int, float, bool, str, bytes, type(None))
try:
    import numpy as _numpy

    _PLAIN += (_numpy.ndarray,)
except ImportError:  # pragma: no cover - the sandbox always has NumPy
    pass


class _Helpers:
    """Finder and loader of the helper modules shipped as text (``_Worker.install_helpers``).

    A module runs the top-level statements the grader's plan keeps (``skip`` lists the others: demo
    code), compiled under its own file name so that tracebacks name ``nn_utils.py``.
    """

    def __init__(self, table: dict, worker) -> None:
        self.table = table
        self.worker = worker

    def find_spec(self, fullname, path=None, target=None):
        entry = self.table.get(fullname)
        if entry is None:
            return None
        import importlib.machinery

        spec = importlib.machinery.ModuleSpec(fullname, self, origin=str(entry.get("filename", fullname)),
                                              is_package=entry.get("package") is True)
        spec.has_location = True  # __file__ is its name next to the submission
        return spec

    def create_module(self, spec):
        return None

    def exec_module(self, module) -> None:
        entry = self.table[module.__spec__.name]
        filename = str(entry.get("filename", module.__spec__.name))
        source = entry.get("source") or ""
        tree = ast.parse(source, filename=filename)
        skip = set(i for i in entry.get("skip", ()) if isinstance(i, int))
        body = [node for i, node in enumerate(tree.body) if i not in skip]
        code = compile(ast.Module(body=body, type_ignores=[]), filename, "exec", dont_inherit=True)
        exec(code, module.__dict__)


class _Raised(Exception):
    """Wraps what a student's ``__getitem__`` raised while an argument was being looked up."""


class _Unshared(Exception):
    """A shared input (``{"$": "shm"}``) the sandbox cannot give: student code unmapped or replaced it."""


def _records(tracer) -> list:
    """A tracer's records as they travel: ``[line, name, first, last, times, span]`` (the file is the
    submission's; the span a return's or an argument's, else None)."""
    return [[line, label, first, last, times, span] for _, line, label, first, last, times, span in tracer.records()]


def _type_name(value) -> str:
    return _CLASS_NAME(type(value))[:100]


def _text(exc: BaseException) -> str:
    """``str(exc)``, whatever its ``__str__`` does."""
    try:
        text = str(exc)
        return text if type(text) is str else "(the exception could not be printed)"
    except BaseException:  # noqa: BLE001
        return "(the exception could not be printed)"


def _failure(kind: str, fn: str, message: str) -> tuple[dict, object]:
    return {"ok": False, "error": {"kind": kind, "fn": fn[:200], "message": message[:300]}}, _NOTHING


def _defined(obj, name: str) -> bool:
    """Whether ``name`` exists on ``obj`` without ``__getattr__`` (then an AttributeError came from its code)."""
    try:
        import inspect

        inspect.getattr_static(obj, name)
        return True
    except BaseException:  # noqa: BLE001
        return False


def _shape_hint(result, path) -> str:
    kind = _type_name(result)
    return f"expected to take part {list(path)} of the returned value, but the function returned a {kind}"


def main() -> None:
    import json

    cfg = json.loads(sys.argv[1])
    _apply_limits(cfg)
    _serve(cfg)


def _serve(cfg: dict) -> None:
    """Seed, say "ready", serve requests (after ``_apply_limits``; a fork server's child starts here)."""
    random.seed(0)
    try:
        import numpy

        numpy.random.seed(0)
    except Exception:  # noqa: BLE001
        pass
    worker = _Worker(cfg["fd_in"], cfg["fd_out"], cfg.get("share_fd"))
    worker.send({"ok": True, "ready": True, "pid": os.getpid()})
    worker.serve()


if __name__ == "__main__":
    main()
