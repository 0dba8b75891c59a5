import numpy as np

from . import EPS


def assert_finite(x):
    assert np.all(np.isfinite(x)), 'not finite'
    return x
