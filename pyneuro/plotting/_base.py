"""What the plot functions share: importing matplotlib lazily, new axes and figures, colours."""

import numpy as np

from ..errors import NotAvailableError, ParameterError

INSTALL = "pip install 'pyneuro-nnt[plot]'"
# MATLAB's plotperform colours: train blue, validation green, test red.
CURVES = (("perf", "Train", "#1f5fbf"), ("vperf", "Validation", "#2e9e44"),
           ("tperf", "Test", "#d62728"))
# MATLAB's colours of the data sets in plotregression and ploterrhist.
SET_COLORS = {"Training": "#1f5fbf", "Train": "#1f5fbf", "Validation": "#2e9e44",
               "Test": "#d62728", "All": "#000000"}
FORMATS = ("png", "pdf", "svg")
MAX_PANELS = 4  # report_figure: one regression panel per output up to this many


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
            f"plotting needs matplotlib, which is not installed; install it with: {INSTALL}"
        ) from exc
    return matplotlib


def new_axes(ax):
    """`ax`, or the axes of a new pyplot figure (the one place that needs matplotlib present:
    a given Axes means it is)."""
    if ax is not None:
        return ax
    require_matplotlib()
    import matplotlib.pyplot as plt

    return plt.subplots()[1]


def positive(values):
    """Values for a log axis: non-positive and non-finite ones become gaps."""
    values = np.array(values, dtype=float)
    values[~(values > 0) | ~np.isfinite(values)] = np.nan
    return values


def plain_log_labels(axis):
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


def perf_name(name):
    return {"mse": "Mean Squared Error", "sse": "Sum Squared Error",
            "mae": "Mean Absolute Error", "sae": "Sum Absolute Error",
            "msereg": "Regularised MSE"}.get(name, "Performance")


def named_sets(function, args, width):
    """Split MATLAB-style ``data..., name, data..., name`` arguments into tuples of `width`."""
    if len(args) % width:
        raise ParameterError(
            f"{function} takes data sets as groups of {width} arguments (data, name); got "
            f"{len(args) - width} arguments after the first set")
    sets = [tuple(args[i:i + width]) for i in range(0, len(args), width)]
    for group in sets:
        if not isinstance(group[-1], str):
            raise ParameterError(f"{function}: expected the name of a data set (a str) after "
                                 f"its data; got {type(group[-1]).__name__}")
    return sets


def set_color(name):
    return SET_COLORS.get(name.split()[0] if name else "", SET_COLORS["Training"])


def new_figure(fig):
    """`fig`, or a new pyplot figure."""
    if fig is not None:
        return fig
    require_matplotlib()
    import matplotlib.pyplot as plt

    return plt.figure(figsize=(9, 8), layout="constrained")
