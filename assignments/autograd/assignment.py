"""The declaration of ``autograd``: a scalar reverse-mode engine, a class ``Value`` (contract: README.md)."""
from grader.declaration import Assignment

from . import checks

ASSIGNMENT = Assignment(
    name="autograd",
    title="A scalar automatic differentiation engine (a Value class)",
    functions=checks.FUNCTIONS,
    checks=tuple(checks.CHECKS),
    order=6,
)
