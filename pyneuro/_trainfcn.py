"""What a training function is, and the registry of them that networks and ``train`` share.

A :class:`TrainingFunction` carries a MATLAB name, its ``trainParam`` table and its algorithm.
The table lives here, below the network, because assigning ``net.trainFcn`` resets
``net.trainParam`` to the function's defaults (as in MATLAB); the algorithms register
themselves from :mod:`pyneuro.training`.

An algorithm is a class constructed as ``Algorithm(objective, x0, param)`` that evaluates
the starting point and then exposes

* ``x``, ``perf``, ``grad``: the current point, its performance and gradient ``dperf/dx``;
* ``step(epoch)``: one update (the next epoch's point, performance and gradient);
* ``stop``: ``None``, or a MATLAB stop message of the algorithm's own (``'Maximum MU
  reached.'``);
* one attribute per name in ``TrainingFunction.record`` (``lr``, ``mu``, ...), recorded each
  epoch into the training record.

The shared loop in :mod:`pyneuro.training._loop` does everything else: stop tests, record,
progress, best-network tracking.
"""

import functools
import math
from dataclasses import dataclass
from typing import Optional, Tuple

from ._registry import lookup
from ._struct import Struct

__all__ = ["TrainingFunction", "common_params", "TRAINING_FUNCTIONS", "get_training_function"]


def common_params(min_grad, **specific):
    """trainParam fields shared by the batch trainers (current MathWorks defaults), plus
    the function's own ``{field: (default, kind)}``."""
    fields = {
        "epochs": (1000, "count"),
        "goal": (0.0, "nonneg"),
        "max_fail": (6, "count"),
        "min_grad": (min_grad, "nonneg"),
        "show": (25, "show"),
        # Accepted so that MATLAB scripts setting them run; pyneuro has no training window.
        "showCommandLine": (False, "flag"),
        "showWindow": (True, "flag"),
        "time": (math.inf, "nonneg"),
    }
    fields.update(specific)
    return fields


@dataclass(frozen=True)
class TrainingFunction:
    """A training function: MATLAB name, ``trainParam`` table and algorithm.

    Attributes
    ----------
    name : str
        MATLAB name (``'traingdm'``).
    params : dict
        ``{field: (default, kind)}`` for ``net.trainParam``.
    algorithm : type or None
        The algorithm class; ``None`` for a function pyneuro knows but does not provide yet.
    record : tuple of str
        Per-epoch quantities recorded in ``tr`` besides the common ones (``('lr',)``).
    title : str
        Name in progress lines (``'TRAINGDM'``).
    performFcn : str or None
        The performance the algorithm minimises instead of ``net.performFcn`` (trainbr
        minimises ``'sse'``); None to use the network's.

    Examples
    --------
    A training function of one's own, assigned to a network, is used as given:

    >>> class Halving:
    ...     stop = None
    ...     def __init__(self, objective, x, param):
    ...         self.objective, self.x = objective, x
    ...         self.perf, self.grad = objective.perf_grad(x)
    ...     def step(self, epoch):
    ...         self.x = self.x - 0.5 * self.grad
    ...         self.perf, self.grad = self.objective.perf_grad(self.x)
    >>> halving = TrainingFunction("halving", common_params(1e-5), Halving)
    """

    name: str
    params: dict
    algorithm: Optional[type] = None
    record: Tuple[str, ...] = ()
    title: str = ""
    performFcn: Optional[str] = None

    @property
    def available(self):
        return self.algorithm is not None

    @property
    def display_name(self):
        return self.title or self.name.upper()

    def progress_title(self, param):
        """Name at the start of a progress line: the line-search trainers add their search,
        as MATLAB's ``TRAINBFG-srchbac``."""
        search = param.get("searchFcn")
        return f"{self.display_name}-{search}" if isinstance(search, str) else self.display_name

    def param_struct(self):
        """A fresh ``trainParam`` struct holding this function's defaults.

        A field of another training function (``lr`` on trainlm) is kept and ignored with a
        warning, as MATLAB runs such scripts; a name no training function has is an error.
        """
        return Struct("trainParam", self.params, functools.partial(_foreign_field, self.name))

    def __repr__(self):
        state = "" if self.available else " (not available yet)"
        return f"<training function {self.name!r}{state}>"

    def __reduce__(self):
        # A registered function travels by name; a user's whole (its class by reference).
        if TRAINING_FUNCTIONS.get(self.name) is self:
            return (get_training_function, (self.name,))
        return super().__reduce__()


TRAINING_FUNCTIONS = {}
"""Registry of training functions keyed by MATLAB name, filled by :mod:`pyneuro.training`
(including names known but not available yet). Add a :class:`TrainingFunction` under its
lower-case name to make it available by name."""


def _foreign_field(own, key):
    """``(field, message)`` if `key` is a trainParam field of training functions other than
    `own`, else None (see :meth:`TrainingFunction.param_struct`)."""
    lower = key.lower()
    users = {name: field for name, fcn in TRAINING_FUNCTIONS.items() if name != own
             for field in fcn.params if field.lower() == lower}
    if not users:
        return None
    field = next(iter(users.values()))
    return field, (f"trainParam.{field} has no effect on {own}; it is a parameter of "
                   f"{', '.join(sorted(users))}. It is kept and ignored, as MATLAB does; set "
                   "net.trainFcn first if you meant another training function.")


def available_names():
    """The names that train, sorted and comma-separated."""
    return ", ".join(sorted(n for n, f in TRAINING_FUNCTIONS.items() if f.available))


def get_training_function(name):
    """Look up a training function by MATLAB name; a :class:`TrainingFunction` is returned
    as given.

    Raises
    ------
    UnknownFunctionError
        If the name is not registered; the message lists the valid names.
    """
    planned = sorted(n for n, f in TRAINING_FUNCTIONS.items() if not f.available)
    return lookup(TRAINING_FUNCTIONS, name, "training function", TrainingFunction,
                  listing=available_names()
                  + (f" (known but not available yet: {', '.join(planned)})" if planned else ""))
