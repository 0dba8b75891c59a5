import numpy as np

# ---- RNN assignment (student: T. Haddad) ----

def init_params(n_in, n_hidden, n_out, rng):
    p = {}
    p['Wxh'] = rng.normal(scale=1.0 / np.sqrt(n_in), size=(n_in, n_hidden))
    p['Whh'] = rng.normal(scale=1.0 / np.sqrt(n_hidden), size=(n_hidden, n_hidden))
    p['bh'] = np.zeros(n_hidden)
    p['Why'] = rng.normal(scale=1.0 / np.sqrt(n_hidden), size=(n_hidden, n_out))
    p['by'] = np.zeros(n_out)
    return p

def rnn_forward(params, X, h0):
    N, T, D = X.shape
    h_prev = h0
    hs, ps = [], []
    for t in range(T):
        a = X[:, t, :].dot(params['Wxh']) + h_prev.dot(params['Whh']) + params['bh']
        h_prev = np.tanh(a)
        hs.append(h_prev)
        o = h_prev.dot(params['Why']) + params['by']
        o = o - o.max(axis=1, keepdims=True)
        ps.append(np.exp(o) / np.exp(o).sum(axis=1, keepdims=True))
    P = np.stack(ps, axis=1)
    cache = {'X': X, 'h0': h0, 'hs': hs, 'P': P}
    return P, cache

def rnn_loss(P, Y):
    N, T, K = P.shape
    losses = []
    for t in range(T):
        pt = P[np.arange(N), t, Y[:, t]]
        losses.append(-np.log(np.maximum(pt, 1e-12)))
    return float(np.mean(losses))

def rnn_backward(params, cache, Y):
    X, h0, hs, P = cache['X'], cache['h0'], cache['hs'], cache['P']
    N, T, K = P.shape
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    dh_next = np.zeros_like(h0)
    for t in reversed(range(T)):
        dy = P[:, t, :].copy()
        dy[np.arange(N), Y[:, t]] -= 1
        dy = dy / N                    # average over the batch
        h = hs[t]
        h_prev = hs[t - 1] if t > 0 else h0
        grads['Why'] += h.T.dot(dy)
        grads['by'] += dy.sum(axis=0)
        dh = dy.dot(params['Why'].T) + dh_next
        da = dh * (1 - h * h)
        grads['Wxh'] += X[:, t, :].T.dot(da)
        grads['Whh'] += h_prev.T.dot(da)
        grads['bh'] += da.sum(axis=0)
        dh_next = da.dot(params['Whh'].T)
    return grads

def clip_gradients(grads, max_norm):
    total = 0.0
    for g in grads.values():
        total += np.sum(g ** 2)
    total = np.sqrt(total)
    if total == 0 or total <= max_norm:
        return {k: g.copy() for k, g in grads.items()}
    return {k: g * (max_norm / total) for k, g in grads.items()}

def train(params, X, Y, h0, lr, epochs, max_norm=5.0):
    params = {k: v.copy() for k, v in params.items()}
    P, cache = rnn_forward(params, X, h0)
    losses = [rnn_loss(P, Y)]
    for i in range(epochs):
        grads = clip_gradients(rnn_backward(params, cache, Y), max_norm)
        params = {k: params[k] - lr * grads[k] for k in params}
        P, cache = rnn_forward(params, X, h0)
        losses.append(rnn_loss(P, Y))
    return params, losses
