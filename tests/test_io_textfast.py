"""The reader's vectorised path (issue 13): the numbers numpy.loadtxt and Python's float give,
bit for bit; it is really taken on ordinary files; and on anything irregular it steps aside, so
that load_txt's diagnostics stay the careful parser's."""

import io
import math
import pathlib
import tracemalloc
import warnings

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pyneuro.errors import DataFormatError
from pyneuro.io import _textfast
from pyneuro.io._files import read_bytes
from pyneuro.io._textparse import careful_parse, normalise
from pyneuro.io.text import load_txt, write_txt


def loadtxt(raw):
    """numpy.loadtxt's reading of a file, with the reader's comments and separators."""
    text = normalise(raw).replace(b",", b" ").replace(b"#", b"%")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return np.loadtxt(io.BytesIO(text), comments="%", ndmin=2, encoding="latin-1")


def bits(array):
    return np.asarray(array, dtype=np.float64).tobytes()


# Files the vectorised path must read, and read as numpy.loadtxt does. The comment says what
# each exercises. In the last three most tokens are beyond its arithmetic (exponents, long
# numbers, NaN/Inf): it leaves those files to numpy.loadtxt.
TRICKY = [
    b"1 2 3\n4 5 6\n",
    b"-232.503 12.573 -0.004\n+7 .5 5.\n",  # signs, a point first or last
    b"-0 +0 0.0\n-0.0 -.0 +.0\n",  # signed zeros: -0.0 keeps its sign bit
    b"12345678 -1234567 1234567.\n.1234567 0.000001 99999999\n",  # all 8 bytes used
    b"00000001 000.0001 0000000.\n1 2 3\n",  # leading zeros
    b"1 -2.5 1e5\n-1E-3 4 5\n" + b"3 4 5\n" * 12 + b"7 8 -nan\n9 1.5e300 Inf\n",  # a few
    # exponents, NaN and Inf: through float()
    b"1 2 3.14159265358979\n4 5 6\n7 8 9\n10 11 12\n",  # one token longer than 8 bytes
    b"  1 2 3   \n\t4\t5\t6\t\n",  # leading and trailing spaces and tabs
    b"1\t2 \t 3\n4  5\t\t6\n",  # runs of separators
    b"1 2 3\r\n4 5 6\r\n",  # CRLF
    b"\n\n1 2 3\n\n\n4 5 6\n\n",  # blank lines
    b"% header\n# other\n1 2 3 % note\n4 5 6# note\n",  # comments, whole and trailing
    b"1,2,3\n4, 5 ,6,\n",  # commas, one trailing comma
    b"1 2 3",  # no final line end
    b"7\n8\n9\n",  # one column
    b"1 2 3 4 5 6 7 8 9 10\n",  # one line
]
MOSTLY_OTHERS = [
    b"1e5 -1E-3 2.5e+10\n1.5e300 -1e-300 7E0\n",  # exponents
    b"1.2345678901234567 -0.10000000000000001 123456789\n1 2 3\n",  # longer than 8 bytes
    b"nan -nan Inf\n-inf infinity NaN\n",  # NaN and Inf spellings, -nan's sign bit
]


@pytest.mark.parametrize("raw", TRICKY + MOSTLY_OTHERS)
def test_tricky_files_read_as_numpy_loadtxt_reads_them(tmp_path, raw):
    path = tmp_path / "data.txt"
    path.write_bytes(raw)
    reference = loadtxt(raw)
    fast = _textfast.parse(normalise(raw), 0)
    if raw in TRICKY:
        assert fast is not None, "the vectorised path stepped aside on a regular file"
        assert fast.shape == reference.shape
        assert bits(fast) == bits(reference)
    else:
        assert fast is None
    assert bits(load_txt(path)) == bits(reference)


def test_signed_zero_and_nan_keep_their_sign_bits():
    # strtod (and so loadtxt) gives -0.0 for "-0" and a NaN with the sign bit for "-nan".
    data = _textfast.parse(b"-0 -0.0 -nan 0 1 2 3 4 5\n", 0)  # one token of 9 by float()
    assert [math.copysign(1.0, v) for v in data[0, :4]] == [-1.0, -1.0, -1.0, 1.0]


# Decimal spellings of up to 8 bytes: those the vectorised arithmetic reads itself.
short_decimals = st.builds(
    lambda sign, whole, fraction, point: sign + whole + (point + fraction if point else ""),
    st.sampled_from(["", "-", "+"]), st.text("0123456789", max_size=8),
    st.text("0123456789", max_size=8), st.sampled_from(["", "."]),
).filter(lambda s: any(c.isdigit() for c in s) and len(s) <= 8)


