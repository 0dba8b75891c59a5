def mse_gradients(X, y, w, b):
    return mse_gradients(X, y, w, b)
