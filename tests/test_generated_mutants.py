"""Mutants generated from the model answers' source (grader/diagnosis/mutants/generate.py).

Generation is deterministic, bounded, fast and names catalogue ids; the
generated mutants reproduce hand-written ones (same outputs within 1e-9 on
small random inputs built here), two edits combine into one function as if
written by hand, and each generated function carries a filename under which
its edited source is registered.
"""
from __future__ import annotations

import ast
import importlib.util
import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from conftest import ROOT
from grader import registry
from grader.diagnosis.match import flatten
from grader.diagnosis.mutants import Mutant, bind
from grader.diagnosis.mutants import generate as gen
from grader.sandbox.session import Rng
from reports.mistakes import MISTAKES

ASSIGNMENTS = ("xor_mlp", "linear_regression", "mnist_softmax", "rnn")


def functions(assignment: str) -> dict[str, str]:
    """The gradient and training functions of an assignment, from its mistakes module's QUANTITIES keys."""
    module = registry.mistakes(assignment)
    training = set(module.TRAINING)
    out = {}
    for name in module.QUANTITIES:
        if name in training:
            out[name] = "training"
        elif "backward" in name or "grad" in name:
            out[name] = "gradient"
    return out


def mutants(assignment: str) -> list[Mutant]:
    return gen.generate(registry.reference(assignment), functions(assignment))


def by_name(assignment: str, name: str) -> Mutant:
    found = [m for m in mutants(assignment) if m.name == name]
    assert len(found) == 1, (name, [m.name for m in mutants(assignment)])
    return found[0]


def hand(assignment: str, name: str) -> Mutant:
    found = [m for m in registry.mistakes(assignment).MUTANTS if m.name == name]
    assert len(found) == 1, f"{assignment}: no hand-written mutant {name!r}"
    return found[0]


# --------------------------------------------------------------------------- inputs and outputs


def inputs(assignment: str) -> dict[str, list]:
    """Evidence inputs per function: small, random, non-degenerate (N not 1, nonzero biases, h0 != 0)."""
    rng = np.random.default_rng(7)
    if assignment == "linear_regression":
        X, y, w = rng.normal(size=(7, 3)), rng.normal(size=7), rng.normal(size=3)
        return {"mse_gradients": [(X, y, w, 0.4)],
                "gradient_descent": [(X, y, 0.05, 5, w, 0.4)],
                "sgd": [(X, y, 0.02, 3, Rng(11), w, 0.4)]}
    if assignment == "xor_mlp":
        def params(n_in, h, n_out):
            return {"W1": rng.normal(0, 1.0, (n_in, h)), "b1": rng.normal(0, .5, h),
                    "W2": rng.normal(0, 1.0, (h, n_out)), "b2": rng.normal(0, .5, n_out)}
        sq, wide = params(3, 3, 3), params(3, 4, 2)
        Xs, Ys = rng.normal(size=(6, 3)), rng.uniform(.05, .95, (6, 3))
        Xw, Yw = rng.normal(size=(5, 3)), rng.uniform(.05, .95, (5, 2))
        return {"backward": [{"params": sq, "X": Xs, "Y": Ys}, {"params": wide, "X": Xw, "Y": Yw}],
                "train": [{"params": wide, "X": Xw, "Y": Yw, "lr": 0.5, "epochs": 4}]}
    if assignment == "mnist_softmax":
        def params(sizes):
            return {k: v for l in range(1, len(sizes)) for k, v in
                    ((f"W{l}", rng.normal(0, 1.0 / np.sqrt(sizes[l - 1]), (sizes[l - 1], sizes[l]))),
                     (f"b{l}", rng.normal(0, .3, sizes[l])))}
        deep = params([5, 4, 4, 3])
        Xd, yd = rng.normal(size=(6, 5)), np.array([0, 1, 2, 2, 1, 0])
        Xt, yt = rng.normal(size=(11, 5)), rng.integers(0, 3, 11)
        return {"backward": [{"params": deep, "X": Xd, "y": yd}],
                "train": [{"params": deep, "X": Xt, "y": yt, "lr": 0.1, "epochs": 2, "batch_size": 4,
                           "rng": Rng(5)}]}
    assert assignment == "rnn"
    D, H, K, N, T = 3, 4, 5, 3, 5
    p = {"Wxh": rng.normal(size=(D, H)) / np.sqrt(D), "Whh": rng.normal(size=(H, H)) / np.sqrt(H),
         "bh": rng.normal(size=H) * .2, "Why": rng.normal(size=(H, K)) / np.sqrt(H), "by": rng.normal(size=K) * .2}
    X, h0, Y = rng.normal(size=(N, T, D)), rng.normal(size=(N, H)) * .3, rng.integers(0, K, (N, T))
    return {"rnn_backward": [{"params": p, "X": X, "h0": h0, "Y": Y}],
            "train": [{"params": p, "X": X, "Y": Y, "h0": h0, "lr": 0.5, "epochs": 3}]}


