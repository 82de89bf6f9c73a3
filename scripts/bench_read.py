"""Time pyneuro's load_txt against numpy.loadtxt on a 1,000,000 x 8 text file.

Usage::

    python scripts/bench_read.py [--rows 1000000] [--repeat 3]

Writes the file to a temporary folder (deleted afterwards), reads it with
both functions, and prints the best of `repeat` runs for each and their ratio.
load_txt should take about as long as numpy.loadtxt: its normal path is one
numpy.loadtxt call, plus the checks that make comments, commas and the precise
error messages possible.
"""

import argparse
import os
import tempfile
import time

import numpy as np

from pyneuro.io.text import load_txt, write_txt


def best_time(function, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--columns", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    # Values like real measurements: a few significant digits, mixed magnitudes.
    values = np.round(rng.standard_normal((args.rows, args.columns)) * 100, 3)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "bench.txt")
        write_txt(path, values, header="benchmark data", fmt="%.6g")
        size_mb = os.path.getsize(path) / 1e6

        ours = best_time(lambda: load_txt(path), args.repeat)
        theirs = best_time(lambda: np.loadtxt(path, comments="%"), args.repeat)
        if not np.array_equal(load_txt(path), np.loadtxt(path, comments="%")):
            raise SystemExit("load_txt and numpy.loadtxt disagree on the benchmark file")

    print(f"file: {args.rows:,} x {args.columns} values, {size_mb:.1f} MB; best of {args.repeat}")
    print(f"pyneuro load_txt : {ours:8.3f} s")
    print(f"numpy.loadtxt    : {theirs:8.3f} s")
    print(f"ratio            : {ours / theirs:8.2f}")


if __name__ == "__main__":
    main()