@settings(max_examples=500, deadline=None)
@given(tokens=st.lists(short_decimals, min_size=1, max_size=20))
@example(tokens=["99999999", "-9999999", ".0000001", "-.000001", "0", "-0", "1."])
def test_short_decimals_are_the_doubles_float_gives(tokens):
    # Python's float parses as strtod, correctly rounded: an independent reference.
    raw = (" ".join(tokens) + "\n").encode()
    data = _textfast.parse(raw, 0)
    assert data is not None
    assert bits(data) == bits([[float(t) for t in tokens]])


@settings(max_examples=300, deadline=None)
@given(values=st.lists(st.floats(allow_nan=False, width=64), min_size=1, max_size=12),
       fmt=st.sampled_from(["%.17g", "%.6g", "%.3f", "%g", "%.8e", "%.1f", "%+.4g"]))
def test_formatted_doubles_read_back_as_loadtxt_reads_them(values, fmt):
    # Eight lines of short numbers below keep the long tokens (through float()) under the
    # share at which the vectorised path leaves a file to numpy.loadtxt.
    raw = (" ".join(fmt % v for v in values) + "\n").encode()
    raw += (" ".join(["1"] * len(values)) + "\n").encode() * 8
    data = _textfast.parse(raw, 0)
    assert data is not None
    assert bits(data) == bits(loadtxt(raw))


# Pieces of files, regular and not: every kind of token, separator, comment and line end.
_TOKENS = ["1", "-2.5", "+.5", "7.", "12345678", "-1234567", "123456789", "1e5", "-1E-3", "nan",
           "-Inf", "0", "-0", "1..2", "1-2", "--1", "+", "-", ".", "5:", "1e", "x", "1_0", "0x1"]
_SEPARATORS = [" ", "  ", "\t", ",", ", ", " ,", ",,", "\v", "\xa0", "\x1c"]
_ENDS = ["\n", "\r\n", "\r", " % c\n", "# c\n", ",\n", "\n\n", " \n"]


@st.composite
def files(draw):
    width = draw(st.integers(1, 4))
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        n = width if draw(st.booleans()) or draw(st.booleans()) else draw(st.integers(0, 5))
        tokens = [draw(st.sampled_from(_TOKENS[:13] if draw(st.booleans()) else _TOKENS))
                  for _ in range(n)]
        separator = draw(st.sampled_from(_SEPARATORS[:6] if draw(st.booleans())
                                         else _SEPARATORS))
        lines.append(separator.join(tokens) + draw(st.sampled_from(_ENDS)))
    return draw(st.sampled_from(["", "% head\n"])) + "".join(lines)


@settings(max_examples=1500, deadline=None)
@given(text=files(), skip_rows=st.integers(0, 2), block=st.sampled_from([4, 16, 1 << 18]),
       encoding=st.sampled_from(["utf-8", "latin-1"]))
def test_the_vectorised_path_never_disagrees_with_the_careful_parser(
        text, skip_rows, block, encoding):
    # Small blocks put block boundaries everywhere (a block still ends at a line end).
    raw = normalise(text.encode(encoding))
    fast = _textfast.parse(raw, skip_rows, block_size=block)
    if fast is None:
        return  # the other paths decide, and the careful one explains
    try:
        reference = careful_parse(raw, "data.txt", skip_rows)
    except DataFormatError as error:
        pytest.fail(f"vectorised path read {raw!r}, the careful parser refuses it: {error}")
    assert fast.shape == reference.shape
    assert bits(fast) == bits(reference)


@pytest.mark.parametrize("raw", [
    b"1 2 3\n4 5\n",  # ragged
    b"1 2 3\n4 5 6 7\n",
    b"1 2\n3 4\n5 6 7\n8 9\n",
    b"1 2 3\n4 abc 6\n",  # not a number
    b"1 2 3\n4 1-2 6\n",
    b"1 2 3\n4 5. 6.7.8\n",
    b"1 2 3\n4 5 --6\n",
    b"1 2\n3 -\n",
    b"1 2\n3 .\n",
    b"1 2\n3 5:\n",
    b"1,,2\n",  # empty field
    b"1, ,2\n",
    b",1,2\n",
    b"x y\n1 2\n",  # a header
    b"% only comments\n\n",  # no data
    b"",
])
def test_irregular_files_step_aside_and_keep_the_careful_diagnostics(tmp_path, raw):
    assert _textfast.parse(normalise(raw), 0) is None
    path = tmp_path / "bad.txt"
    path.write_bytes(raw)
    with pytest.raises(DataFormatError) as careful:
        careful_parse(raw, str(path), 0)
    with pytest.raises(DataFormatError) as loaded:
        load_txt(path)
    assert str(loaded.value) == str(careful.value)
    assert (loaded.value.line, loaded.value.column) == (careful.value.line, careful.value.column)


