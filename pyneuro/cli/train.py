"""``pyneuro train``: the classic MATLAB workflow in one command.

read_data → premnmx → newff(minmax(pn), [hidden..., S], TFs, trainFcn) → train → sim →
postmnmx, then a report in original units and the files asked for.
"""

import math
import os
import sys

import click
import numpy as np

from ..errors import UnknownFunctionError
from ..io.matfile import saver_for
from ..io.netfile import training_summary
from ..io.text import read_data
from ..metrics import least_squares
from .._constructors import newff
from ..plotting import report_figure, report_page, require_matplotlib
from ..preprocessing import minmax, tramnmx
from ..training import USER_STOP, train
from ..transfer import TRANSFER_FUNCTIONS, get_transfer
from ..workflow import MinMaxScaling, predict
from ._json import emit, train_document
from ._output import (architecture, constant_columns_note, metrics_table, network_summary,
                      plural, transfer_names, write_predictions)
from . import _split
from ._limits import check_size, check_spread
from ._progress import Progress
from ._restarts import train_restarts
from ._process import held_signals
from ._train_options import (CLASSIC_TRAIN_FCN, DEFAULT_TRAIN_FCN, DEFAULT_VAL_RATIO,
                             train_fcn_type, train_param, training_function, training_options)
from .options import (CONTEXT_SETTINGS, GroupedCommand, InputError, LayerSizes, NameList,
                      check_outputs, check_stdin_once, data_source, debug_option,
                      finished_first, guard, option, option_error, output_target,
                      skip_rows_option, stdout_for_data, wrap_read_error, write_outputs)

INPUT, NETWORK, TRAINING, OUTPUT = "Input", "Network", "Training", "Output"

EPILOG = """\b
Example (the Auto MPG sample data: 7 inputs, miles per gallon as the target):
  pyneuro train sample_data/Test.txt --check sample_data/Check.txt \\
      --save net.npz --predictions pred.txt --plot report.png

\b
--plot needs matplotlib, from the plot extra:
  pip install 'pyneuro-nnt[plot]'

Ctrl-C stops training early: the best network so far is kept, the report is printed, every
file asked for is still written, and the exit status is 0 (training stopped for "User stop.").
A Ctrl-C or SIGTERM while the files are written waits until they are complete (exit 130/143).
Exit status 2 means bad usage or input (the message says what and where), 1 any other failure
(a file that cannot be written: the message says which were written).
"""


@click.command("train", cls=GroupedCommand, context_settings=CONTEXT_SETTINGS, epilog=EPILOG,
               short_help="Train a network on a text file; report, save, predict.")
@click.argument("train_file", metavar="TRAIN", type=click.Path(dir_okay=False, allow_dash=True))
@option("--check", "check_file", metavar="CHECK", type=click.Path(dir_okay=False, allow_dash=True),
        group=INPUT, help="Check (test) file with the same columns: metrics and predictions for "
        "it ('-': standard input).")
@option("--targets", type=click.IntRange(min=1), default=1, show_default=True, metavar="N",
        group=INPUT, help="Number of target columns at the end of each line.")
@skip_rows_option(INPUT)
@option("--hidden", multiple=True, type=LayerSizes(), default=["10"], show_default="10",
        group=NETWORK, help="Hidden layer sizes: repeat the option or separate with commas "
        "(--hidden 10,5: two hidden layers).")
@option("--transfer", type=NameList(TRANSFER_FUNCTIONS), default=None, group=NETWORK,
        show_default="tansig for hidden layers, purelin for the output",
        help="Transfer function of every layer, output included, comma-separated; one of: "
        + ", ".join(sorted(TRANSFER_FUNCTIONS)) + ".")
@option("--seed", type=click.IntRange(0, 2**32 - 1), default=0, show_default=True, metavar="N",
        group=NETWORK, help="Seed of the initial weights (0 is MATLAB's rng default, 5489); "
        "the same seed gives the same result.")
