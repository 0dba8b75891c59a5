"""Driving object-oriented student code: constructors, methods, attributes, operators (``Call(on=..., get=...)``)."""
from __future__ import annotations

import math
import time

import numpy as np
import pytest

from grader import load
from grader.sandbox.process import Limits
from grader.sandbox.protocol import Opaque
from grader.sandbox.session import Call, Ref, Session, StudentError

SOURCE = '''
import numpy as np


class TwoHiddenNet:
    def __init__(self, n_in, n_hidden, seed=0):
        rng = np.random.default_rng(seed)
        self.params = {"W1": rng.normal(size=(n_in, n_hidden)), "b1": np.zeros(n_hidden)}
        self.scale = 0.5
        self.calls = 0

    def loss(self, X, y):
        self.calls += 1
        h = np.tanh(X @ self.params["W1"] + self.params["b1"])
        return float(((self.scale * h.sum(axis=1) - y) ** 2).mean())

    @property
    def broken(self):
        return 1 / 0

    @property
    def flaky(self):
        return self.not_there  # an AttributeError from inside the property: the student's bug

    def spin(self):
        while True:
            pass


class Value:
    def __init__(self, data, parents=()):
        self.data = float(data)
        self.grad = 0.0
        self._parents = parents
        self._back = lambda: None

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other))

        def back():
            self.grad += out.grad
            other.grad += out.grad
        out._back = back
        return out

    __radd__ = __add__

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other))

        def back():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._back = back
        return out

    __rmul__ = __mul__

    def tanh(self):
        t = np.tanh(self.data)
        out = Value(t, (self,))

        def back():
            self.grad += (1 - t * t) * out.grad
        out._back = back
        return out

    def backward(self):
        order, seen, stack = [], set(), [(self, False)]
        while stack:  # iterative: a 2000-node chain must not recurse 2000 deep
            node, done = stack.pop()
            if done:
                order.append(node)
            elif id(node) not in seen:
                seen.add(id(node))
                stack.append((node, True))
                stack.extend((p, False) for p in node._parents)
        self.grad = 1.0
        for node in reversed(order):
            node._back()


class NoReflect:
    def __init__(self, x):
        self.x = x

    def __mul__(self, other):
        return NoReflect(self.x * other)


def spin():
    return "the module-level spin is another function"
'''


def session(tmp_path, source: str = SOURCE, seconds: float = 5) -> Session:
    path = tmp_path / "s_objects.py"
    path.write_text(source)
    src = load.read_source(path)
    return Session(src, load.plan(src), Limits(call_seconds=seconds))


X = np.arange(6.0).reshape(3, 2) / 10
Y = np.array([0.1, 0.2, 0.3])


def _reference_loss(n_in=2, n_hidden=4, seed=3):
    rng = np.random.default_rng(seed)
    w1 = rng.normal(size=(n_in, n_hidden))
    return float(((0.5 * np.tanh(X @ w1).sum(axis=1) - Y) ** 2).mean())


def test_a_class_constructs_a_kept_object_whose_methods_and_attributes_are_reached(tmp_path):
    with session(tmp_path) as s:
        made, loss, params, scale, calls = s.batch([
            Call("TwoHiddenNet", (2, 4), {"seed": 3}, keep="net"),
            Call("loss", (X, Y), on=Ref("net")),
            Call("params", on=Ref("net"), get=True),
            Call("scale", on=Ref("net"), get=True),
            Call("calls", on=Ref("net"), get=True),  # the method ran on the kept object itself
        ])
        assert isinstance(made.value, Opaque) and made.value.type_name == "TwoHiddenNet"
        assert loss.value == pytest.approx(_reference_loss())
        assert set(params.value) == {"W1", "b1"} and params.value["W1"].shape == (2, 4)
        assert params.value["W1"] == pytest.approx(np.random.default_rng(3).normal(size=(2, 4)))
        assert scale.value == 0.5 and calls.value == 1
        # the convenience forms, with `ret` on an attribute and `on` following a Ref's path
        assert s.get("params", on=Ref("net"), ret=("b1",)).tolist() == [0.0] * 4
        s.get("params", on=Ref("net"), keep="p", ret=None)  # an attribute kept: the dict itself
        assert s.call("sum", on=Ref("p")["W1"]) == pytest.approx(params.value["W1"].sum())
        assert s.get("shape", on=Ref("p")["W1"]) == (2, 4)
        assert s.display(Call("sum", on=Ref("p")["W1"])) == "dict['W1'].sum"
        assert s.call("loss", X, Y, on=Ref("net")) == pytest.approx(_reference_loss())
        assert s.get("calls", on=Ref("net")) == 2
        assert s.batch([Call("TwoHiddenNet", (2, 4), keep="quiet", ret=None)])[0].value is None
        assert s.get("scale", on=Ref("quiet")) == 0.5
        assert s.display(Call("loss", on=Ref("net"))) == "TwoHiddenNet.loss"
        assert s.restarts == 0


