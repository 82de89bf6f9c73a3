"""The training family beyond traingd/traingdm/trainlm: convergence of every registered
function on one smooth 5-10-1 problem, and hand-derived first steps of each update rule.

The update rules are checked on quadratic objectives ``f(x) = x' D x`` (gradient ``2 D x``),
where every step can be worked out by hand; the numbers are written out in the comments.
References: MATLAB_REFERENCE.md §6.4-§6.10 and the NNT 4 sources it cites.
"""

import numpy as np
import pytest

import pyneuro as nn
from pyneuro.training import TRAINING_FUNCTIONS

FIRST_ORDER = ("traingd", "traingdm", "traingda", "traingdx", "trainrp")
AVAILABLE = sorted(n for n, f in TRAINING_FUNCTIONS.items() if f.available)


class Quadratic:
    """``f(x) = x' D x`` for diagonal ``D``: the objective interface the algorithms use."""

    def __init__(self, *diag):
        self.d = np.array(diag, dtype=float)

    def perf(self, x):
        return float(x @ (self.d * x))

    def perf_grad(self, x):
        return self.perf(x), 2.0 * self.d * x


def _start(name, objective, x0, **param):
    p = TRAINING_FUNCTIONS[name].param_struct().to_dict()
    p.update(param)
    return TRAINING_FUNCTIONS[name].algorithm(objective, np.array(x0, dtype=float), p)


# -- one smooth 5-10-1 problem for every registered function --------------------------------

def _smooth_problem():
    rng = np.random.default_rng(7)
    P = rng.uniform(-1.0, 1.0, (5, 200))
    T = (0.6 * np.sin(2 * P[0]) + 0.4 * P[1] * P[2] - 0.3 * P[3] ** 2 + 0.2 * P[4])[None, :]
    return P, T


@pytest.mark.parametrize("fcn", AVAILABLE)
def test_every_function_trains_the_smooth_problem(fcn):
    P, T = _smooth_problem()
    net0 = nn.newff(nn.minmax(P), [10, 1], ["tansig", "purelin"], fcn, rng=0)  # fixed start
    net0.trainParam.show = None
    if fcn in FIRST_ORDER:
        net0.trainParam.epochs = 1000
        net, tr = nn.train(net0, P, T)
        assert tr.perf[-1] <= tr.perf[0] / 5
    else:
        net0.trainParam.epochs = 500
        net0.trainParam.goal = 0.0 if fcn == "trainbr" else 2e-3
        net, tr = nn.train(net0, P, T)
    mse = nn.mse(T - nn.sim(net, P))
    if fcn not in FIRST_ORDER:
        assert mse <= 2e-3, (fcn, mse, tr.stop, tr.num_epochs)


# -- traingda: step rejection and learning-rate changes -------------------------------------

def test_traingda_accepts_rejects_and_adapts_lr():
    # D = diag(1, 4), x0 = (1, 1): f0 = 5, g0 = (2, 8).
    algo = _start("traingda", Quadratic(1, 4), [1, 1], lr=0.1)
    # Trial x0 - 0.1 g0 = (0.8, 0.2), f = 0.64 + 0.16 = 0.8 < 5: accepted, lr 0.1*1.05.
    algo.step(0)
    np.testing.assert_allclose(algo.x, [0.8, 0.2], rtol=1e-14)
    assert algo.perf == pytest.approx(0.8, rel=1e-14)
    assert algo.lr == pytest.approx(0.105, rel=1e-14)
    # With lr = 0.3 from (1, 1): trial (0.4, -1.4), f = 0.16 + 7.84 = 8 > 1.04*5: rejected,
    # x unchanged, lr 0.3*0.7 = 0.21; then trial 1 - 0.21*(2, 8) = (0.58, -0.68),
    # f = 0.3364 + 4*0.4624 = 2.186 < 5: accepted, lr 0.21*1.05 = 0.2205.
    algo = _start("traingda", Quadratic(1, 4), [1, 1], lr=0.3)
    algo.step(0)
    np.testing.assert_array_equal(algo.x, [1, 1])
    assert algo.perf == 5 and algo.lr == pytest.approx(0.21, rel=1e-14)
    np.testing.assert_array_equal(algo.grad, [2, 8])
    algo.step(1)
    np.testing.assert_allclose(algo.x, [0.58, -0.68], rtol=1e-14)
    assert algo.perf == pytest.approx(2.186, rel=1e-13)
    assert algo.lr == pytest.approx(0.2205, rel=1e-14)


def test_traingda_keeps_a_small_increase_without_changing_lr():
    # f = x^2 from x = 1, lr = 1.005: trial 1 - 1.005*2 = -1.01, f = 1.0201 (ratio 1.0201,
    # within max_perf_inc 1.04): the step is kept and lr stays 1.005.
    algo = _start("traingda", Quadratic(1), [1], lr=1.005)
    algo.step(0)
    np.testing.assert_allclose(algo.x, [-1.01], rtol=1e-14)
    assert algo.lr == 1.005


