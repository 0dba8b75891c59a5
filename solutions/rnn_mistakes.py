"""Mutants of ``solutions/rnn.py``: one catalogued mistake each.

The reference cache is ``(X, h0, hs, P)``. The mutants' backward is a
step-by-step BPTT loop with hooks, one hook per mistake, run on that cache.
"""
from __future__ import annotations

import numpy as np

from solutions import rnn as _ref

from grader.diagnosis.mutants import Mutant
from grader.diagnosis.mutants.common import materialize, run_training


def _bptt(params, cache, Y, *, out=None, deriv=None, carry=None, h_prev=None, overwrite=(), bias=None,
          whh_term=None, local=None, times=None, collect=None):
    """Reference BPTT with hooks.

    out(P, Yoh, N, T) -> dZ; deriv(a, h) -> tanh'(a) (reference: 1 - h**2); carry(da, Whh) -> dh_next
    (reference: da @ Whh.T); h_prev(t, hs, h0) -> the state multiplied into dWhh at step t;
    overwrite: the gradients assigned (=) instead of accumulated (+=) in the reversed loop;
    bias(d) -> a bias gradient's reduction (reference: d.sum(axis=0)); whh_term(hp, da) -> dWhh term;
    local(dh_out, dh_next, d) -> da from this step's output gradient, the carried one and tanh'
    (reference: (dh_out + dh_next) * d); times(T) -> the steps the backward loop visits (reference:
    reversed(range(T)));
    collect: a list that receives each step's terms, ``(t, terms)``, for the report's picture.
    """
    X, h0, hs, P = cache
    N, T, K = P.shape
    Yoh = np.eye(K)[Y]
    dZ = (P - Yoh) / (N * T) if out is None else out(P, Yoh, N, T)
    Wxh, Whh, bh, Why = params["Wxh"], params["Whh"], params["bh"], params["Why"]
    grads = {k: np.zeros_like(np.asarray(v, dtype=float)) for k, v in params.items()}
    reduce = (lambda d: d.sum(axis=0)) if bias is None else bias
    dh_next = np.zeros_like(h0, dtype=float)
    for t in (reversed(range(T)) if times is None else times(T)):
        h = hs[:, t]
        prev = h0 if t == 0 else hs[:, t - 1]
        a = X[:, t] @ Wxh + prev @ Whh + bh
        d = (1.0 - h ** 2) if deriv is None else deriv(a, h)
        dh = dZ[:, t] @ Why.T + dh_next
        da = dh * d if local is None else local(dZ[:, t] @ Why.T, dh_next, d)
        hp = prev if h_prev is None else h_prev(t, hs, h0)
        terms = {
            "Wxh": X[:, t].T @ da,
            "Whh": hp.T @ da if whh_term is None else whh_term(hp, da),
            "bh": reduce(da),
            "Why": h.T @ dZ[:, t],
            "by": reduce(dZ[:, t]),
        }
        if collect is not None:
            collect.append((t, dict(terms)))
        for k, v in terms.items():
            grads[k] = v if k in overwrite else grads[k] + v
        dh_next = da @ Whh.T if carry is None else carry(da, Whh)
    return grads


def _bw(**hooks):
    def rnn_backward(params, cache, Y):
        return _bptt(params, cache, Y, **hooks)
    rnn_backward.hooks = hooks  # read by time_profile (the bound copies in the bank do not carry it)
    return rnn_backward


def _g(mistake: str, name: str, **hooks) -> Mutant:
    return Mutant(mistake, name, {"rnn_backward": _bw(**hooks)}, "gradient")


