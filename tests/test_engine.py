"""The engine: one forward pass whose cache keeps its meaning, one backward pass for the
gradient and the Jacobian, any feed-forward connection pattern, and the open pieces of the
training loop (stop reasons, recorder, best weights, user-made functions).

References are independent of the engine: the layer formulas written out with numpy, and
central finite differences.
"""

import math

import numpy as np
import pytest

import pyneuro as nn
from pyneuro import _engine
from pyneuro._engine import Plan
from pyneuro.network import learn_mask, plan_of, weights_of
from pyneuro.performance import PerformanceFunction
from pyneuro.training import TRAINING_FUNCTIONS, TrainingFunction
from pyneuro.training._base import common_params
from pyneuro.training._loop import (GOAL_MET, MAX_EPOCH, MAX_TIME, MIN_GRAD, NOT_FINITE,
                                    VALIDATION_STOP, BestWeights, Recorder, stop_reason)
from pyneuro.training.backprop import Objective
from pyneuro.transfer import TRANSFER_FUNCTIONS, TransferFunction

H = 1e-6


def _net(sizes, tfs, seed, R=3, Q=13):
    rs = np.random.RandomState(seed)
    P = rs.uniform(-1, 1, (R, Q))
    T = rs.uniform(-1, 1, (sizes[-1], Q))
    net = nn.newff(nn.minmax(P), sizes, tfs, "traingd", rng=seed)
    x = nn.getwb(net)
    return nn.setwb(net, x + 0.3 * rs.standard_normal(x.size)), P, T


@pytest.mark.parametrize("tfs", [["tansig", "purelin"], ["logsig", "tansig", "purelin"],
                                 ["purelin", "logsig"], ["radbas", "softmax"]])
def test_cache_keeps_net_inputs_and_outputs_after_a_gradient(tfs):
    sizes = [4, 3, 2][:len(tfs) - 1] + [2]
    net, P, T = _net(sizes, tfs, seed=len(tfs))
    obj = Objective(net, P, T, keep_net_input=True)
    obj.perf_grad(obj.x0())
    # A training objective keeps only the outputs of layers whose derivative needs no more
    # (tansig, logsig; purelin's output is its net input), with the same values.
    lean = Objective(net, P, T)
    lean.perf_grad(lean.x0())
    for i, layer in enumerate(net.layers):
        assert (lean.cache.N[i] is None) == (layer.transferFcn in ("tansig", "logsig"))
        np.testing.assert_array_equal(lean.cache.A[i], obj.cache.A[i])
    A = P
    for i, layer in enumerate(net.layers):
        W = net.IW[0, 0] if i == 0 else net.LW[i, i - 1]
        N = W @ A + net.b[i]  # the layer's formula, written out
        np.testing.assert_allclose(obj.cache.N[i], N, rtol=1e-13, atol=1e-15)
        A = TRANSFER_FUNCTIONS[layer.transferFcn].apply(N.copy())
        np.testing.assert_allclose(obj.cache.A[i], A, rtol=1e-13, atol=1e-15)
    # ... and they stay so through a Jacobian (the same backward pass, per sample).
    obj.jacobian(obj.x0())
    np.testing.assert_allclose(obj.cache.A[-1], nn.sim(net, P), rtol=1e-13)


def _cascade_plan():
    # Input -> every layer, every layer -> every later layer (cascadeforwardnet's pattern).
    return Plan([3], [4, 3, 2], ["tansig", "logsig", "purelin"],
                input_connect=[(0, 0), (1, 0), (2, 0)],
                layer_connect=[(1, 0), (2, 0), (2, 1)])


def _formula_forward(plan, wb, P):
    views = plan.unpack(wb)
    A = []
    for i, layer in enumerate(plan.layers):
        N = views[("b", i)].copy()
        for (kind, key), W in views.items():
            if kind != "b" and key[0] == i:
                N = N + W @ (P if kind == "IW" else A[key[1]])
        A.append(TRANSFER_FUNCTIONS[layer.transfer.name].apply(N.copy()))
    return A[-1]


