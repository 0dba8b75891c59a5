"""The declaration of ``rnn``: what the engine needs to know (contract in README.md)."""
from grader.declaration import Assignment

from . import checks

ASSIGNMENT = Assignment(
    name="rnn",
    title="A recurrent network trained by backpropagation through time",
    functions=checks.FUNCTIONS,
    checks=tuple(checks.CHECKS),
    order=4,
)
