"""The network object: weight views, getwb/setwb, sim, newff's arguments and defaults.

Reference: SPEC.md §4, MATLAB_REFERENCE.md §3.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import pyneuro as nn
from pyneuro.errors import DataFormatError, ParameterError, ShapeError, UnknownFunctionError


@pytest.fixture
def net():
    # 2 inputs, 3 tansig hidden neurons, 1 purelin output.
    return nn.newff([[-1, 1], [0, 2]], [3, 1], ["tansig", "purelin"], "traingd", rng=0)


# -- weight views ----------------------------------------------------------------------------

def test_weight_shapes(net):
    assert net.IW[0, 0].shape == (3, 2)
    assert net.LW[1, 0].shape == (1, 3)
    assert net.b[0].shape == (3, 1)
    assert net.b[1].shape == (1, 1)
    assert net.numLayers == 2
    assert [l.size for l in net.layers] == [3, 1]
    assert net.inputs[0].size == 2
    np.testing.assert_array_equal(net.inputs[0].range, [[-1, 1], [0, 2]])


def test_getwb_order_per_layer_b_iw_lw_column_major(net):
    # MATLAB getwb: layer 1: b{1}, IW{1,1}(:); layer 2: b{2}, LW{2,1}(:).
    x = nn.getwb(net)
    expected = np.concatenate([net.b[0].ravel(), net.IW[0, 0].ravel(order="F"),
                               net.b[1].ravel(), net.LW[1, 0].ravel(order="F")])
    np.testing.assert_array_equal(x, expected)
    assert x.shape == (3 + 6 + 1 + 3,)


def test_getwb_order_with_known_values(net):
    net.b[0] = [[1], [2], [3]]
    net.IW[0, 0] = [[4, 7], [5, 8], [6, 9]]  # column-major: 4 5 6 7 8 9
    net.b[1] = [[10]]
    net.LW[1, 0] = [[11, 12, 13]]
    np.testing.assert_array_equal(nn.getwb(net), np.arange(1.0, 14.0))


def test_writing_into_a_view_changes_the_net(net):
    x0 = nn.getwb(net)
    view = net.IW[0, 0]
    view[1, 0] = 42.0  # IW(2,1) in MATLAB: 4th entry of getwb (after the 3 biases)
    x = nn.getwb(net)
    assert x[3 + 1] == 42.0
    x0[4] = 42.0
    np.testing.assert_array_equal(x, x0)
    net.b[1][0, 0] = -5.0
    assert nn.getwb(net)[9] == -5.0
    net.LW[1, 0][0, 2] = 0.125
    assert nn.getwb(net)[12] == 0.125


def test_views_see_later_writes(net):
    view = net.LW[1, 0]
    net.LW[1, 0] = [[1.0, 2.0, 3.0]]
    np.testing.assert_array_equal(view, [[1.0, 2.0, 3.0]])


def test_assignment_is_shape_checked(net):
    with pytest.raises(ShapeError):
        net.IW[0, 0] = np.zeros((2, 3))
    with pytest.raises(ShapeError):
        net.LW[1, 0] = np.zeros((3, 1))
    with pytest.raises(ShapeError):
        net.b[0] = np.zeros((2, 1))
    # A bias may be given as a plain vector of the right length.
    net.b[0] = [1.0, 2.0, 3.0]
    np.testing.assert_array_equal(net.b[0], [[1.0], [2.0], [3.0]])


def test_failed_assignment_changes_nothing(net):
    x0 = nn.getwb(net)
    with pytest.raises(ShapeError):
        net.IW[0, 0] = np.ones(6)
    np.testing.assert_array_equal(nn.getwb(net), x0)


@pytest.mark.parametrize("access", ["IW[1, 0]", "IW[0, 1]", "LW[0, 0]", "LW[2, 1]", "b[2]"])
def test_nonexistent_weight_raises(net, access):
    with pytest.raises(ParameterError):
        eval("net." + access, {"net": net})


def test_nonexistent_learn_flag_raises(net):
    with pytest.raises(ParameterError):
        net.layerWeights[0, 1]
    with pytest.raises(ParameterError):
        net.inputWeights[1, 0]


def test_learn_flag_must_be_boolean(net):
    net.biases[0].learn = False
    assert net.biases[0].learn is False
    with pytest.raises(ParameterError):
        net.biases[0].learn = "no"


# -- getwb / setwb ---------------------------------------------------------------------------

def test_getwb_returns_a_copy(net):
    x = nn.getwb(net)
    x[:] = 0.0
    assert np.any(nn.getwb(net) != 0.0)


def test_setwb_round_trip_and_value_semantics(net):
    x0 = nn.getwb(net)
    x = np.arange(x0.size, dtype=float) / 7.0
    net2 = nn.setwb(net, x)
    assert net2 is not net
    np.testing.assert_array_equal(nn.getwb(net2), x)
    np.testing.assert_array_equal(nn.getwb(net), x0)  # the original is unchanged
    np.testing.assert_array_equal(nn.getwb(nn.setwb(net2, x0)), x0)
    x[0] = 99.0
    assert nn.getwb(net2)[0] == 0.0  # setwb copied the vector
    # The views of the new net follow the getwb order.
    np.testing.assert_array_equal(net2.b[0].ravel(), np.arange(3) / 7.0)


@settings(max_examples=40, deadline=None, database=None)
@given(sizes=st.lists(st.integers(1, 4), min_size=1, max_size=3), n_inputs=st.integers(1, 3),
       data=st.data())
def test_getwb_setwb_round_trip_property(sizes, n_inputs, data):
    net = nn.newff([[-1, 1]] * n_inputs, sizes, ["tansig"] * len(sizes), "traingd", rng=0)
    n = n_inputs * sizes[0] + sum(sizes) + sum(a * b for a, b in zip(sizes[1:], sizes[:-1]))
    assert nn.getwb(net).size == n
    x = data.draw(arrays(np.float64, n, elements=st.floats(-1e6, 1e6)))
    net2 = nn.setwb(net, x)
    np.testing.assert_array_equal(nn.getwb(net2), x)
    # The views agree with the vector: b, IW / LW column by column, layer by layer.
    pos = 0
    for i in range(len(sizes)):
        W = net2.IW[0, 0] if i == 0 else net2.LW[i, i - 1]
        for block in (net2.b[i], W):
            np.testing.assert_array_equal(block.ravel(order="F"), x[pos:pos + block.size])
            pos += block.size
    assert pos == n


def test_setwb_accepts_column_vector(net):
    n = nn.getwb(net).size
    net2 = nn.setwb(net, np.ones((n, 1)))
    np.testing.assert_array_equal(nn.getwb(net2), np.ones(n))


@pytest.mark.parametrize("bad", [np.zeros(12), np.zeros(14), np.zeros((13, 2))])
def test_setwb_wrong_length_raises(net, bad):
    with pytest.raises(ShapeError):
        nn.setwb(net, bad)


def test_copy_is_independent(net):
    c = net.copy()
    c.IW[0, 0] = np.zeros((3, 2))
    c.trainParam.lr = 0.5
    c.biases[0].learn = False
    c.layers[0].transferFcn = "logsig"
    assert np.any(net.IW[0, 0] != 0)
    assert net.trainParam.lr == 0.01
    assert net.biases[0].learn is True
    assert net.layers[0].transferFcn == "tansig"


# -- sim -------------------------------------------------------------------------------------

def test_sim_matches_formula(net):
    P = np.array([[-1.0, 0.0, 0.5, 1.0], [0.0, 2.0, 1.0, 0.25]])
    Y = nn.sim(net, P)
    assert Y.shape == (1, 4)
    A1 = np.tanh(net.IW[0, 0] @ P + net.b[0])
    np.testing.assert_allclose(Y, net.LW[1, 0] @ A1 + net.b[1], rtol=1e-13, atol=1e-15)


def test_sim_three_layers_logsig():
    net = nn.newff([[0, 1]], [2, 3, 2], ["logsig", "tansig", "purelin"], rng=4)
    P = np.array([[0.0, 0.3, 1.0]])
    A1 = 1 / (1 + np.exp(-(net.IW[0, 0] @ P + net.b[0])))
    A2 = np.tanh(net.LW[1, 0] @ A1 + net.b[1])
    np.testing.assert_allclose(nn.sim(net, P), net.LW[2, 1] @ A2 + net.b[2], rtol=1e-13,
                               atol=1e-15)
    assert nn.sim(net, P).shape == (2, 3)


def test_call_equals_sim(net):
    P = np.array([[0.1, 0.2], [0.3, 0.4]])
    np.testing.assert_array_equal(net(P), nn.sim(net, P))


def test_sim_does_not_change_input(net):
    P = np.array([[0.1, 0.2], [0.3, 0.4]])
    P0 = P.copy()
    nn.sim(net, P)
    np.testing.assert_array_equal(P, P0)


def test_sim_one_input_1d_is_a_row():
    net = nn.newff([[0, 10]], [5, 1], ["tansig", "purelin"], rng=0)
    y = nn.sim(net, np.arange(11.0))
    assert y.shape == (1, 11)
    np.testing.assert_array_equal(y, nn.sim(net, np.arange(11.0).reshape(1, -1)))
    np.testing.assert_array_equal(nn.sim(net, [0.0, 1.0, 2.0]),
                                  nn.sim(net, [[0.0, 1.0, 2.0]]))


def test_sim_multi_input_1d_is_one_sample(net):
    y = nn.sim(net, [0.5, 1.5])
    assert y.shape == (1, 1)
    np.testing.assert_array_equal(y, nn.sim(net, [[0.5], [1.5]]))


def test_sim_transposed_input_hint(net):
    P = np.zeros((5, 2))  # 5 samples as rows: transposed
    with pytest.raises(ShapeError, match="transposed"):
        nn.sim(net, P)


def test_sim_wrong_rows_no_hint(net):
    with pytest.raises(ShapeError) as info:
        nn.sim(net, np.zeros((3, 4)))
    assert "transposed" not in str(info.value)
    with pytest.raises(ShapeError):
        nn.sim(net, np.zeros((2, 2, 2)))


# -- newff -----------------------------------------------------------------------------------

def test_newff_defaults():
    net = nn.newff([[0, 1], [0, 1]], [4, 3, 1], rng=0)
    assert [l.transferFcn for l in net.layers] == ["tansig"] * 3  # every layer, output too
    assert net.trainFcn == "trainlm"
    assert net.performFcn == "mse"
    assert net.divideFcn == ""
    assert net.learnFcn == "learngdm"
    assert all(l.initFcn == "initnw" for l in net.layers)
    assert all(b.learn for b in net.biases)
    assert net.inputWeights[0, 0].learn and net.layerWeights[1, 0].learn
    assert net.layerWeights[2, 1].learn


def test_newff_explicit_functions():
    net = nn.newff([[0, 1]], [2, 1], ["logsig", "purelin"], "traingdm", "learngd", "sse",
                   rng=0)
    assert [l.transferFcn for l in net.layers] == ["logsig", "purelin"]
    assert net.trainFcn == "traingdm"
    assert net.performFcn == "sse"
    assert net.trainParam.mc == 0.9


def test_newff_1d_range_is_one_input():
    net = nn.newff([0, 10], [2, 1], rng=0)
    assert net.inputs[0].size == 1


@pytest.mark.parametrize("pr", [[[1, 0]], [[0, 1], [5, -5]]])
def test_newff_min_greater_than_max(pr):
    with pytest.raises(ShapeError, match="min > max"):
        nn.newff(pr, [2, 1])


@pytest.mark.parametrize("pr", [[[[0, 1]]], [[0, np.nan]], [[0, np.inf]]])
def test_newff_bad_range(pr):
    with pytest.raises(ShapeError):
        nn.newff(pr, [2, 1])


def test_newff_non_numeric_range():
    with pytest.raises(DataFormatError, match="numeric"):
        nn.newff("abc", [2, 1])


@pytest.mark.parametrize("sizes", [[2.5, 1], [0, 1], [-1, 1], [], ["a", 1], [True, 1]])
def test_newff_bad_sizes(sizes):
    with pytest.raises(ShapeError):
        nn.newff([[0, 1]], sizes)


def test_newff_integer_valued_float_sizes_ok():
    net = nn.newff([[0, 1]], [3.0, 1.0], rng=0)
    assert [l.size for l in net.layers] == [3, 1]


def test_newff_mismatched_transfer_count():
    with pytest.raises(ShapeError):
        nn.newff([[0, 1]], [3, 1], ["tansig"])
    with pytest.raises(ShapeError):
        nn.newff([[0, 1]], [3, 1], ["tansig", "purelin", "tansig"])


def test_newff_unknown_transfer_lists_names():
    with pytest.raises(UnknownFunctionError) as info:
        nn.newff([[0, 1]], [3, 1], ["tansig", "bogus"])
    assert "bogus" in str(info.value) and "purelin" in str(info.value)


def test_newff_unknown_train_and_perform():
    with pytest.raises(UnknownFunctionError):
        nn.newff([[0, 1]], [3, 1], ["tansig", "purelin"], "trainbogus")
    with pytest.raises(UnknownFunctionError):
        nn.newff([[0, 1]], [3, 1], ["tansig", "purelin"], "traingd", "learngdm", "bogus")


def test_newff_too_few_arguments():
    with pytest.raises(TypeError):
        nn.newff([[0, 1]])


def test_layer_size_is_read_only(net):
    with pytest.raises(ParameterError):
        net.layers[0].size = 3
    assert net.layers[0].size == 3


def test_set_transfer_function_by_name(net):
    net.layers[1].transferFcn = "LOGSIG"
    assert net.layers[1].transferFcn == "logsig"
    with pytest.raises(UnknownFunctionError):
        net.layers[1].transferFcn = "bogus"


def test_input_range_assignment_checked(net):
    with pytest.raises(ShapeError):
        net.inputs[0].range = [[0, 1]]
    net.inputs[0].range = [[0, 1], [0, 1]]
    np.testing.assert_array_equal(net.inputs[0].range, [[0, 1], [0, 1]])


def test_repr_mentions_architecture_and_train_fcn(net):
    text = repr(net)
    assert "2-3-1" in text
    assert "tansig" in text and "purelin" in text
    assert "traingd" in text
    assert "mse" in text


# -- review fixes ------------------------------------------------------------------------------


def test_deepcopy_and_pickle_round_trip_give_independent_nets():
    import copy
    import pickle

    net = nn.newff([[0, 1], [-1, 1]], [3, 1], ["tansig", "purelin"], "traingdm", rng=0)
    net.trainParam.lr = 0.5
    for twin in (copy.deepcopy(net), pickle.loads(pickle.dumps(net))):
        np.testing.assert_array_equal(nn.getwb(twin), nn.getwb(net))
        assert twin.trainParam == net.trainParam and twin.trainParam.lr == 0.5
        twin.trainParam.lr = 0.1
        twin.IW[0, 0][0, 0] = 99.0
        assert net.trainParam.lr == 0.5 and net.IW[0, 0][0, 0] != 99.0
    assert copy.copy(net.trainParam) == net.trainParam


def test_train_and_perform_param_assignment_checks_fields():
    net = nn.newff([[0, 1]], [2, 1], ["tansig", "purelin"], "traingdm", rng=0)
    net.trainParam = {"lr": 0.2, "epochs": 7}
    assert net.trainParam.lr == 0.2 and net.trainParam.epochs == 7 and net.trainParam.mc == 0.9
    other = net.copy()
    other.trainParam.goal = 0.5
    net.trainParam = other.trainParam
    assert net.trainParam.goal == 0.5
    with pytest.raises(ParameterError, match="valid fields"):
        net.trainParam = {"bogus": 1}
    with pytest.raises(ParameterError, match="struct or dict"):
        net.trainParam = None
    net.performFcn = "msereg"
    net.performParam = {"ratio": 0.5}
    assert net.performParam.ratio == 0.5
    with pytest.raises(ParameterError):
        net.performParam = {"ratio": 2}


@pytest.mark.parametrize("key", [(0.5, 0), ("a", 0), (True, 0), 1.0])
def test_weight_indices_must_be_integers(net, key):
    with pytest.raises(ParameterError, match="0-based integers"):
        net.IW[key]


def test_non_numeric_values_raise_data_format_error(net):
    # One convention library-wide: values that are not real numbers are a DataFormatError.
    with pytest.raises(DataFormatError, match="numeric"):
        net.IW[0, 0] = [[1, 2], [3]]
    with pytest.raises(DataFormatError, match="numeric"):
        nn.sim(net, [["a", "b"]])
    with pytest.raises(DataFormatError, match="numeric"):
        nn.setwb(net, "abc")
    with pytest.raises(DataFormatError, match="numeric"):
        nn.newff([[0, 1], [0]], [2, 1])
    with pytest.raises(ParameterError, match="true or false"):
        net.biases[0].learn = np.array([1, 0])


def test_newff_sizes_as_a_one_row_matrix_is_the_classic_syntax():
    net = nn.newff([[0, 1]], np.array([[3, 1]]), ["tansig", "purelin"], "traingd", rng=0)
    assert [layer.size for layer in net.layers] == [3, 1]
    newer = nn.newff(np.arange(5.0).reshape(1, 5), np.arange(5.0).reshape(1, 5) ** 2, 10, rng=0)
    assert [layer.size for layer in newer.layers] == [10, 1]  # newff(P, T, 10): hidden sizes
    assert newer.divideFcn == "dividerand"
