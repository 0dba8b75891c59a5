import numpy as np

# Riya Patel -- HW3 (MNIST softmax MLP), final version
# helpers at the top, assignment functions below


# ---------------------------------------------------------------- helpers

def _relu(Z):
    return np.maximum(Z, 0.0)


def _relu_grad(Z):
    return (Z > 0).astype(Z.dtype)


def _n_layers(params):
    return len(params) // 2


def _dense_backward(dZ, A_prev, W):
    """gradients of one layer y = A_prev @ W + b, and the gradient w.r.t. A_prev"""
    dW = A_prev.T @ dZ
    db = np.mean(dZ, axis=0)
    dA_prev = dZ @ W.T
    return dW, db, dA_prev


def _sgd_step(params, grads, lr, batch_size):
    return {k: params[k] - lr * grads[k] / batch_size for k in params}


# ---------------------------------------------------------------- assignment

def softmax(Z):
    Z = Z - Z.max(axis=-1, keepdims=True)
    expZ = np.exp(Z)
    return expZ / expZ.sum(axis=-1, keepdims=True)


def cross_entropy(P, y):
    return float(-np.log(np.clip(P[np.arange(len(y)), y], 1e-12, None)).mean())


def one_hot(y, K):
    return (np.arange(K)[None, :] == np.asarray(y)[:, None]).astype(float)


def init_params(layer_sizes, rng):
    params = {}
    for l, (n_in, n_out) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:]), start=1):
        params[f"W{l}"] = rng.standard_normal((n_in, n_out)) * np.sqrt(2.0 / n_in)
        params[f"b{l}"] = np.zeros(n_out)
    return params


def forward(params, X):
    L = _n_layers(params)
    A, Zs, As = X, [], [X]
    for l in range(1, L + 1):
        Z = A @ params[f"W{l}"] + params[f"b{l}"]
        Zs.append(Z)
        A = _relu(Z) if l < L else softmax(Z)
        As.append(A)
    return A, (Zs, As)


def backward(params, cache, y):
    Zs, As = cache
    L = _n_layers(params)
    P = As[-1]
    dZ = (P - one_hot(y, P.shape[1])) / P.shape[0]
    grads = {}
    for l in range(L, 0, -1):
        grads[f"W{l}"], grads[f"b{l}"], dA = _dense_backward(dZ, As[l - 1], params[f"W{l}"])
        if l > 1:
            dZ = dA * _relu_grad(Zs[l - 2])
    return grads


def train(params, X, y, lr, epochs, batch_size, rng):
    params = {k: np.array(v, dtype=float) for k, v in params.items()}
    N = X.shape[0]
    losses = [cross_entropy(forward(params, X)[0], y)]
    for _ in range(epochs):
        order = rng.permutation(N)
        for start in range(0, N, batch_size):
            idx = order[start:start + batch_size]
            _, cache = forward(params, X[idx])
            grads = backward(params, cache, y[idx])
            params = _sgd_step(params, grads, lr, len(idx))
        losses.append(cross_entropy(forward(params, X)[0], y))
    return params, losses


def predict(params, X):
    P, _ = forward(params, X)
    return P.argmax(axis=1)
