"""The one epoch loop every batch trainer runs: stop tests, record, progress, best network.

Per epoch (MATLAB's order): record the performance and gradient at the current weights,
remember the best weights so far, test the stop conditions, print the progress line every
``show`` epochs, then let the algorithm make one update. A run of ``epochs = E`` with no early
stop therefore makes E updates and records E + 1 values (epochs 0..E).

Stop tests, first match wins (current MathWorks rules and messages):
``perf <= goal`` "Performance goal met."; ``epoch == epochs`` "Maximum epoch reached.";
``time >= time`` "Maximum time elapsed."; ``gradient <= min_grad`` "Minimum gradient
reached."; the algorithm's own stop (e.g. "Maximum MU reached."); ``val_fail >= max_fail``
"Validation stop."; a callback returning True or Ctrl-C (with ``interrupt='stop'``)
"User stop.".
"""

import math
import time
import warnings
from dataclasses import dataclass, field
from typing import NamedTuple, Optional

import numpy as np

from ..errors import ConvergenceWarning
from .backprop import Objective

__all__ = ["TrainRecord", "EpochInfo", "run"]

GOAL_MET = "Performance goal met."
MAX_EPOCH = "Maximum epoch reached."
MAX_TIME = "Maximum time elapsed."
MIN_GRAD = "Minimum gradient reached."
VALIDATION_STOP = "Validation stop."
USER_STOP = "User stop."
NOT_FINITE = "Performance is not finite."


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


@dataclass(repr=False)
class TrainRecord:
    """The training record ``tr`` returned by :func:`pyneuro.train`.

    Per-epoch arrays have one entry for each epoch 0..num_epochs (``tr.perf[k]`` is the
    performance after k updates); ``vperf``/``tperf`` are NaN without validation/test data.

    Attributes
    ----------
    trainFcn : str
    trainParam : dict
    performFcn : str
    performParam : dict
    divideFcn : str
    trainInd, valInd, testInd : ndarray of int
        Columns of P used for training, validation and test (0-based).
    stop : str
        Why training stopped, MATLAB's message (``'Performance goal met.'``).
    num_epochs : int
        Updates made.
    best_epoch : int
        Epoch of the returned (best) weights.
    best_perf, best_vperf, best_tperf : float
    goal : float
    epoch, time, perf, vperf, tperf, gradient, val_fail : ndarray
    lr, mu : ndarray or None
        Recorded where the algorithm has them.
    states : tuple of str
        Names of the per-epoch arrays.
    """

    trainFcn: str
    trainParam: dict
    performFcn: str
    performParam: dict
    divideFcn: str
    trainInd: np.ndarray
    valInd: np.ndarray
    testInd: np.ndarray
    stop: str
    num_epochs: int
    best_epoch: int
    best_perf: float
    best_vperf: float
    best_tperf: float
    goal: float
    epoch: np.ndarray
    time: np.ndarray
    perf: np.ndarray
    vperf: np.ndarray
    tperf: np.ndarray
    gradient: np.ndarray
    val_fail: np.ndarray
    lr: Optional[np.ndarray] = None
    mu: Optional[np.ndarray] = None
    states: tuple = field(default=())

    def __repr__(self):
        return (f"TrainRecord(trainFcn={self.trainFcn!r}, stop={self.stop!r}, "
                f"num_epochs={self.num_epochs}, best_epoch={self.best_epoch}, "
                f"best_perf={self.best_perf:g}, states={list(self.states)})")


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
    squares = float(np.dot(g, g))
    return math.sqrt(squares) if math.isfinite(squares) else float(np.linalg.norm(g))


