"""The derivation view: one step of back-propagation, neuron by neuron, as a textbook writes it.

:func:`trace` runs one step of gradient descent on a sample (or a few) and keeps every
intermediate: for each neuron its net input, output and local gradient δ, for each weight and
bias ``∂E/∂w`` and its updated value, and the error before and after the step. Nothing is
computed twice: the net inputs and outputs are the engine's forward cache, the δ its backward
pass, the gradient its reduction over samples, and the update traingd's own step
(:mod:`pyneuro.training.traingd`), all run through :class:`~pyneuro.training.backprop.Objective`.

Scaling. The trace uses the textbook's error ``E = ½Σ(t − o)²`` (sum over outputs and
samples) and update ``w+ = w − η·∂E/∂w``. As ``E`` is half of MATLAB's ``sse``, one trace step
with learning rate η is one ``traingd`` step of :func:`pyneuro.train` with
``performFcn = 'sse'`` and ``lr = η/2``, or with ``performFcn = 'mse'`` and
``lr = η·S·Q/2`` (S outputs, Q samples): ``mse = sse/(S·Q) = 2E/(S·Q)``.

Names: inputs ``i1, i2, ...``; the first hidden layer's neurons ``h1, h2, ...``, a second
hidden layer's ``h1_2, h2_2, ...``; outputs ``o1, o2, ...``; targets ``t1, t2, ...``. A weight
is named by its ends, ``w(h1←i1)``, and numbered ``w1, w2, ...`` in the textbook's order
(layer by layer from the inputs, each matrix row by row); a bias is ``b(h1)``.

The module is ``pyneuro.trace``; ``pyneuro.trace`` the attribute is the function (import the
record's classes with ``from pyneuro.trace import Trace``).
"""

import math

import numpy as np

from . import _engine
from ._constructors import newff
from ._tracerecord import LayerStep, Trace, WeightStep
from ._traceview import SUMMARY_THRESHOLD
from ._validate import as_rows, check_finite
from .errors import ParameterError, ShapeError
from .network import learn_mask, plan_of, process_inputs, process_targets, weights_of
from .preprocessing import tramnmx
from .training import MIN_GRAD, train
from .training.backprop import Objective
from .training.traingd import TRAINGD
from .workflow import MinMaxScaling

__all__ = ["trace", "example", "Trace", "LayerStep", "WeightStep", "SUMMARY_THRESHOLD",
           "MAX_STEPS"]

MAX_STEPS = 2**20
"""Most steps a trace runs (the training record keeps every epoch up to this many)."""


# -- names -----------------------------------------------------------------------------------


def _neuron_names(sizes):
    """``[['h1', 'h2'], ['h1_2'], ['o1', 'o2']]`` for hidden layers and the output layer."""
    names = []
    for i, size in enumerate(sizes):
        if i == len(sizes) - 1:
            names.append([f"o{k + 1}" for k in range(size)])
        else:
            suffix = "" if i == 0 else f"_{i + 1}"
            names.append([f"h{k + 1}{suffix}" for k in range(size)])
    return names


def _weights(plan, neurons, wb, grad, updated, mask):
    """WeightSteps in the textbook's order: per layer its weight matrices row by row
    (numbered), then its biases."""
    out, number = [], 0
    inputs = [f"i{c + 1}" for c in range(plan.input_sizes[0])] if plan.input_sizes else []
    for layer in plan.layers:
        for source in layer.sources:
            if source.kind == "IW":
                origins = inputs if source.origin == 0 else [
                    f"i{c + 1}_{source.origin + 1}" for c in range(source.block.cols)]
            else:
                origins = neurons[source.origin]
            for r in range(source.block.rows):
                for c in range(source.block.cols):
                    number += 1
                    k = source.block.start + c * source.block.rows + r  # column-major block
                    to = neurons[layer.index][r]
                    out.append(WeightStep(f"w{number}", f"w({to}←{origins[c]})", to, origins[c],
                                          layer.index, k, float(wb[k]), float(grad[k]),
                                          float(updated[k]), bool(mask[k])))
        if layer.bias is not None:
            for r in range(layer.size):
                k = layer.bias.start + r
                to = neurons[layer.index][r]
                out.append(WeightStep("", f"b({to})", to, None, layer.index, k, float(wb[k]),
                                      float(grad[k]), float(updated[k]), bool(mask[k])))
    return tuple(out)


# -- the step --------------------------------------------------------------------------------


