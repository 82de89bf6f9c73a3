"""Random numbers as MATLAB draws them: :func:`rng`, :func:`rand`, :func:`randn`, :func:`rands`.

MATLAB's default generator since R2007a is the Mersenne Twister seeded with 5489 (``rng
default``; ``rng(0)`` means the same). ``numpy.random.RandomState(seed)`` runs the identical
generator with MATLAB's seeding and 53-bit doubles, so the streams agree number for number as
long as matrices are filled column by column, as MATLAB fills them. ``numpy.random.default_rng``
seeds differently and must not be used for this.

Everything random in pyneuro (``newff``, ``init``, ``rands``) draws from one global stream,
seeded with :func:`rng` (or MATLAB's old ``rand('state', s)`` calls), unless given an explicit
``rng=`` argument (an int seed, a :class:`RandStream`, or a numpy ``RandomState``/
``Generator``). The public names are re-exported by :mod:`pyneuro.initializers`.
"""

import time
from numbers import Real

import numpy as np

from .errors import ParameterError

__all__ = ["RandStream", "rng", "rand", "randn", "rands"]

_MAX_SEED = 2**32 - 1


def _check_seed(seed):
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)):
        if isinstance(seed, (float, np.floating)) and float(seed).is_integer():
            seed = int(seed)
        else:
            raise ParameterError(
                f"a seed must be an integer in 0..{_MAX_SEED}, 'default' or 'shuffle'; "
                f"got {seed!r}"
            )
    seed = int(seed)
    if not 0 <= seed <= _MAX_SEED:
        raise ParameterError(f"a seed must be in 0..{_MAX_SEED} (as MATLAB's rng); got {seed}")
    return seed


class RandStream:
    """A MATLAB-compatible Mersenne Twister random stream.

    Parameters
    ----------
    seed : int, default 0
        MATLAB seed; 0 means 5489, MATLAB's default (``rng default``).

    Examples
    --------
    >>> s = RandStream(0)
    >>> s.rand(1, 3).round(4)
    array([[0.8147, 0.9058, 0.127 ]])
    """

    def __init__(self, seed=0):
        self.seed = _check_seed(seed)
        self._rs = np.random.RandomState(5489 if self.seed == 0 else self.seed)

    @classmethod
    def _wrap(cls, source):
        stream = cls.__new__(cls)
        stream.seed = None
        stream._rs = source
        return stream

    def rand(self, m, n=None):
        """Uniform(0, 1) numbers as MATLAB ``rand(m, n)``; ``rand(m)`` is m×m.

        Returns
        -------
        ndarray, shape (m, n)
            Filled column by column (MATLAB order).
        """
        n = m if n is None else n
        m, n = int(m), int(n)
        if isinstance(self._rs, np.random.Generator):
            flat = self._rs.random(m * n)
        else:
            flat = self._rs.random_sample(m * n)
        return flat.reshape((m, n), order="F")

    def randn(self, m, n=None):
        """Standard normal numbers, shape (m, n), filled column by column.

        Not MATLAB's numbers: MATLAB's ``randn`` uses a ziggurat method that numpy does not
        reproduce; these come from numpy's polar method on the same Mersenne Twister stream.
        """
        n = m if n is None else n
        return self._rs.standard_normal(int(m) * int(n)).reshape((int(m), int(n)), order="F")

    def get_state(self):
        """The generator state, for :func:`rng` to save and restore."""
        return self._rs.get_state(legacy=True) if hasattr(self._rs, "get_state") else None

    def __repr__(self):
        return f"RandStream(seed={self.seed!r}, type='twister')"


_global_stream = RandStream(0)


