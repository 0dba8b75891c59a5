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

All of this is grader-side work on untrusted input, so every step is linear in
the file's size (no step re-reads what an earlier one read: one scan finds the
statement starts of a cell, each node's verdict is computed once) and every loop
checks an optional deadline (``LoadTimeout``). ``prepare`` is the one call the
runner makes; it runs it in a child process it can kill (``grader.runner``).
"""
from __future__ import annotations

import ast
import codecs
import io
import json
import re
import stat
import time
import tokenize
import warnings
from dataclasses import dataclass, field
from pathlib import Path

#: Cell magics whose body is ordinary Python worth keeping.
_KEEP_CELL_MAGICS = {"time", "timeit", "capture", "prun", "debug"}
#: A line that is IPython syntax, not Python: magics, shell escapes, help.
#: The targets of `files = !ls`, `a, b = %time f()` (matched on its own: no backtracking on long lines).
_TARGETS = re.compile(r"[\w.,\s]+")
#: Calls that make a top-level assignment "demo code": training and user input.
DEMO_CALLS = frozenset({"train", "gradient_descent", "sgd", "main", "demo", "run", "input", "fit", "experiment"})
#: Top-level calls that set the interpreter up for the student's functions and are run, not skipped as demo
#: code: a recursive topological sort needs its recursion limit raised before the grader calls it.
SETUP_CALLS = frozenset({"setrecursionlimit", "set_printoptions", "seterr", "filterwarnings", "simplefilter"})


class LoadError(Exception):
    """The file cannot become Python source (unreadable, not a notebook, not text)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


class LoadTimeout(LoadError):
    """Reading, converting or planning the file ran past its deadline (the submission's time budget)."""


def _check(deadline: float | None) -> None:
    """Raise ``LoadTimeout`` once ``time.monotonic()`` is past ``deadline`` (None: no deadline)."""
    if deadline is not None and time.monotonic() > deadline:
        raise LoadTimeout("the grader's own reading of the file ran past the submission's time budget")


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


def read_source(path: Path, deadline: float | None = None) -> Source:
    """The submission's Python source; notebooks converted. ``LoadTimeout`` past ``deadline``."""
    return _read(path, deadline)[0]


def prepare(path: Path, deadline: float | None = None) -> tuple[Source, list[Statement]]:
    """``read_source`` and ``plan`` in one go (the file parsed once), for the runner.

    Never raises anything but ``LoadError``: a syntax error, a file nested too
    deeply for Python's parser and ``LoadTimeout`` (past ``deadline``) all
    become one-line messages about the student's file.
    """
    try:
        source, tree = _read(path, deadline)
        try:
            return source, _plan_tree(tree if tree is not None else _parse(source), deadline)
        except SyntaxError as exc:
            where = source.where(exc.lineno) if exc.lineno else ""
            raise LoadError(f"the file cannot be loaded: {type(exc).__name__}: {exc.msg}"
                            + (f" ({where})" if where else ""), exc.lineno) from None
    except RecursionError:
        raise LoadError("the file cannot be parsed: it nests too deeply for Python's parser (RecursionError)") from None
    except MemoryError:  # the parser's own stack guard, or the memory limit of the grader's reading
        raise LoadError("the file cannot be parsed: it nests too deeply for Python's parser, or parsing it needs "
                        "more memory than the limit (MemoryError)") from None
    except ValueError as exc:  # e.g. a null byte past the start of the file
        raise LoadError(f"the file cannot be parsed: {str(exc)[:200]}") from None


def _read(path: Path, deadline: float | None) -> tuple[Source, ast.Module | None]:
    """The source, and its tree when it parsed (None: ``plan`` reports why not)."""
    raw = read_bytes(path)
    if b"\x00" in raw[:4096]:
        raise LoadError(f"{path.name} is not a text file")
    text = raw.decode(_encoding(raw, path.suffix), errors="replace")
    del raw
    _check(deadline)
    if path.suffix == ".ipynb":
        source = _from_notebook(text, path.name, deadline)
    else:
        source = Source(text=text.replace("\r\n", "\n"), filename=path.name)
    if len(source.text) > MAX_SOURCE_CHARS:
        raise LoadError(f"{path.name} holds {len(source.text) // 1024} KiB of code; over "
                        f"{MAX_SOURCE_CHARS // 1024} KiB is not graded")
    _check(deadline)
    return _prune_blocks(source, deadline)


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


