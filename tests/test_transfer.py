"""Transfer functions: MATLAB reference values, derivatives against finite differences,
extreme inputs, and the public wrappers.

Reference values: MATLAB_REFERENCE.md §10 item 7 (tansig, logsig, softmax of the doc inputs)
and the formulas of §8.
"""

import warnings

import numpy as np
import pytest

import pyneuro as nn
from pyneuro.errors import UnknownFunctionError
from pyneuro.transfer import TRANSFER_FUNCTIONS, get_transfer

ALL = sorted(TRANSFER_FUNCTIONS)

# Where each function (or its derivative) is not differentiable. Finite differences are only
# meaningful away from these points; a function not listed here is taken to be smooth.
KINKS = {
    "hardlim": (0.0,),
    "hardlims": (0.0,),
    "poslin": (0.0,),
    "satlin": (0.0, 1.0),
    "satlins": (-1.0, 1.0),
}

H = 1e-6  # central-difference step


def _points(name, shape, seed):
    """Random net inputs in [-3, 3], pushed more than 1e-3 away from the function's kinks."""
    N = np.random.RandomState(seed).uniform(-3.0, 3.0, size=shape)
    for k in KINKS.get(name, ()):
        near = np.abs(N - k) <= 2e-3
        N[near] = k + np.where(N[near] >= k, 0.01, -0.01)
    for k in KINKS.get(name, ()):
        assert np.min(np.abs(N - k)) > 1e-3
    return N


# -- reference values (MATLAB_REFERENCE §10 item 7) -----------------------------------------

DOC_N = [-2, -1, 0, 0.5, 1, 2]


def test_tansig_doc_values():
    np.testing.assert_allclose(nn.tansig(DOC_N),
                               [-0.9640, -0.7616, 0, 0.4621, 0.7616, 0.9640], atol=5e-5)


def test_logsig_doc_values():
    np.testing.assert_allclose(nn.logsig(DOC_N),
                               [0.1192, 0.2689, 0.5, 0.6225, 0.7311, 0.8808], atol=5e-5)


def test_softmax_doc_values():
    A = nn.softmax([[0], [1], [-0.5], [0.5]])
    assert A.shape == (4, 1)
    np.testing.assert_allclose(A.ravel(), [0.1674, 0.4551, 0.1015, 0.2760], atol=5e-5)


def test_simple_functions_by_formula():
    N = np.array([[-2.0, -1.0, -0.5, 0.0, 0.25, 0.5, 1.0, 3.0]])
    np.testing.assert_array_equal(nn.purelin(N), N)
    np.testing.assert_array_equal(nn.poslin(N), [[0, 0, 0, 0, 0.25, 0.5, 1, 3]])
    np.testing.assert_array_equal(nn.satlin(N), [[0, 0, 0, 0, 0.25, 0.5, 1, 1]])
    np.testing.assert_array_equal(nn.satlins(N), [[-1, -1, -0.5, 0, 0.25, 0.5, 1, 1]])
    # MATLAB: hardlim(n) = (n >= 0), so hardlim(0) = 1; hardlims(0) = 1 too.
    np.testing.assert_array_equal(nn.hardlim(N), [[0, 0, 0, 1, 1, 1, 1, 1]])
    np.testing.assert_array_equal(nn.hardlims(N), [[-1, -1, -1, 1, 1, 1, 1, 1]])
    np.testing.assert_allclose(nn.radbas(N), np.exp(-N ** 2), rtol=1e-15)
    np.testing.assert_allclose(nn.elliotsig(N), N / (1 + np.abs(N)), rtol=1e-15)


def test_softmax_columns_sum_to_one_and_are_independent():
    N = np.random.RandomState(3).uniform(-5, 5, size=(4, 6))
    A = nn.softmax(N)
    np.testing.assert_allclose(A.sum(axis=0), np.ones(6), rtol=1e-15)
    for q in range(6):
        e = np.exp(N[:, q])
        np.testing.assert_allclose(A[:, q], e / e.sum(), rtol=1e-14)


# -- tansig: MATLAB's formula to the bit -----------------------------------------------------

def test_tansig_is_matlab_formula_bit_for_bit():
    N = np.concatenate([np.random.RandomState(0).uniform(-20, 20, 2000),
                        np.linspace(-1e-8, 1e-8, 101), [-350.0, 350.0, 0.0]])
    expected = 2.0 / (1.0 + np.exp(-2.0 * N)) - 1.0
    np.testing.assert_array_equal(nn.tansig(N), expected)


def test_tansig_within_an_ulp_of_tanh():
    N = np.random.RandomState(1).uniform(-10, 10, 5000)
    # Absolute ulps of 1: the formula cancels near 0, so a relative bound would be wrong.
    assert np.max(np.abs(nn.tansig(N) - np.tanh(N))) <= 2 * np.finfo(float).eps


# -- derivatives against central differences -------------------------------------------------

