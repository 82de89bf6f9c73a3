"""Row-structure processing (NNT 6+): removeconstantrows and fixunknowns."""

import dataclasses

import numpy as np

from ..errors import ParameterError, ShapeError
from . import _affine
from ._settings import (ProcessSettings, as_process_data, check_equal, check_partition, column, dispatch,
                        index, read_params)
from .._validate import as_data

__all__ = ["removeconstantrows", "RemoveConstantRowsSettings", "fixunknowns", "FixUnknownsSettings"]


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class RemoveConstantRowsSettings(ProcessSettings):
    """Settings PS of :func:`removeconstantrows` (MATLAB's fields; indices 0-based).

    Attributes
    ----------
    name : str
        ``'removeconstantrows'``.
    max_range : float
        Rows with max - min <= max_range were removed.
    keep, remove : ndarray of int
        0-based indices of the kept and removed rows of X (MATLAB's are 1-based).
    value : ndarray, shape (len(remove), 1)
        Value restored for each removed row by 'reverse': the row's
        (min + max) / 2. MATLAB also stores it as ``constants``.
    xrows, yrows : int
        Rows of X and of Y.
    no_change : bool
        True when no row was removed.
    """

    name: str = dataclasses.field(default="removeconstantrows", init=False)
    max_range: float
    keep: np.ndarray = index()
    remove: np.ndarray = index()
    value: np.ndarray = column(rows=None)
    xrows: int
    yrows: int
    no_change: bool

    def _check(self):
        check_partition(self, self.xrows, "keep", "remove")
        check_equal(self, "yrows", len(self.keep), "one row of Y per kept row")
        if self.value.shape[0] != len(self.remove):
            raise ShapeError(f"RemoveConstantRowsSettings.value must have one row per removed "
                             f"row ({len(self.remove)}); got {self.value.shape[0]}")

    @property
    def constants(self):
        """MATLAB's second name for :attr:`value`."""
        return self.value


def _rcr_create(x, *args):
    max_range = read_params("removeconstantrows", args, {"max_range": 0.0})["max_range"]
    if max_range < 0:
        raise ParameterError(f"max_range must be a non-negative real scalar; got {max_range}")
    x = as_data(x, "X")
    lo, hi = _affine.row_min_max(x)
    # NaN range (all-NaN row) compares False: such a row is kept, as in MATLAB.
    with np.errstate(invalid="ignore"):
        remove = ((hi - lo) <= max_range).ravel()
        mid = (hi + lo) / 2
    ps = RemoveConstantRowsSettings(
        max_range=max_range, keep=np.flatnonzero(~remove), remove=np.flatnonzero(remove), value=mid[remove],
        xrows=x.shape[0], yrows=int((~remove).sum()), no_change=not remove.any(),
    )
    return x[ps.keep], ps


def _rcr_apply(x, ps):
    return as_process_data(x, "X", ps.xrows)[ps.keep]


def _rcr_reverse(y, ps):
    y = as_process_data(y, "Y", ps.yrows)
    x = np.empty((ps.xrows, y.shape[1]))
    x[ps.keep] = y
    x[ps.remove] = ps.value
    return x


def removeconstantrows(X, *args):
    """Remove rows whose range is at most max_range, keeping the settings (MATLAB ``removeconstantrows``).

    Call forms: ``Y, PS = removeconstantrows(X)``, ``removeconstantrows(X, max_range)``,
    ``removeconstantrows(X, FP)`` (FP with ``max_range``),
    ``removeconstantrows('apply', X, PS)``, ``removeconstantrows('reverse', Y, PS)``.

    Parameters
    ----------
    X : array_like, shape (R, Q)
        Data, one column per sample. A 1-D array is a MATLAB row vector (1, Q).
    max_range : float, optional
        Rows with ``max - min <= max_range`` are removed. Default 0 (only
        exactly constant rows). NaN is ignored; an all-NaN row is kept.

    Returns
    -------
    ProcessResult
        ``(y, ps)``: Y, shape (R - n_removed, Q), and
        :class:`RemoveConstantRowsSettings`. 'apply' and 'reverse' return the
        array only; 'reverse' restores each removed row at its (min+max)/2.

    Raises
    ------
    ShapeError
        If X is not 1-D or 2-D, or its row count does not match PS.
    ParameterError
        If max_range is negative or not a finite scalar.

    See Also
    --------
    mapminmax, fixunknowns

    Notes
    -----
    MATLAB: ``[Y,PS] = removeconstantrows(X,max_range)``; NNT 6+ inserts it
    before mapminmax in ``newff``/``feedforwardnet`` processing.

    Examples
    --------
    >>> Y, PS = removeconstantrows([[1, 2, 3], [5, 5, 5], [0, 1, 0]])
    >>> Y
    array([[1., 2., 3.],
           [0., 1., 0.]])
    >>> PS.remove
    array([1])
    >>> removeconstantrows('reverse', Y, PS)
    array([[1., 2., 3.],
           [5., 5., 5.],
           [0., 1., 0.]])
    """
    return dispatch("removeconstantrows", X, args, {}, RemoveConstantRowsSettings,
                    _rcr_create, _rcr_apply, _rcr_reverse)


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class FixUnknownsSettings(ProcessSettings):
    """Settings PS of :func:`fixunknowns` (MATLAB's core fields; indices 0-based).

    Attributes
    ----------
    name : str
        ``'fixunknowns'``.
    xrows, yrows : int
        Rows of X; rows of Y (xrows plus one flag row per unknown row).
    unknown, known : ndarray of int
        0-based rows of X that held NaN, and the others.
    shift : ndarray of int, shape (xrows,)
        Row i of X is row ``i + shift[i]`` of Y; an unknown row's flag row follows it.
    xmeans : ndarray, shape (xrows, 1)
        Mean of each row's finite values (0 if none): the value NaN is replaced with.
    no_change : bool
        True when no row held NaN.
    """

    name: str = dataclasses.field(default="fixunknowns", init=False)
    xrows: int
    yrows: int
    unknown: np.ndarray = index()
    known: np.ndarray = index()
    shift: np.ndarray = index()
    xmeans: np.ndarray = column()
    no_change: bool

    def _check(self):
        check_partition(self, self.xrows, "unknown", "known")
        check_equal(self, "yrows", self.xrows + len(self.unknown),
                    "xrows plus one flag row per unknown row")
        unknown = np.zeros(self.xrows, dtype=bool)
        unknown[self.unknown] = True
        check_equal(self, "shift", np.cumsum(unknown) - unknown,
                    "the number of unknown rows above each row")


