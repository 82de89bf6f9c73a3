"""pyneuro against what a user would pick instead: traingdm per epoch, trainlm to a goal, memory
at 1e5 samples, a wider net, and reading a large text file.

Every workload is fixed-seed synthetic data written as a text file and read back, so every
contender trains on the same numbers. Contenders run in alternating rounds (a busy machine
then slows them alike) and the table gives each one's median round; ratios are pyneuro's
median over the contender's. Timings on a shared machine drift: read the ratios, and the
conditions printed with them (load average before and after).

Usage::

    python scripts/bench.py                 # everything (a few minutes)
    python scripts/bench.py --quick         # small sizes, under a minute
    python scripts/bench.py --contended     # trainlm 12-6-1 x 1000, idle vs two busy processes
    python scripts/bench.py --markdown out.md

Contenders (see ``bench_contenders.py``): pyneuro; a hand-written numpy loop with the same
update; the BLAS calls alone; scikit-learn's MLPRegressor and PyTorch when installed.
"""

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import scipy

import bench_contenders as bc
import pyneuro as nn

try:
    from threadpoolctl import threadpool_info
except ImportError:
    threadpool_info = None

HERE = os.path.dirname(os.path.abspath(__file__))


# -- data and nets ---------------------------------------------------------------------------

def write_dataset(folder, R, Q, seed=0):
    """A text file of Q rows: R inputs in [-1, 1] and a smooth noisy target; its path."""
    path = os.path.join(folder, f"data_{R}x{Q}_{seed}.txt")
    if not os.path.exists(path):
        rs = np.random.RandomState(seed)
        X = rs.uniform(-1, 1, (Q, R))
        w = rs.uniform(-1, 1, R) / np.sqrt(R)
        y = np.sin(2.0 * X @ w) + 0.5 * np.cos(X[:, 0]) + 0.01 * rs.standard_normal(Q)
        nn.write_txt(path, np.column_stack([X, y]), fmt="%.6g")
    return path


def read_dataset(path):
    P, T = nn.read_data(path)
    return np.ascontiguousarray(P), np.ascontiguousarray(T)


def make_net(P, hidden, fcn):
    net = nn.newff(nn.minmax(P), [hidden, 1], ["tansig", "purelin"], fcn, rng=0)
    net.trainParam.show = None
    net.trainParam.goal = 0
    net.trainParam.min_grad = 0
    return net


def weights(net):
    return net.IW[0, 0].copy(), net.b[0].copy(), net.LW[1, 0].copy(), net.b[1].copy()


def pyneuro_train(net, P, T, epochs):
    net.trainParam.epochs = epochs
    start = time.perf_counter()
    _, tr = nn.train(net, P, T)
    return time.perf_counter() - start, tr


# -- measuring -------------------------------------------------------------------------------

def rounds(contenders, n_rounds):
    """``{name: median seconds}``, the contenders run in turn, a rotated order each round."""
    times = {name: [] for name in contenders}
    names = list(contenders)
    for r in range(n_rounds):
        for name in names[r % len(names):] + names[:r % len(names)]:
            times[name].append(contenders[name]())
    return {name: statistics.median(t) for name, t in times.items()}


class Table:
    def __init__(self):
        self.rows = []

    def add(self, workload, contender, value, unit, ratio=None, note=""):
        self.rows.append((workload, contender, value, unit, ratio, note))
        print(f"  {workload:<34} {contender:<22} {_fmt(value, unit):>12}"
              f"  {'' if ratio is None else f'{ratio:5.2f}x'}  {note}", flush=True)

    def markdown(self):
        lines = ["| workload | contender | value | pyneuro / contender | note |",
                 "| --- | --- | ---: | ---: | --- |"]
        for workload, contender, value, unit, ratio, note in self.rows:
            lines.append(f"| {workload} | {contender} | {_fmt(value, unit)} | "
                         f"{'' if ratio is None else f'{ratio:.2f}'} | {note} |")
        return "\n".join(lines)


def _fmt(value, unit):
    if value is None:
        return "-"
    if unit == "s":
        return f"{value * 1e6:.1f} us" if value < 1e-3 else (
            f"{value * 1e3:.2f} ms" if value < 1 else f"{value:.2f} s")
    return f"{value:.1f} {unit}"