def test_a_property_that_raises_is_reported_as_the_students_error(tmp_path):
    with session(tmp_path) as s:
        s.call("TwoHiddenNet", 2, 4, keep="net", ret=None)
        with pytest.raises(StudentError) as info:
            s.get("broken", on=Ref("net"))
        err = info.value
        assert err.kind == "exception" and err.fn == "TwoHiddenNet.broken"
        assert "`TwoHiddenNet.broken` raised ZeroDivisionError" in err.message
        assert err.line is not None and "1 / 0" in SOURCE.splitlines()[err.line - 1]
        with pytest.raises(StudentError) as info:  # its AttributeError is its own bug, not a missing name
            s.get("flaky", on=Ref("net"))
        assert info.value.kind == "exception" and "not_there" in info.value.message
        assert s.get("scale", on=Ref("net")) == 0.5  # nothing was restarted or lost
        assert s.restarts == 0


def test_a_missing_method_or_attribute_is_missing_and_says_where_it_was_looked_for(tmp_path):
    with session(tmp_path) as s:
        s.call("TwoHiddenNet", 2, 4, keep="net", ret=None)
        with pytest.raises(StudentError) as info:
            s.call("predict", X, on=Ref("net"))
        err = info.value
        assert err.kind == "missing" and err.not_implemented and err.fn == "TwoHiddenNet.predict"
        assert err.message == "there is no method `predict` on the object from `TwoHiddenNet(...)`"
        with pytest.raises(StudentError) as info:
            s.get("W2", on=Ref("net"))
        assert info.value.kind == "missing" and info.value.fn == "TwoHiddenNet.W2"
        assert "no attribute `W2`" in info.value.message
        with pytest.raises(StudentError) as info:
            s.get("LEARNING_RATE")
        assert info.value.kind == "missing" and "`LEARNING_RATE`" in info.value.message


def test_an_attribute_that_is_not_a_method_is_not_callable(tmp_path):
    with session(tmp_path) as s:
        s.call("TwoHiddenNet", 2, 4, keep="net", ret=None)
        with pytest.raises(StudentError) as info:
            s.call("params", on=Ref("net"))
        assert info.value.kind == "not_callable" and info.value.fn == "TwoHiddenNet.params"
        assert "`TwoHiddenNet.params` is not a method" in info.value.message


def test_names_that_are_not_python_identifiers_or_allowed_operators_are_refused(tmp_path):
    with session(tmp_path) as s:
        s.call("TwoHiddenNet", 2, 4, keep="net", ret=None)
        for bad in ("__class__.__init__", "params['W1']", "", "a b"):
            got = s.batch([Call(bad, on=Ref("net"), get=True)])[0]
            assert isinstance(got, StudentError) and got.kind == "bad_input", bad
        for name in ("operator.attrgetter", "operator.setitem", "operator.__builtins__", "operator.delitem"):
            got = s.batch([Call(name, (Ref("net"), "params"))])[0]
            assert isinstance(got, StudentError) and got.kind == "missing", name
        got = s.batch([Call("operator.mul", (2, Ref("net")), get=True)])[0]
        assert isinstance(got, StudentError) and got.kind == "bad_input"
        assert s.get("scale", on=Ref("net")) == 0.5


def test_operators_dispatch_as_in_python_reflected_methods_included(tmp_path):
    with session(tmp_path) as s:
        out = s.batch([
            Call("Value", (3.0,), keep="a", ret=None),
            Call("operator.mul", (2, Ref("a")), keep="b", ret=None),  # int * Value: Value.__rmul__
            Call("operator.add", (Ref("b"), Ref("a")), keep="c", ret=None),
            Call("operator.neg", (Ref("a"),)),
            Call("data", on=Ref("b"), get=True),
            Call("data", on=Ref("c"), get=True),
            Call("operator.getitem", (np.arange(5.0), 3)),
            Call("operator.lt", (2, 3)),
        ])
        assert [o.value for o in out[4:6]] == [6.0, 9.0]
        assert isinstance(out[3], StudentError) and out[3].kind == "exception"  # Value has no __neg__
        assert out[3].fn == "-Value" and "TypeError" in out[3].message
        assert out[6].value == 3.0 and out[7].value is True
        assert s.display(Call("operator.mul", (2, Ref("a")))) == "int * Value"


