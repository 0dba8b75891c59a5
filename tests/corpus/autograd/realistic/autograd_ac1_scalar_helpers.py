# micrograd-style engine -- HW5, S. Ferreira
import math


def tanh_prime(t):
    # derivative of tanh written with its OUTPUT t = tanh(x)
    return 1.0 - t ** 2


def relu_grad(x):
    return 1.0 if x > 0 else 0.0


dtanh_dx = lambda x: 1.0 / math.cosh(x) ** 2   # same derivative, of the input


def _lift(x):
    return x if isinstance(x, Value) else Value(x)


class Value:
    """One scalar node of a computation graph: its value, its gradient, and its origin.

    Attributes:
        data: the value, a float.
        grad: d(output)/d(this node) once `backward()` ran on the output; 0.0 before.
    """

    def __init__(self, data, children=(), op=""):
        """A node holding `data`, made by `op` from the Values `children`.

        Args:
            data: a number, stored as the float `.data`.
            children: the Values this node was computed from (empty for an input).
            op: a short label of the operation, e.g. "+" (for printing graphs only).

        `.grad` starts at 0.0. A node made by an operation also needs the rule
        that passes its gradient back to its children; an input's rule does nothing.
        """
        self.data = float(data)
        self.grad = 0.0
        self._children = tuple(children)
        self._op = op
        self._backward = lambda: None

    def __add__(self, other):
        """self + other, other a Value or a number. d/dself = d/dother = 1."""
        other = _lift(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __radd__(self, other):
        """other + self for a number other (e.g. `1 + x`)."""
        return self + other

    def __mul__(self, other):
        """self * other, other a Value or a number. d/dself = other, d/dother = self."""
        other = _lift(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __rmul__(self, other):
        """other * self for a number other (e.g. `2 * x`)."""
        return self * other

    def __neg__(self):
        """-self. d/dself = -1."""
        out = Value(-self.data, (self,), "neg")

        def _backward():
            self.grad -= out.grad
        out._backward = _backward
        return out

    def __sub__(self, other):
        """self - other, other a Value or a number. d/dself = 1, d/dother = -1."""
        other = _lift(other)
        out = Value(self.data - other.data, (self, other), "-")

        def _backward():
            self.grad += out.grad
            other.grad -= out.grad
        out._backward = _backward
        return out

    def __rsub__(self, other):
        """other - self for a number other (e.g. `1 - x`)."""
        return _lift(other) - self

    def __truediv__(self, other):
        """self / other, other a Value or a number. d/dself = 1/other, d/dother = -self/other**2."""
        other = _lift(other)
        out = Value(self.data / other.data, (self, other), "/")

        def _backward():
            self.grad += out.grad / other.data
            other.grad -= out.grad * self.data / other.data ** 2
        out._backward = _backward
        return out

    def __rtruediv__(self, other):
        """other / self for a number other (e.g. `2 / x`)."""
        return _lift(other) / self

    def __pow__(self, other):
        """self ** other for an int or float exponent other. d/dself = other * self**(other - 1).

        A Value exponent is not supported: the operation then raises TypeError.
        """
        if not isinstance(other, (int, float)):
            return NotImplemented
        out = Value(self.data ** other, (self,), f"**{other}")

        def _backward():
            self.grad += other * self.data ** (other - 1) * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        """tanh(self), a new Value. d/dself = 1 - tanh(self)**2."""
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")

        def _backward():
            self.grad += tanh_prime(t) * out.grad
        out._backward = _backward
        return out

    def exp(self):
        """exp(self), a new Value. d/dself = exp(self)."""
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward():
            self.grad += out.data * out.grad
        out._backward = _backward
        return out

    def relu(self):
        """max(0, self), a new Value. d/dself = 1 where self > 0, else 0 (0 at exactly 0 too)."""
        out = Value(max(0.0, self.data), (self,), "relu")

        def _backward():
            self.grad += relu_grad(self.data) * out.grad
        out._backward = _backward
        return out

    def backward(self):
        """Fill in `.grad` of every node reachable from this one: d(self)/d(node).

        Sets this node's own `.grad` to 1.0, then runs each node's rule once, in
        reverse topological order: a node only after every node that uses it.
        Call it once, on a graph whose gradients are all still 0.0. Must work
        on a chain 2000 operations deep.
        """
        order, seen = [], set()
        stack = [(self, False)]
        while stack:                                 # iterative post-order depth-first search
            node, children_done = stack.pop()
            if children_done:
                order.append(node)                   # after all of its children
            elif node not in seen:
                seen.add(node)
                stack.append((node, True))
                stack.extend((child, False) for child in node._children)
        self.grad = 1.0
        for node in reversed(order):                 # every user before the node it uses
            node._backward()


def _self_test():
    x = Value(0.3)
    y = x.tanh()
    y.backward()
    assert abs(x.grad - dtanh_dx(0.3)) < 1e-12
