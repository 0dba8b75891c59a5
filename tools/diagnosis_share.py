#!/usr/bin/env python3
"""How often the grader names the right mistake: the share of the test corpus named right, per assignment.

Grades every corpus mistake file (``tests/corpus/<assignment>/mistakes/<id>_<assignment>.py|.ipynb``)
and every planted copy (``tests/mutants_*/<id>_<assignment>.py``), and prints per assignment:

- files: how many mistake files were graded;
- named right: the expected id (the file name before ``_<assignment>``) is among the mistakes
  the submission's checks name; a file named ``combo-<id>+<id>_<assignment>`` makes two mistakes
  at once and is right when both are named (its own line, ``combo``);
- named wrong: some id is named that is neither the expected one, nor listed for that file in a
  manifest (``tests/corpus/manifest_*.json``, ``"mistakes"``), nor an acceptable companion of
  the expected id (``ACCEPTABLE`` below);
- share: named right / files.

Then the correct variants (``tests/corpus/<assignment>/correct/*``): how many name any id at all
(it must be 0). The exit status is 1 when a correct variant names an id, or when the grader
reports an internal error on any file; 0 otherwise.

Acceptable companions (an id that legitimately follows from the expected one):

- ``bias-not-summed`` -> ``shape-mismatch``: an unsummed bias gradient has one row per sample;
- ``wrong-layer-input`` -> ``shape-mismatch``: another layer's input has another width unless
  the layers are equal, so the gradient has the wrong shape;
- ``transposed-gradient`` -> ``shape-mismatch``: a transposed non-square gradient has the
  transposed shape;
- ``stale-gradient-state`` -> ``gradient-scale``: a gradient accumulated over k identical calls is
  exactly k times the gradient, which is what the relation test sees on that call;
- ``not-implemented`` -> nothing: a function that raises is named by every check that calls it.

Usage::

Then the realistic files (``tests/corpus/manifest_realistic.json``: the share of catalogued mistakes named,
ids named wrongly, correct files losing points) and the lines pointed at on the single-mistake corpus
files (against ``tests/corpus/lines.json``: right, at a right line, at none).

    python tools/diagnosis_share.py [--jobs N] [--assignment NAME ...] [--verbose] [--json FILE]
                                    [--without-diagnosis]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from grader.registry import names as _names  # noqa: E402

ASSIGNMENTS = _names()

ACCEPTABLE: dict[str, frozenset[str]] = {
    "bias-not-summed": frozenset({"shape-mismatch"}),
    "wrong-layer-input": frozenset({"shape-mismatch"}),
    "transposed-gradient": frozenset({"shape-mismatch"}),
    "stale-gradient-state": frozenset({"gradient-scale"}),
}


@dataclass(frozen=True)
class Case:
    """One corpus file and what it should be named."""

    path: str  #: relative to the repository root
    assignment: str
    expected: str | None  #: the id it makes; None for a correct variant
    group: str  #: "corpus", "planted" or "correct"
    also: tuple[str, ...] = ()  #: further ids a manifest lists for this file

    @property
    def expected_ids(self) -> tuple[str, ...]:
        """The ids the file makes: one, or each of a ``combo-<id>+<id>`` file's."""
        if self.expected is None:
            return ()
        if self.expected.startswith("combo-"):
            return tuple(self.expected[len("combo-"):].split("+"))
        return (self.expected,)


@dataclass
class Outcome:
    """What grading one case gave, and how it is judged."""

    case: Case
    status: str = ""
    named: list[str] = field(default_factory=list)  #: every id named, in check order
    by_check: dict[str, list[str]] = field(default_factory=dict)  #: failed check -> its ids
    internal_errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    lost: float = 0.0  #: points below full marks
    pointed: list[int] = field(default_factory=list)  #: the lines the report points at (``details["lines"]``)
    pointed_where: list[str] = field(default_factory=list)  #: the same, as the report says them ("In [5], line 9")

    @property
    def right(self) -> bool:
        """Every id the file makes is named."""
        return self.case.expected is not None and all(m in self.named for m in self.case.expected_ids)

    @property
    def wrong(self) -> list[str]:
        """Ids named that the case does not account for (for a correct variant: every id)."""
        if self.case.expected is None:
            return list(self.named)
        ok = {*self.case.expected_ids, *self.case.also}
        for m in self.case.expected_ids:
            ok |= ACCEPTABLE.get(m, frozenset())
        return [m for m in self.named if m not in ok]


