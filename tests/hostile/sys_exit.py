def polynomial_features(x, degree):
    import sys
    sys.exit("bye")
