"""The newer MATLAB API: newff(P, T, S), feedforwardnet, fitnet, cascadeforwardnet, with
processing functions inside the net and data division in train."""

import numpy as np
import pytest

import pyneuro as nn
from pyneuro.errors import ParameterError, ShapeError
from pyneuro.training.backprop import Objective
from pyneuro.transfer import TRANSFER_FUNCTIONS

from test_gradient import _fd


@pytest.fixture(scope="module")
def data():
    x, t = nn.read_data("sample_data/Test.txt")
    pc, tc = nn.read_data("sample_data/Check.txt")
    return x, t, pc, tc


def test_fitnet_doc_script_on_raw_data(data):
    # MATLAB: net = fitnet(10); [net,tr] = train(net,x,t); y = net(x); perf = perform(net,t,y)
    x, t, pc, tc = data
    nn.rng("default")
    net = nn.fitnet(10)
    net, tr = nn.train(net, x, t, display=None)
    y = net(x)
    perf = nn.perform(net, t, y)
    # 300 samples, dividerand 0.7/0.15/0.15: round(45) validation and test, 210 training;
    # sorted, disjoint, covering every sample.
    assert (len(tr.trainInd), len(tr.valInd), len(tr.testInd)) == (210, 45, 45)
    for ind in (tr.trainInd, tr.valInd, tr.testInd):
        assert np.all(np.diff(ind) > 0)
    assert sorted(np.concatenate([tr.trainInd, tr.valInd, tr.testInd]).tolist()) == \
        list(range(300))
    assert tr.stop in ("Validation stop.", "Performance goal met.", "Minimum gradient reached.",
                       "Maximum MU reached.")
    assert tr.num_epochs < 1000
    # y in original units (mpg): its scale is the targets', and perform is their MSE.
    assert abs(np.mean(y) - np.mean(t)) < 0.1 * np.std(t)
    assert perf == pytest.approx(np.mean((t - y) ** 2))
    assert perf < np.var(t) / 3
    r = np.corrcoef(nn.sim(net, pc).ravel(), tc.ravel())[0, 1]
    assert r >= 0.9
    # Masks: 1 in the set, NaN elsewhere, one column per sample.
    assert tr.trainMask.shape == (1, 300)
    assert np.nansum(tr.trainMask) == 210 and np.isnan(tr.trainMask[0, tr.valInd]).all()
    assert tr.divideFcn == "dividerand" and tr.divideMode == "sample"
    assert tr.best_vperf == pytest.approx(tr.vperf[tr.best_epoch])
    assert tr.best_tperf == pytest.approx(tr.tperf[tr.best_epoch])


def test_newff_newer_syntax_builds_processing_and_division(data):
    x, t, _, _ = data
    net = nn.newff(x, t, 10, rng=0)
    assert [net.inputs[0].size] + [layer.size for layer in net.layers] == [7, 10, 1]
    assert net.inputs[0].processFcns == ["fixunknowns", "removeconstantrows", "mapminmax"]
    assert net.outputs[-1].processFcns == ["removeconstantrows", "mapminmax"]
    assert net.divideFcn == "dividerand"
    assert [layer.transferFcn for layer in net.layers] == ["tansig", "purelin"]
    net2 = nn.newff(x, t, [5, 4], ["tansig", "tansig", "purelin"], rng=0)
    assert [net2.inputs[0].size] + [layer.size for layer in net2.layers] == [7, 5, 4, 1]
    assert net2.IW[0, 0].shape == (5, 7) and net2.LW[2, 1].shape == (1, 4)


def test_classic_newff_unchanged(data):
    x, _, _, _ = data
    net = nn.newff(nn.minmax(x), [10, 1])
    assert [layer.size for layer in net.layers] == [10, 1]
    assert net.inputs[0].processFcns == [] and net.outputs[-1].processFcns == []
    assert net.divideFcn == ""
    assert [layer.transferFcn for layer in net.layers] == ["tansig", "tansig"]


def test_two_samples_read_as_classic_as_matlab_does():
    # MATLAB's test: 2 columns, a row second argument, no third: the classic syntax. So data
    # with 2 samples is misread as PR and the targets as layer sizes.
    P = np.array([[1.0, 2.0], [3.0, 5.0]])
    net = nn.newff(P, np.array([[3, 1]]), rng=0)
    assert [layer.size for layer in net.layers] == [3, 1]
    np.testing.assert_array_equal(net.inputs[0].range, P)
    assert net.divideFcn == ""
    with pytest.raises(ShapeError, match=r"newff\(P, T, \[hidden sizes\]\)"):
        nn.newff(P, np.array([[0.5, 2.5]]))
    # With the hidden sizes given, the same data builds the newer net.
    net = nn.newff(P, np.array([[0.5, 2.5]]), 3, rng=0)
    assert [layer.size for layer in net.layers] == [3, 1] and net.divideFcn == "dividerand"


