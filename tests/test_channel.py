"""The channel between the grader and the sandbox under attack: every answer belongs to its call, nothing hangs.

Each test is a way student code once made the grader hang, credit an answer to
the wrong call, blame (and refuse for good) an innocent call, or pass raw
terminal escapes into a report.
"""
from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from grader import load
from grader.sandbox.process import Limits
from grader.sandbox.session import Call, Ref, Returned, Session, StudentError

#: Student code's way to the worker's state (its nonce): nothing in the sandbox is out of its reach.
FORGE = '''
import gc, json, os, sys, __main__
FD = json.loads(sys.argv[1])["fd_out"]


def nonce():
    return getattr([o for o in gc.get_objects() if type(o).__name__ == "_Worker"][0], "nonce", None)


def honest(x):
    return x + 1
'''


def session(tmp_path, source: str, seconds: float = 1, total: float = 60) -> Session:
    path = tmp_path / "s_channel.py"
    path.write_text(source)
    src = load.read_source(path)
    return Session(src, load.plan(src), Limits(call_seconds=seconds, submission_seconds=total))


def values(results) -> list:
    return [r.value if isinstance(r, Returned) else r.kind for r in results]


# ---------------------------------------------------------------------- 1. a worker that stops reading


def test_a_worker_that_stops_reading_its_requests_costs_a_time_out_not_a_hung_grader(tmp_path):
    source = '''
import time, __main__

def arm():
    real = __main__._read
    def stuck(fd, n):
        chunk = real(fd, n)
        if len(chunk) >= 4096:  # a large request: stop reading it, the pipe fills up
            time.sleep(10**6)
        return chunk
    __main__._read = stuck
    return "armed"

def mean(x):
    return float(x.mean())
'''
    with session(tmp_path, source, seconds=1, total=60) as s:
        assert s.call("arm") == "armed"
        box: list = []
        worker = threading.Thread(target=lambda: box.append(s.batch([Call("mean", (np.ones(1 << 18),))])),
                                  daemon=True)
        start = time.monotonic()
        worker.start()
        worker.join(timeout=20)
        if worker.is_alive():  # the grader is stuck in a write: unblock it before failing
            s.process.kill()
            pytest.fail("the grader blocked writing a request the sandbox did not read")
        assert time.monotonic() - start < 10
        # the time-out is retried once on a fresh sandbox (not armed): the call was not to blame
        assert values(box[0]) == [1.0] and s.restarts >= 1 and not s.dead


# ---------------------------------------------------------------------- 2. answers belong to their batch


def test_a_forked_worker_never_answers_a_later_batch(tmp_path):
    source = '''
import os

def twin():
    os.fork()
    return "twin"

def honest(x):
    return x + 1
'''
    with session(tmp_path, source, seconds=2) as s:
        assert values(s.batch([Call("twin"), Call("honest", (0,))])) == ["twin", 1]
        time.sleep(0.3)
        assert values(s.batch([Call("honest", (100,)), Call("honest", (200,))])) == [101, 201]
        assert values(s.batch([Call("honest", (300,))])) == [301]


def test_a_forged_done_is_a_protocol_error_of_the_call_that_wrote_it(tmp_path):
    source = FORGE + '''
def sneaky():
    os.write(FD, __main__.pack({"done": True}))
    return "SNEAKY"

def sneaky_with_nonce():
    os.write(FD, __main__.pack({"done": True, "n": nonce()}))
    return "SNEAKY"
'''
    with session(tmp_path, source) as s:
        for fn in ("sneaky", "sneaky_with_nonce"):
            out = s.batch([Call(fn), Call("honest", (1,))])
            assert len(out) == 2 and isinstance(out[0], StudentError) and out[0].kind == "protocol"
            assert out[1].value == 2
            assert values(s.batch([Call("honest", (7,))])) == [8]
            assert values(s.batch([Call("honest", (8,)), Call("honest", (9,))])) == [9, 10]


# ---------------------------------------------------------------------- 3-4. blame only the call that failed

STICKY = '''
import math, os, threading, time

class Sticky:
    def __del__(self):
        while True:
            pass

class Net:
    def arm(self, how):
        def later():
            time.sleep(0.3)
            if how == "gil":
                math.factorial(3_000_000)  # C code holding the GIL for seconds
            else:
                os._exit(9)
        threading.Thread(target=later, daemon=True).start()
        return "armed"

def make():
    return Sticky()

def honest(x):
    return x + 1

def spin():
    while True:
        pass
'''


