"""trainlm: the Octave reference trajectory, the Jacobian, the mu schedule and its stop."""

from pathlib import Path

import numpy as np
import pytest

import pyneuro as nn
from pyneuro.errors import ParameterError
from pyneuro.training import _normal
from pyneuro.training.backprop import Objective

FIXTURE = Path(__file__).parent / "fixtures" / "octave_trainlm"


def _octave_net():
    """The fixture's data, scaling and starting weights (see its README)."""
    data = np.loadtxt(FIXTURE / "data.txt")
    P, T = data[:, :3].T, data[:, 3:].T
    pn, _, _, tn, _, _ = nn.premnmx(P, T)
    net = nn.newff(nn.minmax(pn), [6, 1], ["tansig", "purelin"], "trainlm", "learngdm", "mse")
    net.IW[0, 0] = np.loadtxt(FIXTURE / "W1.txt")
    net.b[0] = np.loadtxt(FIXTURE / "b1.txt")
    net.LW[1, 0] = np.loadtxt(FIXTURE / "W2.txt")
    net.b[1] = np.loadtxt(FIXTURE / "b2.txt")
    net.trainParam.goal = 0
    net.trainParam.min_grad = 0
    net.trainParam.show = None
    return net, pn, tn


def test_matches_octave_nnet_trajectory():
    # Octave's train with epochs = k from the same weights gives expected_perf[k]; one run of
    # 20 epochs records the same sequence in tr.perf (each epoch is deterministic).
    expected = np.loadtxt(FIXTURE / "expected_perf.txt")
    net, pn, tn = _octave_net()
    net.trainParam.epochs = int(expected[-1, 0])
    _, tr = nn.train(net, pn, tn)
    np.testing.assert_array_equal(tr.epoch, expected[:, 0])
    np.testing.assert_allclose(tr.perf, expected[:, 1], rtol=1e-9, atol=0)


def test_mu_schedule_default_parameters():
    net, pn, tn = _octave_net()
    assert net.trainParam.to_dict() == {
        "epochs": 1000, "goal": 0.0, "max_fail": 6, "min_grad": 0.0, "mu": 0.001,
        "mu_dec": 0.1, "mu_inc": 10.0, "mu_max": 1e10, "show": None,
        "showCommandLine": False, "showWindow": True, "time": np.inf}
    net.trainParam.epochs = 3
    _, tr = nn.train(net, pn, tn)
    assert tr.mu[0] == 0.001
    # Every accepted step divides mu by 10 after the failed tries multiplied it by 10 each:
    # mu stays on the grid 1e-3 * 10**k.
    k = np.log10(tr.mu / 1e-3)
    np.testing.assert_allclose(k, np.round(k), atol=1e-9)
    assert np.all(np.diff(tr.perf) < 0)  # LM only ever accepts improving steps


@pytest.mark.parametrize("sizes, tfs", [([3, 2], ["tansig", "purelin"]),
                                        ([4, 3, 2], ["logsig", "tansig", "softmax"])])
def test_jacobian_matches_finite_differences(sizes, tfs):
    rs = np.random.RandomState(3)
    P = rs.uniform(-1, 1, (2, 7))
    T = rs.uniform(-1, 1, (sizes[-1], 7))
    net = nn.newff([[-1, 1], [-1, 1]], sizes, tfs, "trainlm", rng=4)
    net.biases[0].learn = False  # the Jacobian covers learnable parameters only
    obj = Objective(net, P, T)
    x = obj.x0()
    e, J = obj.jacobian(x)
    np.testing.assert_array_equal(e, (T - nn.sim(net, P)).ravel(order="F"))
    assert J.shape == (T.size, x.size)
    h = 1e-6
    fd = np.empty_like(J)
    for j in range(x.size):
        xp, xm = x.copy(), x.copy()
        xp[j] += h
        xm[j] -= h
        ep, _ = obj.jacobian(xp)
        em, _ = obj.jacobian(xm)
        fd[:, j] = (ep - em) / (2 * h)
    np.testing.assert_allclose(J, fd, rtol=1e-6, atol=1e-8)
    # The recorded gradient is the true mse gradient, 2/N J'e, as backprop computes it.
    _, g = obj.perf_grad(x)
    np.testing.assert_allclose(2.0 / T.size * (J.T @ e), g, rtol=1e-10, atol=1e-14)


