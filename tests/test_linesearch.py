"""The line searches (srchbac, srchcha, srchgol, srchbre, srchhyb) on a quadratic whose
minimiser along the direction is known in closed form, and the line-search trainers' own
stop messages and searchFcn choice.

Quadratic: f(x) = x' D x with D = diag(1, 4), from x0 = (1, 1) along dx = -g0 = (-2, -8):
    f(x0 + a dx) = (1 - 2a)^2 + 4 (1 - 8a)^2,  slope at 0: g0'dx = -68,
    minimiser a* = g0'g0 / (2 g0'D g0) = 68 / 520 = 0.130769...
References: MATLAB_REFERENCE.md §6.10 and the NNT 4 srch*.m sources.
"""

import numpy as np
import pytest

import pyneuro as nn
from pyneuro.errors import UnknownFunctionError
from pyneuro.training import TRAINING_FUNCTIONS
from pyneuro.training.linesearch import LINE_SEARCHES, get_line_search

A_STAR = 68 / 520
X0 = np.array([1.0, 1.0])
DX = np.array([-2.0, -8.0])


class Quadratic:
    d = np.array([1.0, 4.0])

    def __init__(self):
        self.calls = 0

    def perf(self, x):
        self.calls += 1
        return float(x @ (self.d * x))

    def perf_grad(self, x):
        return self.perf(x), 2.0 * self.d * x


def _param(**changes):
    p = TRAINING_FUNCTIONS["traincgf"].param_struct().to_dict()
    p.update(changes)
    return p


def _search(name, ch_perf=5.0, delta=None, tol=None, **param):
    obj = Quadratic()
    p = _param(**param)
    g0 = 2.0 * obj.d * X0
    delta = p["delta"] if delta is None else delta
    tol = p["delta"] / p["scale_tol"] if tol is None else tol
    return LINE_SEARCHES[name](obj, X0, DX, obj.perf(X0), g0, float(g0 @ DX), delta, tol,
                               ch_perf, p), p


def _check_result(result, a_expected, rel):
    a, perf, grad, delta, tol = result
    assert a == pytest.approx(a_expected, rel=rel)
    x = X0 + a * DX
    assert perf == pytest.approx(float(x @ (Quadratic.d * x)), rel=1e-12)
    np.testing.assert_allclose(grad, 2.0 * Quadratic.d * x, rtol=1e-12)
    return a, delta, tol


def test_srchbac_first_backtrack_is_the_exact_quadratic_minimum():
    # a = 1 fails the sufficient decrease (f(1) = 1 + 196 > 5); the first backtrack is the
    # minimum of the parabola through f(0), f'(0), f(1), exact on a quadratic:
    # 68 / (2 (197 - 5 + 68)) = 0.130769, inside [low_lim, up_lim] = [0.1, 0.5]; there
    # the slope is 0 >= beta*f'(0), so the search ends.
    result, p = _search("srchbac")
    a, delta, tol = _check_result(result, A_STAR, 1e-12)
    assert delta == a and tol == pytest.approx(0.01 / 20)  # delta/scale_tol stays smaller


def test_srchbac_refines_when_up_lim_cuts_the_backtrack():
    # up_lim = 0.1: the first backtrack is cut to 0.1*1. There f = 0.64 + 0.16 = 0.8 passes
    # the sufficient decrease but the slope g'dx = (1.6, 1.6)'(-2, -8) = -16 < beta*(-68), so
    # the step is refined between lo = 0.1 (f 0.8) and hi = 1 (f 197), diff 0.9: the
    # interpolated increment 16*0.81/(2*(197 - 0.8 + 14.4)) = 0.0308 is raised to 0.2*0.9,
    # a = 0.28 (f 6.344 fails the decrease: diff 0.18); then 0.0308 -> 0.2*0.18 = 0.036,
    # a = 0.136, slope (1.456, -0.704)'(-2, -8) = 2.72 >= beta*(-68): done.
    result, _ = _search("srchbac", up_lim=0.1)
    _check_result(result, 0.136, 1e-12)


def test_srchcha_cubic_from_the_charalambous_first_step():
    # First step b = max(delta, -2 ch_perf / f'(0)) = 2*17/68 = 0.5 (ch_perf = 17). The slope
    # there is positive, so the cubic through (0, 5, -68) and (0.5, f, f') is fitted: exact
    # on a quadratic, 0.130769 lies inside [gama, 1 - gama]*0.5, and its slope is 0.
    result, _ = _search("srchcha", ch_perf=17.0)
    _check_result(result, A_STAR, 1e-12)


def test_srchcha_first_step_guess_is_exact_on_a_quadratic():
    # With ch_perf = f(a*) - f(0) of an exact line minimisation, -2 ch_perf/f'(0) = a*.
    f_star = (1 - 2 * A_STAR) ** 2 + 4 * (1 - 8 * A_STAR) ** 2
    result, _ = _search("srchcha", ch_perf=5.0 - f_star)
    _check_result(result, A_STAR, 1e-12)


@pytest.mark.parametrize("name", ["srchgol", "srchbre"])
def test_interval_searches_converge_to_tol(name):
    # With alpha = 1 the sufficient-decrease exit never fires on a convex quadratic
    # (f(a) >= f(0) + a f'(0)), so the bracket shrinks until it is shorter than tol. The
    # first step 0.5 already rises (f = 36), so the golden points start evenly spaced
    # (MATLAB reuses a bracketing midpoint where there is one, which breaks the spacing).
    result, p = _search(name, alpha=1.0, delta=0.5, tol=1e-4)
    assert abs(result[0] - A_STAR) <= 1e-4
    _check_result(result, result[0], 1e-15)


