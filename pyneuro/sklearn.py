"""A scikit-learn estimator around the MATLAB workflow: ``NNTRegressor``.

``pip install 'pyneuro-nnt[sklearn]'``. This is the only module that imports scikit-learn;
``import pyneuro`` does not load it.

The estimator does what a classic MATLAB script does (``mapminmax`` on inputs and targets,
``newff``, ``train``, ``sim``, reverse ``mapminmax``) behind scikit-learn's conventions:
samples are **rows** (``X`` is n_samples × n_features, the transpose of MATLAB's ``P``), the
training options are constructor parameters, and ``fit``/``predict``/``score`` work in
Pipelines, ``GridSearchCV`` and ``cross_val_score``.

>>> import numpy as np
>>> from pyneuro.sklearn import NNTRegressor
>>> X = np.linspace(-1, 1, 41).reshape(-1, 1); y = X.ravel() ** 2
>>> model = NNTRegressor(hidden_layer_sizes=(5,), epochs=200, random_state=0).fit(X, y)
>>> model.predict(X).shape
(41,)
>>> bool(model.score(X, y) > 0.99)
True
"""

import numbers
import warnings

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from ._constructors import newff
from .errors import ConstantRowWarning, ParameterError
from .network import sim
from .preprocessing import mapminmax
from .training import train

__all__ = ["NNTRegressor"]

# trainParam fields that are constructor parameters; None keeps the training function's
# MATLAB default (not every trainer has every field: lr/mc are gradient descent's, mu trainlm's).
_TRAIN_PARAMS = ("epochs", "goal", "lr", "mc", "mu", "min_grad")


class NNTRegressor(RegressorMixin, BaseEstimator):
    """Feed-forward network regression with MATLAB's ``newff``/``train``, as an estimator.

    Parameters
    ----------
    hidden_layer_sizes : tuple of int, default (10,)
        Sizes of the hidden layers (the output layer, one neuron per target, is added).
    transfer_fcns : tuple of str, optional
        Transfer function of every layer, the output layer included; default ``'tansig'``
        for hidden layers and ``'purelin'`` for the output (the usual regression net).
    train_fcn : str, default 'trainlm'
        Training function (``newff``'s ``BTF``): ``'trainlm'``, ``'traingd'``, ``'traingdm'``.
    perform_fcn : str, default 'mse'
        Performance function.
    epochs, goal, lr, mc, mu, min_grad : float, optional
        ``net.trainParam`` fields; None keeps the training function's MATLAB default. One the
        training function does not use (``lr`` with trainlm) is kept and ignored with an
        IgnoredParameterWarning, as MATLAB does.
    random_state : int, RandStream or numpy.random.Generator, optional
        Stream for the initial weights (``newff``'s ``rng``); None draws from pyneuro's
        global MATLAB-compatible stream (see :func:`pyneuro.rng`).

    Attributes
    ----------
    net_ : Network
        The trained network (on mapminmax-normalised data).
    tr_ : TrainRecord
        Its training record.
    input_settings_, target_settings_ : MapMinMaxSettings
        The ``mapminmax`` settings of inputs and targets.
    n_features_in_ : int
        Number of features seen in ``fit``.
    feature_names_in_ : ndarray of str
        Column names of ``X`` when it was a DataFrame with string column names.

    Notes
    -----
    MATLAB equivalent of ``fit(X, y)`` and ``predict(X2)``::

        [pn, ps] = mapminmax(X');  [tn, ts] = mapminmax(y');
        net = newff(minmax(pn), [hidden 1], {'tansig', 'purelin'}, 'trainlm');
        net = train(net, pn, tn);
        y2 = mapminmax('reverse', sim(net, mapminmax('apply', X2', ps)), ts)';

    Constant features (and a constant target) are mapped to a constant by ``mapminmax`` and
    carry no information; the estimator does not repeat ``mapminmax``'s warning about them.
    No data are held out: training runs for ``epochs`` or until ``goal``/``min_grad``, as a
    classic MATLAB script does; use scikit-learn's cross-validation to choose the size.
    """

    def __init__(self, hidden_layer_sizes=(10,), transfer_fcns=None, train_fcn="trainlm",
                 perform_fcn="mse", epochs=None, goal=None, lr=None, mc=None, mu=None,
                 min_grad=None, random_state=None):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.transfer_fcns = transfer_fcns
        self.train_fcn = train_fcn
        self.perform_fcn = perform_fcn
        self.epochs = epochs
        self.goal = goal
        self.lr = lr
        self.mc = mc
        self.mu = mu
        self.min_grad = min_grad
        self.random_state = random_state

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags

    def fit(self, X, y):
        """Normalise with ``mapminmax``, create the net with ``newff`` and ``train`` it.

        Parameters
        ----------
        X : array_like, shape (n_samples, n_features)
            Inputs, one sample per row.
        y : array_like, shape (n_samples,) or (n_samples, n_targets)
            Targets.

        Returns
        -------
        NNTRegressor
            self, fitted.

        Raises
        ------
        ValueError
            X or y is not a finite numeric array of matching length with at least 2 samples.
        ParameterError
            A bad hidden size, or a bad training option value.
        UnknownFunctionError
            An unknown transfer, training or performance function.
        """
        X, y = validate_data(self, X, y, multi_output=True, y_numeric=True,
                             ensure_min_samples=2, dtype=np.float64)
        sizes = self._layer_sizes(1 if y.ndim == 1 else y.shape[1])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConstantRowWarning)
            P, self.input_settings_ = mapminmax(X.T)
            T, self.target_settings_ = mapminmax(np.atleast_2d(y.T) if y.ndim == 1 else y.T)
        transfer = (list(self.transfer_fcns) if self.transfer_fcns is not None
                    else ["tansig"] * (len(sizes) - 1) + ["purelin"])
        net = newff(np.column_stack([P.min(axis=1), P.max(axis=1)]), sizes, transfer,
                    self.train_fcn, "learngdm", self.perform_fcn, rng=self.random_state)
        net.trainParam.show = None
        for name in _TRAIN_PARAMS:
            value = getattr(self, name)
            if value is not None:
                setattr(net.trainParam, name, value)
        self.net_, self.tr_ = train(net, P, T, display=None)
        self._y_ndim = y.ndim
        return self

    def _layer_sizes(self, n_targets):
        hidden = self.hidden_layer_sizes
        hidden = [hidden] if isinstance(hidden, numbers.Integral) else list(hidden)
        if not all(isinstance(s, numbers.Integral) and s >= 1 for s in hidden):
            raise ParameterError(f"hidden_layer_sizes must be whole numbers >= 1; "
                                 f"got {self.hidden_layer_sizes!r}")
        return [int(s) for s in hidden] + [n_targets]

    def predict(self, X):
        """Outputs of the trained net, in the units of ``y``.

        Parameters
        ----------
        X : array_like, shape (n_samples, n_features)

        Returns
        -------
        ndarray, shape (n_samples,) or (n_samples, n_targets)
            As ``y`` was in ``fit``.
        """
        check_is_fitted(self, "net_")
        X = validate_data(self, X, reset=False, dtype=np.float64)
        Y = mapminmax("reverse", sim(self.net_, mapminmax("apply", X.T, self.input_settings_)),
                      self.target_settings_)
        return Y[0] if self._y_ndim == 1 else Y.T