def _learning_rate(net, lr, S, Q):
    """η, and a sentence saying where it came from and which traingd settings match it."""
    if lr is not None:
        if isinstance(lr, bool) or not isinstance(lr, (int, float, np.integer, np.floating)) \
                or not math.isfinite(float(lr)) or float(lr) <= 0:
            raise ParameterError(f"lr must be a positive finite number (η of w+ = w − η·∂E/∂w); "
                                 f"got {lr!r}")
        eta, source = float(lr), "as given"
    else:
        params = net.trainParam.to_dict()
        if "lr" in params:
            base, where = float(params["lr"]), f"net.trainParam.lr = {float(params['lr']):g}"
        else:
            base, where = 0.01, f"traingd's default lr = 0.01 ({net.trainFcn} has no lr)"
        if net.performFcn == "sse":
            eta, source = 2.0 * base, f"= 2·lr from {where} on sse"
        else:
            eta = 2.0 * base / (S * Q)
            source = f"= 2·lr/(S·Q) from {where} on mse" + (
                "" if net.performFcn == "mse"
                else f" (performFcn is {net.performFcn}; scaled as mse)")
    return eta, (f"η = {eta:g} {source}: the same step as traingd with performFcn 'sse' and "
                 f"lr = η/2 = {eta / 2:g}, or 'mse' and lr = η·S·Q/2 = {eta * S * Q / 2:g} "
                 f"(S = {S} output{'s' if S != 1 else ''}, Q = {Q} sample{'s' if Q != 1 else ''})")


def _descent_errors(net, P, T, eta, steps):
    """E after 0..steps traingd steps on sse with lr = η/2, by :func:`pyneuro.train`."""
    run = net.copy()
    run.divideFcn = ""  # every sample, as the traced step
    run.trainFcn = "traingd"
    run.performFcn = "sse"
    run.trainParam = {"lr": eta / 2, "epochs": steps, "goal": 0.0, "min_grad": 0.0,
                      "show": None}
    _, tr = train(run, P, T, display=None)
    errors = tr.perf / 2.0
    if tr.stop == MIN_GRAD:  # a zero gradient: every further step leaves the weights as they are
        errors = np.pad(errors, (0, steps + 1 - errors.size), mode="edge")
    return errors


