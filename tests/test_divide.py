"""Data division functions against MATLAB's documented examples and the set sizes of
MATLAB 7's ``divide_indices`` (ratios normalised by their sum, ``round`` halves up for the
validation and test sets, training gets the rest), plus properties."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pyneuro as nn
from pyneuro.divide import DIVISION_FUNCTIONS, divide_indices, randperm
from pyneuro.errors import ParameterError, UnknownFunctionError


def _lists(sets):
    return [s.tolist() for s in sets]


def test_divideind_doc_example():
    # MATLAB doc: divideind(20, 1:8, 9:12, 14:16) returns the lists as given (1-based there).
    sets = nn.divideind(20, np.arange(1, 9) - 1, np.arange(9, 13) - 1, np.arange(14, 17) - 1)
    assert _lists(sets) == [list(range(0, 8)), list(range(8, 12)), list(range(13, 16))]


def test_divideind_drops_indices_beyond_q():
    # MATLAB doc: "The indices are returned after removing any indices greater than Q".
    assert _lists(nn.divideind(5, [0, 1, 7], [2, 9], [4])) == [[0, 1], [2], [4]]


def test_dividetrain_doc():
    # MATLAB doc: trainInd = 1:Q, valInd = [], testInd = [].
    assert _lists(nn.dividetrain(250)) == [list(range(250)), [], []]


def test_dividerand_doc_sizes():
    # MATLAB help: dividerand(250, 0.7, 0.15, 0.15): round(0.15*250) = round(37.5) = 38 each
    # (MATLAB rounds halves away from zero; Python's round would give 38 here by luck of
    # evenness, 37.5 -> 38, but 36.5 -> 36: see the next test).
    tr, va, te = nn.dividerand(250, 0.7, 0.15, 0.15, rng=0)
    assert (len(tr), len(va), len(te)) == (174, 38, 38)


def test_round_halves_up_as_matlab():
    # Q = 146, ratios 0.5/0.25/0.25: 0.25*146 = 36.5 -> 37 (MATLAB), not 36 (banker's).
    tr, va, te = nn.divideblock(146, 0.5, 0.25, 0.25)
    assert (len(tr), len(va), len(te)) == (72, 37, 37)


def test_divideblock_doc_example():
    # MATLAB doc example divideblock(3000, 0.6, 0.2, 0.2): blocks of 1800, 600, 600 in order.
    tr, va, te = nn.divideblock(3000, 0.6, 0.2, 0.2)
    assert tr.tolist() == list(range(1800))
    assert va.tolist() == list(range(1800, 2400))
    assert te.tolist() == list(range(2400, 3000))


def test_divideint_hand_derivation():
    # divideint(10, 0.6, 0.2, 0.2), MATLAB's rule: sample i goes to the set with the largest
    # ratio - count/(i-1) (the first on ties). Counts (train, val, test) after each sample:
    # 1: d=[.6 .2 .2] -> train (1,0,0); 2: d=[-.4 .2 .2] -> val (1,1,0);
    # 3: d=[.1 -.3 .2] -> test (1,1,1); 4: d=[.27 -.13 -.13] -> train (2,1,1);
    # 5: d=[.1 -.05 -.05] -> train (3,1,1); 6: d=[0 0 0] -> train (4,1,1);
    # 7: d=[-.07 .03 .03] -> val (4,2,1); 8: d=[.03 -.09 .06] -> test (4,2,2);
    # 9: d=[.1 -.05 -.05] -> train (5,2,2); 10: d=[.04 -.02 -.02] -> train (6,2,2).
    assert _lists(nn.divideint(10, 0.6, 0.2, 0.2)) == [[0, 3, 4, 5, 8, 9], [1, 6], [2, 7]]


def test_divideint_doc_example_sizes():
    tr, va, te = nn.divideint(3000, 0.6, 0.2, 0.2)
    assert (len(tr), len(va), len(te)) == (1800, 600, 600)


def test_randperm_is_matlabs_pre_2011b_sort_of_rand():
    # [~, p] = sort(rand(1, 5)) after rng(0): rand gives 0.8147 0.9058 0.1270 0.9134 0.6324
    # (MATLAB's documented rng default values), so p = [3 5 1 2 4] (1-based).
    assert randperm(5, rng=0).tolist() == [2, 4, 0, 1, 3]


def test_dividerand_draws_from_the_matlab_stream():
    # With rng(0) and Q = 5, ratios 0.6/0.2/0.2: randperm = [3 5 1 2 4] (1-based, above),
    # numVal = round(1) = 1, numTest = 1, numTrain = 3: train = sort([3 5 1]), val = 2,
    # test = 4.
    assert _lists(nn.dividerand(5, 0.6, 0.2, 0.2, rng=0)) == [[0, 2, 4], [1], [3]]


def test_nnt6_data_form_returns_columns_then_indices():
    X = np.arange(20.0).reshape(2, 10)
    trainV, valV, testV, tr, va, te = nn.divideblock(X, 0.6, 0.2, 0.2)
    np.testing.assert_array_equal(trainV, X[:, :6])
    np.testing.assert_array_equal(valV, X[:, 6:8])
    np.testing.assert_array_equal(testV, X[:, 8:])
    assert tr.tolist() == list(range(6))


def test_errors():
    with pytest.raises(UnknownFunctionError, match="dividerand"):
        divide_indices("divideby", 10, {})
    with pytest.raises(ParameterError, match="share"):
        nn.divideind(10, [0, 1], [1], [])
    with pytest.raises(ParameterError, match="trainRatio"):
        nn.dividerand(10, -1, 0.1, 0.1)


RATIOS = st.tuples(st.floats(0.05, 1), st.floats(0, 1), st.floats(0, 1))


@settings(max_examples=60, deadline=None)
@given(Q=st.integers(0, 400), ratios=RATIOS, name=st.sampled_from(
    ["dividerand", "divideblock", "divideint"]), seed=st.integers(0, 2**32 - 1))
def test_partition_properties(Q, ratios, name, seed):
    tr, va, te = divide_indices(name, Q, dict(zip(["trainRatio", "valRatio", "testRatio"],
                                                  ratios)), rng=seed)
    everything = np.concatenate([tr, va, te])
    assert sorted(everything.tolist()) == list(range(Q))  # a partition of 0..Q-1
    for s in (tr, va, te):
        assert np.all(np.diff(s) > 0)  # sorted, no repeats
    if name != "divideint":
        total = sum(ratios)
        assert len(va) == min(int(np.floor(ratios[1] / total * Q + 0.5)), Q - len(te))
        assert len(te) == int(np.floor(ratios[2] / total * Q + 0.5))
    # Round trip: the sets handed to divideind come back unchanged.
    assert _lists(nn.divideind(Q, tr, va, te)) == _lists((tr, va, te))


def test_registry_covers_every_function():
    assert sorted(DIVISION_FUNCTIONS) == ["divideblock", "divideind", "divideint",
                                          "dividerand", "dividetrain"]