@option("--restarts", type=click.IntRange(min=1), default=1, show_default=True, metavar="N",
        group=NETWORK, help="Train N networks (seeds seed..seed+N-1) on 4 of every 5 training "
        "samples, stop each on the 5th (validation) and keep the best by it; reports the "
        "spread of the check errors.")
@option("--train-fcn", default=None, show_default=DEFAULT_TRAIN_FCN, group=TRAINING,
        type=train_fcn_type(),
        help="Training function. With --val-ratio 0, trainlm "
        "needs only tens of epochs (--epochs 20); more overfit.")
@option("--classic", is_flag=True, group=TRAINING,
        help=f"The classic MATLAB script's run: {CLASSIC_TRAIN_FCN} on all of TRAIN (no "
        "validation set), epochs 2000, goal 0.001, lr 0.05 (check RMSE 3.06 mpg on the sample "
        "data).")
@training_options(TRAINING, "Set any trainParam field of the training function, e.g. --param "
                  "time=60 (seconds), --param min_grad=1e-6. Repeatable.")
@option("--val-ratio", type=float, default=None, metavar="X", group=TRAINING,
        show_default=f"{DEFAULT_VAL_RATIO:g}; 0 with --classic",
        help="Fraction of TRAIN's samples drawn at random (dividerand) for validation: "
        "training stops once their error has been above its best for 6 epochs (validation "
        "stop) and keeps the best network for them.")
@option("--test-ratio", type=float, default=0.0, show_default=True, metavar="X", group=TRAINING,
        help="Fraction of TRAIN's samples held out as a test set (reported, never trained on).")
@option("--show", type=click.IntRange(min=1), default=None, metavar="N", group=TRAINING,
        show_default="no lines",
        help="Print MATLAB's progress line (TRAINGDM, Epoch 25/1000, MSE ...) every N epochs.")
@option("--save", type=click.Path(dir_okay=False, allow_dash=True), metavar="NET.npz",
        group=OUTPUT, help="Save the network with its normalisation settings (for pyneuro sim "
        "/ info); a name ending in .mat writes a MATLAB MAT-file (pyneuro sim and MATLAB read "
        "it). '-': standard output (the report then goes to stderr).")
@option("--predictions", type=click.Path(dir_okay=False, allow_dash=True), metavar="FILE",
        group=OUTPUT, help="Write the predictions (original units, full precision; '-': "
        "standard output, the report then goes to stderr) for the check file, "
        "or the training file without --check, one line per sample.")
@option("--plot", type=click.Path(dir_okay=False), metavar="FILE.png", group=OUTPUT,
        help="Write a report page: performance per epoch (the check file as the test set), "
        "training state, error histogram, outputs vs targets per set (needs matplotlib, see "
        "below). .pdf and .svg work too.")
@option("--json", "as_json", is_flag=True, group=OUTPUT,
        help="Print one JSON document on stdout (metrics, stop reason, split, files; schema "
        "pyneuro.train/1, docs/cli_json.rst); the report goes to stderr.")
@option("--quiet", "-q", is_flag=True, group=OUTPUT,
        help="No progress bar (it is only drawn when stderr is a terminal).")
