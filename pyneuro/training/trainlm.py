"""Levenberg-Marquardt, MATLAB ``trainlm``, and the LM step it shares with ``trainbr``.

With ``e = T - Y`` (all errors as one vector) and ``J = de/dx`` its Jacobian, each epoch tries
``dx = -(J'J + mu I) \\ J'e``: if the performance at ``x + dx`` is lower, the step is taken and
``mu <- max(mu * mu_dec, 1e-20)``; otherwise ``mu <- mu * mu_inc`` and the step is tried again,
until ``mu`` exceeds ``mu_max`` (then the next epoch stops with "Maximum MU reached.").

This is the classic rule with unscaled ``J'J`` (NNT 4-6, and GNU Octave's nnet), see SPEC §5;
MATLAB 8+ divides ``J'J`` and ``J'e`` by N, which takes the same steps with ``mu`` scaled by N.
The gradient recorded and compared with ``min_grad`` is the true gradient of the performance,
``2 c J'e`` for a performance ``c * sum(e**2)`` (``c = 1/N`` for mse), so it means the same as
for the other training functions (MATLAB 4-6 reported ``||J'e||``).
"""

import numpy as np

from ..errors import ParameterError
from ._base import TrainingFunction, common_params

__all__ = ["TRAINLM", "LM_PARAMS", "MAX_MU", "lm_step"]

LM_PARAMS = dict(mu=(0.001, "positive"), mu_dec=(0.1, "below_one"),
                 mu_inc=(10.0, "above_one"), mu_max=(1e10, "positive"))

MAX_MU = "Maximum MU reached."


def lm_step(A, b, x, mu, perf, evaluate, param):
    """One Levenberg-Marquardt epoch: raise ``mu`` until a step lowers the performance.

    Tries ``dx = -(A + mu I) \\ b`` for ``mu``, ``mu*mu_inc``, ... while ``mu <= mu_max``.

    Parameters
    ----------
    A : ndarray, shape (n, n)
        The Gauss-Newton matrix (``J'J``; trainbr's ``beta J'J + alpha I``).
    b : ndarray, shape (n,)
        The gradient term (``J'e``; trainbr's ``beta J'e + alpha x``).
    x : ndarray, shape (n,)
    mu, perf : float
        Current ``mu`` and the performance a step must beat.
    evaluate : callable
        ``evaluate(x2) -> (perf2, payload)``; the payload is handed back with the step.
    param : dict
        ``mu_dec``, ``mu_inc``, ``mu_max``.

    Returns
    -------
    x2, perf2, payload, mu
        The accepted point with the next ``mu`` (``max(mu*mu_dec, 1e-20)``), or ``None,
        None, None, mu`` with ``mu > mu_max`` when no step was accepted.
    """
    # scipy is loaded by the first LM step, not by `import pyneuro`: its own BLAS costs
    # address space and start-up time that every command would pay (a `pyneuro info` under
    # a 200 MB address-space limit failed with it; tests/test_netfile_limits.py).
    from scipy.linalg.lapack import dpotrf, dpotrs

    a = np.empty(A.shape, order="F")
    diagonal = a.reshape(-1, order="F")[::A.shape[0] + 1]
    while mu <= param["mu_max"]:
        # A + mu I is symmetric positive definite for mu > 0: a Cholesky solve (a third of
        # LU's work, no inverse), by LAPACK directly, as scipy.linalg's checking wrappers
        # cost more than the factorisation itself at these sizes. A is made once per epoch
        # and reused by every retry. The lower factor: OpenBLAS 0.3 factors a 71 x 71
        # matrix in 46 us that way, in 74 us as upper (one thread, development machine).
        np.copyto(a, A)
        diagonal += mu
        c, info = dpotrf(a, lower=1, clean=0, overwrite_a=1)
        dx = None  # not positive definite in floating point: a failed step
        if info == 0:
            dx, info = dpotrs(c, b, lower=1)
            np.negative(dx, out=dx)
        if dx is not None and np.isfinite(dx).all():
            x2 = x + dx
            perf2, payload = evaluate(x2)
            if perf2 < perf:
                return x2, perf2, payload, max(mu * param["mu_dec"], 1e-20)
        mu *= param["mu_inc"]
    return None, None, None, mu


class _LevenbergMarquardt:
    """trainlm's step and mu schedule."""

    def __init__(self, objective, x, param):
        pf = objective.performance
        if pf.sse_scale is None:
            raise ParameterError(
                f"trainlm needs a sum-of-squares performance ('mse' or 'sse'); this network's "
                f"performFcn is {pf.name!r}. Set net.performFcn = 'mse' or choose another "
                "training function.")
        self._objective = objective
        self._param = param
        self._scale = pf.sse_scale(objective.T.size)
        self.mu = param["mu"]
        self.x = x
        # Trials are compared with Objective.perf, so the current point's perf comes from
        # there too: the same sum in the same order, no last-bit disagreements.
        self.perf = objective.perf(x)
        self._linearise()

    def _linearise(self):
        # J'J once per epoch, accumulated over blocks of samples (never the whole J).
        self._jj, self._je = self._objective.normal_equations(self.x)
        self.grad = (2.0 * self._scale) * self._je

    @property
    def stop(self):
        return MAX_MU if self.mu >= self._param["mu_max"] else None

    def step(self, epoch):
        x2, perf2, _, self.mu = lm_step(self._jj, self._je, self.x, self.mu, self.perf,
                                        lambda x: (self._objective.perf(x), None), self._param)
        if x2 is not None:
            self.x, self.perf = x2, perf2
            self._linearise()


TRAINLM = TrainingFunction("trainlm", common_params(1e-7, **LM_PARAMS), _LevenbergMarquardt,
                           record=("mu",))
