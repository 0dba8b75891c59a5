"""Reference results kept on disk between grader processes: the cold-start cache behind ``Context.memo``.

Checks memoise what never depends on the student (data sets, probes, training
cases and runs computed with the model answer) through ``Context.memo``: once
per grader process in ``Context.shared``. Every fresh ``grade FILE`` computed
them again; this module keeps them on disk too, so that a fresh process reads
them back instead.

**Key.** An entry is found by a SHA-256 of everything its value is a function of:

- the grader: its version, a digest of every ``.py`` file of the ``grader``
  package, the Python and NumPy versions and the machine type, and this
  module's ``FORMAT`` (the folder the entries live in is named after this part);
- the assignment's name, and a digest of its folder (``assignments/<name>/``:
  its checks and data; not its ``published.zip``, ``.md`` or ``.ipynb`` files;
  a data file over 4 MiB counts by size and modification time, the rest by
  content);
- the model answer ``ctx.ref`` is: in a course's run the module's own file,
  its mutants ``<name>_mistakes.py`` (the diagnosis memoises the reference's
  runs through its namespace) and any other ``.py`` in the solutions folder
  that is not another assignment's; in student mode (a ``Replay``) the
  assignment's ``published.zip``;
- the value of every option the assignment declares (the environment variable
  an ``Option`` hands over), and for a path its files' sizes and modification
  times (a data set given with an assignment's option, say);
- the memo key itself.

So a changed grader, check, data file, answer or option is a miss, never a
stale value. Code is hashed once per process, at its first use (close to when
it was imported: the code that computes the values). A ``Recorder`` (``grade
--publish``) never uses the disk: it must see every call the checks make of the
answer. Anything else as ``ctx.ref`` (a test's stand-in) does not either.

**Which values.** Every ``ctx.memo`` call in the grader and the assignments
memoises a pure function of the parts above (the diagnosis's reference runs are
keyed by a digest of their inputs, which the checks build). A value that is not
(it reads something the key does not hold) must pass ``disk=False`` to
``Context.memo``. A value that cannot be pickled, or whose pickle would be over
``MAX_ENTRY_BYTES`` (a whole data set, which is cheaper to read again from its
own file), is simply not kept.

**Where.** ``$BACKPROP_GRADER_CACHE`` if set (``off``, ``0``, ``no`` or ``false``
turn the disk memo off), else ``$XDG_CACHE_HOME/backprop-grader``, else
``~/.cache/backprop-grader``; entries in a folder per grader key
(``g-<version>-<digest>/<sha256>.pickle``). Folders are made ``0700``; a folder
that is not the grader's user's, or that others may write, is not used (an
entry is a pickle: whoever can write one can run code in the grader).

**Format.** Pickle, because the values are NumPy arrays inside dataclasses,
lists, tuples and dicts, and pickle keeps them exactly (dtype, shape, every
bit) at no cost; the files are written only by the grader itself into a
folder of its user's that nobody else may write (checked before any read), so
unpickling them trusts nothing the grader did not write. Each file is a magic
line, the full key text and a SHA-256 of key and payload: a file that is cut
short, damaged or from another key is a miss and is written again.

**Safety.** An entry is written to a temporary file in the same folder and
renamed over the final name (``os.replace``), so a reader sees a whole old
file, a whole new one or none, whatever runs at once (``--jobs``, two grade
commands); no ``fsync``: a file a crash damaged fails its digest. Any error of
the disk (read-only home, full disk, no home at all) means computing, never an
error: nothing here raises into a check.

**Bound.** The three most recently written grader-key folders are kept; making
a new one removes older ones. Within a folder, the first write of a process
checks the total size and, past ``MAX_FOLDER_BYTES``, removes the least
recently used entries down to half (a hit refreshes an entry's time at most
hourly); temporary files left by a killed process are removed then too.

**Not bypassed by ``--no-cache``**, which re-grades submissions instead of
reusing their results: these entries hold only the reference's values under a
key that already changes with the grader and the answers, so a re-grade that
ignored them would recompute the same bits. ``BACKPROP_GRADER_CACHE=off`` does.

**The sandbox** never sees the folder: bubblewrap mounts only the system's and
Python's folders (a cache set inside one of those is not used), and without
namespaces a root grader runs student code as another uid, which cannot enter
a ``0700`` folder of root's.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import platform
import re
import shutil
import stat
import sys
import tempfile
import time
import weakref
from collections import Counter
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

ENV = "BACKPROP_GRADER_CACHE"
OFF = ("off", "0", "no", "false", "none")
FORMAT = 1
MAGIC = b"backprop-grader memo 1\n"
MAX_ENTRY_BYTES = 8 * 2**20  #: a bigger value is not kept (the largest reference result is about 0.4 MiB)
MAX_FOLDER_BYTES = 256 * 2**20  #: past it, the least recently used entries of a grader-key folder go
KEEP_VERSIONS = 3  #: grader-key folders kept (two versions in use at once do not evict each other)
HASHED_DATA_BYTES = 4 * 2**20  #: a data file in an assignment's folder up to this size is hashed by content
_TOUCH_SECONDS = 3600.0
_TEMP_SECONDS = 3600.0  #: a temporary file older than this was left by a killed process
_FOLDER = re.compile(r"^g-[A-Za-z0-9._+-]*-[0-9a-f]{16}$")
MISSING = object()  #: ``Store.get``'s answer when nothing is kept
PACKAGE = Path(__file__).resolve().parent  #: the grader's source, hashed into every key

#: What this process did (for tests and measurements): hit, miss, corrupt, stored, unpicklable, too_big,
#: write_failed, unsafe_folder.
stats: Counter = Counter()


def folder() -> Path | None:
    """The cache's root folder now, or None when the disk memo is off (or no folder can be named)."""
    given = os.environ.get(ENV, "").strip()
    if given.lower() in OFF:
        return None
    try:
        if given:
            return Path(given).expanduser().absolute()
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
        return base / "backprop-grader"
    except (RuntimeError, KeyError, OSError):  # no home folder at all
        return None


