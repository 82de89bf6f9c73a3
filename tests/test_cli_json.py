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
