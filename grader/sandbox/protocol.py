"""The wire format between the grader and the sandboxed student process.

One frame is ``MAGIC, u32 header length, u32 buffer count, u64 length of each
buffer, the JSON header, the raw buffers``. Values travel as a JSON tree whose
non-JSON parts are tagged objects (``{"$": "nd", ...}`` for arrays, whose bytes
are one of the buffers). Nothing is ever pickled: the grader rebuilds arrays
from raw bytes with ``np.frombuffer``, so whatever the student's process sends,
the grader only ever holds plain ``ndarray``s, numbers, strings, lists and dicts.

One tag travels only from the grader to the sandbox: ``{"$": "shm"}``, a big
input the grader holds read-only, shared through a sealed memfd the sandbox has
mapped instead of carried in the frame (``shared.py``; the worker resolves it
into a writable private copy-on-write view, ``decode`` refuses it).

This module is used on both sides. The sandbox cannot import the grader
package (it is hidden from student code), so the worker receives this file's
source and executes it; it therefore depends on nothing but the standard
library and NumPy.
"""
from __future__ import annotations

import hashlib
import json
import math
import struct
from typing import Any

import numpy as np

MAGIC = b"BPG1"
_PREFIX = struct.Struct("<4sII")
_LEN = struct.Struct("<Q")

#: Limits on what the grader accepts from the sandbox.
MAX_HEADER_BYTES = 16 * 1024 * 1024
MAX_BUFFERS = 4096
MAX_TOTAL_BYTES = 512 * 1024 * 1024
#: What the grader accepts in one answer from the sandbox (a student's return value: far less in practice).
MAX_REPLY_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 24
MAX_STR = 2000

#: dtypes allowed to cross the boundary (little-endian, no objects, no structs).
ALLOWED_DTYPES = frozenset(
    ["|b1", "|i1", "|u1", "<i2", "<i4", "<i8", "<u2", "<u4", "<u8", "<f2", "<f4", "<f8"]
)


#: A class's own name, read without running a metaclass's ``__name__`` (student code).
_CLASS_NAME = type.__dict__["__name__"].__get__


class ProtocolError(Exception):
    """A frame or a value that does not follow the protocol."""


class Opaque:
    """A value the sandbox could not express as data (an object, a function...)."""

    def __init__(self, type_name: str, text: str = "") -> None:
        self.type_name = type_name
        self.text = text

    def __repr__(self) -> str:
        return f"<{self.type_name} object>"


# --------------------------------------------------------------------------- encoding


def encode(value: Any, buffers: list[bytes], depth: int = 0) -> Any:
    """Turn ``value`` into a JSON-able tree, appending array bytes to ``buffers``."""
    if depth > MAX_DEPTH:
        return {"$": "opaque", "type": "deeply nested value", "text": ""}
    if value is None or type(value) is bool:
        return value
    if type(value) is str:
        return value[:MAX_STR]
    if type(value) is int:
        return value if abs(value) < 2**62 else float(value)
    if type(value) is float:
        if math.isfinite(value):
            return value
        return {"$": "float", "v": repr(value)}
    if isinstance(value, np.generic) and not isinstance(value, np.object_):
        value = np.asarray(value)
    if isinstance(value, np.ndarray):
        arr = np.asarray(value)
        if arr.dtype.kind == "c" or arr.dtype.kind not in "biuf":
            return {"$": "opaque", "type": f"array of {arr.dtype}", "text": ""}
        if arr.dtype.kind == "f" and arr.dtype.itemsize > 8:
            arr = arr.astype(np.float64)
        arr = arr.astype(arr.dtype.newbyteorder("<"), copy=False)
        buffers.append(arr.tobytes(order="C"))
        return {"$": "nd", "i": len(buffers) - 1, "dtype": arr.dtype.str, "shape": list(arr.shape)}
    if isinstance(value, (list, tuple)):
        items = [encode(v, buffers, depth + 1) for v in value]
        return items if isinstance(value, list) else {"$": "tuple", "v": items}
    if isinstance(value, dict):
        if all(type(k) is str for k in value):
            return {"$": "dict", "v": [[k, encode(v, buffers, depth + 1)] for k, v in value.items()]}
    return {"$": "opaque", "type": _CLASS_NAME(type(value))[:100], "text": ""}


def pack(header: dict, buffers: list[bytes] = ()) -> bytes:
    """One frame: header JSON plus raw buffers."""
    head = json.dumps(header, allow_nan=False).encode()
    parts = [_PREFIX.pack(MAGIC, len(head), len(buffers))]
    parts += [_LEN.pack(len(b)) for b in buffers]
    parts.append(head)
    parts += list(buffers)
    return b"".join(parts)


def pack_value(header: dict, key: str, value: Any) -> bytes:
    """A frame whose ``header[key]`` is ``value`` encoded."""
    buffers: list[bytes] = []
    header = dict(header)
    header[key] = encode(value, buffers)
    return pack(header, buffers)


# --------------------------------------------------------------------------- decoding


