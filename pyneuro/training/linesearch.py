"""One-dimensional searches along a direction, MATLAB's ``srch*`` functions.

The line-search trainers (trainbfg, traincgf, traincgp, traincgb, trainoss) choose one by
``trainParam.searchFcn``. Every search has the signature::

    search(objective, x, dx, perf, grad, dperf, delta, tol, ch_perf, param)
        -> (a, perf, grad, delta, tol)

with ``dperf = grad' dx`` the slope at ``x`` along ``dx`` (negative for a descent
direction), ``delta`` the first trial step, ``tol`` the interval tolerance, ``ch_perf`` the
change in performance at the previous epoch and ``param`` the trainParam dict (``alpha``,
``beta``, ``delta``, ``gama``, ``low_lim``, ``up_lim``, ``maxstep``, ``minstep``, ``bmax``,
``scale_tol``, ``min_grad``). It returns the step ``a`` (the trainer sets ``x <- x + a*dx``),
the performance and gradient there, and the next ``delta`` and ``tol``: as MATLAB, the next
search starts from this step (at least ``param['delta']``) and ``tol`` shrinks to
``delta/scale_tol``.

The rules follow the NNT 4 sources: srchbac (Dennis & Schnabel's backtracking), srchcha
(Charalambous), srchgol (golden section), srchbre (Brent), srchhyb (bisection-cubic). The
sufficient-decrease test is ``perf(a) <= perf + alpha*a*dperf`` and the curvature test is
``|dperf(a)| <= beta*|dperf|`` throughout.
"""

import math

import numpy as np

from .._registry import lookup

__all__ = ["LINE_SEARCHES", "get_line_search", "srchbac", "srchcha", "srchgol", "srchbre",
           "srchhyb"]

TAU1 = 1.0 - 0.618  # golden-section fraction, as MATLAB's tau = 0.618


def _finish(a, param, tol):
    delta = max(a, param["delta"])
    return delta, min(tol, delta / param["scale_tol"])


def _slope(objective, x, dx, a):
    """Performance, gradient and slope along ``dx`` at ``x + a*dx``."""
    perf, grad = objective.perf_grad(x + a * dx)
    return perf, grad, float(grad @ dx)


