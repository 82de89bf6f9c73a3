"""The one epoch loop every batch trainer runs, split by job: stop tests, record, best weights.

Per epoch (MATLAB's order): record the performance and gradient at the current weights,
remember the best weights so far, test the stop conditions, print the progress line every
``show`` epochs, then let the algorithm make one update. A run of ``epochs = E`` with no early
stop therefore makes E updates and records E + 1 values (epochs 0..E).

Stop tests, first match wins (current MathWorks rules and messages), in :func:`stop_reason`:
``perf <= goal`` "Performance goal met."; ``epoch == epochs`` "Maximum epoch reached.";
``time >= time`` "Maximum time elapsed."; ``gradient <= min_grad`` "Minimum gradient
reached."; the algorithm's own stop (e.g. "Maximum MU reached."); ``val_fail >= max_fail``
"Validation stop."; a callback returning True or Ctrl-C (with ``interrupt='stop'``)
"User stop.".
"""

import math
import time
import warnings
from typing import NamedTuple, Optional

import numpy as np

from ..errors import ConvergenceWarning
from ._threads import blas_threads_for
from .backprop import Objective

__all__ = ["TrainRecord", "EpochInfo", "Division", "stop_reason", "Recorder", "BestWeights",
           "NetRun", "objectives", "norms", "run"]

GOAL_MET = "Performance goal met."
MAX_EPOCH = "Maximum epoch reached."
MAX_TIME = "Maximum time elapsed."
MIN_GRAD = "Minimum gradient reached."
VALIDATION_STOP = "Validation stop."
USER_STOP = "User stop."
NOT_FINITE = "Performance is not finite."

STATES = ("epoch", "time", "perf", "vperf", "tperf", "gradient", "val_fail")
"""The per-epoch states every run records; an algorithm adds its own (``lr``, ``mu``, ...)."""


class EpochInfo(NamedTuple):
    """What a ``callback`` receives once per epoch."""

    epoch: int
    epochs: float
    perf: float
    vperf: float
    gradient: float
    time: float
    goal: float
    min_grad: float
    val_fail: int
    stop: Optional[str]
    x: Optional[np.ndarray] = None
    """The learnable weights at this epoch (the algorithm's own array: copy to keep)."""
    grad: Optional[np.ndarray] = None
    """The gradient ``dperf/dx`` there."""


class Division(NamedTuple):
    """Which samples (columns) train, validate and test: 0-based index lists."""

    trainInd: np.ndarray
    valInd: np.ndarray
    testInd: np.ndarray

    @classmethod
    def all_training(cls, Q):
        """Every sample trains (MATLAB's ``dividetrain``, and classic nets)."""
        return cls(np.arange(Q), np.arange(0), np.arange(0))

    def masks(self, S, Q):
        """MATLAB's ``trainMask``, ``valMask``, ``testMask``: (S, Q) arrays, 1 in the set and
        NaN elsewhere."""
        out = []
        for ind in self:
            mask = np.full((S, Q), np.nan)
            mask[:, ind] = 1.0
            out.append(mask)
        return tuple(out)


class TrainRecord:
    """The training record ``tr`` returned by :func:`pyneuro.train` (MATLAB's ``tr`` struct).

    An open record: every per-epoch state a run records is an attribute, named in
    ``tr.states`` (the common ones, and the algorithm's own such as ``lr``, ``mu``, ``gamk``).
    Per-epoch arrays have one entry for each epoch 0..num_epochs (``tr.perf[k]`` is the
    performance after k updates); ``vperf``/``tperf`` are NaN without validation/test data.
    Runs longer than 2**20 epochs keep every second (fourth, ...) epoch, and the last;
    ``tr.epoch`` says which.

    Attributes
    ----------
    trainFcn : str
    trainParam : dict
    performFcn : str
    performParam : dict
    divideFcn : str
    trainInd, valInd, testInd : ndarray of int
        Columns of P used for training, validation and test (0-based).
    trainMask, valMask, testMask : ndarray, shape (SN, Q)
        1 where a target belongs to the set, NaN elsewhere.
    stop : str
        Why training stopped, MATLAB's message (``'Performance goal met.'``).
    num_epochs : int
        Updates made.
    best_epoch : int
        Epoch of the returned (best) weights.
    best_perf, best_vperf, best_tperf : float
    goal : float
    states : tuple of str
        Names of the per-epoch arrays.
    epoch, time, perf, vperf, tperf, gradient, val_fail : ndarray
        The common per-epoch states.
    """

    def __init__(self, **fields):
        self.__dict__.update(fields)

    def __getattr__(self, name):  # only called for a field the record does not have
        if name.startswith("__"):
            raise AttributeError(name)
        raise AttributeError(f"this training record has no field {name!r}; it has: "
                             + ", ".join(self.__dict__))

    def to_dict(self):
        """The fields as a dict (arrays not copied)."""
        return dict(self.__dict__)

    def __repr__(self):
        return (f"TrainRecord(trainFcn={self.trainFcn!r}, stop={self.stop!r}, "
                f"num_epochs={self.num_epochs}, best_epoch={self.best_epoch}, "
                f"best_perf={self.best_perf:g}, states={list(self.states)})")


