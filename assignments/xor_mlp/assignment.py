"""The declaration of ``xor_mlp``: what the engine needs to know (contract in README.md)."""
from grader.declaration import Assignment

from . import checks

ASSIGNMENT = Assignment(
    name="xor_mlp",
    title="A two-layer sigmoid network that learns XOR",
    functions=checks.FUNCTIONS,
    checks=tuple(checks.CHECKS),
    order=2,
)
