"""A sweep's table: its columns, and :class:`SweepResult` with the table as CSV or JSON.

Split from :mod:`pyneuro.sweep` (which re-exports both): running the grid is one idea, the
table it leaves another.
"""

import csv
import io
import json
import math
from typing import List, NamedTuple

from .io._files import write_atomically
from .network import Network
from .workflow import MinMaxScaling

__all__ = ["COLUMNS", "SweepResult"]

COLUMNS = ("run", "hidden", "train_fcn", "params", "fold", "restart", "seed", "stop",
           "epochs", "best_epoch", "train_mse", "val_mse", "test_mse", "train_rmse",
           "val_rmse", "test_rmse", "time")
"""Columns of a sweep's table, in order. ``params`` holds the grid's trainParam values of the
run; ``fold`` is -1 without cross-validation; MSE/RMSE are in the targets' units, NaN where a
run has no such data; ``time`` is the run's share of its task's seconds."""


class SweepResult(NamedTuple):
    """A sweep's table and its best network.

    Attributes
    ----------
    rows : list of dict
        One per run, in run order, with the keys of :data:`COLUMNS` (after a stop, only the
        runs that finished; ``row['run']`` keeps the run's number in the grid).
    best : int
        Index in ``rows`` of the best run: lowest ``val_mse`` with cross-validation, else
        lowest ``train_mse`` (never chosen on test data); the first of equals.
    net : Network
        The best run's trained network (on normalised data).
    scaling : MinMaxScaling
        Its ``premnmx`` settings (for :func:`pyneuro.workflow.predict` and ``save_net``).
    stopped : bool
        True when Ctrl-C stopped the sweep (``interrupt='stop'``) before every run finished.
    """

    rows: List[dict]
    best: int
    net: Network
    scaling: MinMaxScaling
    stopped: bool = False

    def to_json(self, path=None):
        """The table as JSON, ``{"columns": [...], "best": i, "stopped": false, "runs":
        [{...}, ...]}`` (NaN as null); written atomically to ``path`` when given, else
        returned as a string."""
        text = json.dumps({"columns": list(COLUMNS), "best": self.best,
                           "stopped": self.stopped,
                           "runs": [_json_row(row) for row in self.rows]}, indent=1) + "\n"
        return _write(path, text)

    def to_csv(self, path=None):
        """The table as CSV (one header line, ``params`` as JSON text, NaN as empty);
        written atomically to ``path`` when given, else returned as a string."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in self.rows:
            writer.writerow([_csv_cell(row[c]) for c in COLUMNS])
        return _write(path, out.getvalue())


def _json_row(row):
    return {k: (None if isinstance(v, float) and not math.isfinite(v) else v)
            for k, v in row.items()}


def _csv_cell(value):
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True)
    if isinstance(value, float):
        return "" if not math.isfinite(value) else repr(value)
    return value


def _write(path, text):
    if path is None:
        return text
    # A stream, a device, a FIFO, /dev/stdout: written into; a symlink's target or a regular
    # file: replaced atomically. OS errors come out as FileAccessError.
    write_atomically(path, lambda stream: stream.write(text))
    return None
