"""train with traingd / traingdm: a hand-worked example (as sklearn's ``test_fit``), the stop
conditions and their MATLAB messages, progress lines, the training record, value semantics,
the best network, frozen weights, trainParam checks and data checks.

References: SPEC.md §4-§5, MATLAB_REFERENCE.md §5.2-§5.5 and §6.2-§6.3.
"""

import math
import re

import numpy as np
import pytest

import pyneuro as nn
from pyneuro.errors import (ConvergenceWarning, DataFormatError, NotAvailableError, ParameterError, ShapeError,
                            UnknownFunctionError)
from pyneuro.training import TRAINING_FUNCTIONS

AVAILABLE = sorted(n for n, f in TRAINING_FUNCTIONS.items() if f.available)


# -- a hand-worked 2-2-1 example -------------------------------------------------------------
#
# Weights (set by hand):  IW = [0.5 -0.25; 0.75 0.5],  b1 = [0.1; -0.2],
#                         LW = [1 -0.5],               b2 = 0.25.
# Data: P = [1 -1 0.5; 0.5 0 -1],  T = [1 0 -0.5]   (N = 3 error elements).
#
# Forward pass:
#   N1 = IW P + b1 = [0.475 -0.4 0.6; 0.8 -0.95 -0.325]           (exact in decimals)
#   A1 = tansig(N1) = [0.4422303560 -0.3799489623  0.5370495670;
#                      0.6640367703 -0.7397830513 -0.3140209253]
#   Y  = LW A1 + b2 = [0.3602119709 0.2399425634 0.9440600297]
#   E  = T - Y      = [0.6397880291 -0.2399425634 -1.4440600297]
#   mse = sum(E^2)/3 = 0.8507368417
#
# Gradient of mse (true derivative; MATLAB's gX is its negative), MATLAB_REFERENCE §7:
#   gW2 = -(2/N) E A1'             = [0.2676214652 -0.7038755233]
#   gb2 = -(2/N) sum(E)            = 0.6961430426
#   D1  = (LW' E) .* (1 - A1.^2)
#   gW1 = -(2/N) D1 P'             = [-0.1374598832 -0.8565960578; -0.0615091350 0.4935003039]
#   gb1 = -(2/N) sum(D1, 2)        = [0.4787993367; -0.3508709173]
#
# One traingd step with lr = 0.1 (x <- x - lr g):
#   IW = [0.5137459883 -0.1643403942; 0.7561509135 0.4506499696]
#   b1 = [0.0521200663; -0.1649129083],  LW = [0.9732378535 -0.4296124477],  b2 = 0.1803856957
#   and the mse there is 0.6398604046.

IW0 = np.array([[0.5, -0.25], [0.75, 0.5]])
B10 = np.array([[0.1], [-0.2]])
LW0 = np.array([[1.0, -0.5]])
B20 = np.array([[0.25]])
P_HAND = np.array([[1.0, -1.0, 0.5], [0.5, 0.0, -1.0]])
T_HAND = np.array([[1.0, 0.0, -0.5]])


def _hand_net(train_fcn="traingd"):
    net = nn.newff([[-1, 1], [-1, 1]], [2, 1], ["tansig", "purelin"], train_fcn, rng=0)
    net.IW[0, 0] = IW0
    net.b[0] = B10
    net.LW[1, 0] = LW0
    net.b[1] = B20
    net.trainParam.show = None
    return net


def _hand_forward(IW, b1, LW, b2):
    A1 = np.tanh(IW @ P_HAND + b1)
    E = T_HAND - (LW @ A1 + b2)
    return A1, E


def _hand_gradient(IW, b1, LW, b2):
    """The mse gradient by the formulas above, packed as getwb (b1, IW, b2, LW)."""
    A1, E = _hand_forward(IW, b1, LW, b2)
    N = E.size
    gW2 = -(2.0 / N) * E @ A1.T
    gb2 = -(2.0 / N) * E.sum(axis=1, keepdims=True)
    D1 = (LW.T @ E) * (1.0 - A1 ** 2)
    gW1 = -(2.0 / N) * D1 @ P_HAND.T
    gb1 = -(2.0 / N) * D1.sum(axis=1, keepdims=True)
    return gW1, gb1, gW2, gb2


def _pack(IW, b1, LW, b2):
    return np.concatenate([b1.ravel(), IW.ravel(order="F"), b2.ravel(), LW.ravel(order="F")])


