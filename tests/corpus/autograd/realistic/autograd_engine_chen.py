import math
import sys

sys.setrecursionlimit(20000)


class Value:
    def __init__(self, data, children=(), op=""):
        self.data, self.grad = float(data), 0.0
        self._prev, self._op = tuple(children), op
        self._backward = lambda: None

    def _new(self, data, parents, op, local_grads):
        out = Value(data, parents, op)

        def _backward():
            for p, lg in zip(parents, local_grads):
                p.grad += lg * out.grad
        out._backward = _backward
        return out

    def __add__(self, o):
        o = o if isinstance(o, Value) else Value(o)
        return self._new(self.data + o.data, (self, o), "+", (1.0, 1.0))

    def __mul__(self, o):
        o = o if isinstance(o, Value) else Value(o)
        return self._new(self.data * o.data, (self, o), "*", (o.data, self.data))

    def __pow__(self, k):
        if not isinstance(k, (int, float)):
            raise TypeError("exponent must be int or float")
        return self._new(self.data ** k, (self,), "**", (k * self.data ** (k - 1),))

    def __neg__(self):
        return self._new(-self.data, (self,), "neg", (-1.0,))

    def __sub__(self, o):
        return self + (-o if isinstance(o, Value) else Value(-o))

    def __truediv__(self, o):
        o = o if isinstance(o, Value) else Value(o)
        return self._new(self.data / o.data, (self, o), "/", (1.0 / o.data, -self.data / o.data ** 2))

    def __radd__(self, o):
        return self + o

    def __rmul__(self, o):
        return self * o

    def __rsub__(self, o):
        return Value(o) - self

    def __rtruediv__(self, o):
        return Value(o) / self

    def tanh(self):
        t = math.tanh(self.data)
        return self._new(t, (self,), "tanh", (1.0 - t * t,))

    def exp(self):
        e = math.exp(self.data)
        return self._new(e, (self,), "exp", (e,))

    def relu(self):
        return self._new(max(0.0, self.data), (self,), "relu", (1.0 if self.data > 0 else 0.0,))

    def backward(self):
        order, seen = [], set()

        def visit(v):
            if v not in seen:
                seen.add(v)
                for c in v._prev:
                    visit(c)
                order.append(v)

        visit(self)
        self.grad = 1.0
        for v in reversed(order):
            v._backward()
