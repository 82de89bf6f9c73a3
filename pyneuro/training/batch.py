"""Many networks at once: :func:`train_batch` and :func:`restarts`.

Practitioners train 10-100 restarts of one architecture from different random weights and
keep the best. At the sizes of most data files an epoch is mostly Python dispatch, so K nets
trained one by one cost K times one. ``train_batch`` stacks the K weight vectors into one
(K, n) array and runs the engine's one forward and one backward pass on the stack (one
``matmul`` per layer for all K nets), for the ``stacked`` algorithms (traingd, traingdm).
Other algorithms (trainlm) step each net in turn inside the same loop.

Each network keeps its own stop test, record and best weights (the shared loop's
:class:`~pyneuro.training._loop.NetRun`), and its results are those of ``train(net, P, T)``
alone: every product is the same BLAS call on the same numbers. When a net stops, it leaves
the stack and the others go on.
"""

import math
import time
from typing import List, NamedTuple

import numpy as np

from .._trainfcn import common_params
from ..errors import ParameterError, ShapeError
from ..initializers import _stream
from ..network import (Network, init, learn_mask, performance_function_of, plan_of,
                       training_function_of, weights_of)
from ._checks import check_pair, checked, divided_data
from ._division import record_division
from ._loop import USER_STOP, NetRun, TrainRecord, norms, objectives
from ._threads import blas_threads_for
from .backprop import Objective

__all__ = ["train_batch", "restarts", "Restarts"]

# trainParam fields each net tests on its own; the others drive the algorithm's updates and
# must agree across a stack, which takes one step for all its nets.
_STOP_FIELDS = frozenset(common_params(0.0))


def _architecture(net):
    plan = plan_of(net)
    return (plan.input_sizes,
            tuple((layer.size, layer.transfer.name, layer.bias is not None,
                   tuple(s.key for s in layer.sources)) for layer in plan.layers),
            tuple(learn_mask(net)))


def _same_data(a, b):
    return all((x is None and y is None) or (
        x is not None and y is not None and all(np.array_equal(u, v) for u, v in zip(x, y)))
        for x, y in zip(a, b))


def _check_alike(nets):
    """Refuse a batch whose nets differ in what the stack shares."""
    first = nets[0]
    fcn, pf = training_function_of(first), performance_function_of(first)
    shape = _architecture(first)
    param = first.trainParam.to_dict()
    for k, net in enumerate(nets[1:], 1):
        if _architecture(net) != shape:
            raise ShapeError(
                f"nets[{k}] differs from nets[0] in its layers, transfer functions or learned "
                "weights; train_batch trains networks of one architecture (train the others "
                "in a batch of their own)")
        if training_function_of(net) is not fcn:
            raise ParameterError(
                f"nets[{k}] trains with {training_function_of(net).name!r} but nets[0] with "
                f"{fcn.name!r}; train_batch trains networks of one training function")
        if (performance_function_of(net) is not pf
                or net.performParam.to_dict() != first.performParam.to_dict()):
            raise ParameterError(
                f"nets[{k}] has another performance function or performParam than nets[0]; "
                "train_batch needs them equal")
        if getattr(fcn.algorithm, "stacked", False):
            other = net.trainParam.to_dict()
            for field in sorted(set(param) - _STOP_FIELDS):
                if other.get(field) != param[field]:
                    raise ParameterError(
                        f"nets[{k}].trainParam.{field} is {other.get(field)!r} but "
                        f"nets[0]'s is {param[field]!r}; {fcn.name} takes one step for all "
                        "nets of a batch, so its own parameters must agree (the stop "
                        "parameters epochs, goal, time, min_grad, max_fail, show may differ)")


class _OneByOne:
    """A stack made of one algorithm per network, for algorithms that work on one vector
    (trainlm: a Jacobian and a linear solve per net). Presents the stacked interface."""

    def __init__(self, fcn, nets, P, T, x0, params):
        self._algos = [fcn.algorithm(Objective(net, P, T, fcn.performFcn, chunked=True), x0[k],
                                     params[k])
                       for k, net in enumerate(nets)]

    @property
    def x(self):
        return np.stack([a.x for a in self._algos])

    @property
    def perf(self):
        return np.array([a.perf for a in self._algos])

    @property
    def grad(self):
        return [a.grad for a in self._algos]

    @property
    def stop(self):
        return [a.stop for a in self._algos]

    def __getattr__(self, name):  # a recorded state (mu, lr, ...): one value per net
        if name.startswith("_"):
            raise AttributeError(name)
        return [getattr(a, name) for a in self._algos]

    def keep(self, rows):
        self._algos = [self._algos[j] for j in rows]

    def step(self, epoch):
        for a in self._algos:
            a.step(epoch)


def _labelled(display, k):
    if display is None:
        return None
    return lambda line: display(f"net {k}: {line}" if line else line)


def _for_net(callback, k):
    if callback is None:
        return None
    return lambda info: callback(k, info)


