"""Input checks shared by the whole library: one coercer, one convention for positions.

Data take MATLAB orientation (R x Q: rows are variables, columns are samples) and come back
as float64. Positions in messages count from 1, as a MATLAB user (and a text editor) counts
rows and columns. One exception class per kind of failure: something that is not a real
number is a :class:`DataFormatError` (non-numeric, complex, NaN/Inf where finite values are
needed); the wrong number of dimensions, rows or columns is a :class:`ShapeError`.
"""

import warnings
from numbers import Real

import numpy as np

from .errors import ConstantRowWarning, DataFormatError, ParameterError, ShapeError

# A warning about 40 constant rows should still fit on a screen.
_MAX_LISTED = 10


def as_data(x, name, *, finite=None, min_samples=0):
    """Return `x` as a 2-D float64 array of shape (R, Q).

    A 1-D array is a MATLAB row vector: one variable, Q samples -> (1, Q).

    Parameters
    ----------
    x : array_like
        The data.
    name : str
        Argument name used in messages (``"p"``, ``"t"``, ``"X"``).
    finite : str, optional
        If given, non-finite values are rejected with a
        :class:`DataFormatError`; the string names the function that needs
        finite data.
    min_samples : int
        Minimum number of columns Q.
    """
    arr = as_float_array(x, name)
    if arr.ndim == 1:
        arr = arr.reshape(1, -1)
    elif arr.ndim != 2:
        raise ShapeError(f"{name} must be a 2-D array of shape (R, Q); got shape {arr.shape}")
    if arr.shape[1] < min_samples:
        raise ShapeError(
            f"{name} must have at least {min_samples} sample column(s) (shape (R, Q)); got shape {arr.shape}"
        )
    if finite is not None:
        check_finite(arr, name, f"{finite} needs finite data",
                     "Remove those samples first, or use mapminmax/mapstd, which ignore NaN.")
    return arr


def as_float_array(x, name):
    """`x` as a float64 array (any shape); a DataFormatError naming `name` if it is not real
    numbers (a string, complex values, ragged lists, objects)."""
    if isinstance(x, str):
        raise DataFormatError(f"{name} must be a numeric array; got the string {x!r}")
    if isinstance(x, tuple) and hasattr(x, "_fields"):
        raise _whole_result(x, name)
    try:
        arr = np.asarray(x)
        if np.iscomplexobj(arr):
            raise DataFormatError(f"{name} must be real; got complex values")
        return arr.astype(np.float64, copy=False)
    except (TypeError, ValueError) as exc:
        if isinstance(exc, DataFormatError):
            raise
        text = repr(x)
        raise DataFormatError(
            f"{name} must be a numeric array; could not convert "
            f"{text if len(text) <= 60 else text[:57] + '...'} to float: {exc}") from None


def _whole_result(result, name):
    """The error for MATLAB's single-output habit: ``a = premnmx(p)`` then ``sim(net, a)``."""
    fields = ", ".join(result._fields)
    function = type(result).__name__.replace("Result", "").rstrip("0123456789").lower()
    function = "mapminmax" if function == "process" else function  # (y, ps) of any processing
    return DataFormatError(
        f"{name} is the whole result of {function}(...), a tuple ({fields}), where an array "
        f"is expected. MATLAB keeps the first output when you assign one; Python keeps all: "
        f"write {fields} = {function}(...), or {function}(...)[0] for the first.")


def name_list(names, what):
    """`names` (MATLAB's cell of function names) as a list; a set is refused, saying why."""
    if isinstance(names, (set, frozenset)):
        shown = ", ".join(repr(n) for n in sorted(names, key=str))
        raise ParameterError(
            f"{what} is a set {{{shown}}}. A MATLAB cell of names such as {{'tansig', "
            "'purelin'} is a Python list ['tansig', 'purelin']: a set has no order, so the "
            "functions could end up in the wrong places. Write a list [...] in the order you "
            "mean.")
    return [names] if isinstance(names, str) else list(names)


def check_network(net, fname):
    """Raise ParameterError unless `net` is a network; say what to write for ``(net, tr)``."""
    if hasattr(net, "numLayers") and hasattr(net, "IW"):
        return
    if isinstance(net, tuple) and net and hasattr(net[0], "numLayers"):
        raise ParameterError(
            f"{fname} needs a network, but got the pair (net, tr) that train returns. MATLAB "
            "keeps the first output when you assign one; Python keeps both: write "
            "net, tr = train(net, P, T) (or net = train(net, P, T)[0]).")
    raise ParameterError(f"{fname} needs a network (from newff); got {type(net).__name__}")


