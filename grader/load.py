"""From a submitted file to the Python source the sandbox runs, and a plan for it.

A submission is a ``.py`` module or a ``.ipynb`` notebook. Notebooks become one
Python source: IPython magics (``%matplotlib``, ``%%time``) and shell lines
(``!pip``, ``x = !ls``) are dropped, and each line remembers its cell.

The grader needs a submission's functions, not its demo: every top-level
statement is classified here, in the grader's own process and without running
anything. Definitions, imports and plain assignments run; loops, bare calls
(``main()``, ``plt.show()``), ``if __name__ == "__main__":`` blocks and
assignments that call training functions are skipped, and the report lists
what was skipped and why.
"""
from __future__ import annotations

import ast
import codecs
import io
import json
import re
import stat
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

#: Cell magics whose body is ordinary Python worth keeping.
_KEEP_CELL_MAGICS = {"time", "timeit", "capture", "prun", "debug"}
#: A line that is IPython syntax, not Python: magics, shell escapes, help.
#: The targets of `files = !ls`, `a, b = %time f()` (matched on its own: no backtracking on long lines).
_TARGETS = re.compile(r"[\w.,\s]+")
#: How many lines the search for statement starts may tokenize in one cell (keeps hostile cells linear).
_TOKENIZE_BUDGET = 50_000
#: Calls that make a top-level assignment "demo code": training and user input.
DEMO_CALLS = frozenset({"train", "gradient_descent", "sgd", "main", "demo", "run", "input", "fit", "experiment"})


class LoadError(Exception):
    """The file cannot become Python source (unreadable, not a notebook, not text)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class Source:
    """A submission as Python source."""

    text: str
    filename: str  #: shown in tracebacks
    cells: list[tuple[int, int]] = field(default_factory=list)  #: per line: (cell number, line in cell), notebooks only
    notes: list[tuple[int, str]] = field(default_factory=list)  #: (line, what was dropped while converting)

    def where(self, line: int | None) -> str:
        """``line 12``, or ``cell 4, line 2`` for a notebook."""
        if line is None:
            return ""
        if self.cells and 1 <= line <= len(self.cells):
            cell, cell_line = self.cells[line - 1]
            return f"cell {cell}, line {cell_line}"
        return f"line {line}"


@dataclass(frozen=True)
class Statement:
    """One top-level statement: run it or not, and why not."""

    index: int
    line: int
    end_line: int
    run: bool
    reason: str = ""


#: Larger files are not graded: a notebook with its plots is a few MB, a student's code far less.
MAX_FILE_BYTES = 16 * 1024 * 1024
#: Larger Python sources (after a notebook's conversion) are not graded: parsing them costs the grader too much.
MAX_SOURCE_CHARS = 1024 * 1024


def read_bytes(path: Path) -> bytes:
    """A submission's bytes: a regular file of at most ``MAX_FILE_BYTES``, or ``LoadError`` saying why not."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise LoadError(f"{path.name} is not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise LoadError(f"{path.name} is {info.st_size / 2**20:.0f} MB; files over "
                            f"{MAX_FILE_BYTES // 2**20} MB are not graded")
        with path.open("rb") as fh:
            return fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise LoadError(f"cannot read {path.name}: {exc.strerror or exc}") from None


def read_source(path: Path) -> Source:
    """The submission's Python source; notebooks converted."""
    raw = read_bytes(path)
    if b"\x00" in raw[:4096]:
        raise LoadError(f"{path.name} is not a text file")
    text = raw.decode(_encoding(raw, path.suffix), errors="replace")
    if path.suffix == ".ipynb":
        source = _from_notebook(text, path.name)
    else:
        source = Source(text=text.replace("\r\n", "\n"), filename=path.name)
    if len(source.text) > MAX_SOURCE_CHARS:
        raise LoadError(f"{path.name} holds {len(source.text) // 1024} KiB of code; over "
                        f"{MAX_SOURCE_CHARS // 1024} KiB is not graded")
    return _prune_blocks(source)


