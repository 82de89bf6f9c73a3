"""``--json``: one machine-readable document on stdout (schema in docs/cli_json.rst).

The document is strict JSON (``json.loads`` in any language reads it): numpy numbers and
arrays become JSON numbers and lists, and a number that is not finite (an ``inf`` time limit,
an undefined R) becomes ``null``. The report for people goes to stderr meanwhile
(:func:`.options.stdout_for_data`).
"""

import json
import math

import numpy as np

from ..metrics import error_metrics

SCHEMA_VERSION = 1


def plain(value):
    """`value` with numpy types, tuples and non-finite floats made JSON-safe."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    if value is None or isinstance(value, str):
        return value
    return str(value)


def emit(stream, command, document):
    """Write ``{"schema": "pyneuro.<command>/1", **document}`` to `stream` as one document."""
    head = {"schema": f"pyneuro.{command}/{SCHEMA_VERSION}"}
    stream.write(json.dumps(plain({**head, **document}), indent=2, allow_nan=False) + "\n")
    stream.flush()


def metrics(T, Y):
    """Error metrics of one data set in original units: one dict per target row."""
    m = error_metrics(T, Y)
    rows = np.atleast_1d(m.n).size
    return [{field: np.atleast_1d(getattr(m, field))[k] for field in m._fields}
            for k in range(rows)]


def train_document(net, tr, rows, files, data):
    """The ``pyneuro.train/1`` document.

    `rows` are the ``(label, T, Y)`` sets of the metrics table, `files` the output options
    (``{"save": path or None, ...}``), `data` what the net file records about the data.
    """
    split = {"training": len(tr.trainInd), "validation": len(tr.valInd),
             "test": len(tr.testInd), "check": 0}
    for label, T, _ in rows:
        if label == "check":
            split["check"] = np.shape(T)[-1]
    return {
        "train_file": data["train_file"], "check_file": data["check_file"],
        "targets": data["targets"], "seed": data["seed"],
        "network": {"sizes": [net.inputs[0].size] + [layer.size for layer in net.layers],
                    "transfer": [layer.transferFcn for layer in net.layers],
                    "trainFcn": net.trainFcn, "performFcn": net.performFcn,
                    "trainParam": net.trainParam.to_dict()},
        "stop": tr.stop, "num_epochs": tr.num_epochs, "best_epoch": tr.best_epoch,
        "best_perf": tr.best_perf, "time": tr.time[-1],
        "split": split,
        "metrics": {label: metrics(T, Y) for label, T, Y in rows},
        "files": files,
    }
