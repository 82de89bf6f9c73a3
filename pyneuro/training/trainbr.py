"""Bayesian regularisation, MATLAB ``trainbr`` (MacKay; Foresee and Hagan, 1997).

trainbr minimises ``F = beta*SSE + alpha*SSW`` (``SSE`` the sum of squared errors, whatever
the net's performFcn: MATLAB forces 'sse', and so does ``TRAINBR.performFcn``; ``SSW = x'x``)
with the Levenberg-Marquardt step of trainlm (:func:`.trainlm.lm_step` on ``beta J'J +
alpha I`` and ``beta J'e + alpha x``). It starts from ``gamma = n`` (the number of parameters), ``beta = (N - gamma)/(2 SSE)`` (1 if
not positive; N errors) and ``alpha = gamma/(2 SSW)``. After each accepted step it
re-estimates the effective number of parameters
``gamma = n - alpha*trace((beta J'J + alpha I)^-1)`` (J'J from before the step) and sets
``alpha = gamma/(2 SSW)``, ``beta = (N - gamma)/(2 SSE)``.

Recorded per epoch: ``tr.perf`` holds the SSE, ``tr.mu``, ``tr.gamk`` (gamma) and ``tr.ssX``
(SSW). The gradient compared with ``min_grad`` is that of ``F``, ``2 (beta J'e + alpha x)``
(``J = de/dx``), which vanishes at trainbr's optimum.
"""

import numpy as np

from ._base import TrainingFunction, common_params
from .trainlm import LM_PARAMS, MAX_MU, lm_step

__all__ = ["TRAINBR"]


class _BayesianRegularisation:
    def __init__(self, objective, x, param):
        self._objective = objective
        self._param = param
        self.mu = param["mu"]
        self.x = x
        self.perf = objective.perf(x)  # the SSE (TRAINBR.performFcn): recorded, vs goal
        self._n_errors = objective.T.size
        n = x.size
        self.gamk = float(n)
        beta = (self._n_errors - self.gamk) / (2.0 * self.perf)
        self._beta = beta if beta > 0 else 1.0
        self.ssX = float(x @ x)
        self._alpha = self.gamk / (2.0 * self.ssX)
        self.regularised_perf = self._beta * self.perf + self._alpha * self.ssX
        self._linearise()

    def _linearise(self):
        # J'J once per epoch, accumulated over blocks of samples (never the whole J).
        self._jj, self._je = self._objective.normal_equations(self.x)
        self.grad = 2.0 * (self._beta * self._je + self._alpha * self.x)

    @property
    def stop(self):
        return MAX_MU if self.mu >= self._param["mu_max"] else None

    @property
    def progress(self):
        # MATLAB's trainbr line also shows SSW and the effective number of parameters.
        return ", SSW %g, #Par %4.2e/%g" % (self.ssX, self.gamk, self.x.size)

    def step(self, epoch):
        beta, alpha = self._beta, self._alpha
        A = beta * self._jj + alpha * np.eye(self.x.size)

        def evaluate(x2):
            sse = self._objective.perf(x2)
            return beta * sse + alpha * float(x2 @ x2), sse

        x2, _, sse, self.mu = lm_step(A, beta * self._je + alpha * self.x, self.x, self.mu,
                                      self.regularised_perf, evaluate, self._param)
        if x2 is None:
            return
        self.x, self.perf, self.ssX = x2, sse, float(x2 @ x2)
        self.gamk = self.x.size - alpha * float(np.trace(np.linalg.inv(A)))
        self._alpha = self.gamk / (2.0 * self.ssX)
        self._beta = (self._n_errors - self.gamk) / (2.0 * sse)
        self.regularised_perf = self._beta * sse + self._alpha * self.ssX
        self._linearise()


TRAINBR = TrainingFunction(
    "trainbr", dict(common_params(1e-7, **dict(LM_PARAMS, mu=(0.005, "positive"))),
                    max_fail=(0, "count")),
    _BayesianRegularisation, record=("mu", "gamk", "ssX"), performFcn="sse")
