"""A MATLAB-like struct with a fixed set of fields (``net.trainParam``, ``net.performParam``),
and MATLAB's field access for objects (:class:`MatlabFields`: the network and its parts).

Field names are case-insensitive, as MATLAB's network fields are. Assigning a field that does
not exist raises an error listing the valid ones, because a typo such as
``net.trainParam.epoch = 5000`` would otherwise be silently ignored. Values are checked
as they are assigned, so a bad value fails at the line that set it, not inside ``train``.
"""

import functools
import math
import types
import warnings
from numbers import Real

import numpy as np

from .errors import IgnoredParameterWarning, ParameterError

__all__ = ["Struct", "MatlabFields", "FIELD_KINDS", "match_field"]


def _real(value, what):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (Real, np.number)):
        raise ParameterError(f"{what} must be a number; got {value!r}")
    value = float(value)
    if math.isnan(value):
        raise ParameterError(f"{what} must be a number; got NaN")
    return value


def _count(value, what):
    v = _real(value, what)
    if v < 0 or (v != math.inf and not v.is_integer()):
        raise ParameterError(f"{what} must be a whole number >= 0; got {value!r}")
    return v if v == math.inf else int(v)


def _nonneg(value, what):
    v = _real(value, what)
    if v < 0:
        raise ParameterError(f"{what} must be >= 0; got {value!r}")
    return v


def _positive(value, what):
    v = _real(value, what)
    if not v > 0:
        raise ParameterError(f"{what} must be > 0; got {value!r}")
    return v


def _fraction(value, what):
    v = _real(value, what)
    if not 0 <= v <= 1:
        raise ParameterError(f"{what} must be between 0 and 1; got {value!r}")
    return v


def _above_one(value, what):
    v = _real(value, what)
    if not v > 1:
        raise ParameterError(f"{what} must be > 1; got {value!r}")
    return v


def _below_one(value, what):
    v = _real(value, what)
    if not 0 < v < 1:
        raise ParameterError(f"{what} must be between 0 and 1 (exclusive); got {value!r}")
    return v


def _show(value, what):
    # MATLAB silences progress with show = NaN; None is the Python spelling of the same.
    if value is None or (isinstance(value, (Real, np.number)) and not isinstance(value, bool)
                         and math.isnan(float(value))):
        return None
    v = _real(value, what)
    if v == math.inf:
        return None
    if v < 1 or not v.is_integer():
        raise ParameterError(f"{what} must be a whole number >= 1, or None/NaN to silence it; "
                             f"got {value!r}")
    return int(v)


def _flag(value, what):
    if isinstance(value, (bool, np.bool_)) or (np.ndim(value) == 0 and value in (0, 1)):
        return bool(value)
    raise ParameterError(f"{what} must be true or false; got {value!r}")


def _any(value, what):
    return value


FIELD_KINDS = {
    "count": _count,
    "nonneg": _nonneg,
    "positive": _positive,
    "fraction": _fraction,
    "above_one": _above_one,
    "below_one": _below_one,
    "show": _show,
    "flag": _flag,
    "any": _any,
}
"""Value checks by kind name; each returns the normalised value or raises ParameterError."""


def match_field(key, names):
    """The name in `names` that `key` spells, ignoring case as MATLAB's network fields do."""
    if key in names:
        return key
    lower = key.lower()
    return next((name for name in names if name.lower() == lower), None)


def _unknown_field(what, key, names):
    valid = ", ".join(sorted(names, key=str.lower)) or "(none)"
    return f"{what} has no field {key!r}; valid fields: {valid}"


