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
implies, and all arrays together may not unpack to more than 256 MiB or the file's own size,
whichever is larger. A small file cannot make the reader allocate gigabytes.

Writes are atomic: the archive is written to a temporary file in the same folder, flushed to
disk and renamed over the target, so an interrupted save leaves the old file or the new one,
never a partial one.

``format_version`` is 1. A reader refuses files of a newer format version with a message
saying to upgrade; additions that older readers can ignore do not change the version.
"""

import contextlib
import datetime
import io
import json
import math
import os
import reprlib
import zipfile
from collections import namedtuple

import numpy as np

from ..errors import NetFileError, ParameterError, PyneuroError
from ..initializers import INIT_FUNCTIONS
from ..network import Network, getwb, newff, setwb
from ..preprocessing import ProcessSettings, settings_from_dict
from ._files import read_bytes, write_atomically

__all__ = ["save_net", "load_net", "read_net_header", "training_summary", "LoadedNet",
           "FORMAT", "FORMAT_VERSION"]

FORMAT = "pyneuro-net"
FORMAT_VERSION = 1
_HEADER = "header"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
# Limits that keep a crafted file from exhausting memory (see the module docstring).
_MAX_HEADER_BYTES = 64 * 2**20
_MIN_ARRAY_BUDGET = 256 * 2**20
_NPY_HEADER_BYTES = 2**16 + 16  # the most a version 1.0 .npy header can take
# save_net refuses settings nested deeper than _MAX_DEPTH, which keeps the header below
# _MAX_HEADER_DEPTH (the header adds a few levels of its own); a deeper header is damaged.
_MAX_DEPTH = 64
_MAX_HEADER_DEPTH = 100

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


def _encode(value, where, arrays, prefix="setting ", depth=0):
    """A JSON-safe copy of ``value``; ndarrays go to ``arrays`` and leave a reference.

    ``arrays`` None refuses arrays (the network's parameters have no array entries);
    ``prefix + where`` names the value in messages.
    """
    what = prefix + where
    if isinstance(value, np.ndarray):
        if arrays is None:
            raise ParameterError(f"{what} is a numpy array; a net file stores the network's "
                                 "parameters as numbers, strings, booleans and None only "
                                 "(arrays can be saved as settings: save_net(path, net, "
                                 "name=array))")
        if value.dtype.kind not in "biufcU":
            raise ParameterError(f"{what} is an array of dtype {value.dtype}; net files "
                                 "store arrays of numbers, booleans or text only")
        key = "settings." + where
        while key in arrays:  # a dict key containing '.' could collide; keep keys unique
            key += "_"
        arrays[key] = value
        return {"$array": key}
    if isinstance(value, ProcessSettings):
        # to_dict() is already strict JSON; load_net rebuilds it with settings_from_dict.
        return {"$settings": value.to_dict()}
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        value = float(value)
        return value if math.isfinite(value) else {"$float": repr(value)}
    if isinstance(value, (dict, list, tuple)) and depth >= _MAX_DEPTH:
        raise ParameterError(f"{what} is nested more than {_MAX_DEPTH} lists or dicts deep "
                             "(does it contain itself?); net files store shallower values")
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise ParameterError(f"{what} has a key {key!r}; keys must be strings")
            if key.startswith("$"):
                raise ParameterError(f"{what} has a key {key!r}; keys starting with "
                                     "'$' are reserved by the net file format")
            out[key] = _encode(item, f"{where}.{key}", arrays, prefix, depth + 1)
        return out
    if isinstance(value, (list, tuple)):
        return [_encode(item, f"{where}.{i}", arrays, prefix, depth + 1)
                for i, item in enumerate(value)]
    raise ParameterError(
        f"{what} has type {type(value).__name__}; net files store numbers, strings, "
        "booleans, None, numpy arrays, processing settings, and lists and dicts of these")


def _decode(value, arrays, path):
    """Invert :func:`_encode`; ``arrays`` holds every array the header refers to."""
    if isinstance(value, dict):
        if set(value) == {"$array"}:
            key = value["$array"]
            if not isinstance(key, str) or key not in arrays:
                raise NetFileError(f"{path} is damaged: its header refers to an array {key!r} "
                                   "that is not in the file. Save the network again.")
            return arrays[key]
        if set(value) == {"$float"}:
            try:
                return float(value["$float"])
            except (TypeError, ValueError):
                raise NetFileError(f"{path} is damaged: bad number {value['$float']!r} in its "
                                   "header. Save the network again.") from None
        if set(value) == {"$settings"}:
            try:
                return settings_from_dict(value["$settings"])
            except (PyneuroError, TypeError, ValueError) as exc:
                raise NetFileError(f"{path} is damaged: bad processing settings in its header "
                                   f"({exc}). Save the network again.") from exc
        return {k: _decode(v, arrays, path) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v, arrays, path) for v in value]
    return value


def _array_references(value):
    """The archive keys that ``{"$array": key}`` references in a decoded-JSON ``value`` name."""
    keys, pending = set(), [value]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            if set(item) == {"$array"} and isinstance(item["$array"], str):
                keys.add(item["$array"])
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return keys


def _nesting_depth(value):
    """How many lists/dicts deep a decoded-JSON value goes (without recursion)."""
    depth, level = 0, [value]
    while True:
        containers = [item for item in level if isinstance(item, (dict, list))]
        if not containers:
            return depth
        depth += 1
        level = [child for item in containers
                 for child in (item.values() if isinstance(item, dict) else item)]


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
        "trainParam": _encode(net.trainParam.to_dict(), "trainParam", None, "net."),
        "performFcn": net.performFcn,
        "performParam": _encode(net.performParam.to_dict(), "performParam", None, "net."),
        "divideFcn": net.divideFcn,
        "learnFcn": net.learnFcn,
        "adaptFcn": net.adaptFcn,
        "initFcn": net.initFcn,
        "n_weights": int(getwb(net).size),
        "wb_order": "MATLAB getwb: per layer b{i}, then IW{i,j}, then LW{i,j}, column-major",
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
    # A file object, not a name: np.savez would append '.npz' to a name without it.
    write_atomically(name, lambda stream: np.savez(stream, **arrays), binary=True)


def _version():
    from .. import __version__  # pyneuro/__init__ imports this module's package

    return __version__


# -- reading -------------------------------------------------------------------------------------


@contextlib.contextmanager
def _damaged(name):
    """Report any failure inside the block as a damaged file.

    Damaged bytes surface as many exception types (BadZipFile, zlib.error, EOFError, a
    ValueError from the .npy header, NotImplementedError for a flipped compression method,
    RuntimeError for a flipped "encrypted" flag, ...). The blocks only parse bytes already in
    memory, so whatever fails there is the file.
    """
    try:
        yield
    except NetFileError:
        raise
    except Exception as exc:
        raise NetFileError(f"{name} is damaged (truncated or corrupted: {exc}). Save the "
                           "network again, or copy the file again if it was transferred.") from exc


class _Archive:
    """The arrays of a net file, each unpacked only on request and after a size check."""

    def __init__(self, name):
        raw = read_bytes(name, "net file")
        if not raw.startswith(_ZIP_MAGIC):
            raise NetFileError(f"{name} is not a pyneuro net file: {_what_it_is(raw)}. Net "
                               "files are written by pyneuro.save_net or 'pyneuro train --save'.")
        self.name = name
        self.size = len(raw)
        # All arrays read together may unpack to this many bytes: a file np.savez wrote
        # (uncompressed) always fits; a zip bomb does not.
        self._budget = max(_MIN_ARRAY_BUDGET, len(raw))
        with _damaged(name):
            self._zip = zipfile.ZipFile(io.BytesIO(raw))
            infos = self._zip.infolist()
        self.keys = sorted({info.filename.removesuffix(".npy") for info in infos})
        self._entries = {info.filename[:-4]: info for info in infos
                         if info.filename.endswith(".npy")}

    def __contains__(self, key):
        return key in self._entries

    def read(self, key, max_bytes=None, expected=""):
        """The array stored as ``key``; `expected` says why `max_bytes` is the limit."""
        info = self._entries[key]
        if max_bytes is not None and info.file_size > max_bytes:
            raise NetFileError(f"{self.name} is damaged: its {key!r} entry would unpack to "
                               f"{info.file_size:,} bytes, but {expected}.")
        if info.file_size > self._budget:
            raise NetFileError(
                f"{self.name} is damaged or was not written by pyneuro: its {key!r} entry "
                f"would unpack to {info.file_size:,} bytes; a net file of {self.size:,} bytes "
                f"may unpack to at most {max(_MIN_ARRAY_BUDGET, self.size):,} bytes of arrays "
                "in all.")
        with _damaged(self.name), self._zip.open(info) as stream:
            version = np.lib.format.read_magic(stream)
            if version == (1, 0):
                shape, _, dtype = np.lib.format.read_array_header_1_0(stream)
            elif version == (2, 0):
                shape, _, dtype = np.lib.format.read_array_header_2_0(stream)
            else:
                raise ValueError(f".npy format version {version} in entry {key!r}")
            # numpy allocates what the .npy header claims before it reads any data.
            if math.prod(shape) * dtype.itemsize > info.file_size:
                raise ValueError(f"entry {key!r} claims an array of {shape} {dtype} but holds "
                                 f"only {info.file_size} bytes")
            stream.seek(0)
            array = np.lib.format.read_array(stream, allow_pickle=False)
        self._budget -= info.file_size
        return array


def _what_it_is(raw):
    if not raw:
        return "it is empty"
    if raw.startswith(b"\x93NUMPY"):
        return "it is a single .npy array, not an .npz archive"
    if raw.startswith(b"MATLAB "):
        return "it is a MATLAB MAT-file (pyneuro cannot read MATLAB network objects)"
    if _looks_like_text(raw):
        return "it is a text file (is it a data file given in the net file's place?)"
    return "it is not an .npz archive"


def _looks_like_text(raw):
    head = raw[:512]
    return b"\x00" not in head and all(32 <= c < 127 or c in b"\t\r\n" for c in head)


def _read_header(archive):
    name = archive.name
    if _HEADER not in archive:
        held = ", ".join(archive.keys) or "nothing"
        raise NetFileError(f"{name} is an .npz archive but not a pyneuro net file: it has no "
                           f"'{_HEADER}' entry (it holds: {held}). Net files are written by "
                           "pyneuro.save_net or 'pyneuro train --save'.")
    raw = archive.read(_HEADER, _MAX_HEADER_BYTES,
                       f"a net file header takes at most {_MAX_HEADER_BYTES:,} bytes")
    try:
        if raw.dtype != np.uint8 or raw.ndim != 1:
            raise ValueError(f"header is {raw.dtype} of shape {raw.shape}")
        header = json.loads(raw.tobytes().decode("utf-8"))
        if not isinstance(header, dict):
            raise ValueError("header is not a JSON object")
        if _nesting_depth(header) > _MAX_HEADER_DEPTH:
            raise ValueError(f"header is nested more than {_MAX_HEADER_DEPTH} levels deep")
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
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


def _read_referenced_arrays(archive, value):
    """The arrays that the header part `value` refers to (missing ones are left to _decode)."""
    return {key: archive.read(key) for key in sorted(_array_references(value)) if key in archive}


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
    archive = _Archive(os.fsdecode(os.fspath(path)))
    header = _read_header(archive)
    return _decode(header, _read_referenced_arrays(archive, header), archive.name)


def _cannot_rebuild(name, detail):
    return NetFileError(f"{name} holds a network this pyneuro cannot rebuild ({detail}). Was it "
                        "written by another version of pyneuro? Save it again with this one.")


def _is_count(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _architecture(name, spec):
    """``(R, [S1, ..., SN], number of weights and biases)`` from the header, checked."""
    if not isinstance(spec, dict):
        raise _cannot_rebuild(name, f"the header's network entry is {reprlib.repr(spec)}")
    n_inputs = spec.get("inputs")
    sizes = spec.get("layer_sizes")
    if not _is_count(n_inputs):
        raise _cannot_rebuild(name, f"inputs must be a whole number >= 1; got "
                                    f"{reprlib.repr(n_inputs)}")
    if not isinstance(sizes, list) or not sizes or not all(_is_count(s) for s in sizes):
        raise _cannot_rebuild(name, f"layer_sizes must be a list of whole numbers >= 1; got "
                                    f"{reprlib.repr(sizes)}")
    # Layer i has S_i x S_(i-1) weights and S_i biases (S_0 = R).
    n_weights = sum(size * (before + 1) for before, size in zip([n_inputs, *sizes], sizes))
    return n_inputs, sizes, n_weights


def _read_weights(archive, n_inputs, sizes, n_weights):
    """``wb`` and ``input_range``, checked against the architecture before they are unpacked."""
    name = archive.name
    missing = [key for key in ("wb", "input_range") if key not in archive]
    if missing:
        raise NetFileError(f"{name} is damaged: the array(s) {', '.join(missing)} are missing. "
                           "Save the network again.")
    architecture = "-".join(str(s) for s in [n_inputs, *sizes])
    wb = archive.read("wb", 8 * n_weights + _NPY_HEADER_BYTES,
                      f"its architecture ({architecture}) has {n_weights} weights and biases "
                      f"({8 * n_weights:,} bytes)")
    if wb.ndim != 1 or wb.size != n_weights:
        raise NetFileError(
            f"{name} is damaged: it holds {wb.size} weights and biases, but its "
            f"architecture ({architecture}) needs {n_weights}. Save the network again.")
    input_range = archive.read("input_range", 16 * n_inputs + _NPY_HEADER_BYTES,
                               f"its {n_inputs} inputs need a range of {16 * n_inputs} bytes")
    if input_range.shape != (n_inputs, 2):
        raise _cannot_rebuild(name, f"input_range has shape {input_range.shape}; "
                                    f"{n_inputs} inputs need ({n_inputs}, 2)")
    return wb, input_range


def _rebuild(name, spec, wb, input_range, arrays):
    try:
        net = newff(input_range, spec["layer_sizes"], spec["transfer_fcns"], spec["trainFcn"],
                    spec.get("learnFcn", "learngdm"), spec.get("performFcn", "mse"), rng=0)
        net = setwb(net, wb)
        net.trainParam.update(_decode(spec.get("trainParam", {}), arrays, name))
        net.performParam.update(_decode(spec.get("performParam", {}), arrays, name))
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
        for attribute in ("name", "adaptFcn", "initFcn"):
            if attribute in spec:
                setattr(net, attribute, spec[attribute])
    except NetFileError:
        raise
    except (PyneuroError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _cannot_rebuild(
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
    archive = _Archive(os.fsdecode(os.fspath(path)))
    name = archive.name
    header = _read_header(archive)
    spec = header.get("network")
    n_inputs, sizes, n_weights = _architecture(name, spec)
    wb, input_range = _read_weights(archive, n_inputs, sizes, n_weights)
    settings = header.get("settings", {})
    if not isinstance(settings, dict):
        raise NetFileError(f"{name} is damaged: its settings are not a JSON object.")
    arrays = _read_referenced_arrays(archive, [settings, spec])
    net = _rebuild(name, spec, wb, input_range, arrays)
    return LoadedNet(net, _decode(settings, arrays, name))
