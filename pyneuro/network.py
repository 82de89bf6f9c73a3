"""The network object and its constructors: MATLAB ``newff``, ``sim``, ``init``, ``getwb``/``setwb``.

A :class:`Network` stores its functions (``transferFcn='tansig'``, ``trainFcn='traingdm'``;
names read back, and a function object a user assigns is kept as given) and one flat float64
vector holding every weight and bias, laid out by the engine (:mod:`pyneuro._engine`) in
MATLAB's ``getwb`` order: for each layer ``i`` in turn, the bias ``b{i}``, then the input
weights ``IW{i,j}``, then the layer weights ``LW{i,j}``, each matrix column by column.
``net.IW[0, 0]``, ``net.LW[1, 0]`` and ``net.b[0]`` are numpy *views* into that vector
(0-based indices; ``IW[0, 0]`` is MATLAB's ``IW{1,1}``), so reading them copies nothing and
writing into them changes the network.

Internal API (for pyneuro's own modules and tests; not MATLAB's): :func:`plan_of` (the
engine's plan of a net), :func:`weights_of` (the live flat vector, no copy),
:func:`learn_mask` (which entries train), :func:`training_function_of` and
:func:`performance_function_of` (the function objects, not their names).
"""

import numpy as np

from . import initializers
from ._engine import Plan, forward
from ._netparts import _check_range, _Connections, _Input, _Layer, _Learn, _WeightAccess
from ._struct import Struct
from ._trainfcn import get_training_function
from ._validate import as_float_array, as_rows
from .errors import NotAvailableError, ParameterError, ShapeError
from .performance import get_performance
from .transfer import get_transfer

__all__ = ["Network", "newff", "sim", "init", "getwb", "setwb"]


# -- the network -----------------------------------------------------------------------------