def _encoding(raw: bytes, suffix: str) -> str:
    """As Python reads a module: a BOM or a ``# -*- coding: ... -*-`` line; UTF-8 otherwise. Notebooks are JSON."""
    if suffix == ".ipynb":
        return "utf-8-sig"
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
        codecs.lookup(encoding)
        return encoding
    except (SyntaxError, LookupError):
        return "utf-8"


def _from_notebook(text: str, filename: str) -> Source:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise LoadError(f"{filename} is not a valid notebook (not JSON: {exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("cells", None), list):
        cells = _old_format_cells(data)
    else:
        cells = data["cells"]
    lines: list[str] = []
    where: list[tuple[int, int]] = []
    notes: list[tuple[int, str]] = []
    code_cell = total = 0
    budget = [_TOKENIZE_BUDGET]  # shared by every cell: a notebook of many cells gets no more than one
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        code_cell += 1
        src = cell.get("source", "")
        src = "".join(map(str, src)) if isinstance(src, list) else str(src)
        total += len(src)
        if total > MAX_SOURCE_CHARS:  # checked before any parsing: a huge cell costs the grader, not the student
            raise LoadError(f"{filename} holds over {MAX_SOURCE_CHARS // 1024} KiB of code; that is not graded")
        cell_lines = src.replace("\r\n", "\n").split("\n")
        start = len(lines) + 1
        converted = _convert_cell(cell_lines, code_cell, start, notes, budget)
        try:
            ast.parse("\n".join(converted))
        except (SyntaxError, ValueError) as exc:
            notes.append((start, f"cell {code_cell} not run: it is not valid Python ({exc.msg if isinstance(exc, SyntaxError) else exc})"))
            converted = ["pass"] + [""] * (len(converted) - 1)
        for k, line in enumerate(converted, start=1):
            lines.append(line)
            where.append((code_cell, k))
    return Source(text="\n".join(lines) + "\n", filename=filename, cells=where, notes=notes)


def _old_format_cells(data) -> list:
    """nbformat 3 keeps cells in worksheets; let nbformat upgrade anything else."""
    try:
        import nbformat  # imported only for unusual notebooks: it is slow to import

        nb = nbformat.reads(json.dumps(data), as_version=4)
        return [dict(c) for c in nb.cells]
    except Exception as exc:  # noqa: BLE001 - any failure means "not a notebook we can read"
        raise LoadError(f"not a notebook nbformat can read ({exc})") from None


def _convert_cell(cell_lines: list[str], cell_no: int, start: int, notes: list,
                  budget: list[int] | None = None) -> list[str]:
    """IPython syntax replaced by ``pass`` (same indentation, same line numbers).

    Like IPython, only the start of a statement can be IPython syntax: a line
    inside brackets, a string or after a backslash is Python whatever it looks
    like (``% (a, b))``, ``dZ)  # like W?``, a docstring ending in ``?``).
    """
    out = list(cell_lines)
    first = cell_lines[0].strip() if cell_lines else ""
    if first.startswith("%%"):
        magic = first[2:].split()[0] if len(first) > 2 else ""
        if magic in _KEEP_CELL_MAGICS:
            out[0] = ""
        else:
            notes.append((start, f"cell {cell_no}: %%{magic} cell not run"))
            return ["pass"] + [""] * (len(out) - 1)
    if _parses("\n".join(out)):
        return out  # plain Python: IPython would run it unchanged
    budget = [_TOKENIZE_BUDGET] if budget is None else budget
    for k, line in enumerate(out):
        if not (_looks_ipython(line) and _is_ipython(line)):
            continue
        if k > 0 and budget[0] > 0:
            budget[0] -= k
            if _continues(out[:k]):
                continue
        indent = line[: len(line) - len(line.lstrip())]
        notes.append((start + k, f"cell {cell_no}: IPython line not run: {line.strip()[:60]}"))
        out[k] = indent + "pass"
    return out


def _looks_ipython(line: str) -> bool:
    """A cheap first look: a magic, a shell escape, help, or a magic's result assigned."""
    stripped = line.strip()
    if not stripped:
        return False
    if stripped[0] in "%!?" or stripped.endswith("?"):
        return True
    targets, eq, value = stripped.partition("=")
    return bool(eq) and value.lstrip()[:1] in ("%", "!") and _TARGETS.fullmatch(targets) is not None


def _parses(text: str) -> bool:
    try:
        ast.parse(text)
        return True
    except (SyntaxError, ValueError):
        return False


def _continues(lines: list[str]) -> bool:
    """Do these lines end inside brackets, a string or a backslash continuation?"""
    try:
        for _ in tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline):
            pass
    except tokenize.TokenError:
        return True
    except SyntaxError as exc:  # Python 3.12+ reports an open string this way
        return "unterminated" in str(exc) or "never closed" in str(exc)
    return False


