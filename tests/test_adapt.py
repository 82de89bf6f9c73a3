"""adapt (trains/adaptwb with learngd/learngdm), con2seq and seq2con.

Hand example: a single purelin neuron y = w p + b with mse; for one sample of one output the
performance is e^2 (N = 1), so gW = -dperf/dw = 2 e p and gb = 2 e.
MATLAB_REFERENCE.md §5.6 and §6.11.
"""

import numpy as np
import pytest

import pyneuro as nn
from pyneuro.errors import ShapeError, UnknownFunctionError


def _neuron(learn_fcn="learngdm", lr=0.1, mc=0.9):
    net = nn.newff([[-2, 2]], [1], ["purelin"], "traingd", learn_fcn, rng=0)
    net.IW[0, 0] = 0.5
    net.b[0] = 0.1
    for rec in (net.inputWeights[0, 0], net.biases[0]):
        rec.learnParam.lr = lr
        if "mc" in rec.learnParam:
            rec.learnParam.mc = mc
    return net


def test_learngdm_sequence_by_hand():
    # P = {1, -2}, T = {1, 0}; lr 0.1, mc 0.9; w = 0.5, b = 0.1.
    # Step 1: y = 0.6, e = 0.4, gW = gb = 0.8; learngdm's first change is lr*g = 0.08:
    #         w = 0.58, b = 0.18.
    # Step 2: y = 0.58*(-2) + 0.18 = -0.98, e = 0.98, gW = 2*0.98*(-2) = -3.92, gb = 1.96;
    #         dW = 0.9*0.08 + 0.1*0.1*(-3.92) = 0.0328, db = 0.072 + 0.0196 = 0.0916:
    #         w = 0.6128, b = 0.2716.
    net0 = _neuron()
    net, Y, E = nn.adapt(net0, nn.con2seq([[1, -2]]), nn.con2seq([[1, 0]]))
    assert isinstance(Y, list) and len(Y) == 2
    np.testing.assert_allclose(np.concatenate(Y, axis=1), [[0.6, -0.98]], rtol=1e-14)
    np.testing.assert_allclose(np.concatenate(E, axis=1), [[0.4, 0.98]], rtol=1e-14)
    assert net.IW[0, 0][0, 0] == pytest.approx(0.6128, rel=1e-14)
    assert net.b[0][0, 0] == pytest.approx(0.2716, rel=1e-14)
    assert net0.IW[0, 0][0, 0] == 0.5  # the input net is not modified


def test_passes_repeat_the_sequence_with_momentum_carried_over():
    # Pass 2, step 1 from w = 0.6128, b = 0.2716: y = 0.8844, e = 0.1156, g = 0.2312 (both);
    # dW = 0.9*0.0328 + 0.01*0.2312 = 0.031832, db = 0.9*0.0916 + 0.002312 = 0.084752.
    net0 = _neuron()
    net0.adaptParam.passes = 2
    P, T = nn.con2seq([[1, -2]]), nn.con2seq([[1, 0]])
    one, _, _ = nn.adapt(_neuron(), P, T)
    net, Y, _ = nn.adapt(net0, P, T)
    assert Y[0][0, 0] == pytest.approx(0.6128 + 0.2716, rel=1e-13)  # last pass's outputs
    w_after_3 = 0.6128 + 0.031832
    b_after_3 = 0.2716 + 0.084752
    y4 = -2 * w_after_3 + b_after_3
    assert Y[1][0, 0] == pytest.approx(y4, rel=1e-13)
    assert net.IW[0, 0][0, 0] != one.IW[0, 0][0, 0]


