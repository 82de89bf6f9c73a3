"""Scaled conjugate gradient, MATLAB ``trainscg`` (Møller, Neural Networks 6, 1993).

A conjugate-gradient method without a line search: the curvature along the search direction
``p`` comes from a finite difference of the gradient, ``s = (g(x + sigma_k p) - g)/sigma_k``
with ``sigma_k = sigma/||p||``, and a Levenberg-Marquardt-like scale ``lambda`` keeps it
positive. With ``delta = p's + lambda*||p||^2`` the step is ``alpha = -p'g/delta``; it is kept
when the comparison ``Delta = 2*delta*(perf - perf_new)/mu^2`` is not negative, and
``lambda`` shrinks (Delta >= 0.75) or grows (Delta < 0.25) by Møller's rules. The direction
restarts at ``-g`` every ``n_params`` epochs, otherwise ``p <- -g + beta*p`` with
``beta = (g'g - g'g_old)/mu``. Signs follow MATLAB's trainscg.m with ``g = dperf/dx``.
"""

import math

from ._base import TrainingFunction, common_params
from .traingd import FirstOrder

__all__ = ["TRAINSCG"]


class _ScaledConjugateGradient(FirstOrder):
    def __init__(self, objective, x, param):
        super().__init__(objective, x, param)
        self._p = -self.grad
        self._pp = float(self._p @ self._p)
        self._success = True
        self._lambda_bar = 0.0
        self._lambda = param["lambda"]
        self._delta = 0.0

    def step(self, epoch):
        obj, p, pp = self._objective, self._p, self._pp
        g = self.grad
        if self._success:
            sigma_k = self._param["sigma"] / math.sqrt(pp)
            _, g_near = obj.perf_grad(self.x + sigma_k * p)
            self._delta = float(p @ ((g_near - g) / sigma_k))
        lam = self._lambda
        delta = self._delta + (lam - self._lambda_bar) * pp
        if delta <= 0:  # make the local Hessian positive definite
            self._lambda_bar = 2.0 * (lam - delta / pp)
            delta = -delta + lam * pp
            lam = self._lambda_bar
        mu = -float(p @ g)
        alpha = mu / delta
        x2 = self.x + alpha * p
        perf2 = obj.perf(x2)
        comparison = 2.0 * delta * (self.perf - perf2) / mu ** 2
        if comparison >= 0:
            self.x = x2
            self.perf, self.grad = obj.perf_grad(x2)
            self._lambda_bar = 0.0
            self._success = True
            if epoch % self.x.size == 0:
                self._p = -self.grad
            else:
                beta = (float(self.grad @ self.grad) - float(self.grad @ g)) / mu
                self._p = -self.grad + beta * p
            self._pp = float(self._p @ self._p)
            if comparison >= 0.75:
                lam *= 0.25
        else:
            self._lambda_bar = lam
            self._success = False
        if comparison < 0.25:
            lam += delta * (1.0 - comparison) / self._pp
        self._lambda = lam
        self._delta = delta


# 'lambda' is a Python keyword: scripts set it as net.trainParam['lambda'] = ...
TRAINSCG = TrainingFunction("trainscg", common_params(
    1e-6, sigma=(5e-5, "positive"), **{"lambda": (5e-7, "positive")}), _ScaledConjugateGradient)