def stop_reason(epoch, perf, gradient, elapsed, val_fail, param, algorithm_stop=None,
                validating=False):
    """The MATLAB stop message for this epoch's state, or None to go on (first match wins)."""
    if perf <= param["goal"]:
        return GOAL_MET
    if epoch == param["epochs"]:
        return MAX_EPOCH
    if elapsed >= param["time"]:
        return MAX_TIME
    if gradient <= param["min_grad"]:
        return MIN_GRAD
    if algorithm_stop is not None:
        return algorithm_stop
    if validating and val_fail >= param["max_fail"]:
        return VALIDATION_STOP
    if not math.isfinite(perf):
        return NOT_FINITE
    return None


class Recorder:
    """Per-epoch rows of named states, each appended whole.

    A row counts only once all its values are stored, so a Ctrl-C in the middle of an append
    leaves no half row. Memory is bounded: past ``cap`` rows the record keeps every second
    row and from then on records every second epoch (and so on), plus always the last one.
    Rows wait in a short list and move into the array in batches: one numpy assignment per
    row cost more than a small network's epoch.
    """

    BATCH = 256

    def __init__(self, names, cap=1 << 20):
        self.names = tuple(names)
        self.cap = cap
        self._data = np.empty((len(self.names), 64))
        self._stored = 0  # rows in _data
        self._pending = []  # rows not yet in _data
        self.stride = 1
        self._last = None

    @property
    def n(self):
        """Rows recorded."""
        return self._stored + len(self._pending)

    def _flush(self):
        if not self._pending:
            return
        rows = np.array(self._pending, dtype=float).T
        need = self._stored + rows.shape[1]
        if need > self._data.shape[1]:
            grown = np.empty((len(self.names), max(need, min(2 * self._data.shape[1], self.cap))))
            grown[:, :self._stored] = self._data[:, :self._stored]
            self._data = grown
        self._data[:, self._stored:need] = rows
        # One statement with no call inside: a Ctrl-C cannot land between the two.
        self._stored, self._pending = need, []

    def _store(self, row):
        self._pending.append(row)
        if len(self._pending) == self.BATCH:
            self._flush()

    def append(self, row):
        """Add one row (``row[0]`` is the epoch)."""
        self._last = row
        if self.n == self.cap:
            self._flush()
            kept = self._data[:, 0:self._stored:2].copy()
            self._data[:, :kept.shape[1]] = kept
            self._stored = kept.shape[1]
            self.stride *= 2
        if row[0] % self.stride == 0:
            self._store(row)

    def finish(self):
        """Store the last row if thinning skipped it."""
        self._flush()
        if self._last is not None and (self._stored == 0
                                       or self._data[0, self._stored - 1] != self._last[0]):
            self._store(self._last)
            self._flush()

    def arrays(self):
        """``{name: ndarray}`` of the rows stored."""
        self._flush()
        return {name: self._data[k, :self._stored].copy() for k, name in enumerate(self.names)}


class BestWeights:
    """The best weights seen: by validation performance when there is validation data, else
    by training performance (MATLAB 6+); ties keep the earlier epoch. Counts validation
    failures (epochs since the validation performance last improved and that made it worse).
    """

    def __init__(self, x0, validating):
        # The starting weights count as the best until an epoch is recorded, so that even a
        # Ctrl-C during the first evaluation returns a usable network.
        self.x, self.validating = x0, validating
        self.perf, self.vperf, self.tperf, self.epoch = math.inf, math.inf, math.nan, 0
        self.val_fail = 0

    def update(self, epoch, x, perf, vperf, tperf):
        """Take this epoch's weights if they are better; return the validation failures."""
        improved = vperf < self.vperf if self.validating else (perf < self.perf or epoch == 0)
        if improved:
            self.x, self.perf, self.vperf, self.tperf, self.epoch = x.copy(), perf, vperf, \
                tperf, epoch
            self.val_fail = 0
        elif self.validating and vperf > self.vperf:
            self.val_fail += 1
        return self.val_fail


