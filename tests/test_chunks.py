"""Evaluation in chunks of samples (pyneuro/training/_chunks.py): large data sets are
evaluated chunk by chunk so a chunk stays in the processor's cache from the forward to the
backward pass. The reference is the gradient written out by hand in numpy (the textbook
back-propagation formulas, MATLAB's tansig), independent of the engine."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import pyneuro as nn
from pyneuro.network import plan_of
from pyneuro.training._chunks import SumOfSquares, chunk_bounds, chunk_width
from pyneuro.training.backprop import Objective


def _net_and_data(Q, seed=0, outputs=1):
    rs = np.random.RandomState(seed)
    P = rs.uniform(-1, 1, (3, Q))
    T = np.vstack([np.sin(P.sum(axis=0)), P[0] * P[1]])[:outputs]
    net = nn.newff([[-1, 1]] * 3, [4, outputs], ["tansig", "purelin"], "traingd", rng=seed)
    return net, P, T


def _by_hand(net, P, T):
    """mse and its gradient for a tansig/purelin net, written out (getwb order)."""
    W1, b1, W2, b2 = net.IW[0, 0], net.b[0], net.LW[1, 0], net.b[1]
    A1 = 2.0 / (1.0 + np.exp(-2.0 * (W1 @ P + b1))) - 1.0
    E = T - (W2 @ A1 + b2)
    dY = -2.0 * E / E.size
    D1 = (W2.T @ dY) * (1.0 - A1 * A1)
    grad = np.concatenate([D1.sum(axis=1), (D1 @ P.T).ravel(order="F"), dY.sum(axis=1),
                           (dY @ A1.T).ravel(order="F")])
    return np.mean(E * E), grad


def test_large_data_is_split_and_small_data_is_not():
    net, _, _ = _net_and_data(10)
    plan = plan_of(net)
    width = chunk_width(plan)
    assert chunk_bounds(plan, 2 * width) == [(0, 2 * width)]
    assert len(chunk_bounds(plan, 2 * width + 1)) == 3


@settings(max_examples=30, deadline=None)
@given(Q=st.integers(1, 200_000))
def test_chunks_cover_the_samples_once_in_order(Q):
    net, _, _ = _net_and_data(10)
    bounds = chunk_bounds(plan_of(net), Q)
    assert bounds[0][0] == 0 and bounds[-1][1] == Q
    assert all(a < b for a, b in bounds)
    assert all(b1 == a2 for (_, b1), (a2, _) in zip(bounds, bounds[1:]))
    sizes = [b - a for a, b in bounds]
    # One width but for a shorter last chunk: at most two sizes of layer buffers.
    assert len(set(sizes[:-1])) <= 1 and sizes[-1] <= sizes[0]


@pytest.mark.parametrize("outputs", [1, 2])
def test_chunked_performance_and_gradient_match_the_hand_derivation(outputs):
    net, P, T = _net_and_data(1, outputs=outputs)
    Q = 3 * chunk_width(plan_of(net)) + 7  # several chunks
    net, P, T = _net_and_data(Q, outputs=outputs)
    obj = Objective(net, P, T, chunked=True)
    assert len(obj._sse.parts) > 2
    perf, grad = obj.perf_grad(obj.x0())
    want_perf, want_grad = _by_hand(net, P, T)
    assert perf == pytest.approx(want_perf, rel=1e-13)
    np.testing.assert_allclose(grad, want_grad, rtol=1e-10, atol=1e-15)
    assert obj.perf(obj.x0()) == perf  # the same errors, the same dot product
    assert obj.cache is None and obj.dN is None  # no one cache holds all the chunks
    # The chunks share their layer buffers (at most two sizes); each copies its own inputs.
    works = [part[3] for part in obj._sse.parts]
    assert len({id(w.G[0]) for w in works}) <= 2
    assert len({id(w.X[0]) for w in works}) == len(works)


def test_trainlm_on_chunked_data_solves_the_same_normal_equations():
    net, P, T = _net_and_data(1)
    Q = 3 * chunk_width(plan_of(net))
    net, P, T = _net_and_data(Q)
    whole = Objective(net, P, T)
    chunked = Objective(net, P, T, chunked=True)
    x = whole.x0()
    JJ, Je = whole.normal_equations(x)
    JJc, Jec = chunked.normal_equations(x)
    np.testing.assert_allclose(JJc, JJ, rtol=1e-12)
    np.testing.assert_allclose(Jec, Je, rtol=1e-12, atol=1e-12)


def test_a_stack_is_chunked_as_each_network_alone():
    # The same chunks for one network and for a stack, so batched training sums each
    # network's gradient in the same order (bit for bit).
    net, P, T = _net_and_data(1)
    Q = 3 * chunk_width(plan_of(net)) + 1
    nets = [nn.init(_net_and_data(Q, seed=s)[0], rng=s) for s in range(3)]
    _, P, T = _net_and_data(Q)
    stack = Objective(nets, P, T, chunked=True)
    perf, grad = stack.perf_grad(stack.x0())
    for k, one in enumerate(nets):
        alone = Objective(one, P, T, chunked=True)
        p, g = alone.perf_grad(alone.x0())
        assert perf[k] == p
        np.testing.assert_array_equal(grad[k], g)


def test_sum_of_squares_fills_errors_in_place():
    net, P, T = _net_and_data(50)
    obj = Objective(net, P, T)
    sse = SumOfSquares(plan_of(net), P, T, None, False, np.array(-2.0 / T.size))
    errors, both, cache, dN = sse.programs(obj.x0())
    for f, args in errors:
        f(*args)
    np.testing.assert_allclose(sse.E, T - nn.sim(net, P), rtol=1e-13, atol=1e-15)
