"""``pyneuro sim``: run a saved network on a data file (tramnmx → sim → postmnmx)."""

import sys

import click

from ..io.matfile import load_by_suffix
from ..io.text import read_data
from ..workflow import MinMaxScaling, predict
from ._json import emit, metrics
from ._output import constant_columns_note, metrics_table, plural, write_predictions
from ._process import held_signals
from .options import (STDIO, CONTEXT_SETTINGS, GroupedCommand, InputError, check_outputs,
                      data_source, debug_option, guard, option, skip_rows_option,
                      stdout_for_data, wrap_read_error, write_outputs)

EPILOG = """\b
Example:
  pyneuro train sample_data/Test.txt --save net.npz
  pyneuro sim net.npz sample_data/Check.txt -o pred.txt

Without -o (or with -o -) the predictions go to stdout (exactly the file -o would write) and
what was read and the metrics to stderr; with -o FILE those go to stdout. Warnings and notes
always go to stderr. DATA '-' is read from standard input. With --json stdout carries one
JSON document (schema pyneuro.sim/1, docs/cli_json.rst) and everything else goes to stderr.
"""

@click.command("sim", cls=GroupedCommand, context_settings=CONTEXT_SETTINGS, epilog=EPILOG,
               short_help="Predict with a saved network; metrics if DATA has targets.")
@click.argument("net_file", metavar="NET.npz", type=click.Path(dir_okay=False))
@click.argument("data_file", metavar="DATA", type=click.Path(dir_okay=False, allow_dash=True))
@skip_rows_option("Input", "DATA")
@option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), metavar="FILE",
        group="Output",
        help="Write the predictions here (the format of 'pyneuro train --predictions') "
        "instead of to stdout.")
@option("--json", "as_json", is_flag=True, group="Output",
        help="Print one JSON document on stdout (schema pyneuro.sim/1): the metrics, and the "
        "predictions unless -o is given; the report goes to stderr.")
@debug_option("Output")
def sim_command(net_file, data_file, skip_rows, output, as_json, debug):
    """Simulate the network saved in NET.npz (or NET.mat) on DATA, one sample per line.

    DATA holds the network's inputs, optionally followed by the target columns (told apart
    by the number of columns; the choice is reported). The inputs are normalised with the
    premnmx settings stored in the net file (tramnmx), the outputs mapped back to original
    units (postmnmx). With targets, MSE, RMSE, MAE, R, R2 and MAPE are reported too.
    """
    # With --json, '-o -' would share stdout with the document: refused.
    with guard(debug), stdout_for_data({"-o/--output": output} if as_json else {},
                                       as_json) as data:
        document = _run(net_file, data_file, skip_rows, output, as_json)
        if as_json:
            emit(data, "sim", document)


def _run(net_file, data_file, skip_rows, output, as_json=False):
    output = None if output == STDIO else output  # '-o -': standard output, as without -o
    check_outputs({"-o/--output": output}, inputs=(net_file, data_file))
    net, settings = load_by_suffix(net_file)
    scaling = MinMaxScaling.from_settings(settings, net_file, net)
    with wrap_read_error("data file"):
        data, _ = read_data(data_source(data_file), targets=0, skip_rows=skip_rows)
    n_inputs = net.inputs[0].size
    n_outputs = net.outputs[-1].size
    n_columns, n_samples = data.shape
    if n_columns == n_inputs:
        P, T = data, None
        note = f"{n_columns} columns = the network's {plural(n_inputs, 'input')}; no targets"
    elif n_columns == n_inputs + n_outputs:
        P, T = data[:n_inputs], data[n_inputs:]
        note = (f"{n_columns} columns = {plural(n_inputs, 'input')} + "
                f"{plural(n_outputs, 'target')}; comparing the predictions with the targets")
    else:
        raise InputError(
            f"{data_file} has {n_columns} columns, but the network in {net_file} has "
            f"{plural(n_inputs, 'input')} and {plural(n_outputs, 'output')}: expected "
            f"{n_inputs} columns (inputs only) or {n_inputs + n_outputs} (inputs, then "
            "targets). Is it the right file for this network?")
    # Without -o stdout carries the predictions only, so the report goes to stderr; with -o
    # the report is on stdout. Warnings and notes go to stderr either way.
    to_stderr = output is None
    click.echo(f"{data_file}: {plural(n_samples, 'sample')}, {note}.", err=to_stderr)
    if scaling.scales_inputs and scaling.scales_outputs:
        note = constant_columns_note(scaling, "in the training data")
        if note:
            click.echo(note, err=True)
    processing = {"inputs": net.inputs[0].processFcns, "outputs": net.outputs[-1].processFcns}
    for what, scaled in (("inputs", scaling.scales_inputs), ("outputs", scaling.scales_outputs)):
        if not scaled and not processing[what]:  # a net's own processFcns normalise
            click.echo(f"Note: {net_file} stores no premnmx settings for the {what}; they are "
                       "used as they are.", err=True)

    Y = predict(net, P, scaling)
    failure = None
    with held_signals() as held:  # an interruption waits until the file is complete
        if output is None and as_json:
            pass  # the predictions go into the JSON document
        elif output is None:
            write_predictions(sys.stdout, Y, net)
            sys.stdout.flush()  # before the metrics on stderr
        else:
            _, failure = write_outputs(
                [("-o/--output", output, lambda: write_predictions(output, Y, net))])
    if failure is not None:
        raise failure
    if T is not None:
        click.echo("Errors in original units (targets' units):", err=to_stderr)
        for line in metrics_table([("data", T, Y)]):
            click.echo(line, err=to_stderr)
    if output is not None:
        click.echo(f"Predictions: {output} ({plural(n_samples, 'line')})")
    if held.exit_code is not None:
        click.echo("Interrupted; the predictions were finished first.", err=True)
        raise click.exceptions.Exit(held.exit_code)
    return {"net_file": net_file, "data_file": data_file, "samples": n_samples,
            "inputs": n_inputs, "outputs": n_outputs, "has_targets": T is not None,
            "metrics": None if T is None else metrics(T, Y), "output_file": output,
            # one row per sample, as the predictions file; null when written to -o
            "predictions": Y.T if output is None else None}
