"""Network constructors: MATLAB ``newff`` (both syntaxes), ``feedforwardnet``, ``fitnet`` and
``cascadeforwardnet``.

* ``newff(PR, [S1, ..., SN], ...)``, the NNT 3/4 syntax: sizes include the output layer, no
  processing, no data division; weights initialised at once.
* ``newff(P, T, [S1, ...], ...)``, the NNT 5.1/6 syntax: example data, hidden sizes only
  (the output size comes from T), input processing ``fixunknowns``, ``removeconstantrows``,
  ``mapminmax``, output processing ``removeconstantrows``, ``mapminmax``, division
  ``dividerand``; configured with P and T and initialised.
* ``feedforwardnet(hiddenSizes=10, trainFcn='trainlm')`` and ``fitnet`` (NNT 7+): processing
  ``removeconstantrows``, ``mapminmax`` on inputs and outputs, ``dividerand`` 0.7/0.15/0.15;
  input and output sizes 0 until ``configure`` or ``train`` sees data.
* ``cascadeforwardnet``: as feedforwardnet, plus the input feeding every layer and every
  layer feeding every later one.
"""

import numpy as np

from ._netops import configure
from ._netparts import _check_range
from ._validate import name_list
from .network import Network, init
from .errors import ShapeError

__all__ = ["newff", "feedforwardnet", "fitnet", "cascadeforwardnet"]

#: Processing functions of NNT 5.1/6 ``newff`` (IPF, OPF) and of NNT 7+ feedforwardnet.
NEWFF_INPUT_PROCESSING = ("fixunknowns", "removeconstantrows", "mapminmax")
NEWFF_OUTPUT_PROCESSING = ("removeconstantrows", "mapminmax")
NNT7_PROCESSING = ("removeconstantrows", "mapminmax")


def _check_sizes(sizes, classic=False, hidden=False):
    sizes = np.atleast_1d(np.asarray(sizes, dtype=object)).ravel().tolist()
    out = []
    for s in sizes:
        if isinstance(s, (bool, np.bool_)) or not isinstance(s, (int, float, np.integer,
                                                                 np.floating)) \
                or s != s or float(s) < 1 or not float(s).is_integer():
            hint = ("; to build a net from data P, T use newff(P, T, [hidden sizes]) (a P of "
                    "exactly 2 samples with no sizes reads as the classic newff(PR, sizes), as "
                    "in MATLAB)") if classic else ""
            raise ShapeError(f"layer sizes must be positive integers; got {sizes!r}{hint}")
        out.append(int(s))
    if not out and not hidden:
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


def _newff_classic(args, rng):
    """The NNT 3/4 syntax ``newff(PR, [S1, ..., SN], TF, BTF, BLF, PF)``."""
    if len(args) > 6:
        raise TypeError(f"newff takes at most 6 arguments (PR, sizes, TF, BTF, BLF, PF); "
                        f"got {len(args)}")
    pr = _check_range(args[0])
    sizes = _check_sizes(args[1], classic=True)
    tfs = args[2] if len(args) > 2 and args[2] is not None else ["tansig"] * len(sizes)
    tfs = name_list(tfs, "newff's transfer functions (TF)")
    if len(tfs) != len(sizes):
        raise ShapeError(f"newff got {len(sizes)} layer sizes but {len(tfs)} transfer functions; "
                         "give one transfer function per layer")
    btf = args[3] if len(args) > 3 else "trainlm"
    blf = args[4] if len(args) > 4 else "learngdm"
    pf = args[5] if len(args) > 5 else "mse"
    net = Network(pr, sizes, tfs, train_fcn=btf, perform_fcn=pf, learn_fcn=blf)
    return init(net, rng=rng, copy=False)


