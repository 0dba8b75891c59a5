"""The stubs in assignments/<name>/ are generated from solutions/ and must stay in step (every assignment)."""
from __future__ import annotations

import ast
import json

import pytest

from grader import registry, stubs
from conftest import ROOT


def test_assignments_are_in_step_with_solutions():
    expected = stubs.expected_files(ROOT)
    assert len(expected) == 2 * len(registry.names())
    stale = [str(p.relative_to(ROOT)) for p, text in expected.items() if not p.exists() or p.read_text() != text]
    assert not stale, f"run `python -m grader.stubs` to regenerate: {stale}"


def _contract(tree: ast.Module) -> dict[str, tuple]:
    """Every public function and class method (special ones included): signature and docstring."""
    out = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            out[node.name] = (ast.unparse(node.args), ast.get_docstring(node))
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            out[node.name] = ("class", ast.get_docstring(node))
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and (not item.name.startswith("_") or item.name.endswith("__")):
                    out[f"{node.name}.{item.name}"] = (ast.unparse(item.args), ast.get_docstring(item))
    return out


def _bodies(tree: ast.Module):
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            yield node.name, node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    yield f"{node.name}.{item.name}", item


@pytest.mark.parametrize("name", registry.names())
def test_stub_keeps_every_public_signature_and_docstring(name):
    sol = ast.parse((ROOT / "solutions" / f"{name}.py").read_text())
    stub = ast.parse((ROOT / "assignments" / name / f"{name}.py").read_text())
    assert _contract(sol) == _contract(stub)
    for what, fn in _bodies(stub):
        assert isinstance(fn.body[-1], ast.Raise), what  # no solution code left
        assert len([s for s in fn.body if not isinstance(s, ast.Expr)]) == 1, what


@pytest.mark.parametrize("name", registry.names())
def test_notebook_stub_is_valid_and_holds_the_same_functions(name):
    import nbformat

    nb = nbformat.read(ROOT / "assignments" / name / f"{name}.ipynb", as_version=4)
    nbformat.validate(nb)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    py = ast.parse((ROOT / "assignments" / name / f"{name}.py").read_text())
    assert _contract(ast.parse(code)) == _contract(py)
    assert json.loads((ROOT / "assignments" / name / f"{name}.ipynb").read_text())["nbformat"] == 4
    assert not any("solutions/" in "".join(c.source) for c in nb.cells), "the notebook points at the answers"
