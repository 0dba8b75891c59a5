def predict(X, w, b):
    import ctypes
    return ctypes.string_at(0)
