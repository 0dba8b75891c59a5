"""nbgrader test cells equivalent to the grader's checks, for the side-by-side benchmark.

Each assignment gets a locked, read-only setup cell (the reference solution,
loaded from its source, plus small helpers) and one autograded test cell per
check, with the same ids, categories and points as ``assignments/<name>/checks.py``
where that module exists (``linear_regression``: the same inputs from the same
seeds, check by check), and written from the contracts (assignments/<name>/README.md) and docs/gradient-checking.md
otherwise. They do the same kinds of work as the grader:

- api: every function exists and runs past ``NotImplementedError``;
- shape: contract shapes, and no argument modified in place;
- forward: outputs against the reference on fixed inputs, hard ones included;
- gradient: the student's gradient against central differences of the
  student's *own* loss (every coordinate, float64, step 1e-5; 1e-2 for a
  float32 student), against the reference at two points, and twice the same;
- training: a few steps from given parameters follow the reference trajectory;
- convergence: the task is learnt (least squares, XOR from the grader's
  starting points, held-out MNIST accuracy, the RNN task's loss), with the
  grader's own workload (epochs, images, schedule) read from its check
  module at build time (``convergence_constants``).

Tolerances are the grader's (``grader/checks/common.py``). The cells are plain
``assert``s: nbgrader gives a cell its points when it raises nothing.

``python bench/nbgrader_tests.py`` runs every cell in-process on the reference
solutions and the corpus (``tests/corpus``) and prints the scores, to check
that correct code gets full marks and planted mistakes lose points.
"""
from __future__ import annotations

import textwrap

# --------------------------------------------------------------------------- shared helpers

HELPERS = r'''
import copy as _nbg_copy
import math as _nbg_math
import types as _nbg_types
import zlib as _nbg_zlib

import numpy as _nbg_np

_nbg_ref = _nbg_types.ModuleType("_nbg_ref")
exec(compile(_NBG_REF_SOURCE, "<reference solution>", "exec"), _nbg_ref.__dict__)

RTOL64, RTOL32 = 1e-6, 2e-4
GRAD_TOL64, GRAD_TOL32 = 1e-6, 1e-3
FD_STEP64, FD_STEP32 = 1e-5, 1e-2
FD_TOL64, FD_TOL32 = 1e-6, 5e-3


def _nbg_rng(check_id, salt=""):
    """The grader's seeding: crc32 of assignment/check id/salt."""
    return _nbg_np.random.default_rng(_nbg_zlib.crc32(f"{_NBG_ASSIGNMENT}/{check_id}/{salt}".encode()))


def _nbg_low(*values):
    for v in values:
        if isinstance(v, dict):
            if _nbg_low(*v.values()):
                return True
        elif isinstance(v, (tuple, list)):
            if _nbg_low(*v):
                return True
        elif isinstance(v, _nbg_np.ndarray) and v.dtype in (_nbg_np.float32, _nbg_np.float16):
            return True
    return False


def _nbg_float(v, what="value"):
    arr = _nbg_np.asarray(v, dtype=float)
    assert arr.size == 1, f"{what} should be one number, got shape {arr.shape}"
    return float(arr.reshape(()))


def _nbg_shape(v, shape, what):
    arr = _nbg_np.asarray(v)
    assert arr.dtype.kind in "biuf", f"{what} should be a numeric array"
    assert arr.shape == tuple(shape), f"{what} has shape {arr.shape}, expected {tuple(shape)}"
    return arr.astype(float)


def _nbg_close(got, want, what, low=None):
    want = _nbg_np.asarray(want, dtype=float)
    low = _nbg_low(got) if low is None else low
    got = _nbg_np.asarray(_nbg_float(got, what)) if want.ndim == 0 else _nbg_np.asarray(got, dtype=float)
    if got.shape != want.shape:
        assert got.size == want.size and [s for s in got.shape if s != 1] == [s for s in want.shape if s != 1], \
            f"{what} has shape {got.shape}, the reference {want.shape}"
        got = got.reshape(want.shape)
    rtol = RTOL32 if low else RTOL64
    scale = max(float(_nbg_np.max(_nbg_np.abs(want))) if want.size else 0.0, 1e-12)
    assert _nbg_np.all(_nbg_np.isfinite(got)), f"{what} is not finite"
    assert _nbg_np.allclose(got, want, rtol=rtol, atol=rtol * scale), f"{what} differs from the reference"


def _nbg_rel(a, b):
    a, b = _nbg_np.asarray(a, dtype=float), _nbg_np.asarray(b, dtype=float)
    if not (_nbg_np.all(_nbg_np.isfinite(a)) and _nbg_np.all(_nbg_np.isfinite(b))):
        return 1.0
    if a.shape != b.shape:
        if a.size != b.size:
            return 1.0
        a = a.reshape(b.shape)
    d = float(_nbg_np.linalg.norm(a) + _nbg_np.linalg.norm(b))
    return 0.0 if d == 0 else float(_nbg_np.linalg.norm(a - b)) / d


def _nbg_grads(got, want, tol, what):
    assert isinstance(got, dict) and sorted(got) == sorted(want), f"{what}: keys {sorted(got)} != {sorted(want)}"
    bad = {k: _nbg_rel(got[k], want[k]) for k in want if not _nbg_rel(got[k], want[k]) <= tol}
    assert not bad, f"{what}: wrong blocks {bad} (tolerance {tol})"


def _nbg_fd(loss, params, step):
    """Central differences of loss(params) at every coordinate of every block."""
    base = {k: _nbg_np.array(v, dtype=float) for k, v in params.items()}
    out = {}
    for k, v in base.items():
        g = _nbg_np.zeros(v.shape)
        for idx in _nbg_np.ndindex(v.shape):
            vals = []
            for sign in (1.0, -1.0):
                p = {kk: vv.copy() for kk, vv in base.items()}
                p[k][idx] += sign * step
                vals.append(_nbg_float(loss(p), "the loss"))
            g[idx] = (vals[0] - vals[1]) / (2 * step)
        out[k] = g
    return out


def _nbg_same(a, b):
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_nbg_same(a[k], b[k]) for k in a)
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(_nbg_same(x, y) for x, y in zip(a, b))
    if isinstance(a, _nbg_np.ndarray) or isinstance(b, _nbg_np.ndarray):
        x, y = _nbg_np.asarray(a), _nbg_np.asarray(b)
        return x.shape == y.shape and x.dtype == y.dtype and bool(_nbg_np.array_equal(x, y, equal_nan=True))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b or (a != a and b != b)
    return True


def _nbg_unmodified(fn, *args):
    before = _nbg_copy.deepcopy(args)
    fn(*args)
    assert _nbg_same(before, args), f"{fn.__name__} modified its arguments in place"


def _nbg_close_any(a, b):
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_nbg_close_any(a[k], b[k]) for k in a)
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(_nbg_close_any(x, y) for x, y in zip(a, b))
    try:
        x, y = _nbg_np.asarray(a, dtype=float), _nbg_np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return True
    return x.shape == y.shape and bool(_nbg_np.allclose(x, y, rtol=1e-12, atol=0, equal_nan=True))


def _nbg_repeatable(fn, *args):
    assert _nbg_close_any(fn(*args), fn(*args)), f"{fn.__name__} gives different results on identical calls"


def _nbg_api(calls):
    stubbed = []
    for name, args in calls.items():
        fn = globals().get(name)
        assert callable(fn), f"there is no function {name}"
        try:
            fn(*args)
        except NotImplementedError:
            stubbed.append(name)
        except Exception:
            pass
    assert not stubbed, f"not implemented yet: {stubbed}"


def _nbg_losses(v, epochs, what):
    arr = _nbg_np.asarray([_nbg_float(x, "a loss") for x in v], dtype=float)
    assert arr.size == epochs + 1, f"{what} has {arr.size} entries, expected {epochs + 1}"
    return arr


def _nbg_params(v, keys, what):
    assert isinstance(v, dict), f"{what} should be a dict"
    assert sorted(v) == sorted(keys), f"{what} has keys {sorted(v)}, expected {sorted(keys)}"
    return {k: _nbg_np.asarray(v[k], dtype=float) for k in keys}
'''

