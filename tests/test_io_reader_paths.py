"""The text reader's two paths (issue 9): the fast path (numpy.loadtxt) never disagrees with
the careful line-by-line parser, which is the reference for what a data file means."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pyneuro.errors import DataFormatError
from pyneuro.io._textparse import careful_parse, fast_parse, normalise
from pyneuro.io.text import load_txt

# Pieces a data file is made of, including every line end and whitespace the two paths could
# read differently.
_PIECES = ["1", "2.5", "-3", "+4e2", ".5", "7.", "1e-3", "nan", "Inf", "-inf", "x", "1a",
           " ", "  ", "\t", ",", ", ", " ,", "\n", "\r\n", "\r", "\v", "\f", "%", "#",
           "% note", "# c", "\x1c", "\xa0", "\u00e9", "\n\n", ",,", "0"]
texts = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


def careful(raw, skip_rows):
    """The careful parser's answer on the file as written: an array, or None if it raises."""
    try:
        return careful_parse(raw, "data.txt", skip_rows)
    except DataFormatError:
        return None


@settings(max_examples=2000, deadline=None)
@given(text=texts, skip_rows=st.integers(0, 2), encoding=st.sampled_from(["utf-8", "latin-1"]))
def test_fast_path_never_disagrees_with_the_careful_path(text, skip_rows, encoding):
    raw = text.encode(encoding)
    fast = fast_parse(normalise(raw), skip_rows)
    if fast is None:
        return  # the careful parser decides, as load_txt does
    reference = careful(raw, skip_rows)
    assert reference is not None, f"fast path accepted {raw!r}, careful path refuses it"
    np.testing.assert_array_equal(fast, reference)


@pytest.mark.parametrize("content, expected", [
    # Finding 1: a comment before a lone CR swallowed the next lines.
    (b"1 2 % c\r3 4\r5 6\r", [[1, 2], [3, 4], [5, 6]]),
    (b"1 2 % note\r\n3 4\n", [[1, 2], [3, 4]]),
    (b"1 2 % note\r3 4\n5 6\n", [[1, 2], [3, 4], [5, 6]]),
    (b"1 2\n3 4 % note\r\n5 6\n", [[1, 2], [3, 4], [5, 6]]),
])
def test_a_lone_cr_ends_a_line_after_a_comment(tmp_path, content, expected):
    path = tmp_path / "cr.txt"
    path.write_bytes(content)
    np.testing.assert_array_equal(load_txt(path), expected)


@pytest.mark.parametrize("content", [b"1,\v,2\n", b"1,\f,2\n", b"1 ,\x1c, 2\n"])
def test_an_empty_field_next_to_other_whitespace_is_refused(tmp_path, content):
    # Finding 10: the fast path took "1,\v,2" for two numbers.
    path = tmp_path / "vt.txt"
    path.write_bytes(content)
    with pytest.raises(DataFormatError, match="empty field"):
        load_txt(path)


# ---------------------------------------------------------------- write_txt vs load_txt


@pytest.mark.parametrize("kwargs, error", [
    ({"array": np.zeros((0, 3))}, "nothing to write"),
    ({"array": np.zeros((2, 0))}, "nothing to write"),
    ({"array": [[1.0]], "header": "a\x00b"}, "NUL"),
    ({"array": [[1.0]], "header": ["ok", "a\x00b"]}, "NUL"),
    ({"array": [[1.0]], "fmt": "x%g"}, "would not read back"),
    ({"array": [[1.0]], "fmt": "%g%%"}, "would not read back"),
    ({"array": [[np.nan]], "fmt": "%d"}, "printf-style format"),
])
def test_write_txt_refuses_what_load_txt_would_refuse(tmp_path, kwargs, error):
    from pyneuro.errors import ParameterError, ShapeError
    from pyneuro.io.text import write_txt

    path = tmp_path / "out.txt"
    with pytest.raises((ParameterError, ShapeError), match=error):
        write_txt(path, **kwargs)
    assert not path.exists()


@settings(max_examples=200, deadline=None)
@given(fmt=st.sampled_from(["%.17g", "%g", "%.3f", "%10.4e", "%+.2E", "%.0f"]),
       header=st.text(st.characters(blacklist_categories=("Cs",)), max_size=20))
def test_whatever_write_txt_accepts_load_txt_reads(tmp_path_factory, fmt, header):
    from pyneuro.errors import ParameterError
    from pyneuro.io.text import write_txt

    path = tmp_path_factory.mktemp("w") / "out.txt"
    try:
        write_txt(path, [[1.5, -2.0], [np.inf, 0.25]], header=header, fmt=fmt)
    except ParameterError:
        assert "\x00" in header
        return
    assert load_txt(path).shape == (2, 2)