def test_hand_example_forward_and_perf():
    net = _hand_net()
    A1, E = _hand_forward(IW0, B10, LW0, B20)
    np.testing.assert_allclose(A1, [[0.4422303560, -0.3799489623, 0.5370495670],
                                    [0.6640367703, -0.7397830513, -0.3140209253]], atol=1e-10)
    np.testing.assert_allclose(nn.sim(net, P_HAND), [[0.3602119709, 0.2399425634,
                                                      0.9440600297]], atol=1e-10)
    np.testing.assert_allclose(nn.sim(net, P_HAND), T_HAND - E, rtol=1e-14)
    assert nn.mse(T_HAND - nn.sim(net, P_HAND)) == pytest.approx(0.8507368417, abs=1e-10)


def test_hand_example_getwb_order():
    net = _hand_net()
    # b1 (2), IW column by column (4), b2 (1), LW (2).
    np.testing.assert_array_equal(
        nn.getwb(net), [0.1, -0.2, 0.5, 0.75, -0.25, 0.5, 0.25, 1.0, -0.5])


def test_hand_example_gradient_values():
    from pyneuro.training.backprop import Objective

    gW1, gb1, gW2, gb2 = _hand_gradient(IW0, B10, LW0, B20)
    np.testing.assert_allclose(gW2, [[0.2676214652, -0.7038755233]], atol=1e-10)
    np.testing.assert_allclose(gb2, [[0.6961430426]], atol=1e-10)
    np.testing.assert_allclose(gW1, [[-0.1374598832, -0.8565960578],
                                     [-0.0615091350, 0.4935003039]], atol=1e-10)
    np.testing.assert_allclose(gb1, [[0.4787993367], [-0.3508709173]], atol=1e-10)
    obj = Objective(_hand_net(), P_HAND, T_HAND)
    perf, g = obj.perf_grad(obj.x0())
    assert perf == pytest.approx(0.8507368417272437, rel=1e-14)
    np.testing.assert_allclose(g, _pack(gW1, gb1, gW2, gb2), rtol=1e-12, atol=1e-14)


def test_hand_example_one_traingd_step():
    net = _hand_net("traingd")
    net.trainParam.epochs = 1
    net.trainParam.lr = 0.1
    net2, tr = nn.train(net, P_HAND, T_HAND)
    gW1, gb1, gW2, gb2 = _hand_gradient(IW0, B10, LW0, B20)
    lr = 0.1
    IW1, b11, LW1, b21 = IW0 - lr * gW1, B10 - lr * gb1, LW0 - lr * gW2, B20 - lr * gb2
    np.testing.assert_allclose(IW1, [[0.5137459883, -0.1643403942],
                                     [0.7561509135, 0.4506499696]], atol=1e-10)
    assert tr.num_epochs == 1 and tr.best_epoch == 1  # perf fell, so the last net is best
    np.testing.assert_allclose(net2.IW[0, 0], IW1, rtol=0, atol=1e-12)
    np.testing.assert_allclose(net2.b[0], b11, rtol=0, atol=1e-12)
    np.testing.assert_allclose(net2.LW[1, 0], LW1, rtol=0, atol=1e-12)
    np.testing.assert_allclose(net2.b[1], b21, rtol=0, atol=1e-12)
    np.testing.assert_allclose(nn.getwb(net2), _pack(IW1, b11, LW1, b21), rtol=0, atol=1e-12)
    _, E1 = _hand_forward(IW1, b11, LW1, b21)
    np.testing.assert_allclose(tr.perf, [0.8507368417272437, np.mean(E1 ** 2)], rtol=1e-12)
    assert tr.perf[1] == pytest.approx(0.6398604046, abs=1e-10)
    g0 = _pack(gW1, gb1, gW2, gb2)
    assert tr.gradient[0] == pytest.approx(np.linalg.norm(g0), rel=1e-12)
    assert tr.gradient[1] == pytest.approx(
        np.linalg.norm(_pack(*_hand_gradient(IW1, b11, LW1, b21))), rel=1e-12)


def test_hand_example_traingdm_first_step_is_lr_g():
    net = _hand_net("traingdm")
    net.trainParam.epochs = 1
    net.trainParam.lr = 0.1
    net2, tr = nn.train(net, P_HAND, T_HAND)
    x0 = nn.getwb(net)
    g0 = _pack(*_hand_gradient(IW0, B10, LW0, B20))
    assert tr.best_epoch == 1
    np.testing.assert_allclose(nn.getwb(net2), x0 - 0.1 * g0, rtol=0, atol=1e-12)


