"""The one-page training report that ``pyneuro train --plot`` writes."""

import math
import os

from ..errors import ParameterError
from ..io._files import write_atomically
from ..metrics import _pair, error_metrics
from ._base import FORMATS, MAX_PANELS, require_matplotlib
from ._fit import draw_regression, ploterrhist, plotregression
from ._training import plotperform, plottrainstate

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
    name, fmt = _format(path)
    require_matplotlib()
    from matplotlib.figure import Figure

    T, Y = _pair(T, Y)
    S = T.shape[0]
    if S == 1:
        panels = [(data_label, T, Y)]
    elif S <= MAX_PANELS:
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
        draw_regression(ax, t, y, label, "#1f5fbf")
        em = error_metrics(t, y)
        ax.text(0.97, 0.04, f"n = {em.n}\nRMSE = {em.rmse:.4g}\nMAE = {em.mae:.4g}",
                transform=ax.transAxes, ha="right", va="bottom", fontsize=9,
                bbox=dict(boxstyle="round,pad=0.4", fc="white", ec="0.8"))
    if title:
        fig.suptitle(title, fontsize=12)
    write_atomically(name, lambda stream: fig.savefig(stream, format=fmt, dpi=dpi), binary=True)


def report_page(tr, sets, path, *, title=None, perf_label=None, dpi=100):
    """Write every training plot on one page: what ``pyneuro train --plot`` draws.

    Top row: :func:`plotperform` (train, validation and test curves), :func:`plottrainstate`
    and :func:`ploterrhist` of every set; bottom row: :func:`plotregression` for every set and
    for All.

    Parameters
    ----------
    tr : TrainRecord
        The training record.
    sets : sequence of (str, array_like, array_like)
        ``(name, T, Y)`` per data set, in original units, shape (S, Q) (e.g. ``"Training"``,
        ``"Test"``); every set has the same S.
    path : str or os.PathLike
        The file to write; its extension (``.png``, ``.pdf``, ``.svg``) sets the format.
    title, perf_label : str, optional
        A title over the page; the y label of the performance panel.
    dpi : int, optional
        Resolution of a PNG.

    Raises
    ------
    NotAvailableError
        matplotlib is not installed.
    ParameterError
        The extension is not one of png, pdf, svg.
    ShapeError, DataFormatError
        A set's T and Y are not arrays of real numbers of one shape.
    FileAccessError
        The file cannot be written.
    """
    name, fmt = _format(path)
    require_matplotlib()
    from matplotlib.figure import Figure

    checked = [(label, *_pair(t, y)) for label, t, y in sets]
    fig = Figure(figsize=(18, 10), layout="constrained")
    top, bottom = fig.subfigures(2, 1)
    perf, state, hist = top.subfigures(1, 3, width_ratios=[1.3, 1, 1])
    plotperform(tr, ax=perf.add_subplot())
    if perf_label:
        perf.axes[0].set_ylabel(perf_label)
    plottrainstate(tr, fig=state)
    errhist = []
    for label, t, y in checked:
        errhist += [t - y, label]
    ploterrhist(*errhist, ax=hist.add_subplot())
    regression = []
    for label, t, y in checked:
        regression += [t, y, label]
    plotregression(*regression, fig=bottom, columns=len(checked) + 1)
    if title:
        fig.suptitle(title, fontsize=12)
    write_atomically(name, lambda stream: fig.savefig(stream, format=fmt, dpi=dpi), binary=True)


def _format(path):
    """The file name and its image format, from the extension."""
    name = os.fsdecode(os.fspath(path))
    fmt = os.path.splitext(name)[1].lower().lstrip(".")
    if fmt not in FORMATS:
        raise ParameterError(f"cannot tell the image format of {name!r}; give the file one of "
                             f"the extensions {', '.join('.' + f for f in FORMATS)}")
    return name, fmt
