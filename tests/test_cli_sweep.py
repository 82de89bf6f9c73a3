"""``pyneuro sweep`` and ``pyneuro train --restarts`` (issue 15 acceptance 4), with CliRunner.

The sweep command is a shell over :func:`pyneuro.sweep.sweep` (tested against runs rebuilt by
hand in tests/test_sweep.py): these tests check its wiring, outputs and errors. The restarts
of ``pyneuro train`` are rebuilt here by hand through the library.
"""

import csv
import io
import json
import math
import pathlib

import numpy as np
from click.testing import CliRunner

import pyneuro as nn
from pyneuro.cli import main
from pyneuro.io.netfile import load_net
from pyneuro.sweep import COLUMNS, sweep

ROOT = pathlib.Path(__file__).resolve().parent.parent
TEST = str(ROOT / "sample_data" / "Test.txt")
CHECK = str(ROOT / "sample_data" / "Check.txt")
GRID = ["--hidden", "3,4", "--train-fcn", "trainlm,traingdm", "--epochs", 6, "--restarts", 2,
        "--folds", 2, "--seed", 5]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_sweep_prints_the_table_and_the_best(tmp_path):
    csv_path, net_path = tmp_path / "table.csv", tmp_path / "best.npz"
    result = run("sweep", TEST, "--check", CHECK, *GRID, "--csv", csv_path, "--save", net_path)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Sweep: 2 hidden sizes x 2 functions x 2 restarts x 2 folds = 16 runs" in out
    lines = out.splitlines()
    header = lines.index(next(l for l in lines if l.lstrip().startswith("run hidden")))
    runs = lines[header + 1:header + 17]
    assert [int(l.split()[0]) for l in runs] == list(range(16))
    assert runs[0].split()[1:5] == ["3", "trainlm", "1", "0"]  # hidden, function, fold, restart
    assert "Mean validation RMSE per setting" in out and "Best: run " in out
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text())))
    assert len(rows) == 16 and list(rows[0]) == list(COLUMNS)
    best = min(range(16), key=lambda i: float(rows[i]["val_mse"]))
    assert f"Best: run {best} " in out
    # The saved net is the best run's: its check RMSE is the table's.
    net, settings = load_net(net_path)[:2]
    Pc, Tc = nn.read_data(CHECK)
    Y = nn.postmnmx(nn.sim(net, nn.tramnmx(Pc, settings["minp"], settings["maxp"])),
                    settings["mint"], settings["maxt"])
    assert math.isclose(float(np.sqrt(np.mean((Tc - Y) ** 2))),
                        float(rows[best]["test_rmse"]), rel_tol=1e-12)


def test_sweep_json_on_stdout_equals_the_library_sweep():
    result = run("sweep", TEST, "--check", CHECK, *GRID, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)  # stdout holds the JSON alone
    assert data["columns"] == list(COLUMNS) and len(data["runs"]) == 16
    assert "Sweep: 2 hidden sizes" in result.stderr
    # The same grid through the library, with pyneuro train's starting settings (goal 0.001,
    # lr 0.05 where the function has them) and the epochs given.
    P, T = nn.read_data(TEST)
    Pc, Tc = nn.read_data(CHECK)
    lib = sweep(P, T, check=(Pc, Tc), hidden=(3, 4), restarts=2, folds=2, seed=5,
                train_fcns=[("trainlm", {"epochs": 6, "goal": 1e-3}),
                            ("traingdm", {"epochs": 6, "goal": 1e-3, "lr": 0.05})])
    for got, want in zip(data["runs"], lib.rows):
        for key in COLUMNS:
            if key != "time":
                assert got[key] == want[key], key
    assert data["best"] == lib.best


def test_sweep_errors_are_usage_errors():
    both = run("sweep", TEST, "--jobs", 2, "--scheduler", "tcp://127.0.0.1:1")
    assert both.exit_code == 2 and "not both" in both.stderr
    unknown = run("sweep", TEST, "--train-fcn", "traingdm,trainxyz")
    assert unknown.exit_code == 2 and "trainxyz" in unknown.stderr
    no_field = run("sweep", TEST, "--train-fcn", "trainlm", "--mc", 0.5)
    assert no_field.exit_code == 2 and "trainlm has no parameter 'mc'" in no_field.stderr


def test_train_restarts_keeps_the_best_by_validation_and_reports_the_spread():
    result = run("train", TEST, "--check", CHECK, "--classic", "--restarts", 3, "--epochs", 40,
                 "--seed", 2)
    assert result.exit_code == 0, result.output
    out = result.stdout
    # By hand: every 5th sample validates, premnmx on the others, restart r from seed 2 + r.
    P, T = nn.read_data(TEST)
    Pc, Tc = nn.read_data(CHECK)
    val = np.arange(P.shape[1]) % 5 == 4
    pn, minp, maxp, tn, mint, maxt = nn.premnmx(P[:, ~val], T[:, ~val])
    VV = (nn.tramnmx(P[:, val], minp, maxp), nn.tramnmx(T[:, val], mint, maxt))
    results = []
    for r in range(3):
        net = nn.newff(nn.minmax(pn), [10, 1], ["tansig", "purelin"], "traingdm", rng=2 + r)
        net.trainParam.epochs, net.trainParam.goal, net.trainParam.lr = 40, 1e-3, 0.05
        results.append(nn.train(net, pn, tn, VV=VV, display=None))
    best = int(np.argmin([tr.best_vperf for _, tr in results]))
    assert f"Best restart:  {best + 1} of 3 (seed {2 + best})" in out
    check = [float(np.sqrt(np.mean((Tc - nn.postmnmx(
        nn.sim(net, nn.tramnmx(Pc, minp, maxp)), mint, maxt)) ** 2))) for net, _ in results]
    assert f"min {min(check):.4g}, median {sorted(check)[1]:.4g}, max {max(check):.4g}" in out
    row = next(l for l in out.splitlines() if l.strip().startswith("check "))
    assert math.isclose(float(row.split()[3]), check[best], rel_tol=1e-3)  # RMSE, 4 digits
