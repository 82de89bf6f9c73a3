"""Tests for pyneuro.plotting (skipped without matplotlib, except the missing-matplotlib test)."""

import struct
import sys

import numpy as np
import pytest

import pyneuro as nn
from pyneuro.errors import DataFormatError, NotAvailableError, ParameterError, ShapeError
from pyneuro import plotting
from pyneuro.metrics import regression


def trained(goal=0.0, epochs=40):
    P = np.linspace(-1, 1, 21).reshape(1, -1)
    T = P ** 2
    net = nn.newff(nn.minmax(P), [4, 1], ["tansig", "purelin"], "traingdm", rng=0)
    net.trainParam.epochs = epochs
    net.trainParam.show = None
    net.trainParam.goal = goal
    net.trainParam.lr = 0.1
    net, tr = nn.train(net, P, T)
    return net, tr, P, T


@pytest.fixture
def mpl():
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    yield plt
    plt.close("all")


def png_size(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_plotperform(mpl):
    _, tr, _, _ = trained(goal=1e-4)
    ax = plotting.plotperform(tr)
    assert ax.get_yscale() == "log"
    labels = [line.get_label() for line in ax.get_lines()]
    assert "Train" in labels and "Goal" in labels
    assert f"Best (epoch {tr.best_epoch})" in labels
    assert "Validation" not in labels  # no validation data
    train_line = ax.get_lines()[labels.index("Train")]
    assert np.array_equal(train_line.get_ydata(), tr.perf)
    assert ax.get_title() == (f"Best Training Performance is {tr.best_perf:.6g} at epoch "
                              f"{tr.best_epoch}")
    assert ax.get_xlabel() == f"{tr.num_epochs} Epochs"


def test_plotperform_draws_into_a_given_axes(mpl):
    _, tr, _, _ = trained()
    fig, ax = mpl.subplots()
    assert plotting.plotperform(tr, ax=ax) is ax
    assert not any(line.get_label() == "Goal" for line in ax.get_lines())  # goal 0


def test_plotregression(mpl):
    net, _, P, T = trained()
    Y = nn.sim(net, P)
    ax = plotting.plotregression(T, Y, "Training")
    r, m, b = regression(T, Y)
    assert ax.get_title() == f"Training: R = {r:.4f}"
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert set(lines) == {"Data", "Fit", "Y = T"}
    x0, x1 = lines["Fit"].get_xdata()
    y0, y1 = lines["Fit"].get_ydata()
    assert (y1 - y0) / (x1 - x0) == pytest.approx(m)
    assert ax.get_xlim() == ax.get_ylim()
    assert "Target" in ax.get_ylabel()


def test_plotregression_checks_shapes(mpl):
    with pytest.raises(ShapeError):
        plotting.plotregression([[1, 2, 3]], [[1, 2]])


def test_report_figure_writes_a_png(mpl, tmp_path):
    net, tr, P, T = trained()
    path = tmp_path / "report.png"
    plotting.report_figure(tr, T, nn.sim(net, P), path, title="test", data_label="Check")
    data = path.read_bytes()
    width, height = png_size(data)
    assert (width, height) == (1440, 624)  # 12 x 5.2 inches at 120 dpi
    assert len(data) > 20_000
    assert [p.name for p in tmp_path.iterdir()] == ["report.png"]


@pytest.mark.parametrize("ext, magic", [(".pdf", b"%PDF"), (".svg", b"<?xml")])
def test_report_figure_other_formats(mpl, tmp_path, ext, magic):
    net, tr, P, T = trained()
    path = tmp_path / f"report{ext}"
    plotting.report_figure(tr, T, nn.sim(net, P), path)
    assert path.read_bytes().startswith(magic)


def test_report_figure_rejects_unknown_formats(tmp_path):
    with pytest.raises(ParameterError, match=r"\.png, \.pdf, \.svg"):
        plotting.report_figure(None, [1], [1], tmp_path / "report.jpg")


def test_missing_matplotlib_says_how_to_install(monkeypatch, tmp_path):
    for name in list(sys.modules):
        if name == "matplotlib" or name.startswith("matplotlib."):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes "import matplotlib" fail
    _, tr, _, _ = trained(epochs=2)
    for call in (lambda: plotting.plotperform(tr),
                 lambda: plotting.plotregression([1, 2], [1, 2]),
                 lambda: plotting.report_figure(tr, [1, 2], [1, 2], tmp_path / "r.png"),
                 plotting.require_matplotlib):
        with pytest.raises(NotAvailableError, match=r"pip install 'pyneuro-nnt\[plot\]'"):
            call()
    assert not (tmp_path / "r.png").exists()


def test_plotregression_takes_a_1d_target_as_one_row(mpl):
    # Regression: T of shape (Q,) against Y of shape (1, Q) (what sim returns) was refused,
    # though a 1-D array is one row everywhere else.
    net, _, P, T = trained()
    Y = nn.sim(net, P)
    ax = plotting.plotregression(T.ravel(), Y, "Training")
    assert ax.get_title() == f"Training: R = {regression(T, Y)[0]:.4f}"


@pytest.mark.parametrize("T, Y, error, message", [
    (["a", "b"], [1, 2], DataFormatError, "T must hold real numbers"),
    ([1, 2], "ab", DataFormatError, "Y must hold real numbers"),
    ([[1, 2, 3]], [[1, 2]], ShapeError, r"same shape \(S, Q\); got \(1, 3\) and \(1, 2\)"),
    (np.zeros((0, 2)), np.zeros((0, 2)), ShapeError, "at least one row"),
])
def test_plotregression_and_report_figure_check_their_data(mpl, tmp_path, T, Y, error, message):
    # Regression: text escaped as a bare ValueError from np.asarray.
    _, tr, _, _ = trained(epochs=2)
    with pytest.raises(error, match=message):
        plotting.plotregression(T, Y)
    with pytest.raises(error, match=message):
        plotting.report_figure(tr, T, Y, tmp_path / "r.png")
    assert list(tmp_path.iterdir()) == []


def test_report_figure_takes_a_1d_target(mpl, tmp_path):
    net, tr, P, T = trained()
    plotting.report_figure(tr, T.ravel(), nn.sim(net, P), tmp_path / "r.png")
    assert png_size((tmp_path / "r.png").read_bytes()) == (1440, 624)


@pytest.mark.parametrize("limits, major, minor", [
    ((1e-4, 3), ["0.0001", "0.001", "0.01", "0.1", "1"], []),
    ((0.04, 0.09), [], ["0.04", "0.05", "0.06", "0.07", "0.08", "0.09"]),
    ((5, 50), ["10"], ["6", "20", "30", "40"]),
])
def test_log_axis_labels_are_plain_numbers(mpl, limits, major, minor):
    fig, ax = mpl.subplots()
    ax.plot([0, 1], limits)
    ax.set_yscale("log")
    ax.set_ylim(*limits)
    plotting._base.plain_log_labels(ax.yaxis)
    fig.canvas.draw()

    def shown(labels):
        # Only the ticks inside the axes: matplotlib versions differ in how many ticks
        # outside the view limits they also report.
        lo, hi = limits
        return [t.get_text() for t in labels
                if t.get_text() and lo * (1 - 1e-9) <= t.get_position()[1] <= hi * (1 + 1e-9)]

    assert shown(ax.get_yticklabels()) == major
    assert shown(ax.get_yticklabels(minor=True)) == minor


def trained_with_sets(train_fcn="traingdm"):
    """A net trained with validation (VV) and test (TV) data, so tr has all three curves."""
    P = np.linspace(-1, 1, 31).reshape(1, -1)
    T = P ** 2
    Pv, Pt = P[:, ::3] + 0.01, P[:, 1::3] - 0.01
    net = nn.newff(nn.minmax(P), [4, 1], ["tansig", "purelin"], train_fcn, rng=0)
    net.trainParam.epochs = 25
    net.trainParam.show = None
    if train_fcn == "traingdm":
        net.trainParam.lr = 0.1
    net, tr = nn.train(net, P, T, VV={"P": Pv, "T": Pv ** 2}, TV={"P": Pt, "T": Pt ** 2})
    return net, tr, [("Training", P, T), ("Validation", Pv, Pv ** 2), ("Test", Pt, Pt ** 2)]


def test_plotperform_draws_train_validation_and_test(mpl):
    _, tr, _ = trained_with_sets()
    ax = plotting.plotperform(tr)
    lines = {line.get_label(): line for line in ax.get_lines()}
    for label, field in (("Train", "perf"), ("Validation", "vperf"), ("Test", "tperf")):
        assert np.array_equal(lines[label].get_ydata(), getattr(tr, field))
        assert np.array_equal(lines[label].get_xdata(), np.arange(tr.num_epochs + 1))
    # MATLAB's colours: train blue, validation green, test red.
    assert [lines[k].get_color() for k in ("Train", "Validation", "Test")] == [
        "#1f5fbf", "#2e9e44", "#d62728"]
    # With validation data the best epoch is the one of least validation error.
    best = lines[f"Best (epoch {tr.best_epoch})"]
    assert best.get_xdata()[0] == tr.best_epoch == int(np.argmin(tr.vperf))
    assert best.get_ydata()[0] == tr.vperf[tr.best_epoch]
    assert ax.get_title().startswith("Best Validation Performance is")


def test_plotregression_one_panel_per_set_and_all(mpl):
    net, _, sets = trained_with_sets()
    args = []
    for name, P, T in sets:
        args += [T, nn.sim(net, P), name]
    axes = plotting.plotregression(*args)
    assert len(axes) == 4 and len(axes[0].figure.axes) == 4
    T_all = np.hstack([T for _, _, T in sets])
    Y_all = np.hstack([nn.sim(net, P) for _, P, _ in sets])
    for ax, (name, P, T) in zip(axes, sets + [("All", None, T_all)]):
        Y = nn.sim(net, P) if P is not None else Y_all
        r, m, b = regression(T, Y)
        assert ax.get_title() == f"{name}: R = {r:.4f}"
        data = {line.get_label(): line for line in ax.get_lines()}["Data"]
        assert np.array_equal(data.get_xdata(), T.ravel())  # every sample of the set, no other
        assert np.array_equal(data.get_ydata(), Y.ravel())
    fits = [{line.get_label(): line for line in ax.get_lines()}["Fit"].get_color() for ax in axes]
    assert fits == ["#1f5fbf", "#2e9e44", "#d62728", "#000000"]
    assert len(axes[3].get_lines()[0].get_xdata()) == 31 + 11 + 10


def test_plotregression_checks_its_sets(mpl):
    T = np.array([[1.0, 2, 3]])
    with pytest.raises(ParameterError, match="groups of 3"):
        plotting.plotregression(T, T, "Training", T, T)
    with pytest.raises(ParameterError, match="name of a data set"):
        plotting.plotregression(T, T, "Training", T, T, 3)
    with pytest.raises(ShapeError, match="same number of target rows"):
        plotting.plotregression(T, T, "Training", np.ones((2, 3)), np.ones((2, 3)), "Test")


def test_ploterrhist_stacks_the_sets(mpl):
    # Errors chosen by hand: over [-1, 1] with 4 bins of width 0.5 the edges are -1, -0.5, 0,
    # 0.5, 1; training errors fall 2, 1, 0, 1 into them and test errors 0, 0, 2, 1.
    e_train = np.array([-1.0, -0.9, -0.2, 0.8])
    e_test = np.array([[0.1, 0.3, 1.0]])
    ax = plotting.ploterrhist(e_train, "Training", e_test, "Test", bins=4)
    bars = ax.patches
    assert len(bars) == 8
    heights = [b.get_height() for b in bars]
    assert heights[:4] == [2, 1, 0, 1] and heights[4:] == [0, 0, 2, 1]
    # stacked: test bars start on top of the training bars
    assert [b.get_y() for b in bars[4:]] == [2, 1, 0, 1]
    assert [round(b.get_x(), 12) for b in bars[:4]] == [-1.0, -0.5, 0.0, 0.5]
    assert bars[0].get_facecolor()[:3] == pytest.approx((0x1f / 255, 0x5f / 255, 0xbf / 255))
    assert bars[4].get_facecolor()[:3] == pytest.approx((0xd6 / 255, 0x27 / 255, 0x28 / 255))
    zero = {line.get_label(): line for line in ax.get_lines()}["Zero Error"]
    assert list(zero.get_xdata()) == [0.0, 0.0]
    assert ax.get_title() == "Error Histogram with 4 Bins"
    assert ax.get_xlabel() == "Errors = Targets - Outputs" and ax.get_ylabel() == "Instances"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "Training", "Test", "Zero Error"]


