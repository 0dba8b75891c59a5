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
import os
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


@dataclass(frozen=True)
class Helper:
    """A module next to the submission that it imports (``nn_utils.py``), shipped into its sandbox as text.

    ``name`` is the dotted module name (``nn_utils``, or ``mylib.ops`` for a file of a package folder
    ``mylib/``); ``filename`` its path next to the submission, for tracebacks; ``skip`` the indices of its
    top-level statements that the plan leaves out (demo code), as for the submission itself.
    """

    name: str
    filename: str
    text: str
    package: bool = False  #: an ``__init__.py`` (or a folder without one: ``text`` is then empty)
    skip: tuple[int, ...] = ()


@dataclass
class Source:
    """A submission as Python source."""

    text: str
    filename: str  #: shown in tracebacks
    #: per line: (where its cell is, line in cell), notebooks only; a cell is ``In [7]`` when it has an
    #: execution count, else ``cell 4`` (every cell counted from 1, as Jupyter shows them)
    cells: list[tuple[str, int]] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)  #: (line, what was dropped while converting)
    helpers: list[Helper] = field(default_factory=list)  #: the sibling modules it imports (``find_helpers``)
    #: top-level module names it imports that are not shipped, and why (``nn_utils`` -> "no nn_utils.py ...")
    unshipped: dict[str, str] = field(default_factory=dict)

    def where(self, line: int | None) -> str:
        """``line 12``, or ``In [7], line 2`` / ``cell 4, line 2`` for a notebook."""
        if line is None:
            return ""
        if self.cells and 1 <= line <= len(self.cells):
            cell, cell_line = self.cells[line - 1]
            return f"{_cell_label(cell)}, line {cell_line}"
        return f"line {line}"


def _cell_label(cell) -> str:
    """``In [7]`` / ``cell 4`` as stored; a bare number (an older pickled Source) reads ``cell N``."""
    return cell if isinstance(cell, str) else f"cell {cell}"


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
            tree = tree if tree is not None else _parse(source)
            empty = _emptiness(tree, path, source.text)
            if empty:
                raise LoadError(empty)
            statements = _plan_tree(tree, deadline)
            source.helpers, source.unshipped, notes = find_helpers(path, tree, deadline)
            source.notes = source.notes + notes
            return source, statements
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
    where: list[tuple[str, int]] = []
    notes: list[tuple[int, str]] = []
    number = total = 0
    for cell in cells:
        _check(deadline)
        number += 1  # every cell counts, markdown too: the number Jupyter's cell list shows
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        count = cell.get("execution_count", cell.get("prompt_number"))  # nbformat 3: prompt_number
        label = f"In [{count}]" if type(count) is int and 0 <= count < 10**9 else f"cell {number}"
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
        converted, error = _convert_cell(cell_lines, label, start, notes, deadline)
        if error:
            notes.append((start, f"{label} not run: it is not valid Python ({error})"))
            converted = ["pass"] + [""] * (len(converted) - 1)
        lines += converted
        where += [(label, k) for k in range(1, len(converted) + 1)]
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


def _convert_cell(cell_lines: list[str], cell_no: str, start: int, notes: list,
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
            notes.append((start, f"%%{magic} cell not run"))
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
            notes.append((start + k, f"IPython line not run: {line.strip()[:60]}"))
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
    installers = _method_installers(tree)
    for i, node in enumerate(tree.body):
        if not i & 1023:
            _check(deadline)
        reason = _why_skip(node, verdicts, installers)
        out.append(Statement(i, node.lineno, node.end_lineno or node.lineno, reason == "", reason))
    return out


def _why_skip(node: ast.stmt, verdicts: dict[int, str] | None = None,
              installers: frozenset[str] = frozenset()) -> str:
    """Empty if the statement belongs to the definitions, else why it is skipped.

    ``verdicts`` (by ``id(node)``, for one tree) keeps every block's verdict, so
    that judging nested blocks costs each statement once, not once per level;
    ``installers``: the tree's functions that add methods to its classes (``_method_installers``).
    """
    if verdicts is None:
        verdicts = {}
    known = verdicts.get(id(node))
    if known is None:
        known = verdicts[id(node)] = _judge(node, verdicts, installers)
    return known


def _judge(node: ast.stmt, verdicts: dict[int, str], installers: frozenset[str] = frozenset()) -> str:
    if _uses_the_grader(node):
        return "the grader's own `check()` (for Jupyter): not needed when the grader runs the file"
    if isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                         ast.Pass, ast.Global, ast.Nonlocal)):
        return ""
    if isinstance(node, ast.Expr):
        if isinstance(node.value, ast.Constant):
            return ""
        if isinstance(node.value, ast.Call) and _call_name(node.value) in SETUP_CALLS and not any(
                isinstance(c, ast.Call) for a in node.value.args for c in ast.walk(a)):
            return ""
        if _installs(node, installers):
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
        demo_inside = any(_why_skip(n, verdicts, installers) for n in _inner(node))
        return f"`{kind}` block with demo code, not run" if demo_inside else ""
    if isinstance(node, ast.For) and (_fills_a_table(node) or _installs_in_a_loop(node, installers)):
        return ""
    if isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
        return "top-level loop (demo code), not run"
    return f"top-level {type(node).__name__.lower()} statement, not run"


