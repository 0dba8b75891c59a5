"""The stubs in assignments/<name>/ are generated from solutions/ and must stay in step."""
from __future__ import annotations

import ast
import json

from grader import registry, stubs
from conftest import ROOT


def test_assignments_are_in_step_with_solutions():
    expected = stubs.expected_files(ROOT)
    assert len(expected) == 2 * len(registry.names())
    stale = [str(p.relative_to(ROOT)) for p, text in expected.items() if not p.exists() or p.read_text() != text]
    assert not stale, f"run `python -m grader.stubs` to regenerate: {stale}"


def test_stub_keeps_every_public_signature_and_docstring():
    for name in registry.names():
        sol = ast.parse((ROOT / "solutions" / f"{name}.py").read_text())
        stub = ast.parse((ROOT / "assignments" / name / f"{name}.py").read_text())
        def sigs(tree):
            return {n.name: (ast.unparse(n.args), ast.get_docstring(n)) for n in tree.body
                    if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")}
        assert sigs(sol) == sigs(stub)
        for fn in stub.body:
            if isinstance(fn, ast.FunctionDef):
                assert isinstance(fn.body[-1], ast.Raise), fn.name  # no solution code left


def test_notebook_stub_is_valid_and_holds_the_same_functions():
    import nbformat

    for name in registry.names():
        nb = nbformat.read(ROOT / "assignments" / name / f"{name}.ipynb", as_version=4)
        nbformat.validate(nb)
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        names = {n.name for n in ast.parse(code).body if isinstance(n, ast.FunctionDef)}
        py = {n.name for n in ast.parse((ROOT / "assignments" / name / f"{name}.py").read_text()).body
              if isinstance(n, ast.FunctionDef)}
        assert names == py
        assert json.loads((ROOT / "assignments" / name / f"{name}.ipynb").read_text())["nbformat"] == 4
