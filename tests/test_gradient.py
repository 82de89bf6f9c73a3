"""The back-propagated gradient (``Objective.perf_grad``) against central differences of
``Objective.perf``, as sklearn's ``test_gradient``: every transfer function in every layer
position, every performance function, and with frozen weights (``learn = False``).

Kinked functions (poslin, satlin, satlins, hardlim, hardlims, and |E| for mae/sae) are only
compared where no net input (or error) lies within 1e-4 of a kink; each test asserts that
precondition, so a change of data that broke it would fail loudly rather than pass vacuously.
"""

import numpy as np
import pytest

import pyneuro as nn
from pyneuro.network import learn_mask, weights_of
from pyneuro.performance import PERFORMANCE_FUNCTIONS
from pyneuro.training.backprop import Objective
from pyneuro.transfer import TRANSFER_FUNCTIONS

ALL_TF = sorted(TRANSFER_FUNCTIONS)
ALL_PF = sorted(PERFORMANCE_FUNCTIONS)
KINKS = {"hardlim": (0.0,), "hardlims": (0.0,), "poslin": (0.0,), "satlin": (0.0, 1.0),
         "satlins": (-1.0, 1.0)}
H = 1e-6
R, Q = 2, 7


def _data(seed, s_out):
    rs = np.random.RandomState(seed)
    P = rs.uniform(-1, 1, size=(R, Q))
    T = rs.uniform(-1, 1, size=(s_out, Q))
    return P, T


def _net(sizes, tfs, seed, perform="mse"):
    P, T = _data(seed, sizes[-1])
    net = nn.newff(nn.minmax(P), sizes, tfs, "traingd", "learngdm", perform, rng=seed)
    # A random perturbation, so the weights are generic rather than Nguyen-Widrow's
    # evenly spaced pattern.
    x = nn.getwb(net)
    net = nn.setwb(net, x + 0.3 * np.random.RandomState(seed + 1000).standard_normal(x.size))
    return net, P, T


def _forward_inputs(net, P):
    """Net inputs N of every layer, by the formulas (independent of the engine)."""
    Ns = []
    A = P
    for i, layer in enumerate(net.layers):
        W = net.IW[0, 0] if i == 0 else net.LW[i, i - 1]
        N = W @ A + net.b[i]
        Ns.append(N)
        A = TRANSFER_FUNCTIONS[layer.transferFcn].apply(N.copy())
    return Ns, A


def _check_away_from_kinks(net, P, T):
    Ns, Y = _forward_inputs(net, P)
    for layer, N in zip(net.layers, Ns):
        for k in KINKS.get(layer.transferFcn, ()):
            assert np.min(np.abs(N - k)) > 1e-4, "precondition: net input near a kink"
    if net.performFcn in ("mae", "sae"):
        assert np.min(np.abs(T - Y)) > 1e-4, "precondition: error near |E|'s kink"


def _fd(obj, x):
    g = np.empty_like(x)
    for k in range(x.size):
        xp, xm = x.copy(), x.copy()
        xp[k] += H
        xm[k] -= H
        g[k] = (obj.perf(xp) - obj.perf(xm)) / (2 * H)
    return g


def _assert_gradient(net, P, T):
    _check_away_from_kinks(net, P, T)
    obj = Objective(net, P, T)
    x = obj.x0()
    perf, g = obj.perf_grad(x.copy())
    assert perf == pytest.approx(obj.perf(x.copy()), rel=1e-14, abs=1e-300)
    assert g.shape == (obj.n_params,)
    fd = _fd(obj, x)
    scale = max(np.linalg.norm(fd), np.linalg.norm(g))
    if scale == 0.0:
        return g, fd  # piecewise-constant performance (hardlim output): both exactly zero
    rel = np.linalg.norm(g - fd) / scale
    assert rel < 1e-6, (rel, g, fd)
    return g, fd


# -- every transfer function in every position -----------------------------------------------

CASES = []
for n_layers, sizes in ((1, [2]), (2, [4, 2]), (3, [3, 4, 2])):
    for pos in range(n_layers):
        for tf in ALL_TF:
            CASES.append((sizes, pos, tf))


@pytest.mark.parametrize("sizes,pos,tf", CASES,
                         ids=[f"{len(s)}layers-pos{p}-{t}" for s, p, t in CASES])
def test_gradient_transfer_in_every_position(sizes, pos, tf):
    others = ["tansig", "logsig", "purelin"]
    tfs = [others[i % 3] for i in range(len(sizes))]
    tfs[pos] = tf
    seed = 7 * len(sizes) + 3 * pos + ALL_TF.index(tf)
    net, P, T = _net(sizes, tfs, seed)
    g, fd = _assert_gradient(net, P, T)
    if tf in ("hardlim", "hardlims"):
        # Nothing below a hard limiter gets a gradient: every parameter of layers 0..pos.
        n_below = sum(net.layers[i].size * (1 + (R if i == 0 else net.layers[i - 1].size))
                      for i in range(pos + 1))
        np.testing.assert_array_equal(g[:n_below], 0.0)
        np.testing.assert_array_equal(fd[:n_below], 0.0)


