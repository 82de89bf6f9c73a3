"""Tests of pyneuro.preprocessing: MATLAB reference values, properties, errors and warnings.

Reference values are MATLAB_REFERENCE.md §10 items 2-5 and 8 (and the minmax
doc example), compared to the 4 decimals they were published with.
"""

import dataclasses
import json
import warnings

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from pyneuro.errors import ConstantRowWarning, DataFormatError, ParameterError, ShapeError
from pyneuro.preprocessing import (
    FixUnknownsSettings,
    MapMinMaxSettings,
    MapStdSettings,
    RemoveConstantRowsSettings,
    fixunknowns,
    mapminmax,
    mapstd,
    minmax,
    postmnmx,
    poststd,
    premnmx,
    prestd,
    removeconstantrows,
    settings_from_dict,
    tramnmx,
    trastd,
)

DEC4 = dict(atol=5e-5, rtol=0)  # published values have 4 decimals

X1 = [[1, 2, 4], [1, 1, 1], [3, 2, 2], [0, 0, 0]]  # mapminmax doc example (§10 item 3)
P5 = [[-0.92, 0.73, -0.47, 0.74, 0.29], [-0.08, 0.86, -0.67, -0.52, 0.93]]  # prestd doc (§10 item 5)
T5 = [-0.08, 3.4, -0.82, 0.69, 3.1]


