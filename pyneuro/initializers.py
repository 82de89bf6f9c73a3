"""Weight initialisation as MATLAB's ``init``: ``initnw`` (Nguyen-Widrow), ``rands``, ``initzero``.

The random numbers come from pyneuro's MATLAB-compatible stream (:mod:`pyneuro._random`,
whose :func:`rng`, :func:`rand`, :func:`randn` and :func:`rands` are re-exported here), so
``newff`` after ``rng(0)`` starts from MATLAB's weights.
"""

import numpy as np

from ._random import RandStream, _stream, rand, randn, rands, rng
from ._registry import lookup
from .transfer import get_transfer

__all__ = [
    "RandStream",
    "rng",
    "rand",
    "randn",
    "rands",
    "normr",
    "linspace",
    "initnw",
    "initrands",
    "initzero",
    "INIT_FUNCTIONS",
    "get_init",
]


def normr(M):
    """Normalise each row to unit length, MATLAB ``normr``.

    Parameters
    ----------
    M : array_like, shape (S, R)

    Returns
    -------
    ndarray, shape (S, R)
        With a single column MATLAB returns ``M ./ abs(M)`` (the sign), and so does this.

    Examples
    --------
    >>> normr([[1, 2], [3, 4]]).round(4)
    array([[0.4472, 0.8944],
           [0.6   , 0.8   ]])
    """
    M = np.atleast_2d(np.asarray(M, dtype=float))  # a vector is one row, as in MATLAB
    if M.shape[1] == 1:
        with np.errstate(invalid="ignore", divide="ignore"):
            return M / np.abs(M)
    # MATLAB multiplies by sqrt(1/sum) rather than dividing by sqrt(sum); kept for its ulps.
    return M * np.sqrt(1.0 / np.sum(M * M, axis=1, keepdims=True))


def linspace(d1, d2, n):
    """MATLAB's classic ``linspace``: ``d1 + (0:n-2)*(d2-d1)/(n-1)``, then ``d2``.

    It can differ from ``numpy.linspace`` in the last bit, which matters for exact
    reproduction of ``initnw``.
    """
    n = int(n)
    if n < 1:
        return np.zeros(0)
    return np.append(d1 + np.arange(n - 1) * (d2 - d1) / (n - 1), d2)


def _calcnw(pr, s, active, stream):
    """Nguyen-Widrow weights for one layer: MATLAB ``calcnw(pr, s, n)``.

    Parameters
    ----------
    pr : ndarray, shape (r, 2)
        Ranges of the layer's source elements.
    s : int
        Layer size.
    active : tuple of float
        Active net-input range of the layer's transfer function.
    """
    pr = np.array(pr, dtype=float)
    r = pr.shape[0]
    nonfinite = ~np.isfinite(pr).all(axis=1)
    pr[nonfinite] = (0.0, 1.0)
    keep = pr[:, 0] != pr[:, 1]  # constant sources carry no information: zero weights
    r2 = int(keep.sum())
    if r2 == 0:
        return np.zeros((s, r)), np.zeros((s, 1))
    w_mag = 0.7 * s ** (1.0 / r2)
    w = w_mag * normr(rands(s, r2, rng=stream))
    if s == 1:
        b = np.zeros((1, 1))
    else:
        b = w_mag * linspace(-1.0, 1.0, s).reshape(-1, 1) * np.sign(w[:, :1])
    nmin, nmax = active
    if nmin == nmax:  # hardlim(s): widen the zero-width range as newer MATLAB does
        nmin, nmax = nmin - 1.0, nmax + 1.0
    # Map a [-1, 1] net input onto the active range...
    x = 0.5 * (nmax - nmin)
    y = 0.5 * (nmax + nmin)
    w = x * w
    b = x * b + y
    # ...and each source range [min_k, max_k] onto [-1, 1] (the bias uses the unscaled w).
    pr2 = pr[keep]
    xk = 2.0 / (pr2[:, 1] - pr2[:, 0])
    yk = 1.0 - pr2[:, 1] * xk
    b = w @ yk.reshape(-1, 1) + b
    w = w * xk
    W = np.zeros((s, r))
    W[:, keep] = w
    return W, b


def _set_layer(net, i, W, b):
    """Split a layer's stacked weight matrix into its IW/LW blocks, in source order."""
    col = 0
    for kind, key, ranges in net._layer_sources(i):
        width = ranges.shape[0]
        getattr(net, kind)[key] = W[:, col:col + width]
        col += width
    net.b[i] = b


def initnw(net, i, *, rng=None):
    """Nguyen-Widrow initialisation of layer ``i``, MATLAB ``initnw`` (in place).

    Parameters
    ----------
    net : Network
    i : int
        Layer index (0-based).
    rng : optional
        Random stream; the global stream when omitted.

    Notes
    -----
    As MATLAB: the sources' ranges (the input range for the first layer, the previous layer's
    output range, infinities clipped to ±1, for the others) are stacked; if the layer's
    transfer function has a finite active range, ``calcnw`` places the neurons' transition
    points evenly over the input space (``wMag = 0.7 S^(1/r)``, one ``rand(S, r)`` draw);
    otherwise (``purelin``, ``poslin``, ``softmax``) weights and bias fall back to
    ``rands(S, R)`` then ``rands(S, 1)``.
    """
    stream = _stream(rng)
    layer = net.layers[i]
    sources = net._layer_sources(i)
    ranges = np.vstack([r for _, _, r in sources]) if sources else np.zeros((0, 2))
    active = get_transfer(layer.transferFcn).active_range
    if np.all(np.isfinite(active)):
        W, b = _calcnw(ranges, layer.size, active, stream)
    else:
        W = rands(layer.size, ranges.shape[0], rng=stream)
        b = rands(layer.size, 1, rng=stream)
    _set_layer(net, i, W, b)


def initrands(net, i, *, rng=None):
    """Initialise every weight and the bias of layer ``i`` with ``rands`` (MATLAB ``initwb``
    with ``rands`` as each weight's init function)."""
    stream = _stream(rng)
    width = sum(r.shape[0] for _, _, r in net._layer_sources(i))
    W = rands(net.layers[i].size, width, rng=stream)
    _set_layer(net, i, W, rands(net.layers[i].size, 1, rng=stream))


def initzero(net, i, *, rng=None):
    """Set every weight and the bias of layer ``i`` to zero (MATLAB ``initzero``)."""
    width = sum(r.shape[0] for _, _, r in net._layer_sources(i))
    _set_layer(net, i, np.zeros((net.layers[i].size, width)), np.zeros((net.layers[i].size, 1)))


INIT_FUNCTIONS = {"initnw": initnw, "rands": initrands, "initwb": initrands, "initzero": initzero}
"""Registry of layer initialisation functions keyed by MATLAB name (``layers[i].initFcn``)."""


def get_init(name):
    """Look up a layer initialisation function by MATLAB name; the error lists valid names."""
    if callable(name):
        return name  # a user's function f(net, i, *, rng) is used as given
    return lookup(INIT_FUNCTIONS, name, "initialisation function", None)
