"""``python -m grader`` is the ``grade`` command.

``python -m`` puts the current folder first on ``sys.path``; run inside a student's folder, that would let
a student's ``assignments/`` or ``solutions/`` package stand in for the course's. So that first entry is
dropped unless it is where this grader itself comes from (a checkout run in place). Folders named on
``PYTHONPATH`` on purpose stay.
"""
import os
import sys
from pathlib import Path

_HOME = Path(__file__).resolve().parent.parent
if sys.path and Path(sys.path[0] or os.curdir).resolve() == Path.cwd().resolve() != _HOME:
    del sys.path[0]

from .cli import main  # noqa: E402 - after the path is made safe

sys.exit(main())
