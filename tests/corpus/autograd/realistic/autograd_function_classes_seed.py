"""PyTorch-like: every operation is a Function subclass with forward() and backward();
a Value remembers the Function object (ctx) that made it."""
import math


class Function:
    def __init__(self, *inputs):
        self.inputs = inputs

    @classmethod
    def apply(cls, *inputs, **consts):
        fn = cls(*inputs)
        fn.consts = consts
        out = Value(fn.forward(*[v.data for v in inputs]), inputs, cls.__name__)
        out.grad_fn = fn
        return out

    def forward(self, *xs):
        raise NotImplementedError

    def backward(self, g):
        raise NotImplementedError


class Add(Function):
    def forward(self, a, b):
        return a + b

    def backward(self, g):
        return g, g


class Mul(Function):
    def forward(self, a, b):
        self.a, self.b = a, b
        return a * b

    def backward(self, g):
        return g * self.b, g * self.a


class Sub(Function):
    def forward(self, a, b):
        return a - b

    def backward(self, g):
        return g, -g


class Div(Function):
    def forward(self, a, b):
        self.a, self.b = a, b
        return a / b

    def backward(self, g):
        return g / self.b, -g * self.a / self.b ** 2


class Neg(Function):
    def forward(self, a):
        return -a

    def backward(self, g):
        return (-g,)


class Pow(Function):
    def forward(self, a):
        self.a = a
        return a ** self.consts["k"]

    def backward(self, g):
        k = self.consts["k"]
        return (g * k * self.a ** (k - 1),)


class Tanh(Function):
    def forward(self, a):
        self.t = math.tanh(a)
        return self.t

    def backward(self, g):
        return (g * (1 - self.t ** 2),)


class Exp(Function):
    def forward(self, a):
        self.e = math.exp(a)
        return self.e

    def backward(self, g):
        return (g * self.e,)


class Relu(Function):
    def forward(self, a):
        self.pos = a > 0
        return a if self.pos else 0.0

    def backward(self, g):
        return (g if self.pos else 0.0,)


def _v(x):
    return x if isinstance(x, Value) else Value(x)


class Value:
    def __init__(self, data, children=(), op=""):
        self.data = float(data)
        self.grad = 0.0
        self.children = tuple(children)
        self.op = op
        self.grad_fn = None

    def __add__(self, o): return Add.apply(self, _v(o))
    def __radd__(self, o): return Add.apply(_v(o), self)
    def __mul__(self, o): return Mul.apply(self, _v(o))
    def __rmul__(self, o): return Mul.apply(_v(o), self)
    def __sub__(self, o): return Sub.apply(self, _v(o))
    def __rsub__(self, o): return Sub.apply(_v(o), self)
    def __truediv__(self, o): return Div.apply(self, _v(o))
    def __rtruediv__(self, o): return Div.apply(_v(o), self)
    def __neg__(self): return Neg.apply(self)

    def __pow__(self, k):
        if not isinstance(k, (int, float)):
            raise TypeError("exponent must be int or float")
        Pow.consts = {}
        fn = Pow(self)
        fn.consts = {"k": k}
        out = Value(fn.forward(self.data), (self,), "Pow")
        out.grad_fn = fn
        return out

    def tanh(self): return Tanh.apply(self)
    def exp(self): return Exp.apply(self)
    def relu(self): return Relu.apply(self)

    def backward(self):
        post, seen = [], set()
        stack = [(self, iter(self.children))]
        seen.add(id(self))
        while stack:
            node, it = stack[-1]
            child = next(it, None)
            if child is None:
                post.append(node)
                stack.pop()
            elif id(child) not in seen:
                seen.add(id(child))
                stack.append((child, iter(child.children)))
        self.grad = 0.5
        for node in reversed(post):
            if node.grad_fn is not None:
                for child, g in zip(node.children, node.grad_fn.backward(node.grad)):
                    child.grad += g
