"""The processing registry (what networks' processFcns name): processpca against its
documented behaviour, and every function's apply/reverse round trip and settings round trip
through to_dict/from_dict (mapminmax, mapstd, removeconstantrows and fixunknowns are checked
against MATLAB's documented examples in test_preprocessing.py)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import pyneuro as nn
from pyneuro.errors import DataFormatError, ShapeError
from pyneuro.preprocessing import (PROCESSING_FUNCTIONS, apply_chain, process_chain,
                                   reverse_chain, settings_from_dict)


def test_processpca_help_example_drops_the_redundant_row():
    # MATLAB help: an independent row, a correlated row and their sum (redundant); processpca
    # keeps two uncorrelated rows (the third singular value is 0).
    rs = np.random.RandomState(0)
    a = rs.rand(1, 5)
    b = rs.rand(1, 5) + a
    x = np.vstack([a, b, a + b])
    y, ps = nn.processpca(x, 0.001)
    assert ps.yrows == 2 and y.shape == (2, 5)
    np.testing.assert_allclose(ps.transform @ ps.transform.T, np.eye(2), atol=1e-12)
    yy = y @ y.T
    assert abs(yy[0, 1]) < 1e-10 * yy[0, 0]  # rows uncorrelated (no centring, as MATLAB)
    assert yy[0, 0] >= yy[1, 1]  # in decreasing order of variance
    np.testing.assert_allclose(nn.processpca("reverse", y, ps), x, atol=1e-12)
    np.testing.assert_allclose(nn.processpca("apply", x, ps), y)


def test_processpca_by_hand_two_by_two():
    # x = [[3, 0], [0, 1]]: singular values 3 and 1, variances 9 and 1 (Q - 1 = 1), fractions
    # 0.9 and 0.1; maxfrac 0.2 keeps only the first, transform = ±[1 0].
    y, ps = nn.processpca([[3.0, 0.0], [0.0, 1.0]], 0.2)
    assert ps.yrows == 1
    np.testing.assert_allclose(np.abs(ps.transform), [[1.0, 0.0]])
    np.testing.assert_allclose(np.abs(y), [[3.0, 0.0]])


def test_processpca_errors():
    with pytest.raises(DataFormatError, match="fixunknowns"):
        nn.processpca([[1.0, np.nan, 2.0]])
    with pytest.raises(ShapeError, match="more rows than columns"):
        nn.processpca(np.ones((3, 2)))


DATA = hnp.arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(5, 12)),
                  elements=st.floats(-1e3, 1e3, allow_nan=False))


@settings(max_examples=40, deadline=None)
@given(x=DATA, name=st.sampled_from(sorted(PROCESSING_FUNCTIONS)))
def test_every_processing_function_round_trips(x, name):
    fcn = PROCESSING_FUNCTIONS[name]
    y, ps = fcn.create(x, {})
    np.testing.assert_allclose(fcn.apply(x, ps), y, rtol=1e-12, atol=1e-9)
    back = fcn.reverse(y, ps)
    if name == "removeconstantrows":  # removed rows come back at their (constant) value
        np.testing.assert_allclose(back, x, rtol=1e-12, atol=1e-9)
    elif name == "processpca":
        # Dropped components are lost; with maxfrac 0 only exact zeros are dropped.
        np.testing.assert_allclose(back, x, rtol=1e-7, atol=1e-7 * (1 + np.abs(x).max()))
    else:
        np.testing.assert_allclose(back, x, rtol=1e-9, atol=1e-9 * (1 + np.abs(x).max()))
    assert settings_from_dict(ps.to_dict()) == ps


@settings(max_examples=30, deadline=None)
@given(x=DATA)
def test_newff_chains_round_trip(x):
    fcns = ["fixunknowns", "removeconstantrows", "mapminmax"]
    params = [PROCESSING_FUNCTIONS[f].param_struct() for f in fcns]
    y, ps = process_chain(x, fcns, params)
    np.testing.assert_allclose(apply_chain(x, fcns, ps), y)
    np.testing.assert_allclose(reverse_chain(y, fcns, ps), x, rtol=1e-9,
                               atol=1e-9 * (1 + np.abs(x).max()))
    assert np.all(np.abs(y) <= 1 + 1e-12)


def test_fixunknowns_doc_example():
    # MATLAB doc input x1 = [1 2 3 4; 4 NaN 6 5; NaN 2 3 NaN]; by its rule each row with NaN
    # becomes the row with NaN replaced by the row's mean (5 and 2.5), then a known-flag row.
    x1 = [[1, 2, 3, 4], [4, np.nan, 6, 5], [np.nan, 2, 3, np.nan]]
    y1, ps = nn.fixunknowns(x1)
    np.testing.assert_array_equal(y1, [[1, 2, 3, 4], [4, 5, 6, 5], [1, 0, 1, 1],
                                       [2.5, 2, 3, 2.5], [0, 1, 1, 0]])
    np.testing.assert_array_equal(nn.fixunknowns("reverse", y1, ps), x1)


def test_removeconstantrows_doc_example():
    # MATLAB doc inputs (as mapminmax's): rows 2 and 4 of x1 are constant and removed; the
    # same rows go from x2 on 'apply'; 'reverse' puts them back at their values.
    x1 = np.array([[1, 2, 4], [1, 1, 1], [3, 2, 2], [0, 0, 0]], dtype=float)
    y1, ps = nn.removeconstantrows(x1)
    np.testing.assert_array_equal(y1, [[1, 2, 4], [3, 2, 2]])
    x2 = [[5, 2, 3], [1, 1, 1], [6, 7, 3], [0, 0, 0]]
    np.testing.assert_array_equal(nn.removeconstantrows("apply", x2, ps), [[5, 2, 3], [6, 7, 3]])
    np.testing.assert_array_equal(nn.removeconstantrows("reverse", y1, ps), x1)
