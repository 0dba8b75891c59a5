"""An autograder for hand-written backpropagation assignments in NumPy.

One submission's path: ``discover`` finds it, ``load`` turns it into source and
a plan, ``sandbox`` runs it walled off, ``checks`` compare what it computes with
``solutions``, ``diagnosis`` names the mistake, ``scoring`` adds up points and
``reports`` renders the result.
"""

import os as _os

# One BLAS thread: the grader's matrices are tiny (threads only add overhead and
# contention with --jobs), and single-threaded sums are the same on every machine.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    _os.environ.setdefault(_var, "1")

__version__ = "0.1.0"


def __getattr__(name: str):
    """``from grader import check`` (Jupyter: grader/jupyter.py), imported only when asked for, so that
    ``import grader`` stays cheap (the pytest plugin and every sandbox-side import pay nothing for it)."""
    if name == "check":
        from .jupyter import check

        return check
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
