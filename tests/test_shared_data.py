"""Big read-only inputs shared with the sandbox through sealed memfds (grader/sandbox/shared.py).

What the student gets is equal to what the grader holds and is the student's own, writable, as it always
was through the pipe: each call maps the memfd afresh, private and copy-on-write, so what the student
writes stays in that array. The memfd, the grader's array, another argument, a later call and another
sandbox see the original; the memfd itself cannot be written however hard the student's code tries
(its descriptor, /proc/self/fd, the worker's read-only map); and grades do not depend on the transport
(shared, by the pipe when sharing is off, impossible or broken by the student's own code).
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from conftest import ROOT, grade_file

from grader import load
from grader.discover import Submission
from grader.runner import grade_submission
from grader.sandbox import shared
from grader.sandbox.process import Limits
from grader.sandbox.session import Call, Returned, Session, StudentError

STUDENT = '''
import ctypes, fcntl, gc, hashlib, mmap, os

def _memory(x):
    """The object that holds an array's memory (a map, bytes, the array itself)."""
    b = x
    while getattr(b, "base", None) is not None:
        b = b.base
    return b.obj if isinstance(b, memoryview) else b

def _holder(x):
    return type(_memory(x)).__name__

def look(x):
    """What the student sees of its input."""
    return {"sha": hashlib.sha256(x.tobytes()).hexdigest(), "writeable": bool(x.flags.writeable),
            "holder": _holder(x), "dtype": x.dtype.str, "shape": list(x.shape)}

def look_all(params, X, scale=None):
    return [look(params["W"]), look(X), look(scale)]

def scribble(x):
    """Writes 7 over every element of its input; what it then holds."""
    x[...] = 7
    return look(x)

def scribble_first(x, y):
    """Writes into its first argument only (the grader passes the same input twice)."""
    x[...] = 7
    return [look(x), look(y)]

KEPT = []

def keep(x):
    KEPT.append(x)
    return look(x)

def kept():
    return [look(x) for x in KEPT]

def _try(out, name, action):
    try:
        action()
        out[name] = "done"
    except Exception as exc:
        out[name] = type(exc).__name__ + ": " + str(exc)[:80]

def memfds():
    found = {}
    for n in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink("/proc/self/fd/" + n)
        except OSError:
            continue
        if target.startswith("/memfd:"):
            found[int(n)] = target
    return found

def _mprotect_write(address):
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    if libc.mprotect(address & ~4095, 4096, 3) != 0:  # PROT_READ | PROT_WRITE
        raise OSError(ctypes.get_errno(), "mprotect refused")
    ctypes.memset(address & ~4095, 0x41, 8)

def _worker_maps():
    """The worker's own read-only maps of the memfds (found the way hostile code would)."""
    for obj in gc.get_objects():
        if type(obj).__name__ == "_Worker":
            return [entry[0] for entry in obj.shares.values()]
    return []

def own(x):
    """Every way to write into the student's own array: each must work (on the student's copy only)."""
    out = {}
    def inplace():
        x[0, 0] = 7.0
    def flag():
        x.flags.writeable = True
        x[0, 1] = 7.0
    def through_base():
        b = _memory(x)
        if isinstance(b, mmap.mmap):
            b[0:8] = b"A" * 8
        else:
            x.view("u1")[0, :8] = 0x41
    def mprotect():
        _mprotect_write(x.ctypes.data)
    for name, action in (("inplace", inplace), ("flag", flag), ("base", through_base), ("mprotect", mprotect)):
        _try(out, name, action)
    out["look"] = look(x)
    return out

