"""The engine: one forward pass and one backward pass over a network's flat weight vector.

Everything that computes with a network's weights goes through here: ``sim``, the gradient
and the Jacobian of the trainers, and the derivation view. The module is a leaf: it knows
transfer functions and the :class:`~pyneuro._plan.Plan` and nothing of networks, training or
files.

* :func:`forward` fills a :class:`Cache` whose ``N[i]`` is layer i's net input
  ``sum_j W_ij src_j + b_i`` and ``A[i]`` its output ``f_i(N[i])``.
* :func:`backward` takes ``dperf/dA`` of the output layer and returns ``dperf/dN`` of every
  layer, leaving the cache untouched; :func:`gradient` reduces that over samples to
  ``dperf/dx`` and :func:`jacobian` keeps it per sample.

Every pass works in a :class:`Workspace` (one-off passes make their own) and is strung
together once as a *program*, a list of ``(function, args)`` numpy calls on fixed buffers and
views, cached for the same weight array, inputs and workspace, and then only run
(:func:`run`): at a few hundred samples finding views and buffers cost as much as the
arithmetic. Training strings its whole evaluation from these programs
(:func:`forward_program`, :func:`backward_program`, :func:`gradient_program`).

A layer of one source computes its net input as one product of its span ``[b W]`` with the
operand ``[1; src]`` (:attr:`Plan.folded`): the previous layer writes its output straight into
the rows under the ones row, and the gradient of bias and weights is one product too, two
numpy calls fewer per layer and pass than a product, a bias addition and a bias sum. The bias
is then added inside the BLAS sum, first, where MATLAB adds it after: the results agree to
rounding, not bit for bit. A workspace that does not keep net inputs computes tansig and
logsig over them in place, from the span scaled by -2 (-1) rather than the S x Q net inputs,
which gives the same numbers exactly (scaling by a power of two never rounds).

A stack of K networks of one plan is a (K, n) array of flat vectors, one row per network.
The same passes run on it: a block is then a (K, rows, cols) view, each layer costs one
batched ``matmul`` for all K networks, the cache and the gradients gain a leading K axis, and
every network's numbers are those it would get alone (each product is the same BLAS call on
the same operands; transfer functions are element-wise or column-wise).
"""

from operator import is_

import numpy as np

from ._buffers import Cache, Workspace
from ._plan import Block, LayerPlan, Plan, Source, check_memory
from ._transfer_formulas import run_ops

__all__ = ["Block", "Source", "LayerPlan", "Plan", "Cache", "Workspace", "forward", "backward",
           "gradient", "jacobian", "check_memory", "forward_program", "backward_program",
           "gradient_program", "jacobian_program", "cached", "run"]


def _as_inputs(P):
    return (P,) if isinstance(P, np.ndarray) else tuple(P)


run = run_ops
"""Run a program: ``f(*args)`` for each ``(f, args)`` of `ops`, in order."""


def _product(a, b, out):
    """The call writing ``a @ b`` into `out`: np.dot for single matrices (a third cheaper to
    call than np.matmul at these sizes, and the same BLAS product), matmul for stacks."""
    if a.ndim == b.ndim == 2 and out.flags.c_contiguous:
        return (np.dot, (a, b, out))
    return (np.matmul, (a, b, out))


def cached(store, kind, keys, build):
    """``build()``'s program for the objects `keys`, made once while they stay the same.

    A pass is strung together once as a list of ``(function, args)`` calls on fixed buffers
    and views, then only run: at a few hundred samples the Python work of finding views and
    buffers cost as much as the arithmetic. The store holds the keys, so an identity is
    never reused while its program is kept.
    """
    entry = store.get(kind)
    if entry is None or len(entry[0]) != len(keys) or not all(map(is_, entry[0], keys)):
        entry = store[kind] = (keys, build())
    return entry[1]


def forward(plan, wb, P, work=None):
    """Run every layer on all Q columns at once.

    Parameters
    ----------
    plan : Plan
    wb : ndarray, shape (n,) or (K, n)
        The flat weight vector, or a stack of K of them (one network per row).
    P : ndarray, shape (R, Q), or sequence of them (one per input)
        The same inputs for every network of a stack.
    work : Workspace, optional
        Buffers to compute into (the cache then lives in them until the next pass, and a
        pass with the same arrays returns the same Cache object), made with the stack's K.
        Without one, the pass makes its own (keeping net inputs) and silences overflow
        warnings (the limits of tansig and logsig); with one, the caller decides (the
        training loop silences them once for the whole run).

    Returns
    -------
    Cache
    """
    inputs = _as_inputs(P)
    if work is None:
        # A workspace of its own, so that a one-off pass (sim) computes what training
        # computed, bit for bit.
        work = Workspace(plan, inputs[0].shape[-1], wb.shape[0] if wb.ndim == 2 else None)
        with np.errstate(over="ignore"):
            return forward(plan, wb, inputs, work)
    ops, cache = forward_program(plan, wb, inputs, work)
    run(ops)
    return cache