@debug_option(OUTPUT)
def train_command(train_file, check_file, targets, skip_rows, hidden, transfer, seed, restarts,
                  train_fcn, classic, epochs, goal, lr, mc, min_grad, val_ratio, test_ratio,
                  params, show, save, predictions, plot, as_json, quiet, debug):
    """Train a feed-forward network on TRAIN ('-': standard input), a text file with one
    sample per line: the inputs, then the target column(s).

    The MATLAB workflow: premnmx on inputs and targets, newff(minmax(pn), [hidden..., targets],
    transfer functions, training function), train, then sim and postmnmx. Prints what was
    read, the network, why training stopped, and MSE, RMSE, MAE, R, R2 (and MAPE) in the
    targets' units for the training and check files.

    By default it trains with trainbr (Bayesian regularisation) and stops on a validation set
    of 20% of the training samples (--val-ratio), which holds up on small noisy data sets too;
    the linear least-squares baseline is printed beside the net's errors. --classic gives the
    classic script's run (traingdm on all samples, epochs 2000, goal 0.001, lr 0.05; MATLAB's
    own trainParam defaults are --epochs 1000 --goal 0 --lr 0.01).
    """
    named = {"--epochs": epochs, "--goal": goal, "--lr": lr, "--mc": mc, "--min-grad": min_grad}
    with guard(debug), stdout_for_data({"--save": save, "--predictions": predictions},
                                       as_json) as data:
        if classic and (train_fcn is not None or val_ratio):
            raise option_error("--classic", "it sets the training function (traingdm) and no "
                               "validation set; leave out --train-fcn and --val-ratio, or "
                               "--classic.")
        train_fcn = train_fcn or (CLASSIC_TRAIN_FCN if classic else DEFAULT_TRAIN_FCN)
        if val_ratio is None:
            # Restarts validate on every 5th training sample of their own.
            val_ratio = 0.0 if classic or restarts > 1 else DEFAULT_VAL_RATIO
        document = _run(train_file, check_file, targets, skip_rows,
                        [s for group in hidden for s in group], transfer, seed, train_fcn, named,
                        params, show, save, predictions, plot, quiet, (val_ratio, test_ratio),
                        restarts, data)
        if as_json:
            emit(data, "train", document)


# -- steps ---------------------------------------------------------------------------------------


def _layers(hidden, transfer, n_targets):
    sizes = list(hidden) + [n_targets]
    if transfer is None:
        transfer = ["tansig"] * len(hidden) + ["purelin"]
    elif len(transfer) != len(sizes):
        raise option_error(
            "--transfer",
            f"{len(transfer)} name(s) given for {len(sizes)} layers ({len(hidden)} hidden + "
            f"output); give one transfer function per layer, e.g. "
            + ",".join(["tansig"] * len(hidden) + ["purelin"]) + ".")
    for name in transfer:
        try:
            get_transfer(name)
        except UnknownFunctionError as exc:
            raise option_error("--transfer", str(exc)) from None
    return sizes, transfer


def _read(path, skip_rows, role, finite=False):
    """All columns of a data file, one row per column (read_data with targets=0)."""
    with wrap_read_error(role):
        return read_data(data_source(path), targets=0, skip_rows=skip_rows, finite=finite)[0]


def _check_plot(plot):
    if plot is None:
        return
    if os.path.splitext(plot)[1].lower() not in (".png", ".pdf", ".svg"):
        raise option_error("--plot", f"{plot}: give the figure file a .png, .pdf or .svg "
                           "extension.")
    require_matplotlib()


def _read_files(train_file, check_file, targets, skip_rows):
    """``(P, T, Pc, Tc)``, the check pair None without a check file; reports what was read.

    The training data must be complete (premnmx and train cannot use NaN or Inf); the check
    file may hold NaN, whose samples are left out of its metrics.
    """
    data = _read(train_file, skip_rows, "training file", finite=True)
    check_spread(data, train_file, "training file")
    n_columns, n_samples = data.shape
    if targets >= n_columns:
        fix = (f"give 1 to {n_columns - 1}" if n_columns > 1
               else "a data line holds the inputs, then the target(s)")
        raise option_error("--targets", f"{targets}, but {train_file} has "
                           f"{plural(n_columns, 'column')} and at least one must remain for the "
                           f"inputs; {fix}.")
    P, T = data[:n_columns - targets], data[n_columns - targets:]
    click.echo(f"Training data: {train_file}: {plural(n_samples, 'sample')}, "
               f"{plural(P.shape[0], 'input')}, {plural(targets, 'target')}")
    Pc = Tc = None
    if check_file is not None:
        check = _read(check_file, skip_rows, "check file")
        if check.shape[0] != n_columns:
            raise InputError(
                f"the check file {check_file} has {check.shape[0]} columns but the training "
                f"file {train_file} has {n_columns}; both must hold the same inputs and targets "
                "in the same order.")
        Pc, Tc = check[:n_columns - targets], check[n_columns - targets:]
        click.echo(f"Check data:    {check_file}: {plural(Pc.shape[1], 'sample')}")
    return P, T, Pc, Tc