def test_cascade_connections_forward_matches_the_formula_and_gradient_the_fd():
    plan = _cascade_plan()
    rs = np.random.RandomState(5)
    P, T = rs.uniform(-1, 1, (3, 9)), rs.uniform(-1, 1, (2, 9))
    wb = rs.standard_normal(plan.n)
    # getwb order: per layer its bias, input weights, then layer weights.
    assert [name for name in plan.blocks] == [
        ("b", 0), ("IW", (0, 0)), ("b", 1), ("IW", (1, 0)), ("LW", (1, 0)),
        ("b", 2), ("IW", (2, 0)), ("LW", (2, 0)), ("LW", (2, 1))]
    np.testing.assert_allclose(_engine.forward(plan, wb, P).output, _formula_forward(plan, wb, P),
                               rtol=1e-13)

    def perf(w):
        return float(np.sum((T - _engine.forward(plan, w, P).output) ** 2))

    cache = _engine.forward(plan, wb, P)
    dN = _engine.backward(plan, wb, cache, -2.0 * (T - cache.output))
    g = _engine.gradient(plan, cache, dN)
    fd = np.array([(perf(wb + H * e) - perf(wb - H * e)) / (2 * H) for e in np.eye(plan.n)])
    np.testing.assert_allclose(g, fd, rtol=1e-6, atol=1e-8)
    # The Jacobian rows, summed with the error weights, give the same gradient.
    J = _engine.jacobian(plan, wb, cache)
    e = (T - cache.output).ravel(order="F")
    np.testing.assert_allclose(-2.0 * J.T @ e, g, rtol=1e-10, atol=1e-12)


def test_plan_refuses_backward_connections_and_huge_nets():
    with pytest.raises(nn.ShapeError, match="earlier layers"):
        Plan([2], [3, 1], ["tansig", "purelin"], layer_connect=[(0, 1)])
    with pytest.raises(nn.ParameterError, match="GiB"):
        nn.newff([[0, 1]] * 7, [10 ** 9, 1])


def test_pack_unpack_round_trip():
    plan = _cascade_plan()
    wb = np.arange(plan.n, dtype=float)
    assert np.array_equal(plan.pack(plan.unpack(wb)), wb)


# -- the loop's parts -------------------------------------------------------------------------

PARAM = dict(goal=0.01, epochs=100, time=60.0, min_grad=1e-5, max_fail=6)


@pytest.mark.parametrize("state, expected", [
    (dict(perf=0.01), GOAL_MET),                        # <= goal
    (dict(perf=0.005, epoch=100), GOAL_MET),            # the goal wins over the epochs
    (dict(epoch=100), MAX_EPOCH),
    (dict(elapsed=60.0), MAX_TIME),                     # >= time
    (dict(gradient=1e-5), MIN_GRAD),                    # <= min_grad
    (dict(algorithm_stop="Maximum MU reached."), "Maximum MU reached."),
    (dict(val_fail=6, validating=True), VALIDATION_STOP),
    (dict(val_fail=6, validating=False), None),
    (dict(perf=math.nan), NOT_FINITE),
    (dict(), None),
])
def test_stop_reason_table(state, expected):
    args = dict(epoch=5, perf=0.5, gradient=0.1, elapsed=1.0, val_fail=0, algorithm_stop=None,
                validating=False)
    args.update(state)
    assert stop_reason(args.pop("epoch"), args.pop("perf"), args.pop("gradient"),
                       args.pop("elapsed"), args.pop("val_fail"), PARAM, **args) == expected


def test_recorder_thins_long_runs_and_keeps_the_last_epoch():
    rec = Recorder(("epoch", "perf"), cap=8)
    for epoch in range(37):
        rec.append((epoch, 1.0 / (epoch + 1)))
    rec.finish()
    out = rec.arrays()
    # 37 epochs into at most 8 rows: every 8th epoch (the stride doubled twice), plus the last.
    assert list(out["epoch"]) == [0, 8, 16, 24, 32, 36]
    assert out["perf"][-1] == 1.0 / 37 and out["perf"][1] == 1.0 / 9


def test_best_weights_counts_validation_failures_as_matlab():
    best = BestWeights(np.zeros(1), validating=True)
    fails = [best.update(k, np.array([k]), 1.0, v, 0.0)
             for k, v in enumerate([3.0, 2.0, 2.0, 2.5, 1.0, 1.5, 1.6])]
    # Improvement resets; an equal value changes nothing; a worse one counts.
    assert fails == [0, 0, 0, 1, 0, 1, 2]
    assert best.epoch == 4 and best.x[0] == 4


