"""JSON values with arrays, non-finite floats and processing settings, for net file headers.

:func:`encode` turns a value into strict JSON: an ndarray becomes ``{"$array": key}`` with the
array put aside under ``key``, a non-finite float ``{"$float": "inf"}``, processing settings
``{"$settings": ps.to_dict()}``. :func:`decode` inverts it.
"""

import math

import numpy as np

from ..errors import NetFileError, ParameterError, PyneuroError
from ..preprocessing import ProcessSettings, settings_from_dict

__all__ = ["encode", "decode", "check_key", "array_references", "nesting_depth", "MAX_DEPTH"]

# encode refuses values nested deeper than this (a list containing itself, say).
MAX_DEPTH = 64


def encode(value, where, arrays, prefix="setting ", depth=0):
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
    if isinstance(value, (dict, list, tuple)) and depth >= MAX_DEPTH:
        raise ParameterError(f"{what} is nested more than {MAX_DEPTH} lists or dicts deep "
                             "(does it contain itself?); net files store shallower values")
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise ParameterError(f"{what} has a key {key!r}; keys must be strings")
            check_key(key, f"{what} has a key")
            if key.startswith("$"):
                raise ParameterError(f"{what} has a key {key!r}; keys starting with "
                                     "'$' are reserved by the net file format")
            out[key] = encode(item, f"{where}.{key}", arrays, prefix, depth + 1)
        return out
    if isinstance(value, (list, tuple)):
        return [encode(item, f"{where}.{i}", arrays, prefix, depth + 1)
                for i, item in enumerate(value)]
    raise ParameterError(
        f"{what} has type {type(value).__name__}; net files store numbers, strings, "
        "booleans, None, numpy arrays, processing settings, and lists and dicts of these")


def check_key(key, what):
    """Refuse a name a net file cannot store: it may become an archive entry's name, which zip
    cuts at a NUL and stores only as valid UTF-8."""
    if "\x00" in key:
        raise ParameterError(f"{what} {key!r} holds a NUL character, which a net file "
                             "cannot store; rename it")
    try:
        key.encode("utf-8")
    except UnicodeEncodeError:
        raise ParameterError(f"{what} {key!r} is not valid Unicode text (it holds a lone "
                             "surrogate), which a net file cannot store; rename it") from None


def decode(value, arrays, path):
    """Invert :func:`encode`; ``arrays`` holds every array the header refers to."""
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
        return {k: decode(v, arrays, path) for k, v in value.items()}
    if isinstance(value, list):
        return [decode(v, arrays, path) for v in value]
    return value


def array_references(value):
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


def nesting_depth(value):
    """How many lists/dicts deep a decoded-JSON value goes (without recursion)."""
    depth, level = 0, [value]
    while True:
        containers = [item for item in level if isinstance(item, (dict, list))]
        if not containers:
            return depth
        depth += 1
        level = [child for item in containers
                 for child in (item.values() if isinstance(item, dict) else item)]
