"""The declaration of ``mnist_softmax``: what the engine needs to know (contract in README.md)."""
from grader.declaration import Assignment, Option

from . import checks

ASSIGNMENT = Assignment(
    name="mnist_softmax",
    title="A softmax classifier for MNIST digits",
    functions=checks.FUNCTIONS,
    checks=tuple(checks.CHECKS),
    order=3,
    options=(Option("--mnist", "BACKPROP_GRADER_MNIST",
                    "MNIST as a folder of IDX files or an .npz (default: the 10,000-digit subset in this folder)"),),
)