# --------------------------------------------------------------------------- linear_regression
# A mirror of assignments/linear_regression/checks.py: same ids, points, inputs and tolerances.

LINREG_SETUP = r'''
def _nbg_problem(rng, n=7, d=3):
    X = rng.normal(size=(n, d))
    y = X @ rng.normal(size=d) + 0.7 + 0.3 * rng.normal(size=n)
    return X, y, rng.normal(size=d), float(rng.normal() + 0.5)


def _nbg_well_scaled(rng, n=120, d=4):
    X = rng.normal(size=(n, d))
    X = (X - X.mean(0)) / X.std(0)
    return X, X @ rng.normal(size=d) - 1.3 + 0.1 * rng.normal(size=n)


def _nbg_trajectory(fn, args, want, epochs):
    out = fn(*args)
    assert isinstance(out, (tuple, list)) and len(out) == 3, f"{fn.__name__} should return (w, b, losses)"
    w, b, losses = out
    low = _nbg_low(w)
    losses = _nbg_losses(losses, epochs, f"the losses from {fn.__name__}")
    _nbg_close(losses, _nbg_np.asarray(want[2]), f"the losses from {fn.__name__}", low)
    _nbg_close(w, want[0], f"the final w from {fn.__name__}", low)
    _nbg_close(b, want[1], f"the final b from {fn.__name__}", low)
'''

