"""The record :func:`pyneuro.trace.trace` returns: layers, weights and errors of one step."""

from dataclasses import dataclass
from typing import Optional, Tuple

import numpy as np

from ._traceview import render_markdown, render_text, to_dict

__all__ = ["Trace", "LayerStep", "WeightStep"]


@dataclass(frozen=True, eq=False)  # arrays: compare fields with numpy, not ==
class LayerStep:
    """One layer in the trace: its neurons' net inputs, outputs and local gradients.

    Attributes
    ----------
    index : int
        0-based layer index (``net.layers[index]``).
    names : tuple of str
        Neuron names (``('h1', 'h2')``).
    transfer : str
        Transfer function name.
    net, out, delta : ndarray, shape (S_i, Q)
        Net input, output and ``δ = ∂E/∂net`` of each neuron for each sample.
    is_output : bool
        The output layer.
    """

    index: int
    names: Tuple[str, ...]
    transfer: str
    net: np.ndarray
    out: np.ndarray
    delta: np.ndarray
    is_output: bool = False


@dataclass(frozen=True)
class WeightStep:
    """One weight or bias in the trace.

    Attributes
    ----------
    number : str
        ``'w1'``, ``'w2'``, ... in the textbook's order; ``''`` for a bias.
    name : str
        ``'w(h1←i1)'`` or ``'b(h1)'``.
    to, source : str
        The neuron it feeds, and where it comes from (``None`` for a bias).
    layer : int
        0-based index of the layer it feeds.
    index : int
        Position in the ``getwb`` vector.
    value, gradient, updated : float
        ``w``, ``∂E/∂w`` and ``w+`` (``updated == value`` for a frozen one).
    learn : bool
        False for a frozen (``learn = False``) weight or bias.
    """

    number: str
    name: str
    to: str
    source: Optional[str]
    layer: int
    index: int
    value: float
    gradient: float
    updated: float
    learn: bool


@dataclass(frozen=True, eq=False)
class Trace:
    """One back-propagation step, as returned by :func:`trace`.

    Attributes
    ----------
    architecture : str
        ``'2-2-2'``.
    input_names, target_names : tuple of str
    p, t : ndarray, shape (R, Q) and (S, Q)
        Inputs and targets as the network sees them (normalised when settings were given).
    p_original, t_original : ndarray or None
        The values given, in original units, when they were normalised.
    layers : tuple of LayerStep
    weights : tuple of WeightStep
        In the textbook's order: per layer its weights (numbered) then its biases.
    lr : float
        η of ``w+ = w − η·∂E/∂w``.
    lr_note : str
        Where η came from, and the matching ``traingd`` settings.
    error_terms : ndarray, shape (S, Q)
        ``½(t − out)²`` per output and sample.
    error : float
        ``E = ½Σ(t − out)²`` before the step.
    error_after : float
        ``E`` after the step.
    errors : ndarray, shape (steps + 1,)
        ``E`` after 0, 1, ..., ``steps`` steps of the same descent (``errors[1] == error_after``).
    normalisation : str or None
        How ``p``/``t`` were normalised, if they were.
    n_weights : int
        Number of weights and biases.
    """

    architecture: str
    input_names: Tuple[str, ...]
    target_names: Tuple[str, ...]
    p: np.ndarray
    t: np.ndarray
    p_original: Optional[np.ndarray]
    t_original: Optional[np.ndarray]
    layers: Tuple[LayerStep, ...]
    weights: Tuple[WeightStep, ...]
    lr: float
    lr_note: str
    error_terms: np.ndarray
    error: float
    error_after: float
    errors: np.ndarray
    normalisation: Optional[str]
    n_weights: int

    @property
    def steps(self):
        """Steps the ``errors`` cover."""
        return len(self.errors) - 1

    @property
    def updated(self):
        """The ``getwb`` vector after the step."""
        x = np.empty(self.n_weights)
        for w in self.weights:
            x[w.index] = w.updated
        return x

    def to_text(self, full=False):
        """The derivation as plain text (values to 9 decimals).

        Parameters
        ----------
        full : bool, default False
            List every neuron and weight even of a net with more than
            :data:`SUMMARY_THRESHOLD` weights (otherwise summarised per layer).
        """
        return render_text(self, full)

    def to_markdown(self, full=False):
        """The derivation as Markdown: headings, formulas and pipe tables."""
        return render_markdown(self, full)

    def to_dict(self):
        """Every figure, JSON-ready (``json.dumps(tr.to_dict())``), at full precision."""
        return to_dict(self)

    def __repr__(self):
        frozen = sum(not w.learn for w in self.weights)
        return (f"Trace({self.architecture}, {self.p.shape[1]} sample"
                f"{'' if self.p.shape[1] == 1 else 's'}, lr={self.lr:g}, "
                f"E={self.error:.9f} -> {self.error_after:.9f}, {self.n_weights} weights and "
                f"biases{f' ({frozen} frozen)' if frozen else ''})")

    def __str__(self):
        return self.to_text()