def _newff_newer(P, T, hidden=(), tfs=None, btf="trainlm", blf="learngdm", pf="mse",
                 ipf=NEWFF_INPUT_PROCESSING, opf=NEWFF_OUTPUT_PROCESSING, ddf="dividerand",
                 *extra, rng=None):
    """The NNT 5.1/6 syntax ``newff(P, T, [S1 ...], TF, BTF, BLF, PF, IPF, OPF, DDF)``."""
    if extra:
        raise TypeError(f"newff(P, T, ...) takes at most 10 arguments (P, T, S, TF, BTF, BLF, "
                        f"PF, IPF, OPF, DDF); got {10 + len(extra)}")
    hidden = _check_sizes(hidden, hidden=True)
    if tfs is None:
        tfs = ["tansig"] * len(hidden) + ["purelin"]
    tfs = name_list(tfs, "newff's transfer functions (TF)")
    if len(tfs) != len(hidden) + 1:
        raise ShapeError(f"newff(P, T, S, TF) got {len(hidden)} hidden layer sizes and so "
                         f"{len(hidden) + 1} layers, but {len(tfs)} transfer functions; give one "
                         "per layer, the output layer's last")
    net = _unconfigured(hidden, tfs, btf, pf, blf, ipf, opf, ddf)
    return configure(net, P, T, rng=rng)


def _unconfigured(hidden, tfs, btf, pf, blf, ipf, opf, ddf, *, cascade=False):
    n = len(hidden) + 1
    connect = {}
    if cascade:
        connect = dict(input_connect=[(i, 0) for i in range(n)],
                       layer_connect=[(i, j) for i in range(n) for j in range(i)])
    net = Network(np.zeros((0, 2)), list(hidden) + [0], tfs, train_fcn=btf, perform_fcn=pf,
                  learn_fcn=blf, **connect)
    net.inputs[0].processFcns = list(ipf)
    net.outputs[-1].processFcns = list(opf)
    net.divideFcn = ddf
    net.adaptFcn = "adaptwb"
    return net


def newff(*args, rng=None):
    """Create a feed-forward back-propagation network, MATLAB ``newff`` (both syntaxes).

    ``net = newff(PR, [S1, ..., SN], [TF1, ..., TFN], BTF, BLF, PF)`` (NNT 3/4) or
    ``net = newff(P, T, [S1, ..., S(N-1)], [TF1, ..., TFN], BTF, BLF, PF, IPF, OPF, DDF)``
    (NNT 5.1/6), told apart as MATLAB does: the classic form has a 2-column first argument,
    a row of sizes second and, if anything, transfer function names third.

    Parameters
    ----------
    PR : array_like, shape (R, 2)
        Classic: ``[min max]`` of each input element, usually ``minmax(P)``.
    sizes : sequence of int
        Classic: size of every layer, **output layer included** (``[10, 1]``).
    P, T : array_like, shapes (R, Q) and (SN, Q)
        Newer: example inputs and targets; they set the input range, the output size and
        the processing settings (``configure``).
    S : int or sequence of int, default []
        Newer: the **hidden** layer sizes; the output layer's size comes from T.
    TF : sequence of str, optional
        Transfer function of each layer. Classic default: ``'tansig'`` for every layer (the
        output layer too, as MATLAB); newer default: ``'tansig'`` hidden, ``'purelin'`` out.
    BTF : str, default 'trainlm'
        Training function (``net.trainFcn``).
    BLF : str, default 'learngdm'
        Weight learning function of every weight and bias (``learngd``, ``learngdm``), used
        by :func:`adapt`.
    PF : str, default 'mse'
        Performance function.
    IPF, OPF : sequence of str
        Newer: input processing (default ``fixunknowns``, ``removeconstantrows``,
        ``mapminmax``) and output processing (default ``removeconstantrows``,
        ``mapminmax``).
    DDF : str, default 'dividerand'
        Newer: data division function (ratios 0.7/0.15/0.15, the current defaults).
    rng : int, RandStream or numpy generator, optional
        Random stream for the initial weights; pyneuro's global stream (see :func:`rng`) when
        omitted.

    Returns
    -------
    Network
        Initialised with ``init`` (Nguyen-Widrow, ``initnw``), as MATLAB does at creation;
        for the newer syntax on the *processed* input range (MATLAB 5.1+).

    Raises
    ------
    ShapeError
        Bad PR, sizes or data.
    UnknownFunctionError
        Unknown transfer, training, performance, processing or division function.

    Notes
    -----
    Old-syntax nets are MATLAB's classic ones: no data division (``divideFcn ''``) and no
    input/output processing; scripts normalise with ``premnmx`` themselves. ``trainParam``
    defaults are those of the current MathWorks documentation (``epochs = 1000``, ...).
    As in MATLAB, data with exactly 2 samples and no sizes (``newff(P, T)`` with P of shape
    (R, 2) and a row T) reads as the classic syntax: give the hidden sizes
    (``newff(P, T, 10)``) to build from data.

    Examples
    --------
    >>> net = newff([[0, 10]], [5, 1], ['tansig', 'purelin'], 'traingd', rng=0)
    >>> net.IW[0, 0].shape, net.LW[1, 0].shape, net.b[1].shape
    ((5, 1), (1, 5), (1, 1))
    >>> P = np.array([[0., 1, 2, 3, 4, 5]]); T = np.sin(P)
    >>> net = newff(P, T, 4, rng=0)
    >>> net.IW[0, 0].shape, net.LW[1, 0].shape, net.divideFcn
    ((4, 1), (1, 4), 'dividerand')
    """
    if len(args) < 2:
        raise TypeError("newff needs at least PR and the layer sizes (newff(PR, [S1, ..., SN])) "
                        "or data and hidden sizes (newff(P, T, [S1, ...]))")
    if _is_newer_syntax(args):
        return _newff_newer(*args, rng=rng)
    return _newff_classic(args, rng)


