"""The text reader's fastest path: numbers parsed by vectorised integer arithmetic on the bytes.

numpy.loadtxt parses field by field (~130 ns a value here). Most data files hold short plain
decimals (``-232.503``, ``8``, ``0.25``), and those can be parsed exactly with some sixty numpy
operations on all the tokens of a block at once:

- each token's first 8 bytes are read as one little-endian uint64 (one gather through an
  unaligned view of the bytes);
- a sign becomes a leading '0', the decimal point is taken out, and the digits are checked,
  all with byte-parallel ("SWAR") tricks; three multiply-and-shift steps combine the 8 digit
  bytes into an integer M;
- the value is M / 10**k with M < 10**8 and k <= 8: both exact doubles, so the one IEEE
  division is correctly rounded, the double strtod (and so numpy.loadtxt and ``float``)
  returns (Clinger's fast path).

Every other token (longer, with an exponent, NaN, Inf) is checked against the reader's number
grammar and converted by Python's ``float``, which parses as numpy.loadtxt does; a block with
many of them is handed to numpy.loadtxt itself. The file is read in blocks of whole lines into
reused buffers, so peak memory is the file's bytes, the result and a few MiB.

:func:`parse` gives up (returns None) on anything it might read differently from the careful
parser: whitespace other than space, tab and LF, an empty field, a line with another number
of values, no data, a token that is not a number. load_txt then takes the slower paths, which
report exactly what is wrong where.
"""

import io
import re
import warnings

import numpy as np

__all__ = ["parse"]

# Bytes per block: a block's temporaries (about 8 bytes per token each) stay in the cache.
_BLOCK = 1 << 18
_COMMENT = re.compile(rb"[%#][^\n]*")
_NUMBER = re.compile(
    rb"[+-]?(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf(?:inity)?|nan)",
    re.IGNORECASE)
_COMMA_TO_SPACE = bytes.maketrans(b",", b" ")
_SPACES = b" \t\n"
# Above this share of tokens outside the vectorised form, a block goes to numpy.loadtxt.
_MANY_OTHERS = 0.125

_U64 = np.uint64


def _c(value):
    # Constants as 0-d arrays: an operation with an array runs ~1 us faster than with a numpy
    # scalar, which adds up over ~60 operations per block.
    return np.array(value, dtype=_U64)


_ONES = _c(0x0101010101010101)
_HIGH_BITS = _c(0x8080808080808080)
_DOTS = _c(0x2E2E2E2E2E2E2E2E)  # '........'
_HIGH_NIBBLES = _c(0xF0F0F0F0F0F0F0F0)
_LOW_NIBBLES = _c(0x0F0F0F0F0F0F0F0F)
_SIXES = _c(0x0606060606060606)
_BYTE = _c(0xFF)
_ZERO_CHAR = _c(0x30)
_MINUS = _c(0x2D)
_PLUS = _c(0x2B)
_LOW32 = _c(0xFFFFFFFF)
_ONE, _SEVEN, _EIGHT, _SIXTEEN, _THIRTYTWO, _FIFTYSIX = (_c(k) for k in (1, 7, 8, 16, 32, 56))
# Three multiply-and-shift steps combine 8 digit bytes, the first in byte 0, into one number.
_MUL1, _MASK1 = _c(2561), _c(0x00FF00FF00FF00FF)  # 10 * byte + next byte
_MUL2, _MASK2 = _c(6553601), _c(0x0000FFFF0000FFFF)  # 100 * pair + next pair
_MUL3 = _c(42949672960001)  # 10000 * quad + next quad
_BYTE_INDEX = _c(0x0001020304050607)
_ZEROS = _c(0x3030303030303030)  # '00000000'
# The low k bytes of a word (a token of k bytes), and '0' in the bytes above them; k = 9
# stands for a longer token: no bytes, and a fill the digit test never passes.
_TOKEN_MASKS = np.array([(1 << 8 * k) - 1 for k in range(9)] + [0], dtype=_U64)
_FILL_ABOVE = np.array([0x3030303030303030 & ~((1 << 8 * k) - 1) for k in range(9)] + [0],
                       dtype=_U64)
