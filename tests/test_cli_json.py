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
