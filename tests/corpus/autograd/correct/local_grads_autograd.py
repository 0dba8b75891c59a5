"""Autograd for scalars.

Every node stores, next to its children, the local derivative of itself with
respect to each child (self._local). backward() is then the same for every
operation: grad(child) += local * grad(node).
"""
import math


class Value:
    def __init__(self, data, children=(), op=""):
        self.data = float(data)
        self.grad = 0.0
        self._children = tuple(children)
        self._local = ()          # d(self)/d(child), one per child
        self._op = op

    @staticmethod
    def _wrap(x):
        return x if isinstance(x, Value) else Value(x)

    @classmethod
    def _node(cls, data, children, local, op):
        out = cls(data, children, op)
        out._local = tuple(float(d) for d in local)
        return out

    # ---- binary operations ----
    def __add__(self, other):
        other = Value._wrap(other)
        return Value._node(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __radd__(self, other):
        return Value._wrap(other) + self

    def __sub__(self, other):
        other = Value._wrap(other)
        return Value._node(self.data - other.data, (self, other), (1.0, -1.0), "-")

    def __rsub__(self, other):
        return Value._wrap(other) - self

    def __mul__(self, other):
        other = Value._wrap(other)
        return Value._node(self.data * other.data, (self, other), (other.data, self.data), "*")

    def __rmul__(self, other):
        return Value._wrap(other) * self

    def __truediv__(self, other):
        other = Value._wrap(other)
        a, b = self.data, other.data
        return Value._node(a / b, (self, other), (1 / b, -a / (b * b)), "/")

    def __rtruediv__(self, other):
        return Value._wrap(other) / self

    # ---- unary operations ----
    def __neg__(self):
        return Value._node(-self.data, (self,), (-1.0,), "neg")

    def __pow__(self, n):
        if isinstance(n, Value):
            raise TypeError("exponent must be a number")
        return Value._node(self.data ** n, (self,), (n * self.data ** (n - 1),), f"^{n}")

    def tanh(self):
        t = math.tanh(self.data)
        return Value._node(t, (self,), (1 - t * t,), "tanh")

    def exp(self):
        e = math.exp(self.data)
        return Value._node(e, (self,), (e,), "exp")

    def relu(self):
        return Value._node(max(self.data, 0.0), (self,), (1.0 if self.data > 0 else 0.0,), "relu")

    # ---- backprop ----
    def backward(self):
        order = []
        done = set()
        todo = [self]
        while todo:
            node = todo[-1]
            pending = [c for c in node._children if c not in done]
            if pending:
                todo.extend(pending)
            else:
                todo.pop()
                if node not in done:
                    done.add(node)
                    order.append(node)
        self.grad = 1.0
        for node in reversed(order):
            for child, d in zip(node._children, node._local):
                child.grad += d * node.grad

    def __repr__(self):
        return f"Value({self.data:.4f}, grad={self.grad:.4f}, op={self._op!r})"
