"""processpca (NNT 5+): rows turned into uncorrelated principal components."""

import dataclasses

import numpy as np

from .._validate import as_data
from ..errors import DataFormatError, ParameterError, ShapeError
from ._settings import ProcessSettings, as_process_data, dispatch, read_params

__all__ = ["processpca", "ProcessPCASettings"]


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class ProcessPCASettings(ProcessSettings):
    """Settings PS of :func:`processpca` (MATLAB's fields).

    Attributes
    ----------
    name : str
        ``'processpca'``.
    xrows, yrows : int
        Rows of X; rows kept in Y (components whose fraction of the variance is at least
        ``maxfrac``).
    maxfrac : float
        Components below this fraction of the total variance were dropped.
    transform : ndarray, shape (yrows, xrows)
        ``Y = transform @ X``; its rows are orthonormal (left singular vectors of X).
    """

    name: str = dataclasses.field(default="processpca", init=False)
    xrows: int
    yrows: int
    maxfrac: float
    transform: np.ndarray = dataclasses.field(metadata={"kind": "matrix"})

    def _check(self):
        if self.transform.size == 0 and self.xrows * self.yrows == 0:
            empty = np.zeros((self.yrows, self.xrows))  # an empty list read back from a file
            empty.flags.writeable = False
            object.__setattr__(self, "transform", empty)
        if self.transform.shape != (self.yrows, self.xrows):
            raise ShapeError(f"ProcessPCASettings.transform must have shape (yrows, xrows) = "
                             f"({self.yrows}, {self.xrows}); got {self.transform.shape}")


def _create(x, *args):
    maxfrac = read_params("processpca", args, {"maxfrac": 0.0})["maxfrac"]
    if not 0 <= maxfrac < 1:
        raise ParameterError(f"maxfrac must be a real scalar value between 0 and 1; got {maxfrac}")
    x = as_data(x, "X")
    if not np.isfinite(x).all():
        raise DataFormatError("processpca needs finite X; use fixunknowns to replace NaN values "
                              "in X first")
    R, Q = x.shape
    if R > Q:
        raise ShapeError(f"processpca: X has more rows than columns ({R} > {Q})")
    # As MATLAB's processpca: the SVD of X itself (no centring); each component's variance
    # is its singular value squared over Q-1.
    U, s, _ = np.linalg.svd(x, full_matrices=False)
    var = s ** 2 / max(Q - 1, 1)
    total = var.sum()
    frac = var / total if total > 0 else np.zeros_like(var)
    yrows = int(np.sum(frac >= maxfrac))
    ps = ProcessPCASettings(xrows=R, yrows=yrows, maxfrac=maxfrac,
                            transform=U[:, :yrows].T.copy())
    return ps.transform @ x, ps


def _apply(x, ps):
    return ps.transform @ as_process_data(x, "X", ps.xrows)


def _reverse(y, ps):
    # The rows of transform are orthonormal, so its pseudo-inverse is its transpose.
    return ps.transform.T @ as_process_data(y, "Y", ps.yrows)


def processpca(X, *args):
    """Principal components of the rows, MATLAB ``processpca``.

    Call forms: ``Y, PS = processpca(X)``, ``processpca(X, maxfrac)``,
    ``processpca(X, FP)`` (FP with ``maxfrac``), ``processpca('apply', X, PS)``,
    ``processpca('reverse', Y, PS)``.

    Parameters
    ----------
    X : array_like, shape (R, Q)
        Finite data with R <= Q.
    maxfrac : float, default 0
        Components contributing less than this fraction of the total variance are removed
        (0 keeps every component).

    Returns
    -------
    ProcessResult
        ``(y, ps)``: Y, shape (yrows, Q), its rows uncorrelated (``Y Y'`` diagonal) and in
        decreasing order of variance; :class:`ProcessPCASettings`.

    Notes
    -----
    As MATLAB's: the SVD of X itself, not of the centred X, with the variance of a component
    taken as ``s**2/(Q-1)``; 'reverse' multiplies by the pseudo-inverse of ``transform``, so
    dropped components come back as zero. Singular vectors are defined up to sign; pyneuro's
    signs are LAPACK's and may differ from MATLAB's.

    Examples
    --------
    >>> x = [[1, 2, 3, 4], [2, 4, 6, 8]]          # the second row is twice the first
    >>> Y, PS = processpca(x, 0.01)
    >>> PS.yrows
    1
    >>> np.allclose(processpca('reverse', Y, PS), x)
    True
    """
    return dispatch("processpca", X, args, {}, ProcessPCASettings, _create, _apply, _reverse)
