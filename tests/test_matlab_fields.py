"""MATLAB's forgiving habits that ported scripts rely on: field names in any case, unknown
fields refused, cells written as sets, trainParam fields of another function, single-output
assignments, and sim of a scalar. Each test names the MATLAB line it stands for.
"""

import pickle
import warnings

import numpy as np
import pytest

import pyneuro as nn
from pyneuro.errors import DataFormatError, IgnoredParameterWarning, ParameterError


@pytest.fixture
def net():
    return nn.newff([[0, 10]], [3, 1], ["tansig", "purelin"], "traingdm", rng=0)


# -- field names as MATLAB ----------------------------------------------------------------------


def test_network_fields_in_any_case(net):
    # MATLAB: net.iw{1,1}, net.lw{2,1}, net.B{1}, net.numlayers
    assert net.iw[0, 0] is not None and np.shares_memory(net.iw[0, 0], net.IW[0, 0])
    np.testing.assert_array_equal(net.lw[1, 0], net.LW[1, 0])
    np.testing.assert_array_equal(net.B[0], net.b[0])
    assert net.numlayers == 2 and net.trainfcn == "traingdm"
    # MATLAB: net.trainfcn = 'traingd'; net.performfcn = 'sse'  -- these now take effect
    net.trainfcn = "traingd"
    net.performfcn = "sse"
    assert (net.trainFcn, net.performFcn) == ("traingd", "sse")
    assert "mc" not in net.trainParam  # trainParam reset to traingd's, as MATLAB
    # MATLAB: net.iw{1,1} = ones(3,1)
    net.iw[0, 0] = np.ones((3, 1))
    np.testing.assert_array_equal(net.IW[0, 0], np.ones((3, 1)))


def test_parts_and_structs_in_any_case(net):
    # MATLAB: net.layers{1}.transferfcn = 'logsig'; net.biases{2}.LEARN = 0;
    net.layers[0].transferfcn = "logsig"
    assert net.layers[0].transferFcn == "logsig" and net.layers[0].TRANSFERFCN == "logsig"
    net.biases[1].LEARN = False
    assert net.biases[1].learn is False
    assert net.inputs[0].Range.shape == (1, 2)
    # MATLAB: net.trainParam.Epochs = 50; net.trainparam.LR = 0.1;
    # MATLAB: net = fitnet(5); net.divideparam.trainratio = 0.8; net.inputs{1}.processfcns
    fit = nn.fitnet(5)
    fit.divideparam.trainratio = 0.8
    fit.inputs[0].processfcns = ["mapminmax"]
    assert fit.divideParam.trainRatio == 0.8 and fit.inputs[0].processFcns == ["mapminmax"]
    net.trainParam.Epochs = 50
    net.trainparam.LR = 0.1
    assert (net.trainParam.epochs, net.trainParam.lr) == (50, 0.1)
    assert "EPOCHS" in net.trainParam


def test_unknown_fields_are_refused_listing_the_valid_ones(net):
    # MATLAB: net.foo = 1  -> error "Reference to non-existent field 'foo'" (no silent field)
    with pytest.raises(ParameterError, match=r"net has no field 'foo'; valid fields: .*IW.*"
                                             r"trainFcn"):
        net.foo = 1
    with pytest.raises(AttributeError, match="net has no field 'foo'"):
        net.foo
    with pytest.raises(ParameterError, match=r"net.layers\[i\] has no field 'transfer_fcn'; "
                                             r"valid fields: .*transferFcn"):
        net.layers[0].transfer_fcn = "logsig"
    with pytest.raises(ParameterError, match="has no field 'lern'"):
        net.biases[0].lern = False
    with pytest.raises(ParameterError, match="performParam has no field"):
        net.performParam.ratio = 0.5  # mse has no performParam fields
    assert not hasattr(net, "foo") and hasattr(net, "trainparam")


def test_networks_with_case_insensitive_fields_still_copy_and_pickle(net):
    net.trainParam.lr = 0.2
    for other in (net.copy(), pickle.loads(pickle.dumps(net))):
        assert other.trainparam.lr == 0.2
        with pytest.raises(ParameterError):
            other.bogus = 1


# -- a MATLAB cell literal written as a Python set -------------------------------------------------