def srchbac(objective, x, dx, perf, grad, dperf, delta, tol, ch_perf, param):
    """Backtracking: try a = 1, shrink by quadratic then cubic fits until the sufficient
    decrease holds; where the slope test fails on the first try, grow the step (doubling up
    to ``maxstep``) and refine between the last two steps."""
    alpha, beta = param["alpha"], param["beta"]
    low_lim, up_lim, maxstep = param["low_lim"], param["up_lim"], param["maxstep"]
    norm_dx = math.sqrt(float(dx @ dx))
    minlambda, maxlambda = param["minstep"] / norm_dx, maxstep / norm_dx
    perfa, dperfa = perf, dperf

    def armijo(lam, p):
        return p <= perfa + alpha * lam * dperfa

    lam = 1.0
    perfb = objective.perf(x + lam * dx)
    gradb = None  # the gradient at lam, once computed
    lam_old = perfb_old = None
    start = True
    while True:
        if armijo(lam, perfb):
            if gradb is None:
                _, gradb, dperfb = _slope(objective, x, dx, lam)
            if dperfb < beta * dperfa:  # the slope is still steep: a longer step may do
                if start and norm_dx < maxstep:
                    while armijo(lam, perfb) and dperfb < beta * dperfa and lam < maxlambda:
                        lam_old, perfb_old = lam, perfb
                        lam = min(2 * lam, maxlambda)
                        perfb = objective.perf(x + lam * dx)
                        gradb = None
                        if armijo(lam, perfb):
                            _, gradb, dperfb = _slope(objective, x, dx, lam)
                if lam < 1 or (lam > 1 and not armijo(lam, perfb)):
                    lam_lo = min(lam, lam_old)
                    lam_diff = abs(lam_old - lam)
                    perf_lo, perf_hi = ((perfb, perfb_old) if lam < lam_old
                                        else (perfb_old, perfb))
                    while dperfb < beta * dperfa and lam_diff > minlambda:
                        incr = -dperfb * lam_diff ** 2 / (
                            2 * (perf_hi - (perf_lo + dperfb * lam_diff)))
                        incr = max(incr, 0.2 * lam_diff)
                        lam = lam_lo + incr
                        perfb = objective.perf(x + lam * dx)
                        gradb = None
                        if not armijo(lam, perfb):
                            lam_diff, perf_hi = incr, perfb
                        else:
                            _, gradb, dperfb = _slope(objective, x, dx, lam)
                            if dperfb < beta * dperfa:
                                lam_lo, lam_diff, perf_lo = lam, lam_diff - incr, perfb
                    if dperfb < beta * dperfa:  # could not satisfy the slope test
                        lam = lam_lo
                        perfb = objective.perf(x + lam * dx)
                        gradb = None
            break
        if lam < minlambda:  # minimum step reached
            break
        if start:  # first backtrack: minimum of the quadratic through perfa, dperfa, perfb
            lam_temp = -dperfa / (2 * (perfb - perfa - dperfa))
        else:  # minimum of the cubic through the last two trials
            m = np.array([[1 / lam ** 2, -1 / lam_old ** 2],
                          [-lam_old / lam ** 2, lam / lam_old ** 2]]) / (lam - lam_old)
            c1, c2 = m @ np.array([perfb - perfa - dperfa * lam,
                                   perfb_old - perfa - lam_old * dperfa])
            if c1 == 0:
                lam_temp = -dperfa / (2 * c2)
            else:
                lam_temp = (-c2 + math.sqrt(c2 ** 2 - 3 * c1 * dperfa)) / (3 * c1)
        lam_temp = min(lam_temp, up_lim * lam)
        lam_old, perfb_old = lam, perfb
        lam = max(lam_temp, low_lim * lam)
        perfb = objective.perf(x + lam * dx)
        gradb = None
        start = False
    if gradb is None:
        perfb, gradb = objective.perf_grad(x + lam * dx)
    return (lam, perfb, gradb, *_finish(lam, param, tol))


def srchcha(objective, x, dx, perf, grad, dperf, delta, tol, ch_perf, param):
    """Charalambous: a first step from the last change in performance, then steps scaled by
    3 while the slope stays negative, and cubic interpolation (kept inside the interval by
    ``gama``) once it turns positive."""
    alpha, beta, gama = param["alpha"], param["beta"], param["gama"]
    scale = 3.0
    a, perfa, dperfa, grada = 0.0, perf, dperf, grad
    delta = max(delta, -2 * ch_perf / dperf)
    b = delta
    perfb, gradb, dperfb = _slope(objective, x, dx, b)

    def minimum():
        if perfa < perfb:
            return a, perfa, dperfa, grada
        return b, perfb, dperfb, gradb

    amin, minperf, dperfmin, gmin = minimum()
    while b - a > tol and (minperf > perf + alpha * amin * dperf
                           or abs(dperfmin) > abs(beta * dperf)):
        if dperfb < 0:
            delta = delta / scale if perfb > perfa else scale * delta
        else:
            w = 3 * (perfa - perfb) / (b - a) + dperfa + dperfb
            v = math.sqrt(w ** 2 - dperfa * dperfb)
            star = (b - a) * (1 - (dperfb + v - w) / (dperfb - dperfa + 2 * v))
            delta = max(gama * (b - a), min(star, (1 - gama) * (b - a)))
        bt = a + delta
        perft, gradt, dperft = _slope(objective, x, dx, bt)
        if bt > b:
            a, perfa, dperfa, grada = b, perfb, dperfb, gradb
            b, perfb, dperfb, gradb = bt, perft, dperft, gradt
        elif dperft > 0 or perft > perfa:
            b, perfb, dperfb, gradb = bt, perft, dperft, gradt
        else:
            a, perfa, dperfa, grada = bt, perft, dperft, gradt
        amin, minperf, dperfmin, gmin = minimum()
    return (amin, minperf, gmin, *_finish(amin, param, tol))


