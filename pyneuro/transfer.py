"""Transfer functions (MATLAB ``tansig``, ``logsig``, ``purelin``, ...) and their derivatives.

Every function is registered in :data:`TRANSFER_FUNCTIONS` under its MATLAB name; the network
stores only the name and looks the function up when it runs. Each entry knows

* ``apply(N)``: the output ``A = f(N)`` for a net-input matrix ``N`` of shape (S, Q);
* ``deriv(N, A)``: the element-wise derivative ``dA/dN`` (``None`` for ``softmax``, whose
  derivative couples the rows of a column);
* ``backprop(N, A, gA)``: the vector-Jacobian product ``dperf/dN`` given ``dperf/dA``, which is
  what back-propagation needs and what works for ``softmax`` too;
* ``output_range`` and ``active_range``: used by Nguyen-Widrow initialisation (``initnw``).

The public names (``tansig(N)``, ``dtansig(N, A)``, ...) follow MATLAB's NNT 4 calls.
"""

from dataclasses import dataclass
from typing import Callable, Optional, Tuple

import numpy as np

from ._registry import lookup
from ._transfer_formulas import (
    _INF, _apply_to, _delliotsig, _dlogsig, _dposlin, _dpurelin, _dradbas, _dsatlin, _dsatlins,
    _dtansig, _dzero, _elementwise_backprop, _elliotsig, _generic_apply_into,
    _generic_backprop_into, _hardlim, _hardlims, _logsig, _logsig_backprop_into,
    _logsig_backprop_ops, _logsig_into, _logsig_ops, _logsig_scaled_ops, _no_ops, _poslin,
    _purelin, _purelin_backprop, _purelin_backprop_into, _purelin_into, _radbas, _satlin,
    _satlins, _single_op, _softmax, _softmax_backprop, _tansig, _tansig_backprop_into,
    _tansig_backprop_ops, _tansig_into, _tansig_ops, _tansig_scaled_ops)

__all__ = [
    "TransferFunction",
    "TRANSFER_FUNCTIONS",
    "get_transfer",
    "tansig",
    "logsig",
    "purelin",
    "poslin",
    "satlin",
    "satlins",
    "radbas",
    "hardlim",
    "hardlims",
    "softmax",
    "elliotsig",
    "dtansig",
    "dlogsig",
    "dpurelin",
    "dposlin",
    "dsatlin",
    "dsatlins",
    "dradbas",
    "dhardlim",
    "dhardlims",
    "delliotsig",
]


