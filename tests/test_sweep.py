"""Sweeps (pyneuro.sweep): the table's rows against runs rebuilt by hand through the public
API, and the same table from the serial run, a process pool and a dask.distributed cluster
(acceptance 2 of issue 15: every address of the cluster on 127.0.0.1).
"""

import concurrent.futures
import csv
import io
import json
import math

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import pyneuro as nn
from pyneuro.cli import main
from pyneuro.sweep import COLUMNS, SerialExecutor, connect, sweep
from pyneuro.workflow import predict

TEST = str(Path(__file__).resolve().parent.parent / "sample_data" / "Test.txt")

GRID = dict(hidden=(2, 3), train_fcns=("traingdm", "trainlm"), params={"epochs": [4, 7]},
            restarts=2, folds=2, seed=3)


@pytest.fixture(scope="module")
def data():
    rs = np.random.RandomState(4)
    P = rs.uniform(0, 10, (2, 24))
    T = np.sin(P[:1]) + 0.1 * P[1:]
    Pc = rs.uniform(0, 10, (2, 6))
    Tc = np.sin(Pc[:1]) + 0.1 * Pc[1:]
    return P, T, Pc, Tc


@pytest.fixture(scope="module")
def serial(data):
    P, T, Pc, Tc = data
    return sweep(P, T, check=(Pc, Tc), **GRID)


def _table(result):
    """The rows without the time column, the only one that depends on the machine."""
    return [{k: v for k, v in row.items() if k != "time"} for row in result.rows]


def _same_tables(a, b):
    assert len(a.rows) == len(b.rows)
    for x, y in zip(_table(a), _table(b)):
        assert x.keys() == y.keys()
        for key in x:
            if isinstance(x[key], float) and math.isnan(x[key]):
                assert math.isnan(y[key]), key
            else:
                assert x[key] == y[key], (key, x, y)
    assert a.best == b.best
    np.testing.assert_array_equal(nn.getwb(a.net), nn.getwb(b.net))


def test_grid_order_and_columns(serial):
    rows = serial.rows
    assert len(rows) == 2 * 2 * 2 * 2 * 2
    assert [r["run"] for r in rows] == list(range(32))
    assert all(tuple(r) == COLUMNS for r in rows)
    # hidden (outer) × function × params × fold × restart (inner)
    assert [(r["hidden"], r["train_fcn"], r["params"]["epochs"], r["fold"], r["restart"])
            for r in rows[:5]] == [("2", "traingdm", 4, 0, 0), ("2", "traingdm", 4, 0, 1),
                                   ("2", "traingdm", 4, 1, 0), ("2", "traingdm", 4, 1, 1),
                                   ("2", "traingdm", 7, 0, 0)]
    assert rows[16]["hidden"] == "3" and rows[8]["train_fcn"] == "trainlm"
    assert {r["seed"] for r in rows} == {3, 4}
    assert all(r["epochs"] <= r["params"]["epochs"] for r in rows)


@pytest.mark.parametrize("run", [0, 13, 30])
def test_a_row_is_the_classic_workflow_by_hand(data, serial, run):
    P, T, Pc, Tc = data
    row = serial.rows[run]
    q = np.arange(P.shape[1])
    train, val = q[q % 2 != row["fold"]], q[q % 2 == row["fold"]]
    pn, minp, maxp, tn, mint, maxt = nn.premnmx(P[:, train], T[:, train])
    net = nn.newff(nn.minmax(pn), [int(row["hidden"]), 1], ["tansig", "purelin"],
                   row["train_fcn"], rng=row["seed"])
    net.trainParam.epochs = row["params"]["epochs"]
    VV = (nn.tramnmx(P[:, val], minp, maxp), nn.tramnmx(T[:, val], mint, maxt))
    net, tr = nn.train(net, pn, tn, VV=VV, display=None)

    def mse(Pd, Td):
        Y = nn.postmnmx(nn.sim(net, nn.tramnmx(Pd, minp, maxp)), mint, maxt)
        return float(np.mean((Td - Y) ** 2))

    assert row["stop"] == tr.stop and row["epochs"] == tr.num_epochs
    assert row["best_epoch"] == tr.best_epoch
    np.testing.assert_allclose(row["train_mse"], mse(P[:, train], T[:, train]), rtol=1e-12)
    np.testing.assert_allclose(row["val_mse"], mse(P[:, val], T[:, val]), rtol=1e-12)
    np.testing.assert_allclose(row["test_mse"], mse(Pc, Tc), rtol=1e-12)
    assert row["test_rmse"] == math.sqrt(row["test_mse"])


