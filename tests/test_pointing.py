"""Diagnosis on real students' code: the line tracer, pointing at the student's line, the realistic corpus.

The realistic corpus (``tests/corpus/<assignment>/realistic/``, ``manifest_realistic.json``) was written by
people playing students, from the handouts alone: two mistakes at once, mistakes in part of the
computation, correct files in unusual styles. ``tests/corpus/lines.json`` holds, for each single-mistake
corpus file, the lines that must change to fix it (each fix checked to give full marks).
"""
from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

import numpy as np
import pytest

from grader.sandbox.session import _checked_trace
from grader.sandbox.trace import LineTracer, statement_map

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import diagnosis_share as share  # noqa: E402

LABELS = json.loads((ROOT / "tests" / "corpus" / "lines.json").read_text())

SOURCE = '''\
import numpy as np


def backward(X, Y):
    total = np.zeros(3)
    for i in range(len(X)):
        term = X[i] * 2.0
        total += term
    grads = {}
    grads["W"] = total / len(X)
    return grads
'''


def test_tracer_keeps_first_and_last_values_of_each_statement(tmp_path):
    path = tmp_path / "student.py"
    path.write_text(SOURCE)
    ns: dict = {}
    exec(compile(SOURCE, str(path), "exec"), ns)
    X = np.arange(12.0).reshape(4, 3)
    tracer = LineTracer({str(path): statement_map(ast.parse(SOURCE))})
    with tracer:
        ns["backward"](X, None)
    recs = {(line, name): (first, last, times) for _, line, name, first, last, times in tracer.records()}
    first, last, times = recs[(7, "term")]
    assert times == 4 and np.array_equal(first, X[0] * 2) and np.array_equal(last, X[3] * 2)
    assert np.array_equal(recs[(8, "total")][1], X.sum(axis=0) * 2)  # x += e: the value after it, last time
    assert np.array_equal(recs[(10, "grads['W']")][1], X.sum(axis=0) * 2 / 4)  # only the item the line set
    assert (4, "X") in recs  # the arguments, at the def line
    assert np.array_equal(recs[(11, "return['W']")][0], X.sum(axis=0) / 2)


def test_forged_trace_records_are_dropped():
    good = [3, "dz", np.ones(4), np.ones(4), 1]
    assert _checked_trace([good, [3, "dz", "x", np.ones(4), 1], "junk", [1, 2], [3, "a" * 500, np.ones(2),
                                                                                 np.ones(2), 1]]) == [tuple(good)]
    assert _checked_trace({"not": "a list"}) == []


POINTED = {  # single-mistake corpus files and the line the report must point at
    "tests/corpus/xor_mlp/mistakes/gradient-scale_xor_mlp.py": 44,
    "tests/corpus/xor_mlp/mistakes/gradient-sign__class_xor_mlp.py": 31,
    "tests/corpus/xor_mlp/mistakes/wrong-forward_xor_mlp.py": 30,
    "tests/corpus/rnn/mistakes/gradient-scale_rnn.py": 43,
}


@pytest.mark.parametrize("path", sorted(POINTED))
def test_the_report_points_at_the_students_line(path):
    case = share.Case(path, next(a for a in share.ASSIGNMENTS if path.split("/")[2] == a),
                      share.expected_id(Path(path), path.split("/")[2]), "corpus")
    outcome = share.grade_case(case)
    assert outcome.pointed == [POINTED[path]]
    assert set(outcome.pointed) <= set(LABELS[path]["lines"])


def test_a_correct_file_is_pointed_at_nowhere():
    case = share.Case("tests/corpus/xor_mlp/correct/loops_matrix_xor_mlp.py", "xor_mlp", None, "correct")
    outcome = share.grade_case(case)
    assert outcome.pointed == [] and outcome.named == [] and outcome.lost == 0


def test_realistic_files_named_without_false_names_or_lost_points():
    """Every correct realistic file keeps full marks, no id is named that the file does not make, and the
    share of catalogued mistakes named stays where it was measured (72 of 81 when this was written)."""
    outcomes = share.grade_all(share.realistic_cases(), jobs=2)
    text, present, named, wrong, losing = share.realistic_table(outcomes)
    assert present >= 80, text
    assert wrong == 0 and losing == 0, text
    assert named >= 72, text
