"""MATLAB-compatible random numbers (rng, rand, rands), normr, linspace and Nguyen-Widrow
initialisation (initnw), checked against published MATLAB output and hand derivations.

References: MATLAB_REFERENCE.md §4.1-§4.4 and §10 items 1 and 7.
"""

import numpy as np
import pytest

import pyneuro as nn
from pyneuro.errors import ParameterError
from pyneuro.initializers import linspace


@pytest.fixture(autouse=True)
def _restore_global_stream():
    """Leave the global stream as we found it, so test order never matters."""
    saved = nn.rng()
    yield
    nn.rng(saved)


def matlab_uniforms(n, seed=0):
    """The first n numbers of MATLAB's rand after rng(seed) (seed 0 means 5489)."""
    return np.random.RandomState(5489 if seed == 0 else seed).random_sample(n)


# -- rng / rand (§10 item 1, §4.4) -----------------------------------------------------------

RAND4_DOC = np.array([  # MATLAB doc: rng default; rand(4)
    [0.8147, 0.6324, 0.9575, 0.9572],
    [0.9058, 0.0975, 0.9649, 0.4854],
    [0.1270, 0.2785, 0.1576, 0.8003],
    [0.9134, 0.5469, 0.9706, 0.1419],
])


@pytest.mark.parametrize("seed", [0, "default"])
def test_rand4_published_matrix(seed):
    nn.rng(seed)
    A = nn.rand(4)
    assert A.shape == (4, 4)
    np.testing.assert_allclose(A, RAND4_DOC, atol=5e-5)
    # Column-major fill of the same stream, to the bit.
    np.testing.assert_array_equal(A, matlab_uniforms(16).reshape((4, 4), order="F"))


def test_rng_2():
    nn.rng(2)
    np.testing.assert_allclose(nn.rand(1, 5)[0, :3], [0.4360, 0.0259, 0.5497], atol=5e-5)


def test_rng_1():
    nn.rng(1)
    np.testing.assert_allclose(nn.rand(1, 5), [[0.4170, 0.7203, 0.0001, 0.3023, 0.1468]],
                               atol=5e-5)


def test_consecutive_draws_continue_the_stream():
    nn.rng(0)
    a = nn.rand(2, 3)
    b = nn.rand(1, 2)
    u = matlab_uniforms(8)
    np.testing.assert_array_equal(a, u[:6].reshape((2, 3), order="F"))
    np.testing.assert_array_equal(b, u[6:8].reshape((1, 2)))


def test_rng_settings_restore():
    nn.rng(7)
    nn.rand(1, 3)
    saved = nn.rng()  # no argument: returns the settings, changes nothing
    a = nn.rand(1, 5)
    nn.rng(saved)
    np.testing.assert_array_equal(nn.rand(1, 5), a)


def test_rng_returns_previous_settings():
    nn.rng(0)
    nn.rand(1, 2)
    before = nn.rng(3)  # MATLAB: settings *before* the call
    assert before["Type"] == "twister"
    nn.rand(1, 4)
    nn.rng(before)
    np.testing.assert_array_equal(nn.rand(1, 3), matlab_uniforms(5)[2:5].reshape(1, 3))


def test_explicit_rng_leaves_global_stream_untouched():
    nn.rng(0)
    nn.newff([[0, 10]], [5, 1], ["tansig", "purelin"], "traingd", rng=5)
    nn.rands(3, 2, rng=11)
    nn.rand(2, 2, rng=np.random.RandomState(4))
    np.testing.assert_array_equal(nn.rand(1, 4), matlab_uniforms(4).reshape(1, 4))


def test_explicit_rng_seed_matches_global_seed():
    nn.rng(9)
    a = nn.rands(3, 2)
    np.testing.assert_array_equal(nn.rands(3, 2, rng=9), a)
    np.testing.assert_array_equal(nn.RandStream(9).rand(3, 2), (a + 1) / 2)


@pytest.mark.parametrize("bad", [-1, 2 ** 32, 1.5, "bogus", True, [1]])
def test_bad_seeds_raise(bad):
    with pytest.raises(ParameterError):
        nn.rng(bad)