MUTANTS = [
    _g("gradient-sign", "dZ = (onehot(Y) - P) / (N T)", out=lambda P, Y, N, T: (Y - P) / (N * T)),
    _g("gradient-scale", "divided by N only (the mean over time dropped)", out=lambda P, Y, N, T: (P - Y) / N),
    _g("gradient-scale", "divided by T only", out=lambda P, Y, N, T: (P - Y) / T),
    _g("gradient-scale", "not divided at all", out=lambda P, Y, N, T: P - Y),
    _g("transposed-gradient", "dWhh built as da.T @ h_prev", whh_term=lambda hp, da: da.T @ hp),
    _g("recurrent-transpose", "dh_prev = da @ Whh (not Whh.T)", carry=lambda da, Whh: da @ Whh),
    _g("missing-recurrent-gradient", "dh_next never added", carry=lambda da, Whh: np.zeros_like(da)),
    _g("off-by-one-time", "dWhh from h_t instead of h_{t-1}", h_prev=lambda t, hs, h0: hs[:, t]),
    _g("off-by-one-time", "h0 dropped: dWhh from zeros at the first step",
       h_prev=lambda t, hs, h0: np.zeros_like(h0) if t == 0 else hs[:, t - 1]),
    _g("overwrite-not-accumulate", "dWhh = ... in the time loop", overwrite=("Whh",)),
    _g("overwrite-not-accumulate", "dWxh, dWhh, dbh = ... in the time loop", overwrite=("Wxh", "Whh", "bh")),
    _g("overwrite-not-accumulate", "every gradient = ... in the time loop",
       overwrite=("Wxh", "Whh", "bh", "Why", "by")),
    _g("bias-not-summed", "db = d[0] (the first sequence's row) at every step", bias=lambda d: d[0]),
    _g("activation-derivative-at-output", "1 - tanh(h)**2 with h already tanh(a)",
       deriv=lambda a, h: 1.0 - np.tanh(h) ** 2),
    _g("derivative-formula-on-preactivation", "1 - a**2 on the pre-activation a", deriv=lambda a, h: 1.0 - a ** 2),
    _g("wrong-activation-derivative", "tanh'(a) = sech(a) (the square forgotten)", deriv=lambda a, h: 1.0 / np.cosh(a)),
    _g("wrong-activation-derivative", "tanh'(a) = 1 - h (the square forgotten)", deriv=lambda a, h: 1.0 - h),
    _g("wrong-activation-derivative", "tanh'(a) = 1 + h**2", deriv=lambda a, h: 1.0 + h ** 2),
    _g("off-by-one-time", "the backward loop stops before t = 0 (range(T - 1, 0, -1)): the first step's terms are "
       "missing", times=lambda T: range(T - 1, 0, -1)),
    _g("off-by-one-time", "the backward loop starts at t = T - 2 (range(T - 2, -1, -1)): the last step's terms are "
       "missing", times=lambda T: range(T - 2, -1, -1)),
    _g("wrong-activation-derivative", "tanh'(a) = (cosh(a)**2 - sinh(a)**2) / a**2 (cosh^2 - sinh^2 is 1: this is "
       "1 / a**2)", deriv=lambda a, h: (np.cosh(a) ** 2 - np.sinh(a) ** 2) / a ** 2),
    _g("wrong-activation-derivative", "tanh' applied to this step's output gradient only, not to the gradient "
       "carried back from t+1", local=lambda out, carried, d: out * d + carried),
    _g("softmax-diagonal-jacobian", "-Y / P * P * (1 - P): cross-entropy then the diagonal",
       out=lambda P, Y, N, T: -Y * (1.0 - P) / (N * T)),
    _g("softmax-diagonal-jacobian", "(P - Y) * P * (1 - P)", out=lambda P, Y, N, T: (P - Y) * P * (1.0 - P) / (N * T)),
]


# bias-not-summed variants that touch one bias only
def _bias_one(which: str):
    def rnn_backward(params, cache, Y):
        g = _bptt(params, cache, Y)
        wrong = _bptt(params, cache, Y, bias=lambda d: d[0])
        g[which] = wrong[which]
        return g
    return rnn_backward


MUTANTS += [
    Mutant("bias-not-summed", "dbh = da[0] at every step", {"rnn_backward": _bias_one("bh")}, "gradient"),
    Mutant("bias-not-summed", "dby = dZ[0] at every step", {"rnn_backward": _bias_one("by")}, "gradient"),
]


# forward mistakes
def _forward(softmax_fn, bias=True, out_bias=True):
    def rnn_forward(params, X, h0):
        N, T, _ = X.shape
        hs = np.empty((N, T, params["Whh"].shape[0]))
        h = h0
        for t in range(T):
            h = np.tanh(X[:, t] @ params["Wxh"] + h @ params["Whh"] + (params["bh"] if bias else 0.0))
            hs[:, t] = h
        Z = hs @ params["Why"] + (params["by"] if out_bias else 0.0)
        P = softmax_fn(Z)
        return P, (X, h0, hs, P)
    return rnn_forward


def _stable(Z):
    E = np.exp(Z - Z.max(axis=2, keepdims=True))
    return E / E.sum(axis=2, keepdims=True)


def _unstable(Z):
    E = np.exp(Z)
    return E / E.sum(axis=2, keepdims=True)


MUTANTS += [
    Mutant("unstable-softmax", "exp(Z) / sum(exp(Z)) without subtracting the max",
           {"rnn_forward": _forward(_unstable)}, "forward"),
    Mutant("wrong-forward", "hidden bias left out", {"rnn_forward": _forward(_stable, bias=False)}, "forward"),
    Mutant("wrong-forward", "output bias left out", {"rnn_forward": _forward(_stable, out_bias=False)}, "forward"),
]


# training mistakes
def _train(step):
    def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
        params = {k: np.array(v, dtype=float) for k, v in params.items()}
        P, cache = rnn_forward(params, X, h0)  # noqa: F821
        losses = [rnn_loss(P, Y)]  # noqa: F821
        state: dict = {}
        for _ in range(epochs):
            grads = clip_gradients(_ref.rnn_backward(params, cache, Y), max_norm)  # noqa: F821
            params = step(params, grads, lr, state)
            P, cache = rnn_forward(params, X, h0)  # noqa: F821
            losses.append(rnn_loss(P, Y))  # noqa: F821
        return params, losses
    return train


def _ascent(params, grads, lr, state):
    return {k: params[k] + lr * grads[k] for k in params}


def _multiplicative(params, grads, lr, state):
    return {k: params[k] - lr * params[k] * grads[k] for k in params}


