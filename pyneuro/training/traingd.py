"""The gradient-descent family: MATLAB ``traingd``, ``traingdm``, ``traingda``, ``traingdx``.

All work on the flat vector of learnable weights ``x`` with ``g = dperf/dx`` (MATLAB's ``gX``
is ``-g``):

* traingd: ``x <- x - lr*g``.
* traingdm: ``dx <- mc*dx - (1-mc)*lr*g``, ``x <- x + dx``, starting from ``dx = -lr*g0`` so
  the first step equals traingd's. Every step is kept: traingdm has no ``max_perf_inc`` rule
  in any MATLAB version (that rule belongs to traingda/traingdx).
* traingda: the traingd trial step; a trial whose performance exceeds ``max_perf_inc`` times
  the current one is rejected and ``lr <- lr*lr_dec``; an accepted trial that lowers the
  performance sets ``lr <- lr*lr_inc`` (an increase of up to ``max_perf_inc`` is kept with lr
  unchanged).
* traingdx: the traingdm trial step with traingda's rule; after a rejection the momentum term
  is reset to ``-lr*g`` with the reduced lr, so the next trial is a plain gradient step.

``tr.lr`` records the learning rate at the start of each epoch (traingda, traingdx).

traingd and traingdm are ``stacked`` algorithms: their updates are element-wise, so they run
unchanged on a stack of K networks (``x`` of shape (K, n_params), see
:func:`pyneuro.training.batch.train_batch`); ``keep(rows)`` drops the networks that stopped.
traingda/traingdx decide per network whether to keep a step, so they train one net at a time.
"""

import numpy as np

from ._base import TrainingFunction, common_params

__all__ = ["TRAINGD", "TRAINGDM", "TRAINGDA", "TRAINGDX", "FirstOrder"]


class FirstOrder:
    """Start of a gradient-based algorithm: the point, its performance and gradient."""

    stop = None
    stacked = False

    def __init__(self, objective, x, param):
        self._objective = objective
        self._param = param
        self.x = x
        self.perf, self.grad = objective.perf_grad(x)


class _GradientDescent(FirstOrder):
    """traingd: one plain gradient step per epoch."""

    stacked = True

    def __init__(self, objective, x, param):
        super().__init__(objective, x, param)
        self.lr = param["lr"]

    def keep(self, rows):
        """Go on with the networks ``rows`` of the stack only."""
        self._objective.keep(rows)
        self.x, self.perf, self.grad = self.x[rows], self.perf[rows], self.grad[rows]

    def step(self, epoch):
        self.x = self.x - self._param["lr"] * self.grad
        self.perf, self.grad = self._objective.perf_grad(self.x)


class _GradientDescentMomentum(_GradientDescent):
    """traingdm: momentum ``mc`` on the gradient step."""

    def __init__(self, objective, x, param):
        super().__init__(objective, x, param)
        self._dx = -param["lr"] * self.grad
        self._scaled = np.empty_like(self.grad)
        # As 0-d arrays: numpy converts a Python float operand anew on every call.
        self._mc = np.array(param["mc"])
        self._step_scale = np.array((1.0 - param["mc"]) * param["lr"])

    def keep(self, rows):
        super().keep(rows)
        self._dx = self._dx[rows]
        self._scaled = self._scaled[rows]

    def step(self, epoch):
        # Same operations as MATLAB's mc*dX + (1-mc)*lr*gX, so results agree bit for bit; in
        # place (the loop copies the weights it keeps; the gradient is left as reported).
        dx, x = self._dx, self.x
        np.multiply(dx, self._mc, dx)
        np.subtract(dx, np.multiply(self.grad, self._step_scale, self._scaled), dx)
        np.add(x, dx, x)
        self.perf, self.grad = self._objective.perf_grad(x)


class _AdaptiveGradientDescent(_GradientDescent):
    """traingda: the traingd step with an adaptive learning rate and step rejection."""

    stacked = False

    def _trial(self):
        return -self.lr * self.grad

    def _rejected(self):
        pass

    def step(self, epoch):
        p = self._param
        dx = self._trial()
        x2 = self.x + dx
        perf2 = self._objective.perf(x2)
        if perf2 / self.perf > p["max_perf_inc"]:
            self.lr *= p["lr_dec"]
            self._rejected()
            return
        if perf2 < self.perf:
            self.lr *= p["lr_inc"]
        self._dx = dx
        self.x = x2
        self.perf, self.grad = self._objective.perf_grad(x2)


class _AdaptiveMomentum(_AdaptiveGradientDescent):
    """traingdx: traingdm's momentum step with traingda's learning-rate rule."""

    def __init__(self, objective, x, param):
        super().__init__(objective, x, param)
        self._dx = -self.lr * self.grad

    def _trial(self):
        mc = self._param["mc"]
        return mc * self._dx - ((1.0 - mc) * self.lr) * self.grad

    def _rejected(self):
        self._dx = -self.lr * self.grad


_GDA = dict(lr=(0.01, "positive"), lr_inc=(1.05, "above_one"), lr_dec=(0.7, "below_one"),
            max_perf_inc=(1.04, "above_one"))

TRAINGD = TrainingFunction(
    "traingd", common_params(1e-5, lr=(0.01, "positive")), _GradientDescent)
TRAINGDM = TrainingFunction(
    "traingdm", common_params(1e-5, lr=(0.01, "positive"), mc=(0.9, "fraction")),
    _GradientDescentMomentum)
TRAINGDA = TrainingFunction("traingda", common_params(1e-5, **_GDA), _AdaptiveGradientDescent,
                            record=("lr",))
TRAINGDX = TrainingFunction("traingdx", common_params(1e-5, mc=(0.9, "fraction"), **_GDA),
                            _AdaptiveMomentum, record=("lr",))
