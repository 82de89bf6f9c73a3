"""Checking what a net file holds before anything is built from it: the header's size, value
count and depth, the network entries' types and lengths, the weights' sizes and values.

A crafted file must not make the reader allocate gigabytes or build a broken network; each
check fails with a NetFileError naming the file and what is wrong.
"""

import json
import re
import reprlib

import numpy as np

from .._version import __version__
from ..errors import NetFileError
from . import _netstructure
from ._jsonvalues import nesting_depth

__all__ = ["FORMAT", "FORMAT_VERSION", "HEADER", "MAX_HEADER_BYTES", "MAX_HEADER_VALUES",
           "json_values", "read_header", "cannot_rebuild", "architecture", "read_weights",
           "check_spec"]

FORMAT = "pyneuro-net"
FORMAT_VERSION = 2
HEADER = "header"
# Limits that keep a crafted file from exhausting memory (see pyneuro.io.netfile).
MAX_HEADER_BYTES = 8 * 2**20
# JSON values (separators and containers outside strings) a header may hold: a few hundred in
# a net file save_net wrote, with room for settings of the user's own. Each parsed value costs
# Python dozens of bytes, so a header of nothing but "{}," would otherwise take gigabytes.
MAX_HEADER_VALUES = 200_000
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
_NPY_HEADER_BYTES = 2**16 + 16  # the most a version 1.0 .npy header can take
# save_net refuses settings nested deeper than MAX_DEPTH, which keeps the header below
# _MAX_HEADER_DEPTH (the header adds a few levels of its own); a deeper header is damaged.
_MAX_HEADER_DEPTH = 100


def json_values(text):
    """About how many values the JSON `text` holds: its separators and containers outside
    strings (counted without parsing, which is what could exhaust memory)."""
    bare = _JSON_STRING.sub(b'""', text)
    return sum(bare.count(token) for token in (b",", b":", b"[", b"{"))


def read_header(archive):
    """The header of an :class:`Archive` as a dict, within the size, value and depth limits,
    of this format and of a version this pyneuro reads."""
    name = archive.name
    if HEADER not in archive:
        held = ", ".join(archive.keys) or "nothing"
        raise NetFileError(f"{name} is an .npz archive but not a pyneuro net file: it has no "
                           f"'{HEADER}' entry (it holds: {held}). Net files are written by "
                           "pyneuro.save_net or 'pyneuro train --save'.")
    raw = archive.read(HEADER, MAX_HEADER_BYTES,
                       f"a net file header takes at most {MAX_HEADER_BYTES:,} bytes")
    try:
        if raw.dtype != np.uint8 or raw.ndim != 1:
            raise ValueError(f"header is {raw.dtype} of shape {raw.shape}")
        text = raw.tobytes()
        if json_values(text) > MAX_HEADER_VALUES:
            raise ValueError(f"header holds over {MAX_HEADER_VALUES:,} JSON values")
        header = json.loads(text.decode("utf-8"))
        if not isinstance(header, dict):
            raise ValueError("header is not a JSON object")
        if nesting_depth(header) > _MAX_HEADER_DEPTH:
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
            f"this pyneuro ({__version__}) reads format {FORMAT_VERSION}. Upgrade pyneuro: "
            "pip install --upgrade pyneuro-nnt.")
    return header


def cannot_rebuild(name, detail):
    """The NetFileError for a header whose network part this pyneuro cannot build."""
    return NetFileError(f"{name} holds a network this pyneuro cannot rebuild ({detail}). Was it "
                        "written by another version of pyneuro? Save it again with this one.")


