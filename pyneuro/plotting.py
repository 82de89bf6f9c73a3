"""Plots of training and fit, MATLAB ``plotperform`` and ``plotregression`` (matplotlib).

matplotlib is an optional dependency (``pip install 'pyneuro-nnt[plot]'``) and is imported
only when a plot is made, so ``import pyneuro`` never loads it. Without it the functions
raise :class:`~pyneuro.errors.NotAvailableError` saying how to install it.

:func:`plotperform` and :func:`plotregression` draw into a matplotlib ``Axes`` (a new figure
when none is given, through ``matplotlib.pyplot``) and return it; they never call
``pyplot.show()``. :func:`report_figure` draws both side by side into a standalone figure and
writes it to a file without touching pyplot's global state (what ``pyneuro train --plot``
uses).
"""

import math
import os

import numpy as np

from .errors import NotAvailableError, ParameterError
from .io._files import write_atomically
from .metrics import _pair, error_metrics, regression

__all__ = ["plotperform", "plotregression", "report_figure", "require_matplotlib"]

_INSTALL = "pip install 'pyneuro-nnt[plot]'"
# MATLAB's plotperform colours: train blue, validation green, test red.
_CURVES = (("perf", "Train", "#1f5fbf"), ("vperf", "Validation", "#2e9e44"),
           ("tperf", "Test", "#d62728"))
_FORMATS = ("png", "pdf", "svg")
_MAX_PANELS = 4  # report_figure: one regression panel per output up to this many


def require_matplotlib():
    """Import matplotlib, or raise NotAvailableError saying how to install it.

    Returns
    -------
    module
        ``matplotlib``.

    Raises
    ------
    NotAvailableError
        matplotlib is not installed.
    """
    try:
        import matplotlib
    except ImportError as exc:
        raise NotAvailableError(
            f"plotting needs matplotlib, which is not installed; install it with: {_INSTALL}"
        ) from exc
    return matplotlib


def _new_axes(ax):
    """`ax`, or the axes of a new pyplot figure (the one place that needs matplotlib present:
    a given Axes means it is)."""
    if ax is not None:
        return ax
    require_matplotlib()
    import matplotlib.pyplot as plt

    return plt.subplots()[1]


def _positive(values):
    """Values for a log axis: non-positive and non-finite ones become gaps."""
    values = np.array(values, dtype=float)
    values[~(values > 0) | ~np.isfinite(values)] = np.nan
    return values


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
    ax = _new_axes(ax)
    epochs = np.asarray(tr.epoch)
    validating = np.isfinite(np.asarray(tr.vperf, dtype=float)).any()
    for name, label, color in _CURVES:
        values = np.asarray(getattr(tr, name), dtype=float)
        if np.isfinite(values).any():
            ax.plot(epochs, _positive(values), color=color, lw=1.6, label=label)
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
    _plain_log_labels(ax.yaxis)
    ax.set_xlim(0, max(int(tr.num_epochs), 1))
    ax.set_xlabel(f"{tr.num_epochs} Epochs")
    ax.set_ylabel(f"{_perf_name(tr.performFcn)}  ({tr.performFcn})")
    which = "Validation" if validating else "Training"
    ax.set_title(f"Best {which} Performance is {best_value:.6g} at epoch {tr.best_epoch}")
    ax.grid(True, which="major", color="0.88", lw=0.8)
    ax.legend(loc="upper right", frameon=False)
    return ax


def _plain_log_labels(axis):
    """Label a log axis 0.04, 0.06, 0.1 rather than 4×10⁻², 6×10⁻², 10⁻¹.

    matplotlib's own log formatter still decides which ticks get a label (on the minor ticks
    that depends on how many decades are shown); only the text of a label is replaced,
    through public API (``__call__`` and ``fix_minus``, which writes a typographic minus).
    """
    from matplotlib.ticker import LogFormatterSciNotation

    class _Plain(LogFormatterSciNotation):
        def __call__(self, x, pos=None):
            return self.fix_minus(f"{x:.3g}") if super().__call__(x, pos) else ""

    axis.set_major_formatter(_Plain())
    axis.set_minor_formatter(_Plain(labelOnlyBase=False))


def _perf_name(name):
    return {"mse": "Mean Squared Error", "sse": "Sum Squared Error",
            "mae": "Mean Absolute Error", "sae": "Sum Absolute Error",
            "msereg": "Regularised MSE"}.get(name, "Performance")


def plotregression(T, Y, ax=None, title="", *, color="#1f5fbf"):
    """Plot outputs against targets with the fitted line, MATLAB ``plotregression(T, Y)``.

    Parameters
    ----------
    T : array_like, shape (S, Q)
        Targets (a 1-D array is one row). Several rows are pooled, as MATLAB does.
    Y : array_like, shape (S, Q)
        Network outputs, in the units of T.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.
    title : str, optional
        Name of the data set; the title reads ``"<title>: R = 0.9xxx"``.
    color : str, optional
        Colour of the fitted line.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ShapeError
        T and Y differ in shape (a 1-D array counts as one row), are not 1-D/2-D, or have
        no rows.
    DataFormatError
        T or Y does not hold real numbers.
    NotAvailableError
        matplotlib is not installed.

    Notes
    -----
    Draws the samples as circles, the least-squares line ``Y ≈ m·T + b`` (see
    :func:`pyneuro.regression`) and the dashed line ``Y = T`` of a perfect fit, on equal axes.
    The y label gives the fitted line, as MATLAB's "Output ~= 0.92*Target + 1.8".
    """
    T, Y = _pair(T, Y)
    return _draw_regression(_new_axes(ax), T, Y, title, color)


