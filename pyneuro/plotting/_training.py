"""Plots of a training record: MATLAB ``plotperform`` and ``plottrainstate``."""

import math

import numpy as np

from ._base import (CURVES, new_axes, new_figure, perf_name, plain_log_labels,
                    positive)


def plotperform(tr, ax=None):
    """Plot the performance of every epoch on a log scale, MATLAB ``plotperform(tr)``.

    Parameters
    ----------
    tr : TrainRecord
        From :func:`pyneuro.train`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    NotAvailableError
        matplotlib is not installed.

    Notes
    -----
    As MATLAB: training performance in blue, validation in green and test in red (where
    present), the best epoch circled with dotted guide lines, and the goal as a dotted line
    when it is above zero (zero cannot be drawn on a log scale). Epochs where the performance
    is 0 leave a gap.
    """
    ax = new_axes(ax)
    epochs = np.asarray(tr.epoch)
    validating = np.isfinite(np.asarray(tr.vperf, dtype=float)).any()
    for name, label, color in CURVES:
        values = np.asarray(getattr(tr, name), dtype=float)
        if np.isfinite(values).any():
            ax.plot(epochs, positive(values), color=color, lw=1.6, label=label)
    best_curve = "vperf" if validating else "perf"
    best_value = float(np.asarray(getattr(tr, best_curve))[tr.best_epoch])
    best_color = "#2e9e44" if validating else "#1f5fbf"
    if best_value > 0 and math.isfinite(best_value):
        ax.axvline(tr.best_epoch, color="0.35", ls=":", lw=1)
        ax.axhline(best_value, color="0.35", ls=":", lw=1)
        ax.plot([tr.best_epoch], [best_value], "o", ms=9, mfc="none", mec=best_color, mew=1.6,
                clip_on=False, zorder=3, label=f"Best (epoch {tr.best_epoch})")
    if tr.goal > 0:
        ax.axhline(tr.goal, color="k", ls="--", lw=1, label="Goal")
    ax.set_yscale("log")
    plain_log_labels(ax.yaxis)
    ax.set_xlim(0, max(int(tr.num_epochs), 1))
    ax.set_xlabel(f"{tr.num_epochs} Epochs")
    ax.set_ylabel(f"{perf_name(tr.performFcn)}  ({tr.performFcn})")
    which = "Validation" if validating else "Training"
    ax.set_title(f"Best {which} Performance is {best_value:.6g} at epoch {tr.best_epoch}")
    ax.grid(True, which="major", color="0.88", lw=0.8)
    ax.legend(loc="upper right", frameon=False)
    return ax


def plottrainstate(tr, fig=None):
    """Plot the training state per epoch, MATLAB ``plottrainstate(tr)``.

    Parameters
    ----------
    tr : TrainRecord
        From :func:`pyneuro.train`.
    fig : matplotlib.figure.Figure, optional
        Where to draw; a new pyplot figure when omitted.

    Returns
    -------
    list of matplotlib.axes.Axes
        One panel each, top to bottom: the gradient (log scale); ``mu`` (trainlm, log
        scale) or the learning rate (where the algorithm records one); the validation
        checks (``tr.val_fail``).

    Raises
    ------
    NotAvailableError
        matplotlib is not installed.

    Notes
    -----
    Each title gives the last value, as MATLAB's "Gradient = 0.0012, at epoch 40".
    """
    states = [("gradient", "Gradient", "gradient", True)]
    # The record has mu or lr only where the training function has them (trainlm: mu).
    if getattr(tr, "mu", None) is not None:
        states.append(("mu", "Mu", "mu", True))
    elif getattr(tr, "lr", None) is not None:
        states.append(("lr", "Learning Rate", "lr", False))
    states.append(("val_fail", "Validation Checks", "val fail", False))
    fig = new_figure(fig)
    epochs = np.asarray(tr.epoch)
    axes = []
    for k, (field, title, ylabel, log) in enumerate(states):
        ax = fig.add_subplot(len(states), 1, k + 1)
        values = np.asarray(getattr(tr, field), dtype=float)
        ax.plot(epochs, positive(values) if log else values, color="#1f5fbf", lw=1.4,
                marker="." if epochs.size < 60 else None, label=title)
        if log:
            ax.set_yscale("log")
        ax.set_ylabel(ylabel)
        ax.set_title(f"{title} = {values[-1]:.5g}, at epoch {int(tr.num_epochs)}")
        ax.set_xlim(0, max(int(tr.num_epochs), 1))
        ax.grid(True, color="0.9", lw=0.8)
        axes.append(ax)
    axes[-1].set_xlabel(f"{tr.num_epochs} Epochs")
    return axes
