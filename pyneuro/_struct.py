"""A MATLAB-like struct with a fixed set of fields (``net.trainParam``, ``net.performParam``).

Assigning a field that does not exist raises an error listing the valid ones, because a typo
such as ``net.trainParam.epoch = 5000`` would otherwise be silently ignored. Values are checked
as they are assigned, so a bad value fails at the line that set it, not inside ``train``.
"""

import math
from numbers import Real

import numpy as np

from .errors import ParameterError

__all__ = ["Struct", "FIELD_KINDS"]


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


class Struct:
    """Attribute struct with fixed fields, like a MATLAB struct.

    Parameters
    ----------
    name : str
        What the struct is, for messages (``'trainParam'``).
    fields : dict
        ``{field: (default, kind)}`` with ``kind`` a key of :data:`FIELD_KINDS`.

    Examples
    --------
    >>> p = Struct("trainParam", {"lr": (0.01, "positive"), "epochs": (1000, "count")})
    >>> p.lr = 0.05
    >>> p
    trainParam(epochs=1000, lr=0.05)
    >>> p.lr = -1
    Traceback (most recent call last):
    ...
    pyneuro.errors.ParameterError: trainParam.lr must be > 0; got -1
    """

    __slots__ = ("_name", "_values", "_kinds")

    def __init__(self, name, fields):
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_kinds", {k: kind for k, (_, kind) in fields.items()})
        values = {}
        for key, (default, kind) in fields.items():
            values[key] = FIELD_KINDS[kind](default, f"{name}.{key}")
        object.__setattr__(self, "_values", values)

    def __getattr__(self, key):
        if key.startswith("_"):  # not a field; also keeps copy/pickle from recursing
            raise AttributeError(key)
        try:
            return self._values[key]
        except KeyError:
            raise AttributeError(self._unknown(key)) from None

    def __getstate__(self):
        return {"name": self._name, "values": dict(self._values), "kinds": dict(self._kinds)}

    def __setstate__(self, state):
        object.__setattr__(self, "_name", state["name"])
        object.__setattr__(self, "_values", state["values"])
        object.__setattr__(self, "_kinds", state["kinds"])

    def __setattr__(self, key, value):
        if key not in self._values:
            raise ParameterError(self._unknown(key))
        self._values[key] = FIELD_KINDS[self._kinds[key]](value, f"{self._name}.{key}")

    def _unknown(self, key):
        valid = ", ".join(sorted(self._values)) or "(none)"
        return f"{self._name} has no field {key!r}; valid fields: {valid}"

    def __getitem__(self, key):
        return getattr(self, key)

    def __setitem__(self, key, value):
        setattr(self, key, value)

    def __contains__(self, key):
        return key in self._values

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
        """The fields as a plain dict (sorted by name)."""
        return {k: self._values[k] for k in sorted(self._values)}

    def copy(self):
        """An independent copy."""
        new = Struct.__new__(Struct)
        object.__setattr__(new, "_name", self._name)
        object.__setattr__(new, "_kinds", dict(self._kinds))
        object.__setattr__(new, "_values", dict(self._values))
        return new

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self._values))

    def __repr__(self):
        body = ", ".join(f"{k}={_fmt(v)}" for k, v in self.to_dict().items())
        return f"{self._name}({body})"


def _fmt(value):
    if isinstance(value, float):
        return "inf" if value == math.inf else f"{value:g}"
    return repr(value)
