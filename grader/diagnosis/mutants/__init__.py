"""Mutants of the reference solutions: each makes exactly one catalogued mistake.

A mutant is the reference module with one or a few contract functions
replaced. The replacement functions are re-bound to a private copy of the
reference's namespace, so the reference's *other* functions call the
replacement: a mutant that overrides ``mse_gradients`` also changes what the
reference ``gradient_descent`` does, exactly as a student's wrong gradient
changes their training.

Each assignment's ``solutions/<name>_mistakes.py`` defines

- ``MUTANTS``: a list of ``Mutant`` (id from docs/mistakes.md, a short label, the
  overrides and the *stage* of the mistake);
- ``QUANTITIES``: for each contract function that evidence can be about, a
  function ``(namespace, inputs, limit) -> dict of arrays`` that recomputes
  what the check compared (a gradient dict, a trajectory of losses and
  parameters, ...), on the evidence's inputs, under a given namespace;
- ``UPSTREAM``: the contract functions that training depends on; when a check
  of one of them failed, training dynamics are not judged (the trajectory is
  explained by that mistake, not by the learning rate).

Stages:
- ``gradient``: the mistake is in the gradient (or in a function it uses);
  such mutants explain gradient evidence, and training evidence only when a
  gradient check of the same submission failed too;
- ``training``: the mistake is in the training loop (update rule, samples);
  such mutants explain training evidence only;
- ``forward``: the mistake is in the forward pass or an activation; they
  explain the evidence of the function they override.

The mutants live with the grader, never in the student-facing files.
"""
from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from types import FunctionType, ModuleType
from typing import Any, Callable

import numpy as np

from ... import registry
from ...memo_cache import array_bytes

STAGES = ("gradient", "training", "forward")


@dataclass(frozen=True)
class Mutant:
    """The reference with one catalogued mistake."""

    id: str  #: the mistake id from docs/mistakes.md
    name: str  #: what exactly it does, e.g. "sum instead of mean over the batch"
    overrides: dict = field(hash=False, compare=False, default_factory=dict)
    stage: str = "gradient"

    def __post_init__(self) -> None:
        assert self.stage in STAGES, self.stage