def _uses_the_grader(node: ast.stmt) -> bool:
    """``from grader import check``, ``import grader``, or a statement that calls ``check(...)``: the cell a
    student runs in Jupyter to grade the notebook, which means nothing inside the grader's sandbox."""
    if isinstance(node, ast.ImportFrom):
        return (node.module or "").split(".")[0] == "grader"
    if isinstance(node, ast.Import):
        return any(a.name.split(".")[0] == "grader" for a in node.names)
    if isinstance(node, (ast.Expr, ast.Assign, ast.AnnAssign)) and node.value is not None:
        return any(isinstance(c, ast.Call) and (
            (isinstance(c.func, ast.Name) and c.func.id == "check") or
            (isinstance(c.func, ast.Attribute) and c.func.attr == "check" and isinstance(c.func.value, ast.Name)
             and c.func.value.id == "grader")) for c in ast.walk(node.value))
    return False


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
    installers = _method_installers(tree)
    for i, node in enumerate(tree.body):
        if not i & 1023:
            _check(deadline)
        if not _prunable(node) or not _why_skip(node, verdicts, installers):
            continue
        todo: list[tuple[ast.stmt, str]] = []
        if _demo_inside(node, lines, todo, verdicts, installers):
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


def _demo_inside(block: ast.stmt, lines: list[str], todo: list, verdicts: dict[int, str] | None = None,
                 installers: frozenset[str] = frozenset()) -> bool:
    """Collect the demo statements inside ``block`` (recursively); False if one cannot be blanked cleanly."""
    for body in _bodies(block):
        for k, stmt in enumerate(body):
            reason = _why_skip(stmt, verdicts, installers)
            if not reason:
                continue
            if _prunable(stmt):
                if not _demo_inside(stmt, lines, todo, verdicts, installers):
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


#: Calls a loop may make to list what it goes over, and nothing else.
_ITERATING = frozenset({"items", "keys", "values", "zip", "enumerate", "range", "sorted", "reversed", "list",
                        "tuple"})


def _method_installers(tree: ast.Module) -> frozenset[str]:
    """The file's top-level functions that add methods to its own classes and do nothing else when called:
    every call they make (outside the functions they define) is ``setattr(<a class of the file>, ...)``, or
    they assign ``<a class of the file>.name = ...``. A student who builds ``Value.__add__`` and the rest from
    a table calls one of these at the top level: that call belongs to the definitions, not to a demo."""
    classes = {n.name for n in tree.body if isinstance(n, ast.ClassDef)}
    found = set()
    for fn in tree.body:
        if not isinstance(fn, ast.FunctionDef) or fn.decorator_list:
            continue
        installs, todo = 0, list(fn.body)
        while todo:
            node = todo.pop()
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                continue  # defined, not run
            if isinstance(node, ast.Call):
                if not (isinstance(node.func, ast.Name) and node.func.id == "setattr" and node.args
                        and isinstance(node.args[0], ast.Name) and node.args[0].id in classes):
                    installs = -1
                    break
                installs += 1
            elif isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id in classes
                    for t in node.targets):
                installs += 1
            todo.extend(ast.iter_child_nodes(node))
        if installs > 0:
            found.add(fn.name)
    return frozenset(found)


def _installs(stmt: ast.stmt, installers: frozenset[str]) -> bool:
    """``install(...)``: a call of one of ``installers`` whose arguments call nothing."""
    return (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and isinstance(stmt.value.func, ast.Name)
            and stmt.value.func.id in installers
            and not any(isinstance(c, ast.Call) for a in [*stmt.value.args, *(k.value for k in stmt.value.keywords)]
                        for c in _walk_now(a)))


