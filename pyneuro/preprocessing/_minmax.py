"""Min-max normalisation: minmax, premnmx/postmnmx/tramnmx (NNT 3/4) and mapminmax (NNT 5+)."""

import dataclasses
from collections import namedtuple

import numpy as np

from ..errors import ParameterError
from . import _affine
from ._settings import ProcessSettings, as_process_data, check_equal, column, dispatch, read_params
from .._validate import as_data, as_data_and_stats, check_3_or_6, check_statistics_finite, warn_constant_rows

__all__ = [
    "minmax",
    "premnmx",
    "postmnmx",
    "tramnmx",
    "mapminmax",
    "MapMinMaxSettings",
    "PremnmxResult",
    "PremnmxResult2",
    "PostmnmxResult",
]

PremnmxResult = namedtuple("PremnmxResult", ["pn", "minp", "maxp"])
PremnmxResult.__doc__ = "``[pn,minp,maxp] = premnmx(p)``."
PremnmxResult2 = namedtuple("PremnmxResult2", ["pn", "minp", "maxp", "tn", "mint", "maxt"])
PremnmxResult2.__doc__ = "``[pn,minp,maxp,tn,mint,maxt] = premnmx(p,t)``."
PostmnmxResult = namedtuple("PostmnmxResult", ["p", "t"])
PostmnmxResult.__doc__ = "``[p,t] = postmnmx(pn,minp,maxp,tn,mint,maxt)``."

_EQUAL = "Some maximums and minimums are equal. Those {} won't be transformed."  # MATLAB's text


def minmax(P):
    """Ranges of the rows of a matrix: ``[min max]`` per row (MATLAB ``minmax``).

    Parameters
    ----------
    P : array_like, shape (R, Q)
        Data, one column per sample. A 1-D array is a MATLAB row vector (1, Q).

    Returns
    -------
    PR : ndarray, shape (R, 2)
        ``PR[:, 0]`` is the minimum and ``PR[:, 1]`` the maximum of each row.

    Raises
    ------
    ShapeError
        If `P` is not 1-D or 2-D, or has no columns.

    Notes
    -----
    MATLAB: ``minmax(P)`` = ``[min(P,[],2) max(P,[],2)]``. Like MATLAB's
    min/max, NaN entries are ignored; a row that is all NaN gives NaN.
    ``minmax(pn)`` is the classic first argument of ``newff``.

    Examples
    --------
    >>> minmax([[0, 1, 2], [-1, -2, -0.5]])
    array([[ 0. ,  2. ],
           [-2. , -0.5]])
    """
    lo, hi = _affine.row_min_max(as_data(P, "P", min_samples=1))
    return np.hstack([lo, hi])


def _mnmx(x, minp, maxp, what, data_name, *, inverse, stacklevel=2):
    # A constant row gets min -1 / max +1, the parameters that make the map the identity.
    # stacklevel 1 is our caller; the default 2 is the user calling a public function.
    equal = minp == maxp
    lo = np.where(equal, -1.0, minp)
    hi = np.where(equal, 1.0, maxp)
    return _affine.classic_map(
        x, lo, hi - lo, 2.0, -1.0, equal, _EQUAL.format(what), data_name, inverse=inverse,
        stacklevel=stacklevel + 1,
    )


def _mnmx_stored(x, minp, maxp, names, what, *, inverse):
    x, minp, maxp = as_data_and_stats(x, minp, maxp, names)
    return _mnmx(x, minp, maxp, what, names[0], inverse=inverse, stacklevel=3)


def _premnmx_one(x, name, what):
    x = as_data(x, name, finite="premnmx", min_samples=1)
    lo, hi = _affine.row_min_max(x)
    with np.errstate(over="ignore"):
        check_statistics_finite("premnmx", name, "range (max - min)", hi - lo)
    return _mnmx(x, lo, hi, what, name, inverse=False, stacklevel=3), lo, hi


