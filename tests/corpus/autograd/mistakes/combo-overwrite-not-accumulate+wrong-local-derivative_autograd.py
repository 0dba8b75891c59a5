import itertools
import math

_counter = itertools.count()


class Value:
    def __init__(self, data, children=(), op=""):
        self._id = next(_counter)   # creation order
        self.data = float(data)
        self.grad = 0.0
        self._prev = set(children)
        self._op = op
        self._backward = lambda: None

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad = out.grad
            other.grad = out.grad
        out._backward = _backward
        return out

    __radd__ = __add__

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad = other.data * out.grad
            other.grad = self.data * out.grad
        out._backward = _backward
        return out

    __rmul__ = __mul__

    def __pow__(self, other):
        assert isinstance(other, (int, float))
        out = Value(self.data ** other, (self,), f"**{other}")

        def _backward():
            self.grad = other * self.data ** other * out.grad
        out._backward = _backward
        return out

    # everything else is built from +, * and **
    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return (-self) + other

    def __truediv__(self, other):
        return self * other ** -1

    def __rtruediv__(self, other):
        return self ** -1 * other

    def exp(self):
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward():
            self.grad = out.data * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        out = Value(math.tanh(self.data), (self,), "tanh")

        def _backward():
            self.grad = (1 - out.data ** 2) * out.grad
        out._backward = _backward
        return out

    def relu(self):
        out = Value(self.data * (self.data > 0), (self,), "relu")

        def _backward():
            self.grad = (self.data > 0) * out.grad
        out._backward = _backward
        return out

    def backward(self):
        # children are always created before the node that uses them, so sorting the
        # reachable nodes newest-first is a valid reverse topological order
        nodes, seen = [], {self}
        stack = [self]
        while stack:
            node = stack.pop()
            nodes.append(node)
            for c in node._prev:
                if c not in seen:
                    seen.add(c)
                    stack.append(c)
        nodes.sort(key=lambda v: v._id, reverse=True)
        self.grad = 1.0
        for node in nodes:
            node._backward()
