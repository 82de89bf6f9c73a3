"""``train_batch`` and ``restarts``: K nets trained as one stack give each net exactly what
``train`` gives it alone (the reference is ``train`` itself, which tests/test_training.py
checks against MATLAB's formulas and Octave fixtures); each net stops on its own.

Acceptance 1 of issue 15: 8 restarts batched equal the same 8 nets trained one by one, to
1e-12 (in fact bit for bit), in weights, ``tr.perf`` and stop epochs.
"""

from pathlib import Path

import numpy as np
import pytest

import pyneuro as nn
from pyneuro.training import USER_STOP, VALIDATION_STOP

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def data():
    P, T = nn.read_data(str(ROOT / "sample_data" / "Test.txt"))
    Pc, Tc = nn.read_data(str(ROOT / "sample_data" / "Check.txt"))
    pn, minp, maxp, tn, mint, maxt = nn.premnmx(P, T)
    return pn, tn, nn.tramnmx(Pc, minp, maxp), nn.tramnmx(Tc, mint, maxt)


def _net(P, fcn="traingdm", hidden=10, **param):
    net = nn.newff(nn.minmax(P), [hidden, 1], ["tansig", "purelin"], fcn, rng=0)
    net.trainParam.show = None
    for name, value in param.items():
        net.trainParam[name] = value
    return net


def _assert_same(batched, tr_b, alone, tr_a):
    np.testing.assert_allclose(nn.getwb(batched), nn.getwb(alone), rtol=0, atol=1e-12)
    assert tr_b.num_epochs == tr_a.num_epochs
    assert tr_b.best_epoch == tr_a.best_epoch
    assert tr_b.stop == tr_a.stop
    for state in ("perf", "vperf", "gradient", "val_fail"):
        np.testing.assert_allclose(getattr(tr_b, state), getattr(tr_a, state), rtol=0,
                                   atol=1e-12)


def test_eight_restarts_batched_equal_one_by_one(data):
    P, T, Pv, Tv = data
    net = _net(P, "traingdm", epochs=400)  # lr 0.01, max_fail 6: MATLAB defaults
    res = nn.restarts(net, P, T, k=8, VV=(Pv, Tv), rng=11)
    # The documented order: restart i starts from the i-th init(net) drawn from the stream.
    stream = nn.RandStream(11)
    starts = [nn.init(net, rng=stream) for _ in range(8)]
    stops = set()
    for i in range(8):
        alone, tr = nn.train(starts[i], P, T, VV=(Pv, Tv), display=None)
        _assert_same(res.nets[i], res.trs[i], alone, tr)
        stops.add(tr.num_epochs)
    # Precondition: the nets stopped at different epochs, so nets left the stack while others
    # went on (here two run all 400 epochs, six stop on validation at epochs 15-19).
    assert len(stops) > 2
    assert any(tr.stop == VALIDATION_STOP for tr in res.trs)
    assert res.best == int(np.argmin([tr.best_vperf for tr in res.trs]))
    assert res.net is res.nets[res.best] and res.tr is res.trs[res.best]


def test_each_net_keeps_its_own_stop_parameters(data):
    P, T, _, _ = data
    epochs = [5, 40, 12, 40, 1, 33]
    nets = []
    for k, e in enumerate(epochs):
        net = nn.init(_net(P, "traingd", hidden=4, epochs=e, lr=0.1), rng=100 + k)
        nets.append(net)
    nets[3].trainParam.goal = 0.2  # met early by this net only
    trained, trs = nn.train_batch(nets, P, T)
    assert [tr.num_epochs for tr in trs][:3] == [5, 40, 12]
    assert trs[3].stop == nn.training.GOAL_MET and trs[3].num_epochs < 40
    for k in range(len(nets)):
        alone, tr = nn.train(nets[k], P, T, display=None)
        _assert_same(trained[k], trs[k], alone, tr)


def test_trainlm_batch_steps_each_net_and_equals_alone(data):
    P, T, Pv, Tv = data
    net = _net(P, "trainlm", hidden=3, epochs=15)
    nets = [nn.init(net, rng=s) for s in (1, 2, 3)]
    trained, trs = nn.train_batch(nets, P, T, VV={"P": Pv, "T": Tv})
    for k in range(3):
        alone, tr = nn.train(nets[k], P, T, VV={"P": Pv, "T": Tv}, display=None)
        _assert_same(trained[k], trs[k], alone, tr)
        np.testing.assert_array_equal(trs[k].mu, tr.mu)


def test_frozen_weights_stay_and_match_alone(data):
    P, T, _, _ = data
    net = _net(P, "traingdm", hidden=4, epochs=20)
    net.biases[0].learn = False
    nets = [nn.init(net, rng=s) for s in (3, 4)]
    trained, trs = nn.train_batch(nets, P, T)
    for k in range(2):
        np.testing.assert_array_equal(trained[k].b[0], nets[k].b[0])
        alone, tr = nn.train(nets[k], P, T, display=None)
        _assert_same(trained[k], trs[k], alone, tr)


