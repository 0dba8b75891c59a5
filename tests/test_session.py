"""Session behaviour the checks rely on: big batches, kept values, mutation fingerprints."""
from __future__ import annotations

import numpy as np
import pytest

from grader import load
from grader.sandbox.process import Limits
from grader.sandbox.protocol import MAX_BUFFERS
from grader.sandbox import session as session_module
from grader.sandbox.session import Call, Ref, Returned, Session, StudentError


def session(tmp_path, source: str) -> Session:
    path = tmp_path / "s_linear_regression.py"
    path.write_text(source)
    src = load.read_source(path)
    return Session(src, load.plan(src), Limits(call_seconds=5))


def test_a_batch_larger_than_one_frame_is_split_not_fatal(tmp_path):
    n = MAX_BUFFERS  # two arrays per call: twice what one frame may carry
    with session(tmp_path, "def f(a, b):\n    return float(a.sum() + b.sum())\n") as s:
        out = s.batch([Call("f", (np.full(3, float(i)), np.ones(2))) for i in range(n)])
        assert len(out) == n and out[-1].value == 3.0 * (n - 1) + 2.0
        assert s.restarts == 0


def test_kept_values_pass_back_in_and_mutation_is_seen(tmp_path):
    source = ("def make(x):\n    return (x * 2, {'cache': x.copy()})\n"
              "def use(c):\n    return c['cache'].sum()\n"
              "def scale(x):\n    x *= 3\n    return x\n")
    with session(tmp_path, source) as s:
        slot = s.slot()
        first, value = s.batch([Call("make", (np.arange(3.0),), ret=(0,), keep=slot),
                                Call("use", (Ref(slot)[1],))], drop=[slot])
        assert list(first.value) == [0.0, 2.0, 4.0] and float(value.value) == 3.0
        assert s.call_full("scale", np.arange(3.0)).mutated
        assert not s.call_full("make", np.arange(3.0)).mutated


def test_a_value_passed_by_ref_is_watched_for_changes_at_the_positions_asked(tmp_path):
    source = ("def make(x):\n    return {'c': x.copy()}\n"
              "def spoil(c, y):\n    y -= 1\n    return 0.0\n"
              "def spoil_cache(c, y):\n    c['c'] += 1\n    return 0.0\n")
    with session(tmp_path, source) as s:
        slot = s.slot()
        _, bad_y, bad_cache = s.batch([Call("make", (np.arange(3.0),), ret=None, keep=slot),
                                       Call("spoil", (Ref(slot), np.ones(2)), ret=None, digest=(1,)),
                                       Call("spoil_cache", (Ref(slot), np.ones(2)), ret=None, digest=(1,))],
                                      drop=[slot])
        assert bad_y.mutated  # y is position 1
        assert not bad_cache.mutated  # the cache (position 0) was not asked about


def test_what_the_student_prints_is_kept_even_when_the_sandbox_is_killed(tmp_path):
    source = "import sys\nprint('loading')\nX = print('at import', file=sys.stderr)\ndef f():\n    print('in f')\n    return 1\n"
    with session(tmp_path, source) as s:
        assert s.call("f") == 1
    text, total = s.output()
    # Statement 2 is demo code (not run); the assignment and the call are: both reach the report, in order.
    assert "loading" not in text and text.index("at import") < text.index("in f"), text
    assert total == len(text.encode())


def test_time_is_the_graders_clock_not_what_the_sandbox_says(tmp_path):
    source = ("import time as _t\nimport __main__\n"
              "class _Frozen:\n    def __getattr__(self, name):\n        return getattr(_t, name)\n"
              "    @staticmethod\n    def perf_counter():\n        return 0.0\n"
              "__main__.time = _Frozen()\n"  # the worker's clock, as a cheating file would stop it
              "def slow():\n    _t.sleep(0.3)\n    return 1.0\n")
    with session(tmp_path, source) as s:
        done = s.call_full("slow")
        assert done.value == 1.0 and done.reported_seconds == 0.0
        assert done.seconds >= 0.25  # the MNIST time budget reads this one where /proc cannot give cpu_seconds


