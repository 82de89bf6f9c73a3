"""Incremental learning, MATLAB ``adapt``, and the sequence helpers ``con2seq``/``seq2con``.

``adapt`` (adaptFcn ``'trains'``, NNT 7+ ``'adaptwb'``: the same rule for networks without
delays) presents the inputs one time step at a time and updates every weight and bias after
each step with its own ``learnFcn`` (learngd or learngdm, :mod:`pyneuro._learnfcn`), using the
gradient of the performance on that time step alone. The whole sequence is presented
``adaptParam.passes`` times. A matrix ``P`` is *one* time step of Q concurrent samples, so it
gives one update per pass with their joint gradient; per-sample learning needs a sequence,
a list of columns (``con2seq(P)``), as in MATLAB.
"""

import numpy as np

from .._learnfcn import momentum
from .._registry import lookup
from .._validate import as_rows
from ..errors import ShapeError
from ..network import learn_mask, plan_of, weights_of
from .backprop import Objective

__all__ = ["adapt", "con2seq", "seq2con", "ADAPT_FUNCTIONS"]

ADAPT_FUNCTIONS = {"trains": "trains", "adaptwb": "adaptwb"}
"""The adapt functions pyneuro provides (both apply the learning functions per time step)."""


def con2seq(b, TS=None):
    """Concurrent vectors to a sequence, MATLAB ``s = con2seq(b)`` / ``con2seq(b, TS)``.

    Parameters
    ----------
    b : array_like, shape (R, Q)
    TS : int, optional
        Number of time steps; ``Q`` must be a multiple of it. Default ``Q`` (one column per
        time step).

    Returns
    -------
    list of ndarray, each shape (R, Q/TS)
        Time step ``ts`` holds columns ``ts*M .. ts*M + M - 1`` (``M = Q/TS``).

    Examples
    --------
    >>> [s.ravel().tolist() for s in con2seq([[1, 2, 3], [4, 5, 6]])]
    [[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]]
    """
    b = np.atleast_2d(np.asarray(b, dtype=float))
    Q = b.shape[1]
    TS = Q if TS is None else int(TS)
    if TS <= 0 or Q % TS:
        raise ShapeError(f"con2seq: {Q} columns do not split into {TS} time steps of equal "
                         "width")
    M = Q // TS
    return [b[:, ts * M:(ts + 1) * M].copy() for ts in range(TS)]


def seq2con(s):
    """A sequence to concurrent vectors, MATLAB ``b = seq2con(s)``: the time steps side by
    side, one ``(R, TS*M)`` array (MATLAB returns it in a 1x1 cell)."""
    return np.concatenate([np.atleast_2d(np.asarray(step, dtype=float)) for step in s], axis=1)


def _is_sequence(A):
    # MATLAB tells a sequence (cell array) from a matrix by type; here a sequence is a list
    # of 2-D arrays (what con2seq returns), and a list of rows is a matrix.
    return isinstance(A, (list, tuple)) and len(A) > 0 and all(np.ndim(a) == 2 for a in A)


def _steps(net, P, T):
    sequence = _is_sequence(P)
    if sequence != _is_sequence(T):
        raise ShapeError("P and T must both be sequences (lists of time steps, con2seq) or "
                         "both matrices")
    Ps, Ts = (list(P), list(T)) if sequence else ([P], [T])
    if len(Ps) != len(Ts) or not Ps:
        raise ShapeError(f"P has {len(Ps)} time steps and T has {len(Ts)}; adapt needs the "
                         "same number, at least one")
    steps = []
    for ts, (p, t) in enumerate(zip(Ps, Ts)):
        p = as_rows(p, net.inputs[0].size, f"P (time step {ts + 1})", "network input")
        t = as_rows(t, net.layers[-1].size, f"T (time step {ts + 1})", "network output")
        if p.shape[1] != t.shape[1]:
            raise ShapeError(f"time step {ts + 1}: P has {p.shape[1]} columns and T has "
                             f"{t.shape[1]}")
        steps.append((p, t))
    return sequence, steps


def _learning_rates(net):
    """Per learnable parameter: lr and mc from the learnParam of the block it belongs to."""
    owners = {"b": net.biases, "IW": net.inputWeights, "LW": net.layerWeights}
    n = weights_of(net).size
    lr, mc = np.empty(n), np.empty(n)
    for (kind, key), block in plan_of(net).blocks.items():
        owner = owners[kind][key]
        mc[block.start:block.stop] = momentum(owner.learnFcn, owner.learnParam)
        lr[block.start:block.stop] = owner.learnParam["lr"]
    mask = learn_mask(net)
    return lr[mask], mc[mask]


def adapt(net, P, T, Pi=None, Ai=None):
    """Adapt a network incrementally, MATLAB ``[net, Y, E] = adapt(net, P, T)``.

    Parameters
    ----------
    net : Network
        Uses ``adaptFcn``, ``adaptParam.passes`` and each weight's ``learnFcn`` and
        ``learnParam``; it is **not** modified.
    P, T : array_like, shape (R, Q) and (SN, Q), or lists of them
        A matrix is one time step of Q concurrent samples (one update per pass); a list of
        2-D arrays is a sequence of time steps, each updating the weights (``con2seq(P)``).
    Pi, Ai : None
        Delay states, accepted for MATLAB's argument order; must be empty.

    Returns
    -------
    net : Network
        The adapted copy.
    Y, E : ndarray or list of ndarray
        Outputs and errors ``T - Y`` of the last pass, each time step computed before that
        step's update (as MATLAB); a list when P is a sequence.

    Examples
    --------
    >>> import pyneuro as nn
    >>> net = nn.newff([[-1, 1]], [2, 1], ['tansig', 'purelin'], rng=0)
    >>> net.adaptParam.passes = 3
    >>> net2, Y, E = nn.adapt(net, nn.con2seq([[-1, 0, 1]]), nn.con2seq([[1, 0, 1]]))
    >>> len(Y), Y[0].shape
    (3, (1, 1))
    """
    for name, value in (("Pi", Pi), ("Ai", Ai)):
        if value is not None and np.size(value):
            raise ShapeError(f"{name} (delay states) is not supported: pyneuro's networks have "
                             "no delays; pass None")
    lookup(ADAPT_FUNCTIONS, net.adaptFcn, "adapt function", None)
    sequence, steps = _steps(net, P, T)
    lr, mc = _learning_rates(net)
    objectives = [Objective(net, p, t) for p, t in steps]
    x = objectives[0].x0()
    dx = None  # learngdm's previous change, per parameter (None before the first step)
    Y = [None] * len(steps)
    for _ in range(net.adaptParam.passes):
        for ts, obj in enumerate(objectives):
            _, grad = obj.perf_grad(x)
            Y[ts] = obj.cache.output.copy()  # before this step's update
            step = -lr * grad  # lr*gW with gW the negative gradient
            dx = step if dx is None else mc * dx + (1.0 - mc) * step
            x = x + dx
    out = net.copy()
    weights_of(out)[learn_mask(out)] = x
    E = [t - y for (_, t), y in zip(steps, Y)]
    return (out, Y, E) if sequence else (out, Y[0], E[0])
