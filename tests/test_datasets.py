"""Tests for pyneuro.datasets: the sample data shipped inside the package."""

import pathlib

import numpy as np
import pytest

import pyneuro as nn

SAMPLE_DATA = pathlib.Path(__file__).resolve().parent.parent / "sample_data"


def test_load_auto_mpg_shapes_and_files():
    data = nn.datasets.load_auto_mpg()
    # sample_data/README.md: 300 training cars, 92 check cars, 7 inputs, mpg target.
    assert data.P.shape == (7, 300) and data.T.shape == (1, 300)
    assert data.Pcheck.shape == (7, 92) and data.Tcheck.shape == (1, 92)
    assert data.train_file.is_file() and data.check_file.is_file()
    assert len(data.input_names) == 7 and data.target_name == "mpg"


def test_load_auto_mpg_first_car_by_hand():
    # First data line of Test.txt, read by eye: 8 cylinders ... 1 (USA), then the mpg target.
    line = next(l for l in data_lines(SAMPLE_DATA / "Test.txt"))
    values = [float(v) for v in line.split()]
    data = nn.datasets.load_auto_mpg()
    assert list(data.P[:, 0]) == values[:7] and data.T[0, 0] == values[7]
    # model year column holds 70..82, origin 1..3 (README's units)
    assert data.P[5].min() >= 70 and data.P[5].max() <= 82
    assert set(np.unique(data.P[6])) <= {1.0, 2.0, 3.0}


def data_lines(path):
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("%"):
            yield line


@pytest.mark.skipif(not SAMPLE_DATA.is_dir(), reason="runs in a source tree only")
@pytest.mark.parametrize("name", ["Test.txt", "Check.txt"])
def test_shipped_copy_is_the_sample_data(name):
    assert nn.datasets.data_path(name).read_bytes() == (SAMPLE_DATA / name).read_bytes()


def test_data_path_names_the_shipped_files():
    with pytest.raises(FileNotFoundError, match="ships: Check.txt, Test.txt"):
        nn.datasets.data_path("Nope.txt")
    with pytest.raises(FileNotFoundError):
        nn.datasets.data_path("../__init__.py")
