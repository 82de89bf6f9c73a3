"""The engine: a network's structure as weight blocks in one flat vector, one forward pass and
one backward pass.

Everything that computes with a network's weights goes through here: ``sim``, the gradient
and the Jacobian of the trainers, and the derivation view. The module is a leaf: it knows
transfer functions and nothing of networks, training or files.

* A :class:`Plan` lists, for each layer, its size, transfer function, bias block and the
  weight blocks feeding it (from inputs, ``IW``, or from earlier layers, ``LW``), with where
  each block lives in the flat vector. Any feed-forward connection pattern works: a chain
  (``newff``), or inputs and layers feeding every later layer (``cascadeforwardnet``).
* :func:`forward` fills a :class:`Cache` whose ``N[i]`` is always layer i's net input
  ``sum_j W_ij src_j + b_i`` and ``A[i]`` its output ``f_i(N[i])``.
* :func:`backward` takes ``dperf/dA`` of the output layer and returns ``dperf/dN`` of every
  layer, leaving the cache untouched; :func:`gradient` reduces that over samples to
  ``dperf/dx`` and :func:`jacobian` keeps it per sample.

The flat vector is in MATLAB's ``getwb`` order: for each layer in turn its bias, then its
input weights, then its layer weights, each matrix column by column (Fortran order).

A stack of K networks of one plan is a (K, n) array of flat vectors, one row per network.
The same passes run on it: a block is then a (K, rows, cols) view, each layer costs one
batched ``matmul`` for all K networks, the cache and the gradients gain a leading K axis, and
every network's numbers are those it would get alone (each product is the same BLAS call on
the same operands; transfer functions are element-wise or column-wise).
"""

import os
from dataclasses import dataclass
from typing import Optional, Tuple

import numpy as np

from .errors import ParameterError, ShapeError
from .transfer import TransferFunction, get_transfer

__all__ = ["Block", "Source", "LayerPlan", "Plan", "Cache", "Workspace", "forward", "backward",
           "gradient", "jacobian", "check_memory"]


class Block:
    """Where one weight matrix or bias lives in the flat vector."""

    __slots__ = ("rows", "cols", "start", "stop")

    def __init__(self, rows, cols, start):
        self.rows, self.cols = rows, cols
        self.start, self.stop = start, start + rows * cols

    @property
    def shape(self):
        return (self.rows, self.cols)

    def view(self, vector):
        """The block of `vector` as a (rows, cols) view (column-major, as MATLAB stores it);
        of a (K, n) stack of vectors, a (K, rows, cols) view."""
        if vector.ndim == 1:
            return vector[self.start:self.stop].reshape((self.rows, self.cols), order="F")
        # Each row's slice is the block in column-major order: split it as (cols, rows) and
        # swap, so every matrix of the stack is a Fortran-ordered view, as for one vector.
        return vector[..., self.start:self.stop].reshape(
            vector.shape[:-1] + (self.cols, self.rows)).swapaxes(-1, -2)

    def __repr__(self):
        return f"Block({self.rows}x{self.cols} at {self.start}:{self.stop})"


@dataclass(frozen=True)
class Source:
    """One weight block feeding a layer: ``IW`` from input ``origin`` or ``LW`` from layer
    ``origin``; ``key`` is MATLAB's (to, from) pair, 0-based."""

    kind: str
    origin: int
    key: Tuple[int, int]
    block: Block


@dataclass(frozen=True)
class LayerPlan:
    """One layer: size, transfer function, bias block (or None) and the blocks feeding it."""

    index: int
    size: int
    transfer: TransferFunction
    bias: Optional[Block]
    sources: Tuple[Source, ...]


def check_memory(n_values, what):
    """Refuse to allocate `n_values` float64 values when they exceed the machine's memory.

    Raises
    ------
    ParameterError
        Naming `what` and the sizes, before any allocation is tried.
    """
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # not a POSIX system: no limit known
        return
    needed = 8 * int(n_values)
    if needed > total:
        raise ParameterError(
            f"{what} would need {needed / 2**30:.3g} GiB ({int(n_values):,} values), more than "
            f"this machine's {total / 2**30:.3g} GiB of memory; use smaller layers or fewer "
            "samples at a time")


