"""Tests for the CLI's --json documents, function-name choices, completion and warnings."""

import json
import pathlib
import warnings

import numpy as np
import pytest
from click.testing import CliRunner

import pyneuro as nn
from pyneuro.cli import main
from pyneuro.cli.options import guard
from pyneuro.errors import ConvergenceWarning
from pyneuro.training import TRAINING_FUNCTIONS

ROOT = pathlib.Path(__file__).resolve().parent.parent
TEST = str(ROOT / "sample_data" / "Test.txt")
CHECK = str(ROOT / "sample_data" / "Check.txt")
METRIC_KEYS = {"n", "mse", "rmse", "mae", "r", "r2", "mape"}


def run(*args, **kwargs):
    return CliRunner().invoke(main, [str(a) for a in args], **kwargs)


def test_only_pyneuros_own_warnings_are_shown_once_each(capsys):
    with guard(False):
        warnings.warn("someone else's deprecation", DeprecationWarning)
        warnings.warn("a numpy-style runtime warning", RuntimeWarning)
        for _ in range(3):
            warnings.warn("training diverged", ConvergenceWarning)
        warnings.warn("another pyneuro warning", ConvergenceWarning)
    assert capsys.readouterr().err.splitlines() == ["Warning: training diverged",
                                                    "Warning: another pyneuro warning"]


def test_function_names_are_choices_listed_in_help():
    help_text = " ".join(run("train", "--help").output.split())
    available = sorted(n for n, f in TRAINING_FUNCTIONS.items() if f.available)
    assert {"traingd", "traingdm", "trainlm", "trainbr"} <= set(available)
    assert "[" + "|".join(available) + "]" in help_text
    assert "elliotsig, hardlim, hardlims, logsig" in help_text
    sweep_help = " ".join(run("sweep", "--help").output.split())
    assert "any of: " + ", ".join(available) + "." in sweep_help


def test_train_fcn_is_case_insensitive():
    result = run("train", TEST, "--train-fcn", "TrainLM", "--val-ratio", 0, "--epochs", 2, "-q")
    assert result.exit_code == 0, result.output
    assert "Training trainlm for up to 2 epochs" in result.stdout


@pytest.mark.parametrize("words, expected", [
    ("pyneuro train x --train-fcn traingd", ["traingd", "traingda", "traingdm", "traingdx"]),
    ("pyneuro train x --transfer tansig,pur", ["tansig,purelin"]),
    ("pyneuro train x --transfer l", ["logsig"]),
    ("pyneuro sweep x --train-fcn traingd,trainl", ["traingd,trainlm"]),
])
def test_shell_completion_of_function_names(words, expected):
    env = {"_PYNEURO_COMPLETE": "bash_complete", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split()) - 1)}
    result = CliRunner(env=env).invoke(main, [], prog_name="pyneuro")
    assert result.output.split() == [f"plain,{name}" for name in expected]


