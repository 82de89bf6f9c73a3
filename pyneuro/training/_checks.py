"""Checks of what :func:`pyneuro.train` and :func:`pyneuro.training.batch.train_batch` take,
and the data made ready for the loop: an available training function, the net configured,
data shapes against the network, finite values, the VV/TV forms, the net's processing, then
its division (MATLAB 7+ order, see :mod:`._division`)."""

import numpy as np

from .._trainfcn import available_names
from .._validate import as_rows, check_finite
from ..errors import NotAvailableError, ParameterError, ShapeError
from ..network import training_function_of
from . import _division
from ._loop import Division

__all__ = ["checked", "divided_data", "check_no_delays", "check_data", "check_pair"]


def checked(net, P, T, VV, TV, interrupt):
    """The net's training function, the net configured, and the data checked and processed:
    ``(fcn, net, P, T, VV, TV)`` with VV and TV pairs ``(P, T)`` or None (not divided yet).

    Raises
    ------
    ParameterError, NotAvailableError, ShapeError, DataFormatError
        As :func:`pyneuro.train` documents.
    """
    if interrupt not in ("raise", "stop"):
        raise ParameterError(f"interrupt must be 'raise' or 'stop'; got {interrupt!r}")
    fcn = training_function_of(net)
    if not fcn.available:
        raise NotAvailableError(
            f"training function {fcn.name!r} is not available yet in pyneuro; set "
            f"net.trainFcn to one of: {available_names()} (then set net.trainParam, which "
            "assigning trainFcn resets)"
        )
    net = _division.configured(net, P, T)
    P, T = check_data(net, P, T)
    VV = check_pair(VV, "VV")
    TV = check_pair(TV, "TV")
    VV = (_division.processed(net, *check_data(net, *VV, what=" of VV"))
          if VV is not None else None)
    TV = (_division.processed(net, *check_data(net, *TV, what=" of TV"))
          if TV is not None else None)
    P, T = _division.processed(net, P, T)
    return fcn, net, P, T, VV, TV


def divided_data(net, P, T, VV, TV):
    """``(P, T, VV, TV, division)``: the net's division of (P, T) when neither VV nor TV is
    given (MATLAB's v4 arguments replace the division), else every column trains."""
    if VV is None and TV is None:
        return _division.divided(net, P, T)
    return P, T, VV, TV, Division.all_training(T.shape[1])


def check_no_delays(**states):
    """Refuse delay states (``Pi``, ``Ai``): pyneuro's networks have none."""
    for name, value in states.items():
        if value is not None and np.size(value):
            raise NotAvailableError(f"{name} (delay states) is not supported: pyneuro's "
                                    "networks have no delays; pass None")


def check_data(net, P, T, what=""):
    """P and T as float rows of the net's input and output sizes, with samples and finite."""
    P = as_rows(P, net.inputs[0].size, "P" + what, "network input")
    if P.shape[1] == 0:
        raise ShapeError(f"P{what} has no samples (columns); training needs at least one")
    T = as_rows(T, net.outputs[-1].size, "T" + what, "network output")
    if T.shape[1] != P.shape[1]:
        raise ShapeError(f"T{what} has {T.shape[1]} columns (samples) but the inputs have "
                         f"{P.shape[1]}")
    if "fixunknowns" in net.inputs[0].processFcns:  # it fills NaN inputs (MATLAB 5.1+)
        check_finite(np.where(np.isnan(P), 0.0, P), "P" + what, "training needs finite data",
                     "Remove or fill those samples first.")
    else:
        check_finite(P, "P" + what, "training needs finite data",
                     "Remove or fill those samples first.")
    check_finite(T, "T" + what, "training needs finite data", "Remove or fill those samples first.")
    return P, T


def check_pair(data, what):
    """Validation/test data as MATLAB's VV/TV struct (``.P``, ``.T``), a dict or a tuple."""
    # MATLAB's [] means "no validation (test) data"; so do None, {}, () and an empty array.
    if data is None or (isinstance(data, (dict, tuple, list)) and len(data) == 0) or (
            isinstance(data, np.ndarray) and data.size == 0):
        return None
    if isinstance(data, dict):
        return data.get("P"), data.get("T")
    if isinstance(data, (tuple, list)) and len(data) == 2:
        return data
    if hasattr(data, "P") and hasattr(data, "T"):
        return data.P, data.T
    raise ParameterError(f"{what} must be a dict {{'P': ..., 'T': ...}} or a pair (P, T); "
                         f"got {type(data).__name__}")
