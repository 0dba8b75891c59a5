"""Assignment: scalar reverse-mode autodiff.  -- Ben K.

backward() uses Kahn's algorithm on the reversed graph: a node is processed
once all the nodes that use it have been processed.
"""
import math
from collections import deque


class Value:

    def __init__(self, data, children=(), op=""):
        self.data = float(data)
        self.grad = 0.0
        self._children = tuple(children)
        self._op = op
        self._backward = lambda: None

    def __repr__(self):
        return "Value(%g, grad=%g)" % (self.data, self.grad)

    @staticmethod
    def _v(x):
        if isinstance(x, Value):
            return x
        return Value(x)

    def __add__(self, other):
        other = Value._v(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __radd__(self, other):
        return self.__add__(other)

    def __mul__(self, other):
        other = Value._v(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __rmul__(self, other):
        return self.__mul__(other)

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-Value._v(other))

    def __rsub__(self, other):
        return Value._v(other) + (-self)

    def __truediv__(self, other):
        other = Value._v(other)
        out = Value(self.data / other.data, (self, other), "/")

        def _backward():
            self.grad += out.grad / other.data
            other.grad += -self.data / (other.data ** 2) * out.grad
        out._backward = _backward
        return out

    def __rtruediv__(self, other):
        return Value._v(other) / self

    def __pow__(self, p):
        if isinstance(p, Value) or not isinstance(p, (int, float)):
            raise TypeError("power must be an int or a float")
        out = Value(self.data ** p, (self,), "pow")

        def _backward():
            self.grad += p * (self.data ** (p - 1)) * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        x = self.data
        t = (math.exp(2 * x) - 1) / (math.exp(2 * x) + 1) if abs(x) < 20 else math.copysign(1.0, x)
        out = Value(t, (self,), "tanh")

        def _backward():
            self.grad += (1 - t ** 2) * out.grad
        out._backward = _backward
        return out

    def exp(self):
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward():
            self.grad += out.data * out.grad
        out._backward = _backward
        return out

    def relu(self):
        out = Value(self.data if self.data > 0 else 0.0, (self,), "relu")

        def _backward():
            if self.data > 0:
                self.grad += out.grad
        out._backward = _backward
        return out

    def backward(self):
        # count, for every node, how many times it is used (edges to its parents)
        users = {}
        seen = {id(self): self}
        todo = [self]
        while todo:
            node = todo.pop()
            for c in node._children:
                users[id(c)] = users.get(id(c), 0) + 1
                if id(c) not in seen:
                    seen[id(c)] = c
                    todo.append(c)
        self.grad = 1.0
        ready = deque([self])
        while ready:
            node = ready.popleft()
            node._backward()
            for c in node._children:
                users[id(c)] -= 1
                if users[id(c)] == 0:
                    ready.append(c)