def outputs(assignment: str, overrides: dict, function: str) -> list[dict | None]:
    """The quantity of ``function`` (as the matcher computes it) under the reference with ``overrides``."""
    module = registry.mistakes(assignment)
    helpers = {k: v for k, v in vars(module).items() if not k.startswith("__")}
    ns = bind(registry.reference(assignment), overrides, helpers)
    out = []
    for x in inputs(assignment)[function]:
        try:
            with np.errstate(all="ignore"):
                out.append(flatten(module.QUANTITIES[function](ns, x, None)))
        except Exception:  # noqa: BLE001 - a mutant that raises here has no output
            out.append(None)
    return out


def same(a: list[dict | None], b: list[dict | None], tol: float = 1e-9) -> bool:
    """Every output present on both sides, same blocks, same shapes, equal within ``tol`` (relative)."""
    if any(x is None for x in a + b) or len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if x.keys() != y.keys():
            return False
        for k in x:
            u, v = np.asarray(x[k], dtype=float), np.asarray(y[k], dtype=float)
            if u.shape != v.shape or not np.allclose(u, v, rtol=tol, atol=tol):
                return False
    return True


def twins_of(assignment: str, hand_name: str, function: str) -> list[Mutant]:
    """Generated mutants of ``function`` with the same output as the hand-written one (that differs from the
    reference's)."""
    want = outputs(assignment, hand(assignment, hand_name).overrides, function)
    assert not same(want, outputs(assignment, {}, function)), f"{hand_name!r} does not change {function} here"
    return [m for m in mutants(assignment) if function in m.overrides
            and same(outputs(assignment, m.overrides, function), want)]


# --------------------------------------------------------------------------- generation itself


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_generation_is_deterministic_unique_bounded_and_catalogued(assignment):
    fns = functions(assignment)
    first = mutants(assignment)
    gen._generate.cache_clear()
    again = gen.generate(registry.reference(assignment), fns)
    assert [(m.id, m.name, m.stage, tuple(m.overrides)) for m in first] == \
        [(m.id, m.name, m.stage, tuple(m.overrides)) for m in again]
    assert first, assignment
    names = [m.name for m in first]
    assert len(names) == len(set(names)), [n for n in names if names.count(n) > 1]
    unknown = {m.id for m in first} - set(MISTAKES)
    assert not unknown, unknown
    for m in first:
        (fn,) = m.overrides
        assert m.stage == fns[fn], (m.name, m.stage, fns[fn])
        assert m.name.startswith("line"), m.name
        (edit,) = gen.edits_of(m)
        assert edit.function == fn and edit.id == m.id and str(edit.lines[0]) in m.name.split(":")[0]
    for fn in fns:
        assert sum(fn in m.overrides for m in first) <= gen.MAX_PER_FUNCTION
    assert gen.edits_of(registry.mistakes(assignment).MUTANTS[0]) == ()


def test_generation_is_the_same_in_another_process():
    """Same names in the same order under another hash seed (no set or dict order leaks into them)."""
    code = textwrap.dedent("""
        import json, sys
        sys.path.insert(0, "tests")
        from test_generated_mutants import ASSIGNMENTS, mutants
        print(json.dumps({a: [m.name for m in mutants(a)] for a in ASSIGNMENTS}))
    """)
    env = dict(os.environ, PYTHONHASHSEED="12345")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == {a: [m.name for m in mutants(a)] for a in ASSIGNMENTS}


