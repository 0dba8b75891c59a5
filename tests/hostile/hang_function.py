def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    while True:
        pass
