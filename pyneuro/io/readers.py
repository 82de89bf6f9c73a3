"""MATLAB's text readers under their own names: ``textread``, ``dlmread``, ``csvread``, ``importdata``.

Every one of them reads through :func:`pyneuro.io.text.load_txt`, so a bad file gets the same
diagnostics (file, line, column, what was found) whichever name a script uses. They return
the file's orientation, one row per line, as MATLAB does; transpose (``.T``) for the network
functions, as a MATLAB script writes ``Data(:,1:end-1)'``.

What is not the same as MATLAB is said in each docstring: pyneuro reads numbers only (no
``%s`` text fields), an empty or missing field is an error rather than a silent 0, and
``%`` / ``#`` comments are skipped by every reader.
"""

import os
import re
from dataclasses import dataclass, field

import numpy as np

from ..errors import DataFormatError, NotAvailableError, ParameterError
from ._files import read_bytes
from .text import load_txt

__all__ = ["textread", "dlmread", "csvread", "importdata", "ImportedData"]

# Delimiters the one reader understands: it splits fields on whitespace and commas.
_READER_DELIMITERS = set(" \t,")
# One textread conversion: %f, %*f (skipped), %5.2f, %d, %s, %[...], ...
_CONVERSION = re.compile(r"%(\*?)(\d*(?:\.\d+)?)([a-zA-Z\[])")
_NUMERIC_CONVERSIONS = {"f": float, "n": float, "d": int, "u": int}
_SPREADSHEET_CELL = re.compile(r"([A-Za-z]+)(\d+)")


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


# -- textread -------------------------------------------------------------------------------


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


# -- dlmread / csvread --------------------------------------------------------------------------


def _spreadsheet_range(text):
    """``'A1..C7'`` or ``'A1:C7'`` as 0-based ``[R1, C1, R2, C2]``."""
    corners = re.split(r"\.\.|:", text.strip())
    cells = [_SPREADSHEET_CELL.fullmatch(c.strip()) for c in corners]
    if len(cells) != 2 or not all(cells):
        raise ParameterError(f"dlmread: the range {text!r} is not a spreadsheet range such as "
                             "'A1..C7'; or give [R1, C1, R2, C2] (0-based).")
    out = []
    for cell in cells:
        letters, digits = cell.groups()
        column = 0
        for letter in letters.upper():
            column = column * 26 + ord(letter) - ord("A") + 1
        out.append((int(digits) - 1, column - 1))
    (r1, c1), (r2, c2) = out
    return [r1, c1, r2, c2]


def _read_range(fname, path, delimiter, r1, c1, r2=None, c2=None):
    _check_delimiter(fname, delimiter)
    r1 = _whole(r1, "the first row R", fname)
    c1 = _whole(c1, "the first column C", fname)
    if (r2 is not None and _whole(r2, "the last row", fname) < r1) or \
            (c2 is not None and _whole(c2, "the last column", fname) < c1):
        raise ParameterError(f"{fname}: the range ends before it starts (rows {r1}..{r2}, "
                             f"columns {c1}..{c2}, 0-based)")
    data = load_txt(path, skip_rows=r1)
    if c1 >= data.shape[1]:
        raise ParameterError(f"{fname}: column C = {c1} (0-based) is past the last column of "
                             f"{_name(path)}, which has {data.shape[1]}.")
    rows = slice(None) if r2 is None else slice(0, int(r2) - r1 + 1)
    columns = slice(c1, None if c2 is None else int(c2) + 1)
    return np.ascontiguousarray(data[rows, columns])


def dlmread(path, delimiter=None, *position):
    """Read a delimited numeric file, MATLAB ``dlmread``.

    ``dlmread(path)``, ``dlmread(path, delimiter)``, ``dlmread(path, delimiter, R, C)``
    (start at row R, column C, both **0-based** as in MATLAB), ``dlmread(path, delimiter,
    [R1, C1, R2, C2])`` or ``dlmread(path, delimiter, 'A1..C7')``.

    Parameters
    ----------
    path : str or os.PathLike
    delimiter : str, optional
        ``','``, ``' '``, ``'\\t'`` (or MATLAB's two characters ``\\t``); ``''`` or None: any
        whitespace or comma. Other delimiters are refused (see Raises).
    *position
        ``R, C`` or one range, as above.

    Returns
    -------
    M : ndarray, shape (Q, n)

    Raises
    ------
    DataFormatError
        As :func:`pyneuro.load_txt`.
    NotAvailableError
        A delimiter other than spaces, tabs and commas.
    ParameterError
        A bad row, column or range.

    Notes
    -----
    Differences from MATLAB: an empty field or a short line is an error naming its line and
    column (MATLAB fills in 0, which hides a missing value); ``%`` and ``#`` comment lines are
    skipped. R counts physical lines, as in MATLAB; the rows of a range after R1 count data
    lines.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = pathlib.Path(folder.name) / "m.csv"
    >>> _ = path.write_text("x,y,z\\n1,2,3\\n4,5,6\\n")
    >>> dlmread(path, ',', 1, 1)
    array([[2., 3.],
           [5., 6.]])
    >>> folder.cleanup()
    """
    if not position:
        return _read_range("dlmread", path, delimiter, 0, 0)
    if len(position) == 2:
        return _read_range("dlmread", path, delimiter, *position)
    if len(position) == 1:
        bounds = position[0]
        if isinstance(bounds, str):
            bounds = _spreadsheet_range(bounds)
        if np.size(bounds) != 4:
            raise ParameterError(f"dlmread: a range is [R1, C1, R2, C2] (0-based) or 'A1..C7'; "
                                 f"got {bounds!r}")
        return _read_range("dlmread", path, delimiter, *np.ravel(bounds).tolist())
    raise ParameterError("dlmread takes (path), (path, delimiter), (path, delimiter, R, C) or "
                         f"(path, delimiter, range); got {1 + 1 + len(position)} arguments")


