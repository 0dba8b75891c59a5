import numpy as np

try:
    def softmax(Z):
        """Row-wise softmax, P[n, k] = exp(Z[n, k]) / sum_j exp(Z[n, j]).

        Must stay finite for logits of any size (e.g. 1000 or -1000): exp(1000)
        overflows, so subtract each row's maximum first. That does not change
        the result, because softmax(z - c) = softmax(z) for any constant c.

        Args:
            Z: logits, shape (N, K).

        Returns:
            P, shape (N, K): every row is non-negative and sums to 1.
        """
        E = np.exp(Z - Z.max(axis=1, keepdims=True))
        return E / E.sum(axis=1, keepdims=True)

    def cross_entropy(P, y):
        """Mean cross-entropy L = -mean_n log P[n, y_n].

        A probability can underflow to exactly 0, and log(0) = -inf, so clip
        the probabilities at 1e-12 from below before taking the log.

        Args:
            P: predicted probabilities, shape (N, K).
            y: integer class labels in 0 ... K-1, shape (N,).

        Returns:
            The loss L, a float.
        """
        p_correct = P[np.arange(len(y)), y]
        return float(-np.mean(np.log(np.maximum(p_correct, 1e-12))))

    def one_hot(y, K):
        """One-hot encoding of integer labels.

        Args:
            y: integer class labels in 0 ... K-1, shape (N,).
            K: number of classes.

        Returns:
            Float array of shape (N, K) with a 1 at [n, y[n]] and 0 elsewhere.
        """
        return np.eye(K)[y]

    def init_params(layer_sizes, rng):
        """Random starting parameters for the network `layer_sizes = [D, ..., K]`.

        Weights are random to break the symmetry between units, with He scaling,
        normal with standard deviation sqrt(2 / fan_in): a ReLU zeroes about half
        of its inputs, and the factor 2 makes up for it, so the activations keep
        roughly the same size from layer to layer. Biases start at zero.

        Args:
            layer_sizes: list of ints [D, h1, ..., K], at least two entries.
            rng: a np.random.Generator, the only source of randomness.

        Returns:
            dict with, for l = 1 ... L = len(layer_sizes) - 1,
            "W{l}": (layer_sizes[l-1], layer_sizes[l]) and "b{l}": (layer_sizes[l],).
        """
        params = {}
        for l in range(1, len(layer_sizes)):
            fan_in, fan_out = layer_sizes[l - 1], layer_sizes[l]
            params[f"W{l}"] = rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)
            params[f"b{l}"] = np.zeros(fan_out)
        return params

    def forward(params, X):
        """Forward pass: ReLU hidden layers, softmax output layer.

        Args:
            params: dict "W1", "b1", ..., "WL", "bL" (see `init_params`);
                L = len(params) // 2 layers, L = 1 means no hidden layer.
            X: inputs, shape (N, D).

        Returns:
            (P, cache): class probabilities of shape (N, K), and whatever values
            `backward` needs later (here the inputs of every layer, X, A1, ...,
            A_{L-1}, and P).
        """
        L = len(params) // 2
        A = X
        inputs = []
        for l in range(1, L):
            inputs.append(A)
            A = np.maximum(A @ params[f"W{l}"] + params[f"b{l}"], 0.0)
        inputs.append(A)
        P = softmax(A @ params[f"W{L}"] + params[f"b{L}"])
        return P, (inputs, P)

    def backward(params, cache, y):
        """Gradients of L = -mean_n log P[n, y_n] for every parameter.

        Start from the logits of the last layer, dZ_L = (P - onehot(y)) / N, and
        go down: dW{l} = A_{l-1}.T @ dZ_l, db{l} = dZ_l summed over the rows, and,
        below a hidden layer, dZ_{l-1} = (dZ_l @ W{l}.T) * relu'(Z_{l-1}) with
        relu'(z) = 1 for z > 0 and 0 otherwise (0 at exactly z = 0).

        Args:
            params: dict "W1", "b1", ..., "WL", "bL".
            cache: the cache returned by `forward(params, X)`.
            y: integer class labels, shape (N,).

        Returns:
            dict with the same keys as params, each gradient of the same shape
            as its parameter.
        """
        inputs, P = cache
        N, K = P.shape
        L = len(params) // 2
        # Softmax and cross-entropy together: dL/dZ[n, k] = (P[n, k] - [k == y_n]) / N.
        # The full softmax Jacobian, contracted with -1/P[n, y_n], collapses to this.
        dZ = (P - one_hot(y, K)) / N
        grads = {}
        for l in range(L, 0, -1):
            A_prev = inputs[l - 1]
            grads[f"W{l}"] = A_prev.T @ dZ
            grads[f"b{l}"] = dZ.sum(axis=0)
            if l > 1:
                # A_prev = relu(Z_prev) is > 0 exactly where Z_prev > 0, so it gives
                # the ReLU derivative: 1 there, 0 elsewhere (0 at Z_prev == 0 too).
                dZ = (dZ @ params[f"W{l}"].T) * (A_prev > 0)
        return {k: grads[k] for k in params}

    def train(params, X, y, lr, epochs, batch_size, rng):
        """Minibatch stochastic gradient descent.

        Each epoch draws the order rng.permutation(N) once and walks through it
        in consecutive slices of batch_size samples (the last slice may be
        smaller). Each slice makes one step p <- p - lr * grad, where grad is
        the gradient of the mean loss over that slice.

        Args:
            params: starting parameters (see `init_params`); not modified.
            X: inputs, shape (N, D).
            y: integer class labels, shape (N,).
            lr: learning rate, a positive float.
            epochs: number of passes over the data, an int >= 0.
            batch_size: samples per step, an int >= 1.
            rng: a np.random.Generator, the only source of randomness.

        Returns:
            (params, losses): a new dict of trained parameters, and a list of
            epochs + 1 floats, losses[0] the loss on the whole training set at the
            starting parameters and losses[k] the loss on the whole training set
            after epoch k.
        """
        params = {k: np.array(v, dtype=float) for k, v in params.items()}
        N = X.shape[0]
        losses = [cross_entropy(forward(params, X)[0], y)]
        for _ in range(epochs):
            order = rng.permutation(N)
            for start in range(0, N, batch_size):
                batch = order[start:start + batch_size]
                _, cache = forward(params, X[batch])
                grads = backward(params, cache, y[batch])
                params = {k: params[k] - lr * grads[k] for k in params}
            losses.append(cross_entropy(forward(params, X)[0], y))
        return params, losses

    def predict(params, X):
        """Predicted class of every sample, the one with the highest probability.

        Args:
            params: dict "W1", "b1", ..., "WL", "bL".
            X: inputs, shape (N, D).

        Returns:
            Integer labels, shape (N,).
        """
        P, _ = forward(params, X)
        return np.argmax(P, axis=1)
except Exception as exc:
    print('could not define the network:', exc)
