"""Numeric text files: read them as MATLAB ``load -ascii`` does, write them back exactly.

A data file holds one sample per line: the input values, then the target
value(s). Every MATLAB-named function in pyneuro takes the transposed layout,
``P`` of shape (R, Q) and ``T`` of shape (S, Q); :func:`read_data` is the one
place where that flip happens.
"""

import os

import numpy as np

from ..errors import DataFormatError, ParameterError, ShapeError
from . import _textfast
from ._files import read_bytes, write_atomically
from ._textparse import (NUMBER, careful_parse, fast_parse, normalise, reject_non_text,
                         require_finite)

__all__ = ["load_txt", "read_data", "write_txt"]

_WRITE_CHUNK_ROWS = 10_000


def load_txt(path, skip_rows=0, *, finite=False):
    """Read a numeric text file as a 2-D array, one row per data line (MATLAB ``load``).

    Parameters
    ----------
    path : str, os.PathLike or binary stream
        The text file (or an open binary stream such as ``sys.stdin.buffer``, read to its
        end and left open; at most 1 GiB is read). Values are separated by whitespace,
        commas or both;
        ``%`` and ``#`` start a comment (a whole line or the rest of one);
        blank lines, CRLF line ends and a UTF-8 byte-order mark are fine.
        ``NaN``, ``Inf``, ``-Inf`` (any case) read as values. A comma always
        separates values, so a decimal comma (``3,5``) reads as two numbers;
        one trailing comma on a line is ignored, an empty field (``1,,2``) is
        an error (write ``NaN`` for a missing value).
    skip_rows : int, optional
        Number of physical lines to skip unread at the top (e.g. a header).
    finite : bool, optional
        Require complete data: a ``NaN`` or ``Inf`` value is then an error
        (e.g. for training data, which premnmx and train cannot use).

    Returns
    -------
    data : ndarray of float64, shape (Q, R+S)
        One row per data line, as written in the file. A file with one value
        per line gives shape (Q, 1); a single line gives shape (1, n).

    Raises
    ------
    FileAccessError
        The file is missing, is a directory, or cannot be read.
    DataFormatError
        A token is not a number, a line holds a different number of values
        than the first data line, there is no data, the file is binary or
        UTF-16, or (with `finite`) a value is NaN or Inf. ``.line`` (1-based,
        physical: comment lines count) and ``.column`` (1-based field) say
        where.
    ParameterError
        `skip_rows` is not a whole number >= 0.

    See Also
    --------
    read_data : the same file as ``(P, T)`` in MATLAB orientation.
    write_txt : the inverse.

    Notes
    -----
    MATLAB: ``data = load('file.txt', '-ascii')``. A regular file is parsed by
    vectorised arithmetic on its bytes (short decimals; longer numbers through
    Python's ``float``), with the doubles ``numpy.loadtxt`` gives, in about
    0.7x its time; a file that path does not take is tried with
    ``numpy.loadtxt``, and only a file that fails both is read again line by
    line, to report exactly what is wrong where.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = pathlib.Path(folder.name) / "data.txt"
    >>> _ = path.write_text("% x1 x2 t\\n1 2 3\\n4, 5, 6  # commas work too\\n")
    >>> load_txt(path)
    array([[1., 2., 3.],
           [4., 5., 6.]])
    >>> folder.cleanup()
    """
    skip_rows = _whole_number(skip_rows, "skip_rows")
    name = _name(path)
    raw = read_bytes(path if hasattr(path, "read") else name,
                     check_start=lambda head: reject_non_text(head, name))
    reject_non_text(raw, name)
    raw = normalise(raw)
    data = _textfast.parse(raw, skip_rows)
    if data is None:
        data = fast_parse(raw, skip_rows)
    if data is None:
        data = careful_parse(raw, name, skip_rows)
    if finite:
        require_finite(data, raw, name, skip_rows)
    return data


def read_data(path, targets=1, skip_rows=0, *, finite=False):
    """Read a data file as inputs ``P`` and targets ``T`` in MATLAB orientation.

    Parameters
    ----------
    path : str or os.PathLike
        A text file with one sample per line: the R input values, then the
        S target values. Format as in :func:`load_txt`.
    targets : int, optional
        S, the number of target columns at the end of each line (default 1).
        0 reads every column as an input and returns ``T = None``.
    skip_rows : int, optional
        Number of physical lines to skip unread at the top.
    finite : bool, optional
        Require complete data: a ``NaN`` or ``Inf`` value is then a
        DataFormatError naming its line and column (as :func:`load_txt`).

    Returns
    -------
    P : ndarray of float64, shape (R, Q)
        Inputs, one column per sample (C-contiguous).
    T : ndarray of float64, shape (S, Q), or None
        Targets, one column per sample (C-contiguous); None when `targets` is 0.

    Raises
    ------
    FileAccessError, DataFormatError
        As :func:`load_txt`.
    ParameterError
        `targets` is not a whole number >= 0, or leaves no input column.

    See Also
    --------
    load_txt : the file as written, one row per sample.

    Notes
    -----
    MATLAB: ``data = load('file.txt'); P = data(:, 1:end-S)'; T = data(:, end-S+1:end)';``

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = pathlib.Path(folder.name) / "data.txt"
    >>> _ = path.write_text("1 2 10\\n3 4 20\\n5 6 30\\n")
    >>> P, T = read_data(path)
    >>> P
    array([[1., 3., 5.],
           [2., 4., 6.]])
    >>> T
    array([[10., 20., 30.]])
    >>> folder.cleanup()
    """
    targets = _whole_number(targets, "targets")
    skip_rows = _whole_number(skip_rows, "skip_rows")
    data = load_txt(path, skip_rows=skip_rows, finite=finite)
    n_columns = data.shape[1]
    if targets >= n_columns:
        raise ParameterError(
            f"targets={targets}, but {_name(path)} has {n_columns} "
            f"column{'s' if n_columns != 1 else ''}; at least one column must remain "
            f"for the inputs (targets can be 0 to {n_columns - 1}).")
    n_inputs = n_columns - targets
    P = np.ascontiguousarray(data[:, :n_inputs].T)
    T = np.ascontiguousarray(data[:, n_inputs:].T) if targets else None
    return P, T


