"""How well outputs match targets: MATLAB ``postreg`` / ``regression`` and error metrics.

* :func:`postreg` (NNT 3/4, outputs first) returns ``(m, b, r)``; :func:`regression` (NNT 7+,
  targets first) returns ``(r, m, b)``. Both fit the outputs as a straight line in the targets,
  ``Y ≈ m·T + b``, and give Pearson's correlation coefficient r. Neither plots (see
  :func:`pyneuro.plotting.plotregression`).
* :func:`error_metrics` returns MSE, RMSE, MAE, R, R² and MAPE in one record; :func:`rmse`,
  :func:`r2` and :func:`mape` are the single numbers. (The mean absolute error of an error
  matrix is the performance function :func:`pyneuro.mae`.)

Every function takes MATLAB orientation: ``T`` and ``Y`` of shape (S, Q), one column per
sample; a 1-D array is one row (1, Q). With one row the results are floats; with S rows they
are arrays of shape (S,), one value per row (per network output).

Samples where the target or the output is NaN are left out, as MATLAB's ``regression`` does;
``error_metrics(...).n`` says how many samples were used.
"""

from collections import namedtuple

import numpy as np

from .errors import DataFormatError, ParameterError, ShapeError

__all__ = ["postreg", "regression", "error_metrics", "ErrorMetrics", "rmse", "r2", "mape",
           "least_squares"]

ErrorMetrics = namedtuple("ErrorMetrics", ["n", "mse", "rmse", "mae", "r", "r2", "mape"])
ErrorMetrics.__doc__ = """Error metrics of outputs ``Y`` against targets ``T`` (see :func:`error_metrics`).

Each field is a float for one row of targets, an array of shape (S,) for S rows.

Attributes
----------
n : int or ndarray of int
    Samples used (those where neither target nor output is NaN).
mse, rmse, mae : float
    Mean squared error, its square root, mean absolute error, in the units of ``T``.
r : float
    Pearson correlation coefficient of outputs and targets (MATLAB's R).
r2 : float
    Coefficient of determination ``1 - SSE/SST``; equals ``r**2`` only for a least-squares fit.
mape : float
    Mean absolute percentage error ``100·mean(|e/t|)``; NaN when a target is 0.
"""


def _pair(T, Y, names=("T", "Y")):
    """T and Y as float arrays of the same (S, Q) shape."""
    arrays = []
    for value, name in zip((T, Y), names):
        try:
            a = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise DataFormatError(f"{name} must hold real numbers; got {value!r}") from None
        if a.ndim == 1:
            a = a.reshape(1, -1)  # a MATLAB row vector
        if a.ndim != 2:
            raise ShapeError(f"{name} must be 2-D (S, Q), one column per sample; "
                             f"got shape {a.shape}")
        if a.shape[0] == 0:
            raise ShapeError(f"{name} must have at least one row (S >= 1); got shape {a.shape}")
        arrays.append(a)
    a, b = arrays
    if a.shape != b.shape:
        hint = (" One looks transposed: both take one column per sample."
                if a.shape == b.shape[::-1] else "")
        raise ShapeError(f"{names[0]} and {names[1]} must have the same shape (S, Q); got "
                         f"{a.shape} and {b.shape}.{hint}")
    return a, b


def _rows(T, Y):
    """Yield (t, y) per row with the NaN pairs removed."""
    for t, y in zip(T, Y):
        keep = ~(np.isnan(t) | np.isnan(y))
        yield t[keep], y[keep]


def _shape_result(values, n_rows):
    """Floats for one row, arrays (S,) for several (MATLAB: 1×1 vs S×1)."""
    if n_rows == 1:
        return tuple(v[0] for v in values)
    return tuple(np.array(v) for v in values)


def _fit(t, y):
    """Least-squares line y ≈ m·t + b and Pearson r of one row; NaN where undefined."""
    with np.errstate(all="ignore"):  # overflow of extreme values shows as inf/NaN results
        return _fit_row(t, y)


def _fit_row(t, y):
    if t.size == 0:
        return np.nan, np.nan, np.nan
    dt = t - t.mean()
    dy = y - y.mean()
    stt = float(dt @ dt)
    syy = float(dy @ dy)
    sty = float(dt @ dy)
    # A constant target row leaves the slope undefined, a constant output row r; NaN, as
    # MATLAB's 0/0, but without the warning.
    m = sty / stt if stt > 0 else np.nan
    b = float(y.mean()) - m * float(t.mean()) if stt > 0 else np.nan
    r = sty / np.sqrt(stt * syy) if stt > 0 and syy > 0 else np.nan
    return float(m), float(b), float(r)