# -- registries keep the user's objects -------------------------------------------------------


class _Halving:
    """x <- x - 0.05 grad, recording how many steps it made (a state of its own)."""

    stop = None

    def __init__(self, objective, x, param):
        self.objective, self.x, self.steps = objective, x, 0
        self.perf, self.grad = objective.perf_grad(x)

    def step(self, epoch):
        self.x = self.x - 0.05 * self.grad
        self.steps += 1
        self.perf, self.grad = self.objective.perf_grad(self.x)


@pytest.mark.parametrize("by", ["object", "name"])
def test_a_trainer_of_ones_own_trains_and_records_its_state(by):
    fcn = TrainingFunction("halving", common_params(1e-9), _Halving, record=("steps",))
    net, P, T = _net([3, 1], ["tansig", "purelin"], seed=3)
    if by == "name":
        TRAINING_FUNCTIONS["halving"] = fcn
    try:
        net.trainFcn = fcn if by == "object" else "Halving"
        net.trainParam.epochs = 4
        net.trainParam.show = None
        net2, tr = nn.train(net, P, T)
    finally:
        TRAINING_FUNCTIONS.pop("halving", None)
    assert net.trainFcn == "halving" and tr.trainFcn == "halving"
    assert list(tr.steps) == [0, 1, 2, 3, 4] and "steps" in tr.states
    # Four steps of x <- x - 0.05 grad, by hand from the objective; each lowers the
    # performance, so the best weights returned are the last.
    obj = Objective(net, P, T)
    x = obj.x0()
    for _ in range(4):
        x = x - 0.05 * obj.perf_grad(x)[1]
    assert tr.best_epoch == 4 and np.all(np.diff(tr.perf) < 0)
    np.testing.assert_allclose(nn.getwb(net2), x, rtol=1e-14)
    with pytest.raises(AttributeError, match="has no field 'gamk'"):
        tr.gamk


def test_an_algorithm_may_minimise_its_own_performance():
    # trainbr's way: the training function names the performance it minimises (sse here).
    fcn = TrainingFunction("halving_sse", common_params(1e-9), _Halving, performFcn="sse")
    net, P, T = _net([3, 1], ["tansig", "purelin"], seed=7)
    net.trainFcn = fcn
    net.trainParam.epochs = 2
    net.trainParam.show = None
    net2, tr = nn.train(net, P, T)
    assert net.performFcn == "mse" and tr.performFcn == "sse"
    assert tr.perf[0] == pytest.approx(float(np.sum((T - nn.sim(net, P)) ** 2)), rel=1e-13)


def test_transfer_and_performance_of_ones_own_are_used_as_given():
    cube = TransferFunction("cube", lambda N: N ** 3, lambda N, A: 3 * N ** 2,
                            lambda N, A, gA: 3 * N ** 2 * gA, (-np.inf, np.inf), (-1.0, 1.0))
    quartic = PerformanceFunction("quartic", lambda E, X, p: float(np.sum(E ** 4)),
                                  lambda E, X, p: 4 * E ** 3)
    net, P, T = _net([3, 1], ["tansig", "purelin"], seed=4)
    net.layers[1].transferFcn = cube
    net.performFcn = quartic
    assert (net.layers[1].transferFcn, net.performFcn) == ("cube", "quartic")
    A1 = np.tanh(net.IW[0, 0] @ P + net.b[0])
    np.testing.assert_allclose(nn.sim(net, P), (net.LW[1, 0] @ A1 + net.b[1]) ** 3, rtol=1e-12)
    obj = Objective(net, P, T)
    x = obj.x0()
    g = obj.perf_grad(x)[1]
    fd = np.array([(obj.perf(x + H * e) - obj.perf(x - H * e)) / (2 * H) for e in np.eye(x.size)])
    np.testing.assert_allclose(g, fd, rtol=1e-5, atol=1e-8)


def test_frozen_blocks_stay_out_of_the_vector():
    net, P, T = _net([3, 1], ["tansig", "purelin"], seed=6)
    net.layerWeights[1, 0].learn = False
    mask = learn_mask(net)
    block = plan_of(net).blocks[("LW", (1, 0))]
    assert not mask[block.start:block.stop].any() and mask.sum() == mask.size - 3
    assert weights_of(net) is weights_of(net)  # live, no copy
