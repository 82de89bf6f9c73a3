"""The engine's buffers: the :class:`Cache` a forward pass fills and the :class:`Workspace`
that owns the buffers of every pass on Q samples (see :mod:`pyneuro._engine`)."""

from dataclasses import dataclass, field
from operator import is_
from typing import Optional, Tuple

import numpy as np

from ._plan import check_memory

__all__ = ["Cache", "Workspace"]


@dataclass
class Cache:
    """One forward pass: the inputs, and net input ``N[i]`` and output ``A[i]`` of each layer.

    ``N[i]`` and ``A[i]`` have shape (S_i, Q), or (K, S_i, Q) for a stack of K networks; for
    ``purelin`` layers ``A[i]`` is ``N[i]``. ``N[i]`` is None where a workspace that does not
    keep net inputs computed ``A[i]`` over it (transfer functions whose derivative needs only
    A). ``X[i]`` is layer i's stacked operand ``[1; src]`` where it was folded, else None.
    """

    inputs: Tuple[np.ndarray, ...]
    N: list
    A: list
    X: Optional[list] = None
    programs: dict = field(default_factory=dict, repr=False, compare=False)
    """The backward and gradient passes strung together on these buffers (see _engine.cached)."""

    @property
    def output(self):
        """The network output, shape (S_N, Q) (or (K, S_N, Q))."""
        return self.A[-1]

    def columns(self, start, stop):
        """The cache of samples ``start:stop`` only (views, no copies)."""
        def cut(values):
            return [None if v is None else v[..., start:stop] for v in values]
        return Cache(tuple(p[..., start:stop] for p in self.inputs), cut(self.N), cut(self.A),
                     None if self.X is None else cut(self.X))


class Workspace:
    """Buffers reused by every pass on Q samples.

    Training evaluates the same shapes thousands of times; fresh arrays of these sizes are
    mapped and page-faulted anew each time, which measured as half the cost of a 5-10-1 epoch
    on 2000 samples. The forward pass's buffers (stacked operands X, net inputs N, outputs
    A) are made on first use; the backward pass's derivatives (G) and scratch only when a
    backward pass runs, so a workspace that only evaluates performance never holds them.

    Parameters
    ----------
    plan : Plan
    Q : int
        Samples.
    K : int, optional
        Networks in a stack (buffers (K, S_i, Q)); None for one network (buffers (S_i, Q)).
    keep_net_input : bool, default True
        Keep every layer's net input N in the cache. With False, layers whose transfer
        function's derivative needs only A (tansig, logsig, purelin) compute A over N in
        place: one buffer per layer instead of two.
    share : Workspace, optional
        A workspace of the same sizes whose buffers this one uses too, all but the copies
        of the inputs: passes on chunks of samples that run one after the other then keep
        one chunk's worth of layer buffers, which stay in the processor's cache.

    Notes
    -----
    A folded layer fed by an input holds a copy of that input under its ones row, made by
    the first pass and again whenever a pass is given another input array; the arrays given
    must not be changed in place between passes.
    """

    def __init__(self, plan, Q, K=None, keep_net_input=True, share=None):
        self.plan, self.Q, self.K, self.keep_net_input = plan, Q, K, keep_net_input
        self.sizes = tuple(layer.size for layer in plan.layers)
        if share is not None and (share.plan is not plan or (share.Q, share.K,
                                                             share.keep_net_input)
                                  != (Q, K, keep_net_input)):
            raise ValueError("a workspace can share only the buffers of one of its own sizes")
        self._share = share
        if share is None:
            check_memory((3 * sum(self.sizes) + max(self.sizes, default=0)) * Q * (K or 1),
                         f"working memory for {Q:,} samples"
                         + (f" and {K} networks" if K else ""))
        self._bound = None  # the input arrays copied into the operands

    def __getattr__(self, name):
        # Only called while the attribute is missing: the first use allocates the buffers and
        # stores them as plain attributes, so later uses cost nothing.
        if name in ("X", "N", "A"):
            self._outputs()
        elif name in ("G", "scratch"):
            self._derivatives()
        else:
            raise AttributeError(name)
        return self.__dict__[name]

    def _outputs(self):
        plan, Q, lead = self.plan, self.Q, () if self.K is None else (self.K,)
        share = self._share
        X = [None] * len(self.sizes)
        for layer, span, folded in zip(plan.layers, plan.spans, plan.folded):
            source = layer.sources[0] if folded else None
            if folded and share is not None and source.kind == "LW":
                X[layer.index] = share.X[layer.index]
            elif folded and (layer.bias is not None or source.kind == "LW"):
                # An input is the same for every network of a stack: its operand is too.
                X[layer.index] = np.empty((() if source.kind == "IW" else lead)
                                          + (span.cols, Q))
                if layer.bias is not None:
                    X[layer.index][..., 0, :] = 1.0
        if share is not None:
            self.X, self.N, self.A = X, share.N, share.A
            return
        N, A = [], []
        for layer, home in zip(plan.layers, plan.homes):
            if home is None:
                a = np.empty(lead + (layer.size, Q))
            else:
                a = X[home][..., int(plan.layers[home].bias is not None):, :]
            tf = layer.transfer
            N.append(a if tf.identity or (tf.from_output and not self.keep_net_input)
                     else np.empty(lead + (layer.size, Q)))
            A.append(a)
        self.X, self.N, self.A = X, N, A

    def _derivatives(self):
        if self._share is not None:
            self.G, self.scratch = self._share.G, self._share.scratch
            return
        lead = () if self.K is None else (self.K,)
        self.G = [np.empty(lead + (s, self.Q)) for s in self.sizes]
        # One scratch buffer serves every layer in turn (views of the largest size), so the
        # backward pass touches no more memory than it must.
        flat = np.empty((self.K or 1) * max(self.sizes, default=0) * self.Q)
        self.scratch = [flat[:(self.K or 1) * s * self.Q].reshape(lead + (s, self.Q))
                        for s in self.sizes]

    def operands(self, inputs):
        """The stacked operand of every layer (None where not folded), input rows filled."""
        X, plan = self.X, self.plan
        bound = self._bound
        if bound is None or len(bound) != len(inputs) or not all(map(is_, bound, inputs)):
            for layer, folded in zip(plan.layers, plan.folded):
                source = layer.sources[0] if folded else None
                if folded and source.kind == "IW" and X[layer.index] is not None:
                    X[layer.index][int(layer.bias is not None):] = inputs[source.origin]
            self._bound = inputs
        return X