def test_generation_is_made_once_per_process():
    """Generating an answer's mutants parses and walks its source once per process: a second call is the
    cache's (how long the first takes is a figure for the bench, not an assertion on a shared machine)."""
    for assignment in ASSIGNMENTS:
        ref, fns = registry.reference(assignment), functions(assignment)
        gen._generate.cache_clear()
        first = gen.generate(ref, fns)
        before = gen._generate.cache_info()
        again = gen.generate(ref, fns)
        after = gen._generate.cache_info()
        assert (after.hits, after.misses) == (before.hits + 1, before.misses), assignment
        assert [m.id for m in again] == [m.id for m in first] and all(a is b for a, b in zip(again, first))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_functions_of_the_mistakes_module(assignment):
    assert {k: v for k, v in gen.functions_of(registry.mistakes(assignment)).items() if v != "forward"} == \
        functions(assignment)


# --------------------------------------------------------------------------- generated twins of hand-written mutants

TWINS = [
    # (assignment, hand-written mutant, function compared, generated mutant's name)
    ("xor_mlp", "output error written Y - Y_hat", "backward", "line 140: `Y_hat - Y` written `Y - Y_hat`"),
    ("xor_mlp", "summed instead of averaged", "backward", "line 140: `/ Y.size` dropped"),
    ("xor_mlp", "factor 2 of the square dropped", "backward", "line 140: `2.0 *` dropped"),
    ("xor_mlp", "averaged over the samples only", "backward", "line 140: `/ Y.size` written `/ Y.shape[0]`"),
    ("xor_mlp", "db = dZ.mean(axis=0) (averaged, not summed)", "backward",
     "lines 150, 152: every batch sum `.sum(axis=...)` written `.mean(axis=...)`"),
    ("xor_mlp", "db = dZ[0] (the first sample's row)", "backward",
     "lines 150, 152: every batch sum replaced by the first sample's row"),
    ("xor_mlp", "sigmoid_derivative(H) in the hidden layer", "backward",
     "line 147: `H * (1.0 - H)` written `sigmoid(H) * (1.0 - sigmoid(H))`"),
    ("xor_mlp", "sigmoid_derivative(Y_hat) and sigmoid_derivative(H)", "backward",
     "lines 145, 147: every activation derivative taken at the activation's output"),
    ("xor_mlp", "dW1 = H.T @ dZ1", "backward", "line 149: `X` written `H` in `X.T @ dZ1`"),
    ("xor_mlp", "dW1 = (dZ1.T @ X).reshape(W1.shape)", "backward",
     "line 149: `X.T @ dZ1` written `dZ1.T @ X` reshaped to the weight's shape"),
    ("xor_mlp", "p += lr * grad (gradient ascent)", "train",
     "line 176: `params[k] - lr * grads[k]` written `params[k] + lr * grads[k]`"),
    ("linear_regression", "residual written y - prediction", "mse_gradients",
     "line 77: `predict(X, w, b) - y` written `y - predict(X, w, b)`"),
    ("linear_regression", "w += lr * dw (gradient ascent)", "gradient_descent",
     "lines 107, 108: every update `p - lr * g` written `p + lr * g`"),
    ("linear_regression", "the first sample of the permutation is never visited", "sgd",
     "line 142: `rng.permutation(N)` written `rng.permutation(N)[1:]`: the first sample skipped"),
    ("linear_regression", "rng.permutation(N - 1): the last sample is never visited", "sgd",
     "line 142: `rng.permutation(N)` written `rng.permutation(N - 1)`: the last sample never drawn"),
    ("mnist_softmax", "dZ = (onehot(y) - P) / N", "backward",
     "line 150: `P - one_hot(y, K)` written `one_hot(y, K) - P`"),
    ("mnist_softmax", "divided by the number of classes too", "backward", "line 150: `/ N` written `/ (N * K)`"),
    ("mnist_softmax", "db = dZ[-1]", "backward", "line 155: `dZ.sum(axis=0)` written `dZ[-1]`"),
    ("mnist_softmax", "range(0, N - batch_size, batch_size): the last batch is dropped", "train",
     "line 191: `range(0, N, batch_size)` written `range(0, N - batch_size, batch_size)`: the last batch skipped"),
    ("rnn", "divided by T only", "rnn_backward", "line 134: `/ (N * T)` written `/ T`"),
    ("rnn", "dWhh from h_t instead of h_{t-1}", "rnn_backward",
     "line 148: `h_prev` written `hs`: the state of the same step instead of the previous one"),
    ("rnn", "h0 dropped: dWhh from zeros at the first step", "rnn_backward",
     "line 145: `h0` written `np.zeros_like(h0)` in `h_prev`: zeros before the first step"),
    ("rnn", "dh_prev = da @ Whh (not Whh.T)", "rnn_backward",
     "line 142: `params['Whh'].T` written `params['Whh']` in `dh_next = ...`"),
    ("rnn", "dh_next never added", "rnn_backward",
     "line 139: `+ dh_next` dropped from `dhs[:, t] + dh_next`: nothing from the next step"),
    ("rnn", "1 - tanh(h)**2 with h already tanh(a)", "rnn_backward",
     "line 140: `1.0 - hs[:, t] ** 2` written `1.0 - np.tanh(hs[:, t]) ** 2`"),
    ("rnn", "dbh = da[0] at every step", "rnn_backward", "line 149: `da.sum(axis=(0, 1))` written `da[0].sum(axis=0)`"),
]


