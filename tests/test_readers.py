"""MATLAB's readers under their names: textread, dlmread, csvread, importdata.

Expected values are written out from the file contents each test creates; the MATLAB line
each test stands for is in its comment.
"""

import pathlib

import numpy as np
import pytest

import pyneuro as nn
from pyneuro.errors import DataFormatError, FileAccessError, NotAvailableError, ParameterError

SAMPLE_DATA = pathlib.Path(__file__).resolve().parent.parent / "sample_data"


@pytest.fixture
def small(tmp_path):
    path = tmp_path / "Test.txt"
    path.write_text("% x1 x2 t\n1 2 10\n3 4.5 20\n5 6 30\n")
    return path


def test_textread_without_format_is_the_matrix(small):
    # MATLAB: Data = textread('Test.txt');
    np.testing.assert_array_equal(nn.textread(small), [[1, 2, 10], [3, 4.5, 20], [5, 6, 30]])


def test_textread_on_the_sample_data_equals_load(tmp_path):
    # MATLAB: Data = textread('Test.txt'); isequal(Data, load('Test.txt'))
    np.testing.assert_array_equal(nn.textread(SAMPLE_DATA / "Test.txt"),
                                  nn.load_txt(SAMPLE_DATA / "Test.txt"))


def test_textread_with_a_format_gives_one_column_per_field(small):
    # MATLAB: [x1, x2, t] = textread('Test.txt', '%f%f%f');
    x1, x2, t = nn.textread(small, "%f%f%f")
    np.testing.assert_array_equal(x1, [[1], [3], [5]])
    np.testing.assert_array_equal(x2, [[2], [4.5], [6]])
    np.testing.assert_array_equal(t, [[10], [20], [30]])
    # MATLAB: [x1, t] = textread('Test.txt', '%d %*f %f');  (%*f skips, %d is a whole number)
    x1, t = nn.textread(small, "%d %*f %f")
    assert x1.dtype.kind == "i" and x1.ravel().tolist() == [1, 3, 5]
    np.testing.assert_array_equal(t, [[10], [20], [30]])


def test_textread_reads_fields_across_line_ends_as_matlab(small):
    # MATLAB: v = textread('Test.txt', '%f');  every value, row after row, in one column
    np.testing.assert_array_equal(nn.textread(small, "%f"),
                                  [[1], [2], [10], [3], [4.5], [20], [5], [6], [30]])
    # MATLAB: v = textread('Test.txt', '%f', 4);  the first 4 records
    np.testing.assert_array_equal(nn.textread(small, "%f", 4).ravel(), [1, 2, 10, 3])


def test_textread_headerlines_as_pair_or_keyword(tmp_path):
    path = tmp_path / "h.txt"
    path.write_text("x1 x2\n1 2\n3 4\n")
    # MATLAB: [a, b] = textread('h.txt', '%f%f', 'headerlines', 1);
    a, b = nn.textread(path, "%f%f", "headerlines", 1)
    np.testing.assert_array_equal(b, [[2], [4]])
    np.testing.assert_array_equal(nn.textread(path, headerlines=1), [[1, 2], [3, 4]])
    # Without skipping it, the header is reported where it is.
    with pytest.raises(DataFormatError, match="line 1, column 1.*header") as error:
        nn.textread(path, "%f%f")
    assert (error.value.line, error.value.column) == (1, 1)


def test_textread_refuses_what_it_cannot_read(small):
    # MATLAB: [name, t] = textread('f.txt', '%s%f');  text fields are not read
    with pytest.raises(NotAvailableError, match="text field %s"):
        nn.textread(small, "%s%f")
    with pytest.raises(DataFormatError, match="do not split into records of 2"):
        nn.textread(small, "%f%f")
    with pytest.raises(DataFormatError, match=r"%d \(a whole number\)"):
        nn.textread(small, "%f%d%f")
    with pytest.raises(NotAvailableError, match="emptyvalue"):
        nn.textread(small, "%f%f%f", "emptyvalue", 0)
    with pytest.raises(NotAvailableError, match="delimiter ';'"):
        nn.textread(small, "%f%f%f", "delimiter", ";")
    with pytest.raises(ParameterError, match="not a format"):
        nn.textread(small, "hello")