class Plan:
    """The structure of a feed-forward network, with its blocks laid out in one flat vector.

    Parameters
    ----------
    input_sizes : sequence of int
        Size R_j of each input.
    layer_sizes : sequence of int
        Size S_i of each layer.
    transfer_fcns : sequence of str or TransferFunction
        One per layer.
    bias_connect : sequence of bool, optional
        Whether each layer has a bias (default: all).
    input_connect : iterable of (i, j), optional
        Input j feeds layer i (default: input 0 feeds layer 0).
    layer_connect : iterable of (i, j), optional
        Layer j feeds layer i; j < i, no delays (default: a chain, (i, i-1)).

    Attributes
    ----------
    layers : tuple of LayerPlan
    blocks : dict
        ``{('b', i) | ('IW', (i, j)) | ('LW', (i, j)): Block}``.
    n : int
        Length of the flat vector.
    output : int
        Index of the output layer (the last one).
    """

    def __init__(self, input_sizes, layer_sizes, transfer_fcns, bias_connect=None,
                 input_connect=None, layer_connect=None):
        n_layers = len(layer_sizes)
        if len(transfer_fcns) != n_layers:
            raise ShapeError(f"{n_layers} layer sizes but {len(transfer_fcns)} transfer functions")
        self.input_sizes = tuple(int(r) for r in input_sizes)
        bias_connect = [True] * n_layers if bias_connect is None else list(bias_connect)
        input_connect = {(0, 0)} if input_connect is None else set(input_connect)
        layer_connect = ({(i, i - 1) for i in range(1, n_layers)} if layer_connect is None
                         else set(layer_connect))
        for i, j in layer_connect:
            if not 0 <= j < i < n_layers:
                raise ShapeError(f"layer {j} cannot feed layer {i}: only earlier layers may feed "
                                 "a layer (a feed-forward network without delays)")
        for i, j in input_connect:
            if not (0 <= i < n_layers and 0 <= j < len(self.input_sizes)):
                raise ShapeError(f"input {j} cannot feed layer {i}: no such input or layer")
        layers, blocks, pos = [], {}, 0
        for i in range(n_layers):
            size = int(layer_sizes[i])
            bias = None
            if bias_connect[i]:
                bias = blocks[("b", i)] = Block(size, 1, pos)
                pos = bias.stop
            sources = []
            for kind, origins, widths in (
                    ("IW", sorted(j for k, j in input_connect if k == i), self.input_sizes),
                    ("LW", sorted(j for k, j in layer_connect if k == i), layer_sizes)):
                for j in origins:
                    block = blocks[(kind, (i, j))] = Block(size, int(widths[j]), pos)
                    pos = block.stop
                    sources.append(Source(kind, j, (i, j), block))
            layers.append(LayerPlan(i, size, get_transfer(transfer_fcns[i]), bias,
                                    tuple(sources)))
        check_memory(pos, "the network's weights and biases")
        self.layers = tuple(layers)
        self.blocks = blocks
        self.n = pos
        self.output = n_layers - 1
        # consumers[j]: the layers that layer j feeds, with the block of that connection.
        self.consumers = tuple(
            tuple((layer.index, s.block) for layer in layers for s in layer.sources
                  if s.kind == "LW" and s.origin == j)
            for j in range(n_layers))
        self._views = {}

    def layer_views(self, vector):
        """Per layer, its bias block of `vector` as an (S, 1) view (or None) and its weight
        blocks as views, in the order of ``layer.sources``.

        Cached for the last few vectors by identity: training evaluates the same buffers
        thousands of times, and making the views anew cost more than a small layer's
        arithmetic. The cache holds the vectors, so an identity is never reused while cached.
        """
        entry = self._views.get(id(vector))
        if entry is None or entry[0] is not vector:
            if len(self._views) >= 8:
                self._views.clear()
            views = tuple((layer.bias.view(vector) if layer.bias is not None else None,
                           tuple(source.block.view(vector) for source in layer.sources))
                          for layer in self.layers)
            entry = self._views[id(vector)] = (vector, views)
        return entry[1]

    def unpack(self, vector):
        """``{name: view}`` of every block of `vector` (names as in :attr:`blocks`)."""
        return {name: block.view(vector) for name, block in self.blocks.items()}

    def pack(self, values):
        """The flat vector from ``{name: matrix}`` holding every block."""
        vector = np.zeros(self.n)
        for name, block in self.blocks.items():
            block.view(vector)[...] = values[name]
        return vector

    def mask(self, frozen):
        """Boolean mask over the vector, False on the blocks named in `frozen`."""
        mask = np.ones(self.n, dtype=bool)
        for name in frozen:
            block = self.blocks[name]
            mask[block.start:block.stop] = False
        return mask