def _line(title, epoch, param, perf_name, perf, gradient, elapsed, val_fail, validating):
    # MATLAB prints each part only where its limit is finite, with %g.
    parts = [title]
    if math.isfinite(param["epochs"]):
        parts.append("Epoch %g/%g" % (epoch, param["epochs"]))
    if math.isfinite(param["time"]):
        parts.append("Time %g%%" % (100.0 * elapsed / param["time"] if param["time"] else 100.0))
    parts.append("%s %g/%g" % (perf_name, perf, param["goal"]))
    if math.isfinite(param["min_grad"]):
        parts.append("Gradient %g/%g" % (gradient, param["min_grad"]))
    if validating:
        parts.append("Validation Checks %g/%g" % (val_fail, param["max_fail"]))
    return ", ".join(parts)


def _norm(g):
    # sqrt(g.g) is several times cheaper than np.linalg.norm on these short vectors; norm's
    # scaling is needed only where g.g overflows (a diverging run).
    squares = float(g.dot(g))
    return math.sqrt(squares) if squares < math.inf else float(np.linalg.norm(g))


def norms(G):
    """:func:`_norm` of each row of G, shape (K, n), bit for bit, as a list of floats."""
    # A (1, n) @ (n, 1) product per row is the same BLAS dot that np.dot makes for one row,
    # and np.sqrt rounds as math.sqrt does (both correctly rounded).
    with np.errstate(over="ignore", invalid="ignore"):  # overflow: handled below, per row
        squares = np.matmul(G[:, None, :], G[:, :, None]).reshape(-1)
        out = np.sqrt(squares).tolist()
    for j in np.flatnonzero(~np.isfinite(squares)):
        out[j] = _norm(G[j])
    return out


class NetRun:
    """One network's side of a run: its record, best weights, stop test, callback and
    progress lines. :func:`run` keeps one; :func:`pyneuro.training.batch.train_batch` keeps
    one per network of a stack, so every network stops and records as it would alone.

    Parameters
    ----------
    net : Network
    fcn : TrainingFunction
    param : dict
        The net's ``trainParam``.
    x0 : ndarray, shape (n_params,)
        Starting weights.
    performance : PerformanceFunction
    validating : bool
    callback, display
        As :func:`pyneuro.train`.
    """

    def __init__(self, net, fcn, param, x0, performance, validating, callback=None,
                 display=print):
        self.net, self.fcn, self.param = net, fcn, param
        self.validating, self.callback, self.display = validating, callback, display
        self.show = param["show"] if display is not None else None
        self.title, self.performFcn = fcn.display_name, performance.name
        self.progress_title = fcn.progress_title(param)  # line-search trainers add the search
        self.names = STATES + tuple(fcn.record)
        self.recorder = Recorder(self.names)
        self.best = BestWeights(x0, validating)
        self.stop = None

    def epoch(self, epoch, x, perf, grad, vperf, tperf, elapsed, algorithm_stop, extra,
              gradient=None, algorithm=None):
        """Record this epoch and test the stops; return the stop message or None.

        ``extra`` holds the algorithm's values for ``fcn.record``, in order; ``gradient`` is
        ``grad``'s norm when the caller has it (a stack computes all norms at once). An
        ``algorithm`` with a ``progress`` attribute adds it to the progress line (trainbr:
        SSW, #Par).
        """
        param = self.param
        if gradient is None:
            gradient = _norm(grad)
        val_fail = self.best.update(epoch, x, perf, vperf, tperf)
        self.recorder.append((epoch, elapsed, perf, vperf, tperf, gradient, val_fail) + extra)
        stop = stop_reason(epoch, perf, gradient, elapsed, val_fail, param, algorithm_stop,
                           self.validating)
        if self.callback is not None and self.callback(EpochInfo(
                epoch, param["epochs"], perf, vperf, gradient, elapsed, param["goal"],
                param["min_grad"], val_fail, stop, x, grad)) and stop is None:
            stop = USER_STOP
        if self.show is not None and (epoch % self.show == 0 or stop is not None):
            self.display(_line(self.progress_title, epoch, param, self.performFcn.upper(), perf,
                               gradient, elapsed, val_fail, self.validating)
                         + getattr(algorithm, "progress", ""))
        self.stop = stop
        return stop

    def result(self, start_perf, elapsed, performParam, division, T):
        """The best weights and the :class:`TrainRecord` of the finished run.

        ``start_perf()`` gives the performance at the starting weights, needed only when the
        run stopped before epoch 0 was recorded.
        """
        recorder, best, fcn, param = self.recorder, self.best, self.fcn, self.param
        recorder.finish()
        if recorder.n == 0:  # stopped before epoch 0 was recorded: record the starting point
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                best.perf = start_perf()
            recorder.append((0, elapsed, best.perf, math.nan, math.nan, math.nan, 0)
                            + (math.nan,) * len(fcn.record))
        states = recorder.arrays()
        last = int(states["epoch"][-1])
        if self.show is not None:
            self.display(f"{self.title}, {self.stop}")
            self.display("")
        if self.stop == NOT_FINITE:
            warnings.warn(
                f"training stopped at epoch {last}: the performance became "
                f"{states['perf'][-1]}; returning the weights of epoch {best.epoch}. Normalise "
                "the data (premnmx) or lower the learning rate.", ConvergenceWarning,
                stacklevel=4)
        division = division or Division.all_training(T.shape[1])
        train_mask, val_mask, test_mask = division.masks(*T.shape)
        states["epoch"] = states["epoch"].astype(int)
        states["val_fail"] = states["val_fail"].astype(int)
        tr = TrainRecord(
            trainFcn=fcn.name, trainParam=param, performFcn=self.performFcn,
            performParam=dict(performParam), divideFcn=self.net.divideFcn,
            trainInd=division.trainInd, valInd=division.valInd, testInd=division.testInd,
            trainMask=train_mask, valMask=val_mask, testMask=test_mask,
            stop=self.stop, num_epochs=last, best_epoch=best.epoch, best_perf=best.perf,
            best_vperf=best.vperf if self.validating else math.nan, best_tperf=best.tperf,
            goal=param["goal"], states=self.names, **states)
        return best.x, tr


