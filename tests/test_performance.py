"""Performance functions: MATLAB doc values, hand-computed values, derivatives against
finite differences, and the call forms.

Reference: MATLAB_REFERENCE.md §7 (formulas) and §10 item 6 (mse/dmse doc example).
"""

import numpy as np
import pytest

import pyneuro as nn
from pyneuro.errors import UnknownFunctionError
from pyneuro.performance import PERFORMANCE_FUNCTIONS, get_performance

ALL = sorted(PERFORMANCE_FUNCTIONS)
H = 1e-6


# -- MATLAB doc example (§10 item 6) ---------------------------------------------------------

E_DOC = np.array([[1.0], [-2.0], [0.5]])


def test_mse_doc_example():
    # (1 + 4 + 0.25) / 3 = 1.75
    assert nn.mse(E_DOC) == 1.75
    assert nn.mse([[1], [-2], [0.5]]) == 1.75


def test_dmse_e_doc_example():
    d = nn.dmse("e", E_DOC)
    assert d.shape == (3, 1)
    np.testing.assert_allclose(d, [[0.6667], [-1.3333], [0.3333]], atol=5e-5)
    np.testing.assert_allclose(d, 2 * E_DOC / 3, rtol=1e-15)


def test_dmse_x_doc_example():
    d = nn.dmse("x", E_DOC, np.zeros(6))
    assert d.shape == (6, 1)
    np.testing.assert_array_equal(d, np.zeros((6, 1)))


def test_derivative_code_must_be_e_or_x():
    with pytest.raises(ValueError):
        nn.dmse("q", E_DOC)


# -- values by hand --------------------------------------------------------------------------

E2 = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.5]])  # N = 6
# squares: 1 4 0.25 9 0 2.25 -> sum 16.5;  |E|: 1 2 0.5 3 0 1.5 -> sum 8
X2 = np.array([0.5, -1.0, 2.0, 0.0])  # sum of squares 0.25 + 1 + 4 + 0 = 5.25, numel 4


def test_sse_by_hand():
    assert nn.sse(E2) == 16.5


def test_mse_by_hand():
    assert nn.mse(E2) == pytest.approx(16.5 / 6, rel=1e-15)


def test_mae_by_hand():
    assert nn.mae(E2) == pytest.approx(8 / 6, rel=1e-15)


def test_sae_by_hand():
    assert nn.sae(E2) == 8.0


def test_msereg_default_ratio_is_0_9():
    # 0.9 * 16.5/6 + 0.1 * 5.25/4 = 2.475 + 0.13125 = 2.60625
    assert nn.msereg(E2, X2) == pytest.approx(2.60625, rel=1e-14)
    assert PERFORMANCE_FUNCTIONS["msereg"].defaults == {"ratio": 0.9}


def test_msereg_doc_ratio():
    # MATLAB doc example uses ratio = 20/21: 20/21 * 2.75 + 1/21 * 1.3125 = 56.3125/21
    r = 20 / 21
    assert nn.msereg(E2, X2, {"ratio": r}) == pytest.approx(56.3125 / 21, rel=1e-14)


def test_msereg_without_weights_is_ratio_times_mse():
    assert nn.msereg(E2) == pytest.approx(0.9 * 16.5 / 6, rel=1e-15)


def test_cell_array_of_errors_is_pooled():
    # MATLAB pools cell arrays: N is the total number of elements (6 here).
    E_cells = [np.array([[1.0, -2.0]]), np.array([[0.5, 3.0, 0.0, -1.5]])]
    assert nn.mse(E_cells) == pytest.approx(16.5 / 6, rel=1e-15)
    assert nn.sse(E_cells) == 16.5


def test_public_derivatives_by_hand():
    N = E2.size
    np.testing.assert_allclose(nn.dsse("e", E2), 2 * E2, rtol=1e-15)
    np.testing.assert_allclose(nn.dmse("e", E2), 2 * E2 / N, rtol=1e-15)
    # pyneuro's dmae carries the 1/N that NNT 4 omitted (documented choice).
    np.testing.assert_allclose(nn.dmae("e", E2), np.sign(E2) / N, rtol=1e-15)
    np.testing.assert_allclose(nn.dsae("e", E2), np.sign(E2), rtol=1e-15)
    np.testing.assert_allclose(nn.dmsereg("e", E2, X2), 0.9 * 2 * E2 / N, rtol=1e-15)
    # MATLAB's d*('x') is the *negative* gradient: -(1 - ratio) * 2 X / numel(X).
    np.testing.assert_allclose(nn.dmsereg("x", E2, X2),
                               (-(1 - 0.9) * 2 * X2 / 4).reshape(-1, 1), rtol=1e-14)
    for f in (nn.dmse, nn.dsse, nn.dmae, nn.dsae):
        np.testing.assert_array_equal(f("x", E2, X2), np.zeros((4, 1)))


def test_dmsereg_uses_given_ratio():
    np.testing.assert_allclose(nn.dmsereg("e", E2, X2, None, {"ratio": 0.5}), 0.5 * 2 * E2 / 6,
                               rtol=1e-15)


# -- every registered function against finite differences ------------------------------------