def _along(objective, x, dx):
    """The performance at ``x + s*dx`` as a function of the step ``s``."""
    return lambda s: objective.perf(x + s * dx)


def _bracket(at, perf, delta, bmax):
    """Double the step from ``delta`` while the performance falls (up to ``bmax``).

    Returns ``(a, perfa, c, perfc, b, perfb)``: the bracket ``[a, b]`` and an interior point
    ``c``, the last step below both ends, or the golden point of ``[a, b]`` when the first
    step already rose."""
    a = a_old = 0.0
    perfa = perfa_old = perf
    b = delta
    perfb = at(b)
    while perfa > perfb and b < bmax:
        a_old, perfa_old, a, perfa = a, perfa, b, perfb
        b = 2 * b
        perfb = at(b)
    if a == a_old:
        c = a + TAU1 * (b - a)
        return a, perfa, c, at(c), b, perfb
    return a_old, perfa_old, a, perfa, b, perfb


def srchgol(objective, x, dx, perf, grad, dperf, delta, tol, ch_perf, param):
    """Golden section: bracket by doubling the step, then shrink the bracket by the golden
    ratio until it is shorter than ``tol`` or the sufficient decrease holds."""
    at = _along(objective, x, dx)
    a, perfa, c, perfc, b, perfb = _bracket(at, perf, delta, param["bmax"])
    d = b - TAU1 * (b - a)
    perfd = at(d)
    minperf = min(perfa, perfb, perfc, perfd)
    a_min = b if perfb <= minperf else c if perfc <= minperf else d if perfd <= minperf else a
    while b - a > tol and minperf >= perf + param["alpha"] * a_min * dperf:
        if (perfc < perfd and perfb >= min(perfa, perfc, perfd)) or perfa < min(perfb, perfc,
                                                                                  perfd):
            b, d, perfb, perfd = d, c, perfd, perfc
            c = a + TAU1 * (b - a)
            perfc = at(c)
            if perfc < minperf:
                minperf, a_min = perfc, c
        else:
            a, c, perfa, perfc = c, d, perfc, perfd
            d = b - TAU1 * (b - a)
            perfd = at(d)
            if perfd < minperf:
                minperf, a_min = perfd, d
    perf, grad = objective.perf_grad(x + a_min * dx)
    return (a_min, perf, grad, *_finish(a_min, param, tol))


def srchbre(objective, x, dx, perf, grad, dperf, delta, tol, ch_perf, param):
    """Brent: bracket by doubling the step, then parabolic interpolation through the three
    best points, falling back to golden section, until the bracket is shorter than ``tol``
    or the sufficient decrease holds."""
    at = _along(objective, x, dx)
    a, perfa, v, perfv, b, perfb = _bracket(at, perf, delta, param["bmax"])
    w = xx = v
    perfw = perfx = perfv
    lo = hi = w
    while b - a > tol and perfx >= perf + param["alpha"] * xx * dperf:
        golden = True
        if w != xx and w != v and xx != v and hi - lo > 0.02 * (b - a):
            (z1, p1), (z2, p2), (z3, p3) = sorted(((v, perfv), (w, perfw), (xx, perfx)))
            num = (z3 ** 2 - z2 ** 2) * p1 + (z2 ** 2 - z1 ** 2) * p3 + (z1 ** 2 - z3 ** 2) * p2
            den = (z3 - z2) * p1 + (z2 - z1) * p3 + (z1 - z3) * p2
            star = 0.5 * num / den
            if a < star < b:
                u, golden = star, False
        if golden:
            u = xx - TAU1 * (xx - a) if xx >= (a + b) / 2 else xx + TAU1 * (b - xx)
        perfu = at(u)
        if perfu <= perfx:
            if u < xx:
                b, perfb = xx, perfx
            else:
                a, perfa = xx, perfx
            v, perfv, w, perfw, xx, perfx = w, perfw, xx, perfx, u, perfu
        else:
            if u < xx:
                a, perfa = u, perfu
            else:
                b, perfb = u, perfu
            if perfu <= perfw or w == xx:
                v, perfv, w, perfw = w, perfw, u, perfu
            elif perfu <= perfv or v == xx or v == w:
                v, perfv = u, perfu
        lo, hi = min(w, xx, v), max(w, xx, v)
    # The best of all points seen (MATLAB sorts a, b, v, w, x by performance; ties keep the
    # first in that order).
    best = min(((perfa, 0, a), (perfb, 1, b), (perfv, 2, v), (perfw, 3, w), (perfx, 4, xx)))
    step = best[2]
    perf, grad = objective.perf_grad(x + step * dx)
    return (step, perf, grad, *_finish(step, param, tol))


