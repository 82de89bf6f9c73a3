"""The one lookup every registry of named functions uses (transfer, performance, training,
initialisation, ...).

A registry is a plain dict keyed by MATLAB name in lower case. A name is looked up without
regard to case, as MATLAB does; an object of the family's own type is used as given, so a
function a user builds (a custom ``TrainingFunction``, say) works wherever a name does.
"""

from .errors import UnknownFunctionError

__all__ = ["lookup"]


def lookup(registry, name, family, kind, listing=None):
    """The entry of `registry` called `name`, or `name` itself if it is already a `kind`.

    Parameters
    ----------
    registry : dict
        ``{lower-case MATLAB name: entry}``.
    name : str or `kind`
    family : str
        What the registry holds, for the message (``'transfer function'``).
    kind : type or None
        The type of the entries (None: only names are looked up).
    listing : str, optional
        The valid names as the message should list them (default: all keys, sorted).

    Raises
    ------
    UnknownFunctionError
        The message lists the valid names.
    """
    if kind is not None and isinstance(name, kind):
        return name
    if isinstance(name, str):
        found = registry.get(name.lower())
        if found is not None:
            return found
    raise UnknownFunctionError(
        f"unknown {family} {name!r}; expected one of: "
        + (listing if listing is not None else ", ".join(sorted(registry))))
