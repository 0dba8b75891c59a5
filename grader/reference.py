"""The model answer as the checks see it: the module itself, or the outputs a course published.

A check reads the model answer through ``ctx.ref`` only. In a course's run that
is the module ``solutions/<name>.py``. Where the answers are absent (what
``pip install`` gives a student) it is a :class:`Replay` of the reference's
*outputs* that the course published for its public checks, on the checks' own
fixed inputs: ``assignments/<name>/published.zip``, written by
``grade --publish`` from the course's checkout. No code is published, and
nothing the answers can be rebuilt from but their values at those inputs.

How it works: ``grade --publish`` grades each model answer as if it were a
student, with ``ctx.ref`` a :class:`Recorder` that keeps every call a check
makes of the reference (function, a sketch of its arguments, its result). The
calls of the public checks (``CheckSpec.public``) are written out; a check whose
calls cannot be written (one that builds reference *objects*, e.g. a ``Value``
class) is not published. In student mode a replayed call finds the recorded
call with the same function and arguments; a call that was never published
(its arguments depend on a wrong student's output, say) raises
:class:`NeedsReference`, and the check is *held*: listed as run by the course's
grader, never failed.

Arguments are matched by a *sketch* (shapes, exact integers and strings,
floating values to 1e-9 relative, arrays through a few weighted sums), so the
last bits a different machine's BLAS may change do not break a match.
"""
from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import math
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np

PUBLISHED = "published.zip"
FORMAT = 2
_REL = 1e-9
_SAMPLE = 50_000  #: elements of a big array that its sketch weighs (besides its exact-ish sum)


class NeedsReference(BaseException):
    """A call of the reference that the published outputs do not cover: the check is held, not failed.

    A BaseException, so that a check's own ``except Exception`` cannot turn it into a failure.
    """


class Unpublishable(Exception):
    """A value that cannot be written as published data (an object of a reference class)."""


# --------------------------------------------------------------------------- sketches of arguments


def _weights(n: int, k: int) -> np.ndarray:
    i = np.arange(n, dtype=np.float64)
    return np.cos(i * (0.6180339887 + 0.1 * k) + k)


def sketch(value: Any) -> tuple[str, list[float]]:
    """``(key, numbers)``: ``key`` holds what must match exactly (types, shapes, integers, strings),
    ``numbers`` what must match to 1e-9 relative (floating values). Raises ``Unpublishable``."""
    nums: list[float] = []
    key = _sketch(value, nums)
    return key, nums