def _is_ipython(line: str) -> bool:
    """Is this line, at the start of a statement, IPython syntax rather than Python?"""
    stripped = line.strip()
    if stripped.startswith(("%", "!")):
        return True
    if _is_python(line):
        return False
    if stripped.startswith("?") or stripped.endswith("?"):  # help: `np.dot?`, `??f`; not `"""Why?`
        try:
            ast.parse(stripped.strip("?").strip(), mode="eval")
            return True
        except SyntaxError:
            return False
    return True  # `x = !ls`, `t = %timeit f()`


def _is_python(line: str) -> bool:
    """Is this line valid Python on its own (e.g. ``x = a % b``)?"""
    stripped = line.strip()
    if stripped.startswith(("%", "!")):
        return False
    try:
        ast.parse(stripped)
        return True
    except SyntaxError:
        # a line that opens a block, like "if x % 2 == 0:", is Python too
        try:
            ast.parse(stripped + "\n    pass")
            return True
        except SyntaxError:
            return False


# --------------------------------------------------------------------------- the plan


def plan(source: Source) -> list[Statement]:
    """Which top-level statements to run. Raises ``SyntaxError`` for a broken file."""
    tree = ast.parse(source.text, filename=source.filename)
    out = []
    for i, node in enumerate(tree.body):
        reason = _why_skip(node)
        out.append(Statement(i, node.lineno, node.end_lineno or node.lineno, reason == "", reason))
    return out


def _why_skip(node: ast.stmt) -> str:
    """Empty if the statement belongs to the definitions, else why it is skipped."""
    if isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                         ast.Pass, ast.Global, ast.Nonlocal)):
        return ""
    if isinstance(node, ast.Expr):
        if isinstance(node.value, ast.Constant):
            return ""
        return "top-level expression (demo code), not run"
    if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
        demo = _demo_calls([node])
        return f"assignment that calls {demo[0]}() (demo code), not run" if demo else ""
    if isinstance(node, ast.If) and _is_main_guard(node.test):
        return 'the `if __name__ == "__main__":` block is not run'
    if isinstance(node, (ast.With, ast.AsyncWith)) and _demo_calls(node.items):
        return f"`with` block that calls {_demo_calls(node.items)[0]}() (demo code), not run"
    if isinstance(node, _BLOCKS):
        kind = _BLOCK_NAMES[type(node).__name__]
        return "" if not any(_why_skip(n) for n in _inner(node)) else f"`{kind}` block with demo code, not run"
    if isinstance(node, ast.For) and _fills_a_table(node):
        return ""
    if isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
        return "top-level loop (demo code), not run"
    return f"top-level {type(node).__name__.lower()} statement, not run"


#: Compound statements whose bodies are judged statement by statement (demo code inside becomes `pass`).
_BLOCKS = tuple(getattr(ast, n) for n in ("If", "Try", "TryStar", "With", "AsyncWith", "Match") if hasattr(ast, n))
_BLOCK_NAMES = {"If": "if", "Try": "try", "TryStar": "try", "With": "with", "AsyncWith": "with", "Match": "match"}


def _demo_calls(nodes: list[ast.AST]) -> list[str]:
    """The demo functions (``train``, ``main``...) these nodes call when they run, sorted."""
    return sorted({_call_name(c) for n in nodes for c in _walk_now(n) if isinstance(c, ast.Call)} & DEMO_CALLS)


