"""MATLAB's ``textread`` for numeric files, and the option checks all of MATLAB's readers share.

Public through :mod:`pyneuro.io.readers`; the numbers are read by
:func:`pyneuro.io.text.load_txt`, whose diagnostics every reader keeps.
"""

import os
import re

import numpy as np

from ..errors import DataFormatError, NotAvailableError, ParameterError
from .text import load_txt

__all__ = ["textread"]

_READER_DELIMITERS = set(" \t,")
# One textread conversion: %f, %*f (skipped), %5.2f, %d, %s, %[...], ...
_CONVERSION = re.compile(r"%(\*?)(\d*(?:\.\d+)?)([a-zA-Z\[])")
_NUMERIC_CONVERSIONS = {"f": float, "n": float, "d": int, "u": int}


def _name(path):
    return os.fsdecode(os.fspath(path))


def _check_delimiter(fname, delimiter):
    """Accept a delimiter the reader already handles (whitespace, comma); refuse others."""
    if delimiter is None:
        return
    if not isinstance(delimiter, str):
        raise ParameterError(f"{fname}: the delimiter must be a string such as ',' or '\\t'; "
                             f"got {delimiter!r}")
    # MATLAB spells a tab as the two characters \t inside a single-quoted string.
    chars = set(delimiter.replace("\\t", "\t"))
    if not chars <= _READER_DELIMITERS:
        raise NotAvailableError(
            f"{fname}: delimiter {delimiter!r} is not supported; pyneuro's reader separates "
            "values by spaces, tabs and commas. Replace the delimiter in the file (e.g. "
            "';' by ',') or read it with numpy.loadtxt(path, delimiter=...).")


def _whole(value, what, fname):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer,
                                                                     np.floating)) \
            or not float(value).is_integer() or value < 0:
        raise ParameterError(f"{fname}: {what} must be a whole number >= 0; got {value!r}")
    return int(value)


def _parse_format(fmt):
    """``[(conversion, skipped)]`` for a textread format such as ``'%f%f%*f'``."""
    fields, position = [], 0
    for match in _CONVERSION.finditer(fmt):
        between = fmt[position:match.start()]
        if between.strip(" \t,"):
            raise NotAvailableError(
                f"textread: the format {fmt!r} has the literal text {between.strip()!r}; "
                "pyneuro reads formats of numeric fields only (%f, %d, %n, %u, %*f), "
                "separated by spaces or commas.")
        skipped, _, conversion = match.groups()
        if conversion not in _NUMERIC_CONVERSIONS:
            raise NotAvailableError(
                f"textread: the format {fmt!r} has the text field %{conversion}; pyneuro reads "
                "numeric files only (%f, %d, %n, %u, and %*f to skip a column). Remove text "
                "columns from the file, or comment text lines out with '%'.")
        fields.append((conversion, bool(skipped)))
        position = match.end()
    if fmt[position:].strip(" \t,") or not fields:
        raise ParameterError(f"textread: {fmt!r} is not a format of numeric fields; write "
                             "e.g. '%f%f%f', one %f per column.")
    return fields


def _textread_options(args, options):
    """MATLAB's trailing ``N`` and ``'name', value`` pairs, merged with keyword options."""
    args = list(args)
    count = None
    if args and not isinstance(args[0], str):
        count = _whole(args.pop(0), "N (the number of records to read)", "textread")
    if len(args) % 2:
        raise ParameterError(f"textread: options come in 'name', value pairs; got {args!r}")
    merged = {}
    for name, value in [*zip(args[::2], args[1::2]), *options.items()]:
        if not isinstance(name, str):
            raise ParameterError(f"textread: an option name must be a string; got {name!r}")
        merged[name.lower()] = value
    known = {"headerlines", "delimiter", "commentstyle", "whitespace"}
    unknown = sorted(set(merged) - known)
    if unknown:
        raise NotAvailableError(
            f"textread: option(s) {', '.join(unknown)} are not supported; pyneuro's textread "
            f"takes {', '.join(sorted(known))}.")
    style = merged.get("commentstyle")
    if style is not None and str(style).lower() not in ("matlab", "shell"):
        raise NotAvailableError(f"textread: commentstyle {style!r} is not supported; the "
                                "reader skips '%' (matlab) and '#' (shell) comments.")
    _check_delimiter("textread", merged.get("delimiter"))
    _check_delimiter("textread", merged.get("whitespace"))
    headerlines = _whole(merged.get("headerlines", 0), "headerlines", "textread")
    return count, headerlines