@pytest.mark.parametrize("raw", [b"1 2\n3\x0b4\n", b"1 2\n3\x0c4\n", b"1 2\n3\xa04\n",
                                 "1 2\n3\u00a04\n".encode()])
def test_other_whitespace_steps_aside_and_reads_as_before(tmp_path, raw):
    # \v, \f and NBSP separate values for the careful parser; the vectorised path leaves them
    # to it.
    assert _textfast.parse(normalise(raw), 0) is None
    path = tmp_path / "space.txt"
    path.write_bytes(raw)
    assert bits(load_txt(path)) == bits(careful_parse(raw, str(path), 0)) == bits([[1, 2], [3, 4]])


def test_a_bad_token_far_down_a_large_file_keeps_its_line_and_column(tmp_path):
    rows = ["%.3f %.3f %.3f" % (i, -i / 7, i * 1.5) for i in range(30_000)]
    rows[27_182] = "1.000 2.000 3.0x0"
    path = tmp_path / "large.txt"
    path.write_text("% three columns\n" + "\n".join(rows) + "\n")
    with pytest.raises(DataFormatError) as info:
        load_txt(path)
    assert (info.value.line, info.value.column) == (27_184, 3)  # the header is line 1
    assert "found '3.0x0'" in str(info.value)


def test_skip_rows_skips_physical_lines_unread():
    raw = b"junk, not numbers\n% and a comment\n1 2\n3 4\n"
    assert bits(_textfast.parse(raw, 1)) == bits([[1, 2], [3, 4]])
    assert bits(_textfast.parse(raw, 2)) == bits([[1, 2], [3, 4]])
    assert bits(_textfast.parse(raw, 3)) == bits([[3, 4]])
    assert _textfast.parse(raw, 0) is None  # the junk line is read
    assert _textfast.parse(b"1 2\n", 5) is None  # fewer lines than skipped: careful decides


def test_files_of_long_tokens_go_to_numpy_loadtxt(monkeypatch):
    # %.17g values are 17-24 bytes, beyond the vectorised arithmetic. A file that starts so
    # is left to the other paths at once; a later block of them is read by numpy.loadtxt.
    values = np.random.default_rng(5).standard_normal((500, 4)) * 1e3
    long_text, short_text = io.StringIO(), io.StringIO()
    write_txt(long_text, values)
    write_txt(short_text, np.round(values, 2), fmt="%.2f")
    long_raw, short_raw = long_text.getvalue().encode(), short_text.getvalue().encode()
    assert _textfast.parse(long_raw, 0) is None
    calls = []
    original = _textfast._by_loadtxt
    monkeypatch.setattr(_textfast, "_by_loadtxt",
                        lambda *args: calls.append(1) or original(*args))
    data = _textfast.parse(short_raw + long_raw, 0, block_size=4096)
    assert calls
    assert bits(data) == bits(np.vstack([np.round(values, 2), values]))  # bit for bit


def test_peak_memory_is_the_file_and_the_array_and_little_more(tmp_path):
    # numpy reports its allocations to tracemalloc. The array is 2 MB, the file 1.9 MB; the
    # bound allows the two, a 5 % margin on the array (grown as it fills), 6 MB for the work
    # on a 256 KiB block, and nothing else in proportion to the file.
    values = np.round(np.random.default_rng(0).standard_normal((32_000, 8)) * 100, 3)
    path = tmp_path / "data.txt"
    write_txt(path, values, fmt="%.6g")
    size = path.stat().st_size
    tracemalloc.start()
    try:
        data = load_txt(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert bits(data) == bits(loadtxt(path.read_bytes()))
    assert peak < size + 1.1 * data.nbytes + 6 * 2**20, (peak, size, data.nbytes)


@pytest.mark.skipif(not pathlib.Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_a_regular_file_longer_than_its_stated_size_is_read_to_its_end():
    # Files are read in one piece of their stated size; /proc files state 0 bytes and hold
    # more (as a file that grows while being read): then the rest is read as from a stream.
    raw = read_bytes("/proc/self/status")
    assert raw.startswith(b"Name:") and b"VmHWM" in raw