def catalogue_ids() -> set[str]:
    """Every id of docs/mistakes.md, from the reports' catalogue (which a test keeps in step with it)."""
    from reports.mistakes import MISTAKES
    return set(MISTAKES)


def expected_id(path: Path, assignment: str) -> str | None:
    """``gradient-sign_xor_mlp.py`` -> ``gradient-sign``; a second file of one id adds ``__<what>``:
    ``update-rule__stale_two_hidden_mlp.py`` -> ``update-rule`` (None when the name does not follow the scheme)."""
    stem = path.stem
    suffix = f"_{assignment}"
    if not stem.endswith(suffix):
        return None
    return stem[: -len(suffix)].split("__")[0] or None


def manifests(root: Path = ROOT) -> dict[str, tuple[str, ...]]:
    """Relative path -> the ids the manifests list for it."""
    out: dict[str, tuple[str, ...]] = {}
    for path in sorted((root / "tests" / "corpus").glob("manifest_*.json")):
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        entries = data.get("files", data.get("entries", [])) if isinstance(data, dict) else data
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and isinstance(entry.get("path"), str) and isinstance(entry.get("mistakes"), list):
                out[entry["path"]] = tuple(str(m) for m in entry["mistakes"])
    return out


def corpus_cases(root: Path = ROOT, assignments: tuple[str, ...] = ASSIGNMENTS) -> list[Case]:
    """Every mistake file, planted copy and correct variant that exists now, in a stable order."""
    ids = catalogue_ids()
    listed = manifests(root)
    cases: list[Case] = []
    for a in assignments:
        base = root / "tests" / "corpus" / a
        for path in sorted(base.glob("mistakes/*")):
            if path.suffix in (".py", ".ipynb"):
                rel = str(path.relative_to(root))
                mid = expected_id(path, a)
                group = "combo" if mid and mid.startswith("combo-") else "corpus"
                cases.append(Case(rel, a, mid, group, listed.get(rel, ())))
        for folder in sorted((root / "tests").glob("mutants_*")):
            for path in sorted(folder.glob(f"*_{a}.py")) + sorted(folder.glob(f"*_{a}.ipynb")):
                mid = expected_id(path, a)
                if mid in ids:
                    rel = str(path.relative_to(root))
                    cases.append(Case(rel, a, mid, "planted", listed.get(rel, ())))
        for path in sorted(base.glob("correct/*")):
            if path.suffix in (".py", ".ipynb"):
                cases.append(Case(str(path.relative_to(root)), a, None, "correct"))
    return cases


def grade_case(case: Case, diagnose: bool = True, student: bool = False) -> Outcome:
    """Grade one file the way the command line does (in this process); ``student``: as a student's install
    does (points lost are counted against the points checked there)."""
    from grader.discover import Submission
    from grader.runner import Options, grade_submission

    start = time.perf_counter()
    result = grade_submission(Submission(ROOT / case.path, "corpus", case.assignment),
                              Options(diagnose=diagnose, student=student))
    entries = [d for c in result.checks if isinstance(c.details, dict)
               for d in c.details.get("lines") or [] if isinstance(d, dict)]
    return Outcome(case, result.status, list(result.mistakes),
                   {c.id: list(c.mistakes) for c in result.checks if not c.passed and not c.held},
                   list(result.internal_errors), round(time.perf_counter() - start, 3),
                   round(result.checked_max - result.score, 6), sorted({d["line"] for d in entries}),
                   sorted({d.get("where", "") for d in entries}))


def realistic_cases(root: Path = ROOT, assignments: tuple[str, ...] = ASSIGNMENTS) -> list[Case]:
    """The files written by people playing students (``tests/corpus/manifest_realistic.json``): several
    mistakes at once, mistakes in part of the computation, and correct files in unusual styles. An entry's
    ``also`` lists ids a check may name too without being wrong (a right derivative helper that calls a
    wrong ``sigmoid`` returns wrong values: its own check names the derivative)."""
    path = root / "tests" / "corpus" / "manifest_realistic.json"
    out = []
    for e in json.loads(path.read_text()) if path.exists() else []:
        if e["assignment"] in assignments:
            ids = e["mistakes"]
            expected = None if not ids else ids[0] if len(ids) == 1 else "combo-" + "+".join(ids)
            out.append(Case(e["path"], e["assignment"], expected, "realistic", tuple(e.get("also", ()))))
    return out