def test_ploterrhist_checks_its_arguments(mpl):
    with pytest.raises(ParameterError, match="bins"):
        plotting.ploterrhist([1.0, 2.0], bins=0)
    with pytest.raises(ParameterError, match="groups of 2"):
        plotting.ploterrhist([1.0], "Training", [2.0])
    with pytest.raises(DataFormatError, match="real numbers"):
        plotting.ploterrhist(["a"], "Training")


@pytest.mark.parametrize("train_fcn, middle, field", [("trainlm", "Mu", "mu"),
                                                       ("traingdm", None, None)])
def test_plottrainstate(mpl, train_fcn, middle, field):
    _, tr, _ = trained_with_sets(train_fcn)
    axes = plotting.plottrainstate(tr)
    titles = [ax.get_title().split(" = ")[0] for ax in axes]
    expected = ["Gradient"] + ([middle] if middle else []) + ["Validation Checks"]
    assert titles == expected
    n = tr.num_epochs
    assert axes[0].get_title() == f"Gradient = {tr.gradient[-1]:.5g}, at epoch {n}"
    assert np.array_equal(axes[0].get_lines()[0].get_ydata(), tr.gradient)
    assert axes[0].get_yscale() == "log"
    if field:
        assert np.array_equal(axes[1].get_lines()[0].get_ydata(), getattr(tr, field))
    checks = axes[-1].get_lines()[0]
    assert np.array_equal(checks.get_ydata(), tr.val_fail)
    assert axes[-1].get_title() == f"Validation Checks = {tr.val_fail[-1]}, at epoch {n}"
    assert axes[-1].get_xlabel() == f"{n} Epochs"


