"""The ``grade`` command: discover → grade (in parallel, resumable) → write reports.

Exit codes: 0 every submission was graded (whatever the scores); 1 a score is
below ``--fail-under``; 2 a usage error or an unreadable path; 3 some
submission could not be graded (status error, timeout, crashed or
unrecognised); 4 the grader itself failed on a check (a bug to report).
"""
from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from multiprocessing import get_context
from pathlib import Path

from . import __version__, registry
from .discover import PICKS, DiscoveryError, Submission, find
from .output import cache_key, load_cached, store_cached, write_run
from .results import RunResult, SubmissionResult
from .runner import Options, file_hash, grade_submission
from .sandbox import isolation
from .sandbox.process import Limits

EXIT_OK, EXIT_BELOW, EXIT_USAGE, EXIT_UNGRADED, EXIT_INTERNAL = 0, 1, 2, 3, 4


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, no usage dump
        print(f"grade: {message} (see grade --help)", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="grade", description="Grade hand-written backpropagation assignments in NumPy.")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="a .py or .ipynb file, or a folder of them")
    p.add_argument("--assignment", choices=registry.names(), metavar="NAME",
                   help="grade every file as this assignment (one of --list-assignments)")
    p.add_argument("--solutions", type=Path, metavar="DIR",
                   help="the course's model answers (solutions/<name>.py and <name>_mistakes.py); default: "
                        "solutions/ beside the assignments; without them, grading runs in student mode")
    p.add_argument("--student", action="store_true",
                   help="grade as a student's install does: without the model answers (student mode)")
    p.add_argument("--publish", action="store_true",
                   help="write each assignment's published reference outputs (assignments/<name>/"
                        "published.zip) from the model answers, for students' installs")
    p.add_argument("--list-assignments", action="store_true", help="print the assignments this grader knows, one a "
                   "line, and exit")
    p.add_argument("--pick", choices=PICKS, default="newest",
                   help="which of a student's files for one assignment counts: newest (default: the file named "
                        "exactly after the assignment, else the newest), best (grade all, keep the best score) or "
                        "all (each its own row); README: Which file counts")
    p.add_argument("--out", type=Path, default=Path("feedback"), help="where reports go (default: feedback/)")
    p.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1, help="submissions graded at once")
    p.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                   help="time limit of any one call of a student function (default 10)")
    p.add_argument("--total-timeout", type=float, default=120.0, metavar="SECONDS",
                   help="time limit of one whole submission (default 120)")
    p.add_argument("--memory", type=int, default=2048, metavar="MB", help="memory limit of the student's process")
    p.add_argument("--fail-under", type=float, metavar="SCORE",
                   help="exit 1 if any submission scores below SCORE percent")
    p.add_argument("--format", action="append", default=[], choices=["gradescope"],
                   help="also write this format (one results file per submission)")
    p.add_argument("--junit-xml", type=Path, metavar="PATH", help="also write JUnit XML here")
    p.add_argument("--gradescope-zip", nargs=2, metavar=("ASSIGNMENT", "ZIP"),
                   help="build a Gradescope autograder zip for ASSIGNMENT (setup.sh, run_autograder, the grader's "
                        "wheel) and exit; README: Gradescope")
    p.add_argument("--gradescope-hidden", action="append", default=[], metavar="CATEGORY_OR_CHECK[:WHEN]",
                   help="with --gradescope-zip: show these tests to students only WHEN: after_due_date (default), "
                        "after_published or hidden (never); repeatable")
    p.add_argument("--gradebook", action="append", default=[], choices=["canvas", "moodle"],
                   help="also write gradebook-<LMS>.csv for the LMS's grade import (repeatable; README: Gradebook)")
    p.add_argument("--gradebook-column", action="append", default=[], metavar="ASSIGNMENT=TITLE",
                   help='the gradebook column of an assignment, e.g. hw2="Assignment 2 (12345)"')
    p.add_argument("--roster", type=Path, metavar="FILE",
                   help="the class list (CSV; a Canvas gradebook export works): report missing students and "
                        "folders not in it, and identify gradebook rows")
    from .shard import parse_shard  # grading past one machine: grader/shard.py, docs/recipes/README.md

    p.add_argument("--shard", type=parse_shard, metavar="K/N",
                   help="grade only share K of N (1-based) of the students, chosen by a hash of each name; "
                        "combine the shares' --out folders with --merge")
    p.add_argument("--merge", nargs="+", type=Path, metavar="OUT",
                   help="combine the --out folders of grade --shard K/N runs into what one run would write")
    p.add_argument("--github", action="store_true",
                   help="GitHub Actions output: job summary, ::error annotations, Classroom result and notices")
    p.add_argument("--no-cache", action="store_true",
                   help="grade everything again, ignoring earlier results (the reference results kept on disk are "
                   "still used; BACKPROP_GRADER_CACHE=off turns those off)")
    p.add_argument("--no-diagnosis", action="store_true", help="skip naming mistakes (faster)")
    p.add_argument("--check-sandbox", action="store_true",
                   help="print which protections are active here, measured inside a sandbox, then exit")
    p.add_argument("--unsafe-sandbox", action="store_true",
                   help="run student code even where the grader cannot keep it from your privileges (see README)")
    p.add_argument("--quiet", "-q", action="store_true",
                   help="no progress and no table (one file: one line, its score)")
    p.add_argument("--verbose", "-v", action="store_true",
                   help="end a folder run with a row for every submission, not only the summary and those to look at")
    p.add_argument("--version", action="version", version=f"grade {__version__}")
    for a in registry.all_assignments():  # an assignment adds its own options (e.g. where its data lives)
        for opt in a.options:
            p.add_argument(opt.flag, type=Path if opt.is_path else str, metavar=opt.metavar,
                           help=f"{opt.help} [{a.name}]")
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        parser = build_parser()
    except registry.RegistryError as exc:
        print(f"grade: {exc}", file=sys.stderr)
        return EXIT_INTERNAL
    args = parser.parse_args(argv)
    try:
        return _main(args)
    except KeyboardInterrupt:
        print("grade: interrupted; what was graded is kept, run again to finish", file=sys.stderr)
        return 130
    except ImportError as exc:  # a broken install is the grader's fault, never a student's: exit 4, one line
        print(f"grade: the grader's package {exc.name or exc} is missing; reinstall with `pip install -e .`",
              file=sys.stderr)
        return EXIT_INTERNAL


