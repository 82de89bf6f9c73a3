"""Tests for pyneuro.sklearn.NNTRegressor (skipped without scikit-learn)."""

import importlib.util

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")

from sklearn.model_selection import GridSearchCV  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402
from sklearn.utils.estimator_checks import check_estimator  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402  (a scikit-learn dependency)

import pyneuro as nn  # noqa: E402
from pyneuro.errors import ParameterError  # noqa: E402
from pyneuro.sklearn import NNTRegressor  # noqa: E402

# Checks of scikit-learn's suite that NNTRegressor is not expected to pass, with the reason.
# Keep this list empty unless a check asks for something MATLAB's workflow cannot give.
EXPECTED_FAILED_CHECKS = {}


# Checks scikit-learn itself may skip here, with the reason; any other skip fails the test.
# (Older scikit-learn versions do not have every check.)
EXPECTED_SKIPS = {
    "check_array_api_input": "scikit-learn runs it only with SCIPY_ARRAY_API=1 and an array "
                             "API library; pyneuro computes with numpy only",
}
if importlib.util.find_spec("pandas") is None:
    EXPECTED_SKIPS["check_regressor_data_not_an_array"] = (
        "scikit-learn skips it without pandas, which pyneuro does not need")


def test_check_estimator():
    # scikit-learn's own suite on the default estimator; a failing check raises.
    # One BLAS thread: trainlm solves small (~121 x 121) systems, which several threads on two
    # cores only slow down (measured 0.74 ms a solve with one thread, 2.7 ms with two).
    with threadpool_limits(limits=1, user_api="blas"):
        results = check_estimator(NNTRegressor(), expected_failed_checks=EXPECTED_FAILED_CHECKS,
                                  on_skip=None, on_fail=None)
    failed = {r["check_name"]: repr(r["exception"]) for r in results if r["status"] == "failed"}
    skipped = {r["check_name"]: str(r["exception"]) for r in results if r["status"] == "skipped"}
    assert failed == {}
    assert set(skipped) <= set(EXPECTED_SKIPS), skipped
    assert len(results) > 40  # the suite ran (about 50 checks for a regressor)


def test_same_numbers_as_the_matlab_workflow():
    # fit/predict must be exactly the MATLAB script written out (NNTRegressor's Notes).
    data = nn.datasets.load_auto_mpg()
    model = NNTRegressor(hidden_layer_sizes=(6,), epochs=30, random_state=0)
    model.fit(data.P.T, data.T.ravel())

    pn, ps = nn.mapminmax(data.P)
    tn, ts = nn.mapminmax(data.T)
    net = nn.newff(nn.minmax(pn), [6, 1], ["tansig", "purelin"], "trainlm", rng=0)
    net.trainParam.epochs = 30
    net.trainParam.show = None
    net, tr = nn.train(net, pn, tn)
    expected = nn.mapminmax("reverse", nn.sim(net, nn.mapminmax("apply", data.Pcheck, ps)), ts)

    assert np.array_equal(model.predict(data.Pcheck.T), expected[0])
    assert np.array_equal(model.tr_.perf, tr.perf)


def test_multi_output_keeps_the_shape_of_y():
    rng = np.random.default_rng(1)
    X = rng.uniform(-1, 1, size=(60, 2))
    y = np.column_stack([X[:, 0] + X[:, 1], X[:, 0] - X[:, 1]])
    model = NNTRegressor(hidden_layer_sizes=(4,), epochs=50, random_state=0).fit(X, y)
    assert model.net_.layers[-1].size == 2
    assert model.predict(X).shape == (60, 2)
    assert model.score(X, y) > 0.99  # a linear map; the net has more than enough capacity


def test_training_options_reach_train_param():
    X = np.linspace(-1, 1, 30).reshape(-1, 1)
    model = NNTRegressor(train_fcn="traingdm", epochs=7, lr=0.2, mc=0.5, random_state=0)
    model.fit(X, X.ravel())
    assert model.tr_.trainFcn == "traingdm" and model.tr_.num_epochs == 7
    assert model.net_.trainParam.lr == 0.2 and model.net_.trainParam.mc == 0.5
    with pytest.warns(nn.IgnoredParameterWarning, match="no effect on trainlm"):
        NNTRegressor(lr=0.1, epochs=2).fit(X, X.ravel())  # trainlm has no learning rate
    with pytest.raises(ParameterError, match="hidden_layer_sizes"):
        NNTRegressor(hidden_layer_sizes=(0,)).fit(X, X.ravel())


def test_grid_search_over_hidden_sizes():
    data = nn.datasets.load_auto_mpg()
    search = GridSearchCV(
        make_pipeline(StandardScaler(), NNTRegressor(epochs=20, random_state=0)),
        {"nntregressor__hidden_layer_sizes": [(1,), (4,), (8, 4)]}, cv=3)
    search.fit(data.P.T, data.T.ravel())
    assert [p["nntregressor__hidden_layer_sizes"] for p in search.cv_results_["params"]] == [
        (1,), (4,), (8, 4)]
    assert np.all(np.isfinite(search.cv_results_["mean_test_score"]))
    best = search.best_params_["nntregressor__hidden_layer_sizes"]
    assert search.best_estimator_[-1].net_.numLayers == len(best) + 1
    # Least squares explains ~0.8 of the variance of mpg (sample_data/README.md: RMSE 3.34 of
    # a standard deviation near 7.8 mpg); the chosen net does at least as well on the check file.
    assert search.score(data.Pcheck.T, data.Tcheck.ravel()) > 0.8