def _installs_in_a_loop(loop: ast.For, installers: frozenset[str]) -> bool:
    """``for name, f in TABLE.items(): install(name, f)``: a loop that only calls ``installers`` (and assigns,
    calling nothing), over what a call of ``_ITERATING`` lists."""
    body = loop.body + loop.orelse
    return (bool(installers) and any(_installs(n, installers) for n in body)
            and all(_installs(n, installers) or (isinstance(n, (ast.Assign, ast.AnnAssign, ast.Pass)) and not any(
                isinstance(c, ast.Call) for c in ast.walk(n))) for n in body)
            and all(_call_name(c) in _ITERATING for c in ast.walk(loop.iter) if isinstance(c, ast.Call)))


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


# --------------------------------------------------------------------------- empty files


def _emptiness(tree: ast.Module, path: Path, text: str = "") -> str:
    """Why the file holds nothing to grade ("" when it holds code): no statement, or only docstrings,
    ``pass`` (what a notebook's magics become) and ``...``."""
    if any(not (isinstance(n, ast.Pass) or (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)))
           for n in tree.body):
        return ""
    if path.suffix == ".ipynb":
        return "the file is empty: nothing to grade (the notebook has no code cell with Python code in it)"
    if not tree.body:
        return "the file is empty: nothing to grade" + (" (it holds only comments)" if text.strip() else "")
    return "the file is empty: nothing to grade (it holds no code, only comments or docstrings)"


# --------------------------------------------------------------------------- helper modules

#: At most this many helper files, and bytes of them in all, are shipped into a submission's sandbox.
MAX_HELPER_FILES = 50
MAX_HELPER_BYTES = 1024 * 1024
#: Folder entries looked at in a helper package folder (a folder of 10,000 files costs this many at most).
MAX_HELPER_ENTRIES = 2000
#: Deepest sub-package of a helper package folder that is shipped.
MAX_HELPER_DEPTH = 8
#: Python's own modules: a student's ``random.py`` or ``os.py`` never replaces them in the sandbox.
_PYTHONS_OWN = frozenset(getattr(__import__("sys"), "stdlib_module_names", ())) | frozenset(
    __import__("sys").builtin_module_names) | {"numpy", "__future__"}


