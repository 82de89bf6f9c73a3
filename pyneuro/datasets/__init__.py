"""Sample data shipped inside the package, so examples run after a plain ``pip install``.

The files are the repository's ``sample_data/Test.txt`` and ``sample_data/Check.txt`` (the test
suite checks that the copies are identical); ``sample_data/README.md`` describes their source,
columns and units.

>>> import pyneuro as nn
>>> data = nn.datasets.load_auto_mpg()
>>> data.P.shape, data.T.shape, data.Pcheck.shape, data.Tcheck.shape
((7, 300), (1, 300), (7, 92), (1, 92))
>>> data.train_file.name, data.check_file.name
('Test.txt', 'Check.txt')
"""

import pathlib
from typing import NamedTuple

import numpy as np

from ..io.text import read_data

__all__ = ["AutoMPG", "load_auto_mpg", "data_path"]

# The package is installed unzipped (zip_safe = False), so the data files are real files that
# the CLI, load_txt and MATLAB-style scripts can open by name.
_DATA = pathlib.Path(__file__).resolve().parent / "data"

_AUTO_MPG_INPUTS = ("cylinders", "displacement", "horsepower", "weight", "acceleration",
                    "model_year", "origin")


class AutoMPG(NamedTuple):
    """The Auto MPG sample data, as returned by :func:`load_auto_mpg`.

    Attributes
    ----------
    P : ndarray, shape (7, 300)
        Training inputs, one column per car.
    T : ndarray, shape (1, 300)
        Training targets: fuel economy in miles per gallon.
    Pcheck : ndarray, shape (7, 92)
        Check (test) inputs.
    Tcheck : ndarray, shape (1, 92)
        Check targets.
    train_file : pathlib.Path
        The training file (``Test.txt``), for :func:`pyneuro.read_data` or ``pyneuro train``.
    check_file : pathlib.Path
        The check file (``Check.txt``).
    input_names : tuple of str
        Names of the 7 input rows, in order.
    target_name : str
        Name of the target row.
    """

    P: np.ndarray
    T: np.ndarray
    Pcheck: np.ndarray
    Tcheck: np.ndarray
    train_file: pathlib.Path
    check_file: pathlib.Path
    input_names: tuple
    target_name: str


def data_path(name):
    """Path of a data file shipped with pyneuro.

    Parameters
    ----------
    name : str
        The file name, ``"Test.txt"`` or ``"Check.txt"``.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    FileNotFoundError
        pyneuro ships no data file of that name (the message lists those it ships).
    """
    path = _DATA / name
    if not path.is_file() or path.parent != _DATA:
        shipped = ", ".join(sorted(p.name for p in _DATA.glob("*.txt")))
        raise FileNotFoundError(f"pyneuro ships no data file {name!r}; it ships: {shipped}")
    return path


def load_auto_mpg():
    """Load the Auto MPG sample data: 300 training and 92 check cars, 7 inputs, mpg target.

    Returns
    -------
    AutoMPG
        A named tuple ``(P, T, Pcheck, Tcheck, train_file, check_file, input_names,
        target_name)``; arrays in MATLAB orientation (one column per car).

    Notes
    -----
    MATLAB: ``Data = load('Test.txt'); P = Data(:,1:end-1)'; T = Data(:,end)';`` and the same
    for ``Check.txt``. The split is fixed; ``sample_data/README.md`` gives reference results
    on it (least squares: check RMSE 3.34 mpg).

    Examples
    --------
    >>> import pyneuro as nn
    >>> P, T, Pcheck, Tcheck, *_ = nn.datasets.load_auto_mpg()
    >>> pn, minp, maxp, tn, mint, maxt = nn.premnmx(P, T)
    >>> pn.shape
    (7, 300)
    """
    train_file, check_file = data_path("Test.txt"), data_path("Check.txt")
    P, T = read_data(train_file)
    Pcheck, Tcheck = read_data(check_file)
    return AutoMPG(P, T, Pcheck, Tcheck, train_file, check_file, _AUTO_MPG_INPUTS, "mpg")
