"""``from grader import check`` in a real Jupyter kernel (nbclient + ipykernel), and its pieces without one.

The kernel notebooks paste the model answer of xor_mlp into cells (one function per cell, the
way a student writes it) and end with a cell that calls ``check``; a second notebook has the
sign of the output gradient flipped, and its report must lose points and name ``gradient-sign``.
"""
from __future__ import annotations

import ast
import json
import re
import sys
from pathlib import Path

import pytest

from grader.jupyter import CheckError, Report, check, executed_cells, notebook_json, notebook_path, without_check

ROOT = Path(__file__).resolve().parents[1]
SOLUTION = (ROOT / "solutions" / "xor_mlp.py").read_text()
RIGHT_SIGN = "dY_hat = 2.0 * (Y_hat - Y)"
WRONG_SIGN = "dY_hat = 2.0 * (Y - Y_hat)"


def _solution_cells(source: str) -> list[str]:
    """The model answer as notebook cells: the imports, then one top-level definition per cell."""
    tree = ast.parse(source)
    lines = source.splitlines()
    cells = []
    for node in tree.body:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # the module docstring
        start = node.lineno - 1 - len(getattr(node, "decorator_list", []))
        cells.append("\n".join(lines[start:node.end_lineno]))
    return cells


# --------------------------------------------------------------------------- in a real kernel


