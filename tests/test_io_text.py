"""Tests for pyneuro.io.text: load_txt, read_data, write_txt."""

import os
import pathlib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from pyneuro.errors import (
    DataFormatError,
    FileAccessError,
    ParameterError,
    PyneuroError,
    ShapeError,
)
from pyneuro.io._textparse import careful_parse
from pyneuro.io.text import load_txt, read_data, write_txt

SAMPLE_DATA = pathlib.Path(__file__).resolve().parent.parent / "sample_data"
# tmp_path is shared by a test's examples; each example overwrites its file first.
property_settings = settings(
    deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def write_bytes(tmp_path, content, name="data.txt"):
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


# ---------------------------------------------------------------- reading


@pytest.mark.parametrize(
    "content",
    [
        "1 2 3\n4 5 6\n",
        "1 2 3\n4 5 6",  # no final newline
        "% header comment\n1 2 3\n# other comment\n4 5 6\n",
        "1 2 3 % trailing comment\n4 5 6# glued trailing comment\n",
        "\n\n1 2 3\n   \n\t\n4 5 6\n\n",
        "1 2 3\r\n4 5 6\r\n",
        "\ufeff1 2 3\n4 5 6\n",
        "1,2,3\n4,5,6\n",
        "1, 2 ,3\n4 ,5,   6\n",
        "1 2, 3\n4\t5,\t6\n",
        "1,2,3,\n4,5,6,\n",  # one trailing comma, as spreadsheets write
        "  1   2   3  \n\t4\t5\t6\n",
        "1 2 3\r4 5 6\r",  # old Mac line ends
        "1e0 2.0 +3\n.4e1 5. 6E+0\n",
    ],
    ids=[
        "plain", "no-final-newline", "comment-lines", "trailing-comments", "blank-lines",
        "crlf", "bom", "commas", "commas-spaces", "mixed-separators", "trailing-comma",
        "tabs-and-indent", "cr-only", "number-spellings",
    ],
)
def test_load_txt_accepts_matlab_ascii_spellings(tmp_path, content):
    data = load_txt(write_bytes(tmp_path, content))
    np.testing.assert_array_equal(data, [[1, 2, 3], [4, 5, 6]])
    assert data.dtype == np.float64


def test_load_txt_nan_and_inf_tokens(tmp_path):
    data = load_txt(write_bytes(tmp_path, "NaN nan Inf\n-Inf inf +inf\n"))
    assert np.isnan(data[0, :2]).all()
    np.testing.assert_array_equal(data[0, 2:], [np.inf])
    np.testing.assert_array_equal(data[1], [-np.inf, np.inf, np.inf])


def test_load_txt_single_line_is_one_row(tmp_path):
    data = load_txt(write_bytes(tmp_path, "% one sample\n1 2 3 4\n"))
    assert data.shape == (1, 4)


def test_load_txt_single_column(tmp_path):
    data = load_txt(write_bytes(tmp_path, "1\n2\n3\n"))
    assert data.shape == (3, 1)
    np.testing.assert_array_equal(data[:, 0], [1, 2, 3])


def test_load_txt_single_value(tmp_path):
    assert load_txt(write_bytes(tmp_path, "42\n")).shape == (1, 1)


def test_load_txt_skip_rows(tmp_path):
    path = write_bytes(tmp_path, "cyl disp hp mpg\n8 307 130 18\n4 97 88 27\n")
    data = load_txt(path, skip_rows=1)
    np.testing.assert_array_equal(data, [[8, 307, 130, 18], [4, 97, 88, 27]])


@pytest.mark.parametrize("content", ["a\rb\n1 2\n", "a\r\nb\r\n1 2\r\n", "a\rb\r1 2\r"])
def test_load_txt_skip_rows_counts_every_line_end(tmp_path, content):
    np.testing.assert_array_equal(load_txt(write_bytes(tmp_path, content), skip_rows=2), [[1, 2]])


def test_load_txt_accepts_pathlike_and_str(tmp_path):
    path = write_bytes(tmp_path, "1 2\n")
    np.testing.assert_array_equal(load_txt(str(path)), load_txt(path))


def test_load_txt_latin1_comment_is_fine(tmp_path):
    path = write_bytes(tmp_path, "% temperature in \xb0C\n1 2\n".encode("latin-1"))
    np.testing.assert_array_equal(load_txt(path), [[1, 2]])


def test_load_txt_non_breaking_space_separates(tmp_path):
    # Copy-pasted tables often hold U+00A0; Python treats it as whitespace.
    data = load_txt(write_bytes(tmp_path, "1\u00a02\n3 4\n"))
    np.testing.assert_array_equal(data, [[1, 2], [3, 4]])


@pytest.mark.parametrize("name, shape", [("Test.txt", (300, 8)), ("Check.txt", (92, 8))])
def test_sample_data_shapes(name, shape):
    data = load_txt(SAMPLE_DATA / name)
    assert data.shape == shape
    assert np.isfinite(data).all()


separators = st.sampled_from([" ", "  ", "\t", ",", ", ", " ,", " , "])
line_ends = st.sampled_from(["\n", "\r\n", " % note\n", "# note\r\n", ",\n"])


@settings(property_settings, max_examples=60)
@given(
    values=hnp.arrays(np.float64, hnp.array_shapes(min_dims=2, max_dims=2, max_side=5),
                      elements=st.floats(allow_nan=False, width=64)),
    data=st.data(),
)
def test_fast_and_careful_paths_agree(tmp_path, values, data):
    # The careful parser reads what the fast one rejects; both must give the
    # same numbers for any file both accept.
    text = "% generated\n"
    for row in values:
        text += data.draw(separators).join(repr(float(v)) for v in row) + data.draw(line_ends)
    path = write_bytes(tmp_path, text)
    fast = load_txt(path)
    careful = careful_parse(path.read_bytes(), str(path), 0)
    assert fast.tobytes() == careful.tobytes() == values.tobytes()


@pytest.mark.parametrize("name", ["Test.txt", "Check.txt"])
def test_careful_path_reads_sample_data_like_fast_path(name):
    path = SAMPLE_DATA / name
    np.testing.assert_array_equal(careful_parse(path.read_bytes(), str(path), 0), load_txt(path))


# ---------------------------------------------------------------- read_data


def test_read_data_orientation(tmp_path):
    path = write_bytes(tmp_path, "1 2 10\n3 4 20\n5 6 30\n7 8 40\n")
    P, T = read_data(path)
    np.testing.assert_array_equal(P, [[1, 3, 5, 7], [2, 4, 6, 8]])
    np.testing.assert_array_equal(T, [[10, 20, 30, 40]])
    for array in (P, T):
        assert array.dtype == np.float64
        assert array.flags.c_contiguous


def test_read_data_two_targets(tmp_path):
    path = write_bytes(tmp_path, "1 2 3 4\n5 6 7 8\n9 10 11 12\n")
    P, T = read_data(path, targets=2)
    assert P.shape == (2, 3) and T.shape == (2, 3)
    np.testing.assert_array_equal(T, [[3, 7, 11], [4, 8, 12]])
    assert T.flags.c_contiguous


def test_read_data_no_targets(tmp_path):
    P, T = read_data(write_bytes(tmp_path, "1 2 3\n4 5 6\n"), targets=0)
    assert T is None
    np.testing.assert_array_equal(P, [[1, 4], [2, 5], [3, 6]])
    assert P.flags.c_contiguous


def test_read_data_single_sample(tmp_path):
    P, T = read_data(write_bytes(tmp_path, "1 2 3\n"))
    assert P.shape == (2, 1) and T.shape == (1, 1)


def test_read_data_skip_rows(tmp_path):
    P, T = read_data(write_bytes(tmp_path, "a b t\n1 2 3\n"), skip_rows=1)
    np.testing.assert_array_equal(T, [[3]])


@pytest.mark.parametrize("name, r, q", [("Test.txt", 7, 300), ("Check.txt", 7, 92)])
def test_read_data_sample_files(name, r, q):
    P, T = read_data(SAMPLE_DATA / name)
    assert P.shape == (r, q) and T.shape == (1, q)
    np.testing.assert_array_equal(np.vstack([P, T]).T, load_txt(SAMPLE_DATA / name))


@pytest.mark.parametrize("targets", [3, 4, 100])
def test_read_data_too_many_targets(tmp_path, targets):
    path = write_bytes(tmp_path, "1 2 3\n")
    with pytest.raises(ParameterError, match=r"has 3 columns.*0 to 2"):
        read_data(path, targets=targets)


@pytest.mark.parametrize("targets", [-1, 1.5, "1", True, None])
def test_read_data_bad_targets_type(tmp_path, targets):
    path = write_bytes(tmp_path, "1 2 3\n")
    with pytest.raises(ParameterError, match="targets must be a whole number"):
        read_data(path, targets=targets)


def test_read_data_accepts_numpy_integer_targets(tmp_path):
    P, T = read_data(write_bytes(tmp_path, "1 2 3\n"), targets=np.int64(2))
    assert T.shape == (2, 1)


@pytest.mark.parametrize("skip_rows", [-1, 0.5, "2"])
def test_bad_skip_rows(tmp_path, skip_rows):
    with pytest.raises(ParameterError, match="skip_rows"):
        load_txt(write_bytes(tmp_path, "1\n"), skip_rows=skip_rows)


# ---------------------------------------------------------------- read errors


def error_for(tmp_path, content, **kwargs):
    path = write_bytes(tmp_path, content)
    with pytest.raises(DataFormatError) as info:
        load_txt(path, **kwargs)
    error = info.value
    assert type(error) is DataFormatError
    assert isinstance(error, PyneuroError) and isinstance(error, ValueError)
    assert error.path == str(path)
    assert str(error).startswith(str(path))
    return error


def test_error_ragged_line_short(tmp_path):
    error = error_for(tmp_path, "% c\n1 2 3\n\n4 5 6\n7 8\n")
    assert str(error).endswith(", line 5: expected 3 values (as on line 2), found 2. Every "
                               "data line must hold the same number of values; correct that "
                               "line or comment it out with '%'.")
    assert (error.line, error.column) == (5, None)


def test_error_ragged_line_long(tmp_path):
    error = error_for(tmp_path, "1 2\n3 4 5\n")
    assert "line 2: expected 2 values (as on line 1), found 3." in str(error)
    assert error.line == 2


def test_error_ragged_line_with_commas(tmp_path):
    error = error_for(tmp_path, "1,2,3\r\n4,5\r\n")
    assert error.line == 2 and "found 2." in str(error)
    assert "decimal comma" in str(error)


def test_ragged_line_without_commas_has_no_comma_hint(tmp_path):
    assert "decimal comma" not in str(error_for(tmp_path, "1 2 3\n4 5\n"))


def test_error_non_numeric_token(tmp_path):
    lines = ["% c"] + ["1 2 3"] * 5 + ["1 2 abc"]
    error = error_for(tmp_path, "\n".join(lines) + "\n")
    assert str(error).endswith(", line 7, column 3: expected a number, found 'abc'. Values "
                               "must be numbers separated by spaces or commas (write NaN for "
                               "a missing value); '%' or '#' start a comment.")
    assert (error.line, error.column) == (7, 3)
    assert "header" not in str(error)


# Spellings around the edges of the number grammar, and whether numpy.loadtxt takes them.
@pytest.mark.parametrize("token, is_number", [
    ("1.", True), (".5", True), ("+.5", True), ("5e", False), ("1..2", False), ("-inf", True),
    ("NaN", True), ("1e5", True), ("1E+05", True), ("1.e5", True), (".e5", False), (".", False),
    ("+", False), ("e5", False), ("1e+", False), ("-Infinity", True), ("infin", False),
    ("+nan", True), ("1_0", False), ("0x10", False), ("1d5", False), ("00.00", True),
])
def test_careful_parser_accepts_the_tokens_loadtxt_accepts(tmp_path, token, is_number):
    import io
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        try:
            np.loadtxt(io.StringIO(f"1 {token}"), ndmin=2)
            loadtxt_accepts = True
        except ValueError:
            loadtxt_accepts = False
    assert loadtxt_accepts == is_number
    raw = f"1 {token}\n".encode()
    if is_number:
        assert careful_parse(raw, "x", 0).shape == (1, 2)
    else:
        with pytest.raises(DataFormatError, match="column 2: expected a number"):
            careful_parse(raw, "x", 0)


def test_a_long_line_with_a_bad_last_token_is_diagnosed_quickly(tmp_path):
    # Regression: an ambiguous number pattern made the one-regex-per-line check backtrack
    # exponentially (10 fields took 0.4 s, each more x4). A child process, so that a
    # regression fails on the timeout instead of hanging the test run.
    import subprocess
    import sys

    path = write_bytes(tmp_path, "2019 " * 4999 + "n/a\n")
    code = ("import sys, time\n"
            "from pyneuro.io.text import load_txt\n"
            "start = time.perf_counter()\n"
            "try:\n"
            "    load_txt(sys.argv[1])\n"
            "except ValueError as exc:\n"
            "    print(time.perf_counter() - start, exc)\n")
    try:
        done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                              text=True, timeout=30, check=True)
    except subprocess.TimeoutExpired:
        pytest.fail("load_txt took over 30 s to reject a 5000-field line")
    seconds, message = done.stdout.split(" ", 1)
    assert "line 1, column 5000: expected a number, found 'n/a'" in message
    assert float(seconds) < 1.0


