"""The ``.mat`` bridge: :func:`save_mat` and :func:`load_mat`, a network MATLAB and Octave can read.

A pyneuro ``.mat`` file (MATLAB 5 format, written with ``scipy.io.savemat``) holds two
variables:

* ``net``: a struct laid out like MATLAB's network object, so a MATLAB script reads it with
  the same expressions: ``net.numLayers``, ``net.IW{1,1}`` (S1×R), ``net.LW{i,i-1}``,
  ``net.b{i}`` (cells shaped N×1, N×N and N×1 as MATLAB's), ``net.inputs{1}.range`` and
  ``.size``, ``net.layers{i}.size``, ``.transferFcn``, ``.initFcn``, ``net.biases{i}.learn``,
  ``net.inputWeights{1,1}.learn``, ``net.layerWeights{i,i-1}.learn``, ``net.trainFcn``,
  ``net.trainParam`` (a struct), ``net.performFcn``, ``net.performParam``, ``net.divideFcn``,
  ``net.learnFcn``, ``net.adaptFcn``, ``net.initFcn``, ``net.name``, and ``net.format``
  (``'pyneuro-net'``) with ``net.format_version`` (1);
* ``settings``: a struct of the keyword settings given to :func:`save_mat` (``minp``, ``maxp``,
  ``mint``, ``maxt``, a ``mapminmax`` PS as a struct with MATLAB's field names, ...).

The package data folder ``pyneuro/io/matlab/`` (see :func:`matlab_folder`) holds the MATLAB
side, needing no toolbox: ``pyneuro_sim.m`` evaluates such a net (``Y = pyneuro_sim(s.net, P,
s.settings)``), and ``pyneuro_export.m`` writes a MATLAB network in this layout for
:func:`load_mat`.

Values in MATLAB terms: numbers are doubles, booleans logicals, strings char rows, None the
empty matrix ``[]``, lists cells, dicts structs. MATLAB does not tell a number from a 1×1
matrix, so both read back as a number; index fields of processing settings are 1-based in the
file, as MATLAB's, and 0-based in Python.
"""

import dataclasses
import io
import os
import re
from importlib import resources

import numpy as np
import scipy.io

from .._validate import check_network
from ..errors import NetFileError, ParameterError, PyneuroError
from ..network import Network, newff
from ..preprocessing import SETTINGS_CLASSES, ProcessSettings, settings_from_dict
from ._files import read_bytes, write_atomically
from .netfile import FORMAT, FORMAT_VERSION, LoadedNet, _init_fcn_name, load_net, save_net

__all__ = ["save_mat", "load_mat", "matlab_folder", "saver_for", "save_by_suffix",
           "load_by_suffix"]

_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,62}")
_NAME_FIELDS = ("name", "trainFcn", "performFcn", "divideFcn", "learnFcn", "adaptFcn",
                "initFcn")


def matlab_folder():
    """The folder holding ``pyneuro_sim.m`` and ``pyneuro_export.m``, for MATLAB's ``addpath``.

    Examples
    --------
    >>> sorted(p.name for p in matlab_folder().glob('*.m'))
    ['pyneuro_export.m', 'pyneuro_sim.m']
    """
    return resources.files("pyneuro.io") / "matlab"


# -- Python values -> MATLAB values -----------------------------------------------------------


def _cell(items, shape):
    """A MATLAB cell of `shape` holding ``items[(i, j)]``, and ``[]`` elsewhere."""
    cell = np.empty(shape, dtype=object)
    for index in np.ndindex(*shape):
        cell[index] = items.get(index, np.zeros((0, 0)))
    return cell


def _to_mat(value, where):
    """``value`` as scipy.io.savemat writes it in MATLAB's terms; refuse what it cannot."""
    if isinstance(value, ProcessSettings):
        out = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            # MATLAB's row indices count from 1.
            out[f.name] = item + 1.0 if f.metadata.get("kind") == "index" else item
        return {k: _to_mat(v, f"{where}.{k}") for k, v in out.items()}
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
            out[key] = _to_mat(item, f"{where}.{key}")
        return out
    if isinstance(value, (list, tuple)):
        return _cell({(0, i): _to_mat(item, f"{where}[{i}]") for i, item in enumerate(value)},
                     (1, len(value)))
    raise ParameterError(f"{where} has type {type(value).__name__}; a .mat net file stores "
                         "numbers, strings, booleans, None, numpy arrays, processing settings, "
                         "and lists and dicts of these")


