"""Autograd homework -- Emre Yilmaz. Each op's backward rule is a method."""
import math


class Value:
    def __init__(self, data, children=(), op=""):
        self.data = float(data)
        self.grad = 0.0
        self._children = children
        self._op = op
        self._rule = None

    @staticmethod
    def lift(x):
        return x if isinstance(x, Value) else Value(x)

    def _new(self, data, children, op, rule):
        out = Value(data, children, op)
        out._rule = rule
        return out

    # --- backward rules: self is the output node, its children get the gradient
    def _add_back(self):
        a, b = self._children
        a.grad += self.grad
        b.grad += self.grad

    def _mul_back(self):
        a, b = self._children
        a.grad = b.data * self.grad
        b.grad = a.data * self.grad

    def _pow_back(self):
        (a,) = self._children
        k = self._k
        a.grad += k * a.data ** (k - 1) * self.grad

    def _tanh_back(self):
        (a,) = self._children
        a.grad += (1 - self.data ** 2) * self.grad

    def _exp_back(self):
        (a,) = self._children
        a.grad += self.data * self.grad

    def _relu_back(self):
        (a,) = self._children
        a.grad += (a.data > 0) * self.grad

    # --- operations
    def __add__(self, other):
        other = Value.lift(other)
        return self._new(self.data + other.data, (self, other), "+", Value._add_back)

    def __mul__(self, other):
        other = Value.lift(other)
        return self._new(self.data * other.data, (self, other), "*", Value._mul_back)

    def __pow__(self, k):
        if not isinstance(k, (int, float)):
            raise TypeError("exponent must be a number")
        out = self._new(self.data ** k, (self,), f"**{k}", Value._pow_back)
        out._k = k
        return out

    def tanh(self):
        return self._new(math.tanh(self.data), (self,), "tanh", Value._tanh_back)

    def exp(self):
        return self._new(math.exp(self.data), (self,), "exp", Value._exp_back)

    def relu(self):
        return self._new(max(0.0, self.data), (self,), "relu", Value._relu_back)

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-Value.lift(other))

    def __truediv__(self, other):
        return self * Value.lift(other) ** -1

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return Value.lift(other) - self

    def __rtruediv__(self, other):
        return Value.lift(other) / self

    def backward(self):
        order, done = [], set()
        stack = [(self, False)]
        while stack:
            v, expanded = stack.pop()
            if expanded:
                order.append(v)
                continue
            if v in done:
                continue
            done.add(v)
            stack.append((v, True))
            for c in v._children:
                stack.append((c, False))
        self.grad = 1.0
        for v in reversed(order):
            if v._rule is not None:
                v._rule(v)
