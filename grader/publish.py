"""``grade --publish``: write each assignment's published reference outputs, from the course's checkout.

The model answer is graded as if it were a student's file, with the checks
reading it through a ``Recorder``; what the public checks asked of it is
written to ``assignments/<name>/published.zip`` (see ``grader.reference``),
which ships with the package. Students' installs replay those outputs, so the
public checks run there without the model answer.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import reference as published
from . import registry
from .discover import Submission
from .runner import Options, grade_submission


class PublishError(Exception):
    """Publishing cannot go on (one line)."""


@dataclass(frozen=True)
class Published:
    assignment: str
    public: list[str]  #: the checks that run in a student's install
    refused: dict[str, str]  #: public checks whose reference calls could not be published, and why
    hidden: list[str]  #: the checks declared hidden (held in a student's install)
    calls: int
    bytes: int
    path: str  #: the file written


def publish(name: str, options: Options | None = None, folder: Path | None = None) -> Published:
    """Grade ``solutions/<name>.py`` with a recorder and write what its public checks asked of it
    (into the assignment's folder, or ``folder``)."""
    if not registry.has_reference(name):
        raise PublishError(f"{name}: no model answer here (publish from the course's checkout, or pass --solutions DIR)")
    decl = registry.get(name)
    if folder is None and registry.assignments_in_checkout() is None:
        raise PublishError("grade --publish writes into the course's checkout, but this grader's assignments are an "
                           "installed copy: install the checkout editable (pip install -e .) and run it again")
    recorder = published.Recorder()
    base = options or Options()
    run = Options(limits=base.limits, diagnose=False, record=recorder)
    result = grade_submission(Submission(registry.solutions_dir() / f"{name}.py", "model answer", name), run, shared={})
    if result.status != "graded" or result.score < result.max_score:
        lost = [c.id for c in result.checks if not c.passed]
        raise PublishError(f"{name}: the model answer does not score full marks ({result.status}, "
                           f"{result.score:g}/{result.max_score:g}; {', '.join(lost) or result.message}), "
                           "so nothing was published")
    public = [c.id for c in decl.checks if c.public]
    summary = published.write(name, folder or decl.folder, list(decl.functions), recorder, public)
    return Published(name, summary["published"], summary["refused"],
                     [c.id for c in decl.checks if not c.public], summary["calls"], summary["bytes"],
                     str(published.published_path(folder or decl.folder)))
