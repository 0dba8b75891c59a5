"""How small can the expensive checks be and still tell correct code from wrong? Measured on the corpus.

    python bench/sizing.py [--quick] [xor] [mnist] [wire]

- xor: the convergence check trains from the grader's starting points for
  EPOCHS epochs. For smaller epoch counts: does every correct style still
  solve XOR from every start, and does every mistake that fails at the
  grader's count still fail?
- mnist: the same for the number of training images of the MNIST
  convergence check (held-out accuracy against its threshold).
- wire: what a finite-difference gradient check and a big input cost
  through the sandbox, per evaluation and per megabyte.

The corpus files run in this process (they are the project's own test
files, trusted), with exactly the top-level statements the grader runs.
The grader's constants are read from its check modules, so the numbers
follow them as they change.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(HERE))

from nbgrader_tests import kept_cells
from run import corpus, heading, out, table


def load_module(path: Path) -> dict:
    ns: dict = {"__name__": "student"}
    for cell in kept_cells(path):
        try:
            exec(compile(cell, str(path), "exec"), ns)  # noqa: S102 - the project's own corpus
        except Exception:  # noqa: BLE001, S110 - e.g. importing matplotlib, absent here: as in the grader
            pass
    return ns


def files(assignment: str) -> list[tuple[str, str, Path]]:
    correct, mistakes = corpus(assignment)
    return [("correct", s, p) for s, p in correct] + [("mistake", s, p) for s, p in mistakes]


# --------------------------------------------------------------------------- xor


def xor_sizing(quick: bool) -> None:
    from assignments.xor_mlp import checks as chk
    from solutions import xor_mlp as ref

    X, Y = chk.X_XOR, chk.Y_XOR
    lr, full = chk.LR, chk.EPOCHS
    t0 = time.perf_counter()
    starts = [s[0] if isinstance(s, tuple) else s for s in chk._starts(ref)]
    t_starts = time.perf_counter() - t0
    counts = sorted({full, full // 2, full // 4, full // 8, full // 16})
    heading(f"XOR convergence: {len(starts)} starts, lr {lr:g}; the grader trains {full} epochs")
    out(f"choosing the starts (reference training, once per grader process): {t_starts * 1000:.0f} ms")
    outcome: dict[tuple[str, str], dict[int, bool]] = {}
    cost: dict[int, float] = {}
    for kind, label, path in files("xor_mlp"):
        ns = load_module(path)
        for e in counts:
            ok = True
            t = time.perf_counter()
            for p in starts:
                try:
                    q, _ = ns["train"](p, X, Y, lr, e)
                    Y_hat = ref.forward({k: np.asarray(v, float) for k, v in q.items()}, X)[0]
                    ok &= bool(np.all(np.isfinite(Y_hat)) and np.array_equal(Y_hat >= 0.5, Y >= 0.5))
                except Exception:  # noqa: BLE001
                    ok = False
            if label == "reference":
                cost[e] = time.perf_counter() - t
            outcome[(kind, label)] = outcome.get((kind, label), {}) | {e: ok}
    _separation(outcome, counts, full, cost, "epochs")


# --------------------------------------------------------------------------- mnist


def mnist_sizing(quick: bool) -> None:
    from assignments.mnist_softmax import checks as chk
    from assignments.mnist_softmax.data import load_mnist
    from solutions import mnist_softmax as ref

    data = load_mnist()
    full = chk.N_TRAIN
    hidden, batch, threshold = chk.HIDDEN, chk.BATCH, chk.THRESHOLD
    chunk = getattr(chk, "CHUNK", full)
    sizes = sorted({full, full * 2 // 3, full // 2, full // 3, full // 6} if not quick else {full, full // 3})

    def calls(n):  # the grader's _calls() with n training images instead of N_TRAIN
        return [(slice(c, min(c + chunk, n)), lr, 100 + 10 * e + c // chunk)
                for e, lr in enumerate(chk.SCHEDULE) for c in range(0, n, chunk)]

    heading(f"MNIST convergence: 784-{hidden}-10, batch {batch}, lr {list(chk.SCHEDULE)} (one per epoch), threshold "
            f"{threshold:.0%} on {len(data.y_test)} held-out images; the grader trains on {full}")
    seed = chk._seed("convergence") if hasattr(chk, "_seed") else 0
    start = ref.init_params([784, hidden, 10], np.random.default_rng(seed))
    outcome: dict[tuple[str, str], dict[int, bool]] = {}
    accs: dict[tuple[str, str], dict[int, float]] = {}
    cost: dict[int, float] = {}
    for kind, label, path in files("mnist_softmax"):
        ns = load_module(path)
        for n in sizes:
            params = start
            t = time.perf_counter()
            try:
                for rows, lr, sd in calls(n):
                    params, _ = ns["train"](params, data.x_train[rows], data.y_train[rows], lr, 1, batch,
                                            np.random.default_rng(sd))
                    params = {k: np.asarray(v, float) for k, v in params.items()}
                with np.errstate(all="ignore"):
                    P = ref.forward(params, data.x_test)[0]
                acc = float(np.mean(np.all(np.isfinite(P), 1) & (np.argmax(np.nan_to_num(P), 1) == data.y_test)))
            except Exception:  # noqa: BLE001
                acc = 0.0
            if label == "reference":
                cost[n] = time.perf_counter() - t
            outcome[(kind, label)] = outcome.get((kind, label), {}) | {n: acc >= threshold}
            accs[(kind, label)] = accs.get((kind, label), {}) | {n: acc}
    _separation(outcome, sizes, full, cost, "images")
    out()
    out("held-out accuracy of the correct styles (the threshold needs a margin below the worst):")
    table(["style"] + [str(n) for n in sizes],
          [[label] + [f"{accs[(k, label)][n]:.3f}" for n in sizes] for (k, label) in accs if k == "correct"])


def _separation(outcome, counts, full, cost, unit) -> None:
    rows = []
    for c in counts:
        correct = [o[c] for (k, _), o in outcome.items() if k == "correct"]
        caught_full = [(k, l) for (k, l), o in outcome.items() if k == "mistake" and not o[full]]
        still = sum(1 for key in caught_full if not outcome[key][c])
        flips = [l for (k, l), o in outcome.items() if (k == "correct" and not o[c]) or
                 (k == "mistake" and not o[full] and o[c])]
        rows.append([f"{c} {unit}", f"{sum(correct)}/{len(correct)}", f"{still}/{len(caught_full)}",
                     f"{cost.get(c, 0) * 1000:.0f}", ", ".join(flips)[:60] or "-"])
    table([unit, "correct pass", "mistakes still caught", "reference ms", "changes vs the grader's size"], rows)
    out(f"(a mistake counts as caught when it fails this check at the grader's size, {full} {unit})")


# --------------------------------------------------------------------------- wire


def wire_costs(quick: bool) -> None:
    from grader import load
    from grader.checks.base import Context
    from grader.checks.common import numeric_grads
    from grader.sandbox.isolation import detect
    from grader.sandbox.process import Limits
    from grader.sandbox.session import Call, Ref, Session
    from solutions import mnist_softmax as ref

    path = ROOT / "solutions" / "mnist_softmax.py"
    src = load.read_source(path)
    src.text += "\n\ndef nothing(*args):\n    return 0\n"
    session = Session(src, load.plan(src), Limits(), detect(), module="mnist_softmax")
    session.open()
    heading("Finite differences through the sandbox (every coordinate, central, one batch)")
    rows = []
    try:
        ctx = Context(session, ref, "mnist_softmax")
        for sizes, n in (([5, 4, 3], 7), ([5, 4, 4, 3], 7), ([10, 8, 6], 7), ([16, 10, 8], 7)):
            rng = np.random.default_rng(0)
            p = ref.init_params(sizes, rng)
            X, y = rng.normal(size=(n, sizes[0])), rng.integers(0, sizes[-1], size=n)
            P = sum(v.size for v in p.values())

            def loss_calls(q, X=X, y=y):
                slot = session.slot()
                return [Call("forward", (q, X), ret=None, keep=slot), Call("cross_entropy", (Ref(slot)[0], y))]

            t = time.perf_counter()
            numeric_grads(ctx, loss_calls, p, 1e-5)
            dt = time.perf_counter() - t
            bytes_sent = 2 * P * (sum(v.nbytes for v in p.values()) + X.nbytes + y.nbytes)
            rows.append([str(sizes), P, 2 * P, f"{dt * 1000:.0f}", f"{dt / (2 * P) * 1e6:.0f}",
                         f"{bytes_sent / 1024:.0f}"])
        table(["layers", "params", "loss evaluations", "ms", "us per evaluation", "KiB sent"], rows)
        out("(each evaluation ships the whole parameter dict again: bytes grow as params^2; past 4096 arrays in one\n"
        " batch the sandbox exits on a protocol error and the grader blames the student function: see README)")
        heading("Sending a big input: MNIST training images, float64 (per call)")
        from assignments.mnist_softmax.data import load_mnist

        data = load_mnist()
        rows = []
        for n in (1000, 3000):
            X = np.ascontiguousarray(data.x_train[:n])
            times = []
            for _ in range(3 if quick else 5):
                t = time.perf_counter()
                session.call("nothing", X)
                times.append(time.perf_counter() - t)
            rows.append([f"{n} x 784", f"{X.nbytes / 2**20:.1f}", f"{np.median(times) * 1000:.1f}",
                         f"{np.median(times) * 1000 / (X.nbytes / 2**20):.2f}"])
        table(["array", "MiB", "ms per call", "ms per MiB"], rows)
    finally:
        session.close()


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    quick = "--quick" in sys.argv
    todo = args or ["xor", "mnist", "wire"]
    from grader.registry import names

    have = names()
    if "xor" in todo and "xor_mlp" in have:
        xor_sizing(quick)
    if "mnist" in todo and "mnist_softmax" in have:
        mnist_sizing(quick)
    if "wire" in todo:
        wire_costs(quick)


if __name__ == "__main__":
    main()
