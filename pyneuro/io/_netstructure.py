"""The parts of a net file header that format version 2 added: connections, processing and
data division (the NNT 5.1+ networks of ``newff(P, T, S)``, ``feedforwardnet``,
``cascadeforwardnet``).

Header entries (in the ``network`` object): ``processed_inputs`` (the first layer's input
width), ``input_connect`` and ``layer_connect`` (lists of 0-based ``[i, j]`` pairs),
``weight_learn`` (``{"IW": [[i, j, learn], ...], "LW": [...]}``), ``inputs_processing`` and
``outputs_processing`` (``processFcns``, ``processParams``, ``processSettings`` as
``{"$settings": ...}``, ``processedRange``; the output's ``size`` and ``range`` too),
``divideParam`` and ``divideMode``. A version 1 file has none of them: it holds a classic
chain without processing, which :mod:`pyneuro.io.netfile` rebuilds with ``newff`` as before.
"""

import numpy as np

from ..errors import ParameterError
from ..network import Network, is_configured
from ._jsonvalues import decode, encode

__all__ = ["structure_header", "has_structure", "count_weights", "build", "restore"]


def _processing(record, where):
    return {
        "processFcns": [_name(f, where) for f in record.processFcns],
        "processParams": [encode(p.to_dict(), f"{where}.processParams", None, "net.")
                          for p in record.processParams],
        "processSettings": [encode(ps, f"{where}.processSettings", None, "net.")
                            for ps in record.processSettings],
        "processedRange": None if record._processed_range is None
        else encode(np.asarray(record._processed_range, dtype=float).tolist(),
                    f"{where}.processedRange", None, "net."),
    }


def _name(fcn, where):
    if isinstance(fcn, str):
        return fcn
    raise ParameterError(f"net.{where}.processFcns holds a function object; a net file stores "
                         "processing functions by name")


def structure_header(net):
    """The version 2 entries of ``net``'s header."""
    if not is_configured(net):
        raise ParameterError("save_net needs a configured network (input size "
                             f"{net.inputs[0].size}); call configure(net, P, T) or train it "
                             "first")
    inp, out = net.inputs[0], net.outputs[-1]
    output = _processing(out, "outputs[-1]")
    output["size"] = int(out.size)
    output["range"] = None if out.range is None else encode(
        np.asarray(out.range, dtype=float).tolist(), "outputs[-1].range", None, "net.")
    return {
        "processed_inputs": int(inp.processedSize),
        "input_connect": [list(k) for k in net.inputWeights.keys()],
        "layer_connect": [list(k) for k in net.layerWeights.keys()],
        "weight_learn": {
            "IW": [[i, j, bool(net.inputWeights[i, j].learn)] for i, j in net.inputWeights],
            "LW": [[i, j, bool(net.layerWeights[i, j].learn)] for i, j in net.layerWeights]},
        "inputs_processing": _processing(inp, "inputs[0]"),
        "outputs_processing": output,
        "divideParam": encode({k: v.tolist() if isinstance(v, np.ndarray) else v
                               for k, v in net.divideParam.to_dict().items()},
                              "divideParam", None, "net."),
        "divideMode": net.divideMode,
    }


def has_structure(spec):
    """Whether a header's network entry has the version 2 entries."""
    return "input_connect" in spec


def _pairs(value, what):
    if not isinstance(value, list) or not all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(k, int) and k >= 0
                                                        for k in p) for p in value):
        raise ValueError(f"{what} must be a list of [i, j] index pairs; got {value!r}")
    return [tuple(p) for p in value]


def count_weights(spec, sizes):
    """Number of weights and biases the version 2 architecture implies."""
    width = spec.get("processed_inputs")
    if not isinstance(width, int) or width < 0:
        raise ValueError(f"processed_inputs must be a whole number >= 0; got {width!r}")
    n = sum(sizes)
    for i, _ in _pairs(spec.get("input_connect"), "input_connect"):
        n += sizes[i] * width if i < len(sizes) else 0
    for i, j in _pairs(spec.get("layer_connect"), "layer_connect"):
        n += sizes[i] * sizes[j] if j < i < len(sizes) else 0
    return n


def build(spec, input_range, arrays, path):
    """The network of a version 2 header (weights not yet set)."""
    inp, out = spec["inputs_processing"], spec["outputs_processing"]
    net = Network(input_range, spec["layer_sizes"], spec["transfer_fcns"], spec["trainFcn"],
                  spec.get("performFcn", "mse"), spec.get("learnFcn", "learngdm"),
                  input_connect=_pairs(spec["input_connect"], "input_connect"),
                  layer_connect=_pairs(spec["layer_connect"], "layer_connect"),
                  output_size=out["size"])
    for record, stored in ((net.inputs[0], inp), (net.outputs[-1], out)):
        processed_range = decode(stored.get("processedRange"), arrays, path)
        record._init_processing(
            stored["processFcns"], decode(stored["processParams"], arrays, path),
            decode(stored["processSettings"], arrays, path),
            None if processed_range is None else np.array(processed_range, dtype=float))
    output_range = decode(out.get("range"), arrays, path)
    net.outputs[-1]._range = None if output_range is None else np.array(output_range,
                                                                         dtype=float)
    if net.outputs[-1].processedSize != net.layers[-1].size:
        raise ValueError(f"the output processing expects {net.outputs[-1].processedSize} rows "
                         f"but the output layer has {net.layers[-1].size}")
    if net.inputs[0].processedSize != spec["processed_inputs"]:
        raise ValueError(f"the input processing gives {net.inputs[0].processedSize} rows but "
                         f"the weights expect {spec['processed_inputs']}")
    return net


def restore(net, spec, arrays, path):
    """Set the version 2 fields that follow the weights: learn flags and division."""
    learns = spec.get("weight_learn", {})
    for kind, connections in (("IW", net.inputWeights), ("LW", net.layerWeights)):
        for i, j, learn in learns.get(kind, []):
            connections[i, j].learn = learn
    net.divideParam.update(decode(spec.get("divideParam", {}), arrays, path))
    net.divideMode = spec.get("divideMode", "sample")
