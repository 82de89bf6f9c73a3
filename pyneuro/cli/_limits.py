"""Checks that stop ``pyneuro train`` before it starts what it cannot finish: a network too
large for the machine's memory, a data column premnmx cannot scale.

The library checks sizes too (a ShapeError/ParameterError before allocating); these checks
speak in the command's terms (the option, the file and column) and come before any work.
"""

import os

import numpy as np

from ..training._normal import block_shape
from ._output import plural
from .options import InputError, option_error

__all__ = ["check_size", "check_spread", "physical_memory"]


def check_size(sizes, n_inputs, n_samples, train_fcn):
    """Refuse a network that cannot fit in this machine's memory, before allocating it."""
    n_weights = sum(size * (before + 1) for before, size in zip([n_inputs, *sizes], sizes))
    # Rough counts of float64 values alive while training: a few copies of the weights
    # (weights, gradient, step, best), a few of every layer's outputs per sample; trainlm/trainbr
    # add a block of the Jacobian (block_shape: at most BLOCK_BYTES, at least one sample's
    # rows) and a few n x n matrices.
    values = 6 * n_weights + 4 * n_samples * sum(sizes)
    if train_fcn in ("trainlm", "trainbr"):  # Levenberg-Marquardt steps
        width, columns = block_shape(sizes[-1], n_weights)
        values += min(n_samples, width) * sizes[-1] * columns + 4 * n_weights ** 2
    needed = 8 * values
    available = physical_memory()
    if available is not None and needed > available:
        architecture = "-".join(str(s) for s in [n_inputs, *sizes])
        raise option_error("--hidden", f"a {architecture} network has {n_weights:,} weights and "
                           f"biases; training it with {train_fcn} on "
                           f"{plural(n_samples, 'sample')} needs about {needed / 2**30:,.1f} GiB "
                           f"of memory, and this machine has {available / 2**30:,.1f} GiB. Give "
                           "smaller hidden layers.")


def physical_memory():
    """Bytes of physical memory, or None where the system does not say."""
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, OSError, ValueError):
        return None


def check_spread(data, path, role):
    """Refuse a column whose range overflows: premnmx could not scale it to [-1, 1]."""
    with np.errstate(over="ignore", invalid="ignore"):
        spread = data.max(axis=1) - data.min(axis=1)
    for column in np.flatnonzero(~np.isfinite(spread)):
        raise InputError(
            f"cannot read the {role}: {path}, column {column + 1}: its values run from "
            f"{data[column].min():g} to {data[column].max():g}, a range too wide for float64 "
            "(it overflows), so premnmx cannot scale it to [-1, 1]. Express that column in "
            "larger units (divide it by a power of ten).")