def textread(path, format=None, *args, **options):
    """Read a numeric text file, MATLAB ``textread``.

    ``Data = textread(path)`` is the numeric matrix, one row per line.
    ``a, b, c = textread(path, '%f%f%f')`` gives one column vector per field.
    ``textread(path, format, N)`` reads the format N times (N records);
    ``textread(path, format, 'headerlines', 2)`` (or ``headerlines=2``) skips lines at the top.

    Parameters
    ----------
    path : str or os.PathLike
    format : str, optional
        Numeric conversions only: ``%f``, ``%n`` (floats), ``%d``, ``%u`` (whole numbers),
        ``%*f`` (read and drop a field), separated by nothing, spaces or commas.
    *args
        ``N``, then MATLAB's ``'name', value`` pairs.
    **options
        ``headerlines`` (lines to skip), ``delimiter`` and ``whitespace`` (spaces, tabs and
        commas only), ``commentstyle`` (``'matlab'`` or ``'shell'``; both are always skipped).

    Returns
    -------
    Data : ndarray, shape (Q, n)
        Without a format: the file as written.
    a, b, ... : ndarray, shape (Q, 1) each
        With a format: one column per field that is not skipped, ``%d``/``%u`` as integers.
        A format with one field returns the array itself, not a 1-tuple.

    Raises
    ------
    DataFormatError
        As :func:`pyneuro.load_txt`, naming file, line and column; also when the values do
        not split into whole records of the format, or a ``%d`` field holds a fraction.
    NotAvailableError
        A text field (``%s``, ``%q``, ``%c``, ``%[...]``), literal text in the format, or an
        option or delimiter the reader does not handle.

    Notes
    -----
    As MATLAB, the format is applied field after field across line ends: ``'%f'`` on a file of
    8 columns reads every value into one column, row by row. Differences: ``%`` and ``#``
    comment lines are skipped (MATLAB's textread needs ``'commentstyle', 'matlab'``); an empty
    field is an error, where MATLAB fills in ``emptyvalue``; text fields are not read.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = pathlib.Path(folder.name) / "Test.txt"
    >>> _ = path.write_text("1 2 10\\n3 4 20\\n")
    >>> textread(path)
    array([[ 1.,  2., 10.],
           [ 3.,  4., 20.]])
    >>> x1, x2, t = textread(path, '%f%f%f')
    >>> t
    array([[10.],
           [20.]])
    >>> folder.cleanup()
    """
    count, headerlines = _textread_options(args, options)
    fields = None if format in (None, "") else _parse_format(format)
    data = load_txt(path, skip_rows=headerlines)
    if fields is None:
        if count is not None:
            raise ParameterError("textread: N (records to read) needs a format, e.g. "
                                 "textread(path, '%f%f', N)")
        return data
    width = len(fields)
    if data.shape[1] != width:
        if data.size % width:
            raise DataFormatError(
                f"{_name(path)}: the format reads {width} values per record, but the file's "
                f"{data.size} values ({data.shape[1]} per line) do not split into records of "
                f"{width}. Give one conversion per column, e.g. "
                f"{'%f' * data.shape[1]!r}.", path=_name(path))
        data = data.reshape(-1, width)  # MATLAB reads field after field, across line ends
    if count is not None:
        data = data[:count]
    columns = []
    for index, (conversion, skipped) in enumerate(fields):
        if skipped:
            continue
        column = data[:, index:index + 1]
        if _NUMERIC_CONVERSIONS[conversion] is int:
            column = _as_whole_numbers(column, index, conversion, path)
        columns.append(column.copy())
    return columns[0] if len(columns) == 1 else tuple(columns)


def _as_whole_numbers(column, index, conversion, path):
    bad = ~(np.isfinite(column) & (column == np.round(column)))
    if conversion == "u":
        bad |= column < 0
    if bad.any():
        record = int(np.argmax(bad.ravel()))
        raise DataFormatError(
            f"{_name(path)}: field {index + 1} of record {record + 1} is "
            f"{float(column[record, 0]):g}, but the format reads it with %{conversion} (a whole "
            f"number{', >= 0' if conversion == 'u' else ''}). Use %f for decimals.",
            path=_name(path))
    return column.astype(np.int64)