LINREG_TESTS = [
    ("api.functions", 10, '''
X, y, w, b = _nbg_problem(_nbg_rng("api.functions"))
_nbg_api({"predict": (X, w, b), "mse_loss": (X, y, w, b), "mse_gradients": (X, y, w, b),
          "gradient_descent": (X, y, 0.01, 1), "sgd": (X, y, 0.01, 1, _nbg_np.random.default_rng(0)),
          "polynomial_features": (X[:, 0], 2), "standardize": (X,)})
'''),
    ("shape.outputs", 6, '''
X, y, w, b = _nbg_problem(_nbg_rng("shape.outputs"))
n, d = X.shape
_nbg_shape(predict(X, w, b), (n,), "predict")
_nbg_float(mse_loss(X, y, w, b), "mse_loss")
dw, db = mse_gradients(X, y, w, b)
_nbg_shape(dw, (d,), "dw"); _nbg_float(db, "db")
w1, b1, losses = gradient_descent(X, y, 0.01, 3, w, b)
_nbg_shape(w1, (d,), "w from gradient_descent"); _nbg_float(b1, "b"); _nbg_losses(losses, 3, "losses")
w2, _, losses = sgd(X, y, 0.01, 2, _nbg_np.random.default_rng(3), w, b)
_nbg_shape(w2, (d,), "w from sgd"); _nbg_losses(losses, 2, "losses from sgd")
_nbg_shape(polynomial_features(X[:, 0], 4), (n, 4), "polynomial_features")
Xs, mean, std = standardize(X)
_nbg_shape(Xs, (n, d), "X_std"); _nbg_shape(mean, (d,), "mean"); _nbg_shape(std, (d,), "std")
'''),
    ("shape.no_mutation", 4, '''
X, y, w, b = _nbg_problem(_nbg_rng("shape.no_mutation"))
_nbg_unmodified(predict, X, w, b)
_nbg_unmodified(mse_loss, X, y, w, b)
_nbg_unmodified(mse_gradients, X, y, w, b)
_nbg_unmodified(gradient_descent, X, y, 0.01, 2, w, b)
_nbg_unmodified(sgd, X, y, 0.01, 2, _nbg_np.random.default_rng(1), w, b)
_nbg_unmodified(standardize, X)
_nbg_unmodified(polynomial_features, X[:, 1].copy(), 3)
'''),
    ("forward.predict", 6, '''
rng = _nbg_rng("forward.predict")
for n, d in ((7, 3), (1, 4)):
    X, _, w, b = _nbg_problem(rng, n, d)
    _nbg_close(predict(X, w, b), _nbg_ref.predict(X, w, b), f"predict on a batch of {n}")
'''),
    ("forward.mse_loss", 6, '''
X, y, w, b = _nbg_problem(_nbg_rng("forward.mse_loss"))
_nbg_close(mse_loss(X, y, w, b), _nbg_ref.mse_loss(X, y, w, b), "mse_loss")
'''),
    ("forward.polynomial_features", 4, '''
x = _nbg_rng("forward.polynomial_features").uniform(-2, 2, size=6)
_nbg_close(polynomial_features(x, 3), _nbg_ref.polynomial_features(x, 3), "polynomial_features")
'''),
    ("forward.standardize", 4, '''
X = _nbg_rng("forward.standardize").normal(3.0, 2.0, size=(9, 3))
X[:, 1] = 2.0
for got, want, what in zip(standardize(X), _nbg_ref.standardize(X), ("X_std", "mean", "std")):
    _nbg_close(got, want, what)
'''),
    ("gradient.numerical", 10, '''
X, y, w, b = _nbg_problem(_nbg_rng("gradient.numerical"))
dw, db = mse_gradients(X, y, w, b)
low = _nbg_low(dw, db, mse_loss(X, y, w, b))
got = {"w": _nbg_np.asarray(dw, float).ravel(), "b": _nbg_np.asarray(_nbg_float(db))}
num = _nbg_fd(lambda p: mse_loss(X, y, p["w"], float(p["b"])), {"w": w, "b": _nbg_np.asarray(b)},
              FD_STEP32 if low else FD_STEP64)
_nbg_grads(got, num, FD_TOL32 if low else FD_TOL64, "mse_gradients vs finite differences of mse_loss")
'''),
    ("gradient.reference", 15, '''
rng = _nbg_rng("gradient.reference")
for n, d in ((7, 3), (6, 5)):
    X, y, w, b = _nbg_problem(rng, n, d)
    dw, db = mse_gradients(X, y, w, b)
    rdw, rdb = _nbg_ref.mse_gradients(X, y, w, b)
    _nbg_grads({"w": _nbg_np.asarray(dw, float).ravel(), "b": _nbg_np.asarray(_nbg_float(db))},
               {"w": rdw, "b": _nbg_np.asarray(rdb)}, GRAD_TOL32 if _nbg_low(dw, db) else GRAD_TOL64,
               "mse_gradients vs the reference")
'''),
    ("gradient.repeatable", 5, '''
X, y, w, b = _nbg_problem(_nbg_rng("gradient.repeatable"))
_nbg_unmodified(mse_gradients, X, y, w, b)
_nbg_repeatable(mse_gradients, X, y, w, b)
'''),
    ("training.gradient_descent", 8, '''
X, y, w, b = _nbg_problem(_nbg_rng("training.gradient_descent"))
_nbg_trajectory(gradient_descent, (X, y, 0.05, 6, w, b), _nbg_ref.gradient_descent(X, y, 0.05, 6, w, b), 6)
_nbg_trajectory(gradient_descent, (X, y, 0.05, 3), _nbg_ref.gradient_descent(X, y, 0.05, 3), 3)
'''),
    ("training.sgd", 7, '''
X, y, w, b = _nbg_problem(_nbg_rng("training.sgd"))
want = _nbg_ref.sgd(X, y, 0.02, 3, _nbg_np.random.default_rng(11), w, b)
_nbg_trajectory(sgd, (X, y, 0.02, 3, _nbg_np.random.default_rng(11), w, b), want, 3)
'''),
    ("convergence.lstsq", 15, '''
X, y = _nbg_well_scaled(_nbg_rng("convergence.lstsq"))
A = _nbg_np.hstack([X, _nbg_np.ones((len(X), 1))])
best = _nbg_np.linalg.lstsq(A, y, rcond=None)[0]
w, b, losses = gradient_descent(X, y, 0.1, 300)
_nbg_losses(losses, 300, "losses")
got = _nbg_np.append(_nbg_np.asarray(w, float).ravel(), _nbg_float(b))
assert got.shape == best.shape and _nbg_np.all(_nbg_np.isfinite(got)), "no finite solution"
assert _nbg_np.linalg.norm(got - best) / _nbg_np.linalg.norm(best) <= 1e-3, "not at the least-squares solution"
'''),
]

# --------------------------------------------------------------------------- xor_mlp

XOR_SETUP = r'''
_NBG_XOR_KEYS = ["W1", "b1", "W2", "b2"]


def _nbg_xor_point(rng, n=6, d=3, h=5, k=2):
    """Non-degenerate: N not 4, non-square layers, non-zero biases, unsaturated."""
    p = {"W1": rng.normal(size=(d, h)), "b1": 0.3 * rng.normal(size=h),
         "W2": rng.normal(size=(h, k)) / _nbg_np.sqrt(h), "b2": 0.3 * rng.normal(size=k)}
    return p, rng.normal(size=(n, d)), rng.uniform(0.05, 0.95, size=(n, k))


def _nbg_xor_data():
    X = _nbg_np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    return X, _nbg_np.array([[0], [1], [1], [0]], dtype=float)
'''

