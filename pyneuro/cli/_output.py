"""What the commands share: network summary, metrics table, and predictions files.

``pyneuro train --predictions``, ``pyneuro sim -o`` and ``pyneuro sim`` without ``-o`` (to
stdout) all write through :func:`write_predictions`, so the three agree byte for byte.
"""

import math

import numpy as np

from ..io.text import write_txt
from ..metrics import error_metrics
from ..network import getwb

_FMT = "%.17g"  # every float64 reads back bit for bit


def architecture(net):
    """``'7-10-1'``."""
    return "-".join(str(s) for s in [net.inputs[0].size] + [l.size for l in net.layers])


def transfer_names(net):
    """``'tansig/purelin'``."""
    return "/".join(layer.transferFcn for layer in net.layers)


def network_summary(net):
    """``'7-10-1, tansig/purelin, traingdm, 91 weights and biases'``."""
    return (f"{architecture(net)}, {transfer_names(net)}, {net.trainFcn}, "
            f"{getwb(net).size} weights and biases")


def plural(n, word):
    return f"{n} {word}{'' if n == 1 else 's'}"


def _cell(value, fmt):
    """`value` in format `fmt` (``'>12.5g'``); a missing one as ``-`` in the same width."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return format("-", fmt.partition(".")[0])
    return format(value, fmt)


def metrics_table(rows):
    """A fixed-width table of error metrics.

    Parameters
    ----------
    rows : list of (str, T, Y)
        A label and targets/outputs in original units, shape (S, Q); several target rows
        give one line each (``label y1``, ``label y2``).

    Returns
    -------
    list of str
    """
    header = f"  {'':<14}{'n':>6}{'MSE':>12}{'RMSE':>11}{'MAE':>11}{'R':>9}{'R2':>9}{'MAPE %':>9}"
    lines = [header]
    notes = []
    any_mape_missing = any_other_missing = False
    for label, T, Y in rows:
        T = np.atleast_2d(T)
        Y = np.atleast_2d(Y)
        for k in range(T.shape[0]):
            em = error_metrics(T[k], Y[k])
            name = label if T.shape[0] == 1 else f"{label} y{k + 1}"
            any_mape_missing |= math.isnan(em.mape)
            any_other_missing |= any(math.isnan(v) for v in (em.mse, em.r, em.r2))
            lines.append(f"  {name:<14}{em.n:>6d}{_cell(em.mse, '>12.5g')}"
                         f"{_cell(em.rmse, '>11.4g')}{_cell(em.mae, '>11.4g')}"
                         f"{_cell(em.r, '>9.4f')}{_cell(em.r2, '>9.4f')}"
                         f"{_cell(em.mape, '>9.2f')}")
            left_out = T.shape[1] - em.n
            if left_out:
                notes.append(f"  {name}: {left_out} of {plural(T.shape[1], 'sample')} left out "
                             "of the metrics: the target or the network's output is NaN or Inf "
                             "(a NaN in the data file, for example).")
    lines.append("  R: correlation of outputs and targets; R2 = 1 - SSE/SST."
                 + (" '-': not defined (e.g. R of constant targets)."
                    if any_other_missing else "")
                 + (" MAPE '-': a target is 0." if any_mape_missing else ""))
    return lines + notes


def constant_columns_note(scaling, where):
    """A warning line naming the data-file columns premnmx leaves unscaled (min == max)."""
    minp, maxp, mint, maxt = scaling.minp, scaling.maxp, scaling.mint, scaling.maxt
    inputs = [k + 1 for k, (lo, hi) in enumerate(zip(np.ravel(minp), np.ravel(maxp))) if lo == hi]
    targets = [len(np.ravel(minp)) + k + 1
               for k, (lo, hi) in enumerate(zip(np.ravel(mint), np.ravel(maxt))) if lo == hi]
    parts = []
    if inputs:
        parts.append(f"input column{'s' if len(inputs) > 1 else ''} "
                     f"{', '.join(map(str, inputs))} {'are' if len(inputs) > 1 else 'is'} "
                     f"constant {where}, so {'they tell' if len(inputs) > 1 else 'it tells'} "
                     "the network nothing (premnmx leaves such rows unscaled)")
    if targets:
        parts.append(f"target column{'s' if len(targets) > 1 else ''} "
                     f"{', '.join(map(str, targets))} {'are' if len(targets) > 1 else 'is'} "
                     f"constant {where}")
    return ("Warning: " + "; ".join(parts) + ".") if parts else None


def prediction_header(net):
    """The ``%`` comment lines of a predictions file (same for train and sim)."""
    n_inputs = net.inputs[0].size
    n_outputs = net.layers[-1].size
    names = " ".join(f"y{k + 1}" for k in range(n_outputs))
    first = n_inputs + 1
    columns = (f"column {first}" if n_outputs == 1
               else f"columns {first}-{first + n_outputs - 1}")
    return [f"predictions of a pyneuro {architecture(net)} network in original units, "
            "one line per sample",
            f"columns: {names} (predicted target, data file {columns})"]


def write_predictions(path, Y, net):
    """Write outputs ``Y`` (S, Q) to a file or text stream, one line per sample, full precision."""
    write_txt(path, np.asarray(Y).T, header=prediction_header(net), fmt=_FMT)