def attack(x):
    """Every way to write into the memfd itself: none may succeed."""
    out = {}
    maps = _worker_maps()
    out["maps"] = len(maps)
    for i, m in enumerate(maps):
        def map_item():
            m[0:1] = b"x"
        def map_mprotect():
            import numpy
            _mprotect_write(numpy.frombuffer(m, numpy.uint8).ctypes.data)
        def proc_mem():
            import numpy
            address = numpy.frombuffer(m, numpy.uint8).ctypes.data
            w = os.open("/proc/self/mem", os.O_RDWR)
            try:
                if os.pwrite(w, b"x", address) != 1:
                    raise OSError("short write")
            finally:
                os.close(w)
        _try(out, f"map item {i}", map_item)
        _try(out, f"map mprotect {i}", map_mprotect)
        _try(out, f"proc mem {i}", proc_mem)
    fds = memfds()
    out["memfds"] = len(fds)
    for fd in fds:
        with open(f"/proc/self/fdinfo/{fd}") as fh:  # its access mode: 0 is O_RDONLY
            out[f"mode {fd}"] = int(fh.read().split("flags:")[1].split()[0], 8) & 3
        _try(out, f"write {fd}", lambda: os.write(fd, b"x"))
        _try(out, f"pwrite {fd}", lambda: os.pwrite(fd, b"x", 0))
        def shared_map():
            m = mmap.mmap(fd, 4096, access=mmap.ACCESS_WRITE)
            m[0:1] = b"x"
        _try(out, f"shared map {fd}", shared_map)
        def reopened():
            w = os.open(f"/proc/self/fd/{fd}", os.O_RDWR)
            try:
                os.pwrite(w, b"x", 0)
            finally:
                os.close(w)
        _try(out, f"reopen {fd}", reopened)
        def truncate():
            w = os.open(f"/proc/self/fd/{fd}", os.O_RDWR)
            try:
                os.ftruncate(w, 0)
            finally:
                os.close(w)
        _try(out, f"truncate {fd}", truncate)
        def writable_map():
            w = os.open(f"/proc/self/fd/{fd}", os.O_RDWR)
            try:
                m = mmap.mmap(w, 4096, access=mmap.ACCESS_WRITE)
                m[0:1] = b"x"
            finally:
                os.close(w)
        _try(out, f"map {fd}", writable_map)
        def unseal():
            fcntl.fcntl(fd, fcntl.F_ADD_SEALS, 0)
            w = os.open(f"/proc/self/fd/{fd}", os.O_RDWR)
            try:
                os.pwrite(w, b"x", 0)
            finally:
                os.close(w)
        _try(out, f"unseal {fd}", unseal)
    x[...] = 7  # and the student's own array, last: writable, its own
    return out

def shift(x):
    x += 1.0
    return look(x)

def close_sockets():
    """Hostile: close every socket of this process (the one shared inputs come on)."""
    closed = 0
    for n in os.listdir("/proc/self/fd"):
        try:
            if os.readlink("/proc/self/fd/" + n).startswith("socket:"):
                os.close(int(n))
                closed += 1
        except OSError:
            pass
    return closed

def bogus_share_answer():
    """Hostile: the worker answers the grader's next ``share`` request with keys that are no strings."""
    for o in gc.get_objects():
        if type(o).__name__ == "_Worker":
            o.op_share = lambda req: {"ok": True, "mapped": [[1, 2], {"k": "v"}, "x" * 1000]}
    return 1

def replace_sockets():
    """Hostile: put a pipe where every socket was."""
    done = 0
    for n in os.listdir("/proc/self/fd"):
        try:
            if os.readlink("/proc/self/fd/" + n).startswith("socket:"):
                r, w = os.pipe()
                os.dup2(r, int(n))
                done += 1
        except OSError:
            pass
    return done

def close_memfds():
    for fd in memfds():
        os.close(fd)
    return len(memfds())

def replace_memfds():
    """Hostile: put a memfd of its own, as big, full of 7s, where every memfd was."""
    n = 0
    for fd in memfds():
        size = os.fstat(fd).st_size
        fake = os.memfd_create("fake")
        os.ftruncate(fake, size)
        os.pwrite(fake, bytes([7]) * min(size, 1 << 16), 0)
        os.dup2(fake, fd)
        os.close(fake)
        n += 1
    return n

def unmap():
    """Hostile: make the worker forget what it mapped."""
    n = 0
    for obj in gc.get_objects():
        if type(obj).__name__ == "_Worker":
            n += len(obj.shares)
            obj.shares.clear()
    return n
