"""Pre- and post-processing of network data, with MATLAB's names and call shapes.

NNT 3/4 functions (statistics returned as (R, 1) columns):
:func:`premnmx` / :func:`postmnmx` / :func:`tramnmx` (rows to [-1, 1]) and
:func:`prestd` / :func:`poststd` / :func:`trastd` (rows to mean 0, std 1).

NNT 5+ processing functions (``Y, PS = f(X)``, ``f('apply', X, PS)``,
``f('reverse', Y, PS)``, PS a settings record with ``to_dict``/``from_dict``):
:func:`mapminmax`, :func:`mapstd`, :func:`removeconstantrows`, :func:`fixunknowns`,
:func:`processpca`; ``PROCESSING_FUNCTIONS`` is their registry (what a network's
``processFcns`` name), with the chain helpers networks use.

Plus :func:`minmax`, the ``[min max]`` range of each row.

All take MATLAB orientation: an R x Q array, rows are variables and columns
are samples; a 1-D array is a MATLAB row vector (1, Q).
"""

from collections.abc import Mapping

from ..errors import ParameterError
from ._minmax import (
    MapMinMaxSettings,
    PostmnmxResult,
    PremnmxResult,
    PremnmxResult2,
    mapminmax,
    minmax,
    postmnmx,
    premnmx,
    tramnmx,
)
from ._pca import ProcessPCASettings, processpca
from ._processing import (PROCESSING_FUNCTIONS, ProcessingFunction, apply_chain,
                          get_processing_function, process_chain, reverse_chain)
from ._rows import FixUnknownsSettings, RemoveConstantRowsSettings, fixunknowns, removeconstantrows
from ._settings import ProcessResult, ProcessSettings
from ._std import MapStdSettings, PoststdResult, PrestdResult, PrestdResult2, mapstd, poststd, prestd, trastd

#: Settings classes by MATLAB function name, for readers of stored settings.
SETTINGS_CLASSES = {
    cls.name: cls
    for cls in (MapMinMaxSettings, MapStdSettings, RemoveConstantRowsSettings, FixUnknownsSettings,
                ProcessPCASettings)
}


def settings_from_dict(data):
    """Rebuild any processing settings from ``ps.to_dict()`` output, choosing the class by ``data['name']``.

    Raises
    ------
    ParameterError
        If the name is missing or not a processing function pyneuro knows, or the fields
        are bad (see :meth:`ProcessSettings.from_dict`).

    Examples
    --------
    >>> Y, PS = mapminmax([[0, 5, 10]])
    >>> settings_from_dict(PS.to_dict()) == PS
    True
    """
    name = data.get("name") if isinstance(data, Mapping) else None
    if not isinstance(name, str) or name not in SETTINGS_CLASSES:
        raise ParameterError(f"unknown processing settings name {name!r}; known: {sorted(SETTINGS_CLASSES)}")
    return SETTINGS_CLASSES[name].from_dict(data)


__all__ = [
    "minmax",
    "premnmx",
    "postmnmx",
    "tramnmx",
    "prestd",
    "poststd",
    "trastd",
    "mapminmax",
    "mapstd",
    "removeconstantrows",
    "fixunknowns",
    "processpca",
    "PROCESSING_FUNCTIONS",
    "ProcessingFunction",
    "get_processing_function",
    "process_chain",
    "apply_chain",
    "reverse_chain",
    "ProcessPCASettings",
    "settings_from_dict",
    "SETTINGS_CLASSES",
    "ProcessSettings",
    "MapMinMaxSettings",
    "MapStdSettings",
    "RemoveConstantRowsSettings",
    "FixUnknownsSettings",
    "ProcessResult",
    "PremnmxResult",
    "PremnmxResult2",
    "PostmnmxResult",
    "PrestdResult",
    "PrestdResult2",
    "PoststdResult",
]
