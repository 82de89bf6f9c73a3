"""Weight learning functions (MATLAB ``learngd``, ``learngdm``): names and ``learnParam``.

A leaf below the network, as :mod:`pyneuro._trainfcn`: assigning a weight's ``learnFcn``
resets its ``learnParam`` to the function's defaults. :func:`pyneuro.adapt` applies them.

* learngd: ``dW = lr*gW``;
* learngdm: ``dW = mc*dW_prev + (1-mc)*lr*gW``, with ``dW_prev = lr*gW`` at the first call
  (so the first step is learngd's),

where ``gW`` is the negative gradient of the performance for the current time step.
learngd is learngdm with ``mc = 0``, which is how :func:`pyneuro.adapt` applies both.
"""

from ._registry import lookup
from ._struct import Struct

__all__ = ["LEARN_FUNCTIONS", "learn_param_struct", "momentum"]

LEARN_FUNCTIONS = {
    "learngd": {"lr": (0.01, "positive")},
    "learngdm": {"lr": (0.01, "positive"), "mc": (0.9, "fraction")},
}
"""``{name: {field: (default, kind)}}``: MATLAB's defaults for each learning function."""


def learn_param_struct(name):
    """A fresh ``learnParam`` for ``name`` (an empty one for a name pyneuro does not know:
    :func:`pyneuro.adapt` reports it when it is used)."""
    fields = LEARN_FUNCTIONS.get(name.lower(), {}) if isinstance(name, str) else {}
    return Struct("learnParam", fields)


def momentum(name, learn_param):
    """The momentum constant of a learning function (0 for learngd); raises
    UnknownFunctionError for a name pyneuro does not know."""
    lookup(LEARN_FUNCTIONS, name, "learning function", None)
    return learn_param["mc"] if "mc" in learn_param else 0.0