def check_finite(arr, name, why, fix):
    """Raise DataFormatError at the first NaN/Inf of the 2-D `arr`, 1-based row and column."""
    bad = ~np.isfinite(arr)
    if bad.any():
        row, col = np.argwhere(bad)[0]
        count = int(bad.sum())
        more = f" ({count} non-finite values in all)" if count > 1 else ""
        raise DataFormatError(
            f"{why}, but {name} holds {arr[row, col]} at row {row + 1} (variable), column "
            f"{col + 1} (sample), counting from 1 as MATLAB does{more}. {fix}")


def as_rows(x, rows, name, role):
    """`x` as a (rows, Q) float64 matrix: MATLAB orientation, one column per sample.

    A scalar is one sample where one row is expected. A 1-D array is a MATLAB vector: a 1×Q
    row where one row is expected, else one sample (a column). The shape error says when the
    data look transposed.
    """
    arr = as_float_array(x, name)
    if arr.ndim == 0 and rows == 1:
        arr = arr.reshape(1, 1)  # sim(net, 6.5): one sample of a one-input net, as MATLAB
    if arr.ndim == 1:
        arr = arr.reshape(1, -1) if rows == 1 else arr.reshape(-1, 1)
    if arr.ndim != 2 or arr.shape[0] != rows:
        hint = (" It looks transposed: pyneuro, like MATLAB, wants one column per sample "
                f"(use {name}.T)." if arr.ndim == 2 and arr.shape[1] == rows else "")
        raise ShapeError(f"{name} must have shape ({rows}, Q), one row per {role}; got shape "
                         f"{arr.shape}.{hint}")
    return arr


def check_statistics_finite(fname, name, what, *stats):
    """Raise DataFormatError where a statistic of finite data overflowed float64.

    `stats` are (R, 1) columns computed from `name`; `what` says what they are ("range",
    "mean or standard deviation"). trastd/tramnmx would refuse such statistics anyway.
    """
    bad = ~np.logical_and.reduce([np.isfinite(s) for s in stats])
    if bad.any():
        raise DataFormatError(
            f"{fname} cannot use row(s) {row_list(bad)} of {name}: their {what} overflows "
            f"float64 (the values are too large). Scale {name} down first."
        )


def as_column(v, n_rows, name, data_name):
    """Return per-row statistics `v` as an (R, 1) float64 column.

    Accepts shape (R, 1), (R,), a list, or a scalar when R == 1. The values
    must be finite: they describe data that was finite when they were made.
    """
    try:
        arr = np.asarray(v, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise DataFormatError(f"{name} must be numeric; could not convert it to float: {exc}") from None
    if arr.shape not in ((n_rows, 1), (n_rows,)) and not (arr.size == 1 == n_rows and arr.ndim <= 2):
        raise ShapeError(
            f"{name} must hold one value per row of {data_name}, shape ({n_rows}, 1) "
            f"since {data_name} has {n_rows} row(s); got shape {arr.shape}"
        )
    if not np.isfinite(arr).all():
        raise ParameterError(f"{name} must be finite; got {arr.ravel().tolist()}")
    return arr.reshape(n_rows, 1)


def as_data_and_stats(x, a, b, names):
    """Validate new data and the two stored statistics of an NNT 3/4 function.

    `names` are MATLAB's argument names, e.g. ``("tn", "mint", "maxt")``.
    """
    x = as_data(x, names[0])
    return x, as_column(a, x.shape[0], names[1], names[0]), as_column(b, x.shape[0], names[2], names[0])


def check_3_or_6(fname, *target_args):
    """postmnmx/poststd take (xn, a, b) or (xn, a, b, tn, c, d): MATLAB's "Wrong number of arguments"."""
    given = sum(arg is not None for arg in target_args)
    if given not in (0, len(target_args)):
        raise ParameterError(f"{fname} takes 3 or 6 arguments; got {3 + given}")


def as_scalar(value, name):
    """Return a finite real scalar parameter (ymin, ymax, ystd, max_range, ...) as float."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (Real, np.ndarray)) or np.ndim(value) != 0:
        raise ParameterError(f"{name} must be a real scalar; got {value!r}")
    value = float(value)
    if not np.isfinite(value):
        raise ParameterError(f"{name} must be finite; got {value}")
    return value


def row_list(rows):
    """'2, 4' for a boolean row mask (1-based, as MATLAB users count), truncated when long."""
    idx = np.flatnonzero(rows) + 1
    listed = ", ".join(str(i) for i in idx[:_MAX_LISTED])
    return listed if idx.size <= _MAX_LISTED else f"{listed}, ... ({idx.size} in all)"


def warn_constant_rows(rows, message, data_name, stacklevel):
    """Emit MATLAB's constant-row warning text, plus which rows of `data_name`.

    `stacklevel` 1 is the caller of this function; callers pass the depth
    that makes the warning point at the user's call of the public function.
    """
    warnings.warn(
        f"{message} Constant rows of {data_name} (counting from 1): {row_list(rows)}.",
        ConstantRowWarning,
        stacklevel=stacklevel + 1,
    )
