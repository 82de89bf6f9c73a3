"""mse and sse evaluation as engine programs over chunks of samples.

An objective whose performance is ``c * sum(E**2)`` (mse, sse) evaluates its performance and
gradient as one program strung together once per weight array from the engine's passes: for
each chunk of samples the forward pass, the errors ``E = T - Y``, ``dperf/dY = -2c E``, the
backward pass and the chunk's gradient, added up. Only the performance itself, a dot product
of all the errors, runs outside the program.

Chunks keep a chunk's layer outputs and derivatives in the processor's cache from the forward
pass to the backward pass, and the chunks share one set of these buffers (each keeps its own
copy of its inputs): measured on a 5-10-1 net, one pass over 1e5 or 1e6 samples cost 240 ns
per sample against 150 ns at 1e4 samples, whose buffers fit in the cache; in chunks of
``CHUNK_BYTES`` every size costs about what a cached one costs. Up to two chunks' worth of
samples is one chunk, so small data sets run exactly as without chunks; with more, the
gradient is summed chunk by chunk (the same value to rounding).
"""

import numpy as np

from .. import _engine

__all__ = ["CHUNK_BYTES", "chunk_width", "chunk_bounds", "SumOfSquares"]

CHUNK_BYTES = 1 << 20
"""Working memory of one chunk (1 MiB, the level-2 cache of a core of the development
machine). Measured there on 5-10-1 traingdm, per sample at 1e4, 1e5, 1e6 samples: 97, 97,
103 ns with 1 MiB; 101, 112, 116 ns with 512 KiB; 115, 129, 160 ns with 256 KiB (more chunks
cost more calls); 143, 176, 179 ns before the chunks shared their buffers."""


def chunk_width(plan):
    """Samples per chunk: CHUNK_BYTES over a sample's share of the buffers (inputs, each
    layer's output, derivative and scratch), at least 256."""
    per_sample = 8 * (4 * sum(layer.size for layer in plan.layers) + sum(plan.input_sizes)
                      + len(plan.layers))
    return max(256, CHUNK_BYTES // per_sample)


def chunk_bounds(plan, Q):
    """``[(start, stop), ...]``: the column ranges of the chunks of Q samples.

    The same for one network and for a stack of them, so that a stack sums its gradients
    as each network alone does (bit for bit).
    """
    width = chunk_width(plan)
    if Q <= 2 * width:
        return [(0, Q)]
    # Chunks of one width (the last one shorter) share one set of layer buffers.
    return [(start, min(start + width, Q)) for start in range(0, Q, width)]


def _columns(P, start, stop, Q):
    if start == 0 and stop == Q:
        return P
    if isinstance(P, np.ndarray):
        return P[:, start:stop]
    return tuple(p[:, start:stop] for p in P)


class SumOfSquares:
    """The programs of an mse/sse objective on data ``(P, T)``.

    Parameters
    ----------
    plan : Plan
    P : ndarray, shape (R, Q)
    T : ndarray, shape (SN, Q)
    K : int or None
        Networks in a stack.
    keep_net_input : bool
    dscale : 0-d ndarray
        ``-2c``: ``dperf/dY = dscale * E``.
    chunked : bool
        Split the samples into chunks (:func:`chunk_bounds`); else one chunk.

    Attributes
    ----------
    E : ndarray, shape (SN, Q) or (K, SN, Q)
        The errors, filled by either program.
    g : ndarray, shape (n,) or (K, n)
        The gradient over the whole flat vector, filled by the gradient program.
    """

    def __init__(self, plan, P, T, K, keep_net_input, dscale, chunked=True):
        Q = P.shape[-1]
        lead = () if K is None else (K,)
        self.plan, self.dscale = plan, dscale
        self.E = np.empty(lead + T.shape)
        self.g = np.empty(lead + (plan.n,))
        bounds = chunk_bounds(plan, Q) if chunked else [(0, Q)]
        self._part = np.empty_like(self.g) if len(bounds) > 1 else None
        self.parts, shared = [], {}
        for a, b in bounds:
            # Chunks of one width share their layer buffers; each keeps its inputs' copy.
            work = _engine.Workspace(plan, b - a, K, keep_net_input, shared.get(b - a))
            shared.setdefault(b - a, work)
            self.parts.append((_columns(P, a, b, Q), T[:, a:b], self.E[..., a:b], work))
        self._programs = {}

    def programs(self, wb):
        """``(errors, gradient, cache, dN)`` for the weight array `wb`: the program filling
        E, the program filling E and g, and with one chunk its cache and ``dperf/dN``."""
        return _engine.cached(self._programs, "sse", (wb,), lambda: self._build(wb))

    def _build(self, wb):
        plan = self.plan
        errors, both, cache, dN = [], [], None, None
        for k, (P, T, E, work) in enumerate(self.parts):
            forward, cache = _engine.forward_program(plan, wb, P, work)
            step = list(forward) + [(np.subtract, (T, cache.A[-1], E))]
            back, dN = _engine.backward_program(plan, wb, cache, work)
            g = self.g if k == 0 else self._part
            errors += step
            both += (step + [(np.multiply, (E, self.dscale, dN[-1]))] + list(back)
                     + list(_engine.gradient_program(plan, cache, dN, g)))
            if k > 0:
                both.append((np.add, (self.g, g, self.g)))
        if len(self.parts) > 1:  # no one cache holds the whole pass
            cache = dN = None
        return errors, both, cache, dN
