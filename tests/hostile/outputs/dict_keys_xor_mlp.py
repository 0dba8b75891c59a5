# Appended to solutions/xor_mlp.py by tests/test_output_safety.py: `backward` returns the right
# gradients plus 7000 extra keys of 400 characters. The extra keys cost the checks that call
# `backward` (shape.outputs, gradient.numerical, gradient.reference: 69/100 is the honest score);
# the grader quotes the keys back, and before the results were bounded that made every output
# file several megabytes per check (the same with 2000-character keys: 84 MB each, 126 MB JUnit).
_backward_ok = backward


def backward(params, cache, Y):
    grads = dict(_backward_ok(params, cache, Y))
    for i in range(7000):
        grads["k%05d" % i + "x" * 394] = 0.0
    return grads
