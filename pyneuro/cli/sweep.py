"""``pyneuro sweep``: a grid of trainings on one data file (hidden sizes × training functions
× restarts × folds of cross-validation), in this process, on local processes (``--jobs``) or
on a dask cluster (``--scheduler``), through :func:`pyneuro.sweep.sweep`.
"""

import concurrent.futures
import contextlib
import math
import signal
import statistics
import sys

import click

from ..io.netfile import save_net
from ..sweep import connect, sweep
from ._output import plural
from ._process import Terminated, held_signals
from ._progress import Progress
from .options import (CONTEXT_SETTINGS, GroupedCommand, LayerSizes, NameList,
                      check_outputs, debug_option, finished_first, guard, option,
                      option_error, skip_rows_option, write_outputs)
from ._train_options import (AVAILABLE_TRAINING, DEFAULT_TRAIN_FCN, train_param,
                             training_function, training_options)
from .train import _read_files, _stderr_is_terminal

__all__ = ["sweep_command"]

INPUT, GRID, TRAINING, RUN, OUTPUT = "Input", "Grid", "Training", "Running", "Output"

EPILOG = """\b
Example (the Auto MPG sample data):
  pyneuro sweep sample_data/Test.txt --check sample_data/Check.txt \\
      --hidden 5,10,20 --train-fcn trainlm,traingdm --epochs 50 \\
      --restarts 5 --folds 5 --jobs 2 --json > sweep.json

\b
On a dask cluster (pip install 'pyneuro-nnt[distributed]'):
  dask scheduler                      # on one machine: prints tcp://HOST:8786
  dask worker tcp://HOST:8786         # on each machine that computes
  pyneuro sweep DATA ... --scheduler tcp://HOST:8786

The table does not depend on where the runs ran: every run's seed is fixed before any starts.
"""


class RunsProgress(Progress):
    """The progress line of a sweep: runs done of all, drawn as tasks finish."""

    def __init__(self, total, enabled):
        super().__init__("sweep", "runs", enabled)
        self.total = total
        self.done = 0

    def __call__(self, done, total):
        self.done, self._info = done, (done, total)
        if self.enabled and (self.clock() - self._last_draw >= self.interval or done == total):
            self._last_draw = self.clock()
            self._draw(self._last_draw)
        return False

    def text(self, now=None):
        if self._info is None:
            return ""
        minutes, seconds = divmod(int((self.clock() if now is None else now) - self._start), 60)
        filled = int(round(20 * self.done / self.total))
        return (f"sweep  [{'#' * filled}{'.' * (20 - filled)}]  {self.done}/{self.total} runs  "
                f"{minutes}:{seconds:02d}")


@click.command("sweep", cls=GroupedCommand, context_settings=CONTEXT_SETTINGS, epilog=EPILOG,
               short_help="Train a grid of networks (sizes, functions, restarts, folds).")
@click.argument("data_file", metavar="DATA", type=click.Path(dir_okay=False))
@option("--check", "check_file", metavar="CHECK", type=click.Path(dir_okay=False), group=INPUT,
        help="Test file with the same columns: its errors are reported for every run (never "
        "used to train or to choose).")
@option("--targets", type=click.IntRange(min=1), default=1, show_default=True, metavar="N",
        group=INPUT, help="Number of target columns at the end of each line.")
@skip_rows_option(INPUT)
@option("--hidden", multiple=True, type=LayerSizes(), default=["10"], show_default="10",
        group=GRID, help="Hidden layer sizes to try, one hidden layer each: --hidden 5,10,20.")
@option("--train-fcn", "train_fcns", type=NameList(AVAILABLE_TRAINING),
        default=[DEFAULT_TRAIN_FCN], show_default=DEFAULT_TRAIN_FCN, metavar="NAME[,NAME...]",
        group=GRID, help="Training functions to try, comma-separated; any of: "
        + ", ".join(AVAILABLE_TRAINING) + ".")
@option("--restarts", type=click.IntRange(min=1), default=1, show_default=True, metavar="N",
        group=GRID, help="Initial weights per setting: restart r uses seed + r.")
@option("--folds", type=click.IntRange(min=1), default=1, show_default=True, metavar="K",
        group=GRID, help="K-fold cross-validation: sample q validates in fold q mod K (early "
        "stopping, and the choice of the best net); 1 trains on every sample.")
@option("--seed", type=click.IntRange(0, 2**32 - 1), default=0, show_default=True, metavar="N",
        group=GRID, help="Seed of the first restart's initial weights.")