def test_hand_example_traingdm_two_epochs_with_momentum():
    # dX1 = -lr g0;  X1 = X0 + dX1;  dX2 = mc dX1 - (1 - mc) lr g1;  X2 = X1 + dX2.
    net = _hand_net("traingdm")
    net.trainParam.epochs = 2
    net.trainParam.lr = 0.1
    net.trainParam.mc = 0.8
    net2, tr = nn.train(net, P_HAND, T_HAND)
    lr, mc = 0.1, 0.8
    x0 = nn.getwb(net)
    g0 = _pack(*_hand_gradient(IW0, B10, LW0, B20))
    dx1 = -lr * g0
    x1 = x0 + dx1
    W1 = (x1[2:6].reshape((2, 2), order="F"), x1[0:2].reshape(2, 1),
          x1[7:9].reshape(1, 2), x1[6:7].reshape(1, 1))
    g1 = _pack(*_hand_gradient(*W1))
    dx2 = mc * dx1 - (1 - mc) * lr * g1
    x2 = x1 + dx2
    W2 = (x2[2:6].reshape((2, 2), order="F"), x2[0:2].reshape(2, 1),
          x2[7:9].reshape(1, 2), x2[6:7].reshape(1, 1))
    perfs = [np.mean(_hand_forward(*W)[1] ** 2) for W in ((IW0, B10, LW0, B20), W1, W2)]
    np.testing.assert_allclose(tr.perf, perfs, rtol=1e-12)
    assert tr.perf[2] < tr.perf[1] < tr.perf[0]
    assert tr.best_epoch == 2
    np.testing.assert_allclose(nn.getwb(net2), x2, rtol=0, atol=1e-12)


# -- a regression problem for the rest -------------------------------------------------------

P_SIN = np.linspace(-1, 1, 11).reshape(1, -1)
T_SIN = np.sin(2 * P_SIN)


def _sin_net(train_fcn="traingdm", **params):
    net = nn.newff(nn.minmax(P_SIN), [4, 1], ["tansig", "purelin"], train_fcn, rng=0)
    net.trainParam.show = None
    for k, v in params.items():
        if k in net.trainParam or k not in ("lr", "mc"):  # trainlm has no lr or mc
            setattr(net.trainParam, k, v)
    return net


def _check_record(tr):
    n = tr.num_epochs + 1
    for name in ("epoch", "time", "perf", "vperf", "tperf", "gradient", "val_fail"):
        assert len(getattr(tr, name)) == n, name
    np.testing.assert_array_equal(tr.epoch, np.arange(n))
    assert np.all(np.diff(tr.time) >= 0)


# -- stop conditions (first match wins: goal, epochs, time, min_grad, ...) ----------------------

@pytest.mark.parametrize("fcn", AVAILABLE)
def test_stop_goal_met(fcn):
    net, tr = nn.train(_sin_net(fcn, goal=1e3), P_SIN, T_SIN)
    assert tr.stop == "Performance goal met."
    assert tr.num_epochs == 0
    _check_record(tr)


def test_stop_goal_met_after_some_epochs():
    net0 = _sin_net("traingd", lr=0.2, epochs=100)
    _, full = nn.train(net0, P_SIN, T_SIN)
    goal = full.perf[5] * 1.0000001  # first reached at epoch 5 (perf falls monotonically)
    assert np.all(np.diff(full.perf[:7]) < 0)
    net0.trainParam.goal = goal
    net, tr = nn.train(net0, P_SIN, T_SIN)
    assert tr.stop == "Performance goal met."
    assert tr.num_epochs == 5
    assert tr.perf[-1] <= goal < tr.perf[-2]


@pytest.mark.parametrize("fcn", AVAILABLE)
def test_stop_maximum_epoch(fcn):
    net, tr = nn.train(_sin_net(fcn, epochs=7), P_SIN, T_SIN)
    assert tr.stop == "Maximum epoch reached."
    assert tr.num_epochs == 7
    assert len(tr.perf) == 8
    _check_record(tr)


def test_stop_zero_epochs_makes_no_update():
    net0 = _sin_net(epochs=0)
    net, tr = nn.train(net0, P_SIN, T_SIN)
    assert tr.stop == "Maximum epoch reached."
    assert tr.num_epochs == 0
    np.testing.assert_array_equal(nn.getwb(net), nn.getwb(net0))


@pytest.mark.parametrize("fcn", AVAILABLE)
def test_stop_minimum_gradient(fcn):
    net, tr = nn.train(_sin_net(fcn, min_grad=1e3), P_SIN, T_SIN)
    assert tr.stop == "Minimum gradient reached."
    assert tr.num_epochs == 0
    assert tr.gradient[0] <= 1e3


