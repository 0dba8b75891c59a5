"""Pointing at the line by repairing it (``grader/diagnosis/repair.py``, its edits in ``edits.py``): the one place
where a small edit of the student's own file makes the failed checks pass and keeps the others passing."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from grader.diagnosis import repair
from grader.diagnosis.edits import Edit, apply, edits

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"

XOR_LEFTOVER = '''\
import numpy as np


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def init_params(n_in, n_hidden, n_out, rng):
    return {"W1": rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in), "b1": np.zeros(n_hidden),
            "W2": rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden), "b2": np.zeros(n_out)}


def forward(params, X):
    ACT = {"hidden": np.tanh, "output": sigmoid}
    H = ACT["hidden"](X @ params["W1"] + params["b1"])
    return ACT["output"](H @ params["W2"] + params["b2"]), (X, H)
'''


def _pointed(path: Path, assignment: str):
    from grader.discover import Submission
    from grader.runner import grade_submission

    result = grade_submission(Submission(path, path.name, assignment))
    assert not result.internal_errors, result.internal_errors
    found = {(d["line"], d["label"]) for c in result.checks if isinstance(c.details, dict)
             for d in c.details.get("lines", [])}
    return {line for line, _ in found}, {label for _, label in found}, result


def test_an_edit_keeps_every_other_line_where_it_was():
    """An edit replaces exactly its span (columns counted as ``ast`` counts them, in UTF-8 bytes), on one line
    or on several places at once; what follows keeps its line numbers."""
    text = "x = 1  # é\ny = f(x) + f(x)  # ü\nz = [\n    g(y),\n]\nu = 'é' + f(x)\n"
    found = [e for e in edits(text.replace("f(", "sigmoid("), "wrong-forward", set()) if "left out" in e.label]
    assert found, found
    tree = ast.parse(text)
    call = tree.body[1].value.left
    e = Edit(2, (2, call.col_offset), (2, call.end_col_offset), "x", "-")
    assert apply(text, e).splitlines()[1] == "y = x + f(x)  # ü"
    right = tree.body[1].value.right
    both = Edit(2, (2, call.col_offset), (2, call.end_col_offset), "x", "-",
                more=(Edit(2, (2, right.col_offset), (2, right.end_col_offset), "x", "-"),))
    assert apply(text, both).splitlines()[1] == "y = x + x  # ü"
    multi = tree.body[2].value  # a node over three lines: replaced, the line count kept
    out = apply(text, Edit(3, (3, multi.col_offset), (5, multi.end_col_offset), "[]", "-"))
    assert out.count("\n") == text.count("\n") and out.splitlines()[2] == "z = []"
    assert both.lines == (2,)
    after = tree.body[3].value.right  # after a character of two bytes: the columns are bytes, not characters
    assert apply(text, Edit(6, (6, after.col_offset), (6, after.end_col_offset), "x", "-")).splitlines()[5] == \
        "u = 'é' + x"


def test_edits_are_the_kinds_the_mistake_can_take():
    """``wrong-forward`` tries a dropped activation (a table's lookup too) and a swapped one; a name that only
    looks like an activation (``activation``, a string) is never swapped as a function; ``gradient-sign``
    only drops a minus; a mistake no edit of one place can undo tries nothing."""
    labels = {(e.line, e.label) for e in edits(XOR_LEFTOVER, "wrong-forward", {"forward"})}
    assert (16, '`ACT["output"](...)` left out') in labels
    assert (14, "no activation in place of `sigmoid`") in labels
    assert (14, "`sigmoid` in place of `tanh`") in labels
    flag = "def f(x, activation='relu'):\n    if activation == 'relu':\n        return x\n    return x\n"
    assert not any("in place of `activation`" in e.label for e in edits(flag, "wrong-forward", {"f"}))
    sign = "def g(a, b):\n    return -(a @ b) + (a - b)\n"
    assert {e.label for e in edits(sign, "gradient-sign", {"g"})} == {"this minus sign left out"}
    assert edits(sign, "shape-mismatch", {"g"}) == [] and edits(sign, "not-implemented", {"g"}) == []
    # a function nothing checked calls is never edited
    unused = XOR_LEFTOVER + "\n\ndef plot(h):\n    return sigmoid(h)\n"
    assert not any(e.line == 20 for e in edits(unused, "wrong-forward", {"forward"}))


def test_the_one_line_whose_edit_makes_the_checks_pass_is_pointed_at():
    """An activation the answer does not apply, through the loop's variable left over after the loop over the
    hidden layers (``out = f(W_out @ a + b_out)``): that line, with what the edit did; the same mistake
    repeated on two lines of one function (``/ N`` on each step): both lines."""
    leftover = CORPUS / "two_hidden_mlp/realistic/two_hidden_mlp_atk5_a02_leftover_f.py"
    lines, labels, result = _pointed(leftover, "two_hidden_mlp")
    assert "wrong-forward" in {m for c in result.checks for m in c.mistakes}
    assert lines == {38}, (lines, labels)
    assert labels == {"with `f(...)` left out here, the checks that failed pass"}, labels
    sgd = CORPUS / "linear_regression/realistic/linear_regression_upd_a06_inline_mean_step_div.py"
    lines, labels, _ = _pointed(sgd, "linear_regression")
    assert lines == {35, 36}, (lines, labels)
    assert labels == {"with the factor `N` left out on each of lines 35, 36, the checks that failed pass"}, labels


def test_two_lines_that_each_repair_it_point_at_neither():
    """A softmax applied twice (in the loop's last layer and again after it): dropping either one makes the
    checks pass, so the values cannot say which one the student meant, and nothing is pointed at."""
    twice = CORPUS / "mnist_softmax/realistic/mnist_softmax_act_t12_double_softmax.py"
    assert _pointed(twice, "mnist_softmax")[0] == set()


def test_an_edit_that_makes_up_for_the_mistake_elsewhere_is_never_the_line():
    """A student who works in a transposed layout and converts back with ``.reshape`` where ``.T`` is meant:
    transposing the (right) product also makes the checks pass, and so does the conversion: nothing is
    pointed at, never the product's line. A count shared with another function: the edit of the test that
    fixes the forward breaks the predict that passed, so the count's own line is the one."""
    nb = CORPUS / "two_hidden_mlp/realistic/two_hidden_mlp (1).ipynb"
    lines, _, result = _pointed(nb, "two_hidden_mlp")
    assert "transposed-gradient" in {m for c in result.checks for m in c.mistakes}
    assert 37 not in lines
    shared = CORPUS / "two_hidden_mlp/realistic/two_hidden_mlp_atk5_a04_depth_shared.py"
    assert _pointed(shared, "two_hidden_mlp")[0] == {24}
    enum = CORPUS / "two_hidden_mlp/realistic/two_hidden_mlp_atk6_t06_enum_start.py"
    assert 27 not in _pointed(enum, "two_hidden_mlp")[0]


def test_a_scale_in_a_formula_is_never_scaled():
    """``init-too-large`` from a fan-in counted wrong: He's ``2.0 / fan_in`` scaled down would also pass the
    check, on a right line; only a spread written as a number on its own (3 or more) is tried."""
    text = ("def init(n, m, rng, gain=10.0):\n    std = 6.0\n    a = np.sqrt(6.0 / (n + m)) * rng.normal(size=(n, m))\n"
            "    return {'W': a * gain * std * 10, 'V': rng.normal(0.0, 5.0, size=(m, n))}\n")
    found = {(e.line, e.label) for e in edits(text, "init-too-large", {"init"})}
    assert {line for line, _ in found} == {1, 2, 4}, found  # never 6.0 in the formula on line 3
    sigmoid_gain = text.replace("gain=10.0", "gain=4.0")  # Glorot's gain for a sigmoid: a course's own number
    assert 1 not in {e.line for e in edits(sigmoid_gain, "init-too-large", {"init"})}
    assert (4, "the factor `10` left out") in found and (4, "0.5 in place of 5") in found
    assert not any("gain" in label or "std" in label for _, label in found)  # a named spread is never dropped
    m05 = CORPUS / "mnist_softmax/realistic/mnist_softmax_init_m05_fan_line_len_shape.py"
    assert 9 not in _pointed(m05, "mnist_softmax")[0]
    x04 = CORPUS / "xor_mlp/realistic/xor_mlp_init_x04_nested_draw_closure.py"
    assert _pointed(x04, "xor_mlp")[0] == {5}  # std = 5.0, read by a closure that draws every layer


def test_the_search_is_bounded_by_a_count(monkeypatch):
    """More edits than ``MAX_EDITS``: nothing is tried (a count, not a time: the same on a slow machine)."""
    tried = []
    monkeypatch.setattr(repair, "_passes", lambda *a: tried.append(a) or True)
    monkeypatch.setattr(repair, "_session", lambda *a: type("S", (), {"close": lambda self: None})())
    monkeypatch.setattr(repair, "MAX_EDITS", 2)

    class Student:
        source = type("S", (), {"text": XOR_LEFTOVER})()

    class Ctx:
        student = Student()

    import time
    assert repair.repairs(Ctx(), "wrong-forward", [], [], {"forward"}, time.monotonic() + 60) is None
    assert tried == []
    monkeypatch.setattr(repair, "MAX_EDITS", 1000)
    found = repair.repairs(Ctx(), "wrong-forward", [], [], {"forward"}, time.monotonic() + 60)
    # every edit passes here: the search stops at the second place (nothing can be pointed at)
    assert len({e.lines for e in found}) == 2 and len(tried) == len(found) < len(edits(XOR_LEFTOVER, "wrong-forward",
                                                                                         {"forward"}))


@pytest.mark.parametrize("name", ["xor_mlp_atk3_01_tanh_hidden_dict.py", "xor_mlp_atk5_a12_output_property.py"])
def test_realistic_files_pointed_at_by_their_repair(name):
    """Files written to attack the earlier rules (an activation in a dict, a property that applies it again):
    the labelled line."""
    import json

    rel = f"tests/corpus/xor_mlp/realistic/{name}"
    want = set(json.loads((CORPUS / "lines.json").read_text())[rel]["lines"])
    assert _pointed(ROOT / rel, "xor_mlp")[0] == want


def test_a_file_slow_to_load_is_never_edited(tmp_path, monkeypatch):
    """Each edit loads the file again: a top level that takes long (data read at import, a sleep) would make
    every edit cost it, so such a file gets no line from this step (the other steps still run)."""
    leftover = CORPUS / "two_hidden_mlp/realistic/two_hidden_mlp_atk5_a02_leftover_f.py"
    slow = tmp_path / "two_hidden_mlp.py"
    slow.write_text("import time\nSTARTED = time.sleep(0.7)\n" + leftover.read_text())
    monkeypatch.setattr(repair, "BUDGET_SECONDS", 600.0)  # not the time guard: the load's own
    lines, _, result = _pointed(slow, "two_hidden_mlp")
    assert "wrong-forward" in {m for c in result.checks for m in c.mistakes}
    assert lines == set(), lines


def test_the_later_families_and_their_guards():
    """An activation written out is rewritten as another of its one input; an unshifted ``exp`` is shifted; a
    difference is swapped for a sign only where no minus is written on the backward's way; an ``=`` in a loop
    is made ``+=``; a helper that averages again is left out; the same edit on consecutive lines is one."""
    fwd = "def forward(Z1, W):\n    H = Z1 * (Z1 > 0)\n    Z2 = H @ W\n    return np.where(Z2 > 0, Z2, 0.01 * Z2)\n"
    found = {(e.line, e.label) for e in edits(fwd, "wrong-forward", {"forward"})}
    assert (2, "`sigmoid` of `Z1` in place of this expression") in found
    assert not any(line == 3 and "in place of this expression" in label for line, label in found)  # a product
    soft = "def softmax(z):\n    e = np.exp(z)\n    return e / e.sum(axis=1, keepdims=True)\n"
    assert {e.line for e in edits(soft, "unstable-softmax", {"softmax"})} == {2}
    plain = "def backward(out, y):\n    d = y - out\n    return 2 * d\n"
    assert [e.label for e in edits(plain, "gradient-sign", {"backward"})] == ["`out - y` in place of `y - out`"]
    negated = plain.replace("return 2 * d", "return 2 * -(-d)")
    assert not any("in place of" in e.label for e in edits(negated, "gradient-sign", {"backward"}))
    loop = "def backward(ds):\n    g = {}\n    for d in ds:\n        g['b'] = d\n    return g\n"
    assert [e.label for e in edits(loop, "bias-not-summed", {"backward"}) if "+=" in e.label] == \
        ["`+=` in place of `=`"]
    step = ("def mean(t, n):\n    return t / n\n\n\ndef train(w, b, dw, db, n, lr):\n    loss = mean(w, n)\n"
            "    lr = lr * 1.0\n    sw = mean(dw, n)\n    sb = mean(db, n)\n    return w - lr * sw, b - lr * sb, loss\n")
    groups = {e.lines for e in edits(step, "update-rule", {"train"}) if e.more}
    assert (8, 9) in groups and (6, 8, 9) in groups  # every place, and the run on consecutive lines


@pytest.mark.parametrize("rel,want", [
    ("mnist_softmax/realistic/mnist_softmax_rp_leaky.py", {37}),  # a leaky ReLU written with np.where
    ("rnn/realistic/rnn_rp_hardtanh.py", {23}),  # np.clip for tanh
    ("mnist_softmax/realistic/mnist_softmax_min_a01_fwdmin.py", {7}),  # exp of logits shifted by the minimum
    # the minimum shift is the student's own, the exp's shift would only cover it: the shift's line
    ("mnist_softmax/realistic/mnist_softmax_min_a08_class.py", {9}),
    ("layers/realistic/layers_stu_mse_sign.py", {44}),  # diff = target - pred
    ("xor_mlp/realistic/xor_mlp_rp_sign_helperdef.py", set()),  # a minus on the way: no swap is trusted
    ("linear_regression/realistic/linear_regression_atk2_15_batch_mean_renamed.py", {31, 32}),
    # the second round of attacks: where the true place has an edit too, both are found and nothing is pointed at
    ("xor_mlp/realistic/xor_mlp_rp2_clip_typo.py", set()),  # H = sigmoid(Z1) made and unused: Z1 never rewritten
    ("xor_mlp/realistic/xor_mlp_rp2_err_helper.py", set()),  # np.subtract's arguments swapped in the helper too
    ("linear_regression/realistic/linear_regression_rp2_double_avg.py", set()),  # / max(N, 1) left out too
    ("two_hidden_mlp/realistic/two_hidden_mlp_rp2_delta_helper.py", set()),  # never a for header
    ("mnist_softmax/realistic/mnist_softmax_rp2_centre_mean.py", {8}),  # a shift by sum / K: by the maximum
    # found from outside, by the earlier rules: predict calling a wrong forward is never the place (the string
    # choosing forward's output activation is); a total in a loop whose range stops short is the loop's header
    ("xor_mlp/realistic/xor_mlp_stu_outact_string.py", {41}),
    ("rnn/realistic/rnn_stu_offbyone_range.py", {44}),
    # the third round: a loop's start (reversed(range(1, T))), never a total it adds up; a step the wrong way
    # round where the residual is y - pred, never the parameters' steps as a running sum
    ("rnn/realistic/rnn_rp3_range_skip0.py", {32}),
    ("linear_regression/realistic/linear_regression_rp3_sgd_aug.py", {35}),
])
def test_the_later_families_in_the_corpus(rel, want):
    assignment = rel.split("/")[0]
    assert _pointed(CORPUS / rel, assignment)[0] == want


def test_one_sandbox_loads_each_version_of_the_file(tmp_path):
    """``Session.reload``: the edited versions of one file are loaded in turn in one sandbox, each a fresh module
    (what the last one kept is dropped); a version whose top level kills the sandbox gets a fresh one, and the
    next version loads as if nothing happened."""
    from grader import load
    from grader.sandbox.isolation import detect
    from grader.sandbox.process import Limits
    from grader.sandbox.session import Session

    path = tmp_path / "v.py"
    path.write_text("X = 1\n\n\ndef f():\n    return X\n")
    source, statements = load.prepare(path)
    session = Session(source, statements, Limits(call_seconds=5, submission_seconds=60), detect())
    try:
        session.open()
        assert session.call("f") == 1
        first = session.process
        session.reload(load.Source(source.text.replace("X = 1", "X = 2"), source.filename))
        assert session.call("f") == 2 and session.process is first  # the same sandbox, the new version
        session.reload(load.Source(source.text.replace("X = 1", "X = __import__('os')._exit(3)"), source.filename))
        assert session.failed_statements  # the statement that killed it, skipped on the fresh sandbox
        session.reload(load.Source(source.text.replace("X = 1", "X = 4"), source.filename))
        assert session.call("f") == 4 and not session.failed_statements
    finally:
        session.close()


def test_the_fourth_round_families():
    """The kinds added from the files no edit repaired: a layer's two values swapped (pre-activation and
    activation, found from ``h = np.tanh(a)`` and the arrays each is stored in); a sum or a carry left out of a
    product's parentheses; a comparison written as a statement; a count from the same shape, or along the
    other axis; a bias from the first sample's row; a numbered name one layer off; a constant index in a loop
    over layers; a loop over batches that stops short; one activation per layer, the output's too."""
    def found(text, mistake, entry):
        return {(e.line, e.label) for e in edits(text, mistake, set(entry))}

    rnn = ("def step(x, h0, W):\n    a = x @ W + h0\n    h = np.tanh(a)\n    a_all[:, 0] = a\n    h_all[:, 0] = h\n"
           "    return h, (x, a)\n\n\ndef back(dh, cache):\n    x, a = cache\n    return dh * (1 - a_all[:, 0] ** 2)\n")
    got = found(rnn, "derivative-formula-on-preactivation", ["step", "back"])
    assert (6, "`h` in place of `a`") in got and (11, "`h_all` in place of `a_all`") in got
    assert not any(label == "`a` in place of `h`" for _, label in got)  # the other way is the other mistake
    assert (6, "`a` in place of `h`") in found(rnn, "activation-derivative-at-output", ["step", "back"])
    cls = "class N:\n    def f(self, x):\n        self.A1 = sigmoid(self.Z1)\n        return g(self.Z1)\n"
    assert (4, "`.A1` in place of `.Z1`") in found(cls, "derivative-formula-on-preactivation", ["N"])
    carry = "def back(dh, dn, h):\n    da = dh * (1 - h ** 2) + dn\n    return da\n"
    got = found(carry, "wrong-activation-derivative", ["back"])
    assert (2, "`(dh + dn) * (1 - h ** 2)` in place of `dh * (1 - h ** 2) + dn`") in got
    assert (2, "`dh * ((1 - h ** 2) + dn)` in place of `dh * (1 - h ** 2) + dn`") in got
    made = apply(carry, next(e for e in edits(carry, "wrong-activation-derivative", {"back"})
                             if e.label.startswith("`(dh + dn)")))
    assert made.splitlines()[1] == "    da = ((dh + dn) * (1 - h ** 2))"  # the operands keep their own brackets
    typo = "def d(z):\n    g = relu(z)\n    g[g > 0] == 1.0\n    return g\n"
    assert (3, "`=` in place of `==`") in found(typo, "wrong-activation-derivative", ["d"])
    scale = ("def back(P, y):\n    N, K = P.shape\n    return row(P, y, K)\n\n\n"
             "def loss(Y, out):\n    return out / len(Y)\n")
    got = found(scale, "gradient-scale", ["back", "loss"])
    assert (3, "`N` in place of `K`") in got and (7, "`Y.shape[1]` in place of `len(Y)`") in got
    bias = "def back(d):\n    g = {}\n    g['b'] = d[0]\n    return g\n"
    assert (3, "`d` summed over the samples in place of its first row") in found(bias, "bias-not-summed", ["back"])
    layers = ("def back(X, h1, h2, W3, d):\n    prev = h1\n    ins = [X, h1]\n    for i in (1, 0):\n"
              "        g = ins[0].T @ d\n    return prev, g\n")
    got = found(layers, "wrong-layer-input", ["back"])
    assert (2, "`h2` in place of `h1`") in got and (5, "`ins[i]` in place of `ins[0]`") in got
    assert not any("`h0`" in label or "`W2`" in label for _, label in got)  # only names the function has
    batches = "def train(N, b):\n    for s in range(0, N - b + 1, b):\n        pass\n"
    assert (2, "this loop's stop `N` in place of `N - b + 1`") in found(batches, "skips-samples", ["train"])
    table = "def forward(X, L):\n    fns = [relu] * L\n    return fns\n"
    assert (2, "no activation for the last layer in place of `relu`") in found(table, "wrong-forward", ["forward"])
    # a draw mapped onto [-1, 1): its factor kept and its brackets left alone (every weight below zero passes
    # the check of a network's start: its units are dead, not small)
    std = "def standardize(X, mean, std):\n    return X - mean / std\n"
    assert (2, "`(X - mean) / std` in place of `X - mean / std`") in found(std, "wrong-forward", ["standardize"])
    loss = "def loss(x, n):\n    total = x.sum() / n\n    return total, x - 1\n"
    assert (3, "`(x - 1) / n` in place of `x - 1`") in found(loss, "gradient-scale", ["loss"])
    once = "def grad(p, t, count):\n    return (p - t) / count\n"  # divided once already: never twice
    assert not any(label.endswith("/ count` in place of `(p - t) / count`") for _, label in
                   found(once, "gradient-scale", ["grad"]))
    state = "def back(h0, hs, t):\n    prev = np.zeros_like(h0) if t == 0 else hs[t - 1]\n    return prev\n"
    assert (2, "`h0` in place of `np.zeros_like(h0)`") in found(state, "off-by-one-time", ["back"])
    again = ("def fwd(W1, X):\n    h1 = squash(pre(W1, X))\n    return h1\n\n\n"
             "def back(W1, X, h1, d):\n    return d * squash_grad(h1)\n")
    assert (7, "`pre(W1, X)` in place of `h1`") in found(again, "activation-derivative-at-output", ["fwd", "back"])
    centred = "def init(rng, n):\n    W = 2 * rng.random((n, 3)) - 1\n    return W * 10\n"
    assert {label for _, label in found(centred, "init-too-large", ["init"])} == {"the factor `10` left out"}
    assert (2, "`0.5 * (t + 1.0)` in place of `0.5 * t + 1.0`") in found(
        "def d(z):\n    s = 0.5 * t + 1.0\n    return s\n", "wrong-activation-derivative", ["d"])
    # a count given where a helper's gain has a default: left out; a spread the caller computed: never (its
    # own formula may be the mistake, and the default would only cover it)
    helper = ("def he(rng, shape, gain=2.0):\n    return 1\n\n\ndef init(rng, sizes):\n    n, m = sizes[0], sizes[1]\n"
              "    s = 10.0 / n\n    return he(rng, (n, m), n), he(rng, (n, m), s)\n")
    assert {label for _, label in found(helper, "init-too-large", ["init"]) if "default" in label} == \
        {"the argument `n` left out (its default)"}
    counted = helper.replace("gain=2.0", "fan=1")  # a count's own parameter: given its count, rightly
    assert not any("default" in label for _, label in found(counted, "init-too-large", ["init"]))


@pytest.mark.parametrize("rel,want", [
    ("rnn/mistakes/bias-not-summed_rnn.py", {38}),  # dpre[0]: the first sample's row
    ("rnn/mistakes/derivative-formula-on-preactivation_rnn.py", {15}),  # the cache keeps a where h belongs
    ("xor_mlp/realistic/kim_xor_mlp.py", {59}),  # slope_from_activation(net.Z1)
    ("mnist_softmax/realistic/mnist_softmax_helper_m3.py", {11}),  # g[g > 0] == 1.0
    ("xor_mlp/realistic/xor_mlp_helper_a03.py", {18}),  # 0.5 * np.tanh(0.5 * z) + 1.0
    ("rnn/realistic/rnn_carry_m07_step_helper.py", {21}),  # the carry added after tanh'
    ("mnist_softmax/realistic/mnist_softmax_hlp_c10_row_grad_count_K.py", {56}),  # K where N is meant
    ("two_hidden_mlp/realistic/two_hidden_mlp_hlp_c12_len_of_targets.py", {47}),  # len(targets), column-major
    ("two_hidden_mlp/realistic/two_hidden_mlp_hughes.py", {38}),  # hid_1 where layer 3 reads hid_2
    ("xor_mlp/realistic/xor_mlp_layerloop_ibrahim.py", {50}),  # ins[0] in the loop over layers
    ("mnist_softmax/realistic/mnist_softmax_progress_li.py", {61}),  # the last, partial batch skipped
    ("mnist_softmax/realistic/mnist_softmax_stu_act_table.py", {43}),  # [relu] * L
    ("linear_regression/realistic/linear_regression_stu2_stdparen.py", {62}),  # X - mean / std
    ("layers/mistakes/gradient-scale_layers.py", {42}),  # return float(loss), p - onehot: the / n its loss has
    ("rnn/realistic/rnn_hlp_c05_step_count_arg.py", set()),  # (p - t) / count divided again: N == T covers it
    ("rnn/realistic/rnn_stu_offbyone_zero.ipynb", {46}),  # zeros where h0 is the state before step 0
    # squash_grad(h1) of h1 = squash(pre_activation(W1, X, b1)): the pre-activation computed again
    ("two_hidden_mlp/mistakes/activation-derivative-at-output__first_layer_only_two_hidden_mlp.py", {87}),
    ("mnist_softmax/realistic/mnist_softmax_init_m04_helper_gain_positional.py", {13}),  # a count for a gain
    ("xor_mlp/realistic/xor_mlp_rp_init_gain.py", {20}),  # sqrt(6 / fan_in + fan_out); its right gain = 4.0 kept
    ("rnn/realistic/rnn_stu2_preact.py", {53}),  # 1 - A[:, t] ** 2, not the cache that also covers it
    ("rnn/realistic/rnn (2).ipynb", {54}),  # cell 8, line 21: the backward's, not the forward's a_all[:, t] = a
    ("rnn/realistic/rnn_stu2_persample.py", {62}),  # np.outer(da, h_prev)
    ("mnist_softmax/realistic/mnist_softmax_stu2_relueq.py", {16}),  # d[z <= 0] == 0, never d = np.ones_like(z)
    ("xor_mlp/realistic/xor_mlp_rp4_tanh_parens.py", {13}),  # the brackets, never the return that combines s
    # attacks: a right line whose edit would only cover the mistake elsewhere is never pointed at
    ("mnist_softmax/realistic/mnist_softmax_rp4_init_glorot_flip.py", set()),  # 2 * rng.random(...) - 1
    ("mnist_softmax/realistic/mnist_softmax_rp4_init_default_std.py", set()),  # a computed std dropped
    ("xor_mlp/realistic/xor_mlp_rp4_init_default_spread.py", set()),
    ("rnn/realistic/rnn_rp5_fan_helper.py", set()),  # a count given to a count's own parameter (fan=1): kept
    ("xor_mlp/realistic/xor_mlp_rp5_fanpow.py", set()),
    # a pre-activation kept in a list (preacts.append(Z)) is not used there: the table's line, not Z's
    ("mnist_softmax/realistic/mnist_softmax_rp5_tables.py", {39}),
    # a right line's edit makes up for it too: both are found, nothing is pointed at
    ("mnist_softmax/realistic/mnist_softmax_init_m03_assign_divide_by_scale.py", set()),
])
def test_the_fourth_round_in_the_corpus(rel, want):
    assignment = rel.split("/")[0]
    assert _pointed(CORPUS / rel, assignment)[0] == want


def test_a_tanh_network_is_told_the_tanh_form():
    """The note of ``derivative-formula-on-preactivation`` names both shortcut formulas: an RNN's student wrote
    ``1 - a ** 2``, not the sigmoid's ``a(1-a)`` (found by a student-style file)."""
    lines, labels, result = _pointed(CORPUS / "rnn/realistic/rnn_stu2_preact.py", "rnn")
    messages = " ".join(c.message for c in result.checks if "derivative-formula-on-preactivation" in c.mistakes)
    assert "1 - a**2 for tanh" in messages, messages
    assert lines == {53} and labels == {"with `Hs` in place of `A` here, the checks that failed pass"}