def _from_notebook(text: str, filename: str, deadline: float | None = None) -> Source:
    try:
        data = json.loads(text)
    except RecursionError:
        raise LoadError(f"{filename} is not a notebook the grader can read (its JSON is nested too deeply)") from None
    except ValueError as exc:
        raise LoadError(f"{filename} is not a valid notebook (not JSON: {exc})") from None
    del text
    if not isinstance(data, dict) or not isinstance(data.get("cells", None), list):
        cells = _old_format_cells(data)
    else:
        cells = data["cells"]
    lines: list[str] = []
    where: list[tuple[int, int]] = []
    notes: list[tuple[int, str]] = []
    code_cell = total = 0
    for cell in cells:
        _check(deadline)
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        code_cell += 1
        src = cell.get("source", "")
        if isinstance(src, list):  # the usual form: one string per line
            src = "".join(part for part in src if isinstance(part, str))
        elif not isinstance(src, str):
            src = ""
        total += len(src)
        if total > MAX_SOURCE_CHARS:  # checked before any parsing: a huge cell costs the grader, not the student
            raise LoadError(f"{filename} holds over {MAX_SOURCE_CHARS // 1024} KiB of code; that is not graded")
        cell_lines = src.replace("\r\n", "\n").split("\n")
        start = len(lines) + 1
        converted, error = _convert_cell(cell_lines, code_cell, start, notes, deadline)
        if error:
            notes.append((start, f"cell {code_cell} not run: it is not valid Python ({error})"))
            converted = ["pass"] + [""] * (len(converted) - 1)
        lines += converted
        where += [(code_cell, k) for k in range(1, len(converted) + 1)]
    return Source(text="\n".join(lines) + "\n", filename=filename, cells=where, notes=notes)


def _old_format_cells(data) -> list:
    """nbformat 2 and 3 keep cells in worksheets (code in ``input``); nbformat upgrades anything else."""
    if isinstance(data, dict) and isinstance(data.get("worksheets"), list):  # read directly: nbformat's
        return [dict(cell, source=cell.get("input", ""))  # upgrade and validation took 12 s on 13 MB
                for sheet in data["worksheets"] if isinstance(sheet, dict) and isinstance(sheet.get("cells"), list)
                for cell in sheet["cells"] if isinstance(cell, dict)]
    try:
        import nbformat  # imported only for unusual notebooks: it is slow to import

        with warnings.catch_warnings():  # its warnings (ids corrected, ...) are noise on the terminal
            warnings.simplefilter("ignore")
            nb = nbformat.reads(json.dumps(data), as_version=4)
        return [dict(c) for c in nb.cells]
    except Exception as exc:  # noqa: BLE001 - any failure means "not a notebook we can read"
        raise LoadError(f"not a notebook nbformat can read ({str(exc)[:300]})") from None


def _convert_cell(cell_lines: list[str], cell_no: int, start: int, notes: list,
                  deadline: float | None = None) -> tuple[list[str], str]:
    """IPython syntax replaced by ``pass`` (same indentation, same line numbers), and why the result
    does not parse ("" when it does).

    Like IPython, only the start of a statement can be IPython syntax: a line
    inside brackets, a string or after a backslash is Python whatever it looks
    like (``% (a, b))``, ``dZ)  # like W?``, a docstring ending in ``?``).
    One scan of the cell (``_Starts``) tells which lines start a statement.
    """
    out = list(cell_lines)
    first = cell_lines[0].strip() if cell_lines else ""
    if first.startswith("%%"):
        magic = first[2:].split()[0] if len(first) > 2 else ""
        if magic in _KEEP_CELL_MAGICS:
            out[0] = ""
        else:
            notes.append((start, f"cell {cell_no}: %%{magic} cell not run"))
            return ["pass"] + [""] * (len(out) - 1), ""
    error = _parse_error("\n".join(out))
    if error is None:
        return out, ""  # plain Python: IPython would run it unchanged
    starts = _Starts()
    changed = False
    for k, line in enumerate(out):
        if not k & 1023:
            _check(deadline)
        if starts.at_start and _looks_ipython(line) and _is_ipython(line):
            indent = line[: len(line) - len(line.lstrip())]
            notes.append((start + k, f"cell {cell_no}: IPython line not run: {line.strip()[:60]}"))
            out[k] = indent + "pass"
            changed = True
        else:
            starts.feed(line)
    if changed:
        error = _parse_error("\n".join(out))
    return out, error or ""