def rng(seed=None):
    """Seed pyneuro's global MATLAB-compatible random stream, MATLAB ``rng``.

    Parameters
    ----------
    seed : int, 'default', 'shuffle' or dict, optional
        ``rng(0)`` and ``rng('default')`` give MATLAB's start-up stream (seed 5489); ``rng(s)``
        with ``0 < s < 2**32`` matches MATLAB's ``rng(s)``; ``'shuffle'`` seeds from the clock.
        A dict returned by an earlier call restores that state. With no argument, nothing
        changes.

    Returns
    -------
    dict
        The settings *before* the call (``Type``, ``Seed``, ``State``), which ``rng(settings)``
        restores, as in MATLAB.

    Examples
    --------
    >>> _ = rng(0)
    >>> rand(1, 5).round(4)
    array([[0.8147, 0.9058, 0.127 , 0.9134, 0.6324]])
    >>> saved = rng()
    >>> a = rand(1, 2); _ = rng(saved); bool((rand(1, 2) == a).all())
    True
    """
    global _global_stream
    previous = {"Type": "twister", "Seed": _global_stream.seed,
                "State": _global_stream.get_state()}
    if seed is None:
        return previous
    if isinstance(seed, dict):
        stream = RandStream(0)
        stream.seed = seed.get("Seed")
        stream._rs.set_state(seed["State"])
        _global_stream = stream
    elif isinstance(seed, str):
        if seed == "default":
            _global_stream = RandStream(0)
        elif seed == "shuffle":
            _global_stream = RandStream(int(time.time() * 1e6) % _MAX_SEED + 1)
        else:
            raise ParameterError(f"rng: expected a seed, 'default' or 'shuffle'; got {seed!r}")
    else:
        _global_stream = RandStream(seed)
    return previous


def _stream(source):
    """The stream to draw from: the global one, a seed, a RandStream or a numpy generator."""
    if source is None:
        return _global_stream
    if isinstance(source, RandStream):
        return source
    if isinstance(source, (np.random.RandomState, np.random.Generator)):
        return RandStream._wrap(source)
    return RandStream(source)


# MATLAB's pre-R2007a seeding calls, rand(METHOD, s): each picked one of the old generators.
_LEGACY_METHODS = ("state", "seed", "twister")


def _legacy_seed(fname, method, args):
    """``rand('state', s)`` and friends: reseed the global stream, or return its settings."""
    if method.lower() not in _LEGACY_METHODS:
        raise ParameterError(
            f"{fname}({method!r}, ...): expected 'state', 'seed' or 'twister' (MATLAB's "
            f"seeding forms), or sizes: {fname}(m, n)")
    if not args:  # s = rand('state'): the current settings, restorable with rand('state', s)
        return rng()
    if len(args) > 1:
        raise ParameterError(f"{fname}({method!r}, s) takes one seed; got {len(args)} values")
    seed = args[0]
    if isinstance(seed, dict):
        return rng(seed)
    if method.lower() != "twister" and isinstance(seed, (Real, np.number)) \
            and not isinstance(seed, (bool, np.bool_)) and np.isfinite(seed):
        # 'state' and 'seed' took any double in MATLAB (scripts write sum(100*clock));
        # the Mersenne Twister needs a whole number, so keep the integer part, modulo 2^32.
        seed = int(abs(float(seed))) % (_MAX_SEED + 1)
    return rng(seed)


def _draw(fname, draw, args, source):
    """MATLAB's size forms: ``f()`` a scalar, ``f(m)`` m×m, ``f(m, n)``, ``f([m, n])``."""
    if args and isinstance(args[0], str):
        if source is not None:
            raise ParameterError(f"{fname}({args[0]!r}, s) seeds the global stream; it takes "
                                 "no rng= argument")
        settings = _legacy_seed(fname, args[0], args[1:])
        return settings if len(args) == 1 else None  # s = rand('state') returns the state
    stream = _stream(source)
    if not args:
        return float(draw(stream, 1, 1)[0, 0])
    if len(args) == 1 and np.ndim(args[0]) == 1:
        args = tuple(args[0])
    if len(args) > 2 or any(not _is_size(a) for a in args):
        raise ParameterError(f"{fname} takes sizes m and n (whole numbers >= 0), as "
                             f"{fname}(m, n) or {fname}([m, n]); got {args!r}")
    return draw(stream, *(int(a) for a in args))


def _is_size(value):
    return (isinstance(value, (Real, np.number)) and not isinstance(value, (bool, np.bool_))
            and float(value).is_integer() and value >= 0)


