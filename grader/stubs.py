"""Generate each assignment's student stubs (``assignments/<name>/<name>.py`` and ``.ipynb``) from its model
answer ``solutions/<name>.py``.

A stub keeps the module docstring, the imports and every public function's
signature and docstring; each body becomes ``raise NotImplementedError``.
Private helpers (``_name``) are dropped. The notebook holds the same text,
one function per cell. ``python -m grader.stubs`` rewrites the stubs of every registered assignment;
``tests/test_stubs.py`` fails when they drift from the solutions.
"""
from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADER = "# Fill in every function, then check your work: `grade {name}.py`.\n"


def _has_doc(node: ast.AST) -> bool:
    first = node.body[0]
    return isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str)


def _stub_function(node: ast.FunctionDef, lines: list[str], owner: str = "") -> str:
    """Signature and docstring kept, the body ``raise NotImplementedError``."""
    first = node.body[0]
    head_end = first.end_lineno if _has_doc(node) else first.lineno - 1
    start = (node.decorator_list[0].lineno if node.decorator_list else node.lineno) - 1
    head = "\n".join(lines[start:head_end])
    indent = " " * first.col_offset
    what = f"{owner}.{node.name}" if owner else node.name
    return f'{head}\n{indent}raise NotImplementedError("{what} is not implemented yet")\n'


def _public(name: str) -> bool:
    return not name.startswith("_") or (name.startswith("__") and name.endswith("__"))


def _stub_class(node: ast.ClassDef, lines: list[str]) -> str:
    """The class line and docstring, then every public and special method as a stub (private ones dropped)."""
    start = (node.decorator_list[0].lineno if node.decorator_list else node.lineno) - 1
    first = node.body[0]
    head_end = first.end_lineno if _has_doc(node) else first.lineno - 1
    parts = ["\n".join(lines[start:head_end])]
    for item in node.body:
        if isinstance(item, ast.FunctionDef) and _public(item.name):
            parts.append(_stub_function(item, lines, node.name).rstrip("\n"))
    if len(parts) == 1:
        parts.append(" " * first.col_offset + "pass")
    return "\n\n".join(parts) + "\n"


def _parts(source: str) -> tuple[str, list[str], list[str]]:
    """Module docstring, import lines, and each public function and class as stub text."""
    tree = ast.parse(source)
    lines = source.splitlines()
    doc = ast.get_docstring(tree, clean=False) or ""
    imports = [ast.get_source_segment(source, n) for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    functions = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            functions.append(_stub_function(node, lines))
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            functions.append(_stub_class(node, lines))
    return doc, imports, functions


def stub_module(name: str, source: str) -> str:
    doc, imports, functions = _parts(source)
    head = (f'"""{doc}"""\n\n' if doc else "") + HEADER.format(name=name) + "\n" + "\n".join(imports)
    return head + "\n\n\n" + "\n\n\n".join(f.rstrip("\n") for f in functions) + "\n"


def stub_notebook(name: str, source: str) -> str:
    """An nbformat-4 notebook: the handout as Markdown, then one cell per function."""
    doc, imports, functions = _parts(source)

    def cell(kind: str, text: str) -> dict:
        c = {"cell_type": kind, "metadata": {}, "source": text.rstrip("\n").splitlines(keepends=True)}
        if kind == "code":
            c.update({"execution_count": None, "outputs": []})
        return c

    title = doc.strip().splitlines()[0] if doc.strip() else name
    body = "\n".join(doc.strip().splitlines()[1:]).strip()
    cells = [cell("markdown", f"# {title}\n\n{body}\n\n*Fill in every function below.*"),
             cell("code", "\n".join(imports))]
    cells += [cell("code", f) for f in functions]
    cells.append(cell("markdown", f"Check your work before handing it in: `grade {name}.ipynb`"))
    nb = {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                                      "name": "python3"},
                                       "language_info": {"name": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    for i, c in enumerate(nb["cells"]):
        c["id"] = f"{name}-{i}"
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def expected_files(root: Path = ROOT) -> dict[Path, str]:
    """What each assignment's folder should hold as stubs, from ``solutions/``."""
    from . import registry

    out = {}
    for name in registry.names():
        src_path = root / "solutions" / f"{name}.py"
        if not src_path.exists():
            continue
        source = src_path.read_text()
        out[root / "assignments" / name / f"{name}.py"] = stub_module(name, source)
        out[root / "assignments" / name / f"{name}.ipynb"] = stub_notebook(name, source)
    return out


def main(argv: list[str] | None = None) -> int:
    for path, text in expected_files().items():
        path.parent.mkdir(exist_ok=True)
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
            print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
