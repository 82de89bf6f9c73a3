"""One BLAS thread for the training loop, unless the network is large.

The rule: training runs with BLAS limited to one thread when the network has at most
:data:`THREADED_ABOVE` learnable parameters; larger networks keep the BLAS's own threads.

Why, measured on the 2-core benchmark machine with the cores shared (load average about 10),
median wall time of one call, one thread against two:

====================================  ========  =========
call                                  1 thread  2 threads
====================================  ========  =========
syrk, n = 85, 1000 rows (12-6-1 LM)    1.6 ms    2.9 ms
potrf, n = 85                          0.5 ms    0.3 ms
syrk, n = 241, 2175 rows (10-20-1)    23 ms      189 ms
potrf, n = 241                         5.1 ms    220 ms
syrk, n = 1101, 2000 rows (20-50-1)   299 ms     378 ms
potrf, n = 1101                       167 ms    1197 ms
(10x5) @ (5x1e6) (traingdm forward)   139 ms     118 ms
(10x1e6) @ (1e6x5) (its gradient)     127 ms     165 ms
====================================  ========  =========

A thread that waits for a descheduled partner loses its time slice, so on a busy machine
small and medium products run many times slower threaded; and a training epoch is many such
calls. The products of batch backpropagation have an inner dimension of a layer's size, so
they are bound by memory, not arithmetic, and gain little from a second thread even at a
million samples. Only for large ``J'J`` and Cholesky factors (n in the thousands, seconds per
epoch) does the arithmetic of a second core pay on an idle machine; that is the one case left
threaded.

Splitting the samples between two Python threads instead (each filling and multiplying its
half of the Jacobian on one BLAS thread; tried for trainlm 5-10-1 on 2000 samples) gained
little idle and lost under load: 13.7 against 15.1 ms at best and 18.6 against 19.3 ms in the
median of 27 runs idle, 43.6 against 30.3 ms in the median with two busy processes. (The
BLAS's own two threads on that Jacobian's ``J'J``, 2000 x 72: 0.59 against 0.58 ms idle,
46.6 against 0.61 ms with two busy processes, medians.) trainlm stays single-threaded.

threadpoolctl (the library scikit-learn uses for this) finds the BLAS libraries numpy and
scipy loaded; without it training runs with the BLAS's defaults.
"""

import contextlib

try:
    from threadpoolctl import ThreadpoolController
except ImportError:  # a declared dependency; a broken install still trains, only slower
    ThreadpoolController = None

__all__ = ["THREADED_ABOVE", "blas_threads_for"]

THREADED_ABOVE = 2000
"""Networks with more learnable parameters than this keep the BLAS's threads."""

_blas = []  # the BLAS libraries' controllers, found once (a scan of the loaded libraries)


def _libraries():
    if not _blas and ThreadpoolController is not None:
        # scipy's LAPACK (trainlm's Cholesky) comes with a BLAS of its own: load it before
        # the scan so that it is limited too. Loaded here, at the first training, not by
        # `import pyneuro`, which every command pays.
        import scipy.linalg.lapack  # noqa: F401

        _blas.append(ThreadpoolController().select(user_api="blas").lib_controllers)
    return _blas[0] if _blas else []


@contextlib.contextmanager
def _one_thread(libraries):
    saved = [lib.num_threads for lib in libraries]
    for lib in libraries:
        lib.set_num_threads(1)
    try:
        yield
    finally:
        for lib, n in zip(libraries, saved):
            lib.set_num_threads(n)


def blas_threads_for(n_params):
    """The context a training loop for `n_params` parameters runs in (see the module rule)."""
    if n_params > THREADED_ABOVE:
        return contextlib.nullcontext()
    return _one_thread(_libraries())
