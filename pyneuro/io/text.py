"""Numeric text files: read them as MATLAB ``load -ascii`` does, write them back exactly.

A data file holds one sample per line: the input values, then the target
value(s). Every MATLAB-named function in pyneuro takes the transposed layout,
``P`` of shape (R, Q) and ``T`` of shape (S, Q); :func:`read_data` is the one
place where that flip happens.
"""

import io
import itertools
import os
import re
import warnings

import numpy as np

from ..errors import DataFormatError, ParameterError, ShapeError
from ._files import read_bytes, write_atomically

__all__ = ["load_txt", "read_data", "write_txt"]

_UTF8_BOM = b"\xef\xbb\xbf"
_COMMENT = re.compile(r"[%#]")
# A comma (with any spaces around it) or a run of whitespace ends a field.
_FIELD_SEPARATOR = re.compile(r"\s*,\s*|\s+")
# The tokens numpy.loadtxt (the fast path) accepts, so both paths agree. Each token can match
# in only one way: with an ambiguous mantissa ([0-9]+\.?[0-9]* splits "2019" four ways) a
# line of integers ending in a bad token made _ROW backtrack exponentially.
_NUMBER = re.compile(
    r"[+-]?(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf(?:inity)?|nan)",
    re.IGNORECASE)
_ROW = re.compile(rf"{_NUMBER.pattern}(?: {_NUMBER.pattern})*", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]")
_WRITE_CHUNK_ROWS = 10_000


def load_txt(path, skip_rows=0, *, finite=False):
    """Read a numeric text file as a 2-D array, one row per data line (MATLAB ``load``).

    Parameters
    ----------
    path : str or os.PathLike
        The text file. Values are separated by whitespace, commas or both;
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
    MATLAB: ``data = load('file.txt', '-ascii')``. A clean file is parsed in
    one vectorised pass (``numpy.loadtxt``); only a file that fails it is read
    again line by line, to report exactly what is wrong where.

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
    name = os.fsdecode(os.fspath(path))
    raw = read_bytes(name)
    _reject_non_text(raw, name)
    if raw.startswith(_UTF8_BOM):
        raw = raw[len(_UTF8_BOM):]
    data = _fast_parse(raw, skip_rows)
    if data is None:
        data = _careful_parse(raw, name, skip_rows)
    if finite:
        _require_finite(data, raw, name, skip_rows)
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
            f"targets={targets}, but {os.fsdecode(os.fspath(path))} has {n_columns} "
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
    try:
        fmt % 1.0
    except (TypeError, ValueError) as exc:
        raise ParameterError(f"fmt must be a printf-style format for one number, such as "
                             f"'%.17g' or '%.6f'; got {fmt!r}.") from exc
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


def _whole_number(value, what):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ParameterError(f"{what} must be a whole number >= 0; got {value!r}.")
    return int(value)


def _reject_non_text(raw, name):
    # A NUL byte never occurs in text we can read; say what the file probably
    # is, instead of reporting its bytes as "not a number".
    head = raw[:1024]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (
        b"\x00" in head and (not head[0::2].strip(b"\x00") or not head[1::2].strip(b"\x00"))
    ):
        raise DataFormatError(
            f"{name}: the file is saved as UTF-16 (\"Unicode\") text; save it as "
            "UTF-8 or ASCII text instead.", path=name)
    if head.startswith(b"MATLAB ") and b"MAT-file" in head:
        raise DataFormatError(
            f"{name}: this is a MATLAB binary MAT-file, not a text file; save it from "
            "MATLAB with 'save -ascii', or read it with scipy.io.loadmat.", path=name)
    position = raw.find(b"\x00")
    if position >= 0:
        raise DataFormatError(
            f"{name}: this is not a text file (byte {position} is a NUL byte); expected "
            "numbers written as text, one sample per line.", path=name)


def _fast_parse(raw, skip_rows):
    """Parse a well-formed file in one vectorised pass; None if anything is off."""
    body = raw
    if skip_rows:
        parts = raw.split(b"\n", skip_rows)
        # A lone CR ends a line too; the careful parser counts those right.
        if len(parts) <= skip_rows or b"\r" in b"".join(parts[:-1]).replace(b"\r\n", b""):
            return None
        body = parts[-1]
    if b"," in body:
        # Commas become spaces below, which would silently drop an empty
        # field; leave such files to the careful parser.
        squeezed = body.replace(b" ", b"").replace(b"\t", b"")
        if b",," in squeezed or b"\n," in squeezed or squeezed.startswith(b","):
            return None
        body = body.replace(b",", b" ")
    if b"#" in body:
        # loadtxt is ~25% slower with two comment characters than with one.
        body = body.replace(b"#", b"%")
    try:
        with warnings.catch_warnings():
            # loadtxt warns on empty input; the careful parser reports it instead.
            warnings.simplefilter("ignore", UserWarning)
            # latin-1 never fails to decode; any non-ASCII byte outside a
            # comment then fails to parse and goes to the careful parser.
            data = np.loadtxt(io.BytesIO(body), comments="%", ndmin=2, encoding="latin-1")
    except (ValueError, OverflowError):
        return None
    return data if data.size else None


def _lines(raw):
    """The file's text as a list of physical lines (LF, CRLF and a lone CR each end one)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")  # e.g. a Windows editor's degree sign in a comment
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _data_lines(lines, skip_rows):
    """Yield ``(line number, content, fields)`` for each line that holds data.

    Comments, blank lines and the first `skip_rows` lines are left out; line numbers are
    1-based and physical. `content` is the line without its comment and one trailing comma.
    """
    for index in range(skip_rows, len(lines)):
        content = lines[index]
        if "%" in content or "#" in content:
            content = content[:_COMMENT.search(content).start()]
        content = content.strip()
        if not content:
            continue
        if "," in content:
            if content.endswith(","):
                content = content[:-1].rstrip()
            fields = _FIELD_SEPARATOR.split(content)
        else:
            fields = content.split()
        yield index + 1, content, fields