def store_for(ctx: Any) -> "Store | None":
    """The disk memo of a check's context, or None where there must be none (off, ``grade --publish``,
    an unknown reference, a folder the sandbox could see)."""
    from .reference import Recorder, Replay

    root = folder()
    if root is None or isinstance(ctx.ref, Recorder) or _seen_by_sandbox(str(root)):
        return None
    try:
        from . import registry

        decl = registry.get(ctx.assignment)
        if isinstance(ctx.ref, Replay):
            from .reference import published_path

            path = published_path(decl.folder)
            answer = f"published {_file_digest(path)}" if path.is_file() else None
        elif isinstance(ctx.ref, ModuleType) and getattr(ctx.ref, "__file__", None):
            answer = f"module {_answer_digest(ctx.ref)}"
        else:
            answer = None
        if answer is None or decl.folder is None:
            return None
        options = [f"option {opt.env}={os.environ.get(opt.env, '')!r} {_path_signature(opt, os.environ.get(opt.env))}"
                   for opt in decl.options]
        return _grader_store(root, [f"assignment {ctx.assignment}", f"answer {answer}",
                                    f"folder {folder_digest(str(decl.folder))}", *options])
    except Exception as exc:  # noqa: BLE001 - the cache must never cost a check: no disk memo then
        stats[f"no_store:{type(exc).__name__}"] += 1
        return None


def store(part: str) -> "Store | None":
    """A disk store for something the grader derives from its own files alone (``part`` names it: the report
    templates' compiled code), in the same trusted folder as the memo, or None where there is none."""
    root = folder()
    if root is None or _seen_by_sandbox(str(root)):
        return None
    try:
        return _grader_store(root, [f"part {part}"])
    except Exception as exc:  # noqa: BLE001 - the cache must never cost anything but speed
        stats[f"no_store:{type(exc).__name__}"] += 1
        return None


def _grader_store(root: Path, key: list[str]) -> "Store":
    """The store in this grader's folder under ``root`` whose keys begin with the grader's part and ``key``."""
    grader = grader_digest()
    version = re.sub(r"[^A-Za-z0-9._+-]", "_", _version())[:40]
    return Store(root / f"g-{version}-{grader[:16]}", "\n".join([f"format {FORMAT}", f"grader {grader}", *key]))


