"""What an assignment declares: its name, its contract, its checks, its options.

Each folder ``assignments/<name>/`` holds one assignment; its
``assignment.py`` defines ``ASSIGNMENT = Assignment(...)``. The engine reads
nothing else about an assignment: ``grader.registry`` finds the folders,
the runner runs ``checks`` in order, the diagnosis step reads the folder's
``mistakes.py`` (if any), the stub generator writes ``<name>.py`` and
``<name>.ipynb`` into the folder from ``solutions/<name>.py``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .checks.base import CheckSpec


@dataclass(frozen=True)
class Option:
    """A command-line option an assignment adds to ``grade`` (e.g. where its data set lives).

    The value is handed to the assignment through the environment variable ``env``
    (so that every grading process, including ``--jobs`` workers, sees it).
    """

    flag: str  #: e.g. ``--dataset``
    env: str  #: the environment variable the assignment's code reads
    help: str
    metavar: str = "PATH"
    is_path: bool = True  #: resolved to an absolute path before it is handed on


@dataclass(frozen=True)
class Assignment:
    """One assignment, as the engine sees it."""

    name: str  #: the file name students hand in, without ``.py``/``.ipynb``; also the folder's name
    title: str  #: a few words for listings and reports
    functions: tuple[str, ...]  #: the contract's names, in the handout's order
    checks: tuple[CheckSpec, ...]  #: run in this order; points add up to the maximum score
    order: int = 100  #: position in listings (ties by name)
    options: tuple[Option, ...] = ()
    folder: Path | None = field(default=None, compare=False)  #: set by the registry
    declared: Any = field(default=None, compare=False)  #: the declaration its checks were built from, if any

    def __post_init__(self) -> None:
        ids = [c.id for c in self.checks]
        if len(set(ids)) != len(ids):
            raise ValueError(f"assignment {self.name!r}: two checks share an id")
        if not self.name.isidentifier():
            raise ValueError(f"assignment name {self.name!r} must be a Python identifier (it is a file name)")

    @property
    def max_score(self) -> float:
        return float(sum(c.points for c in self.checks))

    def stub(self, suffix: str = ".py") -> Path | None:
        """The student's starting file in the folder (``<name>.py`` or ``<name>.ipynb``)."""
        return None if self.folder is None else self.folder / f"{self.name}{suffix}"
