"""Data division functions (NNT 6+): which samples train, validate and test.

``train`` calls the net's ``divideFcn`` with its ``divideParam`` on every call (MATLAB 7+), so
each call draws a new split. The functions, MATLAB's names and call shapes:

* :func:`dividerand` - a random permutation cut by the ratios (default 0.7/0.15/0.15);
* :func:`divideblock` - contiguous blocks in that order: train, then validation, then test;
* :func:`divideint` - interleaved: each index goes to the set furthest below its ratio;
* :func:`divideind` - the index lists as given (indices beyond Q dropped);
* :func:`dividetrain` - everything trains (also ``divideFcn = ''``).

Each returns ``trainInd, valInd, testInd`` as sorted 0-based int arrays (MATLAB's are
1-based). Called with a data matrix instead of a count Q (the NNT 6 form), they return
``trainV, valV, testV, trainInd, valInd, testInd``: the columns of each set, then the indices.

Set sizes (MATLAB 7's ``divide_indices``): the ratios are normalised by their sum;
``numVal = round(valRatio*Q)`` and ``numTest = round(testRatio*Q)`` with MATLAB's ``round``
(halves away from zero, so 37.5 gives 38, unlike Python's ``round``); training gets the rest.
dividerand draws MATLAB's pre-R2011b ``randperm`` (``[~, p] = sort(rand(1, Q))``) from
pyneuro's MATLAB stream.

``DIVISION_FUNCTIONS`` maps MATLAB names to :class:`DivideFunction` records (parameter table
and index function), looked up by :func:`get_divide_function`.
"""

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from . import initializers
from ._registry import lookup
from ._struct import Struct
from ._validate import as_data
from .errors import ParameterError

__all__ = ["dividerand", "divideblock", "divideint", "divideind", "dividetrain",
           "DivideFunction", "DIVISION_FUNCTIONS", "get_divide_function", "divide_indices",
           "randperm"]


@dataclass(frozen=True)
class DivideFunction:
    """A division function: MATLAB name, ``divideParam`` table, index function.

    Attributes
    ----------
    name : str
    params : dict
        ``{field: (default, kind)}`` for ``net.divideParam``.
    indices : callable
        ``indices(Q, param, stream) -> (trainInd, valInd, testInd)``, 0-based and sorted.
    """

    name: str
    params: dict
    indices: Callable

    def param_struct(self):
        """A fresh ``divideParam`` with the defaults."""
        return Struct("divideParam", self.params)

    def __repr__(self):
        return f"DivideFunction({self.name!r})"


def _round(x):
    # MATLAB's round: halves away from zero (the values here are never negative).
    return int(math.floor(x + 0.5))


def _sizes(Q, param):
    total = param["trainRatio"] + param["testRatio"] + param["valRatio"]  # MATLAB's order
    if not total > 0:
        raise ParameterError("divideParam ratios must not all be 0; got "
                             f"{param['trainRatio']}, {param['valRatio']}, {param['testRatio']}")
    n_val = _round(param["valRatio"] / total * Q)
    n_test = _round(param["testRatio"] / total * Q)
    if n_val + n_test > Q:  # two halves rounded up on a tiny Q: keep the test set whole
        n_val = Q - n_test
    return Q - n_val - n_test, n_val, n_test


def randperm(Q, *, rng=None):
    """A random permutation of ``0..Q-1``, MATLAB's pre-R2011b ``randperm`` (0-based).

    ``[~, p] = sort(rand(1, Q))``: one ``rand`` draw of Q values from the stream, stably
    sorted.

    Parameters
    ----------
    Q : int
    rng : optional
        Random stream (see :func:`pyneuro.rng`); the global one when omitted.

    Returns
    -------
    ndarray of int, shape (Q,)
    """
    return np.argsort(initializers._stream(rng).rand(1, Q).ravel(), kind="stable")


def _rand_indices(Q, param, stream):
    n_train, n_val, _ = _sizes(Q, param)
    perm = randperm(Q, rng=stream)
    return (np.sort(perm[:n_train]), np.sort(perm[n_train:n_train + n_val]),
            np.sort(perm[n_train + n_val:]))


def _block_indices(Q, param, stream):
    n_train, n_val, _ = _sizes(Q, param)
    return (np.arange(n_train), np.arange(n_train, n_train + n_val),
            np.arange(n_train + n_val, Q))


def _int_indices(Q, param, stream):
    total = param["trainRatio"] + param["testRatio"] + param["valRatio"]  # MATLAB's order
    if not total > 0:
        _sizes(Q, param)  # raises the message
    ratios = np.array([param["trainRatio"], param["valRatio"], param["testRatio"]]) / total
    counts = np.zeros(3)
    slots = np.empty(Q, dtype=int)
    for i in range(Q):
        # The set furthest below its share so far (the first on ties), as MATLAB's divideint.
        behind = ratios if i == 0 else ratios - counts / i
        slot = int(np.argmax(behind))
        slots[i] = slot
        counts[slot] += 1
    return tuple(np.flatnonzero(slots == k) for k in range(3))


def _index_list(value, name, Q):
    arr = np.asarray(value if value is not None else [], dtype=float).ravel()
    if arr.size and (not np.isfinite(arr).all() or (arr != np.floor(arr)).any()
                     or (arr < 0).any()):
        raise ParameterError(f"divideParam.{name} must list 0-based sample indices (whole "
                             f"numbers >= 0); got {value!r}")
    arr = arr.astype(np.intp)
    return arr[arr < Q]  # MATLAB drops indices beyond Q


def _ind_indices(Q, param, stream):
    sets = [_index_list(param[name], name, Q) for name in ("trainInd", "valInd", "testInd")]
    seen = np.concatenate(sets)
    if np.unique(seen).size != seen.size:
        raise ParameterError("divideParam.trainInd, valInd and testInd must not share or repeat "
                             "an index")
    return tuple(sets)