def forward_program(plan, wb, P, work):
    """:func:`forward` as ``(ops, cache)``: the calls to run, ``for f, args in ops:
    f(*args)``, and the Cache they fill; made once for the same arrays and workspace."""
    inputs = _as_inputs(P)
    return cached(work.__dict__.setdefault("programs", {}), "forward", (wb,) + inputs,
                   lambda: _build_forward(plan, wb, inputs, work))


def _build_forward(plan, wb, inputs, work):
    X = work.operands(inputs)
    ops, N_all, A_all = [], [], []
    for layer, (bias, weights, span) in zip(plan.layers, plan.layer_views(wb)):
        i, tf = layer.index, layer.transfer
        N, A = work.N[i], work.A[i]
        if plan.folded[i]:  # one product [b W] [1; src]
            source = layer.sources[0]
            operand = X[i]
            if operand is None:  # no bias: the operand is the source itself
                operand = inputs[source.origin] if source.kind == "IW" else A_all[source.origin]
            if N is A and tf.input_scale is not None:
                # N is not kept: scale the span, not the S x Q net inputs (the same numbers).
                scaled = np.empty(span.shape)
                ops += [(np.multiply, (span, np.array(tf.input_scale), scaled)),
                        _product(scaled, operand, N)]
                ops.extend(tf.scaled_ops(N, A))
                N_all.append(None)
                A_all.append(A)
                continue
            ops.append(_product(span, operand, N))
        else:
            for k, (source, W) in enumerate(zip(layer.sources, weights)):
                src = inputs[source.origin] if source.kind == "IW" else A_all[source.origin]
                if k == 0:
                    ops.append(_product(W, src, N))
                else:
                    term = np.empty_like(N)
                    ops += [_product(W, src, term), (np.add, (N, term, N))]
            if not layer.sources:  # a layer fed by nothing: its net input is its bias (or 0)
                ops.append((np.copyto, (N, 0.0)))
            if bias is not None:
                ops.append((np.add, (N, bias, N)))
        ops.extend(tf.ops(N, A))
        N_all.append(None if A is N and not tf.identity else N)
        A_all.append(A)
    return ops, Cache(inputs, N_all, A_all, X)


def backward(plan, wb, cache, dA, work=None):
    """Back-propagate ``dA = dperf/dA`` of the output layer to ``dperf/dN`` of every layer.

    Parameters
    ----------
    plan : Plan
    wb : ndarray, shape (n,) or (K, n)
    cache : Cache
        From :func:`forward` at the same weights; left unchanged.
    dA : ndarray, shape (S_N, Q) or (K, S_N, Q)
        Derivative of the performance with respect to the network output, per sample.
    work : Workspace, optional

    Returns
    -------
    list of ndarray
        ``dN[i]``, shape (S_i, Q) or (K, S_i, Q): the derivative with respect to layer i's
        net input, per sample (MATLAB's ``gN`` is its negative). With a workspace, its
        buffers (the same list for the same arrays).
    """
    if work is None:
        lead, Q = dA.shape[:-2], dA.shape[-1]
        G = [np.empty(lead + (layer.size, Q)) for layer in plan.layers]
        scratch = [np.empty_like(g) for g in G]
        ops, dN = _backward_program(plan, wb, cache, G, scratch)
    else:
        ops, dN = backward_program(plan, wb, cache, work)
    if dA is not dN[-1]:
        np.copyto(dN[-1], dA)
    run(ops)
    return dN


def backward_program(plan, wb, cache, work):
    """:func:`backward` as ``(ops, dN)`` on the workspace's buffers, ``dN[-1]`` holding
    ``dperf/dA`` of the output layer when the calls run; made once per cache."""
    return cached(cache.programs, "backward", (wb, work),
                   lambda: _backward_program(plan, wb, cache, work.G, work.scratch))


def _backward_program(plan, wb, cache, G_buffers, scratch):
    n_layers = len(plan.layers)
    G = [None] * n_layers
    G[-1] = G_buffers[-1]
    ops = []
    views = plan.layer_views(wb)
    for i in range(n_layers - 1, -1, -1):
        layer = plan.layers[i]
        if G[i] is None:  # feeds nothing: the performance does not depend on it
            G[i] = G_buffers[i]
            ops.append((np.copyto, (G[i], 0.0)))
        ops.extend(layer.transfer.backprop_ops(cache.N[i], cache.A[i], G[i], scratch[i]))
        for source, W in zip(layer.sources, views[i][1]):
            if source.kind != "LW":
                continue
            j = source.origin
            Wt = W.swapaxes(-1, -2)
            if G[j] is None:
                G[j] = G_buffers[j]
                op = _product(Wt, G[i], G[j])
                # With one row the product is an outer product, which for a stack
                # broadcasting does several times faster than a batched k=1 matmul.
                if op[0] is np.matmul and G[i].shape[-2] == 1:
                    op = (np.multiply, op[1])
                ops.append(op)
            else:
                term = np.empty_like(G[j])
                ops += [_product(Wt, G[i], term), (np.add, (G[j], term, G[j]))]
    return ops, G


