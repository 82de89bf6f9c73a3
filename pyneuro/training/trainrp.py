"""Resilient back-propagation, MATLAB ``trainrp`` (Riedmiller and Braun's Rprop).

Each weight has its own step ``delta`` (starting at ``delta0``). Every epoch, where the
gradient kept its sign since the last epoch the step grows by ``delt_inc``, where it flipped
the step shrinks by ``delt_dec`` (unchanged where either is zero); steps are capped at
``deltamax`` and each weight moves by its step against the sign of its gradient. There is no
backtracking. As MATLAB, the first epoch compares the gradient with itself, so every weight
with a nonzero gradient moves by ``delta0*delt_inc`` (0.084 with the defaults).
"""

import numpy as np

from ._base import TrainingFunction, common_params
from .traingd import FirstOrder

__all__ = ["TRAINRP"]


class _Rprop(FirstOrder):
    def __init__(self, objective, x, param):
        super().__init__(objective, x, param)
        self._grad_old = self.grad
        self._delta = np.full(x.shape, float(param["delta0"]))

    def step(self, epoch):
        p = self._param
        same = self.grad * self._grad_old
        factor = np.where(same > 0, p["delt_inc"], np.where(same < 0, p["delt_dec"], 1.0))
        self._delta = np.minimum(self._delta * factor, p["deltamax"])
        self.x = self.x - self._delta * np.sign(self.grad)
        self._grad_old = self.grad
        self.perf, self.grad = self._objective.perf_grad(self.x)


TRAINRP = TrainingFunction("trainrp", common_params(
    1e-5, lr=(0.01, "positive"), delt_inc=(1.2, "above_one"), delt_dec=(0.5, "below_one"),
    delta0=(0.07, "positive"), deltamax=(50.0, "positive")), _Rprop)