def realistic_table(outcomes: list[Outcome]) -> tuple[str, int, int, int, int]:
    """Catalogued mistakes present and named on the realistic files, ids named wrongly, correct files that
    lost a point: ``(text, present, named, wrong, correct files losing)``."""
    present = named = wrong = losing = 0
    misses = []
    for o in outcomes:
        ids = o.case.expected_ids
        present += len(ids)
        named += sum(m in o.named for m in ids)
        wrong += len(o.wrong)
        losing += int(not ids and o.lost > 0)
        if any(m not in o.named for m in ids) or o.wrong or (not ids and o.lost > 0):
            misses.append(f"  {o.case.path}: makes {list(ids)}; named {o.named}; lost {o.lost:g}")
    text = (f"realistic files: {len(outcomes)}; catalogued mistakes present {present}, named {named} "
            f"({100 * named / max(present, 1):.1f}%), named wrongly {wrong}; correct files losing a point {losing}")
    return "\n".join([text] + misses), present, named, wrong, losing


def _pointed_right(o: Outcome, label: dict) -> bool | None:
    """Every line pointed at is one the label says must change (None: nothing pointed at). A notebook's
    label names cells (``"where": "In [5], line 9"``), as the report does."""
    if not o.pointed:
        return None
    if "cells" in label:
        return set(o.pointed_where) <= {c.get("where") for c in label["cells"]}
    return set(o.pointed) <= set(label.get("lines") or [])


def lines_table(outcomes: list[Outcome], root: Path = ROOT) -> tuple[str, int, int, int]:
    """Lines pointed at, against ``tests/corpus/lines.json`` (the lines that must change to fix each file):
    ``(text, right, wrong, files)``: right and files over the single-mistake files (corpus and realistic;
    right: every line pointed at is one of them), wrong over every labelled file, the realistic files
    with two mistakes included (some line pointed at is not one of them)."""
    labels = json.loads((root / "tests" / "corpus" / "lines.json").read_text())
    rows: dict[str, list[int]] = {}  # group -> [files, right, wrong]
    notes = []
    for o in outcomes:
        label = labels.get(o.case.path)
        if label is None or o.case.group not in ("corpus", "realistic") or not o.case.expected_ids:
            continue
        group = o.case.group if len(o.case.expected_ids) == 1 else "realistic, two mistakes"
        row = rows.setdefault(group, [0, 0, 0])
        row[0] += 1
        verdict = _pointed_right(o, label)
        row[1] += verdict is True
        row[2] += verdict is False
        if verdict is False:
            want = [c.get("where") for c in label["cells"]] if "cells" in label else sorted(label.get("lines") or [])
            notes.append(f"  {o.case.path}: pointed at {o.pointed_where if 'cells' in label else o.pointed}, "
                         f"the mistake is on {want}")
    single = [rows.get(g, [0, 0, 0]) for g in ("corpus", "realistic")]
    files, right = (sum(r[i] for r in single) for i in range(2))
    wrong = sum(r[2] for r in rows.values())  # a right line pointed at counts wherever it is
    wrong_single = sum(r[2] for r in single)
    text = [f"lines: {files} single-mistake files; pointed at the right line {right} "
            f"({100 * right / max(files, 1):.1f}%), at a right line {wrong_single}, "
            f"at none {files - right - wrong_single}; files with two mistakes pointed at a right line: "
            f"{wrong - wrong_single}"]
    for group, (n, r, w) in rows.items():
        text.append(f"  {group}: {n} files, right {r}, at a right line {w}, none {n - r - w}")
    return "\n".join(text + notes), right, wrong, files


def grade_all(cases: list[Case], jobs: int = 0, diagnose: bool = True, student: bool = False) -> list[Outcome]:
    """Grade every case, ``jobs`` files at a time (0: one per core), in the cases' order."""
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(cases) <= 1:
        return [grade_case(c, diagnose, student) for c in cases]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(grade_case, cases, [diagnose] * len(cases), [student] * len(cases), chunksize=1))


