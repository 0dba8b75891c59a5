"""Large read-only inputs shared with the sandboxes, instead of copied through the request pipe.

A check's big input (the MNIST training images: 6 MiB per call of ``train``,
nine calls per submission) used to travel through the request pipe on every
call of every sandbox. Now an array argument that is **read-only in the grader**
(``arr.flags.writeable`` False) and at least ``SHARE_MIN_BYTES`` is:

- written **once per grader process** into a memfd (``memfd_create`` with
  ``MFD_ALLOW_SEALING``), sealed (``F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK
  | F_SEAL_SEAL``: nobody, the grader included, can ever change, grow, shrink
  or unseal it), reopened read-only through ``/proc/self/fd`` and keyed by the
  SHA-256 of its bytes (``share``); the writable descriptor is closed;
- given to a sandbox only when one of its calls uses it, over a Unix socket made
  for that sandbox (``Link``: a ``socketpair`` whose other end the sandbox
  inherits from bwrap or is passed by the fork server, ``SandboxProcess.share_fds``,
  its number in the worker's configuration), with ``SCM_RIGHTS``; the worker checks
  that the descriptor is the one the grader named (inode, device, size, seals,
  read-only) and keeps it (``worker.op_share``);
- given to the student, at every call, as a **fresh private copy-on-write map**
  of that descriptor (``mmap.ACCESS_COPY``: ``MAP_PRIVATE``, ``PROT_READ |
  PROT_WRITE``), one per argument: a writable array, as from the pipe, whose
  pages are the memfd's until the student writes one, which then becomes a
  private copy of that map's own (``worker.shared``). What the student writes
  reaches neither the memfd (sealed; a private map never writes back) nor another
  sandbox, another argument or a later call of the same sandbox, which all map
  it afresh; the grader's array is its own memory. If student code closed or
  replaced the descriptor, the worker copies a read-only map it made at the start.

The student gets such an array **writable and its own whichever way it
travels**: through the pipe (the feature off, no memfd, a sandbox whose code broke the
socket) it is a copy, as every array always was.
So a ``train`` that changes its ``X`` in place loses the no-mutation check's
points (the change is seen: ``digest_args``), and only those, however ``X``
came; grades do not depend on the transport. Smaller or writable arrays travel
exactly as before.

``BACKPROP_GRADER_SHARE=off`` (or ``0``, ``no``, ``false``) turns sharing off:
every array goes through the pipe, as above.
"""
from __future__ import annotations

import hashlib
import os
import socket
import stat
import sys
import threading
import weakref
from dataclasses import dataclass

import numpy as np

from . import protocol

ENV = "BACKPROP_GRADER_SHARE"
#: The smallest read-only array argument worth sharing (smaller ones cost less through the pipe).
SHARE_MIN_BYTES = 1 << 20
#: All memfds of one grader process together; past it, arrays go through the pipe.
MAX_SHARED_BYTES = 1 << 30
#: What one sandbox may have mapped; past it, arrays go through the pipe (a sandbox's address space is limited).
MAX_SANDBOX_BYTES = 256 << 20

try:
    import fcntl

    SEALS = fcntl.F_SEAL_WRITE | fcntl.F_SEAL_GROW | fcntl.F_SEAL_SHRINK | fcntl.F_SEAL_SEAL
except (ImportError, AttributeError):  # not Linux
    fcntl = None  # type: ignore[assignment]
    SEALS = 0


@dataclass(frozen=True)
class Shared:
    """One sealed memfd holding an array's bytes; ``fd`` is read-only, the grader's for its whole life."""

    key: str  #: SHA-256 of the bytes
    fd: int
    size: int
    dev: int
    ino: int

    def offer(self) -> dict:
        """How the worker recognises the descriptor it receives."""
        return {"key": self.key, "size": self.size, "dev": self.dev, "ino": self.ino}


_LOCK = threading.Lock()
_REGISTRY: dict[str, Shared] = {}
_TOTAL = [0]
#: digests of read-only arrays already hashed: (id of the owner, data address, shape, strides, dtype) -> (owner, key)
_DIGESTS: dict[tuple, tuple[weakref.ref, str]] = {}
_BROKEN: list[str] = []  #: why memfds cannot be made in this process (then: the pipe, always)


def enabled() -> bool:
    """Sharing is on (``BACKPROP_GRADER_SHARE`` is not ``off``) and this system may have it."""
    if os.environ.get(ENV, "").strip().lower() in ("off", "0", "no", "false"):
        return False
    return bool(sys.platform.startswith("linux") and hasattr(os, "memfd_create") and SEALS and not _BROKEN)


def wire_dtype(arr: np.ndarray) -> np.dtype | None:
    """The dtype an array travels as (``protocol.encode``'s rule), None if it is not an array of numbers."""
    dt = arr.dtype
    if dt.kind not in "biuf":
        return None
    if dt.kind == "f" and dt.itemsize > 8:
        dt = np.dtype(np.float64)
    dt = dt.newbyteorder("<")
    return dt if dt.str in protocol.ALLOWED_DTYPES else None


def read_only_input(value) -> bool:
    """A big array the grader holds read-only: shared with the sandbox when it can be (a writable copy-on-write
    map for the student), else through the pipe like any other."""
    return (isinstance(value, np.ndarray) and not value.flags.writeable and value.nbytes >= SHARE_MIN_BYTES
            and wire_dtype(value) is not None)