XOR_TESTS = [
    ("api.functions", 10, '''
p, X, Y = _nbg_xor_point(_nbg_rng("api.functions"))
_nbg_api({"sigmoid": (X,), "sigmoid_derivative": (X,), "init_params": (3, 5, 2, _nbg_np.random.default_rng(0)),
          "forward": (p, X), "mse_loss": (_nbg_ref.forward(p, X)[0], Y),
          "backward": (p, _nbg_ref.forward(p, X)[1], Y), "train": (p, X, Y, 0.1, 1), "predict": (p, X)})
'''),
    ("shape.outputs", 6, '''
p, X, Y = _nbg_xor_point(_nbg_rng("shape.outputs"))
n, d = X.shape
q = _nbg_params(init_params(3, 5, 2, _nbg_np.random.default_rng(0)), _NBG_XOR_KEYS, "init_params")
for k in _NBG_XOR_KEYS:
    _nbg_shape(q[k], p[k].shape, f"init_params()[{k!r}]")
Y_hat, cache = forward(p, X)
_nbg_shape(Y_hat, (n, 2), "Y_hat")
_nbg_float(mse_loss(Y_hat, Y), "mse_loss")
g = _nbg_params(backward(p, cache, Y), _NBG_XOR_KEYS, "backward")
for k in _NBG_XOR_KEYS:
    _nbg_shape(g[k], p[k].shape, f"the gradient of {k}")
p2, losses = train(p, X, Y, 0.1, 3)
_nbg_params(p2, _NBG_XOR_KEYS, "train's params"); _nbg_losses(losses, 3, "losses")
pred = _nbg_np.asarray(predict(p, X))
assert pred.shape == (n, 2) and pred.dtype.kind in "biu", "predict should return integers of shape (N, n_out)"
'''),
    ("shape.no_mutation", 4, '''
p, X, Y = _nbg_xor_point(_nbg_rng("shape.no_mutation"))
Y_hat, cache = _nbg_ref.forward(p, X)
_nbg_unmodified(forward, p, X)
_nbg_unmodified(mse_loss, Y_hat, Y)
_nbg_unmodified(backward, p, forward(p, X)[1], Y)
_nbg_unmodified(train, p, X, Y, 0.1, 2)
_nbg_unmodified(predict, p, X)
_nbg_unmodified(sigmoid, X)
'''),
    ("forward.sigmoid", 5, '''
z = _nbg_np.concatenate([_nbg_rng("forward.sigmoid").normal(0, 3, size=20), [-1000.0, -50.0, 0.0, 50.0, 1000.0]])
_nbg_close(sigmoid(z), _nbg_ref.sigmoid(z), "sigmoid (with +-1000)")
_nbg_close(sigmoid(z.reshape(5, 5)), _nbg_ref.sigmoid(z.reshape(5, 5)), "sigmoid on a matrix")
'''),
    ("forward.sigmoid_derivative", 5, '''
z = _nbg_rng("forward.sigmoid_derivative").normal(0, 2, size=(4, 6))
_nbg_close(sigmoid_derivative(z), _nbg_ref.sigmoid_derivative(z), "sigmoid_derivative")
'''),
    ("forward.forward", 6, '''
rng = _nbg_rng("forward.forward")
for n in (6, 1):
    p, X, Y = _nbg_xor_point(rng, n=n)
    _nbg_close(forward(p, X)[0], _nbg_ref.forward(p, X)[0], f"Y_hat on a batch of {n}")
X, _ = _nbg_xor_data()
p, _, _ = _nbg_xor_point(rng, d=2, h=3, k=1)
_nbg_close(forward(p, X)[0], _nbg_ref.forward(p, X)[0], "Y_hat on the XOR inputs")
'''),
    ("forward.mse_loss", 4, '''
p, X, Y = _nbg_xor_point(_nbg_rng("forward.mse_loss"))
Y_hat = _nbg_ref.forward(p, X)[0]
_nbg_close(mse_loss(Y_hat, Y), _nbg_ref.mse_loss(Y_hat, Y), "mse_loss")
'''),
    ("gradient.numerical", 10, '''
p, X, Y = _nbg_xor_point(_nbg_rng("gradient.numerical"))
g = backward(p, forward(p, X)[1], Y)
low = _nbg_low(g, forward(p, X)[0])
num = _nbg_fd(lambda q: mse_loss(forward(q, X)[0], Y), p, FD_STEP32 if low else FD_STEP64)
_nbg_grads(_nbg_params(g, _NBG_XOR_KEYS, "backward"), num, FD_TOL32 if low else FD_TOL64,
           "backward vs finite differences of your forward + mse_loss")
'''),
    ("gradient.reference", 15, '''
rng = _nbg_rng("gradient.reference")
for shape in ((6, 3, 5, 2), (7, 2, 4, 3)):
    p, X, Y = _nbg_xor_point(rng, *shape)
    g = backward(p, forward(p, X)[1], Y)
    want = _nbg_ref.backward(p, _nbg_ref.forward(p, X)[1], Y)
    _nbg_grads(_nbg_params(g, _NBG_XOR_KEYS, "backward"), want, GRAD_TOL32 if _nbg_low(g) else GRAD_TOL64,
               "backward vs the reference")
'''),
    ("gradient.repeatable", 5, '''
p, X, Y = _nbg_xor_point(_nbg_rng("gradient.repeatable"))
cache = forward(p, X)[1]
_nbg_repeatable(backward, p, cache, Y)
'''),
    ("training.train", 10, '''
p, X, Y = _nbg_xor_point(_nbg_rng("training.train"))
got, losses = train(p, X, Y, 0.5, 5)
want, rlosses = _nbg_ref.train(p, X, Y, 0.5, 5)
low = _nbg_low(got)
_nbg_close(_nbg_losses(losses, 5, "losses"), rlosses, "the losses from train", low)
got = _nbg_params(got, _NBG_XOR_KEYS, "train's params")
for k in _NBG_XOR_KEYS:
    _nbg_close(got[k], want[k], f"{k} after training", low)
'''),
    ("training.init_params", 5, '''
q = _nbg_params(init_params(2, 8, 1, _nbg_np.random.default_rng(5)), _NBG_XOR_KEYS, "init_params")
assert _nbg_np.all(q["b1"] == 0) and _nbg_np.all(q["b2"] == 0), "biases should start at zero"
assert _nbg_np.unique(_nbg_np.round(q["W1"], 12), axis=1).shape[1] == 8, "hidden units start identical"
assert 0.05 < float(_nbg_np.std(q["W1"])) < 2.0, "W1's scale saturates the sigmoid or is too small"
'''),
    ("convergence.xor", 15, '''
X, Y = _nbg_xor_data()
for k, p in enumerate(_NBG_XOR_STARTS):
    p = {key: _nbg_np.array(v, dtype=float) for key, v in p.items()}
    q, losses = train(p, X, Y, _NBG_XOR_LR, _NBG_XOR_EPOCHS)
    pred = _nbg_np.asarray(predict(q, X))
    assert pred.shape == Y.shape and _nbg_np.array_equal(pred, Y), f"XOR not solved from start {k}"
'''),
]

# --------------------------------------------------------------------------- mnist_softmax

