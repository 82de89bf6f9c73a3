"""The function fields of a network: ``trainFcn``/``trainParam``, ``performFcn``/
``performParam``, ``divideFcn``/``divideParam`` and ``divideMode``.

As in MATLAB, assigning a function resets its parameter struct to that function's defaults
(set ``net.trainFcn`` first, then ``net.trainParam.*``); a function name reads back, and a
function object a user assigns is kept as given.
"""

from ._struct import Struct
from ._trainfcn import get_training_function
from .divide import get_divide_function
from .errors import ParameterError
from .performance import get_performance

__all__ = ["FunctionFields"]


class FunctionFields:
    """Mixin of :class:`~pyneuro.network.Network`: the function fields and their parameters."""

    @property
    def trainFcn(self):
        return self._train_fcn.name

    @trainFcn.setter
    def trainFcn(self, name):
        fcn = get_training_function(name)
        self._train_fcn = fcn
        self._train_param = fcn.param_struct()

    @property
    def trainParam(self):
        return self._train_param

    @trainParam.setter
    def trainParam(self, value):
        self._train_param = _replace_fields(self._train_param, value)

    @property
    def performFcn(self):
        return self._perform_fcn.name

    @performFcn.setter
    def performFcn(self, name):
        pf = get_performance(name)
        self._perform_fcn = pf
        self._perform_param = Struct("performParam", {k: (v, "fraction")
                                                      for k, v in pf.defaults.items()})

    @property
    def performParam(self):
        return self._perform_param

    @performParam.setter
    def performParam(self, value):
        self._perform_param = _replace_fields(self._perform_param, value)

    @property
    def divideFcn(self):
        return self._divide_fcn if isinstance(self._divide_fcn, str) else self._divide_fcn.name

    @divideFcn.setter
    def divideFcn(self, name):
        # As MATLAB, assigning divideFcn resets divideParam to that function's defaults.
        if name in ("", None):
            self._divide_fcn, self._divide_param = "", Struct("divideParam", {})
        else:
            fcn = get_divide_function(name)
            self._divide_fcn, self._divide_param = fcn, fcn.param_struct()

    @property
    def divideParam(self):
        return self._divide_param

    @divideParam.setter
    def divideParam(self, value):
        self._divide_param = _replace_fields(self._divide_param, value)

    @property
    def divideMode(self):
        return self._divide_mode

    @divideMode.setter
    def divideMode(self, mode):
        if mode not in ("sample", "none"):
            raise ParameterError(f"divideMode must be 'sample' (divide the samples, columns) or "
                                 f"'none' (no division) for these static networks; got {mode!r}")
        self._divide_mode = mode

    def _copy_parameters(self):
        """Give this (freshly copied) network parameter structs of its own."""
        self._train_param = self._train_param.copy()
        self._perform_param = self._perform_param.copy()
        self._divide_param = self._divide_param.copy()


def _replace_fields(current, value):
    """``net.trainParam = value``: a struct or dict of the same fields, each value checked."""
    if isinstance(value, Struct):
        value = value.to_dict()
    if not isinstance(value, dict):
        raise ParameterError(f"{current._name} must be set to a struct or dict of its fields; "
                             f"got {type(value).__name__}")
    new = current.copy()
    new.update(value)  # unknown fields and bad values raise, naming the field
    return new
