"""The .mat bridge: save_mat / load_mat, and the MATLAB-side functions run in GNU Octave.

The Octave tests run where ``octave`` is installed and skip (saying why) elsewhere; CI does not
install it. Octave computes independently of pyneuro: its own matrix products and exp, on
weights it read from the file.
"""

import os
import pathlib
import shutil
import subprocess

import numpy as np
import pytest
import scipy.io
from click.testing import CliRunner

import pyneuro as nn
from pyneuro.cli import main
from pyneuro.errors import FileAccessError, NetFileError, ParameterError
from pyneuro.io.matfile import _network_struct, load_mat, matlab_folder, save_mat

SAMPLE = pathlib.Path(__file__).resolve().parent.parent / "sample_data"
OCTAVE = shutil.which("octave")
needs_octave = pytest.mark.skipif(
    OCTAVE is None, reason="GNU Octave is not installed (apt-get install octave); the MATLAB-side "
                           "functions are tested only where it is")


@pytest.fixture
def trained():
    """A 3-5-2 net trained briefly on smooth data, with premnmx settings, as scripts make one."""
    q = np.linspace(0, 1, 40)
    P = np.vstack([np.sin(6 * q), q ** 2, np.cos(3 * q)]) * [[1], [10], [3]]
    T = np.vstack([P[0] * P[1], P[2] - P[0]])
    pn, minp, maxp, tn, mint, maxt = nn.premnmx(P, T)
    net = nn.newff(nn.minmax(pn), [5, 2], ["tansig", "purelin"], "traingdm", rng=3)
    net.trainParam.epochs = 30
    net.trainParam.show = None
    net, _ = nn.train(net, pn, tn)
    return net, P, dict(minp=minp, maxp=maxp, mint=mint, maxt=maxt)


def test_mat_file_holds_the_npz_files_weights(tmp_path, trained):
    # MATLAB: save net.mat net; s = load('net.mat'); s.net.IW{1,1}, s.net.LW{2,1}, s.net.b{i}
    net, _, settings = trained
    save_mat(tmp_path / "net.mat", net, **settings)
    nn.save_net(tmp_path / "net.npz", net, **settings)
    from_npz, npz_settings = nn.load_net(tmp_path / "net.npz")
    s = scipy.io.loadmat(tmp_path / "net.mat", squeeze_me=False)["net"][0, 0]
    assert s["IW"].shape == (2, 1) and s["LW"].shape == (2, 2) and s["b"].shape == (2, 1)
    np.testing.assert_array_equal(s["IW"][0, 0], from_npz.IW[0, 0])
    np.testing.assert_array_equal(s["LW"][1, 0], from_npz.LW[1, 0])
    assert s["LW"][0, 0].size == 0 and s["LW"][0, 1].size == 0 and s["LW"][1, 1].size == 0
    for i in range(2):
        np.testing.assert_array_equal(s["b"][i, 0], from_npz.b[i])
    assert [s["layers"][i, 0][0, 0]["transferFcn"][0] for i in range(2)] == ["tansig", "purelin"]
    np.testing.assert_array_equal(s["inputs"][0, 0][0, 0]["range"], from_npz.inputs[0].range)
    assert s["trainFcn"][0] == "traingdm"
    stored = scipy.io.loadmat(tmp_path / "net.mat")["settings"][0, 0]
    np.testing.assert_array_equal(stored["minp"], npz_settings["minp"])


def test_round_trip_keeps_weights_functions_parameters_and_settings(tmp_path, trained):
    # MATLAB: save net.mat net ps; load net.mat
    net, P, settings = trained
    net.layers[0].initFcn = "rands"
    net.biases[1].learn = False
    _, ps = nn.mapminmax(P)
    save_mat(tmp_path / "net.mat", net, ps=ps, note="auto mpg", flag=True, nothing=None,
             sizes=[1, 2.5, "a"], nested={"lr": 0.05}, **settings)
    loaded, stored = load_mat(tmp_path / "net.mat")
    np.testing.assert_array_equal(nn.getwb(loaded), nn.getwb(net))
    np.testing.assert_array_equal(loaded.inputs[0].range, net.inputs[0].range)
    assert loaded.trainParam == net.trainParam and loaded.trainParam.show is None
    assert (loaded.trainFcn, loaded.performFcn) == ("traingdm", "mse")
    assert loaded.layers[0].initFcn == "rands" and loaded.biases[1].learn is False
    assert stored["ps"] == ps
    np.testing.assert_array_equal(stored["minp"], settings["minp"])
    assert (stored["note"], stored["flag"], stored["nothing"]) == ("auto mpg", True, None)
    assert stored["sizes"] == [1.0, 2.5, "a"] and stored["nested"] == {"lr": 0.05}
    np.testing.assert_array_equal(nn.sim(loaded, P[:, :5] / 10), nn.sim(net, P[:, :5] / 10))


