"""The registry of processing functions that networks carry (``net.inputs[0].processFcns``).

A :class:`ProcessingFunction` names a MATLAB processing function, its ``processParams`` with
their defaults, and the function itself (``Y, PS = f(X, FP)``, ``f('apply', X, PS)``,
``f('reverse', Y, PS)``). A network applies a chain of them in order on the way in and
reverses them in the opposite order on the way out (:func:`process_chain`,
:func:`apply_chain`, :func:`reverse_chain`).
"""

from dataclasses import dataclass
from typing import Callable

from .._registry import lookup
from .._struct import Struct
from ._minmax import MapMinMaxSettings, mapminmax
from ._pca import ProcessPCASettings, processpca
from ._rows import FixUnknownsSettings, RemoveConstantRowsSettings, fixunknowns, removeconstantrows
from ._std import MapStdSettings, mapstd

__all__ = ["ProcessingFunction", "PROCESSING_FUNCTIONS", "get_processing_function",
           "process_chain", "apply_chain", "reverse_chain"]


@dataclass(frozen=True)
class ProcessingFunction:
    """A processing function: MATLAB name, ``processParams`` table and the function.

    Attributes
    ----------
    name : str
    params : dict
        ``{field: (default, kind)}`` of its ``processParams``.
    function : callable
        The MATLAB-shaped function (:func:`mapminmax`, ...).
    settings : type
        Its settings class (``PS``).
    """

    name: str
    params: dict
    function: Callable
    settings: type

    def param_struct(self):
        """A fresh ``processParams`` struct with the defaults."""
        return Struct("processParams", self.params)

    def create(self, X, params):
        """``Y, PS = f(X, FP)``: settings computed from X (FP a dict or struct)."""
        params = params.to_dict() if isinstance(params, Struct) else dict(params or {})
        return self.function(X, params) if params else self.function(X)

    def apply(self, X, ps):
        return self.function("apply", X, ps)

    def reverse(self, Y, ps):
        return self.function("reverse", Y, ps)

    def __repr__(self):
        return f"ProcessingFunction({self.name!r})"


PROCESSING_FUNCTIONS = {
    f.name: f for f in (
        ProcessingFunction("mapminmax", {"ymin": (-1.0, "any"), "ymax": (1.0, "any")},
                           mapminmax, MapMinMaxSettings),
        ProcessingFunction("mapstd", {"ymean": (0.0, "any"), "ystd": (1.0, "any")},
                           mapstd, MapStdSettings),
        ProcessingFunction("removeconstantrows", {"max_range": (0.0, "any")},
                           removeconstantrows, RemoveConstantRowsSettings),
        ProcessingFunction("fixunknowns", {}, fixunknowns, FixUnknownsSettings),
        ProcessingFunction("processpca", {"maxfrac": (0.0, "any")}, processpca,
                           ProcessPCASettings),
    )
}
"""Registry of processing functions keyed by MATLAB name."""


def get_processing_function(name):
    """The :class:`ProcessingFunction` called `name` (one given is used as is).

    Raises
    ------
    UnknownFunctionError
        The message lists the valid names.
    """
    return lookup(PROCESSING_FUNCTIONS, name, "processing function", ProcessingFunction)


def process_chain(X, fcns, params):
    """Run processing functions in order on X, computing their settings.

    Returns
    -------
    Y : ndarray
    settings : list
        One settings record per function.
    """
    settings = []
    for name, fp in zip(fcns, params):
        X, ps = get_processing_function(name).create(X, fp)
        settings.append(ps)
    return X, settings


def apply_chain(X, fcns, settings):
    """Apply stored settings in order (``f('apply', X, PS)`` for each function)."""
    for name, ps in zip(fcns, settings):
        X = get_processing_function(name).apply(X, ps)
    return X


def reverse_chain(Y, fcns, settings):
    """Undo :func:`apply_chain`: ``f('reverse', Y, PS)`` for each function, last first."""
    for name, ps in zip(reversed(list(fcns)), reversed(list(settings))):
        Y = get_processing_function(name).reverse(Y, ps)
    return Y