def _train(net, pn, tn, quiet, watch, test=None):
    """train() with the progress bar, MATLAB's lines (if --show) and Ctrl-C as "User stop.";
    ``watch(info)`` sees every epoch too; `test` is train's TV (recorded, never trained on)."""
    epochs = net.trainParam.epochs
    limit = (f"for up to {plural(epochs, 'epoch')}" if math.isfinite(epochs)
             else "with no epoch limit")
    click.echo(f"Training {net.trainFcn} {limit} on data scaled to [-1, 1] (Ctrl-C stops early "
               "and keeps the best network) ...")
    progress = Progress(net.trainFcn, net.performFcn,
                        enabled=not quiet and _stderr_is_terminal())
    with progress:
        net, tr = train(net, pn, tn, TV=test, callback=lambda info: watch(info) or progress(info),
                        display=progress.echo, interrupt="stop")
    click.echo(f"Stopped:       {tr.stop} {plural(tr.num_epochs, 'epoch')} in "
               f"{tr.time[-1]:.2f} s; best epoch {tr.best_epoch}, {tr.performFcn} "
               f"{tr.best_perf:.5g}"
               + (f", validation {tr.best_vperf:.5g}" if len(tr.valInd) else "")
               + " (normalised targets)")
    return net, tr


def _run(train_file, check_file, targets, skip_rows, hidden, transfer, seed, train_fcn, named,
         params, show, save, predictions, plot, quiet, ratios=(0.0, 0.0), restarts=1,
         data=None):
    # Everything that can be wrong is checked before training, which may take minutes.
    check_stdin_once(TRAIN=train_file, **{"--check": check_file})
    fcn = training_function(train_fcn)
    ratios = _split.check_ratios(*ratios)
    if restarts > 1 and any(ratios):
        raise option_error("--restarts", "give either --restarts (which validates on every 5th "
                           "training sample) or --val-ratio/--test-ratio, not both.")
    param_values = train_param(fcn, named, params, show,
                                validating=ratios[0] > 0 or restarts > 1)
    sizes, transfer = _layers(hidden, transfer, targets)
    _check_plot(plot)
    check_outputs({"--save": save, "--predictions": predictions, "--plot": plot},
                  inputs=(train_file, check_file))
    P, T, Pc, Tc = _read_files(train_file, check_file, targets, skip_rows)

    check_size(sizes, P.shape[0], P.shape[1], fcn.name)
    scaling, pn, tn = MinMaxScaling.fit(P, T)
    test = None
    note = constant_columns_note(scaling, f"in {train_file}")
    if note:
        click.echo(note, err=True)
    # Ctrl-C or SIGTERM stops training ("User stop."); once it has stopped, they wait until
    # the files are written (net file first), and only then does the report go to stdout,
    # whose reader may be gone (| head). One handler throughout leaves no gap between the two.
    with held_signals() as held:
        held.armed = True
        if restarts > 1:
            net, tr, scaling = train_restarts(P, T, Pc, Tc, sizes, transfer, fcn.name,
                                              param_values, seed, restarts)
        else:
            net = newff(minmax(pn), sizes, transfer, fcn.name, rng=seed)
            net.trainParam.update(param_values)
            _split.set_division(net, *ratios, seed)
            click.echo(f"Network:       {network_summary(net)} (seed {seed})")
            # --plot draws the check file as MATLAB's test set (TV): its performance is
            # recorded every epoch, which never changes training. Only when it is complete and
            # the training file is not divided (TV replaces the division).
            if plot is not None and Pc is not None and not net.divideFcn \
                    and np.isfinite(Pc).all() and np.isfinite(Tc).all():
                test = {"P": scaling.inputs(Pc), "T": tramnmx(Tc, scaling.mint, scaling.maxt)}
            net, tr = _train(net, pn, tn, quiet, held.watch, test)
        held.armed = False
        Y = predict(net, P, scaling)
        rows = [("training", T, Y)]
        if net.divideFcn:
            rows = _split.set_rows(T, Y, tr)
        if check_file is not None:
            rows.append(("check", Tc, predict(net, Pc, scaling)))
        # Predictions and plot are for the check file, or the whole training file without one.
        label, T_out, Y_out = rows[-1] if check_file is not None else ("training", T, Y)
        outputs = []
        recorded = {"train_file": train_file, "check_file": check_file, "samples": P.shape[1],
                    "inputs": P.shape[0], "targets": targets, "skip_rows": skip_rows,
                    "seed": seed, "val_ratio": ratios[0], "test_ratio": ratios[1]}
        if save is not None:
            outputs.append(("--save", save, lambda: saver_for(save)(
                output_target(save, data, binary=True), net, **scaling.settings(),
                training=training_summary(tr), data=recorded)))
        if predictions is not None:
            outputs.append(("--predictions", predictions,
                            lambda: write_predictions(output_target(predictions, data),
                                                      Y_out, net)))
        if plot is not None:
            outputs.append(("--plot", plot, lambda: _plot(plot, tr, rows, (label, T_out, Y_out),
                                                          net, (train_file, check_file),
                                                          test is not None)))
        written, failure = write_outputs(outputs)

    if net.divideFcn:
        click.echo(_split.division_line(tr))
    # The linear least-squares fit to the training file: does the net earn its keep?
    baseline = [("lsq training", T, least_squares(P, T, P))]
    if check_file is not None:
        baseline.append(("lsq check", Tc, least_squares(P, T, Pc)))
    click.echo("")
    click.echo("Errors in original units (targets' units):")
    for line in metrics_table(rows + baseline):
        click.echo(line)
    click.echo("  lsq: linear least squares fitted to the training file, the baseline to beat.")

    descriptions = {"--save": f"Saved network: {save}",
                    "--predictions": f"Predictions:   {predictions} "
                                     f"({plural(Y_out.shape[1], 'line')}, for "
                                     f"{check_file or train_file})",
                    "--plot": f"Plot:          {plot}"}
    if written:
        click.echo("")
        for item in written:
            click.echo(descriptions[item.split(" ", 1)[0]])
    if tr.stop == USER_STOP:
        click.echo(f"Training was stopped with Ctrl-C after {plural(tr.num_epochs, 'epoch')}; the "
                   "results and files are for the best network so far.")
    if failure is not None:
        raise failure
    if held.held:
        click.echo(finished_first(written), err=True)
    elif held.exit_code is not None:
        click.echo("Training was stopped by SIGTERM; the files were written first.", err=True)
    if held.exit_code is not None:
        raise click.exceptions.Exit(held.exit_code)
    return train_document(net, tr, rows, {"save": save, "predictions": predictions,
                                          "plot": plot}, recorded)


def _plot(path, tr, rows, main_set, net, names, check_is_test):
    """Every plot on one report page; the check file is the "Test" set when it was train's
    test data (`check_is_test`), else "Check".

    With several targets one regression panel per target of `main_set` (the check file's, or
    the training file's) instead, since pooling targets of different units misleads.
    """
    files = " / ".join(os.path.basename(name) for name in names if name)
    perf_label = f"{net.performFcn} (targets scaled to [-1, 1])"
    title = f"{files}:  {architecture(net)} {transfer_names(net)}, {net.trainFcn};  {tr.stop}"
    if net.layers[-1].size > 1:
        label, T, Y = main_set
        report_figure(tr, T, Y, path, data_label=label.capitalize(), perf_label=perf_label,
                      title=title)
        return
    check = "Test" if check_is_test else "Check"
    sets = [(check if label == "check" else label.capitalize(), T, Y) for label, T, Y in rows]
    report_page(tr, sets, path, perf_label=perf_label, title=title)


def _stderr_is_terminal():
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False