def _fix_create(x, *args):
    if args:
        raise ParameterError(f"fixunknowns takes no parameters; got {len(args)}")
    x = as_data(x, "X")
    unknown = np.isnan(x).any(axis=1)
    finite = np.isfinite(x)
    n = finite.sum(axis=1, keepdims=True)
    total = np.where(finite, x, 0.0).sum(axis=1, keepdims=True)
    ps = FixUnknownsSettings(
        xrows=x.shape[0], yrows=x.shape[0] + int(unknown.sum()), unknown=np.flatnonzero(unknown),
        known=np.flatnonzero(~unknown),
        shift=np.cumsum(unknown) - unknown,  # unknown rows above each row (exclusive cumsum)
        xmeans=np.where(n > 0, total / np.maximum(n, 1), 0.0), no_change=not unknown.any(),
    )
    return _fix_apply(x, ps), ps


def _fix_rows(ps):
    # Where each X row lands in Y, and where the flag row of each unknown row goes.
    rows = np.arange(ps.xrows) + ps.shift
    return rows, rows[ps.unknown] + 1


def _fix_apply(x, ps):
    x = as_process_data(x, "X", ps.xrows)
    rows, flags = _fix_rows(ps)
    nan = np.isnan(x)
    y = np.zeros((ps.yrows, x.shape[1]))
    y[rows] = np.where(nan, ps.xmeans, x)
    y[flags] = ~nan[ps.unknown]
    return y


def _fix_reverse(y, ps):
    y = as_process_data(y, "Y", ps.yrows)
    rows, flags = _fix_rows(ps)
    x = y[rows]
    x[ps.unknown] = np.where(y[flags] < 0.5, np.nan, x[ps.unknown])
    return x


def fixunknowns(X, *args):
    """Replace NaN by the row mean and add a 'known' flag row after each such row (MATLAB ``fixunknowns``).

    Call forms: ``Y, PS = fixunknowns(X)``, ``fixunknowns('apply', X, PS)``,
    ``fixunknowns('reverse', Y, PS)``.

    Parameters
    ----------
    X : array_like, shape (R, Q)
        Data with NaN for unknown values. A 1-D array is a MATLAB row vector (1, Q).

    Returns
    -------
    ProcessResult
        ``(y, ps)``: Y, shape (R + n_unknown_rows, Q), and
        :class:`FixUnknownsSettings`. 'apply' and 'reverse' return the array
        only; 'reverse' puts NaN back where the flag is below 0.5.

    Raises
    ------
    ShapeError
        If X is not 1-D or 2-D, or its row count does not match PS.

    See Also
    --------
    removeconstantrows, mapminmax

    Notes
    -----
    NNT 7+ (2015) semantics: a row is *unknown* if it holds a NaN; its NaN
    are replaced by the mean of its finite values, and a row of 1 (known) /
    0 (was NaN) follows it. On 'apply', NaN in any row is replaced by that
    row's mean.

    Examples
    --------
    >>> Y, PS = fixunknowns([[1, 2, 3], [4, np.nan, 8]])
    >>> Y
    array([[1., 2., 3.],
           [4., 6., 8.],
           [1., 0., 1.]])
    >>> fixunknowns('reverse', Y, PS)
    array([[ 1.,  2.,  3.],
           [ 4., nan,  8.]])
    """
    return dispatch("fixunknowns", X, args, {}, FixUnknownsSettings, _fix_create, _fix_apply, _fix_reverse)
