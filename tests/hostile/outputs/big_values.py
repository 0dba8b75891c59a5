# Appended to solutions/linear_regression.py by tests/test_output_safety.py: the functions that
# matter stay right; `polynomial_features` returns a dict whose 8 keys are 2000-character strings
# (the longest a string may cross the sandbox's wire) over a deeply nested structure, and `sgd`
# raises an exception with a megabyte message and prints 100 kB on a single line.
def polynomial_features(x, degree):
    nested = [0.0]
    for _ in range(30):
        nested = [nested, {"k" * 2000: nested}]
    return {("%d" % i) * 2000: nested for i in range(8)}


def sgd(X, y, lr, epochs, rng, w0=None, b0=0.0):
    print("y" * 100_000)
    raise RuntimeError("z" * 1_000_000)