def _draw_regression(ax, T, Y, title, color):
    """plotregression on T and Y already checked by :func:`pyneuro.metrics._pair`."""
    r, m, b = regression(T, Y, "one")
    t, y = T.ravel(), Y.ravel()
    keep = np.isfinite(t) & np.isfinite(y)
    t, y = t[keep], y[keep]
    if t.size:
        lo = float(min(t.min(), y.min()))
        hi = float(max(t.max(), y.max()))
    else:
        lo, hi = 0.0, 1.0
    pad = 0.05 * (hi - lo) if hi > lo else 1.0
    lo, hi = lo - pad, hi + pad
    ax.plot(t, y, "o", ms=5, mfc="none", mec="0.2", mew=0.9, alpha=0.75, label="Data")
    if math.isfinite(m) and math.isfinite(b):
        ax.plot([lo, hi], [m * lo + b, m * hi + b], color=color, lw=2, label="Fit")
    ax.plot([lo, hi], [lo, hi], color="0.45", ls="--", lw=1.2, label="Y = T")
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel("Target")
    if math.isfinite(m) and math.isfinite(b):
        sign = "+" if b >= 0 else "\u2212"
        ax.set_ylabel(f"Output \u2248 {m:.2f}\u00b7Target {sign} {abs(b):.2g}")
    else:
        ax.set_ylabel("Output")
    r_text = f"R = {r:.4f}" if math.isfinite(r) else "R undefined"
    ax.set_title(f"{title}: {r_text}" if title else r_text)
    ax.grid(True, color="0.9", lw=0.8)
    ax.legend(loc="upper left", frameon=False)
    return ax


def report_figure(tr, T, Y, path, *, data_label="Check", title=None, perf_label=None, dpi=120):
    """Write a one-figure training report: ``plotperform`` and ``plotregression`` side by side.

    Parameters
    ----------
    tr : TrainRecord
        The training record (left panel).
    T, Y : array_like, shape (S, Q)
        Targets and network outputs in original units (right), usually of the check data:
        one regression panel per target row for up to four rows (``y1``, ``y2``, ...), and
        one panel with the rows pooled (and labelled so) for more.
    path : str or os.PathLike
        The file to write; its extension (``.png``, ``.pdf``, ``.svg``) sets the format.
    data_label : str, optional
        Name of the data in the right panel ("Check", "Training").
    title : str, optional
        A title over both panels.
    perf_label : str, optional
        The y label of the performance panel (e.g. to say the targets were normalised).
    dpi : int, optional
        Resolution of a PNG.

    Raises
    ------
    NotAvailableError
        matplotlib is not installed.
    ParameterError
        The extension is not one of png, pdf, svg.
    ShapeError, DataFormatError
        T and Y are not arrays of real numbers of one shape (as :func:`plotregression`).
    FileAccessError
        The file cannot be written.

    Notes
    -----
    The figure is drawn with matplotlib's object interface (no pyplot, no window) and written
    atomically (temporary file + rename). Each regression panel also lists n, RMSE and MAE.
    Pooling several outputs (as MATLAB's ``plotregression(T, Y)`` does) mixes their scales,
    and the R of the pooled cloud can look much better than any one output's, hence one panel
    per output.
    """
    name = os.fsdecode(os.fspath(path))
    fmt = os.path.splitext(name)[1].lower().lstrip(".")
    if fmt not in _FORMATS:
        raise ParameterError(f"cannot tell the image format of {name!r}; give the file one of "
                             f"the extensions {', '.join('.' + f for f in _FORMATS)}")
    require_matplotlib()
    from matplotlib.figure import Figure

    T, Y = _pair(T, Y)
    S = T.shape[0]
    if S == 1:
        panels = [(data_label, T, Y)]
    elif S <= _MAX_PANELS:
        panels = [(f"{data_label} y{k + 1}", T[k:k + 1], Y[k:k + 1]) for k in range(S)]
    else:
        panels = [(f"{data_label}, y1-y{S} pooled", T.reshape(1, -1), Y.reshape(1, -1))]
    # The performance panel on the left over every row; up to two regression panels a row.
    columns = min(len(panels), 2)
    rows = math.ceil(len(panels) / columns)
    names = [f"r{k}" for k in range(len(panels))] + ["."] * (rows * columns - len(panels))
    mosaic = [["perf"] + names[i * columns:(i + 1) * columns] for i in range(rows)]
    fig = Figure(figsize=(12 * (1.35 + columns) / 2.35, 5.2 * rows), layout="constrained")
    axes = fig.subplot_mosaic(mosaic, width_ratios=[1.35] + [1] * columns)
    plotperform(tr, ax=axes["perf"])
    if perf_label:
        axes["perf"].set_ylabel(perf_label)
    for k, (label, t, y) in enumerate(panels):
        ax = axes[f"r{k}"]
        _draw_regression(ax, t, y, label, "#1f5fbf")
        em = error_metrics(t, y)
        ax.text(0.97, 0.04, f"n = {em.n}\nRMSE = {em.rmse:.4g}\nMAE = {em.mae:.4g}",
                transform=ax.transAxes, ha="right", va="bottom", fontsize=9,
                bbox=dict(boxstyle="round,pad=0.4", fc="white", ec="0.8"))
    if title:
        fig.suptitle(title, fontsize=12)
    write_atomically(name, lambda stream: fig.savefig(stream, format=fmt, dpi=dpi), binary=True)
