"""Reading an ``.npz`` archive that may be hostile: each entry unpacked only on request, after
checking its size, so that a small file cannot make the reader allocate gigabytes.
"""

import contextlib
import io
import math
import zipfile

import numpy as np

from ..errors import NetFileError
from ._files import read_bytes

__all__ = ["Archive", "damaged"]

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
# All arrays read from one file together may unpack to this, or the file's size if larger.
# np.savez stores arrays uncompressed, so a net file pyneuro wrote never needs more than its
# size; the margin is for an archive someone compressed, and stays far below what a reader
# can spare.
MIN_ARRAY_BUDGET = 16 * 2**20


@contextlib.contextmanager
def damaged(name):
    """Report any failure inside the block as a damaged file.

    Damaged bytes surface as many exception types (BadZipFile, zlib.error, EOFError, a
    ValueError from the .npy header, NotImplementedError for a flipped compression method,
    RuntimeError for a flipped "encrypted" flag, ...). The blocks only parse bytes already in
    memory, so whatever fails there is the file.
    """
    try:
        yield
    except NetFileError:
        raise
    except Exception as exc:
        raise NetFileError(f"{name} is damaged (truncated or corrupted: {exc}). Save the "
                           "network again, or copy the file again if it was transferred.") from exc


class Archive:
    """The arrays of a net file, each unpacked only on request and after a size check."""

    def __init__(self, name):
        raw = read_bytes(name, "net file", check_start=lambda head: _check_start(name, head))
        _check_start(name, raw)
        self.name = name
        self.size = len(raw)
        # All arrays read together may unpack to this many bytes: a file np.savez wrote
        # (uncompressed) always fits; a zip bomb does not.
        self._budget = max(MIN_ARRAY_BUDGET, len(raw))
        with damaged(name):
            self._zip = zipfile.ZipFile(io.BytesIO(raw))
            infos = self._zip.infolist()
        self.keys = sorted({info.filename.removesuffix(".npy") for info in infos})
        self._entries = {info.filename[:-4]: info for info in infos
                         if info.filename.endswith(".npy")}

    def __contains__(self, key):
        return key in self._entries

    def read(self, key, max_bytes=None, expected=""):
        """The array stored as ``key``; `expected` says why `max_bytes` is the limit."""
        info = self._entries[key]
        if max_bytes is not None and info.file_size > max_bytes:
            raise NetFileError(f"{self.name} is damaged: its {key!r} entry would unpack to "
                               f"{info.file_size:,} bytes, but {expected}.")
        if info.file_size > self._budget:
            raise NetFileError(
                f"{self.name} is damaged or was not written by pyneuro: its {key!r} entry "
                f"would unpack to {info.file_size:,} bytes; a net file of {self.size:,} bytes "
                f"may unpack to at most {max(MIN_ARRAY_BUDGET, self.size):,} bytes of arrays "
                "in all.")
        with damaged(self.name), self._zip.open(info) as stream:
            version = np.lib.format.read_magic(stream)
            if version == (1, 0):
                shape, _, dtype = np.lib.format.read_array_header_1_0(stream)
            elif version == (2, 0):
                shape, _, dtype = np.lib.format.read_array_header_2_0(stream)
            else:
                raise ValueError(f".npy format version {version} in entry {key!r}")
            # numpy allocates what the .npy header claims before it reads any data.
            if math.prod(shape) * dtype.itemsize > info.file_size:
                raise ValueError(f"entry {key!r} claims an array of {shape} {dtype} but holds "
                                 f"only {info.file_size} bytes")
            stream.seek(0)
            array = np.lib.format.read_array(stream, allow_pickle=False)
        self._budget -= info.file_size
        return array


def _check_start(name, raw):
    if not raw.startswith(_ZIP_MAGIC):
        raise NetFileError(f"{name} is not a pyneuro net file: {_what_it_is(raw)}. Net "
                           "files are written by pyneuro.save_net or 'pyneuro train --save'.")


def _what_it_is(raw):
    if not raw:
        return "it is empty"
    if raw.startswith(b"\x93NUMPY"):
        return "it is a single .npy array, not an .npz archive"
    if raw.startswith(b"MATLAB "):
        return ("it is a MATLAB MAT-file: read one written by pyneuro (save_mat, --save net.mat) "
                "with pyneuro.load_mat or pyneuro sim; a MATLAB network object needs "
                "pyneuro_export.m first")
    if _looks_like_text(raw):
        return "it is a text file (is it a data file given in the net file's place?)"
    return "it is not an .npz archive"


def _looks_like_text(raw):
    head = raw[:512]
    return b"\x00" not in head and all(32 <= c < 127 or c in b"\t\r\n" for c in head)
