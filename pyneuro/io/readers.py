"""MATLAB's text readers under their own names: ``textread``, ``dlmread``, ``csvread``, ``importdata``.

Every one of them reads through :func:`pyneuro.io.text.load_txt`, so a bad file gets the same
diagnostics (file, line, column, what was found) whichever name a script uses. They return
the file's orientation, one row per line, as MATLAB does; transpose (``.T``) for the network
functions, as a MATLAB script writes ``Data(:,1:end-1)'``.

What is not the same as MATLAB is said in each docstring: pyneuro reads numbers only (no
``%s`` text fields), an empty or missing field is an error rather than a silent 0, and
``%`` / ``#`` comments are skipped by every reader.
"""

import re
from dataclasses import dataclass, field

import numpy as np

from ..errors import ParameterError
from ._files import read_bytes
from ._textread import _check_delimiter, _name, _whole, textread
from .text import load_txt

__all__ = ["textread", "dlmread", "csvread", "importdata", "ImportedData"]

_SPREADSHEET_CELL = re.compile(r"([A-Za-z]+)(\d+)")


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