def _network_struct(net):
    n = net.numLayers
    for attribute in _NAME_FIELDS:
        value = getattr(net, attribute)
        if value is not None and not isinstance(value, str):
            raise ParameterError(f"net.{attribute} is {value!r}; a .mat net file stores it only "
                                 "as a string (or None). Set it to a name before saving.")
    layers = {(i, 0): {"size": np.float64(layer.size), "transferFcn": layer.transferFcn,
                       "initFcn": _init_fcn_name(layer.initFcn, i)}
              for i, layer in enumerate(net.layers)}
    struct = {
        "format": FORMAT,
        "format_version": np.float64(FORMAT_VERSION),
        "numInputs": np.float64(1),
        "numLayers": np.float64(n),
        "inputs": _cell({(0, 0): {"size": np.float64(net.inputs[0].size),
                                  "range": np.array(net.inputs[0].range, dtype=float)}}, (1, 1)),
        "layers": _cell(layers, (n, 1)),
        "biases": _cell({(i, 0): {"learn": np.bool_(b.learn)} for i, b in enumerate(net.biases)},
                        (n, 1)),
        "inputWeights": _cell({(0, 0): {"learn": np.bool_(net.inputWeights[0, 0].learn)}},
                              (n, 1)),
        "layerWeights": _cell({(i, i - 1): {"learn": np.bool_(net.layerWeights[i, i - 1].learn)}
                               for i in range(1, n)}, (n, n)),
        "IW": _cell({(0, 0): np.array(net.IW[0, 0])}, (n, 1)),
        "LW": _cell({(i, i - 1): np.array(net.LW[i, i - 1]) for i in range(1, n)}, (n, n)),
        "b": _cell({(i, 0): np.array(net.b[i]) for i in range(n)}, (n, 1)),
        # MATLAB spells "no progress lines" show = NaN; pyneuro spells it None.
        "trainParam": _to_mat({k: np.nan if v is None else v
                               for k, v in net.trainParam.to_dict().items()}, "net.trainParam"),
        "performParam": _to_mat(net.performParam.to_dict(), "net.performParam"),
    }
    struct.update({attribute: _to_mat(getattr(net, attribute), f"net.{attribute}")
                   for attribute in _NAME_FIELDS})
    return struct


def save_mat(path, net, **settings):
    """Save a network and its settings as a MATLAB ``.mat`` file (readable without pyneuro).

    Parameters
    ----------
    path : str, os.PathLike or binary stream
        The file to create or replace, exactly as given (no ``.mat`` is appended), or an open
        binary stream to write into.
    net : Network
    **settings
        As :func:`pyneuro.save_net`: typically ``minp=..., maxp=..., mint=..., maxt=...`` from
        :func:`pyneuro.premnmx`, or ``ps=PS`` from :func:`pyneuro.mapminmax`. Names must be
        MATLAB identifiers.

    Raises
    ------
    ParameterError
        `net` is not a Network, or a setting cannot be stored in a ``.mat`` file.
    FileAccessError
        The file cannot be written.

    Notes
    -----
    MATLAB: ``save net.mat net minp maxp mint maxt``, but the file holds a plain struct, not a
    network object, so MATLAB and Octave read it without the toolbox (layout in the module
    docstring); in MATLAB, ``s = load('net.mat'); Y = pyneuro_sim(s.net, P, s.settings)``.
    The write is atomic (temporary file, then rename), as for every pyneuro file.

    Examples
    --------
    >>> import pathlib, tempfile, scipy.io
    >>> import pyneuro as nn
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = pathlib.Path(folder.name) / "net.mat"
    >>> net = nn.newff([[0, 10], [0, 1]], [3, 1], ['tansig', 'purelin'], 'traingdm', rng=0)
    >>> save_mat(path, net, minp=np.array([[0.0], [0.0]]), maxp=np.array([[10.0], [1.0]]))
    >>> s = scipy.io.loadmat(path, simplify_cells=True)
    >>> s['net']['layers'][0]['transferFcn'], bool((s['net']['IW'][0] == net.IW[0, 0]).all())
    ('tansig', True)
    >>> folder.cleanup()
    """
    check_network(net, "save_mat")
    if not isinstance(net, Network):
        raise ParameterError(f"save_mat needs a Network as its second argument; got "
                             f"{type(net).__name__}")
    variables = {"net": _network_struct(net), "settings": _to_mat(settings, "setting")}
    write_atomically(path if hasattr(path, "write") else os.fsdecode(os.fspath(path)),
                     lambda stream: scipy.io.savemat(stream, variables, format="5",
                                                     long_field_names=True, oned_as="column"),
                     binary=True)


# -- MATLAB values -> Python values -----------------------------------------------------------


