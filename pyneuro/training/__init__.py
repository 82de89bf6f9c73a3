"""Training: the public :func:`train` over a registry of training functions.

``TRAINING_FUNCTIONS`` maps MATLAB names to :class:`TrainingFunction` records. All trainers
share one loop (:mod:`._loop`) and one gradient (:mod:`.backprop`) and work on the flat vector
of learnable weights.
"""

import numpy as np  # noqa: F401 (the docstring examples use np)

from .._trainfcn import TRAINING_FUNCTIONS, get_training_function
from .._validate import check_network
from ..network import learn_mask, weights_of
from ._base import TrainingFunction
from ._checks import check_no_delays, checked, divided_data
from ._division import record_division
from ._loop import (GOAL_MET, MAX_EPOCH, MAX_TIME, MIN_GRAD, NOT_FINITE, USER_STOP,
                    VALIDATION_STOP, Division, EpochInfo, TrainRecord, run)
from .adapt import adapt, con2seq, seq2con
from .batch import Restarts, restarts, train_batch
from .conjgrad import TRAINCGB, TRAINCGF, TRAINCGP
from .quasinewton import TRAINBFG, TRAINOSS
from .trainbr import TRAINBR
from .traingd import TRAINGD, TRAINGDA, TRAINGDM, TRAINGDX
from .trainlm import TRAINLM
from .trainrp import TRAINRP
from .trainscg import TRAINSCG

__all__ = ["train", "train_batch", "restarts", "Restarts", "adapt", "con2seq", "seq2con",
           "TRAINING_FUNCTIONS", "get_training_function", "TrainingFunction",
           "TrainRecord", "EpochInfo", "Division", "GOAL_MET", "MAX_EPOCH", "MAX_TIME",
           "MIN_GRAD", "VALIDATION_STOP", "USER_STOP", "NOT_FINITE"]

# The stop messages of the shared loop (MATLAB's), for comparing with ``TrainRecord.stop``:
# e.g. USER_STOP is "User stop." (Ctrl-C with interrupt="stop", or a callback returning True).
# A training function may add its own (trainlm: "Maximum MU reached.").

TRAINING_FUNCTIONS.update({f.name: f for f in (TRAINGD, TRAINGDM, TRAINGDA, TRAINGDX, TRAINRP,
                                               TRAINSCG, TRAINBFG, TRAINCGF, TRAINCGP, TRAINCGB,
                                               TRAINOSS, TRAINLM, TRAINBR)})


def train(net, P, T, Pi=None, Ai=None, VV=None, TV=None, *, callback=None, display=print,
          interrupt="raise"):
    """Train a network, MATLAB ``[net, tr] = train(net, P, T, Pi, Ai, VV, TV)``.

    Parameters
    ----------
    net : Network
        Trained with ``net.trainFcn`` and ``net.trainParam``; it is **not** modified.
    P : array_like, shape (R, Q)
        Inputs, one column per sample.
    T : array_like, shape (SN, Q)
        Targets.
    Pi, Ai : None
        Delay states; accepted for MATLAB's argument order, must be empty (no delays).
    VV, TV : dict or tuple, optional
        Validation and test data ``{'P': Pv, 'T': Tv}`` (MATLAB's v4 ``VV``/``TV``). With
        ``VV``, training stops after ``max_fail`` epochs without improvement on it and the
        best-validation weights are returned. Given either, the net's ``divideFcn`` is not
        used: all of P trains.
    callback : callable, optional
        ``callback(info)`` with an :class:`EpochInfo` after every epoch; return True to stop
        ("User stop.").
    display : callable or None, default print
        Receives MATLAB's progress lines (every ``trainParam.show`` epochs and at the stop);
        ``None`` silences them, as does ``trainParam.show = None``.
    interrupt : {'raise', 'stop'}, default 'raise'
        What Ctrl-C does: propagate ``KeyboardInterrupt``, or end training with "User stop."
        and return the best network so far (as MATLAB's Stop button).

    Returns
    -------
    net : Network
        A new network holding the best weights seen (lowest training performance, or lowest
        validation performance with validation data), as MATLAB 6+.
    tr : TrainRecord
        The training record; ``trainInd``/``valInd``/``testInd`` and the masks index the
        columns of P.

    Notes
    -----
    MATLAB 7+ steps, in order: a net that has seen no data (``feedforwardnet``) is
    configured with P and T (sizes, processing settings, new weights); P and T go through
    the net's processing functions; ``net.divideFcn`` splits the columns anew on every call
    (``dividerand``: validation and test sets, validation stop after ``max_fail`` rising
    epochs, best-validation weights returned). Performance during training (``tr.perf``,
    ``vperf``, ``tperf``, the goal) is measured on the *processed* targets, the units the
    output layer works in; :func:`perform` on ``net(P)`` gives it in the targets' own units.

    Raises
    ------
    ShapeError
        P or T of the wrong shape.
    DataFormatError
        P or T not numeric, or holding NaN/Inf (the message gives the 1-based row and
        column).
    ParameterError
        Bad ``VV``/``TV`` or ``interrupt``, or a performance function the training function
        cannot use (trainlm needs mse or sse).
    NotAvailableError
        Delay states ``Pi``/``Ai`` (pyneuro's networks have no delays).

    Examples
    --------
    >>> import pyneuro as nn
    >>> P = np.linspace(-1, 1, 21).reshape(1, -1); T = P ** 2
    >>> net = nn.newff(nn.minmax(P), [4, 1], ['tansig', 'purelin'], 'traingdm', rng=0)
    >>> net.trainParam.epochs = 50; net.trainParam.show = None
    >>> net2, tr = nn.train(net, P, T)
    >>> tr.num_epochs, tr.stop
    (50, 'Maximum epoch reached.')
    >>> bool(tr.perf[-1] < tr.perf[0])
    True
    """
    check_network(net, "train")
    check_no_delays(Pi=Pi, Ai=Ai)
    fcn, net, P, T, VV, TV = checked(net, P, T, VV, TV, interrupt)
    S, Q = T.shape
    P, T, VV, TV, division = divided_data(net, P, T, VV, TV)
    x, tr = run(net, fcn, P, T, VV, TV, callback=callback, display=display,
                interrupt=interrupt)
    record_division(tr, net, division, S, Q)
    out = net.copy()
    weights_of(out)[learn_mask(out)] = x
    return out, tr
