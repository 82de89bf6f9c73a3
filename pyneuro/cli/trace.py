"""``pyneuro trace``: one back-propagation step, neuron by neuron (the derivation view)."""

import json

import click

from ..io.netfile import load_net
from ..io.text import read_data
from ..trace import MAX_STEPS, example, trace
from ..workflow import MinMaxScaling
from ._output import plural
from .options import (CONTEXT_SETTINGS, GroupedCommand, InputError, debug_option, guard, option,
                      skip_rows_option, wrap_read_error)

EPILOG = """\b
Examples:
  pyneuro trace --example                 the textbook's 2-2-2 network, one step
  pyneuro trace --example --steps 10000   ... and the error after 10000 steps
  pyneuro train sample_data/Test.txt --save net.npz
  pyneuro trace net.npz sample_data/Test.txt --sample 3 --format markdown

The error is the textbook's E = 1/2 sum (t - out)^2 (MATLAB's sse/2) and the step
w+ = w - lr*dE/dw. Without --lr the step is the net's own first training step on that
sample: lr = 2*trainParam.lr/S on mse (S outputs), 2*trainParam.lr on sse.
"""

@click.command("trace", cls=GroupedCommand, context_settings=CONTEXT_SETTINGS, epilog=EPILOG,
               short_help="Show one back-propagation step, neuron by neuron.")
@click.argument("net_file", metavar="[NET.npz", required=False,
                type=click.Path(dir_okay=False))
@click.argument("data_file", metavar="DATA]", required=False, type=click.Path(dir_okay=False))
@option("--example", "use_example", is_flag=True, group="Input",
        help="Trace the classic textbook example (2-2-2 logsig network, inputs 0.05 and 0.10, "
        "targets 0.01 and 0.99, lr 0.5) instead of a saved network.")
@option("--sample", type=click.IntRange(min=1), default=1, show_default=True, metavar="K",
        group="Input", help="Trace the K-th sample (data line) of DATA, counting from 1.")
@skip_rows_option("Input", "DATA")
@option("--lr", type=click.FloatRange(min=0, min_open=True), default=None, metavar="ETA",
        group="Step", help="Learning rate of w+ = w - ETA*dE/dw [default: the net's own "
        "first training step; 0.5 with --example].")
@option("--steps", type=click.IntRange(min=1, max=MAX_STEPS), default=1, show_default=True,
        metavar="N", group="Step", help="Also report the error after N steps of the same descent.")
@option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
        show_default=True, group="Output", help="Plain text, Markdown tables, or JSON with "
        "every figure at full precision.")
@option("--full", is_flag=True, group="Output",
        help="List every neuron and weight even of a net with more than 100 weights "
        "(otherwise summarised per layer).")
@debug_option("Output")
def trace_command(net_file, data_file, use_example, sample, skip_rows, lr, steps, fmt, full, debug):
    """Show one step of back-propagation on one sample, as a textbook derives it: each
    neuron's net input and output, the total error, each neuron's delta, each weight's
    gradient dE/dw and its updated value.

    NET.npz is a network saved by 'pyneuro train --save'; DATA a text file with its inputs
    and targets, one sample per line. The premnmx settings stored with the net are applied
    to the sample first, as training saw it.
    """
    with guard(debug):
        if use_example:
            if net_file is not None:
                raise click.UsageError("--example traces the built-in network; give no NET.npz "
                                       "or DATA with it.")
            tr, source = _example(lr, steps), "the textbook example (--example)"
        else:
            if data_file is None:
                raise click.UsageError("give a net file and a data file (pyneuro trace NET.npz "
                                       "DATA), or --example.")
            tr, source = _from_files(net_file, data_file, sample, skip_rows, lr, steps)
        _show(tr, source, fmt, full)


def _example(lr, steps):
    net, p, t, textbook_lr = example()
    return trace(net, p, t, textbook_lr if lr is None else lr, steps=steps)


def _from_files(net_file, data_file, sample, skip_rows, lr, steps):
    net, settings = load_net(net_file)
    n_inputs, n_outputs = net.inputs[0].size, net.layers[-1].size
    with wrap_read_error("data file"):
        data, _ = read_data(data_file, targets=0, skip_rows=skip_rows)
    n_columns, n_samples = data.shape
    if n_columns != n_inputs + n_outputs:
        raise InputError(
            f"{data_file} has {n_columns} columns, but a trace of the network in {net_file} "
            f"needs {n_inputs + n_outputs}: its {plural(n_inputs, 'input')}, then its "
            f"{plural(n_outputs, 'target')}. Is it the right file for this network?")
    if sample > n_samples:
        raise click.BadParameter(f"{data_file} has {plural(n_samples, 'sample')}; choose K from "
                                 f"1 to {n_samples}.", param_hint=["--sample"])
    column = data[:, sample - 1:sample]
    scaling = MinMaxScaling.from_settings(settings, net_file)
    tr = trace(net, column[:n_inputs], column[n_inputs:], lr, steps=steps, scaling=scaling)
    stored = " and ".join(what for what, done in (("inputs", scaling.scales_inputs),
                                                  ("targets", scaling.scales_outputs)) if done)
    source = (f"{net_file} on sample {sample} of {n_samples} in {data_file}"
              + (f"; {stored} normalised with the premnmx settings stored in {net_file}"
                 if stored else f"; {net_file} stores no premnmx settings, values used as "
                 "they are"))
    return tr, source


def _show(tr, source, fmt, full):
    if fmt == "json":
        click.echo(json.dumps({"source": source, **tr.to_dict()}, indent=1, ensure_ascii=False))
    elif fmt == "markdown":
        click.echo(f"Trace of {source}.\n")
        click.echo(tr.to_markdown(full))
    else:
        click.echo(f"Trace of {source}.")
        click.echo(tr.to_text(full))
