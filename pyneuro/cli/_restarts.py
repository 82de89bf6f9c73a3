"""``pyneuro train --restarts N``: N networks from successive seeds, trained as one
:func:`pyneuro.train_batch` stack, the best kept by validation.

The validation samples are every 5th sample of the training file (samples 5, 10, 15, ...,
1-based; MATLAB's ``divideint`` pattern): each net stops early on them (``max_fail``) and the
best net is the one with the lowest validation error. The other 4 of every 5 train, and
``premnmx`` is fitted on them. The check file stays a test set: its errors are reported for
every restart as a spread, never used to choose.
"""

import collections
import math
import statistics

import click
import numpy as np

from .._constructors import newff
from ..preprocessing import minmax, tramnmx
from ..training import USER_STOP, train_batch
from ..workflow import MinMaxScaling, predict
from ._output import network_summary, plural

__all__ = ["train_restarts", "VALIDATION_EVERY"]

VALIDATION_EVERY = 5


def _rmse(T, Y):
    E = np.asarray(T) - Y
    finite = np.isfinite(E)
    return math.sqrt(float(np.mean(E[finite] ** 2))) if finite.any() else math.nan


def _spread(values):
    values = sorted(v for v in values if math.isfinite(v))
    if not values:
        return "-"
    return (f"min {values[0]:.4g}, median {statistics.median(values):.4g}, max {values[-1]:.4g}"
            + (f", sd {statistics.stdev(values):.3g}" if len(values) > 1 else ""))


def train_restarts(P, T, Pc, Tc, sizes, transfer, fcn_name, param_values, seed, restarts):
    """Train the restarts, report them, and return ``(best net, its record, its scaling)``."""
    q = np.arange(P.shape[1])
    val = q % VALIDATION_EVERY == VALIDATION_EVERY - 1
    if val.all() or not val.any():
        raise click.UsageError(f"--restarts needs at least {VALIDATION_EVERY} training samples "
                               "(every 5th validates)")
    scaling, pn, tn = MinMaxScaling.fit(P[:, ~val], T[:, ~val])
    VV = (scaling.inputs(P[:, val]), tramnmx(T[:, val], scaling.mint, scaling.maxt))
    nets = []
    for r in range(restarts):
        net = newff(minmax(pn), sizes, transfer, fcn_name, rng=seed + r)
        net.trainParam.update(param_values)
        nets.append(net)
    click.echo(f"Network:       {network_summary(nets[0])} (seeds {seed} to "
               f"{seed + restarts - 1})")
    epochs = nets[0].trainParam.epochs
    click.echo(f"Training {plural(restarts, 'restart')} of {fcn_name} for up to "
               f"{plural(epochs, 'epoch') if math.isfinite(epochs) else 'any number of epochs'} "
               f"on {plural(int((~val).sum()), 'sample')}, validating on every "
               f"{VALIDATION_EVERY}th ({int(val.sum())}) (Ctrl-C stops early and keeps the best "
               "so far) ...")
    trained, trs = train_batch(nets, pn, tn, VV, interrupt="stop",
                               display=click.echo if param_values.get("show") else None)
    best = min(range(restarts), key=lambda i: (trs[i].best_vperf
                                               if math.isfinite(trs[i].best_vperf) else math.inf,
                                               i))
    tr = trs[best]
    stops = collections.Counter(t.stop for t in trs)
    click.echo("Stopped:       " + "; ".join(f"{n} x {stop}" for stop, n in sorted(stops.items()))
               + f" (epochs {min(t.num_epochs for t in trs)} to "
               f"{max(t.num_epochs for t in trs)})")
    click.echo(f"Best restart:  {best + 1} of {restarts} (seed {seed + best}): validation "
               f"{trs[best].performFcn} {tr.best_vperf:.5g} at epoch {tr.best_epoch} "
               "(normalised targets)")
    val_rmse = [_rmse(T[:, val], predict(net, P[:, val], scaling)) for net in trained]
    click.echo(f"Validation RMSE over the restarts: {_spread(val_rmse)}")
    if Pc is not None:
        check_rmse = [_rmse(Tc, predict(net, Pc, scaling)) for net in trained]
        click.echo(f"Check RMSE over the restarts:      {_spread(check_rmse)}; the best by "
                   f"validation: {check_rmse[best]:.4g}")
    if any(t.stop == USER_STOP for t in trs):
        click.echo("Training was stopped with Ctrl-C: the restarts still training kept their "
                   "best weights so far.")
    return trained[best], tr, scaling