def test_a_failure_after_the_last_answer_blames_no_call_and_adds_no_result(tmp_path):
    with session(tmp_path, STICKY) as s:
        s.batch([Call("Sticky", keep="a", ret=None)])
        out = s.batch([Call("honest", (1,)), Call("honest", (2,))], drop=["a"])  # a __del__ spins while dropping
        assert values(out) == [2, 3] and not s.dead
        assert values(s.batch([Call("honest", (5,)), Call("honest", (6,))])) == [6, 7]


@pytest.mark.parametrize("how", ["gil", "exit"])
def test_work_left_running_after_a_call_is_not_blamed_on_the_next_call(tmp_path, how):
    with session(tmp_path, STICKY) as s:
        out = s.batch([Call("Net", keep="n", ret=None), Call("arm", (how,), on=Ref("n"))])
        assert out[1].value == "armed"
        time.sleep(0.5)
        assert values(s.batch([Call("honest", (1,))])) == [2]
        assert values(s.batch([Call("honest", (2,))])) == [3]
        assert not s.dead


def test_a_value_freed_after_its_batch_is_not_blamed_on_the_next_call(tmp_path):
    with session(tmp_path, STICKY) as s:
        assert isinstance(s.batch([Call("make")])[0], Returned)
        assert values(s.batch([Call("honest", (10,))])) == [11]
        assert values(s.batch([Call("honest", (11,))])) == [12] and not s.dead


def test_a_call_that_fails_again_on_a_fresh_sandbox_is_dead(tmp_path):
    with session(tmp_path, STICKY) as s:
        first, after = s.batch([Call("spin"), Call("honest", (1,))])
        assert isinstance(first, StudentError) and first.kind == "timeout" and "spin" in s.dead
        assert after.value == 2 and s.restarts == 2  # retried once, then dead
        start = time.monotonic()
        again = s.batch([Call("spin")])[0]
        assert time.monotonic() - start < 0.5 and "(not called again)" in again.message


# ---------------------------------------------------------------------- 5-6. bounded, printable messages


def test_a_forged_answer_with_a_huge_tag_gives_a_short_message_and_kills_the_sandbox(tmp_path):
    source = FORGE + '''
def liar():
    tag = "\\x1b[2J\\x1b[31mPWNED\\n::error::x\\n" + "A" * 5_000_000
    os.write(FD, __main__.pack({"ok": True, "i": 0, "n": nonce(), "value": {"$": tag}}))
    os.write(FD, __main__.pack({"done": True, "n": nonce()}))
    return 1
'''
    with session(tmp_path, source, seconds=2) as s:
        err, after = s.batch([Call("liar"), Call("honest", (1,))])
        assert isinstance(err, StudentError) and err.kind == "protocol"
        assert len(err.message) <= 700 and err.message.isprintable()
        assert after.value == 2  # the forged "done" of the killed sandbox never reached it
        assert values(s.batch([Call("honest", (2,))])) == [3]


def test_messages_have_no_control_characters(tmp_path):
    source = '''
Evil = type("Bad\\n\\x1b[31mRED\\x1b[0m::error::" + "N" * 100_000, (Exception,), {})

def raise_evil():
    raise Evil("msg\\n\\x1b[1mbold" + "x" * 100_000)
'''
    with session(tmp_path, source) as s:
        err = s.batch([Call("raise_evil")])[0]
        assert isinstance(err, StudentError) and err.kind == "exception"
        assert err.message.isprintable() and "\\x1b" in err.message and len(err.message) <= 700


# ---------------------------------------------------------------------- 7. dead calls by the right name


def test_a_class_named_after_another_cannot_make_the_grader_refuse_its_calls(tmp_path):
    source = '''
class Hang:
    def __mul__(self, other):
        while True:
            pass
Hang.__name__ = "float"

class Real:
    def loss(self):
        return 1.5

class Imp:
    def loss(self):
        while True:
            pass
Imp.__name__ = "Real"
'''
    with session(tmp_path, source) as s:
        hung = s.batch([Call("Hang", keep="h", ret=None), Call("operator.mul", (Ref("h"), 2.0))])[1]
        assert isinstance(hung, StudentError) and hung.kind == "timeout"
        assert values(s.batch([Call("operator.mul", (3.0, 2.0))])) == [6.0]
        hung = s.batch([Call("Imp", keep="i", ret=None), Call("loss", on=Ref("i"))])[1]
        assert isinstance(hung, StudentError) and hung.kind == "timeout"
        assert values(s.batch([Call("Real", keep="r", ret=None), Call("loss", on=Ref("r"))])) == [None, 1.5]