def test_stop_minimum_gradient_is_inclusive():
    # NNT 6+: gradient <= min_grad.
    net0 = _sin_net("traingd")
    _, tr0 = nn.train(_sin_net("traingd", epochs=0), P_SIN, T_SIN)
    net0.trainParam.min_grad = float(tr0.gradient[0])
    _, tr = nn.train(net0, P_SIN, T_SIN)
    assert tr.stop == "Minimum gradient reached." and tr.num_epochs == 0


def test_stop_goal_is_inclusive():
    _, tr0 = nn.train(_sin_net("traingd", epochs=0), P_SIN, T_SIN)
    _, tr = nn.train(_sin_net("traingd", goal=float(tr0.perf[0])), P_SIN, T_SIN)
    assert tr.stop == "Performance goal met." and tr.num_epochs == 0


@pytest.mark.parametrize("fcn", AVAILABLE)
def test_stop_time(fcn):
    net, tr = nn.train(_sin_net(fcn, time=0, epochs=10 ** 6), P_SIN, T_SIN)
    assert tr.stop == "Maximum time elapsed."
    assert tr.num_epochs == 0
    _check_record(tr)


def test_stop_order_goal_before_epochs_before_time_before_min_grad():
    cases = [
        (dict(goal=1e3, epochs=0, time=0, min_grad=1e3), "Performance goal met."),
        (dict(epochs=0, time=0, min_grad=1e3), "Maximum epoch reached."),
        (dict(time=0, min_grad=1e3), "Maximum time elapsed."),
        (dict(min_grad=1e3), "Minimum gradient reached."),
    ]
    for params, message in cases:
        _, tr = nn.train(_sin_net("traingd", **params), P_SIN, T_SIN)
        assert tr.stop == message, params
        assert tr.num_epochs == 0


@pytest.mark.parametrize("fcn", AVAILABLE)
def test_stop_user_callback(fcn):
    seen = []

    def callback(info):
        seen.append(info)
        return info.epoch == 3

    net, tr = nn.train(_sin_net(fcn, epochs=100), P_SIN, T_SIN, callback=callback)
    assert tr.stop == "User stop."
    assert tr.num_epochs == 3
    assert [i.epoch for i in seen] == [0, 1, 2, 3]
    np.testing.assert_array_equal([i.perf for i in seen], tr.perf)
    np.testing.assert_array_equal([i.gradient for i in seen], tr.gradient)
    assert all(i.stop is None for i in seen)
    _check_record(tr)


def test_callback_sees_the_stop_reason_at_the_last_epoch():
    seen = []
    nn.train(_sin_net(epochs=2), P_SIN, T_SIN, callback=lambda i: seen.append(i.stop))
    assert seen == [None, None, "Maximum epoch reached."]


def _worsening_validation():
    # Validation targets are the negated training targets: fitting T makes -T worse.
    return {"P": P_SIN, "T": -T_SIN}


@pytest.mark.parametrize("fcn", AVAILABLE)
def test_stop_validation(fcn):
    net0 = _sin_net(fcn, lr=0.05, epochs=300)
    if fcn == "trainbr":  # MATLAB runs trainbr without validation stops (max_fail = 0)
        net0.trainParam.max_fail = 6
    net, tr = nn.train(net0, P_SIN, T_SIN, VV=_worsening_validation())
    assert tr.stop == "Validation stop."
    max_fail = net0.trainParam.max_fail
    assert max_fail == 6
    # Stops as soon as max_fail epochs in a row failed to improve the best vperf (>=, NNT 6+).
    assert tr.val_fail[-1] == max_fail
    assert tr.num_epochs == tr.best_epoch + max_fail
    np.testing.assert_array_equal(tr.val_fail[tr.best_epoch:],
                                  np.arange(max_fail + 1))
    assert tr.best_vperf == np.min(tr.vperf) == tr.vperf[tr.best_epoch]
    # The returned net is the best-validation one.
    perf = nn.sse if fcn == "trainbr" else nn.mse  # trainbr's performance is the SSE
    assert perf(T_SIN + nn.sim(net, P_SIN)) == pytest.approx(tr.best_vperf, rel=1e-12)
    assert perf(T_SIN - nn.sim(net, P_SIN)) == pytest.approx(tr.perf[tr.best_epoch], rel=1e-12)
    assert np.all(np.isfinite(tr.vperf)) and np.all(np.isnan(tr.tperf))
    _check_record(tr)


def test_validation_max_fail_parameter():
    net0 = _sin_net("traingdm", lr=0.05, epochs=300, max_fail=2)
    _, tr = nn.train(net0, P_SIN, T_SIN, VV=(P_SIN, -T_SIN))  # a (P, T) pair works too
    assert tr.stop == "Validation stop."
    assert tr.num_epochs == tr.best_epoch + 2