def test_report_page_draws_every_plot(mpl, tmp_path, monkeypatch):
    from matplotlib.figure import Figure

    net, tr, sets = trained_with_sets()
    drawn = []
    real_savefig = Figure.savefig

    def capture(fig, *args, **kwargs):  # keep the figure report_page writes, to inspect it
        drawn.append(fig)
        return real_savefig(fig, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", capture)
    data = [(name, T, nn.sim(net, P)) for name, P, T in sets]
    plotting.report_page(tr, data, tmp_path / "page.png", title="all of it")
    (fig,) = drawn
    titles = [ax.get_title() for ax in fig.axes]
    # plotperform, plottrainstate (gradient, validation checks: traingdm records no lr),
    # ploterrhist, then one regression panel per set and All.
    assert len(fig.axes) == 8
    assert titles[0].startswith("Best Validation Performance")
    assert [t.split(" = ")[0] for t in titles[1:3]] == ["Gradient", "Validation Checks"]
    assert titles[3] == "Error Histogram with 20 Bins"
    assert [t.split(":")[0] for t in titles[4:]] == ["Training", "Validation", "Test", "All"]
    assert {"Train", "Validation", "Test"} <= {line.get_label() for line in fig.axes[0].get_lines()}
    assert png_size((tmp_path / "page.png").read_bytes()) == (1800, 1000)