MNIST_SETUP = r'''
def _nbg_mlp_point(rng, sizes, n=6):
    """Non-zero biases, and every hidden pre-activation at least 0.05 from the ReLU kink
    (a float32 finite difference steps 1e-2), drawn again until it is."""
    for _ in range(200):
        p = {}
        for l in range(1, len(sizes)):
            p[f"W{l}"] = rng.normal(size=(sizes[l - 1], sizes[l])) * _nbg_np.sqrt(2.0 / sizes[l - 1])
            p[f"b{l}"] = 0.1 * rng.normal(size=sizes[l])
        X = rng.uniform(0.1, 1.0, size=(n, sizes[0])) * rng.choice([-1.0, 1.0], size=(n, sizes[0]))
        A, margin = X, _nbg_np.inf
        for l in range(1, len(sizes) - 1):
            Z = A @ p[f"W{l}"] + p[f"b{l}"]
            margin, A = min(margin, float(_nbg_np.min(_nbg_np.abs(Z)))), _nbg_np.maximum(Z, 0)
        if margin > 0.05 or sizes[0] > 100:
            break
    return p, X, rng.integers(0, sizes[-1], size=n)


def _nbg_mnist():
    d = _nbg_np.load(_NBG_MNIST_PATH)
    f = lambda a: a.reshape(len(a), -1).astype(float) / 255.0
    return f(d["x_train"]), d["y_train"].astype(_nbg_np.int64), f(d["x_test"]), d["y_test"].astype(_nbg_np.int64)
'''

MNIST_TESTS = [
    ("api.functions", 10, '''
p, X, y = _nbg_mlp_point(_nbg_rng("api.functions"), [6, 5, 4])
P, cache = _nbg_ref.forward(p, X)
_nbg_api({"softmax": (X,), "cross_entropy": (P, y), "one_hot": (y, 4),
          "init_params": ([6, 5, 4], _nbg_np.random.default_rng(0)), "forward": (p, X),
          "backward": (p, cache, y), "train": (p, X, y, 0.1, 1, 3, _nbg_np.random.default_rng(0)),
          "predict": (p, X)})
'''),
    ("shape.outputs", 6, '''
p, X, y = _nbg_mlp_point(_nbg_rng("shape.outputs"), [6, 5, 4])
keys = list(p)
q = _nbg_params(init_params([6, 5, 4], _nbg_np.random.default_rng(0)), keys, "init_params")
for k in keys:
    _nbg_shape(q[k], p[k].shape, f"init_params()[{k!r}]")
_nbg_shape(softmax(X), X.shape, "softmax")
_nbg_shape(one_hot(y, 4), (len(y), 4), "one_hot")
P, cache = forward(p, X)
_nbg_shape(P, (len(y), 4), "P")
_nbg_float(cross_entropy(P, y), "cross_entropy")
g = _nbg_params(backward(p, cache, y), keys, "backward")
for k in keys:
    _nbg_shape(g[k], p[k].shape, f"the gradient of {k}")
p2, losses = train(p, X, y, 0.1, 2, 4, _nbg_np.random.default_rng(1))
_nbg_params(p2, keys, "train's params"); _nbg_losses(losses, 2, "losses")
pred = _nbg_np.asarray(predict(p, X))
assert pred.shape == (len(y),) and pred.dtype.kind in "iu", "predict should return (N,) integers"
'''),
    ("shape.no_mutation", 4, '''
p, X, y = _nbg_mlp_point(_nbg_rng("shape.no_mutation"), [6, 5, 4])
P, cache = _nbg_ref.forward(p, X)
_nbg_unmodified(softmax, X)
_nbg_unmodified(cross_entropy, P, y)
_nbg_unmodified(forward, p, X)
_nbg_unmodified(backward, p, forward(p, X)[1], y)
_nbg_unmodified(train, p, X, y, 0.1, 1, 4, _nbg_np.random.default_rng(2))
_nbg_unmodified(predict, p, X)
'''),
    ("forward.softmax", 6, '''
Z = _nbg_rng("forward.softmax").normal(0, 3, size=(5, 7))
_nbg_close(softmax(Z), _nbg_ref.softmax(Z), "softmax")
Z[0, 2], Z[1, :], Z[2, 3] = 1000.0, -1000.0, -1000.0
_nbg_close(softmax(Z), _nbg_ref.softmax(Z), "softmax with logits of +-1000")
'''),
    ("forward.cross_entropy", 4, '''
rng = _nbg_rng("forward.cross_entropy")
P = _nbg_ref.softmax(rng.normal(size=(7, 5))); y = rng.integers(0, 5, size=7)
_nbg_close(cross_entropy(P, y), _nbg_ref.cross_entropy(P, y), "cross_entropy")
P[0] = [1.0, 0, 0, 0, 0]; y[0] = 3
_nbg_close(cross_entropy(P, y), _nbg_ref.cross_entropy(P, y), "cross_entropy with a probability of 0")
'''),
    ("forward.one_hot", 2, '''
y = _nbg_rng("forward.one_hot").integers(0, 10, size=9)
_nbg_close(one_hot(y, 10), _nbg_ref.one_hot(y, 10), "one_hot")
'''),
    ("forward.forward", 6, '''
rng = _nbg_rng("forward.forward")
for sizes, n in (([6, 5, 4], 6), ([6, 4], 5), ([6, 5, 4, 3], 7), ([6, 5, 4], 1), ([784, 16, 10], 5)):
    p, X, y = _nbg_mlp_point(rng, sizes, n)
    _nbg_close(forward(p, X)[0], _nbg_ref.forward(p, X)[0], f"P for layers {sizes}, batch {n}")
'''),
    ("gradient.numerical", 10, '''
rng = _nbg_rng("gradient.numerical")
for sizes in ([5, 4, 3], [5, 3]):
    p, X, y = _nbg_mlp_point(rng, sizes, 6)
    g = backward(p, forward(p, X)[1], y)
    low = _nbg_low(g, forward(p, X)[0])
    num = _nbg_fd(lambda q: cross_entropy(forward(q, X)[0], y), p, FD_STEP32 if low else FD_STEP64)
    _nbg_grads(_nbg_params(g, list(p), "backward"), num, FD_TOL32 if low else FD_TOL64,
               f"backward vs finite differences of your forward + cross_entropy, layers {sizes}")
'''),
    ("gradient.reference", 12, '''
rng = _nbg_rng("gradient.reference")
for sizes, n in (([6, 5, 4], 6), ([6, 5, 4, 3], 7), ([5, 5, 5], 6), ([784, 16, 10], 5)):
    p, X, y = _nbg_mlp_point(rng, sizes, n)
    g = backward(p, forward(p, X)[1], y)
    want = _nbg_ref.backward(p, _nbg_ref.forward(p, X)[1], y)
    _nbg_grads(_nbg_params(g, list(p), "backward"), want, GRAD_TOL32 if _nbg_low(g) else GRAD_TOL64,
               f"backward vs the reference, layers {sizes}")
'''),
    ("gradient.repeatable", 4, '''
p, X, y = _nbg_mlp_point(_nbg_rng("gradient.repeatable"), [6, 5, 4])
_nbg_repeatable(backward, p, forward(p, X)[1], y)
'''),
    ("training.init_params", 4, '''
q = init_params([784, 64, 10], _nbg_np.random.default_rng(3))
q = _nbg_params(q, ["W1", "b1", "W2", "b2"], "init_params")
assert _nbg_np.all(q["b1"] == 0) and _nbg_np.all(q["b2"] == 0), "biases should start at zero"
s = float(_nbg_np.std(q["W1"]))
assert 0.3 * _nbg_np.sqrt(1 / 784) < s < 3 * _nbg_np.sqrt(2 / 784), f"W1's scale {s:.3g} is neither He nor Xavier"
assert _nbg_np.unique(_nbg_np.round(q["W1"], 12), axis=1).shape[1] == 64, "hidden units start identical"
'''),
    ("training.train", 10, '''
p, X, y = _nbg_mlp_point(_nbg_rng("training.train"), [6, 5, 4], 23)
got, losses = train(p, X, y, 0.1, 2, 5, _nbg_np.random.default_rng(7))
want, rlosses = _nbg_ref.train(p, X, y, 0.1, 2, 5, _nbg_np.random.default_rng(7))
low = _nbg_low(got)
_nbg_close(_nbg_losses(losses, 2, "losses"), rlosses, "the losses from train", low)
got = _nbg_params(got, list(p), "train's params")
for k in p:
    _nbg_close(got[k], want[k], f"{k} after training", low)
'''),
    ("convergence.mnist", 22, '''
Xtr, ytr, Xte, yte = _nbg_mnist()
c = _NBG_MNIST
q = _nbg_ref.init_params([784, c["hidden"], 10], _nbg_np.random.default_rng(c["seed"]))
for start, stop, lr, seed in c["calls"]:
    q, losses = train(q, Xtr[start:stop], ytr[start:stop], lr, 1, c["batch"], _nbg_np.random.default_rng(seed))
acc = float(_nbg_np.mean(_nbg_np.asarray(predict(q, Xte)) == yte))
assert acc >= c["threshold"], f"held-out accuracy {acc:.3f} < {c['threshold']}"
'''),
]

