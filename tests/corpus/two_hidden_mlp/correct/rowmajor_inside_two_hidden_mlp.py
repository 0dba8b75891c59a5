"""two_hidden_mlp -- Dmitri Volkov.

I'm used to the "one sample per ROW" convention (X is (B, d), W is (in, out)),
so internally I transpose everything to rows, do the math there, and transpose
the results back to the course's column convention at the boundary.
"""
import numpy as np


def _to_rows(parameters):
    """Course params (W: (out,in), b: (out,1)) -> my row-major ones (W: (in,out), b: (1,out))."""
    W1, b1, W2, b2, W3, b3 = parameters
    return W1.T, b1.T, W2.T, b2.T, W3.T, b3.T


def _to_cols(row_params):
    return [a.T.copy() for a in row_params]


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    dims = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    rows = []
    for n_in, n_out in zip(dims[:-1], dims[1:]):
        rows.append(rng.normal(size=(n_in, n_out)) * np.sqrt(1.0 / n_in))
        rows.append(np.zeros((1, n_out)))
    return _to_cols(rows)


def sigmoid(x):
    # 1/(1+e^-x) for x>=0 and e^x/(1+e^x) for x<0, written with one exp of -|x|
    z = np.exp(-np.abs(x))
    return np.where(np.asarray(x) >= 0, 1 / (1 + z), z / (1 + z))


def squared_loss(predictions, targets):
    P, T = predictions.T, targets.T          # (B, out)
    return float(np.mean(0.5 * np.sum((P - T) ** 2, axis=1)))


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def _forward_rows(rp, Xr):
    W1, b1, W2, b2, W3, b3 = rp
    H1 = sigmoid(Xr @ W1 + b1)
    H2 = sigmoid(H1 @ W2 + b2)
    Yh = H2 @ W3 + b3
    return Xr, H1, H2, Yh


def forward(parameters, X):
    rows = _forward_rows(_to_rows(parameters), X.T)
    return [a.T for a in rows]


def backward(activations, targets, parameters):
    W1, b1, W2, b2, W3, b3 = _to_rows(parameters)
    Xr, H1, H2, Yh = [a.T for a in activations]
    dY = deriv_squared_loss(activations[3], targets).T     # (B, out), 1/B included

    dW3 = H2.T @ dY
    db3 = dY.sum(axis=0, keepdims=True)
    dZ2 = (dY @ W3.T) * H2 * (1.0 - H2)
    dW2 = H1.T @ dZ2
    db2 = dZ2.sum(axis=0, keepdims=True)
    dZ1 = (dZ2 @ W2.T) * H1 * (1.0 - H1)
    dW1 = Xr.T @ dZ1
    db1 = dZ1.sum(axis=0, keepdims=True)

    return _to_cols([dW1, db1, dW2, db2, dW3, db3])


def train(parameters, X, Y, lr, epochs):
    rp = [p.copy() for p in _to_rows(parameters)]
    Xr, Yr = X.T, Y.T
    B = Xr.shape[0]
    losses = []
    for ep in range(epochs + 1):
        Xr_, H1, H2, Yh = _forward_rows(rp, Xr)
        losses.append(float(0.5 * np.sum((Yh - Yr) ** 2) / B))
        if ep == epochs:
            break
        W1, b1, W2, b2, W3, b3 = rp
        dY = (Yh - Yr) / B
        dZ2 = (dY @ W3.T) * H2 * (1 - H2)
        dZ1 = (dZ2 @ W2.T) * H1 * (1 - H1)
        grads = [Xr.T @ dZ1, dZ1.sum(0, keepdims=True),
                 H1.T @ dZ2, dZ2.sum(0, keepdims=True),
                 H2.T @ dY, dY.sum(0, keepdims=True)]
        rp = [p - lr * g for p, g in zip(rp, grads)]
    return _to_cols(rp), losses


def predict(parameters, X):
    return _forward_rows(_to_rows(parameters), X.T)[3].T
