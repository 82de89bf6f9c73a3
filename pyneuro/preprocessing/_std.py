"""Standardisation: prestd/poststd/trastd (NNT 3/4) and mapstd (NNT 5+)."""

import dataclasses
from collections import namedtuple

import numpy as np

from ..errors import ParameterError
from . import _affine
from ._settings import ProcessSettings, as_process_data, check_equal, column, dispatch, read_params
from .._validate import as_data, as_data_and_stats, check_3_or_6, check_statistics_finite

__all__ = ["prestd", "poststd", "trastd", "mapstd", "MapStdSettings", "PrestdResult", "PrestdResult2",
           "PoststdResult"]

PrestdResult = namedtuple("PrestdResult", ["pn", "meanp", "stdp"])
PrestdResult.__doc__ = "``[pn,meanp,stdp] = prestd(p)``."
PrestdResult2 = namedtuple("PrestdResult2", ["pn", "meanp", "stdp", "tn", "meant", "stdt"])
PrestdResult2.__doc__ = "``[pn,meanp,stdp,tn,meant,stdt] = prestd(p,t)``."
PoststdResult = namedtuple("PoststdResult", ["p", "t"])
PoststdResult.__doc__ = "``[p,t] = poststd(pn,meanp,stdp,tn,meant,stdt)``."

_ZERO = "Some standard deviations are zero. Those {} won't be transformed."  # MATLAB's text


def _std(x, meanp, stdp, what, data_name, *, inverse, stacklevel=2):
    # A zero-std row gets mean 0 / std 1, the parameters that make the map the identity.
    # stacklevel 1 is our caller; the default 2 is the user calling a public function.
    zero = stdp == 0
    return _affine.classic_map(
        x, np.where(zero, 0.0, meanp), np.where(zero, 1.0, stdp), 1.0, 0.0, zero, _ZERO.format(what),
        data_name, inverse=inverse, stacklevel=stacklevel + 1,
    )


def _std_stored(x, meanp, stdp, names, what, *, inverse):
    x, meanp, stdp = as_data_and_stats(x, meanp, stdp, names)
    return _std(x, meanp, stdp, what, names[0], inverse=inverse, stacklevel=3)


def _prestd_one(x, name, what):
    x = as_data(x, name, finite="prestd", min_samples=1)
    mean, std = _affine.row_mean_std(x)
    check_statistics_finite("prestd", name, "mean or standard deviation", mean, std)
    return _std(x, mean, std, what, name, inverse=False, stacklevel=3), mean, std


def prestd(p, t=None):
    """Standardise each row of the inputs (and targets) to mean 0, std 1 (MATLAB ``prestd``).

    Parameters
    ----------
    p : array_like, shape (R, Q)
        Inputs, one column per sample. A 1-D array is a MATLAB row vector
        (one variable, shape (1, Q)).
    t : array_like, shape (S, Q), optional
        Targets, standardised the same way, independently of `p`.

    Returns
    -------
    PrestdResult or PrestdResult2
        ``(pn, meanp, stdp)``, or ``(pn, meanp, stdp, tn, meant, stdt)`` when
        `t` is given. ``meanp`` and ``stdp`` have shape (R, 1).

    Raises
    ------
    ShapeError
        If `p` or `t` is not 1-D or 2-D, or has no columns.
    DataFormatError
        If the data holds NaN or Inf (the message names row and column).

    Warns
    -----
    ConstantRowWarning
        If a row has zero standard deviation, with MATLAB's text "Some
        standard deviations are zero. Those inputs (targets) won't be
        transformed." and the row numbers.

    See Also
    --------
    poststd, trastd, mapstd, premnmx

    Notes
    -----
    Per row, with the mean and the N-1 (sample) standard deviation,

    .. math:: p_n = \\frac{p - \\bar p}{s_p}, \\qquad
              s_p = \\sqrt{\\tfrac{1}{Q-1} \\textstyle\\sum_q (p_q - \\bar p)^2}.

    MATLAB: ``[pn,meanp,stdp,tn,meant,stdt] = prestd(p,t)``
    (``meanp = mean(p,2)``, ``stdp = std(p,0,2)``).

    A row with zero std is left unchanged (MATLAB substitutes mean 0, std 1;
    pyneuro copies the row). The returned statistics are the true ones. A row
    whose values are all equal has mean exactly that value and std exactly 0;
    MATLAB's ``std == 0`` test can miss such a row by rounding (``[0.1 0.1
    0.1]`` has a computed std near 2e-17), pyneuro does not. With a single
    sample (Q == 1) every std is 0, so every row is unchanged.

    Deviations from NNT 4: MATLAB's ``mean(p')'`` / ``std(p')'`` on a single
    column p (R x 1) gives one global mean and std; pyneuro always works per
    row (an (R, 1) array is R variables with one sample each: all constant).
    Non-finite data raise instead of giving NaN statistics.

    Examples
    --------
    >>> p = [[-0.92, 0.73, -0.47, 0.74, 0.29], [-0.08, 0.86, -0.67, -0.52, 0.93]]
    >>> pn, meanp, stdp = prestd(p)
    >>> meanp
    array([[0.074],
           [0.104]])
    >>> stdp.round(4)
    array([[0.7424],
           [0.7543]])
    >>> pn.round(4)
    array([[-1.3389,  0.8836, -0.7328,  0.8971,  0.291 ],
           [-0.2439,  1.0022, -1.0261, -0.8272,  1.095 ]])
    """
    pn, meanp, stdp = _prestd_one(p, "p", "inputs")
    if t is None:
        return PrestdResult(pn, meanp, stdp)
    return PrestdResult2(pn, meanp, stdp, *_prestd_one(t, "t", "targets"))