class Network:
    """A feed-forward network with MATLAB's fields (built by :func:`newff`).

    Attributes
    ----------
    numInputs, numLayers : int
    inputs : list
        ``inputs[0].range`` (R×2) and ``inputs[0].size`` (R).
    layers : list
        ``layers[i].size``, ``layers[i].transferFcn``, ``layers[i].initFcn``.
    biases, inputWeights, layerWeights
        ``.learn`` flags: ``biases[i].learn``, ``inputWeights[0, 0].learn``,
        ``layerWeights[i, i - 1].learn``. Frozen weights are left out of training.
    IW, LW, b
        The weights: ``IW[0, 0]`` is S1×R, ``LW[i, i-1]`` is S(i+1)×S(i), ``b[i]`` is S×1.
    trainFcn, trainParam
        Training function name and its parameters; assigning ``trainFcn`` resets
        ``trainParam`` to that function's defaults, as in MATLAB.
    performFcn, performParam
        Performance function name and parameters (``msereg`` has ``ratio``).
    divideFcn, initFcn, adaptFcn, name

    Notes
    -----
    ``train`` returns a new network and leaves this one unchanged (MATLAB value semantics);
    ``net.copy()`` makes an independent copy.
    """

    def __init__(self, pr, sizes, transfer_fcns, train_fcn="trainlm", perform_fcn="mse",
                 learn_fcn="learngdm"):
        self.name = "Feed-Forward Neural Network"
        self.numInputs = 1
        self.inputs = [_Input(pr)]
        self.layers = [_Layer(s, tf) for s, tf in zip(sizes, transfer_fcns)]
        self.biases = [_Learn() for _ in sizes]
        self.inputWeights = _Connections("inputWeights", {(0, 0): _Learn()})
        self.layerWeights = _Connections(
            "layerWeights", {(i, i - 1): _Learn() for i in range(1, len(sizes))})
        self.learnFcn = learn_fcn
        self.initFcn = "initlay"
        self.adaptFcn = "trains"
        self.divideFcn = ""
        self.trainFcn = train_fcn
        self.performFcn = perform_fcn
        self._plan_cache = None
        self._wb = np.zeros(plan_of(self).n)

    # structure -------------------------------------------------------------------------------

    @property
    def _blocks(self):
        return plan_of(self).blocks

    def _layer_sources(self, i):
        """``[(kind, key, ranges)]`` for layer i: what feeds it, with each element's range
        (the input's range, or a layer's output range with infinities clipped to ±1, as
        initnw takes them)."""
        sources = []
        for source in plan_of(self).layers[i].sources:
            if source.kind == "IW":
                ranges = self.inputs[source.origin].range
            else:
                lo, hi = self.layers[source.origin].transfer.output_range
                ranges = np.tile(np.clip([lo, hi], -1.0, 1.0),
                                 (self.layers[source.origin].size, 1))
            sources.append((source.kind, source.key, ranges))
        return sources

    @property
    def numLayers(self):
        return len(self.layers)

    @property
    def IW(self):
        return _WeightAccess(self, "IW")

    @property
    def LW(self):
        return _WeightAccess(self, "LW")

    @property
    def b(self):
        return _WeightAccess(self, "b")

    # functions -------------------------------------------------------------------------------

    @property
    def trainFcn(self):
        return self._train_fcn.name

    @trainFcn.setter
    def trainFcn(self, name):
        fcn = get_training_function(name)
        self._train_fcn = fcn
        self._train_param = fcn.param_struct()

    @property
    def trainParam(self):
        return self._train_param

    @trainParam.setter
    def trainParam(self, value):
        self._train_param = _replace_fields(self._train_param, value)

    @property
    def performFcn(self):
        return self._perform_fcn.name

    @performFcn.setter
    def performFcn(self, name):
        pf = get_performance(name)
        self._perform_fcn = pf
        self._perform_param = Struct("performParam", {k: (v, "fraction")
                                                      for k, v in pf.defaults.items()})

    @property
    def performParam(self):
        return self._perform_param

    @performParam.setter
    def performParam(self, value):
        self._perform_param = _replace_fields(self._perform_param, value)

    @property
    def divideFcn(self):
        return self._divide_fcn

    @divideFcn.setter
    def divideFcn(self, name):
        if name not in ("", "dividetrain", None):
            raise NotAvailableError(
                f"divideFcn {name!r} is not available yet; classic newff nets train on all data "
                "(divideFcn ''). Pass validation data to train(net, P, T, VV=...) instead."
            )
        self._divide_fcn = name or ""

    # copying and display ---------------------------------------------------------------------

    def copy(self):
        """An independent copy (weights, names and parameters)."""
        new = Network.__new__(Network)
        new.__dict__.update(self.__dict__)
        new.inputs = [_Input(self.inputs[0].range.copy())]
        new.layers = [_Layer(l.size, l.transfer, l.initFcn) for l in self.layers]
        new.biases = [_Learn(b.learn) for b in self.biases]
        new.inputWeights = _Connections(
            "inputWeights", {k: _Learn(v.learn) for k, v in self.inputWeights._items.items()})
        new.layerWeights = _Connections(
            "layerWeights", {k: _Learn(v.learn) for k, v in self.layerWeights._items.items()})
        new._train_param = self._train_param.copy()
        new._perform_param = self._perform_param.copy()
        new._wb = self._wb.copy()
        return new

    def __call__(self, P):
        """``net(P)`` is ``sim(net, P)``, as in MATLAB 7+."""
        return sim(self, P)

    def __repr__(self):
        arch = "-".join(str(s) for s in [self.inputs[0].size] + [l.size for l in self.layers])
        layers = ", ".join(f"{l.size} {l.transferFcn}" for l in self.layers)
        frozen = int(np.sum(~learn_mask(self)))
        lines = [
            f"Network {arch} (inputs: {self.inputs[0].size}; layers: {layers})",
            f"  trainFcn {self.trainFcn!r}, performFcn {self.performFcn!r}, "
            f"{self._wb.size} weights and biases" + (f" ({frozen} frozen)" if frozen else ""),
            f"  {self.trainParam!r}",
        ]
        return "\n".join(lines)


def _replace_fields(current, value):
    """``net.trainParam = value``: a struct or dict of the same fields, each value checked."""
    if isinstance(value, Struct):
        value = value.to_dict()
    if not isinstance(value, dict):
        raise ParameterError(f"{current._name} must be set to a struct or dict of its fields; "
                             f"got {type(value).__name__}")
    new = current.copy()
    new.update(value)  # unknown fields and bad values raise, naming the field
    return new


# -- construction ----------------------------------------------------------------------------