def imported_names(tree: ast.AST) -> list[tuple[str, int]]:
    """``(top-level module name, first line)`` of every absolute import anywhere in ``tree``, in order."""
    seen: dict[str, int] = {}
    todo = [tree]  # iterative: a hostile file may nest thousands deep
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Import):
            for alias in node.names:
                seen.setdefault(alias.name.split(".")[0], node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if not node.level and node.module:
                seen.setdefault(node.module.split(".")[0], node.lineno)
        elif isinstance(node, (ast.expr, ast.expr_context)):
            continue  # imports are statements: expressions hold none
        else:
            todo.extend(reversed(list(ast.iter_child_nodes(node))))
    return sorted(seen.items(), key=lambda kv: kv[1])


class _Budget:
    """The helper files and bytes shipped so far, against ``MAX_HELPER_FILES`` and ``MAX_HELPER_BYTES``."""

    def __init__(self) -> None:
        self.files = self.bytes = 0
        self.full = ""  #: why no more is shipped, once the limit is reached

    def take(self, size: int) -> bool:
        if self.full:
            return False
        if self.files + 1 > MAX_HELPER_FILES or self.bytes + size > MAX_HELPER_BYTES:
            self.full = (f"the modules next to the file pass the grader's limit of {MAX_HELPER_FILES} files and "
                         f"{MAX_HELPER_BYTES // 1024} KiB in all")
            return False
        self.files += 1
        self.bytes += size
        return True


def find_helpers(path: Path, tree: ast.Module, deadline: float | None = None
                 ) -> tuple[list[Helper], dict[str, str], list[tuple[int, str]]]:
    """The modules next to ``path`` that it imports, and theirs in turn: ``(helpers, unshipped, notes)``.

    ``import nn_utils`` / ``from nn_utils import f`` anywhere in the file ships ``nn_utils.py`` from the
    submission's own folder, or the package folder ``nn_utils/`` (its ``.py`` files, sub-folders too),
    into the sandbox as text; their own imports of such modules are followed. Only the submission's
    folder is looked in, by names that are Python identifiers (no ``/``, no ``..``), and each file is
    opened relative to that folder without following links: a link, a FIFO or a device is not shipped
    (``unshipped`` says why), so a helper can never be a window onto another folder. A name of Python's
    own modules or NumPy (``random.py``, ``numpy.py``) is never shipped: the sandbox keeps the real one
    (the sandbox refuses, as well, any name it has already imported). Everything is bounded:
    ``MAX_HELPER_FILES`` files and ``MAX_HELPER_BYTES`` in all, ``MAX_HELPER_ENTRIES`` folder entries
    per package, a deadline. ``unshipped`` maps an imported name to why it was not shipped; ``notes``
    are ``(line of the submission's import, text)`` for the report.
    """
    helpers: list[Helper] = []
    unshipped: dict[str, str] = {}
    notes: list[tuple[int, str]] = []
    try:
        folder_fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return helpers, unshipped, notes
    budget = _Budget()
    try:
        todo = list(reversed(imported_names(tree)))
        done = {path.stem}
        steps = 0
        while todo:
            steps += 1
            if not steps & 255:
                _check(deadline)
            name, line = todo.pop()
            if name in done:
                continue
            done.add(name)
            found = _helper(folder_fd, name, line, budget, helpers, unshipped, notes, deadline)
            for sub in reversed(found):  # a helper's own imports of siblings, at the line that led to it
                todo.append((sub, line))
    finally:
        os.close(folder_fd)
    return helpers, unshipped, notes


def _helper(folder_fd: int, name: str, line: int, budget: _Budget, helpers: list[Helper],
            unshipped: dict[str, str], notes: list[tuple[int, str]], deadline: float | None) -> list[str]:
    """Ship module ``name`` from the submission's folder if it is there; the names its files import."""
    kind = _entry_kind(folder_fd, f"{name}.py")
    if kind in ("", "missing"):
        kind_dir = _entry_kind(folder_fd, name)
        if kind_dir == "dir":
            if name in _PYTHONS_OWN:
                unshipped[name] = f"{name}/ next to the file is not used: Python's own module {name} is"
                notes.append((line, unshipped[name]))
                return []
            return _package(folder_fd, name, line, budget, helpers, unshipped, notes, deadline)
        if kind_dir == "link":
            unshipped[name] = (f"{name}/ is a symbolic link; the grader does not follow links: "
                               "hand in the folder itself")
            notes.append((line, unshipped[name]))
            return []
        if name not in _PYTHONS_OWN:
            unshipped[name] = (f"there is no {name}.py next to the file, and the grader's sandbox does not have "
                               "it: it has Python's standard library, NumPy, and what the grader's own Python has")
        return []
    if name in _PYTHONS_OWN:
        unshipped[name] = f"{name}.py next to the file is not used: Python's own module {name} is"
        notes.append((line, unshipped[name]))
        return []
    if _names_an_assignment(f"{name}.py"):  # in a flat class folder, that is another student's submission
        unshipped[name] = (f"{name}.py is not used: its name names an assignment, so it is a submission (perhaps "
                           "someone else's), never a helper; give your helper module another name")
        notes.append((line, unshipped[name]))
        return []
    if kind != "file":
        unshipped[name] = (f"{name}.py is a symbolic link; the grader does not follow links: hand in the file itself"
                           if kind == "link" else f"{name}.py is not a regular file")
        notes.append((line, unshipped[name]))
        return []
    return _ship(folder_fd, f"{name}.py", name, f"{name}.py", False, line, budget, helpers, unshipped, notes,
                 deadline)


def _names_an_assignment(file_name: str) -> bool:
    """Would discovery read ``file_name`` as a submission of some assignment?"""
    from . import registry
    from .discover import match_assignment

    try:
        return bool(match_assignment(file_name, registry.names()))
    except registry.RegistryError:
        return False


def _entry_kind(dir_fd: int, name: str) -> str:
    """``file``, ``dir``, ``link``, ``other``, or ``missing`` (``""``: cannot be looked at)."""
    try:
        info = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        return "missing"
    except (OSError, ValueError):
        return ""
    if stat.S_ISLNK(info.st_mode):
        return "link"
    if stat.S_ISDIR(info.st_mode):
        return "dir"
    return "file" if stat.S_ISREG(info.st_mode) else "other"


def _ship(dir_fd: int, entry: str, module: str, shown: str, package: bool, line: int, budget: _Budget,
          helpers: list[Helper], unshipped: dict[str, str], notes: list[tuple[int, str]],
          deadline: float | None) -> list[str]:
    """Read ``entry`` (relative to ``dir_fd``, no link followed) as module ``module``; the names it imports."""
    top = module.split(".")[0]
    try:
        fd = os.open(entry, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=dir_fd)
    except OSError as exc:
        unshipped.setdefault(top, f"{shown} cannot be read ({exc.strerror or exc})")
        notes.append((line, f"{shown} is not used: it cannot be read ({exc.strerror or exc})"))
        return []
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            unshipped.setdefault(top, f"{shown} is not a regular file")
            return []
        if info.st_nlink > 1:  # a hard link may name any file of the file system (an archive extracted as root)
            unshipped.setdefault(top, f"{shown} is a hard link to another file; hand in a copy of it")
            notes.append((line, f"{shown} is not used: it is a hard link to another file"))
            return []
        if not budget.take(info.st_size):
            unshipped.setdefault(top, f"{shown} was not shipped: {budget.full}")
            notes.append((line, f"{shown} was not shipped to the sandbox: {budget.full}"))
            return []
        with os.fdopen(fd, "rb", closefd=False) as fh:
            raw = fh.read(MAX_HELPER_BYTES + 1)
    finally:
        os.close(fd)
    if len(raw) > info.st_size:  # it grew while it was read: only what was counted is shipped
        raw = raw[:info.st_size]
    if b"\x00" in raw[:4096]:
        unshipped.setdefault(top, f"{shown} is not a text file")
        notes.append((line, f"{shown} is not used: it is not a text file"))
        return []
    text = raw.decode(_encoding(raw, ".py"), errors="replace").replace("\r\n", "\n")
    _check(deadline)
    skip: tuple[int, ...] = ()
    imports: list[str] = []
    try:
        tree = ast.parse(text, filename=shown)
        plan_ = _plan_tree(tree, deadline)
        skip = tuple(s.index for s in plan_ if not s.run)
        for s in plan_:
            if not s.run:
                notes.append((line, f"{shown} line {s.line}: {s.reason}"))
        imports = [n for n, _ in imported_names(tree)]
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        pass  # shipped as it is: importing it fails in the sandbox with Python's own error, shown to the student
    helpers.append(Helper(module, shown, text, package, skip))
    return imports


def _package(folder_fd: int, name: str, line: int, budget: _Budget, helpers: list[Helper],
             unshipped: dict[str, str], notes: list[tuple[int, str]], deadline: float | None) -> list[str]:
    """Ship the package folder ``name/``: its ``.py`` files and sub-folders, bounded; the names they import."""
    imports: list[str] = []
    try:
        root_fd = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=folder_fd)
    except OSError as exc:
        unshipped[name] = f"{name}/ cannot be read ({exc.strerror or exc})"
        notes.append((line, unshipped[name]))
        return imports
    seen = 0
    stack: list[tuple[int, str, str, int]] = [(root_fd, name, f"{name}/", 0)]  # (fd, module, shown, depth)
    try:
        while stack:
            fd, module, shown, depth = stack.pop()
            try:
                _check(deadline)
                try:
                    with os.scandir(fd) as it:
                        entries = []
                        for entry in it:
                            seen += 1
                            if seen > MAX_HELPER_ENTRIES:
                                notes.append((line, f"{name}/ holds over {MAX_HELPER_ENTRIES} entries; the rest "
                                                    "are not shipped to the sandbox"))
                                break
                            entries.append(entry.name)
                except OSError:
                    entries = []
                entries.sort()
                has_init = "__init__.py" in entries and _entry_kind(fd, "__init__.py") == "file"
                if has_init:
                    imports += _ship(fd, "__init__.py", module, shown + "__init__.py", True, line, budget,
                                     helpers, unshipped, notes, deadline)
                else:
                    helpers.append(Helper(module, shown, "", True))  # a namespace package
                for entry in entries:
                    if entry.startswith(".") or entry == "__init__.py" or entry == "__pycache__":
                        continue
                    kind = _entry_kind(fd, entry)
                    if kind == "file" and entry.endswith(".py") and entry[:-3].isidentifier():
                        imports += _ship(fd, entry, f"{module}.{entry[:-3]}", shown + entry, False, line, budget,
                                         helpers, unshipped, notes, deadline)
                    elif kind == "dir" and entry.isidentifier() and depth + 1 < MAX_HELPER_DEPTH:
                        try:
                            sub = os.open(entry, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
                        except OSError:
                            continue
                        stack.append((sub, f"{module}.{entry}", f"{shown}{entry}/", depth + 1))
                    elif kind == "link" and (entry.endswith(".py") or entry.isidentifier()):
                        notes.append((line, f"{shown}{entry} is a symbolic link; the grader does not follow "
                                            "links: hand in the file itself"))
            finally:
                os.close(fd)
    finally:
        for fd, *_ in stack:
            os.close(fd)
    return imports


def imported_names_of(source: Source) -> list[tuple[str, int]]:
    """``imported_names`` of a source's text ([] when it does not parse)."""
    try:
        return imported_names(ast.parse(source.text))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