def test_a_callback_stops_one_net_and_the_others_go_on(data):
    P, T, _, _ = data
    nets = [nn.init(_net(P, "traingd", hidden=4, epochs=20), rng=s) for s in (1, 2, 3)]
    seen = []

    def callback(k, info):
        seen.append((k, info.epoch))
        return k == 1 and info.epoch == 4

    trained, trs = nn.train_batch(nets, P, T, callback=callback)
    assert [tr.num_epochs for tr in trs] == [20, 4, 20]
    assert trs[1].stop == USER_STOP
    assert (1, 5) not in seen and (2, 20) in seen
    alone, tr = nn.train(nets[2], P, T, display=None)
    _assert_same(trained[2], trs[2], alone, tr)


def test_progress_lines_name_their_net(data):
    P, T, _, _ = data
    net = _net(P, "traingd", hidden=2, epochs=2)
    net.trainParam.show = 1
    lines = []
    nn.train_batch([net, nn.init(net, rng=1)], P, T, display=lines.append)
    assert lines[0].startswith("net 0: TRAINGD, Epoch 0/2")
    assert any(line.startswith("net 1: TRAINGD, Maximum epoch reached.") for line in lines)


def test_restarts_are_reproducible_and_the_seed_matters(data):
    P, T, _, _ = data
    net = _net(P, "traingd", hidden=3, epochs=5)
    a = nn.restarts(net, P, T, k=3, rng=2)
    b = nn.restarts(net, P, T, k=3, rng=2)
    c = nn.restarts(net, P, T, k=3, rng=3)
    for i in range(3):
        np.testing.assert_array_equal(nn.getwb(a.nets[i]), nn.getwb(b.nets[i]))
    assert not np.array_equal(nn.getwb(a.nets[0]), nn.getwb(c.nets[0]))


def test_nets_that_differ_are_refused(data):
    P, T, _, _ = data
    net = _net(P, "traingdm", hidden=4)
    other_size = _net(P, "traingdm", hidden=5)
    with pytest.raises(nn.ShapeError, match=r"nets\[1\] differs"):
        nn.train_batch([net, other_size], P, T)
    other_lr = net.copy()
    other_lr.trainParam.lr = 0.5
    with pytest.raises(nn.ParameterError, match=r"nets\[1\]\.trainParam\.lr is 0\.5"):
        nn.train_batch([net, other_lr], P, T)
    other_fcn = _net(P, "traingd", hidden=4)
    with pytest.raises(nn.ParameterError, match="'traingd' but nets\\[0\\] with 'traingdm'"):
        nn.train_batch([net, other_fcn], P, T)
    with pytest.raises(nn.ParameterError, match="at least one network"):
        nn.train_batch([], P, T)
    with pytest.raises(nn.ParameterError, match="positive integer"):
        nn.restarts(net, P, T, k=0)


@pytest.mark.parametrize("perform", ["msereg", "mae", "sse"])
def test_other_performance_functions_match_alone(data, perform):
    # mae and msereg take the per-net path of the stacked objective (msereg with its weight
    # term), sse the stacked one; each net must still get its numbers alone.
    P, T, Pv, Tv = data
    net = nn.newff(nn.minmax(P), [3, 1], ["tansig", "purelin"], "traingdm", "learngdm",
                   perform, rng=0)
    net.trainParam.show = None
    net.trainParam.epochs = 15
    net.trainParam.lr = 0.001 if perform == "sse" else 0.01
    nets = [nn.init(net, rng=s) for s in (7, 8, 9)]
    trained, trs = nn.train_batch(nets, P, T, VV=(Pv, Tv))
    for k in range(3):
        alone, tr = nn.train(nets[k], P, T, VV=(Pv, Tv), display=None)
        _assert_same(trained[k], trs[k], alone, tr)


def test_newer_api_nets_are_configured_processed_and_divided_as_train_does():
    # feedforwardnet: mapminmax processing inside the net, divideblock (deterministic) picks
    # the validation and test columns; each net must match train() alone, division included.
    P, T = nn.read_data(str(ROOT / "sample_data" / "Test.txt"))
    net = nn.feedforwardnet(4, "traingdm")
    net.divideFcn = "divideblock"
    net.trainParam.epochs = 20
    net = nn.configure(net, P, T)
    nets = [nn.init(net, rng=s) for s in (1, 2, 3)]
    trained, trs = nn.train_batch(nets, P, T)
    assert len({tr.num_epochs for tr in trs}) > 1  # precondition: one stops on validation
    for k in range(3):
        alone, tr = nn.train(nets[k], P, T, display=None)
        _assert_same(trained[k], trs[k], alone, tr)
        for field in ("trainInd", "valInd", "testInd"):
            np.testing.assert_array_equal(getattr(trs[k], field), getattr(tr, field))
        np.testing.assert_array_equal(trs[k].tperf, tr.tperf)