def _owner(arr: np.ndarray) -> np.ndarray | None:
    """The array that holds ``arr``'s memory, if it and every view on the way are read-only, else None."""
    item = arr
    while True:
        if item.flags.writeable:
            return None
        base = item.base
        if base is None:
            return item
        if not isinstance(base, np.ndarray):
            return None
        item = base


def _bytes_of(arr: np.ndarray) -> memoryview:
    dt = wire_dtype(arr)
    flat = np.ascontiguousarray(arr, dtype=dt)
    return memoryview(flat.reshape(-1)).cast("B")


def digest(arr: np.ndarray) -> str:
    """SHA-256 of the bytes ``arr`` travels as; remembered while the array's memory stays read-only.

    A view of read-only data (``x_train[:1000]`` of the read-only MNIST arrays) is hashed once per grader
    process: the grader's own arrays are trusted not to be made writable, changed and made read-only again.
    """
    owner = _owner(arr)
    ident = None
    if owner is not None:
        ident = (id(owner), arr.__array_interface__["data"][0], arr.shape, arr.strides, arr.dtype.str)
        hit = _DIGESTS.get(ident)
        if hit is not None and hit[0]() is owner:
            return hit[1]
    key = hashlib.sha256(_bytes_of(arr)).hexdigest()
    if ident is not None:
        if len(_DIGESTS) > 4096:
            _DIGESTS.clear()
        _DIGESTS[ident] = (weakref.ref(owner), key)
    return key


def share(arr: np.ndarray) -> Shared | None:
    """The sealed memfd holding ``arr``'s bytes, made at its first use in this process; None: use the pipe."""
    if not enabled() or not read_only_input(arr):
        return None
    key = digest(arr)
    with _LOCK:
        found = _REGISTRY.get(key)
        if found is not None:
            return found
        if _TOTAL[0] + arr.nbytes > MAX_SHARED_BYTES:
            return None
        try:
            made = _make(key, _bytes_of(arr))
        except OSError as exc:
            _BROKEN.append(f"{type(exc).__name__}: {exc}")  # no memfd, no sealing, no /proc: the pipe from now on
            return None
        _REGISTRY[key] = made
        _TOTAL[0] += made.size
        return made


def _make(key: str, data: memoryview) -> Shared:
    fd = os.memfd_create(f"backprop-grader-{key[:16]}", os.MFD_CLOEXEC | os.MFD_ALLOW_SEALING)
    ro = -1
    try:
        os.ftruncate(fd, len(data))
        done = 0
        while done < len(data):
            done += os.write(fd, data[done:])
        fcntl.fcntl(fd, fcntl.F_ADD_SEALS, SEALS)
        ro = os.open(f"/proc/self/fd/{fd}", os.O_RDONLY | os.O_CLOEXEC)
        st = os.fstat(ro)
        if (fcntl.fcntl(ro, fcntl.F_GET_SEALS) & SEALS) != SEALS or st.st_size != len(data) \
                or not stat.S_ISREG(st.st_mode):
            raise OSError("the memfd could not be sealed")
        return Shared(key, ro, len(data), st.st_dev, st.st_ino)
    except BaseException:
        if ro >= 0:
            os.close(ro)
        raise
    finally:
        os.close(fd)  # the writable descriptor: gone, whatever happened


def registry() -> dict[str, Shared]:
    """The memfds of this process, by key (tests, benchmarks)."""
    return dict(_REGISTRY)


class Link:
    """The Unix socket over which one sandbox receives the memfds its calls use (``SCM_RIGHTS``).

    The grader keeps one end (it only sends, never reads: what the sandbox writes there is refused, the read
    side is shut); the other end is inherited by the sandbox at its start and closed here just after.
    """

    def __init__(self) -> None:
        self.mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.mine.setblocking(False)
        try:
            self.mine.shutdown(socket.SHUT_RD)
        except OSError:
            pass
        self.theirs: socket.socket | None = theirs
        self.fd = theirs.fileno()  #: bwrap's sandbox has it at this number too (``pass_fds`` keeps it)
        self.mapped: set[str] = set()  #: keys the sandbox has mapped
        self.bytes = 0
        self.broken = False  #: the sandbox failed to take one: the pipe for the rest of its life

    def started(self) -> None:
        """The sandbox has its end: the grader's copy goes."""
        if self.theirs is not None:
            self.theirs.close()
            self.theirs = None

    def close(self) -> None:
        self.started()
        self.mine.close()

    def send(self, items: list[Shared]) -> bool:
        """Put one message per item (its key, its descriptor) in the sandbox's queue; False if it will not take them."""
        try:
            for item in items:
                socket.send_fds(self.mine, [item.key.encode()], [item.fd], socket.MSG_DONTWAIT | socket.MSG_NOSIGNAL)
        except OSError:  # the sandbox closed its end, or stopped reading it
            self.broken = True
            return False
        return True

    def taken(self, items: list[Shared], keys) -> bool:
        """Record what the sandbox says it mapped; False (and broken) unless it mapped every item. ``keys`` is
        the sandbox's word: only its strings are read (a worker student code rewrote may answer anything)."""
        keys = {k for k in keys if type(k) is str} if type(keys) is list else set()
        for item in items:
            if item.key in keys and item.key not in self.mapped:
                self.mapped.add(item.key)
                self.bytes += item.size
        if not all(item.key in self.mapped for item in items):
            self.broken = True
        return not self.broken
