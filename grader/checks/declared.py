"""A feed-forward network assignment declared, not programmed: its checks built from a ``Network``.

A course that brings its own network exercise (its own names, parameters as a
list or a dict, weights as ``(in, out)`` or ``(out, in)``, samples as rows or
columns, backward's arguments in its own order) declares it in
``assignments/<name>/assignment.py``::

    ASSIGNMENT = Network(name=..., init="initialize", ..., params=("W1", "b1", ...)).assignment(title, points)

and gets every generic check, in every category, worth the declared points:

- ``api.functions``: every contract function exists and runs (no points until one computes);
- ``shape.outputs``, ``shape.no_mutation``, ``shape.repeatable``;
- ``forward.<fn>`` for each activation (also at +-1000, where a naive formula overflows), for each
  other elementwise function of ``(predictions, targets)`` (e.g. a loss's derivative), for the
  forward pass, the loss and ``predict``, all against the model answer;
- ``gradient.numerical`` (against central differences of the student's *own* forward and loss) and
  ``gradient.reference`` (against the model answer, block by block, on a square and a non-square
  network);
- ``training.<init>`` (shapes, seeded by its ``rng`` only, symmetry broken), ``training.<train>``
  (the trajectory from the grader's starting point) and ``convergence.<task>`` (the declared task
  solved from several starting points).

Mistakes are named afterwards by the diagnosis step, from the folder's ``mistakes.py``. The model
answer is read from the check's context (``ctx.ref``), never imported here, so a declaration holds
no answer.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass, replace
from typing import Any, Callable

import numpy as np

from ..sandbox.session import Call, Rng
from .base import CheckSpec, Context, Fail
from .common import (
    Probe, api_check, as_float, as_tuple, curves, expect_alive, expect_close, expect_finite, expect_shape,
    losses_list,
)
from .networks import (
    InitCase, Net, Point, TrainCase, as_params, check_backward_numeric, check_backward_reference, check_init,
    check_repeatable, check_trajectory, check_unchanged, draw, network_probes, probe, student_grads,
    train_probe, values, well_conditioned,
)


@dataclass(frozen=True)
class Task:
    """What convergence means: ``train`` on ``X, Y`` with ``lr`` for ``epochs`` from each of ``starts``
    starting points (drawn by the model answer's init) ends within ``factor`` of the model answer's loss."""

    name: str  #: the check id's last part, e.g. ``regression``
    title: str  #: e.g. "fits a smooth function of two inputs"
    make: Callable[[np.random.Generator], tuple[np.ndarray, np.ndarray]]  #: ``rng -> (X, Y)`` in the contract's layout
    sizes: tuple[int, ...]  #: the network's layer sizes for the task
    lr: float
    epochs: int
    starts: int = 3
    factor: float = 1.5


@dataclass(frozen=True)
class Network:
    """The declaration of a feed-forward network assignment (see the module docstring)."""

    name: str
    init: str  #: ``init(*init_args(sizes, rng))`` returns the parameters
    forward: str  #: ``forward(params, X)``
    loss: str  #: ``loss(output, targets) -> float``
    backward: str
    train: str  #: ``train(params, X, Y, lr, epochs) -> (params, losses)``, ``len(losses) == epochs + 1``
    predict: str | None
    params: tuple[str, ...]  #: parameter names, in the list's order for a list container
    biases: tuple[str, ...]  #: which of them are biases (drawn around 0, never scaled by fan-in)
    hidden: tuple[tuple[str, str, str], ...]  #: each hidden layer: (incoming weights, bias, outgoing weights)
    activations: tuple[str, ...] = ()  #: elementwise functions of one array, checked against the answer
    pairwise: tuple[str, ...] = ()  #: other functions of ``(output, targets)`` checked against the answer
    container: str = "dict"
    forward_output: tuple = (0,)
    forward_cache: tuple = (1,)
    backward_args: tuple[str, ...] = ("params", "cache", "target")
    samples: str = "rows"  #: "rows" (X is batch x features) or "columns" (features x batch)
    weights: str = "in_out"
    init_args: Callable[[tuple[int, ...], Rng], tuple] = lambda sizes, rng: (*sizes, rng)
    #: layer sizes of a non-square test network (a transposed gradient is a shape error); default: 3 inputs,
    #: hidden layers of 5, 4, 6, ... (one per ``hidden`` entry), 2 outputs
    wide: tuple[int, ...] | None = None
    #: a square one (a transposed gradient or another layer's input keeps its shape); default: 3 everywhere
    square: tuple[int, ...] | None = None
    batch: int = 6
    train_lr: float = 0.5
    train_epochs: int = 4
    task: Task | None = None

    def __post_init__(self) -> None:
        depth = len(self.hidden)
        if self.wide is None:
            object.__setattr__(self, "wide", (3, *(5, 4, 6, 7, 8)[:depth], 2))
        if self.square is None:
            object.__setattr__(self, "square", (3,) * (depth + 2))

    # ------------------------------------------------------------------ the pieces the checks share

    def net(self, ref: Any) -> Net:
        return Net(ref_forward=getattr(ref, self.forward), ref_backward=getattr(ref, self.backward),
                   ref_loss=getattr(ref, self.loss), forward=self.forward, backward=self.backward, loss=self.loss,
                   train=self.train, init=self.init, params_container=self.container, param_names=self.params,
                   forward_output=self.forward_output, forward_cache=self.forward_cache,
                   backward_args=self.backward_args, batch_axis=1 if self.samples == "columns" else 0,
                   weights=self.weights, shape_mistakes=self.shape_mistakes)

    def shape_mistakes(self, params: dict, key: str, shape: tuple) -> list[str]:
        """What a wrong weight-gradient shape says: the transpose's shape, or another layer's input."""
        if key in self.biases or np.ndim(params[key]) != 2:
            return []
        want = tuple(np.shape(params[key]))
        if tuple(shape) == want[::-1] and want[0] != want[1]:
            return ["transposed-gradient"]
        out_at, in_at = (0, 1) if self.weights == "out_in" else (1, 0)
        inputs = {np.shape(params[k])[in_at] for k in self.params if k not in self.biases and np.ndim(params[k]) == 2}
        for width in inputs - {want[in_at]}:
            wrong = [0, 0]
            wrong[out_at], wrong[in_at] = want[out_at], width
            if tuple(shape) == tuple(wrong):
                return ["wrong-layer-input"]
        return []

    def layout(self, rows: np.ndarray) -> np.ndarray:
        """A batch x features array in the contract's layout."""
        return np.ascontiguousarray(rows.T) if self.samples == "columns" else rows

    def seed(self, what: str) -> int:
        return zlib.crc32(f"{self.name}/{what}".encode())

    def params_at(self, ref: Any, sizes: tuple[int, ...], rng: np.random.Generator, scale: float = 1.3) -> dict:
        """Random parameters of order 1 with nonzero biases, shaped as the model answer's init shapes them."""
        net = self.net(ref)
        shapes = {k: np.shape(v) for k, v in net.named(
            getattr(ref, self.init)(*self.init_args(sizes, np.random.default_rng(0))), "init").items()}
        out = {}
        for k in self.params:
            if k in self.biases:
                out[k] = rng.normal(0, 0.5, shapes[k])
            else:
                fan_in = shapes[k][1] if self.weights == "out_in" else shapes[k][0]
                out[k] = rng.normal(0, scale / np.sqrt(fan_in), shapes[k])
        return out

    def point(self, ctx: Context, what: str) -> Point:
        """A named test point, drawn once per grader process, every gradient block measurable."""
        sizes = {"wide": self.wide, "square": self.square, "square2": self.square}[what]
        n = self.batch - (1 if what == "square2" else 0)
        ref, net = ctx.ref, self.net(ctx.ref)

        return ctx.memo(f"point/{what}", lambda: draw(lambda rng: self.random_point(ref, sizes, n, rng),
                                                     lambda pt: well_conditioned(net, pt, 1e-3),
                                                     np.random.default_rng(self.seed(what))))

    def random_point(self, ref: Any, sizes: tuple[int, ...], n: int, rng: np.random.Generator) -> Point:
        """``n`` samples of standard-normal inputs, targets in (0.05, 0.95), random parameters."""
        X = self.layout(rng.normal(0, 1, (n, sizes[0])))
        Y = self.layout(rng.uniform(0.05, 0.95, (n, sizes[-1])))
        return Point(self.params_at(ref, sizes, rng), (X,), Y)

    def probes(self, ctx: Context) -> list[Probe]:
        """Every function but the init at two inputs that share the parameters and differ in the data."""
        def make() -> list[Probe]:
            ref, net = ctx.ref, self.net(ctx.ref)
            rng = np.random.default_rng(self.seed("probes"))
            p = self.params_at(ref, self.wide, rng)
            a, b = (Point(p, (self.layout(rng.normal(0, 1.5, (5, self.wide[0]))),),
                          self.layout(rng.uniform(0.05, 0.95, (5, self.wide[-1])))) for _ in range(2))
            Z = (rng.normal(0, 3, (4, 5)), rng.normal(0, 3, (4, 5)))
            outs = tuple(net.output_of(net.ref_forward(net.native(pt.params), *pt.inputs)) for pt in (a, b))
            found = [probe(fn, ((Z[0],), (Z[1],)), (getattr(ref, fn)(Z[0]), getattr(ref, fn)(Z[1])))
                     for fn in self.activations]
            found += network_probes(net, a, b)
            for fn in (self.loss, *self.pairwise):
                found.append(probe(fn, ((outs[0], a.target), (outs[1], b.target)),
                                   (getattr(ref, fn)(outs[0], a.target), getattr(ref, fn)(outs[1], b.target))))
            found.append(train_probe(net, ((net.native(p), a.inputs[0], a.target, 0.5, 2),
                                           (net.native(p), b.inputs[0], b.target, 0.5, 2)),
                                     getattr(ref, self.train)))
            if self.predict:
                found.append(probe(self.predict, ((net.native(p), a.inputs[0]), (net.native(p), b.inputs[0])),
                                   tuple(getattr(ref, self.predict)(net.native(p), pt.inputs[0]) for pt in (a, b))))
            return found
        return ctx.memo("probes", make)

    def functions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.activations, self.init, self.forward, self.loss, *self.pairwise,
                                    self.backward, self.train, *((self.predict,) if self.predict else ()))))

    # ------------------------------------------------------------------ the checks

    def check_api(self, ctx: Context) -> None:
        pt, net = self.point(ctx, "wide"), self.net(ctx.ref)
        p, (X,), Y = net.native(pt.params), pt.inputs, pt.target
        calls = {fn: (X,) for fn in self.activations}
        calls.update({self.init: self.init_args(self.wide, Rng(0)), self.forward: (p, X), self.loss: (Y, Y)})
        calls.update({fn: (Y, Y) for fn in self.pairwise})
        calls[self.backward] = net.backward_call(pt.params, None, Y)
        calls[self.train] = (p, X, Y, 0.1, 1)
        if self.predict:
            calls[self.predict] = (p, X)
        api_check(ctx, calls, self.probes)

    def check_shapes(self, ctx: Context) -> None:
        pt, net, s = self.point(ctx, "wide"), self.net(ctx.ref), ctx.student
        p, (X,), Y = pt.params, pt.inputs, pt.target
        Z = ctx.rng().normal(0, 2, (3, 4))
        for fn in self.activations:
            expect_shape(s.call(fn, Z), Z.shape, f"{fn}(z) for z of shape (3, 4)")
        out_want = np.shape(Y)
        from .networks import forward_output
        expect_shape(forward_output(net, s.call(self.forward, net.native(p), X)), out_want,
                     f"the output of `{self.forward}` (a {'-'.join(map(str, self.wide))} network)")
        ref_out = net.output_of(net.ref_forward(net.native(p), X))
        as_float(s.call(self.loss, ref_out, Y), f"{self.loss}(output, targets)")
        for fn in self.pairwise:
            expect_shape(s.call(fn, ref_out, Y), out_want, f"{fn}(output, targets)")
        student_grads(ctx, net, pt)
        params, losses = as_tuple(s.call(self.train, net.native(p), X, Y, 0.1, 2), 2, f"`{self.train}`")
        what = f"the parameters returned by `{self.train}`"
        as_params(net.named(params, what), p, what)
        losses_list(losses, 2, f"the losses from `{self.train}`")
        if self.predict:
            expect_shape(s.call(self.predict, net.native(p), X), out_want, f"{self.predict}(params, X)")
        what = f"the parameters from {self.init}{self.wide}"
        init = as_params(net.named(s.call(self.init, *self.init_args(self.wide, Rng(0))), what), p, what)
        expect_finite(init, what)
        expect_alive(ctx, self.probes, points_for="the shape points")

    def check_no_mutation(self, ctx: Context) -> None:
        pt, net = self.point(ctx, "wide"), self.net(ctx.ref)
        p, (X,), Y = net.native(pt.params), pt.inputs, pt.target
        out = net.output_of(net.ref_forward(p, X))
        calls = [(fn, (X.copy(),), "its argument") for fn in self.activations]
        calls += [(self.forward, (p, X), "params or X"), (self.loss, (out, Y), "output or targets")]
        calls += [(fn, (out, Y), "output or targets") for fn in self.pairwise]
        calls += [(self.train, (p, X, Y, 0.5, 3), "params, X or Y")]
        if self.predict:
            calls.append((self.predict, (p, X), "params or X"))
        check_unchanged(ctx, calls, net, pt)
        expect_alive(ctx, self.probes, points_for="the no-mutation points")

    def check_repeatable(self, ctx: Context) -> None:
        check_repeatable(ctx, self.net(ctx.ref), self.point(ctx, "wide"))
        expect_alive(ctx, self.probes, (self.forward, self.backward), partial=False,
                     points_for="the points for giving the same result twice")

    def check_activation(self, fn: str) -> Callable[[Context], None]:
        def run(ctx: Context) -> None:
            ref = getattr(ctx.ref, fn)
            z = ctx.rng().normal(0, 3, (4, 5))
            expect_close(ctx.student.call(fn, z), ref(z), f"{fn}(z)", mistakes=("wrong-forward",))
            big = np.array([-1000.0, -50.0, -1.0, 0.0, 1.0, 50.0, 1000.0])
            try:
                expect_close(ctx.student.call(fn, big), ref(big), f"{fn} at z = -1000, -50, -1, 0, 1, 50, 1000")
            except Fail as fail:
                fail.message += "; for large |z| never compute exp of a large positive number"
                raise
        run.__doc__ = f"{fn} against the model answer, also at +-1000."
        return run

    def check_pairwise(self, fn: str) -> Callable[[Context], None]:
        def run(ctx: Context) -> None:
            rng = ctx.rng()
            shape = np.shape(self.point(ctx, "wide").target)
            out, Y = rng.normal(0.5, 1, shape), rng.uniform(0, 1, shape)
            mistakes = ("wrong-loss",) if fn == self.loss else ()
            expect_close(ctx.student.call(fn, out, Y), getattr(ctx.ref, fn)(out, Y), f"{fn}(output, targets)",
                         mistakes=mistakes)
        run.__doc__ = f"{fn} against the model answer."
        return run

    def check_forward(self, ctx: Context) -> None:
        net = self.net(ctx.ref)
        from .networks import forward_output
        for what in ("wide", "square"):
            pt = self.point(ctx, what)
            p, X = net.native(pt.params), pt.inputs[0]
            for Xb, title in ((X, f"a batch of {self.batch}"),
                              (X[:, :1] if self.samples == "columns" else X[:1], "a batch of one")):
                got = forward_output(net, ctx.student.call(self.forward, p, Xb))
                expect_close(got, net.output_of(net.ref_forward(p, Xb)),
                             f"the output of `{self.forward}` ({title})", mistakes=("wrong-forward",))

    def check_predict(self, ctx: Context) -> None:
        pt, net = self.point(ctx, "wide"), self.net(ctx.ref)
        p, X = net.native(pt.params), pt.inputs[0]
        expect_close(ctx.student.call(self.predict, p, X), getattr(ctx.ref, self.predict)(p, X),
                     f"{self.predict}(params, X)", mistakes=("wrong-forward",))

    def check_grad_numeric(self, ctx: Context) -> None:
        check_backward_numeric(ctx, self.net(ctx.ref), self.point(ctx, "square"))
        expect_alive(ctx, self.probes, (self.forward, self.loss, self.backward), partial=False,
                     points_for="the points for agreeing with finite differences of your own loss")

    def check_grad_reference(self, ctx: Context) -> None:
        check_backward_reference(ctx, self.net(ctx.ref), [self.point(ctx, "square2"), self.point(ctx, "wide")])

    def init_cases(self) -> list[InitCase]:
        return [InitCase(lambda r, s=sizes: self.init_args(s, r), {}, list(self.hidden), f"{sizes}")
                for sizes in (self.wide, self.square)]

    def check_init(self, ctx: Context) -> None:
        net = self.net(ctx.ref)
        cases = []
        for case in self.init_cases():
            ref_params = net.named(getattr(ctx.ref, self.init)(*case.args(np.random.default_rng(0))), "init")
            cases.append(InitCase(case.args, {k: np.shape(v) for k, v in ref_params.items()}, case.hidden,
                                  case.title))
        check_init(ctx, net, cases)

    def train_cases(self, ctx: Context) -> list[TrainCase]:
        def make() -> list[TrainCase]:
            net, train = self.net(ctx.ref), getattr(ctx.ref, self.train)
            out = []
            for what in ("square", "wide"):
                pt = self.point(ctx, what)
                X, Y = pt.inputs[0], pt.target
                rparams, rlosses = train(net.native(pt.params), X, Y, self.train_lr, self.train_epochs)
                out.append(TrainCase(pt.params, (X, Y, self.train_lr, self.train_epochs),
                                     ("X", "Y", "lr", "epochs"), self.train_epochs,
                                     (net.named(rparams, "train"), list(rlosses)), pt,
                                     f"a {'-'.join(str(s) for s in (self.square if what == 'square' else self.wide))}"
                                     " network"))
            return out
        return ctx.memo("train_cases", make)

    def check_train(self, ctx: Context) -> None:
        check_trajectory(ctx, self.net(ctx.ref), self.train_cases(ctx))

    def check_convergence(self, ctx: Context) -> None:
        task = self.task
        assert task is not None
        net, ref = self.net(ctx.ref), ctx.ref

        def make() -> tuple:
            rng = np.random.default_rng(self.seed(f"task/{task.name}"))
            X, Y = task.make(rng)
            starts = [net.named(getattr(ref, self.init)(*self.init_args(task.sizes, rng)), "init")
                      for _ in range(task.starts)]
            runs = [getattr(ref, self.train)(net.native(s), X, Y, task.lr, task.epochs)[1] for s in starts]
            if not all(np.isfinite(r[-1]) and r[-1] < 0.5 * r[0] for r in runs):  # a declaration to fix
                raise RuntimeError(f"{self.name}: the model answer does not halve its loss on the task "
                                   f"{task.name!r} (lr={task.lr:g}, {task.epochs} epochs); lower the rate or add epochs")
            return X, Y, starts, [float(r[-1]) for r in runs]
        X, Y, starts, finals = ctx.memo(f"task/{task.name}", make)
        results = values(ctx, [Call(self.train, (net.native(s), X, Y, task.lr, task.epochs)) for s in starts])
        solved, first_bad = 0, None
        for start, final, raw in zip(starts, finals, results):
            _, losses_raw = as_tuple(raw, 2, f"`{self.train}`")
            losses = losses_list(losses_raw, task.epochs, f"the losses from `{self.train}`")
            ok = bool(np.isfinite(losses[-1]) and losses[-1] <= task.factor * final + 1e-12)
            solved += ok
            if not ok and first_bad is None:
                first_bad = (start, losses, final)
        if first_bad is None:
            return
        start, losses, final = first_bad
        rlosses = np.asarray(getattr(ref, self.train)(net.native(start), X, Y, task.lr, task.epochs)[1], float)
        raise Fail(f"`{self.train}` (lr={task.lr:g}, {task.epochs} epochs) {task.title} from {solved} of "
                   f"{len(starts)} starting points; the model answer does from all {len(starts)}. From the first "
                   f"one it missed, its final loss is {losses[-1]:.4g}, the model answer's {final:.4g}",
                   fraction=solved / len(starts), function=self.train,
                   details=curves(f"`{self.train}` {task.title}: the first starting point it missed", losses,
                                  rlosses),
                   evidence={"kind": "convergence", "fn": self.train,
                             "inputs": {"params": start, "X": X, "Y": Y, "lr": task.lr, "epochs": task.epochs},
                             "got": {"losses": losses}})

    # ------------------------------------------------------------------ the declaration's checks

    def assignment(self, title: str, points: dict[str, float], order: int = 100):
        """The ``Assignment`` the registry reads: this network's checks worth ``points``."""
        from ..declaration import Assignment

        return Assignment(name=self.name, title=title, functions=self.functions(), checks=self.checks(points),
                          order=order, declared=self)

    def sample_inputs(self, ref: Any) -> dict[str, list[dict]]:
        """Evidence inputs the diagnosis tests run every mutant on: the square and the wide test points, and a
        short training run (what the checks themselves record)."""
        net = self.net(ref)
        points = [self.random_point(ref, sizes, self.batch, np.random.default_rng(self.seed(f"sample/{seed}")))
                  for sizes, seed in ((self.square, 1), (self.wide, 2))]
        return {self.backward: [net.evidence_inputs(pt) for pt in points],
                self.train: [{**net.evidence_inputs(points[0]), "lr": self.train_lr, "epochs": self.train_epochs}]}

    def checks(self, points: dict[str, float]) -> tuple[CheckSpec, ...]:
        """Every generic check, with the declared points (a check declared at 0 points is left out)."""
        specs = [
            CheckSpec("api.functions", "api", "every function is defined and implemented", 0, self.check_api),
            CheckSpec("shape.outputs", "shape", "outputs and gradients have the contract's shapes", 0,
                      self.check_shapes),
            CheckSpec("shape.no_mutation", "shape", "no function modifies its arguments", 0, self.check_no_mutation),
            CheckSpec("shape.repeatable", "shape", f"{self.backward} gives the same result twice and leaves its "
                      "cache alone", 0, self.check_repeatable, self.backward),
            *(CheckSpec(f"forward.{fn}", "forward", f"{fn} matches the model answer, also at z = +-1000", 0,
                        self.check_activation(fn), fn) for fn in self.activations),
            CheckSpec(f"forward.{self.forward}", "forward", f"{self.forward} matches the model answer", 0,
                      self.check_forward, self.forward),
            *(CheckSpec(f"forward.{fn}", "forward", f"{fn} matches the model answer", 0, self.check_pairwise(fn), fn)
              for fn in (self.loss, *self.pairwise)),
            *((CheckSpec(f"forward.{self.predict}", "forward", f"{self.predict} matches the model answer", 0,
                         self.check_predict, self.predict),) if self.predict else ()),
            CheckSpec("gradient.numerical", "gradient", f"{self.backward} matches finite differences of your "
                      f"{self.forward} and {self.loss}", 0, self.check_grad_numeric, self.backward),
            CheckSpec("gradient.reference", "gradient", f"{self.backward} matches the model answer", 0,
                      self.check_grad_reference, self.backward, public=False),
            CheckSpec(f"training.{self.init}", "training", f"{self.init}: right shapes, seeded, symmetry broken", 0,
                      self.check_init, self.init),
            CheckSpec(f"training.{self.train}", "training", f"{self.train} follows the model answer's trajectory",
                      0, self.check_train, self.train),
            *((CheckSpec(f"convergence.{self.task.name}", "convergence",
                         f"{self.train} {self.task.title} from {self.task.starts} starting points", 0,
                         self.check_convergence, self.train),) if self.task else ()),
        ]
        unknown = set(points) - {s.id for s in specs}
        if unknown:
            raise ValueError(f"{self.name}: points declared for checks that do not exist: {sorted(unknown)}")
        left_out = [s.id for s in specs if s.id not in points]
        if left_out:  # a typo in a check id must not drop a check silently: 0 points leaves it out on purpose
            raise ValueError(f"{self.name}: no points declared for {left_out} (give 0 to leave a check out)")
        return tuple(replace(s, points=float(points[s.id])) for s in specs if points.get(s.id, 0) > 0)