def _from_mat(value):
    """A value read by loadmat (squeeze_me=False, struct_as_record=False) as a Python value."""
    if isinstance(value, scipy.io.matlab.mat_struct):
        fields = {name: _from_mat(getattr(value, name)) for name in value._fieldnames}
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
        items = [_from_mat(item) for item in value.ravel(order="F")]
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


def _field(struct, name, where, default=...):
    if isinstance(struct, dict) and name in struct:
        return struct[name]
    if default is not ...:
        return default
    raise _damaged(where, f"it has no field {name!r}")


class _Damaged(Exception):
    pass


def _damaged(where, detail):
    return _Damaged(f"{where}: {detail}")


def _matrix(value, shape, where):
    array = np.asarray(value if value is not None else np.zeros((0, 0)), dtype=float)
    if array.size == int(np.prod(shape)) and (array.ndim < 2 or array.shape == tuple(shape)):
        return array.reshape(shape)
    raise _damaged(where, f"expected a {shape[0]}x{shape[1]} matrix, found shape {array.shape}")


def _rebuild(spec):
    n = int(_field(spec, "numLayers", "net"))
    layers = _field(spec, "layers", "net")
    layers = [layers] if isinstance(layers, dict) else layers
    if len(layers) != n:
        raise _damaged("net.layers", f"holds {len(layers)} layers, numLayers is {n}")
    sizes = [int(_field(layer, "size", f"net.layers{{{i + 1}}}")) for i, layer in enumerate(layers)]
    tfs = [_field(layer, "transferFcn", f"net.layers{{{i + 1}}}") for i, layer in enumerate(layers)]
    inputs = _field(spec, "inputs", "net")
    inputs = inputs[0] if isinstance(inputs, list) else inputs
    n_inputs = int(_field(inputs, "size", "net.inputs{1}"))
    weights = {name: _field(spec, name, "net") for name in ("IW", "LW", "b")}
    pr = _matrix(_field(inputs, "range", "net.inputs{1}"), (n_inputs, 2), "net.inputs{1}.range")
    net = newff(pr, sizes, tfs, _field(spec, "trainFcn", "net"),
                _field(spec, "learnFcn", "net", "learngdm") or "learngdm",
                _field(spec, "performFcn", "net", "mse"), rng=0)
    iw, lw, b = (_as_list(weights[name], shape) for name, shape in
                 (("IW", (n,)), ("LW", (n, n)), ("b", (n,))))
    net.IW[0, 0] = _matrix(iw[0], (sizes[0], n_inputs), "net.IW{1,1}")
    for i in range(n):
        net.b[i] = _matrix(b[i], (sizes[i], 1), f"net.b{{{i + 1}}}")
        if i:
            net.LW[i, i - 1] = _matrix(lw[i][i - 1], (sizes[i], sizes[i - 1]),
                                       f"net.LW{{{i + 1},{i}}}")
    _restore_fields(net, spec, n)
    return net


def _as_list(cell, shape):
    """A cell read by _from_mat (a column-major list) as nested lists of `shape`."""
    items = list(cell) if isinstance(cell, list) else [cell]
    if len(items) != int(np.prod(shape)):
        raise _damaged("net", f"a weight cell holds {len(items)} entries, expected "
                              f"{'x'.join(map(str, shape))}")
    if len(shape) == 1:
        return items
    rows, columns = shape
    return [[items[j * rows + i] for j in range(columns)] for i in range(rows)]


def _restore_fields(net, spec, n):
    # Fields MATLAB has and pyneuro does not (showWindow, showCommandLine, ...) have no
    # effect here; they are left out rather than refused, so MATLAB's nets load.
    train_param = _field(spec, "trainParam", "net", {}) or {}
    net.trainParam.update({k: v for k, v in train_param.items() if k in net.trainParam})
    perform_param = _field(spec, "performParam", "net", {}) or {}
    net.performParam.update({k: v for k, v in perform_param.items() if k in net.performParam})
    for i, layer in enumerate(_as_list(_field(spec, "layers", "net"), (n,))):
        if _field(layer, "initFcn", "", None):
            net.layers[i].initFcn = layer["initFcn"]
    for i, bias in enumerate(_as_list(_field(spec, "biases", "net", [None] * n), (n,))):
        if isinstance(bias, dict) and "learn" in bias:
            net.biases[i].learn = bool(bias["learn"])
    input_weights = _as_list(_field(spec, "inputWeights", "net", [None] * n), (n,))
    if isinstance(input_weights[0], dict) and "learn" in input_weights[0]:
        net.inputWeights[0, 0].learn = bool(input_weights[0]["learn"])
    layer_weights = _as_list(_field(spec, "layerWeights", "net", [None] * n * n), (n, n))
    for i in range(1, n):
        entry = layer_weights[i][i - 1]
        if isinstance(entry, dict) and "learn" in entry:
            net.layerWeights[i, i - 1].learn = bool(entry["learn"])
    for attribute in ("name", "adaptFcn", "initFcn"):
        if _field(spec, attribute, "net", None) is not None:
            setattr(net, attribute, spec[attribute])
    # dividerand & co. come with the newer API; a classic net trains on all its data.
    if _field(spec, "divideFcn", "net", None) in ("", None, "dividetrain"):
        net.divideFcn = spec.get("divideFcn") or ""


