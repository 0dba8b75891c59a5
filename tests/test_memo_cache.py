"""The disk memo of reference results (``grader.memo_cache`` behind ``Context.memo``).

A fresh process reads what an earlier one computed; every part of the key makes a miss when it changes; a
damaged entry is a miss and is written again; a folder that cannot be written (or that others could write)
costs nothing but the speed; concurrent writers never show a reader half a file; and a file's grade is the
same with the cache cold, warm and off. Each test uses its own folder (``tmp_path``), never ~/.cache.
"""
from __future__ import annotations

import dataclasses
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from multiprocessing import get_context
from pathlib import Path

import numpy as np
import pytest

from conftest import ROOT
from grader import memo_cache, registry
from grader.checks.base import Context
from grader.discover import Submission
from grader.reference import Recorder
from grader.reference import load as load_published
from grader.runner import Options, grade_submission

A = "xor_mlp"


@pytest.fixture(scope="module")
def grader_source(tmp_path_factory) -> Path:
    """A copy of the grader's source, hashed into the keys in place of the checkout's: a file someone saves in
    the checkout during the tests is another grader (a miss) and would make a test that expects a hit fail."""
    copy = tmp_path_factory.mktemp("grader-source") / "grader"
    shutil.copytree(memo_cache.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch, grader_source) -> Path:
    """This test's cache folder, and a process that has hashed nothing yet."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(memo_cache.ENV, str(folder))
    monkeypatch.setattr(memo_cache, "PACKAGE", grader_source)
    memo_cache.forget()
    yield folder
    memo_cache.forget()


class Maker:
    """A value to memoise, counting how often it is computed."""

    def __init__(self, value=None) -> None:
        self.calls = 0
        self.value = value if value is not None else {"W": np.arange(12.0).reshape(3, 4) / 7, "losses": [0.5, 0.25]}

    def __call__(self):
        self.calls += 1
        return self.value


def memo(ref, key: str = "test/value", assignment: str = A, maker: Maker | None = None, fresh: bool = True,
         **kw):
    """``ctx.memo(key, maker)`` as a fresh process would run it (nothing hashed, an empty per-process memo)."""
    if fresh:
        memo_cache.forget()
    maker = maker or Maker()
    value = Context(None, ref, assignment).memo(key, maker, **kw)  # type: ignore[arg-type]
    return value, maker.calls


def entries(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.pickle"))


def same(a, b) -> bool:
    return a.keys() == b.keys() and all(np.array_equal(np.asarray(a[k]), np.asarray(b[k])) for k in a)


def answer_copy(tmp_path: Path, name: str = A, edit: str = "", helper: str | None = None):
    """The model answer loaded from a copy of its files in a folder of its own (edited if asked)."""
    folder = tmp_path / f"answers{len(list(tmp_path.glob('answers*')))}"
    folder.mkdir()
    for f in ("__init__.py", f"{name}.py", f"{name}_mistakes.py"):
        shutil.copy(ROOT / "solutions" / f, folder / f)
    if edit:
        with open(folder / edit, "a") as fh:
            fh.write("\n# an edit\n")
    if helper is not None:
        (folder / "helpers.py").write_text(helper)
    spec = importlib.util.spec_from_file_location(f"answer_copy_{folder.name}", folder / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --------------------------------------------------------------------------- hits


def test_a_fresh_process_reads_what_an_earlier_one_computed(cache):
    ref = registry.reference(A)
    first, calls = memo(ref)
    assert calls == 1 and len(entries(cache)) == 1
    again, calls = memo(ref)
    assert calls == 0, "a fresh process computed again what is on disk"
    assert same(first, again) and again is not first  # read back from the file, bit for bit
    assert memo_cache.stats["hit"] == 1
    folder = entries(cache)[0].parent
    assert folder.parent == cache and folder.name.startswith("g-")
    assert (cache.stat().st_mode & 0o777) == 0o700 and (folder.stat().st_mode & 0o777) == 0o700


def test_within_a_process_the_value_is_computed_once_and_the_disk_read_once():
    ctx = Context(None, registry.reference(A), A)  # type: ignore[arg-type]
    maker = Maker()
    assert ctx.memo("k", maker) is ctx.memo("k", maker)
    assert maker.calls == 1 and memo_cache.stats == {"miss": 1, "stored": 1}


# --------------------------------------------------------------------------- misses: every part of the key


def test_the_memo_key_and_the_assignment_are_parts_of_the_key(cache):
    memo(registry.reference(A), "one")
    assert memo(registry.reference(A), "two")[1] == 1
    other = "two_hidden_mlp"
    assert memo(registry.reference(other), "one", assignment=other)[1] == 1
    assert memo(registry.reference(A), "one")[1] == 0


def test_the_model_answer_is_part_of_the_key_by_content(tmp_path):
    memo(registry.reference(A))
    assert memo(answer_copy(tmp_path))[1] == 0, "the same files elsewhere are the same answer"
    assert memo(answer_copy(tmp_path, edit=f"{A}.py"))[1] == 1, "an edited answer read an old value"
    assert memo(answer_copy(tmp_path, edit=f"{A}_mistakes.py"))[1] == 1, "edited mutants read an old value"
    assert memo(answer_copy(tmp_path, helper="X = 1\n"))[1] == 1, "a new shared helper read an old value"
    assert memo(registry.reference(A))[1] == 0


def test_the_published_outputs_are_the_key_in_student_mode(tmp_path, monkeypatch):
    decl = registry.get(A)
    replay = load_published(A, decl.folder)
    assert replay is not None
    _, calls = memo(replay)
    assert calls == 1
    assert memo(registry.reference(A))[1] == 1, "the model answer read the published outputs' value"
    copy = tmp_path / "folder"
    shutil.copytree(decl.folder, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(registry, "get", lambda name: dataclasses.replace(decl, folder=copy))
    assert memo(replay)[1] == 0, "the same published file elsewhere is the same answer"
    with open(copy / "published.zip", "ab") as fh:
        fh.write(b"\0")
    assert memo(replay)[1] == 1, "changed published outputs read an old value"


def test_the_assignments_folder_is_part_of_the_key(tmp_path, monkeypatch):
    decl = registry.get(A)
    copy = tmp_path / "folder"
    shutil.copytree(decl.folder, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(registry, "get", lambda name: dataclasses.replace(decl, folder=copy))
    ref = registry.reference(A)
    memo(ref)
    (copy / "README.md").write_text("the contract, reworded\n")
    assert memo(ref)[1] == 0, "a README is not what the checks compute with"
    with open(copy / "checks.py", "a") as fh:
        fh.write("\n# a changed check\n")
    assert memo(ref)[1] == 1, "a changed check read an old value"
    (copy / "data.bin").write_bytes(b"\1" * 100)
    assert memo(ref)[1] == 1, "a new data file read an old value"


def test_the_grader_is_part_of_the_key(tmp_path, monkeypatch):
    ref = registry.reference(A)
    memo(ref)
    with monkeypatch.context() as mp:
        mp.setattr(memo_cache, "_version", lambda: "99.0")
        assert memo(ref)[1] == 1, "another grader version read an old value"
    assert memo(ref)[1] == 0
    copy = tmp_path / "grader"
    shutil.copytree(memo_cache.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(memo_cache, "PACKAGE", copy)
    assert memo(ref)[1] == 0, "the same source is the same grader"
    with open(copy / "checks" / "common.py", "a") as fh:
        fh.write("\n# a changed grader\n")
    assert memo(ref)[1] == 1, "a changed grader read an old value"


def test_an_assignments_option_is_part_of_the_key(tmp_path, monkeypatch):
    name = next(d.name for d in registry.all_assignments() if d.options)
    opt = registry.get(name).options[0]
    ref = registry.reference(name)
    monkeypatch.delenv(opt.env, raising=False)
    memo(ref, assignment=name)
    data = tmp_path / "data.npz"
    data.write_bytes(b"one")
    monkeypatch.setenv(opt.env, str(data))
    assert memo(ref, assignment=name)[1] == 1, "an option's value read another value's entry"
    assert memo(ref, assignment=name)[1] == 0
    data.write_bytes(b"other data")
    assert memo(ref, assignment=name)[1] == 1, "a changed file at the same path read an old value"
    monkeypatch.delenv(opt.env)
    assert memo(ref, assignment=name)[1] == 0


def test_no_disk_for_publishing_for_disk_false_or_when_off(cache, monkeypatch):
    ref = registry.reference(A)
    memo(ref)
    recorder = Recorder(ref)
    assert memo(recorder)[1] == 1, "grade --publish must see every call of the answer, not a kept value"
    assert memo(ref, disk=False)[1] == 1 and memo(ref, "not kept", disk=False)[1] == 1
    assert memo(ref, "not kept")[1] == 1  # disk=False wrote nothing
    for off in ("off", "0", "OFF", "false"):
        monkeypatch.setenv(memo_cache.ENV, off)
        assert memo(ref)[1] == 1
    assert len(entries(cache)) == 2


# --------------------------------------------------------------------------- damaged entries


@pytest.mark.parametrize("damage", ["truncated", "flipped", "empty", "garbage", "another key", "a folder"])
def test_a_damaged_entry_is_a_miss_and_is_written_again(cache, damage):
    ref = registry.reference(A)
    want, _ = memo(ref)
    memo(ref, "other", maker=Maker({"W": np.zeros(3)}))
    path = memo_cache.store_for(Context(None, ref, A)).path("test/value")  # type: ignore[arg-type]
    other = memo_cache.store_for(Context(None, ref, A)).path("other")  # type: ignore[arg-type]
    data = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "flipped":
        path.write_bytes(data[:-20] + bytes([data[-20] ^ 1]) + data[-19:])
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "garbage":
        path.write_bytes(os.urandom(len(data)))
    elif damage == "another key":
        path.write_bytes(other.read_bytes())
    else:
        path.unlink()
        path.mkdir()
    value, calls = memo(ref)
    assert calls == 1 and same(value, want), "a damaged entry was read as a value"
    assert memo_cache.stats["corrupt"] == 1, dict(memo_cache.stats)
    if damage != "a folder":  # a folder in the way cannot be replaced: the value is computed every time
        assert memo(ref)[1] == 0, "the damaged entry was not written again"


def test_an_entry_over_the_cap_or_that_cannot_be_pickled_is_not_kept(cache):
    ref = registry.reference(A)
    big = Maker({"X": np.zeros(memo_cache.MAX_ENTRY_BYTES // 8 + 1)})
    assert memo(ref, "big", maker=big)[1] == 1 and memo_cache.stats["too_big"] == 1
    assert memo(ref, "lambda", maker=Maker({"f": lambda: 1}))[1] == 1 and memo_cache.stats["unpicklable"] == 1
    memo(ref, "big", maker=big)
    assert big.calls == 2 and not entries(cache)


# --------------------------------------------------------------------------- folders that cannot be used


def _assert_computes_without_error(ref, runs: int = 2) -> None:
    for _ in range(runs):
        value, calls = memo(ref)
        assert calls == 1 and same(value, Maker().value)


def test_a_folder_that_cannot_be_made_costs_nothing_but_speed(tmp_path, monkeypatch):
    (tmp_path / "file").write_text("")
    monkeypatch.setenv(memo_cache.ENV, str(tmp_path / "file" / "cache"))  # a path through a file: ENOTDIR
    _assert_computes_without_error(registry.reference(A))
    assert memo_cache.stats["write_failed"] == 1


@pytest.mark.parametrize("where", ["mkstemp", "replace", "write"])
def test_a_full_or_read_only_disk_costs_nothing_but_speed(cache, monkeypatch, where):
    def refuse(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if where == "mkstemp":
        monkeypatch.setattr(memo_cache.tempfile, "mkstemp", refuse)
    elif where == "replace":
        monkeypatch.setattr(memo_cache.os, "replace", refuse)
    else:
        monkeypatch.setattr(memo_cache, "_encode", lambda text, payload: refuse())
    _assert_computes_without_error(registry.reference(A))
    assert not entries(cache) and not [p for p in cache.rglob("*") if p.is_file()], "a temporary file was left"


def test_no_home_at_all_is_no_disk_memo(monkeypatch):
    monkeypatch.delenv(memo_cache.ENV)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def nowhere():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", nowhere)
    assert memo_cache.folder() is None
    _assert_computes_without_error(registry.reference(A))


def test_where_the_cache_is(tmp_path, monkeypatch):
    monkeypatch.delenv(memo_cache.ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert memo_cache.folder() == tmp_path / "xdg" / "backprop-grader"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/is/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert memo_cache.folder() == tmp_path / "home" / ".cache" / "backprop-grader"
    monkeypatch.setenv(memo_cache.ENV, str(tmp_path / "mine"))
    assert memo_cache.folder() == tmp_path / "mine"


def test_a_folder_others_can_write_is_never_read(cache):
    """An entry is a pickle: one planted by another user would run code in the grader."""
    ref = registry.reference(A)
    memo(ref)
    cache.chmod(0o777)
    assert memo(ref)[1] == 1 and memo_cache.stats["unsafe_folder"] == 1
    cache.chmod(0o700)
    version = entries(cache)[0].parent
    version.chmod(0o770)
    assert memo(ref)[1] == 1
    version.chmod(0o700)
    assert memo(ref)[1] == 0


def test_a_cache_inside_what_the_sandbox_mounts_is_not_used(cache, monkeypatch):
    monkeypatch.setattr(memo_cache, "_python_dirs", lambda: (str(cache.parent),))
    assert memo_cache.store_for(Context(None, registry.reference(A), A)) is None  # type: ignore[arg-type]
    _assert_computes_without_error(registry.reference(A))
    assert not cache.exists()


def test_the_default_folder_is_not_mounted_into_the_sandbox(monkeypatch):
    from grader.sandbox import isolation

    monkeypatch.delenv(memo_cache.ENV)
    default = memo_cache.folder()
    assert default is not None
    iso = isolation.detect()
    if iso.level != "bubblewrap":
        pytest.skip(f"no bubblewrap here ({iso.reason})")
    cmd, _ = iso.command("/tmp", ["python3"])
    mounted = [cmd[i + 1] for i, a in enumerate(cmd) if a in ("--ro-bind", "--bind", "--ro-bind-try", "--bind-try")]
    assert not [m for m in mounted if str(default).startswith(m.rstrip("/") + "/") or str(default) == m], mounted
    assert not memo_cache._seen_by_sandbox(str(default))


# --------------------------------------------------------------------------- bounded


def test_old_grader_versions_are_removed_when_a_new_one_is_made(cache):
    cache.mkdir(mode=0o700)
    old = []
    for i in range(4):
        folder = cache / f"g-0.0.{i}-{i:016x}"
        folder.mkdir()
        (folder / "x.pickle").write_bytes(b"old")
        os.utime(folder, (time.time() - 1000 + i, time.time() - 1000 + i))
        old.append(folder)
    (cache / "notes").mkdir()
    memo(registry.reference(A))
    kept = sorted(p.name for p in cache.iterdir())
    assert len([k for k in kept if k.startswith("g-")]) == memo_cache.KEEP_VERSIONS
    assert old[3].exists() and old[2].exists() and not old[1].exists() and not old[0].exists()
    assert (cache / "notes").exists(), "a folder the grader did not make was removed"


def test_a_full_folder_drops_its_least_recently_used_entries(cache, monkeypatch):
    ref = registry.reference(A)
    keys = ("old", "used", "new1", "new2")
    for key in keys:
        memo(ref, key)
    store = memo_cache.store_for(Context(None, ref, A))  # type: ignore[arg-type]
    past = time.time() - 2 * 86400
    for i, key in enumerate(keys):
        os.utime(store.path(key), (past + 10 * i, past + 10 * i))
    stale = store.where / ".tmp-killed.part"
    stale.write_bytes(b"half")
    os.utime(stale, (past, past))
    assert memo(ref, "used")[1] == 0  # a hit: now the most recently used
    size = store.path("used").stat().st_size
    monkeypatch.setattr(memo_cache, "MAX_FOLDER_BYTES", int(4.5 * size))
    memo(ref, "new3")  # five entries: this process's first write trims the folder to half
    assert [k for k in (*keys, "new3") if store.path(k).exists()] == ["used", "new3"]
    assert not stale.exists()


# --------------------------------------------------------------------------- concurrent writers


def _hammer(args) -> dict:
    """Read and overwrite three entries at random, checking every value read."""
    where, rounds, seed = args
    store = memo_cache.Store(Path(where), "concurrency test")
    rng = np.random.default_rng(seed)
    value = {"big": np.arange(400_000, dtype=np.float64), "tag": "same for every writer"}
    memo_cache.stats.clear()
    wrong = 0
    for _ in range(rounds):
        key = f"k{rng.integers(3)}"
        got = store.get(key)
        if got is not memo_cache.MISSING and not (got["tag"] == value["tag"]
                                                  and np.array_equal(got["big"], value["big"])):
            wrong += 1
        if got is memo_cache.MISSING or rng.random() < 0.5:
            store.put(key, value)
    return {**memo_cache.stats, "wrong": wrong}


def test_concurrent_writers_never_show_a_reader_half_a_file(cache):
    where = cache / "g-test-0123456789abcdef"
    with get_context("fork").Pool(4) as pool:
        results = pool.map(_hammer, [(str(where), 60, seed) for seed in range(4)])
    total = {k: sum(r.get(k, 0) for r in results) for k in ("hit", "miss", "corrupt", "stored", "wrong",
                                                               "write_failed")}
    assert total["corrupt"] == 0 and total["wrong"] == 0 and total["write_failed"] == 0, total
    assert total["hit"] > 0 and total["stored"] >= 3, total
    assert sorted(p.name for p in where.iterdir() if p.name.startswith(".tmp-")) == []


# --------------------------------------------------------------------------- the grade does not depend on it


def _strip(result: dict) -> dict:
    result = {k: v for k, v in result.items() if k not in ("seconds", "timings", "report")}
    result["checks"] = [{k: v for k, v in c.items() if k != "seconds"} for c in result["checks"]]
    return result


def test_the_disk_is_what_a_fresh_process_grades_with(cache, monkeypatch):
    """A value changed on disk changes the grade: the checks really read it (then: off reads nothing)."""
    path = ROOT / "solutions" / f"{A}.py"
    sub = Submission(path, "answer", A)
    assert grade_submission(sub, Options(), shared={}).score == 100
    ref = registry.reference(A)
    store = memo_cache.store_for(Context(None, ref, A))  # type: ignore[arg-type]
    cases = store.get("train_cases")
    assert cases is not memo_cache.MISSING
    for case in cases:
        params, losses = case.reference
        case.reference = (params, [x + 1.0 for x in losses])
    store.put("train_cases", cases)
    memo_cache.forget()
    poisoned = grade_submission(sub, Options(), shared={})
    assert [c.id for c in poisoned.checks if not c.passed] == ["training.train"]
    monkeypatch.setenv(memo_cache.ENV, "off")
    assert grade_submission(sub, Options(), shared={}).score == 100


FILES = [ROOT / "tests/corpus/xor_mlp/mistakes/activation-derivative-at-output_xor_mlp.py",
         ROOT / "tests/corpus/rnn/mistakes/bias-not-summed_rnn.py",
         ROOT / "tests/corpus/two_hidden_mlp/correct/loop_two_hidden_mlp.py"]


def _grade_cli(tmp_path: Path, cache_value: str, name: str, *extra: str) -> dict:
    out = tmp_path / name
    proc = subprocess.run([sys.executable, "-m", "grader", *map(str, FILES), "--out", str(out), "--no-cache", "-q",
                           "--jobs", "2", *extra], capture_output=True, text=True, cwd=ROOT, timeout=600,
                          env={**os.environ, memo_cache.ENV: cache_value})
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr, proc.stderr
    data = json.loads((out / "results.json").read_text())
    return {s["path"]: _strip(s) for s in data["submissions"]}


@pytest.mark.parametrize("mode", ["course", "student"])
def test_the_same_result_with_the_cache_cold_warm_and_off(tmp_path, cache, mode):
    assert all(f.is_file() for f in FILES), "a corpus file this test grades was renamed"
    extra = ("--student",) if mode == "student" else ()
    cold = _grade_cli(tmp_path, str(cache), "cold", *extra)
    written = {p: p.stat().st_mtime_ns for p in entries(cache)}
    assert len(written) >= 10, "the cold run kept nothing"
    warm = _grade_cli(tmp_path, str(cache), "warm", *extra)
    folders = {p.parent for p in written}  # (someone saving a grader file meanwhile makes another folder: a miss)
    now = {p: p.stat().st_mtime_ns for p in entries(cache) if p.parent in folders}
    assert now == written, f"the warm run computed again: {len(folders)} folder(s), " \
        f"{len(set(now) - set(written))} new entries, {len([p for p in written if now.get(p) != written[p]])} changed"
    off = _grade_cli(tmp_path, "off", "off", *extra)
    assert len(cold) == len(FILES) and any(s["score"] < s["max_score"] for s in cold.values())
    assert cold == warm == off


# --------------------------------------------------------------------------- the report templates' compiled code


def _template_compiles(cache: Path, template: str = "submission.html.j2") -> tuple[int, str]:
    """How often a fresh process compiles ``template`` on loading it, and a digest of its code."""
    script = f"""
