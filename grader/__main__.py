"""``python -m grader`` is the ``grade`` command (and ``main`` is its console script).

``python -m`` puts the current folder first on ``sys.path``; run inside a student's folder, that would let
a student's ``assignments/`` or ``solutions/`` package stand in for the course's. So that first entry is
dropped unless it is where this grader itself comes from (a checkout run in place). Folders named on
``PYTHONPATH`` on purpose stay.

Before the grader's own imports (the checks, the reports: most of a fresh process's start), the sandbox
of a one-file grade is started (``sandbox/spare.py``): both then go on at once.
"""
import os
import sys
from pathlib import Path

_HOME = Path(__file__).resolve().parent.parent


def main() -> int:
    if sys.path and Path(sys.path[0] or os.curdir).resolve() == Path.cwd().resolve() != _HOME:
        del sys.path[0]
    from .sandbox import spare  # after the path is made safe

    spare.ahead(sys.argv[1:])
    from .cli import main as grade

    try:
        return grade()
    except BrokenPipeError:  # `grade --list-assignments | head -1`: the reader left; what was graded is written
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # and the exit's flush must not raise again
        return 1


if __name__ == "__main__":
    sys.exit(main())
