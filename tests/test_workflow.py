"""The premnmx settings kept with a net, and prediction in original units (pyneuro.workflow)."""

import numpy as np
import pytest

import pyneuro as nn
from pyneuro.errors import NetFileError

P = np.array([[-10.0, -5.0, 0.0, 5.0, 10.0], [1.0, 2.0, 3.0, 4.0, 5.0]])
T = np.array([[0.0, 7.07, -10.0, -7.07, 10.0]])


def test_fit_is_premnmx_and_round_trips():
    scaling, pn, tn = nn.MinMaxScaling.fit(P, T)
    # premnmx by its formula, 2 (p - min) / (max - min) - 1, per row.
    np.testing.assert_allclose(pn[0], P[0] / 10.0)
    np.testing.assert_allclose(pn[1], (P[1] - 3.0) / 2.0)
    np.testing.assert_allclose(tn, T / 10.0)
    np.testing.assert_allclose(scaling.inputs(P), pn)
    np.testing.assert_allclose(scaling.outputs(tn), T)
    assert set(scaling.settings()) == {"minp", "maxp", "mint", "maxt"}


def test_predict_is_postmnmx_of_sim_of_tramnmx():
    scaling, pn, tn = nn.MinMaxScaling.fit(P, T)
    net = nn.newff(nn.minmax(pn), [3, 1], ["tansig", "purelin"], "traingd", rng=1)
    P2 = np.array([[4.0, -7.0], [2.5, 6.0]])
    expected = nn.postmnmx(nn.sim(net, nn.tramnmx(P2, scaling.minp, scaling.maxp)),
                           scaling.mint, scaling.maxt)
    assert np.array_equal(nn.predict(net, P2, scaling), expected)
    assert np.array_equal(nn.predict(net, P2), nn.sim(net, P2))  # no scaling: plain sim


def test_settings_round_trip_through_a_net_file(tmp_path):
    scaling, pn, tn = nn.MinMaxScaling.fit(P, T)
    net = nn.newff(nn.minmax(pn), [3, 1], ["tansig", "purelin"], "traingd", rng=1)
    nn.save_net(tmp_path / "n.npz", net, **scaling.settings())
    net2, settings = nn.load_net(tmp_path / "n.npz")
    scaling2 = nn.MinMaxScaling.from_settings(settings)
    assert np.array_equal(nn.predict(net2, P, scaling2), nn.predict(net, P, scaling))


def test_half_a_pair_is_refused_naming_the_source():
    with pytest.raises(NetFileError, match="net.npz stores minp but not maxp"):
        nn.MinMaxScaling.from_settings({"minp": np.zeros((2, 1))}, "net.npz")
    only_outputs = nn.MinMaxScaling.from_settings({"mint": np.zeros((1, 1)),
                                                   "maxt": np.ones((1, 1))})
    assert not only_outputs.scales_inputs and only_outputs.scales_outputs


def test_stored_settings_must_be_columns_of_finite_numbers_of_the_nets_size():
    net = nn.newff([[-1, 1], [-1, 1]], [3, 1], ["tansig", "purelin"], "traingd", rng=1)
    good = {"minp": np.zeros((2, 1)), "maxp": np.ones((2, 1)),
            "mint": np.zeros((1, 1)), "maxt": np.ones((1, 1))}
    assert nn.MinMaxScaling.from_settings(good, "n.npz", net).minp.shape == (2, 1)
    for name, bad in (("minp", "abc"), ("maxp", np.array([[1.0], [np.inf]])),
                      ("mint", np.zeros((2, 1))), ("maxt", np.array(["x"]))):
        with pytest.raises(NetFileError, match=f"n.npz is damaged: its {name} setting"):
            nn.MinMaxScaling.from_settings(dict(good, **{name: bad}), "n.npz", net)
    # A description of a file may leave out half a pair instead of refusing it.
    half = nn.MinMaxScaling.from_settings({"minp": np.zeros((2, 1))}, "n.npz", net,
                                          pairs_only=True)
    assert not half.scales_inputs