def test_test_data_recorded():
    _, tr = nn.train(_sin_net(epochs=4), P_SIN, T_SIN, TV={"P": P_SIN, "T": 2 * T_SIN})
    assert np.all(np.isfinite(tr.tperf))
    assert np.all(np.isnan(tr.vperf))


def test_stop_nonfinite_performance_warns():
    net0 = _sin_net("traingd", lr=1e6, epochs=100)
    with pytest.warns(ConvergenceWarning):
        net, tr = nn.train(net0, P_SIN, T_SIN)
    assert tr.stop == "Performance is not finite."
    assert not math.isfinite(tr.perf[-1])
    assert tr.num_epochs < 100
    # The returned net is the best finite one (here the initial net).
    assert tr.best_epoch == int(np.nanargmin(tr.perf))
    assert np.all(np.isfinite(nn.getwb(net)))
    _check_record(tr)


# -- progress lines --------------------------------------------------------------------------

LINE = re.compile(r"^TRAINGDM, Epoch (\d+)/(\d+), MSE (\S+)/(\S+), Gradient (\S+)/(\S+)$")


def test_progress_lines_format_and_schedule():
    lines = []
    net0 = _sin_net("traingdm", epochs=5)
    net0.trainParam.show = 2
    net, tr = nn.train(net0, P_SIN, T_SIN, display=lines.append)
    shown = [0, 2, 4, 5]  # every show epochs, and at the stop
    assert len(lines) == len(shown) + 2
    for line, epoch in zip(lines, shown):
        assert LINE.match(line), line
        assert line == "TRAINGDM, Epoch %g/%g, MSE %g/%g, Gradient %g/%g" % (
            epoch, 5, tr.perf[epoch], 0, tr.gradient[epoch], 1e-05)
    assert lines[-2] == "TRAINGDM, Maximum epoch reached."
    assert lines[-1] == ""


def test_progress_line_example_from_spec():
    net0 = _sin_net("traingdm", goal=1e3)
    net0.trainParam.show = 25
    lines = []
    _, tr = nn.train(net0, P_SIN, T_SIN, display=lines.append)
    # One line for epoch 0 (also the stop), the message, then a blank line.
    assert lines == ["TRAINGDM, Epoch 0/1000, MSE %g/1000, Gradient %g/1e-05"
                     % (tr.perf[0], tr.gradient[0]), "TRAINGDM, Performance goal met.", ""]


def test_progress_line_traingd_and_sse_name():
    net0 = _sin_net("traingd", epochs=1)
    net0.performFcn = "sse"
    net0.trainParam.show = 25
    lines = []
    _, tr = nn.train(net0, P_SIN, T_SIN, display=lines.append)
    assert lines[0] == "TRAINGD, Epoch 0/1, SSE %g/0, Gradient %g/1e-05" % (tr.perf[0],
                                                                            tr.gradient[0])
    assert lines[1].startswith("TRAINGD, Epoch 1/1, SSE ")
    assert lines[2:] == ["TRAINGD, Maximum epoch reached.", ""]


@pytest.mark.parametrize("show", [None, float("nan")])
def test_show_none_or_nan_prints_nothing(show):
    lines = []
    net0 = _sin_net(epochs=3)
    net0.trainParam.show = show
    assert net0.trainParam.show is None
    nn.train(net0, P_SIN, T_SIN, display=lines.append)
    assert lines == []


def test_display_none_prints_nothing(capsys):
    net0 = _sin_net(epochs=3)
    net0.trainParam.show = 1
    nn.train(net0, P_SIN, T_SIN, display=None)
    assert capsys.readouterr().out == ""


def test_default_display_prints(capsys):
    net0 = _sin_net(epochs=1)
    net0.trainParam.show = 1
    nn.train(net0, P_SIN, T_SIN)
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("TRAINGDM, Epoch 0/1, MSE ")
    assert out[-2:] == ["TRAINGDM, Maximum epoch reached.", ""]


# -- value semantics, best network, frozen weights -------------------------------------------

@pytest.mark.parametrize("fcn", AVAILABLE)
def test_train_does_not_modify_the_net(fcn):
    net0 = _sin_net(fcn, epochs=20, lr=0.1)
    net0.biases[1].learn = False
    x_before = nn.getwb(net0)
    param_before = net0.trainParam.to_dict()
    P, T = P_SIN.copy(), T_SIN.copy()
    net, tr = nn.train(net0, P, T)
    assert net is not net0
    np.testing.assert_array_equal(nn.getwb(net0), x_before)
    assert net0.trainParam.to_dict() == param_before
    assert net0.biases[1].learn is False
    np.testing.assert_array_equal(P, P_SIN)
    np.testing.assert_array_equal(T, T_SIN)
    assert not np.array_equal(nn.getwb(net), x_before)
    # The returned net keeps structure and parameters.
    assert net.trainFcn == fcn and net.trainParam.to_dict() == param_before
    assert net.biases[1].learn is False
    assert tr.trainFcn == fcn and tr.trainParam == param_before