def skipped(table, workload, name, module, extra):
    if module is None:
        table.add(workload, name, None, "", note=f"skipped: not installed ({extra})")
        return True
    return False


# -- workloads -------------------------------------------------------------------------------

def bench_gdm(table, folder, Q, hidden=10, R=5, n_rounds=5, budget=1e6, others=True):
    """traingdm per epoch on an R-hidden-1 net.

    pyneuro's epochs are timed by its own record (``tr.time``, from the end of epoch 0's
    evaluation to the last), so its set-up (checks, copies, buffers) is left out as the
    numpy loops' is; the set-up is given in the note.
    """
    P, T = read_dataset(write_dataset(folder, R, Q))
    net = make_net(P, hidden, "traingdm")
    w = weights(net)
    epochs = int(min(1000, max(5, budget / Q)))
    setup = []

    def ours():
        total, tr = pyneuro_train(net, P, T, epochs)
        loop = tr.time[-1] - tr.time[0]
        setup.append(total - loop)
        return loop

    contenders = {
        "pyneuro": ours,
        "numpy by hand, tansig": lambda: bc.numpy_gdm(P, T, w, epochs, formula=True),
        "numpy by hand, np.tanh": lambda: bc.numpy_gdm(P, T, w, epochs),
        "BLAS calls alone": lambda: bc.blas_only(P, T, w, epochs),
    }
    if others and bc.sklearn is not None:
        contenders["scikit-learn MLP"] = lambda: bc.sklearn_gdm(P, T, w, epochs)
    if others and bc.torch is not None:
        contenders["PyTorch"] = lambda: bc.torch_gdm(P, T, w, epochs)
    med = rounds(contenders, n_rounds)
    name = f"traingdm {R}-{hidden}-1, Q={Q:,}, per epoch"
    for contender, seconds in med.items():
        ratio = None if contender == "pyneuro" else med["pyneuro"] / seconds
        note = f"{epochs} epochs"
        if contender == "pyneuro":
            note += f"; set-up {statistics.median(setup) * 1e3:.1f} ms per train call"
        elif contender == "scikit-learn MLP":
            note += "; its fit's set-up included"
        table.add(name, contender, seconds / epochs, "s", ratio, note)
    if others:
        skipped(table, name, "scikit-learn MLP", bc.sklearn, "pip install scikit-learn")
        skipped(table, name, "PyTorch", bc.torch, "not a pyneuro dependency")
    return med["pyneuro"] / epochs


def bench_lm_goal(table, folder, Q=2000, hidden=10, R=5, goal=1e-3, n_rounds=5):
    """trainlm to an mse goal against numpy LM with the same number of epochs."""
    P, T = read_dataset(write_dataset(folder, R, Q))
    net = make_net(P, hidden, "trainlm")
    net.trainParam.goal = goal
    _, tr = pyneuro_train(net, P, T, 1000)
    epochs = tr.num_epochs
    w = weights(net)
    final = {}

    def ours():
        seconds, result = pyneuro_train(net, P, T, 1000)
        final["pyneuro"] = result.perf[-1]
        return seconds

    def theirs(threads=None):
        with bc.blas_threads(threads):
            start = time.perf_counter()
            final["numpy"] = bc.numpy_lm(P, T, w, epochs)
            return time.perf_counter() - start

    med = rounds({"pyneuro": ours, "numpy LM by hand": theirs,
                  "numpy LM by hand, 1 BLAS thread": lambda: theirs(1)}, n_rounds)
    name = f"trainlm {R}-{hidden}-1, Q={Q:,}, to mse {goal:g}"
    table.add(name, "pyneuro", med["pyneuro"], "s", None,
              f"{epochs} epochs ({tr.stop}), mse {final['pyneuro']:.3g}")
    table.add(name, "numpy LM by hand", med["numpy LM by hand"], "s",
              med["pyneuro"] / med["numpy LM by hand"],
              f"same {epochs} epochs, mse {final['numpy']:.3g}")
    table.add(name, "numpy LM by hand, 1 BLAS thread", med["numpy LM by hand, 1 BLAS thread"],
              "s", med["pyneuro"] / med["numpy LM by hand, 1 BLAS thread"],
              "as pyneuro runs it: the arithmetic alone, without the threads' cost")