def write_txt(path, array, header=None, fmt="%.17g"):
    """Write a 2-D array as text, one row per line (MATLAB ``save -ascii -double``).

    Parameters
    ----------
    path : str, os.PathLike or text stream
        The file to create or replace, or an open text stream (anything with
        a ``write`` method, e.g. ``sys.stdout``), which gets the same text and
        is left open.
    array : array_like, shape (Q, n)
        Real numbers; row i becomes line i, values separated by one space.
    header : str or list of str, optional
        Comment lines written first, each prefixed with ``% `` so that
        :func:`load_txt` and MATLAB ``load`` skip them. A string may hold
        several lines.
    fmt : str, optional
        printf-style format for one value. The default ``'%.17g'`` writes 17
        significant digits, so every float64 reads back bit for bit.

    Raises
    ------
    ShapeError
        `array` is not 2-D.
    DataFormatError
        `array` does not hold real numbers.
    ParameterError
        `fmt` is not a format for one number, or `header` is not text.
    FileAccessError
        The file cannot be written (missing folder, no permission, a directory).

    Notes
    -----
    The text goes to a temporary file in the same folder, which is then
    renamed over `path`: an interrupted write leaves the old file or the new
    one, never a partial one (a stream is written to directly). NaN and Inf
    are written as ``nan`` and ``inf``.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = pathlib.Path(folder.name) / "out.txt"
    >>> write_txt(path, [[0.1, 2.0], [3.0, -4.5]], header="a b")
    >>> print(path.read_text(), end="")
    % a b
    0.10000000000000001 2
    3 -4.5
    >>> float(load_txt(path)[0, 0]) == 0.1
    True
    >>> folder.cleanup()
    """
    values = np.asarray(array)
    if values.dtype.kind not in "biuf":
        raise DataFormatError(f"array must hold real numbers; got dtype {values.dtype}.")
    values = values.astype(float)
    if values.ndim != 2:
        raise ShapeError(f"array must be 2-D (one row per line); got shape {values.shape}. "
                         "Use a.reshape(1, -1) to write a vector as one line, "
                         "a.reshape(-1, 1) as one column.")
    if values.size == 0:
        raise ShapeError(f"array has shape {values.shape}: there is nothing to write, and "
                         "load_txt cannot read a file without numbers.")
    _check_format(fmt, values)
    if isinstance(header, str) and "\x00" in header or (
            isinstance(header, (list, tuple)) and any("\x00" in str(item) for item in header)):
        raise ParameterError("header holds a NUL character, which load_txt refuses (it marks "
                             "a binary file); remove it.")
    if header is None:
        header_lines = []
    elif isinstance(header, str):
        header_lines = header.splitlines()
    elif isinstance(header, (list, tuple)) and all(isinstance(item, str) for item in header):
        header_lines = [line for item in header for line in item.splitlines() or [""]]
    else:
        raise ParameterError(f"header must be a string or a list of strings; got {header!r}.")

    def write_rows(stream):
        for line in header_lines:
            stream.write(f"% {line}".rstrip() + "\n")
        # One %-format over a whole block runs in C; a Python loop per value
        # would make writing a million rows take minutes.
        row_format = " ".join([fmt] * values.shape[1]) + "\n"
        for start in range(0, values.shape[0], _WRITE_CHUNK_ROWS):
            block = values[start:start + _WRITE_CHUNK_ROWS]
            stream.write((row_format * len(block)) % tuple(block.ravel().tolist()))

    if hasattr(path, "write"):
        write_rows(path)
    else:
        write_atomically(path, write_rows)


def _check_format(fmt, values):
    """Refuse a `fmt` whose output load_txt would not read back as the number written."""
    samples = [1.5, -2.5e-300]
    if not np.isfinite(values).all():
        samples += [np.nan, np.inf, -np.inf]
    for sample in samples:
        try:
            text = fmt % sample
        except (TypeError, ValueError) as exc:
            raise ParameterError(f"fmt must be a printf-style format for one number, such as "
                                 f"'%.17g' or '%.6f'; got {fmt!r} ({exc}).") from exc
        if not NUMBER.fullmatch(text.strip()):
            raise ParameterError(f"fmt {fmt!r} writes {sample!r} as {text!r}, which load_txt "
                                 "would not read back as a number; use a format such as "
                                 "'%.17g' or '%.6f'.")


def _name(path):
    """A path as text, or a stream's name (``'<stdin>'``) for messages."""
    if hasattr(path, "read"):
        return str(getattr(path, "name", "<stream>"))
    return os.fsdecode(os.fspath(path))


def _whole_number(value, what):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ParameterError(f"{what} must be a whole number >= 0; got {value!r}.")
    return int(value)