@pytest.mark.parametrize("assignment,hand_name,function,generated", TWINS,
                         ids=[f"{a}-{h}" for a, h, _, _ in TWINS])
def test_a_generated_mutant_reproduces_the_hand_written_one(assignment, hand_name, function, generated):
    twins = twins_of(assignment, hand_name, function)
    assert generated in [m.name for m in twins], (hand_name, [m.name for m in twins])
    assert {m.id for m in twins} == {hand(assignment, hand_name).id}, [(m.id, m.name) for m in twins]


def _loop_rnn(tmp_path, name: str):
    """A BPTT written with a per-step loop that accumulates with ``+=`` (how many students write it)."""
    source = '''
        import numpy as np


        def rnn_backward(params, cache, Y):
            X, h0, hs, P = cache
            N, T, K = P.shape
            dZ = (P - np.eye(K)[Y]) / (N * T)
            dWxh = np.zeros_like(params["Wxh"])
            dWhh = np.zeros_like(params["Whh"])
            dbh = np.zeros_like(params["bh"])
            dWhy = np.zeros_like(params["Why"])
            dby = np.zeros_like(params["by"])
            dh_next = np.zeros_like(h0)
            for t in reversed(range(T)):
                h = hs[:, t]
                h_prev = h0 if t == 0 else hs[:, t - 1]
                dh = dZ[:, t] @ params["Why"].T + dh_next
                da = dh * (1.0 - h ** 2)
                dWxh += X[:, t].T @ da
                dWhh += h_prev.T @ da
                dbh += da.sum(axis=0)
                dWhy += h.T @ dZ[:, t]
                dby += dZ[:, t].sum(axis=0)
                dh_next = da @ params["Whh"].T
            return {"Wxh": dWxh, "Whh": dWhh, "bh": dbh, "Why": dWhy, "by": dby}
    '''
    path = tmp_path / f"{name}.py"
    path.write_text(textwrap.dedent(source))
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_overwrite_not_accumulate_in_a_time_loop(tmp_path):
    """The rnn answer's loop does not accumulate (its sums are matrix products), so the operator is
    checked on a loop-form BPTT against rnn's hand-written overwrite mutants, with rnn's own quantity."""
    tree = ast.parse((ROOT / "solutions" / "rnn.py").read_text())
    (answer,) = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "rnn_backward"]
    has_augassign = any(isinstance(n, ast.AugAssign) for loop in ast.walk(answer) if isinstance(loop, ast.For)
                        for n in ast.walk(loop))
    overwrite = [m for m in mutants("rnn") if m.id == "overwrite-not-accumulate"]
    if has_augassign:
        assert twins_of("rnn", "dWhh = ... in the time loop", "rnn_backward")
    else:
        assert overwrite == []  # nothing to overwrite: no mutant made up

    module = _loop_rnn(tmp_path, "loop_rnn_for_overwrite")
    generated = gen.generate(module, {"rnn_backward": "gradient"})
    assert same(outputs("rnn", {"rnn_backward": module.rnn_backward}, "rnn_backward"),
                outputs("rnn", {}, "rnn_backward"))  # the loop form is right
    found = {}
    for m in generated:
        out = outputs("rnn", m.overrides, "rnn_backward")
        for hand_name in ("dWhh = ... in the time loop", "every gradient = ... in the time loop"):
            if same(out, outputs("rnn", hand("rnn", hand_name).overrides, "rnn_backward")):
                found.setdefault(hand_name, []).append((m.id, m.name))
    assert [i for i, _ in found.get("dWhh = ... in the time loop", [])] == ["overwrite-not-accumulate"], found
    assert [i for i, _ in found.get("every gradient = ... in the time loop", [])] == ["overwrite-not-accumulate"], found
    line = module.__file__ and open(module.__file__).read().splitlines().index(
        "        dWhh += h_prev.T @ da") + 1
    names = [m.name for m in generated if m.id == "overwrite-not-accumulate"]
    assert f"line {line}: `dWhh +=` written `dWhh =` in the loop" in names, names


