"""From files to source and a plan: notebooks, magics, what runs and what is skipped."""
from __future__ import annotations

import json

import pytest

from grader import load


def notebook(tmp_path, cells, name="nb_xor_mlp.ipynb"):
    nb = {"cells": [{"cell_type": kind, "metadata": {}, "source": src,
                     **({"outputs": [], "execution_count": None} if kind == "code" else {})}
                    for kind, src in cells],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / name
    path.write_text(json.dumps(nb))
    return path


def test_notebook_magics_and_shell_lines_become_pass_and_lines_map_to_cells(tmp_path):
    path = notebook(tmp_path, [
        ("markdown", "# Title\nsome text"),
        ("code", "%matplotlib inline\n!pip install numpy\nimport numpy as np"),
        ("code", ["files = !ls\n", "def f(x):\n", "    %time y = x\n", "    return x % 3\n"]),
        ("code", "%%bash\necho hi"),
        ("code", "%%time\nz = 1"),
        ("code", "np.dot?"),
    ])
    src = load.read_source(path)
    lines = src.text.splitlines()
    assert lines[0] == "pass" and lines[1] == "pass" and lines[2] == "import numpy as np"
    assert "    pass" in lines and "    return x % 3" in lines  # `%` as an operator stays
    assert "z = 1" in lines and "echo hi" not in src.text
    assert src.where(4) == "cell 3, line 1"  # as Jupyter numbers cells: the markdown cell counts
    notes = " ".join(n for _, n in src.notes)
    assert "%%bash" in notes and "!pip install numpy" in notes
    compile(src.text, "nb", "exec")  # the result is valid Python


@pytest.mark.parametrize("cell", [
    # a docstring whose first line ends in "?": a question, not IPython's help
    '%matplotlib inline\ndef backward(p):\n    """Why is dZ just (P - onehot) / N?\n    Because..."""\n    return p\n',
    # a continuation line with a question in its comment
    "%matplotlib inline\ndef backward(p):\n    dW = dot(p,\n             p)  # (n_in, n_out) like W?\n    return dW\n",
    # an old-style format on the second line of a call
    "%matplotlib inline\ndef report(e, l):\n    print('epoch %d loss %.3f'\n          % (e, l))\n",
    # a backslash continuation whose next line starts with "!="
    "%matplotlib inline\ndef differ(a, b):\n    return a \\\n!= b\n",
])
def test_python_inside_a_statement_is_never_taken_for_ipython(tmp_path, cell):
    src = load.read_source(notebook(tmp_path, [("code", cell)]))
    lines = src.text.splitlines()
    assert lines[0] == "pass"  # the magic on its own line still goes
    kept = cell.rstrip("\n").split("\n")[1:]
    assert lines[1:1 + len(kept)] == kept  # everything else is kept as written
    assert not any("not run" in n for _, n in src.notes[1:])
    compile(src.text, "nb", "exec")


def test_help_and_shell_assignments_are_still_ipython(tmp_path):
    cell = "import numpy as np\nnp.dot?\n??np.sum\nfiles = !ls\nt = %timeit -o f()\nx = 1  # really?\n"
    lines = load.read_source(notebook(tmp_path, [("code", cell)])).text.splitlines()
    assert lines[:6] == ["import numpy as np", "pass", "pass", "pass", "pass", "x = 1  # really?"]


def test_notebook_cell_with_syntax_error_is_skipped_not_fatal(tmp_path):
    path = notebook(tmp_path, [("code", "def f():\n    return 1"), ("code", "def broken(:\n    pass")])
    src = load.read_source(path)
    compile(src.text, "nb", "exec")
    assert any("cell 2 not run" in n for _, n in src.notes)


def test_broken_notebook_json_is_a_load_error(tmp_path):
    path = tmp_path / "x_rnn.ipynb"
    path.write_text("{not json")
    with pytest.raises(load.LoadError, match="not a valid notebook"):
        load.read_source(path)


def test_binary_file_is_a_load_error(tmp_path):
    path = tmp_path / "x_rnn.py"
    path.write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(load.LoadError, match="not a text file"):
        load.read_source(path)


def test_plan_runs_definitions_and_skips_demo_code(tmp_path):
    path = tmp_path / "a_xor_mlp.py"
    path.write_text(
        '"""doc"""\n'
        "import numpy as np\n"
        "from math import exp\n"
        "LR = 0.5\n"
        "sig = np.vectorize(lambda z: 1 / (1 + exp(-z)))\n"
        "def train(p):\n    return p\n"
        "class Layer:\n    pass\n"
        "try:\n    import matplotlib.pyplot as plt\nexcept ImportError:\n    plt = None\n"
        "params = train({})\n"
        "print('hello')\n"
        "for i in range(3):\n    pass\n"
        "with open('x') as fh:\n    pass\n"
        "if __name__ == '__main__':\n    train({})\n"
        "if True:\n    def g():\n        return 1\n"
    )
    steps = load.plan(load.read_source(path))
    run = {s.line: s.run for s in steps}
    assert [run[n] for n in (1, 2, 3, 4, 5, 6, 8, 10)] == [True] * 8
    skipped = {s.line: s.reason for s in steps if not s.run}
    assert "calls train()" in skipped[14]
    assert "expression" in skipped[15]
    assert "loop" in skipped[16]
    assert run[18] is True  # a `with` block holding no demo code runs (a missing file is then reported)
    assert "__main__" in skipped[20]
    assert run[22] is True


def test_a_loop_that_only_fills_a_table_runs_and_a_loop_that_calls_is_skipped(tmp_path):
    path = tmp_path / "c_mnist_softmax.py"
    path.write_text(
        "ACTS = {}\n"
        "for f, df in ((abs, abs), (min, max)):\n    ACTS[f.__name__] = (f, df)\n"
        "for k in range(3):\n    w = step(w)\n"
        "for k in range(3):\n    print(k)\n"
    )
    steps = load.plan(load.read_source(path))
    run = {s.line: s.run for s in steps}
    assert run[2] is True and run[4] is False and run[6] is False


def test_a_lambda_that_calls_fit_is_a_definition_not_demo_code(tmp_path):
    path = tmp_path / "d_linear_regression.py"
    path.write_text("gd = lambda X, y: fit(X, y)\nw = fit(1, 2)\nsteps = [lambda: train()] + [f() for f in []]\n")
    run = {s.line: s.run for s in load.plan(load.read_source(path))}
    assert run == {1: True, 2: False, 3: True}


def test_plan_raises_syntax_error_with_line(tmp_path):
    path = tmp_path / "b_rnn.py"
    path.write_text("x = 1\ndef f(:\n")
    with pytest.raises(SyntaxError) as info:
        load.plan(load.read_source(path))
    assert info.value.lineno == 2


def test_a_pathological_notebook_line_is_fast_and_a_huge_file_is_refused(tmp_path):
    # 100k spaces inside brackets: a regex that backtracked on them took minutes here (quadratic)
    cell = "y = (1,\n" + " " * 100_000 + "2)\n%matplotlib inline\n"
    lines = load.read_source(notebook(tmp_path, [("code", cell)])).text.splitlines()
    assert lines[1].strip() == "2)" and lines[2] == "pass"
    big = tmp_path / "big_rnn.py"
    big.write_text("x = 1\n" * 200_000)
    with pytest.raises(load.LoadError, match="KiB of code"):
        load.read_source(big)
    huge = tmp_path / "huge_rnn.ipynb"
    huge.write_bytes(b" " * (load.MAX_FILE_BYTES + 1))
    with pytest.raises(load.LoadError, match="MB are not graded"):
        load.read_source(huge)


def test_demo_code_inside_blocks_becomes_pass_and_the_definitions_around_it_run(tmp_path):
    path = tmp_path / "e_xor_mlp.py"
    path.write_text(
        "try:\n    from scipy.special import expit\nexcept ImportError:\n    print('no scipy')\n"
        "    def expit(z):\n        return 1 / (1 + np.exp(-z))\n"
        "if True:\n    def f():\n        return 1\n    print(f())\n    for i in range(3):\n        train(i)\n"
        "with np.errstate(divide='ignore'):\n    FLOOR = np.log(0.0)\n"
        "match 'relu':\n    case 'relu':\n        def act(z):\n            return z\n    case _:\n        main()\n"
        "if True: print('x'); y = 1\n"
        "with timer():\n    train()\n"
    )
    src = load.read_source(path)
    lines = src.text.splitlines()
    assert lines[3] == "    pass" and lines[9] == "    pass" and lines[10] == "    pass" and lines[11] == ""
    assert lines[19] == "        pass"
    run = {s.line: s.run for s in load.plan(src)}
    assert run[1] and run[7] and run[13] and run[15]
    assert not run[21]  # demo sharing a line with a definition: the block is skipped whole, as before
    assert lines[22] == "    pass"  # `with timer(): train()` keeps its (harmless) context, not the training
    notes = " ".join(n for _, n in src.notes)
    assert "inside a block" in notes
    compile(src.text, "e", "exec")


@pytest.mark.parametrize("raw", [
    b"\xef\xbb\xbfdef f():\n    return 'caf\xc3\xa9'\n",  # a UTF-8 BOM (Windows editors)
    b"# -*- coding: latin-1 -*-\ndef f():\n    return 'caf\xe9'\n",  # a coding cookie
])
def test_a_module_is_decoded_as_python_decodes_it(tmp_path, raw):
    path = tmp_path / "enc_rnn.py"
    path.write_bytes(raw)
    src = load.read_source(path)
    namespace: dict = {}
    exec(compile(src.text, "enc", "exec"), namespace)
    assert namespace["f"]() == "caf\u00e9"


def test_the_search_for_statement_starts_reads_each_line_once(tmp_path, monkeypatch):
    seen = []
    real = load._Starts.feed
    monkeypatch.setattr(load._Starts, "feed", lambda self, line: seen.append(1) or real(self, line))
    cell = "x = (\n" + "%a\n" * 100 + ")\n"  # never parses; every line looks like a magic
    load.read_source(notebook(tmp_path, [("code", cell)] * 300))
    assert 0 < sum(seen) <= 300 * (cell.count("\n") + 1)  # one pass over the lines, not one per magic line


def test_setting_up_the_interpreter_at_the_top_is_run_not_skipped(tmp_path):
    """A recursive topological sort needs `sys.setrecursionlimit(10000)` at the top of the file to run; a
    call with a computed argument (possibly training) is still demo code."""
    from grader import load

    f = tmp_path / "autograd.py"
    f.write_text("import sys\nimport numpy as np\nsys.setrecursionlimit(10000)\nnp.seterr(all='ignore')\n"
                 "sys.setrecursionlimit(train())\nprint('demo')\n")
    _, statements = load.prepare(f)
    assert [s.line for s in statements if not s.run] == [5, 6], statements


def test_calls_that_add_methods_to_the_files_classes_run_and_others_stay_skipped(tmp_path):
    """An operator table installed by a loop or by bare calls (setattr on the file's own class) belongs to the
    definitions: skipped, a correct autograd engine lost 95 points. A call that does anything else stays demo."""
    path = tmp_path / "e_autograd.py"
    path.write_text(
        "class Value:\n    pass\n"                                                        # 1
        "def _install(name, f):\n    def m(self, o):\n        return f(self, o)\n"          # 3
        "    m.__name__ = name\n    setattr(Value, name, m)\n"                             # 6
        "def _also(name):\n    Value.__doc__ = name\n"                                    # 8
        "def _noisy(name, f):\n    print(name)\n    setattr(Value, name, f)\n"             # 10
        "TABLE = {'__add__': lambda a, b: a}\n"                                            # 13
        "for k, f in TABLE.items():\n    _install(k, f)\n"                                 # 14
        "_install('__mul__', lambda a, b: a)\n"                                            # 16
        "_also('x')\n"                                                                     # 17
        "_noisy('__sub__', None)\n"                                                        # 18
        "for k, f in TABLE.items():\n    _install(k, f)\n    print(k)\n"                   # 19
        "_install('__pow__', make())\n"                                                    # 22
        "for k in load_table():\n    _install(k, None)\n"                                  # 23
        "def _kept(name):\n    setattr(Other, name, None)\n_kept('x')\n"                    # 25
    )
    run = {s.line: s.run for s in load.plan(load.read_source(path))}
    assert run[14] and run[16] and run[17]  # installs on the file's own class, calling nothing else
    assert not run[18] and not run[19]  # the installer prints, or the loop does
    assert not run[22] and not run[23]  # its argument or the loop's iterable calls the student's code
    assert not run[27]  # setattr on a class the file does not define
