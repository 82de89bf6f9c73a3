"""Network files: :func:`save_net` and :func:`load_net` (``.npz`` arrays plus a JSON header).

A net file is an ordinary NumPy ``.npz`` (zip) archive that anyone can open with
``numpy.load(path)``; it holds

* ``header``: UTF-8 JSON as a ``uint8`` array: ``format`` (``"pyneuro-net"``),
  ``format_version``, the pyneuro version that wrote it, the architecture (input count, layer
  sizes, transfer, init and learn settings), ``trainFcn``/``trainParam``,
  ``performFcn``/``performParam``, and the user's ``settings`` (see below);
* ``wb``: every weight and bias as one vector in MATLAB's ``getwb`` order;
* ``input_range``: ``net.inputs[0].range`` (R×2);
* ``settings.<name>``: each array given as a setting (``settings.minp``, ...).

Loading runs no code: arrays are read with ``allow_pickle=False`` and the header is plain
JSON. Non-finite floats in the header (``trainParam.time = inf``) are written as
``{"$float": "inf"}`` so the JSON stays strict; an array inside a setting is written as
``{"$array": "settings.<name>"}``, a reference to its entry in the archive; processing
settings (``mapminmax``'s PS, ...) are written as ``{"$settings": ps.to_dict()}`` (whose own
spelling of NaN and infinities is the strings ``"nan"``, ``"inf"``, ``"-inf"``).

A reader reads only the entries it needs (``header``, ``wb``, ``input_range`` and the
``settings.*`` arrays the header refers to) and checks each entry's unpacked size before
unpacking it: ``wb`` and ``input_range`` must have the sizes the architecture in the header
implies, and all arrays together may not unpack to more than 16 MiB or the file's own size,
whichever is larger; the header may not exceed 8 MiB or about 200,000 JSON values. A small
file cannot make the reader allocate gigabytes. Weights must be finite real floats, and every
entry of the header's network part must have its type and length.

Writes are atomic: the archive is written to a temporary file in the same folder, flushed to
disk and renamed over the target (a symlink's target; a device or FIFO is written into), so an
interrupted save leaves the old file or the new one, never a partial one.

``format_version`` is 2: version 2 added the connections, processing functions and data
division of the newer networks (:mod:`pyneuro.io._netstructure`); version 1 files (classic
chains) still load. A reader refuses files of a newer format version with a message saying to
upgrade; additions that older readers can ignore do not change the version.
"""

import datetime
import json
import os
import zipfile
from collections import namedtuple

import numpy as np

from .._version import __version__
from ..errors import NetFileError, ParameterError, PyneuroError
from ..initializers import INIT_FUNCTIONS
from .._constructors import newff
from ..network import Network, getwb, setwb
from . import _netstructure
from ._archive import Archive
from ._files import write_atomically
from ._jsonvalues import array_references, check_key, decode, encode
from ._netcheck import (FORMAT, FORMAT_VERSION, HEADER, MAX_HEADER_BYTES, MAX_HEADER_VALUES,
                        architecture, cannot_rebuild, check_spec, json_values, read_header,
                        read_weights)

__all__ = ["save_net", "load_net", "read_net_header", "training_summary", "LoadedNet",
           "FORMAT", "FORMAT_VERSION", "MAX_SUMMARY_POINTS"]

# training_summary keeps at most this many epochs of a training record.
MAX_SUMMARY_POINTS = 10_000

LoadedNet = namedtuple("LoadedNet", ["net", "settings"])
LoadedNet.__doc__ = """What :func:`load_net` returns: ``net, settings = load_net(path)``.

Attributes
----------
net : Network
    The network, weights and parameters as saved.
settings : dict
    The keyword arguments given to :func:`save_net` (arrays come back as arrays).
"""


# -- the header ----------------------------------------------------------------------------------


