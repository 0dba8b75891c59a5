"""The declaration of ``linear_regression``: what the engine needs to know (contract in README.md)."""
from grader.declaration import Assignment

from . import checks

ASSIGNMENT = Assignment(
    name="linear_regression",
    title="Linear regression by gradient descent",
    functions=checks.FUNCTIONS,
    checks=tuple(checks.CHECKS),
    order=1,
)
