"""Plots of a fit: MATLAB ``plotregression`` and ``ploterrhist``."""

import math

import numpy as np

from ..errors import DataFormatError, ParameterError, ShapeError
from ..metrics import _pair, regression
from ._base import named_sets, new_axes, new_figure, set_color

def plotregression(T, Y, name="", *more, ax=None, fig=None, columns=2):
    """Plot outputs against targets with the fitted line, MATLAB ``plotregression``.

    ``plotregression(T, Y)`` draws one panel; ``plotregression(T1, Y1, 'Training', T2, Y2,
    'Test', ...)`` draws one panel per set and a last one, "All", with every set pooled.

    Parameters
    ----------
    T : array_like, shape (S, Q)
        Targets (a 1-D array is one row). Several rows are pooled, as MATLAB does.
    Y : array_like, shape (S, Q)
        Network outputs, in the units of T.
    name : str, optional
        Name of the data set; the title reads ``"<name>: R = 0.9xxx"``.
    *more : array_like, array_like, str
        Further sets as ``T, Y, name`` triples (the Q of each set may differ; S may not).
    ax : matplotlib.axes.Axes, optional
        Where to draw one set; a new figure when omitted.
    fig : matplotlib.figure.Figure, optional
        Where to draw several sets; a new pyplot figure when omitted.
    columns : int, default 2
        Panels per row when drawing several sets.

    Returns
    -------
    matplotlib.axes.Axes or list of matplotlib.axes.Axes
        The axes for one set; for several, one axes per set and then "All".

    Raises
    ------
    ShapeError
        T and Y differ in shape (a 1-D array counts as one row), are not 1-D/2-D, or have
        no rows; or sets differ in S.
    DataFormatError
        T or Y does not hold real numbers.
    ParameterError
        `more` is not made of ``T, Y, name`` triples, or `ax` is given with several sets.
    NotAvailableError
        matplotlib is not installed.

    Notes
    -----
    Draws the samples as circles, the least-squares line ``Y ≈ m·T + b`` (see
    :func:`pyneuro.regression`) and the dashed line ``Y = T`` of a perfect fit, on equal axes.
    The y label gives the fitted line, as MATLAB's "Output ~= 0.92*Target + 1.8". The fitted
    line is blue for Training, green for Validation, red for Test and black for All, as in
    MATLAB.
    """
    sets = named_sets("plotregression", (T, Y, name) + more, 3)
    sets = [(label, *_pair(t, y)) for t, y, label in sets]
    if len(sets) == 1:
        label, t, y = sets[0]
        return draw_regression(new_axes(ax), t, y, label, set_color(label))
    if ax is not None:
        raise ParameterError("plotregression draws several sets into a figure (fig=), "
                             "not into one axes (ax=)")
    if len({t.shape[0] for _, t, _ in sets}) > 1:
        raise ShapeError("plotregression: every set must have the same number of target rows "
                         f"S; got {[t.shape[0] for _, t, _ in sets]}")
    pooled = ("All", np.hstack([t for _, t, _ in sets]), np.hstack([y for _, _, y in sets]))
    sets.append(pooled)
    fig = new_figure(fig)
    rows = math.ceil(len(sets) / columns)
    axes = []
    for k, (label, t, y) in enumerate(sets):
        axes.append(draw_regression(fig.add_subplot(rows, columns, k + 1), t, y, label,
                                     set_color(label)))
    return axes


def ploterrhist(E, name="", *more, bins=20, ax=None):
    """Histogram of the errors, MATLAB ``ploterrhist(E1, 'Training', E2, 'Test', ...)``.

    Parameters
    ----------
    E : array_like
        Errors ``T - Y`` of one set (any shape; every value counts).
    name : str, optional
        Name of the set, for the legend.
    *more : array_like, str
        Further sets as ``E, name`` pairs, stacked on the first.
    bins : int, default 20
        Number of bins, over the range of all errors (MATLAB's default is 20).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    DataFormatError
        An E does not hold real numbers.
    ParameterError
        `more` is not made of ``E, name`` pairs, or `bins` is not a whole number >= 1.
    NotAvailableError
        matplotlib is not installed.

    Notes
    -----
    As MATLAB: one bar per bin, stacked by set (Training blue, Validation green, Test red),
    and an orange vertical line at zero error. Non-finite errors are left out.
    """
    sets = named_sets("ploterrhist", (E, name) + more, 2)
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or bins < 1:
        raise ParameterError(f"ploterrhist: bins must be a whole number >= 1; got {bins!r}")
    errors = []
    for e, label in sets:
        try:
            e = np.asarray(e, dtype=float).ravel()
        except (TypeError, ValueError):
            raise DataFormatError(f"ploterrhist: the errors of {label or 'the set'!r} must "
                                  f"hold real numbers; got {e!r}") from None
        errors.append(e[np.isfinite(e)])
    every = np.concatenate(errors)
    lo, hi = (float(every.min()), float(every.max())) if every.size else (-1.0, 1.0)
    if hi <= lo:
        lo, hi = lo - 0.5, hi + 0.5
    edges = np.linspace(lo, hi, int(bins) + 1)
    ax = new_axes(ax)
    labels = [label or "Errors" for _, label in sets]
    ax.hist(errors, bins=edges, stacked=True, label=labels, edgecolor="white", linewidth=0.5,
            color=[set_color(label) for label in labels])
    ax.axvline(0.0, color="#ff7f0e", lw=1.6, label="Zero Error")
    ax.set_xlabel("Errors = Targets - Outputs")
    ax.set_ylabel("Instances")
    ax.set_title(f"Error Histogram with {int(bins)} Bins")
    ax.legend(loc="upper right", frameon=False)
    return ax


def draw_regression(ax, T, Y, title, color):
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
