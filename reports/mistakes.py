"""Plain-words explanations of the mistakes in docs/mistakes.md, each with a hint toward the fix.

The hints point at where to look and what to reason about; they never hand out the fixed
code. Every id of the catalogue has an entry (a test checks that docs/mistakes.md has a section for each).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mistake:
    """How a report explains one mistake id."""

    id: str
    title: str  #: a few words, e.g. "Gradient with the wrong sign"
    explanation: str  #: what went wrong, for the student, in plain words
    hint: str  #: where to look and what to think about; never the fixed code


def _m(id: str, title: str, explanation: str, hint: str) -> Mistake:
    return Mistake(id, title, " ".join(explanation.split()), " ".join(hint.split()))


_CATALOGUE = [
    _m("gradient-sign", "Gradient with the wrong sign",
       """Your gradient has the right size but points the opposite way: every entry has the wrong
       sign. This usually comes from writing the output error as target minus prediction. Gradient
       descent then walks uphill, so the loss grows during training.""",
       """Check the order of the subtraction where the output error starts in backward, and derive
       the derivative of the loss with respect to the prediction on paper."""),
    _m("gradient-scale", "Gradient off by a constant factor",
       """Your gradient points the right way but is a constant multiple of the true one. Typical
       causes: summing over the batch where the loss takes the mean, dividing by the wrong count
       (features or outputs instead of samples), or dropping or doubling the factor 2 that the
       square in a squared error brings down.""",
       """Compare the loss formula in the handout with your backward: every mean in the loss becomes
       a division by the same count in the gradient, and the power of a square comes down as a
       factor. Check the ratio between your gradient and a finite-difference estimate."""),
    _m("transposed-gradient", "Transposed weight gradient",
       """A weight gradient has its rows and columns swapped. For a square weight matrix the shape
       still fits, so nothing crashes, but every entry belongs to another weight.""",
       """A weight gradient has the shape of the weight: rows follow the layer's inputs, columns its
       outputs. Check which factor comes first in your matrix product and which one is
       transposed."""),
    _m("recurrent-transpose", "Recurrent gradient multiplied the wrong way",
       """When you pass the gradient from one time step back to the previous hidden state (or to the
       input), you multiply by the weight matrix without transposing it. The last time step is
       still right, which is why the error appears from the second-to-last step back.""",
       """In the forward pass h_{t-1} is multiplied by Whh. Work out on paper, with the shapes of each
       factor, which way the product must go when the gradient flows backwards."""),
    _m("overwrite-not-accumulate", "Gradient overwritten instead of summed",
       """Where a gradient must be summed over samples, time steps or several uses of the same value,
       your code assigns it each time, so only the last contribution survives.""",
       """Look at the loop in backward: does each step add its contribution to what the earlier steps
       computed, or replace it? A sum has to start from zero before the loop."""),
    _m("bias-not-summed", "Bias gradient not summed over the batch",
       """A bias is shared by every sample in the batch, so its gradient must collect the
       contributions of all samples. Yours keeps one sample's gradient, or reduces along the wrong
       axis, so it has the wrong values or the wrong shape.""",
       """A bias has one entry per unit, whatever the batch size. Reduce the output error over the
       batch dimension (the axis that holds the samples) and check the shape of the result against
       the bias."""),
    _m("activation-derivative-at-output", "Activation derivative taken at the output",
       """Your hidden layer uses the derivative of the activation at its output, not at its input:
       sigmoid_derivative expects the pre-activation z, but it was given the activation
       a = sigmoid(z) (or 1 - tanh(x)**2 was applied to a value that already went through tanh).
       The derivative is then evaluated at the wrong point, so every gradient behind that layer is
       off by a smooth factor.""",
       """Look at what you pass to the derivative in backward: the value before the activation or the
       one after it? Check which of the two your derivative function expects."""),
    _m("derivative-formula-on-preactivation", "Output-based derivative formula used on the pre-activation",
       """You used the shortcut formula that is written in terms of the activation's output (a times
       1 - a for the sigmoid, 1 minus the square for tanh) but gave it the pre-activation z. The
       shortcut is only right for the value after the activation.""",
       """Decide which value the formula you wrote expects, then check which value your backward
       actually gives it."""),
    _m("activation-derivative-of-gradient", "Derivative applied to the incoming gradient",
       """You applied the activation's derivative function to the gradient coming back from the next
       layer, instead of multiplying that gradient by the derivative evaluated at this layer's
       pre-activation. The output layer is still right; every hidden layer is wrong.""",
       """By the chain rule the local derivative is a factor that multiplies the incoming gradient.
       Ask what the derivative should be evaluated at, and what it should multiply."""),
    _m("wrong-activation-derivative", "Wrong formula for the activation's derivative",
       """The formula for the derivative of the activation function itself is wrong, so every
       gradient that passes through it is wrong too.""",
       """Differentiate the activation on paper, then test your derivative function on its own
       against the finite difference (f(z + h) - f(z - h)) / 2h at a few points, large and small."""),
    _m("softmax-diagonal-jacobian", "Softmax backpropagated elementwise",
       """You backpropagated through softmax as if each probability depended only on its own logit,
       multiplying by p(1 - p). Softmax couples all outputs: raising one logit lowers every other
       probability. Taken together with the cross-entropy loss, the full derivative is much simpler
       than the elementwise one.""",
       """Work out the derivative of the cross-entropy loss with respect to the logits (not the
       probabilities) for a softmax output, including the off-diagonal terms. It needs no
       elementwise derivative factor at all."""),
    _m("wrong-layer-input", "Weight gradient built from another layer's input",
       """A weight gradient is built with the activations of the wrong layer. Each weight gradient
       must use the input that entered that same layer in the forward pass; an off-by-one in the
       layer index gives a gradient that may even have a fitting shape but is wrong.""",
       """For each layer, write down which array it received as input in forward, and check that
       backward uses that very array for the layer's weight gradient."""),
    _m("missing-recurrent-gradient", "Gradient from the next time step dropped",
       """In backpropagation through time, the hidden state h_t affects the loss in two ways: through
       the output at step t and through the next hidden state h_{t+1}. Your backward only uses the
       first, as if the network were cut after one step, so the recurrent weights get only part of
       their gradient.""",
       """Keep a gradient for the hidden state that travels from each step back to the previous one,
       and combine it with the gradient coming from that step's output."""),
    _m("off-by-one-time", "Hidden state from the wrong time step",
       """The gradient of the recurrent weights pairs the error at step t with the hidden state of
       another step (or reads another step's cache). Only the Whh gradient is wrong; the others are
       right.""",
       """In forward, which hidden state is multiplied by Whh at step t? Check the index you read
       from your cache in the backward loop, and where h0 sits in it."""),
    _m("update-rule", "Wrong parameter update",
       """Your forward and backward are right, but the training step moves the parameters the wrong
       way: for example adding the gradient instead of stepping against it, scaling the step by the
       weight, or updating some parameters before the gradients of the others were computed.""",
       """Compare your update with the handout's rule, and make sure every gradient of a step is
       computed from the same, not yet updated, parameters."""),
    _m("skips-samples", "Training loop skips samples",
       """Your training loop does not visit every sample in an epoch: an off-by-one in the loop
       range, or the last, smaller batch is dropped.""",
       """Count how many samples one epoch actually uses and compare with N; look at the end bound of
       your loop and at what happens to the last batch when N is not a multiple of the batch
       size."""),
    _m("learning-rate-too-high", "Training diverges",
       """Training diverged: the loss grew or oscillated until it overflowed to inf or NaN. A step
       larger than the curvature of the loss allows makes each update overshoot the minimum.""",
       """Try smaller learning rates (halve it until the loss goes down steadily); where the report
       gives the largest stable rate, stay below it. Unscaled features make this worse."""),
    _m("not-converged", "Training stops far from the optimum",
       """Training runs, but ends far from a good solution: the final loss or accuracy is far from
       what the reference reaches with the same budget. Usual causes are a learning rate that is
       too small, too few epochs, or unscaled features.""",
       """Plot your loss per epoch. If it is still going down at the end, the step or the budget is
       too small; if it stalls early, look at feature scaling and at the initialisation."""),
    _m("init-too-large", "Initial weights too large",
       """Your initial weights are so large that the hidden units start saturated: their outputs sit
       on the flat ends of the activation, where the derivative is almost zero, so hardly any
       gradient flows back and learning stalls.""",
       """Look at the size of your initial weights relative to the number of inputs of each layer;
       the handout names scaling rules (Xavier, He) that keep pre-activations small."""),
    _m("symmetric-init", "All weights start equal",
       """All weights start with the same value (zeros or a constant), so every hidden unit computes
       the same thing and receives the same gradient. They stay identical for ever and the network
       behaves as if it had a single hidden unit.""",
       """Something has to make the hidden units different from the start: use the random generator
       you are given for the weights (the biases may start at zero)."""),
    _m("unstable-softmax", "Softmax overflows for large logits",
       """Your softmax takes the exponential of the raw logits. For large logits (like 1000) the
       exponential overflows to inf and the result becomes NaN.""",
       """Softmax gives the same result if you subtract the same number from every logit of a row.
       Which number keeps every exponent at or below zero?"""),
    _m("wrong-loss", "Loss differs from the specified one",
       """Your loss value differs from the one the handout specifies on the same inputs: a sum where
       a mean belongs, another loss function, or a log of 0 that gives inf.""",
       """Compare your loss with the handout's formula term by term: what is averaged, over which
       axis, and what happens to a probability that underflows to 0."""),
    _m("wrong-forward", "Forward pass computes another function",
       """Your forward pass computes a different function from the specified network: for example a
       missing bias, an extra or missing activation, or softmax where it does not belong.""",
       """Put the handout's forward formula next to your code, layer by layer, and check each
       operation on a tiny input you can compute by hand."""),
    _m("shape-mismatch", "Wrong shape",
       """An output or a gradient has the wrong shape, for example (N, 1) instead of (N,), a
       transposed weight or a bias with one entry per sample. NumPy broadcasting often hides this
       until results come out silently wrong.""",
       """Print the shape of every array you return and compare it with the handout's table: every
       gradient has exactly the shape of its parameter."""),
    _m("stale-gradient-state", "Gradients kept between calls",
       """Your code keeps gradients between calls (a module-level or cached accumulator that is never
       reset), so calling it twice with the same inputs gives different results.""",
       """Look for anything that survives from one call to the next: globals, default arguments,
       attributes. Each call should start from a fresh state."""),
    _m("mutates-input", "Function changes its arguments",
       """One of your functions changes an array or a dictionary it was given, for example by an
       in-place update of a parameter array or by adding keys to the params dict. The caller's data
       changes behind its back.""",
       """Find the in-place operations on arguments in the function the check names; the handout asks
       for new arrays and a new dict to be returned instead."""),
    _m("wrong-topological-order", "Nodes visited in the wrong order",
       """Your backward hands a node's gradient on before every node that uses it has added its
       share, so the node passes on an incomplete gradient. Gradients then come out right on a chain
       but wrong as soon as a value is used twice.""",
       """A node may pass its gradient on only after all the nodes computed from it are done: order the
       graph so that each node comes after everything it was computed from, then walk that order
       backwards."""),
    _m("wrong-local-derivative", "Wrong local derivative of an operation",
       """The local derivative of one operation (a power, a product, a quotient) is not the exact
       derivative of what its forward computes, so every gradient that flows through it is off.""",
       """Write the operation's forward formula on paper and differentiate it with respect to each
       input; compare one node's gradient with a finite difference of that node alone."""),
    _m("unseeded-gradient", "Backward never starts",
       """Every gradient stays 0: the output's own gradient (d output / d output) is never set to 1
       before the graph is walked, so there is nothing to pass on.""",
       """Look at what backward does before it visits the first node: what is the derivative of the
       output with respect to itself?"""),
    _m("missing-reflected-operator", "A number on the left fails",
       """An expression with a plain number on the left of a Value (two times x, two plus x, one minus
       x) raises a TypeError: Python asks the number first, it gives up, and then it looks for the
       Value's reflected method, which is missing.""",
       """Find out which methods Python calls when the left operand does not know the right one
       (the reflected ones, with an r in their names), and define them."""),
    _m("upstream-gradient-ignored", "Upstream gradient ignored",
       """A layer's backward returns its local derivative without multiplying it by the gradient that
       arrives from the layer above (as if that gradient were all ones), so the chain rule is broken
       at that layer.""",
       """Each backward receives the gradient of the loss with respect to the layer's output: check
       that it is used, element by element, in what the layer returns."""),
    _m("not-implemented", "Function not implemented",
       """The function still raises NotImplementedError from the stub, or it is missing (a misspelled
       name counts as missing), so nothing that depends on it could be checked.""",
       """Implement the function under the exact name and with the arguments of the handout, and make
       sure the stub's raise is gone."""),
]

#: Every known mistake by id, in the order of docs/mistakes.md.
MISTAKES: dict[str, Mistake] = {m.id: m for m in _CATALOGUE}


def explain(mistake_id: str) -> Mistake:
    """The explanation of ``mistake_id``; an honest placeholder for an id this module does not know."""
    known = MISTAKES.get(mistake_id)
    if known is not None:
        return known
    return Mistake(
        mistake_id,
        mistake_id,
        "The grader named this mistake, but this report has no explanation for it yet.",
        "Compare the expected and actual values of the check above to see what differs.",
    )
