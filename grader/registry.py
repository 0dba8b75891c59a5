"""The assignments this grader knows: every folder of the ``assignments`` package with an ``assignment.py``.

No assignment is named anywhere in the engine. A course adds one by adding a
folder (see ``docs/authoring.md``); ``grade --list-assignments`` shows what
was found.

What students must never receive lives apart, in a ``solutions`` folder: the
model answer ``solutions/<name>.py`` and its catalogued mistakes as mutants,
``solutions/<name>_mistakes.py`` (for the diagnosis step). The installable
package holds neither. The grader finds that folder (:func:`solutions_dir`):

1. ``--solutions DIR`` (handed to every grading process as ``BACKPROP_GRADER_SOLUTIONS``);
2. ``solutions/`` next to the ``assignments`` folder: an editable install (``pip install -e .``) of a
   course's checkout, where assignments, checks and answers are all the checkout's.

Never from the current folder: a copy installed with ``pip install .`` would then grade the checkout's
answers with its own, possibly older, checks (and a student's folder could hold a ``solutions/``).

Without it, grading runs in student mode (``grader.reference``).
"""
from __future__ import annotations

import hashlib
import importlib
import os
import sys
import types
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from types import ModuleType

from .declaration import Assignment


class RegistryError(Exception):
    """An assignment folder that cannot be loaded (one line, naming the folder)."""


def _package() -> ModuleType:
    try:
        return importlib.import_module("assignments")
    except ModuleNotFoundError as exc:
        if exc.name != "assignments":
            raise
        raise RegistryError("the grader's assignments package is missing; reinstall with `pip install -e .`") from None


@lru_cache(maxsize=1)
def _all() -> dict[str, Assignment]:
    found: dict[str, Assignment] = {}
    for root in list(_package().__path__):
        for folder in sorted(Path(root).iterdir()):
            if not (folder / "assignment.py").is_file() or folder.name in found:
                continue
            try:
                module = importlib.import_module(f"assignments.{folder.name}.assignment")
                decl = getattr(module, "ASSIGNMENT")
            except Exception as exc:  # noqa: BLE001 - one broken folder is named, in one line
                raise RegistryError(f"assignments/{folder.name}/assignment.py could not be loaded: "
                                    f"{type(exc).__name__}: {exc}") from None
            if not isinstance(decl, Assignment):
                raise RegistryError(f"assignments/{folder.name}/assignment.py: ASSIGNMENT is not an Assignment")
            if decl.name != folder.name:
                raise RegistryError(f"assignments/{folder.name}/assignment.py declares the name {decl.name!r}; "
                                    "the folder and the assignment must have the same name")
            found[decl.name] = replace(decl, folder=folder)
    return dict(sorted(found.items(), key=lambda kv: (kv[1].order, kv[0])))


def names() -> tuple[str, ...]:
    """Every assignment's name, in listing order."""
    return tuple(_all())


def get(name: str) -> Assignment:
    """The declaration of ``name`` (KeyError when there is none)."""
    return _all()[name]


def all_assignments() -> tuple[Assignment, ...]:
    return tuple(_all().values())


#: The environment variable that carries ``--solutions DIR`` to every grading process.
SOLUTIONS_ENV = "BACKPROP_GRADER_SOLUTIONS"


def use_solutions(folder: Path) -> None:
    """``--solutions DIR``: take the model answers from ``folder`` (in this process and its workers)."""
    folder = Path(folder).resolve()
    if not folder.is_dir():
        raise RegistryError(f"--solutions {folder}: no such folder")
    os.environ[SOLUTIONS_ENV] = str(folder)
    _bind.cache_clear()
    solutions_dir.cache_clear()
    solutions_fingerprint.cache_clear()
    _forget_solutions()


def _forget_solutions() -> None:
    """Drop every imported ``solutions`` module, so that the next import reads the folder bound now."""
    for key in [k for k in sys.modules if k == "solutions" or k.startswith("solutions.")]:
        del sys.modules[key]


@lru_cache(maxsize=1)
def solutions_dir() -> Path | None:
    """The folder holding the model answers, or None: then this is a student's install (student mode)."""
    given = os.environ.get(SOLUTIONS_ENV)
    if given:
        return Path(given) if Path(given).is_dir() else None
    for root in list(_package().__path__):
        folder = Path(root).resolve().parent / "solutions"
        if folder.is_dir() and any(folder.glob("*.py")):
            return folder
    return None


def assignments_in_checkout() -> Path | None:
    """The course's checkout the assignments are read from (an editable install), or None (installed copy)."""
    for root in list(_package().__path__):
        if _is_checkout(Path(root).resolve().parent):
            return Path(root).resolve().parent
    return None


def _is_checkout(folder: Path) -> bool:
    """Does ``folder`` look like a course's checkout of this grader (not, say, a student's folder that merely
    holds a ``solutions/``)? Its ``pyproject.toml`` names the package, and it has assignments and solutions.
    ``grade`` run in a checkout with the grader installed from elsewhere says so (``pip install -e .``)."""
    try:
        return ((folder / "assignments").is_dir() and (folder / "solutions").is_dir()
                and 'name = "backprop-grader"' in (folder / "pyproject.toml").read_text(errors="replace"))
    except OSError:
        return False


@lru_cache(maxsize=1)
def _bind() -> bool:
    """Make ``import solutions.<name>`` read :func:`solutions_dir` (mutants import the answer that way)."""
    folder = solutions_dir()
    if folder is None:
        return False
    module = sys.modules.get("solutions")
    paths = [str(Path(p).resolve()) for p in getattr(module, "__path__", [])] if module is not None else []
    if str(folder.resolve()) not in paths:
        _forget_solutions()
        package = types.ModuleType("solutions")
        package.__path__ = [str(folder)]
        package.__file__ = None
        sys.modules["solutions"] = package
    return True


def has_reference(name: str) -> bool:
    """Is ``name``'s model answer here? (False in a student's install: student mode.)"""
    folder = solutions_dir()
    return folder is not None and (folder / f"{name}.py").is_file()


def answers_absent() -> bool:
    """No assignment's model answer is here: a student's install (grading runs in student mode)."""
    return not any(has_reference(n) for n in names())


def reference(name: str) -> ModuleType:
    """The model answer of ``name``: ``<solutions>/<name>.py`` (ImportError when it is not here)."""
    if not _bind():
        raise ModuleNotFoundError("no solutions folder (a student's install: pass --solutions DIR)",
                                  name=f"solutions.{name}")
    return importlib.import_module(f"solutions.{name}")


def mistakes(name: str) -> ModuleType | None:
    """``<solutions>/<name>_mistakes.py`` (mutants of the model answer), or None when there is none."""
    if not has_reference(name) or not (solutions_dir() / f"{name}_mistakes.py").is_file():
        return None
    _bind()
    return importlib.import_module(f"solutions.{name}_mistakes")


@lru_cache(maxsize=1)
def solutions_fingerprint() -> str:
    """A digest of every model answer and mutant file found ("none" in student mode): part of the resume
    key, so results graded without the answers (or with older ones) are never reused."""
    folder = solutions_dir()
    if folder is None:
        return "none"
    h = hashlib.sha256()
    for path in sorted(folder.glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]
