"""Batch gradient descent, MATLAB ``traingd``, and with momentum, ``traingdm``.

Both work on the flat vector of learnable weights ``x`` with ``g = dperf/dx`` (MATLAB's
``gX`` is ``-g``):

* traingd: ``x <- x - lr*g``.
* traingdm: ``dx <- mc*dx - (1-mc)*lr*g``, ``x <- x + dx``, starting from ``dx = -lr*g0`` so
  the first step equals traingd's. Every step is kept: traingdm has no ``max_perf_inc`` rule
  in any MATLAB version (that rule belongs to traingda/traingdx).

Both are ``stacked`` algorithms: the updates are element-wise, so they run unchanged on a
stack of K networks (``x`` of shape (K, n_params), see
:func:`pyneuro.training.batch.train_batch`); ``keep(rows)`` drops the networks that stopped.
"""

from ._base import TrainingFunction, common_params

__all__ = ["TRAINGD", "TRAINGDM"]


class _GradientDescent:
    """traingd: one plain gradient step per epoch."""

    stop = None
    stacked = True

    def __init__(self, objective, x, param):
        self._objective = objective
        self._param = param
        self.x = x
        self.perf, self.grad = objective.perf_grad(x)

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

    def keep(self, rows):
        super().keep(rows)
        self._dx = self._dx[rows]

    def step(self, epoch):
        lr, mc = self._param["lr"], self._param["mc"]
        # Same operation order as MATLAB's mc*dX + (1-mc)*lr*gX, so results agree bit for bit.
        self._dx = mc * self._dx - ((1.0 - mc) * lr) * self.grad
        self.x = self.x + self._dx
        self.perf, self.grad = self._objective.perf_grad(self.x)


TRAINGD = TrainingFunction(
    "traingd", common_params(1e-5, lr=(0.01, "positive")), _GradientDescent)
TRAINGDM = TrainingFunction(
    "traingdm", common_params(1e-5, lr=(0.01, "positive"), mc=(0.9, "fraction")),
    _GradientDescentMomentum)