# 10**0 ... 10**8 at 0-8, their negatives at 16-24 (the rest only for tokens not used).
_DIVISORS = np.concatenate([10.0 ** np.arange(9), np.ones(7),
                            -(10.0 ** np.arange(9)), -np.ones(7)])
_TWO52 = 2.0 ** 52
_TWO52_BITS = _c(0x4330000000000000)


def parse(raw, skip_rows, block_size=None):
    """The numbers of a clean file as a (Q, n) float64 array, or None to let the others decide.

    Parameters
    ----------
    raw : bytes
        The file without a byte-order mark, every line ended by LF alone.
    skip_rows : int
        Physical lines to skip unread.
    block_size : int, optional
        Bytes read at a time (whole lines; default 256 KiB).

    Returns
    -------
    data : ndarray of float64, shape (Q, n), or None
        None when anything is off; then the careful parser decides (and says why).
    """
    start = 0
    for _ in range(skip_rows):
        start = raw.find(b"\n", start) + 1
        if start == 0:
            return None
    block_size = block_size or _BLOCK
    scratch = _Scratch()
    output = _Output(len(raw) - start)
    width = 0
    while start < len(raw):
        end = raw.rfind(b"\n", start, start + block_size) + 1
        if end <= start:
            end = raw.find(b"\n", start + block_size) + 1 or len(raw)
        block = _clean(raw[start:end])
        if block is None:
            return None
        width = _parse_block(block, width, scratch, output)
        if width is None:
            return None
        start = end
    return output.result(width)


class _Output:
    """The result, flat, grown as blocks come; each block's values are parsed straight into it."""

    def __init__(self, size):
        self.size = size  # bytes to read, for the first estimate
        self.array = None
        self.filled = 0

    def take(self, count, block_size):
        """Room for `count` more values, read from `block_size` bytes."""
        if self.array is None:
            # The first block's values per byte over the whole file, and 5 % more.
            self.array = np.empty(int(count * self.size / block_size * 1.05) + count)
        elif self.filled + count > self.array.size:
            # realloc: a large array's pages move, no copy (no view of it is alive here).
            self.array.resize(int(self.array.size * 1.25) + count, refcheck=False)
        self.filled += count
        return self.array[self.filled - count:self.filled]

    def result(self, width):
        if not self.filled:
            return None
        self.array.resize(self.filled, refcheck=False)  # shrinking in place moves no data
        return self.array.reshape(-1, width)


class _Scratch:
    """Buffers reused from block to block, grown when a block needs more.

    Fresh temporaries per block cost more than the arithmetic: freeing a few hundred KiB and
    taking them again made the C library hand pages back to the system and fault them in
    again (180,000 page faults and twice the time on a 61 MB file).
    """

    def __init__(self):
        self.size = self.tokens = -1

    def bytes_for(self, size):
        """The byte buffer (`size` + 8) and the separator flags (`size` + 2) of a block."""
        if size > self.size:
            self.size = size
            self.text = np.empty(size + 8, np.uint8)
            self.separator = np.empty(size + 2, bool)
        return self.text[:size + 8], self.separator[:size + 2]

    def tokens_for(self, count):
        """Make room for `count` tokens."""
        if count > self.tokens:
            self.tokens = count = max(count, int(self.tokens * 1.25))
            self.words = [np.empty(count, _U64) for _ in range(3)]
            self.integers = [np.empty(count, np.int64) for _ in range(5)]
            self.flags = [np.empty(count, bool) for _ in range(4)]
            self.divisors = np.empty(count)


def _clean(block):
    """`block` with comments dropped and commas made spaces; None if the block may not pass."""
    if b"%" in block or b"#" in block:
        block = _COMMENT.sub(b"", block)
    if b"," in block:
        # A comma with nothing before it on its line or since the last comma is an empty
        # field, an error the careful parser reports; one trailing comma is allowed.
        squeezed = block.translate(None, b" \t")
        if b",," in squeezed or b"\n," in squeezed or squeezed.startswith(b","):
            return None
        block = block.translate(_COMMA_TO_SPACE)
    return block


