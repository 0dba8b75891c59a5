"""My activation functions, shared by my assignments."""
import numpy as np

from mathbits import EPS
from mathbits.checks import assert_finite

def sigmoid(z):
    """Elementwise logistic function sigmoid(z) = 1 / (1 + exp(-z)).

    Must be exact and free of overflow warnings for large |z| (e.g. +-1000,
    where the answers are 1 and 0): exp(-z) overflows for z = -1000, so
    never evaluate exp of a large positive number.

    Args:
        z: an array of any shape (or a scalar).

    Returns:
        sigmoid(z), same shape as z, values in [0, 1].
    """
    z = np.asarray(z, dtype=float)
    # exp(-|z|) lies in (0, 1], so it never overflows. For z >= 0 use
    # 1 / (1 + exp(-z)); for z < 0 the equal form exp(z) / (1 + exp(z)).
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative(z):
    """Derivative of the sigmoid with respect to its input z.

    d sigmoid(z) / dz = sigmoid(z) * (1 - sigmoid(z)), evaluated at the
    pre-activation z (not at the activation sigmoid(z)).

    Args:
        z: an array of any shape (or a scalar).

    Returns:
        sigmoid(z) * (1 - sigmoid(z)), same shape as z.
    """
    s = sigmoid(z)
    return s * (1.0 - s)



# quick look when I run this file
print('sigmoid(0) =', sigmoid(0.0))
for z in (-1.0, 0.0, 1.0):
    print(z, sigmoid(z), assert_finite(sigmoid_derivative(z)))

if __name__ == '__main__':
    print(EPS)