def _main(args: argparse.Namespace) -> int:
    if args.solutions is not None:
        try:
            registry.use_solutions(args.solutions)
        except registry.RegistryError as exc:
            print(f"grade: {exc}", file=sys.stderr)
            return EXIT_USAGE
    if args.gradescope_zip or args.gradescope_hidden:  # builds an autograder, grades nothing
        from reports.gradescope import bundle_command

        return bundle_command(args)
    if args.list_assignments:
        print("\n".join(registry.names()))
        return EXIT_OK
    if args.publish:
        return _publish(args)
    if args.merge or args.shard:  # grading past one machine (grader/shard.py)
        from . import shard

        if (code := shard.dispatch(args)) is not None:  # --merge, or options a shard refuses
            return code
    student = args.student or registry.answers_absent()
    if student and (args.gradebook or args.format or args.roster):
        print("grade: refusing to write grades in student mode (no model answers here, so the checks that need "
              f"them would count as 0): {_where_answers()}", file=sys.stderr)
        return EXIT_USAGE
    iso = isolation.detect()
    if args.unsafe_sandbox:
        os.environ[isolation.UNSAFE_ENV] = "1"  # read where sandboxes start, in every worker
    if args.check_sandbox:
        from .sandbox.probe import describe_measured, measure

        measured = measure(iso, args.out)
        print(isolation.describe(iso) + "\n" + describe_measured(measured))
        return EXIT_INTERNAL if measured.problems else EXIT_OK
    if not args.paths:
        print("grade: give a file or a folder to grade, e.g. `grade submissions/` (see grade --help)", file=sys.stderr)
        return EXIT_USAGE
    if args.jobs < 1 or args.timeout <= 0 or args.total_timeout <= 0 or args.memory < 256:
        print("grade: --jobs must be at least 1, timeouts positive, --memory at least 256 MB", file=sys.stderr)
        return EXIT_USAGE
    from reports import gradebook

    try:  # the roster and the gradebook's columns are checked before any grading starts
        book = gradebook.plan(args.roster, args.gradebook, args.gradebook_column, registry.names())
    except gradebook.GradebookError as exc:
        print(f"grade: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        found = find(args.paths, registry.names(), args.assignment, args.pick)
        subs = found.submissions
    except DiscoveryError as exc:
        print(f"grade: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not subs:
        print(f"grade: no .py or .ipynb files found in {', '.join(map(str, args.paths))}", file=sys.stderr)
        return EXIT_USAGE
    if args.shard:  # only this shard's students (grader/shard.py)
        found = shard.select(found, args)
        subs = found.submissions
    try:
        args.out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"grade: cannot write to {args.out}: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE
    refused = isolation.refusal(iso, len(subs))
    if refused and not isolation.unsafe_allowed():
        print(f"grade: refusing to run student code: {refused}; install bubblewrap, or pass --unsafe-sandbox "
              "to run it anyway (README: Untrusted code)", file=sys.stderr)
        return EXIT_INTERNAL
    if iso.level != "bubblewrap" and not args.quiet:
        print(f"grade: sandbox without namespaces ({iso.reason}); `grade --check-sandbox` tells more",
              file=sys.stderr)
    for opt in (o for a in registry.all_assignments() for o in a.options):
        value = getattr(args, opt.flag.lstrip("-").replace("-", "_"), None)
        if value is None:
            continue
        if opt.is_path and not Path(value).exists():
            print(f"grade: {opt.flag}: no such file or folder: {value}", file=sys.stderr)
            return EXIT_USAGE
        os.environ[opt.env] = str(Path(value).resolve()) if opt.is_path else str(value)  # seen by every worker
    limits = Limits(call_seconds=args.timeout, submission_seconds=args.total_timeout,
                    memory_bytes=args.memory * 1024**2)
    options = Options(limits=limits, diagnose=not args.no_diagnosis, student=args.student)
    if student and not args.student and len({s.student for s in subs}) > 1:
        print(f"grade: no model answers here, so these {len({s.student for s in subs})} students would be graded "
              f"in student mode (the checks that need the answers count for nothing): {_where_answers()}; "
              "or pass --student to grade them so anyway", file=sys.stderr)
        return EXIT_USAGE
    single = len(subs) == 1 and args.paths[0].is_file()

    from rich.console import Console

    console = Console(stderr=False, highlight=False)
    from reports import ci, terminal

    # In --github mode everything printed while students' names and output may show is out of the Actions
    # runner's reach (a one-time stop-commands token, and student text made inert); then the grader's own commands.
    with ci.commands_stopped(_print_flushed) if args.github else contextlib.nullcontext():
        results = _grade_all(subs, options, args, console, show_progress=not single and not args.quiet)
        results, not_counted = found.counted(results)  # --pick best: the other candidates' results go
        run = RunResult(results, grader_version=__version__, sandbox=iso.level, ignored=found.ignored_dicts())
        summary = Path(os.environ["GITHUB_STEP_SUMMARY"]) if args.github and os.environ.get("GITHUB_STEP_SUMMARY") \
            else None
        write_run(run, args.out, gradescope="gradescope" in args.format, junit=args.junit_xml, github_summary=summary,
                  gradebook=book)
        if args.shard:
            shard.write_manifest(found, args.out, not_counted)
        if single and args.quiet:  # one line: what a script or a student in a hurry needs
            from reports.text import fmt_num, one_line

            r = results[0]
            print(f"{one_line(r.path)}: {fmt_num(r.score)}/{fmt_num(r.checked_max)} ({r.status})", flush=True)
        elif single:
            terminal.print_submission(results[0], console, github=args.github or None)
        elif not args.quiet:
            terminal.print_class(run, console, github=args.github or None, verbose=args.verbose,
                                 fail_under=args.fail_under)
        if book is not None and not args.quiet:  # missing students, folders not in the roster: one line each
            from reports.text import inert

            for line in book.notice(args.out):
                print(inert(line), flush=True)
        if not args.quiet:
            console.print(f"reports written to {args.out}/ (open {args.out / 'index.html'})")
    if args.github:
        for line in ci.github_annotations(run) + ci.classroom_notices(run):
            print(line)
        _github_output("result", ci.classroom_result(run))
    return _exit_code(run, args.fail_under, not_counted)


def _where_answers() -> str:
    """How a course gets its answers found, said for the folder ``grade`` runs in."""
    if registry._is_checkout(Path.cwd()):
        return ("this folder is the course's checkout, but the grader is installed from a copy: install it "
                "editable (pip install -e .), or pass --solutions solutions/")
    return "a course passes --solutions DIR, or installs its checkout editable (pip install -e .)"


def _publish(args: argparse.Namespace) -> int:
    """``grade --publish``: one line per assignment (what students' installs will run, and how big)."""
    from .publish import PublishError, publish

    names = [args.assignment] if args.assignment else list(registry.names())
    for name in names:
        try:
            done = publish(name)
        except PublishError as exc:  # no answers here, or an installed copy: the user's setup, one line
            print(f"grade: {exc}", file=sys.stderr)
            return EXIT_USAGE
        refused = "".join(f"; {c} not published: {why}" for c, why in done.refused.items())
        hidden = f"; hidden: {', '.join(done.hidden)}" if done.hidden else ""
        print(f"{name}: {len(done.public)} public checks, {done.calls} reference calls, "
              f"{done.bytes / 1024:.0f} KiB in {done.path}{hidden}{refused}")
    return EXIT_OK


def _print_flushed(line: str) -> None:
    print(line, flush=True)
    sys.stderr.flush()


def _github_output(name: str, value: str) -> None:
    path = os.environ.get("GITHUB_OUTPUT")
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"{name}={value}\n")


def _label(sub: Submission) -> str:
    """The progress bar's text: names are a student's choice, so rich must not read them as markup,
    nor GitHub's runner as a workflow command."""
    from rich.markup import escape

    from reports.text import inert

    return escape(inert(f"{sub.student} · {sub.assignment or '?'}"))


def _one_line(err: str) -> str:
    """'check.id: ValueError: ...' from 'check.id: Traceback ... ValueError: ...' (the full text is in results.json)."""
    lines = [ln.strip() for ln in err.strip().splitlines() if ln.strip()]
    if len(lines) < 2:
        return lines[0] if lines else "unknown error"
    where = lines[0].split("Traceback")[0].strip()
    return f"{where} {lines[-1]}".strip()


def _exit_code(run: RunResult, fail_under: float | None, not_counted: list[SubmissionResult] = ()) -> int:
    from reports.text import inert

    graded = [*run.submissions, *not_counted]  # a grader bug on a file that did not count is still one
    if any(s.internal_errors for s in graded):
        for s in graded:
            for err in s.internal_errors:
                print(inert(f"grade: internal error grading {s.path}: {_one_line(err)}"), file=sys.stderr)
        return EXIT_INTERNAL
    if fail_under is not None:
        for s in run.submissions:
            out_of = s.checked_max if s.mode == "student" else s.max_score  # held points are not lost
            pct = 100.0 * s.score / out_of if out_of else 0.0
            if pct < fail_under:
                return EXIT_BELOW
    if any(s.status != "graded" for s in run.submissions):
        return EXIT_UNGRADED
    return EXIT_OK


# --------------------------------------------------------------------------- grading, in parallel


def _worker_init() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the pool


def _grade_one(sub: Submission, options: Options) -> dict:
    return grade_submission(sub, options, shared=_SHARED).to_dict()


_SHARED: dict = {}  # reference results memoised per worker process


def _grade_all(subs: list[Submission], options: Options, args, console, show_progress: bool) -> list[SubmissionResult]:
    """Grade every submission, reusing kept results; keep each new one as soon as it is done."""
    order = {s.path: i for i, s in enumerate(subs)}
    done: dict[Path, SubmissionResult] = {}
    todo: list[tuple[Submission, str]] = []
    for sub in subs:
        key = cache_key(sub.path, sub.student, sub.assignment, file_hash(sub), options.key())
        cached = None if args.no_cache else load_cached(args.out, key)
        if cached is not None and not cached.internal_errors:
            cached.path = str(sub.path)  # JSON kept a non-UTF-8 byte as U+FFFD: two such paths would read alike
            done[sub.path] = cached
        else:
            todo.append((sub, key))

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(TextColumn("[bold]grading[/]"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                        TextColumn("{task.description}"), console=console, disable=not show_progress,
                        transient=False)
    with progress:
        task = progress.add_task("", total=len(subs), completed=len(done))
        if len(done) and show_progress:
            console.print(f"{len(done)} submission(s) already graded in {args.out}/ (unchanged): skipped")

        def finished(sub: Submission, key: str, result: SubmissionResult) -> None:
            done[sub.path] = result
            store_cached(args.out, key, result)
            progress.update(task, advance=1, description=_label(sub))

        if args.jobs <= 1 or len(todo) <= 1:
            for i, (sub, key) in enumerate(todo):
                progress.update(task, description=_label(sub))
                finished(sub, key, grade_submission(sub, options, shared=_SHARED, ahead=i + 1 < len(todo)))
        else:
            ctx = get_context("forkserver" if sys.platform.startswith("linux") else "spawn")
            with ProcessPoolExecutor(max_workers=args.jobs, mp_context=ctx, initializer=_worker_init) as pool:
                futures: dict[Future, tuple[Submission, str]] = {}
                pending = list(todo)
                try:
                    while pending or futures:
                        while pending and len(futures) < 2 * args.jobs:
                            sub, key = pending.pop(0)
                            futures[pool.submit(_grade_one, sub, options)] = (sub, key)
                        ready, _ = wait(list(futures), return_when=FIRST_COMPLETED)
                        for fut in ready:
                            sub, key = futures.pop(fut)
                            try:
                                result = SubmissionResult.from_dict(fut.result())
                            except Exception as exc:  # noqa: BLE001 - a worker died: report it, go on
                                result = SubmissionResult(sub.student, sub.assignment, str(sub.path), "crashed",
                                                          message=f"the grading process failed: {exc}")
                            finished(sub, key, result)
                except KeyboardInterrupt:
                    for fut in futures:
                        fut.cancel()
                    pool.shutdown(wait=False, cancel_futures=True)
                    raise
    return sorted(done.values(), key=lambda r: order.get(Path(r.path), 0))