@training_options(TRAINING, "Set any trainParam field, e.g. --param mu_max=1e8. "
                  "Repeatable.")
@option("--jobs", type=click.IntRange(min=1), default=1, show_default=True, metavar="N",
        group=RUN, help="Worker processes on this machine.")
@option("--scheduler", metavar="ADDRESS", group=RUN,
        help="Run on the dask cluster of this scheduler (tcp://HOST:8786) instead.")
@option("--json", "as_json", is_flag=True, group=OUTPUT,
        help="Print the table as JSON on stdout ({\"columns\", \"best\", \"stopped\", "
        "\"runs\": [...]}); "
        "the other lines go to stderr.")
@option("--csv", "csv_file", type=click.Path(dir_okay=False), metavar="FILE", group=OUTPUT,
        help="Write the table as CSV.")
@option("--save", type=click.Path(dir_okay=False), metavar="NET.npz", group=OUTPUT,
        help="Save the best network (lowest validation error; training error without folds).")
@option("--quiet", "-q", is_flag=True, group=OUTPUT, help="No progress bar.")
@debug_option(OUTPUT)
def sweep_command(data_file, check_file, targets, skip_rows, hidden, train_fcns, restarts, folds,
                  seed, epochs, goal, lr, mc, min_grad, params, jobs, scheduler, as_json,
                  csv_file, save, quiet, debug):
    """Train every combination of hidden size, training function, restart and fold on DATA,
    and print one line per run: why it stopped and its errors (RMSE in the targets' units) on
    the training, validation and check samples; then the best run.

    Each run is the workflow of pyneuro train (premnmx on its training samples, newff, train,
    sim, postmnmx), from the same starting settings and with the same training options.

    Ctrl-C stops the sweep early: the runs that finished make the table, the best run and the
    files. A Ctrl-C or SIGTERM while the files are written waits until they are complete.
    """
    named = {"--epochs": epochs, "--goal": goal, "--lr": lr, "--mc": mc, "--min-grad": min_grad}
    say = (lambda line="": click.echo(line, err=True)) if as_json else click.echo
    with guard(debug):
        if jobs > 1 and scheduler:
            raise option_error("--scheduler", "give either --jobs (processes on this machine) "
                               "or --scheduler (a dask cluster), not both.")
        fcns = []
        for name in train_fcns:
            fcn = training_function(name)
            fcns.append((fcn.name, train_param(fcn, named, params, None, validating=folds > 1)))
        sizes = [s for group in hidden for s in group]
        check_outputs({"--csv": csv_file, "--save": save}, inputs=(data_file, check_file))
        with _echo_to(say):
            P, T, Pc, Tc = _read_files(data_file, check_file, targets, skip_rows)
        total = len(sizes) * len(fcns) * restarts * folds
        say(f"Sweep: {plural(len(sizes), 'hidden size')} x {plural(len(fcns), 'function')} x "
            f"{plural(restarts, 'restart')} x {plural(folds, 'fold')} = {plural(total, 'run')}"
            f", on {_where(jobs, scheduler)}")
        progress = RunsProgress(total, enabled=not quiet and _stderr_is_terminal())
        # Ctrl-C or SIGTERM stops the sweep and keeps the runs that finished; once it has
        # stopped, they wait until the files are written (as in pyneuro train).
        with held_signals() as held:
            held.armed = True
            with _executor(jobs, scheduler) as executor, progress, _no_run_finished(held):
                result = sweep(P, T, check=None if Pc is None else (Pc, Tc), hidden=sizes,
                               train_fcns=fcns, restarts=restarts, folds=folds, seed=seed,
                               executor=executor, progress=progress, interrupt="stop")
            held.armed = False
            if as_json:
                click.echo(result.to_json(), nl=False)
            else:
                for line in table(result.rows, Pc is not None):
                    say(line)
            say("")
            for line in summary(result, folds > 1):
                say(line)
            written, failure = _write_files(result, save, csv_file, {
                "train_file": data_file, "check_file": check_file, "samples": P.shape[1],
                "inputs": P.shape[0], "targets": targets, "skip_rows": skip_rows})
        descriptions = {"--save": f"Saved best network: {save}",
                        "--csv": f"Table:      {csv_file} (CSV)"}
        for item in written:
            say(descriptions[item.split(" ", 1)[0]])
        if result.stopped:
            how = "by SIGTERM" if held.stopped_by == signal.SIGTERM else "with Ctrl-C"
            say(f"The sweep was stopped {how} after {plural(len(result.rows), 'run')} of "
                f"{total}; the table, the best run and the files are for those.")
        if failure is not None:
            raise failure
        if held.held:
            click.echo(finished_first(written), err=True)
        elif held.exit_code is not None:
            click.echo("The sweep was stopped by SIGTERM; the files were written first.",
                       err=True)
        if held.exit_code is not None:
            raise click.exceptions.Exit(held.exit_code)