@pytest.mark.parametrize("name", ALL)
def test_deriv_matches_finite_differences(name):
    tf = TRANSFER_FUNCTIONS[name]
    if tf.deriv is None:
        # Only a function whose Jacobian couples elements (softmax) may lack deriv; its
        # backprop is checked below.
        assert name == "softmax"
        return
    N = _points(name, (3, 5), seed=10)
    A = tf.apply(N.copy())
    D = tf.deriv(N, A)
    fd = (tf.apply(N + H) - tf.apply(N - H)) / (2 * H)
    np.testing.assert_allclose(D, fd, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name", ALL)
def test_backprop_matches_finite_differences(name):
    # backprop(N, A, gA) is the vector-Jacobian product d(sum(gA * f(N)))/dN; perturb each
    # element of N in turn, which covers softmax's coupled columns as well.
    tf = TRANSFER_FUNCTIONS[name]
    N = _points(name, (4, 3), seed=11)
    gA = np.random.RandomState(12).standard_normal(N.shape)
    A = tf.apply(N.copy())
    G = tf.backprop(N.copy(), A.copy(), gA.copy())
    assert G.shape == N.shape
    fd = np.empty_like(N)
    for idx in np.ndindex(*N.shape):
        Np, Nm = N.copy(), N.copy()
        Np[idx] += H
        Nm[idx] -= H
        fd[idx] = (np.sum(gA * tf.apply(Np)) - np.sum(gA * tf.apply(Nm))) / (2 * H)
    np.testing.assert_allclose(G, fd, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name", ALL)
def test_backprop_does_not_change_its_arguments(name):
    tf = TRANSFER_FUNCTIONS[name]
    N = _points(name, (3, 4), seed=13)
    A = tf.apply(N.copy())
    gA = np.random.RandomState(14).standard_normal(N.shape)
    N0, A0, g0 = N.copy(), A.copy(), gA.copy()
    tf.backprop(N, A, gA)
    np.testing.assert_array_equal(N, N0)
    np.testing.assert_array_equal(A, A0)
    np.testing.assert_array_equal(gA, g0)


def test_softmax_jacobian_vector_product_matches_finite_differences():
    # J v by a directional difference; softmax's Jacobian diag(a) - a a' is symmetric, so
    # backprop (J' v) must give the same.
    rs = np.random.RandomState(5)
    N = rs.uniform(-2, 2, size=(5, 3))
    v = rs.standard_normal(N.shape)
    tf = get_transfer("softmax")
    jv = (tf.apply(N + H * v) - tf.apply(N - H * v)) / (2 * H)
    np.testing.assert_allclose(tf.backprop(N, tf.apply(N.copy()), v), jv, rtol=1e-6,
                               atol=1e-9)


@pytest.mark.parametrize("name", ["tansig", "logsig", "purelin", "radbas"])
def test_public_derivative_formulas(name):
    # MATLAB NNT 4: dtansig = 1 - a^2, dlogsig = a(1 - a), dpurelin = 1, dradbas = -2 n a.
    N = np.array([[-1.5, -0.2, 0.0, 0.7, 2.0]])
    A = TRANSFER_FUNCTIONS[name].apply(N.copy())
    expected = {"tansig": 1 - A ** 2, "logsig": A * (1 - A), "purelin": np.ones_like(N),
                "radbas": -2 * N * A}[name]
    d = getattr(nn, "d" + name)
    np.testing.assert_allclose(d(N, A), expected, rtol=1e-15)
    np.testing.assert_allclose(d(N), expected, rtol=1e-15)  # A computed when omitted


# -- extreme inputs --------------------------------------------------------------------------

# f(-inf), f(-1e3), f(1e3), f(inf): the limits.
LIMITS = {
    "tansig": (-1, -1, 1, 1),
    "logsig": (0, 0, 1, 1),
    "purelin": (-np.inf, -1e3, 1e3, np.inf),
    "poslin": (0, 0, 1e3, np.inf),
    "satlin": (0, 0, 1, 1),
    "satlins": (-1, -1, 1, 1),
    "radbas": (0, 0, 0, 0),
    "hardlim": (0, 0, 1, 1),
    "hardlims": (-1, -1, 1, 1),
    "elliotsig": (-1, -1e3 / 1001, 1e3 / 1001, 1),
}
EXTREME = np.array([[-np.inf, -1e3, 1e3, np.inf]])


@pytest.mark.parametrize("name", [n for n in ALL if n != "softmax"])
def test_extreme_inputs_give_limits_without_warnings(name):
    tf = TRANSFER_FUNCTIONS[name]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        A = tf(EXTREME)
        A_nan = tf(np.array([[np.nan, 0.5]]))
    lo, hi = tf.output_range
    assert np.all((A >= lo) & (A <= hi)), A
    if name in LIMITS:
        np.testing.assert_array_equal(A, [LIMITS[name]])
    if name not in ("hardlim", "hardlims"):  # MATLAB's (n >= 0) maps NaN to 0 there
        assert np.isnan(A_nan[0, 0])
    np.testing.assert_array_equal(A_nan[:, 1], tf(np.array([[0.5]]))[:, 0])


@pytest.mark.parametrize("name", ALL)
def test_backprop_at_extreme_inputs_is_finite_without_warnings(name):
    # A diverging training run reaches huge or infinite net inputs; the backward pass must
    # not emit numpy RuntimeWarnings there (setup.cfg turns warnings into errors), and the
    # derivative of a saturating function tends to its limit (0), not NaN.
    tf = TRANSFER_FUNCTIONS[name]
    N = np.array([[1e3], [0.0], [-1e3], [np.inf]]) if name == "softmax" else EXTREME.copy()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        A = tf.apply(N.copy())
        G = tf.backprop(N.copy(), A, np.ones_like(N))
    assert np.all(np.isfinite(G)), G


def test_softmax_extreme_inputs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        big = nn.softmax([[1e3, -1e3], [0.0, -1e3], [-1e3, 1e3]])
        inf = nn.softmax([[np.inf], [0.0], [-np.inf]])
    np.testing.assert_array_equal(big, [[1, 0], [0, 0], [0, 1]])
    # The limit of exp(n)/sum(exp(n)) as one entry goes to +inf is 1 there, 0 elsewhere.
    np.testing.assert_array_equal(inf, [[1], [0], [0]])


def test_logsig_matches_matlab_formula_far_out():
    # MATLAB computes 1 ./ (1 + exp(-n)); for n = -1000 exp overflows to inf and the result
    # is exactly 0, and for n = -705 it is 1/(1 + e^705), about 4e-307 -- not clamped.
    N = np.array([-1000.0, -745.0, -705.0, -700.0, -30.0, 0.0, 30.0, 1000.0])
    with np.errstate(over="ignore"):
        expected = 1.0 / (1.0 + np.exp(-N))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = nn.logsig(N)
    np.testing.assert_array_equal(got, expected)


# -- the public wrappers ---------------------------------------------------------------------

@pytest.mark.parametrize("name", [n for n in ALL if hasattr(nn, n)])
def test_public_function_returns_a_fresh_array(name):
    f = getattr(nn, name)
    N = np.array([[0.25, -0.5], [0.75, 0.1]])
    N0 = N.copy()
    A = f(N)
    assert isinstance(A, np.ndarray) and A.shape == N.shape
    assert not np.shares_memory(A, N)
    A[...] = 123.0
    np.testing.assert_array_equal(N, N0)  # the caller's array is untouched


def test_purelin_does_not_alias_and_accepts_lists():
    N = np.array([[1.0, 2.0]])
    A = nn.purelin(N)
    A[0, 0] = 99
    assert N[0, 0] == 1.0
    np.testing.assert_array_equal(nn.tansig([0.0, 0.5]), nn.tansig(np.array([0.0, 0.5])))
    assert nn.tansig([[0.0, 0.5]]).dtype == np.float64


def test_registry_callable_copies_too():
    tf = get_transfer("purelin")
    N = np.array([[1.0, -1.0]])
    A = tf(N)
    A[0, 0] = 7
    assert N[0, 0] == 1.0


def test_get_transfer_is_case_insensitive_and_accepts_records():
    assert get_transfer("TanSig") is TRANSFER_FUNCTIONS["tansig"]
    assert get_transfer(TRANSFER_FUNCTIONS["logsig"]) is TRANSFER_FUNCTIONS["logsig"]


def test_get_transfer_unknown_name_lists_valid_names():
    with pytest.raises(UnknownFunctionError) as info:
        get_transfer("bogus")
    msg = str(info.value)
    assert "bogus" in msg
    for name in ALL:
        assert name in msg
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("name", ALL)
def test_ranges_are_consistent(name):
    tf = TRANSFER_FUNCTIONS[name]
    lo, hi = tf.output_range
    alo, ahi = tf.active_range
    assert lo <= hi and alo <= ahi
    # Outputs of random net inputs stay in the declared output range.
    A = tf(np.random.RandomState(2).uniform(-10, 10, size=(3, 50)))
    assert np.all((A >= lo) & (A <= hi))


def test_matlab_active_and_output_ranges():
    # MATLAB_REFERENCE §8 table.
    expected = {
        "tansig": ((-1, 1), (-2, 2)), "logsig": ((0, 1), (-4, 4)),
        "purelin": ((-np.inf, np.inf), (-np.inf, np.inf)), "poslin": ((0, np.inf), (0, np.inf)),
        "satlin": ((0, 1), (0, 1)), "satlins": ((-1, 1), (-1, 1)),
        "radbas": ((0, 1), (-2, 2)), "hardlim": ((0, 1), (0, 0)),
        "hardlims": ((-1, 1), (0, 0)), "softmax": ((0, 1), (-np.inf, np.inf)),
    }
    for name, (out, active) in expected.items():
        tf = TRANSFER_FUNCTIONS[name]
        assert tuple(tf.output_range) == out, name
        assert tuple(tf.active_range) == active, name
