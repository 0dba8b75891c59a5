"""``pytest --grade my_hw2.py``: the grader's checks as pytest tests (registered as a ``pytest11`` plugin).

Students and CI already know pytest: its exit code (GitHub Classroom's autograding), ``-k``,
``-q`` and ``--junitxml`` then work on the grader's checks. Each file given after ``--grade``
(or each submission found in a folder, exactly as ``grade`` finds them: :mod:`grader.discover`)
is graded once, in the sandbox, with :func:`grader.runner.grade_submission` and default
``Options``, as ``grade FILE`` would; every check becomes one test item,
``my_hw2.py::gradient.numerical``:

* passed check: the item passes;
* failed check: it fails with the check's message and the mistake ids it names (no grader traceback);
* held check (student mode: it needs the model answer, which this install lacks): skipped,
  "run by your course's grader";
* a file that could not be graded (syntax error, timeout, unrecognised name, grader error): one
  failing item ``<file>::grading`` with the reason.

Without ``--grade`` the plugin does nothing: every hook returns ``None`` and nothing heavy is
imported, so any other pytest run (this project's own test suite included) is unaffected. With
``--grade`` the plugin takes over collection: only the graded files' checks run, never the
project's tests, and pytest never imports a submission (nor a ``conftest.py`` beside it): the code
runs only in the grader's sandbox.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .discover import Submission
    from .results import CheckResult, SubmissionResult

HELD_REASON = "run by your course's grader"
#: The item that stands for a file that could not be graded (or that the grader failed on).
GRADING_ITEM = "grading"
_NOT_GRADED = pytest.StashKey[list]()
_RESULTS = pytest.StashKey[dict]()  #: path -> SubmissionResult, so that each file is graded once per run


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--grade PATH...`` and ``--grade-assignment NAME``."""
    group = parser.getgroup("grade", "grading backpropagation assignments (backprop-grader)")
    group.addoption("--grade", action="extend", nargs="+", default=[], metavar="PATH", dest="grade_paths",
                    help="grade these submissions (.py/.ipynb files or folders, as `grade` finds them): one test "
                         "per check; the project's own tests are not collected")
    group.addoption("--grade-assignment", metavar="NAME", dest="grade_assignment", default=None,
                    help="with --grade: grade every file as this assignment (default: from the file's name)")


def pytest_configure(config: pytest.Config) -> None:
    """With ``--grade``: refuse test paths given too (they would silently not run) and bad option values."""
    if not config.getoption("grade_paths"):
        if config.getoption("grade_assignment"):
            raise pytest.UsageError("--grade-assignment needs --grade PATH")
        return
    if config.args_source == pytest.Config.ArgsSource.ARGS and config.args:
        raise pytest.UsageError(f"pytest --grade runs only the files given after --grade; also given: "
                                f"{' '.join(config.args)} (put them after --grade to grade them)")
    forced = config.getoption("grade_assignment")
    if forced:
        from . import registry

        try:
            names = registry.names()
        except registry.RegistryError as exc:
            raise pytest.UsageError(f"--grade: {exc}") from None
        if forced not in names:
            raise pytest.UsageError(f"--grade-assignment: no assignment named {forced!r} (known: {', '.join(names)})")
    config.stash[_RESULTS] = {}


@pytest.hookimpl(tryfirst=True)
def pytest_collection(session: pytest.Session) -> bool | None:
    """With ``--grade``: collect the graded files' checks instead of the test paths (mirrors pytest's own)."""
    config = session.config
    if not config.getoption("grade_paths"):
        return None
    hook = config.hook
    session.items = []
    try:
        hook.pytest_collectstart(collector=session)
        files = [GradedFile.from_parent(session, path=sub.path.resolve(), submission=sub)
                 for sub in _submissions(config)]
        hook.pytest_collectreport(report=pytest.CollectReport(session.nodeid, "passed", None, list(files)))
        for node in files:
            session.items.extend(session.genitems(node))
        hook.pytest_collection_modifyitems(session=session, config=config, items=session.items)  # -k, -m
    finally:
        hook.pytest_collection_finish(session=session)
    session.testscollected = len(session.items)
    return True