@pytest.mark.parametrize("bad", [-1, 2 ** 32, 0.25])
def test_bad_randstream_seed_raises(bad):
    with pytest.raises(ParameterError):
        nn.RandStream(bad)


def test_integer_valued_float_seed_accepted():
    nn.rng(2.0)
    a = nn.rand(1, 3)
    nn.rng(2)
    np.testing.assert_array_equal(nn.rand(1, 3), a)


# -- rands, normr, linspace (§4.2, §10 item 7) -----------------------------------------------

def test_rands_is_2rand_minus_1_column_major():
    nn.rng(0)
    R = nn.rands(3, 2)
    expected = 2.0 * matlab_uniforms(6).reshape((3, 2), order="F") - 1.0
    np.testing.assert_array_equal(R, expected)
    # rands(S) is S x 1; a PR matrix gives one column per row.
    nn.rng(0)
    assert nn.rands(4).shape == (4, 1)
    assert nn.rands(2, [[0, 1], [0, 1], [0, 1]]).shape == (2, 3)


def test_normr_doc_example():
    np.testing.assert_allclose(nn.normr([[1, 2], [3, 4]]),
                               [[0.4472, 0.8944], [0.6, 0.8]], atol=5e-5)
    np.testing.assert_allclose(nn.normr([[1, 2], [3, 4]]),
                               [[1 / np.sqrt(5), 2 / np.sqrt(5)], [0.6, 0.8]], rtol=1e-15)


def test_normr_single_column_gives_sign():
    np.testing.assert_array_equal(nn.normr([[3.0], [-0.2], [1e-9], [-7.0]]),
                                  [[1.0], [-1.0], [1.0], [-1.0]])


def test_linspace_matlab_formula():
    for d1, d2, n in [(-1.0, 1.0, 5), (-1.0, 1.0, 7), (0.1, 0.7, 13), (-3.3, 2.9, 10)]:
        expected = np.append(d1 + np.arange(n - 1) * (d2 - d1) / (n - 1), d2)
        np.testing.assert_array_equal(linspace(d1, d2, n), expected)
    # MATLAB: linspace(d1, d2, 1) is d2.
    np.testing.assert_array_equal(linspace(-1.0, 1.0, 1), [1.0])
    np.testing.assert_array_equal(linspace(-1.0, 1.0, 2), [-1.0, 1.0])


# -- initnw: MATLAB doc net, derived by hand (§4.1, §4.3) ------------------------------------

def test_initnw_doc_net_by_hand():
    # newff([0 10], [5 1], {'tansig' 'purelin'}) after rng(0) draws 11 uniforms u:
    #   u[0:5]  rand(5,1) for layer 1 (Nguyen-Widrow, r = 1 input)
    #   u[5:10] rand(1,5) for LW{2,1}, u[10] rand(1,1) for b{2} (purelin: rands fallback).
    # u[0:5] = 0.8147 0.9058 0.1270 0.9134 0.6324 -> rands = 2u-1 = .629 .812 -.746 .827 .265
    # r = 1 so normr gives the signs s = [1 1 -1 1 1].
    # wMag = 0.7 * 5^(1/1) = 3.5; W = 3.5 s; b = 3.5 * linspace(-1,1,5)' .* s
    #   = 3.5 * [-1 -0.5 0 0.5 1] .* s = [-3.5 -1.75 -0 1.75 3.5].
    # tansig active range [-2, 2]: x = 2, y = 0 -> W = 7 s, b = 2 b = [-7 -3.5 -0 3.5 7].
    # Input range [0, 10]: xk = 2/10 = 0.2, yk = 1 - 10*0.2 = -1.
    #   b = W*yk + b = -7 s + b = [-14 -10.5 7 -3.5 0];  IW = W * xk = 1.4 s.
    # LW = 2 u[5:10] - 1 = 2*[.0975 .2785 .5469 .9575 .9649] - 1 = [-.8049 -.4430 .0938 .9150 .9298]
    # b2 = 2 u[10] - 1 = 2*0.1576 - 1 = -0.6848.
    u = matlab_uniforms(11)
    s = np.sign(2.0 * u[:5] - 1.0)
    w_mag = 0.7 * 5.0 ** (1.0 / 1.0)
    lin = np.array([-1.0, -0.5, 0.0, 0.5, 1.0])
    W = 2.0 * (w_mag * s)
    b = 2.0 * (w_mag * lin * s) + 0.0
    xk, yk = 2.0 / (10.0 - 0.0), 1.0 - 10.0 * (2.0 / 10.0)
    b1 = W * yk + b
    IW = W * xk
    LW = 2.0 * u[5:10] - 1.0
    b2 = 2.0 * u[10] - 1.0

    nn.rng(0)
    net = nn.newff([[0, 10]], [5, 1], ["tansig", "purelin"])
    np.testing.assert_array_equal(s, [1, 1, -1, 1, 1])
    np.testing.assert_array_equal(net.IW[0, 0], IW.reshape(5, 1))
    np.testing.assert_array_equal(net.b[0], b1.reshape(5, 1))
    np.testing.assert_array_equal(net.LW[1, 0], LW.reshape(1, 5))
    np.testing.assert_array_equal(net.b[1], [[b2]])
    # The rounded hand values.
    np.testing.assert_allclose(net.IW[0, 0].ravel(), [1.4, 1.4, -1.4, 1.4, 1.4], rtol=1e-15)
    np.testing.assert_array_equal(net.b[0].ravel(), [-14, -10.5, 7, -3.5, 0])
    np.testing.assert_allclose(net.LW[1, 0].ravel(),
                               [-0.8049, -0.4430, 0.0938, 0.9150, 0.9298], atol=5e-5)
    np.testing.assert_allclose(net.b[1].ravel(), [-0.6848], atol=5e-5)
    # Exactly 11 uniforms were used.
    np.testing.assert_array_equal(nn.rand(1, 1), [[matlab_uniforms(12)[11]]])