def _parse_block(block, width, scratch, output):
    """Parse a cleaned block of whole lines into `output`; its width, or None if not regular.

    Tokens are what lies between bytes below 33; those must be space, tab or LF (the careful
    parser splits at \\v, \\f, \\x1c ... too). Any other byte is in a token, and a token is
    either read by the vectorised parser or checked against the number grammar. `width` is
    the file's (0 before its first data line).
    """
    size = len(block)
    padded, separator = scratch.bytes_for(size)
    text = padded[:size]
    text[:] = np.frombuffer(block, np.uint8)
    padded[size:] = 32
    separator[0] = separator[-1] = True
    np.less_equal(text, 32, out=separator[1:-1])
    edges = np.flatnonzero(separator[1:] != separator[:-1])
    if edges.size == 0:
        return None if block.translate(None, _SPACES) else width
    starts, ends = edges[0::2], edges[1::2]
    if block[:starts[0]].translate(None, _SPACES) or block[ends[-1]:].translate(None, _SPACES):
        return None
    count = starts.size
    scratch.tokens_for(count)
    lengths = scratch.integers[4][:count]
    np.subtract(ends, starts, out=lengths)
    breaks = _line_breaks(block, text, starts, ends, lengths)
    if breaks is None:
        return None
    # A first block mostly of long tokens (%.17g, MATLAB's %.7e) tells a file this path does
    # not speed up: numpy.loadtxt reads it whole, without the work here. Later, a block at a
    # time.
    first = not width
    # Token k + 1 starts a line where breaks[k]: every line must hold `width` tokens.
    width = width or int(np.argmax(breaks)) + 1 if breaks.any() else width or count
    if count % width or np.count_nonzero(breaks) != count // width - 1 \
            or not breaks[width - 1::width].all():
        return None
    if np.count_nonzero(lengths > 8) > _MANY_OTHERS * count:
        return None if first else _by_loadtxt(block, width, output)
    values = output.take(count, size)
    simple = _simple_decimals(padded, starts, lengths, values, scratch)
    if np.count_nonzero(simple) == count:
        return width
    others = np.flatnonzero(~simple)
    if others.size > _MANY_OTHERS * count:
        del values
        output.filled -= count
        return None if first else _by_loadtxt(block, width, output)
    for index in others.tolist():
        token = block[starts[index]:ends[index]]
        if not _NUMBER.fullmatch(token):
            return None
        values[index] = float(token)
    return width


def _line_breaks(block, text, starts, ends, lengths):
    """For each pair of neighbouring tokens, whether a line ends between them (None: bad bytes)."""
    after = text[ends[:-1]]  # the first byte after each token but the last
    if ends[-1] - starts[0] - lengths.sum() == starts.size - 1:
        # One byte between tokens, the usual case: it is the whole separator.
        if not ((after == 32) | (after == 10) | (after == 9)).all():
            return None
        return after == 10
    line_ends = np.flatnonzero(text == 10)
    if np.count_nonzero(text < 32) != line_ends.size + block.count(b"\t"):
        return None
    return np.searchsorted(line_ends, starts[1:]) != np.searchsorted(line_ends, ends[:-1])


