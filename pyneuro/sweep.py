"""Sweeps: a grid of hidden sizes × training functions × trainParam values × restarts × folds
of cross-validation, run as independent tasks on any ``concurrent.futures`` executor.

Each run is MATLAB's classic workflow on its own training columns: ``premnmx`` fitted on
them, ``newff(minmax(pn), [hidden..., S], transfer, trainFcn)`` with its initial weights from
``rng(seed + restart)``, ``train`` (with the held-out fold as validation data ``VV``), then
``sim`` and ``postmnmx``; performances are reported in the targets' original units.

* Folds: with ``folds = k > 1``, sample ``q`` (0-based column) belongs to fold ``q mod k``
  (interleaved, as MATLAB's ``divideint``); fold ``f``'s run validates on fold ``f`` and trains
  on the others. With ``folds = 1`` every sample trains and there is no validation.
* Order: runs are numbered hidden sizes (outer) × training functions × parameter
  combinations × folds × restarts (inner).
* Tasks: the restarts of one (hidden, function, parameters, fold) are one task, trained as
  one :func:`pyneuro.train_batch` stack. Everything a task needs, seeds included, is fixed
  before submission, so the table does not depend on the executor, the number of workers or
  the order tasks finish in (only the ``time`` column does).
* Executors: ``None`` runs in this process; a ``concurrent.futures.ProcessPoolExecutor``
  uses local cores; a ``dask.distributed.Client`` (or its ``get_executor()``) runs on a
  cluster. :func:`connect` makes a client from a scheduler address; dask is imported only
  there.
"""

import concurrent.futures
import itertools
import math
import time

import numpy as np

from ._constructors import newff
from .errors import ParameterError, ShapeError
from ._sweep_table import COLUMNS, SweepResult
from .network import getwb, setwb
from .preprocessing import minmax, tramnmx
from .training import get_training_function, train_batch
from .training._checks import check_data
from .workflow import MinMaxScaling, predict

__all__ = ["sweep", "SweepResult", "SerialExecutor", "connect", "COLUMNS"]


class SerialExecutor(concurrent.futures.Executor):
    """Runs each task at submission, in this process: the default executor."""

    def submit(self, fn, /, *args, **kwargs):
        """Run ``fn(*args, **kwargs)`` now; return a finished Future with its result, or with
        the Exception it raised (KeyboardInterrupt and the like propagate)."""
        future = concurrent.futures.Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed to the caller through the future, as a pool does
            if not isinstance(exc, Exception):
                raise
            future.set_exception(exc)
        return future


def connect(address):
    """A dask.distributed client of the scheduler at ``address`` (``'tcp://host:8786'``).

    Raises
    ------
    ParameterError
        dask.distributed is not installed (``pip install 'pyneuro-nnt[distributed]'``).
    """
    try:
        from dask.distributed import Client  # optional: only a cluster sweep needs it
    except ImportError as exc:
        raise ParameterError(
            "a dask scheduler needs dask.distributed; install it with "
            "pip install 'pyneuro-nnt[distributed]'") from exc
    return Client(address)


def _executor(executor):
    if executor is None:
        return SerialExecutor()
    if hasattr(executor, "get_executor"):  # a dask.distributed Client
        return executor.get_executor()
    if not hasattr(executor, "submit"):
        raise ParameterError(f"executor must be a concurrent.futures.Executor or a "
                             f"dask.distributed Client; got {type(executor).__name__}")
    return executor


def _combinations(params):
    """``[{field: value}, ...]``: every combination of the grid's trainParam values."""
    if not params:
        return [{}]
    fields = list(params)
    values = []
    for field in fields:
        options = params[field]
        options = list(options) if isinstance(options, (list, tuple, np.ndarray)) else [options]
        if not options:
            raise ParameterError(f"params[{field!r}] has no values; give at least one")
        values.append(options)
    return [dict(zip(fields, combo)) for combo in itertools.product(*values)]


def _mse(T, Y):
    if T is None or T.size == 0:
        return math.nan
    E = T - Y
    with np.errstate(invalid="ignore"):
        return float(np.nanmean(E * E)) if np.isfinite(E).any() else math.nan


def _fold_columns(Q, folds, fold):
    q = np.arange(Q)
    if fold < 0:
        return q, q[:0]
    return q[q % folds != fold], q[q % folds == fold]


def _prepare(task):
    """The fold's training columns normalised, and the nets of the task (one per restart)."""
    train_cols, val_cols = _fold_columns(task["P"].shape[1], task["folds"], task["fold"])
    P, T = task["P"][:, train_cols], task["T"][:, train_cols]
    scaling, pn, tn = MinMaxScaling.fit(P, T)
    sizes = list(task["hidden"]) + [T.shape[0]]
    nets = []
    for seed in task["seeds"]:
        net = newff(minmax(pn), sizes, task["transfer"], task["train_fcn"], rng=seed)
        net.trainParam.update(task["train_param"])
        net.trainParam.show = None
        nets.append(net)
    return nets, pn, tn, scaling, val_cols