def test_error_line_numbers_count_skipped_rows(tmp_path):
    error = error_for(tmp_path, "junk\njunk\n1 2\nx 2\n", skip_rows=2)
    assert (error.line, error.column) == (4, 1)


def test_error_header_line_hint(tmp_path):
    error = error_for(tmp_path, "cyl disp hp mpg\n8 307 130 18\n")
    message = str(error)
    assert ", line 1, column 1: expected a number, found 'cyl'." in message
    assert "line 1 looks like a header; comment it out with '%' or skip it " \
           "(skip_rows=1 / --skip-rows 1)." in message.lower()
    assert (error.line, error.column) == (1, 1)


def test_error_header_after_comments_hint_counts_physical_lines(tmp_path):
    error = error_for(tmp_path, "% source\n\ncyl,disp,mpg\n8,307,18\n")
    assert "skip_rows=3" in str(error) and error.line == 3


def test_error_header_in_the_middle(tmp_path):
    error = error_for(tmp_path, "1 2\nx y\n3 4\n")
    assert "Line 2 looks like a header; comment it out with '%'." in str(error)
    assert "skip_rows" not in str(error)


def test_error_empty_field(tmp_path):
    error = error_for(tmp_path, "1,2,3\n4,,6\n")
    assert (error.line, error.column) == (2, 2)
    assert "empty field" in str(error) and "NaN" in str(error)