def srchhyb(objective, x, dx, perf, grad, dperf, delta, tol, ch_perf, param):
    """Hybrid bisection-cubic: bracket by doubling the step (with slopes), then cubic
    interpolation between the two best points, or bisection where it is unsafe, until both
    the sufficient decrease and the slope test hold or the bracket is shorter than ``tol``."""
    alpha, beta, bmax = param["alpha"], param["beta"], param["bmax"]
    min_grad = param["min_grad"]

    def point(s):  # points are (step, perf, slope)
        p, _, d = _slope(objective, x, dx, s)
        return (s, p, d)

    A = A_old = (0.0, perf, dperf)
    B = point(delta)
    while A[1] > B[1] and B[0] < bmax:
        A_old, A = A, B
        B = point(2 * B[0])
    if A[0] == A_old[0]:
        X = point((A[0] + B[0]) / 2)
    else:
        X, A = A, A_old

    def lowest():
        W = B if A[1] > B[1] else A
        minperf = min(A[1], B[1], X[1])
        M = B if B[1] <= minperf else X if X[1] <= minperf else A
        return W, minperf, M

    W, minperf, M = lowest()
    while B[0] - A[0] > tol and (minperf > perf + alpha * M[0] * dperf
                                 or abs(M[2]) > abs(beta * dperf)):
        U = None
        if abs(W[0] - X[0]) >= 0.02 * (B[0] - A[0]):
            lo, hi = (X, W) if W[0] > X[0] else (W, X)
            (sa, fa, ga), (sb, fb, gb) = lo, hi
            ww = 3 * (fa - fb) / (sb - sa) + ga + gb
            disc = ww ** 2 - ga * gb
            if disc >= 0:
                v = math.sqrt(disc)
                star = sa + (sb - sa) * (1 - (gb + v - ww) / (gb - ga + 2 * v))
                if A[0] < star < B[0]:
                    U = point(star)
        if U is None:  # bisection towards the side holding the minimum
            if (A[2] < 0 and (X[2] > 0 or X[1] > A[1])) or (A[2] > 0 and X[2] > 0
                                                            and X[1] < A[1]):
                U = point((A[0] + X[0]) / 2)
            else:
                U = point((X[0] + B[0]) / 2)
        if U[2] < min_grad:
            A = B = U
        elif U[0] > X[0]:
            A = X
        elif U[0] < X[0]:
            B = X
        else:
            A = B = X
        X = U
        W, minperf, M = lowest()
    step = M[0]
    # MATLAB re-evaluates at the last trial point here (a slip); pyneuro evaluates at the
    # step it returns, so perf and grad belong to x + a*dx.
    perf, grad = objective.perf_grad(x + step * dx)
    return (step, perf, grad, *_finish(step, param, tol))


LINE_SEARCHES = {f.__name__: f for f in (srchbac, srchbre, srchcha, srchgol, srchhyb)}
"""Registry of line searches keyed by MATLAB name (``trainParam.searchFcn``)."""


def get_line_search(name):
    """Look up a line search by MATLAB name (a callable of the signature above is used as
    given); raises UnknownFunctionError listing the valid names."""
    if callable(name):
        return name
    return lookup(LINE_SEARCHES, name, "line search (trainParam.searchFcn)", None)