def postreg(A, T):
    """Linear regression of network outputs on targets, MATLAB ``[m, b, r] = postreg(A, T)``.

    Parameters
    ----------
    A : array_like, shape (S, Q)
        Network outputs (MATLAB's order: outputs first). A 1-D array is one row.
    T : array_like, shape (S, Q)
        Targets.

    Returns
    -------
    m : float or ndarray, shape (S,)
        Slope of the least-squares line ``A ≈ m·T + b``.
    b : float or ndarray, shape (S,)
        Intercept of that line.
    r : float or ndarray, shape (S,)
        Pearson correlation coefficient of A and T.

    Raises
    ------
    ShapeError
        A and T differ in shape, are not 1-D/2-D, or have no rows.

    See Also
    --------
    regression : the NNT 7+ spelling, ``r, m, b = regression(T, Y)``.
    pyneuro.plotting.plotregression : the plot MATLAB's postreg also draws.

    Notes
    -----
    .. math::

        m = \\frac{\\sum (t - \\bar t)(a - \\bar a)}{\\sum (t - \\bar t)^2}, \\quad
        b = \\bar a - m \\bar t, \\quad
        r = \\frac{\\sum (t - \\bar t)(a - \\bar a)}
                  {\\sqrt{\\sum (t - \\bar t)^2 \\sum (a - \\bar a)^2}}

    A perfect fit gives m = 1, b = 0, r = 1. MATLAB's postreg takes one row and plots; pyneuro
    does not plot, and with several rows returns one value per row. Constant targets leave m,
    b and r undefined (NaN); NaN samples are left out.

    Examples
    --------
    >>> m, b, r = postreg([1.1, 1.9, 3.2, 3.8], [1, 2, 3, 4])
    >>> round(m, 4), round(b, 4), round(r, 4)
    (0.94, 0.15, 0.9908)
    """
    A, T = _pair(A, T, ("A", "T"))
    fits = [_fit(t, a) for t, a in _rows(T, A)]
    return _shape_result(list(zip(*fits)), T.shape[0])


def regression(T, Y, one=False):
    """Linear regression of outputs on targets, MATLAB ``[r, m, b] = regression(T, Y)``.

    Parameters
    ----------
    T : array_like, shape (S, Q)
        Targets (NNT 7+ order: targets first).
    Y : array_like, shape (S, Q)
        Network outputs.
    one : bool or 'one', optional
        Pool all rows into one regression (MATLAB ``regression(T, Y, 'one')``).

    Returns
    -------
    r : float or ndarray, shape (S,)
        Pearson correlation coefficient per row.
    m : float or ndarray, shape (S,)
        Slope of ``Y ≈ m·T + b``.
    b : float or ndarray, shape (S,)
        Intercept.

    See Also
    --------
    postreg : the NNT 3/4 spelling, outputs first and ``(m, b, r)`` returned.

    Examples
    --------
    >>> r, m, b = regression([1, 2, 3, 4], [1.1, 1.9, 3.2, 3.8])
    >>> round(r, 4), round(m, 4), round(b, 4)
    (0.9908, 0.94, 0.15)
    >>> r, m, b = regression([[1, 2, 3], [0, 1, 0]], [[1, 2, 3], [0, 1, 1]])
    >>> r.round(4), m.round(4)
    (array([1. , 0.5]), array([1. , 0.5]))
    """
    if isinstance(one, str):
        if one.lower() != "one":
            raise ParameterError(f"regression's third argument must be 'one'; got {one!r}")
        one = True
    T, Y = _pair(T, Y)
    if one:
        T, Y = T.reshape(1, -1), Y.reshape(1, -1)
    fits = [_fit(t, y) for t, y in _rows(T, Y)]
    m, b, r = _shape_result(list(zip(*fits)), T.shape[0])
    return r, m, b


def _metrics_row(t, y):
    # Targets near 0 make MAPE overflow to inf, which is the honest answer; no warning.
    with np.errstate(all="ignore"):
        return _metrics_values(t, y)


def _metrics_values(t, y):
    n = t.size
    if n == 0:
        return 0, np.nan, np.nan, np.nan, np.nan, np.nan, np.nan
    e = t - y
    sse = float(e @ e)
    mse = sse / n
    dt = t - t.mean()
    sst = float(dt @ dt)
    r = _fit(t, y)[2]
    r2 = 1.0 - sse / sst if sst > 0 else np.nan
    mape = 100.0 * float(np.mean(np.abs(e / t))) if np.all(t != 0) else np.nan
    return n, mse, float(np.sqrt(mse)), float(np.mean(np.abs(e))), r, r2, mape


