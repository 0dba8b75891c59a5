"""Grading past one machine: ``grade PATH... --shard K/N`` and ``grade --merge OUT... --out DIR``.

A *shard* grades a deterministic share of a class. Every machine discovers the whole class exactly as a
single run does (``grader.discover.find``: the same students, the same names, the same order), then keeps
the submissions of the students whose share is ``K``:

    share(student) = 1 + int(SHA-256(the student's exact name, UTF-8)[:16 hex digits], 16) mod N

The student is what discovery names: the folder of a ``submissions/<student>/`` layout, the file's name
without the assignment's for a flat file (``alice_xor_mlp.py`` -> ``alice``), as the file system gave it
(``_Found.raw``; bytes that are not UTF-8 are hashed as they are). So every file of one student, their
ignored files and, under ``--pick best|all``, every candidate, are in the same shard; the share depends
on the name alone, never on the machine, the run, Python's ``hash()`` or which other students exist:
adding a student moves nobody else.

Shards are numbered **from 1**: ``K`` in ``1..N`` (Slurm's ``SLURM_ARRAY_TASK_ID`` with ``--array=1-N``,
a GitHub matrix of ``[1, 2, 3]``). Kubernetes' ``JOB_COMPLETION_INDEX`` counts from 0: pass
``$((JOB_COMPLETION_INDEX + 1))/N``. ``--shard 0/N`` is refused with that hint, never read as a shard.

A shard's ``--out`` holds the normal outputs of its share (``results.json``, ``grades.csv``, the class
page, the reports, ``--junit-xml``...) and one more file, ``shard.json`` (:func:`write_manifest`): which
shard it is, the grader's version and the settings that change a score, a fingerprint of the whole class
as discovered, and where each of its submissions stands in the single run's order. ``--roster`` and
``--gradebook`` are refused with ``--shard``: a shard sees one share, so every student of the other
shares would be listed as missing; give them to ``--merge``, which sees the whole class.

``grade --merge OUT1 OUT2 ... --out DIR`` (:func:`merge_command`) reads every shard's ``results.json``
and ``shard.json``, puts the submissions (and ignored files) back in the single run's order, and writes
what a single run with the same options would: ``results.json``, ``grades.csv``, ``index.html``, every
report, and the outputs asked for (``--junit-xml``, ``--github``, ``--gradebook``, ``--roster``,
``--format gradescope``); its exit code is the single run's (``--fail-under`` included). It refuses, in
one line with exit 2, shards of different grader versions or settings, of different classes, the same
shard or student twice, a shard missing, and a ``results.json`` or ``shard.json`` missing or unreadable.
Timings (``seconds``, ``timings``) are each shard's own.
"""
from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .discover import Discovery
from .results import RunResult, SubmissionResult

MANIFEST = "shard.json"
FORMAT = 1
EXIT_USAGE = 2
_SPEC = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*\Z")


class ShardError(Exception):
    """Shards that cannot be cut or merged (one line, exit 2)."""


@dataclass(frozen=True)
class Shard:
    index: int  #: 1-based
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def parse_shard(text: str) -> Shard:
    """``--shard K/N`` (argparse ``type``): ``K`` in ``1..N``."""
    m = _SPEC.match(text)
    if not m:
        raise argparse.ArgumentTypeError(f"--shard takes K/N (e.g. 2/3), not {text!r}")
    k, n = int(m.group(1)), int(m.group(2))
    if n < 1:
        raise argparse.ArgumentTypeError("--shard K/N: N must be at least 1")
    if k == 0:
        raise argparse.ArgumentTypeError(
            f"--shard {k}/{n}: shards are numbered from 1 (1/{n} to {n}/{n}); from a 0-based index such as "
            f"Kubernetes' JOB_COMPLETION_INDEX pass $((JOB_COMPLETION_INDEX + 1))/{n}")
    if k > n:
        raise argparse.ArgumentTypeError(f"--shard {k}/{n}: K must be between 1 and {n}")
    return Shard(k, n)


def share_of(student: str, count: int) -> int:
    """The shard (1-based) of a student's exact name among ``count`` shards (module docstring)."""
    digest = hashlib.sha256(student.encode("utf-8", "surrogateescape")).hexdigest()
    return 1 + int(digest[:16], 16) % count


# --------------------------------------------------------------------------- cutting a shard