def _careful_parse(raw, name, skip_rows):
    """Check line by line; raise DataFormatError at the first problem, else parse."""
    rows = []
    width = width_line = None
    for line_number, content, fields in _data_lines(_lines(raw), skip_rows):
        row = " ".join(fields)
        # One regex per line, not per value: this path also diagnoses
        # million-line files, where a per-token check takes many seconds.
        if "" in fields or not _ROW.fullmatch(row):
            column, field = next((column, field) for column, field in enumerate(fields, start=1)
                                 if not _NUMBER.fullmatch(field))
            raise _token_error(name, line_number, column, field, fields, width is None)
        if width is None:
            width, width_line = len(fields), line_number
        elif len(fields) != width:
            if "," in content:
                # A decimal comma cannot be told from a separator; say so where it bites.
                fix = (" If the file uses decimal commas, write decimal points (3.5): commas "
                       "separate values, so 3,5 reads as two numbers. Otherwise correct that "
                       "line or comment it out with '%'.")
            else:
                fix = (" Every data line must hold the same number of values; correct that "
                       "line or comment it out with '%'.")
            raise DataFormatError(
                f"{name}, line {line_number}: expected {width} values (as on line "
                f"{width_line}), found {len(fields)}.{fix}", path=name, line=line_number)
        rows.append(row)
    if not rows:
        plural = "s" if skip_rows != 1 else ""
        skipped = f" after skipping {skip_rows} line{plural}" if skip_rows else ""
        raise DataFormatError(
            f"{name}: no numeric data found{skipped} (the file is empty or holds only "
            "comments). Write one sample per line, its values separated by spaces or commas.",
            path=name)
    # Every row is now plain ASCII numbers separated by single spaces.
    return np.loadtxt(io.StringIO("\n".join(rows)), ndmin=2)


def _require_finite(data, raw, name, skip_rows):
    """Raise DataFormatError at the first NaN or Inf in `data`, by physical line and column."""
    bad = ~np.isfinite(data)
    if not bad.any():
        return
    row, column = (int(i) for i in np.argwhere(bad)[0])  # the first bad line, then column
    # Only here are the lines scanned again, with the reader's own rules, to find the
    # physical line of data row `row`.
    line_number = next(itertools.islice(_data_lines(_lines(raw), skip_rows), row, None))[0]
    value = data[row, column]
    shown = "NaN" if np.isnan(value) else ("Inf" if value > 0 else "-Inf")
    count = int(bad.sum())
    others = ("it is the only such value" if count == 1
              else f"{count} values in all are NaN or Inf")
    raise DataFormatError(
        f"{name}, line {line_number}, column {column + 1}: sample {row + 1} holds {shown}, but "
        f"this data must be complete (no NaN or Inf); {others}. Fill in the missing values or "
        "remove those samples (comment their lines out with '%').",
        path=name, line=line_number, column=column + 1)


def _token_error(name, line_number, column, field, fields, first_data_line):
    where = f"{name}, line {line_number}, column {column}"
    if not field:
        message = f"{where}: empty field between commas; write NaN for a missing value."
    else:
        shown = repr(field if len(field) <= 30 else field[:27] + "...")
        message = f"{where}: expected a number, found {shown}."
        words = sum(1 for f in fields if not _NUMBER.fullmatch(f) and _LETTER.search(f))
        if "\u2212" in field:
            message += " (U+2212 is a typographic minus sign; use '-'.)"
        elif 2 * words > len(fields):
            message += f" Line {line_number} looks like a header; comment it out with '%'"
            message += (f" or skip it (skip_rows={line_number} / --skip-rows {line_number})."
                        if first_data_line else ".")
        else:
            message += (" Values must be numbers separated by spaces or commas (write NaN for "
                        "a missing value); '%' or '#' start a comment.")
    return DataFormatError(message, path=name, line=line_number, column=column)
