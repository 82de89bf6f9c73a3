"""``pyneuro info``: what a net file holds."""

import dataclasses
import math
import sys

import click
import numpy as np

from ..errors import NetFileError
from ..io.netfile import load_net, read_net_header
from ..workflow import MinMaxScaling
from ._output import network_summary, plural
from ._json import emit
from .options import CONTEXT_SETTINGS, GroupedCommand, debug_option, guard, option

EPILOG = """\b
Example:
  pyneuro train sample_data/Test.txt --save net.npz --epochs 200
  pyneuro info net.npz
  pyneuro info net.npz --json     # the same, as JSON (schema: docs/cli_json.rst)
"""

_KNOWN = tuple(f.name for f in dataclasses.fields(MinMaxScaling)) + ("training", "data")


@click.command("info", cls=GroupedCommand, context_settings=CONTEXT_SETTINGS, epilog=EPILOG,
               short_help="Show what a net file holds.")
@click.argument("net_file", metavar="NET.npz", type=click.Path(dir_okay=False))
@option("--json", "as_json", is_flag=True,
        help="Print one JSON document instead (schema pyneuro.info/1, see docs/cli_json.rst).")
@debug_option()
def info_command(net_file, as_json, debug):
    """Describe the network saved in NET.npz: architecture, functions, training parameters,
    how training went, and the normalisation settings."""
    with guard(debug):
        if as_json:
            emit(sys.stdout, "info", _document(net_file))
        else:
            for line in _describe(net_file):
                click.echo(line)


def _document(net_file):
    """What _describe prints, as a dict for --json."""
    header = read_net_header(net_file)
    net, settings = load_net(net_file)
    try:
        scaling = MinMaxScaling.from_settings(settings, net_file)
    except NetFileError:
        scaling = MinMaxScaling()
    layers = []
    for i, layer in enumerate(net.layers):
        weights = net.inputWeights[0, 0] if i == 0 else net.layerWeights[i, i - 1]
        layers.append({"size": layer.size, "transferFcn": layer.transferFcn,
                       "bias_learn": bool(net.biases[i].learn),
                       "weights_learn": bool(weights.learn)})
    normalisation = None
    if scaling.scales_inputs and scaling.scales_outputs:
        normalisation = {"minp": np.ravel(scaling.minp), "maxp": np.ravel(scaling.maxp),
                         "mint": np.ravel(scaling.mint), "maxt": np.ravel(scaling.maxt)}
    stored = {key: settings.get(key) if isinstance(settings.get(key), dict) else None
              for key in ("training", "data")}
    return {
        "file": net_file,
        "format_version": header["format_version"],
        "pyneuro_version": header.get("pyneuro_version"),
        "created": header.get("created"),
        "network": {"inputs": net.inputs[0].size, "input_range": np.asarray(net.inputs[0].range),
                    "layers": layers, "trainFcn": net.trainFcn, "performFcn": net.performFcn,
                    "learnFcn": net.learnFcn, "divideFcn": net.divideFcn,
                    "trainParam": net.trainParam.to_dict(),
                    "performParam": net.performParam.to_dict()},
        **stored,
        "normalisation": normalisation,
        "other_settings": sorted(set(settings) - set(_KNOWN)),
    }


def _value(v):
    if isinstance(v, float):
        return "inf" if v == math.inf else f"{v:g}"
    return "None" if v is None else str(v)


def _training_line(training):
    """How training went, from the stored summary; a damaged summary is said to be so (the
    network itself is still usable)."""
    fields = {"stop": str, "num_epochs": int, "best_epoch": int, "best_perf": (int, float),
              "time": (int, float)}
    if any(not isinstance(training.get(key), kind) or isinstance(training.get(key), bool)
           for key, kind in fields.items()):
        return "Training:    (the stored training summary is damaged; the network is not)"
    return (f"Training:    {training['stop']} {plural(training['num_epochs'], 'epoch')}, best "
            f"epoch {training['best_epoch']} ({training.get('performFcn', 'perf')} "
            f"{_value(float(training['best_perf']))}), {training['time']:.2f} s")


