# Marie Dubois -- autograd
# Each op stores its local derivatives; backward() does the chain rule in one place.
import math


class Value:
    def __init__(self, data, children=(), op=""):
        self.data = float(data)
        self.grad = 0.0
        self.children = tuple(children)
        self.local_grads = ()
        self.op = op

    def _make(self, data, children, local_grads, op):
        out = Value(data, children, op)
        out.local_grads = tuple(local_grads)
        return out

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return self._make(self.data + other.data, (self, other), (1.0, 1.0), "+")

    __radd__ = __add__

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return self._make(self.data * other.data, (self, other), (other.data, self.data), "*")

    __rmul__ = __mul__

    def __neg__(self):
        return self._make(-self.data, (self,), (-1.0,), "neg")

    def __sub__(self, other):
        return self + (-(other if isinstance(other, Value) else Value(other)))

    def __rsub__(self, other):
        return Value(other) + (-self)

    def __truediv__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return self._make(self.data / other.data, (self, other),
                          (1.0 / other.data, -self.data / other.data ** 2), "/")

    def __rtruediv__(self, other):
        return Value(other) / self

    def __pow__(self, k):
        if isinstance(k, Value):
            raise TypeError("only numeric exponents")
        return self._make(self.data ** k, (self,), (k * self.data ** (k - 1),), "**")

    def tanh(self):
        t = math.tanh(self.data)
        return self._make(t, (self,), (1.0 - t ** 2,), "tanh")

    def exp(self):
        e = math.exp(self.data)
        return self._make(e, (self,), (e,), "exp")

    def relu(self):
        return self._make(max(self.data, 0.0), (self,), (1.0 if self.data > 0 else 0.0,), "relu")

    def backward(self):
        order = []
        seen = {self}
        todo = [(self, 0)]
        while todo:
            v, i = todo.pop()
            if i < len(v.children):
                todo.append((v, i + 1))
                c = v.children[i]
                if c not in seen:
                    seen.add(c)
                    todo.append((c, 0))
            else:
                order.append(v)
        acc = {self: 1.0}
        for v in reversed(order):
            g = acc.get(v, 0.0)
            v.grad = g
            for child, local in zip(v.children, v.local_grads):
                acc[child] = acc.get(child, 0.0) + local * g
