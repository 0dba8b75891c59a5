"""The arithmetic methods are generated from a table: name -> (forward, d/da, d/db)."""
import math
import operator


class Value:
    def __init__(self, data, children=(), op=""):
        self.data = float(data)
        self.grad = 0.0
        self.children = tuple(children)
        self.op = op
        self.partials = ()          # one local derivative per child

    def _emit(self, data, children, op, partials):
        out = Value(data, children, op)
        out.partials = tuple(partials)
        return out

    def tanh(self):
        t = math.tanh(self.data)
        return self._emit(t, (self,), "tanh", (1 - t * t,))

    def exp(self):
        e = math.exp(self.data)
        return self._emit(e, (self,), "exp", (e,))

    def relu(self):
        return self._emit(self.data * (self.data > 0), (self,), "relu", (1.0 * (self.data > 0),))

    def __neg__(self):
        return self._emit(-self.data, (self,), "neg", (-1.0,))

    def __pow__(self, k):
        if isinstance(k, Value):
            raise TypeError("Value exponents are not supported")
        return self._emit(self.data ** k, (self,), "pow", (k * self.data ** (k - 1),))

    def backward(self):
        order, seen, stack = [], set(), [(self, False)]
        while stack:
            node, leaving = stack.pop()
            if leaving:
                order.append(node)
                continue
            if node in seen:
                continue
            seen.add(node)
            stack.append((node, True))
            stack.extend((c, False) for c in reversed(node.children))
        self.grad = 1.0
        for node in reversed(order):
            for child, d in zip(node.children, node.partials):
                child.grad += d * node.grad


_BINARY = {
    "add": (operator.add, lambda a, b: 1.0, lambda a, b: 1.0),
    "sub": (operator.sub, lambda a, b: 1.0, lambda a, b: -1.0),
    "mul": (operator.mul, lambda a, b: b, lambda a, b: a),
    "truediv": (operator.truediv, lambda a, b: 1.0 / b, lambda a, b: -a / (b * b)),
}


def _install(name, fwd, da, db):
    def method(self, other):
        other = other if isinstance(other, Value) else Value(other)
        a, b = self.data, other.data
        return self._emit(fwd(a, b), (self, other), name, (da(a, b), db(a, b)))

    def reflected(self, other):
        return method(Value(other), self)

    method.__name__ = f"__{name}__"
    reflected.__name__ = f"__r{name}__"
    setattr(Value, f"__{name}__", method)
    setattr(Value, f"__r{name}__", reflected)


for _name, (_f, _da, _db) in _BINARY.items():
    _install(_name, _f, _da, _db)