def _simple_decimals(padded, starts, lengths, values, scratch):
    """Parse tokens of at most 8 bytes of the form [+-]digits[.digits] into `values`.

    Returns a bool array: which tokens were of that form (the other entries of `values` are
    meaningless). `padded` is the block's bytes followed by 8 spaces (every 8-byte read
    stays inside). All tokens at once, branch-free (a masked choice per token, np.where,
    costs ten times an arithmetic operation when the choices are random), in scratch buffers.
    """
    count = starts.size
    x, y, z = (array[:count] for array in scratch.words[:3])
    clipped, no_dot, digits, t = (array[:count] for array in scratch.integers[:4])
    negative, signed, simple, flag = (array[:count] for array in scratch.flags)
    unaligned = np.ndarray(shape=(padded.size - 7,), dtype="<u8", buffer=padded, strides=(1,))
    # (Indexing is faster here than np.take into a buffer.) Byte 0: the token's first character.
    word = unaligned[starts].astype(_U64, copy=False)
    np.minimum(lengths, 9, out=clipped)  # 9: longer than 8 bytes
    np.take(_TOKEN_MASKS, clipped, out=x, mode="clip")
    word &= x  # the token's bytes, zero bytes above; all zero for a longer token
    np.bitwise_and(word, _BYTE, out=x)  # the first character
    np.equal(x, _MINUS, out=negative)
    np.equal(x, _PLUS, out=signed)
    signed |= negative
    np.copyto(y, signed)
    np.negative(y, out=y)
    x ^= _ZERO_CHAR
    x &= y
    word ^= x  # a sign becomes a leading '0'
    # 0x80 in each byte equal to '.' (exact for the lowest such byte; only that one is kept:
    # a second point stays in the word and fails the digit test below).
    np.bitwise_xor(word, _DOTS, out=x)
    np.subtract(x, _ONES, out=y)
    np.invert(x, out=x)
    y &= x
    y &= _HIGH_BITS
    np.negative(y, out=x)
    y &= x
    np.equal(y, 0, out=flag)
    np.copyto(no_dot, flag)
    y >>= _SEVEN  # 2**(8 * index of the point), or 0
    np.right_shift(word, _EIGHT, out=x)  # the bytes above the point move down
    x ^= word
    np.negative(y, out=z)
    x &= z
    word ^= x
    np.add(clipped, no_dot, out=digits)
    digits -= 1
    # Every byte below `digits` is 0x30-0x39 and every byte above zero: with '0' written
    # above, a byte b is a digit iff b & (b + 6) has the high nibble 3 (b + 6 carries into
    # the next byte only from b >= 0xFA, itself no digit). And one digit at least besides
    # the sign's '0'. (A longer token has digits = 9, whose fill never passes.)
    np.take(_FILL_ABOVE, digits, out=x, mode="clip")
    x |= word
    np.add(x, _SIXES, out=z)
    x &= z
    x &= _HIGH_NIBBLES
    np.equal(x, _ZEROS, out=simple)
    np.copyto(t, signed)
    np.greater(digits, t, out=flag)
    simple &= flag
    # The 8 bytes as the decimal digits d0 d1 ... d7 (zero bytes read as 0): M = d0d1...d7.
    word &= _LOW_NIBBLES
    word *= _MUL1
    word >>= _EIGHT
    word &= _MASK1
    word *= _MUL2
    word >>= _SIXTEEN
    word &= _MASK2
    word *= _MUL3
    word >>= _THIRTYTWO
    # M < 10**8 < 2**52: its bits under 2**52's exponent make the double 2**52 + M, exactly.
    word &= _LOW32
    word |= _TWO52_BITS
    np.subtract(word.view(np.float64), _TWO52, out=values)
    # M holds the digits followed by 8 - digits zeros, so the value is M / 10**(8 - q), q the
    # digits before the point (all without one). M and 10**k (k <= 8) are exact doubles: the
    # one division is correctly rounded, the double strtod gives (Clinger's fast path). A
    # negative divisor makes "-0" -0.0, as strtod does.
    # (2**(8 i) * 0x0001020304050607) >> 56 is byte 7 - i of the constant: i.
    np.multiply(y, _BYTE_INDEX, out=x)
    x >>= _FIFTYSIX
    before = x.view(np.int64)
    np.multiply(clipped, no_dot, out=t)
    before += t
    np.subtract(8, before, out=t)
    t &= 15  # 0 ... 8 for simple tokens
    np.copyto(digits, negative)
    digits <<= 4
    t |= digits
    divisors = scratch.divisors[:count]
    np.take(_DIVISORS, t, out=divisors, mode="clip")
    values /= divisors
    return simple


def _by_loadtxt(block, width, output):
    """A block with many long or exponent tokens, by numpy.loadtxt (its values by definition)."""
    if not block.isascii():
        # loadtxt would split at a non-ASCII space (NBSP, NEL); the tokens here do not.
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            data = np.loadtxt(io.BytesIO(block), comments=None, ndmin=2, encoding="latin-1")
    except (ValueError, OverflowError):
        return None
    if data.shape[1] != width:
        return None
    output.take(data.size, len(block))[:] = data.reshape(-1)
    return width