def _prunable(node: ast.stmt) -> bool:
    """A block whose demo statements can be left out one by one: not a `__main__` block, not `with train():`."""
    return (isinstance(node, _BLOCKS) and not (isinstance(node, ast.If) and _is_main_guard(node.test))
            and not (isinstance(node, (ast.With, ast.AsyncWith)) and _demo_calls(node.items)))


def _bodies(node: ast.stmt) -> list[list[ast.stmt]]:
    """The statement lists directly inside a block."""
    out = [getattr(node, name) for name in ("body", "orelse", "finalbody") if getattr(node, name, None)]
    out += [h.body for h in getattr(node, "handlers", [])]
    out += [c.body for c in getattr(node, "cases", [])]
    return out


def _inner(node: ast.stmt) -> list[ast.stmt]:
    return [n for body in _bodies(node) for n in body]


def _prune_blocks(source: Source) -> Source:
    """Demo code inside top-level blocks becomes ``pass``, so that the definitions around it still run.

    ``try: from scipy.special import expit`` / ``except ImportError: print(...); def expit...``
    or functions defined under ``if True:`` next to a ``print``: the block runs with
    its demo statements blanked (same line numbers). A demo statement that shares a
    line with other code cannot be blanked cleanly; its block is then skipped whole.
    """
    try:
        tree = ast.parse(source.text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return source  # plan() reports it
    lines = source.text.split("\n")
    notes: list[tuple[int, str]] = []
    for node in tree.body:
        if not _prunable(node) or not _why_skip(node):
            continue
        todo: list[tuple[ast.stmt, str]] = []
        if _demo_inside(node, lines, todo):
            for stmt, reason in todo:
                first, last = stmt.lineno, stmt.end_lineno or stmt.lineno
                indent = lines[first - 1][: stmt.col_offset]
                lines[first - 1] = indent + "pass"
                for k in range(first, last):
                    lines[k] = ""
                notes.append((first, reason.replace("top-level ", "").replace(", not run", "") + " inside a block, not run"))
    if not notes:
        return source
    text = "\n".join(lines)
    try:
        ast.parse(text)
    except (SyntaxError, ValueError):
        return source
    return Source(text=text, filename=source.filename, cells=source.cells, notes=source.notes + notes)


def _demo_inside(block: ast.stmt, lines: list[str], todo: list) -> bool:
    """Collect the demo statements inside ``block`` (recursively); False if one cannot be blanked cleanly."""
    for body in _bodies(block):
        for k, stmt in enumerate(body):
            reason = _why_skip(stmt)
            if not reason:
                continue
            if _prunable(stmt):
                if not _demo_inside(stmt, lines, todo):
                    return False
                continue
            first, last = stmt.lineno, stmt.end_lineno or stmt.lineno
            alone = (lines[first - 1][: stmt.col_offset].strip() == ""
                     and (k == 0 or (body[k - 1].end_lineno or 0) < first)
                     and (k + 1 == len(body) or body[k + 1].lineno > last)
                     and first > block.lineno)
            if not alone:
                return False
            todo.append((stmt, reason))
    return True


def _walk_now(node: ast.AST):
    """Like ast.walk, but not into lambdas: `gd = lambda X, y: fit(X, y)` calls nothing when assigned."""
    todo = [node]  # iterative: a hostile file may nest expressions thousands deep
    while todo:
        current = todo.pop()
        yield current
        todo.extend(c for c in ast.iter_child_nodes(current) if not isinstance(c, ast.Lambda))


def _fills_a_table(loop: ast.For) -> bool:
    """A `for` loop that only assigns, calling nothing (``for f in (relu, tanh): ACTS[f.__name__] = f``).

    Such loops build helper tables the functions need; a demo or a training
    loop calls something (``backward``, ``print``, ``plt.plot``) and stays skipped.
    """
    body = loop.body + loop.orelse
    return (all(isinstance(n, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Pass)) for n in body)
            and any(not isinstance(n, ast.Pass) for n in body)
            and not any(isinstance(c, ast.Call) for n in body for c in ast.walk(n)))


def _call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_main_guard(test: ast.expr) -> bool:
    return (
        isinstance(test, ast.Compare)
        and any(isinstance(x, ast.Name) and x.id == "__name__" for x in [test.left, *test.comparators])
    )