def test_off_by_one_time_loop_ranges_are_deterministic_despite_empty_like():
    """``reversed(range(1, T))`` leaves a step of ``np.empty_like`` unwritten: the mutant reads zeros there."""
    m = by_name("rnn", "line 138: `range(T)` written `range(1, T)`: the first step skipped")
    first = outputs("rnn", m.overrides, "rnn_backward")
    for _ in range(3):
        np.empty((50, 50)).fill(np.nan)  # garbage where np.empty_like would find memory
        assert same(outputs("rnn", m.overrides, "rnn_backward"), first, tol=0.0)
    assert "np.zeros_like(hs)" in ast.unparse(gen.SOURCES[m.overrides["rnn_backward"].__code__.co_filename])
    assert not same(first, outputs("rnn", {}, "rnn_backward"))


# --------------------------------------------------------------------------- two mistakes at once


def _by_hand(assignment: str, function: str, *replacements: tuple[str, str]):
    """The reference's ``function`` with textual replacements, compiled in the reference's namespace."""
    ref = registry.reference(assignment)
    tree = ast.parse((ROOT / "solutions" / f"{assignment}.py").read_text())
    (fn,) = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function]
    source = ast.get_source_segment((ROOT / "solutions" / f"{assignment}.py").read_text(), fn)
    for old, new in replacements:
        assert source.count(old) == 1, old
        source = source.replace(old, new)
    ns = dict(vars(ref))
    exec(compile(source, "<by hand>", "exec"), ns)
    return ns[function]


def test_two_edits_of_one_function_combine_as_written_by_hand():
    a = by_name("linear_regression", "line 78: `/ N` dropped")
    b = by_name("linear_regression", "line 79: `np.mean` written `np.sum`")
    combo = gen.combine(a, b)
    assert combo is not None and combo.ids == ("gradient-scale", "gradient-scale")
    assert set(combo.mutant.overrides) == {"mse_gradients"} and combo.mutant.stage == "gradient"
    assert len(gen.edits_of(combo.mutant)) == 2
    both = outputs("linear_regression", combo.mutant.overrides, "mse_gradients")
    by_hand = _by_hand("linear_regression", "mse_gradients", ("(2.0 / N)", "2.0"), ("np.mean(r)", "np.sum(r)"))
    assert same(both, outputs("linear_regression", {"mse_gradients": by_hand}, "mse_gradients"))
    for one in (a, b):
        assert not same(both, outputs("linear_regression", one.overrides, "mse_gradients"))
    # and that is the hand-written "sum instead of the mean", which no single edit reproduces
    assert same(both, outputs("linear_regression", hand("linear_regression",
                                                        "sum over the samples instead of the mean").overrides,
                              "mse_gradients"))
    assert gen.combine(a, b) is combo


def test_an_edit_inside_another_edits_node_combines_too():
    sign = by_name("xor_mlp", "line 140: `Y_hat - Y` written `Y - Y_hat`")
    drop = by_name("xor_mlp", "line 140: `/ Y.size` dropped")
    combo = gen.combine(drop, sign)
    assert combo is not None and combo.ids == ("gradient-scale", "gradient-sign")
    by_hand = _by_hand("xor_mlp", "backward", ("2.0 * (Y_hat - Y) / Y.size", "2.0 * (Y - Y_hat)"))
    assert same(outputs("xor_mlp", combo.mutant.overrides, "backward"),
                outputs("xor_mlp", {"backward": by_hand}, "backward"))
    # an edit inside code the other drops, or the same node twice, is no combination
    swallowed = by_name("xor_mlp", "line 140: `/ Y.size` written `/ Y.shape[0]`")
    assert gen.combine(by_name("xor_mlp", "line 140: `2.0 *` dropped"), sign) is not None
    assert gen.combine(drop, swallowed) is None
    mean = by_name("xor_mlp", "line 150: `dZ1.sum(axis=0)` written `dZ1.mean(axis=0)`")
    first = by_name("xor_mlp", "line 150: `dZ1.sum(axis=0)` written `dZ1[0]`")
    assert gen.combine(mean, first) is None
    assert gen.combine(mean, mean) is None