class FrameParser:
    """Incremental, validating frame parser: feed bytes, take complete frames."""

    def __init__(self, max_total: int = MAX_TOTAL_BYTES) -> None:
        self._buf = bytearray()
        self.max_total = max_total

    def feed(self, data: bytes) -> None:
        self._buf += data

    def next_frame(self) -> tuple[dict, list[bytes]] | None:
        """The next complete frame, ``None`` if more bytes are needed."""
        buf = self._buf
        if len(buf) < _PREFIX.size:
            if buf and not MAGIC.startswith(bytes(buf[: len(MAGIC)])):
                raise ProtocolError("bad frame start")
            return None
        magic, head_len, n_buf = _PREFIX.unpack_from(buf)
        if magic != MAGIC:
            raise ProtocolError("bad frame start")
        if head_len > MAX_HEADER_BYTES or n_buf > MAX_BUFFERS:
            raise ProtocolError("frame too large")
        lens_end = _PREFIX.size + _LEN.size * n_buf
        if len(buf) < lens_end:
            return None
        lens = [_LEN.unpack_from(buf, _PREFIX.size + _LEN.size * k)[0] for k in range(n_buf)]
        total = lens_end + head_len + sum(lens)
        if sum(lens) + head_len > self.max_total:
            raise ProtocolError("frame too large")
        if len(buf) < total:
            return None
        try:
            header = json.loads(bytes(buf[lens_end : lens_end + head_len]))
        except (ValueError, RecursionError) as exc:
            raise ProtocolError(f"bad header: {exc}") from None
        if not isinstance(header, dict):
            raise ProtocolError("header is not an object")
        pos = lens_end + head_len
        buffers = []
        for n in lens:
            buffers.append(bytes(buf[pos : pos + n]))
            pos += n
        del buf[:total]
        return header, buffers


def decode(tree: Any, buffers: list[bytes], depth: int = 0, used: set | None = None) -> Any:
    """Rebuild a value sent by the other side, validating every part of it.

    Every buffer may back one array only: a frame that names one buffer many
    times would otherwise make the receiver build far more than it received.
    """
    used = set() if used is None else used
    if depth > MAX_DEPTH + 2:
        raise ProtocolError("value nested too deeply")
    if type(tree) is int and abs(tree) >= 2**63:
        raise ProtocolError("integer out of range")
    if tree is None or type(tree) in (bool, int, float, str):
        return tree
    if type(tree) is list:
        return [decode(v, buffers, depth + 1, used) for v in tree]
    if type(tree) is not dict or "$" not in tree:
        raise ProtocolError("untagged object")
    tag = tree["$"]
    if tag == "nd":
        i, dtype, shape = tree.get("i"), tree.get("dtype"), tree.get("shape")
        if type(i) is not int or not 0 <= i < len(buffers) or i in used:
            raise ProtocolError("bad array buffer index")
        used.add(i)
        if dtype not in ALLOWED_DTYPES:
            raise ProtocolError(f"array dtype {str(dtype)[:40]!r} not allowed")
        if (type(shape) is not list or len(shape) > 32
                or any(type(s) is not int or not 0 <= s <= MAX_TOTAL_BYTES for s in shape)):
            raise ProtocolError("bad array shape")
        dt = np.dtype(dtype)
        if math.prod(shape) * dt.itemsize != len(buffers[i]):
            raise ProtocolError("array size does not match its shape")
        try:
            return np.frombuffer(buffers[i], dtype=dt).reshape(shape).copy()
        except ValueError as exc:  # e.g. a zero-size array with an absurd shape
            raise ProtocolError(f"bad array: {exc}") from None
    if tag == "float":
        if tree.get("v") not in ("nan", "inf", "-inf"):
            raise ProtocolError("bad float")
        return float(tree["v"])
    if tag == "tuple":
        if type(tree.get("v")) is not list:
            raise ProtocolError("bad tuple")
        return tuple(decode(v, buffers, depth + 1, used) for v in tree["v"])
    if tag == "dict":
        items = tree.get("v")
        if type(items) is not list:
            raise ProtocolError("bad dict")
        out = {}
        for item in items:
            if type(item) is not list or len(item) != 2 or type(item[0]) is not str:
                raise ProtocolError("bad dict item")
            out[item[0]] = decode(item[1], buffers, depth + 1, used)
        return out
    if tag == "opaque":
        return Opaque(_printable(str(tree.get("type", "object"))[:100]), _printable(str(tree.get("text", ""))[:MAX_STR]))
    if tag in ("rng", "ref"):
        return tree  # resolved by the worker
    raise ProtocolError(f"unknown tag {str(tag)[:40]!r}")


def _printable(text: str) -> str:
    """No control characters in a name the sandbox chose (it ends up in reports)."""
    return text if text.isprintable() else "".join(c if c.isprintable() else "?" for c in text)


def fingerprints(value: Any) -> list[str]:
    """A fingerprint of every array and dict inside ``value``: equal lists mean nothing changed.

    The worker takes them before and after a call, to tell whether the call
    modified its arguments (values passed by reference included).
    """
    out = []
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)  # never ``isinstance``: an object's ``__class__`` may lie
        if issubclass(kind, dict):
            out.append("keys:" + ",".join(sorted(map(str, item))))
            stack.extend(item[k] for k in sorted(item, key=str, reverse=True))
        elif issubclass(kind, (list, tuple)):
            stack.extend(reversed(item))
        elif issubclass(kind, np.ndarray):
            out.append(hashlib.sha1(item.tobytes() + repr((item.shape, str(item.dtype))).encode()).hexdigest())
    return out