def table(outcomes: list[Outcome]) -> tuple[str, bool]:
    """The report text, and whether everything a correct variant must satisfy holds."""
    lines = [f"{'assignment':<20}{'files':>7}{'named right':>13}{'named wrong':>13}{'share right':>13}"]
    total = [0, 0, 0]
    for a in ASSIGNMENTS:
        rows = [o for o in outcomes if o.case.assignment == a and o.case.expected is not None]
        if not rows:
            continue
        right = sum(o.right for o in rows)
        wrong = sum(bool(o.wrong) for o in rows)
        total = [total[0] + len(rows), total[1] + right, total[2] + wrong]
        lines.append(f"{a:<20}{len(rows):>7}{right:>13}{wrong:>13}{right / len(rows):>12.1%}")
        for group in ("corpus", "planted", "combo"):
            sub = [o for o in rows if o.case.group == group]
            if sub and any(o.case.group != group for o in rows):
                r = sum(o.right for o in sub)
                lines.append(f"  {group:<18}{len(sub):>7}{r:>13}{sum(bool(o.wrong) for o in sub):>13}"
                             f"{r / len(sub):>12.1%}")
    if total[0]:
        lines.append(f"{'all':<20}{total[0]:>7}{total[1]:>13}{total[2]:>13}{total[1] / total[0]:>12.1%}")
    correct = [o for o in outcomes if o.case.expected is None]
    named = [o for o in correct if o.named or o.lost]
    lines.append("")
    lines.append(f"correct variants: {len(correct)} files, {len(named)} with an id named or a point lost (must be 0)")
    misses = [o for o in outcomes if (o.case.expected is not None and (not o.right or o.wrong)) or
              (o.case.expected is None and (o.named or o.lost))]
    if misses:
        lines.append("")
        lines.append("not named right, or named wrong:")
        for o in misses:
            what = "correct variant" if o.case.expected is None else f"expected {o.case.expected}"
            lines.append(f"  {o.case.path}: {what}; named {o.named or 'nothing'}"
                         + (f"; wrong {o.wrong}" if o.wrong and o.case.expected else ""))
    errors = [o for o in outcomes if o.internal_errors]
    if errors:
        lines.append("")
        lines.append("grader internal errors:")
        for o in errors:
            lines.append(f"  {o.case.path}: {o.internal_errors[0].splitlines()[-1][:200]}")
    return "\n".join(lines), not named and not errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", "-j", type=int, default=0, help="files graded at once (default: one per core)")
    parser.add_argument("--assignment", "-a", action="append", choices=ASSIGNMENTS,
                        help="only this assignment (repeatable)")
    parser.add_argument("--verbose", "-v", action="store_true", help="every file with the ids its checks name")
    parser.add_argument("--json", type=Path, help="also write every outcome to this JSON file")
    parser.add_argument("--student", action="store_true",
                        help="grade as a student's install does (no model answers: student mode)")
    parser.add_argument("--without-diagnosis", action="store_true",
                        help="grade with the diagnosis step off (what the checks name by themselves)")
    args = parser.parse_args(argv)

    assignments = tuple(a for a in (args.assignment or ASSIGNMENTS) if a in ASSIGNMENTS)
    start = time.perf_counter()
    outcomes = grade_all(corpus_cases(ROOT, assignments), args.jobs, diagnose=not args.without_diagnosis,
                         student=args.student)
    if args.student:
        print("(student mode: no model answers; the checks that need them are held, no mutants)\n")
    if args.without_diagnosis:
        print("(diagnosis step off: only the ids the checks name by themselves)\n")
    text, ok = table(outcomes)
    if args.verbose:
        for o in outcomes:
            print(f"{o.case.path} ({o.seconds:.1f} s): {o.named}")
            for check, ids in o.by_check.items():
                print(f"    {check}: {ids}")
        print()
    print(text)
    real = grade_all(realistic_cases(ROOT, assignments), args.jobs, diagnose=not args.without_diagnosis,
                     student=args.student)
    print("\n" + realistic_table(real)[0])
    print("\n" + lines_table(outcomes + real)[0])
    outcomes = outcomes + real
    skipped = [a for a in (args.assignment or ASSIGNMENTS) if a not in assignments]
    if skipped:
        print(f"\n(no checks yet for: {', '.join(skipped)})")
    print(f"\n{len(outcomes)} files graded in {time.perf_counter() - start:.1f} s")
    if args.json:
        args.json.write_text(json.dumps([{**asdict(o), "right": o.right, "wrong": o.wrong} for o in outcomes],
                                        indent=1))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