def test_doc_net_initial_mse():
    # MATLAB_REFERENCE §5.3: the first training line of the doc example under rng(0) reads
    # "TRAINLM, Epoch 0/100, MSE 1.84676/0, ...".
    P = np.arange(11.0).reshape(1, -1)
    T = np.array([[0, 1, 2, 3, 4, 3, 2, 1, 2, 3, 4]], dtype=float)
    nn.rng(0)
    net = nn.newff([[0, 10]], [5, 1], ["tansig", "purelin"])
    assert "%g" % nn.mse(T - nn.sim(net, P)) == "1.84676"
    # The same number on the progress line of a training run (epochs = 0: no update).
    net.trainFcn = "traingd"
    net.trainParam.epochs = 0
    lines = []
    nn.train(net, P, T, display=lines.append)
    assert lines[0].startswith("TRAINGD, Epoch 0/0, MSE 1.84676/0, Gradient ")


def test_initnw_logsig_hidden_layer():
    # logsig active range [-4, 4]: x = 4, y = 0, so W = 4*3.5 s = 14 s, b = 14 lin s,
    # then b = -14 s + b and IW = 14 s * 0.2 = 2.8 s.
    u = matlab_uniforms(11)
    s = np.sign(2.0 * u[:5] - 1.0)
    lin = np.array([-1.0, -0.5, 0.0, 0.5, 1.0])
    W = 4.0 * (3.5 * s)
    b1 = W * -1.0 + 4.0 * (3.5 * lin * s)
    net = nn.newff([[0, 10]], [5, 1], ["logsig", "purelin"], rng=0)
    np.testing.assert_array_equal(net.IW[0, 0].ravel(), W * 0.2)
    np.testing.assert_array_equal(net.b[0].ravel(), b1)
    np.testing.assert_allclose(net.IW[0, 0].ravel(), 2.8 * s, rtol=1e-15)
    np.testing.assert_array_equal(net.b[0].ravel(), [-28, -21, 14, -7, 0])
    np.testing.assert_array_equal(net.LW[1, 0].ravel(), 2.0 * u[5:10] - 1.0)