def test_returned_net_is_the_best_seen():
    # traingd with lr = 0.4 on this problem: perf falls at epoch 1, then rises.
    net0 = _sin_net("traingd", lr=0.4, epochs=6)
    net, tr = nn.train(net0, P_SIN, T_SIN)
    assert tr.perf[1] < tr.perf[0] and tr.perf[-1] > tr.perf[1]  # the scenario
    assert tr.best_epoch == int(np.argmin(tr.perf)) == 1
    assert tr.best_perf == np.min(tr.perf)
    assert nn.mse(T_SIN - nn.sim(net, P_SIN)) == pytest.approx(np.min(tr.perf), rel=1e-12)
    # ... which is exactly the net after one traingd step.
    one, _ = nn.train(_sin_net("traingd", lr=0.4, epochs=1), P_SIN, T_SIN)
    np.testing.assert_array_equal(nn.getwb(net), nn.getwb(one))


def test_best_epoch_zero_returns_initial_net():
    net0 = _sin_net("traingd", lr=3.0, epochs=4)  # diverges from the first step
    net, tr = nn.train(net0, P_SIN, T_SIN)
    assert tr.best_epoch == 0
    np.testing.assert_array_equal(nn.getwb(net), nn.getwb(net0))


@pytest.mark.parametrize("fcn", AVAILABLE)
def test_frozen_weights_do_not_change(fcn):
    net0 = _sin_net(fcn, epochs=30, lr=0.1)
    net0.biases[0].learn = False
    net0.layerWeights[1, 0].learn = False
    net, tr = nn.train(net0, P_SIN, T_SIN)
    np.testing.assert_array_equal(net.b[0], net0.b[0])
    np.testing.assert_array_equal(net.LW[1, 0], net0.LW[1, 0])
    assert not np.array_equal(net.IW[0, 0], net0.IW[0, 0])
    assert not np.array_equal(net.b[1], net0.b[1])
    assert tr.perf[-1] < tr.perf[0]


def test_frozen_input_weights_do_not_change():
    net0 = _sin_net("traingd", epochs=10, lr=0.1)
    net0.inputWeights[0, 0].learn = False
    net, _ = nn.train(net0, P_SIN, T_SIN)
    np.testing.assert_array_equal(net.IW[0, 0], net0.IW[0, 0])
    assert not np.array_equal(net.LW[1, 0], net0.LW[1, 0])


def test_training_reduces_error_on_doc_example():
    P = np.arange(11.0).reshape(1, -1)
    T = np.array([[0, 1, 2, 3, 4, 3, 2, 1, 2, 3, 4]], dtype=float)
    pn, minp, maxp, tn, mint, maxt = nn.premnmx(P, T)
    net0 = nn.newff(nn.minmax(pn), [5, 1], ["tansig", "purelin"], "traingdm", rng=0)
    net0.trainParam.epochs = 300
    net0.trainParam.lr = 0.05
    net0.trainParam.show = None
    net, tr = nn.train(net0, pn, tn)
    assert tr.perf[-1] < 0.5 * tr.perf[0]
    assert nn.mse(tn - nn.sim(net, pn)) == pytest.approx(tr.best_perf, rel=1e-12)


# -- trainParam ------------------------------------------------------------------------------

def test_setting_trainFcn_resets_trainParam():
    net = _sin_net("traingdm")
    net.trainParam.lr = 0.5
    net.trainParam.epochs = 7
    net.trainFcn = "traingd"
    assert net.trainParam.lr == 0.01
    assert net.trainParam.epochs == 1000
    assert "mc" not in net.trainParam
    net.trainFcn = "traingdm"
    assert net.trainParam.mc == 0.9


@pytest.mark.parametrize("fcn", sorted(TRAINING_FUNCTIONS))
def test_default_trainParam_common_fields(fcn):
    # Current MathWorks defaults (MATLAB_REFERENCE §6.1).
    net = _sin_net("traingd")
    net.trainFcn = fcn
    p = net.trainParam
    assert p.epochs == 1000 and p.goal == 0 and p.show == 25 and p.time == math.inf
    assert p.max_fail == (0 if fcn == "trainbr" else 6)
    expected_min_grad = {"traingd": 1e-5, "traingdm": 1e-5, "traingda": 1e-5,
                         "traingdx": 1e-5, "trainrp": 1e-5, "trainlm": 1e-7,
                         "trainbr": 1e-7}
    if fcn in expected_min_grad:
        assert p.min_grad == expected_min_grad[fcn]