# ---------------------------------------------------------------------- 8. the operator table


def test_student_code_cannot_change_what_the_graders_operators_compute(tmp_path):
    source = '''
import __main__, operator

def tamper():
    table = getattr(__main__, "_OPERATORS", None)
    if isinstance(table, dict):
        table["mul"] = lambda a, b: 42
        table["lt"] = lambda a, b: True
    __main__._OPERATORS = {"mul": lambda a, b: 42, "lt": lambda a, b: True}
    operator.mul = lambda a, b: 42
    operator.lt = lambda a, b: True
    return "done"
'''
    with session(tmp_path, source) as s:
        ops = [Call("operator.mul", (6, 8)), Call("operator.lt", (3, 2)), Call("operator.getitem", (np.arange(5.0), 3))]
        assert values(s.batch(ops)) == [48, False, 3.0]
        assert s.call("tamper") == "done"
        assert values(s.batch(ops)) == [48, False, 3.0]


# ---------------------------------------------------------------------- 9. the worker's own code on student objects

CRASHERS = '''
class FakeDict:
    @property
    def __class__(self):
        return dict
    def __iter__(self):
        raise KeyboardInterrupt("from __iter__")

class ExitItem:
    def __getitem__(self, k):
        raise SystemExit(0)

class KeyItem:
    def __getitem__(self, k):
        raise KeyError("my own bug")

class LiesNI(Exception):
    @property
    def __class__(self):
        return NotImplementedError

def make_fake(): return FakeDict()
def make_exit(): return ExitItem()
def make_key(): return KeyItem()
def make_dict(): return {"a": 1}
def raise_lies(): raise LiesNI("really a bug")
def use(x): return 1
def after(): return 42
'''


def test_objects_that_lie_about_their_class_do_not_crash_the_worker(tmp_path):
    with session(tmp_path, CRASHERS) as s:
        out = s.batch([Call("make_fake", keep="f", ret=None), Call("use", (Ref("f"),), digest=True), Call("after")])
        assert values(out) == [None, 1, 42] and s.restarts == 0


def test_an_exception_claiming_to_be_not_implemented_is_an_exception(tmp_path):
    with session(tmp_path, CRASHERS) as s:
        lie = s.batch([Call("raise_lies")])[0]
        assert isinstance(lie, StudentError) and lie.kind == "exception" and not lie.not_implemented
        assert "LiesNI" in lie.message


def test_a_returned_objects_getitem_raising_system_exit_is_a_bad_return(tmp_path):
    with session(tmp_path, CRASHERS) as s:
        bad, after = s.batch([Call("make_exit", ret=(0,)), Call("after")])
        assert isinstance(bad, StudentError) and bad.kind == "bad_return" and after.value == 42
        assert s.restarts == 0


def test_a_students_key_error_in_a_kept_objects_getitem_is_the_students_exception(tmp_path):
    with session(tmp_path, CRASHERS) as s:
        made, used = s.batch([Call("make_key", keep="k", ret=None), Call("use", (Ref("k")["x"],))])
        assert isinstance(used, StudentError) and used.kind == "exception" and "my own bug" in used.message
        # a key missing from a plain dict is still an input the grader could not build
        _, lost = s.batch([Call("make_dict", keep="d", ret=None), Call("use", (Ref("d")["x"],))])
        assert isinstance(lost, StudentError) and lost.kind == "bad_input"


@pytest.mark.parametrize("body", ["while True: pass", "raise SystemExit(0)", "return ['not', 'a', 'str'] * 10**6"])
def test_a_metaclass_name_property_does_not_break_loading(tmp_path, body):
    source = f'''
class Meta(type):
    @property
    def __name__(cls):
        {body}

class W(metaclass=Meta):
    pass

w = W()

def good():
    return 1

def make():
    return W()
'''
    start = time.monotonic()
    with session(tmp_path, source) as s:
        assert s.call("good") == 1 and s.names.get("w") == "W"
        assert s.call("make").type_name == "W"
    assert time.monotonic() - start < 5
