"""Per-epoch cost of pyneuro's batch training against a plain hand-written numpy epoch.

The case of the engine issue: a 5-10-1 tansig/purelin net, traingdm, 2000 samples. The
hand-written epoch is what a careful numpy user would write for the same algorithm (forward
pass, mse gradient, momentum step), in two flavours: with ``np.tanh`` and with MATLAB's
tansig formula, which pyneuro uses.

This machine's timings drift between runs (a virtual machine with neighbours), so the three
contenders run in many short interleaved rounds and each keeps its best round.

Usage: ``python scripts/bench_epoch.py [--samples 2000] [--epochs 200] [--repeat 30]``
"""

import argparse
import time

import numpy as np

import pyneuro as nn


def pyneuro_epoch_seconds(P, T, epochs, repeat):
    net = nn.newff(nn.minmax(P), [10, 1], ["tansig", "purelin"], "traingdm", rng=0)
    net.trainParam.epochs = epochs
    net.trainParam.show = None
    net.trainParam.min_grad = 0
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        _, tr = nn.train(net, P, T)
        best = min(best, time.perf_counter() - t0)
    assert tr.num_epochs == epochs  # a benchmark script, not library code
    return best / epochs


def numpy_epoch_seconds(P, T, epochs, repeat, act):
    rs = np.random.RandomState(0)
    best = np.inf
    for _ in range(repeat):
        W1, b1 = rs.uniform(-1, 1, (10, P.shape[0])), rs.uniform(-1, 1, (10, 1))
        W2, b2 = rs.uniform(-1, 1, (1, 10)), rs.uniform(-1, 1, (1, 1))
        vel = [np.zeros_like(W1), np.zeros_like(b1), np.zeros_like(W2), np.zeros_like(b2)]
        lr, mc, n = 0.01, 0.9, T.size
        perfs = []  # a real loop records the performance, as pyneuro's does
        t0 = time.perf_counter()
        for _ in range(epochs):
            A1 = act(W1 @ P + b1)
            E = T - (W2 @ A1 + b2)
            perfs.append(np.mean(E * E))
            d2 = (-2.0 / n) * E
            d1 = (W2.T @ d2) * (1.0 - A1 * A1)
            grads = [d1 @ P.T, d1.sum(axis=1, keepdims=True), d2 @ A1.T,
                     d2.sum(axis=1, keepdims=True)]
            for v, g, w in zip(vel, grads, (W1, b1, W2, b2)):
                v *= mc
                v -= (1 - mc) * lr * g
                w += v
        best = min(best, time.perf_counter() - t0)
    return best / epochs


def tansig_formula(n):
    return 2.0 / (1.0 + np.exp(-2.0 * n)) - 1.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--samples", type=int, default=2000)
    ap.add_argument("--epochs", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
    rs = np.random.RandomState(1)
    P = rs.uniform(-1, 1, (5, args.samples))
    T = np.sin(P.sum(axis=0, keepdims=True))
    # Interleaved rounds, best of each: a busy machine then slows all three alike.
    ours = tanh = formula = np.inf
    for _ in range(args.repeat):
        ours = min(ours, pyneuro_epoch_seconds(P, T, args.epochs, 1))
        tanh = min(tanh, numpy_epoch_seconds(P, T, args.epochs, 1, np.tanh))
        formula = min(formula, numpy_epoch_seconds(P, T, args.epochs, 1, tansig_formula))
    print(f"5-10-1 net, {args.samples} samples, traingdm, best of {args.repeat} runs "
          f"of {args.epochs} epochs")
    print(f"  pyneuro train            {ours * 1e6:8.1f} us/epoch")
    print(f"  numpy by hand (np.tanh)  {tanh * 1e6:8.1f} us/epoch  ratio {ours / tanh:.2f}")
    print(f"  numpy by hand (formula)  {formula * 1e6:8.1f} us/epoch  ratio {ours / formula:.2f}")


if __name__ == "__main__":
    main()
