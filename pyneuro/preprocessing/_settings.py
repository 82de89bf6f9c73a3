"""Settings records of the NNT 5+ processing functions, and their shared call forms.

MATLAB's processing functions (mapminmax, mapstd, removeconstantrows,
fixunknowns) return a settings struct PS and are called as ``[Y,PS] = f(X,...)``,
``f('apply',X,PS)`` and ``f('reverse',Y,PS)``. Here PS is a frozen dataclass
with MATLAB's field names in MATLAB's order; its arrays are read-only, and
``to_dict``/``from_dict`` give a strict-JSON form (no pickle) for net files.
"""

import dataclasses
import math
import reprlib
from collections import namedtuple
from collections.abc import Mapping
from numbers import Real

import numpy as np

from ..errors import ParameterError, ShapeError
from .._validate import as_data, as_scalar

ProcessResult = namedtuple("ProcessResult", ["y", "ps"])
ProcessResult.__doc__ = "``(y, ps)`` as returned by ``[Y,PS] = mapminmax(X)`` and the other processing functions."


def column(rows="xrows"):
    """Declare an (R, 1) float field whose length is given by the int field `rows` (None: any)."""
    return dataclasses.field(metadata={"kind": "column", "rows": rows})


def index():
    """Declare a 1-D int field of 0-based row indices."""
    return dataclasses.field(metadata={"kind": "index"})


def _to_json_float(v):
    # Strict JSON has no NaN/Infinity; spell them as strings and read them back in from_dict.
    v = float(v)
    return v if math.isfinite(v) else str(v)  # 'nan', 'inf', '-inf'


def _format_number(v):
    return f"{v:.6g}" if isinstance(v, float) else repr(v)


# Field converters: each returns the normalised value or raises TypeError/ValueError, which
# __post_init__ turns into a ParameterError naming the field. Numeric strings are accepted
# because to_dict spells non-finite floats 'nan', 'inf' and '-inf'.


def _is_bool(value):
    return isinstance(value, (bool, np.bool_))


def _to_float(value):
    if _is_bool(value) or not isinstance(value, (Real, str)):
        raise TypeError("expected a real number")
    return float(value)


def _to_count(value):
    if _is_bool(value) or not isinstance(value, Real) or not float(value).is_integer():
        raise TypeError("expected a whole number")
    if not 0 <= value <= 2**62:  # every int field is a row count
        raise ValueError("expected a row count, a whole number >= 0")
    return int(value)


def _to_flag(value):
    if _is_bool(value) or (isinstance(value, Real) and value in (0, 1)):
        return bool(value)
    raise TypeError("expected true or false")


def _to_floats(value):
    try:
        array = np.asarray(value)
    except ValueError:  # a ragged nesting of lists
        raise ValueError("expected a list of real numbers") from None
    if array.dtype.kind in "iuf" or array.size == 0:
        return array.astype(np.float64)
    return np.array([_to_float(v) for v in array.ravel().tolist()], dtype=np.float64)


def _to_indices(value):
    try:
        array = np.asarray(value)
    except ValueError:
        raise ValueError("expected a list of row indices") from None
    if array.size == 0:
        return np.zeros(0, dtype=np.intp)
    if array.dtype.kind not in "iuf" or not (np.isfinite(array) & (array == np.floor(array))).all():
        raise TypeError("expected whole-number row indices")
    if (array < 0).any() or (array > 2**62).any():
        raise ValueError("expected row indices >= 0")
    return array.astype(np.intp).reshape(-1)


def _convert(f, value):
    kind = f.metadata.get("kind")
    if kind == "column":
        return _to_floats(value).reshape(-1, 1)
    if kind == "index":
        return _to_indices(value)
    if kind == "matrix":
        array = _to_floats(value)
        if array.ndim == 2:
            return array
        return np.zeros((0, 0)) if array.size == 0 else array.reshape(1, -1)
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.item()  # a MATLAB struct (scipy.io.loadmat) holds scalars as 1x1 arrays
    if f.type is float:
        return _to_float(value)
    if f.type is int:
        return _to_count(value)
    if f.type is bool:
        return _to_flag(value)
    return value