def _is_count(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def architecture(name, spec):
    """``(R, [S1, ..., SN], number of weights and biases)`` from the header, checked."""
    if not isinstance(spec, dict):
        raise cannot_rebuild(name, f"the header's network entry is {reprlib.repr(spec)}")
    n_inputs = spec.get("inputs")
    sizes = spec.get("layer_sizes")
    if not _is_count(n_inputs):
        raise cannot_rebuild(name, f"inputs must be a whole number >= 1; got "
                                    f"{reprlib.repr(n_inputs)}")
    if not isinstance(sizes, list) or not sizes or not all(_is_count(s) for s in sizes):
        raise cannot_rebuild(name, f"layer_sizes must be a list of whole numbers >= 1; got "
                                    f"{reprlib.repr(sizes)}")
    if _netstructure.has_structure(spec):
        try:
            return n_inputs, sizes, _netstructure.count_weights(spec, sizes)
        except ValueError as exc:
            raise cannot_rebuild(name, str(exc)) from None
    # Layer i has S_i x S_(i-1) weights and S_i biases (S_0 = R).
    n_weights = sum(size * (before + 1) for before, size in zip([n_inputs, *sizes], sizes))
    return n_inputs, sizes, n_weights


def read_weights(archive, n_inputs, sizes, n_weights):
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
    _require_finite_reals(name, "wb", wb)
    if wb.ndim != 1 or wb.size != n_weights:
        raise NetFileError(
            f"{name} is damaged: it holds {wb.size} weights and biases, but its "
            f"architecture ({architecture}) needs {n_weights}. Save the network again.")
    input_range = archive.read("input_range", 16 * n_inputs + _NPY_HEADER_BYTES,
                               f"its {n_inputs} inputs need a range of {16 * n_inputs} bytes")
    _require_finite_reals(name, "input_range", input_range, finite=False)
    if input_range.shape != (n_inputs, 2):
        raise cannot_rebuild(name, f"input_range has shape {input_range.shape}; "
                                    f"{n_inputs} inputs need ({n_inputs}, 2)")
    return wb, input_range


def _require_finite_reals(name, key, array, finite=True):
    """Weights are real floats: NaN, infinities, complex or structured values mean damage.
    (An input range may hold NaN or infinities: those of data with unknowns.)"""
    if array.dtype.kind != "f" or array.dtype.fields is not None:
        raise NetFileError(f"{name} is damaged: its {key!r} array holds {array.dtype} values; "
                           "a net file holds real floating-point numbers there. Save the "
                           "network again.")
    bad = np.size(array) - int(np.isfinite(array).sum()) if finite else 0
    if bad:
        raise NetFileError(f"{name} is damaged: {bad} of the {np.size(array)} values of its "
                           f"{key!r} array are NaN or infinite. Save the network again (a "
                           "network whose training diverged cannot be used either).")


def _is_name(value):
    return isinstance(value, str)


def _is_optional_name(value):
    return value is None or isinstance(value, str)


def _is_flag(value):
    return isinstance(value, bool)


def check_spec(name, spec, n_layers):
    """Every entry of the header's network part has the type and length it must have."""
    def per_layer(test, count):
        return lambda v: isinstance(v, list) and len(v) == count and all(map(test, v))

    required = [("transfer_fcns", f"a list of {n_layers} names", per_layer(_is_name, n_layers)),
                ("trainFcn", "a name", _is_name)]
    optional = [
        ("init_fcns", f"a list of {n_layers} names", per_layer(_is_optional_name, n_layers)),
        ("bias_learn", f"a list of {n_layers} booleans", per_layer(_is_flag, n_layers)),
        ("layer_weight_learn", f"a list of {n_layers - 1} booleans",
         per_layer(_is_flag, n_layers - 1)),
        ("input_weight_learn", "a boolean", _is_flag),
        ("trainParam", "a JSON object", lambda v: isinstance(v, dict)),
        ("performParam", "a JSON object", lambda v: isinstance(v, dict)),
        *((key, "a name or null", _is_optional_name)
          for key in ("performFcn", "learnFcn", "divideFcn", "adaptFcn", "initFcn", "name")),
    ]
    for key, expected, test in required + optional:
        if key not in spec and (key, expected, test) in optional:
            continue
        if not test(spec.get(key)):
            raise cannot_rebuild(name, f"{key} must be {expected}; got "
                                        f"{reprlib.repr(spec.get(key))}")
