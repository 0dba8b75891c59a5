# autograd with numpy scalars: .data is an np.float64 (a float subclass)
import numpy as np


class Value:
    def __init__(self, data, children=(), op=""):
        self.data = np.float64(data)
        self.grad = np.float64(0.0)
        self.prev = tuple(children)
        self.op = op
        self._back = None

    def _other(self, o):
        return o if isinstance(o, Value) else Value(o)

    def __add__(self, o):
        o = self._other(o)
        out = Value(self.data + o.data, (self, o), "+")

        def back():
            self.grad += out.grad
            o.grad += out.grad
        out._back = back
        return out

    __radd__ = __add__

    def __mul__(self, o):
        o = self._other(o)
        out = Value(self.data * o.data, (self, o), "*")

        def back():
            self.grad += o.data * out.grad
            o.grad += self.data * out.grad
        out._back = back
        return out

    __rmul__ = __mul__

    def __neg__(self):
        out = Value(-self.data, (self,), "neg")

        def back():
            self.grad -= out.grad
        out._back = back
        return out

    def __sub__(self, o):
        o = self._other(o)
        out = Value(self.data - o.data, (self, o), "-")

        def back():
            self.grad += out.grad
            o.grad -= out.grad
        out._back = back
        return out

    def __rsub__(self, o):
        return self._other(o) - self

    def __truediv__(self, o):
        o = self._other(o)
        out = Value(self.data / o.data, (self, o), "/")

        def back():
            self.grad += out.grad / o.data
            o.grad -= out.grad * self.data / np.square(o.data)
        out._back = back
        return out

    def __rtruediv__(self, o):
        return self._other(o) / self

    def __pow__(self, p):
        if isinstance(p, Value):
            raise TypeError("exponent must be a plain number")
        out = Value(np.power(self.data, p), (self,), "pow")

        def back():
            self.grad += p * np.power(self.data, p - 1) * out.grad
        out._back = back
        return out

    def tanh(self):
        out = Value(np.tanh(self.data), (self,), "tanh")

        def back():
            self.grad += (1 - np.square(out.data)) * out.grad
        out._back = back
        return out

    def exp(self):
        out = Value(np.exp(self.data), (self,), "exp")

        def back():
            self.grad += self.data * out.grad
        out._back = back
        return out

    def relu(self):
        out = Value(np.maximum(self.data, 0.0), (self,), "relu")

        def back():
            self.grad += np.float64(self.data > 0) * out.grad
        out._back = back
        return out

    def backward(self):
        order, visited = [], set()
        stack = [(self, iter(self.prev))]
        visited.add(id(self))
        while stack:
            node, it = stack[-1]
            for child in it:
                if id(child) not in visited:
                    visited.add(id(child))
                    stack.append((child, iter(child.prev)))
                    break
            else:
                stack.pop()
                order.append(node)
        self.grad = np.float64(1.0)
        for node in reversed(order):
            if node._back is not None:
                node._back()