def check_partition(ps, n_rows, *names):
    """Raise ParameterError unless the index fields `names` of `ps` split range(n_rows)."""
    indices = np.concatenate([getattr(ps, name) for name in names])
    if indices.size != n_rows or not np.array_equal(np.sort(indices), np.arange(n_rows)):
        fields = " and ".join(f"{type(ps).__name__}.{name}" for name in names)
        raise ParameterError(
            f"{fields} must together list each row index 0..{n_rows - 1} once (xrows = "
            f"{n_rows}); got {', '.join(f'{n}={getattr(ps, n).tolist()}' for n in names)}")


def check_equal(ps, name, expected, why):
    """Raise ParameterError unless field `name` of `ps` equals `expected`."""
    value = getattr(ps, name)
    same = np.array_equal(value, expected) if isinstance(value, np.ndarray) else value == expected
    if not same:
        shown = value.tolist() if isinstance(value, np.ndarray) else value
        expected = expected.tolist() if isinstance(expected, np.ndarray) else expected
        raise ParameterError(f"{type(ps).__name__}.{name} must be {expected} ({why}); "
                             f"got {reprlib.repr(shown)}")


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class ProcessSettings:
    """Base class: normalises, freezes, prints, compares and serialises the fields."""

    def __post_init__(self):
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            try:
                converted = _convert(f, value)
            except (TypeError, ValueError) as exc:
                raise ParameterError(
                    f"{type(self).__name__}.{f.name}: {exc}; got {reprlib.repr(value)}"
                ) from None
            if isinstance(converted, np.ndarray):
                converted.flags.writeable = False
            object.__setattr__(self, f.name, converted)
        for f in dataclasses.fields(self):
            rows = f.metadata.get("rows")
            n = getattr(self, f.name).shape[0] if f.metadata.get("kind") == "column" else None
            if rows is not None and n != getattr(self, rows):
                raise ShapeError(
                    f"{type(self).__name__}.{f.name} must have {rows} = {getattr(self, rows)} rows; got {n}"
                )
        self._check()

    def _check(self):
        """Check that the fields agree with each other (settings may come from a file)."""

    def __repr__(self):
        def show(value):
            if isinstance(value, np.ndarray):
                sep = "; " if value.ndim == 2 else ", "  # MATLAB literal: ';' separates rows
                return "[" + sep.join(_format_number(v) for v in value.ravel().tolist()) + "]"
            return _format_number(value)

        body = ",\n".join(f"    {f.name}={show(getattr(self, f.name))}" for f in dataclasses.fields(self))
        return f"{type(self).__name__}(\n{body},\n)"

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return all(
            np.array_equal(getattr(self, f.name), getattr(other, f.name), equal_nan=True)
            if isinstance(getattr(self, f.name), np.ndarray)
            else getattr(self, f.name) == getattr(other, f.name)
            for f in dataclasses.fields(self)
        )

    __hash__ = None  # holds arrays; equality is by value

    def to_dict(self):
        """Plain dict of lists, floats, ints, bools and str: ``json.dumps(..., allow_nan=False)`` works.

        Column vectors become flat lists; NaN and infinities become the strings
        ``'nan'``, ``'inf'``, ``'-inf'``. :meth:`from_dict` inverts it.
        """
        out = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.metadata.get("kind") == "column":
                value = [_to_json_float(v) for v in value.ravel().tolist()]
            elif f.metadata.get("kind") == "index":
                value = value.tolist()
            elif f.metadata.get("kind") == "matrix":
                value = [[_to_json_float(v) for v in row] for row in value.tolist()]
            elif isinstance(value, float):
                value = _to_json_float(value)
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data):
        """Rebuild settings from :meth:`to_dict` output (or a MATLAB-struct-like mapping).

        Raises
        ------
        ParameterError
            If `data` names another processing function, lacks a field or has an unknown
            one, a field has a value of the wrong kind, or the fields disagree (an index
            out of range, a row count that does not match); the message names the field.
        ShapeError
            If a column field does not have ``xrows`` rows.
        """
        if not isinstance(data, Mapping):
            raise ParameterError(f"{cls.__name__}.from_dict needs a mapping; got {type(data).__name__}")
        fields = {f.name: f for f in dataclasses.fields(cls)}
        expected = fields["name"].default
        name = data.get("name", expected)
        if not isinstance(name, str) or name != expected:
            raise ParameterError(f"settings are for {reprlib.repr(name)}, not {expected!r}")
        unknown = sorted(set(data) - set(fields), key=repr)
        missing = [
            n for n, f in fields.items() if f.init and n not in data and f.default is dataclasses.MISSING
        ]
        if unknown or missing:
            raise ParameterError(
                f"{cls.__name__}.from_dict: missing fields {missing}, unknown fields {unknown}; "
                f"valid fields are {list(fields)}"
            )
        # __post_init__ converts (reading 'nan', 'inf' and '-inf') and checks every field.
        return cls(**{name: value for name, value in data.items() if fields[name].init})

    @classmethod
    def coerce(cls, ps, fname):
        """Accept an instance, or a mapping as produced by :meth:`to_dict`."""
        if isinstance(ps, cls):
            return ps
        if isinstance(ps, Mapping):
            return cls.from_dict(ps)
        raise ParameterError(f"{fname} needs settings PS from {fname}(X) ({cls.__name__}); got {type(ps).__name__}")


