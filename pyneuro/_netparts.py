"""The parts of a network object: per-item records and the weight views.

``net.layers[i]``, ``net.biases[i]``, ``net.inputs[0]``, ``net.inputWeights[i, j]`` and
``net.layerWeights[i, j]`` are small records with MATLAB's field names; ``net.IW``, ``net.LW``
and ``net.b`` index into the network's one flat weight vector and hand out numpy views.
"""

import numpy as np

from . import initializers
from ._validate import as_float_array
from .errors import ParameterError, ShapeError
from .transfer import get_transfer


# -- small records ---------------------------------------------------------------------------


class _Record:
    """Base for the per-item records (``net.layers[i]``, ``net.biases[i]``, ...)."""

    __slots__ = ()

    def __repr__(self):
        body = ", ".join(f"{k}={getattr(self, k)!r}" for k in self._shown)
        return f"{type(self).__name__.lstrip('_')}({body})"


class _Layer(_Record):
    """``net.layers[i]``: ``size`` (fixed once built), ``transferFcn``, ``initFcn``.

    ``transferFcn`` reads back as a name; a :class:`~pyneuro.transfer.TransferFunction`
    assigned to it is kept as given (``transfer``).
    """

    __slots__ = ("_size", "_transfer", "_init")
    _shown = ("size", "transferFcn", "initFcn")

    def __init__(self, size, transferFcn, initFcn="initnw"):
        self._size = size
        self.transferFcn = transferFcn
        self.initFcn = initFcn

    @property
    def size(self):
        return self._size

    @size.setter
    def size(self, value):
        raise ParameterError(
            "a layer's size cannot be changed after the network is built; "
            "create a new network with newff(PR, [S1, ..., SN], ...)"
        )

    @property
    def transferFcn(self):
        return self._transfer.name

    @transferFcn.setter
    def transferFcn(self, name):
        self._transfer = get_transfer(name)

    @property
    def transfer(self):
        """The :class:`~pyneuro.transfer.TransferFunction` object."""
        return self._transfer

    @property
    def initFcn(self):
        return self._init

    @initFcn.setter
    def initFcn(self, name):
        if not callable(name):
            initializers.get_init(name)  # an unknown name fails here, not at init time
        self._init = name


class _Learn(_Record):
    """``net.biases[i]``, ``net.inputWeights[i, j]``, ``net.layerWeights[i, j]``: ``learn``."""

    __slots__ = ("_learn",)
    _shown = ("learn",)

    def __init__(self, learn=True):
        self.learn = learn

    @property
    def learn(self):
        return self._learn

    @learn.setter
    def learn(self, value):
        if not isinstance(value, (bool, np.bool_)) and not (np.ndim(value) == 0
                                                             and value in (0, 1)):
            raise ParameterError(f"learn must be true or false; got {value!r}")
        self._learn = bool(value)


class _Input(_Record):
    """``net.inputs[0]``: ``size`` and ``range`` (R×2, used by ``initnw``)."""

    __slots__ = ("_range",)
    _shown = ("size", "range")

    def __init__(self, pr):
        self._range = pr

    @property
    def size(self):
        return self._range.shape[0]

    @property
    def range(self):
        return self._range

    @range.setter
    def range(self, value):
        pr = _check_range(value)
        if pr.shape[0] != self.size:
            raise ShapeError(f"inputs[0].range must have {self.size} rows (one per input "
                             f"element); got shape {pr.shape}")
        self._range = pr


class _Connections:
    """Dict-like ``net.inputWeights`` / ``net.layerWeights`` keyed by ``(i, j)``."""

    def __init__(self, name, items):
        self._name = name
        self._items = dict(items)

    def __getitem__(self, key):
        key = _pair(key, self._name)
        try:
            return self._items[key]
        except KeyError:
            raise ParameterError(
                f"{self._name}[{key[0]}, {key[1]}] does not exist; this network has "
                + (", ".join(f"[{i}, {j}]" for i, j in self._items) or "none")
            ) from None

    def keys(self):
        return self._items.keys()

    def __iter__(self):
        return iter(self._items)

    def __len__(self):
        return len(self._items)

    def __repr__(self):
        return "{" + ", ".join(f"({i}, {j}): {v!r}" for (i, j), v in self._items.items()) + "}"


def _is_index(value):
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _pair(key, name):
    if _is_index(key):
        return (int(key), 0)  # MATLAB linear index into a one-column cell
    if isinstance(key, tuple) and len(key) == 2 and all(_is_index(k) for k in key):
        return (int(key[0]), int(key[1]))
    raise ParameterError(f"{name} is indexed as {name}[i, j] with 0-based integers; got {key!r}")


# -- weight views ----------------------------------------------------------------------------


class _WeightAccess:
    """``net.IW``, ``net.LW`` and ``net.b``: index to get a view, assign to write."""

    def __init__(self, net, kind):
        self._net = net
        self._kind = kind

    def _block(self, key):
        if self._kind == "b":
            if not _is_index(key):
                raise ParameterError(f"b is indexed as b[i] with a 0-based layer index; got {key!r}")
            key = int(key)
        else:
            key = _pair(key, self._kind)
        try:
            return self._net._blocks[(self._kind, key)]
        except KeyError:
            have = [k for (kind, k) in self._net._blocks if kind == self._kind]
            raise ParameterError(
                f"{self._kind}[{key if self._kind == 'b' else ', '.join(map(str, key))}] does "
                f"not exist; this network has {self._kind} "
                + ", ".join(str(k if self._kind == 'b' else list(k)) for k in have)
            ) from None

    def __getitem__(self, key):
        return self._block(key).view(self._net._wb)

    def __setitem__(self, key, value):
        block = self._block(key)
        value = as_float_array(value, f"the value for {self._kind}[{key}]")
        shape = (block.rows, block.cols)
        # A scalar is a 1×1 matrix and a 1-D array a row (or, for a bias, a column)
        # vector, as MATLAB sees them.
        vector_ok = value.ndim <= 1 and value.size == block.rows * block.cols and (
            block.rows == 1 or block.cols == 1)
        if value.shape != shape and not vector_ok:
            name = self._kind + (f"[{key}]" if self._kind == "b" else str(list(_pair(key, ''))))
            raise ShapeError(f"{name} must have shape {shape}; got {value.shape}")
        block.view(self._net._wb)[...] = value.reshape(shape)

    def keys(self):
        return [k for (kind, k) in self._net._blocks if kind == self._kind]

    def __len__(self):
        return len(self.keys())

    def __repr__(self):
        return "{" + ", ".join(f"{k}: array of shape {self[k].shape}" for k in self.keys()) + "}"


def _check_range(pr):
    pr = np.array(as_float_array(pr, "PR (an R×2 matrix [min max] per input)"))
    if pr.ndim == 1 and pr.size == 2:
        pr = pr.reshape(1, 2)  # newff([0 10], ...) in MATLAB: one input
    if pr.ndim != 2 or pr.shape[1] != 2 or pr.shape[0] < 1:
        raise ShapeError(f"PR must be an R×2 matrix [min max] per input (e.g. minmax(P)); "
                         f"got shape {pr.shape}")
    if not np.isfinite(pr).all():
        raise ShapeError("PR must hold finite [min max] values; found "
                         f"{pr[~np.isfinite(pr).all(axis=1)][0].tolist()}")
    bad = np.flatnonzero(pr[:, 0] > pr[:, 1])
    if bad.size:
        raise ShapeError(f"PR row {bad[0]} has min > max: {pr[bad[0]].tolist()}; each row of PR "
                         "must be [min max]")
    return pr
