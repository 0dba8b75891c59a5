import numpy as np
np.seterr(over="ignore")

def sigmoid(z):
    z = np.asarray(z, dtype=np.float64)
    return np.where(z >= 0, 1 / (1 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))))

def sigmoid_derivative(z):
    sz = sigmoid(z)
    return sz * (1 - sz)

def init_params(n_in, n_hidden, n_out, rng):
    return {
        'W1': rng.standard_normal(size=(n_in, n_hidden)) / np.sqrt(n_in),
        'b1': np.zeros((n_hidden,)),
        'W2': rng.standard_normal(size=(n_hidden, n_out)) / np.sqrt(n_hidden),
        'b2': np.zeros((n_out,)),
    }

def forward(params, X):
    Z1 = X @ params['W1'] + params['b1']
    A1 = sigmoid(Z1)
    Z2 = A1 @ params['W2'] + params['b2']
    A2 = sigmoid(Z2)
    return A2, {'A0': X, 'Z1': Z1, 'A1': A1, 'Z2': Z2, 'A2': A2}

def mse_loss(Y_hat, Y):
    return float(np.mean((Y_hat - Y)**2))

def backward(params, cache, Y):
    A0, Z1, A1, Z2, A2 = cache['A0'], cache['Z1'], cache['A1'], cache['Z2'], cache['A2']
    dA2 = 2 * (A2 - Y) / A2.size
    dZ2 = dA2 * sigmoid_derivative(Z2)
    dA1 = dZ2 @ params['W2'].T
    dZ1 = dA1 * sigmoid_derivative(Z1)
    return {'W1': A0.T @ dZ1, 'b1': dZ1.sum(axis=0), 'W2': A1.T @ dZ2, 'b2': dZ2.sum(axis=0)}

def train(params, X, Y, lr, epochs):
    params = {k: v.copy() for k, v in params.items()}
    losses = []
    Y_hat, cache = forward(params, X)
    losses.append(mse_loss(Y_hat, Y))
    for epoch in range(epochs):
        grads = backward(params, cache, Y)
        for k in ('W1', 'b1', 'W2', 'b2'):
            params[k] = params[k] - lr * grads[k]
        lr = lr * 0.95   # learning rate decay so it doesn't overshoot
        Y_hat, cache = forward(params, X)
        losses.append(mse_loss(Y_hat, Y))
    print("final loss", losses[-1])
    return params, losses

def predict(params, X):
    Y_hat, _ = forward(params, X)
    return (Y_hat >= 0.5).astype(int)