@dataclass
class ShardDiscovery(Discovery):
    """A ``Discovery`` cut to one shard, with what ``shard.json`` records about the whole class."""

    shard: Shard | None = None
    positions: dict[str, int] = field(default_factory=dict)  #: path -> index in the single run's order
    ignored_positions: dict[str, int] = field(default_factory=dict)
    class_id: str = ""
    class_submissions: int = 0
    class_students: int = 0
    settings: dict[str, Any] = field(default_factory=dict)


def refusal(args: argparse.Namespace) -> str:
    """Why these options cannot go together with ``--shard`` or ``--merge`` (empty: they can)."""
    if args.merge and args.shard:
        return "--shard grades a share, --merge combines shares: give one of them"
    if args.merge and args.paths:
        return "grade --merge takes shard outputs (folders holding results.json and shard.json), not PATHs: " \
               "grade --merge OUT1 OUT2 ... --out DIR"
    if args.shard and (args.roster or args.gradebook):
        return "--roster and --gradebook go to grade --merge, which sees the whole class (a shard would list " \
               "every student of the other shards as missing)"
    return ""


def dispatch(args: argparse.Namespace) -> int | None:
    """The CLI's entry for ``--shard``/``--merge``: an exit code (a merge, or a refusal), or None to grade
    a shard (the CLI then calls :func:`select` after discovery and :func:`write_manifest` after writing)."""
    if args.merge:
        return merge_command(args)
    problem = refusal(args)
    if problem:
        print(f"grade: {problem}", file=sys.stderr)
        return EXIT_USAGE
    return None


def settings_of(args: argparse.Namespace) -> dict[str, Any]:
    """What, besides the files, changes a shard's grades: every shard of one class must agree on it."""
    from . import registry

    student = bool(args.student) or registry.answers_absent()
    return {"pick": args.pick, "assignment": args.assignment or "", "timeout": args.timeout,
            "total_timeout": args.total_timeout, "memory": args.memory, "diagnose": not args.no_diagnosis,
            "student": student, "solutions": "" if student else registry.solutions_fingerprint()}


def select(found: Discovery, args: argparse.Namespace) -> ShardDiscovery:
    """``found`` (the whole class) cut to the students of shard ``args.shard``."""
    shard: Shard = args.shard
    raw = found.raw_students

    def mine(path: Path, student: str) -> bool:
        return share_of(raw.get(str(path), student), shard.count) == shard.index

    subs = list(found.submissions)
    whole = [[s.student, s.assignment, str(s.path)] for s in subs] + \
            [["ignored", i.student, str(i.path)] for i in found.ignored]
    class_id = hashlib.sha256(json.dumps([found.pick, whole]).encode()).hexdigest()
    kept = [s for s in subs if mine(s.path, s.student)]
    if not kept and not args.quiet:
        print(f"grade: shard {shard} holds none of this class's students: nothing to grade here (its empty "
              "output still goes to grade --merge)", file=sys.stderr)
    return ShardDiscovery(
        submissions=kept,
        ignored=[i for i in found.ignored if mine(i.path, i.student)],
        pick=found.pick,
        groups=[g for g in found.groups if g and mine(g[0].sub.path, g[0].sub.student)],
        shard=shard,
        positions={str(s.path): i for i, s in enumerate(subs)},
        ignored_positions={str(i.path): n for n, i in enumerate(found.ignored)},
        class_id=class_id,
        class_submissions=len(subs),
        class_students=len({raw.get(str(s.path), s.student) for s in subs}),
        settings=settings_of(args),
    )


def write_manifest(found: ShardDiscovery, out: Path, not_counted: list[SubmissionResult] = ()) -> Path:
    """``OUT/shard.json``: which shard this is and where its submissions stand in the whole class."""
    from .output import _atomic_write

    data = {
        "format": FORMAT,
        "grader_version": __version__,
        "shard": found.shard.index,
        "of": found.shard.count,
        "class": found.class_id,
        "class_submissions": found.class_submissions,
        "class_students": found.class_students,
        "settings": found.settings,
        "submissions": [{"position": found.positions[str(s.path)], "path": str(s.path)}
                        for s in found.submissions],
        "ignored": [{"position": found.ignored_positions[str(i.path)], "path": str(i.path)} for i in found.ignored],
        # grader bugs on candidates that did not count (--pick best) still make the merged run exit 4
        "internal_errors_not_counted": [{"path": r.path, "student": r.student, "assignment": r.assignment,
                                         "internal_errors": list(r.internal_errors)}
                                        for r in not_counted if r.internal_errors],
    }
    path = out / MANIFEST
    _atomic_write(path, json.dumps(data, indent=2) + "\n")
    return path


