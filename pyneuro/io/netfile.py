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
``{"$array": "settings.<name>"}``, a reference to its entry in the archive.

Writes are atomic: the archive is written to a temporary file in the same folder, flushed to
disk and renamed over the target, so an interrupted save leaves the old file or the new one,
never a partial one.

``format_version`` is 1. A reader refuses files of a newer format version with a message
saying to upgrade; additions that older readers can ignore do not change the version.
"""

import datetime
import io
import json
import math
import os
from collections import namedtuple

import numpy as np

from ..errors import NetFileError, ParameterError, PyneuroError
from ..network import Network, getwb, newff, setwb
from ._files import read_bytes, write_atomically

__all__ = ["save_net", "load_net", "read_net_header", "training_summary", "LoadedNet",
           "FORMAT", "FORMAT_VERSION"]

FORMAT = "pyneuro-net"
FORMAT_VERSION = 1
_HEADER = "header"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")

LoadedNet = namedtuple("LoadedNet", ["net", "settings"])
LoadedNet.__doc__ = """What :func:`load_net` returns: ``net, settings = load_net(path)``.

Attributes
----------
net : Network
    The network, weights and parameters as saved.
settings : dict
    The keyword arguments given to :func:`save_net` (arrays come back as arrays).
"""


# -- JSON with arrays and non-finite floats ----------------------------------------------------


def _encode(value, where, arrays):
    """A JSON-safe copy of ``value``; ndarrays go to ``arrays`` and leave a reference."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "biufcU":
            raise ParameterError(f"setting {where} is an array of dtype {value.dtype}; net files "
                                 "store arrays of numbers, booleans or text only")
        key = "settings." + where
        while key in arrays:  # a dict key containing '.' could collide; keep keys unique
            key += "_"
        arrays[key] = value
        return {"$array": key}
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        value = float(value)
        return value if math.isfinite(value) else {"$float": repr(value)}
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise ParameterError(f"setting {where} has a key {key!r}; keys must be strings")
            if key.startswith("$"):
                raise ParameterError(f"setting {where} has a key {key!r}; keys starting with "
                                     "'$' are reserved by the net file format")
            out[key] = _encode(item, f"{where}.{key}", arrays)
        return out
    if isinstance(value, (list, tuple)):
        return [_encode(item, f"{where}.{i}", arrays) for i, item in enumerate(value)]
    raise ParameterError(
        f"setting {where} has type {type(value).__name__}; net files store numbers, strings, "
        "booleans, None, numpy arrays, and lists and dicts of these")


def _decode(value, arrays, path):
    if isinstance(value, dict):
        if set(value) == {"$array"}:
            key = value["$array"]
            if key not in arrays:
                raise NetFileError(f"{path} is damaged: its header refers to an array {key!r} "
                                   "that is not in the file. Save the network again.")
            return arrays[key]
        if set(value) == {"$float"}:
            try:
                return float(value["$float"])
            except (TypeError, ValueError):
                raise NetFileError(f"{path} is damaged: bad number {value['$float']!r} in its "
                                   "header. Save the network again.") from None
        return {k: _decode(v, arrays, path) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v, arrays, path) for v in value]
    return value


# -- the header ----------------------------------------------------------------------------------


def _network_header(net):
    layers = net.layers
    return {
        "name": net.name,
        "inputs": int(net.inputs[0].size),
        "layer_sizes": [int(layer.size) for layer in layers],
        "transfer_fcns": [layer.transferFcn for layer in layers],
        # A callable initFcn cannot be stored; the loaded layer then keeps initnw.
        "init_fcns": [layer.initFcn if isinstance(layer.initFcn, str) else None
                      for layer in layers],
        "bias_learn": [bool(b.learn) for b in net.biases],
        "input_weight_learn": bool(net.inputWeights[0, 0].learn),
        "layer_weight_learn": [bool(net.layerWeights[i, i - 1].learn)
                               for i in range(1, len(layers))],
        "trainFcn": net.trainFcn,
        "trainParam": _encode(net.trainParam.to_dict(), "trainParam", {}),
        "performFcn": net.performFcn,
        "performParam": _encode(net.performParam.to_dict(), "performParam", {}),
        "divideFcn": net.divideFcn,
        "learnFcn": net.learnFcn,
        "adaptFcn": net.adaptFcn,
        "initFcn": net.initFcn,
        "n_weights": int(getwb(net).size),
        "wb_order": "MATLAB getwb: per layer b{i}, then IW{i,j}, then LW{i,j}, column-major",
    }


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
        ``lr``/``mu`` where recorded).

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
    return summary