@dataclass(frozen=True)
class TransferFunction:
    """A registered transfer function.

    Attributes
    ----------
    name : str
        MATLAB name, e.g. ``'tansig'``.
    apply : callable
        ``A = apply(N)``, element-wise (or column-wise for softmax).
    deriv : callable or None
        ``dA/dN = deriv(N, A)``, element-wise; ``None`` where the Jacobian is not diagonal.
    backprop : callable
        ``gN = backprop(N, A, gA)``: ``dperf/dN`` from ``dperf/dA``.
    output_range : tuple of float
        Range of the output, MATLAB's ``tf('output')``.
    active_range : tuple of float
        Net-input range over which the function is "active", MATLAB's ``tf('active')``;
        ``initnw`` needs it finite to use Nguyen-Widrow.
    apply_into : callable
        ``A = apply_into(N, out)``: ``apply`` writing into the buffer ``out`` (or returning
        ``N`` itself, as purelin does). The training loop reuses its buffers every epoch:
        fresh arrays of this size cost page faults that can double an epoch's time.
    backprop_into : callable
        ``backprop_into(N, A, G, scratch)``: replaces ``G`` (holding ``dperf/dA``) with
        ``dperf/dN`` in place, using the buffer ``scratch`` (shape of ``G``) for temporaries.
        ``N`` and ``A`` are left as they are: the engine's cache keeps its meaning.
    from_output : bool
        The derivative needs only ``A``: ``backprop_into`` ignores ``N``, so a training
        workspace may compute ``A`` over ``N`` in place and keep one buffer, not two.
    identity : bool
        ``A`` is ``N`` (purelin): ``apply_into`` returns ``N`` itself.
    ops, backprop_ops : callable
        ``ops(N, out)`` and ``backprop_ops(N, A, G, scratch)``: ``apply_into`` and
        ``backprop_into`` as a sequence of ``(function, args)`` calls on those buffers. The
        engine strings a whole pass together from such calls once and then only runs them,
        which saves the Python work around each call (by default one call of ``apply_into``
        or ``backprop_into``).
    input_scale, scaled_ops : float, callable or None
        Where the function starts by scaling N by a power of two (tansig: -2, logsig: -1),
        ``scaled_ops(M, out)`` computes A from ``M = input_scale * N``. The engine then
        scales the few weights instead of the many net inputs: ``(s W) x = s (W x)``
        exactly, as scaling by a power of two never rounds.

    ``apply_into`` runs with floating-point warnings as the caller set them: the engine
    silences overflow around one-off passes, the training loop around the whole run (the
    limits of tansig and logsig at large negative inputs come from an overflowing ``exp``).
    """

    name: str
    apply: Callable[[np.ndarray], np.ndarray]
    deriv: Optional[Callable[[np.ndarray, np.ndarray], np.ndarray]]
    backprop: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]
    output_range: Tuple[float, float]
    active_range: Tuple[float, float]
    apply_into: Optional[Callable[[np.ndarray, np.ndarray], np.ndarray]] = None
    backprop_into: Optional[Callable[[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
                                     None]] = None
    from_output: bool = False
    identity: bool = False
    ops: Optional[Callable] = None
    backprop_ops: Optional[Callable] = None
    input_scale: Optional[float] = None
    scaled_ops: Optional[Callable] = None

    def __post_init__(self):
        # Generic buffer versions for functions without a hand-written one.
        if self.apply_into is None:
            object.__setattr__(self, "apply_into", _generic_apply_into(self.apply))
        if self.backprop_into is None:
            object.__setattr__(self, "backprop_into", _generic_backprop_into(self.backprop))
        if self.ops is None:
            object.__setattr__(self, "ops", _single_op(_apply_to, self.apply_into))
        if self.backprop_ops is None:
            object.__setattr__(self, "backprop_ops", _single_op(self.backprop_into))

    def __call__(self, N):
        # A copy, so that purelin's result never aliases the caller's array.
        return self.apply(np.array(N, dtype=float))

    def __repr__(self):
        return f"<transfer function {self.name!r}>"

    def __reduce__(self):
        # A registered function travels by name (its parts are closures); a user's whole.
        if TRANSFER_FUNCTIONS.get(self.name) is self:
            return (get_transfer, (self.name,))
        return super().__reduce__()


def _make(name, apply, deriv, output_range, active_range, backprop=None, apply_into=None,
          backprop_into=None, from_output=False, identity=False, ops=None, backprop_ops=None,
          input_scale=None, scaled_ops=None):
    if backprop is None:
        backprop = _elementwise_backprop(deriv)
    return TransferFunction(name=name, apply=apply, deriv=deriv, backprop=backprop,
                            output_range=output_range, active_range=active_range,
                            apply_into=apply_into, backprop_into=backprop_into,
                            from_output=from_output, identity=identity, ops=ops,
                            backprop_ops=backprop_ops, input_scale=input_scale,
                            scaled_ops=scaled_ops)


TRANSFER_FUNCTIONS = {
    tf.name: tf
    for tf in (
        _make("tansig", _tansig, _dtansig, (-1.0, 1.0), (-2.0, 2.0), None, _tansig_into,
              _tansig_backprop_into, from_output=True, ops=_tansig_ops,
              backprop_ops=_tansig_backprop_ops, input_scale=-2.0, scaled_ops=_tansig_scaled_ops),
        _make("logsig", _logsig, _dlogsig, (0.0, 1.0), (-4.0, 4.0), None, _logsig_into,
              _logsig_backprop_into, from_output=True, ops=_logsig_ops,
              backprop_ops=_logsig_backprop_ops, input_scale=-1.0, scaled_ops=_logsig_scaled_ops),
        _make("purelin", _purelin, _dpurelin, (-_INF, _INF), (-_INF, _INF), _purelin_backprop,
              _purelin_into, _purelin_backprop_into, from_output=True, identity=True,
              ops=_no_ops, backprop_ops=_no_ops),
        _make("poslin", _poslin, _dposlin, (0.0, _INF), (0.0, _INF)),
        _make("satlin", _satlin, _dsatlin, (0.0, 1.0), (0.0, 1.0)),
        _make("satlins", _satlins, _dsatlins, (-1.0, 1.0), (-1.0, 1.0)),
        _make("radbas", _radbas, _dradbas, (0.0, 1.0), (-2.0, 2.0)),
        _make("hardlim", _hardlim, _dzero, (0.0, 1.0), (0.0, 0.0)),
        _make("hardlims", _hardlims, _dzero, (-1.0, 1.0), (0.0, 0.0)),
        _make("softmax", _softmax, None, (0.0, 1.0), (-_INF, _INF), _softmax_backprop),
        # elliotsig's active range is not documented; [-2, 2] mirrors tansig, which it imitates.
        _make("elliotsig", _elliotsig, _delliotsig, (-1.0, 1.0), (-2.0, 2.0)),
    )
}
"""Registry of transfer functions keyed by MATLAB name."""


def get_transfer(name):
    """Look up a transfer function by its MATLAB name.

    Parameters
    ----------
    name : str or TransferFunction
        ``'tansig'``, ``'logsig'``, ``'purelin'``, ... (case-insensitive, as MATLAB); a
        :class:`TransferFunction` is returned as given.

    Returns
    -------
    TransferFunction

    Raises
    ------
    UnknownFunctionError
        If no transfer function of that name is registered; the message lists the valid names.
    """
    return lookup(TRANSFER_FUNCTIONS, name, "transfer function", TransferFunction)


def _public(name):
    tf = TRANSFER_FUNCTIONS[name]

    def f(N):
        return tf(N)

    f.__name__ = f.__qualname__ = name
    return f


def _public_deriv(name):
    tf = TRANSFER_FUNCTIONS[name]

    def f(N, A=None):
        N = np.asarray(N, dtype=float)
        A = tf.apply(N) if A is None else np.asarray(A, dtype=float)
        return tf.deriv(N, A)

    f.__name__ = f.__qualname__ = "d" + name
    return f


tansig = _public("tansig")
tansig.__doc__ = """Hyperbolic tangent sigmoid, MATLAB ``tansig``.

Parameters
----------
N : array_like, shape (S, Q)
    Net inputs.

Returns
-------
A : ndarray, shape (S, Q)
    ``2 / (1 + exp(-2 N)) - 1``; ``-inf`` gives -1, ``+inf`` gives 1.

Notes
-----
Computed with MATLAB's formula rather than ``numpy.tanh``, so the results agree with MATLAB's
to the last bit. Derivative: ``dtansig(N, A) = 1 - A**2``.

Examples
--------
>>> tansig([-2, -1, 0, 0.5, 1, 2]).round(4)
array([-0.964 , -0.7616,  0.    ,  0.4621,  0.7616,  0.964 ])
"""
logsig = _public("logsig")
logsig.__doc__ = """Logistic sigmoid, MATLAB ``logsig``: ``A = 1 / (1 + exp(-N))``.

Parameters
----------
N : array_like, shape (S, Q)

Returns
-------
A : ndarray, shape (S, Q)
    Values in [0, 1]. Derivative: ``dlogsig(N, A) = A (1 - A)``.

Examples
--------
>>> logsig([-2, -1, 0, 0.5, 1, 2]).round(4)
array([0.1192, 0.2689, 0.5   , 0.6225, 0.7311, 0.8808])
"""
purelin = _public("purelin")
purelin.__doc__ = """Linear transfer function, MATLAB ``purelin``: ``A = N``.

Parameters
----------
N : array_like, shape (S, Q)

Returns
-------
A : ndarray, shape (S, Q)
    A copy of ``N``.
"""
poslin = _public("poslin")
poslin.__doc__ = "Positive linear (ReLU), MATLAB ``poslin``: ``A = max(0, N)``."
satlin = _public("satlin")
satlin.__doc__ = "Saturating linear, MATLAB ``satlin``: ``A = min(1, max(0, N))``."
satlins = _public("satlins")
satlins.__doc__ = "Symmetric saturating linear, MATLAB ``satlins``: ``A = min(1, max(-1, N))``."
radbas = _public("radbas")
radbas.__doc__ = "Radial basis, MATLAB ``radbas``: ``A = exp(-N**2)``."
hardlim = _public("hardlim")
hardlim.__doc__ = "Hard limit, MATLAB ``hardlim``: 1 where ``N >= 0``, else 0."
hardlims = _public("hardlims")
hardlims.__doc__ = "Symmetric hard limit, MATLAB ``hardlims``: 1 where ``N >= 0``, else -1."
softmax = _public("softmax")
softmax.__doc__ = """Soft max, MATLAB ``softmax``: ``exp(N) / sum(exp(N))`` per column.

Parameters
----------
N : array_like, shape (S, Q)

Returns
-------
A : ndarray, shape (S, Q)
    Each column is non-negative and sums to 1.

Examples
--------
>>> softmax([[0], [1], [-0.5], [0.5]]).round(4).ravel()
array([0.1674, 0.4551, 0.1015, 0.276 ])
"""
elliotsig = _public("elliotsig")
elliotsig.__doc__ = "Elliot symmetric sigmoid (MATLAB NNT 7+ ``elliotsig``): ``N / (1 + |N|)``."

dtansig = _public_deriv("tansig")
dlogsig = _public_deriv("logsig")
dpurelin = _public_deriv("purelin")
dposlin = _public_deriv("poslin")
dsatlin = _public_deriv("satlin")
dsatlins = _public_deriv("satlins")
dradbas = _public_deriv("radbas")
dhardlim = _public_deriv("hardlim")
dhardlims = _public_deriv("hardlims")
delliotsig = _public_deriv("elliotsig")
for _f in (dtansig, dlogsig, dpurelin, dposlin, dsatlin, dsatlins, dradbas, dhardlim, dhardlims,
           delliotsig):
    _f.__doc__ = (
        f"Derivative of ``{_f.__name__[1:]}``, MATLAB ``{_f.__name__}(N, A)``: ``dA/dN`` "
        "element-wise.\n\nParameters\n----------\nN : array_like, shape (S, Q)\n    Net inputs.\n"
        "A : array_like, shape (S, Q), optional\n    Outputs ``f(N)``; computed when omitted.\n\n"
        "Returns\n-------\nD : ndarray, shape (S, Q)\n"
    )
del _f
