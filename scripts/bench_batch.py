"""Restarts batched against one by one: ``nn.restarts`` (one stacked computation) versus the
same nets trained with ``nn.train`` in a loop, in one run.

The case of issue 15: 32 restarts of a 7-10-1 tansig/purelin net, traingdm, on the sample
data (sample_data/Test.txt, 300 samples, premnmx-normalised), a fixed number of epochs. Both
contenders train the same 32 initial weight sets; the script checks they end with the same
weights before it reports.

This machine's timings drift between runs (a virtual machine with neighbours), so the two
run in interleaved rounds and each keeps its best round.

Batching shares the Python and numpy dispatch of an epoch among the nets, not their
arithmetic: each net's element-wise passes over its hidden layer (the exponential among them,
printed for scale) cost the same batched or not. The speed-up is therefore bounded by one
net's whole epoch over its arithmetic, which shrinks as the single-net epoch gets leaner.

``--samples N`` uses the first N samples only: with fewer samples an epoch is more Python
dispatch and less arithmetic, which is where batching pays most.

Usage: ``python scripts/bench_batch.py [--restarts 32] [--epochs 300] [--repeat 3]
[--samples N]``
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np

import pyneuro as nn

ROOT = Path(__file__).resolve().parent.parent


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--restarts", type=int, default=32)
    ap.add_argument("--epochs", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--samples", type=int, default=None)
    args = ap.parse_args()
    P, T = nn.read_data(str(ROOT / "sample_data" / "Test.txt"))
    P, T = P[:, :args.samples], T[:, :args.samples]
    pn, _, _, tn, _, _ = nn.premnmx(P, T)
    net = nn.newff(nn.minmax(pn), [10, 1], ["tansig", "purelin"], "traingdm", rng=0)
    net.trainParam.epochs = args.epochs
    net.trainParam.show = None
    net.trainParam.min_grad = 0  # every net runs all epochs: equal work for both contenders
    stream = nn.RandStream(1)
    starts = [nn.init(net, rng=stream) for _ in range(args.restarts)]

    batched = loop = np.inf
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        nets_b, _ = nn.train_batch(starts, pn, tn)
        batched = min(batched, time.perf_counter() - t0)
        t0 = time.perf_counter()
        nets_l = [nn.train(s, pn, tn, display=None)[0] for s in starts]
        loop = min(loop, time.perf_counter() - t0)
    worst = max(float(np.max(np.abs(nn.getwb(a) - nn.getwb(b)))) for a, b in zip(nets_b, nets_l))
    if worst > 1e-12:
        sys.exit(f"batched and one-by-one results differ by {worst:g}")
    # What batching cannot share: each net's own element-wise arithmetic. The exponential of
    # one net's hidden layer is one of the about ten passes over it per epoch.
    hidden = np.random.RandomState(0).uniform(-1, 1, (len(starts), 10, pn.shape[1]))
    exp_each = min(_seconds(lambda: np.exp(hidden, out=hidden * 0.0)) for _ in range(20))
    per_net_epoch = args.restarts * args.epochs
    print(f"{args.restarts} restarts of 7-10-1 traingdm, {pn.shape[1]} samples, {args.epochs} "
          f"epochs, best of {args.repeat}")
    print(f"  one by one (nn.train in a loop)  {loop:8.3f} s   "
          f"{loop / per_net_epoch * 1e6:6.1f} us per net and epoch")
    print(f"  batched (nn.train_batch)         {batched:8.3f} s   "
          f"{batched / per_net_epoch * 1e6:6.1f} us per net and epoch   "
          f"{loop / batched:5.1f}x faster")
    print(f"  np.exp of one net's hidden layer (10 x {pn.shape[1]}): "
          f"{exp_each / args.restarts * 1e6:.1f} us per net and epoch, in either")
    print(f"  same weights: largest difference {worst:g}")


def _seconds(function):
    t0 = time.perf_counter()
    function()
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()
