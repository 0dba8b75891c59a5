"""``python -m grader`` is the ``grade`` command.

``python -m`` puts the current folder first on ``sys.path``; run inside a student's folder, that would let
a student's ``assignments/`` or ``solutions/`` package stand in for the course's. So the current folder is
taken off the path unless it is where this grader itself comes from (a checkout run in place).
"""
import os
import sys
from pathlib import Path

_HOME = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or os.curdir).resolve() != Path.cwd().resolve() or
               Path(p or os.curdir).resolve() == _HOME]

from .cli import main  # noqa: E402 - after the path is made safe

sys.exit(main())
