"""Python values as MATLAB values and back, for :mod:`pyneuro.io.matfile` (scipy.io.savemat).

Numbers are doubles, booleans logicals, strings char rows, None the empty matrix ``[]``, lists
cells, dicts structs, processing settings structs with MATLAB's field names (row indices
1-based, as MATLAB's). MATLAB does not tell a number from a 1×1 matrix: both read back as a
number.
"""

import dataclasses
import re

import numpy as np
import scipy.io

from ..errors import ParameterError, PyneuroError
from ..preprocessing import SETTINGS_CLASSES, ProcessSettings, settings_from_dict

__all__ = ["cell", "to_mat", "from_mat"]

_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,62}")


def cell(items, shape):
    """A MATLAB cell of `shape` holding ``items[(i, j)]``, and ``[]`` elsewhere."""
    cell = np.empty(shape, dtype=object)
    for index in np.ndindex(*shape):
        cell[index] = items.get(index, np.zeros((0, 0)))
    return cell


def to_mat(value, where):
    """``value`` as scipy.io.savemat writes it in MATLAB's terms; refuse what it cannot."""
    if isinstance(value, ProcessSettings):
        out = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            # MATLAB's row indices count from 1.
            out[f.name] = item + 1.0 if f.metadata.get("kind") == "index" else item
        return {k: to_mat(v, f"{where}.{k}") for k, v in out.items()}
    if value is None:
        return np.zeros((0, 0))
    if isinstance(value, (bool, np.bool_)):
        return np.bool_(value)
    if isinstance(value, (int, float, np.integer, np.floating)):
        return np.float64(value)
    if isinstance(value, str):
        return value
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "biufc":
            raise ParameterError(f"{where} is an array of dtype {value.dtype}; a .mat net file "
                                 "stores arrays of numbers or booleans (text as a list of "
                                 "strings)")
        return value if value.dtype.kind in "bc" else value.astype(np.float64)
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str) or not _IDENTIFIER.fullmatch(key):
                raise ParameterError(
                    f"{where} has the key {key!r}; MATLAB field names start with a letter and "
                    "hold letters, digits and underscores (at most 63)")
            out[key] = to_mat(item, f"{where}.{key}")
        return out
    if isinstance(value, (list, tuple)):
        return cell({(0, i): to_mat(item, f"{where}[{i}]") for i, item in enumerate(value)},
                     (1, len(value)))
    raise ParameterError(f"{where} has type {type(value).__name__}; a .mat net file stores "
                         "numbers, strings, booleans, None, numpy arrays, processing settings, "
                         "and lists and dicts of these")


def from_mat(value):
    """A value read by loadmat (squeeze_me=False, struct_as_record=False) as a Python value."""
    if isinstance(value, scipy.io.matlab.mat_struct):
        fields = {name: from_mat(getattr(value, name)) for name in value._fieldnames}
        name = fields.get("name")
        if isinstance(name, str) and name in SETTINGS_CLASSES:
            try:
                return _process_settings(fields)
            except (PyneuroError, TypeError, ValueError):
                # Another MATLAB release's fields (older mapminmax has no gain/xoffset): the
                # struct is still worth having, as it was written.
                return fields
        return fields
    if not isinstance(value, np.ndarray):
        return value
    if value.dtype == object:
        items = [from_mat(item) for item in value.ravel(order="F")]
        structs = value.size and all(isinstance(item, scipy.io.matlab.mat_struct)
                                     for item in value.ravel())
        return items[0] if structs and value.size == 1 else items
    if value.dtype.kind == "U":
        return "".join(value.ravel().tolist())
    if value.shape == (0, 0) and value.dtype.kind == "f":
        return None
    if value.size == 1:
        item = value.item()
        return bool(item) if value.dtype.kind == "b" else item
    return value


def _process_settings(fields):
    classes = SETTINGS_CLASSES[fields["name"]]
    values = dict(fields)
    for f in dataclasses.fields(classes):
        if f.metadata.get("kind") == "index" and f.name in values:
            values[f.name] = np.asarray(values[f.name] if values[f.name] is not None else [],
                                        dtype=float) - 1.0
    return settings_from_dict(values)
