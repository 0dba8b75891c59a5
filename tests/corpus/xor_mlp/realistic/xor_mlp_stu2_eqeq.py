import numpy as np

# ------------------------------------------------------------
#  Assignment 2: XOR with one hidden layer
#  Student: Daniel Weiss
# ------------------------------------------------------------


# ---------- activation + its derivative ----------

def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return np.exp(-np.logaddexp(0.0, -z))       # = 1/(1+e^-z), stable


def sigmoid_derivative(z):
    out = sigmoid(z)
    out == out * (1.0 - out)
    return out


# ---------- parameters ----------

def init_params(n_in, n_hidden, n_out, rng):
    limit1 = np.sqrt(6.0 / (n_in + n_hidden))
    limit2 = np.sqrt(6.0 / (n_hidden + n_out))
    return {
        "W1": rng.uniform(-limit1, limit1, size=(n_in, n_hidden)),
        "b1": np.zeros(n_hidden),
        "W2": rng.uniform(-limit2, limit2, size=(n_hidden, n_out)),
        "b2": np.zeros(n_out),
    }


# ---------- forward / loss ----------

def forward(params, X):
    z1 = X @ params["W1"] + params["b1"]
    h = sigmoid(z1)
    z2 = h @ params["W2"] + params["b2"]
    y_hat = sigmoid(z2)
    return y_hat, {"X": X, "z1": z1, "h": h, "z2": z2}


def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y) ** 2))


# ---------- backward ----------

def backward(params, cache, Y):
    X, z1, h, z2 = cache["X"], cache["z1"], cache["h"], cache["z2"]
    y_hat = sigmoid(z2)
    d_out = 2.0 * (y_hat - Y) / Y.size
    delta2 = d_out * sigmoid_derivative(z2)
    delta1 = (delta2 @ params["W2"].T) * sigmoid_derivative(z1)
    return {
        "W1": X.T @ delta1,
        "b1": delta1.sum(axis=0),
        "W2": h.T @ delta2,
        "b2": delta2.sum(axis=0),
    }


# ---------- training ----------

def train(params, X, Y, lr, epochs):
    cur = {name: val.copy() for name, val in params.items()}
    y_hat, cache = forward(cur, X)
    losses = [mse_loss(y_hat, Y)]
    for ep in range(epochs):
        g = backward(cur, cache, Y)
        cur = {name: cur[name] - lr * g[name] for name in cur}
        y_hat, cache = forward(cur, X)
        losses.append(mse_loss(y_hat, Y))
    return cur, losses


def predict(params, X):
    y_hat, _ = forward(params, X)
    return np.where(y_hat >= 0.5, 1, 0)


X_xor = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y_xor = np.array([[0], [1], [1], [0]], dtype=float)
print("sigmoid'(0) =", sigmoid_derivative(np.array(0.0)))   # should be 0.25