def test_error_leading_comma(tmp_path):
    error = error_for(tmp_path, "1,2\n , 3\n")
    assert (error.line, error.column) == (2, 1)


def test_error_unicode_minus(tmp_path):
    error = error_for(tmp_path, "1 \u22122\n")
    assert "U+2212" in str(error) and error.column == 2


def test_decimal_commas_get_one_hint(tmp_path):
    # Review: the comma hint and "correct that line" used to be given together, contradicting
    # each other; a line with commas now gets one sentence covering both causes.
    error = error_for(tmp_path, "% c\n\n1,5 2,5 3\n1,5 2 3\n")
    message = str(error)
    assert error.line == 4
    assert message.endswith("found 4. If the file uses decimal commas, write decimal points "
                            "(3.5): commas separate values, so 3,5 reads as two numbers. "
                            "Otherwise correct that line or comment it out with '%'.")
    assert "Every data line" not in message


def test_header_and_minus_errors_carry_no_generic_hint(tmp_path):
    for content in ("cyl disp hp mpg\n8 307 130 18\n", "1 \u22122\n"):
        assert "Values must be numbers" not in str(error_for(tmp_path, content))


def test_error_empty_field_has_its_own_fix_only(tmp_path):
    message = str(error_for(tmp_path, "1,2,3\n4,,6\n"))
    assert message.endswith("column 2: empty field between commas; write NaN for a missing "
                            "value.")