def _train_indices(Q, param, stream):
    return np.arange(Q), np.arange(0), np.arange(0)


_RATIOS = {"trainRatio": (0.7, "nonneg"), "valRatio": (0.15, "nonneg"),
           "testRatio": (0.15, "nonneg")}

DIVISION_FUNCTIONS = {
    f.name: f for f in (
        DivideFunction("dividerand", _RATIOS, _rand_indices),
        DivideFunction("divideblock", _RATIOS, _block_indices),
        DivideFunction("divideint", _RATIOS, _int_indices),
        DivideFunction("divideind", {"trainInd": ([], "any"), "valInd": ([], "any"),
                                     "testInd": ([], "any")}, _ind_indices),
        DivideFunction("dividetrain", {}, _train_indices),
    )
}
"""Registry of division functions keyed by MATLAB name (``net.divideFcn``)."""


def get_divide_function(name):
    """The :class:`DivideFunction` called `name` (a DivideFunction is used as given).

    Raises
    ------
    UnknownFunctionError
        The message lists the valid names.
    """
    return lookup(DIVISION_FUNCTIONS, name, "division function", DivideFunction)


def divide_indices(fcn, Q, param, *, rng=None):
    """Run division function `fcn` (name or record) on Q samples with `param` (a dict or
    ``divideParam``); returns ``(trainInd, valInd, testInd)``, 0-based and sorted."""
    fcn = get_divide_function(fcn)
    param = param.to_dict() if isinstance(param, Struct) else dict(param)
    full = fcn.param_struct()
    full.update(param)
    sets = fcn.indices(int(Q), full.to_dict(), initializers._stream(rng))
    return tuple(np.sort(np.asarray(s, dtype=np.intp)) for s in sets)


def _call(name, first, params, rng):
    if isinstance(first, (int, np.integer)) and not isinstance(first, (bool, np.bool_)):
        if first < 0:
            raise ParameterError(f"{name}: Q must be a number of samples >= 0; got {first}")
        return divide_indices(name, first, params, rng=rng)
    X = as_data(first, "allV")
    sets = divide_indices(name, X.shape[1], params, rng=rng)
    return tuple(X[:, s] for s in sets) + sets


def dividerand(Q, trainRatio=0.7, valRatio=0.15, testRatio=0.15, *, rng=None):
    """Divide samples into three sets at random, MATLAB ``dividerand``.

    ``trainInd, valInd, testInd = dividerand(Q, trainRatio, valRatio, testRatio)``

    Parameters
    ----------
    Q : int, or array_like of shape (R, Q)
        Number of samples; or the data (NNT 6 form: then the three sets of columns come
        first, then the indices).
    trainRatio, valRatio, testRatio : float, default 0.7, 0.15, 0.15
        Relative sizes (normalised by their sum).
    rng : optional
        Random stream (see :func:`pyneuro.rng`); the global one when omitted.

    Returns
    -------
    trainInd, valInd, testInd : ndarray of int
        Sorted 0-based indices; ``round(valRatio*Q)`` validation and ``round(testRatio*Q)``
        test samples (MATLAB's round, halves up), the rest training.

    Examples
    --------
    >>> trainInd, valInd, testInd = dividerand(250, 0.7, 0.15, 0.15, rng=0)
    >>> len(trainInd), len(valInd), len(testInd)
    (174, 38, 38)
    """
    return _call("dividerand", Q, {"trainRatio": trainRatio, "valRatio": valRatio,
                                   "testRatio": testRatio}, rng)


def divideblock(Q, trainRatio=0.7, valRatio=0.15, testRatio=0.15):
    """Divide samples into three contiguous blocks, MATLAB ``divideblock``.

    Training takes the first samples, validation the next, test the last; sizes as
    :func:`dividerand` (MATLAB 7 rounding; NNT 6 used ``floor``).

    Examples
    --------
    >>> [s.tolist() for s in divideblock(10, 0.6, 0.2, 0.2)]
    [[0, 1, 2, 3, 4, 5], [6, 7], [8, 9]]
    """
    return _call("divideblock", Q, {"trainRatio": trainRatio, "valRatio": valRatio,
                                    "testRatio": testRatio}, None)


def divideint(Q, trainRatio=0.7, valRatio=0.15, testRatio=0.15):
    """Divide samples into three interleaved sets, MATLAB ``divideint``.

    Starting with the first sample, each goes to the set furthest below its ratio so far
    (the first set on ties).

    Examples
    --------
    >>> [s.tolist() for s in divideint(10, 0.6, 0.2, 0.2)]
    [[0, 3, 4, 5, 8, 9], [1, 6], [2, 7]]
    """
    return _call("divideint", Q, {"trainRatio": trainRatio, "valRatio": valRatio,
                                  "testRatio": testRatio}, None)


def divideind(Q, trainInd=(), valInd=(), testInd=()):
    """The given index lists as the three sets, MATLAB ``divideind`` (0-based here).

    Indices not below Q are dropped, as MATLAB drops those beyond Q; samples in no list are
    not used.

    Examples
    --------
    >>> [s.tolist() for s in divideind(20, range(0, 8), range(8, 12), range(13, 16))]
    [[0, 1, 2, 3, 4, 5, 6, 7], [8, 9, 10, 11], [13, 14, 15]]
    """
    return _call("divideind", Q, {"trainInd": list(np.ravel(trainInd)),
                                  "valInd": list(np.ravel(valInd)),
                                  "testInd": list(np.ravel(testInd))}, None)


def dividetrain(Q):
    """Every sample trains, MATLAB ``dividetrain``: ``(arange(Q), [], [])``."""
    return _call("dividetrain", Q, {}, None)