def _describe(net_file):
    header = read_net_header(net_file)
    net, settings = load_net(net_file)
    lines = [f"File:        {net_file}: pyneuro net file, format {header['format_version']}, "
             f"written by pyneuro {header.get('pyneuro_version', '?')} "
             f"on {header.get('created', '?')}",
             f"Network:     {network_summary(net)}"]
    lines.append(f"  inputs:    {net.inputs[0].size} (range in the network's units: "
                 + ", ".join(f"[{lo:g}, {hi:g}]" for lo, hi in net.inputs[0].range) + ")")
    for i, layer in enumerate(net.layers):
        # Python's (the library's) 0-based index; the role counts hidden layers from 1.
        role = "output layer" if i == net.numLayers - 1 else f"hidden layer {i + 1}"
        frozen = []
        if not net.biases[i].learn:
            frozen.append("bias")
        key = (0, 0) if i == 0 else (i, i - 1)
        weights = net.inputWeights if i == 0 else net.layerWeights
        if not weights[key].learn:
            frozen.append("weights")
        extra = f", frozen: {' and '.join(frozen)}" if frozen else ""
        lines.append(f"  {f'layers[{i}]:':<11}{plural(layer.size, 'neuron')}, "
                     f"{layer.transferFcn} ({role}){extra}")
    lines.append(f"Functions:   trainFcn {net.trainFcn}, performFcn {net.performFcn}, "
                 f"learnFcn {net.learnFcn}, divideFcn {net.divideFcn or '(none)'}")
    lines.append("trainParam:  " + ", ".join(f"{k}={_value(v)}"
                                             for k, v in net.trainParam.to_dict().items()))
    if len(net.performParam):
        lines.append("performParam: " + ", ".join(f"{k}={_value(v)}"
                                                 for k, v in net.performParam.to_dict().items()))
    if net.inputs[0].processFcns or net.outputs[-1].processFcns:
        lines.append(f"Processing:  inputs {', '.join(net.inputs[0].processFcns) or '(none)'}; "
                     f"outputs {', '.join(net.outputs[-1].processFcns) or '(none)'} "
                     "(sim applies them)")

    training = settings.get("training")
    if isinstance(training, dict):
        lines.append(_training_line(training))
        if all(isinstance(training.get(key), (list, np.ndarray))
               for key in ("trainInd", "valInd", "testInd")):
            lines.append(f"  divided:   {training.get('divideFcn', '?')}: "
                         f"{len(training['trainInd'])} training, {len(training['valInd'])} "
                         f"validation, {len(training['testInd'])} test samples")
    data = settings.get("data")
    if isinstance(data, dict):
        text = (f"Data:        trained on {data.get('train_file')} "
                f"({plural(data.get('samples', 0), 'sample')}, "
                f"{plural(data.get('inputs', 0), 'input')}, "
                f"{plural(data.get('targets', 0), 'target')})")
        if data.get("check_file"):
            text += f", checked on {data['check_file']}"
        if data.get("seed") is not None:
            text += f"; seed {data['seed']}"
        lines.append(text)

    # Half a pair: sim explains; info shows what there is below.
    scaling = MinMaxScaling.from_settings(settings, net_file, net, pairs_only=True)
    if scaling.scales_inputs and scaling.scales_outputs:
        lines.append("Normalisation (premnmx to [-1, 1]; sim applies tramnmx and postmnmx):")
        lines.append(f"  {'':<10}{'min':>14}{'max':>14}")
        for what, low, high in (("input", scaling.minp, scaling.maxp),
                                ("target", scaling.mint, scaling.maxt)):
            for k, (lo, hi) in enumerate(zip(np.ravel(low), np.ravel(high))):
                lines.append(f"  {what + ' ' + str(k + 1):<10}{lo:>14.6g}{hi:>14.6g}")
    else:
        lines.append("Normalisation: none stored (sim uses the data as it is"
                     + (", through the net's processing)" if net.inputs[0].processFcns
                        or net.outputs[-1].processFcns else ")"))
    others = sorted(set(settings) - set(_KNOWN))
    if others:
        lines.append("Other settings: " + ", ".join(others))
    return lines
