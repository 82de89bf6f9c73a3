"""A network's structure as weight blocks in one flat vector: the engine's plan.

A :class:`Plan` lists, for each layer, its size, transfer function, bias block and the weight
blocks feeding it (from inputs, ``IW``, or from earlier layers, ``LW``), with where each block
lives in the flat vector. Any feed-forward connection pattern works: a chain (``newff``), or
inputs and layers feeding every later layer (``cascadeforwardnet``).

The flat vector is in MATLAB's ``getwb`` order: for each layer in turn its bias, then its
input weights, then its layer weights, each matrix column by column (Fortran order). A layer's
blocks are therefore contiguous, bias first: read as one (S, 1 + sum of widths) matrix, the
layer's *span*, they multiply the stacked operand ``[1; src_1; src_2; ...]`` in one product.
The engine folds a layer's bias into its product that way where it can (:attr:`Plan.folded`).
"""

import os
from dataclasses import dataclass
from typing import Optional, Tuple

import numpy as np

from .errors import ParameterError, ShapeError
from .transfer import TransferFunction, get_transfer

__all__ = ["Block", "Source", "LayerPlan", "Plan", "check_memory"]


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
    spans : tuple of Block or None
        Each layer's bias and weight blocks as one (S, C) block, C = 1 (with a bias) plus
        the widths of its sources; None for a layer with neither.
    folded : tuple of bool
        Whether the engine computes layer i's net input as one product of its span with a
        stacked operand ``[1; src]``: a layer with exactly one source, which is an input or
        a layer whose output can live inside that operand (its first such consumer).
    homes : tuple of int or None
        For layer j, the folded layer whose operand holds j's output (rows after the ones
        row), or None (j's output has a buffer of its own).
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
        self.spans = tuple(
            Block(layer.size, sum(s.block.cols for s in layer.sources)
                  + (layer.bias is not None), (layer.bias or layer.sources[0].block).start)
            if layer.bias is not None or layer.sources else None
            for layer in layers)
        homes = [None] * n_layers
        folded = []
        for layer in layers:
            ok = len(layer.sources) == 1
            if ok and layer.sources[0].kind == "LW":
                j = layer.sources[0].origin
                ok = homes[j] is None
                if ok:
                    homes[j] = layer.index
            folded.append(ok)
        self.folded, self.homes = tuple(folded), tuple(homes)
        self._views = {}

    def layer_views(self, vector):
        """Per layer, its bias block of `vector` as an (S, 1) view (or None), its weight
        blocks as views, in the order of ``layer.sources``, and its span as an (S, C) view
        (or None).

        Cached for the last few vectors by identity: training evaluates the same buffers
        thousands of times, and making the views anew cost more than a small layer's
        arithmetic. The cache holds the vectors, so an identity is never reused while cached.
        """
        entry = self._views.get(id(vector))
        if entry is None or entry[0] is not vector:
            if len(self._views) >= 8:
                self._views.clear()
            views = tuple((layer.bias.view(vector) if layer.bias is not None else None,
                           tuple(source.block.view(vector) for source in layer.sources),
                           span.view(vector) if span is not None else None)
                          for layer, span in zip(self.layers, self.spans))
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