def _run_task(task):
    """One task: the restarts of one grid cell and fold. Returns ``(rows, weights)``."""
    start = time.perf_counter()
    nets, pn, tn, scaling, val_cols = _prepare(task)
    P, T = task["P"], task["T"]
    VV = None
    if val_cols.size:
        VV = (scaling.inputs(P[:, val_cols]),
              tramnmx(T[:, val_cols], scaling.mint, scaling.maxt))
    trained, trs = train_batch(nets, pn, tn, VV)
    share = (time.perf_counter() - start) / len(nets)
    train_cols, _ = _fold_columns(P.shape[1], task["folds"], task["fold"])
    sets = [(P[:, train_cols], T[:, train_cols]),
            (P[:, val_cols], T[:, val_cols]) if val_cols.size else (None, None),
            (task["Pc"], task["Tc"])]
    rows = []
    for r, (net, tr) in enumerate(zip(trained, trs)):
        mses = [_mse(Ts, predict(net, Ps, scaling)) if Ps is not None else math.nan
                for Ps, Ts in sets]
        rows.append(dict(
            task["row"], restart=task["restarts"][r], seed=task["seeds"][r], stop=tr.stop,
            epochs=int(tr.num_epochs), best_epoch=int(tr.best_epoch), train_mse=mses[0],
            val_mse=mses[1], test_mse=mses[2], train_rmse=math.sqrt(mses[0]),
            val_rmse=math.sqrt(mses[1]), test_rmse=math.sqrt(mses[2]), time=share))
    return rows, [getwb(net) for net in trained]


def _check_param(name, train_param, combo):
    """Set the run's trainParam values on a fresh struct, so a field the function lacks or a
    bad value fails here, with the struct's message, rather than in a worker."""
    fcn = get_training_function(name)
    if not fcn.available:
        raise ParameterError(f"training function {name!r} is not available yet in pyneuro")
    struct = fcn.param_struct()
    # A script's trainParam takes another function's field and ignores it, as MATLAB; a grid
    # value the function does not use would only repeat runs, so it is an error here.
    for field in {**train_param, **combo}:
        if field not in struct:
            raise ParameterError(
                f"training function {fcn.name!r} has no trainParam field {field!r} (its fields: "
                f"{', '.join(struct)}); give values for one function only as "
                "(name, {field: value}) in train_fcns")
    struct.update(train_param)
    struct.update(combo)


def _tasks(P, T, Pc, Tc, hidden, train_fcns, params, restarts, folds, seed, transfer,
           train_param):
    """Every task, in run order, with its seeds and run numbers fixed."""
    tasks, run = [], 0
    combos = _combinations(params)
    for sizes in hidden:
        sizes = (int(sizes),) if np.isscalar(sizes) else tuple(int(s) for s in sizes)
        layers = (list(transfer) if transfer is not None
                  else ["tansig"] * len(sizes) + ["purelin"])
        if len(layers) != len(sizes) + 1:
            raise ShapeError(f"transfer names {len(layers)} layers but hidden {sizes} makes "
                             f"{len(sizes) + 1} (hidden + output)")
        for fcn in train_fcns:
            # A name, or (name, {trainParam values for this function only}).
            fcn, own = fcn if isinstance(fcn, (tuple, list)) else (fcn, {})
            name = get_training_function(fcn).name
            for combo in combos:
                values = dict(train_param, **own)
                _check_param(name, values, combo)
                for fold in (range(folds) if folds > 1 else [-1]):
                    tasks.append(dict(
                        P=P, T=T, Pc=Pc, Tc=Tc, hidden=sizes, transfer=layers, train_fcn=name,
                        train_param=dict(values, **combo), folds=folds, fold=fold,
                        restarts=list(range(restarts)),
                        seeds=[seed + r for r in range(restarts)],
                        runs=list(range(run, run + restarts)),
                        row=dict(hidden=",".join(map(str, sizes)), train_fcn=name,
                                 params=dict(combo), fold=fold)))
                    run += restarts
    return tasks