def premnmx(p, t=None):
    """Scale each row of the inputs (and targets) to [-1, 1] (MATLAB ``premnmx``).

    Parameters
    ----------
    p : array_like, shape (R, Q)
        Inputs, one column per sample. A 1-D array is a MATLAB row vector
        (one variable, shape (1, Q)).
    t : array_like, shape (S, Q), optional
        Targets, scaled the same way, independently of `p`.

    Returns
    -------
    PremnmxResult or PremnmxResult2
        ``(pn, minp, maxp)``, or ``(pn, minp, maxp, tn, mint, maxt)`` when `t`
        is given; unpack them or use the attributes. ``pn`` has shape (R, Q);
        ``minp`` and ``maxp`` are the row minima and maxima, shape (R, 1).

    Raises
    ------
    ShapeError
        If `p` or `t` is not 1-D or 2-D, or has no columns.
    DataFormatError
        If the data holds NaN or Inf (the message names row and column).

    Warns
    -----
    ConstantRowWarning
        If a row of `p` (or `t`) is constant, with MATLAB's text "Some maximums
        and minimums are equal. Those inputs (targets) won't be transformed."
        and the row numbers.

    See Also
    --------
    postmnmx, tramnmx, mapminmax, prestd

    Notes
    -----
    Per row,

    .. math:: p_n = \\frac{2 (p - p_{min})}{p_{max} - p_{min}} - 1,

    computed as MATLAB does, so every non-constant row spans exactly [-1, 1].
    MATLAB: ``[pn,minp,maxp,tn,mint,maxt] = premnmx(p,t)``.

    A constant row (min == max) is left unchanged: MATLAB substitutes min = -1
    and max = +1 for it, which makes the formula the identity; pyneuro copies
    the row, which also avoids the ``(x + 1) - 1`` rounding of that identity.
    The returned `minp`/`maxp` hold the true (equal) values; postmnmx and
    tramnmx make the same substitution.

    Deviations from NNT 4: MATLAB computes ``min(p')'``, which for a single
    *column* p (R x 1) is the global minimum, so such a column was scaled by
    its own global range (the "BUG WARNING" of later copies). pyneuro always
    works per row: an (R, 1) array is R variables with one sample each, so
    every row is constant and passes through unchanged, with a warning.
    MATLAB's min/max skip NaN, so NaN in p used to slip through; pyneuro
    raises instead, because the statistics would silently ignore samples.

    Examples
    --------
    >>> p = [-10, -7.5, -5, -2.5, 0, 2.5, 5, 7.5, 10]
    >>> t = [0, 7.07, -10, -7.07, 0, 7.07, 10, 7.07, 0]
    >>> pn, minp, maxp, tn, mint, maxt = premnmx(p, t)
    >>> pn
    array([[-1.  , -0.75, -0.5 , -0.25,  0.  ,  0.25,  0.5 ,  0.75,  1.  ]])
    >>> minp, maxp
    (array([[-10.]]), array([[10.]]))
    >>> tn
    array([[ 0.   ,  0.707, -1.   , -0.707,  0.   ,  0.707,  1.   ,  0.707,  0.   ]])
    """
    pn, minp, maxp = _premnmx_one(p, "p", "inputs")
    if t is None:
        return PremnmxResult(pn, minp, maxp)
    return PremnmxResult2(pn, minp, maxp, *_premnmx_one(t, "t", "targets"))


