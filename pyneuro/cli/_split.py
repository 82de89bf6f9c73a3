"""``pyneuro train --val-ratio/--test-ratio``: the training file divided by ``dividerand``.

With either ratio above 0 the net gets ``divideFcn = 'dividerand'`` and the ratios (the
training ratio is the rest), ``train`` splits the training file's samples, stops on the
validation set (``max_fail``) and keeps the best-validation network; the report then gives
the split and a metrics row per set.
"""

from ..initializers import rng
from .options import option_error

__all__ = ["check_ratios", "set_division", "division_line", "set_rows"]


def check_ratios(val_ratio, test_ratio):
    """The two ratios, checked: each in [0, 1), together below 1 (some samples must train)."""
    for opt, value in (("--val-ratio", val_ratio), ("--test-ratio", test_ratio)):
        if not 0 <= value < 1:
            raise option_error(opt, f"{value:g}: give a fraction of the training file's "
                                    "samples, at least 0 and below 1 (e.g. 0.15).")
    if val_ratio + test_ratio >= 1:
        raise option_error("--val-ratio", f"{val_ratio:g} and --test-ratio {test_ratio:g} "
                                          "leave no samples to train on; keep their sum below 1.")
    return val_ratio, test_ratio


def set_division(net, val_ratio, test_ratio, seed):
    """Give `net` dividerand with these ratios (nothing when both are 0); seed the stream
    dividerand draws from, so that a run is repeatable with --seed."""
    if val_ratio == 0 and test_ratio == 0:
        return
    net.divideFcn = "dividerand"
    net.divideParam.update(trainRatio=1 - val_ratio - test_ratio, valRatio=val_ratio,
                           testRatio=test_ratio)
    rng(seed)


def division_line(tr):
    """``'Division:      dividerand: 210 training, 45 validation, 45 test samples'``."""
    return (f"Division:      {tr.divideFcn}: {len(tr.trainInd)} training, {len(tr.valInd)} "
            f"validation, {len(tr.testInd)} test samples")


def set_rows(T, Y, tr):
    """Metrics rows for the training, validation and test samples of the training file."""
    rows = [("training", T[:, tr.trainInd], Y[:, tr.trainInd])]
    for label, ind in (("validation", tr.valInd), ("test", tr.testInd)):
        if len(ind):
            rows.append((label, T[:, ind], Y[:, ind]))
    return rows