def sweep(P, T, *, check=None, hidden=(10,), train_fcns=("traingdm",), params=None,
          restarts=1, folds=1, seed=0, transfer=None, train_param=None, executor=None,
          progress=None, interrupt="raise"):
    """Train every run of a grid; return the table and the best network.

    Parameters
    ----------
    P : array_like, shape (R, Q)
        Inputs in original units (normalised per run with ``premnmx`` on its training
        columns).
    T : array_like, shape (S, Q)
        Targets in original units.
    check : tuple (Pc, Tc), optional
        Test data, never trained or selected on: reported as ``test_mse``/``test_rmse``.
    hidden : sequence of int or of sequences of int, default (10,)
        Hidden layer sizes to try: ``(5, 10, 20)`` or ``[(10,), (10, 5)]``.
    train_fcns : sequence, default ('traingdm',)
        Training function names, or ``(name, {field: value})`` pairs whose trainParam values
        apply to that function only (``('trainlm', {'epochs': 30})``).
    params : dict, optional
        ``{field: [values]}``: trainParam values to try (every combination).
    restarts : int, default 1
        Initial weights per cell: restart ``r`` draws them from ``rng(seed + r)``.
    folds : int, default 1
        k-fold cross-validation (see the module notes); 1 for none.
    seed : int, default 0
    transfer : sequence of str, optional
        Transfer functions of every layer; tansig for hidden layers and purelin for the
        output by default.
    train_param : dict, optional
        trainParam values for every run (before the grid's ``params``).
    executor : concurrent.futures.Executor or dask.distributed.Client, optional
        Where tasks run; in this process by default.
    progress : callable, optional
        ``progress(done, total)`` in runs, after each task finishes.
    interrupt : {'raise', 'stop'}, default 'raise'
        What Ctrl-C (``KeyboardInterrupt``) during the sweep does: propagate, or stop it and
        return the runs that had finished (``stopped=True``); tasks not started are
        cancelled, a task under way in this process is abandoned. With no run finished, it
        propagates: there is nothing to return.

    Returns
    -------
    SweepResult

    Raises
    ------
    ParameterError
        A bad grid, count, executor or ``interrupt``.

    Examples
    --------
    >>> import numpy as np, pyneuro as nn
    >>> from pyneuro.sweep import sweep
    >>> P = np.linspace(-1, 1, 30).reshape(1, -1); T = 3 * P ** 2
    >>> result = sweep(P, T, hidden=(2, 4), restarts=2, folds=3,
    ...                train_param={'epochs': 20})
    >>> len(result.rows), result.rows[0]['hidden'], result.rows[0]['fold']
    (12, '2', 0)
    >>> result.best == min(range(12), key=lambda i: result.rows[i]['val_mse'])
    True
    """
    P, T = np.asarray(P, dtype=float), np.asarray(T, dtype=float)
    if T.ndim == 1:
        T = T.reshape(1, -1)
    if P.ndim == 1:
        P = P.reshape(1, -1)
    if P.ndim != 2 or T.shape[-1] != P.shape[-1]:
        raise ShapeError(f"P and T must be (R, Q) and (S, Q) with the same Q; got {P.shape} "
                         f"and {T.shape}")
    if interrupt not in ("raise", "stop"):
        raise ParameterError(f"interrupt must be 'raise' or 'stop'; got {interrupt!r}")
    for what, value in (("restarts", restarts), ("folds", folds)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ParameterError(f"{what} must be a positive integer; got {value!r}")
    if folds > P.shape[1]:
        raise ParameterError(f"{folds} folds need at least {folds} samples; got {P.shape[1]}")
    Pc = Tc = None
    if check is not None:
        Pc, Tc = (np.asarray(a, dtype=float) for a in check)
        Pc, Tc = Pc.reshape(P.shape[0], -1), Tc.reshape(T.shape[0], -1)
    if not hidden or not train_fcns:
        raise ParameterError("hidden and train_fcns need at least one value each")
    tasks = _tasks(P, T, Pc, Tc, hidden, train_fcns, params, int(restarts), int(folds),
                   int(seed), transfer, dict(train_param or {}))
    _check_first(tasks[0])
    total = sum(len(t["runs"]) for t in tasks)
    pool = _executor(executor)
    futures = {}
    results = {}  # run -> (row, weights)

    def collect(future):
        # Whole tasks, and idempotent: a Ctrl-C halfway through is made good by doing it again.
        task = tasks[futures[future]]
        task_rows, task_weights = future.result()
        results.update({run: (dict(run=run, **row), w)
                        for run, row, w in zip(task["runs"], task_rows, task_weights)})

    stopped = False
    try:
        # Submitted inside the try: the serial executor runs each task as it is submitted.
        for i, task in enumerate(tasks):
            futures[pool.submit(_run_task, task)] = i
        for future in concurrent.futures.as_completed(futures):
            collect(future)
            if progress is not None:
                progress(len(results), total)
    except KeyboardInterrupt:
        if interrupt != "stop":
            raise
        stopped = True
        for future in futures:  # every task that finished before the Ctrl-C
            if future.done() and not future.cancelled() and future.exception() is None:
                collect(future)
        if not results:
            raise
    finally:
        for future in futures:
            future.cancel()
    finished = sorted(results)
    weights = {run: results[run][1] for run in finished}
    rows = [{column: results[run][0][column] for column in COLUMNS} for run in finished]
    validating = folds > 1
    key = "val_mse" if validating else "train_mse"
    best = min(range(len(rows)), key=lambda i: (_finite(rows[i][key]), i))
    run = rows[best]["run"]
    task = next(t for t in tasks if run in t["runs"])
    nets, _, _, scaling, _ = _prepare(dict(task, seeds=[rows[best]["seed"]]))
    return SweepResult(rows, best, setwb(nets[0], weights[run]), scaling, stopped)


def _finite(value):
    return value if math.isfinite(value) else math.inf


def _check_first(task):
    """Build the first task's nets here, so that a bad name or trainParam fails before any
    submission (with the library's message), not inside a worker."""
    nets, pn, tn, _, _ = _prepare(dict(task, seeds=task["seeds"][:1]))
    check_data(nets[0], pn, tn)