def as_process_data(x, name, n_rows):
    """:func:`as_data` plus the row count the settings expect (xrows for apply, yrows for reverse)."""
    x = as_data(x, name)
    if x.shape[0] != n_rows:
        raise ShapeError(
            f"{name} must have {n_rows} rows to match the settings PS; got shape {x.shape}"
        )
    return x


def read_params(fname, args, defaults):
    """MATLAB's parameter forms: ``f(X)``, ``f(X, a, b)`` positionally, or ``f(X, FP)``.

    FP is a mapping or an object with attributes (a MATLAB struct); fields it
    lacks take their default. Returns a dict of finite floats (ranges are the
    caller's to check).
    """
    names = list(defaults)
    fp = args[0] if len(args) == 1 else None
    if isinstance(fp, Mapping):
        unknown = sorted(set(fp) - set(names))
        if unknown:
            raise ParameterError(f"unknown {fname} parameter(s) {unknown}; valid ones are {names}")
        values = {n: fp.get(n, defaults[n]) for n in names}
    elif fp is not None and any(hasattr(fp, n) for n in names):
        values = {n: getattr(fp, n, defaults[n]) for n in names}
    elif len(args) <= len(names):
        values = dict(defaults, **dict(zip(names, args)))
    else:
        raise ParameterError(f"{fname}(X, {', '.join(names)}) takes at most {len(names)} parameters; got {len(args)}")
    return {n: as_scalar(v, n) for n, v in values.items()}


def dispatch(fname, first, args, options, settings_cls, create, apply, reverse):
    """Route ``f(X, ...)``, ``f('apply', X, PS)`` and ``f('reverse', Y, PS)``.

    `options` (pyneuro keyword options) go to `create`; apply/reverse take
    everything from PS.
    """
    if isinstance(first, str):
        mode = first.lower()
        if mode not in ("apply", "reverse"):
            raise ParameterError(f"unknown {fname} command {first!r}; valid commands are 'apply' and 'reverse'")
        if len(args) != 2:
            raise ParameterError(f"{fname}('{mode}', X, PS) takes two more arguments; got {len(args)}")
        if options:
            raise ParameterError(f"{fname}('{mode}', ...) takes its options from PS; got {sorted(options)}")
        x, ps = args
        ps = settings_cls.coerce(ps, fname)
        return apply(x, ps) if mode == "apply" else reverse(x, ps)
    return ProcessResult(*create(first, *args, **options))