@pytest.fixture(scope="module")
def trained_json(tmp_path_factory):
    folder = tmp_path_factory.mktemp("json")
    net, pred = folder / "net.npz", folder / "pred.txt"
    result = run("train", TEST, "--check", CHECK, "--classic", "--epochs", "30", "--save", net,
                 "--predictions", pred, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result, net, pred


def test_train_json_holds_the_metrics(trained_json):
    doc, result, net, pred = trained_json
    assert doc["schema"] == "pyneuro.train/1"
    assert doc["stop"] == "Maximum epoch reached." and doc["num_epochs"] == 30
    # sample_data/README.md: 300 training cars, 92 check cars; --classic divides nothing.
    assert doc["split"] == {"training": 300, "validation": 0, "test": 0, "check": 92}
    assert doc["files"] == {"save": str(net), "predictions": str(pred), "plot": None}
    assert doc["network"]["sizes"] == [7, 10, 1]
    assert doc["network"]["transfer"] == ["tansig", "purelin"]
    assert doc["network"]["trainFcn"] == "traingdm"
    # The check metrics are those of the predictions file against Check.txt's targets,
    # computed here by hand from the two files.
    Y = nn.load_txt(pred).T
    _, Tc = nn.read_data(CHECK)
    e = Tc - Y
    check = doc["metrics"]["check"][0]
    assert set(check) == METRIC_KEYS and check["n"] == 92
    assert check["mse"] == pytest.approx(np.mean(e ** 2), rel=1e-12)
    assert check["mae"] == pytest.approx(np.mean(np.abs(e)), rel=1e-12)
    assert check["r"] == pytest.approx(np.corrcoef(Tc[0], Y[0])[0, 1], rel=1e-9)
    # The report for people went to stderr, stdout holds the JSON document only.
    assert "Training data:" in result.stderr and "Training data:" not in result.stdout


def test_train_json_split_with_division():
    result = run("train", TEST, "--epochs", "5", "--val-ratio", "0.2", "--test-ratio", "0.1",
                 "--json", "-q")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    # dividerand: round(0.2 * 300) = 60 validation, round(0.1 * 300) = 30 test, the rest trains.
    assert doc["split"] == {"training": 210, "validation": 60, "test": 30, "check": 0}
    assert {k: v[0]["n"] for k, v in doc["metrics"].items()} == {
        "training": 210, "validation": 60, "test": 30}


@pytest.mark.parametrize("args", [
    ["train", TEST, "--predictions", "-", "--json"],
    ["train", TEST, "--save", "-", "--json"],
    ["sim", "net.npz", CHECK, "-o", "-", "--json"],
])
def test_json_and_a_dash_output_both_want_stdout(args):
    result = run(*args)
    assert result.exit_code == 2
    assert "--json and" in result.stderr and "both write to standard output" in result.stderr
    assert result.stdout == ""


def test_info_json_parses(trained_json):
    _, _, net, _ = trained_json
    result = run("info", net, "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["schema"] == "pyneuro.info/1"
    assert [layer["size"] for layer in doc["network"]["layers"]] == [10, 1]
    assert [layer["transferFcn"] for layer in doc["network"]["layers"]] == ["tansig", "purelin"]
    assert doc["network"]["trainParam"]["epochs"] == 30
    assert doc["network"]["trainParam"]["time"] is None  # inf: no time limit (not JSON)
    assert doc["training"]["stop"] == "Maximum epoch reached."
    assert doc["data"]["check_file"] == CHECK
    P, _ = nn.read_data(TEST)
    assert doc["normalisation"]["minp"] == list(P.min(axis=1))  # premnmx's minp, by row


def test_sim_json_agrees_with_train(trained_json, tmp_path):
    doc, _, net, pred = trained_json
    result = run("sim", net, CHECK, "--json")
    assert result.exit_code == 0, result.output
    sim = json.loads(result.stdout)
    assert sim["schema"] == "pyneuro.sim/1" and sim["has_targets"]
    assert sim["samples"] == 92 and sim["inputs"] == 7 and sim["outputs"] == 1
    assert sim["metrics"] == doc["metrics"]["check"]
    assert np.array_equal(np.array(sim["predictions"]), nn.load_txt(pred).reshape(-1, 1))
    # With -o the predictions go to the file and the document names it.
    out = tmp_path / "p.txt"
    with_file = run("sim", net, CHECK, "-o", out, "--json")
    assert with_file.exit_code == 0, with_file.output
    document = json.loads(with_file.stdout)
    assert document["predictions"] is None and document["output_file"] == str(out)
    assert out.read_text() == pred.read_text()


def test_plot_draws_the_check_file_as_the_test_set(tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    from pyneuro.cli import train as train_cli

    pages = []
    monkeypatch.setattr(train_cli, "report_page", lambda tr, sets, path, **kw: pages.append(
        (tr, sets)))
    result = run("train", TEST, "--check", CHECK, "--classic", "--epochs", "20",
                 "--plot", tmp_path / "r.png")
    assert result.exit_code == 0, result.output
    ((tr, sets),) = pages
    assert [name for name, _, _ in sets] == ["Training", "Test"]
    _, Tc = nn.read_data(CHECK)
    assert np.array_equal(sets[1][1], Tc)  # the check file's targets
    # The check file was train's test data (TV): its performance is recorded every epoch.
    assert np.isfinite(tr.tperf).all() and len(tr.tperf) == 21
    # ... and it never changes training: the same run without --plot ends on the same error.
    plain = run("train", TEST, "--check", CHECK, "--classic", "--epochs", "20", "--json")
    assert json.loads(plain.stdout)["best_perf"] == tr.best_perf


def test_plot_keeps_check_apart_from_a_divided_training_file(tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    from pyneuro.cli import train as train_cli

    pages = []
    monkeypatch.setattr(train_cli, "report_page", lambda tr, sets, path, **kw: pages.append(
        (tr, sets)))
    result = run("train", TEST, "--check", CHECK, "--epochs", "5", "--test-ratio", "0.1",
                 "--plot", tmp_path / "r.png", "-q")
    assert result.exit_code == 0, result.output
    ((tr, sets),) = pages
    assert [name for name, _, _ in sets] == ["Training", "Validation", "Test", "Check"]