def _network_header(net):
    layers = net.layers
    for attribute in ("name", "learnFcn", "adaptFcn", "initFcn"):
        value = getattr(net, attribute)
        if value is not None and not isinstance(value, str):
            raise ParameterError(f"net.{attribute} is {value!r}; a net file stores it only as a "
                                 "string (or None). Set it to a name before saving.")
    return {
        "name": net.name,
        "inputs": int(net.inputs[0].size),
        "layer_sizes": [int(layer.size) for layer in layers],
        "transfer_fcns": [layer.transferFcn for layer in layers],
        "init_fcns": [_init_fcn_name(layer.initFcn, i) for i, layer in enumerate(layers)],
        "bias_learn": [bool(b.learn) for b in net.biases],
        "input_weight_learn": bool(net.inputWeights[0, 0].learn),
        "layer_weight_learn": [bool(net.layerWeights[i, i - 1].learn)
                               for i in range(1, len(layers))],
        "trainFcn": net.trainFcn,
        "trainParam": encode(net.trainParam.to_dict(), "trainParam", None, "net."),
        "performFcn": net.performFcn,
        "performParam": encode(net.performParam.to_dict(), "performParam", None, "net."),
        "divideFcn": net.divideFcn,
        "learnFcn": net.learnFcn,
        "adaptFcn": net.adaptFcn,
        "initFcn": net.initFcn,
        "n_weights": int(getwb(net).size),
        "wb_order": "MATLAB getwb: per layer b{i}, then IW{i,j}, then LW{i,j}, column-major",
        **_netstructure.structure_header(net),
    }


def _init_fcn_name(init_fcn, i):
    """A layer's initFcn as a name: a registered function is stored by its name."""
    if isinstance(init_fcn, str):
        return init_fcn
    for name, function in sorted(INIT_FUNCTIONS.items()):
        if function is init_fcn:
            return name
    shown = getattr(init_fcn, "__name__", repr(init_fcn))
    raise ParameterError(
        f"net.layers[{i}].initFcn is the Python function {shown}, which a net file cannot store "
        "(it stores names, not code). Set it to one of "
        f"{', '.join(sorted(INIT_FUNCTIONS))} before saving; the weights are saved either way.")


def training_summary(tr):
    """A compact, storable summary of a training record, for ``save_net(..., training=...)``.

    Parameters
    ----------
    tr : TrainRecord
        As returned by :func:`pyneuro.train`.

    Returns
    -------
    dict
        ``trainFcn``, ``performFcn``, ``stop``, ``num_epochs``, ``best_epoch``,
        ``best_perf``, ``goal``, ``time`` (seconds), and the per-epoch arrays ``perf`` and
        ``gradient`` (plus ``vperf``/``tperf`` when there was validation/test data, and
        ``lr``/``mu`` where recorded); with divided data, ``divideFcn`` and the 0-based
        ``trainInd``, ``valInd``, ``testInd``. A run of more than :data:`MAX_SUMMARY_POINTS`
        epochs keeps that many evenly spaced ones (the first, best and last among them),
        listed in an ``epochs`` array, so that a net file stays small however long training
        ran.

    Examples
    --------
    >>> import pyneuro as nn
    >>> net = nn.newff([[-1, 1]], [2, 1], ['tansig', 'purelin'], 'traingd', rng=0)
    >>> net.trainParam.epochs = 3; net.trainParam.show = None
    >>> net, tr = nn.train(net, [[-1, 0, 1]], [[1, 0, 1]])
    >>> summary = training_summary(tr)
    >>> summary['stop'], summary['num_epochs'], summary['perf'].shape
    ('Maximum epoch reached.', 3, (4,))
    """
    n_points = len(tr.perf)
    recorded = np.asarray(getattr(tr, "epoch", np.arange(n_points)), dtype=np.int64)
    # Open-ended runs (epochs=inf) record millions of epochs: keep a bounded, evenly spaced
    # selection (always the first, the best and the last epoch) and say which epochs they are.
    keep = None
    if n_points > MAX_SUMMARY_POINTS or not np.array_equal(recorded, np.arange(n_points)):
        best = min(int(np.searchsorted(recorded, int(tr.best_epoch))), n_points - 1)
        spaced = np.linspace(0, n_points - 1, min(n_points, MAX_SUMMARY_POINTS - 1)).round()
        keep = np.unique(np.r_[spaced, best].astype(np.int64))
    summary = {
        "trainFcn": tr.trainFcn,
        "performFcn": tr.performFcn,
        "stop": tr.stop,
        "num_epochs": int(tr.num_epochs),
        "best_epoch": int(tr.best_epoch),
        "best_perf": float(tr.best_perf),
        "goal": float(tr.goal),
        "time": float(tr.time[-1]) if len(tr.time) else 0.0,
        "perf": np.asarray(tr.perf, dtype=float),
        "gradient": np.asarray(tr.gradient, dtype=float),
    }
    for name in ("vperf", "tperf"):
        values = np.asarray(getattr(tr, name), dtype=float)
        if np.isfinite(values).any():
            summary[name] = values
    for name in ("lr", "mu"):
        if getattr(tr, name, None) is not None:
            summary[name] = np.asarray(getattr(tr, name), dtype=float)
    if keep is not None:
        for name, value in summary.items():
            if isinstance(value, np.ndarray) and value.shape == (n_points,):
                summary[name] = value[keep]
        summary["epochs"] = recorded[keep]
    if len(getattr(tr, "valInd", ())) or len(getattr(tr, "testInd", ())):
        summary["divideFcn"] = tr.divideFcn
        for name in ("trainInd", "valInd", "testInd"):  # 0-based columns of the data
            summary[name] = np.asarray(getattr(tr, name), dtype=np.int64)
    return summary