#: Where ``_Starts`` stops outside a string, and inside a string of each quote.
_CODE_STOPS = re.compile(r"""[#'"\\()\[\]{}]""")
_STRING_STOPS = {"'": re.compile(r"['\\]"), '"': re.compile(r'["\\]')}


class _Starts:
    """Which lines of a cell start a statement: one scan of the cell, line by line, linear in its size.

    It follows what Python's tokenizer follows across lines: open brackets, an
    open string (triple-quoted, or quoted and continued by a backslash) and a
    backslash continuation. String prefixes change nothing here (a raw string
    ends where any string does); an f-string is read as a string, which is how
    Python up to 3.11 reads it (3.12's nested same-quote f-strings come out
    balanced too unless a nested string holds an unmatched bracket).
    """

    def __init__(self) -> None:
        self.depth = 0  #: open brackets
        self.quote = ""  #: the open string's quote (', ", \'\'\' or """), "" outside strings
        self.joined = False  #: the last line ended in a backslash continuation

    @property
    def at_start(self) -> bool:
        """Does the next line start a statement?"""
        return self.depth == 0 and not self.quote and not self.joined

    def feed(self, line: str) -> None:
        """Read one line (without its newline)."""
        self.joined = escaped_end = False
        i, n = 0, len(line)
        while i < n:
            if self.quote:
                stop = _STRING_STOPS[self.quote[0]].search(line, i)
                if stop is None:
                    break
                j = stop.start()
                if line[j] == "\\":  # an escape: the next character is not the end (in raw strings too)
                    escaped_end = j == n - 1
                    i = j + 2
                elif len(self.quote) == 1 or line.startswith(self.quote, j):
                    i = j + len(self.quote)
                    self.quote = ""
                else:
                    i = j + 1
                continue
            stop = _CODE_STOPS.search(line, i)
            if stop is None or stop.group() == "#":
                break
            j, ch = stop.start(), stop.group()
            i = j + 1
            if ch == "\\":
                self.joined = j == n - 1
            elif ch in "([{":
                self.depth += 1
            elif ch in ")]}":
                self.depth = max(self.depth - 1, 0)
            else:
                self.quote = ch * 3 if line.startswith(ch * 3, j) else ch
                i = j + len(self.quote)
        if len(self.quote) == 1 and not escaped_end:
            self.quote = ""  # an unterminated 'string' ends with its line, as Python's tokenizer reports it


def _looks_ipython(line: str) -> bool:
    """A cheap first look: a magic, a shell escape, help, or a magic's result assigned."""
    stripped = line.strip()
    if not stripped:
        return False
    if stripped[0] in "%!?" or stripped.endswith("?"):
        return True
    targets, eq, value = stripped.partition("=")
    return bool(eq) and value.lstrip()[:1] in ("%", "!") and _TARGETS.fullmatch(targets) is not None


def _parse_error(text: str, mode: str = "exec") -> str | None:
    """Why ``text`` is not Python (one line), or None when it parses."""
    try:
        ast.parse(text, mode=mode)
        return None
    except SyntaxError as exc:
        return exc.msg
    except ValueError as exc:
        return str(exc)[:200]
    except (RecursionError, MemoryError):
        return "nested too deeply for Python's parser"


def _parses(text: str, mode: str = "exec") -> bool:
    return _parse_error(text, mode) is None


def _is_ipython(line: str) -> bool:
    """Is this line, at the start of a statement, IPython syntax rather than Python?"""
    stripped = line.strip()
    if stripped.startswith(("%", "!")):
        return True
    if _is_python(line):
        return False
    if stripped.startswith("?") or stripped.endswith("?"):  # help: `np.dot?`, `??f`; not `"""Why?`
        return _parses(stripped.strip("?").strip(), mode="eval")
    return True  # `x = !ls`, `t = %timeit f()`


