"""MATLAB habits that ported scripts rely on: empty performance data, old seeding calls, randn.

Each test names the MATLAB line it stands for.
"""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import pyneuro as nn
from pyneuro.errors import ParameterError


@pytest.fixture(autouse=True)
def restore_stream():
    saved = nn.rng()
    yield
    nn.rng(saved)


# -- performance of no data ---------------------------------------------------------------------


def test_performance_of_an_empty_check_set_is_nan_or_zero():
    # MATLAB: t = rand(1,5); mse(net, t(:,[]), t(:,[]))  -> NaN (sum([])/numel([]) = 0/0)
    net = nn.newff([[0, 1]], [2, 1], ["tansig", "purelin"], "traingd", rng=0)
    t = np.ones((1, 5))
    assert math.isnan(nn.mse(net, t[:, []], t[:, []]))
    # MATLAB: mse(zeros(1,0)), mae(zeros(1,0)) -> NaN; sse(zeros(1,0)), sae([]) -> 0
    empty = np.zeros((1, 0))
    assert math.isnan(nn.mse(empty)) and math.isnan(nn.mae(empty))
    assert nn.sse(empty) == 0.0 and nn.sae(empty) == 0.0
    # MATLAB: msereg(zeros(1,0), x) = ratio*NaN + (1-ratio)*msw -> NaN
    assert math.isnan(nn.msereg(empty, [1.0, 2.0]))
    # MATLAB: perform(net, t(:,[]), y(:,[])) -> NaN for mse, 0 for sse
    assert math.isnan(nn.perform(net, t[:, []], t[:, []]))
    net.performFcn = "sse"
    assert nn.perform(net, t[:, []], t[:, []]) == 0.0
    # MATLAB: dmse('e', zeros(1,0)) -> zeros(1,0)
    assert nn.dmse("e", empty).shape == (1, 0) and nn.dmae("e", empty).shape == (1, 0)


# -- rand / randn and the old seeding calls -------------------------------------------------------


def test_rand_twister_seed_gives_matlabs_numbers():
    # MATLAB: rand('twister', 5489); rand(1,5)  -> 0.8147 0.9058 0.1270 0.9134 0.6324
    assert nn.rand("twister", 5489) is None
    np.testing.assert_allclose(nn.rand(1, 5), [[0.8147, 0.9058, 0.1270, 0.9134, 0.6324]],
                               atol=5e-5)
    # MATLAB: rand('twister', 1); rand(1,5) -> 0.4170 0.7203 0.0001 0.3023 0.1468 (as rng(1))
    nn.rand("twister", 1)
    np.testing.assert_allclose(nn.rand(1, 5), [[0.4170, 0.7203, 0.0001, 0.3023, 0.1468]],
                               atol=5e-5)


@pytest.mark.parametrize("method", ["state", "seed", "twister", "STATE"])
def test_old_seeding_calls_reseed_the_one_stream(method):
    # MATLAB: rand('state', 0); a = rand(2,3); rand('state', 0); isequal(rand(2,3), a)
    nn.rand(method, 7)
    a = nn.rand(2, 3)
    nn.rng(7)  # the same stream as rng(7)
    np.testing.assert_array_equal(nn.rand(2, 3), a)
    # MATLAB: randn('state', 0) reseeds randn; here it reseeds the one stream rand shares
    nn.randn(method, 7)
    np.testing.assert_array_equal(nn.rand(2, 3), a)


def test_clock_seed_and_saved_state():
    # MATLAB: rand('state', sum(100*clock))  -- a non-integer seed keeps its integer part
    nn.rand("state", 201234.75)
    a = nn.rand(1, 3)
    nn.rng(201234)
    np.testing.assert_array_equal(nn.rand(1, 3), a)
    # MATLAB: s = rand('state'); x = rand; rand('state', s); rand == x
    saved = nn.rand("state")
    x = nn.rand()
    nn.rand("state", saved)
    assert nn.rand() == x and isinstance(x, float)


def test_rand_size_forms():
    # MATLAB: rand(3) is 3x3, rand(2,4) and rand([2 4]) are 2x4, rand(0,3) is empty
    assert nn.rand(3).shape == (3, 3)
    assert nn.rand(2, 4).shape == nn.rand([2, 4]).shape == (2, 4)
    assert nn.randn(0, 3).shape == (0, 3)
    with pytest.raises(ParameterError, match="'state', 'seed' or 'twister'"):
        nn.rand("philox", 1)
    with pytest.raises(ParameterError, match="whole numbers"):
        nn.rand(2.5)
    with pytest.raises(ParameterError, match="seeds the global stream"):
        nn.rand("state", 1, rng=3)


def test_randn_is_repeatable_column_major_and_normal():
    # MATLAB: rng(0); a = randn(4,2); rng(0); b = randn(8,1); isequal(a(:), b)
    nn.rng(0)
    a = nn.randn(4, 2)
    nn.rng(0)
    np.testing.assert_array_equal(a.ravel(order="F"), nn.randn(8, 1).ravel())
    # Its moments: mean 0, variance 1 (20000 draws; 5 standard errors).
    x = nn.randn(1, 20000, rng=11).ravel()
    assert abs(x.mean()) < 5 / math.sqrt(x.size)
    assert abs(x.var() - 1) < 5 * math.sqrt(2 / x.size)


@given(st.integers(0, 2**32 - 1))
def test_every_twister_seed_is_rng(seed):
    # MATLAB: rand('twister', s) and rng(s) select the same Mersenne Twister state
    # (seed 0 means 5489 for both).
    nn.rand("twister", seed)
    a = nn.rand(1, 4)
    nn.rng(seed)
    np.testing.assert_array_equal(nn.rand(1, 4), a)