def lm_memory_child(path, hidden, epochs):
    """In a fresh process: trainlm on the file, peak memory above the interpreter's."""
    base = _rss_peak()
    P, T = read_dataset(path)
    net = make_net(P, hidden, "trainlm")
    seconds, tr = pyneuro_train(net, P, T, epochs)
    return dict(peak=_rss_peak() - base, seconds=seconds, epochs=int(tr.num_epochs),
                n=int(sum(np.size(v) for v in (net.IW[0, 0], net.b[0], net.LW[1, 0], net.b[1]))),
                R=int(P.shape[0]), Q=int(P.shape[1]))


def _rss_peak():
    # VmHWM from /proc (bytes); ru_maxrss (KiB on Linux) elsewhere.
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def bench_lm_memory(table, folder, Q, hidden=20, R=10, epochs=5):
    path = write_dataset(folder, R, Q)
    out = subprocess.run([sys.executable, __file__, "--lm-memory-child", path, str(hidden),
                          str(epochs)], capture_output=True, text=True, check=True)
    m = json.loads(out.stdout.strip().splitlines()[-1])
    data = 8 * (m["R"] + 1) * Q
    layers = 8 * (hidden + 1) * Q
    bound = 3 * data + 2 * layers + 4 * 8 * m["n"] ** 2
    jacobian = 8 * Q * m["n"]
    name = f"trainlm {R}-{hidden}-1, Q={Q:,}"
    table.add(name, "pyneuro per epoch", m["seconds"] / max(m["epochs"], 1), "s", None,
              f"{m['epochs']} epochs, n = {m['n']}")
    note = (f"bound {bound / 2**20:.1f} MiB (3x data {data / 2**20:.1f} + 2 layer outputs "
            f"{layers / 2**20:.1f} + 4 n x n); whole Jacobian alone {jacobian / 2**20:.1f} MiB")
    if m["peak"] > bound:
        # The bound is the issue's, for Q = 1e5; sizes that do not grow with Q dominate below.
        note += ("; above the bound at this size: the Jacobian block (up to 2 MiB), chunk "
                 "buffers (1 MiB) and the BLAS's packing buffers do not shrink with Q")
    table.add(name, "pyneuro peak memory", m["peak"] / 2**20, "MiB", None, note)
    return m, bound


def bench_read(table, folder, rows, n_rounds=3):
    path = os.path.join(folder, f"read_{rows}.txt")
    rs = np.random.RandomState(0)
    values = np.round(rs.standard_normal((rows, 8)) * 100, 3)
    nn.write_txt(path, values, fmt="%.6g")
    med = rounds({"pyneuro": lambda: bc.timed(nn.load_txt, path),
                  "numpy.loadtxt": lambda: bc.timed(np.loadtxt, path)}, n_rounds)
    if not np.array_equal(nn.load_txt(path), np.loadtxt(path)):
        raise SystemExit("load_txt and numpy.loadtxt disagree on the benchmark file")
    name = f"read {rows:,} x 8 text"
    table.add(name, "pyneuro load_txt", med["pyneuro"], "s")
    table.add(name, "numpy.loadtxt", med["numpy.loadtxt"], "s",
              med["pyneuro"] / med["numpy.loadtxt"])


