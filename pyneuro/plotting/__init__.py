"""MATLAB's training plots: plotperform, plottrainstate, plotregression, ploterrhist.

matplotlib is an optional dependency (``pip install 'pyneuro-nnt[plot]'``) and is imported
only when a plot is made, so ``import pyneuro`` never loads it. Without it the functions
raise :class:`~pyneuro.errors.NotAvailableError` saying how to install it.

:func:`plotperform`, :func:`ploterrhist` and :func:`plotregression` (one data set) draw into
a matplotlib ``Axes``; :func:`plottrainstate` and :func:`plotregression` with several sets
draw panels into a ``Figure``. A new pyplot figure is made when none is given; they return
what they drew into and never call ``pyplot.show()``. :func:`report_figure` draws a one-page
report into a standalone figure and writes it to a file without touching pyplot's global
state (what ``pyneuro train --plot`` uses).

The functions live in private modules by subject: ``_training`` (plotperform,
plottrainstate), ``_fit`` (plotregression, ploterrhist), ``_report`` (report_figure) over
``_base``.
"""

from ._base import require_matplotlib
from ._fit import ploterrhist, plotregression
from ._report import report_figure, report_page
from ._training import plotperform, plottrainstate

__all__ = ["plotperform", "plotregression", "ploterrhist", "plottrainstate", "report_figure",
           "report_page", "require_matplotlib"]
