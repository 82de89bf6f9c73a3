"""The training loop's BLAS thread rule (pyneuro/training/_threads.py)."""

import numpy as np
from threadpoolctl import ThreadpoolController

import pyneuro as nn
from pyneuro.training import _threads


def _blas_threads():
    return [lib["num_threads"] for lib in ThreadpoolController().select(user_api="blas").info()]


def _train(hidden):
    P = np.linspace(-1, 1, 40).reshape(2, 20)
    net = nn.newff(nn.minmax(P), [hidden, 1], ["tansig", "purelin"], "trainlm", rng=0)
    net.trainParam.epochs = 2
    net.trainParam.show = None
    seen = []
    nn.train(net, P, P[:1] ** 2, callback=lambda info: seen.append(_blas_threads()))
    return seen


def test_small_network_trains_on_one_blas_thread_and_restores_the_setting():
    before = _blas_threads()
    assert before  # numpy's BLAS is found (else the rule does nothing)
    seen = _train(3)
    # numpy's BLAS and scipy's (trainlm's Cholesky), both on one thread.
    assert seen and all(len(threads) >= 2 and set(threads) == {1} for threads in seen)
    assert _blas_threads()[:len(before)] == before


def test_large_network_keeps_the_blas_threads(monkeypatch):
    monkeypatch.setattr(_threads, "THREADED_ABOVE", 5)  # 2-3-1 has 13 parameters
    before = _blas_threads()
    seen = _train(3)
    assert seen and all(set(threads) == set(before) for threads in seen)
