"""The declaration of ``two_hidden_mlp``: a course's own exercise in its own conventions (contract in README.md).

Parameters are the list ``[W1, b1, W2, b2, W3, b3]``, weights are ``(out, in)``, samples are columns,
``forward`` returns the list of activations ``[X, hid_1, hid_2, outputs]`` and ``backward`` takes
``(activations, targets, parameters)``. Every check is a generic one, built from this declaration.
"""
import numpy as np

from grader.checks.declared import Network, Task


def _smooth_function(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """60 points of a smooth function of two inputs, samples as columns."""
    X = rng.uniform(-1.5, 1.5, (2, 60))
    Y = (np.sin(X[0]) * np.cos(X[1]))[None, :]
    return X, Y


NETWORK = Network(
    name="two_hidden_mlp",
    init="initialize", forward="forward", loss="squared_loss", backward="backward", train="train",
    predict="predict", activations=("sigmoid",), pairwise=("deriv_squared_loss",),
    params=("W1", "b1", "W2", "b2", "W3", "b3"), biases=("b1", "b2", "b3"),
    hidden=(("W1", "b1", "W2"), ("W2", "b2", "W3")),
    container="list", forward_output=(-1,), forward_cache=(), backward_args=("cache", "target", "params"),
    samples="columns", weights="out_in",
    task=Task("smooth_function", "fits a smooth function of two inputs", _smooth_function, (2, 8, 8, 1),
              lr=0.5, epochs=1000),
)

ASSIGNMENT = NETWORK.assignment(
    "A network with two sigmoid hidden layers, weights (out, in), samples as columns",
    points={"api.functions": 8, "shape.outputs": 6, "shape.no_mutation": 4, "shape.repeatable": 5,
            "forward.sigmoid": 4, "forward.forward": 5, "forward.squared_loss": 3, "forward.deriv_squared_loss": 3,
            "forward.predict": 2, "gradient.numerical": 10, "gradient.reference": 15, "training.initialize": 7,
            "training.train": 13, "convergence.smooth_function": 15},
    order=5,
)
