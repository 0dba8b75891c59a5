"""The assignments this grader knows: every folder of the ``assignments`` package with an ``assignment.py``.

No assignment is named anywhere in the engine. A course adds one by adding a
folder (see ``docs/authoring.md``); ``grade --list-assignments`` shows what
was found. Each folder may also hold ``mistakes.py`` (its catalogued
mistakes as mutants of the model answer, for the diagnosis step); the model
answer itself is ``solutions/<name>.py``.
"""
from __future__ import annotations

import importlib
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


def reference(name: str) -> ModuleType:
    """The model answer of ``name``: ``solutions/<name>.py``."""
    return importlib.import_module(f"solutions.{name}")


def mistakes(name: str) -> ModuleType | None:
    """The folder's ``mistakes.py`` (mutants of the model answer), or None when it has none."""
    try:
        return importlib.import_module(f"assignments.{name}.mistakes")
    except ModuleNotFoundError as exc:
        if exc.name == f"assignments.{name}.mistakes":
            return None
        raise