def _each(values, n):
    """Per-net values of a stacked quantity: a Python list (floats stay floats)."""
    if values is None:
        return [None] * n
    return values.tolist() if isinstance(values, np.ndarray) else list(values)


def _run(nets, fcn, P, T, VV, TV, callback, display, interrupt):
    """The shared loop's epoch order, for a stack; returns ``[(x, tr), ...]`` in net order."""
    params = [net.trainParam.to_dict() for net in nets]
    stacked = getattr(fcn.algorithm, "stacked", False)
    obj, vobj, tobj = objectives(list(nets), fcn, P, T, VV, TV)
    validating = vobj is not None
    x0 = obj.x0()
    books = [NetRun(net, fcn, params[k], x0[k].copy(), obj.performance, validating,
                    _for_net(callback, k), _labelled(display, k))
             for k, net in enumerate(nets)]
    active = list(range(len(nets)))
    nan = [math.nan] * len(nets)
    epoch = 0
    start = time.perf_counter()
    try:
        # One BLAS thread as in train() alone (training/_threads.py): besides the speed, the
        # results then do not depend on the BLAS's threads (a sweep's worker processes run
        # with one, the serial run in a process with several).
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"), \
                blas_threads_for(obj.n_params):
            algo = (fcn.algorithm(obj, x0, params[0]) if stacked
                    else _OneByOne(fcn, nets, P, T, x0, params))
            while True:
                n = len(active)
                x, grad = algo.x, algo.grad
                perf = _each(algo.perf, n)
                vperf = _each(vobj.perf(x), n) if validating else nan
                tperf = _each(tobj.perf(x), n) if tobj is not None else nan
                stops = _each(algo.stop, n)
                extra = [_each(getattr(algo, name), n) for name in fcn.record]
                gradient = norms(grad) if stacked else [None] * n
                elapsed = time.perf_counter() - start
                going = [j for j, k in enumerate(active) if books[k].epoch(
                    epoch, x[j], perf[j], grad[j], vperf[j], tperf[j], elapsed, stops[j],
                    tuple(e[j] for e in extra), gradient[j]) is None]
                if not going:
                    break
                if len(going) < n:  # the stopped nets leave the stack
                    for part in (algo, vobj, tobj):
                        if part is not None:
                            part.keep(going)
                    active = [active[j] for j in going]
                algo.step(epoch)
                epoch += 1
    except KeyboardInterrupt:
        if interrupt != "stop":
            raise
        for book in books:
            if book.stop is None:
                book.stop = USER_STOP
    elapsed = time.perf_counter() - start
    return [book.result(
        lambda k=k: Objective(nets[k], P, T, fcn.performFcn, chunked=True).perf(books[k].best.x),
        elapsed,
        obj.performParam, None, T) for k, book in enumerate(books)]


def train_batch(nets, P, T, VV=None, TV=None, *, callback=None, display=None,
                interrupt="raise"):
    """Train several networks of one architecture at once, as one stacked computation.

    Each network gets what ``nn.train(net, P, T, None, None, VV, TV)`` gives it alone (the
    same weights, ``tr.perf`` and stop epoch), with its own stop test and record; a net that
    stops leaves the stack and the others go on. traingd and traingdm run all nets through
    one batched forward and backward pass per epoch; other training functions (trainlm) step
    each net in turn.

    Parameters
    ----------
    nets : sequence of Network
        K networks with the same layers, transfer functions, learned weights, training
        function, performance function and algorithm parameters (``lr``, ``mc``, ...);
        their stop parameters (``epochs``, ``goal``, ``time``, ``min_grad``, ``max_fail``,
        ``show``) may differ. Not modified.
    P : array_like, shape (R, Q)
    T : array_like, shape (SN, Q)
    VV, TV : dict or tuple, optional
        Validation and test data, as :func:`pyneuro.train`; the same for every net.
    callback : callable, optional
        ``callback(k, info)`` after every epoch of net ``k`` (0-based) with an
        :class:`~pyneuro.training.EpochInfo`; return True to stop that net.
    display : callable or None, default None
        Receives each net's progress lines, prefixed ``'net k: '``.
    interrupt : {'raise', 'stop'}, default 'raise'
        What Ctrl-C does: propagate, or stop every net still training with "User stop."
        and return the best weights so far.

    Returns
    -------
    nets : list of Network
        New networks holding each one's best weights, in the order given.
    trs : list of TrainRecord

    Raises
    ------
    ShapeError, ParameterError
        Networks that differ in what the stack shares (the message names the first one and
        the field), or the errors of :func:`pyneuro.train`.

    Notes
    -----
    As :func:`pyneuro.train`, each net is configured first if it has seen no data, and its
    input and output processing applied; then the data are divided once, with ``nets[0]``'s
    ``divideFcn``, for the whole stack. With a deterministic division (classic nets, which
    train on every sample; divideblock, divideint, divideind) every net gets exactly what
    ``train`` gives it alone; dividerand draws one split for all nets, where ``train`` one by
    one would draw one per net. ``time`` is measured from the start of the batch.

    Examples
    --------
    >>> import numpy as np, pyneuro as nn
    >>> P = np.linspace(-1, 1, 21).reshape(1, -1); T = P ** 2
    >>> net = nn.newff(nn.minmax(P), [4, 1], ['tansig', 'purelin'], 'traingdm', rng=0)
    >>> net.trainParam.epochs = 30
    >>> nets = [nn.init(net, rng=seed) for seed in (1, 2, 3)]
    >>> trained, trs = nn.train_batch(nets, P, T)
    >>> alone, tr = nn.train(nets[1], P, T, display=None)
    >>> bool((nn.getwb(trained[1]) == nn.getwb(alone)).all()), trs[1].num_epochs
    (True, 30)
    """
    nets = list(nets)
    if not nets:
        raise ParameterError("train_batch needs at least one network; got an empty list")
    for k, net in enumerate(nets):
        if not isinstance(net, Network):
            raise ParameterError(f"nets[{k}] is a {type(net).__name__}, not a Network")
    # Each net as train() takes it: configured if it has seen no data, its processing applied.
    ready = [checked(net, P, T, VV, TV, interrupt) for net in nets]
    nets = [r[1] for r in ready]
    _check_alike(nets)
    fcn, _, P, T, VV, TV = ready[0]
    for k, r in enumerate(ready[1:], 1):
        if not _same_data(r[2:], (P, T, VV, TV)):
            raise ParameterError(
                f"nets[{k}] processes the data differently from nets[0] (other processFcns "
                "or settings); train_batch trains every net of a stack on the same data")
    S, Q = T.shape
    P, T, VV, TV, division = divided_data(nets[0], P, T, VV, TV)
    out, trs = [], []
    for net, (x, tr) in zip(nets, _run(nets, fcn, P, T, VV, TV, callback, display,
                                        interrupt)):
        record_division(tr, net, division, S, Q)
        trained = net.copy()
        weights_of(trained)[learn_mask(trained)] = x
        out.append(trained)
        trs.append(tr)
    return out, trs