# --------------------------------------------------------------------------- rnn

RNN_SETUP = r'''
_NBG_RNN_KEYS = ["Wxh", "Whh", "bh", "Why", "by"]


def _nbg_rnn_point(rng, n=5, t=4, d=3, h=6, k=4):
    """N not T, T >= 4, asymmetric Whh, non-zero biases and h0."""
    p = {"Wxh": rng.normal(size=(d, h)) / _nbg_np.sqrt(d), "Whh": rng.normal(size=(h, h)) / _nbg_np.sqrt(h),
         "bh": 0.2 * rng.normal(size=h), "Why": rng.normal(size=(h, k)) / _nbg_np.sqrt(h),
         "by": 0.2 * rng.normal(size=k)}
    return p, rng.normal(size=(n, t, d)), 0.3 * rng.normal(size=(n, h)), rng.integers(0, k, size=(n, t))


def _nbg_rnn_task():
    rng = _nbg_np.random.default_rng(0)
    S = rng.integers(0, 4, size=(8, 6))
    X = _nbg_np.eye(4)[S]
    Y = _nbg_np.concatenate([_nbg_np.zeros((8, 1), dtype=int), S[:, :-1]], axis=1)  # the previous symbol
    return X, Y
'''

RNN_TESTS = [
    ("api.functions", 10, '''
p, X, h0, Y = _nbg_rnn_point(_nbg_rng("api.functions"))
P, cache = _nbg_ref.rnn_forward(p, X, h0)
_nbg_api({"init_params": (3, 6, 4, _nbg_np.random.default_rng(0)), "rnn_forward": (p, X, h0),
          "rnn_loss": (P, Y), "rnn_backward": (p, cache, Y), "clip_gradients": (p, 1.0),
          "train": (p, X, Y, h0, 0.1, 1)})
'''),
    ("shape.outputs", 6, '''
p, X, h0, Y = _nbg_rnn_point(_nbg_rng("shape.outputs"))
q = _nbg_params(init_params(3, 6, 4, _nbg_np.random.default_rng(0)), _NBG_RNN_KEYS, "init_params")
for k in _NBG_RNN_KEYS:
    _nbg_shape(q[k], p[k].shape, f"init_params()[{k!r}]")
P, cache = rnn_forward(p, X, h0)
_nbg_shape(P, (5, 4, 4), "P")
_nbg_float(rnn_loss(P, Y), "rnn_loss")
g = _nbg_params(rnn_backward(p, cache, Y), _NBG_RNN_KEYS, "rnn_backward")
for k in _NBG_RNN_KEYS:
    _nbg_shape(g[k], p[k].shape, f"the gradient of {k}")
c = _nbg_params(clip_gradients(g, 0.1), _NBG_RNN_KEYS, "clip_gradients")
p2, losses = train(p, X, Y, h0, 0.1, 3)
_nbg_params(p2, _NBG_RNN_KEYS, "train's params"); _nbg_losses(losses, 3, "losses")
'''),
    ("shape.no_mutation", 4, '''
p, X, h0, Y = _nbg_rnn_point(_nbg_rng("shape.no_mutation"))
P, cache = _nbg_ref.rnn_forward(p, X, h0)
_nbg_unmodified(rnn_forward, p, X, h0)
_nbg_unmodified(rnn_loss, P, Y)
_nbg_unmodified(rnn_backward, p, rnn_forward(p, X, h0)[1], Y)
_nbg_unmodified(clip_gradients, _nbg_ref.rnn_backward(p, cache, Y), 0.01)
_nbg_unmodified(train, p, X, Y, h0, 0.1, 2)
'''),
    ("forward.rnn_forward", 8, '''
rng = _nbg_rng("forward.rnn_forward")
for n, t in ((5, 4), (1, 6)):
    p, X, h0, Y = _nbg_rnn_point(rng, n, t)
    _nbg_close(rnn_forward(p, X, h0)[0], _nbg_ref.rnn_forward(p, X, h0)[0], f"P for N={n}, T={t}")
p, X, h0, Y = _nbg_rnn_point(rng)
p["by"] = p["by"] + _nbg_np.array([900.0, 0, 0, -900.0])
_nbg_close(rnn_forward(p, X, h0)[0], _nbg_ref.rnn_forward(p, X, h0)[0], "P with huge logits")
'''),
    ("forward.rnn_loss", 6, '''
p, X, h0, Y = _nbg_rnn_point(_nbg_rng("forward.rnn_loss"))
P = _nbg_ref.rnn_forward(p, X, h0)[0]
_nbg_close(rnn_loss(P, Y), _nbg_ref.rnn_loss(P, Y), "rnn_loss")
P[0, 0] = 0.0; P[0, 0, (Y[0, 0] + 1) % 4] = 1.0
_nbg_close(rnn_loss(P, Y), _nbg_ref.rnn_loss(P, Y), "rnn_loss with a probability of 0")
'''),
    ("gradient.numerical", 12, '''
p, X, h0, Y = _nbg_rnn_point(_nbg_rng("gradient.numerical"))
g = rnn_backward(p, rnn_forward(p, X, h0)[1], Y)
low = _nbg_low(g, rnn_forward(p, X, h0)[0])
num = _nbg_fd(lambda q: rnn_loss(rnn_forward(q, X, h0)[0], Y), p, FD_STEP32 if low else FD_STEP64)
_nbg_grads(_nbg_params(g, _NBG_RNN_KEYS, "rnn_backward"), num, FD_TOL32 if low else FD_TOL64,
           "rnn_backward vs finite differences of your rnn_forward + rnn_loss")
'''),
    ("gradient.reference", 14, '''
rng = _nbg_rng("gradient.reference")
for shape in ((5, 4, 3, 6, 4), (6, 7, 2, 5, 3)):
    p, X, h0, Y = _nbg_rnn_point(rng, *shape)
    g = rnn_backward(p, rnn_forward(p, X, h0)[1], Y)
    want = _nbg_ref.rnn_backward(p, _nbg_ref.rnn_forward(p, X, h0)[1], Y)
    _nbg_grads(_nbg_params(g, _NBG_RNN_KEYS, "rnn_backward"), want, GRAD_TOL32 if _nbg_low(g) else GRAD_TOL64,
               "rnn_backward vs the reference")
'''),
    ("gradient.repeatable", 4, '''
p, X, h0, Y = _nbg_rnn_point(_nbg_rng("gradient.repeatable"))
_nbg_repeatable(rnn_backward, p, rnn_forward(p, X, h0)[1], Y)
'''),
    ("gradient.clip_gradients", 6, '''
p, X, h0, Y = _nbg_rnn_point(_nbg_rng("gradient.clip_gradients"))
g = _nbg_ref.rnn_backward(p, _nbg_ref.rnn_forward(p, X, h0)[1], Y)
for max_norm in (1e-3, 0.05, 1e3):
    got = _nbg_params(clip_gradients(g, max_norm), _NBG_RNN_KEYS, "clip_gradients")
    want = _nbg_ref.clip_gradients(g, max_norm)
    for k in _NBG_RNN_KEYS:
        _nbg_close(got[k], want[k], f"clipped {k} at max_norm={max_norm}")
'''),
    ("training.train", 10, '''
p, X, h0, Y = _nbg_rnn_point(_nbg_rng("training.train"))
got, losses = train(p, X, Y, h0, 0.5, 5, 0.5)
want, rlosses = _nbg_ref.train(p, X, Y, h0, 0.5, 5, 0.5)
low = _nbg_low(got)
_nbg_close(_nbg_losses(losses, 5, "losses"), rlosses, "the losses from train", low)
got = _nbg_params(got, _NBG_RNN_KEYS, "train's params")
for k in _NBG_RNN_KEYS:
    _nbg_close(got[k], want[k], f"{k} after training", low)
'''),
    ("training.init_params", 5, '''
q = _nbg_params(init_params(4, 16, 4, _nbg_np.random.default_rng(4)), _NBG_RNN_KEYS, "init_params")
assert _nbg_np.all(q["bh"] == 0) and _nbg_np.all(q["by"] == 0), "biases should start at zero"
assert _nbg_np.unique(_nbg_np.round(q["Whh"], 12), axis=1).shape[1] == 16, "hidden units start identical"
assert 0.02 < float(_nbg_np.std(q["Whh"])) < 1.0, "Whh's scale saturates tanh or is too small"
'''),
    ("convergence.sequence", 15, '''
X, Y = _nbg_rnn_task()
p = _nbg_ref.init_params(4, 12, 4, _nbg_np.random.default_rng(1))
q, losses = train(p, X, Y, _nbg_np.zeros((8, 12)), 0.5, 200)
losses = _nbg_losses(losses, 200, "losses")
assert _nbg_np.isfinite(losses[-1]) and losses[-1] < 0.05, f"final loss {losses[-1]:.3g} >= 0.05"
'''),
]

