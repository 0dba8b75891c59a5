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

from dataclasses import dataclass, field
from functools import lru_cache
from types import FunctionType, ModuleType
from typing import Any, Callable

from ... import registry

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

    def ids(self) -> set[str]:
        return {m.id for m in self.mutants}


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