def test_learngd_and_per_weight_parameters():
    # learngd: dW = lr*gW each step. Bias lr 0.2, weight lr 0.1 (each weight's learnParam).
    # Step 1: e = 0.4: w = 0.5 + 0.1*0.8 = 0.58, b = 0.1 + 0.2*0.8 = 0.26.
    # Step 2: y = -1.16 + 0.26 = -0.9, e = 0.9: w = 0.58 + 0.1*(-3.6) = 0.22,
    #         b = 0.26 + 0.2*1.8 = 0.62.
    net0 = _neuron("learngd")
    assert "mc" not in net0.biases[0].learnParam
    net0.biases[0].learnParam.lr = 0.2
    net, Y, _ = nn.adapt(net0, [np.array([[1.0]]), np.array([[-2.0]])], [[[1.0]], [[0.0]]])
    np.testing.assert_allclose([Y[0][0, 0], Y[1][0, 0]], [0.6, -0.9], rtol=1e-14)
    assert net.IW[0, 0][0, 0] == pytest.approx(0.22, rel=1e-13)
    assert net.b[0][0, 0] == pytest.approx(0.62, rel=1e-13)


def test_a_matrix_is_one_time_step_with_the_joint_gradient():
    # Both samples at once: y = [0.6, -0.9], e = [0.4, 0.9]; mse over N = 2 errors gives
    # gW = (2/2)(0.4*1 + 0.9*(-2)) = -1.4 and gb = (2/2)(0.4 + 0.9) = 1.3; one learngdm step
    # (the first: lr*g).
    net, Y, E = nn.adapt(_neuron(), [[1, -2]], [[1, 0]])
    np.testing.assert_allclose(Y, [[0.6, -0.9]], rtol=1e-14)
    np.testing.assert_allclose(E, [[0.4, 0.9]], rtol=1e-14)
    assert net.IW[0, 0][0, 0] == pytest.approx(0.5 + 0.1 * -1.4, rel=1e-13)
    assert net.b[0][0, 0] == pytest.approx(0.1 + 0.1 * 1.3, rel=1e-13)


def test_frozen_weights_do_not_adapt():
    net0 = _neuron()
    net0.biases[0].learn = False
    net, _, _ = nn.adapt(net0, nn.con2seq([[1, -2]]), nn.con2seq([[1, 0]]))
    assert net.b[0][0, 0] == 0.1 and net.IW[0, 0][0, 0] != 0.5


def test_learnFcn_assignment_resets_learnParam_and_copies_are_independent():
    net = _neuron()
    net.inputWeights[0, 0].learnFcn = "learngd"
    assert net.inputWeights[0, 0].learnParam.to_dict() == {"lr": 0.01}
    copy = net.copy()
    copy.biases[0].learnParam.lr = 0.5
    assert net.biases[0].learnParam.lr == 0.1


def test_adaptwb_gives_the_same_and_unknown_functions_fail():
    P, T = nn.con2seq([[1, -2]]), nn.con2seq([[1, 0]])
    net0 = _neuron()
    net0.adaptFcn = "adaptwb"
    a, _, _ = nn.adapt(net0, P, T)
    b, _, _ = nn.adapt(_neuron(), P, T)
    np.testing.assert_array_equal(nn.getwb(a), nn.getwb(b))
    net0.adaptFcn = "adaptxyz"
    with pytest.raises(UnknownFunctionError, match="trains"):
        nn.adapt(net0, P, T)
    net1 = _neuron()
    net1.biases[0].learnFcn = "learnxyz"
    with pytest.raises(UnknownFunctionError, match="learngdm"):
        nn.adapt(net1, P, T)


def test_sequence_shape_errors():
    with pytest.raises(ShapeError, match="both"):
        nn.adapt(_neuron(), nn.con2seq([[1, -2]]), [[1, 0]])
    with pytest.raises(ShapeError, match="time steps"):
        nn.adapt(_neuron(), nn.con2seq([[1, -2]]), nn.con2seq([[1]]))


def test_con2seq_seq2con_round_trip():
    b = np.arange(12.0).reshape(2, 6)
    s = nn.con2seq(b)
    assert len(s) == 6 and s[2].tolist() == [[2.0], [8.0]]
    s3 = nn.con2seq(b, 3)
    assert len(s3) == 3 and s3[1].tolist() == [[2.0, 3.0], [8.0, 9.0]]
    np.testing.assert_array_equal(nn.seq2con(s), b)
    np.testing.assert_array_equal(nn.seq2con(s3), b)
    with pytest.raises(ShapeError):
        nn.con2seq(b, 4)
