"""Operations on a built network with data: MATLAB ``configure``, ``perform``, ``gsubtract``
and ``view``.
"""

import numpy as np

from ._validate import as_data
from .errors import ParameterError, ShapeError
from .network import init, performance_function_of, plan_of
from .preprocessing import minmax, process_chain

__all__ = ["configure", "perform", "gsubtract", "view"]


def _configure_inputs(net, P):
    P = as_data(P, "P")
    inp = net.inputs[0]
    Y, settings = process_chain(P, inp.processFcns, inp.processParams)
    inp._range = minmax(P)
    inp._configured_as(settings, minmax(Y))


def _configure_outputs(net, T):
    T = as_data(T, "T")
    out = net.outputs[-1]
    Y, settings = process_chain(T, out.processFcns, out.processParams)
    out._size, out._range = T.shape[0], minmax(T)
    out._configured_as(settings, minmax(Y))
    net.layers[-1]._size = Y.shape[0]


def configure(net, *args, rng=None):
    """Set a network's input and output sizes and processing settings from data, MATLAB
    ``net = configure(net, P, T)``.

    Call forms: ``configure(net, P, T)``, ``configure(net, 'inputs', P)``,
    ``configure(net, 'outputs', T)``.

    Parameters
    ----------
    net : Network
    P : array_like, shape (R, Q)
        Example inputs: set ``inputs[0].size``, ``.range`` and ``.processSettings`` (each
        processing function's settings computed from P in turn) and ``.processedRange``.
    T : array_like, shape (SN, Q)
        Example targets: the same for ``outputs[-1]``; the output layer's size becomes the
        processed targets' row count.
    rng : optional
        Random stream for the new weights (see :func:`pyneuro.rng`).

    Returns
    -------
    Network
        A new network (``net`` is unchanged), its weights initialised again (``init``), as
        MATLAB's configure does.

    Examples
    --------
    >>> import pyneuro as nn
    >>> net = nn.configure(nn.feedforwardnet(3), [[1, 2, 3, 4], [0, 0, 0, 0]], [[5, 6, 7, 9]],
    ...                    rng=0)
    >>> net.inputs[0].size, net.inputs[0].processedSize, net.IW[0, 0].shape
    (2, 1, (3, 1))
    """
    out = net.copy()
    if len(args) == 2 and isinstance(args[0], str):
        which, data = args[0].lower(), args[1]
        if which not in ("inputs", "outputs"):
            raise ParameterError(f"configure(net, what, data): what must be 'inputs' or "
                                 f"'outputs'; got {args[0]!r}")
        (_configure_inputs if which == "inputs" else _configure_outputs)(out, data)
    elif len(args) == 2:
        P, T = args
        if np.shape(as_data(P, "P"))[1] != np.shape(as_data(T, "T"))[1]:
            raise ShapeError(f"configure: P has {np.shape(as_data(P, 'P'))[1]} samples "
                             f"(columns) but T has {np.shape(as_data(T, 'T'))[1]}")
        _configure_inputs(out, P)
        _configure_outputs(out, T)
    else:
        raise TypeError("configure takes (net, P, T), (net, 'inputs', P) or (net, 'outputs', T)")
    out._wb = np.zeros(plan_of(out).n)
    return init(out, rng=rng, copy=False)


def gsubtract(T, Y):
    """``T - Y``, MATLAB ``gsubtract`` (for matrices; a list of matrices elementwise)."""
    if isinstance(T, (list, tuple)) and T and np.ndim(T[0]) == 2:
        return [np.asarray(t, float) - np.asarray(y, float) for t, y in zip(T, Y)]
    return np.asarray(T, dtype=float) - np.asarray(Y, dtype=float)


def perform(net, T, Y, EW=None):
    """Network performance, MATLAB ``perf = perform(net, T, Y)``.

    The net's ``performFcn`` with its ``performParam`` on the errors ``T - Y`` in the units
    given (the targets' own units after ``Y = net(P)``; MATLAB 7+ measures in original units
    unless told to normalise). ``msereg`` uses the net's weights.

    Parameters
    ----------
    net : Network
    T, Y : array_like, shape (SN, Q)
        Targets and outputs.
    EW : None
        Error weights; only None (equal weights) is supported.

    Returns
    -------
    float
    """
    if EW is not None and not np.all(np.asarray(EW) == 1):
        raise ParameterError("perform: error weights EW are not supported; pass None")
    E = gsubtract(T, Y)
    if np.shape(E) != np.shape(np.asarray(T, dtype=float)):
        raise ShapeError(f"perform: T and Y must have the same shape; got {np.shape(T)} and "
                         f"{np.shape(Y)}")
    return float(performance_function_of(net).perf(np.atleast_2d(E), net._wb,
                                                     net.performParam.to_dict()))


def view(net, display=print):
    """Show the network's structure as text, MATLAB ``view(net)`` (which draws a window).

    Prints the input with its processing, each layer with what feeds it, and the output.

    Parameters
    ----------
    net : Network
    display : callable, default print
        Receives the diagram (one string).

    Examples
    --------
    >>> import pyneuro as nn
    >>> nn.view(nn.newff([[0, 1], [0, 1]], [3, 1], ['tansig', 'purelin'], rng=0))
    Feed-Forward Neural Network
      input 1: 2 elements
      layer 1: 3 tansig    <- input 1
      layer 2: 1 purelin   <- layer 1
      output: 1 element from layer 2
    """
    inp, out = net.inputs[0], net.outputs[-1]
    lines = [net.name]
    process = (f" -> {' -> '.join(inp.processFcns)} -> {inp.processedSize}"
               if inp.processFcns else "")
    lines.append(f"  input 1: {inp.size} element{'s' * (inp.size != 1)}{process}")
    for i, layer in enumerate(plan_of(net).layers):
        sources = ", ".join(f"{'input' if s.kind == 'IW' else 'layer'} {s.origin + 1}"
                            for s in layer.sources)
        lines.append(f"  layer {i + 1}: {layer.size} {net.layers[i].transferFcn:<9}"
                     f"<- {sources or 'nothing'}")
    process = (f" (reversing {' -> '.join(reversed(out.processFcns))})"
               if out.processFcns else "")
    lines.append(f"  output: {out.size} element{'s' * (out.size != 1)} from layer "
                 f"{net.numLayers}{process}")
    display("\n".join(lines))
