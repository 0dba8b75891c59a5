"""The declaration of ``layers``: modular forward/backward pairs and a network built from them (README.md)."""
from grader.declaration import Assignment

from . import checks

ASSIGNMENT = Assignment(
    name="layers",
    title="Modular layers: forward/backward pairs and a network built from them",
    functions=checks.FUNCTIONS,
    checks=tuple(checks.CHECKS),
    order=7,
)
