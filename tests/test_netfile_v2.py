"""Net file format 2: newer networks (processing, division, cascade connections) round trip,
and files of format 1 (written by ``pyneuro train`` before format 2) still load and simulate.
"""

import pathlib

import numpy as np
import pytest

import pyneuro as nn
from pyneuro.cli import main
from pyneuro.errors import ParameterError
from pyneuro.io.netfile import FORMAT_VERSION, read_net_header
from click.testing import CliRunner

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "netfile_v1"
V1_NET = FIXTURE / "traingdm_7-10-1.npz"
CHECK = ROOT / "sample_data" / "Check.txt"


def test_format_version_is_2():
    assert FORMAT_VERSION == 2


def test_v1_file_sim_matches_a_hand_computation_and_the_old_predictions(tmp_path):
    # The fixture was saved by `pyneuro train sample_data/Test.txt --epochs 50 --save` at the
    # commit before format 2; check_predictions.txt is what that commit's `pyneuro sim`
    # wrote for Check.txt.
    assert read_net_header(V1_NET)["format_version"] == 1
    out = tmp_path / "pred.txt"
    result = CliRunner().invoke(main, ["sim", str(V1_NET), str(CHECK), "-o", str(out)])
    assert result.exit_code == 0, result.output
    old = np.loadtxt(FIXTURE / "check_predictions.txt", comments="%")
    np.testing.assert_allclose(np.loadtxt(out, comments="%"), old, rtol=1e-12)
    # And by the formulas from the raw archive: tramnmx, tansig, purelin, postmnmx.
    with np.load(V1_NET, allow_pickle=False) as archive:
        wb = archive["wb"]
        minp, maxp = archive["settings.minp"], archive["settings.maxp"]
        mint, maxt = archive["settings.mint"], archive["settings.maxt"]
    P, _ = nn.read_data(CHECK)
    R, S = 7, 10
    b1, W1 = wb[:S].reshape(S, 1), wb[S:S + S * R].reshape((S, R), order="F")
    b2, W2 = wb[S + S * R], wb[S + S * R + 1:].reshape((1, S), order="F")
    pn = 2 * (P - minp) / (maxp - minp) - 1
    an = W2 @ np.tanh(W1 @ pn + b1) + b2
    np.testing.assert_allclose(old, ((an + 1) / 2 * (maxt - mint) + mint).ravel(), rtol=1e-9)


@pytest.mark.parametrize("build", [nn.feedforwardnet, nn.cascadeforwardnet])
def test_newer_nets_round_trip(build, tmp_path):
    x, t = nn.read_data(ROOT / "sample_data" / "Test.txt")
    nn.rng(1)
    net = build([4, 3])
    net.trainParam.epochs = 3
    net.divideFcn = "divideind"
    net.divideParam.trainInd = np.arange(200)
    net.divideParam.valInd = list(range(200, 300))
    net.layerWeights[2, 1].learn = False
    net, _ = nn.train(net, x, t, display=None)
    path = tmp_path / "net.npz"
    nn.save_net(path, net)
    loaded, _ = nn.load_net(path)
    np.testing.assert_array_equal(loaded(x), net(x))
    assert loaded.inputs[0].processFcns == net.inputs[0].processFcns
    assert loaded.outputs[-1].processSettings == net.outputs[-1].processSettings
    np.testing.assert_array_equal(loaded.inputs[0].processedRange, net.inputs[0].processedRange)
    assert sorted(loaded.layerWeights.keys()) == sorted(net.layerWeights.keys())
    assert loaded.layerWeights[2, 1].learn is False
    assert loaded.divideFcn == "divideind" and loaded.divideParam.valInd == list(range(200, 300))
    assert loaded.name == net.name


def test_unconfigured_net_cannot_be_saved(tmp_path):
    with pytest.raises(ParameterError, match="configure"):
        nn.save_net(tmp_path / "net.npz", nn.feedforwardnet(3))