def gradient(plan, cache, dN, out=None):
    """``dperf/dx`` over the whole flat vector: the per-sample ``dN`` summed over samples.

    Returns
    -------
    ndarray, shape (n,), or (K, n) for a stack (one gradient per network)
    """
    if out is None:
        out = np.empty(dN[0].shape[:-2] + (plan.n,))
        run(_gradient_program(plan, cache, dN, out))
    else:
        run(gradient_program(plan, cache, dN, out))
    return out


def gradient_program(plan, cache, dN, out):
    """:func:`gradient` into `out` as the calls to run; made once per cache."""
    return cached(cache.programs, "gradient", (out,) + tuple(dN),
                   lambda: _gradient_program(plan, cache, dN, out))


def _sum_columns(d, out):
    np.add.reduce(d, axis=-1, out=out)


def _gradient_program(plan, cache, dN, g):
    ops = []
    for layer, d, (bias, weights, span) in zip(plan.layers, dN, plan.layer_views(g)):
        dt = d.swapaxes(-1, -2)
        operand = cache.X[layer.index] if cache.X is not None else None
        if operand is not None:
            # ([1; src] dN') is the transpose of dperf/d[b W], the whole span at once.
            ops.append(_product(operand, dt, span.swapaxes(-1, -2)))
            continue
        if bias is not None:
            ops.append((_sum_columns, (d, bias[..., 0])))
        for source, W in zip(layer.sources, weights):
            src = cache.inputs[source.origin] if source.kind == "IW" else cache.A[source.origin]
            # (src dN') is the transpose of dperf/dW: written into W's block seen transposed.
            ops.append(_product(src, dt, W.swapaxes(-1, -2)))
    return ops


def jacobian(plan, wb, cache, scale=1.0, out=None, work=None):
    """Derivatives of every output of every sample with respect to the flat vector.

    Parameters
    ----------
    plan : Plan
    wb : ndarray, shape (n,)
        The flat weight vector.
    cache : Cache
        From :func:`forward` at `wb` (or a block of its columns, see :meth:`Cache.columns`).
    scale : float, default 1
        Multiplies the result (-1 gives the Jacobian of the errors ``T - Y``).
    out : ndarray, shape (S_N*Q, n), optional
        Filled and returned instead of a new array; C- or Fortran-contiguous.
    work : Workspace, optional
        Buffers of Q columns for the backward passes.

    Returns
    -------
    J : ndarray, shape (S_N*Q, n)
        Row ``k + q*S_N`` is ``scale * dY[k, q]/dx``: MATLAB's ``E(:)`` order.
    """
    S, Q = cache.output.shape
    J = np.empty((Q * S, plan.n)) if out is None else out
    if work is None:
        run(_jacobian_program(plan, wb, cache, scale, J, Workspace(plan, Q)))
    else:
        run(jacobian_program(plan, wb, cache, scale, J, work))
    return J


def jacobian_program(plan, wb, cache, scale, out, work):
    """:func:`jacobian` into `out` as the calls to run; made once per cache, weights,
    output and workspace."""
    return cached(cache.programs, ("jacobian", scale), (wb, out, work),
                   lambda: _jacobian_program(plan, wb, cache, scale, out, work))


def _jacobian_program(plan, wb, cache, scale, J, work):
    S, Q = cache.output.shape
    J3 = J.reshape(Q, S, plan.n)  # a view: splitting one axis never copies
    back, dN = backward_program(plan, wb, cache, work)
    ops = []
    for k in range(S):
        # Seed dY with `scale` at output k of every sample and propagate back per sample
        # (no sum over q): one Jacobian row per error.
        ops += [(np.copyto, (dN[-1], 0.0)), (np.copyto, (dN[-1][k], scale))] + list(back)
        for layer, d in zip(plan.layers, dN):
            operand = cache.X[layer.index] if cache.X is not None else None
            pieces = ([(operand, plan.spans[layer.index])] if operand is not None else
                      [(cache.inputs[s.origin] if s.kind == "IW" else cache.A[s.origin], s.block)
                       for s in layer.sources])
            if operand is None and layer.bias is not None:
                ops.append((np.copyto, (J3[:, k, layer.bias.start:layer.bias.stop], d.T)))
            for src, block in pieces:
                # Row q of the block is vec(d[:, q] src[:, q]') in column-major order, the
                # C-order ravel of the (R, S) outer product src[:, q] d[:, q]'; splitting the
                # block's axis of columns into (R, S) keeps a view of J. Samples last: numpy
                # then runs along them, contiguous in a Fortran-ordered J (0.16 against
                # 0.21 ms for 2000 samples of a 5-10-1 net's first layer).
                target = J3[:, k, block.start:block.stop].T.reshape(block.cols, block.rows, Q)
                if not np.may_share_memory(target, J):  # reshape copied: J's layout is odd
                    raise ValueError("jacobian: out must be C- or Fortran-contiguous")
                ops.append((np.multiply, (src[:, None, :], d[None, :, :], target)))
    return ops