def run(net, fcn, P, T, VV=None, TV=None, *, callback=None, display=print, interrupt="raise"):
    """Train ``net`` with the algorithm of ``fcn``; return ``(best weights x, TrainRecord)``.

    Parameters are as :func:`pyneuro.train` (already checked). The net is not modified.
    """
    param = net.trainParam.to_dict()
    obj = Objective(net, P, T)
    vobj = Objective(net, *VV) if VV is not None else None
    tobj = Objective(net, *TV) if TV is not None else None
    show = param["show"] if display is not None else None
    epochs, goal, min_grad = param["epochs"], param["goal"], param["min_grad"]
    max_time, max_fail = param["time"], param["max_fail"]
    title, perf_name = fcn.display_name, net.performFcn.upper()

    rows = {name: [] for name in ("time", "perf", "vperf", "tperf", "gradient", "val_fail")}
    extra = {name: [] for name in fcn.record}
    # The starting weights count as the best until an epoch is recorded, so that even a
    # Ctrl-C during the first evaluation returns a usable network.
    best = {"x": obj.x0(), "perf": math.inf, "vperf": math.inf, "tperf": math.nan, "epoch": 0}
    val_fail = 0
    stop = None
    epoch = 0
    start = time.perf_counter()
    try:
        # A diverging run overflows inside numpy; that is reported once, below, as a
        # ConvergenceWarning with advice, not as a shower of RuntimeWarnings.
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            algo = fcn.algorithm(obj, obj.x0(), param)
            while True:
                perf = algo.perf
                gradient = _norm(algo.grad)
                vperf = vobj.perf(algo.x) if vobj is not None else math.nan
                tperf = tobj.perf(algo.x) if tobj is not None else math.nan
                elapsed = time.perf_counter() - start

                # Best weights: by validation performance when there is validation data,
                # else by training performance (MATLAB 6+). Ties keep the earlier epoch.
                improved = vperf < best["vperf"] if vobj is not None else (
                    perf < best["perf"] or epoch == 0)
                if improved:
                    best.update(x=algo.x.copy(), perf=perf, vperf=vperf, tperf=tperf,
                                epoch=epoch)
                    val_fail = 0
                elif vobj is not None and vperf > best["vperf"]:
                    val_fail += 1
                for name, value in (("time", elapsed), ("perf", perf), ("vperf", vperf),
                                    ("tperf", tperf), ("gradient", gradient),
                                    ("val_fail", val_fail)):
                    rows[name].append(value)
                for name in fcn.record:
                    extra[name].append(getattr(algo, name))

                if perf <= goal:
                    stop = GOAL_MET
                elif epoch == epochs:
                    stop = MAX_EPOCH
                elif elapsed >= max_time:
                    stop = MAX_TIME
                elif gradient <= min_grad:
                    stop = MIN_GRAD
                elif algo.stop is not None:
                    stop = algo.stop
                elif vobj is not None and val_fail >= max_fail:
                    stop = VALIDATION_STOP
                elif not math.isfinite(perf):
                    stop = NOT_FINITE
                if callback is not None and callback(EpochInfo(
                        epoch, epochs, perf, vperf, gradient, elapsed, goal, min_grad, val_fail,
                        stop)) and stop is None:
                    stop = USER_STOP
                if show is not None and (epoch % show == 0 or stop is not None):
                    display(_line(title, epoch, param, perf_name, perf, gradient, elapsed,
                                  val_fail, vobj is not None))
                if stop is not None:
                    break
                algo.step(epoch)
                epoch += 1
    except KeyboardInterrupt:
        if interrupt != "stop":
            raise
        stop = USER_STOP
    # Ctrl-C may cut an epoch short between two appends: keep only complete epochs.
    n = min(len(v) for v in (*rows.values(), *extra.values()))
    if n == 0:  # stopped before epoch 0 was recorded: record the starting point
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            best["perf"] = obj.perf(best["x"])
        for name, value in (("time", time.perf_counter() - start), ("perf", best["perf"]),
                            ("vperf", math.nan), ("tperf", math.nan), ("gradient", math.nan),
                            ("val_fail", 0)):
            rows[name][:] = [value]
        for name in extra:
            extra[name][:] = [math.nan]
        n = 1
    if show is not None:
        display(f"{title}, {stop}")
        display("")
    if stop == NOT_FINITE:
        warnings.warn(
            f"training stopped at epoch {n - 1}: the performance became {rows['perf'][n - 1]}; "
            f"returning the weights of epoch {best['epoch']}. Normalise the data (premnmx) or "
            "lower the learning rate.", ConvergenceWarning, stacklevel=3)

    Q = P.shape[1]
    tr = TrainRecord(
        trainFcn=fcn.name, trainParam=param, performFcn=net.performFcn,
        performParam=net.performParam.to_dict(), divideFcn=net.divideFcn,
        trainInd=np.arange(Q), valInd=np.arange(0), testInd=np.arange(0),
        stop=stop, num_epochs=n - 1, best_epoch=best["epoch"], best_perf=best["perf"],
        best_vperf=best["vperf"] if vobj is not None else math.nan, best_tperf=best["tperf"],
        goal=goal, epoch=np.arange(n),
        **{k: np.array(v[:n], dtype=float) for k, v in rows.items()},
        **{k: np.array(v[:n], dtype=float) for k, v in extra.items()},
        states=("epoch", "time", "perf", "vperf", "tperf", "gradient", "val_fail") + fcn.record,
    )
    tr.val_fail = tr.val_fail.astype(int)
    return best["x"], tr