class Store:
    """The entries of one context: ``get`` and ``put`` by memo key. Neither ever raises."""

    def __init__(self, where: Path, prefix: str) -> None:
        self.where = where
        self.prefix = prefix
        self._trusted: bool | None = None  #: the folder is the grader's user's alone (checked once)

    def key_text(self, key: str) -> bytes:
        return f"{self.prefix}\nkey {key}".encode("utf-8", "surrogateescape")

    def path(self, key: str) -> Path:
        return self.where / f"{hashlib.sha256(self.key_text(key)).hexdigest()[:40]}.pickle"

    def get(self, key: str) -> Any:
        """The kept value, or ``MISSING``."""
        try:
            if not self._trust(create=False):
                stats["miss"] += 1
                return MISSING
            path, text = self.path(key), self.key_text(key)
            try:
                with open(path, "rb") as fh:
                    info = os.fstat(fh.fileno())
                    if info.st_size > MAX_ENTRY_BYTES + len(text) + 1024:
                        raise ValueError("too long")
                    data = fh.read()
            except FileNotFoundError:
                stats["miss"] += 1
                return MISSING
            value = _decode(data, text)
            if time.time() - info.st_mtime > _TOUCH_SECONDS:
                try:
                    os.utime(path)  # recently used: kept longest when the folder is trimmed
                except OSError:
                    pass
            stats["hit"] += 1
            return value
        except Exception:  # noqa: BLE001 - cut short, damaged, unreadable, another key: computed and written again
            stats["corrupt"] += 1
            return MISSING

    def put(self, key: str, value: Any) -> None:
        try:
            if array_bytes(value) > MAX_ENTRY_BYTES:  # a data set: never pickled only to be dropped
                stats["too_big"] += 1
                return
            try:
                payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # noqa: BLE001 - a function of the answer's, a closure: not kept
                stats["unpicklable"] += 1
                return
            if len(payload) > MAX_ENTRY_BYTES:
                stats["too_big"] += 1
                return
            if not self._trust(create=True):
                stats["write_failed"] += 1
                return
            _write(self.path(key), _encode(self.key_text(key), payload))
            stats["stored"] += 1
            if self.where not in _trimmed:
                _trimmed.add(self.where)
                _trim(self.where)
        except Exception:  # noqa: BLE001 - read-only, full, gone: the value is simply not kept
            stats["write_failed"] += 1

    def _trust(self, create: bool) -> bool:
        """Is the folder there (made when ``create``), and this user's alone? Decided once, but a folder not
        there yet is asked again (a write may make it)."""
        if self._trusted is not None:
            return self._trusted
        try:
            if create:
                root = self.where.parent
                root.mkdir(mode=0o700, parents=True, exist_ok=True)
                if _owned(root):
                    try:
                        self.where.mkdir(mode=0o700)
                        _prune_versions(root, self.where)
                    except FileExistsError:
                        pass
            elif not self.where.is_dir():
                return False
            self._trusted = _owned(self.where.parent) and _owned(self.where)
            if not self._trusted:
                stats["unsafe_folder"] += 1
        except OSError:
            self._trusted = False
        return self._trusted


# --------------------------------------------------------------------------- the file format


def _encode(text: bytes, payload: bytes) -> bytes:
    digest = hashlib.sha256(text + b"\0" + payload).digest()
    return MAGIC + len(text).to_bytes(4, "big") + text + digest + payload


def _decode(data: bytes, text: bytes) -> Any:
    if not data.startswith(MAGIC):
        raise ValueError("not an entry")
    at = len(MAGIC)
    n = int.from_bytes(data[at:at + 4], "big")
    got, digest, payload = data[at + 4:at + 4 + n], data[at + 4 + n:at + 36 + n], data[at + 36 + n:]
    if got != text:
        raise ValueError("another key")
    if hashlib.sha256(text + b"\0" + payload).digest() != digest:
        raise ValueError("damaged")
    return pickle.loads(payload)


def _write(path: Path, data: bytes) -> None:
    """``data`` at ``path`` atomically: a temporary file in the same folder, renamed over it."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


# --------------------------------------------------------------------------- keeping it bounded and private


_trimmed: set[Path] = set()  #: folders this process has already trimmed


def _owned(path: Path) -> bool:
    """A folder of this user's alone: nobody else may write entries (pickles) into it."""
    info = os.stat(path)
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid() and not info.st_mode & 0o022


def _prune_versions(root: Path, current: Path) -> None:
    """Keep the ``KEEP_VERSIONS`` most recently written grader-key folders (``current`` among them)."""
    others = []
    for entry in os.scandir(root):
        if entry.name != current.name and _FOLDER.match(entry.name) and entry.is_dir(follow_symlinks=False):
            try:
                others.append((entry.stat(follow_symlinks=False).st_mtime, entry.path))
            except OSError:
                pass
    for _, path in sorted(others, reverse=True)[KEEP_VERSIONS - 1:]:
        shutil.rmtree(path, ignore_errors=True)


def _trim(where: Path) -> None:
    """Past ``MAX_FOLDER_BYTES``, the least recently used entries go (down to half); stale temporary files too."""
    try:
        now, entries, total = time.time(), [], 0
        for entry in os.scandir(where):
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if entry.name.startswith(".tmp-"):
                if now - info.st_mtime > _TEMP_SECONDS:
                    os.unlink(entry.path)
            elif entry.name.endswith(".pickle"):
                entries.append((info.st_mtime, info.st_size, entry.path))
                total += info.st_size
        if total <= MAX_FOLDER_BYTES:
            return
        for _, size, path in sorted(entries):
            if total <= MAX_FOLDER_BYTES // 2:
                break
            try:
                os.unlink(path)
                total -= size
            except OSError:
                pass
    except OSError:
        pass