# ---------------------------------------------------------------- finite=True


def test_finite_is_off_by_default(tmp_path):
    path = write_bytes(tmp_path, "1 NaN\nInf 2\n")
    assert np.isnan(load_txt(path)).sum() == 1
    P, T = read_data(path)
    assert np.isinf(P).sum() == 1 and np.isnan(T).sum() == 1


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_finite_names_the_physical_line_and_column(tmp_path, newline):
    # Comment and blank lines count, as in every other reader error.
    lines = ["% cars", "1 2 3", "", "# more", "4 5 6  % fine", "7 NaN 9", "10 inf 12"]
    path = write_bytes(tmp_path, newline.join(lines) + newline)
    with pytest.raises(DataFormatError) as info:
        load_txt(path, finite=True)
    error = info.value
    assert (error.line, error.column, error.path) == (6, 2, str(path))
    assert str(error) == (
        f"{path}, line 6, column 2: sample 3 holds NaN, but this data must be complete (no NaN "
        "or Inf); 2 values in all are NaN or Inf. Fill in the missing values or remove those "
        "samples (comment their lines out with '%').")


def test_finite_one_bad_value_grammar_and_skip_rows(tmp_path):
    path = write_bytes(tmp_path, "x y t\n1 2 3\n% c\n4 5 -Inf\n")
    with pytest.raises(DataFormatError) as info:
        read_data(path, skip_rows=1, finite=True)
    message = str(info.value)
    assert (info.value.line, info.value.column) == (4, 3)
    assert "line 4, column 3: sample 2 holds -Inf" in message
    assert "it is the only such value." in message and " are " not in message