def _is_python(line: str) -> bool:
    """Is this line valid Python on its own (e.g. ``x = a % b``)?"""
    stripped = line.strip()
    if stripped.startswith(("%", "!")):
        return False
    # a line that opens a block, like "if x % 2 == 0:", is Python too
    return _parses(stripped) or _parses(stripped + "\n    pass")


# --------------------------------------------------------------------------- the plan


def plan(source: Source, deadline: float | None = None) -> list[Statement]:
    """Which top-level statements to run. Raises ``SyntaxError`` for a broken file."""
    return _plan_tree(_parse(source), deadline)


def _parse(source: Source) -> ast.Module:
    return ast.parse(source.text, filename=source.filename)


def _plan_tree(tree: ast.Module, deadline: float | None) -> list[Statement]:
    out = []
    verdicts: dict[int, str] = {}
    for i, node in enumerate(tree.body):
        if not i & 1023:
            _check(deadline)
        reason = _why_skip(node, verdicts)
        out.append(Statement(i, node.lineno, node.end_lineno or node.lineno, reason == "", reason))
    return out


def _why_skip(node: ast.stmt, verdicts: dict[int, str] | None = None) -> str:
    """Empty if the statement belongs to the definitions, else why it is skipped.

    ``verdicts`` (by ``id(node)``, for one tree) keeps every block's verdict, so
    that judging nested blocks costs each statement once, not once per level.
    """
    if verdicts is None:
        verdicts = {}
    known = verdicts.get(id(node))
    if known is None:
        known = verdicts[id(node)] = _judge(node, verdicts)
    return known


def _judge(node: ast.stmt, verdicts: dict[int, str]) -> str:
    if isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                         ast.Pass, ast.Global, ast.Nonlocal)):
        return ""
    if isinstance(node, ast.Expr):
        if isinstance(node.value, ast.Constant):
            return ""
        if isinstance(node.value, ast.Call) and _call_name(node.value) in SETUP_CALLS and not any(
                isinstance(c, ast.Call) for a in node.value.args for c in ast.walk(a)):
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
        demo_inside = any(_why_skip(n, verdicts) for n in _inner(node))
        return f"`{kind}` block with demo code, not run" if demo_inside else ""
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


def _prune_blocks(source: Source, deadline: float | None = None) -> tuple[Source, ast.Module | None]:
    """Demo code inside top-level blocks becomes ``pass``, so that the definitions around it still run.

    ``try: from scipy.special import expit`` / ``except ImportError: print(...); def expit...``
    or functions defined under ``if True:`` next to a ``print``: the block runs with
    its demo statements blanked (same line numbers). A demo statement that shares a
    line with other code cannot be blanked cleanly; its block is then skipped whole.
    Also returns the tree of the source it returns (None when that does not parse).
    """
    try:
        tree = _parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return source, None  # plan() reports it
    lines = source.text.split("\n")
    notes: list[tuple[int, str]] = []
    verdicts: dict[int, str] = {}
    for i, node in enumerate(tree.body):
        if not i & 1023:
            _check(deadline)
        if not _prunable(node) or not _why_skip(node, verdicts):
            continue
        todo: list[tuple[ast.stmt, str]] = []
        if _demo_inside(node, lines, todo, verdicts):
            for stmt, reason in todo:
                first, last = stmt.lineno, stmt.end_lineno or stmt.lineno
                indent = lines[first - 1][: stmt.col_offset]
                lines[first - 1] = indent + "pass"
                for k in range(first, last):
                    lines[k] = ""
                notes.append((first, reason.replace("top-level ", "").replace(", not run", "") + " inside a block, not run"))
    if not notes:
        return source, tree
    text = "\n".join(lines)
    _check(deadline)
    try:
        pruned = ast.parse(text, filename=source.filename)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return source, tree
    return Source(text=text, filename=source.filename, cells=source.cells, notes=source.notes + notes), pruned


def _demo_inside(block: ast.stmt, lines: list[str], todo: list, verdicts: dict[int, str] | None = None) -> bool:
    """Collect the demo statements inside ``block`` (recursively); False if one cannot be blanked cleanly."""
    for body in _bodies(block):
        for k, stmt in enumerate(body):
            reason = _why_skip(stmt, verdicts)
            if not reason:
                continue
            if _prunable(stmt):
                if not _demo_inside(stmt, lines, todo, verdicts):
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
