"""Line-search trainers: the conjugate-gradient family, MATLAB ``traincgf`` (Fletcher-Reeves),
``traincgp`` (Polak-Ribière) and ``traincgb`` (Powell-Beale restarts), and the base that the
quasi-Newton trainers (:mod:`.quasinewton`) share.

Each epoch minimises the performance along a search direction ``dx`` with the line search
named by ``trainParam.searchFcn`` (:mod:`.linesearch`) and sets ``x <- x + a*dx``; then the
next direction is built from the new gradient ``g`` (``dperf/dx``):

* traincgf: ``dx <- -g + Z*dx_old`` with ``Z = g'g/g_old'g_old``;
* traincgp: ``Z = (g - g_old)'g/g_old'g_old``;
* traincgb: ``dx <- -g + Z1*dx_old + Z2*dx_t`` with Powell's restart test
  ``|g_old'g| >= 0.2 g'g``;

``Z = 0`` every ``n_params`` epochs; the CG directions are normalised to unit length and reset
to ``-g/|g|`` if they do not descend. A line search that returns a zero step ends training
with "Minimum step size reached." (MATLAB's message, shortened as NNT 6+ does).
"""

import math

import numpy as np

from ._base import TrainingFunction, common_params
from .linesearch import get_line_search

__all__ = ["TRAINCGF", "TRAINCGP", "TRAINCGB", "LineSearchMethod", "line_search_params"]

MIN_STEP = "Minimum step size reached."


def line_search_params(search_fcn):
    """trainParam of a line-search trainer: the common fields and the srch* parameters."""
    return common_params(
        1e-6, searchFcn=(search_fcn, "any"), scale_tol=(20.0, "positive"),
        alpha=(0.001, "fraction"), beta=(0.1, "fraction"), delta=(0.01, "positive"),
        gama=(0.1, "fraction"), low_lim=(0.1, "fraction"), up_lim=(0.5, "fraction"),
        maxstep=(100.0, "positive"), minstep=(1e-6, "positive"), bmax=(26.0, "positive"))


class LineSearchMethod:
    """A search direction per epoch and a line search along it.

    Subclasses set ``self._dx`` in ``_first_direction()`` and ``_next_direction(epoch)``
    (called after each step with the number of the coming epoch).
    """

    restart_delta = None  # trainbfg starts every search at a step of 1

    def __init__(self, objective, x, param):
        self._search = get_line_search(param["searchFcn"])
        self._objective = objective
        self._param = param
        self._delta = param["delta"]
        self._tol = param["delta"] / param["scale_tol"]
        self.x = x
        self.perf, self.grad = objective.perf_grad(x)
        self._perf_old = self._ch_perf = self.perf
        self._a = None
        self._step = None
        self._first_direction()

    @property
    def stop(self):
        return None

    def step(self, epoch):
        if self.restart_delta is not None:
            self._delta = self.restart_delta
        g_old = self.grad
        dperf = float(g_old @ self._dx)
        a, self.perf, self.grad, self._delta, self._tol = self._search(
            self._objective, self.x, self._dx, self.perf, g_old, dperf, self._delta,
            self._tol, self._ch_perf, self._param)
        self._a = a
        self._step = a * self._dx
        self.x = self.x + self._step
        self._ch_perf = self.perf - self._perf_old
        self._perf_old = self.perf
        if a != 0:  # (a zero step ends the CG trainers; their next direction is undefined)
            self._next_direction(epoch + 1, g_old)


class _ConjugateGradient(LineSearchMethod):
    """traincgf and the parts traincgp/traincgb share."""

    @property
    def stop(self):
        return MIN_STEP if self._a == 0 else None

    def _first_direction(self):
        g = self.grad
        self._norm_sqr = float(g @ g)
        self._dx_old = -g
        self._dx = -g / math.sqrt(self._norm_sqr)

    def _factor(self, g, g_old, norm_sqr):
        return norm_sqr / self._norm_sqr  # Fletcher-Reeves

    def _next_direction(self, epoch, g_old):
        g = self.grad
        norm_sqr = float(g @ g)
        z = 0.0 if epoch % g.size == 0 else self._factor(g, g_old, norm_sqr)
        dx = -g + self._dx_old * z
        self._dx_old = dx
        self._norm_sqr = norm_sqr
        self._set_direction(dx, g, norm_sqr, epoch)

    # A direction must descend: g'dx < -descent*|g| (traincgb asks for 0.001), else restart.
    descent = 0.0

    def _set_direction(self, dx, g, norm_sqr, epoch):
        dx = dx / math.sqrt(float(dx @ dx))
        if float(g @ dx) >= -self.descent * math.sqrt(norm_sqr):
            dx = -g / math.sqrt(norm_sqr)
            self._dx_old = -g
            self._restarted(epoch)
        self._dx = dx

    def _restarted(self, epoch):
        pass


class _PolakRibiere(_ConjugateGradient):
    def _factor(self, g, g_old, norm_sqr):
        return float((g - g_old) @ g) / self._norm_sqr


class _PowellBeale(_ConjugateGradient):
    """traincgb: Beale's three-term direction with Powell's restart test."""

    descent = 0.001

    def _first_direction(self):
        super()._first_direction()
        self._restarted(1)  # MATLAB starts with t = 1

    def _restarted(self, epoch):
        self._t = epoch
        self._dg_t = np.zeros_like(self.grad)
        self._dx_t = self._dg_t
        self._dx_dg_t = 1.0

    def _next_direction(self, epoch, g_old):
        g = self.grad
        norm_sqr = float(g @ g)
        if abs(float(g_old @ g)) >= 0.2 * norm_sqr or epoch - self._t >= g.size:
            self._t = epoch - 1
            self._dg_t = g - g_old
            self._dx_t = self._dx_old
            self._dx_dg_t = float(self._dx_t @ self._dg_t)
        z2 = 0.0 if epoch == self._t + 1 else float(g @ self._dg_t) / self._dx_dg_t
        dg = g - g_old
        z1 = float(g @ dg) / float(self._dx_old @ dg)
        dx = -g + self._dx_old * z1 + self._dx_t * z2
        self._dx_old = dx
        self._norm_sqr = norm_sqr
        self._set_direction(dx, g, norm_sqr, epoch)


TRAINCGF = TrainingFunction("traincgf", line_search_params("srchcha"), _ConjugateGradient)
TRAINCGP = TrainingFunction("traincgp", line_search_params("srchcha"), _PolakRibiere)
TRAINCGB = TrainingFunction("traincgb", line_search_params("srchcha"), _PowellBeale)