SUITES = {
    "linear_regression": (LINREG_SETUP, LINREG_TESTS),
    "xor_mlp": (XOR_SETUP, XOR_TESTS),
    "mnist_softmax": (MNIST_SETUP, MNIST_TESTS),
    "rnn": (RNN_SETUP, RNN_TESTS),
}


def convergence_constants(assignment: str) -> str:
    """The grader's own convergence workload, read from its check module when it has one.

    So the nbgrader cells train the student's code exactly as much as the
    grader does (same starting points, epochs, data, schedule), whatever the
    checks' owners set; the defaults are used only where a check is missing.
    """
    import importlib
    import sys
    from pathlib import Path

    root = str(Path(__file__).resolve().parents[1])
    if root not in sys.path:
        sys.path.insert(0, root)
    try:
        chk = importlib.import_module(f"grader.checks.{assignment}")
    except ImportError:
        chk = None
    if assignment == "xor_mlp":
        import numpy as np

        lr, epochs = getattr(chk, "LR", 2.0), getattr(chk, "EPOCHS", 2000)
        if chk is not None and hasattr(chk, "_starts"):
            starts = [s[0] if isinstance(s, tuple) else s for s in chk._starts()]
        else:
            ref = importlib.import_module("solutions.xor_mlp")
            starts = [ref.init_params(2, 4, 1, np.random.default_rng(k)) for k in range(3)]
        starts = [{k: np.asarray(v).tolist() for k, v in p.items()} for p in starts]
        return f"_NBG_XOR_STARTS = {starts!r}\n_NBG_XOR_LR = {lr!r}\n_NBG_XOR_EPOCHS = {epochs!r}\n"
    if assignment == "mnist_softmax":
        consts = {"hidden": 32, "batch": 32, "threshold": 0.85, "seed": 0,
                  "calls": [(0, 2000, 0.1, 1), (0, 2000, 0.1, 2), (0, 2000, 0.1, 3)]}
        if chk is not None and hasattr(chk, "_calls"):
            consts.update(hidden=chk.HIDDEN, batch=chk.BATCH, threshold=chk.THRESHOLD,
                          seed=chk._seed("convergence") if hasattr(chk, "_seed") else 0,
                          calls=[(r.start, r.stop, lr, seed) for r, lr, seed in chk._calls()])
        return f"_NBG_MNIST = {consts!r}\n"
    return ""