def _write_files(result, save, csv_file, recorded):
    """The best net first (it is what the sweep's time bought), then the table; one that
    fails does not stop the other. Returns ``write_outputs``'s ``(written, failure)``."""
    best = result.rows[result.best]
    recorded = dict(recorded, seed=best["seed"], fold=best["fold"], run=best["run"])
    outputs = []
    if save is not None:
        outputs.append(("--save", save, lambda: save_net(
            save, result.net, **result.scaling.settings(), data=recorded)))
    if csv_file is not None:
        outputs.append(("--csv", csv_file, lambda: result.to_csv(csv_file)))
    return write_outputs(outputs)


@contextlib.contextmanager
def _no_run_finished(held):
    """A stop before any run finished leaves nothing to keep: the command ends as an
    interruption, with SIGTERM's status if SIGTERM stopped it."""
    try:
        yield
    except KeyboardInterrupt:
        if held.stopped_by == signal.SIGTERM:
            raise Terminated() from None
        raise


def _where(jobs, scheduler):
    if scheduler:
        return f"the dask cluster at {scheduler}"
    return f"{jobs} local processes" if jobs > 1 else "this process"


@contextlib.contextmanager
def _executor(jobs, scheduler):
    if scheduler:
        client = connect(scheduler)
        try:
            yield client
        finally:
            client.close()
    elif jobs > 1:
        with concurrent.futures.ProcessPoolExecutor(max_workers=jobs) as pool:
            yield pool
    else:
        yield None


@contextlib.contextmanager
def _echo_to(say):
    """Route the status lines of pyneuro train's helpers through ``say`` (stderr with --json)."""
    if say is click.echo:
        yield
        return
    with contextlib.redirect_stdout(sys.stderr):
        yield


def _cell(value, fmt):
    return f"{value:{fmt}}" if isinstance(value, float) and math.isfinite(value) else "-".rjust(
        int(fmt.lstrip(">").split(".")[0]))


def table(rows, with_check):
    """The text table: one line per run, RMSE in the targets' units."""
    header = (f"{'run':>4} {'hidden':>6} {'function':<9}{'fold':>5}{'restart':>8}{'epochs':>7}"
              f"  {'stop':<26}{'train':>9}{'valid':>9}" + (f"{'check':>9}" if with_check else ""))
    lines = ["RMSE in the targets' units:", header]
    for r in rows:
        lines.append(
            f"{r['run']:>4} {r['hidden']:>6} {r['train_fcn']:<9}"
            f"{(r['fold'] + 1 if r['fold'] >= 0 else '-'):>5}{r['restart']:>8}{r['epochs']:>7}"
            f"  {r['stop'][:25]:<26}{_cell(r['train_rmse'], '>9.4g')}"
            f"{_cell(r['val_rmse'], '>9.4g')}"
            + (_cell(r["test_rmse"], ">9.4g") if with_check else ""))
    return lines


def summary(result, validating):
    """Mean RMSE per setting (over restarts and folds), then the best run."""
    groups = {}
    for r in result.rows:
        groups.setdefault((r["hidden"], r["train_fcn"]), []).append(r)
    key = "val_rmse" if validating else "train_rmse"
    lines = [f"Mean {'validation' if validating else 'training'} RMSE per setting "
             "(over restarts and folds):"]
    for (hidden, fcn), rows in groups.items():
        values = [r[key] for r in rows if math.isfinite(r[key])]
        spread = f" (sd {statistics.stdev(values):.4g})" if len(values) > 1 else ""
        mean = f"{statistics.fmean(values):.4g}" if values else "-"
        lines.append(f"  hidden {hidden:>4}  {fcn:<9} {mean}{spread}")
    best = result.rows[result.best]
    lines.append(f"Best: run {best['run']} (hidden {best['hidden']}, {best['train_fcn']}, seed "
                 f"{best['seed']}{', fold ' + str(best['fold'] + 1) if validating else ''}): "
                 f"{'validation' if validating else 'training'} RMSE {best[key]:.4g}"
                 + (f", check RMSE {best['test_rmse']:.4g}"
                    if math.isfinite(best["test_rmse"]) else ""))
    return lines