def _errors_away_from_zero(seed, shape=(2, 5)):
    E = np.random.RandomState(seed).uniform(-2, 2, size=shape)
    E[np.abs(E) < 1e-2] = 0.5  # |E| has a kink at 0 (mae, sae)
    return E


@pytest.mark.parametrize("name", ALL)
def test_grad_e_matches_finite_differences(name):
    pf = PERFORMANCE_FUNCTIONS[name]
    param = dict(pf.defaults)
    E = _errors_away_from_zero(20)
    X = np.random.RandomState(21).standard_normal(7)
    G = pf.grad_e(E, X, param)
    assert G.shape == E.shape
    fd = np.empty_like(E)
    for idx in np.ndindex(*E.shape):
        Ep, Em = E.copy(), E.copy()
        Ep[idx] += H
        Em[idx] -= H
        fd[idx] = (pf.perf(Ep, X, param) - pf.perf(Em, X, param)) / (2 * H)
    np.testing.assert_allclose(G, fd, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("name", ALL)
def test_grad_x_matches_finite_differences(name):
    pf = PERFORMANCE_FUNCTIONS[name]
    param = dict(pf.defaults)
    E = _errors_away_from_zero(22)
    X = np.random.RandomState(23).standard_normal(7)
    fd = np.empty_like(X)
    for k in range(X.size):
        Xp, Xm = X.copy(), X.copy()
        Xp[k] += H
        Xm[k] -= H
        fd[k] = (pf.perf(E, Xp, param) - pf.perf(E, Xm, param)) / (2 * H)
    if pf.grad_x is None:
        # No regulariser: the performance must not depend on X at all.
        np.testing.assert_array_equal(fd, np.zeros_like(X))
    else:
        np.testing.assert_allclose(pf.grad_x(E, X, param), fd, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("name", ALL)
def test_public_function_equals_registry(name):
    pf = PERFORMANCE_FUNCTIONS[name]
    E = _errors_away_from_zero(24)
    X = np.random.RandomState(25).standard_normal(3)
    f = getattr(nn, name)
    assert f(E, X) == pytest.approx(pf.perf(E, X, dict(pf.defaults)), rel=1e-15)


@pytest.mark.parametrize("name", ALL)
def test_sse_scale_describes_the_function(name):
    # Where set, sse_scale(N) * sum(E^2) must equal the performance (Levenberg-Marquardt
    # relies on it).
    pf = PERFORMANCE_FUNCTIONS[name]
    if pf.sse_scale is None:
        return
    E = _errors_away_from_zero(26)
    assert pf.perf(E, np.zeros(0), dict(pf.defaults)) == pytest.approx(
        pf.sse_scale(E.size) * np.sum(E ** 2), rel=1e-14)


# -- call forms and errors -------------------------------------------------------------------

def test_modern_form_net_t_y():
    net = nn.newff([[0, 1]], [2, 1], ["tansig", "purelin"], "traingd", rng=1)
    T = np.array([[1.0, 2.0, 3.0]])
    Y = np.array([[0.5, 2.5, 1.0]])
    # errors 0.5 -0.5 2 -> squares 0.25 0.25 4 -> mse 4.5/3 = 1.5, sse 4.5, mae 1
    assert nn.mse(net, T, Y) == pytest.approx(1.5, rel=1e-15)
    assert nn.sse(net, T, Y) == pytest.approx(4.5, rel=1e-15)
    assert nn.mae(net, T, Y) == pytest.approx(1.0, rel=1e-15)


def test_modern_form_needs_t_and_y():
    net = nn.newff([[0, 1]], [2, 1], ["tansig", "purelin"], "traingd", rng=1)
    with pytest.raises(TypeError):
        nn.mse(net, [[1.0]])


def test_unknown_performance_lists_names():
    with pytest.raises(UnknownFunctionError) as info:
        get_performance("bogus")
    for name in ALL:
        assert name in str(info.value)


def test_get_performance_case_insensitive():
    assert get_performance("MSE") is PERFORMANCE_FUNCTIONS["mse"]


def test_net_performFcn_unknown_raises_and_msereg_sets_ratio():
    net = nn.newff([[0, 1]], [2, 1], ["tansig", "purelin"], "traingd", rng=1)
    with pytest.raises(UnknownFunctionError):
        net.performFcn = "bogus"
    assert net.performFcn == "mse"
    net.performFcn = "msereg"
    assert net.performParam.ratio == 0.9
    net.performParam.ratio = 0.5
    net.performFcn = "msereg"  # assigning performFcn resets performParam (MATLAB §3.4)
    assert net.performParam.ratio == 0.9


def test_msereg_takes_the_networks_perform_param():
    net = nn.newff([[0, 1]], [2, 1], ["tansig", "purelin"], "traingd", "learngdm", "msereg",
                   rng=0)
    net.performParam.ratio = 0.5
    E = np.array([[1.0, -2.0]])
    X = np.array([1.0, 3.0])
    assert nn.msereg(E, X, net.performParam) == 0.5 * 2.5 + 0.5 * 5.0
    np.testing.assert_allclose(nn.dmsereg("x", E, X, None, net.performParam).ravel(),
                               -(1 - 0.5) * 2 * X / 2)