def array_bytes(value: Any, depth: int = 0) -> int:
    """The bytes of the NumPy arrays in ``value`` (through containers and dataclasses), cheaply."""
    import numpy as np

    if isinstance(value, np.ndarray):
        return value.nbytes
    if depth > 6:
        return 0
    if isinstance(value, dict):
        return sum(array_bytes(v, depth + 1) for v in list(value.values())[:10_000])
    if isinstance(value, (list, tuple)):
        return sum(array_bytes(v, depth + 1) for v in value[:10_000])
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return sum(array_bytes(getattr(value, f.name, None), depth + 1) for f in dataclasses.fields(value))
    return 0


@lru_cache(maxsize=1)
def _python_dirs() -> tuple[str, ...]:
    from .sandbox.isolation import _python_dirs as dirs

    return tuple(dirs())


def _seen_by_sandbox(root: str) -> bool:
    """Is ``root`` inside a folder bubblewrap mounts into the sandbox (the Python installation)? Odd, but then
    a student could read the entries: the disk memo is not used."""
    try:
        real = os.path.realpath(root)
        return any(real == d or real.startswith(d.rstrip("/") + "/") for d in _python_dirs())
    except Exception:  # noqa: BLE001
        return True


# --------------------------------------------------------------------------- digests


def _version() -> str:
    from . import __version__

    return __version__


@lru_cache(maxsize=1)
def grader_digest() -> str:
    """The grader's part of every key: version, own source, Python, NumPy, machine (once per process)."""
    import numpy as np

    h = hashlib.sha256(f"{_version()}|{sys.version}|{np.__version__}|{platform.machine()}|{sys.byteorder}|"
                       f"{FORMAT}".encode())
    for path in sorted(PACKAGE.rglob("*.py")):
        if "__pycache__" not in path.parts:
            h.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


@lru_cache(maxsize=None)
def folder_digest(where: str) -> str:
    """An assignment folder's checks and data (once per process per folder)."""
    h = hashlib.sha256()
    base = Path(where)
    for path in sorted(base.rglob("*")):
        rel = path.relative_to(base)
        if ("__pycache__" in rel.parts or any(p.startswith(".") for p in rel.parts)
                or path.name == "published.zip" or path.suffix in (".md", ".ipynb")):
            continue
        try:
            info = path.stat()
            if not stat.S_ISREG(info.st_mode):
                continue
            if path.suffix == ".py" or info.st_size <= HASHED_DATA_BYTES:
                body = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                body = f"size {info.st_size} mtime {info.st_mtime_ns}"
        except FileNotFoundError:  # removed while listed (an editor's temporary file)
            continue
        h.update(f"{rel}\0{body}\0".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


_answers: "weakref.WeakKeyDictionary[ModuleType, str]" = weakref.WeakKeyDictionary()


def _answer_digest(module: ModuleType) -> str:
    """The model answer's file, its mutants and the solutions folder's shared helpers (once per module object)."""
    if module in _answers:
        return _answers[module]
    from . import registry

    path = Path(module.__file__).resolve()
    others = {n for n in registry.names() if n != path.stem}
    others |= {f"{n}_mistakes" for n in others}
    h = hashlib.sha256()
    for p in sorted(path.parent.glob("*.py")):
        if p.stem not in others:
            h.update(f"{p.name}\0".encode() + p.read_bytes() + b"\0")
    _answers[module] = digest = h.hexdigest()
    return digest


_files: dict[tuple, str] = {}


def _file_digest(path: Path) -> str:
    """A file's SHA-256, computed again only when its size, time or inode changes."""
    info = path.stat()
    sig = (str(path), info.st_size, info.st_mtime_ns, info.st_ino)
    if sig not in _files:
        _files[sig] = hashlib.sha256(path.read_bytes()).hexdigest()
    return _files[sig]


def _path_signature(opt: Any, value: str | None) -> str:
    """What an option's path holds, cheaply: each file's size and modification time (a data set can be large)."""
    if not value or not getattr(opt, "is_path", False):
        return ""
    path = Path(value)
    if path.is_file():
        info = path.stat()
        return f"{info.st_size}:{info.st_mtime_ns}"
    if not path.is_dir():
        return "missing"
    parts = []
    for i, p in enumerate(sorted(path.rglob("*"))):
        if i >= 1000:
            parts.append("...")
            break
        if p.is_file():
            info = p.stat()
            parts.append(f"{p.relative_to(path)}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def forget() -> None:
    """Forget what this process hashed (as a fresh process would): for tests."""
    grader_digest.cache_clear()
    folder_digest.cache_clear()
    _answers.clear()
    _files.clear()
    _trimmed.clear()
    stats.clear()