def test_traingd_traingdm_defaults():
    net = _sin_net("traingdm")
    assert net.trainParam.lr == 0.01 and net.trainParam.mc == 0.9
    net.trainFcn = "traingd"
    assert net.trainParam.lr == 0.01


def test_unknown_trainParam_field_lists_valid_fields():
    net = _sin_net("traingdm")
    with pytest.raises(ParameterError) as info:
        net.trainParam.epoch = 5000  # typo of 'epochs'
    msg = str(info.value)
    for field in ("epochs", "goal", "lr", "mc", "min_grad", "show"):
        assert field in msg
    with pytest.raises(ParameterError):
        net.trainParam["bogus"] = 1


@pytest.mark.parametrize("field,value", [("lr", -1), ("lr", 0), ("epochs", 2.5),
                                         ("epochs", -1), ("goal", -0.1), ("mc", 1.5),
                                         ("show", 0), ("show", 2.5), ("lr", "fast"),
                                         ("min_grad", float("nan")), ("epochs", True)])
def test_bad_trainParam_values_raise(field, value):
    net = _sin_net("traingdm")
    before = net.trainParam.to_dict()
    with pytest.raises(ParameterError):
        setattr(net.trainParam, field, value)
    assert net.trainParam.to_dict() == before


def test_unknown_trainFcn_lists_available():
    net = _sin_net()
    with pytest.raises(UnknownFunctionError) as info:
        net.trainFcn = "trainbogus"
    assert "traingd" in str(info.value)
    assert net.trainFcn == "traingdm"


def test_newff_default_trainlm_trains():
    net = nn.newff(nn.minmax(P_SIN), [4, 1], ["tansig", "purelin"], rng=0)
    assert net.trainFcn == "trainlm"
    net.trainParam.show = None
    net.trainParam.epochs = 5
    _, tr = nn.train(net, P_SIN, T_SIN)
    assert tr.num_epochs == 5 and tr.perf[-1] < tr.perf[0]


def test_matlab_name_pyneuro_lacks_is_a_clear_error():
    # MATLAB's trainbu (batch unsupervised weight/bias training) has no pyneuro algorithm.
    with pytest.raises(UnknownFunctionError) as info:
        nn.newff(nn.minmax(P_SIN), [4, 1], ["tansig", "purelin"], "trainbu", rng=0)
    msg = str(info.value)
    assert "'trainbu'" in msg
    for name in ("traingd", "traingdm", "trainlm", "trainrp", "trainscg"):
        assert name in msg


# -- data checks -----------------------------------------------------------------------------

def test_transposed_P_hint():
    net = nn.newff([[0, 1], [0, 1]], [3, 1], ["tansig", "purelin"], "traingd", rng=0)
    P = np.random.RandomState(0).uniform(0, 1, (6, 2))  # 6 samples as rows
    T = np.zeros((1, 6))
    with pytest.raises(ShapeError, match="transposed"):
        nn.train(net, P, T)


def test_transposed_T_hint():
    net = nn.newff([[0, 1]], [3, 2], ["tansig", "purelin"], "traingd", rng=0)
    P = np.zeros((1, 5))
    with pytest.raises(ShapeError, match="transposed"):
        nn.train(net, P, np.zeros((5, 2)))


def test_sample_count_mismatch():
    net = _sin_net()
    with pytest.raises(ShapeError):
        nn.train(net, P_SIN, T_SIN[:, :-1])


@pytest.mark.parametrize("where", ["P", "T", "VV"])
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_nonfinite_data_raises(where, bad):
    net = _sin_net()
    P, T = P_SIN.copy(), T_SIN.copy()
    VV = None
    if where == "P":
        P[0, 3] = bad
    elif where == "T":
        T[0, 4] = bad
    else:
        Pv = P_SIN.copy()
        Pv[0, 2] = bad
        VV = {"P": Pv, "T": T_SIN}
    # Positions count from 1, as everywhere in pyneuro's messages.
    row, col = {"P": (1, 4), "T": (1, 5), "VV": (1, 3)}[where]
    with pytest.raises(DataFormatError, match=f"row {row} .*column {col} "):
        nn.train(net, P, T, VV=VV)


def test_bad_validation_argument():
    with pytest.raises(ParameterError):
        nn.train(_sin_net(), P_SIN, T_SIN, VV="data")


def test_delay_states_rejected():
    with pytest.raises(NotAvailableError):
        nn.train(_sin_net(), P_SIN, T_SIN, Pi=np.zeros((1, 1)))