def test_finite_on_the_careful_path(tmp_path):
    # A lone CR in the skipped lines sends the file to the line-by-line parser.
    path = write_bytes(tmp_path, "head\rer\n1,2\n\n3,nan\n")
    assert np.isnan(load_txt(path, skip_rows=2)).any()
    with pytest.raises(DataFormatError, match=r"line 5, column 2: sample 2 holds NaN"):
        load_txt(path, skip_rows=2, finite=True)


def test_finite_clean_file_reads_the_same(tmp_path):
    path = SAMPLE_DATA / "Test.txt"
    np.testing.assert_array_equal(load_txt(path, finite=True), load_txt(path))
    for a, b in zip(read_data(path, finite=True), read_data(path)):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("content", ["", "\n\n  \n", "% only\n# comments\n\n"])
def test_error_no_data(tmp_path, content):
    error = error_for(tmp_path, content)
    assert str(error).endswith(
        ": no numeric data found (the file is empty or holds only comments). Write one sample "
        "per line, its values separated by spaces or commas.")
    assert error.line is None


def test_error_everything_skipped(tmp_path):
    error = error_for(tmp_path, "a\nb\n", skip_rows=5)
    assert "after skipping 5 lines" in str(error)


def test_error_utf16_file(tmp_path):
    path = tmp_path / "data.txt"
    path.write_text("1 2\n3 4\n", encoding="utf-16")
    with pytest.raises(DataFormatError, match="UTF-16"):
        load_txt(path)


