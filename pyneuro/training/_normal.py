"""Levenberg-Marquardt's normal equations, ``J'J`` and ``J'e``, over blocks of samples.

The Jacobian of the errors is never held whole: it is formed a block of samples at a time
(:data:`BLOCK_BYTES`), and each block adds its products to the sums, so memory is bounded by
the block, not by the number of samples.

Each block carries the errors as one more column after the Jacobian's, ``[J e]``, and one
symmetric rank-k update (BLAS syrk) of it gives ``J'J``, ``J'e`` (its last column) and
``e'e`` together. Zero columns pad the block to a multiple of 8 columns, the width of the
processor's vector registers of doubles (AVX-512). Measured on the development machine with
one BLAS thread at 2000 samples, syrk of 71 columns took 0.605 ms and of 72 columns 0.578
ms (31 against 32: 0.245 and 0.186 ms; 85 against 88, 150 against 152: the same); the
separate product ``J'e`` it replaces cost 0.055 ms.
"""

import numpy as np

from .. import _engine

__all__ = ["BLOCK_BYTES", "block_shape", "NormalEquations"]

BLOCK_BYTES = 1 << 21
"""Size of the Jacobian block (2 MiB).

Measured (one BLAS thread, CPU time of ``J'J`` and ``J'e`` for a 10-20-1 net, n = 241, at
20,000 samples): 88 ms with blocks of 256 KiB, 72 ms at 1 MiB, 67 ms at 4 MiB, 63 ms at
16 MiB, 67 ms at 64 MiB. Past 1 MiB the block size hardly matters, and 2 MiB is a few n x n
matrices' worth next to the data at any Q."""

_LANES = 8


def block_shape(S, n):
    """``(samples, columns)`` of a Jacobian block for S outputs and n weights.

    The columns are the n weights', the errors' and the padding; a block holds at least one
    sample, at most :data:`BLOCK_BYTES`' worth.
    """
    columns = -(-(n + 1) // _LANES) * _LANES
    return max(1, BLOCK_BYTES // (8 * S * columns)), columns


class NormalEquations:
    """``J'J`` and ``J'e`` of one network's errors ``e = T - Y`` on the data ``P``.

    With a forward pass over all the samples at hand (a cache), the whole computation is
    strung together once as an engine program for those weights, cache and errors, and then
    only run (at 2000 samples of a 5-10-1 net, finding views and buffers cost a tenth of the
    arithmetic). Without one, each block runs its own forward pass, built as it comes.

    Parameters
    ----------
    plan : Plan
    P : ndarray, shape (R, Q)
    learn : ndarray of int or None
        Positions of the learnable values in the flat vector (None: all are).
    """

    def __init__(self, plan, P, learn):
        self.plan, self.P = plan, P
        # The learnable weights' columns and the errors' (frozen weights are left out).
        self._keep = None if learn is None else np.append(learn, plan.n)
        self._buffers = None
        self._programs = {}

    def __call__(self, wb, cache, E):
        """The sums at the weights ``wb``.

        Parameters
        ----------
        wb : ndarray, shape (n,)
            The flat weight vector (the same array on every call, so that the engine's
            programs for it are kept).
        cache : Cache or None
            The forward pass at ``wb`` over all the samples, or None: each block runs its own.
        E : ndarray, shape (SN, Q)
            The errors at ``wb``.

        Returns
        -------
        JJ : ndarray, shape (n_params, n_params)
            ``J'J``, symmetric.
        Je : ndarray, shape (n_params,)
            ``J'e`` with ``J = de/dx``.
        """
        if cache is None:
            ops, G, k = self._build(wb, None, E)
        else:
            ops, G, k = _engine.cached(self._programs, "normal", (wb, cache, E),
                                       lambda: self._build(wb, cache, E))
        _engine.run(ops)
        # Copies: the sums' buffer is overwritten by the next call.
        return G[:k, :k].copy(), G[:k, k].copy()

    def _build(self, wb, cache, E):
        """``(ops, G, k)``: the calls summing ``[J e]'[J e]`` into G, J'J being its
        leading k x k. Without a cache the blocks' calls are run as they are built (each
        block's forward pass takes its inputs when built), and ``ops`` is empty."""
        plan, n = self.plan, self.plan.n
        S, Q = E.shape
        width, columns = block_shape(S, n)
        width = max(1, min(width, Q))
        if self._buffers is None or self._buffers[0] != width:
            # One buffer for every block, the last (shorter) one included, and one workspace
            # for each length of block.
            self._buffers = (width, np.empty(width * S * columns), {})
        _, buffer, works = self._buffers
        size = columns if self._keep is None else self._keep.size
        G = np.zeros((size, size))
        part = np.empty_like(G) if Q > width else None
        ops = []
        for start in range(0, Q, width):
            stop = min(start + width, Q)
            m = stop - start
            if m not in works:
                works[m] = _engine.Workspace(plan, m)
            work = works[m]
            # The block in Fortran order: a column's values for all samples are contiguous,
            # so the outer products that fill it run along the samples (3-8x faster to fill
            # than rows of n), and its transpose is the C-ordered operand BLAS wants.
            block = buffer[:m * S * columns].reshape(columns, -1).T
            calls = []
            if cache is None:  # chunked evaluation keeps no whole forward pass: this block's
                forward, part_cache = _engine.forward_program(plan, wb, self.P[:, start:stop],
                                                              work)
                calls += forward
            else:  # the whole cache itself when one block covers it: its programs are kept
                part_cache = cache if m == Q else cache.columns(start, stop)
            calls += _engine.jacobian_program(plan, wb, part_cache, -1.0, block[:, :n], work)
            calls.append((np.copyto, (block[:, n].reshape(m, S), E[:, start:stop].T)))
            # A shorter last block lays its columns out anew, over earlier blocks' values.
            calls.append((np.copyto, (block[:, n + 1:], 0.0)))
            if self._keep is not None:
                kept = np.empty((m * S, self._keep.size), order="F")
                calls.append((np.take, (block, self._keep, 1, kept, "clip")))
                block = kept
            # numpy hands M.T @ M to BLAS as syrk: half the work of a general product.
            if start == 0:
                calls.append((np.matmul, (block.T, block, G)))
            else:
                calls += [(np.matmul, (block.T, block, part)), (np.add, (G, part, G))]
            if cache is None:
                _engine.run(calls)
            else:
                ops += calls
        return ops, G, n if self._keep is None else size - 1
