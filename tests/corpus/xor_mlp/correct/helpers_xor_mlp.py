# ---------------------------------------------------------------
#  XOR MLP  (2 -> hidden -> 1), sigmoid everywhere, MSE loss
#  I split everything into tiny helpers so each one is easy to test.
# ---------------------------------------------------------------
import numpy as np
import matplotlib.pyplot as plt


# ---------- small helpers ----------

def linear(A, W, b):
    return A @ W + b


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    # 1/(1+exp(-z)) written as exp(-log(1+exp(-z))) so nothing overflows
    return np.exp(-np.logaddexp(0.0, -z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def sigmoid_grad_from_output(a):
    # same derivative, but given a = sigmoid(z) already
    return a * (1.0 - a)


def zeros_like_params(params):
    return {k: np.zeros_like(v, dtype=float) for k, v in params.items()}


def copy_params(params):
    return {k: np.array(v, dtype=float, copy=True) for k, v in params.items()}


def sgd_step(params, grads, lr):
    return {k: params[k] - lr * grads[k] for k in params}


def loss_grad(Y_hat, Y):
    # d/dY_hat of mean((Y_hat - Y)^2) over all entries
    return 2.0 * (Y_hat - Y) / Y_hat.size


def linear_backward(dZ, A_prev, W):
    dW = A_prev.T @ dZ
    db = np.sum(dZ, axis=0)
    dA_prev = dZ @ W.T
    return dW, db, dA_prev


def accuracy(pred, Y):
    return float(np.mean(pred == Y))


# ---------- required functions ----------

def init_params(n_in, n_hidden, n_out, rng):
    limit1 = np.sqrt(6.0 / (n_in + n_hidden))
    limit2 = np.sqrt(6.0 / (n_hidden + n_out))
    return {
        "W1": rng.uniform(-limit1, limit1, (n_in, n_hidden)),
        "b1": np.zeros(n_hidden),
        "W2": rng.uniform(-limit2, limit2, (n_hidden, n_out)),
        "b2": np.zeros(n_out),
    }


def forward(params, X):
    X = np.asarray(X, dtype=float)
    Z1 = linear(X, params["W1"], params["b1"])
    A1 = sigmoid(Z1)
    Z2 = linear(A1, params["W2"], params["b2"])
    A2 = sigmoid(Z2)
    cache = {"X": X, "Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, cache


def mse_loss(Y_hat, Y):
    return float(np.mean((np.asarray(Y_hat) - np.asarray(Y)) ** 2))


def backward(params, cache, Y):
    dA2 = loss_grad(cache["A2"], np.asarray(Y, dtype=float))
    dZ2 = dA2 * sigmoid_grad_from_output(cache["A2"])
    dW2, db2, dA1 = linear_backward(dZ2, cache["A1"], params["W2"])
    dZ1 = dA1 * sigmoid_derivative(cache["Z1"])
    dW1, db1, _ = linear_backward(dZ1, cache["X"], params["W1"])
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def train(params, X, Y, lr, epochs):
    params = copy_params(params)
    losses = [mse_loss(forward(params, X)[0], Y)]
    for _ in range(epochs):
        Y_hat, cache = forward(params, X)
        grads = backward(params, cache, Y)
        params = sgd_step(params, grads, lr)
        losses.append(mse_loss(forward(params, X)[0], Y))
    return params, losses


def predict(params, X):
    Y_hat, _ = forward(params, X)
    return (Y_hat >= 0.5).astype(int)


# ---------- demo ----------

X_xor = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y_xor = np.array([[0], [1], [1], [0]], dtype=float)

rng = np.random.default_rng(1)
demo_params = init_params(2, 4, 1, rng)
demo_params, demo_losses = train(demo_params, X_xor, Y_xor, lr=5.0, epochs=10000)
print("final loss:", demo_losses[-1])
print("predictions:", predict(demo_params, X_xor).ravel())
print("accuracy:", accuracy(predict(demo_params, X_xor), Y_xor))

plt.figure()
plt.plot(demo_losses)
plt.yscale("log")
plt.xlabel("epoch")
plt.ylabel("MSE")
plt.title("XOR training loss")
plt.savefig("xor_loss.png")

# decision boundary
gx, gy = np.meshgrid(np.linspace(-0.5, 1.5, 200), np.linspace(-0.5, 1.5, 200))
grid = np.c_[gx.ravel(), gy.ravel()]
plt.figure()
plt.contourf(gx, gy, forward(demo_params, grid)[0].reshape(gx.shape), levels=20, cmap="RdBu")
plt.scatter(X_xor[:, 0], X_xor[:, 1], c=Y_xor.ravel(), edgecolors="k")
plt.savefig("xor_boundary.png")


if __name__ == "__main__":
    for hidden in [2, 3, 4, 8]:
        for seed in range(5):
            p = init_params(2, hidden, 1, np.random.default_rng(seed))
            p, l = train(p, X_xor, Y_xor, lr=5.0, epochs=5000)
            print(hidden, seed, l[-1], predict(p, X_xor).ravel())
    plt.show()
