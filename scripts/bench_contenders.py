"""The contenders pyneuro is measured against in ``scripts/bench.py``.

Each one does what pyneuro's trainer does, written the way a careful user of that tool would
write it, starting from pyneuro's initial weights where the tool lets us set them:

* :class:`NumpyGDM`: traingdm by hand in numpy, biases folded into the weight matrices, one
  flat parameter vector, every buffer allocated once and written in place; with ``np.tanh``,
  or with MATLAB's tansig formula ``2/(1+exp(-2n))-1`` that pyneuro computes (the same
  numbers as pyneuro, bit for bit in the hidden layer).
* :class:`BlasOnly`: the four matrix products of that epoch and nothing else (the floor).
* :func:`numpy_lm`: Levenberg-Marquardt with trainlm's rules (mu schedule, retries), the
  whole Jacobian built with numpy broadcasting, ``J'J`` and ``np.linalg.solve``.
* :func:`sklearn_gdm`: scikit-learn's ``MLPRegressor``, ``solver='sgd'``, one batch of all Q
  samples, learning rate and momentum translated to the same update.
* :func:`torch_gdm`: PyTorch, float64, ``torch.optim.SGD`` with momentum, translated likewise.

Each callable returns the wall time of its training epochs; buffers and copies made before
the first epoch are left out where the tool lets us (numpy), included where it does not
(scikit-learn's ``fit``, PyTorch's model set-up is outside).
"""

import contextlib
import time
import warnings

import numpy as np

try:  # optional contenders: the benchmark runs without them and says so
    import sklearn
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPRegressor
except ImportError:
    sklearn = None
try:
    import torch
except ImportError:
    torch = None
try:
    from threadpoolctl import threadpool_limits
except ImportError:
    threadpool_limits = None


class NumpyGDM:
    """traingdm for a tanh/linear net with one hidden layer, by hand in numpy."""

    def __init__(self, P, T, W1, b1, W2, b2, lr=0.01, mc=0.9, formula=False):
        R, Q = P.shape
        H = W1.shape[0]
        self.P1 = np.vstack([P, np.ones((1, Q))])  # a row of ones carries the bias
        self.T = T
        self.x = np.concatenate([np.hstack([W1, b1]).ravel(), np.hstack([W2, b2]).ravel()])
        self.W1 = self.x[:H * (R + 1)].reshape(H, R + 1)
        self.W2 = self.x[H * (R + 1):].reshape(1, H + 1)
        self.g = np.empty_like(self.x)
        self.G1 = self.g[:H * (R + 1)].reshape(H, R + 1)
        self.G2 = self.g[H * (R + 1):].reshape(1, H + 1)
        self.dx = np.zeros_like(self.x)
        self.step = np.empty_like(self.x)
        self.A1 = np.ones((H + 1, Q))
        self.E = np.empty((1, Q))
        self.D1 = np.empty((H, Q))
        self.S = np.empty((H, Q))
        self.lr, self.mc, self.H, self.Q = lr, mc, H, Q
        self.act = tansig_formula if formula else np.tanh

    def run(self, epochs, goal=0.0):
        H, Q, lr, mc = self.H, self.Q, self.lr, self.mc
        A1, Ah, E, D1, S, x, g, dx = (self.A1, self.A1[:H], self.E, self.D1, self.S, self.x,
                                      self.g, self.dx)
        perfs = np.empty(epochs)
        for k in range(epochs):
            np.matmul(self.W1, self.P1, out=Ah)
            self.act(Ah, out=Ah)
            np.matmul(self.W2, A1, out=E)
            np.subtract(self.T, E, out=E)
            perfs[k] = perf = float(np.vdot(E, E)) / Q
            if perf <= goal:
                break
            E *= -2.0 / Q  # dperf/dY
            np.matmul(E, A1.T, out=self.G2)
            np.multiply(self.W2[:, :H].T, E, out=D1)
            np.multiply(Ah, Ah, out=S)
            np.subtract(1.0, S, out=S)
            D1 *= S
            np.matmul(D1, self.P1.T, out=self.G1)
            dx *= mc
            np.multiply(g, (1.0 - mc) * lr, out=self.step)
            dx -= self.step
            x += dx
        return perfs


def tansig_formula(n, out):
    """MATLAB's tansig, in place."""
    np.multiply(n, -2.0, out=out)
    np.exp(out, out=out)
    out += 1.0
    np.divide(2.0, out, out=out)
    out -= 1.0
    return out


class BlasOnly(NumpyGDM):
    """Only the matrix products of :class:`NumpyGDM`'s epoch."""

    def run(self, epochs, goal=0.0):
        A1, E, D1 = self.A1, self.E, self.D1
        for _ in range(epochs):
            np.matmul(self.W1, self.P1, out=A1[:self.H])
            np.matmul(self.W2, A1, out=E)
            np.matmul(E, A1.T, out=self.G2)
            np.matmul(D1, self.P1.T, out=self.G1)