# --------------------------------------------------------------------------- merging shards


@dataclass
class _Part:
    folder: Path
    manifest: dict[str, Any]
    run: RunResult


def _read_json(path: Path, what: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ShardError(f"{path} is missing: {what}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ShardError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        return json.loads(text)
    except ValueError as exc:
        raise ShardError(f"{path} is not valid JSON ({exc}); grade that shard again") from None


def _read_part(folder: Path) -> _Part:
    if not folder.is_dir():
        raise ShardError(f"no such shard output folder: {folder}")
    data = _read_json(folder / "results.json", "not a finished shard's output (grade that shard again)")
    try:
        if not isinstance(data, dict) or not isinstance(data.get("submissions"), list):
            raise TypeError("no list of submissions")
        run = RunResult.from_dict(data)
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise ShardError(f"{folder / 'results.json'} is not a grader's results file ({exc})") from None
    manifest = _read_json(folder / MANIFEST, "not the output of grade --shard K/N")
    keys = ("format", "grader_version", "shard", "of", "class", "settings", "submissions", "ignored")
    if not isinstance(manifest, dict) or any(k not in manifest for k in keys) or manifest["format"] != FORMAT \
            or not isinstance(manifest["submissions"], list) or not isinstance(manifest["ignored"], list):
        raise ShardError(f"{folder / MANIFEST} is not a shard manifest this grader reads; grade that shard again")
    return _Part(folder, manifest, run)


def _positions(part: _Part, key: str) -> dict[str, int]:
    try:
        return {str(e["path"]): int(e["position"]) for e in part.manifest[key]}
    except (TypeError, KeyError, ValueError):
        raise ShardError(f"{part.folder / MANIFEST} is not a shard manifest this grader reads") from None


def merge(folders: list[Path]) -> tuple[RunResult, list[SubmissionResult]]:
    """The single run's ``RunResult`` from shard outputs, and stand-ins for the not-counted candidates'
    grader errors; raises :class:`ShardError` (one line) for anything that does not fit together."""
    seen: set[str] = set()
    for folder in folders:
        real = os.path.realpath(folder)
        if real in seen:
            raise ShardError(f"{folder} is given twice")
        seen.add(real)
    parts = [_read_part(f) for f in folders]
    first = parts[0]
    for p in parts:
        m = p.manifest
        versions = {m["grader_version"], p.run.grader_version}
        if len(versions) > 1 or versions != {first.manifest["grader_version"]}:
            raise ShardError(f"shards of different grader versions: {first.folder} was graded by "
                             f"{first.manifest['grader_version']}, {p.folder} by {' and '.join(sorted(versions))}; "
                             "grade every shard with one version")
    version = first.manifest["grader_version"]
    if version != __version__:
        raise ShardError(f"the shards were graded by grader {version}, this is {__version__}: merge with the "
                         "version that graded them")
    for p in parts:
        if p.manifest["settings"] != first.manifest["settings"]:
            a, b = first.manifest["settings"], p.manifest["settings"]
            differ = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k)) if isinstance(b, dict) else ["all"]
            raise ShardError(f"shards graded with different settings ({', '.join(differ)}): {first.folder} and "
                             f"{p.folder}; grade every shard with the same options")
        if p.manifest["of"] != first.manifest["of"]:
            raise ShardError(f"shards of different splits: {first.folder} is {first.manifest['shard']}/"
                             f"{first.manifest['of']}, {p.folder} is {p.manifest['shard']}/{p.manifest['of']}")
        if p.manifest["class"] != first.manifest["class"]:
            raise ShardError(f"{first.folder} and {p.folder} were cut from different classes (other files, or "
                             "other PATHs): run every shard on the same class with the same PATH arguments")
    count = first.manifest["of"]
    by_index: dict[int, _Part] = {}
    for p in parts:
        k = p.manifest["shard"]
        if k in by_index:
            raise ShardError(f"shard {k}/{count} is given twice: {by_index[k].folder} and {p.folder}")
        by_index[k] = p
    missing = [str(k) for k in range(1, count + 1) if k not in by_index]
    if missing:
        raise ShardError(f"shard{'s' if len(missing) > 1 else ''} {', '.join(missing)} of {count} missing: "
                         f"give every shard's output (got {', '.join(str(p.folder) for p in parts)})")

    owner: dict[str, Path] = {}  # a student (as named) belongs to one shard
    where: dict[str, int] = {}
    ignored_where: dict[str, int] = {}
    subs: list[SubmissionResult] = []
    ignored: list[dict[str, str]] = []
    for p in parts:
        positions, ignored_positions = _positions(p, "submissions"), _positions(p, "ignored")
        students = {s.student for s in p.run.submissions} | {str(i.get("student", "")) for i in p.run.ignored}
        for student in students:
            if student in owner and owner[student] != p.folder:
                raise ShardError(f"shards overlap: student {student!r} is in {owner[student]} and in {p.folder}")
            owner[student] = p.folder
        for s in p.run.submissions:
            if s.path in where:
                raise ShardError(f"shards overlap: {s.path} is graded in two of them")
            if s.path not in positions:
                raise ShardError(f"{p.folder / 'results.json'} does not match its {MANIFEST} ({s.path}); "
                                 "grade that shard again")
            where[s.path] = positions[s.path]
            subs.append(s)
        for entry in p.run.ignored:
            path = entry.get("path", "")
            if path in ignored_positions:
                ignored_where[path] = ignored_positions[path]
            ignored.append(entry)
    subs.sort(key=lambda s: where[s.path])
    ignored.sort(key=lambda e: ignored_where.get(e.get("path", ""), 1 << 62))
    sandboxes = sorted({p.run.sandbox for p in parts if p.run.sandbox})
    run = RunResult(subs, grader_version=version, sandbox=" + ".join(sandboxes), ignored=ignored,
                    ignored_omitted=sum(int(p.run.ignored_omitted or 0) for p in parts))
    stand_ins = [SubmissionResult(str(e.get("student", "")), str(e.get("assignment", "")), str(e.get("path", "")),
                                  "error", internal_errors=[str(x) for x in e.get("internal_errors", [])])
                 for p in parts for e in p.manifest.get("internal_errors_not_counted", []) if isinstance(e, dict)]
    return run, stand_ins