def test_1d_data_for_single_input_and_output():
    net0 = _sin_net(epochs=3)
    net_a, tr_a = nn.train(net0, P_SIN.ravel(), T_SIN.ravel())
    net_b, tr_b = nn.train(net0, P_SIN, T_SIN)
    np.testing.assert_array_equal(tr_a.perf, tr_b.perf)
    np.testing.assert_array_equal(nn.getwb(net_a), nn.getwb(net_b))


# -- Ctrl-C ----------------------------------------------------------------------------------

def _interrupt_at(epoch):
    def callback(info):
        if info.epoch == epoch:
            raise KeyboardInterrupt
    return callback


def test_interrupt_stop_returns_user_stop():
    net0 = _sin_net(epochs=100, lr=0.05)
    lines = []
    net0.trainParam.show = 25
    net, tr = nn.train(net0, P_SIN, T_SIN, callback=_interrupt_at(5), interrupt="stop",
                       display=lines.append)
    assert tr.stop == "User stop."
    assert tr.num_epochs == 5
    _check_record(tr)
    assert tr.best_epoch == int(np.argmin(tr.perf))
    assert nn.mse(T_SIN - nn.sim(net, P_SIN)) == pytest.approx(np.min(tr.perf), rel=1e-12)
    assert lines[-2:] == ["TRAINGDM, User stop.", ""]


def test_interrupt_raise_propagates():
    with pytest.raises(KeyboardInterrupt):
        nn.train(_sin_net(epochs=100), P_SIN, T_SIN, callback=_interrupt_at(5))


def test_interrupt_bad_value():
    with pytest.raises(ParameterError):
        nn.train(_sin_net(), P_SIN, T_SIN, interrupt="ignore")


# -- the training record ---------------------------------------------------------------------

def test_record_fields():
    net0 = _sin_net("traingdm", epochs=4)
    _, tr = nn.train(net0, P_SIN, T_SIN)
    assert tr.trainFcn == "traingdm"
    assert tr.performFcn == "mse"
    assert tr.goal == 0
    np.testing.assert_array_equal(tr.trainInd, np.arange(11))
    assert tr.valInd.size == 0 and tr.testInd.size == 0
    assert tr.best_perf == tr.perf[tr.best_epoch]
    assert math.isnan(tr.best_vperf)
    assert tr.val_fail.dtype.kind == "i"
    for name in tr.states:
        assert len(getattr(tr, name)) == tr.num_epochs + 1


def test_interrupt_stop_before_the_first_epoch_completes(monkeypatch):
    # Ctrl-C while the validation performance of epoch 0 is computed (a large validation
    # set makes this window real): with interrupt='stop' the initial net must come back.
    from pyneuro.training import backprop

    real_perf = backprop.Objective.perf

    def perf(self, x):
        if self.P.shape[1] == 3:  # the validation objective
            raise KeyboardInterrupt
        return real_perf(self, x)

    monkeypatch.setattr(backprop.Objective, "perf", perf)
    net0 = _sin_net(epochs=10)
    VV = {"P": P_SIN[:, :3], "T": T_SIN[:, :3]}
    net, tr = nn.train(net0, P_SIN, T_SIN, VV=VV, interrupt="stop")
    assert tr.stop == "User stop."
    np.testing.assert_array_equal(nn.getwb(net), nn.getwb(net0))


# -- review fixes ------------------------------------------------------------------------------


@pytest.mark.parametrize("empty", [[], (), {}, np.array([]), None])
def test_matlab_empty_means_no_validation(empty):
    net = _sin_net(epochs=3)
    _, tr = nn.train(net, P_SIN, T_SIN, None, None, empty, empty)
    assert np.all(np.isnan(tr.vperf)) and np.all(np.isnan(tr.tperf))
    assert tr.stop == "Maximum epoch reached."


def test_progress_line_with_infinite_max_fail():
    net = _sin_net(epochs=2, show=1, max_fail=np.inf)
    lines = []
    _, tr = nn.train(net, P_SIN, T_SIN, VV=(P_SIN, T_SIN), display=lines.append)
    assert lines[0].endswith("Validation Checks 0/inf")
    assert tr.stop == "Maximum epoch reached."


def test_no_samples_is_a_shape_error():
    with pytest.raises(ShapeError, match="no samples"):
        nn.train(_sin_net(), np.zeros((1, 0)), np.zeros((1, 0)))
    with pytest.raises(ShapeError, match="no samples"):
        nn.train(_sin_net(), P_SIN, T_SIN, VV=(np.zeros((1, 0)), np.zeros((1, 0))))
