"""The wire format: what the grader accepts from the sandbox, and what it refuses."""
from __future__ import annotations

import json
import struct

import numpy as np
import pytest

from grader.sandbox import protocol as P


def frame(header, buffers=()):
    return P.pack(header, list(buffers))


def parse(data: bytes):
    parser = P.FrameParser()
    parser.feed(data)
    return parser.next_frame()


@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")
def test_values_round_trip_as_plain_data():
    value = {"a": np.arange(6.0).reshape(2, 3), "b": (1, 2.5, float("nan")), "c": [np.float32(3), None, "x"],
             "d": np.array(True), "e": np.matrix([[1.0, 2.0]])}
    bufs: list[bytes] = []
    header, buffers = parse(frame({"v": P.encode(value, bufs)}, bufs))
    out = P.decode(header["v"], buffers)
    assert out["a"].tolist() == value["a"].tolist() and type(out["a"]) is np.ndarray
    assert out["b"][:2] == (1, 2.5) and np.isnan(out["b"][2])
    assert out["c"][0].dtype == np.float32 and out["c"][0].shape == () and out["c"][1:] == [None, "x"]
    assert type(out["e"]) is np.ndarray and out["e"].shape == (1, 2)  # np.matrix arrives as a plain array


def test_objects_arrive_as_opaque_never_as_objects():
    class Sneaky:
        def __eq__(self, other):
            return True

    bufs: list[bytes] = []
    out = P.decode(P.encode({"x": Sneaky(), "f": len, "o": np.array([object()])}, bufs), bufs)
    assert all(isinstance(v, P.Opaque) for v in out.values())


def test_a_frame_split_anywhere_is_reassembled():
    data = frame({"ok": True, "value": [1, 2, 3]}) * 2
    parser = P.FrameParser()
    got = []
    for i in range(len(data)):
        parser.feed(data[i:i + 1])
        f = parser.next_frame()
        if f:
            got.append(f[0])
    assert got == [{"ok": True, "value": [1, 2, 3]}] * 2


@pytest.mark.parametrize("data", [
    b"garbage!" * 4,
    b"BPG2" + b"\x00" * 20,
    struct.pack("<4sII", b"BPG1", P.MAX_HEADER_BYTES + 1, 0),
    struct.pack("<4sII", b"BPG1", 10, P.MAX_BUFFERS + 1),
    struct.pack("<4sII", b"BPG1", 4, 0) + b"[1,2",
    struct.pack("<4sII", b"BPG1", 2, 0) + b"[]",
])
def test_garbage_and_oversize_frames_are_refused(data):
    with pytest.raises(P.ProtocolError):
        parse(data)


def test_a_truncated_frame_waits_for_more_and_never_returns_half():
    data = frame({"ok": True}, [b"\x00" * 80])
    assert parse(data[:-1]) is None


@pytest.mark.parametrize("tree, buffers", [
    ({"$": "nd", "i": 0, "dtype": "|O", "shape": [1]}, [b"\x00" * 8]),
    ({"$": "nd", "i": 0, "dtype": ">f8", "shape": [1]}, [b"\x00" * 8]),
    ({"$": "nd", "i": 0, "dtype": "<f8", "shape": [3]}, [b"\x00" * 8]),
    ({"$": "nd", "i": 1, "dtype": "<f8", "shape": [1]}, [b"\x00" * 8]),
    ({"$": "nd", "i": 0, "dtype": "<f8", "shape": [-1]}, [b"\x00" * 8]),
    ({"$": "float", "v": "1e999"}, []),
    ({"$": "dict", "v": [[1, 2]]}, []),
    ({"$": "pickle", "v": "gASV"}, []),
    ({"no": "tag"}, []),
    # one buffer named twice: 8 MB sent could otherwise become gigabytes received
    ([{"$": "nd", "i": 0, "dtype": "<f8", "shape": [1]}, {"$": "nd", "i": 0, "dtype": "<f8", "shape": [1]}],
     [b"\x00" * 8]),
    (10**400, []),  # JSON allows it; float() of it overflows
    ({"$": "nd", "i": 0, "dtype": "<f8", "shape": [0, 10**30]}, [b""]),  # zero bytes, absurd shape
])
def test_invalid_values_are_refused(tree, buffers):
    with pytest.raises(P.ProtocolError):
        P.decode(tree, buffers)


def test_deep_nesting_is_refused_not_a_crash():
    tree: object = 1
    for _ in range(P.MAX_DEPTH + 10):
        tree = [tree]
    with pytest.raises(P.ProtocolError):
        P.decode(tree, [])
    deep: object = 1
    for _ in range(P.MAX_DEPTH + 10):
        deep = [deep]
    bufs: list[bytes] = []
    encoded = json.dumps(P.encode(deep, bufs))  # the sender cuts it off instead of recursing forever
    assert "deeply nested" in encoded


def test_the_grader_reads_answers_up_to_its_own_smaller_limit():
    data = struct.pack("<4sII", b"BPG1", 2, 1) + struct.pack("<Q", P.MAX_REPLY_BYTES)
    strict = P.FrameParser(max_total=P.MAX_REPLY_BYTES)
    strict.feed(data)
    with pytest.raises(P.ProtocolError, match="too large"):
        strict.next_frame()  # refused from the lengths alone, before the bytes arrive
    lenient = P.FrameParser()
    lenient.feed(data)
    assert lenient.next_frame() is None  # the worker's parser waits for the rest