class Restarts(NamedTuple):
    """What :func:`restarts` returns: the best net and its record, and all of them."""

    net: Network
    """The best network: lowest ``best_vperf`` with validation data, else ``best_perf``."""
    tr: TrainRecord
    nets: List[Network]
    """Every trained network, in the order its initial weights were drawn."""
    trs: List[TrainRecord]
    best: int
    """Index of the best in ``nets`` (the first of equals)."""


def _score(tr, validating):
    value = tr.best_vperf if validating else tr.best_perf
    return value if math.isfinite(value) else math.inf


def restarts(net, P, T, k=32, VV=None, TV=None, *, rng=None, callback=None, display=None,
             interrupt="raise"):
    """Train ``k`` restarts of ``net`` from fresh random weights and keep the best.

    Restart ``i`` (0-based) starts from the ``i``-th of ``k`` successive ``init(net)`` calls
    on one random stream: with ``rng=s`` that is MATLAB's
    ``rng(s); for i = 1:k, nets{i} = init(net); end``, so any restart can be rebuilt alone as
    the ``i``-th draw. All restarts train as one :func:`train_batch`.

    Parameters
    ----------
    net : Network
        The architecture and training setup; its own weights are not used. Not modified.
    P, T, VV, TV
        As :func:`pyneuro.train`. With ``VV`` the best is chosen by validation performance.
    k : int, default 32
        Number of restarts.
    rng : int, RandStream or numpy generator, optional
        The stream the initial weights are drawn from; pyneuro's global stream by default.
    callback, display, interrupt
        As :func:`train_batch`.

    Returns
    -------
    Restarts
        ``(net, tr, nets, trs, best)``: the best network and its record, all of them, and
        the best one's index.

    Examples
    --------
    >>> import numpy as np, pyneuro as nn
    >>> P = np.linspace(-1, 1, 21).reshape(1, -1); T = P ** 2
    >>> net = nn.newff(nn.minmax(P), [4, 1], ['tansig', 'purelin'], 'traingdm', rng=0)
    >>> net.trainParam.epochs = 30
    >>> res = nn.restarts(net, P, T, k=4, rng=5)
    >>> len(res.trs), res.tr is res.trs[res.best]
    (4, True)
    >>> bool(res.tr.best_perf == min(tr.best_perf for tr in res.trs))
    True
    """
    if isinstance(k, (bool, np.bool_)) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ParameterError(f"k (the number of restarts) must be a positive integer; got {k!r}")
    stream = _stream(rng)
    starts = [init(net, rng=stream) for _ in range(int(k))]
    nets, trs = train_batch(starts, P, T, VV, TV, callback=callback, display=display,
                            interrupt=interrupt)
    validating = check_pair(VV, "VV") is not None
    best = min(range(len(trs)), key=lambda i: (_score(trs[i], validating), i))
    return Restarts(nets[best], trs[best], nets, trs, best)