def _submissions(config: pytest.Config) -> list[Submission]:
    """What ``grade`` would grade for the ``--grade`` paths; a usage error (one line) when it would refuse."""
    from . import registry
    from .discover import DiscoveryError, find
    from .sandbox import isolation

    paths = [Path(p) for p in config.getoption("grade_paths")]
    try:
        found = find(paths, registry.names(), config.getoption("grade_assignment"))
    except (DiscoveryError, registry.RegistryError) as exc:  # a bad path, or a course's broken assignment folder
        raise pytest.UsageError(f"--grade: {exc}") from None
    subs = found.submissions
    config.stash[_NOT_GRADED] = [
        f"{c.sub.path} (another file of {c.sub.student} for {c.sub.assignment} is graded: {group[0].sub.path.name})"
        for group in found.groups for c in group[1:]] + [f"{i.path} ({i.reason})" for i in found.ignored]
    if not subs:
        raise pytest.UsageError(f"--grade: no .py or .ipynb files found in {', '.join(map(str, paths))}")
    refused = isolation.refusal(isolation.detect(), len(subs))
    if refused and not isolation.unsafe_allowed():
        raise pytest.UsageError(f"--grade: refusing to run student code: {refused}; install bubblewrap, or set "
                                f"{isolation.UNSAFE_ENV}=1 to run it anyway (README: Untrusted code)")
    return subs


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """Files found but not graded (a student's older file for the same assignment, a helper), said once."""
    skipped = config.stash.get(_NOT_GRADED, [])
    if skipped:
        terminalreporter.write_line(f"--grade: {len(skipped)} file{'s' if len(skipped) != 1 else ''} not graded: "
                                    + "; ".join(skipped[:10]) + (" …" if len(skipped) > 10 else ""))


def graded(config: pytest.Config, sub: Submission) -> SubmissionResult:
    """``sub`` graded as ``grade`` grades it (same function, default ``Options``), once per path per run."""
    cache = config.stash.setdefault(_RESULTS, {})
    key = sub.path.resolve()
    if key not in cache:
        from .runner import Options, grade_submission

        cache[key] = grade_submission(sub, Options())
    return cache[key]


class GradedFile(pytest.File):
    """One submission: grading it (at collection) yields one item per check."""

    def __init__(self, *, submission: Submission, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.submission = submission

    def collect(self) -> list[pytest.Item]:
        result = graded(self.config, self.submission)
        items: list[pytest.Item] = [CheckItem.from_parent(self, name=c.id, check=c) for c in result.checks]
        for item in items:
            if item.check.held:  # a skip mark, so that pytest reports it at the check, not inside this plugin
                item.add_marker(pytest.mark.skip(reason=HELD_REASON))
        problem = _problem(result)
        if problem:
            items.append(GradingItem.from_parent(self, name=GRADING_ITEM, problem=problem))
        return items


def _problem(result: SubmissionResult) -> str:
    """Why the file as a whole fails ("" when it was graded): its status and message, or a grader error."""
    if result.status != "graded":
        message = (result.message or "no reason given").replace("--assignment NAME", "--grade-assignment NAME")
        return f"could not be graded ({result.status}): {message}"
    if result.internal_errors:
        last = result.internal_errors[0].strip().splitlines()[-1:] or ["unknown error"]
        return f"the grader failed on this file (a grader bug; please report it): {last[0]}"
    return ""


class CheckFailed(Exception):
    """A failed check or an ungradable file; its text is the whole failure report (no traceback)."""


class _PlainFailure(pytest.Item):
    """An item whose failure is reported as its text alone (the grader's traceback is never the student's)."""

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, CheckFailed):
            return _safe(str(excinfo.value))
        return super().repr_failure(excinfo, style)


class CheckItem(_PlainFailure):
    """One check of one graded file: passes, fails with its message and mistakes, or is skipped when held."""

    def __init__(self, *, check: CheckResult, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.check = check

    def runtest(self) -> None:
        if self.check.held:  # not reached: the skip mark added at collection skips it first
            pytest.skip(HELD_REASON)
        if not self.check.passed:
            raise CheckFailed(failure_text(self.check))

    def reportinfo(self) -> tuple[Path, int, str]:
        # 0-based; pytest needs a line to place a skip at the item, so a check without one points at the top
        line = self.check.line - 1 if isinstance(self.check.line, int) and self.check.line > 0 else 0
        return self.path, line, f"{self.check.id}: {self.check.title}"


class GradingItem(_PlainFailure):
    """A file that could not be graded: one failing item with the reason."""

    def __init__(self, *, problem: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.problem = problem

    def runtest(self) -> None:
        raise CheckFailed(self.problem)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, "grading"


def failure_text(check: CheckResult) -> str:
    """A failed check for a student: a first line naming the mistakes (pytest's summary and JUnit's
    ``message`` keep only that line), then the message, what was expected and got, and each mistake explained."""
    from reports.mistakes import explain

    ids = ", ".join(check.mistakes)
    first, _, rest = (check.message or "failed").partition("\n")
    head = f"{check.title}: {first}"
    lines = [f"mistake {ids} · {head}" if ids else head]
    if rest.strip():
        lines.append(rest.rstrip())
    for label, value in (("expected", check.expected), ("got", check.got)):
        if value:
            lines.append(f"{label}: {value}")
    for m in map(explain, check.mistakes):
        lines.append(f"{m.id} ({m.title}): {m.explanation} Hint: {m.hint}")
    return "\n".join(lines)


def _safe(text: str) -> str:
    """Student text made harmless for a terminal (and for the Actions runner when in GitHub Actions)."""
    from reports.ci import in_github_actions
    from reports.text import inert, printable

    return inert(text) if in_github_actions() else printable(text)
