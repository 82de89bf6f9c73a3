"""Parsing the bytes of a numeric text file: the fast path (one numpy.loadtxt pass) and the
careful line-by-line parser, which is the reference for what a file means and says exactly
what is wrong where. The fast path gives up (returns None) on anything it might read
differently; a property test holds the two to the same answers. load_txt tries the vectorised
parser of :mod:`._textfast` before both.
"""

import io
import itertools
import re
import warnings

import numpy as np

from ..errors import DataFormatError

__all__ = ["NUMBER", "reject_non_text", "normalise", "fast_parse", "careful_parse",
           "require_finite"]

_UTF8_BOM = b"\xef\xbb\xbf"
_COMMENT = re.compile(r"[%#]")
# A comma (with any spaces around it) or a run of whitespace ends a field.
_FIELD_SEPARATOR = re.compile(r"\s*,\s*|\s+")
# The tokens numpy.loadtxt (the fast path) accepts, so both paths agree. Each token can match
# in only one way: with an ambiguous mantissa ([0-9]+\.?[0-9]* splits "2019" four ways) a
# line of integers ending in a bad token made _ROW backtrack exponentially.
NUMBER = re.compile(
    r"[+-]?(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf(?:inity)?|nan)",
    re.IGNORECASE)
_ROW = re.compile(rf"{NUMBER.pattern}(?: {NUMBER.pattern})*", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]")
# Bytes that are, or may start, whitespace other than space, tab and LF (\v, \f, \x1c-\x1f,
# and any non-ASCII byte: NBSP, NEL, U+2000... in latin-1 or UTF-8).
_OTHER_SPACE = re.compile(rb"[\x0b\x0c\x1c-\x1f\x80-\xff]")


def reject_non_text(raw, name):
    # A NUL byte never occurs in text we can read; say what the file probably
    # is, instead of reporting its bytes as "not a number".
    head = raw[:1024]
    even, odd = head[0::2].strip(b"\x00"), head[1::2].strip(b"\x00")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (
        b"\x00" in head and (even or odd) and not (even and odd)
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


def normalise(raw):
    """`raw` without a UTF-8 byte-order mark, with every line ended by LF alone."""
    if raw.startswith(_UTF8_BOM):
        raw = raw[len(_UTF8_BOM):]
    if b"\r" in raw:
        # LF, CRLF and a lone CR each end a line, for both parsers; loadtxt alone would let a
        # comment run on past a lone CR and swallow the lines after it.
        raw = raw.replace(b"\r\n", b"\n")
        if b"\r" in raw:  # one copy of a large file fewer when there is no lone CR
            raw = raw.replace(b"\r", b"\n")
    return raw


def fast_parse(raw, skip_rows):
    """Parse a well-formed file in one vectorised pass; None if anything is off."""
    body = raw  # line ends are already LF only
    if skip_rows:
        parts = raw.split(b"\n", skip_rows)
        if len(parts) <= skip_rows:
            return None
        body = parts[-1]
    if b"," in body:
        # Commas become spaces below, which would silently drop an empty
        # field; leave such files to the careful parser. So too any whitespace
        # but space and tab (\v, \f, \x1c, NBSP ...), which could hide one.
        if _OTHER_SPACE.search(body):
            return None
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


def careful_parse(raw, name, skip_rows):
    """Check line by line; raise DataFormatError at the first problem, else parse."""
    rows = []
    width = width_line = None
    for line_number, content, fields in _data_lines(_lines(raw), skip_rows):
        row = " ".join(fields)
        # One regex per line, not per value: this path also diagnoses
        # million-line files, where a per-token check takes many seconds.
        if "" in fields or not _ROW.fullmatch(row):
            column, field = next((column, field) for column, field in enumerate(fields, start=1)
                                 if not NUMBER.fullmatch(field))
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


def require_finite(data, raw, name, skip_rows):
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
        words = sum(1 for f in fields if not NUMBER.fullmatch(f) and _LETTER.search(f))
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