def _check_sizes(sizes):
    sizes = np.atleast_1d(np.asarray(sizes, dtype=object)).ravel().tolist()
    out = []
    for s in sizes:
        if isinstance(s, (bool, np.bool_)) or not isinstance(s, (int, float, np.integer,
                                                                 np.floating)) \
                or s != s or float(s) < 1 or not float(s).is_integer():
            raise ShapeError(f"layer sizes must be positive integers; got {sizes!r}")
        out.append(int(s))
    if not out:
        raise ShapeError("newff needs at least one layer size, e.g. [10, 1]")
    return out


def _is_newer_syntax(args):
    """MATLAB's test, in Python terms: the classic call has an R×2 range, a row of sizes and
    then (if anything) transfer function names; ``newff(P, T, 10)`` has data and numbers."""
    try:
        first, second = np.shape(args[0]), np.shape(args[1])
    except ValueError:  # ragged: let the classic checks explain what is wrong
        return False
    third = args[2] if len(args) > 2 else None
    numeric_third = third is not None and not isinstance(third, str) and all(
        isinstance(v, (int, float, np.integer, np.floating)) for v in np.ravel(third))
    return ((len(first) == 2 and first[1] != 2) or (len(second) == 2 and second[0] > 1)
            or numeric_third)


def newff(*args, rng=None):
    """Create a feed-forward back-propagation network, MATLAB ``newff`` (classic syntax).

    ``net = newff(PR, [S1, ..., SN], [TF1, ..., TFN], BTF, BLF, PF)``

    Parameters
    ----------
    PR : array_like, shape (R, 2)
        ``[min max]`` of each input element, usually ``minmax(P)``.
    sizes : sequence of int
        Size of every layer, **output layer included** (``[10, 1]``).
    TF : sequence of str, optional
        Transfer function of each layer; default ``'tansig'`` for every layer (the output
        layer too, as MATLAB).
    BTF : str, default 'trainlm'
        Training function (``net.trainFcn``).
    BLF : str, default 'learngdm'
        Weight learning function (used by MATLAB's ``adapt`` only; stored).
    PF : str, default 'mse'
        Performance function.
    rng : int, RandStream or numpy generator, optional
        Random stream for the initial weights; pyneuro's global stream (see :func:`rng`) when
        omitted.

    Returns
    -------
    Network
        Initialised with ``init`` (Nguyen-Widrow, ``initnw``), as MATLAB does at creation.

    Raises
    ------
    ShapeError
        Bad PR or sizes.
    UnknownFunctionError
        Unknown transfer, training or performance function.
    NotAvailableError
        The NNT 5.1+ syntax ``newff(P, T, [S1, ...])``.

    Notes
    -----
    Old-syntax nets are MATLAB's classic ones: no data division (``divideFcn ''``) and no
    input/output processing; scripts normalise with ``premnmx`` themselves. ``trainParam``
    defaults are those of the current MathWorks documentation (``epochs = 1000``, ...).

    Examples
    --------
    >>> net = newff([[0, 10]], [5, 1], ['tansig', 'purelin'], 'traingd', rng=0)
    >>> net.IW[0, 0].shape, net.LW[1, 0].shape, net.b[1].shape
    ((5, 1), (1, 5), (1, 1))
    """
    if len(args) < 2:
        raise TypeError("newff needs at least PR and the layer sizes: newff(PR, [S1, ..., SN])")
    if len(args) > 6:
        raise TypeError(f"newff takes at most 6 arguments (PR, sizes, TF, BTF, BLF, PF); "
                        f"got {len(args)}")
    if _is_newer_syntax(args):
        raise NotAvailableError(
            "the newer syntax newff(P, T, [hidden sizes], ...) is not available yet; use the "
            "classic one: newff(minmax(P), [S1, ..., SN], {TF1, ..., TFN}, BTF), where the sizes "
            "include the output layer"
        )
    pr = _check_range(args[0])
    sizes = _check_sizes(args[1])
    tfs = args[2] if len(args) > 2 and args[2] is not None else ["tansig"] * len(sizes)
    if isinstance(tfs, str):
        tfs = [tfs]
    tfs = list(tfs)
    if len(tfs) != len(sizes):
        raise ShapeError(f"newff got {len(sizes)} layer sizes but {len(tfs)} transfer functions; "
                         "give one transfer function per layer")
    btf = args[3] if len(args) > 3 else "trainlm"
    blf = args[4] if len(args) > 4 else "learngdm"
    pf = args[5] if len(args) > 5 else "mse"
    net = Network(pr, sizes, tfs, train_fcn=btf, perform_fcn=pf, learn_fcn=blf)
    return init(net, rng=rng, copy=False)


