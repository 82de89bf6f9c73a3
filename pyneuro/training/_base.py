"""What a training function is: its MATLAB name, ``trainParam`` defaults and algorithm.

An algorithm is a class constructed as ``Algorithm(objective, x0, param)`` that evaluates
the starting point and then exposes

* ``x``, ``perf``, ``grad``: the current point, its performance and gradient ``dperf/dx``;
* ``step(epoch)``: one update (the next epoch's point, performance and gradient);
* ``stop``: ``None``, or a MATLAB stop message of the algorithm's own (``'Maximum MU
  reached.'``);
* one attribute per name in ``TrainingFunction.record`` (``lr``, ``mu``), recorded each epoch.

The shared loop in :mod:`pyneuro.training._loop` does everything else: stop tests, record,
progress, best-network tracking.
"""

import math
from dataclasses import dataclass
from typing import Optional, Tuple

from .._struct import Struct

__all__ = ["TrainingFunction", "common_params"]


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
    """A registered training function.

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
    """

    name: str
    params: dict
    algorithm: Optional[type] = None
    record: Tuple[str, ...] = ()
    title: str = ""

    @property
    def available(self):
        return self.algorithm is not None

    @property
    def display_name(self):
        return self.title or self.name.upper()

    def param_struct(self):
        """A fresh ``trainParam`` struct holding this function's defaults."""
        return Struct("trainParam", self.params)

    def __repr__(self):
        state = "" if self.available else " (not available yet)"
        return f"<training function {self.name!r}{state}>"
