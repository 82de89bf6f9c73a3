"""Performance and its gradient as functions of the learnable parameter vector.

Every trainer works on one flat vector ``x``: the network's learnable weights and biases in
``getwb`` order, frozen ones (``learn = False``) left out, as MATLAB's ``getx`` does. The
:class:`Objective` turns ``x`` into the performance, its gradient and the Jacobian of the
errors through the engine's one forward and one backward pass (:mod:`pyneuro._engine`).

Signs: ``grad`` is the true gradient ``dperf/dx``. MATLAB's trainers carry its negative
(``gX``); the update rules in the trainer modules are written for ``dperf/dx``.

An objective over a list of K networks of one architecture works on a stack: ``x`` is
(K, n_params), ``perf`` gives K values and ``grad`` K rows, through one batched engine pass.
Each network's performance is computed on its own errors, as it would be alone.
"""

import numpy as np

from .. import _engine
from ._chunks import SumOfSquares
from ._normal import BLOCK_BYTES, NormalEquations
from ..network import learn_mask, performance_function_of, plan_of, weights_of
from ..performance import get_performance

__all__ = ["Objective", "BLOCK_BYTES"]

class Objective:
    """Performance of a network on data ``(P, T)`` as a function of its learnable weights.

    Parameters
    ----------
    net : Network or list of Network
        Supplies the structure, the frozen weights and the performance function. Its
        weights are copied, never changed. A list of K networks of one architecture, with
        the same learnable weights and performance function (the first one's is used), makes
        a stack.
    P : ndarray, shape (R, Q)
    T : ndarray, shape (SN, Q)
    performance : str or PerformanceFunction, optional
        Minimise this instead of ``net.performFcn`` (with its default parameters).
    keep_net_input : bool, default False
        Keep every layer's net input in :attr:`cache` (the derivation view shows them);
        without, tansig, logsig and purelin layers keep only their output.
    chunked : bool, default False
        Evaluate mse and sse in chunks of samples (:mod:`._chunks`; faster on large data).
        :attr:`cache` and :attr:`dN` are then None when there is more than one chunk.

    Attributes
    ----------
    n_params : int
        Length of ``x`` (learnable weights and biases).
    K : int or None
        Networks in the stack (None for one network).
    plan : Plan
        The engine's plan of the network.
    cache : Cache or None
        The last forward pass: net input ``N[i]`` (see ``keep_net_input``) and output ``A[i]``
        of every layer at the last point evaluated (kept intact by the backward pass).
    dN : list of ndarray or None
        ``dperf/dN`` of every layer, per sample, from the last :meth:`perf_grad`.
    """

    def __init__(self, net, P, T, performance=None, keep_net_input=False, chunked=False):
        if isinstance(net, (list, tuple)):
            self.K = len(net)
            self._wb = np.stack([weights_of(one) for one in net])
            net = net[0]
        else:
            self.K = None
            self._wb = weights_of(net).copy()
        self.plan = plan_of(net)
        mask = learn_mask(net)
        self._learn = None if mask.all() else np.flatnonzero(mask)
        if performance is None:
            self._pf = performance_function_of(net)
            self._param = net.performParam.to_dict()
        else:
            self._pf = get_performance(performance)
            self._param = dict(self._pf.defaults)
        self.P = P
        self.T = T
        self.n_params = self.plan.n if self._learn is None else self._learn.size
        self._keep = keep_net_input
        self._work = _engine.Workspace(self.plan, P.shape[1], self.K, keep_net_input)
        self.cache = None
        self.dN = None
        self._g = np.empty(self.plan.n)
        self._E = np.empty(T.shape)
        self._cached_x = None  # the x of the cache, when perf() made it
        self._normal = None
        self._last_x = None
        self._chunked = chunked
        # perf = c*sum(E**2) (mse, sse): dperf/dY = -2c*E in one product, the same bits as
        # -(E*(2/n)) since scaling by -2 is exact.
        self._sse = None
        if self._pf.sse_scale is not None and self._pf.grad_x is None:
            self._dscale = np.array(-2.0 * self._pf.sse_scale(T.size))
            self._sse = SumOfSquares(self.plan, P, T, self.K, keep_net_input, self._dscale,
                                     chunked)

    @property
    def performance(self):
        """The :class:`~pyneuro.performance.PerformanceFunction` being minimised."""
        return self._pf

    @property
    def performParam(self):
        """Its parameters, as a dict."""
        return self._param

    def x0(self):
        """The starting vector (a copy of the net's learnable weights); (K, n_params) for a
        stack."""
        return self._wb.copy() if self._learn is None else self._wb[..., self._learn]

    def weights(self, x, own=False):
        """The full ``getwb`` vector for learnable values ``x`` (frozen values filled in).

        ``x`` itself when it holds every weight and is the array of the previous call (a
        trainer updating its weights in place) or a stack; else the objective's own buffer:
        the engine's views of a vector are made once per array, and a trainer making a new
        array every step would otherwise pay for new views every time. ``own=True``: the
        own buffer whatever ``x`` is, for programs kept from epoch to epoch (the next call
        copies again).
        """
        if self._learn is None:
            if not own and (self.K is not None or x is self._last_x):
                return x
            self._last_x = None if own else x
            np.copyto(self._wb, x)
        else:
            self._wb[..., self._learn] = x
        return self._wb

    def keep(self, rows):
        """Keep only the networks ``rows`` of a stack (in that order): the others stopped."""
        self._wb = self._wb[rows]
        self.K = len(rows)
        self._work = _engine.Workspace(self.plan, self.P.shape[1], self.K, self._keep)
        if self._sse is not None:
            self._sse = SumOfSquares(self.plan, self.P, self.T, self.K, self._keep,
                                     self._dscale, self._chunked)
        self.cache = self.dN = None

    def _errors(self, wb):
        self._cached_x = None
        self.cache = cache = _engine.forward(self.plan, wb, self.P, self._work)
        if self.K is None:
            return np.subtract(self.T, cache.A[-1], self._E)
        return np.subtract(self.T, cache.A[-1])

    def _sse_perf(self, E, x):
        if self.K is None:
            return self._pf.perf(E, x, self._param)
        return self._pf.stack(E)[0]

    def perf(self, x):
        """Performance at ``x`` (an array of K values for a stack)."""
        if self._sse is not None:
            errors, _, cache, _ = self._sse.programs(self.weights(x))
            _engine.run(errors)
            self.cache = cache
            self._cached_x = x.copy() if self.K is None else None
            return self._sse_perf(self._sse.E, x)
        E = self._errors(self.weights(x))
        if self.K is None:
            self._cached_x = x.copy()
            return self._pf.perf(E, x, self._param)
        if self._pf.stack is not None:
            return self._pf.stack(E)[0]
        return np.array([self._pf.perf(E[k], x[k], self._param) for k in range(self.K)])

    def perf_grad(self, x):
        """Performance and its gradient ``dperf/dx`` at ``x``.

        Returns
        -------
        perf : float, or ndarray of shape (K,) for a stack
        grad : ndarray, shape (n_params,) or (K, n_params)
        """
        wb = self.weights(x)
        if self._sse is not None:
            # The whole evaluation is one program but for the performance (a dot product).
            _, both, self.cache, self.dN = self._sse.programs(wb)
            self._cached_x = None
            _engine.run(both)
            g = self._sse.g
            # A new array: trainers keep earlier gradients.
            return (self._sse_perf(self._sse.E, x),
                    g.copy() if self._learn is None else g[..., self._learn])
        E = self._errors(wb)
        pf, param, work = self._pf, self._param, self._work
        dY = work.G[-1]
        if self.K is None:
            perf = pf.perf(E, x, param)
            np.negative(pf.grad_e(E, x, param), out=dY)  # dperf/dY, as E = T - Y
        elif pf.stack is not None:
            perf, dE = pf.stack(E)
            np.negative(dE, out=dY)
        else:
            # Each network's own performance of its own errors (mse divides by its own
            # number of errors, not the stack's).
            perf = np.empty(self.K)
            for k in range(self.K):
                perf[k] = pf.perf(E[k], x[k], param)
                np.negative(pf.grad_e(E[k], x[k], param), out=dY[k])
        cache = self.cache
        self.dN = _engine.backward(self.plan, wb, cache, dY, work)
        if self.K is None:
            g = _engine.gradient(self.plan, cache, self.dN, self._g)
            # A new array: trainers keep earlier gradients.
            g = g.copy() if self._learn is None else g[self._learn]
        else:
            g = _engine.gradient(self.plan, cache, self.dN)
            if self._learn is not None:
                g = g[..., self._learn]
        if pf.grad_x is not None:
            if self.K is None:
                g += pf.grad_x(E, x, param)
            else:
                for k in range(self.K):
                    g[k] += pf.grad_x(E[k], x[k], param)
        return perf, g

    def jacobian(self, x):
        """Errors and their Jacobian at ``x``, for Levenberg-Marquardt (one network only).

        Returns
        -------
        e : ndarray, shape (SN*Q,)
            The errors ``T - Y``, MATLAB's ``E(:)`` order (outputs of a sample together).
        J : ndarray, shape (SN*Q, n_params)
            ``de/dx``; row ``k + q*SN`` is the derivative of error ``(k, q)``.
        """
        wb = self.weights(x)
        E = self._errors(wb)
        J = _engine.jacobian(self.plan, wb, self.cache, scale=-1.0)  # de/dY = -1
        if self._learn is not None:
            J = J[:, self._learn]
        return E.ravel(order="F"), J

    def normal_equations(self, x):
        """``J'J`` and ``J'e`` at ``x``, accumulated over blocks of samples.

        The Jacobian is formed a block of samples at a time (:mod:`._normal`), never whole:
        memory is bounded by the block, not by Q. The forward pass of :meth:`perf` at the
        same ``x`` is reused rather than run again.

        Returns
        -------
        JJ : ndarray, shape (n_params, n_params)
            ``J'J``, symmetric.
        Je : ndarray, shape (n_params,)
            ``J'e`` with ``e = T - Y`` and ``J = de/dx``.
        """
        if self._cached_x is None or not np.array_equal(x, self._cached_x):
            self.perf(x)
        if self._normal is None:
            self._normal = NormalEquations(self.plan, self.P, self._learn)
        return self._normal(self.weights(x, own=True), self.cache,
                            self._sse.E if self._sse is not None else self._E)