def init(net, *, rng=None, copy=True):
    """Initialise weights and biases, MATLAB ``net = init(net)``.

    Each layer's ``initFcn`` (``initnw`` for newff nets) runs in layer order, drawing from the
    random stream in MATLAB's order.

    Parameters
    ----------
    net : Network
    rng : optional
        Random stream (see :func:`pyneuro.rng`).
    copy : bool, default True
        Return a new network and leave ``net`` unchanged (MATLAB value semantics).

    Returns
    -------
    Network
    """
    out = net.copy() if copy else net
    stream = initializers._stream(rng)
    for i, layer in enumerate(out.layers):
        fn = layer.initFcn if callable(layer.initFcn) else initializers.get_init(layer.initFcn)
        fn(out, i, rng=stream)
    return out


# -- weights as one vector -------------------------------------------------------------------


def getwb(net):
    """All weights and biases as one vector, MATLAB ``getwb``.

    Parameters
    ----------
    net : Network

    Returns
    -------
    x : ndarray, shape (n,)
        A copy, in MATLAB's order: for each layer, ``b{i}``, then ``IW{i,j}``, then
        ``LW{i,j}``, each matrix column by column.
    """
    return net._wb.copy()


def setwb(net, x):
    """Set all weights and biases from one vector, MATLAB ``net = setwb(net, x)``.

    Parameters
    ----------
    net : Network
    x : array_like, shape (n,)
        In the order of :func:`getwb`.

    Returns
    -------
    Network
        A new network; ``net`` is unchanged (MATLAB value semantics).
    """
    x = as_float_array(x, "x")
    if x.size != net._wb.size or x.ndim > 2 or (x.ndim == 2 and 1 not in x.shape):
        raise ShapeError(f"setwb needs a vector of {net._wb.size} values (all weights and "
                         f"biases); got shape {x.shape}")
    out = net.copy()
    out._wb[...] = x.ravel()
    return out


# -- simulation ------------------------------------------------------------------------------


def sim(net, P):
    """Simulate the network, MATLAB ``Y = sim(net, P)``.

    Parameters
    ----------
    net : Network
    P : array_like, shape (R, Q)
        Inputs, one column per sample.

    Returns
    -------
    Y : ndarray, shape (SN, Q)
        Outputs of the last layer.

    Examples
    --------
    >>> net = newff([[-1, 1], [-1, 1]], [3, 1], ['tansig', 'purelin'], 'traingd', rng=0)
    >>> sim(net, [[0.5, -0.5], [0.1, 0.2]]).shape
    (1, 2)
    """
    P = as_rows(P, net.inputs[0].size, "P", "network input")
    return forward(plan_of(net), net._wb, P).output


# -- internal API ----------------------------------------------------------------------------


def plan_of(net):
    """The engine's :class:`~pyneuro._engine.Plan` of `net` (structure and block layout).

    Rebuilt only when a layer's transfer function changed; the block layout depends on the
    sizes and connections alone, which are fixed once a network is built.
    """
    transfers = tuple(layer.transfer for layer in net.layers)
    cached = net._plan_cache
    if cached is None or cached[0] != transfers:
        plan = Plan([inp.size for inp in net.inputs], [layer.size for layer in net.layers],
                    transfers)
        net._plan_cache = cached = (transfers, plan)
    return cached[1]


def weights_of(net):
    """The network's live flat weight vector (no copy; writing changes the network)."""
    return net._wb


def learn_mask(net):
    """Boolean mask over the flat vector: True where the parameter is learned."""
    owners = {"b": net.biases, "IW": net.inputWeights, "LW": net.layerWeights}
    plan = plan_of(net)
    return plan.mask([(kind, key) for kind, key in plan.blocks if not owners[kind][key].learn])


def training_function_of(net):
    """The net's :class:`~pyneuro._trainfcn.TrainingFunction` (a user's object as given)."""
    return net._train_fcn


def performance_function_of(net):
    """The net's :class:`~pyneuro.performance.PerformanceFunction`."""
    return net._perform_fcn