def blas_threads(limit):
    """A context limiting BLAS to `limit` threads (None: as configured)."""
    if limit is None or threadpool_limits is None:
        return contextlib.nullcontext()
    return threadpool_limits(limit, user_api="blas")


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - start


def numpy_gdm(P, T, weights, epochs, formula=False):
    return timed(NumpyGDM(P, T, *weights, formula=formula).run, epochs)


def blas_only(P, T, weights, epochs):
    return timed(BlasOnly(P, T, *weights).run, epochs)


def numpy_lm(P, T, weights, epochs, mu=1e-3, mu_dec=0.1, mu_inc=10.0, mu_max=1e10):
    """trainlm's rules by hand; returns the final mse."""
    W1, b1, W2, b2 = (w.copy() for w in weights)
    R, Q = P.shape
    H = W1.shape[0]
    n = H * R + 2 * H + 1

    def unpack(x):
        return (x[:H * R].reshape(H, R), x[H * R:H * R + H].reshape(H, 1),
                x[H * R + H:H * R + 2 * H].reshape(1, H), x[-1:].reshape(1, 1))

    def forward(x):
        w1, c1, w2, c2 = unpack(x)
        A1 = np.tanh(w1 @ P + c1)
        return A1, T - (w2 @ A1 + c2)

    x = np.concatenate([W1.ravel(), b1.ravel(), W2.ravel(), b2.ravel()])
    A1, E = forward(x)
    perf = float(np.mean(E * E))
    J = np.empty((Q, n))  # dY/dx; the errors' Jacobian is its negative
    eye = np.eye(n)
    for _ in range(epochs):
        D1 = unpack(x)[2].T * (1.0 - A1 * A1)
        J[:, :H * R] = (D1.T[:, :, None] * P.T[:, None, :]).reshape(Q, H * R)
        J[:, H * R:H * R + H] = D1.T
        J[:, H * R + H:H * R + 2 * H] = A1.T
        J[:, -1] = 1.0
        JJ = J.T @ J
        Je = J.T @ E.ravel()
        while mu <= mu_max:
            dx = np.linalg.solve(JJ + mu * eye, Je)
            A2, E2 = forward(x + dx)
            perf2 = float(np.mean(E2 * E2))
            if perf2 < perf:
                x, A1, E, perf = x + dx, A2, E2, perf2
                mu = max(mu * mu_dec, 1e-20)
                break
            mu *= mu_inc
        else:
            break
    return perf


def sklearn_gdm(P, T, weights, epochs, lr=0.01, mc=0.9):
    # sklearn minimises mean(e**2)/2 and steps v <- mc*v - lr_sk*grad: lr_sk = 2*(1-mc)*lr
    # gives traingdm's dx <- mc*dx - (1-mc)*lr*dmse/dx.
    model = MLPRegressor(hidden_layer_sizes=(weights[0].shape[0],), activation="tanh",
                         solver="sgd", batch_size=P.shape[1], learning_rate_init=2 * (1 - mc) * lr,
                         momentum=mc, nesterovs_momentum=False, alpha=0.0, max_iter=epochs,
                         shuffle=False, tol=0.0, n_iter_no_change=epochs + 1, random_state=0)
    X, y = np.ascontiguousarray(P.T), T.ravel()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return timed(model.fit, X, y)


def torch_gdm(P, T, weights, epochs, lr=0.01, mc=0.9):
    # torch's SGD: v <- mc*v + g, x <- x - lr_t*v, i.e. dx <- mc*dx - lr_t*g: lr_t = (1-mc)*lr.
    W1, b1, W2, b2 = weights
    X, Y = torch.from_numpy(np.ascontiguousarray(P.T)), torch.from_numpy(np.ascontiguousarray(T.T))
    model = torch.nn.Sequential(torch.nn.Linear(W1.shape[1], W1.shape[0]), torch.nn.Tanh(),
                                torch.nn.Linear(W1.shape[0], 1)).double()
    with torch.no_grad():
        for layer, W, b in ((model[0], W1, b1), (model[2], W2, b2)):
            layer.weight.copy_(torch.from_numpy(W))
            layer.bias.copy_(torch.from_numpy(b.ravel()))
    opt = torch.optim.SGD(model.parameters(), lr=(1 - mc) * lr, momentum=mc)
    loss_fn = torch.nn.MSELoss()

    def run():
        for _ in range(epochs):
            opt.zero_grad()
            loss = loss_fn(model(X), Y)
            loss.backward()
            opt.step()

    return timed(run)


def versions():
    """``{name: version}`` of the optional contenders that are installed."""
    out = {}
    if sklearn is not None:
        out["scikit-learn"] = sklearn.__version__
    if torch is not None:
        out["torch"] = torch.__version__
    return out