def merge_command(args: argparse.Namespace) -> int:
    """``grade --merge OUT... --out DIR``: write what a single run would, exit as it would."""
    from . import cli, registry
    from .output import write_run

    problem = refusal(args)
    out_real = os.path.realpath(args.out)
    if not problem and any(os.path.realpath(f) == out_real for f in args.merge):
        problem = f"--out {args.out} is one of the shards: merge into another folder"
    if problem:
        print(f"grade: {problem}", file=sys.stderr)
        return EXIT_USAGE
    try:
        run, stand_ins = merge(list(args.merge))
    except ShardError as exc:
        print(f"grade: cannot merge: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if any(s.mode == "student" for s in run.submissions) and (args.gradebook or args.format or args.roster):
        print("grade: refusing to write grades in student mode (the shards were graded without model answers, "
              "so the checks that need them count as 0): grade the shards with --solutions DIR", file=sys.stderr)
        return EXIT_USAGE
    from reports import gradebook

    try:
        book = gradebook.plan(args.roster, args.gradebook, args.gradebook_column, registry.names())
    except gradebook.GradebookError as exc:
        print(f"grade: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        args.out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"grade: cannot write to {args.out}: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE

    from rich.console import Console

    from reports import ci, terminal

    console = Console(stderr=False, highlight=False)
    with ci.commands_stopped(cli._print_flushed) if args.github else contextlib.nullcontext():
        summary = Path(os.environ["GITHUB_STEP_SUMMARY"]) if args.github and os.environ.get("GITHUB_STEP_SUMMARY") \
            else None
        write_run(run, args.out, gradescope="gradescope" in args.format, junit=args.junit_xml,
                  github_summary=summary, gradebook=book)
        if not args.quiet:
            terminal.print_class(run, console, github=args.github or None, verbose=args.verbose,
                                 fail_under=args.fail_under)
        if book is not None and not args.quiet:
            from reports.text import inert

            for line in book.notice(args.out):
                print(inert(line), flush=True)
        if not args.quiet:
            console.print(f"merged {len(args.merge)} shards; reports written to {args.out}/ "
                          f"(open {args.out / 'index.html'})")
    if args.github:
        for line in ci.github_annotations(run) + ci.classroom_notices(run):
            print(line)
        cli._github_output("result", ci.classroom_result(run))
    return cli._exit_code(run, args.fail_under, stand_ins)
