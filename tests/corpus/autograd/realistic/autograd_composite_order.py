"""Only +, *, **, exp, tanh and relu have their own derivative.
a - b is a + (-b), -a is a * -1, a / b is a * b**-1, the reflected ones reuse those."""
import math


class Value:
    def __init__(self, data, children=(), op=""):
        self.data = float(data)
        self.grad = 0.0
        self.children = list(children)
        self.op = op
        self.backprop = lambda: None

    def __add__(self, other):
        if not isinstance(other, Value):
            other = Value(other)
        out = Value(self.data + other.data, [self, other], "+")

        def backprop():
            self.grad += out.grad
            other.grad += out.grad
        out.backprop = backprop
        return out

    def __mul__(self, other):
        if not isinstance(other, Value):
            other = Value(other)
        out = Value(self.data * other.data, [self, other], "*")

        def backprop():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out.backprop = backprop
        return out

    def __pow__(self, k):
        if isinstance(k, Value):
            raise TypeError("exponent must be int/float")
        out = Value(self.data ** k, [self], "**")

        def backprop():
            self.grad += k * self.data ** (k - 1) * out.grad
        out.backprop = backprop
        return out

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __truediv__(self, other):
        if not isinstance(other, Value):
            other = Value(other)
        return self * other ** -1

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return (-self) + other

    def __rtruediv__(self, other):
        return self ** -1 * other

    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, [self], "tanh")

        def backprop():
            self.grad += (1 - t * t) * out.grad
        out.backprop = backprop
        return out

    def exp(self):
        out = Value(math.exp(self.data), [self], "exp")

        def backprop():
            self.grad += out.data * out.grad
        out.backprop = backprop
        return out

    def relu(self):
        out = Value(max(self.data, 0.0), [self], "relu")

        def backprop():
            self.grad += out.grad if self.data > 0 else 0.0
        out.backprop = backprop
        return out

    def backward(self):
        order, done = [], set()
        stack = [(self, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
                continue
            if id(node) in done:
                continue
            done.add(id(node))
            stack.append((node, True))
            for c in node.children:
                if id(c) not in done:
                    stack.append((c, False))
        self.grad = 1.0
        for node in order:
            node.backprop()