def test_error_utf16_without_bom(tmp_path):
    path = write_bytes(tmp_path, "1 2\n3 4\n".encode("utf-16-le"))
    with pytest.raises(DataFormatError, match="UTF-16"):
        load_txt(path)


def test_error_binary_file(tmp_path):
    path = write_bytes(tmp_path, bytes(range(256)) * 4)
    with pytest.raises(DataFormatError, match="not a text file"):
        load_txt(path)


def test_error_mat_file(tmp_path):
    header = b"MATLAB 5.0 MAT-file, Platform: GLNXA64".ljust(116)
    path = write_bytes(tmp_path, header + b"\x00\x01IM")
    with pytest.raises(DataFormatError, match="MAT-file"):
        load_txt(path)


def test_error_missing_file(tmp_path):
    path = tmp_path / "nope.txt"
    with pytest.raises(FileAccessError, match=r"No such file: '.*nope\.txt'") as info:
        load_txt(path)
    assert isinstance(info.value, OSError) and isinstance(info.value, PyneuroError)


def test_error_directory_as_path(tmp_path):
    with pytest.raises(FileAccessError, match="is a directory"):
        load_txt(tmp_path)
    with pytest.raises(FileAccessError, match="is a directory"):
        read_data(tmp_path)


# ---------------------------------------------------------------- writing


def test_write_txt_format_and_header(tmp_path):
    path = tmp_path / "out.txt"
    write_txt(path, np.array([[1.0, 0.5], [-2.0, 1e-300]]), header=["inputs x y", "", "second"])
    assert path.read_text() == "% inputs x y\n%\n% second\n1 0.5\n-2 1e-300\n"
    np.testing.assert_array_equal(load_txt(path), [[1.0, 0.5], [-2.0, 1e-300]])


def test_write_txt_to_a_stream_writes_the_same_text(tmp_path):
    import io

    values = np.array([[0.1, np.nan], [-2.0, 1e-300]])
    path = tmp_path / "out.txt"
    write_txt(path, values, header=["a", "b"])
    stream = io.StringIO()
    assert write_txt(stream, values, header=["a", "b"]) is None
    assert stream.getvalue() == path.read_text()
    assert not stream.closed


def test_write_txt_multiline_header_string(tmp_path):
    path = tmp_path / "out.txt"
    write_txt(path, [[1]], header="a\nb")
    assert path.read_text().splitlines()[:2] == ["% a", "% b"]


def test_write_txt_custom_fmt(tmp_path):
    path = tmp_path / "out.txt"
    write_txt(path, [[1.23456, 2]], fmt="%.2f")
    assert path.read_text() == "1.23 2.00\n"


def test_write_txt_nan_inf_round_trip(tmp_path):
    path = tmp_path / "out.txt"
    values = np.array([[np.nan, np.inf, -np.inf, -0.0]])
    write_txt(path, values)
    back = load_txt(path)
    assert np.isnan(back[0, 0]) and back[0, 1] == np.inf and back[0, 2] == -np.inf
    assert np.signbit(back[0, 3])


def test_write_txt_replaces_existing_file_and_leaves_no_temporary(tmp_path):
    path = tmp_path / "out.txt"
    path.write_text("old\n")
    write_txt(path, np.ones((3, 2)))
    np.testing.assert_array_equal(load_txt(path), np.ones((3, 2)))
    assert os.listdir(tmp_path) == ["out.txt"]