def test_feedforwardnet_sizes_zero_until_configured():
    net = nn.feedforwardnet([5, 3])
    assert net.inputs[0].size == 0 and net.outputs[-1].size == 0
    assert [layer.size for layer in net.layers] == [5, 3, 0]
    assert net.numWeightElements == 5 + 3 + 15  # b1, b2, LW{2,1}
    with pytest.raises(ParameterError, match="configure"):
        nn.sim(net, np.zeros((2, 3)))
    P = np.array([[1.0, 2, 3, 4], [7, 7, 7, 7]])
    T = np.array([[0.0, 1, 4, 9], [2, 3, 2, 3]])
    net = nn.configure(net, P, T, rng=0)
    # The constant row is removed before mapminmax: IW{1,1} sees one processed row.
    assert net.inputs[0].size == 2 and net.inputs[0].processedSize == 1
    assert net.IW[0, 0].shape == (5, 1) and net.layers[-1].size == 2
    assert net.numWeightElements == (5 + 5) + (3 + 15) + (2 + 6)
    assert nn.sim(net, P).shape == (2, 4)


def test_initnw_uses_the_processed_range():
    # After mapminmax every input row spans [-1, 1], so configure's initnw must give the same
    # first-layer weights as a classic newff on the range [-1 1] with the same random draws.
    rs = np.random.RandomState(3)
    P = rs.uniform(5, 50, size=(3, 20))
    T = rs.uniform(-3, 3, size=(1, 20))
    net = nn.configure(nn.feedforwardnet(4), P, T, rng=7)
    classic = nn.newff(np.tile([-1.0, 1.0], (3, 1)), [4, 1], ["tansig", "purelin"], rng=7)
    np.testing.assert_allclose(net.IW[0, 0], classic.IW[0, 0], rtol=1e-12)
    np.testing.assert_allclose(net.b[0], classic.b[0], rtol=1e-12)


def test_sim_applies_and_reverses_processing():
    rs = np.random.RandomState(0)
    P = rs.uniform(0, 100, size=(2, 15))
    T = rs.uniform(10, 20, size=(1, 15))
    net = nn.configure(nn.feedforwardnet(3), P, T, rng=1)
    # By hand: mapminmax of each input row to [-1, 1], tansig layer, purelin layer, then the
    # output's mapminmax reversed ([-1, 1] back to [min T, max T]).
    pn = 2 * (P - P.min(1, keepdims=True)) / np.ptp(P, 1, keepdims=True) - 1
    a = np.tanh(net.IW[0, 0] @ pn + net.b[0])
    yn = net.LW[1, 0] @ a + net.b[1]
    y = (yn + 1) / 2 * np.ptp(T) + T.min()
    np.testing.assert_allclose(net(P), y, rtol=1e-12)


def test_train_divides_anew_on_every_call():
    rs = np.random.RandomState(1)
    P = rs.uniform(-1, 1, size=(2, 40))
    T = P[:1] * P[1:]
    net = nn.feedforwardnet(3)
    net.trainParam.epochs = 3
    _, tr1 = nn.train(net, P, T, display=None)
    _, tr2 = nn.train(net, P, T, display=None)
    assert tr1.trainInd.tolist() != tr2.trainInd.tolist()
    net.divideFcn = ""
    _, tr = nn.train(net, P, T, display=None)
    assert tr.trainInd.tolist() == list(range(40)) and tr.valInd.size == 0
    assert np.isnan(tr.vperf).all()


def test_divide_param_and_divideind_in_train():
    rs = np.random.RandomState(2)
    P = rs.uniform(-1, 1, size=(1, 20))
    T = P ** 2
    net = nn.feedforwardnet(2)
    net.divideFcn = "divideind"
    assert "trainInd" in net.divideParam
    net.divideParam.trainInd = list(range(0, 12))
    net.divideParam.valInd = list(range(12, 16))
    net.divideParam.testInd = list(range(16, 20))
    net.trainParam.epochs = 2
    _, tr = nn.train(net, P, T, display=None)
    assert tr.trainInd.tolist() == list(range(12)) and tr.testInd.tolist() == [16, 17, 18, 19]
    net.divideFcn = "divideblock"
    assert net.divideParam.trainRatio == 0.7  # assigning divideFcn resets divideParam
    with pytest.raises(ParameterError, match="divideMode"):
        net.divideMode = "time"


def test_train_performance_is_on_processed_targets():
    rs = np.random.RandomState(4)
    P = rs.uniform(0, 10, size=(1, 30))
    T = 100 + 50 * np.sin(P)
    net = nn.feedforwardnet(3)
    net.divideFcn = ""
    net.trainParam.epochs = 5
    net, tr = nn.train(net, P, T, display=None)
    # tr.perf is the MSE of the mapminmax'd targets (slope 2/range T).
    scale = 2 / np.ptp(T)
    assert tr.perf[tr.best_epoch] == pytest.approx(nn.perform(net, T, net(P)) * scale ** 2)


