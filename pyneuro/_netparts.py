"""The parts of a network object: per-item records and the weight views.

``net.layers[i]``, ``net.biases[i]``, ``net.inputs[0]``, ``net.inputWeights[i, j]`` and
``net.layerWeights[i, j]`` are small records with MATLAB's field names; ``net.IW``, ``net.LW``
and ``net.b`` index into the network's one flat weight vector and hand out numpy views.
"""

import numpy as np

from . import initializers
from ._learnfcn import learn_param_struct
from ._struct import MatlabFields, Struct
from ._validate import as_float_array, name_list
from .errors import ParameterError, ShapeError
from .preprocessing import apply_chain, get_processing_function, reverse_chain
from .transfer import get_transfer


# -- small records ---------------------------------------------------------------------------


class _Record(MatlabFields):
    """Base for the per-item records (``net.layers[i]``, ``net.biases[i]``, ...): MATLAB's
    field names, case-insensitive; an unknown one is refused."""

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
    _what = "net.layers[i]"

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
    """``net.biases[i]``, ``net.inputWeights[i, j]``, ``net.layerWeights[i, j]``: ``learn``,
    and the ``learnFcn``/``learnParam`` that :func:`pyneuro.adapt` uses (assigning
    ``learnFcn`` resets ``learnParam`` to its defaults, as MATLAB)."""

    __slots__ = ("_learn", "_learn_fcn", "learnParam")
    _shown = ("learn", "learnFcn", "learnParam")
    _what = "a biases/inputWeights/layerWeights entry"

    def __init__(self, learn=True, learnFcn="learngdm", learnParam=None):
        self.learn = learn
        self.learnFcn = learnFcn
        if learnParam is not None:
            self.learnParam = learnParam.copy()

    @property
    def learn(self):
        return self._learn

    @learn.setter
    def learn(self, value):
        if not isinstance(value, (bool, np.bool_)) and not (np.ndim(value) == 0
                                                             and value in (0, 1)):
            raise ParameterError(f"learn must be true or false; got {value!r}")
        self._learn = bool(value)

    @property
    def learnFcn(self):
        return self._learn_fcn

    @learnFcn.setter
    def learnFcn(self, name):
        self._learn_fcn = name
        self.learnParam = learn_param_struct(name)

    def copy(self):
        return _Learn(self.learn, self.learnFcn, self.learnParam)


class _Processing(_Record):
    """Processing of a network input or output: ``processFcns``, ``processParams``,
    ``processSettings`` (computed by ``configure``/``train``), ``processedSize`` and
    ``processedRange``.

    Assigning ``processFcns`` resets ``processParams`` to the functions' defaults and clears
    the settings (the net must be configured again), as in MATLAB.
    """

    __slots__ = ("_fcns", "_params", "_settings", "_processed_range")

    def _init_processing(self, fcns=(), params=None, settings=(), processed_range=None):
        self.processFcns = list(fcns)
        if params is not None:
            self._params = [p.copy() if isinstance(p, Struct) else _param_struct(name, p)
                            for name, p in zip(self._fcns, params)]
        self._settings = list(settings)
        self._processed_range = processed_range

    def _configured_as(self, settings, processed_range):
        """Store the settings ``configure`` computed and the processed data's range."""
        self._settings = list(settings)
        self._processed_range = processed_range

    @property
    def processFcns(self):
        return list(self._fcns)

    @processFcns.setter
    def processFcns(self, names):
        names = name_list(names or [], "processFcns")
        fcns = [get_processing_function(n) for n in names]  # unknown names fail here
        self._fcns = [f.name if isinstance(n, str) else f for n, f in zip(names, fcns)]
        self._params = [f.param_struct() for f in fcns]
        self._settings = []
        self._processed_range = None

    @property
    def processParams(self):
        return self._params

    @property
    def processSettings(self):
        return list(self._settings)

    @property
    def configured(self):
        """Whether the processing settings are computed (always, with no processFcns)."""
        return len(self._settings) == len(self._fcns) and self.size > 0

    def apply(self, X):
        """Data through the processing functions in order (stored settings)."""
        return apply_chain(X, self._fcns, self._settings) if self._fcns else X

    def reverse(self, Y):
        """Undo :meth:`apply`: the functions reversed, last first."""
        return reverse_chain(Y, self._fcns, self._settings) if self._fcns else Y

    @property
    def processedSize(self):
        return self._settings[-1].yrows if self._settings else self.size

    @property
    def processedRange(self):
        return self._processed_range if self._settings else self.range


def _param_struct(name, values):
    struct = get_processing_function(name).param_struct()
    struct.update(dict(values))
    return struct


class _Input(_Processing):
    """``net.inputs[0]``: ``size`` and ``range`` (R×2, the raw data's), and its processing.

    ``initnw`` uses ``processedRange``: the range after processing, which is ``range`` when
    ``processFcns`` is empty (classic nets).
    """

    __slots__ = ("_range",)
    _shown = ("size", "range", "processFcns")
    _what = "net.inputs[0]"

    def __init__(self, pr, processFcns=(), processParams=None, processSettings=(),
                 processedRange=None):
        self._range = pr
        self._init_processing(processFcns, processParams, processSettings, processedRange)

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


class _Output(_Processing):
    """``net.outputs[-1]``: ``size`` (rows of the targets) and its processing; the output
    layer's size is ``processedSize``."""

    __slots__ = ("_size", "_range")
    _shown = ("size", "processFcns")
    _what = "net.outputs[-1]"

    def __init__(self, size, processFcns=(), processParams=None, processSettings=(),
                 processedRange=None, range_=None):
        self._size = int(size)
        self._range = range_
        self._init_processing(processFcns, processParams, processSettings, processedRange)

    @property
    def size(self):
        return self._size

    @property
    def range(self):
        """The targets' ``[min max]`` per row (set by configure; None before)."""
        return self._range


def _connection_matrix(connections, rows, cols):
    """MATLAB's inputConnect/layerConnect: a bool matrix, True at each (i, j) connection."""
    matrix = np.zeros((rows, cols), dtype=bool)
    for i, j in connections:
        matrix[i, j] = True
    return matrix


def _copy_processing(source, target):
    """`target` with the processing of `source` (functions, parameters, settings)."""
    target._init_processing(source.processFcns, source.processParams, source.processSettings,
                            source._processed_range)
    return target


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