def csvread(path, R=0, C=0, range=None):
    """Read a comma-separated numeric file, MATLAB ``csvread``: ``dlmread(path, ',', ...)``.

    ``csvread(path)``, ``csvread(path, R, C)`` (0-based start), ``csvread(path, R, C,
    [R1, C1, R2, C2])``.

    Returns
    -------
    M : ndarray, shape (Q, n)

    See Also
    --------
    dlmread : the differences from MATLAB (an empty field is an error, not 0).
    """
    if range is None:
        return dlmread(path, ",", R, C)
    return dlmread(path, ",", range)


# -- importdata ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportedData:
    """What :func:`importdata` returns for a file with header lines (MATLAB's struct).

    Attributes
    ----------
    data : ndarray, shape (Q, n)
        The numbers.
    textdata : list of str
        The header lines, in order (MATLAB's cell column ``textdata``).
    colheaders : list of str
        The names in the last header line, when it holds one name per column; else empty.
    """

    data: np.ndarray
    textdata: list = field(default_factory=list)
    colheaders: list = field(default_factory=list)


def _is_number(token):
    if "_" in token:  # Python's float() takes 1_000; no data file means that
        return False
    try:
        float(token)
    except ValueError:
        return False
    return True


def _lines(raw):
    text = raw.decode("utf-8", errors="replace").lstrip("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _header_lines(lines):
    """The lines at the top before the first line of numbers."""
    header = []
    for line in lines:
        tokens = [t for t in re.split(r"[\s,]+", line.strip()) if t]
        if tokens and all(_is_number(t) for t in tokens):
            break
        header.append(line)
    # Blank lines after the last text line belong to neither part.
    while header and not header[-1].strip():
        header.pop()
    return header


def importdata(path, delimiter=None, headerlines=None):
    """Read a numeric text file with optional header lines, MATLAB ``importdata``.

    Parameters
    ----------
    path : str or os.PathLike
    delimiter : str, optional
        Spaces, tabs or commas (the reader takes all three anyway).
    headerlines : int, optional
        Lines of text at the top; by default, as MATLAB, the lines before the first line of
        numbers (``%`` comment lines included, as MATLAB's ``textdata`` includes them).

    Returns
    -------
    ndarray, shape (Q, n), or ImportedData
        A file of numbers only gives the matrix, as MATLAB. A file with header lines gives
        ``A.data`` (the matrix), ``A.textdata`` (the header lines) and ``A.colheaders``
        (the last header line's names, if it has one per column).

    Raises
    ------
    DataFormatError, FileAccessError
        As :func:`pyneuro.load_txt`: the numbers are read by the same reader.
    NotAvailableError
        A delimiter other than spaces, tabs and commas.

    Notes
    -----
    Differences from MATLAB: text columns beside the numbers (``rowheaders``) are not read
    (the reader names the line and column of the first one), and a header line that ends in
    numbers is treated as data. Spreadsheets and images are not read.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = pathlib.Path(folder.name) / "cars.txt"
    >>> _ = path.write_text("weight mpg\\n3504 18\\n3693 15\\n")
    >>> A = importdata(path)
    >>> A.colheaders, A.data.shape
    (['weight', 'mpg'], (2, 2))
    >>> folder.cleanup()
    """
    _check_delimiter("importdata", delimiter)
    raw = read_bytes(_name(path))
    # A binary or UTF-16 file: leave it to the reader, whose message says what it is.
    lines = [] if b"\x00" in raw[:1024] else _lines(raw)
    if headerlines is None:
        header = _header_lines(lines)
        skip = len(header)
    else:
        skip = _whole(headerlines, "headerlines", "importdata")
        header = lines[:skip]
    data = load_txt(path, skip_rows=skip)
    if not skip:
        return data
    names = [t for t in re.split(r"[\s,]+", header[-1].strip().lstrip("%#").strip()) if t] \
        if header else []
    colheaders = names if len(names) == data.shape[1] else []
    return ImportedData(data, [line.rstrip() for line in header], colheaders)