def load_mat(path):
    """Load a network from a ``.mat`` file written by :func:`save_mat` or ``pyneuro_export.m``.

    Parameters
    ----------
    path : str or os.PathLike

    Returns
    -------
    LoadedNet
        ``(net, settings)``, as :func:`pyneuro.load_net`: the network and a dict of the
        settings stored with it (processing settings come back as their settings objects).

    Raises
    ------
    FileAccessError
        The file is missing or cannot be read.
    NetFileError
        The file is not a MAT-file, has no ``net`` struct in pyneuro's layout, or its
        weights do not fit its layer sizes.

    Notes
    -----
    MATLAB: ``load net.mat``. Loading runs no code. ``trainParam`` fields pyneuro's training
    function does not have are left out. A processing settings struct (``name`` is
    ``'mapminmax'``, ...) becomes pyneuro's settings object; one whose fields pyneuro cannot
    read (another MATLAB release's) stays a dict.
    """
    name = os.fsdecode(os.fspath(path))
    raw = read_bytes(name, "MAT-file")
    try:
        contents = scipy.io.loadmat(io.BytesIO(raw), squeeze_me=False, struct_as_record=False,
                                    mat_dtype=True, chars_as_strings=True)
    except Exception as exc:  # scipy raises ValueError, TypeError, MatReadError, ...
        raise NetFileError(f"{name} is not a MATLAB MAT-file that scipy can read ({exc}). "
                           "Save it in MATLAB with save(..., '-v7') or '-v6' (not '-v7.3')."
                           ) from exc
    if "net" not in contents:
        held = ", ".join(k for k in contents if not k.startswith("__")) or "nothing"
        raise NetFileError(f"{name} holds no variable 'net' (it holds: {held}). pyneuro reads "
                           ".mat files written by save_mat or by pyneuro_export.m.")
    spec = _from_mat(contents["net"])
    if not isinstance(spec, dict) or spec.get("format") != FORMAT:
        raise NetFileError(
            f"{name}: 'net' is not a network in pyneuro's layout (net.format is not "
            f"{FORMAT!r}). A MATLAB network object cannot be read outside MATLAB; write it with "
            "pyneuro_export(filename, net) (see pyneuro.io.matfile.matlab_folder()).")
    version = spec.get("format_version")
    if not isinstance(version, (int, float)) or version > FORMAT_VERSION:
        raise NetFileError(f"{name} is in .mat layout version {version!r}; this pyneuro reads "
                           f"version {FORMAT_VERSION}. Upgrade pyneuro.")
    try:
        net = _rebuild(spec)
        settings = _from_mat(contents["settings"]) if "settings" in contents else {}
    except (_Damaged, PyneuroError, TypeError, ValueError, KeyError) as exc:
        raise NetFileError(f"{name} holds a network pyneuro cannot rebuild ({exc}).") from exc
    return LoadedNet(net, settings if isinstance(settings, dict) else {})


def saver_for(path):
    """:func:`save_mat` for a path ending in ``.mat`` (any case), else :func:`pyneuro.save_net`
    (also for an open stream). What ``pyneuro train --save`` uses, so that ``--save net.mat``
    writes a MAT-file."""
    is_mat = not hasattr(path, "write") and os.fsdecode(os.fspath(path)).lower().endswith(".mat")
    return save_mat if is_mat else save_net


def save_by_suffix(path, net, **settings):
    """Save `net` with the writer :func:`saver_for` chooses for `path`."""
    saver_for(path)(path, net, **settings)


def load_by_suffix(path):
    """:func:`load_mat` for a path ending in ``.mat`` (any case), else :func:`pyneuro.load_net`.

    Returns
    -------
    LoadedNet
        ``(net, settings)``.
    """
    return (load_mat if saver_for(path) is save_mat else load_net)(path)
