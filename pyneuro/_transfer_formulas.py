"""The formulas behind :mod:`pyneuro.transfer`: each transfer function's output, derivative
and back-propagation step, as plain functions and as sequences of numpy calls on given
buffers (what the engine strings its passes from)."""

import numpy as np

_INF = np.inf
# Constants as 0-d arrays: numpy converts a Python float operand anew on every call, which
# costs more than the arithmetic on a small layer (squaring is also cheaper than A * A).
_ONE, _TWO, _MINUS_TWO = np.array(1.0), np.array(2.0), np.array(-2.0)


def _apply_to(apply_into, N, out):
    A = apply_into(N, out)
    if A is not out:  # an apply_into that returned its result rather than writing it
        np.copyto(out, A)


def _single_op(function, *first):
    def ops(*buffers):
        return ((function, first + buffers),)

    return ops


def _generic_apply_into(apply):
    def apply_into(N, out):
        out[...] = apply(N)
        return out

    return apply_into


def _generic_backprop_into(backprop):
    def backprop_into(N, A, G, scratch):
        G[...] = backprop(N, A, G)

    return backprop_into


def _elementwise_backprop(deriv):
    def backprop(N, A, gA):
        return deriv(N, A) * gA

    return backprop


# -- the functions ---------------------------------------------------------------------------


def run_ops(ops):
    """Run a sequence of ``(function, args)`` calls in order: an op sequence here, a whole
    pass in the engine (:func:`pyneuro._engine.run`)."""
    for function, args in ops:
        function(*args)


def _run_into(ops):
    """``apply_into`` running the calls of ``ops(N, out)``."""
    def apply_into(N, out):
        run_ops(ops(N, out))
        return out

    return apply_into


def _on_new_array(apply_into):
    """``apply`` from ``apply_into``, silencing exp's overflow (the function's limit)."""
    def apply(N):
        with np.errstate(over="ignore"):
            return apply_into(N, np.empty(np.shape(N)))

    return apply


def _run_backprop(backprop_ops):
    """``backprop_into`` running the calls of ``backprop_ops(N, A, G, scratch)``."""
    def backprop_into(N, A, G, scratch):
        run_ops(backprop_ops(N, A, G, scratch))

    return backprop_into


def _tansig_scaled_ops(M, out):
    # 2/(1+exp(M))-1 of M = -2N: MATLAB's formula, not tanh (it differs from tanh in the last
    # ulp and we match MATLAB). For N below about -355, exp overflows to inf and
    # 2/(1+inf)-1 is the right limit, -1; the caller silences the warning (see
    # TransferFunction). NaN stays NaN.
    return ((np.exp, (M, out)), (np.add, (out, _ONE, out)), (np.divide, (_TWO, out, out)),
            (np.subtract, (out, _ONE, out)))


def _tansig_ops(N, out):
    return ((np.multiply, (N, _MINUS_TWO, out)),) + _tansig_scaled_ops(out, out)


_tansig_into = _run_into(_tansig_ops)
_tansig = _on_new_array(_tansig_into)


def _dtansig(N, A):
    return 1.0 - A * A


def _tansig_backprop_ops(N, A, G, scratch):
    # 1 - A.^2, MATLAB's dtansig: the derivative needs only A.
    return ((np.square, (A, scratch)), (np.subtract, (_ONE, scratch, scratch)),
            (np.multiply, (G, scratch, G)))


_tansig_backprop_into = _run_backprop(_tansig_backprop_ops)


def _logsig_scaled_ops(M, out):
    # 1/(1+exp(M)) of M = -N. Below about N = -709 exp overflows to inf and 1/(1+inf) is
    # the right limit, 0; the caller silences the warning (a clamp would turn tiny results
    # like 6.6e-307 into 1e-304).
    return ((np.exp, (M, out)), (np.add, (out, _ONE, out)), (np.divide, (_ONE, out, out)))


def _logsig_ops(N, out):
    return ((np.negative, (N, out)),) + _logsig_scaled_ops(out, out)


_logsig_into = _run_into(_logsig_ops)
_logsig = _on_new_array(_logsig_into)


def _dlogsig(N, A):
    return A * (1.0 - A)


def _logsig_backprop_ops(N, A, G, scratch):
    # A .* (1 - A), MATLAB's dlogsig: the derivative needs only A.
    return ((np.subtract, (_ONE, A, scratch)), (np.multiply, (scratch, A, scratch)),
            (np.multiply, (G, scratch, G)))


_logsig_backprop_into = _run_backprop(_logsig_backprop_ops)


def _purelin(N):
    # Returns N itself: inside the engine N is a fresh array, and the public wrappers copy.
    return N


def _dpurelin(N, A):
    return np.ones_like(A)


def _purelin_backprop(N, A, gA):
    return gA


def _purelin_into(N, out):
    return N  # no copy: A is N


def _purelin_backprop_into(N, A, G, scratch):
    pass  # dA/dN = 1: G is already dperf/dN


def _no_ops(*buffers):
    return ()


def _poslin(N):
    return np.maximum(N, 0.0)


def _dposlin(N, A):
    return (N >= 0).astype(float)


def _satlin(N):
    return np.clip(N, 0.0, 1.0)


def _dsatlin(N, A):
    return ((N >= 0) & (N <= 1)).astype(float)


def _satlins(N):
    return np.clip(N, -1.0, 1.0)


def _dsatlins(N, A):
    return ((N >= -1) & (N <= 1)).astype(float)


def _radbas(N):
    return np.exp(-(N * N))


def _dradbas(N, A):
    # At N = ±inf, A is 0 and the limit of -2 N exp(-N^2) is 0, not inf*0 = NaN.
    with np.errstate(invalid="ignore"):
        return np.where(A == 0.0, 0.0, -2.0 * N * A)


def _hardlim(N):
    return (N >= 0).astype(float)


def _hardlims(N):
    return np.where(N >= 0, 1.0, -1.0)


def _dzero(N, A):
    return np.zeros_like(A)


def _columns(N):
    # Softmax works down each column: axis 0 of one network's (S, Q), axis 1 of a stack's
    # (K, S, Q) (and axis 0 of a lone vector).
    return -2 if N.ndim > 1 else 0


def _softmax(N):
    # Shifting by the column maximum cannot change the result but keeps exp from overflowing.
    top = np.max(N, axis=_columns(N), keepdims=True)
    with np.errstate(invalid="ignore"):
        t = N - top
    # A +inf entry takes the whole column (the limit), where inf - inf would give NaN.
    t[(N == top) & np.isposinf(top)] = 0.0
    np.exp(t, out=t)
    t /= np.sum(t, axis=_columns(t), keepdims=True)
    return t


def _softmax_backprop(N, A, gA):
    # Jacobian of softmax is diag(a) - a a'; its product with gA, column by column.
    return A * (gA - np.sum(A * gA, axis=_columns(A), keepdims=True))


def _elliotsig(N):
    with np.errstate(invalid="ignore"):
        A = N / (1.0 + np.abs(N))
    return np.where(np.isinf(N), np.sign(N), A)  # inf/inf is NaN; the limit is ±1


def _delliotsig(N, A):
    d = 1.0 + np.abs(N)
    with np.errstate(over="ignore"):
        return 1.0 / (d * d)