# -- writing -------------------------------------------------------------------------------------


def save_net(path, net, **settings):
    """Save a network, and any settings that belong with it, to a ``.npz`` net file.

    Parameters
    ----------
    path : str or os.PathLike
        The file to create or replace, exactly as given (no ``.npz`` is appended).
    net : Network
    **settings
        Anything to keep with the network, typically the normalisation settings
        (``minp=..., maxp=..., mint=..., maxt=...`` from :func:`pyneuro.premnmx`) and a
        training summary (``training=training_summary(tr)``). Values may be numpy arrays,
        numbers (inf and NaN too), strings, booleans, None, and lists and dicts of these.

    Raises
    ------
    ParameterError
        `net` is not a Network, or a setting cannot be stored.
    FileAccessError
        The file cannot be written (missing folder, no permission, a directory).

    See Also
    --------
    load_net, training_summary

    Notes
    -----
    MATLAB: ``save net.mat net minp maxp mint maxt``. The file format is described in the
    module docstring; it holds no pickled objects. The write is atomic.

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
    name = os.fsdecode(os.fspath(path))
    arrays = {}
    encoded = {key: _encode(value, key, arrays) for key, value in settings.items()}
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "pyneuro_version": _version(),
        "created": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "network": _network_header(net),
        "settings": encoded,
    }
    text = json.dumps(header, indent=1, allow_nan=False)
    arrays[_HEADER] = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    arrays["wb"] = getwb(net)
    arrays["input_range"] = np.array(net.inputs[0].range, dtype=float)
    buffer = io.BytesIO()
    # A file object, not a name: np.savez would append '.npz' to a name without it.
    np.savez(buffer, **arrays)
    write_atomically(name, lambda stream: stream.write(buffer.getvalue()), binary=True)


def _version():
    from .. import __version__  # pyneuro/__init__ imports this module's package

    return __version__


# -- reading -------------------------------------------------------------------------------------


def _read_archive(name):
    """All arrays of the archive at ``name`` as a dict; NetFileError if it is not one."""
    raw = read_bytes(name, "net file")
    if not raw.startswith(_ZIP_MAGIC):
        if not raw:
            what = "it is empty"
        elif raw.startswith(b"\x93NUMPY"):
            what = "it is a single .npy array, not an .npz archive"
        elif raw.startswith(b"MATLAB "):
            what = "it is a MATLAB MAT-file (pyneuro cannot read MATLAB network objects)"
        elif _looks_like_text(raw):
            what = "it is a text file (is it a data file given in the net file's place?)"
        else:
            what = "it is not an .npz archive"
        raise NetFileError(f"{name} is not a pyneuro net file: {what}. Net files are written "
                           "by pyneuro.save_net or 'pyneuro train --save'.")
    try:
        with np.load(io.BytesIO(raw), allow_pickle=False) as archive:
            return {key: archive[key] for key in archive.files}
    # Damaged bytes surface as many exception types (BadZipFile, zlib.error, EOFError, a
    # ValueError from the .npy header, NotImplementedError for a flipped compression method,
    # RuntimeError for a flipped "encrypted" flag, ...). This block only parses bytes
    # already in memory, so whatever fails here is the file.
    except Exception as exc:
        raise NetFileError(f"{name} is damaged (truncated or corrupted: {exc}). Save the "
                           "network again, or copy the file again if it was transferred.") from exc


def _looks_like_text(raw):
    head = raw[:512]
    return b"\x00" not in head and all(32 <= c < 127 or c in b"\t\r\n" for c in head)


def _parse_header(name, arrays):
    if _HEADER not in arrays:
        held = ", ".join(sorted(arrays)) or "nothing"
        raise NetFileError(f"{name} is an .npz archive but not a pyneuro net file: it has no "
                           f"'{_HEADER}' entry (it holds: {held}). Net files are written by "
                           "pyneuro.save_net or 'pyneuro train --save'.")
    raw = arrays[_HEADER]
    try:
        if raw.dtype != np.uint8 or raw.ndim != 1:
            raise ValueError(f"header is {raw.dtype} of shape {raw.shape}")
        header = json.loads(raw.tobytes().decode("utf-8"))
        if not isinstance(header, dict):
            raise ValueError("header is not a JSON object")
    except (ValueError, UnicodeDecodeError) as exc:
        raise NetFileError(f"{name} is not a pyneuro net file, or its header is damaged "
                           f"({exc}).") from exc
    if header.get("format") != FORMAT:
        raise NetFileError(f"{name} is not a pyneuro net file: its header says format "
                           f"{header.get('format')!r}, expected {FORMAT!r}.")
    version = header.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise NetFileError(f"{name} is damaged: bad format_version {version!r} in its header.")
    if version > FORMAT_VERSION:
        writer = header.get("pyneuro_version", "a newer version")
        raise NetFileError(
            f"{name} was written by a newer pyneuro ({writer}, net file format {version}); "
            f"this pyneuro ({_version()}) reads format {FORMAT_VERSION}. Upgrade pyneuro: "
            "pip install --upgrade pyneuro-nnt.")
    return header


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
    name = os.fsdecode(os.fspath(path))
    arrays = _read_archive(name)
    header = _parse_header(name, arrays)
    return _decode(header, arrays, name)


def _rebuild(name, header, arrays):
    spec = header.get("network")
    missing = [key for key in ("wb", "input_range") if key not in arrays]
    if missing:
        raise NetFileError(f"{name} is damaged: the array(s) {', '.join(missing)} are missing. "
                           "Save the network again.")
    try:
        sizes = spec["layer_sizes"]
        tfs = spec["transfer_fcns"]
        pr = arrays["input_range"]
        net = newff(pr, sizes, tfs, spec["trainFcn"], spec.get("learnFcn", "learngdm"),
                    spec.get("performFcn", "mse"), rng=0)
        wb = arrays["wb"]
        if wb.ndim != 1 or wb.size != getwb(net).size:
            raise NetFileError(
                f"{name} is damaged: it holds {wb.size} weights and biases, but its "
                f"architecture ({'-'.join(str(s) for s in [pr.shape[0], *sizes])}) needs "
                f"{getwb(net).size}. Save the network again.")
        net = setwb(net, wb)
        net.trainParam.update(_decode(spec.get("trainParam", {}), arrays, name))
        net.performParam.update(_decode(spec.get("performParam", {}), arrays, name))
        for layer, init_fcn in zip(net.layers, spec.get("init_fcns", [])):
            if init_fcn is not None:
                layer.initFcn = init_fcn
        for bias, learn in zip(net.biases, spec.get("bias_learn", [])):
            bias.learn = learn
        net.inputWeights[0, 0].learn = spec.get("input_weight_learn", True)
        for i, learn in enumerate(spec.get("layer_weight_learn", []), start=1):
            net.layerWeights[i, i - 1].learn = learn
        net.divideFcn = spec.get("divideFcn", "")
        for attribute in ("name", "adaptFcn", "initFcn"):
            if attribute in spec:
                setattr(net, attribute, spec[attribute])
    except NetFileError:
        raise
    except (PyneuroError, KeyError, TypeError, ValueError, AttributeError) as exc:
        detail = f"missing entry {exc}" if isinstance(exc, KeyError) else str(exc)
        raise NetFileError(f"{name} holds a network this pyneuro cannot rebuild ({detail}). "
                           "Was it written by another version of pyneuro? Save it again with "
                           "this one.") from exc
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
        dict of the settings given to :func:`save_net` (``{}`` if none).

    Raises
    ------
    FileAccessError
        The file is missing or cannot be read.
    NetFileError
        The file is not a pyneuro net file (not an ``.npz``, or an ``.npz`` without a pyneuro
        header), is truncated or corrupted, or was written in a newer format version.

    See Also
    --------
    save_net, read_net_header

    Notes
    -----
    MATLAB: ``load net.mat``. Loading executes no code (``allow_pickle=False``; the header is
    JSON) and does not touch the global random stream.
    """
    name = os.fsdecode(os.fspath(path))
    arrays = _read_archive(name)
    header = _parse_header(name, arrays)
    net = _rebuild(name, header, arrays)
    settings = header.get("settings", {})
    if not isinstance(settings, dict):
        raise NetFileError(f"{name} is damaged: its settings are not a JSON object.")
    return LoadedNet(net, _decode(settings, arrays, name))