def test_errors_only_the_grader_may_decide_cannot_be_claimed_by_the_sandbox(tmp_path):
    with session(tmp_path, "def f():\n    return 1\n") as s:
        for forged in ("budget", "start", "timeout", "crashed", "protocol"):
            err = s._reply(Call("f"), {"ok": False, "error": {"kind": forged, "type": "X", "message": "m"}}, [])
            assert err.kind == "exception" and "raised X: m" in err.message
        err = s._reply(Call("f"), {"ok": False, "error": {"kind": "not_implemented"}}, [])
        assert err.kind == "not_implemented"


def test_a_top_level_that_keeps_killing_the_sandbox_costs_a_bounded_number_of_restarts(tmp_path):
    from grader.sandbox.session import MAX_LOAD_RESTARTS

    lines = ["def f():\n    return 2.0\n"] + [f"_k{i} = __import__('os')._exit(3)\n" for i in range(40)]
    with session(tmp_path, "".join(lines) + "def g():\n    return 3.0\n") as s:
        assert s.call("f") == 2.0
        assert s.restarts == MAX_LOAD_RESTARTS - 1  # then the rest of the top level is left out
        reasons = [k.reason for k in s.skipped()]
        given_up = 40 - (MAX_LOAD_RESTARTS - 1) + 1  # the killers not yet tried, and `def g`
        assert sum("killed the sandbox" in r for r in reasons) == given_up
    assert "g" not in s.names  # defined after the statements given up on


def test_files_written_in_the_sandbox_are_capped(tmp_path):
    from grader.sandbox.isolation import TMPFS_BYTES, detect

    if detect().level != "bubblewrap":
        pytest.skip("needs bubblewrap (the fallback writes to a host folder, limited per file only)")
    # many files of 16 MB each (under the per-file limit): only the tmpfs size stops them
    source = ("def fill(where):\n    chunk = b'x' * (1 << 20)\n    n = 0\n"
              "    try:\n        for k in range(16):\n            with open(f'{where}/f{k}', 'wb') as fh:\n"
              "                for _ in range(16):\n                    fh.write(chunk)\n"
              "                    fh.flush()\n                    n += 1\n"
              "    except OSError:\n        return n\n    return -1\n")
    with session(tmp_path, source) as s:
        for where in ("/", "/etc", "/dev"):  # everything else is read-only
            assert s.call("fill", where) == 0, where
        for where in (".", "/tmp", "/dev/shm"):
            written = s.call("fill", where)
            assert (TMPFS_BYTES >> 20) - 4 <= written <= TMPFS_BYTES >> 20, (where, written)  # it wrote, then was stopped


def _cgroup_or_skip():
    from grader.sandbox.isolation import detect

    if not detect().cgroup:
        pytest.skip("no cgroup for the sandbox on this machine (needs root or a delegated cgroup)")


def test_the_whole_sandbox_has_a_process_limit_even_for_root(tmp_path):
    _cgroup_or_skip()
    source = ("import os, time\n"
              "def forks(n):\n    made = 0\n    for _ in range(n):\n        try:\n            pid = os.fork()\n"
              "        except OSError:\n            break\n        if pid == 0:\n            time.sleep(2)\n"
              "            os._exit(0)\n        made += 1\n    return made\n")
    with session(tmp_path, source) as s:
        made = s.call("forks", 200)
        assert made <= Limits().processes + 4, made