def test_a_set_of_transfer_functions_is_refused():
    # MATLAB: net = newff(PR, [10 1], {'tansig', 'purelin'}, 'traingdm');
    # Python: {'tansig', 'purelin'} is a set, whose order is arbitrary.
    with pytest.raises(ParameterError, match=r"is a set .*Write a list \[\.\.\.\]"):
        nn.newff([[0, 1]], [10, 1], {"tansig", "purelin"}, "traingdm")
    net = nn.newff([[0, 1]], [10, 1], ["tansig", "purelin"], "traingdm", rng=0)
    assert [layer.transferFcn for layer in net.layers] == ["tansig", "purelin"]
    # MATLAB: net = feedforwardnet(10); net.inputs{1}.processFcns = {'removeconstantrows','mapminmax'};
    net = nn.feedforwardnet(10)
    with pytest.raises(ParameterError, match=r"processFcns is a set"):
        net.inputs[0].processFcns = {"removeconstantrows", "mapminmax"}
    # MATLAB: net = newff(P, T, 10, {'tansig','purelin'})
    P = np.array([[0.0, 1.0, 2.0, 3.0]])
    with pytest.raises(ParameterError, match=r"is a set"):
        nn.newff(P, P, 10, {"tansig", "purelin"})


# -- trainParam fields of another training function -------------------------------------------------


def test_a_field_of_another_training_function_is_kept_and_ignored(net):
    # MATLAB: net = newff(PR, [3 1]); net.trainParam.lr = 0.05;  (trainlm has no lr; MATLAB
    # runs the script and lr has no effect)
    net.trainFcn = "trainlm"
    with pytest.warns(IgnoredParameterWarning, match=r"trainParam.lr has no effect on trainlm; "
                                                     r"it is a parameter of .*traingdm"):
        net.trainParam.lr = 0.05
    assert net.trainParam.lr == 0.05
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        net.trainParam.lr = 0.1  # one warning per field, not per assignment
    assert "lr" not in net.trainParam.to_dict()
    # The field is ignored by training: the same run as without it.
    P = np.linspace(0, 10, 9).reshape(1, -1)
    T = np.sin(P / 3)
    net.trainParam.epochs = 3
    net.trainParam.show = None
    plain = nn.newff([[0, 10]], [3, 1], ["tansig", "purelin"], "trainlm", rng=0)
    plain.trainParam.epochs = 3
    plain.trainParam.show = None
    np.testing.assert_array_equal(nn.getwb(nn.train(net, P, T)[0]),
                                  nn.getwb(nn.train(plain, P, T)[0]))


def test_a_field_no_training_function_has_stays_an_error(net):
    # MATLAB: net.trainParam.epoch = 5000  -> error (a typo of epochs)
    with pytest.raises(ParameterError, match="trainParam has no field 'epoch'; valid fields: "
                                             "epochs"):
        net.trainParam.epoch = 5000


# -- single-output idioms -----------------------------------------------------------------------


def test_a_whole_premnmx_result_where_an_array_is_expected(net):
    # MATLAB: a = premnmx(a); sim(net, a)   (MATLAB keeps the first output)
    a = nn.premnmx(np.array([[0.0, 5.0, 10.0]]))
    with pytest.raises(DataFormatError, match=r"whole result of premnmx\(\.\.\.\), a tuple "
                                              r"\(pn, minp, maxp\).*write pn, minp, maxp = "
                                              r"premnmx\(\.\.\.\), or premnmx\(\.\.\.\)\[0\]"):
        nn.sim(net, a)
    # MATLAB: [y, ps] = mapminmax(x); but y = mapminmax(x) then using y
    y = nn.mapminmax(np.array([[1.0, 2.0, 3.0]]))
    with pytest.raises(DataFormatError, match=r"write y, ps = mapminmax"):
        nn.sim(net, y)


def test_a_net_tr_pair_where_a_network_is_expected(net):
    # MATLAB: net = train(net, P, T); Y = sim(net, P)   (MATLAB keeps the first output)
    P = np.array([[0.0, 5.0, 10.0]])
    net.trainParam.epochs = 1
    net.trainParam.show = None
    pair = nn.train(net, P, P / 10)
    for call in (lambda: nn.sim(pair, P), lambda: nn.train(pair, P, P),
                 lambda: nn.getwb(pair), lambda: nn.init(pair)):
        with pytest.raises(ParameterError, match=r"pair \(net, tr\) that train returns.*write "
                                                 r"net, tr = train\(net, P, T\)"):
            call()


# -- sim of a scalar or a vector ------------------------------------------------------------------


def test_sim_takes_a_scalar_or_a_vector_for_a_one_input_net(net):
    # MATLAB: y = sim(net, 6.5)  and  y = sim(net, [1 2 3])
    expected = nn.sim(net, np.array([[6.5]]))
    np.testing.assert_array_equal(nn.sim(net, 6.5), expected)
    np.testing.assert_array_equal(nn.sim(net, np.float64(6.5)), expected)
    np.testing.assert_array_equal(nn.sim(net, [1, 2, 3]), nn.sim(net, np.array([[1, 2, 3]])))
    assert nn.sim(net, 6.5).shape == (1, 1)
    two = nn.newff([[0, 1], [0, 1]], [2, 1], rng=0)
    with pytest.raises(nn.ShapeError, match=r"shape \(2, Q\)"):
        nn.sim(two, 0.5)