def bench_contended(table, folder, epochs=300, n_rounds=5):
    """trainlm 12-6-1 x 1000: idle, then with two CPU-bound processes, alternated.

    Wall time says how long a user waits; CPU time says whether the process itself did more
    work when busy (threads spinning for a descheduled partner) or only waited its turn.
    """
    P, T = read_dataset(write_dataset(folder, 12, 1000))
    net = make_net(P, 6, "trainlm")
    w = weights(net)
    runs = {"pyneuro": lambda: pyneuro_train(net, P, T, epochs),
            "numpy LM (default BLAS threads)": lambda: bc.numpy_lm(P, T, w, epochs)}
    times = {(who, busy): [] for who in runs for busy in (False, True)}
    for _ in range(n_rounds):
        for busy in (False, True):
            hogs = [subprocess.Popen(["yes"], stdout=subprocess.DEVNULL) for _ in range(2)] \
                if busy else []
            try:
                time.sleep(0.2 if busy else 0.0)
                for who, run in runs.items():
                    # OpenBLAS's idle threads spin a while after a threaded call; let them
                    # go to sleep so that their CPU time is not charged to the next run.
                    time.sleep(0.3)
                    wall, cpu = time.perf_counter(), time.process_time()
                    run()
                    times[who, busy].append((time.perf_counter() - wall,
                                             time.process_time() - cpu))
            finally:
                for hog in hogs:
                    hog.kill()
                    hog.wait()
    name = f"trainlm 12-6-1, Q=1,000, {epochs} epochs"
    for who in runs:
        idle, busy = ([statistics.median(t[k] for t in times[who, b]) for k in (0, 1)]
                      for b in (False, True))
        table.add(name, f"{who}, idle", idle[0], "s", None, f"CPU {idle[1]:.2f} s")
        table.add(name, f"{who}, 2 busy procs", busy[0], "s", None,
                  f"CPU {busy[1]:.2f} s; busy / idle {busy[0] / idle[0]:.2f}")


# -- report ----------------------------------------------------------------------------------

def conditions():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f
                       if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    lines = [f"machine: {cpu}, {os.cpu_count()} logical cores, {platform.system()} "
             f"{platform.release()}",
             f"python {platform.python_version()}, pyneuro {nn.__version__}, numpy "
             f"{np.__version__}, scipy {scipy.__version__}"
             + "".join(f", {k} {v}" for k, v in bc.versions().items())]
    if threadpool_info is not None:
        blas = {(i["internal_api"], i.get("version"), i["num_threads"])
                for i in threadpool_info() if i["user_api"] == "blas"}
        lines.append("BLAS: " + "; ".join(f"{a} {v}, {t} threads" for a, v, t in sorted(blas)))
    lines.append("load average (1, 5, 15 min): %.2f %.2f %.2f" % os.getloadavg())
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes only (under a minute)")
    ap.add_argument("--contended", action="store_true",
                    help="only trainlm 12-6-1 idle vs with two busy processes")
    ap.add_argument("--markdown", metavar="FILE", help="also write the table as Markdown")
    ap.add_argument("--lm-memory-child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.lm_memory_child:
        path, hidden, epochs = args.lm_memory_child
        print(json.dumps(lm_memory_child(path, int(hidden), int(epochs))))
        return

    head = conditions()
    print("\n".join(head))
    command = "python scripts/bench.py " + " ".join(sys.argv[1:])
    table = Table()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        if args.contended:
            bench_contended(table, folder)
        elif args.quick:
            for Q in (100, 300, 2000):
                bench_gdm(table, folder, Q, n_rounds=5, budget=2e5)
            bench_lm_goal(table, folder, n_rounds=3)
            bench_lm_memory(table, folder, 10_000, epochs=3)
        else:
            per_epoch = {}
            for Q in (100, 300, 2000, 10_000, 100_000, 1_000_000):
                # scikit-learn takes seconds per epoch at 1e6 samples: left out there.
                per_epoch[Q] = bench_gdm(table, folder, Q, n_rounds=5, others=Q < 1e6)
            per_q = [per_epoch[Q] / Q for Q in (10_000, 100_000, 1_000_000)]
            table.add("traingdm 5-10-1, Q=1e4..1e6", "pyneuro time / Q", None, "", None,
                      "per-sample cost " + ", ".join(f"{t * 1e9:.1f} ns" for t in per_q)
                      + f"; max/min {max(per_q) / min(per_q):.2f}")
            bench_gdm(table, folder, 2000, hidden=50, R=20, n_rounds=3, budget=2e5)
            bench_lm_goal(table, folder)
            bench_lm_memory(table, folder, 100_000)
            bench_read(table, folder, 1_000_000)
    head.append("load average after (1, 5, 15 min): %.2f %.2f %.2f" % os.getloadavg())
    print(head[-1])
    print(f"total {time.perf_counter() - start:.0f} s; command: {command}")
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write("\n".join(["```", *head, f"command: {command}", "```", "",
                               table.markdown(), ""]))


if __name__ == "__main__":
    main()