import hashlib, jinja2
from reports import html
compiled = []
real = jinja2.Environment.compile
def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
    compiled.append(name)
    return real(self, source, name, filename, raw, defer_init)
jinja2.Environment.compile = counting
t = html._env().get_template({template!r})
print(len(compiled), hashlib.sha256(t.render.__code__.co_code).hexdigest()[:12])
"""
    env = {**os.environ, memo_cache.ENV: str(cache), "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    n, digest = out.stdout.split()
    return int(n), digest


def test_a_fresh_process_reuses_the_templates_compiled_code(cache):
    name = "submission.html.j2"
    first, code = _template_compiles(cache, name)
    assert first >= 1, "the first process must compile the template"
    assert any(cache.rglob("*.pickle")), "nothing was kept on disk"
    again, code_again = _template_compiles(cache, name)
    assert again == 0, "a fresh process compiled the template again"
    assert code_again == code


def test_the_templates_code_is_not_read_from_a_folder_others_can_write(cache):
    name = "submission.html.j2"
    _template_compiles(cache, name)
    assert _template_compiles(cache, name)[0] == 0, "precondition: a safe folder is read"
    cache.chmod(0o777)
    try:
        assert _template_compiles(cache, name)[0] >= 1, "compiled code was read from a folder others can write"
    finally:
        cache.chmod(0o700)


def test_no_templates_code_is_kept_when_the_disk_memo_is_off(tmp_path):
    folder = tmp_path / "nowhere"
    script = "from reports import html; html._env().get_template(sorted(p.name for p in html.TEMPLATES.glob('*.j2'))[0])"
    env = {**os.environ, memo_cache.ENV: "off", "HOME": str(folder), "XDG_CACHE_HOME": str(folder / "xdg"),
           "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert not folder.exists()