def trace(net, p, t, lr=None, *, steps=1, scaling=None):
    """One step of back-propagation on sample(s) ``(p, t)``, with every intermediate.

    Parameters
    ----------
    net : Network
        Not modified. Frozen weights (``learn = False``) are shown but not updated.
    p : array_like, shape (R, Q) or (R,)
        Inputs, one column per sample (a 1-D array is one sample).
    t : array_like, shape (S, Q) or (S,)
        Targets.
    lr : float, optional
        η of ``w+ = w − η·∂E/∂w`` with ``E = ½Σ(t − o)²``. By default the η that makes the
        step one step of the net's own training: ``2·lr/(S·Q)`` from ``net.trainParam.lr``
        on mse (``2·lr`` on sse); traingd's 0.01 when the training function has no ``lr``.
    steps : int, default 1
        Also run this many steps of the same descent (by :func:`pyneuro.train`) and record
        ``E`` after each in ``errors``.
    scaling : MinMaxScaling, optional
        The premnmx settings the net was trained with (:class:`pyneuro.workflow.MinMaxScaling`,
        as a saved net stores them): ``p`` and ``t`` are then in original units and are
        normalised with ``tramnmx`` first, as training saw them.

    Returns
    -------
    Trace

    Raises
    ------
    ShapeError
        ``p`` or ``t`` of the wrong shape.
    DataFormatError
        Non-finite values.
    ParameterError
        A bad ``lr`` or ``steps``.

    Notes
    -----
    ``δ`` of an output neuron is ``(out − t)·f′(net)``; of a hidden neuron
    ``(Σ δ·w)·f′(net)`` over the neurons it feeds; ``∂E/∂w(a←b) = Σ_q δa·out_b``.

    Examples
    --------
    >>> net, p, t, lr = example()
    >>> tr = trace(net, p, t, lr)
    >>> round(tr.error, 9), round(tr.error_after, 9)
    (0.298371109, 0.291027774)
    >>> [(w.number, round(w.updated, 8)) for w in tr.weights if w.number in ('w1', 'w5')]
    [('w1', 0.14978072), ('w5', 0.35891648)]
    """
    R, S = net.inputs[0].size, net.outputs[-1].size
    p_given = as_rows(p, R, "p", "network input")
    t_given = as_rows(t, S, "t", "network output")
    if p_given.shape[1] == 0 or p_given.shape[1] != t_given.shape[1]:
        raise ShapeError(f"p and t must hold the same number (at least 1) of samples "
                         f"(columns); got {p_given.shape[1]} and {t_given.shape[1]}")
    for name, values in (("p", p_given), ("t", t_given)):
        check_finite(values, name, "a trace needs finite values", "Choose another sample.")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) \
            or not 1 <= steps <= MAX_STEPS:
        raise ParameterError(f"steps must be a whole number from 1 to {MAX_STEPS}; got {steps!r}")
    scaling = scaling or MinMaxScaling()
    P = scaling.inputs(p_given)
    T = tramnmx(t_given, scaling.mint, scaling.maxt) if scaling.scales_outputs else t_given
    # The descent runs train(), which applies the net's own processFcns itself; the traced
    # step shows the values the layers see, after them.
    P_train, T_train = P, T
    P, T = process_inputs(net, P), process_targets(net, T)
    Q = P.shape[1]
    eta, lr_note = _learning_rate(net, lr, S, Q)

    # The engine's pass on sse = 2E: traingd's own first evaluation, then its own step.
    obj = Objective(net, P, T, performance="sse", keep_net_input=True)
    algo = TRAINGD.algorithm(obj, obj.x0(), {"lr": eta / 2})
    # Copies: the next pass (the step) reuses the objective's buffers.
    N = [n.copy() for n in obj.cache.N]
    A = [a.copy() for a in obj.cache.A]
    delta = [d / 2.0 for d in obj.dN]  # ∂E/∂net = ½ ∂sse/∂net (exact in binary)
    grad = _engine.gradient(obj.plan, obj.cache, obj.dN) / 2.0  # frozen ones too
    error = algo.perf / 2.0
    algo.step(0)
    wb = weights_of(net).copy()
    mask = learn_mask(net)
    updated = wb.copy()
    updated[mask] = algo.x
    errors = (_descent_errors(net, P_train, T_train, eta, steps) if steps > 1
              else np.array([error, algo.perf / 2.0]))

    plan = plan_of(net)
    neurons = _neuron_names([layer.size for layer in plan.layers])
    layers = tuple(LayerStep(i, tuple(neurons[i]), net.layers[i].transferFcn, N[i], A[i],
                             delta[i], i == plan.output) for i in range(len(plan.layers)))
    normalised = [what for what, done in (("inputs", scaling.scales_inputs),
                                          ("targets", scaling.scales_outputs)) if done]
    processing = [f"{what} by {', '.join(record.processFcns)}" for what, record in
                  (("inputs", net.inputs[0]), ("targets", net.outputs[-1])) if record.processFcns]
    return Trace(
        architecture="-".join(str(s) for s in [R] + [layer.size for layer in plan.layers]),
        input_names=tuple(f"i{k + 1}" for k in range(P.shape[0])),
        target_names=tuple(f"t{k + 1}" for k in range(T.shape[0])),
        p=P, t=T,
        p_original=p_given if scaling.scales_inputs else None,
        t_original=t_given if scaling.scales_outputs else None,
        layers=layers,
        weights=_weights(plan, neurons, wb, grad, updated, mask),
        lr=eta, lr_note=lr_note,
        error_terms=0.5 * (T - A[-1]) ** 2,
        error=error, error_after=algo.perf / 2.0, errors=errors,
        normalisation=(f"{' and '.join(normalised)} normalised with the premnmx settings "
                       "(tramnmx), as training saw them" if normalised else
                       f"{' and '.join(processing)} (the net's processFcns), as training "
                       "saw them" if processing else None),
        n_weights=plan.n)


def example():
    """The classic textbook example: a 2-2-2 logsig network, one sample.

    Inputs 0.05 and 0.10, targets 0.01 and 0.99; weights ``w1 ... w8`` = 0.15, 0.20, 0.25,
    0.30, 0.40, 0.45, 0.50, 0.55; biases 0.35 (hidden) and 0.60 (output), kept fixed
    (``learn = False``); ``E = ½Σ(t − o)²``, learning rate 0.5.

    Returns
    -------
    net : Network
    p : ndarray, shape (2, 1)
    t : ndarray, shape (2, 1)
    lr : float
    """
    net = newff([[0.0, 1.0], [0.0, 1.0]], [2, 2], ["logsig", "logsig"], "traingd", rng=0)
    net.IW[0, 0][...] = [[0.15, 0.20], [0.25, 0.30]]  # rows: h1, h2; columns: i1, i2
    net.LW[1, 0][...] = [[0.40, 0.45], [0.50, 0.55]]  # rows: o1, o2; columns: h1, h2
    net.b[0][...] = 0.35
    net.b[1][...] = 0.60
    net.biases[0].learn = False
    net.biases[1].learn = False
    net.performFcn = "sse"
    net.trainParam.lr = 0.25  # = η/2 on sse, so train(net, p, t) takes the textbook's steps
    return net, np.array([[0.05], [0.10]]), np.array([[0.01], [0.99]]), 0.5