# -- writing -------------------------------------------------------------------------------------


def save_net(path, net, **settings):
    """Save a network, and any settings that belong with it, to a ``.npz`` net file.

    Parameters
    ----------
    path : str, os.PathLike or binary stream
        The file to create or replace, exactly as given (no ``.npz`` is appended); a symlink
        is followed, a device or FIFO written into. A stream (``sys.stdout.buffer``) is
        written into and left open.
    net : Network
    **settings
        Anything to keep with the network, typically the normalisation settings
        (``minp=..., maxp=..., mint=..., maxt=...`` from :func:`pyneuro.premnmx`, or
        ``ps=PS`` from :func:`pyneuro.mapminmax` and the other processing functions) and a
        training summary (``training=training_summary(tr)``). Values may be numpy arrays,
        numbers (inf and NaN too), strings, booleans, None, processing settings, and lists
        and dicts of these (at most 64 levels deep).

    Raises
    ------
    ParameterError
        `net` is not a Network; a setting cannot be stored; or a part of the network is not
        a name or a number: ``net.name``, ``learnFcn``, ``adaptFcn`` and ``initFcn`` must be
        strings (or None), a ``trainParam`` value cannot be an array, and a layer's
        ``initFcn`` must be a registered name or function (a function of your own cannot be
        stored; set a name before saving).
    FileAccessError
        The file cannot be written (missing folder, no permission, a directory).

    See Also
    --------
    load_net, training_summary

    Notes
    -----
    MATLAB: ``save net.mat net minp maxp mint maxt``. The file format is described in the
    module docstring; it holds no pickled objects. The write is atomic. A layer ``initFcn``
    given as a registered function (``pyneuro.initializers.initnw``) is stored by its name.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import pyneuro as nn
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = pathlib.Path(folder.name) / "net.npz"
    >>> net = nn.newff([[0, 10]], [3, 1], ['tansig', 'purelin'], 'traingdm', rng=0)
    >>> save_net(path, net, minp=np.array([[0.0]]), maxp=np.array([[10.0]]))
    >>> net2, settings = load_net(path)
    >>> bool((nn.getwb(net2) == nn.getwb(net)).all()), sorted(settings)
    (True, ['maxp', 'minp'])
    >>> folder.cleanup()
    """
    if not isinstance(net, Network):
        raise ParameterError(f"save_net needs a Network as its second argument; got "
                             f"{type(net).__name__}")
    name = path if hasattr(path, "write") else os.fsdecode(os.fspath(path))
    arrays = {}
    for key in settings:
        check_key(key, "setting name")
    encoded = {key: encode(value, key, arrays) for key, value in settings.items()}
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "pyneuro_version": __version__,
        "created": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "network": _network_header(net),
        "settings": encoded,
    }
    text = json.dumps(header, indent=1, allow_nan=False).encode("utf-8")
    if len(text) > MAX_HEADER_BYTES or json_values(text) > MAX_HEADER_VALUES:
        raise ParameterError(
            f"the settings make a header of {len(text):,} bytes and about "
            f"{json_values(text):,} JSON values; a net file header holds at most "
            f"{MAX_HEADER_BYTES:,} bytes and {MAX_HEADER_VALUES:,} values. Give large "
            "settings as numpy arrays, which are stored as arrays.")
    arrays[HEADER] = np.frombuffer(text, dtype=np.uint8)
    arrays["wb"] = getwb(net)
    arrays["input_range"] = np.array(net.inputs[0].range, dtype=float)
    # A file object, not a name: np.savez would append '.npz' to a name without it. zipfile
    # writes into a FIFO or device too (it does without seeking there).
    write_atomically(name, lambda stream: _write_npz(stream, arrays), binary=True)