def test_traingda_records_lr_per_epoch():
    net = nn.newff([[-1, 1]], [3, 1], ["tansig", "purelin"], "traingda", rng=0)
    net.trainParam.show = None
    net.trainParam.epochs = 5
    P = np.linspace(-1, 1, 9)[None, :]
    _, tr = nn.train(net, P, P ** 2)
    assert tr.lr[0] == 0.01 and len(tr.lr) == 6 and "lr" in tr.states
    ratios = tr.lr[1:] / tr.lr[:-1]
    assert all(np.isclose(r, 1.05) or np.isclose(r, 0.7) or r == 1 for r in ratios)


# -- traingdx: momentum with the adaptive rule -----------------------------------------------

def test_traingdx_first_steps_by_hand():
    # D = diag(1, 4), x0 = (1, 1), lr 0.1, mc 0.9; g0 = (2, 8), dx0 = -lr g0 = (-0.2, -0.8).
    algo = _start("traingdx", Quadratic(1, 4), [1, 1], lr=0.1, mc=0.9)
    # Step 1: dx = 0.9 dx0 - 0.1*0.1 g0 = (-0.2, -0.8); x1 = (0.8, 0.2), f 0.8 < 5: lr 0.105.
    algo.step(0)
    np.testing.assert_allclose(algo.x, [0.8, 0.2], rtol=1e-14)
    assert algo.lr == pytest.approx(0.105, rel=1e-14)
    # Step 2: g1 = (1.6, 1.6); dx = 0.9 (-0.2, -0.8) - 0.1*0.105 (1.6, 1.6)
    #   = (-0.1968, -0.7368); trial (0.6032, -0.5368), f = 0.36385 + 1.15261 = 1.51646
    #   > 1.04*0.8: rejected, lr 0.105*0.7 = 0.0735, dx reset to -0.0735 g1 = -0.1176 (1, 1).
    algo.step(1)
    np.testing.assert_allclose(algo.x, [0.8, 0.2], rtol=1e-14)
    assert algo.lr == pytest.approx(0.0735, rel=1e-14)
    # Step 3: dx = 0.9 (-0.1176) - 0.1*0.0735*1.6 = -0.1176 (a plain gradient step);
    #   x3 = (0.6824, 0.0824), f = 0.46567 + 0.02716 = 0.49283 < 0.8: lr 0.0735*1.05.
    algo.step(2)
    np.testing.assert_allclose(algo.x, [0.6824, 0.0824], rtol=1e-13)
    assert algo.perf == pytest.approx(0.6824 ** 2 + 4 * 0.0824 ** 2, rel=1e-13)
    assert algo.lr == pytest.approx(0.077175, rel=1e-14)


# -- trainrp ---------------------------------------------------------------------------------

def test_trainrp_first_steps_by_hand():
    # f = x1^2 + x2^2 + x3^2 from (0.05, 1, 0): g0 = (0.1, 2, 0).
    algo = _start("trainrp", Quadratic(1, 1, 1), [0.05, 1, 0])
    # Epoch 0 compares g0 with itself: steps 0.07*1.2 = 0.084 where g != 0; x3 (g = 0) stays.
    algo.step(0)
    np.testing.assert_allclose(algo.x, [0.05 - 0.084, 1 - 0.084, 0], rtol=1e-14)
    # g1 = (-0.068, 1.832, 0): x1 flipped sign -> step 0.084*0.5 = 0.042 (moving up);
    # x2 kept it -> 0.084*1.2 = 0.1008.
    algo.step(1)
    np.testing.assert_allclose(algo.x, [-0.034 + 0.042, 0.916 - 0.1008, 0], rtol=1e-13)


def test_trainrp_deltamax_caps_the_step():
    algo = _start("trainrp", Quadratic(1), [1], deltamax=0.09)
    algo.step(0)
    algo.step(1)  # 0.084*1.2 = 0.1008 capped at 0.09
    np.testing.assert_allclose(algo.x, [1 - 0.084 - 0.09], rtol=1e-14)


# -- trainscg --------------------------------------------------------------------------------

def test_trainscg_first_step_is_the_scaled_newton_step_along_minus_g():
    # f = x' D x, D = diag(1, 4), x0 = (1, 1): g0 = (2, 8), p = -g0, |p|^2 = 68.
    # s = (g(x + sigma_k p) - g)/sigma_k = 2 D p exactly on a quadratic, so
    # delta = p' 2D p + lambda |p|^2 = 520 + 5e-7*68, mu = -p'g = 68, alpha = mu/delta and
    # x1 = x0 + alpha p. Comparison 2 delta (f0 - f1)/mu^2 is ~1 >= 0.75: lambda /= 4.
    algo = _start("trainscg", Quadratic(1, 4), [1, 1])
    algo.step(0)
    alpha = 68 / (520 + 5e-7 * 68)
    np.testing.assert_allclose(algo.x, [1 - 2 * alpha, 1 - 8 * alpha], rtol=1e-9)
    assert algo._lambda == pytest.approx(5e-7 / 4, rel=1e-12)