def test_dlmread_forms(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("a,b,c\n1,2,3\n4,5,6\n7,8,9\n")
    # MATLAB: M = dlmread('m.csv', ',', 1, 0);  R and C count from 0
    np.testing.assert_array_equal(nn.dlmread(path, ",", 1, 0), [[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    # MATLAB: M = dlmread('m.csv', ',', [1 1 2 2]);  rows 1..2, columns 1..2 (0-based)
    np.testing.assert_array_equal(nn.dlmread(path, ",", [1, 1, 2, 2]), [[2, 3], [5, 6]])
    # MATLAB: M = dlmread('m.csv', ',', 'B2..C3');  the same block in spreadsheet notation
    np.testing.assert_array_equal(nn.dlmread(path, ",", "B2..C3"), [[2, 3], [5, 6]])
    # MATLAB: M = csvread('m.csv', 1, 2);
    np.testing.assert_array_equal(nn.csvread(path, 1, 2), [[3], [6], [9]])
    # MATLAB: M = csvread('m.csv', 1, 0, [1 0 1 2]);
    np.testing.assert_array_equal(nn.csvread(path, 1, 0, [1, 0, 1, 2]), [[1, 2, 3]])
    # MATLAB: dlmread('m.csv') fails on the header line; so does pyneuro, saying where.
    with pytest.raises(DataFormatError, match="line 1"):
        nn.dlmread(path)


def test_dlmread_tab_and_refusals(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("1\t2\n3\t4\n")
    # MATLAB: M = dlmread('t.txt', '\t');  the two characters \t mean a tab
    np.testing.assert_array_equal(nn.dlmread(path, "\\t"), [[1, 2], [3, 4]])
    np.testing.assert_array_equal(nn.dlmread(path, "\t"), [[1, 2], [3, 4]])
    with pytest.raises(NotAvailableError, match="delimiter ';'"):
        nn.dlmread(path, ";")
    with pytest.raises(ParameterError, match="past the last column"):
        nn.dlmread(path, "", 0, 5)
    with pytest.raises(ParameterError, match="spreadsheet range"):
        nn.dlmread(path, "", "B2-C3")
    # An empty field is an error (MATLAB silently reads 0).
    (tmp_path / "e.csv").write_text("1,,3\n")
    with pytest.raises(DataFormatError, match="empty field"):
        nn.csvread(tmp_path / "e.csv")
    with pytest.raises(FileAccessError):
        nn.dlmread(tmp_path / "absent.txt")


def test_importdata_numbers_only_is_the_matrix(tmp_path):
    # MATLAB: A = importdata('n.txt');  a matrix when there is no header
    path = tmp_path / "n.txt"
    path.write_text("1 2\n3 4\n")
    np.testing.assert_array_equal(nn.importdata(path), [[1, 2], [3, 4]])


def test_importdata_header_gives_data_textdata_colheaders(tmp_path):
    # MATLAB: A = importdata('cars.txt'); A.data, A.textdata, A.colheaders
    path = tmp_path / "cars.txt"
    path.write_text("Auto MPG sample\nweight, mpg\n3504, 18\n3693, 15\n")
    A = nn.importdata(path)
    np.testing.assert_array_equal(A.data, [[3504, 18], [3693, 15]])
    assert A.textdata == ["Auto MPG sample", "weight, mpg"]
    assert A.colheaders == ["weight", "mpg"]
    # MATLAB: A = importdata('cars.txt', ',', 2);
    assert nn.importdata(path, ",", 2).textdata == ["Auto MPG sample", "weight, mpg"]


def test_importdata_of_the_sample_data(tmp_path):
    # MATLAB: A = importdata('Test.txt');  the three % lines are its textdata
    A = nn.importdata(SAMPLE_DATA / "Test.txt")
    assert len(A.textdata) == 3 and all(line.startswith("%") for line in A.textdata)
    assert A.colheaders == []  # the last header line does not hold 8 names
    np.testing.assert_array_equal(A.data, nn.load_txt(SAMPLE_DATA / "Test.txt"))


def test_importdata_bad_data_after_the_header_is_reported_by_line(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("x y\n1 2\n3 oops\n")
    with pytest.raises(DataFormatError, match="line 3, column 2") as error:
        nn.importdata(path)
    assert error.value.line == 3
