"""The network object: MATLAB's fields, ``sim``, ``init``, ``getwb``/``setwb``.

The constructors (``newff``, ``feedforwardnet``, ...) are in :mod:`pyneuro._constructors`,
``configure``/``perform``/``view`` in :mod:`pyneuro._netops`.

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
from ._netfunctions import FunctionFields
from ._netparts import (_connection_matrix, _Connections, _copy_processing, _Input, _Layer,
                        _Learn, _Output, _WeightAccess)
from ._struct import MatlabFields, Struct
from ._validate import as_float_array, as_rows, check_network
from .errors import ParameterError, ShapeError
from .transfer import get_transfer

__all__ = ["Network", "sim", "init", "getwb", "setwb"]


# -- the network -----------------------------------------------------------------------------


class Network(FunctionFields, MatlabFields):
    """A feed-forward network with MATLAB's fields (built by :func:`newff`).

    Field names are case-insensitive, as MATLAB's (``net.iw`` is ``net.IW``, ``net.trainfcn``
    is ``net.trainFcn``, and so for ``net.layers[i]`` and ``net.trainParam``); assigning a
    field the network does not have is an error listing the valid ones.

    Attributes
    ----------
    numInputs, numLayers, numWeightElements : int
    inputs : list
        ``inputs[0].range`` (R×2) and ``inputs[0].size`` (R) of the raw data;
        ``inputs[0].processFcns``, ``.processParams``, ``.processSettings``,
        ``.processedSize``, ``.processedRange`` (NNT 5.1+; empty for classic nets).
    outputs : list
        ``outputs[-1]`` (the output layer's): ``size`` and the same processing fields;
        ``outputs[i]`` is None for the other layers.
    biasConnect, inputConnect, layerConnect, outputConnect : ndarray of bool
        MATLAB's connection matrices (fixed once built): ``inputConnect[i, j]`` input j feeds
        layer i, ``layerConnect[i, j]`` layer j feeds layer i.
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
    divideFcn, divideParam, divideMode
        Data division in ``train`` (``'dividerand'`` ...; ``''`` for none); assigning
        ``divideFcn`` resets ``divideParam``.
    initFcn, adaptFcn, name
    adaptParam
        ``adaptParam.passes`` for :func:`pyneuro.adapt`; each weight's ``learnFcn`` and
        ``learnParam`` are on ``biases[i]``, ``inputWeights[i, j]``, ``layerWeights[i, j]``.

    Notes
    -----
    ``train`` returns a new network and leaves this one unchanged (MATLAB value semantics);
    ``net.copy()`` makes an independent copy.
    """

    _what = "net"

    def __init__(self, pr, sizes, transfer_fcns, train_fcn="trainlm", perform_fcn="mse",
                 learn_fcn="learngdm", *, input_connect=None, layer_connect=None,
                 output_size=None):
        self._sealed = False  # fields are created here; afterwards unknown names are refused
        n = len(sizes)
        self.name = "Feed-Forward Neural Network"
        self.numInputs = 1
        self.inputs = [_Input(pr)]
        self.layers = [_Layer(s, tf) for s, tf in zip(sizes, transfer_fcns)]
        self.outputs = [None] * (n - 1) + [
            _Output(sizes[-1] if output_size is None else output_size)]
        self.biases = [_Learn(learnFcn=learn_fcn) for _ in sizes]
        # Connections: a chain by default (newff); cascadeforwardnet passes its own.
        input_connect = [(0, 0)] if input_connect is None else input_connect
        layer_connect = ([(i, i - 1) for i in range(1, n)] if layer_connect is None
                         else layer_connect)
        self.inputWeights = _Connections("inputWeights",
                                         {tuple(k): _Learn(learnFcn=learn_fcn)
                                          for k in sorted(input_connect)})
        self.layerWeights = _Connections("layerWeights",
                                         {tuple(k): _Learn(learnFcn=learn_fcn)
                                          for k in sorted(layer_connect)})
        self.learnFcn = learn_fcn
        self.initFcn = "initlay"
        self.adaptFcn = "trains"
        self.adaptParam = Struct("adaptParam", {"passes": (1, "count")})
        self.divideFcn = ""
        self.divideMode = "sample"
        self.trainFcn = train_fcn
        self.performFcn = perform_fcn
        self._plan_cache = None
        self._wb = np.zeros(plan_of(self).n)
        self._sealed = True

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
                ranges = self.inputs[source.origin].processedRange
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
    def numOutputs(self):
        return 1

    @property
    def numWeightElements(self):
        """Number of weight and bias values (MATLAB ``net.numWeightElements``)."""
        return plan_of(self).n

    @property
    def biasConnect(self):
        return np.ones((self.numLayers, 1), dtype=bool)

    @property
    def inputConnect(self):
        return _connection_matrix(self.inputWeights, self.numLayers, self.numInputs)

    @property
    def layerConnect(self):
        return _connection_matrix(self.layerWeights, self.numLayers, self.numLayers)

    @property
    def outputConnect(self):
        return np.array([[o is not None for o in self.outputs]])

    @property
    def IW(self):
        return _WeightAccess(self, "IW")

    @property
    def LW(self):
        return _WeightAccess(self, "LW")

    @property
    def b(self):
        return _WeightAccess(self, "b")

    # copying and display ---------------------------------------------------------------------

    def copy(self):
        """An independent copy (weights, names and parameters)."""
        new = Network.__new__(Network)
        new.__dict__.update(self.__dict__)
        new.inputs = [_copy_processing(self.inputs[0], _Input(self.inputs[0].range.copy()))]
        new.outputs = [None if o is None else
                       _copy_processing(o, _Output(o.size, range_=o.range)) for o in self.outputs]
        new.layers = [_Layer(l.size, l.transfer, l.initFcn) for l in self.layers]
        new.biases = [b.copy() for b in self.biases]
        new.inputWeights = _Connections(
            "inputWeights", {k: v.copy() for k, v in self.inputWeights._items.items()})
        new.layerWeights = _Connections(
            "layerWeights", {k: v.copy() for k, v in self.layerWeights._items.items()})
        new.adaptParam = self.adaptParam.copy()
        new._copy_parameters()
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
        if self.inputs[0].processFcns or self.outputs[-1].processFcns:
            lines.append(f"  processFcns: inputs {self.inputs[0].processFcns}, "
                         f"outputs {self.outputs[-1].processFcns}")
        if self.divideFcn:
            lines.append(f"  divideFcn {self.divideFcn!r}, {self.divideParam!r}")
        if not is_configured(self):
            lines.append("  not configured: input and output sizes come from the data at "
                         "configure(net, P, T) or train")
        return "\n".join(lines)


# -- initialisation ---------------------------------------------------------------------


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
    check_network(net, "init")
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
    check_network(net, "getwb")
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
    check_network(net, "setwb")
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
        Inputs, one column per sample, in the data's own units: the net's input processing
        (``inputs[0].processFcns``) is applied first and its output processing reversed at
        the end (none for classic nets).
        For a one-input net (R = 1) a scalar is one sample and a 1-D array a row of samples,
        as MATLAB's ``sim(net, 6.5)``.

    Returns
    -------
    Y : ndarray, shape (SN, Q)
        Outputs of the last layer (in the targets' units).

    Raises
    ------
    ParameterError
        The net is not configured (``feedforwardnet`` before ``configure`` or ``train``).

    Examples
    --------
    >>> import pyneuro as nn
    >>> net = nn.newff([[-1, 1], [-1, 1]], [3, 1], ['tansig', 'purelin'], 'traingd', rng=0)
    >>> sim(net, [[0.5, -0.5], [0.1, 0.2]]).shape
    (1, 2)
    """
    check_network(net, "sim")
    check_configured(net, "sim")
    P = as_rows(P, net.inputs[0].size, "P", "network input")
    return reverse_outputs(net, forward(plan_of(net), net._wb, process_inputs(net, P)).output)


# -- internal API ----------------------------------------------------------------------------


def plan_of(net):
    """The engine's :class:`~pyneuro._engine.Plan` of `net` (structure and block layout).

    Rebuilt only when a layer's transfer function changed; the block layout depends on the
    sizes and connections alone, which are fixed once a network is built.
    """
    key = (tuple(layer.transfer for layer in net.layers),
           tuple(inp.processedSize for inp in net.inputs),
           tuple(layer.size for layer in net.layers))
    cached = net._plan_cache
    if cached is None or cached[0] != key:
        plan = Plan(key[1], key[2], key[0], input_connect=net.inputWeights.keys(),
                    layer_connect=net.layerWeights.keys())
        net._plan_cache = cached = (key, plan)
    return cached[1]


def is_configured(net):
    """Whether the net's input and output sizes and processing settings are set."""
    return net.inputs[0].configured and net.outputs[-1].configured


def check_configured(net, what):
    """Raise ParameterError naming `what` when the net is not configured."""
    if not is_configured(net):
        raise ParameterError(
            f"{what} needs a configured network; this one has input size "
            f"{net.inputs[0].size} and output size {net.outputs[-1].size} (no data seen yet). "
            "Call net = configure(net, P, T) or train it first.")


def process_inputs(net, P):
    """Raw inputs (R×Q) to what the first layer sees: the input processing chain."""
    return net.inputs[0].apply(P)


def process_targets(net, T):
    """Raw targets to the output layer's units: the output processing chain."""
    return net.outputs[-1].apply(T)


def reverse_outputs(net, Y):
    """Output layer values back to the targets' units (output processing reversed)."""
    return net.outputs[-1].reverse(Y)


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