def test_the_whole_sandbox_has_one_memory_limit_across_its_processes(tmp_path):
    _cgroup_or_skip()
    source = ("import os, time\n"
              "def hog(n):\n    kids = []\n    for _ in range(n):\n        pid = os.fork()\n        if pid == 0:\n"
              "            data = b'x' * (120 << 20)\n            time.sleep(3)\n            os._exit(0)\n"
              "        kids.append(pid)\n    ok = 0\n    for pid in kids:\n        _, status = os.waitpid(pid, 0)\n"
              "        ok += status == 0\n    return ok\n")
    path = tmp_path / "m_linear_regression.py"
    path.write_text(source)
    src = load.read_source(path)
    limits = Limits(call_seconds=30, memory_bytes=512 * 2**20)  # the cgroup: 512 MB + 3 x 64 MB tmpfs + 128 MB
    with Session(src, load.plan(src), limits) as s:
        done = s.batch([Call("hog", (8,))])[0]  # 8 x 120 MB: more than the sandbox may hold
        if hasattr(done, "value"):
            assert done.value < 8  # some children were killed
        else:
            assert "memory limit" in done.message, done.message


def test_folders_left_by_a_killed_grader_are_swept_and_live_ones_kept(tmp_path, monkeypatch):
    import os
    import tempfile

    from grader.sandbox import process

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = tmp_path / f"grade-sandbox-{2**22 + 12345}-abc"  # above any pid_max: no such process
    alive = tmp_path / f"grade-sandbox-{os.getpid()}-abc"
    other = tmp_path / "grade-sandbox-xyz"
    for folder in (dead, alive, other):
        folder.mkdir()
    process._sweep_stale_workdirs.__wrapped__()
    assert not dead.exists() and alive.exists() and other.exists()


_CLOCK_SOURCE = '''import time


def spin(seconds):
    start = time.process_time()
    while time.process_time() - start < seconds:
        pass
    return 1.0


def nap(seconds):
    time.sleep(seconds)
    return 1.0
'''


def test_a_call_measured_by_processor_time_is_given_what_the_sandbox_used_read_from_outside(tmp_path):
    """What a budget counts (MNIST's training): the sandbox's processor time, which waiting (a busy machine, here
    a sleep) hardly adds to and the student cannot change; only for a call that asks for it, alone in its batch."""
    with session(tmp_path, _CLOCK_SOURCE) as s:
        [spun] = s.batch([Call("spin", (0.5,), cpu_time=True)])
        [napped] = s.batch([Call("nap", (0.5,), cpu_time=True)])
        [plain] = s.batch([Call("spin", (0.1,))])
        both = s.batch([Call("spin", (0.1,), cpu_time=True), Call("nap", (0.1,), cpu_time=True)])
    assert spun.cpu_seconds is not None and napped.cpu_seconds is not None, "no processor time read from /proc"
    assert 0.45 <= spun.cpu_seconds < 5.0 and spun.seconds >= 0.45
    assert napped.seconds >= 0.45 and napped.cpu_seconds < 0.25  # slept: the clock moved, the processor did not
    assert plain.cpu_seconds is None and [r.cpu_seconds for r in both] == [None, None]


def test_a_call_measured_by_processor_time_may_wait_on_the_clock_but_not_compute_past_its_limit(tmp_path,
                                                                                               monkeypatch):
    """Limit 1 s: waiting 1.5 s (a busy machine, here a sleep) is within 3 times the limit on the clock; waiting
    4 s is not; computing 1.3 s is over the limit of processor time. A call not measured so: 1 s on the clock."""
    path = tmp_path / "s_linear_regression.py"
    path.write_text(_CLOCK_SOURCE)
    src = load.read_source(path)
    def alone(call: Call):  # each in a sandbox of its own: a call that timed out is not run again
        with Session(src, load.plan(src), Limits(call_seconds=1, submission_seconds=60)) as s:
            return s.batch([call])[0]

    waited, slept = alone(Call("nap", (1.5,), cpu_time=True)), alone(Call("nap", (4.0,), cpu_time=True))
    plain = alone(Call("nap", (1.5,)))
    monkeypatch.setattr(session_module, "CLOCK_SLACK", 10.0)  # on a busy machine too, only processor time ends it
    spun = alone(Call("spin", (1.3,), cpu_time=True))
    assert isinstance(waited, Returned) and waited.value == 1.0 and waited.seconds >= 1.4, waited
    for late in (slept, plain, spun):
        assert isinstance(late, StudentError) and late.kind == "timeout", late