def _write_npz(stream, arrays):
    """``np.savez(stream, **arrays)``, with the archive closed on every path: on a write error
    (a full disk) older numpy left its ZipFile open, to fail again when collected."""
    with zipfile.ZipFile(stream, mode="w", compression=zipfile.ZIP_STORED,
                         allowZip64=True) as archive:
        for key, value in arrays.items():
            with archive.open(key + ".npy", mode="w", force_zip64=True) as member:
                np.lib.format.write_array(member, np.asanyarray(value), allow_pickle=False)


# -- reading -------------------------------------------------------------------------------------


def _read_referenced_arrays(archive, value):
    """The arrays that the header part `value` refers to (missing ones are left to _decode)."""
    return {key: archive.read(key) for key in sorted(array_references(value)) if key in archive}


def read_net_header(path):
    """The header of a net file as a dict, without building the network.

    Parameters
    ----------
    path : str or os.PathLike

    Returns
    -------
    dict
        ``format``, ``format_version``, ``pyneuro_version``, ``created`` (UTC, ISO 8601),
        ``network`` (architecture, function names, parameters) and ``settings`` (arrays
        resolved), as described in the module docstring.

    Raises
    ------
    FileAccessError, NetFileError
        As :func:`load_net`.
    """
    archive = Archive(os.fsdecode(os.fspath(path)))
    header = read_header(archive)
    return decode(header, _read_referenced_arrays(archive, header), archive.name)


def _rebuild(name, spec, wb, input_range, arrays):
    try:
        if _netstructure.has_structure(spec):
            net = _netstructure.build(spec, input_range, arrays, name)
        else:
            net = newff(input_range, spec["layer_sizes"], spec["transfer_fcns"],
                        spec["trainFcn"], spec.get("learnFcn", "learngdm"),
                        spec.get("performFcn", "mse"), rng=0)
        net = setwb(net, wb)
        net.trainParam.update(decode(spec.get("trainParam", {}), arrays, name))
        net.performParam.update(decode(spec.get("performParam", {}), arrays, name))
        # None: a file from a pyneuro that stored a callable initFcn as None; keep initnw.
        for layer, init_fcn in zip(net.layers, spec.get("init_fcns", [])):
            if init_fcn is not None:
                layer.initFcn = init_fcn
        for bias, learn in zip(net.biases, spec.get("bias_learn", [])):
            bias.learn = learn
        net.inputWeights[0, 0].learn = spec.get("input_weight_learn", True)
        for i, learn in enumerate(spec.get("layer_weight_learn", []), start=1):
            net.layerWeights[i, i - 1].learn = learn
        net.divideFcn = spec.get("divideFcn", "")
        if _netstructure.has_structure(spec):
            _netstructure.restore(net, spec, arrays, name)
        for attribute in ("name", "adaptFcn", "initFcn"):
            if attribute in spec:
                setattr(net, attribute, spec[attribute])
    except NetFileError:
        raise
    except (PyneuroError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise cannot_rebuild(
            name, f"missing entry {exc}" if isinstance(exc, KeyError) else str(exc)) from exc
    return net


def load_net(path):
    """Load a network saved by :func:`save_net`.

    Parameters
    ----------
    path : str or os.PathLike

    Returns
    -------
    LoadedNet
        ``(net, settings)``: the network (weights, functions and parameters as saved) and a
        dict of the settings given to :func:`save_net` (``{}`` if none; processing settings
        come back as their settings objects).

    Raises
    ------
    FileAccessError
        The file is missing or cannot be read.
    NetFileError
        The file is not a pyneuro net file (not an ``.npz``, or an ``.npz`` without a pyneuro
        header), is truncated or corrupted, was written in a newer format version, or holds
        arrays larger than its header implies (or than the file's own size allows).

    See Also
    --------
    save_net, read_net_header

    Notes
    -----
    MATLAB: ``load net.mat``. Loading executes no code (``allow_pickle=False``; the header is
    JSON) and does not touch the global random stream. The architecture in the header is
    checked against the stored weights before the network is built, so memory use stays in
    proportion to the file.
    """
    archive = Archive(os.fsdecode(os.fspath(path)))
    name = archive.name
    header = read_header(archive)
    spec = header.get("network")
    n_inputs, sizes, n_weights = architecture(name, spec)
    wb, input_range = read_weights(archive, n_inputs, sizes, n_weights)
    check_spec(name, spec, len(sizes))
    settings = header.get("settings", {})
    if not isinstance(settings, dict):
        raise NetFileError(f"{name} is damaged: its settings are not a JSON object.")
    arrays = _read_referenced_arrays(archive, [settings, spec])
    net = _rebuild(name, spec, wb, input_range, arrays)
    return LoadedNet(net, decode(settings, arrays, name))
