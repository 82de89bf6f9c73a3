"""Performance (error) functions: MATLAB ``mse``, ``sse``, ``mae``, ``sae``, ``msereg``.

Each function is registered in :data:`PERFORMANCE_FUNCTIONS` under its MATLAB name. An entry
computes the performance of the errors ``E = T - Y`` (and, for ``msereg``, of the weight
vector ``X``) and its derivatives:

* ``perf(E, X, param)`` → float;
* ``grad_e(E, X, param)`` → ``dperf/dE``, same shape as ``E``;
* ``grad_x(E, X, param)`` → ``dperf/dX`` of the explicit dependence on the weights (the
  regulariser), or ``None`` where there is none.

Derivatives here are true derivatives (the sign convention of calculus). MATLAB's toolbox
internally carries negative gradients; the public ``dmse``/``dmsereg``/... follow MATLAB's
calls and say in their docstrings which sign they return.
"""

from dataclasses import dataclass, field
from typing import Callable, Optional

import numpy as np

from ._registry import lookup

__all__ = [
    "PerformanceFunction",
    "PERFORMANCE_FUNCTIONS",
    "get_performance",
    "mse",
    "sse",
    "mae",
    "sae",
    "msereg",
    "dmse",
    "dsse",
    "dmae",
    "dsae",
    "dmsereg",
]


@dataclass(frozen=True)
class PerformanceFunction:
    """A registered performance function.

    Attributes
    ----------
    name : str
        MATLAB name (``'mse'``).
    perf : callable
        ``perf(E, X, param) -> float``.
    grad_e : callable
        ``grad_e(E, X, param) -> ndarray``: ``dperf/dE``.
    grad_x : callable or None
        ``grad_x(E, X, param) -> ndarray``: ``dperf/dX`` through the regulariser, if any.
    defaults : dict
        Default ``performParam`` fields.
    sse_scale : callable or None
        For performances of the form ``c * sum(E**2)``, ``n -> c`` giving ``c`` from the number
        of error elements (``1/N`` for mse, 1 for sse); ``None`` otherwise. Levenberg-Marquardt
        needs this form.
    stack : callable or None
        ``stack(E) -> (perf, dperf/dE)`` for a stack of K networks' errors, shape (K, S, Q):
        K performances and the K derivatives, each bit for bit what ``perf``/``grad_e`` give
        that network alone, in a few array operations instead of K calls (batched training).
        ``None`` where the per-network functions must be used.
    """

    name: str
    perf: Callable
    grad_e: Callable
    grad_x: Optional[Callable] = None
    defaults: dict = field(default_factory=dict)
    sse_scale: Optional[Callable[[int], float]] = None
    stack: Optional[Callable] = None

    def __repr__(self):
        return f"<performance function {self.name!r}>"

    def __reduce__(self):
        # A registered function travels by name (its parts are closures); a user's whole.
        if PERFORMANCE_FUNCTIONS.get(self.name) is self:
            return (get_performance, (self.name,))
        return super().__reduce__()


def _mean(total, n):
    # MATLAB's sum([])/numel([]) is 0/0 = NaN: the mean error of no samples is undefined
    # (an empty check set), where Python would raise ZeroDivisionError.
    return total / n if n else float("nan")


def _sum_squares(E):
    # The BLAS dot of the flattened errors, as np.vdot makes it, for less call overhead.
    flat = E.reshape(-1)
    return float(flat.dot(flat))


def _mse(E, X, param):
    return _mean(_sum_squares(E), E.size)


def _dmse(E, X, param):
    return E * (2.0 / E.size) if E.size else np.zeros_like(E)


def _sse(E, X, param):
    return _sum_squares(E)


def _dsse(E, X, param):
    return 2.0 * E


def _sum_squares_each(E):
    # Each network's sum of squares as the same BLAS dot product that np.vdot makes for it
    # alone: a (1, n) @ (n, 1) product per network, which numpy hands to the same ddot.
    flat = E.reshape(E.shape[0], 1, -1)
    return np.matmul(flat, flat.swapaxes(-1, -2)).reshape(-1), flat.shape[-1]