def test_best_is_lowest_validation_error_and_its_net(data, serial):
    P, T, _, _ = data
    vals = [r["val_mse"] for r in serial.rows]
    assert serial.best == int(np.argmin(vals))
    s = serial.scaling
    minp, maxp, mint, maxt = s.minp, s.maxp, s.mint, s.maxt
    row = serial.rows[serial.best]
    q = np.arange(P.shape[1])
    val = q[q % 2 == row["fold"]]
    Y = nn.postmnmx(nn.sim(serial.net, nn.tramnmx(P[:, val], minp, maxp)), mint, maxt)
    np.testing.assert_allclose(np.mean((T[:, val] - Y) ** 2), row["val_mse"], rtol=1e-12)


def test_process_pool_gives_the_same_table(data, serial):
    P, T, Pc, Tc = data
    done = []
    with concurrent.futures.ProcessPoolExecutor(max_workers=2) as pool:
        result = sweep(P, T, check=(Pc, Tc), executor=pool,
                       progress=lambda d, n: done.append((d, n)), **GRID)
    _same_tables(serial, result)
    assert done[-1] == (32, 32) and len(done) == 16  # one call per task (2 restarts each)


# dask's own advisories on a slow machine ("Creating scratch directories is taking a
# surprisingly long time") are about the machine, not about pyneuro.
@pytest.mark.filterwarnings("ignore::UserWarning:distributed")
def test_dask_cluster_gives_the_same_table(data, serial):
    distributed = pytest.importorskip("dask.distributed")
    P, T, Pc, Tc = data
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       host="127.0.0.1", dashboard_address=None)
    try:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        client = connect(cluster.scheduler_address)
        try:
            assert all(w.startswith("tcp://127.0.0.1:") for w in
                       client.scheduler_info()["workers"])
            _same_tables(serial, sweep(P, T, check=(Pc, Tc), executor=client, **GRID))
            _same_tables(serial, sweep(P, T, check=(Pc, Tc),
                                       executor=client.get_executor(), **GRID))
        finally:
            client.close()
        # The command line on the same cluster: the same JSON as in this process.
        args = ["sweep", TEST, "--hidden", "2", "--epochs", "3", "--restarts", "2", "--json"]
        here = CliRunner().invoke(main, args)
        there = CliRunner().invoke(main, args + ["--scheduler", cluster.scheduler_address])
        assert here.exit_code == there.exit_code == 0, there.output
        assert "on the dask cluster at tcp://127.0.0.1:" in there.stderr
        strip = [{k: v for k, v in r.items() if k != "time"}
                 for r in json.loads(here.stdout)["runs"]]
        assert strip == [{k: v for k, v in r.items() if k != "time"}
                         for r in json.loads(there.stdout)["runs"]]
    finally:
        cluster.close()


def test_csv_and_json(serial, tmp_path):
    data = json.loads(serial.to_json())
    assert data["columns"] == list(COLUMNS) and data["best"] == serial.best
    assert len(data["runs"]) == 32 and data["runs"][5]["train_fcn"] == "traingdm"
    assert data["runs"][5]["val_mse"] == serial.rows[5]["val_mse"]
    path = tmp_path / "table.csv"
    assert serial.to_csv(path) is None
    rows = list(csv.DictReader(io.StringIO(path.read_text())))
    assert len(rows) == 32 and float(rows[7]["test_mse"]) == serial.rows[7]["test_mse"]
    assert json.loads(rows[0]["params"]) == {"epochs": 4}
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]  # no temporary left