def setup_source(assignment: str, reference_source: str, mnist_path: str) -> str:
    """The locked setup cell: constants, the reference solution, helpers."""
    head = (f"_NBG_ASSIGNMENT = {assignment!r}\n_NBG_MNIST_PATH = {mnist_path!r}\n"
            f"_NBG_REF_SOURCE = {reference_source!r}\n" + convergence_constants(assignment))
    return head + textwrap.dedent(HELPERS) + textwrap.dedent(SUITES[assignment][0])


def tests(assignment: str) -> list[tuple[str, float, str]]:
    """(id, points, source) of every test cell."""
    return [(cid, pts, textwrap.dedent(src).strip() + "\n") for cid, pts, src in SUITES[assignment][1]]


# --------------------------------------------------------------------------- the student's code, as the grader runs it


def kept_cells(path) -> list[str]:
    """The top-level statements of a submission that the grader runs, as notebook cells.

    Both graders then execute the same student code: ``grader.load`` converts a
    notebook and skips top-level demo code (training loops, ``input()``,
    ``if __name__ == "__main__":`` blocks, which *would* run in a kernel), and
    the nbgrader notebook gets exactly the statements the grader keeps.
    Consecutive plain ``def``/``class`` statements share a cell; every other
    statement gets one of its own, so that one that fails here (e.g. importing
    matplotlib, installed in neither environment) costs only itself, as in the
    grader, which runs statement by statement.
    """
    import ast
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    from grader import load

    src = load.read_source(Path(path))
    run = {st.index for st in load.plan(src) if st.run}
    lines = src.text.splitlines()
    cells: list[list[str]] = [[]]
    for i, node in enumerate(ast.parse(src.text).body):
        if i not in run:
            continue
        start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        text = "\n".join(lines[start - 1:node.end_lineno])
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not getattr(node, "decorator_list", None):
            cells[-1].append(text)
        else:
            cells += [[text], []]
    return ["\n\n".join(c) + "\n" for c in cells if c]


# --------------------------------------------------------------------------- self-check, no nbgrader needed


def run_in_process(assignment: str, student_cells: list[str], reference_source: str, mnist_path: str) -> dict:
    """Execute the cells as a kernel would (one namespace, on after errors) and score them like nbgrader."""
    import contextlib
    import io

    ns: dict = {"__name__": "__main__"}
    out = {}
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        for k, cell in enumerate(student_cells):
            try:
                exec(compile(cell, f"<student cell {k}>", "exec"), ns)  # noqa: S102 - trusted corpus files
            except Exception as exc:  # noqa: BLE001
                out[f"<student cell {k}>"] = f"error: {type(exc).__name__}"
        exec(compile(setup_source(assignment, reference_source, mnist_path), "<setup>", "exec"), ns)  # noqa: S102
        for cid, pts, src in tests(assignment):
            try:
                exec(compile(src, f"<{cid}>", "exec"), ns)  # noqa: S102
                out[cid] = pts
            except Exception as exc:  # noqa: BLE001
                out[cid] = f"0 ({type(exc).__name__}: {str(exc)[:70]})"
    return out


def _selfcheck() -> None:
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    mnist = str(root / "assignments" / "mnist_softmax" / "mnist_subset.npz")
    names = sys.argv[1:] or list(SUITES)
    for a in names:
        ref = (root / "solutions" / f"{a}.py").read_text()
        assert sum(p for _, p, _ in tests(a)) == 100, a
        files = [root / "solutions" / f"{a}.py"] + sorted((root / "tests" / "corpus" / a).glob("*/*"))
        for f in files:
            res = run_in_process(a, kept_cells(f), ref, mnist)
            score = sum(v for v in res.values() if isinstance(v, (int, float)))
            fails = [f"{k}: {v}" for k, v in res.items() if not isinstance(v, (int, float)) and k[0] != "<"]
            kind = f.parent.name if f.parent.name in ("correct", "mistakes") else "reference"
            print(f"{a:18} {kind:9} {f.name:55} {score:5.0f}  {'; '.join(fails)[:160]}")


if __name__ == "__main__":
    _selfcheck()