# -- every performance function --------------------------------------------------------------

@pytest.mark.parametrize("perform", ALL_PF)
@pytest.mark.parametrize("sizes", [[2], [4, 2], [3, 4, 2]])
def test_gradient_every_performance_function(perform, sizes):
    tfs = (["tansig", "logsig"] * 2)[:len(sizes) - 1] + ["purelin"]
    net, P, T = _net(sizes, tfs, seed=50 + len(sizes))
    net.performFcn = perform
    _assert_gradient(net, P, T)


def test_gradient_msereg_with_other_ratio():
    net, P, T = _net([4, 2], ["tansig", "purelin"], seed=61)
    net.performFcn = "msereg"
    net.performParam.ratio = 0.3
    _assert_gradient(net, P, T)


def test_gradient_mse_hand_formulas():
    # MATLAB_REFERENCE §7, one tansig hidden layer and a purelin output, mse:
    #   dperf/dW2 = -(2/N) E A1',  dperf/db2 = -(2/N) sum(E),
    #   dperf/dW1 = -(2/N) ((W2' E) .* (1 - A1^2)) P',  dperf/db1 = -(2/N) sum(...).
    net, P, T = _net([3, 2], ["tansig", "purelin"], seed=70)
    W1, b1, W2, b2 = net.IW[0, 0], net.b[0], net.LW[1, 0], net.b[1]
    A1 = np.tanh(W1 @ P + b1)
    E = T - (W2 @ A1 + b2)
    N = E.size
    D1 = (W2.T @ E) * (1 - A1 ** 2)
    expected = np.concatenate([
        (-(2 / N) * D1.sum(axis=1)), (-(2 / N) * D1 @ P.T).ravel(order="F"),
        (-(2 / N) * E.sum(axis=1)), (-(2 / N) * E @ A1.T).ravel(order="F")])
    obj = Objective(net, P, T)
    perf, g = obj.perf_grad(obj.x0())
    assert perf == pytest.approx(np.mean(E ** 2), rel=1e-13)
    np.testing.assert_allclose(g, expected, rtol=1e-10, atol=1e-14)


# -- frozen weights (learn = False) ----------------------------------------------------------

FREEZE = {
    "bias0": lambda net: setattr(net.biases[0], "learn", False),
    "iw00": lambda net: setattr(net.inputWeights[0, 0], "learn", False),
    "lw10": lambda net: setattr(net.layerWeights[1, 0], "learn", False),
    "bias1+iw00": lambda net: (setattr(net.biases[1], "learn", False),
                               setattr(net.inputWeights[0, 0], "learn", False)),
}


@pytest.mark.parametrize("perform", ["mse", "msereg", "sae"])
@pytest.mark.parametrize("freeze", sorted(FREEZE))
def test_gradient_with_frozen_weights(freeze, perform):
    net, P, T = _net([4, 3, 2], ["tansig", "logsig", "purelin"], seed=80)
    net.performFcn = perform
    full = Objective(net, P, T)
    _, g_full = full.perf_grad(full.x0())
    FREEZE[freeze](net)
    mask = learn_mask(net)
    n_frozen = {"bias0": 4, "iw00": 4 * R, "lw10": 3 * 4, "bias1+iw00": 3 + 4 * R}[freeze]
    assert mask.size - mask.sum() == n_frozen
    obj = Objective(net, P, T)
    assert obj.n_params == mask.size - n_frozen
    np.testing.assert_array_equal(obj.x0(), nn.getwb(net)[mask])
    g, _ = _assert_gradient(net, P, T)
    assert g.size == obj.n_params
    if perform != "msereg":
        # Without a weight regulariser the learnable entries are the full gradient's.
        np.testing.assert_allclose(g, g_full[mask], rtol=1e-13, atol=1e-15)


def test_perf_with_frozen_weights_uses_the_frozen_values():
    net, P, T = _net([4, 2], ["tansig", "purelin"], seed=90)
    net.layerWeights[1, 0].learn = False
    obj = Objective(net, P, T)
    assert obj.perf(obj.x0()) == pytest.approx(nn.mse(T - nn.sim(net, P)), rel=1e-13)
    # Changing a learnable parameter changes perf; the frozen LW stays what the net holds.
    x = obj.x0()
    x[0] += 0.1
    net2 = net.copy()
    weights_of(net2)[learn_mask(net)] = x
    assert obj.perf(x) == pytest.approx(nn.mse(T - nn.sim(net2, P)), rel=1e-13)


def test_objective_does_not_change_the_net():
    net, P, T = _net([4, 2], ["tansig", "purelin"], seed=91)
    net.biases[0].learn = False
    before = nn.getwb(net)
    obj = Objective(net, P, T)
    obj.perf_grad(obj.x0() + 1.0)
    obj.perf(obj.x0() - 1.0)
    np.testing.assert_array_equal(nn.getwb(net), before)