@dataclass
class Cache:
    """One forward pass: the inputs, and net input ``N[i]`` and output ``A[i]`` of each layer.

    ``N[i]`` and ``A[i]`` have shape (S_i, Q), or (K, S_i, Q) for a stack of K networks; for
    ``purelin`` layers ``A[i]`` is ``N[i]``.
    """

    inputs: Tuple[np.ndarray, ...]
    N: list
    A: list

    @property
    def output(self):
        """The network output, shape (S_N, Q) (or (K, S_N, Q))."""
        return self.A[-1]

    def columns(self, start, stop):
        """The cache of samples ``start:stop`` only (views, no copies)."""
        return Cache(tuple(p[..., start:stop] for p in self.inputs),
                     [n[..., start:stop] for n in self.N], [a[..., start:stop] for a in self.A])


class Workspace:
    """Buffers reused by every pass on Q samples, each allocated on first use.

    Training evaluates the same shapes thousands of times; fresh arrays of these sizes are
    mapped and page-faulted anew each time, which measured as half the cost of a 5-10-1 epoch
    on 2000 samples. The cache (N, A) and the backward pass's gradients (G) and scratch have
    buffers of their own, so that a backward pass never disturbs the cache. A workspace that
    only runs forward passes (a performance evaluation) never allocates G and scratch.

    Parameters
    ----------
    plan : Plan
    Q : int
        Samples.
    K : int, optional
        Networks in a stack (buffers (K, S_i, Q)); None for one network (buffers (S_i, Q)).
    """

    def __init__(self, plan, Q, K=None):
        self.sizes = tuple(layer.size for layer in plan.layers)
        check_memory((3 * sum(self.sizes) + max(self.sizes, default=0)) * Q * (K or 1),
                     f"working memory for {Q:,} samples" + (f" and {K} networks" if K else ""))
        self.Q, self.K = Q, K

    def __getattr__(self, name):
        # Only called while the attribute is missing: the first use allocates the buffers
        # (N, A: outputs; G: backward-pass derivatives; scratch: temporaries; (S_i, Q) or
        # (K, S_i, Q) each) and stores them as a plain attribute, so later uses cost nothing.
        if name not in ("N", "A", "G", "scratch"):
            raise AttributeError(name)
        lead = () if self.K is None else (self.K,)
        if name == "scratch":
            # One scratch buffer serves every layer in turn (views of the largest size), so
            # the backward pass touches no more memory than it must.
            flat = np.empty((self.K or 1) * max(self.sizes, default=0) * self.Q)
            buffers = [flat[:(self.K or 1) * s * self.Q].reshape(lead + (s, self.Q))
                       for s in self.sizes]
        else:
            buffers = [np.empty(lead + (s, self.Q)) for s in self.sizes]
        setattr(self, name, buffers)
        return buffers


def _as_inputs(P):
    return (P,) if isinstance(P, np.ndarray) else tuple(P)


def forward(plan, wb, P, work=None):
    """Run every layer on all Q columns at once.

    Parameters
    ----------
    plan : Plan
    wb : ndarray, shape (n,) or (K, n)
        The flat weight vector, or a stack of K of them (one network per row).
    P : ndarray, shape (R, Q), or sequence of them (one per input)
        The same inputs for every network of a stack.
    work : Workspace, optional
        Buffers to compute into (the cache then lives in them until the next pass), made
        with the stack's K.

    Returns
    -------
    Cache
    """
    inputs = _as_inputs(P)
    Q = inputs[0].shape[-1]
    N_all, A_all = [], []
    for layer, (bias, weights) in zip(plan.layers, plan.layer_views(wb)):
        out = work.N[layer.index] if work is not None else None
        N = None
        for source, W in zip(layer.sources, weights):
            src = inputs[source.origin] if source.kind == "IW" else A_all[source.origin]
            if N is None:
                N = np.matmul(W, src, out=out)
            else:
                N += W @ src
        if N is None:  # a layer fed by nothing: its net input is its bias (or zero)
            N = out if out is not None else np.empty(wb.shape[:-1] + (layer.size, Q))
            N[...] = 0.0
        if bias is not None:
            N += bias
        A = layer.transfer.apply_into(N, work.A[layer.index] if work is not None
                                      else np.empty_like(N))
        N_all.append(N)
        A_all.append(A)
    return Cache(inputs, N_all, A_all)


