"""Shared test helpers: grade a file the way the command line does."""
from __future__ import annotations

from pathlib import Path

import pytest

from grader.discover import Submission
from grader.results import SubmissionResult
from grader.runner import grade_submission

ROOT = Path(__file__).resolve().parents[1]


def grade_file(path: Path, assignment: str, student: str = "student") -> SubmissionResult:
    """Grade one file; fail the test on any internal (grader) error."""
    result = grade_submission(Submission(Path(path), student, assignment))
    assert not result.internal_errors, result.internal_errors
    return result


def planted(tmp_path: Path, assignment: str, old: str, new: str, name: str) -> Path:
    """A copy of the model answer with one mistake planted by replacing ``old`` with ``new``.

    Fails if ``old`` is not in the solution, so the planted copies stay in
    step with the solutions.
    """
    source = (ROOT / "solutions" / f"{assignment}.py").read_text()
    assert old in source, f"planted mistake {name!r} no longer matches solutions/{assignment}.py"
    path = tmp_path / f"{name}_{assignment}.py"
    path.write_text(source.replace(old, new, 1))
    return path


def failed(result: SubmissionResult) -> dict[str, list[str]]:
    """Failed check id -> the mistakes it names."""
    return {c.id: c.mistakes for c in result.checks if not c.passed}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "corpus_wide: grades a whole corpus (minutes); its file runs first")
    if getattr(config.option, "loadscopereorder", None):  # pytest-xdist: the files' order is ours (below)
        config.option.loadscopereorder = False


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The files with a ``corpus_wide`` test first, that test first in its file, then the other files largest
    first (what ``--dist loadfile`` does by itself). Those tests take minutes each: started last, one of them
    would be the whole run's tail on a machine of two cores."""
    def wide(item: pytest.Item) -> bool:
        return item.get_closest_marker("corpus_wide") is not None

    files: dict[str, list[pytest.Item]] = {}
    for item in items:
        files.setdefault(item.nodeid.split("::", 1)[0], []).append(item)
    order = sorted(files.values(), key=lambda group: (not any(map(wide, group)), -len(group)))
    items[:] = [item for group in order for item in sorted(group, key=lambda item: not wide(item))]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session", autouse=True)
def _memo_cache_of_this_session(tmp_path_factory):
    """The reference results every grading keeps on disk (``grader.memo_cache``) go to a folder of this session's
    (inherited by every ``grade`` a test runs), not the user's ~/.cache: tests do not depend on earlier runs."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BACKPROP_GRADER_CACHE", str(tmp_path_factory.mktemp("memo-cache")))
        yield
