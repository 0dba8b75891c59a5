import math


def as_value(x):
    return x if isinstance(x, Value) else Value(x)


class Value:
    """scalar value + gradient, builds the graph as you compute"""

    def __init__(self, data, children=(), op=""):
        self.data = float(data)
        self.grad = 0.0
        self.children = list(children)
        self.op = op
        self.grad_fn = None

    def _make(self, data, children, op, grad_fn):
        out = Value(data, children, op)
        out.grad_fn = grad_fn
        return out

    def __add__(self, other):
        other = as_value(other)
        def fn(g):
            self.grad += g
            other.grad += g
        return self._make(self.data + other.data, (self, other), "+", fn)

    __radd__ = __add__

    def __mul__(self, other):
        other = as_value(other)
        def fn(g):
            self.grad += other.data * g
            other.grad += self.data * g
        return self._make(self.data * other.data, (self, other), "*", fn)

    __rmul__ = __mul__

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-as_value(other))

    def __rsub__(self, other):
        return as_value(other) + (-self)

    def __truediv__(self, other):
        return self * as_value(other) ** -1

    def __rtruediv__(self, other):
        return as_value(other) * self ** -1

    def __pow__(self, n):
        if not isinstance(n, (int, float)):
            raise TypeError("exponent must be a number")
        def fn(g):
            self.grad += n * self.data ** n * g
        return self._make(self.data ** n, (self,), f"**{n}", fn)

    def tanh(self):
        t = math.tanh(self.data)
        def fn(g):
            self.grad += (1 - t * t) * g
        return self._make(t, (self,), "tanh", fn)

    def exp(self):
        e = math.exp(self.data)
        def fn(g):
            self.grad += e * g
        return self._make(e, (self,), "exp", fn)

    def relu(self):
        def fn(g):
            self.grad += g if self.data > 0 else 0.0
        return self._make(max(self.data, 0.0), (self,), "relu", fn)

    def backward(self):
        # depth first from the output, pass the gradient down to the children
        self.grad = 1.0
        visited = set()
        stack = [self]
        while stack:
            node = stack.pop()
            if id(node) in visited:
                continue
            visited.add(id(node))
            if node.grad_fn is not None:
                node.grad_fn(node.grad)
            stack.extend(node.children)
