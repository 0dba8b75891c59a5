#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""
Fiona MacLeod  --  two_hidden_mlp.py
Neural nets, exercise sheet 4.

Notes to self:
  * column = one sample, W is (out, in)
  * I use np.matrix inside backprop because then * is the matrix product like in MATLAB
  * PRINT_EVERY controls how chatty train() is
"""
import numpy as np

# ---------------------------------------------------------------- constants
N_LAYERS = 3
HALF = 0.5
ONE = 1.0
INIT_BIAS = 0.0
PRINT_EVERY = 1            # print the loss every epoch, I like to watch it go down
VERBOSE = True
DEFAULT_LR = 0.5           # what I used when testing (train() takes lr as an argument)
SEED = 1234


# ---------------------------------------------------------------- little helpers
def logistic(z):
    """numerically safe logistic"""
    z = np.asarray(z, dtype=np.float64)
    small = np.exp(-np.abs(z))
    return np.where(z >= 0, ONE / (ONE + small), small / (ONE + small))


def logistic_slope_from_value(a):
    """derivative of the logistic written with its value a = logistic(z)"""
    return np.multiply(a, ONE - a)


def n_samples(M):
    return M.shape[1]


def affine(Wm, Am, bm):
    # W (out,in) times A (in,B) plus bias column for every column
    return Wm * Am + bm          # np.matrix: * is matmul, + broadcasts a (n,1) column


def as_mat(*arrays):
    return [np.asmatrix(np.asarray(a, dtype=np.float64)) for a in arrays]


def as_arr(*mats):
    return [np.asarray(m) for m in mats]


def colsum(Mm):
    return Mm.sum(axis=1)          # np.matrix keeps it (n,1)


def fprop(parameters, X):
    W1, b1, W2, b2, W3, b3 = as_mat(*parameters)
    (Xm,) = as_mat(X)
    H1 = np.asmatrix(logistic(affine(W1, Xm, b1)))
    H2 = np.asmatrix(logistic(affine(W2, H1, b2)))
    O = affine(W3, H2, b3)
    return as_arr(Xm, H1, H2, O)


def bprop(acts, targets, parameters):
    Xm, H1, H2, O = as_mat(*acts)
    W1, b1, W2, b2, W3, b3 = as_mat(*parameters)
    (Tm,) = as_mat(targets)
    D3 = (O - Tm) / n_samples(O)
    D2 = np.multiply(W3.T * D3, logistic_slope_from_value(H2))
    D1 = np.multiply(W2.T * D2, logistic_slope_from_value(H1))
    grads = [D1 * Xm.T, colsum(D1), D2 * H1.T, colsum(D2), D3 * H2.T, colsum(D3)]
    return as_arr(*grads)


def sgd_step(params, grads, lr):
    return [p - lr * g for p, g in zip(params, grads)]


def half_sse_mean(P, T):
    R = np.asarray(P) - np.asarray(T)
    return float(HALF * np.sum(R * R) / R.shape[1])


# ---------------------------------------------------------------- required API
def initialize(input_dim, hidden1_dim, hidden2_dim, output_dim, rng):
    shapes = [(hidden1_dim, input_dim), (hidden2_dim, hidden1_dim), (output_dim, hidden2_dim)]
    out = []
    for (rows, cols) in shapes:
        out.append(rng.normal(loc=0.0, scale=ONE / np.sqrt(cols), size=(rows, cols)))
        out.append(np.full((rows, 1), INIT_BIAS))
    return out


def sigmoid(x):
    return logistic(x)


def squared_loss(predictions, targets):
    return half_sse_mean(predictions, targets)


def deriv_squared_loss(predictions, targets):
    return (np.asarray(predictions) - np.asarray(targets)) / n_samples(predictions)


def forward(parameters, X):
    return fprop(parameters, X)


def backward(activations, targets, parameters):
    return bprop(activations, targets, parameters)


def train(parameters, X, Y, lr, epochs):
    params = [np.array(p, dtype=np.float64) for p in parameters]
    acts = fprop(params, X)
    losses = [half_sse_mean(acts[-1], Y)]
    if VERBOSE:
        print("=" * 60)
        print(f"training: lr={lr}, epochs={epochs}, batch={n_samples(X)}")
        print(f"shapes: {[p.shape for p in params]}")
        print(f"epoch {0:5d}  loss {losses[0]:.8f}")
    for epoch in range(1, epochs + 1):
        grads = bprop(acts, Y, params)
        params = sgd_step(params, grads, lr)
        acts = fprop(params, X)
        losses.append(half_sse_mean(acts[-1], Y))
        if VERBOSE and epoch % PRINT_EVERY == 0:
            gnorm = np.sqrt(sum(float(np.sum(g * g)) for g in grads))
            print(f"epoch {epoch:5d}  loss {losses[-1]:.8f}  |grad| {gnorm:.3e}  "
                  f"delta {losses[-1] - losses[-2]:+.3e}")
    if VERBOSE:
        print(f"done. loss {losses[0]:.6f} -> {losses[-1]:.6f}")
        print("=" * 60)
    return params, losses


def predict(parameters, X):
    return fprop(parameters, X)[-1]


# ---------------------------------------------------------------- try it
rng = np.random.default_rng(SEED)
X_demo = rng.uniform(-1, 1, size=(2, 30))
Y_demo = np.sin(X_demo[:1]) * np.cos(X_demo[1:])
print("demo data", X_demo.shape, Y_demo.shape)
p0 = initialize(2, 8, 8, 1, rng)
print("init loss", squared_loss(predict(p0, X_demo), Y_demo))
p_fit, hist = train(p0, X_demo, Y_demo, DEFAULT_LR, 50)
print("final loss", hist[-1])
