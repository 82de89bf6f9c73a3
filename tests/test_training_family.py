"""The training family beyond traingd/traingdm/trainlm: convergence of every registered
function on one smooth 5-10-1 problem, and hand-derived first steps of each update rule.

The update rules are checked on quadratic objectives ``f(x) = x' D x`` (gradient ``2 D x``),
where every step can be worked out by hand; the numbers are written out in the comments.
References: MATLAB_REFERENCE.md §6.4-§6.10 and the NNT 4 sources it cites.
"""

import re

import numpy as np
import pytest

import pyneuro as nn
from pyneuro.training import TRAINING_FUNCTIONS
from pyneuro.training.backprop import Objective

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
        # trainbr runs to its epoch limit (goal 0), so it gets 100 of the 500 allowed.
        net0.trainParam.epochs = 100 if fcn == "trainbr" else 500
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


# -- trainbr ---------------------------------------------------------------------------------

def _fd_jacobian(net, P, T, x, h=1e-6):
    """de/dx by central differences (independent of the library's Jacobian)."""
    cols = []
    for k in range(x.size):
        up, down = x.copy(), x.copy()
        up[k] += h
        down[k] -= h
        e_up = (T - nn.sim(nn.setwb(net, up), P)).ravel(order="F")
        e_down = (T - nn.sim(nn.setwb(net, down), P)).ravel(order="F")
        cols.append((e_up - e_down) / (2 * h))
    return np.column_stack(cols)


def test_trainbr_first_step_gamk_and_regularised_performance():
    P = np.linspace(-1, 1, 21)[None, :]
    T = np.sin(2 * P)
    net = nn.newff(nn.minmax(P), [2, 1], ["tansig", "purelin"], "trainbr", rng=0)
    net.trainParam.show = None
    net.trainParam.epochs = 1
    x0 = nn.getwb(net)
    n, N = x0.size, T.size  # 7 parameters, 21 errors
    e0 = (T - nn.sim(net, P)).ravel()
    sse0, ssx0 = e0 @ e0, x0 @ x0
    # Start (MATLAB_REFERENCE §6.7): gamma = n, beta = (N - gamma)/(2 SSE), alpha = gamma/(2 SSW),
    # F = beta SSE + alpha SSW.
    beta, alpha = (N - n) / (2 * sse0), n / (2 * ssx0)
    f0 = beta * sse0 + alpha * ssx0
    p = net.trainParam.to_dict()
    algo = TRAINING_FUNCTIONS["trainbr"].algorithm(Objective(net, P, T), x0.copy(), p)
    assert algo.regularised_perf == pytest.approx(f0, rel=1e-12)
    assert algo.gamk == n and algo.ssX == pytest.approx(ssx0, rel=1e-14)
    # One LM step on F with mu = 0.005 (raised x10 until F falls), then
    # gamma = n - alpha trace((beta J'J + alpha I)^-1), with J'J from before the step.
    J = _fd_jacobian(net, P, T, x0)
    jj, je = J.T @ J, J.T @ e0
    mu = 0.005
    while True:
        x1 = x0 - np.linalg.solve(beta * jj + (mu + alpha) * np.eye(n), beta * je + alpha * x0)
        e1 = (T - nn.sim(nn.setwb(net, x1), P)).ravel()
        if beta * (e1 @ e1) + alpha * (x1 @ x1) < f0:
            break
        mu *= 10
    gamk = n - alpha * np.trace(np.linalg.inv(beta * jj + alpha * np.eye(n)))
    sse1, ssx1 = e1 @ e1, x1 @ x1
    f1 = (N - gamk) / (2 * sse1) * sse1 + gamk / (2 * ssx1) * ssx1
    _, tr = nn.train(net, P, T)
    assert tr.states[-3:] == ("mu", "gamk", "ssX")
    np.testing.assert_allclose(tr.gamk, [n, gamk], rtol=1e-6)
    np.testing.assert_allclose(tr.ssX, [ssx0, ssx1], rtol=1e-6)
    np.testing.assert_allclose(tr.perf, [sse0, sse1], rtol=1e-6)  # tr.perf holds the SSE
    np.testing.assert_allclose(tr.mu, [0.005, mu * 0.1], rtol=1e-12)
    algo.step(0)
    assert algo.regularised_perf == pytest.approx(f1, rel=1e-6)


def test_trainbr_progress_line_shows_sse_ssw_and_parameters():
    P = np.linspace(-1, 1, 21)[None, :]
    net = nn.newff(nn.minmax(P), [2, 1], ["tansig", "purelin"], "trainbr", rng=0)
    net.trainParam.epochs = 1
    lines = []
    nn.train(net, P, np.sin(2 * P), display=lines.append)
    assert re.fullmatch(r"TRAINBR, Epoch 0/1, SSE \S+/0, Gradient \S+/1e-07, SSW \S+, "
                        r"#Par 7\.00e\+00/7", lines[0]), lines[0]