def trastd(p, meanp, stdp):
    """Standardise new data with the statistics prestd returned (MATLAB ``trastd``).

    Parameters
    ----------
    p : array_like, shape (R, Q)
        New inputs. A 1-D array is a MATLAB row vector (1, Q).
    meanp, stdp : array_like, shape (R, 1)
        Row means and standard deviations from :func:`prestd`; shape (R,) or
        a list also works (a scalar when R == 1).

    Returns
    -------
    pn : ndarray, shape (R, Q)
        ``(p - meanp) ./ stdp`` per row; NaN stays NaN.

    Raises
    ------
    ShapeError
        If `p` is not 1-D or 2-D, or `meanp`/`stdp` do not have R values.
    ParameterError
        If `meanp` or `stdp` is not finite.

    Warns
    -----
    ConstantRowWarning
        Where stdp == 0, as MATLAB's trastd does; those rows are unchanged.

    See Also
    --------
    prestd, poststd

    Notes
    -----
    MATLAB: ``pn = trastd(p,meanp,stdp)``. On the data prestd saw it returns
    prestd's ``pn`` exactly.

    Examples
    --------
    >>> trastd([[1.5, -0.8], [0.05, -0.3]], [0.074, 0.104], [0.7424, 0.7543])
    array([[ 1.9208, -1.1773],
           [-0.0716, -0.5356]])
    """
    return _std_stored(p, meanp, stdp, ("p", "meanp", "stdp"), "inputs", inverse=False)


def poststd(pn, meanp, stdp, tn=None, meant=None, stdt=None):
    """Undo prestd: map standardised data back to original units (MATLAB ``poststd``).

    Parameters
    ----------
    pn : array_like, shape (R, Q)
        Standardised data (often network outputs ``an``, with ``meant, stdt``).
        A 1-D array is a MATLAB row vector (1, Q).
    meanp, stdp : array_like, shape (R, 1)
        Row means and standard deviations from :func:`prestd`.
    tn : array_like, shape (S, Q), optional
    meant, stdt : array_like, shape (S, 1), optional
        The 6-argument form: targets as well. Give all three or none.

    Returns
    -------
    p : ndarray, shape (R, Q)
        With the 3-argument form: ``stdp .* pn + meanp``.
    PoststdResult
        ``(p, t)`` with the 6-argument form.

    Raises
    ------
    ShapeError
        If an array is not 1-D or 2-D, or a statistics vector has the wrong length.
    ParameterError
        If 4 or 5 arguments are given, or a statistic is not finite.

    Warns
    -----
    ConstantRowWarning
        Where the std is 0, as MATLAB's poststd does; those rows are unchanged.

    See Also
    --------
    prestd, trastd

    Notes
    -----
    MATLAB: ``a = poststd(an,meant,stdt)``, ``[p,t] = poststd(pn,meanp,stdp,tn,meant,stdt)``.

    Examples
    --------
    >>> poststd([[-1, 0, 2]], [[10]], [[2]])
    array([[ 8., 10., 14.]])
    """
    check_3_or_6("poststd", tn, meant, stdt)
    p = _std_stored(pn, meanp, stdp, ("pn", "meanp", "stdp"), "inputs", inverse=True)
    if tn is None:
        return p
    return PoststdResult(p, _std_stored(tn, meant, stdt, ("tn", "meant", "stdt"), "targets", inverse=True))


# --------------------------------------------------------------------------- mapstd


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class MapStdSettings(ProcessSettings):
    """Settings PS of :func:`mapstd`: MATLAB's fields, in MATLAB's order.

    Attributes
    ----------
    name : str
        ``'mapstd'``.
    xrows, yrows : int
        Number of rows R (equal).
    xmean, xstd : ndarray, shape (R, 1)
        Row mean and N-1 std of X over its non-NaN values (NaN when a row
        holds Inf or no value).
    ymean, ystd : float
        Target mean and std, default 0 and 1.
    no_change : bool
        True when apply is the identity for every row.
    gain, xoffset : ndarray, shape (R, 1)
        The map ``y = (x - xoffset) * gain + ymean``.
    """

    name: str = dataclasses.field(default="mapstd", init=False)
    xrows: int
    yrows: int
    xmean: np.ndarray = column()
    xstd: np.ndarray = column()
    ymean: float
    ystd: float
    no_change: bool
    gain: np.ndarray = column()
    xoffset: np.ndarray = column()

    def _check(self):
        check_equal(self, "yrows", self.xrows, "mapstd maps each row of X to one row of Y")
        if not (np.isfinite([self.ymean, self.ystd]).all() and self.ystd > 0):
            raise ParameterError(f"MapStdSettings.ymean and ystd must be finite with ystd > 0; "
                                 f"got ymean={self.ymean}, ystd={self.ystd}")