def tramnmx(p, minp, maxp):
    """Scale new data with the minima and maxima premnmx returned (MATLAB ``tramnmx``).

    Parameters
    ----------
    p : array_like, shape (R, Q)
        New inputs. A 1-D array is a MATLAB row vector (1, Q).
    minp, maxp : array_like, shape (R, 1)
        Row minima and maxima from :func:`premnmx`; shape (R,) or a list also
        works (a scalar when R == 1).

    Returns
    -------
    pn : ndarray, shape (R, Q)
        Scaled inputs; values may fall outside [-1, 1]. NaN stays NaN.

    Raises
    ------
    ShapeError
        If `p` is not 1-D or 2-D, or `minp`/`maxp` do not have R values.
    ParameterError
        If `minp` or `maxp` is not finite.

    Warns
    -----
    ConstantRowWarning
        Where minp == maxp, as MATLAB's tramnmx does; those rows are unchanged.

    See Also
    --------
    premnmx, postmnmx

    Notes
    -----
    ``pn = 2*(p - minp)./(maxp - minp) - 1`` per row, with min -1 / max +1 on
    constant rows (the row is copied). MATLAB: ``pn = tramnmx(p,minp,maxp)``.
    Applied to the data premnmx saw, it returns premnmx's ``pn`` exactly.

    Examples
    --------
    >>> tramnmx([4, -7], -10, 10)
    array([[ 0.4, -0.7]])
    """
    return _mnmx_stored(p, minp, maxp, ("p", "minp", "maxp"), "inputs", inverse=False)


def postmnmx(pn, minp, maxp, tn=None, mint=None, maxt=None):
    """Undo premnmx: map [-1, 1] data back to original units (MATLAB ``postmnmx``).

    Parameters
    ----------
    pn : array_like, shape (R, Q)
        Normalised data (often network outputs ``an``, with ``mint, maxt``).
        A 1-D array is a MATLAB row vector (1, Q).
    minp, maxp : array_like, shape (R, 1)
        Row minima and maxima from :func:`premnmx` ((R,) and lists work too).
    tn : array_like, shape (S, Q), optional
    mint, maxt : array_like, shape (S, 1), optional
        The 6-argument form: targets as well. Give all three or none.

    Returns
    -------
    p : ndarray, shape (R, Q)
        With the 3-argument form.
    PostmnmxResult
        ``(p, t)`` with the 6-argument form.

    Raises
    ------
    ShapeError
        If an array is not 1-D or 2-D, or a min/max vector has the wrong length.
    ParameterError
        If 4 or 5 arguments are given (MATLAB: "Wrong number of arguments"),
        or a min/max is not finite.

    Warns
    -----
    ConstantRowWarning
        Where min == max, as MATLAB's postmnmx does; those rows are unchanged.

    See Also
    --------
    premnmx, tramnmx

    Notes
    -----
    ``p = (pn + 1)/2 .* (maxp - minp) + minp`` per row, MATLAB's operation
    order, with min -1 / max +1 on constant rows (the row is copied).
    MATLAB: ``a = postmnmx(an,mint,maxt)``, ``[p,t] = postmnmx(pn,minp,maxp,tn,mint,maxt)``.

    Examples
    --------
    >>> postmnmx([[-1, 0, 0.5]], [[2]], [[6]])
    array([[2., 4., 5.]])
    """
    check_3_or_6("postmnmx", tn, mint, maxt)
    p = _mnmx_stored(pn, minp, maxp, ("pn", "minp", "maxp"), "inputs", inverse=True)
    if tn is None:
        return p
    return PostmnmxResult(p, _mnmx_stored(tn, mint, maxt, ("tn", "mint", "maxt"), "targets", inverse=True))


