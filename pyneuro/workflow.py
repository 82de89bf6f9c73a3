"""The classic MATLAB workflow around a trained network, in one place for every caller.

A net trained on ``premnmx``-normalised data is usable only together with the settings
``minp, maxp, mint, maxt``: new inputs go through ``tramnmx``, the outputs back through
``postmnmx``. :class:`MinMaxScaling` keeps those settings with the network (and stores them in
a net file under MATLAB's names), and :func:`predict` runs the whole
``postmnmx(sim(net, tramnmx(P, minp, maxp)), mint, maxt)`` path. The command line, the
scikit-learn wrapper and a notebook all call these, so they cannot drift apart.
"""

import reprlib
from dataclasses import dataclass
from typing import Optional

import numpy as np

from .errors import NetFileError
from .network import sim
from .preprocessing import postmnmx, premnmx, tramnmx

__all__ = ["MinMaxScaling", "predict"]

_PAIRS = (("minp", "maxp", "inputs"), ("mint", "maxt", "outputs"))


@dataclass(frozen=True)
class MinMaxScaling:
    """The ``premnmx`` settings of a network's inputs and targets.

    Attributes
    ----------
    minp, maxp : ndarray, shape (R, 1), or None
        Per-input minimum and maximum of the training inputs (None: inputs used as they are).
    mint, maxt : ndarray, shape (SN, 1), or None
        The same for the targets (None: outputs returned as they are).

    Examples
    --------
    >>> import pyneuro as nn
    >>> P = np.array([[0.0, 5.0, 10.0]]); T = np.array([[1.0, 2.0, 3.0]])
    >>> scaling, pn, tn = MinMaxScaling.fit(P, T)
    >>> pn, tn
    (array([[-1.,  0.,  1.]]), array([[-1.,  0.,  1.]]))
    >>> scaling.outputs(tn)
    array([[1., 2., 3.]])
    """

    minp: Optional[np.ndarray] = None
    maxp: Optional[np.ndarray] = None
    mint: Optional[np.ndarray] = None
    maxt: Optional[np.ndarray] = None

    @classmethod
    def fit(cls, P, T):
        """``premnmx(P, T)``: the settings and the normalised data.

        Parameters
        ----------
        P : array_like, shape (R, Q)
        T : array_like, shape (SN, Q)

        Returns
        -------
        scaling : MinMaxScaling
        Pn : ndarray, shape (R, Q)
        Tn : ndarray, shape (SN, Q)
            Each row mapped onto [-1, 1].
        """
        pn, minp, maxp, tn, mint, maxt = premnmx(P, T)
        return cls(minp, maxp, mint, maxt), pn, tn

    @property
    def scales_inputs(self):
        return self.minp is not None

    @property
    def scales_outputs(self):
        return self.mint is not None

    def inputs(self, P):
        """Inputs in original units → the network's (``tramnmx``)."""
        return tramnmx(P, self.minp, self.maxp) if self.scales_inputs else P

    def outputs(self, Y):
        """Network outputs → original units (``postmnmx``)."""
        return postmnmx(Y, self.mint, self.maxt) if self.scales_outputs else Y

    def settings(self):
        """``{'minp': ..., 'maxp': ..., ...}`` for ``save_net(path, net, **settings)``."""
        return {name: getattr(self, name) for low, high, _ in _PAIRS for name in (low, high)
                if getattr(self, name) is not None}

    @classmethod
    def from_settings(cls, settings, source="the settings", net=None, *, pairs_only=False):
        """The scaling stored in a net file's `settings` (as :func:`load_net` returns them).

        Parameters
        ----------
        settings : dict
        source : str
            What the settings came from (a file name), for messages.
        net : Network, optional
            The network they belong to: each stored setting must then hold one value per
            input (``minp``, ``maxp``) or output (``mint``, ``maxt``).
        pairs_only : bool, default False
            Leave out half a pair (``minp`` without ``maxp``) instead of refusing it, for a
            description of what a file holds.

        Raises
        ------
        NetFileError
            Only one of a pair is stored (``minp`` without ``maxp``, say), or a setting is not
            a column of finite numbers (of the network's size); `source` names the file.
        """
        values = {}
        sizes = {"inputs": net.inputs[0].size, "outputs": net.outputs[-1].size} if net else {}
        for low, high, what in _PAIRS:
            present = [name in settings for name in (low, high)]
            if any(present) and not all(present) and not pairs_only:
                missing = low if not present[0] else high
                raise NetFileError(f"{source} stores {high if present[1] else low} but not "
                                   f"{missing}, so the {what} cannot be scaled; save the "
                                   "network again with both.")
            if not all(present):
                continue
            for name in (low, high):
                value = settings[name]
                size = sizes.get(what, np.size(value))
                if (not isinstance(value, np.ndarray) or value.dtype.kind not in "biuf"
                        or value.size != size or value.ndim > 2
                        or not np.isfinite(value).all()):
                    raise NetFileError(
                        f"{source} is damaged: its {name} setting is {reprlib.repr(value)}, but "
                        f"the network's {what} need a column of {size} finite numbers there. "
                        "Save the network again.")
                values[name] = np.asarray(value, dtype=float).reshape(-1, 1)
        return cls(**values)


def predict(net, P, scaling=None):
    """Network outputs in original units: ``postmnmx(sim(net, tramnmx(P, ...)), ...)``.

    Parameters
    ----------
    net : Network
    P : array_like, shape (R, Q)
        Inputs in original units.
    scaling : MinMaxScaling, optional
        The premnmx settings the net was trained with (none: plain ``sim``).

    Returns
    -------
    Y : ndarray, shape (SN, Q)

    Examples
    --------
    >>> import pyneuro as nn
    >>> P = np.linspace(0, 10, 11).reshape(1, -1); T = 3 * P + 1
    >>> scaling, pn, tn = MinMaxScaling.fit(P, T)
    >>> net = nn.newff(nn.minmax(pn), [1], ['purelin'], 'traingd', rng=0)
    >>> net.IW[0, 0] = [[1.0]]; net.b[0] = [[0.0]]   # the identity on normalised data
    >>> predict(net, [[2.5]], scaling)
    array([[8.5]])
    """
    scaling = scaling or MinMaxScaling()
    return scaling.outputs(sim(net, scaling.inputs(P)))