def test_save_mat_refuses_what_matlab_cannot_hold(tmp_path, trained):
    net, _, _ = trained
    with pytest.raises(ParameterError, match="MATLAB field names"):
        save_mat(tmp_path / "net.mat", net, **{"_private": 1})
    with pytest.raises(ParameterError, match="has type object"):
        save_mat(tmp_path / "net.mat", net, thing=object())
    with pytest.raises(ParameterError, match="needs a network"):
        save_mat(tmp_path / "net.mat", "net")
    with pytest.raises(FileAccessError, match="does not exist"):
        save_mat(tmp_path / "missing" / "net.mat", net)
    assert os.listdir(tmp_path) == []  # nothing written, no temporary file left


def test_load_mat_explains_files_it_cannot_read(tmp_path, trained):
    net, _, _ = trained
    (tmp_path / "text.mat").write_text("1 2 3\n")
    with pytest.raises(NetFileError, match="not a MATLAB MAT-file"):
        load_mat(tmp_path / "text.mat")
    scipy.io.savemat(tmp_path / "other.mat", {"W": np.eye(2)})
    with pytest.raises(NetFileError, match=r"no variable 'net' \(it holds: W\)"):
        load_mat(tmp_path / "other.mat")
    scipy.io.savemat(tmp_path / "object.mat", {"net": {"IW": np.eye(2)}})
    with pytest.raises(NetFileError, match="pyneuro_export"):
        load_mat(tmp_path / "object.mat")
    with pytest.raises(FileAccessError, match="No such file"):
        load_mat(tmp_path / "absent.mat")
    # A weight matrix that does not fit the layer sizes.
    struct = _network_struct(net)
    struct["b"][0, 0] = np.ones((2, 1))
    scipy.io.savemat(tmp_path / "bad.mat", {"net": struct})
    with pytest.raises(NetFileError, match=r"net.b\{1\}: expected a 5x1 matrix"):
        load_mat(tmp_path / "bad.mat")


def test_cli_save_and_sim_choose_the_format_by_suffix(tmp_path):
    # Shell: pyneuro train Test.txt --save net.mat; pyneuro sim net.mat Check.txt
    # (MATLAB: save net.mat net minp maxp mint maxt; load net.mat; ... sim ...)
    def run(*args):
        result = CliRunner().invoke(main, [str(a) for a in args])
        assert result.exit_code == 0, result.output
        return result

    common = [SAMPLE / "Test.txt", "--epochs", 40, "--seed", 2, "-q"]
    run("train", *common, "--save", tmp_path / "net.mat")
    run("train", *common, "--save", tmp_path / "net.npz")
    assert (tmp_path / "net.mat").read_bytes().startswith(b"MATLAB 5.0 MAT-file")
    from_npz, npz_settings = nn.load_net(tmp_path / "net.npz")
    s = scipy.io.loadmat(tmp_path / "net.mat")
    np.testing.assert_array_equal(s["net"][0, 0]["IW"][0, 0], from_npz.IW[0, 0])
    np.testing.assert_array_equal(s["net"][0, 0]["LW"][1, 0], from_npz.LW[1, 0])
    np.testing.assert_array_equal(s["net"][0, 0]["b"][0, 0], from_npz.b[0])
    np.testing.assert_array_equal(s["net"][0, 0]["b"][1, 0], from_npz.b[1])
    np.testing.assert_array_equal(s["settings"][0, 0]["maxp"], npz_settings["maxp"])
    for name in ("net.mat", "net.npz"):
        run("sim", tmp_path / name, SAMPLE / "Check.txt", "-o", tmp_path / f"{name}.txt")
    assert (tmp_path / "net.mat.txt").read_text() == (tmp_path / "net.npz.txt").read_text()


def test_matlab_folder_ships_both_functions():
    names = sorted(p.name for p in matlab_folder().iterdir() if p.name.endswith(".m"))
    assert names == ["pyneuro_export.m", "pyneuro_sim.m"]


# -- GNU Octave ---------------------------------------------------------------------------------


