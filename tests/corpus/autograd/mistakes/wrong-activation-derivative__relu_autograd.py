"""Reverse-mode autodiff on scalars. Uses __slots__ so big graphs take less memory."""
import math


class Value:
    __slots__ = ("data", "grad", "_children", "_op", "_backward")

    def __init__(self, data, children=(), op=""):
        self.data = float(data)
        self.grad = 0.0
        self._children = children
        self._op = op
        self._backward = None

    def __add__(self, other):
        o = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + o.data, (self, o), "+")

        def bw():
            self.grad += out.grad
            o.grad += out.grad

        out._backward = bw
        return out

    def __mul__(self, other):
        o = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * o.data, (self, o), "*")

        def bw():
            self.grad += o.data * out.grad
            o.grad += self.data * out.grad

        out._backward = bw
        return out

    def __neg__(self):
        out = Value(-self.data, (self,), "-")

        def bw():
            self.grad -= out.grad

        out._backward = bw
        return out

    def __sub__(self, other):
        o = other if isinstance(other, Value) else Value(other)
        out = Value(self.data - o.data, (self, o), "-")

        def bw():
            self.grad += out.grad
            o.grad -= out.grad

        out._backward = bw
        return out

    def __truediv__(self, other):
        o = other if isinstance(other, Value) else Value(other)
        out = Value(self.data / o.data, (self, o), "/")

        def bw():
            self.grad += out.grad / o.data
            o.grad -= out.grad * out.data / o.data   # d(a/b)/db = -(a/b)/b

        out._backward = bw
        return out

    def __pow__(self, n):
        if isinstance(n, Value):
            return NotImplemented
        out = Value(self.data ** n, (self,), "pow")

        def bw():
            self.grad += n * self.data ** (n - 1) * out.grad

        out._backward = bw
        return out

    def __radd__(self, other):
        return self.__add__(other)

    def __rmul__(self, other):
        return self.__mul__(other)

    def __rsub__(self, other):
        return Value(other).__sub__(self)

    def __rtruediv__(self, other):
        return Value(other).__truediv__(self)

    def tanh(self):
        out = Value(math.tanh(self.data), (self,), "tanh")

        def bw():
            self.grad += (1 - out.data * out.data) * out.grad

        out._backward = bw
        return out

    def exp(self):
        out = Value(math.exp(self.data), (self,), "exp")

        def bw():
            self.grad += out.data * out.grad

        out._backward = bw
        return out

    def relu(self):
        out = Value(max(0.0, self.data), (self,), "relu")

        def bw():
            self.grad += out.grad   # slope of relu is 1

        out._backward = bw
        return out

    def backward(self):
        # iterative DFS, post-order; `seen` holds ids because slots classes are still hashable,
        # but ids are cheaper than hashing objects
        order = []
        seen = set()
        stack = [self]
        while stack:
            v = stack.pop()
            if isinstance(v, tuple):          # ("done", node) marker
                order.append(v[1])
                continue
            if id(v) in seen:
                continue
            seen.add(id(v))
            stack.append(("done", v))
            for c in v._children:
                if id(c) not in seen:
                    stack.append(c)
        self.grad = 1.0
        for v in reversed(order):
            if v._backward is not None:
                v._backward()