def _nnt7(hidden_sizes, train_fcn, name, cascade=False):
    hidden = _check_sizes(hidden_sizes, hidden=True)
    net = _unconfigured(hidden, ["tansig"] * len(hidden) + ["purelin"], train_fcn, "mse",
                        "learngdm", NNT7_PROCESSING, NNT7_PROCESSING, "dividerand",
                        cascade=cascade)
    net.name = name
    return net


def feedforwardnet(hiddenSizes=10, trainFcn="trainlm"):
    """A feed-forward network, MATLAB ``feedforwardnet`` (NNT 7+).

    Parameters
    ----------
    hiddenSizes : int or sequence of int, default 10
        Sizes of the hidden layers (``[]``: no hidden layer).
    trainFcn : str, default 'trainlm'

    Returns
    -------
    Network
        ``tansig`` hidden layers and a ``purelin`` output layer; input and output
        processing ``removeconstantrows``, ``mapminmax``; ``divideFcn 'dividerand'``
        (0.7/0.15/0.15), ``divideMode 'sample'``, ``performFcn 'mse'``. Input and output
        sizes are 0 until :func:`configure` or ``train`` sees data, which also initialises
        the weights (``initnw``).

    Examples
    --------
    >>> net = feedforwardnet([5, 3])
    >>> net.inputs[0].size, [layer.size for layer in net.layers]
    (0, [5, 3, 0])
    """
    return _nnt7(hiddenSizes, trainFcn, "Feed-Forward Neural Network")


def fitnet(hiddenSizes=10, trainFcn="trainlm"):
    """A function fitting network, MATLAB ``fitnet``: :func:`feedforwardnet` by another
    name (MATLAB adds fitting plots to it).

    Examples
    --------
    >>> fitnet(10).name
    'Function Fitting Neural Network'
    """
    return _nnt7(hiddenSizes, trainFcn, "Function Fitting Neural Network")


def cascadeforwardnet(hiddenSizes=10, trainFcn="trainlm"):
    """A cascade-forward network, MATLAB ``cascadeforwardnet``.

    As :func:`feedforwardnet`, and the input feeds every layer (``inputConnect`` all true)
    and every layer feeds every later layer (``layerConnect`` strictly lower triangular).

    Examples
    --------
    >>> net = cascadeforwardnet([4, 3])
    >>> net.inputConnect.ravel().tolist(), sorted(net.layerWeights.keys())
    ([True, True, True], [(1, 0), (2, 0), (2, 1)])
    """
    return _nnt7(hiddenSizes, trainFcn, "Cascade-Forward Neural Network", cascade=True)