def error_metrics(T, Y):
    """MSE, RMSE, MAE, R, R² and MAPE of outputs ``Y`` against targets ``T``.

    Parameters
    ----------
    T : array_like, shape (S, Q)
        Targets, one column per sample (a 1-D array is one row).
    Y : array_like, shape (S, Q)
        Outputs (predictions), in the same units.

    Returns
    -------
    ErrorMetrics
        ``(n, mse, rmse, mae, r, r2, mape)``: floats for one row, arrays of shape (S,) for
        S rows (one value per output).

    Raises
    ------
    ShapeError
        T and Y differ in shape, are not 1-D/2-D, or have no rows.

    Notes
    -----
    With ``e = t - y`` over the n samples of a row where neither value is NaN:

    .. math::

        \\mathrm{MSE} = \\frac{1}{n}\\sum e^2, \\quad
        \\mathrm{MAE} = \\frac{1}{n}\\sum |e|, \\quad
        R^2 = 1 - \\frac{\\sum e^2}{\\sum (t - \\bar t)^2}, \\quad
        \\mathrm{MAPE} = \\frac{100}{n}\\sum \\left|\\frac{e}{t}\\right|

    ``r`` is Pearson's correlation (MATLAB's R in ``plotregression``). ``r2`` is the
    coefficient of determination of these predictions (scikit-learn's ``r2_score``): it can be
    negative, and it equals ``r**2`` only for a least-squares fit. ``mape`` is a percentage and
    NaN when a target is 0. Undefined values (no samples; constant targets for r and r2) are
    NaN.

    Examples
    --------
    >>> em = error_metrics([1, 2, 3, 4], [1.1, 1.9, 3.2, 3.8])
    >>> em.n, round(em.mse, 4), round(em.rmse, 4), round(em.mae, 4)
    (4, 0.025, 0.1581, 0.15)
    >>> round(em.r, 4), round(em.r2, 4), round(em.mape, 3)
    (0.9908, 0.98, 6.667)
    """
    T, Y = _pair(T, Y)
    rows = [_metrics_row(t, y) for t, y in _rows(T, Y)]
    values = list(zip(*rows))
    out = _shape_result(values, T.shape[0])
    if T.shape[0] > 1:
        out = (out[0].astype(int),) + out[1:]
    return ErrorMetrics(*out)


def rmse(T, Y):
    """Root mean squared error per row, ``sqrt(mean((T - Y)**2))``.

    Examples
    --------
    >>> rmse([1, 2, 3], [1, 2, 5])
    1.1547005383792515
    """
    return error_metrics(T, Y).rmse


def r2(T, Y):
    """Coefficient of determination per row, ``1 - SSE/SST`` (not ``r**2`` in general).

    Examples
    --------
    >>> r2([1, 2, 3], [1, 2, 5])
    -1.0
    """
    return error_metrics(T, Y).r2


def mape(T, Y):
    """Mean absolute percentage error per row, ``100·mean(|(T - Y)/T|)``; NaN if a T is 0.

    Examples
    --------
    >>> mape([1, 2, 4], [1, 3, 3])
    25.0
    """
    return error_metrics(T, Y).mape


def least_squares(P, T, P_new):
    """The linear least-squares baseline: fit ``T ≈ W P + b`` on ``(P, T)`` and predict.

    Parameters
    ----------
    P : array_like, shape (R, Q)
    T : array_like, shape (S, Q)
    P_new : array_like, shape (R, Q2)

    Returns
    -------
    ndarray, shape (S, Q2)
        ``W P_new + b`` for the ordinary least-squares ``W``, ``b`` (minimum-norm where the
        inputs are collinear).

    Examples
    --------
    >>> least_squares([[0, 1, 2]], [[1, 3, 5]], [[3]]).round(12).tolist()
    [[7.0]]
    """
    P, T, P_new = (np.atleast_2d(np.asarray(a, dtype=float)) for a in (P, T, P_new))
    A = np.vstack([P, np.ones(P.shape[1])]).T
    coef = np.linalg.lstsq(A, T.T, rcond=None)[0]
    return (np.vstack([P_new, np.ones(P_new.shape[1])]).T @ coef).T