def bind(ref: ModuleType, overrides: dict[str, Callable], extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """A namespace: the reference's globals with ``overrides``, every function re-bound to it."""
    ns: dict[str, Any] = dict(extra or {})
    ns.update(vars(ref))
    ns.update(overrides)
    for name, obj in list(ns.items()):
        if isinstance(obj, FunctionType) and (obj.__module__ == ref.__name__ or name in overrides):
            new = FunctionType(obj.__code__, ns, obj.__name__, obj.__defaults__, obj.__closure__)
            new.__kwdefaults__ = obj.__kwdefaults__
            ns[name] = new
    return ns


class Bank:
    """The reference namespace and every mutant namespace of one assignment (built once)."""

    #: how many results of its own code on given inputs a bank keeps (``kept``), and how many bytes of arrays at
    #: most: every evidence input of a class's checks many times over, without growing with the class when
    #: inputs come from the students
    KEEP, KEEP_BYTES = 2048, 2**27
    #: inputs larger than this are never kept (hashing them would cost more than it saves: MNIST's training set)
    INPUT_BYTES = 2**22

    def __init__(self, assignment: str) -> None:
        self.assignment = assignment
        module = registry.mistakes(assignment)
        if module is None:
            raise LookupError(assignment)
        self.module = module
        self.ref = registry.reference(assignment)
        helpers = {k: v for k, v in vars(self.module).items() if not k.startswith("__")}
        self.reference = bind(self.ref, {}, helpers)
        # hand-written mutants first (their names are what students read), then those generated from the
        # answer's source (``generate.py``): a course that adds an assignment gets these without writing any
        from .generate import functions_of, generate

        self.mutants: list[Mutant] = list(getattr(self.module, "MUTANTS", ())) + \
            generate(self.ref, functions_of(self.module))
        self.namespaces = [bind(self.ref, m.overrides, helpers) for m in self.mutants]
        self.quantities: dict[str, Callable] = dict(self.module.QUANTITIES)
        self.upstream: frozenset[str] = frozenset(getattr(self.module, "UPSTREAM", ()))
        self._slots = {id(self.reference): -1, **{id(ns): i for i, ns in enumerate(self.namespaces)}}
        self._kept: OrderedDict[tuple, tuple[Any, int]] = OrderedDict()  #: key -> (value, bytes of its arrays)
        self._kept_bytes = 0
        self._lock = threading.Lock()

    def kept(self, ns: dict, what: tuple, inputs: Any, compute: Callable[[], Any]) -> Any:
        """``compute()``: what the code of ``ns`` (the reference or a mutant of this bank) gives on ``inputs``,
        computed once per process and kept (a class's files are diagnosed on the same evidence inputs: every
        mutant's gradient and traced arrays would otherwise be computed again for each file).

        Only for the bank's own namespaces and inputs made of arrays, numbers and strings (``digest``); the
        value given back is a copy whose arrays are read-only, so no caller can change what the next one gets."""
        slot = self._slots.get(id(ns))  # the bank holds its namespaces: no other live object has their ids
        key_in = digest(inputs, self.INPUT_BYTES) if slot is not None else None
        if key_in is None:
            return compute()
        key = (slot, what, key_in)
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return _shallow(self._kept[key][0])
        value = _frozen(compute())
        size = array_bytes(value)
        with self._lock:
            if key not in self._kept:
                self._kept[key] = (value, size)
                self._kept_bytes += size
            while self._kept and (len(self._kept) > self.KEEP or self._kept_bytes > self.KEEP_BYTES):
                self._kept_bytes -= self._kept.popitem(last=False)[1][1]
        return _shallow(value)

    def ids(self) -> set[str]:
        return {m.id for m in self.mutants}


def digest(value: Any, limit: int = 2**22) -> bytes | None:
    """A key for ``value`` made of arrays, numbers, strings, None, and dicts, lists and tuples of them (the same
    key for the same values, types and shapes); None for anything else, or for arrays of over ``limit`` bytes."""
    h = hashlib.blake2b(digest_size=20)
    room = [limit]

    def feed(v: Any, d: int) -> bool:
        if d > 8:
            return False
        if isinstance(v, np.ndarray) or isinstance(v, np.generic):
            a = np.asarray(v)
            room[0] -= a.nbytes
            if a.dtype.hasobject or room[0] < 0:
                return False
            h.update(f"a{a.dtype.str}{a.shape}".encode())
            h.update(np.ascontiguousarray(a).tobytes())
            return True
        if v is None or isinstance(v, (bool, int, float, complex, str)):
            h.update(f"{type(v).__name__}:{v!r};".encode())
            return True
        if isinstance(v, dict):
            h.update(f"d{len(v)}(".encode())
            for k, x in v.items():
                if not (feed(k, d + 1) and feed(x, d + 1)):
                    return False
            h.update(b")")
            return True
        if isinstance(v, (list, tuple)):
            h.update(f"{type(v).__name__}{len(v)}(".encode())
            if not all(feed(x, d + 1) for x in v):
                return False
            h.update(b")")
            return True
        return False

    return h.digest() if feed(value, 0) else None


def _frozen(value: Any) -> Any:
    """``value`` (None, an array, or a dict or list of arrays) with every array a read-only copy."""
    if isinstance(value, np.ndarray):
        out = np.array(value, copy=True)
        out.setflags(write=False)
        return out
    if isinstance(value, dict):
        return {k: _frozen(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_frozen(v) for v in value]
    return value


def _shallow(value: Any) -> Any:
    """A new dict or list holding the kept (read-only) arrays: a caller may add to it, never change them."""
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list):
        return list(value)
    return value


@lru_cache(maxsize=None)
def bank(assignment: str) -> Bank | None:
    """The mutant bank of an assignment, or None when it has none."""
    try:
        return Bank(assignment)
    except LookupError:
        return None
    except ModuleNotFoundError as exc:
        if exc.name == f"solutions.{assignment}":
            return None
        raise