def rand(*args, rng=None):
    """Uniform(0, 1) random numbers, MATLAB ``rand``.

    ``rand()`` is one number; ``rand(m)`` is m×m; ``rand(m, n)`` and ``rand([m, n])`` are m×n.
    MATLAB's old seeding calls work too: ``rand('twister', s)``, ``rand('state', s)``,
    ``rand('seed', s)`` reseed pyneuro's global stream as ``rng(s)`` does and return None;
    ``s = rand('state')`` returns the settings, which ``rand('state', s)`` restores.

    Parameters
    ----------
    *args : int, or str and a seed
        Sizes, or a seeding method and its seed.
    rng : int, RandStream or numpy generator, optional
        Draw from this stream instead of the global one.

    Returns
    -------
    ndarray, shape (m, n), or float
        Filled column by column, as MATLAB fills a matrix.

    Notes
    -----
    Where the numbers differ from MATLAB's: ``rand('twister', s)`` (R2007a+) gives MATLAB's
    numbers exactly (as ``rng(s)``). ``rand('state', s)`` selected MATLAB 5's
    subtract-with-borrow generator and ``rand('seed', s)`` MATLAB 4's congruential one; both
    are mapped onto the Mersenne Twister seeded with ``s`` (a non-integer seed such as
    ``sum(100*clock)`` keeps its integer part, modulo 2**32), so a run is repeatable but its
    numbers are not those of MATLAB before R2007a. MATLAB kept separate generators for
    ``rand`` and ``randn``; pyneuro has one stream, so ``randn('state', s)`` reseeds ``rand``
    too.

    Examples
    --------
    >>> _ = rng(0)
    >>> rand(2).round(4)
    array([[0.8147, 0.127 ],
           [0.9058, 0.9134]])
    >>> rand('twister', 5489); rand(1, 3).round(4)   # MATLAB's start-up state
    array([[0.8147, 0.9058, 0.127 ]])
    """
    return _draw("rand", RandStream.rand, args, rng)


def randn(*args, rng=None):
    """Standard normal random numbers, MATLAB ``randn`` (same call forms as :func:`rand`).

    Parameters
    ----------
    *args : int, or str and a seed
        ``randn()``, ``randn(m)``, ``randn(m, n)``, ``randn([m, n])``; or the seeding calls
        ``randn('state', s)``, ``randn('seed', s)``, ``randn('twister', s)``.
    rng : int, RandStream or numpy generator, optional
        Draw from this stream instead of the global one.

    Returns
    -------
    ndarray, shape (m, n), or float
        Filled column by column.

    Notes
    -----
    The numbers differ from MATLAB's for every seed: MATLAB's ``randn`` turns the Mersenne
    Twister's output into normal numbers with a ziggurat method that numpy does not
    reproduce (``rng default; randn(1,3)`` is 0.5377 1.8339 -2.2588 in MATLAB). pyneuro uses
    numpy's polar method on the same stream: the distribution is the same and a seeded run
    repeats, number for number. Classic ``newff`` and ``initnw`` never call ``randn``, so
    their weights are MATLAB's. Seeding: see :func:`rand`.

    Examples
    --------
    >>> randn('state', 0)
    >>> a = randn(2, 3); _ = rng(0)
    >>> bool((randn(2, 3) == a).all()), a.shape
    (True, (2, 3))
    """
    return _draw("randn", RandStream.randn, args, rng)


def rands(S, R=1, *, rng=None):
    """Symmetric uniform random weights, MATLAB ``rands(S, R)``: ``2*rand(S, R) - 1``.

    Draws from the global stream, which ``rng(s)`` and MATLAB's ``rand('state', s)``,
    ``rand('seed', s)`` or ``rand('twister', s)`` seed (see :func:`rand` for where the old
    generators' numbers differ).

    Parameters
    ----------
    S : int
        Rows (neurons).
    R : int or array_like of shape (R, 2), default 1
        Columns; a range matrix ``PR`` gives one column per row of ``PR``, as MATLAB.
    rng : optional
        Random stream (see :func:`rand`).

    Returns
    -------
    ndarray, shape (S, R)
        Values in (-1, 1).
    """
    if np.ndim(R) == 2:
        R = np.shape(R)[0]
    return 2.0 * _stream(rng).rand(S, R) - 1.0