def recorded(func, *args, **kwargs):
    """Call func and return (result, list of ConstantRowWarnings), letting any other warning fail."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConstantRowWarning)
        result = func(*args, **kwargs)
    return result, [w for w in caught if issubclass(w.category, ConstantRowWarning)]


# --------------------------------------------------------------------------- reference values


def test_minmax_doc_example():
    np.testing.assert_array_equal(minmax([[0, 1, 2], [-1, -2, -0.5]]), [[0, 2], [-2, -0.5]])


def test_minmax_row_vector_and_nan():
    np.testing.assert_array_equal(minmax([3, 1, 2]), [[1, 3]])
    np.testing.assert_array_equal(minmax([[np.nan, 1, 5]]), [[1, 5]])  # MATLAB min/max skip NaN


def test_mapminmax_user_session():  # §10 item 2
    A = [[1, 2, 3, 4], [4, 5, 6, 7], [7, 8, 9, 7]]
    Y, PS = mapminmax(A)
    np.testing.assert_allclose(Y, [[-1, -0.3333, 0.3333, 1], [-1, -0.3333, 0.3333, 1], [-1, 0, 1, -1]], **DEC4)
    Y01, _ = mapminmax(A, 0, 1)
    np.testing.assert_allclose(Y01, [[0, 0.3333, 0.6667, 1], [0, 0.3333, 0.6667, 1], [0, 0.5, 1, 0]], **DEC4)
    B = [[1, 2, 3], [4, 5, 6]]
    YB, PSB = mapminmax(B, 0, 1)
    np.testing.assert_allclose(YB, [[0, 0.5, 1], [0, 0.5, 1]], **DEC4)
    np.testing.assert_allclose(mapminmax("reverse", YB, PSB), B, rtol=1e-15)


def test_mapminmax_doc_example_nnt7():  # §10 item 3
    y1, ps = mapminmax(X1)
    np.testing.assert_allclose(y1, [[-1, -0.3333, 1], [1, 1, 1], [1, -1, -1], [0, 0, 0]], **DEC4)
    np.testing.assert_allclose(ps.gain.ravel(), [0.6667, 1, 2, 1], **DEC4)
    np.testing.assert_array_equal(ps.xoffset.ravel(), [1, -1, 2, -1])
    x2 = [[5, 2, 3], [1, 1, 1], [6, 7, 3], [0, 0, 0]]
    np.testing.assert_allclose(
        mapminmax("apply", x2, ps), [[1.6667, -0.3333, 0.3333], [1, 1, 1], [7, 9, 1], [0, 0, 0]], **DEC4
    )
    np.testing.assert_allclose(mapminmax("reverse", y1, ps), X1, rtol=1e-15)
    assert ps.no_change is False
    assert ps.gain.shape == ps.xoffset.shape == ps.xmin.shape == (4, 1)


def test_mapminmax_doc_example_legacy_2007():  # §10 item 3, 2007 behaviour
    with pytest.warns(ConstantRowWarning, match=r"REMOVECONSTANTROWS.*counting from 1\): 2, 4\."):
        y1, ps = mapminmax(X1, legacy_constant_rows=True)
    np.testing.assert_allclose(y1, [[-1, -0.3333, 1], [-1, -1, -1], [1, -1, -1], [-1, -1, -1]], **DEC4)
    assert ps.legacy_constant_rows
    # 'reverse' divides by the true (zero) range: constant rows come back as xmin.
    np.testing.assert_allclose(mapminmax("reverse", y1, ps), X1, rtol=1e-15)
    # apply keeps the 2007 rule and, like MATLAB's apply, does not warn.
    np.testing.assert_allclose(mapminmax("apply", [[1, 2, 4], [7, 7, 7], [3, 2, 2], [0, 0, 0]], ps)[1], [11, 11, 11])


def test_premnmx_doc_example():  # §10 item 4
    p = [-10, -7.5, -5, -2.5, 0, 2.5, 5, 7.5, 10]
    t = [0, 7.07, -10, -7.07, 0, 7.07, 10, 7.07, 0]
    pn, minp, maxp, tn, mint, maxt = premnmx(p, t)
    np.testing.assert_allclose(pn, [[-1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 1]], **DEC4)
    assert minp.shape == maxp.shape == (1, 1) and minp[0, 0] == -10 and maxp[0, 0] == 10
    np.testing.assert_allclose(tn, np.array([t]) / 10, **DEC4)
    assert mint[0, 0] == -10 and maxt[0, 0] == 10
    np.testing.assert_allclose(tramnmx([4, -7], minp, maxp), [[0.4, -0.7]], **DEC4)
    np.testing.assert_allclose(postmnmx(tn, mint, maxt), [t], rtol=1e-14)


def test_premnmx_constant_row_doc():  # §10 item 4: [5 5 5] is unchanged, minp = maxp = 5
    with pytest.warns(ConstantRowWarning, match="Some maximums and minimums are equal. Those inputs won't be"):
        pn, minp, maxp = premnmx([[5, 5, 5], [0, 1, 2]])
    np.testing.assert_array_equal(pn, [[5, 5, 5], [-1, 0, 1]])
    np.testing.assert_array_equal(minp, [[5], [0]])
    np.testing.assert_array_equal(maxp, [[5], [2]])


def test_prestd_trastd_doc_example():  # §10 item 5
    pn, meanp, stdp, tn, meant, stdt = prestd(P5, T5)
    np.testing.assert_allclose(meanp, [[0.074], [0.104]], **DEC4)
    np.testing.assert_allclose(stdp, [[0.7424], [0.7543]], **DEC4)
    np.testing.assert_allclose(
        pn, [[-1.3389, 0.8836, -0.7328, 0.8971, 0.2910], [-0.2439, 1.0022, -1.0261, -0.8272, 1.0950]], **DEC4
    )
    np.testing.assert_allclose([meant[0, 0], stdt[0, 0]], [1.258, 1.8982], **DEC4)
    np.testing.assert_allclose(trastd([[1.5, -0.8], [0.05, -0.3]], meanp, stdp),
                               [[1.9208, -1.1773], [-0.0716, -0.5356]], **DEC4)


def test_premnmx_of_prestd_example():  # §10 item 5, last line
    pn, _, _ = premnmx(P5)
    np.testing.assert_allclose(pn, [[-1, 0.9880, -0.4578, 1, 0.4578], [-0.2625, 0.9125, -1, -0.8125, 1]], **DEC4)


def test_mapstd_doc_example():  # §10 item 8
    y, ps = mapstd(X1)
    np.testing.assert_allclose(
        y, [[-0.8729, -0.2182, 1.0911], [1, 1, 1], [1.1547, -0.5774, -0.5774], [0, 0, 0]], **DEC4
    )
    np.testing.assert_array_equal(ps.xstd[[1, 3]], [[0], [0]])
    np.testing.assert_array_equal(ps.xoffset[[1, 3]], [[0], [0]])  # ymean
    np.testing.assert_allclose(mapstd("reverse", y, ps), X1, rtol=1e-15)


# --------------------------------------------------------------------------- call shapes and details


def test_results_unpack_and_have_attributes():
    r = premnmx([[1, 2, 3]], [[4, 6, 8]])
    assert r.maxt[0, 0] == 8 and r.pn is r[0] and len(r) == 6
    assert len(premnmx([[1, 2, 3]])) == 3
    r = prestd([[1, 2, 3]], [[4, 6, 8]])
    assert r.meant[0, 0] == 6 and r.stdt[0, 0] == 2
    back = postmnmx([[-1, 1]], [[0]], [[2]], [[-1, 1]], [[10]], [[20]])
    np.testing.assert_array_equal(back.t, [[10, 20]])
    back = poststd([[-1, 1]], [[0]], [[2]], [[-1, 1]], [[10]], [[5]])
    np.testing.assert_array_equal(back.p, [[-2, 2]])
    np.testing.assert_array_equal(back.t, [[5, 15]])
    y, ps = mapminmax([[0, 10]])
    assert mapminmax([[0, 10]]).ps == ps


def test_lists_1d_and_ints_become_float_rows():
    pn, minp, maxp = premnmx([0, 5, 10])
    assert pn.shape == (1, 3) and pn.dtype == np.float64 and minp.dtype == np.float64
    assert mapminmax(np.array([1, 2, 3]))[0].shape == (1, 3)


@pytest.mark.parametrize("minp, maxp", [([[0], [10]], [[1], [20]]), ([0, 10], [1, 20]), (np.array([0.0, 10]), (1, 20))])
def test_statistics_accept_column_flat_or_list(minp, maxp):
    np.testing.assert_array_equal(tramnmx([[0, 1], [10, 20]], minp, maxp), [[-1, 1], [-1, 1]])


def test_input_is_not_modified():
    p = np.array([[1.0, 2, 3], [4, 4, 4]])
    keep = p.copy()
    recorded(premnmx, p)
    recorded(prestd, p)
    mapminmax(p)
    assert np.array_equal(p, keep)


def test_prestd_constant_row_with_inexact_mean():
    # sum([0.1 0.1 0.1])/3 is 0.10000000000000002 and the naive std ~2e-17; the row is still constant.
    (pn, meanp, stdp), caught = recorded(prestd, [[0.1, 0.1, 0.1], [1, 2, 3]])
    assert len(caught) == 1 and "counting from 1): 1." in str(caught[0].message)
    assert meanp[0, 0] == 0.1 and stdp[0, 0] == 0
    np.testing.assert_array_equal(pn[0], [0.1, 0.1, 0.1])


def test_single_sample_every_row_constant():
    # Deviation from NNT 4 (documented): an R x 1 column is R variables with one sample each.
    with pytest.warns(ConstantRowWarning, match=r"1, 2, 3\."):
        pn, minp, maxp = premnmx([[3], [-1], [7]])
    np.testing.assert_array_equal(pn, [[3], [-1], [7]])
    with pytest.warns(ConstantRowWarning, match="standard deviations are zero"):
        pn, meanp, stdp = prestd([[3], [-1]])
    np.testing.assert_array_equal(stdp, [[0], [0]])
    np.testing.assert_array_equal(pn, [[3], [-1]])


def test_mapminmax_nan_passes_and_is_ignored_in_statistics():
    X = [[1, np.nan, 3], [np.nan, np.nan, np.nan], [2, np.inf, 4]]
    Y, PS = mapminmax(X)
    np.testing.assert_array_equal(Y[0], [-1, np.nan, 1])
    np.testing.assert_array_equal(Y[1], [np.nan] * 3)
    np.testing.assert_array_equal(Y[2], [2, np.inf, 4])  # infinite range: unchanged
    np.testing.assert_array_equal(PS.xmin.ravel(), [1, -np.inf, 2])
    np.testing.assert_array_equal(PS.xmax.ravel(), [3, np.inf, np.inf])
    np.testing.assert_array_equal(PS.gain.ravel(), [1, 1, 1])
    np.testing.assert_array_equal(PS.xoffset.ravel(), [1, -1, -1])
    assert not PS.no_change  # row 1 is changed even though its gain is 1 (NNT 7's test says no_change)


def test_mapminmax_no_change_and_tiny_range():
    assert mapminmax([[5, 5], [np.nan, np.nan]])[1].no_change
    Y, PS = mapminmax([[0, 1e-15]])  # gain 2e15 > 1e14: left unchanged
    np.testing.assert_array_equal(Y, [[0, 1e-15]])
    assert PS.gain[0, 0] == 1 and PS.no_change


def test_mapminmax_parameter_forms():
    X = [[0, 5, 10]]
    expected = [[2, 3, 4]]
    np.testing.assert_array_equal(mapminmax(X, 2, 4)[0], expected)
    np.testing.assert_array_equal(mapminmax(X, {"ymin": 2, "ymax": 4})[0], expected)
    np.testing.assert_array_equal(mapminmax(X, type("FP", (), {"ymin": 2, "ymax": 4})())[0], expected)
    np.testing.assert_array_equal(mapminmax(X, 0)[0], [[0, 0.5, 1]])  # ymax keeps its default 1
    np.testing.assert_array_equal(mapminmax("APPLY", X, mapminmax(X)[1].to_dict()), [[-1, 0, 1]])


def test_mapstd_nan_inf_and_parameters():
    Y, PS = mapstd([[1, np.nan, 3], [1, np.inf, 3], [7, np.nan, np.nan]])
    np.testing.assert_allclose(Y[0], [-0.7071, np.nan, 0.7071], **DEC4)
    np.testing.assert_array_equal(Y[1:], [[1, np.inf, 3], [7, np.nan, np.nan]])
    assert np.isnan(PS.xmean[1, 0]) and PS.xstd[2, 0] == 0
    Y, _ = mapstd([[0, 2]], 10, 2)
    np.testing.assert_allclose(Y, [[10 - 2 / np.sqrt(2), 10 + 2 / np.sqrt(2)]], rtol=1e-15)


def test_removeconstantrows():
    X = [[1, 2, 3], [5, 5, 5], [0, 0.05, 0], [np.nan, np.nan, np.nan]]
    Y, PS = removeconstantrows(X)
    np.testing.assert_array_equal(PS.remove, [1])
    np.testing.assert_array_equal(PS.keep, [0, 2, 3])
    assert Y.shape == (3, 3) and PS.yrows == 3 and not PS.no_change
    Y2, PS2 = removeconstantrows(X, 0.1)
    np.testing.assert_array_equal(PS2.remove, [1, 2])
    np.testing.assert_array_equal(PS2.value, [[5], [0.025]])  # (min + max) / 2
    back = removeconstantrows("reverse", Y2, PS2)
    np.testing.assert_array_equal(back[2], [0.025] * 3)
    np.testing.assert_array_equal(removeconstantrows("apply", [[9, 9], [1, 2], [3, 4], [5, 6]], PS2),
                                  [[9, 9], [5, 6]])


def test_fixunknowns():
    Y, PS = fixunknowns([[1, np.nan, 3], [4, 5, 6], [np.nan, np.nan, np.nan]])
    np.testing.assert_array_equal(Y, [[1, 2, 3], [1, 0, 1], [4, 5, 6], [0, 0, 0], [0, 0, 0]])
    np.testing.assert_array_equal(PS.unknown, [0, 2])
    assert PS.yrows == 5


# --------------------------------------------------------------------------- settings records


@pytest.mark.parametrize("make", [
    lambda: mapminmax(X1)[1],
    lambda: mapminmax([[1, np.nan], [np.nan, np.nan]], 0, 1, legacy_constant_rows=False)[1],
    lambda: recorded(mapminmax, X1, legacy_constant_rows=True)[0][1],
    lambda: mapstd([[1, np.inf], [2, 3]])[1],
    lambda: removeconstantrows(X1)[1],
    lambda: fixunknowns([[1, np.nan], [2, 3]])[1],
])
def test_settings_json_round_trip(make):
    ps = make()
    text = json.dumps(ps.to_dict(), allow_nan=False)  # strict JSON: NaN/inf spelled as strings
    again = settings_from_dict(json.loads(text))
    assert type(again) is type(ps) and again == ps
    assert list(ps.to_dict())[0] == "name"


def test_settings_field_order_is_matlabs():
    names = [f.name for f in dataclasses.fields(MapMinMaxSettings)]
    assert names == ["name", "xrows", "xmax", "xmin", "xrange", "yrows", "ymax", "ymin", "yrange",
                     "no_change", "gain", "xoffset", "legacy_constant_rows"]
    names = [f.name for f in dataclasses.fields(MapStdSettings)]
    assert names == ["name", "xrows", "yrows", "xmean", "xstd", "ymean", "ystd", "no_change", "gain", "xoffset"]


def test_settings_are_frozen_and_readable():
    _, ps = mapminmax(X1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ps.ymin = 0
    with pytest.raises(ValueError):
        ps.gain[0, 0] = 5  # read-only array
    text = repr(ps)
    assert text.startswith("MapMinMaxSettings(") and "xmin=[1; 1; 2; 0]" in text and "ymin=-1" in text


def test_settings_from_dict_errors():
    d = mapminmax(X1)[1].to_dict()
    with pytest.raises(ParameterError, match="not 'mapstd'"):
        MapStdSettings.from_dict(d)
    del d["gain"]
    with pytest.raises(ParameterError, match=r"missing fields \['gain'\]"):
        MapMinMaxSettings.from_dict(d)
    with pytest.raises(ParameterError, match="unknown processing settings name"):
        settings_from_dict({"name": "mapfoo"})
    with pytest.raises(ShapeError, match=r"MapStdSettings.xmean must have xrows = 2 rows; got 1"):
        MapStdSettings(xrows=2, yrows=2, xmean=[1], xstd=[1, 1], ymean=0, ystd=1, no_change=False,
                       gain=[1, 1], xoffset=[0, 0])
    assert RemoveConstantRowsSettings(max_range=0, keep=[], remove=[], value=[], xrows=0, yrows=0,
                                      no_change=True).keep.dtype == np.intp
    assert FixUnknownsSettings.from_dict(fixunknowns([[1.0]])[1].to_dict()).no_change


def _dict_of(make, **changes):
    return dict(make().to_dict(), **changes)


RCR = lambda: removeconstantrows([[1, 2, 3], [4, 4, 4], [0, 1, 0]])[1]  # keep [0, 2], remove [1]
FIX = lambda: fixunknowns([[1, np.nan], [2, 3], [np.nan, 5]])[1]  # unknown [0, 2], shift [0, 1, 1]
MMX = lambda: mapminmax([[1, 2], [3, 5]])[1]
STD = lambda: mapstd([[1, 2], [3, 5]])[1]


@pytest.mark.parametrize("data, field", [
    (_dict_of(RCR, keep=[0, 5]), "keep"),
    (_dict_of(RCR, keep=[0]), "keep"),
    (_dict_of(RCR, keep=[0, 1]), "keep"),
    (_dict_of(RCR, remove=[]), "remove"),
    (_dict_of(RCR, yrows=3), "yrows"),
    (_dict_of(FIX, unknown=[0, 7]), "unknown"),
    (_dict_of(FIX, known=[0, 1]), "known"),
    (_dict_of(FIX, shift=[0, 0, 0]), "shift"),
    (_dict_of(FIX, shift=[0, 1]), "shift"),
    (_dict_of(FIX, yrows=3), "yrows"),
    (_dict_of(MMX, yrows=3), "yrows"),
    (_dict_of(MMX, ymin=2.0), "ymin and ymax"),
    (_dict_of(MMX, ymax="nan"), "ymin and ymax"),
    (_dict_of(STD, yrows=1), "yrows"),
    (_dict_of(STD, ystd=0.0), "ymean and ystd"),
], ids=lambda v: v if isinstance(v, str) else "")
def test_settings_that_disagree_with_themselves_are_refused(data, field):
    # Regression: such settings gave IndexError on apply, or silently wrong output (reverse
    # of removeconstantrows left np.empty garbage in rows neither kept nor removed).
    with pytest.raises(ParameterError, match=rf"Settings\.{field}\b"):
        settings_from_dict(data)


def test_removeconstantrows_value_must_match_the_removed_rows():
    with pytest.raises(ShapeError, match=r"value must have one row per removed row \(1\); got 2"):
        settings_from_dict(_dict_of(RCR, value=[4, 4]))


@pytest.mark.parametrize("data, field", [
    (_dict_of(RCR, max_range="abc"), "max_range"),
    (_dict_of(RCR, max_range=None), "max_range"),
    (_dict_of(RCR, max_range=[0.0]), "max_range"),
    (_dict_of(RCR, max_range=True), "max_range"),
    (_dict_of(RCR, no_change="false"), "no_change"),
    (_dict_of(RCR, no_change=None), "no_change"),
    (_dict_of(RCR, keep=[0.5, 2]), "keep"),
    (_dict_of(RCR, keep=["a"]), "keep"),
    (_dict_of(RCR, keep=None), "keep"),
    (_dict_of(RCR, keep=[np.inf, 2]), "keep"),
    (_dict_of(RCR, keep=[-1, 2]), "keep"),
    (_dict_of(RCR, xrows=2.5), "xrows"),
    (_dict_of(RCR, xrows=-3), "xrows"),
    (_dict_of(RCR, xrows=10**300), "xrows"),
    (_dict_of(RCR, yrows="2"), "yrows"),
    (_dict_of(FIX, xmeans=[None, 1, 2]), "xmeans"),
    (_dict_of(MMX, gain="abc"), "gain"),
    (_dict_of(MMX, gain=[[1], [2, 3]]), "gain"),
    (_dict_of(MMX, gain={"a": 1}), "gain"),
    (_dict_of(MMX, ymin={}), "ymin"),
], ids=lambda v: v if isinstance(v, str) else "")
def test_settings_with_bad_field_values_are_refused(data, field):
    # Regression: float('abc') raised a bare ValueError, None a TypeError, and bool('false')
    # quietly read as True.
    with pytest.raises(ParameterError, match=rf"Settings\.{field}: (expected|could not)"):
        settings_from_dict(data)


@pytest.mark.parametrize("name", [["mapstd"], {"a": 1}, np.array(["mapstd"]), 3])
def test_settings_names_that_are_not_strings(name):
    # Regression: a list as name raised TypeError (unhashable) in settings_from_dict.
    with pytest.raises(ParameterError, match="unknown processing settings name"):
        settings_from_dict(_dict_of(STD, name=name))
    with pytest.raises(ParameterError, match="settings are for"):
        MapStdSettings.from_dict(_dict_of(STD, name=name))


def test_settings_accept_matlab_style_numbers():
    # MATLAB structs hold doubles: whole-number floats and 0/1 flags are fine.
    ps = settings_from_dict(_dict_of(RCR, keep=[0.0, 2.0], xrows=3.0, yrows=np.array([[2.0]]),
                                     no_change=0, max_range=np.array([[0.0]])))
    assert ps == RCR() and ps.keep.dtype == np.intp and isinstance(ps.xrows, int)
    assert type(ps.yrows) is int and type(ps.max_range) is float


def test_statistics_that_overflow_are_reported_not_warned():
    # Regression: prestd leaked "overflow encountered in multiply" (a RuntimeWarning).
    with pytest.raises(DataFormatError, match=r"prestd cannot use row\(s\) 2 of p: their mean "
                                              r"or standard deviation overflows"):
        prestd([[1, 2, 3], [1, 1e308, -1e308]])
    with pytest.raises(DataFormatError, match=r"row\(s\) 1 of t: their mean"):
        prestd([[1, 2, 3]], [[1e308, 1e308, -1e308]])
    with pytest.raises(DataFormatError, match=r"premnmx cannot use row\(s\) 1 of p: their range"):
        premnmx([[-1e308, 1e308, 0]])
    # mapstd and mapminmax pass a row whose statistics are not finite through unchanged.
    x = np.array([[1, 1e308, -1e308], [1, 2, 4]])
    for function in (mapstd, mapminmax):
        y, ps = function(x)
        np.testing.assert_array_equal(y[0], x[0])
        np.testing.assert_array_equal(function("reverse", y, ps), x)


# --------------------------------------------------------------------------- errors


BAD_SHAPES = {"0-D": (np.float64(3.0), r"\(\)"), "3-D": (np.zeros((2, 3, 4)), r"\(2, 3, 4\)")}


SHAPE_CHECKED = {
    "premnmx": lambda x: premnmx(x),
    "premnmx-t": lambda x: premnmx([[1, 2]], x),
    "prestd": lambda x: prestd(x),
    "tramnmx": lambda x: tramnmx(x, 0, 1),
    "postmnmx": lambda x: postmnmx(x, 0, 1),
    "trastd": lambda x: trastd(x, 0, 1),
    "poststd": lambda x: poststd(x, 0, 1),
    "minmax": minmax,
    "mapminmax": lambda x: mapminmax(x),
    "mapstd": lambda x: mapstd(x),
    "removeconstantrows": lambda x: removeconstantrows(x),
    "fixunknowns": lambda x: fixunknowns(x),
}


@pytest.mark.parametrize("bad, shape_text", BAD_SHAPES.values(), ids=list(BAD_SHAPES))
@pytest.mark.parametrize("call", SHAPE_CHECKED.values(), ids=list(SHAPE_CHECKED))
def test_bad_shapes(call, bad, shape_text):
    with pytest.raises(ShapeError, match=r"must be a 2-D array of shape \(R, Q\); got shape " + shape_text):
        call(bad)


def test_no_samples():
    with pytest.raises(ShapeError, match="at least 1 sample"):
        premnmx(np.zeros((2, 0)))
    with pytest.raises(ShapeError):
        prestd(np.zeros((2, 0)))


@pytest.mark.parametrize("call", [
    lambda: tramnmx([[1, 2], [3, 4], [5, 6]], [0, 0], [1, 1]),
    lambda: postmnmx([[1, 2], [3, 4], [5, 6]], [[0], [0]], [[1], [1], [1]]),
    lambda: trastd([[1, 2], [3, 4], [5, 6]], [0, 0], [1, 1]),
    lambda: poststd([[1, 2]], [[0], [0]], [[1], [1]]),
    lambda: tramnmx([[1, 2], [3, 4]], [[0, 0]], [[1, 1]]),  # row vector, as MATLAB also rejects
])
def test_statistics_length_mismatch(call):
    with pytest.raises(ShapeError, match=r"must hold one value per row of p?n?, shape \(\d, 1\) since"):
        call()
    with pytest.raises(ShapeError) as info:
        tramnmx(np.zeros((3, 2)), [0, 0], [1, 1, 1])
    assert str(info.value) == (
        "minp must hold one value per row of p, shape (3, 1) since p has 3 row(s); got shape (2,)"
    )


def test_apply_with_wrong_number_of_rows():
    _, ps = mapminmax(X1)
    with pytest.raises(ShapeError, match=r"must have 4 rows.*got shape \(3, 2\)"):
        mapminmax("apply", np.zeros((3, 2)), ps)
    with pytest.raises(ShapeError, match=r"Y must have 2 rows .*got shape \(4, 2\)"):
        removeconstantrows("reverse", np.zeros((4, 2)), removeconstantrows(X1)[1])


@pytest.mark.parametrize("func", [premnmx, prestd])
@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf])
def test_nonfinite_data_rejected_with_position(func, value):
    p = np.arange(12.0).reshape(3, 4)
    p[1, 2] = value
    with pytest.raises(DataFormatError, match=rf"{func.__name__} needs finite data, but p holds {value} at "
                                              r"row 2 \(variable\), column 3 \(sample\)"):
        func(p)
    with pytest.raises(DataFormatError, match=r"but t holds .* row 2 .* column 3 .*2 non-finite values in all"):
        p[2, 3] = np.nan  # later in the array: the first one is still reported
        func([[1, 2, 3, 4]], p)


def test_nonfinite_statistics_rejected():
    with pytest.raises(ParameterError, match="maxp must be finite"):
        tramnmx([[1, 2]], 0, np.inf)


def test_bad_data_types():
    with pytest.raises(DataFormatError, match="numeric"):
        premnmx([["a", "b"]])
    with pytest.raises(DataFormatError, match="real"):
        mapminmax([[1 + 2j, 3]])
    with pytest.raises(DataFormatError):
        premnmx([[1, 2], [3]])  # ragged


@pytest.mark.parametrize("n_extra", [1, 2])
def test_postmnmx_poststd_argument_count(n_extra):
    extra = [[[0, 1]], [[0]]][:n_extra]
    with pytest.raises(ParameterError, match=f"3 or 6 arguments; got {3 + n_extra}"):
        postmnmx([[0, 1]], [[0]], [[1]], *extra)
    with pytest.raises(ParameterError, match=f"3 or 6 arguments; got {3 + n_extra}"):
        poststd([[0, 1]], [[0]], [[1]], *extra)


@pytest.mark.parametrize("call, message", [
    (lambda: mapminmax([[1, 2]], 1, 1), "ymax must be a real scalar value greater than ymin"),
    (lambda: mapminmax([[1, 2]], 0, np.nan), "ymax must be finite"),
    (lambda: mapminmax([[1, 2]], "x"), "ymin must be a real scalar"),
    (lambda: mapminmax([[1, 2]], 0, 1, 2), "at most 2 parameters; got 3"),
    (lambda: mapminmax([[1, 2]], {"ymni": 0}), r"unknown mapminmax parameter\(s\) \['ymni'\]"),
    (lambda: mapminmax("revers", [[1]], None), "unknown mapminmax command 'revers'"),
    (lambda: mapminmax("apply", [[1]]), "takes two more arguments; got 1"),
    (lambda: mapminmax("apply", [[1]], mapstd([[1]])[1]), r"needs settings PS .*MapMinMaxSettings"),
    (lambda: mapminmax("apply", [[1]], mapminmax([[1]])[1], legacy_constant_rows=True), "takes its options from PS"),
    (lambda: mapstd([[1, 2]], 0, 0), "ystd must be a positive real scalar value"),
    (lambda: removeconstantrows([[1, 2]], -1), "max_range must be a non-negative"),
    (lambda: fixunknowns([[1, 2]], 3), "fixunknowns takes no parameters"),
])
def test_parameter_errors(call, message):
    with pytest.raises(ParameterError, match=message):
        call()


# --------------------------------------------------------------------------- warnings (exactly where MATLAB warns)


def test_warning_points_at_caller_and_names_rows():
    for call in (lambda: premnmx([[1, 2], [3, 3]]), lambda: tramnmx([[1, 2]], 3, 3),
                 lambda: prestd([[1, 2], [3, 3]]), lambda: postmnmx([[1, 2]], 3, 3),
                 lambda: mapminmax([[1, 2], [3, 3]], legacy_constant_rows=True)):
        _, caught = recorded(call)
        assert len(caught) == 1 and caught[0].filename == __file__


def test_targets_warning_wording():
    _, caught = recorded(premnmx, [[1, 2]], [[4, 4], [1, 2], [0, 0]])
    assert [str(w.message) for w in caught] == [
        "Some maximums and minimums are equal. Those targets won't be transformed. "
        "Constant rows of t (counting from 1): 1, 3."
    ]
    _, caught = recorded(poststd, [[1, 2]], [[0]], [[1]], [[1, 2]], [[0]], [[0]])
    assert [str(w.message) for w in caught] == [
        "Some standard deviations are zero. Those targets won't be transformed. "
        "Constant rows of tn (counting from 1): 1."
    ]


def test_long_row_lists_are_truncated():
    with pytest.warns(ConstantRowWarning, match=r"1, 2, 3, 4, 5, 6, 7, 8, 9, 10, \.\.\. \(12 in all\)\."):
        premnmx(np.ones((12, 3)))


def test_post_and_tra_functions_warn_like_matlab():
    # NNT 4's tramnmx/postmnmx/trastd/poststd repeat the constant-row warning (and the substitution).
    with pytest.warns(ConstantRowWarning, match="maximums and minimums are equal"):
        np.testing.assert_array_equal(tramnmx([[7, 8]], 5, 5), [[7, 8]])
    with pytest.warns(ConstantRowWarning, match="maximums and minimums are equal"):
        np.testing.assert_array_equal(postmnmx([[7, 8]], 5, 5), [[7, 8]])
    with pytest.warns(ConstantRowWarning, match="standard deviations are zero"):
        np.testing.assert_array_equal(trastd([[7, 8]], 5, 0), [[7, 8]])
    with pytest.warns(ConstantRowWarning, match="standard deviations are zero"):
        np.testing.assert_array_equal(poststd([[7, 8]], 5, 0), [[7, 8]])


def test_no_warning_where_matlab_gives_none():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        premnmx([[1, 2, 3]], [[0, 1, 0]])
        prestd([[1, 2, 3]])
        tramnmx([[1, 2]], 0, 1)
        mapminmax(X1)  # NNT 7: constant rows pass silently
        mapstd(X1)
        removeconstantrows(X1)
        fixunknowns([[np.nan, 1]])
        mapminmax([[np.nan, np.nan]])  # no numpy RuntimeWarning from all-NaN rows either
        mapstd(np.zeros((2, 0)))


# --------------------------------------------------------------------------- properties

# Finite floats in [-1e6, 1e6] (subnormals included), in matrices of 1-6 rows and 1-8 columns
# where any subset of rows may be made constant.
ELEMENTS = st.floats(-1e6, 1e6, allow_nan=False)


@st.composite
def matrices(draw, min_cols=1):
    rows = draw(st.integers(1, 6))
    cols = draw(st.integers(min_cols, 8))
    x = draw(arrays(np.float64, (rows, cols), elements=ELEMENTS))
    constant = np.array(draw(st.lists(st.booleans(), min_size=rows, max_size=rows)))
    x[constant] = np.array(draw(st.lists(ELEMENTS, min_size=rows, max_size=rows)))[constant, None]
    return x


def assert_round_trip(actual, x):
    """`actual` equals `x` to 1e-12 relative to each row's magnitude max|x|.

    Every map here subtracts an offset of the row's size (min or mean) and adds
    it back, so the rounding error is a few ulp of max|x| -- not of the row's
    range: a row [1e6, 1e6 + 1e-4] keeps only ~10 digits of its spread, in
    MATLAB as here. The bound is ~1e-15 relative; 1e-12 leaves room without
    hiding real errors. The 1e-300 floor covers subnormal rows, whose steps
    (5e-324) have no relative precision at all.
    """
    scale = np.abs(x).max(axis=1, keepdims=True)
    assert np.all(np.abs(actual - x) <= 1e-12 * scale + 1e-300), np.abs(actual - x).max()


EDGE_CASES = [np.array([[1.0, 2.0, 3.0]]), np.array([[1.0], [2.0], [3.0]]), np.array([[4.0, 4.0], [1e6, -1e6]]),
              np.array([[1e6, 1e6 - 1.1641532182693481e-10]]), np.array([[0.1, 0.1, 0.1]]),
              np.array([[0.0, 5e-324, 1e-323]])]


@settings(max_examples=300, deadline=None)
@given(matrices())
@example(EDGE_CASES[0])
@example(EDGE_CASES[1])
@example(EDGE_CASES[2])
@example(EDGE_CASES[3])
@example(EDGE_CASES[4])
@example(EDGE_CASES[5])
def test_premnmx_properties(x):
    constant = x.min(axis=1) == x.max(axis=1)
    (pn, minp, maxp), caught = recorded(premnmx, x)
    assert len(caught) == int(constant.any())  # MATLAB warns once per call with constant rows
    np.testing.assert_array_equal(minp.ravel(), x.min(axis=1))
    # Non-constant rows span exactly [-1, 1]; constant rows are copied.
    np.testing.assert_array_equal(pn[~constant].min(axis=1), -1.0)
    np.testing.assert_array_equal(pn[~constant].max(axis=1), 1.0)
    np.testing.assert_array_equal(pn[constant], x[constant])
    # tramnmx on the training data is premnmx's pn, bit for bit.
    again, caught = recorded(tramnmx, x, minp, maxp)
    np.testing.assert_array_equal(again, pn)
    assert len(caught) == int(constant.any())
    back, _ = recorded(postmnmx, pn, minp, maxp)
    assert_round_trip(back, x)


@settings(max_examples=300, deadline=None)
@given(matrices())
@example(EDGE_CASES[1])
@example(EDGE_CASES[4])
@example(EDGE_CASES[5])
def test_prestd_properties(x):
    constant = x.min(axis=1) == x.max(axis=1)
    (pn, meanp, stdp), caught = recorded(prestd, x)
    np.testing.assert_array_equal(stdp[constant], 0.0)
    np.testing.assert_array_equal(meanp[constant].ravel(), x[constant, 0])
    # MATLAB warns on std == 0; that also catches spreads so small that the std underflows.
    assert len(caught) == int((stdp == 0).any())
    np.testing.assert_array_equal(pn[stdp.ravel() == 0], x[stdp.ravel() == 0])
    again, _ = recorded(trastd, x, meanp, stdp)
    np.testing.assert_array_equal(again, pn)
    back, _ = recorded(poststd, pn, meanp, stdp)
    assert_round_trip(back, x)


@settings(max_examples=300, deadline=None)
@given(matrices(), st.sampled_from([(-1.0, 1.0), (0.0, 1.0), (-3.5, 12.0)]))
@example(EDGE_CASES[2], (-1.0, 1.0))
@example(EDGE_CASES[5], (-1.0, 1.0))
def test_mapminmax_properties(x, yrange):
    ymin, ymax = yrange
    y, ps = mapminmax(x, ymin, ymax)  # NNT 7 never warns; filterwarnings=error would catch one
    np.testing.assert_array_equal(mapminmax("apply", x, ps), y)
    assert_round_trip(mapminmax("reverse", y, ps), x)
    changed = ~((ps.gain == 1) & (ps.xoffset == ymin)).ravel()
    np.testing.assert_array_equal(y[~changed], x[~changed])
    # Changed rows reach ymin exactly and ymax up to the rounding of x*gain.
    np.testing.assert_array_equal(y[changed].min(axis=1), ymin)
    np.testing.assert_allclose(y[changed].max(axis=1), ymax, rtol=0, atol=4e-15 * max(1, abs(ymax)))
    assert ps.no_change == (not changed.any())


@settings(max_examples=300, deadline=None)
@given(matrices())
@example(EDGE_CASES[4])
@example(EDGE_CASES[5])
@example(np.array([[1e6, np.nextafter(1e6, 2e6)]]))  # a spread of one ulp (found by hypothesis)
def test_mapstd_properties(x):
    y, ps = mapstd(x)
    np.testing.assert_array_equal(mapstd("apply", x, ps), y)
    assert_round_trip(mapstd("reverse", y, ps), x)
    changed = ~((ps.gain == 1) & (ps.xoffset == 0)).ravel()
    np.testing.assert_array_equal(y[~changed], x[~changed])
    # Below ~1e-150 the squared deviations are subnormal and the std itself (MATLAB's too) loses
    # digits; and where the spread is a few ulps of the values ([1e6, 1e6 + 1 ulp]) their mean
    # rounds onto one of them, so y's mean is not 0 (MATLAB's formula gives the same). The round
    # trip above still holds for both.
    xstd = ps.xstd.ravel()
    normal = changed & (xstd > 1e-150) & (xstd > 1e-6 * np.abs(x).max(axis=1))
    if normal.any():  # never with one sample: its std is 0
        np.testing.assert_allclose(y[normal].mean(axis=1), 0, atol=1e-9)
        np.testing.assert_allclose(y[normal].std(axis=1, ddof=1), 1, rtol=1e-9)


@settings(max_examples=200, deadline=None)
@given(matrices(), st.data())
def test_row_processing_round_trips(x, data):
    y, ps = removeconstantrows(x)
    np.testing.assert_array_equal(removeconstantrows("reverse", y, ps), x)  # (c + c)/2 == c exactly
    assert ps.yrows == int((x.min(axis=1) != x.max(axis=1)).sum())
    holes = data.draw(arrays(np.bool_, x.shape))
    x = np.where(holes, np.nan, x)
    y, ps = fixunknowns(x)
    assert not np.isnan(y).any()
    np.testing.assert_array_equal(fixunknowns("reverse", y, ps), x)
    assert settings_from_dict(json.loads(json.dumps(ps.to_dict(), allow_nan=False))) == ps
