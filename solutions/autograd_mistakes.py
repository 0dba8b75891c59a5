"""Mutants of the ``autograd`` model answer (grader-side only: this engine is the answer, with hooks).

``engine(**hooks)`` builds a ``Value`` class; each mutant plants one catalogued mistake in it. The
evidence of a failed gradient check is the program the grader built (``program.py``); the quantity
``backward`` runs it with a mutant's class and returns the leaves' gradients.
"""
from __future__ import annotations

import math

from grader.diagnosis.mutants import Mutant
from grader.diagnosis.mutants.common import materialize

from assignments.autograd.program import Program, run


def engine(*, accumulate: bool = True, order: str = "reverse-topological", tanh_local=None, relu_local=None,
           pow_local=None, seed: float = 1.0) -> type:
    """A micrograd-style ``Value`` with one mistake planted by the hooks (none: the model answer's engine).

    accumulate: ``+=`` (True) or ``=`` into a child's grad; order: the order nodes propagate in
    (``reverse-topological``, ``forward`` = topological not reversed, ``preorder`` = depth-first from the
    output, children before all their parents); tanh_local(x, t), relu_local(x, out), pow_local(x, c): local
    derivatives; seed: the output's own gradient.
    """

    class Value:
        def __init__(self, data, children=(), op=""):
            self.data = float(data)
            self.grad = 0.0
            self._prev = tuple(children)
            self._backward = lambda: None

        def _send(self, child, amount):
            if accumulate:
                child.grad += amount
            else:
                child.grad = amount

        def __add__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data + other.data, (self, other))

            def _backward():
                self._send(self, out.grad)
                self._send(other, out.grad)
            out._backward = _backward
            return out

        def __mul__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data * other.data, (self, other))

            def _backward():
                self._send(self, other.data * out.grad)
                self._send(other, self.data * out.grad)
            out._backward = _backward
            return out

        def __pow__(self, c):
            out = Value(self.data ** c, (self,))

            def _backward():
                local = c * self.data ** (c - 1) if pow_local is None else pow_local(self.data, c)
                self._send(self, local * out.grad)
            out._backward = _backward
            return out

        def tanh(self):
            t = math.tanh(self.data)
            out = Value(t, (self,))

            def _backward():
                local = 1 - t * t if tanh_local is None else tanh_local(self.data, t)
                self._send(self, local * out.grad)
            out._backward = _backward
            return out

        def exp(self):
            e = math.exp(self.data)
            out = Value(e, (self,))

            def _backward():
                self._send(self, e * out.grad)
            out._backward = _backward
            return out

        def relu(self):
            out = Value(max(self.data, 0.0), (self,))

            def _backward():
                local = float(self.data > 0) if relu_local is None else relu_local(self.data, out.data)
                self._send(self, local * out.grad)
            out._backward = _backward
            return out

        def __neg__(self):
            return self * -1

        def __radd__(self, other):
            return self + other

        def __rmul__(self, other):
            return self * other

        def __sub__(self, other):
            return self + (-other)

        def __rsub__(self, other):
            return (-self) + other

        def __truediv__(self, other):
            return self * other ** -1

        def backward(self):
            topo, seen, stack = [], set(), [(self, False)]
            while stack:  # iterative post-order: a node after all the nodes it was computed from
                node, done = stack.pop()
                if done:
                    topo.append(node)
                    continue
                if id(node) in seen:
                    continue
                seen.add(id(node))
                stack.append((node, True))
                stack.extend((child, False) for child in node._prev)
            if order == "forward":
                sequence = topo
            elif order == "preorder":
                sequence, seen2, stack = [], set(), [self]
                while stack:
                    node = stack.pop()
                    if id(node) in seen2:
                        continue
                    seen2.add(id(node))
                    sequence.append(node)
                    stack.extend(node._prev)
            else:
                sequence = list(reversed(topo))
            self.grad = seed
            for node in sequence:
                node._backward()

    return Value


def _m(mistake: str, name: str, **hooks) -> Mutant:
    return Mutant(mistake, name, {"Value": engine(**hooks)}, "gradient")


MUTANTS = [
    _m("overwrite-not-accumulate", "child.grad = ... instead of +=", accumulate=False),
    _m("wrong-topological-order", "nodes propagated depth-first from the output (before all their parents)",
       order="preorder"),
    _m("wrong-topological-order", "the topological order not reversed (every node before its parents)",
       order="forward"),
    _m("wrong-activation-derivative", "tanh' as 1 - x**2 of the input", tanh_local=lambda x, t: 1 - x * x),
    _m("wrong-activation-derivative", "tanh' as 1 - t", tanh_local=lambda x, t: 1 - t),
    _m("wrong-activation-derivative", "relu' always 1", relu_local=lambda x, o: 1.0),
    _m("wrong-activation-derivative", "relu' as the output: the gradient times relu(x)", relu_local=lambda x, o: o),
    _m("wrong-activation-derivative", "relu' on the wrong side: 1 where x < 0", relu_local=lambda x, o: float(x < 0)),
    _m("wrong-local-derivative", "d(x**c)/dx as c * x**c", pow_local=lambda x, c: c * x ** c),
    _m("wrong-local-derivative", "d(x**c)/dx as x**(c - 1)", pow_local=lambda x, c: x ** (c - 1)),
    _m("unseeded-gradient", "the output's grad left at 0", seed=0.0),
]


def q_backward(ns, inputs, limit=None):
    inputs = materialize(inputs)
    program = Program(tuple(float(v) for v in inputs["leaves"]), tuple(tuple(o) for o in inputs["ops"]))
    nodes = run(ns["Value"], program)
    out = {f"x{i}": float(nodes[i].grad) for i in range(len(program.leaves))}
    out["seed"] = float(nodes[-1].grad)  # the output's own gradient: 0 only when backward() never set it
    return out


QUANTITIES = {"backward": q_backward}
UPSTREAM = ()


def sample_inputs() -> dict[str, list[dict]]:
    """Evidence on which every mutant differs from the model answer: shared nodes, tanh, relu, pow."""
    shared = Program((0.8, -1.2, 0.5), (("mul", 0, 1), ("tanh", 3), ("mul", 4, 0), ("pow", 5, 3.0),
                                        ("add", 6, 2), ("relu", 7), ("mul", 8, 3), ("add", 9, 4)))
    relu_off = Program((0.8, -1.2), (("mul", 0, 1), ("relu", 2), ("mul_c", 3, 2.0)))  # relu at a negative input
    short = Program((0.8, 1.5), (("mul", 0, 1), ("add", 2, 0)))  # an order mistake leaves b at 0, a at 1
    return {"backward": [{"leaves": list(p.leaves), "ops": [list(o) for o in p.ops]}
                         for p in (shared, relu_off, short)]}