def _sketch(value: Any, nums: list[float]) -> str:
    if value is None or isinstance(value, (bool, np.bool_)):
        return repr(bool(value) if value is not None else None)
    if isinstance(value, (int, np.integer)):
        return f"i{int(value)}"
    if isinstance(value, (float, np.floating)):
        nums.append(float(value))
        return "f"
    if isinstance(value, str):
        return "s" + json.dumps(value)
    if isinstance(value, np.random.Generator):
        return "g" + json.dumps(value.bit_generator.state, sort_keys=True, default=int)
    if isinstance(value, np.ndarray):
        if value.dtype == object:
            raise Unpublishable("an array of objects")
        if value.dtype.kind in "iub":
            digest = hashlib.sha256(np.ascontiguousarray(value).tobytes()).hexdigest()[:16]
            return f"a{value.dtype.str}{value.shape}#{digest}"
        flat = np.asarray(value, dtype=np.float64).ravel()
        if flat.size > _SAMPLE:
            nums += [float(np.sum(flat)), float(np.sum(np.abs(flat)))]
            flat = flat[:: flat.size // _SAMPLE + 1]
        with np.errstate(all="ignore"):
            nums += [float(flat @ _weights(flat.size, k)) for k in range(3)] + [float(np.sum(np.abs(flat)))]
        return f"a{value.dtype.str}{value.shape}"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = tuple(getattr(value, f.name) for f in dataclasses.fields(value))
        return type(value).__qualname__ + _sketch(fields, nums)
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(str(k))}:{_sketch(v, nums)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return ("[" if isinstance(value, list) else "(") + ",".join(_sketch(v, nums) for v in value) + ")"
    raise Unpublishable(type(value).__name__)


def _close(a: list[float], b: list[float]) -> bool:
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if x == y or (math.isnan(x) and math.isnan(y)):
            continue
        if not abs(x - y) <= _REL * max(abs(x), abs(y), 1e-300):
            return False
    return True


# --------------------------------------------------------------------------- values as JSON


def encode(value: Any, arrays: list[np.ndarray]) -> Any:
    """A result as JSON data; its arrays are appended to ``arrays`` and stand as ``{"a": index}`` (they are
    stored as ``.npy`` members beside the JSON, read only when a call is replayed). Raises ``Unpublishable``."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, np.bool_):
        return {"b": bool(value)}
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return {"i": int(value), "t": np.asarray(value).dtype.str if isinstance(value, np.integer) else None}
    if isinstance(value, (float, np.floating)):
        return {"f": float(value).hex(), "t": np.asarray(value).dtype.str if isinstance(value, np.floating) else None}
    if isinstance(value, np.ndarray):
        if value.dtype == object:
            raise Unpublishable("an array of objects")
        arrays.append(np.array(value, copy=True))
        return {"a": len(arrays) - 1}
    if isinstance(value, dict):
        return {"d": [[encode(k, arrays), encode(v, arrays)] for k, v in value.items()]}
    if isinstance(value, tuple):
        return {"u": [encode(v, arrays) for v in value]}
    if isinstance(value, list):
        return [encode(v, arrays) for v in value]
    raise Unpublishable(type(value).__name__)


def decode(data: Any, array: Callable[[int], np.ndarray]) -> Any:
    """The value ``encode`` wrote; ``array(i)`` reads the i-th stored array (a fresh copy)."""
    if data is None or isinstance(data, (bool, str)):
        return data
    if isinstance(data, list):
        return [decode(v, array) for v in data]
    if "a" in data:
        return array(data["a"])
    if "f" in data:
        x = float.fromhex(data["f"])
        return np.dtype(data["t"]).type(x) if data.get("t") else x
    if "i" in data:
        return np.dtype(data["t"]).type(data["i"]) if data.get("t") else int(data["i"])
    if "b" in data:
        return np.bool_(data["b"])
    if "d" in data:
        return {decode(k, array): decode(v, array) for k, v in data["d"]}
    if "u" in data:
        return tuple(decode(v, array) for v in data["u"])
    raise ValueError("not a published value")


# --------------------------------------------------------------------------- recording (the course's checkout)


@dataclass
class Recorded:
    """One call of the reference: what it was given, what it returned, and where its generators ended."""

    fn: str
    key: str
    nums: list[float]
    result: Any  #: encoded
    states: list[Any] = field(default_factory=list)  #: each Generator argument's state after the call

    def to_json(self) -> dict:
        return {"fn": self.fn, "key": self.key, "nums": [x.hex() for x in self.nums], "result": self.result,
                "states": self.states}

    @classmethod
    def from_json(cls, data: dict) -> "Recorded":
        return cls(data["fn"], data["key"], [float.fromhex(x) for x in data["nums"]], data["result"],
                   data.get("states", []))


def derived_name(fn: Callable) -> str:
    return f"derived:{fn.__module__}.{fn.__qualname__}"


def _generators(args: tuple, kwargs: dict) -> list[np.random.Generator]:
    return [a for a in (*args, *kwargs.values()) if isinstance(a, np.random.Generator)]


class Recorder:
    """The model answer module, keeping every call a check makes of it (``grade --publish``)."""

    def __init__(self, module: Any = None) -> None:
        self._module = module  #: bound by the runner to the model answer it grades with
        self.check = ""  #: the check running now (set by the runner)
        self.calls: dict[str, list[Recorded]] = {}
        self.refused: dict[str, str] = {}  #: check id -> why its calls cannot be published
        self.constants: dict[str, Any] = {}
        self.arrays: list[np.ndarray] = []  #: every array of every recorded result, in order

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        value = getattr(self._module, name)
        if isinstance(value, type):
            self.refused.setdefault(self.check, f"it uses the reference's class {name}")
            return value
        if callable(value):
            return self._wrap(name, value)
        try:
            self.constants[name] = encode(value, self.arrays)
        except Unpublishable:
            self.refused.setdefault(self.check, f"it reads the reference's {name}")
        return value

    def derived(self, fn: Callable, *args: Any) -> Any:
        """``fn(model answer, *args)``, recorded as one call named after ``fn`` (see ``Context.derived``)."""
        return self._wrap(derived_name(fn), lambda *a: fn(self._module, *a))(*args)

    def _wrap(self, name: str, fn: Callable) -> Callable:
        def call(*args: Any, **kwargs: Any) -> Any:
            check = self.check
            try:
                key, nums = sketch((args, kwargs))
            except Unpublishable as exc:
                self.refused.setdefault(check, f"{name} is given {exc}")
                key, nums = "", []
            result = fn(*args, **kwargs)
            if key:
                try:
                    self.calls.setdefault(check, []).append(Recorded(
                        name, key, nums, encode(result, self.arrays),
                        [g.bit_generator.state for g in _generators(args, kwargs)]))
                except Unpublishable as exc:
                    self.refused.setdefault(check, f"{name} returns {exc}")
            return result
        call.__name__ = name
        return call


# --------------------------------------------------------------------------- replaying (a student's install)


class Replay:
    """Stands in for the model answer where it is absent: each call returns the published result of the
    same call (function and arguments), or raises ``NeedsReference``."""

    def __init__(self, name: str, functions: list[str], calls: list[Recorded], constants: dict[str, Any],
                 public: list[str], array: Callable[[int], np.ndarray] | None = None) -> None:
        self.__name__ = f"published outputs of {name}"
        self._functions = set(functions)
        self._constants = constants
        self._array = array or _no_array
        self.public = frozenset(public)  #: the checks whose reference calls were published
        self._calls: dict[tuple[str, str], list[Recorded]] = {}
        for c in calls:
            self._calls.setdefault((c.fn, c.key), []).append(c)

    def derived(self, fn: Callable, *args: Any) -> Any:
        """The published value of ``fn(model answer, *args)``, or ``NeedsReference``."""
        return self._replay(derived_name(fn))(*args)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        if name in self._constants:
            return decode(self._constants[name], self._array)
        if name not in self._functions:
            raise NeedsReference(name)
        return self._replay(name)

    def _replay(self, name: str) -> Callable:
        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                key, nums = sketch((args, kwargs))
            except Unpublishable:
                raise NeedsReference(name) from None
            for c in self._calls.get((name, key), ()):
                if _close(c.nums, nums):
                    for g, state in zip(_generators(args, kwargs), c.states):
                        g.bit_generator.state = state
                    return decode(c.result, self._array)
            raise NeedsReference(name)
        call.__name__ = name
        return call


def _no_array(i: int) -> np.ndarray:
    raise ValueError(f"no stored array {i}")


def published_path(folder: Path) -> Path:
    return Path(folder) / PUBLISHED


def nothing(name: str) -> Replay:
    """The stand-in of an assignment that published nothing: every check that needs the answer is held."""
    return Replay(name, [], [], {}, [])


_INDEX = "index.json"


def _member(i: int) -> str:
    return f"arrays/{i}.npy"


def load(name: str, folder: Path | None) -> Replay | None:
    """The published outputs of assignment ``name`` (in its folder), or None when it publishes none.

    Only the index is read here; an array is read from the zip when a replayed call returns it."""
    if folder is None or not published_path(folder).is_file():
        return None
    try:
        archive = zipfile.ZipFile(published_path(folder))
        data = json.loads(archive.read(_INDEX))
        if data.get("format") != FORMAT or data.get("assignment") != name:
            return None

        return Replay(name, data["functions"], [Recorded.from_json(c) for c in data["calls"]],
                      data.get("constants", {}), data["public"], _reader(archive))
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile):
        return None


def read_all(path: Path) -> tuple[dict, Callable[[int], np.ndarray]]:
    """A published file's index and its array reader (for tests and tools)."""
    archive = zipfile.ZipFile(path)
    return json.loads(archive.read(_INDEX)), _reader(archive)


def _reader(archive: zipfile.ZipFile) -> Callable[[int], np.ndarray]:
    """Reads the i-th stored array from ``archive`` (a fresh array each time; never a pickle)."""
    return lambda i: np.load(io.BytesIO(archive.read(_member(int(i)))), allow_pickle=False)


def _arrays_used(value: Any, found: set[int]) -> set[int]:
    if isinstance(value, list):
        for v in value:
            _arrays_used(v, found)
    elif isinstance(value, dict):
        if "a" in value and len(value) == 1:
            found.add(int(value["a"]))
        for v in value.values():
            if isinstance(v, (list, dict)):
                _arrays_used(v, found)
    return found


def write(name: str, folder: Path, functions: list[str], recorder: Recorder, public: list[str]) -> dict:
    """Write what the public checks' calls returned (the same bytes for the same calls); return a summary."""
    published = [c for c in public if c not in recorder.refused]
    calls = [c.to_json() for check in published for c in recorder.calls.get(check, [])]
    functions = sorted(set(functions) | {c["fn"] for c in calls})
    data = {"format": FORMAT, "assignment": name, "functions": sorted(functions), "public": published,
            "constants": dict(sorted(recorder.constants.items())), "calls": calls}
    used = _arrays_used([c["result"] for c in calls] + list(recorder.constants.values()), set())
    path = published_path(folder)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        _store(archive, _INDEX, json.dumps(data, sort_keys=True, separators=(",", ":")).encode())
        for i in sorted(used):
            buf = io.BytesIO()
            np.save(buf, recorder.arrays[i], allow_pickle=False)
            _store(archive, _member(i), buf.getvalue())
    os.replace(partial, path)
    return {"published": published, "refused": {c: recorder.refused[c] for c in public if c in recorder.refused},
            "calls": len(calls), "bytes": path.stat().st_size}


def _store(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))  # fixed: the same calls give the same bytes
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)
