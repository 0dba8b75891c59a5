import numpy as np

# I find it easier to think with one sample per ROW, so inside forward/backward
# everything is transposed: A is (B, n), W.T maps rows to rows. The contract's
# (out, in) weights and column biases are restored at the end.


def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    dims = [input_dim, hidden1_dim, hidden2_dim, output_dim]
    params = []
    for n_in, n_out in zip(dims[:-1], dims[1:]):
        params.append(rng.normal(0.0, 1.0, (n_out, n_in)) / np.sqrt(n_in))
        params.append(np.zeros((n_out, 1)))
    return params


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    return np.exp(-np.logaddexp(0.0, -x))


def squared_loss(predictions, targets):
    return float(0.5 * np.mean(np.sum((predictions - targets) ** 2, axis=0)))


def deriv_squared_loss(predictions, targets):
    return (predictions - targets) / predictions.shape[1]


def forward(parameters, X):
    W1, b1, W2, b2, W3, b3 = parameters
    R0 = X.T
    R1 = sigmoid(R0 @ W1.T + b1.T)
    R2 = sigmoid(R1 @ W2.T + b2.T)
    R3 = R2 @ W3.T + b3.T
    return [X, R1.T, R2.T, R3.T]


def backward(activations, targets, parameters):
    rows = [a.T for a in activations]           # (B, n) each
    W = parameters[0::2]
    d = deriv_squared_loss(activations[-1], targets).T
    grads = []
    for layer in (3, 2, 1):
        a_in = rows[layer - 1]
        dW_row = a_in.T @ d                    # (in, out)
        db_row = d[0]                          # (out,)
        grads = [dW_row.T, db_row[:, None]] + grads
        if layer > 1:
            h = rows[layer - 1]
            d = (d @ W[layer - 1]) * h * (1.0 - h)
    return grads


def train(parameters, X, Y, lr, epochs):
    params = [np.array(p, dtype=float) for p in parameters]
    acts = forward(params, X)
    losses = [squared_loss(acts[-1], Y)]
    for _ in range(epochs):
        grads = backward(acts, Y, params)
        params = [p - lr * g for p, g in zip(params, grads)]
        acts = forward(params, X)
        losses.append(squared_loss(acts[-1], Y))
    return params, losses


def predict(parameters, X):
    return forward(parameters, X)[-1]
