"""The registry's promises, for every assignment it finds (a new folder is tested without editing this file).

- ``grade --list-assignments`` lists exactly the folders of ``assignments/`` that declare one;
- each declaration's points add up to 100, its check ids are unique, its categories known;
- the stub students receive scores 0, the model answer 100;
- every mistake an assignment's ``mistakes.py`` can name has a planted file in its test corpus (that
  each is named there is ``tests/test_diagnosis.py``'s corpus test, over the same registry);
- the engine (``grader/``, ``reports/``) names no assignment.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from grader import registry
from grader.discover import Submission
from grader.results import CATEGORIES
from grader.runner import grade_submission

NAMES = registry.names()


def test_list_assignments_prints_every_declared_folder_one_a_line():
    out = subprocess.run([sys.executable, "-m", "grader", "--list-assignments"], capture_output=True, text=True,
                         cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    listed = out.stdout.split()
    on_disk = sorted(p.parent.name for p in (ROOT / "assignments").glob("*/assignment.py"))
    assert sorted(listed) == on_disk
    assert {"linear_regression", "xor_mlp", "mnist_softmax", "rnn", "two_hidden_mlp"} <= set(listed)
    assert listed[:5] == ["linear_regression", "xor_mlp", "mnist_softmax", "rnn", "two_hidden_mlp"]


@pytest.mark.parametrize("name", NAMES)
def test_points_add_up_to_100_and_check_ids_are_unique(name):
    decl = registry.get(name)
    assert decl.max_score == pytest.approx(100.0)
    ids = [c.id for c in decl.checks]
    assert len(ids) == len(set(ids))
    assert {c.category for c in decl.checks} <= set(CATEGORIES)
    assert {c.category for c in decl.checks} == set(CATEGORIES), "a check in every category"
    assert decl.folder == ROOT / "assignments" / name


@pytest.mark.parametrize("name", NAMES)
def test_the_stub_scores_0_and_the_model_answer_100(name):
    stub = grade_submission(Submission(ROOT / "assignments" / name / f"{name}.py", "stub", name))
    assert stub.status == "graded" and stub.score == 0, [(c.id, c.points) for c in stub.checks if c.points]
    answer = grade_submission(Submission(ROOT / "solutions" / f"{name}.py", "answer", name))
    assert answer.status == "graded" and not answer.internal_errors, answer.internal_errors
    assert answer.score == pytest.approx(100.0), [(c.id, c.message) for c in answer.checks if not c.passed]
    assert not any(c.mistakes for c in answer.checks)


@pytest.mark.parametrize("name", NAMES)
def test_every_mistake_the_assignment_can_name_has_a_planted_file(name):
    module = registry.mistakes(name)
    if module is None:
        pytest.skip(f"{name} has no mistakes.py")
    ids = sorted({m.id for m in module.MUTANTS})
    planted = [p.name for p in (ROOT / "tests" / "corpus" / name / "mistakes").glob(f"*_{name}.*")]
    planted += [p.name for p in ROOT.glob(f"tests/mutants_*/*_{name}.py")]
    missing = [i for i in ids if not any(f.startswith(f"{i}_") for f in planted)]
    assert ids and not missing, f"no planted file in tests/corpus/{name}/mistakes/ for {missing}"


@pytest.mark.parametrize("name", NAMES)
def test_every_mistake_id_an_assignment_names_is_in_the_catalogue(name):
    from reports.mistakes import MISTAKES

    module = registry.mistakes(name)
    ids = {m.id for m in module.MUTANTS} if module is not None else set()
    assert ids <= set(MISTAKES), f"not in reports/mistakes.py (and docs/mistakes.md): {sorted(ids - set(MISTAKES))}"
    documented = (ROOT / "docs" / "mistakes.md").read_text()
    sections = re.split(r"^## ", documented, flags=re.MULTILINE)
    for mid in ids:
        section = next(s for s in sections if s.startswith(mid + "\n"))
        assert name in section, f"docs/mistakes.md: the section of {mid} does not list {name} among its assignments"


@pytest.mark.parametrize("name", NAMES)
def test_the_declared_functions_exist_in_the_model_answer(name):
    reference = registry.reference(name)
    lacking = [f for f in registry.get(name).functions if not hasattr(reference, f.split(".")[0])]
    assert not lacking


def test_the_engine_names_no_assignment():
    names = set(NAMES) | {"linear_regression", "xor_mlp", "mnist_softmax", "rnn", "two_hidden_mlp"}
    # as code names: quoted, a file, a module path (``layers`` is also an English word)
    alt = "|".join(map(re.escape, sorted(names)))
    pattern = re.compile(r"[\"'`/.](" + alt + r")\b|\b(" + alt + r")(\.py|\.ipynb|[\"'`=])")
    hits = []
    for folder in ("grader", "reports"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in (".py", ".j2", ".js", ".css", ".html") or "__pycache__" in path.parts:
                continue
            for i, line in enumerate(path.read_text().splitlines(), 1):
                if pattern.search(line):
                    hits.append(f"{path.relative_to(ROOT)}:{i}: {line.strip()}")
    assert not hits, "\n".join(hits)


def test_a_broken_assignment_folder_is_one_line_naming_it(tmp_path):
    """A course's folder that does not import is reported in one line, not a traceback."""
    pkg = tmp_path / "assignments"
    (pkg / "broken").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "broken" / "__init__.py").write_text("")
    (pkg / "broken" / "assignment.py").write_text("raise RuntimeError('typo in the declaration')\n")
    env = {"PYTHONPATH": f"{tmp_path}:{ROOT}", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-m", "grader", "--list-assignments"], capture_output=True, text=True,
                         cwd=tmp_path, env=env, timeout=60)
    assert out.returncode == 4
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    assert "assignments/broken/assignment.py" in out.stderr and "typo in the declaration" in out.stderr