def test_no_folds_means_no_validation_and_best_by_training(data):
    P, T, _, _ = data
    result = sweep(P, T, hidden=(2,), restarts=3, train_param={"epochs": 5},
                   executor=SerialExecutor())
    assert all(r["fold"] == -1 and math.isnan(r["val_mse"]) and math.isnan(r["test_mse"])
               for r in result.rows)
    assert result.best == int(np.argmin([r["train_mse"] for r in result.rows]))
    assert json.loads(result.to_json())["runs"][0]["val_mse"] is None


def test_settings_for_one_training_function_only(data):
    P, T, _, _ = data
    result = sweep(P, T, hidden=(2,), train_fcns=[("traingdm", {"epochs": 3, "mc": 0.5}),
                                                  ("trainlm", {"epochs": 2})])
    assert [(r["train_fcn"], r["epochs"]) for r in result.rows] == [("traingdm", 3),
                                                                    ("trainlm", 2)]


def test_bad_grids_fail_before_any_run(data):
    P, T, _, _ = data
    with pytest.raises(nn.ParameterError, match="folds must be a positive integer"):
        sweep(P, T, folds=0)
    with pytest.raises(nn.UnknownFunctionError):
        sweep(P, T, train_fcns=("traingdm", "trainxyz"))
    with pytest.raises(nn.ParameterError, match="mc"):
        sweep(P, T, train_fcns=("traingdm", "trainlm"), params={"mc": [0.5]})
    with pytest.raises(nn.ParameterError, match="need at least one value"):
        sweep(P, T, hidden=())


def _ctrl_c_at_task(monkeypatch, at):
    """Ctrl-C (a KeyboardInterrupt) while the `at`-th task (0-based) runs, in this process."""
    import pyneuro.sweep as module
    calls, run_task = [], module._run_task

    def interrupted(task):
        calls.append(task)
        if len(calls) == at + 1:
            raise KeyboardInterrupt
        return run_task(task)
    monkeypatch.setattr(module, "_run_task", interrupted)


def test_a_ctrl_c_stops_the_sweep_and_keeps_the_runs_that_finished(data, serial, monkeypatch):
    P, T, Pc, Tc = data
    _ctrl_c_at_task(monkeypatch, 3)  # tasks are the restarts of a cell: 2 runs each
    result = sweep(P, T, check=(Pc, Tc), interrupt="stop", **GRID)
    assert result.stopped and not serial.stopped
    assert [r["run"] for r in result.rows] == list(range(6))
    assert _table(result) == _table(serial)[:6]
    assert result.best == min(range(6), key=lambda i: serial.rows[i]["val_mse"])
    # The kept net is the best finished run's: it reproduces that run's training error.
    row = result.rows[result.best]
    cols = [q for q in range(P.shape[1]) if q % 2 != row["fold"]]
    Y = predict(result.net, P[:, cols], result.scaling)
    assert np.mean((T[:, cols] - Y) ** 2) == pytest.approx(row["train_mse"], rel=1e-12)
    assert json.loads(result.to_json())["stopped"] is True
    assert json.loads(serial.to_json())["stopped"] is False


def test_a_ctrl_c_before_any_run_finished_or_by_default_propagates(data, monkeypatch):
    P, T, _, _ = data
    _ctrl_c_at_task(monkeypatch, 0)
    with pytest.raises(KeyboardInterrupt):
        sweep(P, T, hidden=(2,), train_param={"epochs": 3}, interrupt="stop")
    _ctrl_c_at_task(monkeypatch, 1)
    with pytest.raises(KeyboardInterrupt):
        sweep(P, T, hidden=(2, 3), train_param={"epochs": 3})
    with pytest.raises(nn.ParameterError, match="interrupt must be 'raise' or 'stop'"):
        sweep(P, T, interrupt="ignore")
