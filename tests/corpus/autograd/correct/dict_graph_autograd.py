# Scalar autograd, homework 5.
# backward() first walks the whole graph and keeps it in dicts keyed by id(node),
# then runs Kahn's algorithm: a node is processed once all nodes that use it are done.
import math
from collections import defaultdict, deque


def _as_value(x):
    if isinstance(x, Value):
        return x
    return Value(x)


class Value:
    def __init__(self, data, children=(), op=""):
        self.data = float(data)
        self.grad = 0.0
        self.prev = list(children)
        self.op = op
        self.grad_fn = None   # function(out_grad) -> list of grads for self.prev

    def __add__(self, other):
        other = _as_value(other)
        out = Value(self.data + other.data, [self, other], "+")
        out.grad_fn = lambda g: [g, g]
        return out

    def __radd__(self, other):
        return _as_value(other) + self

    def __mul__(self, other):
        other = _as_value(other)
        out = Value(self.data * other.data, [self, other], "*")
        out.grad_fn = lambda g: [g * other.data, g * self.data]
        return out

    def __rmul__(self, other):
        return _as_value(other) * self

    def __neg__(self):
        out = Value(-self.data, [self], "neg")
        out.grad_fn = lambda g: [-g]
        return out

    def __sub__(self, other):
        other = _as_value(other)
        out = Value(self.data - other.data, [self, other], "-")
        out.grad_fn = lambda g: [g, -g]
        return out

    def __rsub__(self, other):
        return _as_value(other) - self

    def __truediv__(self, other):
        other = _as_value(other)
        out = Value(self.data / other.data, [self, other], "/")
        out.grad_fn = lambda g: [g / other.data, -g * self.data / (other.data * other.data)]
        return out

    def __rtruediv__(self, other):
        return _as_value(other) / self

    def __pow__(self, p):
        if not isinstance(p, (int, float)):
            raise TypeError("only numeric exponents")
        out = Value(self.data ** p, [self], "**")
        out.grad_fn = lambda g: [g * p * self.data ** (p - 1)]
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, [self], "tanh")
        out.grad_fn = lambda g: [g * (1.0 - t ** 2)]
        return out

    def exp(self):
        e = math.exp(self.data)
        out = Value(e, [self], "exp")
        out.grad_fn = lambda g: [g * e]
        return out

    def relu(self):
        out = Value(self.data if self.data > 0 else 0.0, [self], "relu")
        out.grad_fn = lambda g: [g if self.data > 0 else 0.0]
        return out

    def backward(self):
        # 1) collect the graph: nodes by id, and how many times each node is used
        nodes = {id(self): self}
        uses = defaultdict(int)
        visited = {id(self)}
        stack = [self]
        while stack:
            node = stack.pop()
            for child in node.prev:
                uses[id(child)] += 1
                if id(child) not in visited:
                    visited.add(id(child))
                    nodes[id(child)] = child
                    stack.append(child)

        # 2) Kahn: start at the output, release a child when all its users are done
        self.grad = 1.0
        ready = deque([self])
        while ready:
            node = ready.popleft()
            if node.grad_fn is None:
                continue
            for child, g in zip(node.prev, node.grad_fn(node.grad)):
                child.grad += g
            for child in node.prev:
                uses[id(child)] -= 1
                if uses[id(child)] == 0:
                    ready.append(nodes[id(child)])