def _nw_expected(Wdir_raw, pr, active):
    """calcnw written out from §4.1 step 3 (no constant rows)."""
    S, r = Wdir_raw.shape
    norms = np.sqrt(np.sum(Wdir_raw ** 2, axis=1, keepdims=True))
    Wdir = np.sign(Wdir_raw) if r == 1 else Wdir_raw / norms
    w_mag = 0.7 * S ** (1.0 / r)
    W = w_mag * Wdir
    b = np.zeros((1, 1)) if S == 1 else (
        w_mag * (-1.0 + np.arange(S) * 2.0 / (S - 1)).reshape(-1, 1) * np.sign(W[:, :1]))
    nmin, nmax = active
    x, y = (nmax - nmin) / 2.0, (nmax + nmin) / 2.0
    W, b = x * W, x * b + y
    pr = np.asarray(pr, dtype=float)
    xk = 2.0 / (pr[:, 1] - pr[:, 0])
    yk = 1.0 - pr[:, 1] * xk
    b = b + W @ yk.reshape(-1, 1)
    return W * xk, b


def test_initnw_constant_input_row_gets_zero_column_and_fewer_draws():
    # Row 1 ([3, 3]) is constant: r = 2, one rand(3, 2) draw (6 uniforms) for layer 1, then
    # rand(1, 3) for LW and rand(1, 1) for b2 -- 10 uniforms in all, not 13.
    pr = [[0, 1], [3, 3], [-2, 2]]
    u = matlab_uniforms(11)
    raw = 2.0 * u[:6].reshape((3, 2), order="F") - 1.0
    W, b = _nw_expected(raw, [[0, 1], [-2, 2]], (-2.0, 2.0))
    nn.rng(0)
    net = nn.newff(pr, [3, 1], ["tansig", "purelin"])
    IW = net.IW[0, 0]
    np.testing.assert_array_equal(IW[:, 1], np.zeros(3))
    np.testing.assert_allclose(IW[:, [0, 2]], W, rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(net.b[0], b, rtol=1e-14, atol=1e-14)
    np.testing.assert_array_equal(net.LW[1, 0].ravel(), 2.0 * u[6:9] - 1.0)
    np.testing.assert_array_equal(net.b[1].ravel(), [2.0 * u[9] - 1.0])
    np.testing.assert_array_equal(nn.rand(1, 1), [[u[10]]])


def test_initnw_all_inputs_constant_gives_zero_layer():
    net = nn.newff([[2, 2]], [3, 1], ["tansig", "purelin"], rng=0)
    np.testing.assert_array_equal(net.IW[0, 0], np.zeros((3, 1)))
    np.testing.assert_array_equal(net.b[0], np.zeros((3, 1)))
    u = matlab_uniforms(4)  # layer 1 drew nothing
    np.testing.assert_array_equal(net.LW[1, 0].ravel(), 2.0 * u[:3] - 1.0)


def test_purelin_layer_uses_rands_fallback():
    # One purelin layer: W = rands(2, 1), then b = rands(2, 1).
    u = matlab_uniforms(4)
    net = nn.newff([[0, 1]], [2], ["purelin"], rng=0)
    np.testing.assert_array_equal(net.IW[0, 0].ravel(), 2.0 * u[:2] - 1.0)
    np.testing.assert_array_equal(net.b[0].ravel(), 2.0 * u[2:4] - 1.0)


def test_poslin_hidden_layer_then_tansig_nguyen_widrow():
    # Layer 1 poslin (active range [0, inf]): rands(3, 2) from u[0:6], rands(3, 1) from u[6:9].
    # Layer 2 tansig, S = 2, sources are 3 poslin outputs with range [0, inf] clipped to
    # [0, 1]: r = 3, one rand(2, 3) from u[9:15] (column-major), normr per row,
    # wMag = 0.7 * 2^(1/3), xk = 2, yk = -1.
    u = matlab_uniforms(15)
    net = nn.newff([[-1, 1], [0, 2]], [3, 2], ["poslin", "tansig"], rng=0)
    np.testing.assert_array_equal(net.IW[0, 0], 2.0 * u[:6].reshape((3, 2), order="F") - 1.0)
    np.testing.assert_array_equal(net.b[0].ravel(), 2.0 * u[6:9] - 1.0)
    raw = 2.0 * u[9:15].reshape((2, 3), order="F") - 1.0
    W, b = _nw_expected(raw, [[0, 1]] * 3, (-2.0, 2.0))
    np.testing.assert_allclose(net.LW[1, 0], W, rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(net.b[1], b, rtol=1e-14, atol=1e-14)
    # Each row of LW has length 2*wMag*xk... i.e. |row| = 2 * 0.7 * 2^(1/3) * 2.
    np.testing.assert_allclose(np.linalg.norm(net.LW[1, 0], axis=1),
                               [4 * 0.7 * 2 ** (1 / 3)] * 2, rtol=1e-14)


def test_tansig_tansig_second_layer_nguyen_widrow():
    # Layer 2 sources: 4 tansig outputs with range [-1, 1] (xk = 1, yk = 0, so b = x*b);
    # S2 = 3, r = 4: wMag = 0.7 * 3^(1/4); u[0:4] went to layer 1 (r = 1), u[4:16] to layer 2.
    u = matlab_uniforms(16)
    net = nn.newff([[-1, 1]], [4, 3], ["tansig", "tansig"], rng=0)
    raw = 2.0 * u[4:16].reshape((3, 4), order="F") - 1.0
    W, b = _nw_expected(raw, [[-1, 1]] * 4, (-2.0, 2.0))
    np.testing.assert_allclose(net.LW[1, 0], W, rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(net.b[1], b, rtol=1e-14, atol=1e-14)
    W1, b1 = _nw_expected((2.0 * u[:4] - 1.0).reshape(4, 1), [[-1, 1]], (-2.0, 2.0))
    np.testing.assert_array_equal(net.IW[0, 0], W1)
    np.testing.assert_allclose(net.b[0], b1, rtol=1e-15, atol=1e-15)


def test_single_neuron_nw_layer_has_zero_bias_before_shift():
    # S == 1: b = 0, then b = x*0 + y = 0 for tansig, then b += W*yk.
    u = matlab_uniforms(2)
    net = nn.newff([[0, 4]], [1], ["tansig"], rng=0)
    s = np.sign(2 * u[0] - 1)
    W = 2.0 * (0.7 * s)
    np.testing.assert_array_equal(net.IW[0, 0], [[W * 0.5]])
    np.testing.assert_array_equal(net.b[0], [[W * -1.0]])


# -- init / reproducibility ------------------------------------------------------------------

def test_init_returns_new_net_and_leaves_old_unchanged():
    net = nn.newff([[0, 10]], [5, 1], ["tansig", "purelin"], "traingd", rng=0)
    before = nn.getwb(net)
    nn.rng(3)
    net2 = nn.init(net)
    assert net2 is not net
    np.testing.assert_array_equal(nn.getwb(net), before)
    assert not np.array_equal(nn.getwb(net2), before)
    # Same draws give the same weights: init after rng(0) reproduces newff's.
    nn.rng(0)
    np.testing.assert_array_equal(nn.getwb(nn.init(net)), before)
    np.testing.assert_array_equal(nn.getwb(nn.init(net, rng=0)), before)


def test_same_seed_identical_nets():
    a = nn.newff([[-1, 1], [0, 5]], [4, 3, 2], ["tansig", "logsig", "purelin"], rng=42)
    b = nn.newff([[-1, 1], [0, 5]], [4, 3, 2], ["tansig", "logsig", "purelin"], rng=42)
    np.testing.assert_array_equal(nn.getwb(a), nn.getwb(b))
    nn.rng(42)
    c = nn.newff([[-1, 1], [0, 5]], [4, 3, 2], ["tansig", "logsig", "purelin"])
    np.testing.assert_array_equal(nn.getwb(c), nn.getwb(a))
    d = nn.newff([[-1, 1], [0, 5]], [4, 3, 2], ["tansig", "logsig", "purelin"], rng=43)
    assert not np.array_equal(nn.getwb(d), nn.getwb(a))


def test_initzero_layer():
    net = nn.newff([[0, 1]], [3, 1], ["tansig", "purelin"], rng=0)
    net.layers[1].initFcn = "initzero"
    net2 = nn.init(net, rng=0)
    np.testing.assert_array_equal(net2.LW[1, 0], np.zeros((1, 3)))
    np.testing.assert_array_equal(net2.b[1], np.zeros((1, 1)))
    np.testing.assert_array_equal(net2.IW[0, 0], net.IW[0, 0])
