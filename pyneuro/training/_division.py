"""Data for one ``train`` call: configure if needed, process, divide (MATLAB 7+ order).

``train`` configures a network that has seen no data yet, applies its input and output
processing (so training, and the recorded ``perf``/``vperf``/``tperf``, are in the processed
units, as the networks' output layer sees them), then splits the columns with the net's
``divideFcn`` (a new split on every call) into the training data and the validation and test
pairs the shared loop takes as ``VV``/``TV``.
"""

import numpy as np

from .._netops import configure
from ..divide import divide_indices
from ..errors import ParameterError
from ..network import is_configured, process_inputs, process_targets
from ._loop import Division

__all__ = ["configured", "processed", "divided", "record_division"]


def configured(net, P, T):
    """`net` itself when configured, else ``configure(net, P, T)`` (which also initialises)."""
    return net if is_configured(net) else configure(net, P, T)


def processed(net, P, T):
    """P and T through the net's input and output processing."""
    return process_inputs(net, P), process_targets(net, T)


def divided(net, P, T):
    """Split the columns of (processed) P, T with the net's division function.

    Returns
    -------
    P, T : ndarray
        The training columns.
    VV, TV : tuple (P, T) or None
        Validation and test columns, None for an empty set.
    division : Division
        The 0-based index lists.
    """
    Q = P.shape[1]
    if not net.divideFcn or net.divideMode == "none":
        division = Division.all_training(Q)
    else:
        division = Division(*divide_indices(net._divide_fcn, Q, net.divideParam))
    if division.trainInd.size == 0:
        raise ParameterError(
            f"{net.divideFcn} left no training samples out of {Q}; raise "
            "net.divideParam.trainRatio (or list trainInd) or give more samples")

    def columns(A, ind):
        # Every column in order (classic nets, dividetrain): the data as they are, without
        # a copy of the largest arrays of a run.
        if ind.size == Q and np.array_equal(ind, np.arange(Q)):
            return A
        return A[:, ind]

    def part(ind):
        return (columns(P, ind), columns(T, ind)) if ind.size else None

    return columns(P, division.trainInd), columns(T, division.trainInd), \
        part(division.valInd), part(division.testInd), division


def record_division(tr, net, division, S, Q):
    """Fill the division fields of the training record for all Q samples."""
    tr.trainInd, tr.valInd, tr.testInd = division
    tr.trainMask, tr.valMask, tr.testMask = division.masks(S, Q)
    tr.divideFcn = net.divideFcn
    tr.divideParam = net.divideParam.to_dict()
    tr.divideMode = net.divideMode
    return tr