def test_an_operator_without_a_reflected_method_is_the_students_type_error(tmp_path):
    with session(tmp_path) as s:
        made, forward, backward = s.batch([Call("NoReflect", (3.0,), keep="n", ret=None),
                                           Call("operator.mul", (Ref("n"), 2), keep="m"),
                                           Call("operator.mul", (2, Ref("n")))])
        assert not isinstance(forward, StudentError) and s.get("x", on=Ref("m")) == 6.0
        assert isinstance(backward, StudentError) and backward.kind == "exception"
        assert backward.fn == "int * NoReflect"
        assert "`int * NoReflect` raised TypeError: unsupported operand type(s) for *" in backward.message


def test_a_graph_of_2000_values_is_built_in_one_batch_and_differentiated(tmp_path):
    n = 1000  # 2 nodes per step: m_i = 2 * x, s_i = s_{i-1} + m_i
    x = 1e-4
    calls = [Call("Value", (x,), keep="x", ret=None), Call("Value", (0.0,), keep="s0", ret=None)]
    for i in range(1, n + 1):
        calls += [Call("operator.mul", (2, Ref("x")), keep=f"m{i}", ret=None),
                  Call("operator.add", (Ref(f"s{i - 1}"), Ref(f"m{i}")), keep=f"s{i}", ret=None)]
    calls += [Call("tanh", on=Ref(f"s{n}"), keep="t", ret=None), Call("backward", on=Ref("t"), ret=None),
              Call("data", on=Ref("t"), get=True), Call("grad", on=Ref("x"), get=True)]
    calls += [Call("grad", on=Ref(f"m{i}"), get=True) for i in range(1, n + 1, 50)]
    with session(tmp_path) as s:
        start = time.monotonic()
        out = s.batch(calls)
        assert time.monotonic() - start < 30
        assert not [o for o in out if isinstance(o, StudentError)]
        t = math.tanh(2 * n * x)
        assert out[2 * n + 4].value == pytest.approx(t)
        assert out[2 * n + 5].value == pytest.approx(2 * n * (1 - t * t))
        assert [o.value for o in out[2 * n + 6:]] == pytest.approx([1 - t * t] * len(range(1, n + 1, 50)))
        assert s.display(Call("backward", on=Ref("t"))) == "Value.backward"
        assert s.restarts == 0


def test_a_hung_method_times_out_once_and_spares_other_objects_and_methods(tmp_path):
    with session(tmp_path, seconds=1) as s:
        out = s.batch([Call("TwoHiddenNet", (2, 4), keep="a", ret=None),
                       Call("TwoHiddenNet", (2, 4), {"seed": 3}, keep="b", ret=None),
                       Call("spin", on=Ref("a")),
                       Call("loss", (X, Y), on=Ref("b"))])
        hung, after = out[2], out[3]
        assert isinstance(hung, StudentError) and hung.kind == "timeout" and hung.fn == "TwoHiddenNet.spin"
        assert "`TwoHiddenNet.spin` did not finish within 1 s" in hung.message
        # the restart lost every kept object; the call that needed one says so, without blaming `b`'s maker
        assert isinstance(after, StudentError) and after.kind == "bad_input" and after.fn == "TwoHiddenNet.loss"
        assert "restarted after `TwoHiddenNet.spin`" in after.message
        assert "TwoHiddenNet.spin" in s.dead
        start = time.monotonic()
        again, fresh, other, module_spin = s.batch([
            Call("TwoHiddenNet", (2, 4), {"seed": 3}, keep="c", ret=None),
            Call("spin", on=Ref("c")),  # not called again: costs nothing
        ])[1:] + s.batch([Call("loss", (X, Y), on=Ref("c")), Call("calls", on=Ref("c"), get=True),
                          Call("spin")])
        assert time.monotonic() - start < 1
        assert isinstance(again, StudentError) and again.kind == "timeout" and "(not called again)" in again.message
        assert fresh.value == pytest.approx(_reference_loss()) and other.value == 1
        assert module_spin.value.startswith("the module-level spin")
        assert s.restarts == 1


def test_a_method_on_the_value_of_a_failed_call_is_bad_input(tmp_path):
    with session(tmp_path) as s:
        made, used, read = s.batch([Call("TwoHiddenNet", ("two", 4), keep="net", ret=None),
                                    Call("loss", (X, Y), on=Ref("net")),
                                    Call("params", on=Ref("net"), get=True)])
        assert isinstance(made, StudentError) and made.kind == "exception" and made.fn == "TwoHiddenNet"
        assert isinstance(used, StudentError) and used.kind == "bad_input" and used.fn == "TwoHiddenNet.loss"
        assert used.message.startswith("`TwoHiddenNet.loss` was not called: an input came from a call that failed")
        assert isinstance(read, StudentError) and read.kind == "bad_input"
        assert read.message.startswith("`TwoHiddenNet.params` was not read")
        assert not used.not_implemented
        got = s.batch([Call("loss", (X, Y), on=Ref("never_kept"))])[0]
        assert isinstance(got, StudentError) and got.kind == "bad_input"
        assert s.restarts == 0