def _mse_stack(E):
    squares, n = _sum_squares_each(E)
    return squares / n, E * (2.0 / n)


def _sse_stack(E):
    return _sum_squares_each(E)[0], 2.0 * E


def _mae(E, X, param):
    return _mean(float(np.sum(np.abs(E))), E.size)


def _dmae(E, X, param):
    # NNT 4's dmae returned sign(E) without the 1/N; we return the true derivative so that the
    # reported gradient and min_grad mean the same for every performance function.
    return np.sign(E) / E.size if E.size else np.zeros_like(E)


def _sae(E, X, param):
    return float(np.sum(np.abs(E)))


def _dsae(E, X, param):
    return np.sign(E)


def _msw(X):
    return float(np.vdot(X, X)) / X.size if X.size else 0.0


def _msereg(E, X, param):
    ratio = param["ratio"]
    return ratio * _mse(E, X, param) + (1.0 - ratio) * _msw(X)


def _dmsereg_e(E, X, param):
    return E * (param["ratio"] * 2.0 / E.size) if E.size else np.zeros_like(E)


def _dmsereg_x(E, X, param):
    if not X.size:
        return np.zeros_like(X)
    return X * ((1.0 - param["ratio"]) * 2.0 / X.size)


PERFORMANCE_FUNCTIONS = {
    pf.name: pf
    for pf in (
        PerformanceFunction("mse", _mse, _dmse, sse_scale=lambda n: 1.0 / n, stack=_mse_stack),
        PerformanceFunction("sse", _sse, _dsse, sse_scale=lambda n: 1.0, stack=_sse_stack),
        PerformanceFunction("mae", _mae, _dmae),
        PerformanceFunction("sae", _sae, _dsae),
        PerformanceFunction("msereg", _msereg, _dmsereg_e, _dmsereg_x, {"ratio": 0.9}),
    )
}
"""Registry of performance functions keyed by MATLAB name."""


def get_performance(name):
    """Look up a performance function by its MATLAB name.

    Parameters
    ----------
    name : str or PerformanceFunction
        ``'mse'``, ``'sse'``, ``'mae'``, ``'sae'`` or ``'msereg'`` (case-insensitive); a
        :class:`PerformanceFunction` is returned as given.

    Returns
    -------
    PerformanceFunction

    Raises
    ------
    UnknownFunctionError
        The message lists the valid names.
    """
    return lookup(PERFORMANCE_FUNCTIONS, name, "performance function", PerformanceFunction)


def _errors(args):
    """E from MATLAB's call forms ``f(E)``, ``f(E, X, PP)`` or ``f(net, T, Y)``."""
    if args and hasattr(args[0], "numLayers"):  # modern form perf = mse(net, t, y)
        if len(args) < 3:
            raise TypeError("the form f(net, T, Y) needs targets T and outputs Y")
        T = np.asarray(args[1], dtype=float)
        Y = np.asarray(args[2], dtype=float)
        return T - Y, None, None
    E = args[0]
    if isinstance(E, (list, tuple)) and E and all(isinstance(e, np.ndarray) for e in E):
        # A MATLAB cell array of error matrices is pooled, as the toolbox does.
        E = np.concatenate([np.ravel(e) for e in E])
    E = np.asarray(E, dtype=float)
    X = np.asarray(args[1], dtype=float).ravel() if len(args) > 1 and args[1] is not None else None
    PP = args[2] if len(args) > 2 else None
    return E, X, PP


def _param(pf, PP):
    param = dict(pf.defaults)
    if PP is not None:
        # A dict, net.performParam (a Struct) or any object with the fields as attributes.
        items = (PP.to_dict() if hasattr(PP, "to_dict") else PP if isinstance(PP, dict)
                 else vars(PP)).items()
        param.update((k, v) for k, v in items if k in param)
    return param


def _public(name, doc):
    pf = PERFORMANCE_FUNCTIONS[name]

    def f(*args):
        E, X, PP = _errors(args)
        if X is None:
            X = np.zeros(0)
        return pf.perf(E, X, _param(pf, PP))

    f.__name__ = f.__qualname__ = name
    f.__doc__ = doc
    return f


