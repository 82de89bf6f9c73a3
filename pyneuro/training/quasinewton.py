"""Quasi-Newton line-search trainers: MATLAB ``trainbfg`` (BFGS) and ``trainoss`` (one-step
secant).

Both search along ``dx`` with ``trainParam.searchFcn`` (srchbac by default) and move
``x <- x + a*dx`` (the step ``s = a*dx``); with ``y = g - g_old`` the change in gradient:

* trainbfg keeps a Hessian approximation ``H`` (starting at I), updated as
  ``H <- H + g_old g_old'/(g_old'dx) + y y'/(y's)`` (BFGS written with ``H s = -a g_old``),
  and takes ``dx = -H \\ g``, resetting ``H = I`` where that does not descend. Every search
  starts from a step of 1. A direction that is not finite (a singular ``H``) ends training
  with "Precision problems in matrix inversion.".
* trainoss needs no matrix: ``dx = -g + A s + B y`` with ``B = s'g/s'y`` and
  ``A = -(1 + y'y/s'y) B + y'g/s'y``, restarting at ``-g`` every ``n_params`` epochs or
  where it does not descend.
"""

import numpy as np

from ._base import TrainingFunction
from .conjgrad import LineSearchMethod, line_search_params

__all__ = ["TRAINBFG", "TRAINOSS"]

PRECISION = "Precision problems in matrix inversion."


class _BFGS(LineSearchMethod):
    restart_delta = 1.0

    def _first_direction(self):
        self._eye = np.eye(self.x.size)
        self._H = self._eye
        self._dx = -self.grad

    @property
    def stop(self):
        return None if np.isfinite(self._dx).all() else PRECISION

    def _next_direction(self, epoch, g_old):
        g = self.grad
        y = g - g_old
        self._H = (self._H + np.outer(g_old, g_old) / float(g_old @ self._dx)
                   + np.outer(y, y) / float(y @ self._step))
        try:
            dx = -np.linalg.solve(self._H, g)
        except np.linalg.LinAlgError:
            dx = np.full_like(g, np.nan)
        if float(g @ dx) > 0:
            self._H = self._eye
            dx = -g
        self._dx = dx


class _OneStepSecant(LineSearchMethod):
    def _first_direction(self):
        self._dx = -self.grad

    def _next_direction(self, epoch, g_old):
        g, s = self.grad, self._step
        y = g - g_old
        if epoch % g.size == 0:
            dx = -g
        else:
            den = float(s @ y)
            b = float(s @ g) / den
            a = -(1.0 + float(y @ y) / den) * b + float(y @ g) / den
            dx = -g + a * s + b * y
        if float(g @ dx) > 0:
            dx = -g
        self._dx = dx


TRAINBFG = TrainingFunction("trainbfg", line_search_params("srchbac"), _BFGS)
TRAINOSS = TrainingFunction("trainoss", line_search_params("srchbac"), _OneStepSecant)
