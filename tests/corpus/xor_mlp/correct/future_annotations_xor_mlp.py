"""XOR MLP with type hints (I use mypy). A small Layer class is used
internally; forward's cache is the list of layers."""
from __future__ import annotations

import numpy as np

Params = dict[str, np.ndarray]


def sigmoid(z: np.ndarray) -> np.ndarray:
    z = np.asarray(z, dtype=float)
    return np.exp(-np.logaddexp(0.0, -z))


def sigmoid_derivative(z: np.ndarray) -> np.ndarray:
    s = sigmoid(z)
    return s * (1.0 - s)


class SigmoidLayer:
    def __init__(self, W: np.ndarray, b: np.ndarray) -> None:
        self.W, self.b = W, b
        self.x: np.ndarray | None = None
        self.z: np.ndarray | None = None

    def clone(self) -> SigmoidLayer:
        return SigmoidLayer(self.W.copy(), self.b.copy())

    def __call__(self, x: np.ndarray) -> np.ndarray:
        self.x = x
        self.z = x @ self.W + self.b
        return sigmoid(self.z)

    def back(self, grad_out: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        dz = grad_out * sigmoid_derivative(self.z)
        return dz @ self.W.T, self.x.T @ dz, dz.sum(axis=0)


def init_params(n_in: int, n_hidden: int, n_out: int, rng: np.random.Generator) -> Params:
    return {"W1": rng.normal(0, 1 / np.sqrt(n_in), (n_in, n_hidden)), "b1": np.zeros(n_hidden),
            "W2": rng.normal(0, 1 / np.sqrt(n_hidden), (n_hidden, n_out)), "b2": np.zeros(n_out)}


def forward(params: Params, X: np.ndarray) -> tuple[np.ndarray, list[SigmoidLayer]]:
    l1 = SigmoidLayer(params["W1"], params["b1"])
    l2 = SigmoidLayer(params["W2"], params["b2"])
    return l2(l1(X)), [l1, l2]


def mse_loss(Y_hat: np.ndarray, Y: np.ndarray) -> float:
    return float(np.mean((Y_hat - Y) ** 2))


def backward(params: Params, cache: list[SigmoidLayer], Y: np.ndarray) -> Params:
    l1, l2 = cache
    Y_hat = sigmoid(l2.z)
    g = 2.0 * (Y_hat - Y) / Y.size
    g, dW2, db2 = l2.back(g)
    _, dW1, db1 = l1.back(g)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def train(params: Params, X: np.ndarray, Y: np.ndarray, lr: float, epochs: int) -> tuple[Params, list[float]]:
    p = {k: np.array(v, dtype=float) for k, v in params.items()}
    losses: list[float] = [mse_loss(forward(p, X)[0], Y)]
    for _ in range(epochs):
        _, cache = forward(p, X)
        g = backward(p, cache, Y)
        p = {k: p[k] - lr * g[k] for k in p}
        losses.append(mse_loss(forward(p, X)[0], Y))
    return p, losses


def predict(params: Params, X: np.ndarray) -> np.ndarray:
    return (forward(params, X)[0] >= 0.5).astype(int)