def _run_notebook(tmp_path: Path, cells: list[str], allow_errors: bool = False):
    """Run ``cells`` in a fresh python3 kernel started in ``tmp_path``; the executed notebook."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient", reason="nbclient is not installed (pip install -e .[test])")
    pytest.importorskip("ipykernel", reason="ipykernel is not installed (pip install -e .[test])")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    client = nbclient.NotebookClient(nb, kernel_name="python3", timeout=120, allow_errors=allow_errors,
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    return nb


def _outputs(cell) -> tuple[str, str]:
    """(everything printed as text, every text/html shown) by one executed cell."""
    text, html = [], []
    for out in cell.outputs:
        if out.output_type == "stream":
            text.append(out.text)
        elif out.output_type in ("display_data", "execute_result"):
            html.append(out.data.get("text/html", ""))
            text.append(out.data.get("text/plain", ""))
        elif out.output_type == "error":
            text.append("\n".join(out.traceback))
    return "\n".join(text), "\n".join(html)


def _kernel_uses_this_checkout() -> None:
    """The kernel must import the grader from here (the editable install): else the test proves nothing."""
    spec = ROOT / ".venv" / "share" / "jupyter" / "kernels" / "python3" / "kernel.json"
    if spec.is_file():
        argv = json.loads(spec.read_text())["argv"][0]
        assert argv in ("python", sys.executable) or Path(argv).resolve() == Path(sys.executable).resolve(), argv


@pytest.fixture(scope="module")
def kernel_ready() -> None:
    pytest.importorskip("nbclient", reason="nbclient is not installed (pip install -e .[test])")
    pytest.importorskip("ipykernel", reason="ipykernel is not installed (pip install -e .[test])")
    _kernel_uses_this_checkout()


def test_model_answer_in_a_kernel_gets_the_full_score(tmp_path: Path, kernel_ready: None) -> None:
    cells = ["import grader; print('GRADER', grader.__file__)",
             *_solution_cells(SOLUTION),
             "%precision 3", "!echo shell",  # IPython syntax, as students write it: dropped, never graded
             'from grader import check; r = check("xor_mlp"); '  # one line, as in the handout
             'print("SCORE", float(r.score), float(r.max_score), r.mistakes)']
    nb = _run_notebook(tmp_path, cells)
    where, _ = _outputs(nb.cells[0])
    assert str(ROOT / "grader") in where
    text, html = _outputs(nb.cells[-1])
    assert "No module named 'grader'" not in text  # `import grader` was not sent to the sandbox
    assert "SCORE 100.0 100.0 []" in text
    assert "<iframe" in html and "srcdoc=" in html and "Feedback report" in html  # the HTML report, framed
    assert "<style" not in html.split("srcdoc=")[0]  # no style outside the frame: nothing leaks into the page
    assert "Score: 100/100" in text  # the plain-text form next to it (text/plain)
    assert sum(1 for o in nb.cells[-1].outputs if o.output_type in ("display_data", "execute_result")) == 1


def test_planted_bug_in_a_kernel_loses_points_and_names_the_mistake(tmp_path: Path, kernel_ready: None) -> None:
    assert RIGHT_SIGN in SOLUTION
    buggy = SOLUTION.replace(RIGHT_SIGN, WRONG_SIGN, 1)
    cells = [*_solution_cells(SOLUTION),  # first the right answer ran, then the buggy backward overrode it
             *[c for c in _solution_cells(buggy) if WRONG_SIGN in c],
             "from grader import check\ncheck('xor_mlp')"]  # a bare call: shown once, not twice
    nb = _run_notebook(tmp_path, cells)
    text, html = _outputs(nb.cells[-1])
    score = re.search(r"Score: ([\d.]+)/100", text)
    assert score and float(score.group(1)) < 100
    assert "gradient-sign" in text and "gradient-sign" in html
    assert sum(1 for o in nb.cells[-1].outputs if o.output_type in ("display_data", "execute_result")) == 1


def test_errors_in_a_kernel_are_one_line(tmp_path: Path, kernel_ready: None) -> None:
    cells = ["x = 1",
             "from grader import check\ncheck()",  # no notebook name known under nbclient
             "check('no_such_assignment')",
             "__session__ = 'work/alice_xor_mlp.ipynb'\ncheck()"]  # as Jupyter Server sets it: guessed
    nb = _run_notebook(tmp_path, cells, allow_errors=True)
    for cell, expected in ((nb.cells[1], "cannot tell which assignment"), (nb.cells[2], "unknown assignment")):
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert len(errors) == 1 and errors[0].traceback == [errors[0].traceback[0]]
        assert errors[0].traceback[0].startswith("check: ") and expected in errors[0].traceback[0]
    text, _ = _outputs(nb.cells[3])
    assert "alice_xor_mlp" in text and "xor_mlp" in text  # graded as xor_mlp: the api check fails, nothing defined
    assert "Traceback" not in text


# --------------------------------------------------------------------------- without a kernel


def test_check_calls_and_imports_are_dropped_the_rest_kept() -> None:
    assert without_check("def f():\n    return 1") is None  # no check: the raw cell is graded as it is
    assert without_check("def f(:") is None  # did not compile: the notebook reader reports it
    assert without_check('from grader import check; r = check("xor_mlp"); print(r.score)') == "print(r.score)"
    kept = without_check("import numpy as np\nx = 1\ncheck(\n  'xor_mlp')\nget_ipython().system('ls')\ny = 2")
    assert kept.split("\n") == ["import numpy as np", "x = 1", "", "", "", "y = 2"]  # line numbers kept
    assert without_check("import grader as g\ng.check('xor_mlp')\nz = 3") == "\n\nz = 3"
    assert without_check("from grader import check as c\nc()") == "\n"
    assert without_check("import grader\nx = 1") == "\nx = 1"  # imported early, called later: still dropped


class _History:
    def __init__(self, raw: list[str]) -> None:
        self.input_hist_raw = raw


class _Shell:
    def __init__(self, parsed: list[str], raw: list[str]) -> None:
        self.user_ns = {"In": parsed}
        self.history_manager = _History(raw)


def test_executed_cells_keep_raw_input_and_numbering() -> None:
    raw = ["", "%matplotlib inline\nimport numpy as np", "def f():\n    return 1", "from grader import check\ncheck()"]
    parsed = ["", "get_ipython().run_line_magic('matplotlib', 'inline')\nimport numpy as np", raw[2],
              "from grader import check\ncheck()"]
    cells = executed_cells(_Shell(parsed, raw))
    assert cells == [(1, raw[1]), (2, raw[2]), (3, "\n")]  # In [n] stays cell n: the report's "cell n"
    nb = notebook_json([c for _, c in cells])
    assert [c["source"] for c in nb["cells"]] == [raw[1], raw[2], "\n"] and nb["nbformat"] == 4


def test_notebook_name_sources() -> None:
    assert notebook_path({"__vsc_ipynb_file__": "/h/my_xor_mlp.ipynb", "__session__": "x.ipynb"}) \
        == "/h/my_xor_mlp.ipynb"
    assert notebook_path({"__session__": "hw/xor_mlp.ipynb"}) == "hw/xor_mlp.ipynb"
    assert notebook_path({}) == ""


def test_check_a_file_outside_jupyter(tmp_path: Path) -> None:
    good = tmp_path / "my_xor_mlp.py"
    good.write_text(SOLUTION)
    report = check(path=good)  # the assignment from the file's name
    assert isinstance(report, Report) and report.score == report.max_score == 100 and report.passed
    assert "Score: 100/100" in repr(report) and "\x1b[" not in repr(report)
    page = report._repr_html_()
    assert page.count("<iframe") == 1 and "&lt;style&gt;" in page  # the page's CSS is inside srcdoc, escaped
    bad = tmp_path / "homework.py"
    bad.write_text(SOLUTION.replace(RIGHT_SIGN, WRONG_SIGN, 1))
    report = check("xor_mlp", bad)
    assert report.score < 100 and "gradient-sign" in report.mistakes and "gradient-sign" in repr(report)


def test_errors_outside_jupyter_are_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(CheckError, match="unknown assignment 'xor'"):
        check("xor")
    with pytest.raises(CheckError, match="outside Jupyter"):
        check("xor_mlp")
    with pytest.raises(CheckError, match="no such file"):
        check("xor_mlp", tmp_path / "missing.py")
    with pytest.raises(CheckError, match="is a folder"):
        check("xor_mlp", tmp_path)
    (tmp_path / "homework.py").write_text("x = 1\n")
    with pytest.raises(CheckError, match="names no assignment"):
        check(path=tmp_path / "homework.py")
    assert CheckError("unknown assignment 'x'")._render_traceback_() == ["check: unknown assignment 'x'"]


def test_a_helper_module_beside_the_notebook_is_graded_with_it(tmp_path: Path, kernel_ready: None) -> None:
    """`from nn_utils import sigmoid` works in the kernel (nn_utils.py beside the notebook): check() must
    grade it with that module too, as `grade` does for a file beside its helpers."""
    tree = ast.parse(SOLUTION)
    helper = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "sigmoid")
    (tmp_path / "nn_utils.py").write_text("import numpy as np\n\n\n" + ast.get_source_segment(SOLUTION, helper) + "\n")
    cells = [c for c in _solution_cells(SOLUTION) if not c.startswith("def sigmoid(")]
    cells = ["from nn_utils import sigmoid", *cells,
             'from grader import check; r = check("xor_mlp"); print("SCORE", float(r.score), r.result.message)']
    nb = _run_notebook(tmp_path, cells)
    text, _ = _outputs(nb.cells[-1])
    assert "SCORE 100.0" in text, text[-3000:]
