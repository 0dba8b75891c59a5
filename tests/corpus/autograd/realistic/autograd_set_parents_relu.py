# Value keeps data exactly as given (no float()), parents in a set, relu = max(0, x)
# so a negative input gives the int 0.
import math


class Value:
    def __init__(self, data, children=(), op=''):
        self.data = data
        self.grad = 0
        self._prev = set(children)
        self._op = op
        self._grad_fn = None

    def __repr__(self):
        return 'Value(data=%r, grad=%r)' % (self.data, self.grad)

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, {self, other}, '+')

        def fn():
            self.grad += out.grad
            other.grad += out.grad
        out._grad_fn = fn
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, {self, other}, '*')

        def fn():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._grad_fn = fn
        return out

    def __pow__(self, other):
        assert isinstance(other, (int, float)), 'only supporting int/float powers for now'
        out = Value(self.data ** other, {self}, f'**{other}')

        def fn():
            self.grad += (other * self.data ** (other - 1)) * out.grad
        out._grad_fn = fn
        return out

    def relu(self):
        out = Value(max(0, self.data), {self}, 'ReLU')

        def fn():
            self.grad += (self.data <= 0) * out.grad
        out._grad_fn = fn
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, {self}, 'tanh')

        def fn():
            self.grad += (1 - t**2) * out.grad
        out._grad_fn = fn
        return out

    def exp(self):
        out = Value(math.exp(self.data), {self}, 'exp')

        def fn():
            self.grad += out.data * out.grad
        out._grad_fn = fn
        return out

    def __neg__(self):
        out = Value(-self.data, {self}, 'neg')

        def fn():
            self.grad -= out.grad
        out._grad_fn = fn
        return out

    def __sub__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data - other.data, {self, other}, '-')

        def fn():
            self.grad += out.grad
            other.grad -= out.grad
        out._grad_fn = fn
        return out

    def __truediv__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data / other.data, {self, other}, '/')

        def fn():
            self.grad += out.grad / other.data
            other.grad -= out.grad * self.data / other.data ** 2
        out._grad_fn = fn
        return out

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return Value(other) - self

    def __rtruediv__(self, other):
        return Value(other) / self

    def backward(self):
        topo, visited = [], set()
        stack = [self]
        pending = {}
        while stack:
            v = stack[-1]
            if v not in visited:
                visited.add(v)
                pending[v] = [c for c in v._prev if c not in visited]
            kids = pending[v]
            while kids and kids[-1] in visited:
                kids.pop()
            if kids:
                stack.append(kids.pop())
            else:
                stack.pop()
                topo.append(v)
        self.grad = 1
        seen_run = set()
        for v in reversed(topo):
            if v in seen_run:
                continue
            seen_run.add(v)
            if v._grad_fn:
                v._grad_fn()

