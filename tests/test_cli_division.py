"""``pyneuro train --val-ratio/--test-ratio`` (issue 8): the training file divided by
dividerand, a validation stop, the split and metrics per set in the report."""

import pathlib

import numpy as np
from click.testing import CliRunner

import pyneuro as nn
from pyneuro.cli import main
from pyneuro.metrics import error_metrics

ROOT = pathlib.Path(__file__).resolve().parent.parent
TEST = str(ROOT / "sample_data" / "Test.txt")
CHECK = str(ROOT / "sample_data" / "Check.txt")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def row(output, label):
    line = next(l for l in output.splitlines() if l.strip().startswith(label + " "))
    return [float(x) for x in line.split()[1:]]


def test_split_report_and_per_set_metrics(tmp_path):
    net_file = tmp_path / "net.npz"
    result = run("train", TEST, "--check", CHECK, "--val-ratio", 0.15, "--test-ratio", 0.15,
                 "--train-fcn", "trainlm", "--goal", 0, "--save", net_file, "-q")
    assert result.exit_code == 0, result.output
    # 300 samples: round(0.15 * 300) = 45 validation and 45 test, 210 training.
    assert "Division:      dividerand: 210 training, 45 validation, 45 test samples" \
        in result.output
    assert "Stopped:       Validation stop." in result.output
    assert [row(result.output, k)[0] for k in ("training", "validation", "test", "check")] \
        == [210, 45, 45, 92]
    # Each row's metrics are those of its samples: recompute from the saved net and indices.
    net, settings = nn.load_net(net_file)
    training = settings["training"]
    P, T = nn.read_data(TEST)
    Y = nn.predict(net, P, nn.MinMaxScaling.from_settings(settings))
    for label, ind in (("training", training["trainInd"]), ("validation", training["valInd"]),
                       ("test", training["testInd"])):
        em = error_metrics(T[0, ind], Y[0, ind])
        assert row(result.output, label)[1] == float(f"{em.mse:.5g}")
    assert sorted(np.concatenate([training[k] for k in ("trainInd", "valInd", "testInd")])
                  .tolist()) == list(range(300))
    info = run("info", net_file)
    assert "divided:   dividerand: 210 training, 45 validation, 45 test samples" in info.output


def test_no_ratios_no_division():
    # (The default has a 20% validation set since issue 10; --val-ratio 0 or --classic: none.)
    for extra in (["--val-ratio", 0], ["--classic"]):
        result = run("train", TEST, "--epochs", 20, "-q", *extra)
        assert result.exit_code == 0, result.output
        assert "Division:" not in result.output and "validation" not in result.output


def test_bad_ratios_exit_2():
    for args, phrase in ((["--val-ratio", 1.5], "below 1"), (["--test-ratio", -0.1], "at least 0"),
                         (["--val-ratio", 0.6, "--test-ratio", 0.4], "no samples to train")):
        result = run("train", TEST, *args)
        assert result.exit_code == 2, result.output
        assert phrase in result.stderr


def test_sim_on_a_fitnet_file_uses_its_processing(tmp_path):
    x, t = nn.read_data(TEST)
    nn.rng(0)
    net, _ = nn.train(nn.fitnet(5), x, t, display=None)
    path = tmp_path / "fit.npz"
    nn.save_net(path, net)
    out = tmp_path / "pred.txt"
    result = run("sim", path, CHECK, "-o", out)
    assert result.exit_code == 0, result.output
    assert "stores no premnmx" not in result.stderr
    pc, _ = nn.read_data(CHECK)
    np.testing.assert_allclose(np.loadtxt(out, comments="%"), net(pc).ravel(), rtol=1e-12)