# --------------------------------------------------------------------------- mapminmax


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class MapMinMaxSettings(ProcessSettings):
    """Settings PS of :func:`mapminmax`: MATLAB's fields, in MATLAB's order.

    Column fields have shape (xrows, 1); arrays are read-only. The field
    ``legacy_constant_rows`` is pyneuro's: True when the settings were made
    with the 2007 constant-row rule (constant rows map to ymin).

    Attributes
    ----------
    name : str
        ``'mapminmax'``.
    xrows, yrows : int
        Number of rows R (equal).
    xmax, xmin, xrange : ndarray, shape (R, 1)
        Row maxima and minima of X, ignoring NaN (-inf/+inf for an all-NaN
        row) and their difference.
    ymax, ymin, yrange : float
        Target range, default [-1, 1].
    no_change : bool
        True when apply is the identity for every row.
    gain, xoffset : ndarray, shape (R, 1)
        The map ``y = (x - xoffset) * gain + ymin``.
    """

    name: str = dataclasses.field(default="mapminmax", init=False)
    xrows: int
    xmax: np.ndarray = column()
    xmin: np.ndarray = column()
    xrange: np.ndarray = column()
    yrows: int
    ymax: float
    ymin: float
    yrange: float
    no_change: bool
    gain: np.ndarray = column()
    xoffset: np.ndarray = column()
    legacy_constant_rows: bool = False

    def _check(self):
        check_equal(self, "yrows", self.xrows, "mapminmax maps each row of X to one row of Y")
        if not (np.isfinite([self.ymin, self.ymax]).all() and self.ymax > self.ymin):
            raise ParameterError(f"MapMinMaxSettings.ymin and ymax must be finite with ymax > "
                                 f"ymin; got ymin={self.ymin}, ymax={self.ymax}")


