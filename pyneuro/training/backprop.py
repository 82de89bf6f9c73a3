"""Performance and its gradient as functions of the learnable parameter vector.

Every trainer works on one flat vector ``x``: the network's learnable weights and biases in
``getwb`` order, frozen ones (``learn = False``) left out, as MATLAB's ``getx`` does. The
:class:`Objective` turns ``x`` into the performance and its gradient by one vectorised
forward pass over all Q samples and one backward pass.

Signs: ``grad`` is the true gradient ``dperf/dx``. MATLAB's trainers carry its negative
(``gX``); the update rules in the trainer modules are written for ``dperf/dx``.
"""

import numpy as np

from ..network import _layer_plan
from ..performance import get_performance

__all__ = ["Objective"]


class Objective:
    """Performance of a network on data ``(P, T)`` as a function of its learnable weights.

    Parameters
    ----------
    net : Network
        Supplies the structure, the frozen weights and the performance function. Its
        weights are copied, never changed.
    P : ndarray, shape (R, Q)
    T : ndarray, shape (SN, Q)

    Attributes
    ----------
    n_params : int
        Length of ``x`` (learnable weights and biases).
    """

    def __init__(self, net, P, T):
        self._plan = _layer_plan(net)
        self._wb = net._wb.copy()
        mask = net._learn_flags()
        self._learn = None if mask.all() else np.flatnonzero(mask)
        self._pf = get_performance(net.performFcn)
        self._param = net.performParam.to_dict()
        self.P = P
        self.T = T
        self.n_params = self._wb.size if self._learn is None else self._learn.size
        # Work buffers, reused every evaluation: net inputs N, outputs A and back-propagated
        # gradients G of each layer. Fresh arrays of this size would be mapped and page-faulted
        # anew each epoch, which measured as half the cost of a 5-10-1 epoch on 2000 samples.
        Q = P.shape[1]
        self._N = [np.empty((w.rows, Q)) for w, _, _ in self._plan]
        self._A = [np.empty((w.rows, Q)) for w, _, _ in self._plan]
        self._G = [np.empty((w.rows, Q)) for w, _, _ in self._plan]
        self._acts = [None] * len(self._plan)

    def x0(self):
        """The starting vector (a copy of the net's learnable weights)."""
        return self._wb.copy() if self._learn is None else self._wb[self._learn]

    def weights(self, x):
        """The full ``getwb`` vector for learnable values ``x`` (frozen values filled in)."""
        if self._learn is None:
            return x
        self._wb[self._learn] = x
        return self._wb

    def _forward(self, wb):
        """Forward pass into the work buffers; returns the network output (a buffer)."""
        A = self.P
        for i, (wblock, bblock, tf) in enumerate(self._plan):
            N = np.matmul(wblock.view(wb), A, out=self._N[i])
            N += bblock.view(wb)
            A = self._acts[i] = tf.apply_into(N, self._A[i])
        return A

    def perf(self, x):
        """Performance at ``x``."""
        Y = self._forward(self.weights(x))
        return self._pf.perf(self.T - Y, x, self._param)

    def perf_grad(self, x):
        """Performance and its gradient ``dperf/dx`` at ``x``.

        Returns
        -------
        perf : float
        grad : ndarray, shape (n_params,)
        """
        wb = self.weights(x)
        E = self.T - self._forward(wb)
        perf = self._pf.perf(E, x, self._param)
        G = self._G[-1]
        np.negative(self._pf.grad_e(E, x, self._param), out=G)  # dperf/dY, as E = T - Y
        g = np.empty(wb.size)
        for i in range(len(self._plan) - 1, -1, -1):
            wblock, bblock, tf = self._plan[i]
            A_prev = self._acts[i - 1] if i else self.P
            tf.backprop_into(self._N[i], self._acts[i], G)  # G: dperf/dA -> dperf/dN
            g[bblock.start:bblock.stop] = G.sum(axis=1)
            # (A_prev G') is the transpose of dperf/dW; its C-order ravel is W's F-order one.
            g[wblock.start:wblock.stop] = (A_prev @ G.T).ravel()
            if i:
                W = wblock.view(wb)
                # dperf/dA of the layer below. With one row, the product is an outer product,
                # which broadcasting does several times faster than a k=1 matrix product.
                G_prev = self._G[i - 1]
                if G.shape[0] == 1:
                    np.multiply(W.T, G, out=G_prev)
                else:
                    np.matmul(W.T, G, out=G_prev)
                G = G_prev
        if self._learn is not None:
            g = g[self._learn]
        if self._pf.grad_x is not None:
            g += self._pf.grad_x(E, x, self._param)
        return perf, g

    @property
    def performance(self):
        """The :class:`~pyneuro.performance.PerformanceFunction` being minimised."""
        return self._pf

    def jacobian(self, x):
        """Errors and their Jacobian at ``x``, for Levenberg-Marquardt.

        Returns
        -------
        e : ndarray, shape (SN*Q,)
            The errors ``T - Y``, MATLAB's ``E(:)`` order (outputs of a sample together).
        J : ndarray, shape (SN*Q, n_params)
            ``de/dx``; row ``k + q*SN`` is the derivative of error ``(k, q)``.
        """
        wb = self.weights(x)
        E = self.T - self._forward(wb)
        S, Q = E.shape
        J = np.empty((Q, S, wb.size))
        for k in range(S):
            # de(k, q)/dY is -1 at output k of sample q and 0 elsewhere; propagate it back
            # per sample (no sum over q) to get one Jacobian row per error.
            gA = np.zeros((S, Q))
            gA[k] = -1.0
            for i in range(len(self._plan) - 1, -1, -1):
                wblock, bblock, tf = self._plan[i]
                A_prev = self._acts[i - 1] if i else self.P
                gN = tf.backprop(self._N[i], self._acts[i], gA)  # pure: the buffers stay intact
                J[:, k, bblock.start:bblock.stop] = gN.T
                # Row q of the block is vec(gN[:, q] A_prev[:, q]') in column-major order,
                # which is the C-order ravel of the (R, S) outer product A_prev[:, q] gN[:, q]'.
                J[:, k, wblock.start:wblock.stop] = (
                    A_prev.T[:, :, None] * gN.T[:, None, :]).reshape(Q, -1)
                if i:
                    gA = wblock.view(wb).T @ gN
        J = J.reshape(Q * S, wb.size)
        if self._learn is not None:
            J = J[:, self._learn]
        return E.ravel(order="F"), J