def _identity(ps):
    return _affine.identity_rows(ps.gain, ps.xoffset, ps.ymean)


def _mapstd_create(x, *args):
    fp = read_params("mapstd", args, {"ymean": 0.0, "ystd": 1.0})
    ymean, ystd = fp["ymean"], fp["ystd"]
    if ystd <= 0:
        raise ParameterError(f"ystd must be a positive real scalar value; got {ystd}")
    x = as_data(x, "X")
    xmean, xstd = _affine.row_mean_std(x)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        gain = ystd / xstd
    # A subnormal xstd makes the gain overflow; NNT 7 would return Inf/NaN there.
    fix = ~np.isfinite(xmean) | ~np.isfinite(xstd) | (xstd == 0) | ~np.isfinite(gain)
    gain = np.where(fix, 1.0, gain)
    xoffset = np.where(fix, ymean, xmean)
    ps = MapStdSettings(
        xrows=x.shape[0], yrows=x.shape[0], xmean=xmean, xstd=xstd, ymean=ymean, ystd=ystd,
        no_change=bool(_affine.identity_rows(gain, xoffset, ymean).all()), gain=gain, xoffset=xoffset,
    )
    return _mapstd_apply(x, ps), ps


def _mapstd_apply(x, ps):
    x = as_process_data(x, "X", ps.xrows)
    return _affine.forward(x, ps.xoffset, 1.0, ps.gain, ps.ymean, _identity(ps))


def _mapstd_reverse(y, ps):
    y = as_process_data(y, "Y", ps.yrows)
    return _affine.reverse(y, ps.xoffset, 1.0, ps.gain, ps.ymean, _identity(ps))


def mapstd(X, *args):
    """Map the rows of a matrix to mean 0 and std 1, keeping the settings (MATLAB ``mapstd``).

    Call forms, as in MATLAB::

        Y, PS = mapstd(X)                    # ymean = 0, ystd = 1
        Y, PS = mapstd(X, ymean, ystd)
        Y, PS = mapstd(X, FP)                # FP: dict or object with ymean, ystd
        Y = mapstd('apply', X, PS)
        X = mapstd('reverse', Y, PS)

    Parameters
    ----------
    X : array_like, shape (R, Q)
        Data, one column per sample; NaN allowed. A 1-D array is a MATLAB
        row vector (1, Q).
    ymean, ystd : float, optional
        Target mean and (positive) std. Default 0 and 1.

    Returns
    -------
    ProcessResult
        ``(y, ps)``: Y, shape (R, Q), and :class:`MapStdSettings`.
        The 'apply' and 'reverse' forms return the array only.

    Raises
    ------
    ShapeError
        If X is not 1-D or 2-D, or its row count does not match PS.
    ParameterError
        If ymean/ystd are not finite scalars with ystd > 0, the command is
        unknown, or PS is not mapstd settings.

    See Also
    --------
    prestd, mapminmax

    Notes
    -----
    NNT 7+ semantics. Per row, xmean and the N-1 std xstd over the non-NaN
    values (a row holding Inf gets NaN statistics, as in MATLAB);
    ``gain = ystd ./ xstd``, ``xoffset = xmean`` and

    .. math:: y = (x - x_{offset}) \\cdot \\mathrm{gain} + y_{mean}.

    Where xstd is 0 or a statistic (or the gain) is not finite, gain = 1 and
    xoffset = ymean: the row passes through unchanged (copied exactly). NaN
    in X stays NaN. No warning is issued (NNT 7 issues none). 'reverse'
    computes ``x = (y - ymean) ./ gain + xoffset``. Rows whose values are all
    equal get std exactly 0 (see :func:`prestd`).

    Examples
    --------
    >>> Y, PS = mapstd([[1, 2, 4], [1, 1, 1], [3, 2, 2], [0, 0, 0]])
    >>> Y
    array([[-0.8729, -0.2182,  1.0911],
           [ 1.    ,  1.    ,  1.    ],
           [ 1.1547, -0.5774, -0.5774],
           [ 0.    ,  0.    ,  0.    ]])
    >>> mapstd('reverse', Y, PS)[0]
    array([1., 2., 4.])
    """
    return dispatch("mapstd", X, args, {}, MapStdSettings, _mapstd_create, _mapstd_apply, _mapstd_reverse)
