"""The per-row affine map every normalisation here is made of, and row statistics.

premnmx, prestd, mapminmax and mapstd are all

    y = (x - offset) / divisor * factor + base          (forward)
    x = (y - base) / factor * divisor + offset          (reverse)

with (R, 1) parameters, plus a set of *identity rows* (constant rows) that
pass through untouched. The parameters are chosen per family so that the
floating-point operations are the ones MATLAB performs, in MATLAB's order:

=========  ==========  ==============  ==========  ======
family     offset      divisor         factor      base
=========  ==========  ==============  ==========  ======
premnmx    minp        maxp - minp     2           -1
prestd     meanp       stdp            1           0
mapminmax  xoffset     1               gain        ymin
mapstd     xoffset     1               gain        ymean
=========  ==========  ==============  ==========  ======

(Multiplying or dividing by 1, adding 0, and scaling by 2 are exact, so e.g.
``(p - minp) / range * 2 - 1`` is bit-for-bit MATLAB's
``2*(p-minp)./range - 1``.) MATLAB makes constant rows pass through by
substituting safe parameters (min -1 / max +1, mean 0 / std 1, gain 1 /
offset ymin); the substituted formula is the identity only up to rounding
(``(x + 1) - 1``), so identity rows are copied instead. Callers still
substitute the safe values so that no division by zero happens.
"""

import numpy as np

from .._validate import warn_constant_rows


def identity_rows(gain, xoffset, base):
    """(R, 1) bool: rows where ``(x - xoffset) * gain + base`` is the identity (mapminmax, mapstd).

    Those are the rows given MATLAB's safe substitutes gain 1 and xoffset = base (ymin or
    ymean); :func:`forward` and :func:`reverse` copy them.
    """
    return (gain == 1) & (xoffset == base)


def forward(x, offset, divisor, factor, base, identity):
    """Apply the normalisation; rows flagged in `identity` ((R, 1) bool) are copied."""
    return np.where(identity, x, (x - offset) / divisor * factor + base)


def reverse(y, offset, divisor, factor, base, identity):
    """Undo :func:`forward` with the same parameters."""
    return np.where(identity, y, (y - base) / factor * divisor + offset)


def row_min_max(x):
    """Per-row (min, max) as (R, 1) columns, ignoring NaN like MATLAB's min/max.

    A row with no non-NaN value (or Q == 0) gives NaN.
    """
    if x.shape[1] == 0:
        nan = np.full((x.shape[0], 1), np.nan)
        return nan, nan.copy()
    # fmin/fmax skip NaN without the "All-NaN slice" RuntimeWarning of nanmin.
    return np.fmin.reduce(x, axis=1, keepdims=True), np.fmax.reduce(x, axis=1, keepdims=True)


def row_mean_std(x):
    """Per-row mean and N-1 standard deviation as (R, 1) columns (MATLAB ``mean``, ``std(x,0,2)``).

    NaN entries are skipped; a row holding +-Inf gets NaN statistics; a row
    with no value left gets NaN; a single value has std 0 (MATLAB's
    ``std(scalar)``). A row whose values are all equal gets exactly that value
    as mean and exactly 0 as std: ``sum/n`` can miss the value by an ulp
    (``[0.1 0.1 0.1]`` gives a mean of 0.10000000000000002 and a std of about
    2e-17), which would hide a constant row from the ``std == 0`` test.
    """
    known = ~np.isnan(x)
    n = known.sum(axis=1, keepdims=True)
    xz = np.where(known, x, 0.0)
    # Values near the float64 limit overflow the sums to inf (MATLAB's mean and std do the
    # same); the results then hold inf/NaN, without a RuntimeWarning.
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        mean = xz.sum(axis=1, keepdims=True) / n
        dev = np.where(known, x - mean, 0.0)
        std = np.sqrt((dev * dev).sum(axis=1, keepdims=True) / (n - 1))
    std[n == 1] = 0.0
    std[n == 0] = np.nan  # 0/-1 above would give -0.0
    lo, hi = row_min_max(x)
    constant = (lo == hi) & np.isfinite(lo)
    mean = np.where(constant, lo, mean)
    std[constant] = 0.0
    has_inf = np.isinf(x).any(axis=1, keepdims=True)
    mean[has_inf] = np.nan
    std[has_inf] = np.nan
    return mean, std


def classic_map(x, offset, divisor, factor, base, degenerate, message, data_name, *, inverse, stacklevel):
    """The NNT 3/4 functions (premnmx family, prestd family): warn about `degenerate` rows, then map.

    `offset`/`divisor` must already hold MATLAB's safe substitutes on the
    degenerate rows; those rows are copied unchanged. `stacklevel` counts from
    the caller of this function (1 = the caller).
    """
    if degenerate.any():
        warn_constant_rows(degenerate, message, data_name, stacklevel + 1)
    return (reverse if inverse else forward)(x, offset, divisor, factor, base, degenerate)