def backward(plan, wb, cache, dA, work=None):
    """Back-propagate ``dA = dperf/dA`` of the output layer to ``dperf/dN`` of every layer.

    Parameters
    ----------
    plan : Plan
    wb : ndarray, shape (n,) or (K, n)
    cache : Cache
        From :func:`forward` at the same weights; left unchanged.
    dA : ndarray, shape (S_N, Q) or (K, S_N, Q)
        Derivative of the performance with respect to the network output, per sample.
    work : Workspace, optional

    Returns
    -------
    list of ndarray
        ``dN[i]``, shape (S_i, Q) or (K, S_i, Q): the derivative with respect to layer i's
        net input, per sample (MATLAB's ``gN`` is its negative).
    """
    n_layers = len(plan.layers)
    G = [None] * n_layers
    if work is None:
        G[-1] = np.array(dA, dtype=float)
    else:
        G[-1] = work.G[-1]
        if dA is not G[-1]:
            np.copyto(G[-1], dA)
    views = plan.layer_views(wb)
    for i in range(n_layers - 1, -1, -1):
        layer = plan.layers[i]
        if G[i] is None:  # feeds nothing: the performance does not depend on it
            G[i] = (work.G[i] if work is not None
                    else np.empty(dA.shape[:-2] + (layer.size, dA.shape[-1])))
            G[i][...] = 0.0
        scratch = work.scratch[i] if work is not None else np.empty_like(G[i])
        layer.transfer.backprop_into(cache.N[i], cache.A[i], G[i], scratch)  # dA -> dN
        for source, W in zip(layer.sources, views[i][1]):
            if source.kind != "LW":
                continue
            j = source.origin
            Wt = W.swapaxes(-1, -2)
            if G[j] is None:
                out = work.G[j] if work is not None else None
                # With one row the product is an outer product, which broadcasting does
                # several times faster than a k=1 matrix product.
                if G[i].shape[-2] == 1:
                    G[j] = np.multiply(Wt, G[i], out=out)
                else:
                    G[j] = np.matmul(Wt, G[i], out=out)
            else:
                G[j] += Wt @ G[i]
    return G


def gradient(plan, cache, dN, out=None):
    """``dperf/dx`` over the whole flat vector: the per-sample ``dN`` summed over samples.

    Returns
    -------
    ndarray, shape (n,), or (K, n) for a stack (one gradient per network)
    """
    lead = dN[0].shape[:-2]
    g = np.empty(lead + (plan.n,)) if out is None else out
    for layer, d, (bias, weights) in zip(plan.layers, dN, plan.layer_views(g)):
        if bias is not None:
            np.add.reduce(d, axis=-1, out=bias[..., 0])
        dt = d.swapaxes(-1, -2)
        for source, W in zip(layer.sources, weights):
            src = cache.inputs[source.origin] if source.kind == "IW" else cache.A[source.origin]
            # (src dN') is the transpose of dperf/dW: written into W's block seen transposed.
            np.matmul(src, dt, out=W.swapaxes(-1, -2))
    return g


def jacobian(plan, wb, cache, scale=1.0, out=None, work=None):
    """Derivatives of every output of every sample with respect to the flat vector.

    Parameters
    ----------
    plan : Plan
    wb : ndarray, shape (n,)
        The flat weight vector.
    cache : Cache
        From :func:`forward` at `wb` (or a block of its columns, see :meth:`Cache.columns`).
    scale : float, default 1
        Multiplies the result (-1 gives the Jacobian of the errors ``T - Y``).
    out : ndarray, shape (S_N*Q, n), optional
        Filled and returned instead of a new array; C- or Fortran-contiguous.
    work : Workspace, optional
        Buffers of Q columns for the backward passes.

    Returns
    -------
    J : ndarray, shape (S_N*Q, n)
        Row ``k + q*S_N`` is ``scale * dY[k, q]/dx``: MATLAB's ``E(:)`` order.
    """
    S, Q = cache.output.shape
    J = np.empty((Q * S, plan.n)) if out is None else out
    J3 = J.reshape(Q, S, plan.n)  # a view: splitting one axis never copies
    for k in range(S):
        # Seed dY with `scale` at output k of every sample and propagate back per sample
        # (no sum over q): one Jacobian row per error.
        seed = work.G[-1] if work is not None else np.empty((S, Q))
        seed[...] = 0.0
        seed[k] = scale
        dN = backward(plan, wb, cache, seed, work)
        for layer, d in zip(plan.layers, dN):
            if layer.bias is not None:
                J3[:, k, layer.bias.start:layer.bias.stop] = d.T
            for source in layer.sources:
                src = (cache.inputs[source.origin] if source.kind == "IW"
                       else cache.A[source.origin])
                block = source.block
                # Row q of the block is vec(d[:, q] src[:, q]') in column-major order, the
                # C-order ravel of the (R, S) outer product src[:, q] d[:, q]'; splitting the
                # block's contiguous last axis into (R, S) keeps a view of J.
                np.multiply(src.T[:, :, None], d.T[:, None, :],
                            out=J3[:, k, block.start:block.stop].reshape(Q, block.cols,
                                                                         block.rows))
    return J