def _adagrad(params, grads, lr, state):
    out = {}
    for k in params:
        state[k] = state.get(k, 0.0) + grads[k] * grads[k]
        out[k] = params[k] - lr * grads[k] / np.sqrt(state[k] + 1e-8)
    return out


MUTANTS += [
    Mutant("update-rule", "p += lr * grad (gradient ascent)", {"train": _train(_ascent)}, "training"),
    Mutant("update-rule", "p -= lr * p * grad", {"train": _train(_multiplicative)}, "training"),
    Mutant("update-rule", "Adagrad-scaled steps instead of plain gradient descent", {"train": _train(_adagrad)},
           "training"),
]

# --------------------------------------------------------------------------- what evidence compares


def point(inputs):
    """(params, X, h0, Y) from the evidence's inputs (tuple or dict)."""
    inputs = materialize(inputs)
    if isinstance(inputs, dict):
        return inputs["params"], inputs["X"], inputs["h0"], inputs["Y"]
    return inputs[0], inputs[1], inputs[2], inputs[3]


def q_backward(ns, inputs, limit=None):
    params, X, h0, Y = point(inputs)
    _, cache = ns["rnn_forward"](params, X, h0)
    return dict(ns["rnn_backward"](params, cache, np.asarray(Y).astype(int)))


def q_forward(ns, inputs, limit=None):
    params, X, h0 = materialize(inputs)[:3]
    return {"P": ns["rnn_forward"](params, X, h0)[0]}


def q_train(ns, inputs, limit=None):
    return run_training(ns["train"], inputs, epochs_at=5, limit=limit)


QUANTITIES = {"rnn_backward": q_backward, "rnn_forward": q_forward, "train": q_train}
#: where the learning rate is among positional inputs
RATE_AT = {"train": 4}
TRAINING = ("train",)
UPSTREAM = ("rnn_forward", "rnn_loss", "rnn_backward", "clip_gradients")

# --------------------------------------------------------------------------- initialisation

SATURATED = 0.25  #: init-too-large above this fraction (the init check's own limit)


def _equal(a, axis: int) -> bool:
    a = np.asarray(a, dtype=float)
    if a.ndim == 1:
        return bool(np.allclose(a, a[0], rtol=1e-9, atol=1e-12))
    return bool(np.allclose(a, np.take(a, [0], axis=axis), rtol=1e-9, atol=1e-12))


def symmetric(params: dict) -> bool:
    """Every hidden unit has the same input, recurrent and output weights and bias."""
    Wxh, Whh, Why = params.get("Wxh"), params.get("Whh"), params.get("Why")
    if Wxh is None or Whh is None or Why is None or np.ndim(Whh) != 2 or np.shape(Whh)[0] < 2:
        return False
    return (_equal(Wxh, 1) and _equal(Whh, 1) and _equal(Whh, 0) and _equal(Why, 0)
            and _equal(np.ravel(params.get("bh", np.zeros(1))), 0))


def saturation(params: dict, X: np.ndarray, h0: np.ndarray | None = None) -> float:
    """Fraction of hidden pre-activations with tanh' < 0.01 (|a| > 3) over the sequence."""
    N, T, _ = X.shape
    h = np.zeros((N, np.shape(params["Whh"])[0])) if h0 is None else h0
    sat = []
    with np.errstate(all="ignore"):
        for t in range(T):
            a = X[:, t] @ params["Wxh"] + h @ params["Whh"] + params["bh"]
            sat.append(np.abs(a) > 3.0)
            h = np.tanh(a)
    return float(np.mean(sat))


# --------------------------------------------------------------------------- the report's picture


def time_profile(mutant: Mutant, inputs) -> dict | None:
    """Bars: per time step, how far that step's gradient contribution under ``mutant`` is from the reference's.

    Shown when the student's gradient is reproduced by ``mutant``: it then says at which steps
    the student's BPTT goes wrong. A step whose contribution is overwritten by a later one
    (``=`` instead of ``+=``) counts as entirely wrong.
    """
    fn = mutant.overrides.get("rnn_backward")
    hooks = getattr(fn, "hooks", None)
    if hooks is None:
        return None
    params, X, h0, Y = point(inputs)
    _, cache = _ref.rnn_forward(params, X, h0)
    want, got = [], []
    _bptt(params, cache, np.asarray(Y).astype(int), collect=want)
    _bptt(params, cache, np.asarray(Y).astype(int), collect=got, **hooks)
    kept = set(hooks.get("overwrite", ()))
    values = []
    for (t, w), (_, g) in sorted(zip(want, got), key=lambda pair: pair[0][0]):
        a = np.concatenate([np.ravel(w[k]) for k in sorted(w)])
        b = np.concatenate([np.ravel(g[k]) if not (k in kept and t > 0) else np.zeros(np.size(g[k]))
                            for k in sorted(g)])
        denom = float(np.linalg.norm(a) + np.linalg.norm(b))
        values.append(0.0 if denom == 0 else float(np.linalg.norm(a - b)) / denom)
    return {"title": f"relative error of each time step's gradient contribution ({mutant.name})",
            "labels": [f"t={t + 1}" for t in range(len(values))], "values": values}