def run_octave(tmp_path, script):
    path = tmp_path / "run_test.m"
    path.write_text(f"addpath('{matlab_folder()}');\n{script}\n")
    done = subprocess.run([OCTAVE, "--no-gui", "--no-window-system", "--quiet", "--norc",
                           str(path)], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


@needs_octave
def test_octave_evaluates_a_saved_net_as_pyneuro_does(tmp_path, trained):
    # MATLAB/Octave without the toolbox: s = load('net.mat'); Y = pyneuro_sim(s.net, P, s.settings)
    net, P, settings = trained
    save_mat(tmp_path / "net.mat", net, **settings)
    scipy.io.savemat(tmp_path / "P.mat", {"P": P})
    run_octave(tmp_path, "s = load('net.mat'); d = load('P.mat');\n"
                         "Yn = pyneuro_sim(s.net, d.P / 7);\n"
                         "Y = pyneuro_sim('net.mat', d.P, s.settings);\n"
                         "save('-v6', 'Y.mat', 'Y', 'Yn');")
    out = scipy.io.loadmat(tmp_path / "Y.mat")
    expected_normalised = nn.sim(net, P / 7)
    expected = nn.postmnmx(nn.sim(net, nn.tramnmx(P, settings["minp"], settings["maxp"])),
                           settings["mint"], settings["maxt"])
    np.testing.assert_allclose(out["Yn"], expected_normalised, rtol=1e-12, atol=0)
    np.testing.assert_allclose(out["Y"], expected, rtol=1e-12, atol=0)


@needs_octave
@pytest.mark.parametrize("transfer", [["logsig", "tansig", "purelin"],
                                      ["radbas", "satlins", "softmax"]])
def test_octave_evaluates_every_layer_kind(tmp_path, transfer):
    net = nn.newff([[-1, 2], [0, 5]], [4, 3, 2], transfer, "traingd", rng=1)
    P = np.array([[-1, 0, 0.5, 2, 1.5], [0, 5, 2.5, 1, 4]])
    save_mat(tmp_path / "net.mat", net)
    scipy.io.savemat(tmp_path / "P.mat", {"P": P})
    run_octave(tmp_path, "d = load('P.mat'); Y = pyneuro_sim('net.mat', d.P);\n"
                         "save('-v6', 'Y.mat', 'Y');")
    np.testing.assert_allclose(scipy.io.loadmat(tmp_path / "Y.mat")["Y"], nn.sim(net, P),
                               rtol=1e-12, atol=1e-300)


def newer_api_nets():
    """A fitnet (removeconstantrows + mapminmax processing, dividerand) and a cascade net."""
    q = np.linspace(0, 1, 50)
    P = np.vstack([np.sin(5 * q), 3 * q, np.full(50, 2.0)])  # row 3 constant: removed
    T = np.vstack([P[0] * P[1], P[1] - P[0]])
    nets = []
    for net in (nn.fitnet(6), nn.cascadeforwardnet([4, 3])):
        net.trainParam.epochs = 5
        net.trainParam.show = None
        nets.append(nn.train(net, P, T)[0])
    return nets, P


@pytest.mark.parametrize("which", [0, 1], ids=["fitnet", "cascadeforwardnet"])
def test_newer_api_nets_round_trip(tmp_path, which):
    # MATLAB: net = fitnet(6); net = train(net, P, T); save net.mat net; load net.mat
    nets, P = newer_api_nets()
    net = nets[which]
    save_mat(tmp_path / "net.mat", net)
    loaded, _ = load_mat(tmp_path / "net.mat")
    np.testing.assert_array_equal(nn.getwb(loaded), nn.getwb(net))
    assert list(loaded.layerWeights.keys()) == list(net.layerWeights.keys())
    assert list(loaded.inputWeights.keys()) == list(net.inputWeights.keys())
    assert loaded.inputs[0].processFcns == ["removeconstantrows", "mapminmax"]
    assert loaded.inputs[0].processSettings == net.inputs[0].processSettings
    assert loaded.outputs[-1].processSettings == net.outputs[-1].processSettings
    assert (loaded.divideFcn, loaded.divideParam) == (net.divideFcn, net.divideParam)
    np.testing.assert_array_equal(nn.sim(loaded, P), nn.sim(net, P))


@needs_octave
@pytest.mark.parametrize("which", [0, 1], ids=["fitnet", "cascadeforwardnet"])
def test_octave_evaluates_and_rewrites_newer_api_nets(tmp_path, which):
    # Octave: s = load('net.mat'); Y = pyneuro_sim(s.net, P)  (processing and cascade links)
    # then pyneuro_export('again.mat', s.net) on the struct, and load_mat in Python.
    nets, P = newer_api_nets()
    net = nets[which]
    save_mat(tmp_path / "net.mat", net)
    scipy.io.savemat(tmp_path / "P.mat", {"P": P})
    run_octave(tmp_path, "s = load('net.mat'); d = load('P.mat');\n"
                         "Y = pyneuro_sim(s.net, d.P); save('-v6', 'Y.mat', 'Y');\n"
                         "pyneuro_export('again.mat', s.net);")
    expected = nn.sim(net, P)
    octave = scipy.io.loadmat(tmp_path / "Y.mat")["Y"]
    # Relative to the outputs' scale: the cascade sums its links in another order.
    np.testing.assert_allclose(octave, expected, rtol=1e-12, atol=1e-12 * abs(expected).max())
    again, _ = load_mat(tmp_path / "again.mat")
    np.testing.assert_array_equal(nn.getwb(again), nn.getwb(net))
    np.testing.assert_array_equal(nn.sim(again, P), expected)


@needs_octave
def test_a_net_written_by_octave_loads_with_the_same_outputs(tmp_path):
    # MATLAB: pyneuro_export('net.mat', net, 'minp', minp, 'maxp', maxp, 'ps', ps), on a
    # struct with a newff network's fields; then in Python: net, s = load_mat('net.mat').
    run_octave(tmp_path, r"""
net.numInputs = 1; net.numLayers = 2;
net.inputs = {struct('range', [0 1; -2 3], 'size', 2)};
net.layers = {struct('size', 3, 'transferFcn', 'tansig', 'initFcn', 'initnw'); ...
              struct('size', 1, 'transferFcn', 'purelin', 'initFcn', 'initnw')};
net.IW = {[1 2; 3 4; 5 6]; []};
net.LW = {[], []; [0.5 -0.25 0.125], []};
net.b = {[0.1; 0.2; 0.3]; -0.7};
net.biases = {struct('learn', true); struct('learn', false)};
net.trainFcn = 'traingdm';
net.trainParam = struct('epochs', 300, 'lr', 0.05, 'mc', 0.8, 'show', NaN, 'showWindow', false);
net.performFcn = 'mse';
ps = struct('name', 'mapminmax', 'xrows', 2, 'xmax', [1; 3], 'xmin', [0; -2], ...
            'xrange', [1; 5], 'yrows', 2, 'ymax', 1, 'ymin', -1, 'yrange', 2, ...
            'no_change', false, 'gain', [2; 0.4], 'xoffset', [0; -2]);
old_ps = struct('name', 'mapminmax', 'xrows', 2, 'xmax', [1; 3], 'xmin', [0; -2], ...
                'yrows', 2, 'ymax', 1, 'ymin', -1);
pyneuro_export('net.mat', net, 'minp', [0; -2], 'maxp', [1; 3], 'ps', ps, 'old_ps', old_ps);
P = [0.1 0.5 1 0; 2 -1 3 -2];
Y = pyneuro_sim(net, P);
save('-v6', 'Y.mat', 'Y', 'P');
""")
    net, settings = load_mat(tmp_path / "net.mat")
    octave = scipy.io.loadmat(tmp_path / "Y.mat")
    np.testing.assert_array_equal(net.IW[0, 0], [[1, 2], [3, 4], [5, 6]])
    np.testing.assert_array_equal(net.LW[1, 0], [[0.5, -0.25, 0.125]])
    np.testing.assert_array_equal(net.b[1], [[-0.7]])
    assert [layer.transferFcn for layer in net.layers] == ["tansig", "purelin"]
    assert net.trainFcn == "traingdm" and net.biases[1].learn is False
    assert (net.trainParam.epochs, net.trainParam.lr, net.trainParam.mc) == (300, 0.05, 0.8)
    assert net.trainParam.show is None
    np.testing.assert_allclose(nn.sim(net, octave["P"]), octave["Y"], rtol=1e-12, atol=0)
    # The hidden layer by hand for the first column: tansig([1 2; 3 4; 5 6]*[0.1; 2] + b).
    hidden = np.tanh(np.array([4.1, 8.3, 12.5]) + [0.1, 0.2, 0.3])
    by_hand = 0.5 * hidden[0] - 0.25 * hidden[1] + 0.125 * hidden[2] - 0.7
    assert octave["Y"][0, 0] == pytest.approx(by_hand, rel=1e-12)
    np.testing.assert_array_equal(settings["minp"], [[0], [-2]])
    assert settings["ps"].gain.ravel().tolist() == [2, 0.4]
    # R2006-era mapminmax settings have no gain/xoffset: kept as written, as a dict.
    old_ps = settings["old_ps"]
    assert isinstance(old_ps, dict) and sorted(old_ps) == ["name", "xmax", "xmin", "xrows",
                                                           "ymax", "ymin", "yrows"]
    np.testing.assert_array_equal(old_ps["xmax"], [[1], [3]])