def test_write_txt_interrupted_write_keeps_old_file(tmp_path, monkeypatch):
    path = tmp_path / "out.txt"
    path.write_text("1 2\n")

    def fail(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(KeyboardInterrupt):
        write_txt(path, np.zeros((2, 2)))
    assert path.read_text() == "1 2\n"
    assert os.listdir(tmp_path) == ["out.txt"]


@pytest.mark.parametrize("bad", [np.arange(3.0), np.float64(1.0), np.zeros((2, 2, 2))])
def test_write_txt_rejects_non_2d(tmp_path, bad):
    with pytest.raises(ShapeError, match="must be 2-D"):
        write_txt(tmp_path / "out.txt", bad)
    assert not (tmp_path / "out.txt").exists()


@pytest.mark.parametrize("bad", [[["a", "b"]], np.array([[1 + 2j]])])
def test_write_txt_rejects_non_real(tmp_path, bad):
    with pytest.raises(DataFormatError, match="real numbers"):
        write_txt(tmp_path / "out.txt", bad)


@pytest.mark.parametrize("fmt", ["{:.17g}", "%g %g", "abc", None])
def test_write_txt_rejects_bad_fmt(tmp_path, fmt):
    with pytest.raises(ParameterError, match="fmt"):
        write_txt(tmp_path / "out.txt", [[1.0]], fmt=fmt)


@pytest.mark.parametrize("header", [3, ["ok", 4]])
def test_write_txt_rejects_bad_header(tmp_path, header):
    with pytest.raises(ParameterError, match="header"):
        write_txt(tmp_path / "out.txt", [[1.0]], header=header)


def test_write_txt_missing_folder(tmp_path):
    with pytest.raises(FileAccessError, match="does not exist"):
        write_txt(tmp_path / "no" / "out.txt", [[1.0]])


def test_write_txt_directory_as_path(tmp_path):
    with pytest.raises(FileAccessError, match="is a directory"):
        write_txt(tmp_path, [[1.0]])


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="needs POSIX permissions and a non-root user")
def test_write_txt_unwritable_folder(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(FileAccessError, match="Permission denied"):
            write_txt(locked / "out.txt", [[1.0]])
    finally:
        locked.chmod(0o700)


def test_write_txt_permission_error_is_file_access_error(tmp_path, monkeypatch):
    # Simulated, so the test also means something when run as root.
    def refuse(*args):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(FileAccessError, match="Cannot write .*Permission denied"):
        write_txt(tmp_path / "out.txt", [[1.0]])


def test_load_txt_permission_error_is_file_access_error(tmp_path, monkeypatch):
    import pyneuro.io._files as files_module

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    path = write_bytes(tmp_path, "1\n")
    monkeypatch.setattr(files_module, "open", refuse, raising=False)
    with pytest.raises(FileAccessError, match="Permission denied: cannot read"):
        load_txt(path)


finite_floats = st.floats(allow_nan=False, allow_infinity=True, allow_subnormal=True, width=64)
float_matrices = hnp.arrays(
    np.float64,
    hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=6),
    elements=st.one_of(
        finite_floats,
        st.sampled_from([5e-324, -5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
                         -0.0, 0.1]),
    ),
)


@settings(property_settings, max_examples=60)
@given(values=float_matrices)
def test_write_then_load_round_trips_bit_exactly(tmp_path, values):
    path = tmp_path / "round.txt"
    write_txt(path, values, header="round trip")
    back = load_txt(path)
    assert back.shape == values.shape
    assert back.tobytes() == values.tobytes()


@settings(property_settings, max_examples=30)
@given(values=float_matrices, targets=st.integers(min_value=0, max_value=5))
def test_read_data_is_the_transpose_of_the_file(tmp_path, values, targets):
    targets = min(targets, values.shape[1] - 1)
    path = tmp_path / "data.txt"
    write_txt(path, values)
    P, T = read_data(path, targets=targets)
    n_inputs = values.shape[1] - targets
    assert P.tobytes() == np.ascontiguousarray(values[:, :n_inputs].T).tobytes()
    if targets:
        assert T.tobytes() == np.ascontiguousarray(values[:, n_inputs:].T).tobytes()
    else:
        assert T is None
