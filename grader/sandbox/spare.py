"""One sandbox started ahead of need, so that a fresh ``grade FILE`` does not wait for it.

A fresh grading process spends most of its first 0.3 s on two things that need not wait for each other:
importing the grader (checks, reports, diagnosis) and starting the sandbox (bubblewrap, then Python and
NumPy inside it). ``grade`` starts the sandbox first (``ahead``, from ``grader/__main__.py``), before
those imports, and the first submission's ``Session`` takes it (``take``); on two cores the two overlap.

Only under bubblewrap (see ``start``). Nothing of a submission is in the sandbox before it is taken: the
worker has only started, as every sandbox starts, and the file is loaded after. So a spare is used only
when it is exactly the sandbox the session would have started (same limits, same isolation, same
switches, same process); otherwise it is killed and a new one started, as is one that died waiting. A
spare nobody takes is killed at exit. Guessing wrong costs only the CPU of one sandbox start on the other
core, never a grade.
"""
from __future__ import annotations

import atexit
import os
from dataclasses import dataclass
from pathlib import Path

from . import shared
from .isolation import UNSAFE_ENV, Isolation, detect
from .process import Limits, SandboxError, SandboxProcess

#: The environment variables read where a sandbox starts: a spare started under others is not taken.
_SWITCHES = ("BACKPROP_GRADER_FORKSERVER", UNSAFE_ENV, shared.ENV)

#: Arguments after which ``grade`` grades nothing itself, or not with the default limits.
_NOT_AHEAD = frozenset({"-h", "--help", "--version", "--list-assignments", "--check-sandbox", "--publish",
                        "--merge", "--shard", "--gradescope-zip", "--gradescope-hidden", "--timeout",
                        "--total-timeout", "--memory", "--unsafe-sandbox", "--jobs", "-j"})


@dataclass
class _Spare:
    key: tuple
    process: SandboxProcess
    link: shared.Link | None


_SPARE: list[_Spare] = []


def _key(limits: Limits, isolation: Isolation | None) -> tuple:
    return os.getpid(), limits, isolation or detect(), tuple(os.environ.get(v) for v in _SWITCHES)


def grades_one_file(argv: list[str]) -> bool:
    """Whether these ``grade`` arguments look like one file graded with the default limits in this
    process: one existing ``.py``/``.ipynb`` path, no folder, no option that grades otherwise (a guess:
    a wrong one costs a spare sandbox, never a grade)."""
    if any(a.split("=", 1)[0] in _NOT_AHEAD for a in argv):
        return False
    files = [a for a in argv if not a.startswith("-") and Path(a).suffix in (".py", ".ipynb") and Path(a).is_file()]
    # a folder right after an option is taken for its value (``--out feedback``), elsewhere for one to grade
    folders = [a for i, a in enumerate(argv) if not a.startswith("-") and Path(a).is_dir()
               and not (i and argv[i - 1].startswith("-") and "=" not in argv[i - 1])]
    return len(files) == 1 and not folders


def ahead(argv: list[str]) -> None:
    """Start the sandbox the first submission will take, if ``argv`` grades one file."""
    if _SPARE or not grades_one_file(argv):
        return
    start(Limits(), detect(), forkserver=False)  # the fork server's own start pays off on a class, not one file


def start(limits: Limits, isolation: Isolation, forkserver: bool = True) -> None:
    """Spawn one sandbox for these limits without waiting for it; if it cannot start, nothing is kept (the
    session then starts its own, and says why).

    Only under bubblewrap: there each sandbox has its own PID, mount and IPC namespaces, so the submission
    being checked cannot reach the next one's sandbox. Without namespaces every sandbox runs as the same
    user, and the one being checked could signal, trace or write into a sandbox started beside it (and its
    end kills every process of that user): the next one starts only after it, as before."""
    discard()
    if isolation.level != "bubblewrap":
        return
    process = SandboxProcess(limits, isolation)
    link = shared.Link() if shared.enabled() else None
    if link is not None:
        process.share_fds = (link.fd,)
    try:
        process.spawn(forkserver)
    except (SandboxError, OSError):
        process.kill()
        if link is not None:
            link.close()
        return
    _SPARE.append(_Spare(_key(limits, isolation), process, link))


def take(limits: Limits, isolation: Isolation | None) -> tuple[SandboxProcess, shared.Link | None] | None:
    """The spare (spawned, maybe not yet ready) when it is the sandbox these limits and this isolation would
    start in this process now; else None, and a spare that does not fit is killed."""
    if not _SPARE:
        return None
    spare = _SPARE.pop()
    if spare.key != _key(limits, isolation):
        _close(spare)
        return None
    return spare.process, spare.link


def discard() -> None:
    """Kill the spare nobody took (at exit, or before another is started)."""
    while _SPARE:
        _close(_SPARE.pop())


def _close(spare: _Spare) -> None:
    if spare.key[0] != os.getpid():  # a forked copy of this list: the spare is its parent's to kill
        return
    spare.process.kill()
    if spare.link is not None:
        spare.link.close()


atexit.register(discard)