def test_edits_of_two_functions_merge_their_overrides():
    sign = by_name("xor_mlp", "line 140: `Y_hat - Y` written `Y - Y_hat`")
    ascent = by_name("xor_mlp", "line 176: `params[k] - lr * grads[k]` written `params[k] + lr * grads[k]`")
    combo = gen.combine(sign, ascent)
    assert combo.ids == ("gradient-sign", "update-rule") and combo.mutant.stage == "training"
    assert set(combo.mutant.overrides) == {"backward", "train"}
    by_hand = {"backward": _by_hand("xor_mlp", "backward", ("2.0 * (Y_hat - Y)", "2.0 * (Y - Y_hat)")),
               "train": _by_hand("xor_mlp", "train", ("params[k] - lr", "params[k] + lr"))}
    got = outputs("xor_mlp", combo.mutant.overrides, "train")
    assert same(got, outputs("xor_mlp", by_hand, "train"))
    # ascent on a negated gradient is descent: the run is the reference's
    assert same(got, outputs("xor_mlp", {}, "train"))


# --------------------------------------------------------------------------- filenames and registered sources


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_each_generated_function_carries_its_registered_source(assignment):
    ref_tree = ast.parse((ROOT / "solutions" / f"{assignment}.py").read_text())
    defs = {n.name: n for n in ref_tree.body if isinstance(n, ast.FunctionDef)}
    filenames = set()
    for m in mutants(assignment):
        ((fn, f),) = m.overrides.items()
        code = f.__code__
        filenames.add(code.co_filename)
        assert code.co_filename.startswith(f"<mutant of solutions.{assignment}.{fn} line")
        module = gen.SOURCES[code.co_filename]
        (node,) = module.body
        assert isinstance(node, ast.FunctionDef) and node.name == fn
        assert code.co_firstlineno == defs[fn].lineno  # the reference's line numbers
        (edit,) = gen.edits_of(m)
        executed = {line for _, _, line in code.co_lines() if line is not None}
        assert set(edit.lines) <= executed | {defs[fn].lineno}, (m.name, edit.lines)
        # the registered tree is the edited function: it differs from the reference's, parses back, and
        # compiles to a function with the mutant's outputs
        text = ast.unparse(module)
        assert text != ast.unparse(defs[fn]) and ast.dump(ast.parse(text).body[0]) == ast.dump(
            ast.parse(ast.unparse(node)).body[0])
        if len(edit.sites) == 1 and "reshaped" not in m.name and "`" in edit.after:
            new = edit.what.split("written `")[-1].split("`")[0] if "written `" in edit.what else None
            if new and "..." not in new:
                assert new in text, (m.name, new)
    assert len(filenames) == len(mutants(assignment))  # one filename per mutant
    m = by_name(assignment, mutants(assignment)[0].name)
    ((fn, f),) = m.overrides.items()
    ns = dict(vars(registry.reference(assignment)))
    exec(compile(gen.SOURCES[f.__code__.co_filename], "<again>", "exec"), ns)
    assert same(outputs(assignment, {fn: ns[fn]}, fn), outputs(assignment, m.overrides, fn))


def test_a_combination_is_registered_under_its_own_filename():
    a = by_name("xor_mlp", "line 140: `Y_hat - Y` written `Y - Y_hat`")
    b = by_name("xor_mlp", "line 150: `dZ1.sum(axis=0)` written `dZ1[0]`")
    combo = gen.combine(a, b)
    f = combo.mutant.overrides["backward"]
    text = ast.unparse(gen.SOURCES[f.__code__.co_filename])
    assert "Y - Y_hat" in text and "dZ1[0]" in text and "dZ1.sum(axis=0)" not in text
    assert f.__code__.co_filename not in {m.overrides["backward"].__code__.co_filename
                                          for m in mutants("xor_mlp") if "backward" in m.overrides}