class Struct:
    """Attribute struct with fixed fields, like a MATLAB struct.

    Field names are case-insensitive, as MATLAB's network fields are (``p.Epochs`` is
    ``p.epochs``); an unknown name is an error listing the valid ones.

    Parameters
    ----------
    name : str
        What the struct is, for messages (``'trainParam'``).
    fields : dict
        ``{field: (default, kind)}`` with ``kind`` a key of :data:`FIELD_KINDS`.
    foreign : callable, optional
        ``foreign(key) -> (field, message)`` for a name this struct does not have but should
        accept and ignore (a trainParam field of another training function), else None. Such
        a field is kept (it reads back) and warned about once, with ``message``.

    Examples
    --------
    >>> p = Struct("trainParam", {"lr": (0.01, "positive"), "epochs": (1000, "count")})
    >>> p.lr = 0.05
    >>> p.EPOCHS = 200
    >>> p
    trainParam(epochs=200, lr=0.05)
    >>> p.lr = -1
    Traceback (most recent call last):
    ...
    pyneuro.errors.ParameterError: trainParam.lr must be > 0; got -1
    """

    __slots__ = ("_name", "_values", "_kinds", "_foreign", "_ignored")

    def __init__(self, name, fields, foreign=None):
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_kinds", {k: kind for k, (_, kind) in fields.items()})
        values = {}
        for key, (default, kind) in fields.items():
            values[key] = FIELD_KINDS[kind](default, f"{name}.{key}")
        object.__setattr__(self, "_values", values)
        object.__setattr__(self, "_foreign", foreign)
        object.__setattr__(self, "_ignored", {})

    def __getattr__(self, key):
        if key.startswith("_"):  # not a field; also keeps copy/pickle from recursing
            raise AttributeError(key)
        field = match_field(key, self._values)
        if field is not None:
            return self._values[field]
        field = match_field(key, self._ignored)
        if field is not None:
            return self._ignored[field]
        raise AttributeError(self._unknown(key))

    def __getstate__(self):
        return {"name": self._name, "values": dict(self._values), "kinds": dict(self._kinds),
                "foreign": self._foreign, "ignored": dict(self._ignored)}

    def __setstate__(self, state):
        object.__setattr__(self, "_name", state["name"])
        object.__setattr__(self, "_values", state["values"])
        object.__setattr__(self, "_kinds", state["kinds"])
        object.__setattr__(self, "_foreign", state.get("foreign"))
        object.__setattr__(self, "_ignored", state.get("ignored", {}))

    def __setattr__(self, key, value):
        field = match_field(key, self._values)
        if field is not None:
            self._values[field] = FIELD_KINDS[self._kinds[field]](value, f"{self._name}.{field}")
            return
        found = self._foreign(key) if self._foreign is not None else None
        if found is None:
            raise ParameterError(self._unknown(key))
        field, message = found
        if field not in self._ignored:
            # MATLAB runs scripts that set, say, lr on a trainlm net: the field has no effect.
            warnings.warn(message, IgnoredParameterWarning, stacklevel=2)
        self._ignored[field] = value

    def _unknown(self, key):
        return _unknown_field(self._name, key, self._values)

    def __getitem__(self, key):
        return getattr(self, key)

    def __setitem__(self, key, value):
        setattr(self, key, value)

    def __contains__(self, key):
        return isinstance(key, str) and match_field(key, self._values) is not None

    def __iter__(self):
        return iter(sorted(self._values))

    def __len__(self):
        return len(self._values)

    def __eq__(self, other):
        return isinstance(other, Struct) and self._values == other._values

    __hash__ = None

    def update(self, values=None, **more):
        """Set several fields at once (each checked as on assignment)."""
        for key, value in dict(values or {}, **more).items():
            setattr(self, key, value)

    def to_dict(self):
        """The fields as a plain dict (sorted by name); ignored foreign fields are left out."""
        return {k: self._values[k] for k in sorted(self._values)}

    def copy(self):
        """An independent copy."""
        new = Struct.__new__(Struct)
        new.__setstate__(self.__getstate__())
        return new

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self._values))

    def __repr__(self):
        body = ", ".join(f"{k}={_fmt(v)}" for k, v in self.to_dict().items())
        return f"{self._name}({body})"


class MatlabFields:
    """Mixin: MATLAB's field access on an object (the network and its parts).

    Public names are case-insensitive (``net.iw`` is ``net.IW``, ``net.trainfcn`` is
    ``net.trainFcn``) and assigning an unknown one is an error listing the valid ones, instead
    of creating an attribute nothing reads. The fields are the class's properties and, once
    the object is built (``_sealed``), the public attributes it has.
    """

    __slots__ = ()
    _sealed = True
    _what = "this object"

    def _field_names(self):
        names = set(_properties(type(self)))
        names.update(k for k in getattr(self, "__dict__", ()) if not k.startswith("_"))
        return names

    def __getattr__(self, key):
        if key.startswith("_"):
            raise AttributeError(key)
        names = self._field_names()
        field = match_field(key, names)
        if field is None or field == key:
            raise AttributeError(_unknown_field(self._what, key, names))
        return getattr(self, field)

    def __setattr__(self, key, value):
        # A field spelt exactly is set at once: copying a network sets dozens of them, and
        # gathering every name to match each one cost half of net.copy().
        if (not key.startswith("_") and self._sealed and key not in _properties(type(self))
                and key not in getattr(self, "__dict__", ())):
            names = self._field_names()
            field = match_field(key, names)
            if field is None:
                raise ParameterError(_unknown_field(self._what, key, names))
            key = field
        object.__setattr__(self, key, value)


@functools.lru_cache(maxsize=None)
def _properties(cls):
    # Properties, and public __slots__ entries (member descriptors), are the fields.
    return frozenset(name for name in dir(cls) if not name.startswith("_") and isinstance(
        getattr(cls, name), (property, types.MemberDescriptorType)))


def _fmt(value):
    if isinstance(value, float):
        return "inf" if value == math.inf else f"{value:g}"
    return repr(value)
