"""Tests for pyneuro.metrics: postreg / regression and the error metrics."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from pyneuro.errors import DataFormatError, ParameterError, ShapeError
from pyneuro.metrics import ErrorMetrics, error_metrics, mape, postreg, r2, regression, rmse

T4 = [1.0, 2.0, 3.0, 4.0]
A4 = [1.1, 1.9, 3.2, 3.8]


# ---------------------------------------------------------------- reference values


def test_postreg_hand_worked_values():
    # t̄ = ā = 2.5; Σdt·da = 4.7, Σdt² = 5, Σda² = 4.5.
    m, b, r = postreg(A4, T4)
    assert m == pytest.approx(0.94)
    assert b == pytest.approx(2.5 - 0.94 * 2.5)
    assert r == pytest.approx(4.7 / math.sqrt(5 * 4.5))
    assert all(isinstance(v, float) for v in (m, b, r))


def test_regression_reverses_arguments_and_outputs():
    # NNT 7: [r, m, b] = regression(t, y); NNT 4: [m, b, r] = postreg(a, t).
    m, b, r = postreg(A4, T4)
    assert regression(T4, A4) == (r, m, b)


def test_perfect_fit():
    t = np.linspace(-3, 7, 11)
    m, b, r = postreg(t, t)
    assert (m, r) == pytest.approx((1.0, 1.0))
    assert b == pytest.approx(0.0, abs=1e-12)


def test_error_metrics_hand_worked_values():
    em = error_metrics(T4, A4)
    assert isinstance(em, ErrorMetrics)
    assert em.n == 4
    assert em.mse == pytest.approx(0.1 / 4)  # errors -0.1, 0.1, -0.2, 0.2
    assert em.rmse == pytest.approx(math.sqrt(0.025))
    assert em.mae == pytest.approx(0.15)
    assert em.r2 == pytest.approx(1 - 0.1 / 5)
    assert em.mape == pytest.approx(100 * (0.1 / 1 + 0.1 / 2 + 0.2 / 3 + 0.2 / 4) / 4)
    assert em.r == pytest.approx(postreg(A4, T4)[2])


def test_single_number_helpers_agree_with_the_record():
    em = error_metrics(T4, A4)
    assert (rmse(T4, A4), r2(T4, A4), mape(T4, A4)) == (em.rmse, em.r2, em.mape)


def test_r2_can_be_negative_and_is_not_r_squared():
    t = [1.0, 2.0, 3.0]
    y = [3.0, 4.0, 5.0]  # perfectly correlated, but off by 2
    em = error_metrics(t, y)
    assert em.r == pytest.approx(1.0)
    assert em.r2 == pytest.approx(1 - 12 / 2)


def test_mape_is_nan_when_a_target_is_zero():
    assert math.isnan(mape([0.0, 1.0], [0.5, 1.0]))
    assert not math.isnan(error_metrics([0.0, 1.0], [0.5, 1.0]).rmse)


# ---------------------------------------------------------------- numpy as the reference


finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(float, st.tuples(st.just(2), st.integers(3, 40)), elements=finite))
def test_regression_matches_numpy(data):
    t, y = data
    if np.ptp(t) < 1e-3 or np.ptp(y) < 1e-3:
        return  # undefined or ill-conditioned; covered by the NaN tests
    r, m, b = regression(t, y)
    m_ref, b_ref = np.polyfit(t, y, 1)
    assert m == pytest.approx(m_ref, rel=1e-6, abs=1e-6)
    assert b == pytest.approx(b_ref, rel=1e-6, abs=1e-6 * (1 + np.abs(t).max()))
    assert r == pytest.approx(np.corrcoef(t, y)[0, 1], rel=1e-9, abs=1e-9)
    assert -1 - 1e-12 <= r <= 1 + 1e-12


@settings(max_examples=40, deadline=None)
@given(hnp.arrays(float, st.tuples(st.integers(2, 4), st.just(30)), elements=finite))
def test_r2_equals_r_squared_for_a_least_squares_fit(X):
    # For predictions from an ordinary least-squares fit (with intercept), 1 - SSE/SST = r².
    t = X[0]
    if np.ptp(t) < 1e-3:
        return
    design = np.vstack([X[1:], np.ones(X.shape[1])]).T
    coef = np.linalg.lstsq(design, t, rcond=None)[0]
    fitted = design @ coef
    if np.ptp(fitted) < 1e-6:
        return
    em = error_metrics(t, fitted)
    assert em.r2 == pytest.approx(em.r ** 2, rel=1e-6, abs=1e-9)


def test_error_metrics_match_numpy_on_random_data():
    rng = np.random.default_rng(3)
    t = rng.uniform(5, 40, 200)
    y = t + rng.normal(0, 3, 200)
    em = error_metrics(t, y)
    assert em.mse == pytest.approx(np.mean((t - y) ** 2))
    assert em.mae == pytest.approx(np.mean(np.abs(t - y)))
    assert em.r == pytest.approx(np.corrcoef(t, y)[0, 1])
    assert em.r2 == pytest.approx(1 - np.sum((t - y) ** 2) / np.sum((t - t.mean()) ** 2))
    assert em.mape == pytest.approx(100 * np.mean(np.abs((t - y) / t)))


# ---------------------------------------------------------------- several rows, NaN, edges


def test_several_rows_give_one_value_per_row():
    T = np.array([[1, 2, 3, 4], [0, 1, 0, 1]], dtype=float)
    Y = np.array([[1, 2, 3, 5], [0, 1, 1, 1]], dtype=float)
    em = error_metrics(T, Y)
    assert em.rmse.shape == (2,) and em.n.tolist() == [4, 4]
    for k in range(2):
        assert em.rmse[k] == error_metrics(T[k], Y[k]).rmse
        assert em.r[k] == error_metrics(T[k], Y[k]).r
    m, b, r = postreg(Y, T)
    assert m.shape == b.shape == r.shape == (2,)


def test_regression_one_pools_the_rows():
    T = np.array([[1, 2, 3], [4, 5, 6]], dtype=float)
    Y = T + np.array([[0.1, -0.1, 0.0], [0.2, 0.0, -0.2]])
    pooled = regression(T, Y, "one")
    assert pooled == regression(T.ravel(), Y.ravel())
    assert regression(T, Y, one=True) == pooled
    with pytest.raises(ParameterError, match="'one'"):
        regression(T, Y, "all")


def test_nan_samples_are_left_out():
    t = [1.0, 2.0, np.nan, 4.0, 5.0]
    y = [1.0, 2.5, 3.0, np.nan, 5.0]
    em = error_metrics(t, y)
    assert em.n == 3
    assert em == error_metrics([1.0, 2.0, 5.0], [1.0, 2.5, 5.0])


def test_undefined_values_are_nan_without_warnings():
    # pytest runs with filterwarnings = error: a 0/0 RuntimeWarning would fail here.
    m, b, r = postreg([1.0, 2.0, 3.0], [2.0, 2.0, 2.0])  # constant targets
    assert all(math.isnan(v) for v in (m, b, r))
    assert math.isnan(regression([1.0, 2.0, 3.0], [5.0, 5.0, 5.0])[0])  # constant outputs
    em = error_metrics([2.0, 2.0], [1.0, 3.0])
    assert math.isnan(em.r) and math.isnan(em.r2) and em.mse == 1.0
    empty = error_metrics([np.nan], [1.0])
    assert empty.n == 0 and all(math.isnan(v) for v in empty[1:])


# ---------------------------------------------------------------- bad input


def test_shape_mismatch_is_reported_with_a_transpose_hint():
    with pytest.raises(ShapeError, match="transposed"):
        error_metrics(np.zeros((1, 5)), np.zeros((5, 1)))
    with pytest.raises(ShapeError, match=r"\(1, 5\) and \(1, 4\)"):
        postreg(np.zeros(5), np.zeros(4))


def test_bad_dimensions_and_types():
    with pytest.raises(ShapeError, match="2-D"):
        error_metrics(np.zeros((2, 2, 2)), np.zeros((2, 2, 2)))
    with pytest.raises(DataFormatError, match="real numbers"):
        regression(["a", "b"], [1, 2])


@pytest.mark.parametrize("function", [error_metrics, postreg, regression, rmse, r2, mape])
def test_targets_with_no_rows_are_a_shape_error(function):
    # Regression: error_metrics raised TypeError from ErrorMetrics(), postreg returned ().
    with pytest.raises(ShapeError, match=r"at least one row \(S >= 1\); got shape \(0, 3\)"):
        function(np.zeros((0, 3)), np.zeros((0, 3)))


def test_no_samples_is_not_an_error():
    em = error_metrics(np.zeros((1, 0)), np.zeros((1, 0)))
    assert em.n == 0 and math.isnan(em.mse)