'''


def _session(tmp_path, source: str = STUDENT) -> Session:
    path = tmp_path / "s_linear_regression.py"
    path.write_text(source)
    src = load.read_source(path)
    return Session(src, load.plan(src), Limits(call_seconds=10))


def _big(seed: int, shape=(1000, 300), dtype=np.float64) -> np.ndarray:
    """A read-only array over SHARE_MIN_BYTES (2.4 MB as float64), different for every seed."""
    arr = np.random.default_rng(seed).normal(size=shape).astype(dtype)
    arr.setflags(write=False)
    assert arr.nbytes >= shared.SHARE_MIN_BYTES
    return arr


def _sha(arr: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(arr).tobytes()).hexdigest()


def _memfds_here() -> bool:
    """This system has sealed memfds: sharing must then be on (a skip would hide it being lost)."""
    return sys.platform.startswith("linux") and hasattr(os, "memfd_create") and bool(shared.SEALS)


@pytest.fixture
def sharing(monkeypatch):
    monkeypatch.delenv(shared.ENV, raising=False)
    if not _memfds_here():
        pytest.skip("no sealed memfds on this system")
    assert shared.enabled(), "sharing is off on a system with sealed memfds: " + "; ".join(shared._BROKEN)


def _memfd_sha(arr: np.ndarray) -> str:
    """SHA-256 of what the grader's memfd of ``arr`` holds now (read through the grader's own descriptor)."""
    item = shared.registry()[_sha(arr)]
    data = bytearray()
    while len(data) < item.size:
        chunk = os.pread(item.fd, item.size - len(data), len(data))
        assert chunk
        data += chunk
    return hashlib.sha256(data).hexdigest()


def _seven(arr: np.ndarray) -> str:
    return _sha(np.full(arr.shape, 7, arr.dtype))


@pytest.mark.parametrize("started_by", ["0", "1"], ids=["bwrap", "fork-server"])
def test_a_big_read_only_array_arrives_equal_shared_and_writable(tmp_path, sharing, monkeypatch, started_by):
    monkeypatch.setenv("BACKPROP_GRADER_FORKSERVER", started_by)  # the socket reaches a forked sandbox too
    X, W = _big(1 + 50 * int(started_by)), _big(2 + 50 * int(started_by), (600, 500), np.float32)
    small = np.arange(10.0)
    small.setflags(write=False)
    writable = np.array(_big(3))
    before = set(shared.registry())
    with _session(tmp_path) as s:
        seen = s.call("look", X)
        assert seen == {"sha": _sha(X), "writeable": True, "holder": "mmap", "dtype": "<f8", "shape": [1000, 300]}
        # inside a dict, positional and keyword: each arrives equal, float32 as float32
        got_w, got_x, got_small = s.call("look_all", {"W": W}, X, scale=small)
        assert got_w == {"sha": _sha(W), "writeable": True, "holder": "mmap", "dtype": "<f4", "shape": [600, 500]}
        assert got_x["holder"] == "mmap" and got_x["sha"] == _sha(X) and got_x["writeable"]
        # a small array, and a big writable one, travel as before: a writable copy of the student's own
        assert got_small["writeable"] is True and got_small["holder"] == "ndarray"
        seen = s.call("look", writable)
        assert seen["writeable"] is True and seen["holder"] == "ndarray" and seen["sha"] == _sha(writable)
        assert s._link is not None and not s._link.broken and len(s._link.mapped) == 2
    made = set(shared.registry()) - before
    assert made == {_sha(X), _sha(W)}  # one memfd each, keyed by the bytes' SHA-256; none for the writable one


def test_a_view_and_a_copy_of_the_same_bytes_share_one_memfd(tmp_path, sharing):
    X = _big(4, (3000, 100))
    part = X[:1500]  # a read-only view: the same bytes as its copy below
    copy = np.array(part)
    copy.setflags(write=False)
    with _session(tmp_path) as s:
        a, b = s.call("look", part), s.call("look", copy)
        assert a == b and a["holder"] == "mmap" and a["sha"] == _sha(part)
        assert len(s._link.mapped) == 1


def test_what_the_student_writes_stays_in_its_own_array(tmp_path, sharing):
    X = _big(5)
    want, seven = _sha(X), _seven(X)
    with _session(tmp_path) as s:
        assert s.call("scribble", X) == {"sha": seven, "writeable": True, "holder": "mmap", "dtype": "<f8",
                                         "shape": [1000, 300]}
        # the same sandbox's next call gets the original again: a fresh map, not the one written into
        assert s.call("look", X) == {"sha": want, "writeable": True, "holder": "mmap", "dtype": "<f8",
                                     "shape": [1000, 300]}
        # so does the next call of the same batch
        wrote, then = s.batch([Call("scribble", (X,)), Call("look", (X,))])
        assert wrote.value["sha"] == seven and then.value["sha"] == want
        # and the other argument of the same call: every argument is its own
        first, second = s.call("scribble_first", X, X)
        assert first["sha"] == seven and second["sha"] == want and second["holder"] == "mmap"
        # an array the student kept from an earlier call does not change when a later call's is written
        assert s.call("keep", X)["sha"] == want
        assert s.call("scribble", X)["sha"] == seven
        assert s.call("kept") == [{"sha": want, "writeable": True, "holder": "mmap", "dtype": "<f8",
                                   "shape": [1000, 300]}]
        # a change is still seen as one (the no-mutation checks), an untouched input is not
        changed = s.batch([Call("shift", (X,), digest=True)])[0]
        assert isinstance(changed, Returned) and changed.mutated and changed.value["sha"] == _sha(X + 1.0)
        untouched = s.batch([Call("look", (X,), digest=True)])[0]
        assert isinstance(untouched, Returned) and not untouched.mutated and untouched.value["sha"] == want
        assert s.restarts == 0 and len(s._link.mapped) == 1
        assert _memfd_sha(X) == want  # the memfd never changed
    with _session(tmp_path) as s:  # nor what another sandbox gets
        assert s.call("look", X) == {"sha": want, "writeable": True, "holder": "mmap", "dtype": "<f8",
                                     "shape": [1000, 300]}
    assert _sha(X) == want and not X.flags.writeable  # nor the grader's array


def test_student_code_cannot_write_into_the_memfd(tmp_path, sharing):
    X = _big(6)
    want = _sha(X)
    with _session(tmp_path) as s:
        out = s.call("own", X)  # its own array: every way of writing works, on its copy
        assert {k: out[k] for k in ("inplace", "flag", "base", "mprotect")} == dict.fromkeys(
            ("inplace", "flag", "base", "mprotect"), "done"), out
        assert out["look"]["holder"] == "mmap" and out["look"]["sha"] != want
        assert s.call("look", X)["sha"] == want
        out = s.call("attack", X)  # the memfd: no way works
        assert out["maps"] == 1, out  # the worker's own read-only map was found and tried
        assert out["memfds"] >= 1, out  # so was every descriptor of the memfd (the worker keeps one)
        done = {k: v for k, v in out.items() if v == "done"}
        assert not done, done
        assert [v for k, v in out.items() if k.startswith("mode ")] == [0] * out["memfds"], out  # read-only
        assert out["map item 0"].startswith("TypeError"), out
        assert "mprotect refused" in out["map mprotect 0"], out  # EACCES: a shared map of a read-only descriptor
        assert all(out[f"reopen {fd}"].startswith("PermissionError") for fd in
                   (int(k.split()[1]) for k in out if k.startswith("mode "))), out  # F_SEAL_WRITE
        assert s.call("look", X)["sha"] == want
        assert s.restarts == 0
        assert _memfd_sha(X) == want
    with _session(tmp_path) as s:
        seen = s.call("look", X)
        assert seen["sha"] == want and seen["holder"] == "mmap"
    assert _sha(X) == want


def test_a_second_sandbox_gets_the_same_memfd_not_a_new_one(tmp_path, sharing):
    X = _big(7)
    with _session(tmp_path) as s:
        assert s.call("look", X)["holder"] == "mmap"
    memfds = shared.registry()
    with _session(tmp_path) as s:
        seen = s.call("look", X)
        assert seen["holder"] == "mmap" and seen["sha"] == _sha(X)
    assert shared.registry() == memfds


def test_with_sharing_off_the_input_arrives_by_the_pipe_writable_as_before(tmp_path, monkeypatch):
    monkeypatch.setenv(shared.ENV, "off")
    X = _big(8)
    want = _sha(X)
    before = shared.registry()
    with _session(tmp_path) as s:
        assert s._link is None
        seen = s.call("look", X)
        assert seen == {"sha": want, "writeable": True, "holder": "ndarray", "dtype": "<f8", "shape": [1000, 300]}
        out = s.call("own", X)
        assert {k: out[k] for k in ("inplace", "flag", "base", "mprotect")} == dict.fromkeys(
            ("inplace", "flag", "base", "mprotect"), "done"), out
        assert s.call("scribble", X)["sha"] == _seven(X)
        off = s.batch([Call("shift", (X,), digest=True)])[0]
        assert isinstance(off, Returned) and off.mutated
        assert s.call("look", X)["sha"] == want
    assert shared.registry() == before
    monkeypatch.delenv(shared.ENV)
    if shared.enabled():  # the same answer when it is shared
        with _session(tmp_path) as s:
            assert s.call("look", X)["holder"] == "mmap"
            on = s.batch([Call("shift", (X,), digest=True)])[0]
        assert isinstance(on, Returned) and on.mutated and on.value == {**off.value, "holder": "mmap"}


def test_without_memfds_the_input_goes_by_the_pipe(tmp_path, monkeypatch, sharing):
    def no_memfd(*args, **kwargs):
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(shared.os, "memfd_create", no_memfd)
    monkeypatch.setattr(shared, "_BROKEN", [])
    X = _big(9)
    with _session(tmp_path) as s:
        seen = s.call("look", X)
        assert seen["holder"] == "ndarray" and seen["sha"] == _sha(X) and seen["writeable"]
    assert shared._BROKEN and not shared.enabled()  # tried once, then the pipe for the whole process


@pytest.mark.parametrize("hostile", ["close_sockets", "replace_sockets"])
def test_student_code_that_breaks_the_socket_gets_its_inputs_by_the_pipe(tmp_path, sharing, hostile):
    X, Y = _big(10), _big(11)
    with _session(tmp_path, STUDENT + f"\nBROKEN = {hostile}()\n") as s:
        seen = s.call("look", X)
        assert seen["holder"] == "ndarray" and seen["sha"] == _sha(X) and seen["writeable"]
        assert s._link.broken and s.restarts == 0
        assert s.call("look", Y)["sha"] == _sha(Y)  # and every later one, without trying again
    with _session(tmp_path) as s:  # the next sandbox shares again
        assert s.call("look", X)["holder"] == "mmap"


@pytest.mark.parametrize("started_by", ["0", "1"], ids=["bwrap", "fork-server"])
def test_a_worker_that_answers_share_with_anything_gets_its_inputs_by_the_pipe(tmp_path, sharing, monkeypatch,
                                                                              started_by):
    """Found by an attack on a class run: student code replaced its worker's ``share`` answer with unhashable
    keys, and the grader's own code failed on them (a grader error, exit 4). They are the sandbox's word only."""
    monkeypatch.setenv("BACKPROP_GRADER_FORKSERVER", started_by)
    X = _big(14 + int(started_by))
    with _session(tmp_path) as s:
        assert s.call("bogus_share_answer") == 1
        seen = s.call("look", X)
        assert seen["holder"] == "ndarray" and seen["sha"] == _sha(X) and seen["writeable"]
        assert s._link.broken and s.restarts == 0


@pytest.mark.parametrize("hostile", ["close_memfds", "replace_memfds"])
def test_without_its_descriptor_the_sandbox_copies_its_read_only_map(tmp_path, sharing, hostile):
    """Student code closed the descriptor the worker maps at every call, or put a memfd of its own there
    (as big, other bytes): each call then gets a copy of the worker's read-only map, never the impostor."""
    X, Y = _big(12), _big(13)
    want = _sha(X)
    with _session(tmp_path) as s:
        assert s.call("look", X)["holder"] == "mmap"
        if hostile == "close_memfds":
            assert s.call("close_memfds") == 0
        else:
            assert s.call("replace_memfds") >= 1
        assert s.call("close_sockets") >= 1
        assert s.call("look", X) == {"sha": want, "writeable": True, "holder": "ndarray", "dtype": "<f8",
                                     "shape": [1000, 300]}
        assert s.call("scribble", X)["sha"] == _seven(X)
        assert s.call("look", X)["sha"] == want
        seen = s.call("look", Y)  # a new input: the socket is gone, the pipe
        assert seen["holder"] == "ndarray" and seen["sha"] == _sha(Y) and s.restarts == 0
        assert _memfd_sha(X) == want


def test_student_code_that_unmaps_a_share_gets_a_clean_error(tmp_path, sharing):
    X = _big(14)
    with _session(tmp_path) as s:
        assert s.call("look", X)["holder"] == "mmap"
        assert s.call("unmap") == 1
        err = s.batch([Call("look", (X,))])[0]
        assert isinstance(err, StudentError) and err.kind == "bad_input", err
        assert "no longer mapped" in err.message
        assert s.call("look", np.arange(3.0))["sha"]  # the sandbox still serves
        assert s.restarts == 0


def test_a_sandbox_maps_at_most_its_budget_the_rest_goes_by_the_pipe(tmp_path, sharing, monkeypatch):
    X, Y = _big(15), _big(16)
    monkeypatch.setattr(shared, "MAX_SANDBOX_BYTES", X.nbytes + 1)
    with _session(tmp_path) as s:
        assert s.call("look", X)["holder"] == "mmap"
        seen = s.call("look", Y)
        assert seen["holder"] == "ndarray" and seen["sha"] == _sha(Y)
        assert s.call("look", X)["holder"] == "mmap"


# the corpus: the same grades with and without sharing (the convergence check's MNIST images are shared)
A = "mnist_softmax"
CORPUS = ROOT / "tests" / "corpus" / A
#: the planted mistakes and the correct variants: every check passes or fails on some of them, which is what
#: sharing could change (the realistic files grade the same code paths again, at three times the cost)
FILES = sorted(p for folder in ("mistakes", "correct") for p in (CORPUS / folder).rglob(f"*{A}*")
               if p.suffix in (".py", ".ipynb"))
#: a model answer whose train, once done, writes NaN over its X (the MNIST images, in the convergence check):
#: harmless to its own result, ruinous to a later call that would get the same memory
IN_PLACE = ("        losses.append(cross_entropy(forward(params, X)[0], y))\n    return params, losses\n",
            "    X[...] = np.nan  # changes its input in place\n")
CHUNK_BYTES = 1000 * 784 * 8  #: one call's MNIST images in the convergence check


def _grades(result) -> str:
    data = result.to_dict()
    for check in data["checks"]:
        check.pop("seconds", None)
    data.pop("seconds", None)
    data.pop("timings", None)
    return json.dumps(data, sort_keys=True, default=str)


@pytest.fixture(scope="module")
def in_place(tmp_path_factory):
    source = (ROOT / "solutions" / f"{A}.py").read_text()
    assert IN_PLACE[0] in source, "the planted in-place change no longer matches the solution"
    path = tmp_path_factory.mktemp("in_place") / f"clobbers-X_{A}.py"
    end = IN_PLACE[0].index("    return")
    path.write_text(source.replace(IN_PLACE[0], IN_PLACE[0][:end] + IN_PLACE[1] + IN_PLACE[0][end:], 1))
    return path


@pytest.fixture(scope="module")
def both_ways(in_place):
    """Every corpus file and the in-place one graded with sharing on, then off (two at a time)."""
    paths = [in_place, *FILES]

    def grade_all() -> dict:
        memo: dict = {}
        with ThreadPoolExecutor(max_workers=2) as pool:
            results = list(pool.map(lambda p: grade_submission(Submission(p, p.stem, A), shared=memo), paths))
        for result in results:
            assert not result.internal_errors, result.internal_errors
        return dict(zip(paths, results))

    with pytest.MonkeyPatch.context() as mp:
        mp.delenv(shared.ENV, raising=False)
        if not _memfds_here():
            pytest.skip("no sealed memfds on this system")
        assert shared.enabled(), "sharing is off on a system with sealed memfds: " + "; ".join(shared._BROKEN)
        on = grade_all()
        images = [k for k, v in shared.registry().items() if v.size == CHUNK_BYTES]
        mp.setenv(shared.ENV, "off")
        off = grade_all()
    return on, off, images


def test_the_convergence_images_were_shared(both_ways):
    assert len(both_ways[2]) >= 3  # the three chunks of 1000 training images


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_mnist_grades_are_the_same_with_and_without_sharing(both_ways, path):
    on, off, _ = both_ways
    assert _grades(on[path]) == _grades(off[path])


def test_a_train_that_changes_its_images_in_place_still_trains(both_ways, in_place):
    """Its X is its own, writable, however it came: it loses the no-mutation points, not the convergence ones
    (read-only images would make train raise; a later call given the memory an earlier one wrote would train
    on NaN)."""
    on, off, _ = both_ways
    for result in (on[in_place], off[in_place]):
        checks = {c.id: c for c in result.checks}
        assert not checks["shape.no_mutation"].passed and "train" in checks["shape.no_mutation"].message
        assert checks["convergence.mnist"].passed, checks["convergence.mnist"].message
        assert "read-only" not in json.dumps(result.to_dict())
    assert _grades(on[in_place]) == _grades(off[in_place])