def _public_deriv(name, doc):
    pf = PERFORMANCE_FUNCTIONS[name]

    def f(code, E, X=None, perf=None, PP=None):
        E = np.asarray(E, dtype=float)
        X = np.zeros(0) if X is None else np.asarray(X, dtype=float).ravel()
        param = _param(pf, PP)
        if code == "e":
            return pf.grad_e(E, X, param)
        if code == "x":
            if pf.grad_x is None:
                return np.zeros((X.size, 1))
            # MATLAB's d*('x') returns the negative gradient (the toolbox's convention).
            return -pf.grad_x(E, X, param).reshape(-1, 1)
        raise ValueError(f"{f.__name__}: code must be 'e' or 'x'; got {code!r}")

    f.__name__ = f.__qualname__ = "d" + name
    f.__doc__ = doc
    return f


_PERF_DOC = """{title}, MATLAB ``{name}``.

Parameters
----------
E : array_like, shape (S, Q)
    Errors ``T - Y`` (a list of error matrices is pooled, like a MATLAB cell array). The
    modern call ``{name}(net, T, Y)`` is accepted too.
{extra}
Returns
-------
perf : float
    {formula} Empty errors (no samples) give {empty}, as MATLAB.
"""

mse = _public("mse", _PERF_DOC.format(
    title="Mean squared error", name="mse", extra="", empty="NaN",
    formula="``sum(E**2) / N`` with N the number of elements of E.") + """
Examples
--------
>>> mse([[1], [-2], [0.5]])
1.75
""")
sse = _public("sse", _PERF_DOC.format(
    title="Sum squared error", name="sse", extra="", empty="0", formula="``sum(E**2)``."))
mae = _public("mae", _PERF_DOC.format(
    title="Mean absolute error", name="mae", extra="", empty="NaN", formula="``sum(|E|) / N``."))
sae = _public("sae", _PERF_DOC.format(
    title="Sum absolute error", name="sae", extra="", empty="0", formula="``sum(|E|)``."))
msereg = _public("msereg", _PERF_DOC.format(
    title="Mean squared error with weight regularisation", name="msereg", empty="NaN",
    extra="X : array_like, shape (n,)\n    The weight and bias vector.\n"
          "PP : dict, optional\n    ``{'ratio': 0.9}`` (the default).\n",
    formula="``ratio * mse(E) + (1 - ratio) * sum(X**2) / numel(X)``."))

_DPERF_DOC = """Derivative of ``{name}``, MATLAB ``d{name}(code, E, X, perf, PP)``.

Parameters
----------
code : {{'e', 'x'}}
    ``'e'``: derivative with respect to the errors; ``'x'``: with respect to the weights.
E : array_like, shape (S, Q)
X : array_like, shape (n,), optional
perf, PP : optional
    As MATLAB (``perf`` is accepted and ignored).

Returns
-------
ndarray
    ``'e'``: ``dperf/dE`` ({de}). ``'x'``: MATLAB's ``-dperf/dX``, shape (n, 1) ({dx}).
{examples}"""

dmse = _public_deriv("mse", _DPERF_DOC.format(name="mse", de="``2 E / N``", dx="zeros",
                                              examples="""
Examples
--------
>>> dmse('e', [[1], [-2], [0.5]]).round(4).ravel()
array([ 0.6667, -1.3333,  0.3333])
"""))
dsse = _public_deriv("sse", _DPERF_DOC.format(name="sse", de="``2 E``", dx="zeros", examples=""))
dmae = _public_deriv("mae", _DPERF_DOC.format(
    name="mae", de="``sign(E) / N``; NNT 4 omitted the 1/N", dx="zeros", examples=""))
dsae = _public_deriv("sae", _DPERF_DOC.format(name="sae", de="``sign(E)``", dx="zeros",
                                              examples=""))
dmsereg = _public_deriv("msereg", _DPERF_DOC.format(
    name="msereg", de="``ratio * 2 E / N``", dx="``-(1 - ratio) * 2 X / numel(X)``",
    examples=""))