def _cascade_by_formula(net, P):
    """Cascade forward pass by the formulas: layer i sees the input and every earlier layer."""
    pn = nn.mapminmax("apply", P, net.inputs[0].processSettings[-1])
    outputs = []
    for i, layer in enumerate(net.layers):
        n = net.IW[i, 0] @ pn + net.b[i]
        for j in range(i):
            n = n + net.LW[i, j] @ outputs[j]
        outputs.append(TRANSFER_FUNCTIONS[layer.transferFcn].apply(n.copy()))
    return nn.mapminmax("reverse", outputs[-1], net.outputs[-1].processSettings[-1])


def test_cascadeforwardnet_trains_and_its_gradient_checks():
    rs = np.random.RandomState(5)
    P = rs.uniform(-2, 2, size=(2, 25))
    T = np.sin(P[:1]) + P[1:] ** 2
    net = nn.cascadeforwardnet(5)
    assert net.inputConnect.ravel().tolist() == [True, True]
    assert net.layerConnect.tolist() == [[False, False], [True, False]]
    nn.rng(0)
    net.trainParam.epochs = 30
    trained, tr = nn.train(net, P, T, display=None)
    assert tr.perf[tr.best_epoch] < tr.perf[0]
    assert trained.IW[1, 0].shape == (1, 2)  # the input feeds the output layer too
    np.testing.assert_allclose(trained(P), _cascade_by_formula(trained, P), rtol=1e-10)
    # The back-propagated gradient against central differences, on processed data.
    x = nn.getwb(trained)
    trained = nn.setwb(trained, x + 0.3 * rs.standard_normal(x.size))
    Pn = nn.mapminmax("apply", P, trained.inputs[0].processSettings[-1])
    Tn = nn.mapminmax("apply", T, trained.outputs[-1].processSettings[-1])
    obj = Objective(trained, Pn, Tn)
    x = obj.x0()
    _, g = obj.perf_grad(x.copy())
    np.testing.assert_allclose(g, _fd(obj, x), rtol=1e-6, atol=1e-8)


def test_gsubtract_and_view(capsys):
    assert nn.gsubtract([[3.0, 1.0]], [[1.0, 1.0]]).tolist() == [[2.0, 0.0]]
    net = nn.configure(nn.cascadeforwardnet(2), [[0.0, 1, 2]], [[1.0, 0, 1]], rng=0)
    nn.view(net)
    text = capsys.readouterr().out
    assert "layer 2: 1 purelin  <- input 1, layer 1" in text
    assert "removeconstantrows -> mapminmax" in text


def test_unknown_inputs_are_filled_by_fixunknowns():
    # newff(P, T, S) puts fixunknowns first: NaN inputs train and simulate (MATLAB 5.1+);
    # a net without it still refuses them.
    rs = np.random.RandomState(6)
    P = rs.uniform(-1, 1, size=(2, 30))
    T = P[:1] + 2 * P[1:]
    P[1, [3, 7]] = np.nan
    net = nn.newff(P, T, 3, rng=0)
    assert net.inputs[0].processedSize == 3  # the row with NaN gains a known-flag row
    net.trainParam.epochs = 5
    net, tr = nn.train(net, P, T, display=None)
    assert np.isfinite(net(P)).all() and np.isfinite(tr.perf).all()
    with pytest.raises(nn.DataFormatError, match="finite"):
        nn.train(nn.configure(nn.feedforwardnet(3), np.nan_to_num(P), T), P, T)


def test_trace_of_a_processed_net_steps_on_processed_values():
    # The traced step works on what the layers see (after processFcns); its descent by train
    # (which processes by itself, on every sample) must agree with it.
    rs = np.random.RandomState(7)
    P = rs.uniform(0, 50, size=(3, 12))
    P[2] = 4.0  # a constant row, removed by removeconstantrows
    T = 10 + P[:1] / 5
    net = nn.configure(nn.fitnet(2), P, T, rng=0)
    tr = nn.trace(net, P[:, :4], T[:, :4], lr=0.1, steps=2)
    assert tr.architecture == "3-2-1" and len(tr.input_names) == 2
    Tn = nn.mapminmax("apply", T[:, :4], net.outputs[-1].processSettings[-1])
    Yn = nn.mapminmax("apply", net(P[:, :4]), net.outputs[-1].processSettings[-1])
    assert tr.error == pytest.approx(0.5 * np.sum((Tn - Yn) ** 2), rel=1e-12)
    assert tr.errors[1] == pytest.approx(tr.error_after, rel=1e-12)
