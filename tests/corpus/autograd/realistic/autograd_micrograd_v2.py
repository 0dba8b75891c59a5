"""Autograd assignment - my micrograd re-implementation (v2).

v1 crashed on the deep chain test, so the recursion limit is raised below.
"""
import math
import sys

sys.setrecursionlimit(10000)


class Value:
    def __init__(self, data, children=(), op=""):
        self.data = float(data)
        self.grad = 0.0
        self._children = children
        self._op = op
        self._backward = lambda: None

    @staticmethod
    def _wrap(x):
        return x if isinstance(x, Value) else Value(x)

    def __add__(self, other):
        other = Value._wrap(other)
        out = Value(self.data + other.data, (self, other), "+")

        def backward_fn():
            self.grad += 1.0 * out.grad
            other.grad += 1.0 * out.grad

        out._backward = backward_fn
        return out

    def __radd__(self, other):
        return self + other

    def __mul__(self, other):
        other = Value._wrap(other)
        out = Value(self.data * other.data, (self, other), "*")

        def backward_fn():
            self.grad = other.data * out.grad
            other.grad = self.data * out.grad

        out._backward = backward_fn
        return out

    def __rmul__(self, other):
        return self * other

    def __neg__(self):
        out = Value(-self.data, (self,), "neg")

        def backward_fn():
            self.grad += -out.grad

        out._backward = backward_fn
        return out

    def __sub__(self, other):
        other = Value._wrap(other)
        out = Value(self.data - other.data, (self, other), "-")

        def backward_fn():
            self.grad += out.grad
            other.grad += -out.grad

        out._backward = backward_fn
        return out

    def __rsub__(self, other):
        return Value._wrap(other) - self

    def __truediv__(self, other):
        return self * Value._wrap(other) ** -1

    def __rtruediv__(self, other):
        return Value._wrap(other) * self ** -1

    def __pow__(self, k):
        if isinstance(k, Value):
            raise TypeError("Value exponents are not supported")
        out = Value(self.data ** k, (self,), "**")

        def backward_fn():
            self.grad += k * self.data ** (k - 1) * out.grad

        out._backward = backward_fn
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")

        def backward_fn():
            self.grad += (1 - t ** 2) * out.grad

        out._backward = backward_fn
        return out

    def exp(self):
        out = Value(math.exp(self.data), (self,), "exp")

        def backward_fn():
            self.grad += out.data * out.grad

        out._backward = backward_fn
        return out

    def relu(self):
        out = Value(max(0.0, self.data), (self,), "relu")

        def backward_fn():
            self.grad += (out.data > 0) * out.grad

        out._backward = backward_fn
        return out

    def backward(self):
        topo = []
        seen = set()

        def build(v):
            if v not in seen:
                seen.add(v)
                for c in v._children:
                    build(c)
                topo.append(v)

        build(self)
        self.grad = 1.0
        for v in reversed(topo):
            v._backward()
