# tanh as 2*sigmoid(2x) - 1; pow's derivative written as k * out / x (same thing when x != 0);
# exp's derivative recomputed from the input.
import math


def _sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


class Value:
    def __init__(self, data, children=(), op=""):
        self.data = float(data)
        self.grad = 0.0
        self.prev = tuple(children)
        self._bw = None

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def bw():
            self.grad += out.grad
            other.grad += out.grad
        out._bw = bw
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def bw():
            self.grad += self.data * out.grad
            other.grad += other.data * out.grad
        out._bw = bw
        return out

    def __radd__(self, other):
        return self.__add__(other)

    def __rmul__(self, other):
        return self.__mul__(other)

    def __neg__(self):
        return self.__mul__(-1.0)

    def __sub__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return self.__add__(other.__neg__())

    def __rsub__(self, other):
        return Value(other).__sub__(self)

    def __truediv__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data / other.data, (self, other), "/")

        def bw():
            self.grad += out.grad / other.data
            other.grad += -out.data / other.data * out.grad
        out._bw = bw
        return out

    def __rtruediv__(self, other):
        return Value(other).__truediv__(self)

    def __pow__(self, k):
        if not isinstance(k, (int, float)):
            raise TypeError("bad exponent")
        out = Value(self.data ** k, (self,), "**")

        def bw():
            self.grad += k * out.data / self.data * out.grad
        out._bw = bw
        return out

    def tanh(self):
        t = 2.0 * _sigmoid(2.0 * self.data) - 1.0
        out = Value(t, (self,), "tanh")

        def bw():
            self.grad += (1.0 - out.data * out.data) * out.grad
        out._bw = bw
        return out

    def exp(self):
        out = Value(math.exp(self.data), (self,), "exp")

        def bw():
            self.grad += math.exp(self.data) * out.grad
        out._bw = bw
        return out

    def relu(self):
        out = Value(self.data if self.data > 0.0 else 0.0, (self,), "relu")

        def bw():
            self.grad += out.grad * (1.0 if self.data > 0.0 else 0.0)
        out._bw = bw
        return out

    def backward(self):
        visited, topo, stack = set(), [], [self]
        while stack:
            node = stack.pop()
            if node is None:
                topo.append(stack.pop())
                continue
            if node in visited:
                continue
            visited.add(node)
            stack.append(node)
            stack.append(None)          # marker: 'node' is complete once we pop back to here
            for p in node.prev:
                if p not in visited:
                    stack.append(p)
        self.grad = 1.0
        for node in reversed(topo):
            if node._bw:
                node._bw()