def _mapminmax_create(x, *args, legacy_constant_rows=False):
    fp = read_params("mapminmax", args, {"ymin": -1.0, "ymax": 1.0})
    ymin, ymax = fp["ymin"], fp["ymax"]
    if ymax <= ymin:
        raise ParameterError(f"ymax must be a real scalar value greater than ymin; got ymin={ymin}, ymax={ymax}")
    x = as_data(x, "X")
    xmin, xmax = _affine.row_min_max(x)
    # MATLAB marks a row with no known value as an unknown range [-inf, inf].
    xmin[np.isnan(xmin)] = -np.inf
    xmax[np.isnan(xmax)] = np.inf
    # inf - inf (an all-NaN row) and an overflowing range both give an identity row below.
    with np.errstate(invalid="ignore", over="ignore"):
        xrange = xmax - xmin
    yrange = ymax - ymin
    legacy = legacy_constant_rows & (xrange == 0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        gain = yrange / xrange
        fix = (~np.isfinite(xrange) | (xrange == 0) | (np.abs(gain) > 1e14)) & ~legacy
    # Legacy rows: MATLAB 2007 replaced the zero range by 1, i.e. gain = yrange.
    gain = np.where(fix, 1.0, np.where(legacy, yrange, gain))
    xoffset = np.where(fix, ymin, xmin)
    if legacy.any():
        warn_constant_rows(legacy, "Use REMOVECONSTANTROWS to remove rows with constant values.", "X", 4)
    identity = _affine.identity_rows(gain, xoffset, ymin)
    ps = MapMinMaxSettings(
        xrows=x.shape[0], xmax=xmax, xmin=xmin, xrange=xrange, yrows=x.shape[0], ymax=ymax, ymin=ymin,
        yrange=yrange, no_change=bool(identity.all()), gain=gain, xoffset=xoffset,
        legacy_constant_rows=legacy_constant_rows,
    )
    return _mapminmax_apply(x, ps), ps


def _identity(ps):
    return _affine.identity_rows(ps.gain, ps.xoffset, ps.ymin)


def _mapminmax_apply(x, ps):
    x = as_process_data(x, "X", ps.xrows)
    return _affine.forward(x, ps.xoffset, 1.0, ps.gain, ps.ymin, _identity(ps))


def _mapminmax_reverse(y, ps):
    y = as_process_data(y, "Y", ps.yrows)
    x = _affine.reverse(y, ps.xoffset, 1.0, ps.gain, ps.ymin, _identity(ps))
    if ps.legacy_constant_rows:
        # MATLAB 2007 reverses with the true range, so a constant row comes back as xmin.
        legacy = ps.xrange == 0
        x = np.where(legacy, ps.xrange * (y - ps.ymin) * (1 / ps.yrange) + ps.xmin, x)
    return x


def mapminmax(X, *args, legacy_constant_rows=False):
    """Map the rows of a matrix to [ymin, ymax], keeping the settings (MATLAB ``mapminmax``).

    Call forms, as in MATLAB::

        Y, PS = mapminmax(X)                 # ymin = -1, ymax = +1
        Y, PS = mapminmax(X, ymin, ymax)
        Y, PS = mapminmax(X, FP)             # FP: dict or object with ymin, ymax
        Y = mapminmax('apply', X, PS)
        X = mapminmax('reverse', Y, PS)

    Parameters
    ----------
    X : array_like, shape (R, Q)
        Data, one column per sample; NaN allowed. A 1-D array is a MATLAB
        row vector (1, Q).
    ymin, ymax : float, optional
        Target range (finite, ymax > ymin). Default -1 and +1.
    legacy_constant_rows : bool, optional
        Use the 2006-2008 (NNT 5/6) rule for constant rows: they map to ymin
        (with a ConstantRowWarning "Use REMOVECONSTANTROWS ..."), and reverse
        gives xmin back. Stored in PS, so apply/reverse follow it.

    Returns
    -------
    ProcessResult
        ``(y, ps)``: Y, shape (R, Q), and :class:`MapMinMaxSettings`.
        The 'apply' and 'reverse' forms return the array only.

    Raises
    ------
    ShapeError
        If X is not 1-D or 2-D, or its row count does not match PS.
    ParameterError
        If ymin/ymax are not finite scalars with ymax > ymin, the command is
        unknown, or PS is not mapminmax settings.

    See Also
    --------
    premnmx, mapstd, removeconstantrows

    Notes
    -----
    NNT 7+ (R2010b on) semantics. Per row, over the non-NaN values:

    .. math:: \\mathrm{gain} = \\frac{y_{max} - y_{min}}{x_{max} - x_{min}}, \\quad
              y = (x - x_{offset}) \\cdot \\mathrm{gain} + y_{min}, \\quad x_{offset} = x_{min}.

    Where xrange is 0 or not finite, or \\|gain\\| > 1e14, gain = 1 and
    xoffset = ymin: the row passes through unchanged (y = x), which is what
    the MATLAB documentation states for constant rows; all-NaN rows (xmin =
    -inf, xmax = +inf) and rows holding Inf are unchanged too. NaN in X stays
    NaN in Y. Such rows are copied exactly rather than through
    ``(x - ymin)*1 + ymin``. No warning is issued (NNT 7 issues none).
    'reverse' computes ``x = (y - ymin) ./ gain + xoffset``.

    ``no_change`` is True when every row is such an identity row. (The NNT 7
    code tests ``all(gain==1) && all(xmin==0)``, which is also true for a row
    like [0 2] that *is* changed; pyneuro uses the correct test.)

    Examples
    --------
    >>> Y, PS = mapminmax([[1, 2, 4], [1, 1, 1], [3, 2, 2], [0, 0, 0]])
    >>> Y
    array([[-1.    , -0.3333,  1.    ],
           [ 1.    ,  1.    ,  1.    ],
           [ 1.    , -1.    , -1.    ],
           [ 0.    ,  0.    ,  0.    ]])
    >>> PS.gain.ravel()
    array([0.6667, 1.    , 2.    , 1.    ])
    >>> mapminmax('apply', [[5, 2, 3], [1, 1, 1], [6, 7, 3], [0, 0, 0]], PS)
    array([[ 1.6667, -0.3333,  0.3333],
           [ 1.    ,  1.    ,  1.    ],
           [ 7.    ,  9.    ,  1.    ],
           [ 0.    ,  0.    ,  0.    ]])
    >>> mapminmax('reverse', Y, PS)[0]
    array([1., 2., 4.])
    """
    options = {"legacy_constant_rows": True} if legacy_constant_rows else {}
    return dispatch("mapminmax", X, args, options, MapMinMaxSettings,
                    _mapminmax_create, _mapminmax_apply, _mapminmax_reverse)