def test_maximum_mu_reached():
    net, pn, tn = _octave_net()
    net.trainParam.mu_max = 0.05  # the first epoch needs mu = 0.1 to succeed
    net.trainParam.epochs = 10
    _, tr = nn.train(net, pn, tn)
    assert tr.stop == "Maximum MU reached."
    assert tr.num_epochs == 1 and tr.mu[-1] >= 0.05
    assert tr.perf[1] == tr.perf[0]  # no step was accepted


def test_needs_a_sum_of_squares_performance():
    net, pn, tn = _octave_net()
    net.performFcn = "mae"
    with pytest.raises(ParameterError, match="mse"):
        nn.train(net, pn, tn)


def test_progress_line_and_gradient():
    net, pn, tn = _octave_net()
    net.trainParam.epochs = 2
    net.trainParam.show = 1
    net.trainParam.min_grad = 1e-7
    lines = []
    _, tr = nn.train(net, pn, tn, display=lines.append)
    assert lines[0] == "TRAINLM, Epoch 0/2, MSE %g/0, Gradient %g/1e-07" % (
        tr.perf[0], tr.gradient[0])
    assert lines[-2:] == ["TRAINLM, Maximum epoch reached.", ""]


def test_two_outputs_compare_trials_with_the_recorded_performance():
    # With several outputs the sum over errors can be taken in two orders; the recorded perf
    # must be exactly what the accepted trial was compared with (and what sim gives).
    rs = np.random.RandomState(5)
    P = rs.uniform(-1, 1, (2, 40))
    T = np.vstack([np.sin(3 * P[0]), P[0] * P[1]])
    net = nn.newff([[-1, 1], [-1, 1]], [5, 2], ["tansig", "purelin"], "trainlm", rng=1)
    net.trainParam.show = None
    net.trainParam.epochs = 15
    trained, tr = nn.train(net, P, T)
    assert np.all(np.diff(tr.perf) <= 0)
    assert tr.perf[tr.best_epoch] == nn.mse(T - nn.sim(trained, P))


@pytest.mark.parametrize("frozen", [True, False])
@pytest.mark.parametrize("block_bytes", [1, 8 * 3 * 48 * 4, 1 << 22])
def test_normal_equations_blocked_equal_the_whole_jacobian(monkeypatch, block_bytes, frozen):
    # J'J and J'e summed over blocks of samples (one sample, 4 samples with a remainder of 3,
    # all 23 at once) must equal the products of the whole Jacobian, frozen weights left out.
    # The flat vector has n = 45 values: 2*5+5, 5*3+3, 3*3+3; a block has 48 columns (45,
    # the errors, two of padding) of 3 rows per sample.
    monkeypatch.setattr(_normal, "BLOCK_BYTES", block_bytes)
    assert _normal.block_shape(3, 45)[1] == 48
    rs = np.random.RandomState(5)
    P = rs.uniform(-1, 1, (2, 23))
    T = rs.uniform(-1, 1, (3, 23))
    net = nn.newff([[-1, 1], [-1, 1]], [5, 3, 3], ["tansig", "logsig", "purelin"], "trainlm",
                   rng=6)
    net.layerWeights[1, 0].learn = not frozen
    obj = Objective(net, P, T)
    assert obj.n_params == (30 if frozen else 45)
    x = obj.x0() + 0.1
    e, J = obj.jacobian(x)
    JJ, Je = obj.normal_equations(x)
    np.testing.assert_allclose(JJ, J.T @ J, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(Je, J.T @ e, rtol=1e-12, atol=1e-12)
    obj.perf(obj.x0())  # the cache now holds another point: it must not be reused
    JJ2, _ = obj.normal_equations(x)
    np.testing.assert_array_equal(JJ2, JJ)