def objectives(net, fcn, P, T, VV, TV):
    """The training, validation and test :class:`Objective` (None where no data); ``net``
    may be a list of nets of one architecture (a stack)."""
    obj = Objective(net, P, T, fcn.performFcn, chunked=True)
    vobj = Objective(net, *VV, fcn.performFcn, chunked=True) if VV is not None else None
    tobj = Objective(net, *TV, fcn.performFcn, chunked=True) if TV is not None else None
    return obj, vobj, tobj


def run(net, fcn, P, T, VV=None, TV=None, *, division=None, callback=None, display=print,
        interrupt="raise"):
    """Train ``net`` with the algorithm of ``fcn``; return ``(best weights x, TrainRecord)``.

    Parameters are as :func:`pyneuro.train` (already checked); ``division`` says which
    columns of P are training samples (default: all). The net is not modified.
    """
    param = net.trainParam.to_dict()
    obj, vobj, tobj = objectives(net, fcn, P, T, VV, TV)
    validating = vobj is not None
    book = NetRun(net, fcn, param, obj.x0(), obj.performance, validating, callback, display)
    epoch = 0
    start = time.perf_counter()
    try:
        # A diverging run overflows inside numpy; that is reported once, below, as a
        # ConvergenceWarning with advice, not as a shower of RuntimeWarnings.
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"), \
                blas_threads_for(obj.n_params):
            algo = fcn.algorithm(obj, obj.x0(), param)
            record, clock, nan = fcn.record, time.perf_counter, math.nan
            while True:
                vperf = vobj.perf(algo.x) if validating else nan
                tperf = tobj.perf(algo.x) if tobj is not None else nan
                if book.epoch(epoch, algo.x, algo.perf, algo.grad, vperf, tperf,
                              clock() - start, algo.stop,
                              tuple(getattr(algo, name) for name in record) if record else (),
                              algorithm=algo) is not None:
                    break
                algo.step(epoch)
                epoch += 1
    except KeyboardInterrupt:
        if interrupt != "stop":
            raise
        book.stop = USER_STOP
    return book.result(lambda: obj.perf(book.best.x), time.perf_counter() - start,
                       obj.performParam, division, T)
