"""The ``.mat`` bridge: :func:`save_mat` and :func:`load_mat`, a network MATLAB and Octave can read.

A pyneuro ``.mat`` file (MATLAB 5 format, written with ``scipy.io.savemat``) holds two
variables:

* ``net``: a struct laid out like MATLAB's network object, so a MATLAB script reads it with
  the same expressions: ``net.numLayers``, ``net.IW{i,1}``, ``net.LW{i,j}``, ``net.b{i}``
  (cells shaped N×1, N×N and N×1 as MATLAB's; empty where there is no connection),
  ``net.inputConnect``, ``net.layerConnect``, ``net.inputs{1}`` (``size``, ``range``,
  ``processFcns``, ``processParams``, ``processSettings``, ``processedSize``,
  ``processedRange``), ``net.outputs{N}`` (``size``, ``range`` and the same processing
  fields), ``net.layers{i}`` (``size``, ``transferFcn``, ``initFcn``), the ``learn`` flags
  of ``net.biases{i}``, ``net.inputWeights{i,1}``, ``net.layerWeights{i,j}``,
  ``net.trainFcn``/``trainParam``, ``net.performFcn``/``performParam``,
  ``net.divideFcn``/``divideParam``/``divideMode``, ``net.learnFcn``, ``adaptFcn``,
  ``initFcn``, ``name``, and ``net.format`` (``'pyneuro-net'``) with ``net.format_version``
  (:data:`MAT_LAYOUT_VERSION`);
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

import io
import os
from importlib import resources

import numpy as np
import scipy.io

from .._validate import check_network
from ..errors import NetFileError, ParameterError, PyneuroError
from ..network import Network, is_configured, plan_of
from ..preprocessing import ProcessSettings
from ._files import read_bytes, write_atomically
from ._matvalues import cell, from_mat, to_mat
from ._netstructure import _name as function_name
from .netfile import FORMAT, LoadedNet, _init_fcn_name, load_net, save_net

__all__ = ["save_mat", "load_mat", "matlab_folder", "saver_for", "save_by_suffix",
           "load_by_suffix"]

# The layout of the struct 'net' (described above); a reader refuses a newer one.
MAT_LAYOUT_VERSION = 1
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


def _connections(weights, n, columns, content):
    """A MATLAB cell n×columns holding ``content(i, j)`` where ``weights`` has ``(i, j)``."""
    return cell({key: content(*key) for key in weights.keys()}, (n, columns))


def _processing(record, where):
    return {
        "processFcns": to_mat([function_name(f, where) for f in record.processFcns],
                              f"net.{where}.processFcns"),
        "processParams": to_mat([p.to_dict() for p in record.processParams],
                                f"net.{where}.processParams"),
        "processSettings": to_mat(record.processSettings, f"net.{where}.processSettings"),
    }


def _network_struct(net):
    if not is_configured(net):
        raise ParameterError("save_mat needs a configured network (input size "
                             f"{net.inputs[0].size}); call configure(net, P, T) or train it "
                             "first")
    n = net.numLayers
    for attribute in _NAME_FIELDS:
        value = getattr(net, attribute)
        if value is not None and not isinstance(value, str):
            raise ParameterError(f"net.{attribute} is {value!r}; a .mat net file stores it only "
                                 "as a string (or None). Set it to a name before saving.")
    inp, out = net.inputs[0], net.outputs[-1]
    inputs = {"size": np.float64(inp.size), "range": np.array(inp.range, dtype=float),
              "processedSize": np.float64(inp.processedSize),
              "processedRange": np.array(inp.processedRange, dtype=float),
              **_processing(inp, "inputs[0]")}
    outputs = {"size": np.float64(out.size),
               "range": np.zeros((0, 0)) if out.range is None else np.array(out.range, float),
               **_processing(out, "outputs[-1]")}
    layers = {(i, 0): {"size": np.float64(layer.size), "transferFcn": layer.transferFcn,
                       "initFcn": _init_fcn_name(layer.initFcn, i)}
              for i, layer in enumerate(net.layers)}
    struct = {
        "format": FORMAT,
        "format_version": np.float64(MAT_LAYOUT_VERSION),
        "numInputs": np.float64(1),
        "numLayers": np.float64(n),
        "inputConnect": np.array(net.inputConnect, dtype=bool),
        "layerConnect": np.array(net.layerConnect, dtype=bool),
        "inputs": cell({(0, 0): inputs}, (1, 1)),
        "outputs": cell({(0, n - 1): outputs}, (1, n)),
        "layers": cell(layers, (n, 1)),
        "biases": cell({(i, 0): {"learn": np.bool_(b.learn)} for i, b in enumerate(net.biases)},
                       (n, 1)),
        "inputWeights": _connections(net.inputWeights, n, 1, lambda i, j: {
            "learn": np.bool_(net.inputWeights[i, j].learn)}),
        "layerWeights": _connections(net.layerWeights, n, n, lambda i, j: {
            "learn": np.bool_(net.layerWeights[i, j].learn)}),
        "IW": _connections(net.inputWeights, n, 1, lambda i, j: np.array(net.IW[i, j])),
        "LW": _connections(net.layerWeights, n, n, lambda i, j: np.array(net.LW[i, j])),
        "b": cell({(i, 0): np.array(net.b[i]) for i in range(n)}, (n, 1)),
        # MATLAB spells "no progress lines" show = NaN; pyneuro spells it None.
        "trainParam": to_mat({k: np.nan if v is None else v
                              for k, v in net.trainParam.to_dict().items()}, "net.trainParam"),
        "performParam": to_mat(net.performParam.to_dict(), "net.performParam"),
        "divideParam": to_mat(net.divideParam.to_dict(), "net.divideParam"),
        "divideMode": net.divideMode,
    }
    struct.update({attribute: to_mat(getattr(net, attribute), f"net.{attribute}")
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
    variables = {"net": _network_struct(net), "settings": to_mat(settings, "setting")}
    write_atomically(path if hasattr(path, "write") else os.fsdecode(os.fspath(path)),
                     lambda stream: scipy.io.savemat(stream, variables, format="5",
                                                     long_field_names=True, oned_as="column"),
                     binary=True)


def _field(struct, name, where, default=...):
    if isinstance(struct, dict) and name in struct:
        return struct[name]
    if default is not ...:
        return default
    raise _damaged(where, f"it has no field {name!r}")


# premnmx/prestd statistics are (R, 1) columns even when R is 1, where MATLAB's file holds a
# plain 1x1 number.
_COLUMN_SETTINGS = ("minp", "maxp", "mint", "maxt", "meanp", "stdp", "meant", "stdt")


def _statistics_as_columns(settings):
    return {key: np.array(value, dtype=float).reshape(-1, 1)
            if key in _COLUMN_SETTINGS and isinstance(value, (int, float)) else value
            for key, value in settings.items()}


class _Damaged(Exception):
    pass


def _damaged(where, detail):
    return _Damaged(f"{where}: {detail}")


def _matrix(value, shape, where):
    array = np.asarray(value if value is not None else np.zeros((0, 0)), dtype=float)
    if array.size == int(np.prod(shape)) and (array.ndim < 2 or array.shape == tuple(shape)):
        return array.reshape(shape)
    raise _damaged(where, f"expected a {shape[0]}x{shape[1]} matrix, found shape {array.shape}")


def _as_list(value):
    """A MATLAB cell (or one struct) read by from_mat, as a list in column-major order."""
    return list(value) if isinstance(value, list) else [] if value is None else [value]


def _as_grid(value, shape, where):
    """A cell read by from_mat (a column-major list) as nested lists of `shape`."""
    items = _as_list(value)
    rows, columns = shape
    if len(items) != rows * columns:
        raise _damaged(where, f"holds {len(items)} entries, expected {rows}x{columns}")
    return [[items[j * rows + i] for j in range(columns)] for i in range(rows)]


def _connected(grid):
    return [(i, j) for i, row in enumerate(grid) for j, item in enumerate(row)
            if item is not None and np.size(item)]


def _set_processing(record, stored, where):
    fcns = _as_list(_field(stored, "processFcns", where, None))
    settings = _as_list(_field(stored, "processSettings", where, None))
    if any(not isinstance(ps, ProcessSettings) for ps in settings):
        raise _damaged(where, "processSettings holds a struct pyneuro cannot read as "
                              "processing settings")
    params = _as_list(_field(stored, "processParams", where, None))
    processed = _field(stored, "processedRange", where, None)
    record._init_processing(fcns, [p or {} for p in params] if params else None, settings,
                            None if processed is None or not fcns
                            else np.array(processed, dtype=float).reshape(-1, 2))


def _rebuild(spec):
    n = int(_field(spec, "numLayers", "net"))
    layers = _as_list(_field(spec, "layers", "net"))
    if len(layers) != n:
        raise _damaged("net.layers", f"holds {len(layers)} layers, numLayers is {n}")
    sizes = [int(_field(layer, "size", f"net.layers{{{i + 1}}}")) for i, layer in enumerate(layers)]
    tfs = [_field(layer, "transferFcn", f"net.layers{{{i + 1}}}") for i, layer in enumerate(layers)]
    inputs = _as_list(_field(spec, "inputs", "net"))[0]
    n_inputs = int(_field(inputs, "size", "net.inputs{1}"))
    outputs = [o for o in _as_list(_field(spec, "outputs", "net", None)) if isinstance(o, dict)]
    iw = _as_grid(_field(spec, "IW", "net"), (n, 1), "net.IW")
    lw = _as_grid(_field(spec, "LW", "net"), (n, n), "net.LW")
    b = _as_list(_field(spec, "b", "net"))
    pr = _matrix(_field(inputs, "range", "net.inputs{1}"), (n_inputs, 2), "net.inputs{1}.range")
    net = Network(pr, sizes, tfs, _field(spec, "trainFcn", "net"),
                  _field(spec, "performFcn", "net", "mse"),
                  _field(spec, "learnFcn", "net", "learngdm") or "learngdm",
                  input_connect=_connected(iw), layer_connect=_connected(lw),
                  output_size=int(outputs[-1]["size"]) if outputs else None)
    _set_processing(net.inputs[0], inputs, "net.inputs{1}")
    if outputs:
        _set_processing(net.outputs[-1], outputs[-1], f"net.outputs{{{n}}}")
        if outputs[-1].get("range") is not None:
            net.outputs[-1]._range = np.array(outputs[-1]["range"], dtype=float)
    # The processing fixes the first layer's input width: lay the weights out again for it.
    net._wb = np.zeros(plan_of(net).n)
    width = net.inputs[0].processedSize
    for i, j in _connected(iw):
        net.IW[i, j] = _matrix(iw[i][j], (sizes[i], width), f"net.IW{{{i + 1},{j + 1}}}")
    for i, j in _connected(lw):
        net.LW[i, j] = _matrix(lw[i][j], (sizes[i], sizes[j]), f"net.LW{{{i + 1},{j + 1}}}")
    for i in range(n):
        net.b[i] = _matrix(b[i] if i < len(b) else None, (sizes[i], 1), f"net.b{{{i + 1}}}")
    _restore_fields(net, spec, n, iw, lw)
    return net


def _learn(entry):
    return isinstance(entry, dict) and "learn" in entry


def _restore_fields(net, spec, n, iw, lw):
    # Fields MATLAB has and pyneuro does not (showWindow, showCommandLine, ...) have no
    # effect here; they are left out rather than refused, so MATLAB's nets load.
    for name in ("trainParam", "performParam"):
        stored = _field(spec, name, "net", {}) or {}
        getattr(net, name).update({k: v for k, v in stored.items() if k in getattr(net, name)})
    for i, layer in enumerate(_as_list(_field(spec, "layers", "net"))):
        if _field(layer, "initFcn", "", None):
            net.layers[i].initFcn = layer["initFcn"]
    for i, bias in enumerate(_as_list(_field(spec, "biases", "net", None))[:n]):
        if _learn(bias):
            net.biases[i].learn = bool(bias["learn"])
    flags = {"inputWeights": (net.inputWeights, (n, 1), iw),
             "layerWeights": (net.layerWeights, (n, n), lw)}
    for name, (records, shape, weights) in flags.items():
        stored = _field(spec, name, "net", None)
        if stored is not None:
            grid = _as_grid(stored, shape, f"net.{name}")
            for i, j in _connected(weights):
                if _learn(grid[i][j]):
                    records[i, j].learn = bool(grid[i][j]["learn"])
    for attribute in ("name", "adaptFcn", "initFcn"):
        if _field(spec, attribute, "net", None) is not None:
            setattr(net, attribute, spec[attribute])
    net.divideFcn = _field(spec, "divideFcn", "net", None) or ""
    stored = _field(spec, "divideParam", "net", {}) or {}
    net.divideParam.update({k: v for k, v in stored.items() if k in net.divideParam})
    net.divideMode = _field(spec, "divideMode", "net", None) or "sample"


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
    MATLAB: ``load net.mat``. Loading runs no code. A 1×1 number reads back as a number, but
    the premnmx/prestd statistics (``minp``, ``maxp``, ``mint``, ``maxt``, ``meanp``, ...) as
    (R, 1) columns. ``trainParam`` fields pyneuro's training
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
    spec = from_mat(contents["net"])
    if not isinstance(spec, dict) or spec.get("format") != FORMAT:
        raise NetFileError(
            f"{name}: 'net' is not a network in pyneuro's layout (net.format is not "
            f"{FORMAT!r}). A MATLAB network object cannot be read outside MATLAB; write it with "
            "pyneuro_export(filename, net) (see pyneuro.io.matfile.matlab_folder()).")
    version = spec.get("format_version")
    if not isinstance(version, (int, float)) or version > MAT_LAYOUT_VERSION:
        raise NetFileError(f"{name} is in .mat layout version {version!r}; this pyneuro reads "
                           f"version {MAT_LAYOUT_VERSION}. Upgrade pyneuro.")
    try:
        net = _rebuild(spec)
        settings = from_mat(contents["settings"]) if "settings" in contents else {}
        settings = _statistics_as_columns(settings) if isinstance(settings, dict) else {}
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
