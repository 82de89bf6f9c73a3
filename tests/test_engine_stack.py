"""The engine on a stack of K weight vectors: every network of the stack gets exactly the
numbers it gets alone (forward cache, backward ``dN``, gradient), for chains and cascades,
with and without biases, with one-row layers (the outer-product branch) and softmax
(column-wise), with and without a workspace; so do the stacked performance (mse, sse) and
gradient norms of batched training.

The reference is the single-network engine itself, which tests/test_gradient.py checks
against finite differences; here the claim is bit-for-bit equality of the batched
computation, so the comparisons are exact.
"""

import numpy as np
import pytest

from pyneuro import _engine
from pyneuro.performance import PERFORMANCE_FUNCTIONS
from pyneuro.training._loop import _norm, norms
from pyneuro.transfer import TRANSFER_FUNCTIONS

CASES = {
    "chain 3-5-1": dict(input_sizes=[3], layer_sizes=[5, 1], transfer_fcns=["tansig", "purelin"]),
    "chain 2-4-3-2 softmax": dict(input_sizes=[2], layer_sizes=[4, 3, 2],
                                  transfer_fcns=["logsig", "tansig", "softmax"]),
    "cascade, no bias on layer 1": dict(
        input_sizes=[3], layer_sizes=[4, 2, 1], transfer_fcns=["tansig", "radbas", "purelin"],
        bias_connect=[True, False, True], input_connect={(0, 0), (1, 0), (2, 0)},
        layer_connect={(1, 0), (2, 0), (2, 1)}),
    "two inputs": dict(input_sizes=[2, 1], layer_sizes=[3, 2],
                       transfer_fcns=["elliotsig", "purelin"], input_connect={(0, 0), (0, 1)}),
}


def _inputs(plan, Q, rs):
    P = [rs.uniform(-1, 1, (r, Q)) for r in plan.input_sizes]
    return P[0] if len(P) == 1 else P


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("with_work", [False, True])
def test_stack_equals_each_network_alone(name, with_work):
    plan = _engine.Plan(**CASES[name])
    rs = np.random.RandomState(7)
    K, Q = 5, 11
    P = _inputs(plan, Q, rs)
    stack = rs.standard_normal((K, plan.n))
    dA = rs.standard_normal((K, plan.layers[-1].size, Q))
    work = _engine.Workspace(plan, Q, K) if with_work else None
    cache = _engine.forward(plan, stack, P, work)
    dN = _engine.backward(plan, stack, cache, dA, work)
    g = _engine.gradient(plan, cache, dN)
    assert g.shape == (K, plan.n)
    for k in range(K):
        alone_work = _engine.Workspace(plan, Q) if with_work else None
        alone = _engine.forward(plan, stack[k].copy(), P, alone_work)
        for i in range(len(plan.layers)):
            np.testing.assert_array_equal(cache.N[i][k], alone.N[i])
            np.testing.assert_array_equal(cache.A[i][k], alone.A[i])
        alone_dN = _engine.backward(plan, stack[k].copy(), alone, dA[k], alone_work)
        for i in range(len(plan.layers)):
            np.testing.assert_array_equal(dN[i][k], alone_dN[i])
        np.testing.assert_array_equal(g[k], _engine.gradient(plan, alone, alone_dN))


def test_block_view_of_a_stack_is_each_rows_block():
    # Row k of the stack holds net k's vector; its block is the column-major (rows, cols)
    # matrix of that row's slice: element (r, c) sits at start + r + c*rows.
    plan = _engine.Plan([3], [2, 1], ["tansig", "purelin"])
    stack = np.arange(2 * plan.n, dtype=float).reshape(2, plan.n)
    block = plan.blocks[("IW", (0, 0))]
    view = block.view(stack)
    assert view.shape == (2, 2, 3)
    for k in range(2):
        for r in range(2):
            for c in range(3):
                assert view[k, r, c] == k * plan.n + block.start + r + c * 2
    view[1, 0, 2] = -1.0  # a view: writes reach the stack
    assert stack[1, block.start + 4] == -1.0


def test_softmax_is_per_column_of_each_network():
    sm = TRANSFER_FUNCTIONS["softmax"]
    N = np.random.RandomState(0).standard_normal((3, 4, 5))
    A = sm.apply(N.copy())
    np.testing.assert_allclose(A.sum(axis=1), 1.0, rtol=0, atol=1e-15)
    for k in range(3):
        np.testing.assert_array_equal(A[k], sm.apply(N[k].copy()))


@pytest.mark.parametrize("name", ["mse", "sse"])
@pytest.mark.parametrize("shape", [(6, 1, 300), (3, 4, 17), (1, 2, 1)])
def test_stacked_performance_equals_each_network_alone(name, shape):
    pf = PERFORMANCE_FUNCTIONS[name]
    E = np.random.RandomState(sum(shape)).standard_normal(shape) * 37.0
    perf, dE = pf.stack(E)
    for k in range(shape[0]):
        assert perf[k] == pf.perf(E[k], None, {})
        np.testing.assert_array_equal(dE[k], pf.grad_e(E[k], None, {}))


def test_gradient_norms_of_a_stack_equal_each_alone():
    G = np.random.RandomState(3).standard_normal((9, 91)) * 1e-3
    G[4, 7] = np.inf  # a diverged net: the fallback path
    G[5] *= 1e200  # g.g overflows: norm's scaling
    with np.errstate(over="ignore"):  # as in training, which reports divergence itself
        for k, value in enumerate(norms(G)):
            assert value == _norm(G[k])
