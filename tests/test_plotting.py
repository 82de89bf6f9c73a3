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
    ax = plotting.plotregression(T, Y, title="Training")
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
    ax = plotting.plotregression(T.ravel(), Y, title="Training")
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
    ((1e-4, 3), ["1e\u221205", "0.0001", "0.001", "0.01", "0.1", "1", "10"], []),
    ((0.04, 0.09), ["0.01", "0.1"], ["0.02", "0.03", "0.04", "0.05", "0.06", "0.07", "0.08",
                                     "0.09"]),
    ((5, 50), ["1", "10", "100"], ["2", "3", "4", "6", "20", "30", "40", "60"]),
])
def test_log_axis_labels_are_plain_numbers(mpl, limits, major, minor):
    fig, ax = mpl.subplots()
    ax.plot([0, 1], limits)
    ax.set_yscale("log")
    ax.set_ylim(*limits)
    plotting._plain_log_labels(ax.yaxis)
    fig.canvas.draw()
    assert [t.get_text() for t in ax.get_yticklabels()] == major
    assert [t.get_text() for t in ax.get_yticklabels(minor=True) if t.get_text()] == minor
