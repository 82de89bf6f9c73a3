"""Exceptions and warnings raised by pyneuro.

Every error pyneuro raises on purpose derives from :class:`PyneuroError`, so
``except pyneuro.PyneuroError`` catches them all. Each subclass also inherits
the builtin exception a Python user would expect (``ValueError``,
``OSError``, ...), so code written against plain numpy keeps working.
Messages say what was expected and what arrived.
"""

__all__ = [
    "PyneuroError",
    "DataFormatError",
    "ShapeError",
    "UnknownFunctionError",
    "ParameterError",
    "NetFileError",
    "NotAvailableError",
    "FileAccessError",
    "PyneuroWarning",
    "ConvergenceWarning",
    "ConstantRowWarning",
    "IgnoredParameterWarning",
]


class PyneuroError(Exception):
    """Base class of every error pyneuro raises on purpose."""


class DataFormatError(PyneuroError, ValueError):
    """A data file or array could not be read as numbers.

    Attributes
    ----------
    path : str or None
        The file, when the data came from one.
    line : int or None
        1-based line number in the file (comment lines counted).
    column : int or None
        1-based column (field) number on that line.
    """

    def __init__(self, message, *, path=None, line=None, column=None):
        super().__init__(message)
        self.path = path
        self.line = line
        self.column = column


class ShapeError(PyneuroError, ValueError):
    """An array has the wrong number of dimensions, rows or columns."""


class UnknownFunctionError(PyneuroError, ValueError):
    """A function name (transfer, performance, training, ...) is not registered."""


class ParameterError(PyneuroError, ValueError):
    """A parameter (``trainParam`` field, option, argument) is unknown or out of range."""


class NetFileError(PyneuroError, OSError):
    """A network file is not a pyneuro net, is damaged, or is of a newer format."""


class NotAvailableError(PyneuroError, NotImplementedError):
    """A MATLAB feature that pyneuro does not provide (yet)."""


class PyneuroWarning(UserWarning):
    """Base class of pyneuro's warnings."""


class ConvergenceWarning(PyneuroWarning):
    """Training ended in a state the user should know about (non-finite weights, ...)."""


class ConstantRowWarning(PyneuroWarning):
    """A data row is constant, so a normalisation leaves it unchanged (as MATLAB warns)."""


class FileAccessError(PyneuroError, OSError):
    """A file could not be opened, read or written (missing, no permission, a directory, ...)."""


class IgnoredParameterWarning(PyneuroWarning):
    """A parameter is accepted and has no effect, as in MATLAB (``trainParam.lr`` on trainlm)."""