def test_srchbre_parabola_lands_on_the_minimum():
    # Brent's parabolic step through three points of a quadratic is its exact minimum.
    result, _ = _search("srchbre", alpha=1.0)
    assert result[0] == pytest.approx(A_STAR, rel=1e-9)


def test_srchhyb_cubic_lands_on_the_minimum():
    # Bracket by doubling from delta = 0.01: 0.08 < 0.16 > 0.32, so [0.08, 0.32] with
    # x = 0.16; the cubic through two points of a quadratic with slopes is exact.
    result, _ = _search("srchhyb")
    _check_result(result, A_STAR, 1e-12)


@pytest.mark.parametrize("name", sorted(LINE_SEARCHES))
def test_every_search_decreases_sufficiently_with_defaults(name):
    result, p = _search(name, ch_perf=5.0)
    a, perf = result[0], result[1]
    assert 0 < a and perf <= 5.0 + p["alpha"] * a * -68


def test_unknown_search_function_lists_the_valid_ones():
    with pytest.raises(UnknownFunctionError) as info:
        get_line_search("srchxyz")
    for name in LINE_SEARCHES:
        assert name in str(info.value)


# -- the trainers around them ----------------------------------------------------------------

P = np.linspace(-1, 1, 15)[None, :]
T = np.sin(2 * P)
LINE_TRAINERS = ("trainbfg", "traincgb", "traincgf", "traincgp", "trainoss")


def _net(fcn, **param):
    net = nn.newff(nn.minmax(P), [4, 1], ["tansig", "purelin"], fcn, rng=0)
    net.trainParam.show = None
    for k, v in param.items():
        setattr(net.trainParam, k, v)
    return net


@pytest.mark.parametrize("fcn", LINE_TRAINERS)
def test_default_search_functions(fcn):
    assert _net(fcn).trainParam.searchFcn == ("srchbac" if fcn in ("trainbfg", "trainoss")
                                              else "srchcha")


@pytest.mark.parametrize("fcn", LINE_TRAINERS)
@pytest.mark.parametrize("search", sorted(LINE_SEARCHES))
def test_each_trainer_with_each_search(fcn, search):
    _, tr = nn.train(_net(fcn, searchFcn=search, epochs=20), P, T)
    assert tr.perf[-1] < 0.5 * tr.perf[0]
    assert np.all(np.diff(tr.perf) <= 1e-12 * tr.perf[:-1])  # a line search never goes up


@pytest.mark.parametrize("fcn", LINE_TRAINERS)
def test_unknown_searchFcn_is_reported_at_train(fcn):
    with pytest.raises(UnknownFunctionError, match="srchxyz"):
        nn.train(_net(fcn, searchFcn="srchxyz"), P, T)


def _zero_step(objective, x, dx, perf, grad, dperf, delta, tol, ch_perf, param):
    return 0.0, perf, grad, delta, tol


@pytest.mark.parametrize("fcn", ["traincgf", "traincgp", "traincgb"])
def test_cg_stops_on_a_zero_step(fcn):
    _, tr = nn.train(_net(fcn, searchFcn=_zero_step, epochs=50), P, T)
    assert tr.stop == "Minimum step size reached." and tr.num_epochs == 1


def _nan_gradient(objective, x, dx, perf, grad, dperf, delta, tol, ch_perf, param):
    return 0.5, perf, np.full_like(grad, np.nan), delta, tol


def test_bfg_stops_on_precision_problems():
    _, tr = nn.train(_net("trainbfg", searchFcn=_nan_gradient, epochs=50), P, T)
    assert tr.stop == "Precision problems in matrix inversion."


def test_progress_title_names_the_search():
    lines = []
    net = _net("trainbfg", epochs=1)
    net.trainParam.show = 1
    nn.train(net, P, T, display=lines.append)
    assert lines[0].startswith("TRAINBFG-srchbac, Epoch 0/1, MSE ")
    assert lines[-2] == "TRAINBFG, Maximum epoch reached."


@pytest.mark.parametrize("fcn", LINE_TRAINERS)
def test_first_step_is_exact_and_the_next_direction_conjugate(fcn):
    # On f = x' D x from (1, 1) every trainer first searches along -g0 (traincg*: -g0/|g0|)
    # and its default search lands on the exact minimum there (see the srchbac and srchcha
    # tests): x1 = x0 - a* g0 = (1 - 2a*, 1 - 8a*). With exact line searches on a quadratic,
    # Fletcher-Reeves, Polak-Ribiere, Beale-Powell, BFGS and the one-step secant all make the
    # next direction conjugate to the step: dx1' (2D) s0 = 0.
    obj = Quadratic()
    p = TRAINING_FUNCTIONS[fcn].param_struct().to_dict()
    algo = TRAINING_FUNCTIONS[fcn].algorithm(obj, X0.copy(), p)
    algo.step(0)
    np.testing.assert_allclose(algo.x, [1 - 2 * A_STAR, 1 - 8 * A_STAR], rtol=1e-10)
    s0 = algo.x - X0
    hessian = 2 * np.diag(Quadratic.d)
    dx1 = algo._dx
    assert abs(dx1 @ hessian @ s0) <= 1e-9 * np.linalg.norm(dx1) * np.linalg.norm(hessian @ s0)
    assert dx1 @ algo.grad < 0  # and descends
