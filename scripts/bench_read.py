"""Time pyneuro's load_txt against numpy.loadtxt on a 1,000,000 x 8 text file; peak memory.

Usage::

    python scripts/bench_read.py [--rows 1000000] [--repeat 5] [--no-memory]

Writes the file to a temporary folder (deleted afterwards): values like real measurements, a
few significant digits and mixed magnitudes, written with ``%.6g`` (61 MB). Reads it with
both functions in alternating rounds in one process (a shared machine's load then hits both
alike) and prints each one's median and the ratio. Then reads it once more with each in a
fresh process and prints the peak resident memory above the level after the imports
(``VmHWM`` in /proc/self/status, Linux), as a multiple of the array read.

load_txt's normal path parses short decimals by vectorised integer arithmetic on the file's
bytes, with the same doubles as numpy.loadtxt (see pyneuro/io/_textfast.py): measured at
0.66-0.73x numpy.loadtxt's time with numpy 2.4 (0.92x with numpy 1.24), peak memory 2.1x the
array (the file's bytes and the array). scripts/BENCHMARKS.md has the figures.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

from pyneuro.io.text import load_txt, write_txt

_PEAK = """
import sys
import numpy as np
from pyneuro.io.text import load_txt

def high_water():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) * 1024 for line in status
                    if line.startswith("VmHWM"))

before = high_water()
data = load_txt(sys.argv[2]) if sys.argv[1] == "load_txt" else np.loadtxt(sys.argv[2],
                                                                           comments="%")
print(high_water() - before, data.nbytes)
"""


def timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def peak_memory(reader, path):
    """(peak bytes above the baseline after imports, bytes of the array), in a fresh process."""
    result = subprocess.run([sys.executable, "-c", _PEAK, reader, path], check=True,
                            capture_output=True, text=True)
    peak, size = (int(word) for word in result.stdout.split())
    return peak, size


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--columns", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=5, help="rounds (default 5)")
    parser.add_argument("--no-memory", action="store_true", help="skip the peak memory runs")
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    values = np.round(rng.standard_normal((args.rows, args.columns)) * 100, 3)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "bench.txt")
        write_txt(path, values, header="benchmark data", fmt="%.6g")
        size_mb = os.path.getsize(path) / 1e6
        if load_txt(path).tobytes() != np.loadtxt(path, comments="%").tobytes():
            raise SystemExit("load_txt and numpy.loadtxt disagree on the benchmark file")

        ours, theirs = [], []
        for _ in range(args.repeat):
            ours.append(timed(lambda: load_txt(path)))
            theirs.append(timed(lambda: np.loadtxt(path, comments="%")))
        peaks = {} if args.no_memory or not os.path.exists("/proc/self/status") else {
            reader: peak_memory(reader, path) for reader in ("load_txt", "loadtxt")}

    ours, theirs = statistics.median(ours), statistics.median(theirs)
    print(f"file: {args.rows:,} x {args.columns} values, {size_mb:.1f} MB; numpy "
          f"{np.__version__}; median of {args.repeat} alternating rounds")
    print(f"pyneuro load_txt : {ours:8.3f} s")
    print(f"numpy.loadtxt    : {theirs:8.3f} s")
    print(f"ratio            : {ours / theirs:8.2f}")
    for reader, (peak, size) in peaks.items():
        print(f"peak memory, {reader:8s}: {peak / 2**20:6.1f} MiB = {peak / size:.2f}x the "
              f"array ({size / 2**20:.1f} MiB)")


if __name__ == "__main__":
    main()
