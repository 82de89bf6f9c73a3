"""pyneuro: MATLAB's classic Neural Network Toolbox (BP regression) for Python.

The public names are MATLAB's (``newff``, ``train``, ``sim``, ``premnmx``, ...), with MATLAB's
argument orders and data orientation: inputs ``P`` are R×Q (one column per sample).

>>> import numpy as np
>>> import pyneuro as nn
>>> P = np.array([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]], dtype=float)
>>> T = np.array([[0, 1, 2, 3, 4, 3, 2, 1, 2, 3, 4]], dtype=float)
>>> pn, minp, maxp, tn, mint, maxt = nn.premnmx(P, T)
>>> net = nn.newff(nn.minmax(pn), [5, 1], ['tansig', 'purelin'], 'traingdm', rng=0)
>>> net.trainParam.epochs = 200; net.trainParam.show = None
>>> net, tr = nn.train(net, pn, tn)
>>> Y = nn.postmnmx(nn.sim(net, pn), mint, maxt)
>>> Y.shape
(1, 11)
"""

from ._version import __version__
from . import datasets
from .errors import (ConstantRowWarning, ConvergenceWarning, DataFormatError, FileAccessError,
                     IgnoredParameterWarning, NetFileError, NotAvailableError, ParameterError,
                     PyneuroError, PyneuroWarning, ShapeError, UnknownFunctionError)
from .initializers import RandStream, initnw, initzero, normr, rand, randn, rands, rng
from .io.matfile import load_mat, save_mat
from .io.netfile import load_net, save_net
from .io.readers import csvread, dlmread, importdata, textread
from .io.text import load_txt, read_data, write_txt
from .metrics import error_metrics, postreg, regression
from ._constructors import cascadeforwardnet, feedforwardnet, fitnet, newff
from ._netops import configure, gsubtract, perform, view
from .divide import divideblock, divideind, divideint, dividerand, dividetrain
from .network import Network, getwb, init, setwb, sim
from .plotting import ploterrhist, plotperform, plotregression, plottrainstate
from .performance import dmae, dmse, dmsereg, dsae, dsse, mae, mse, msereg, sae, sse
from .preprocessing import (fixunknowns, mapminmax, mapstd, minmax, postmnmx, poststd, premnmx,
                            prestd, processpca, removeconstantrows, tramnmx, trastd)
from .trace import trace
from .training import TrainRecord, adapt, con2seq, restarts, seq2con, train, train_batch
from .transfer import (dhardlim, dhardlims, dlogsig, dposlin, dpurelin, dradbas, dsatlin,
                       dsatlins, dtansig, elliotsig, hardlim, hardlims, logsig, poslin, purelin,
                       radbas, satlin, satlins, softmax, tansig)
from .workflow import MinMaxScaling, predict

__all__ = [
    "__version__",
    # network
    "Network", "newff", "sim", "init", "getwb", "setwb", "train", "TrainRecord",
    "train_batch", "restarts",
    "feedforwardnet", "fitnet", "cascadeforwardnet", "configure", "perform", "gsubtract", "view",
    # data division
    "dividerand", "divideblock", "divideint", "divideind", "dividetrain",
    "adapt", "con2seq", "seq2con",
    # preprocessing
    "premnmx", "postmnmx", "tramnmx", "mapminmax", "prestd", "poststd", "trastd", "mapstd",
    "minmax", "removeconstantrows", "fixunknowns", "processpca", "MinMaxScaling", "predict",
    # functions
    "tansig", "logsig", "purelin", "poslin", "satlin", "satlins", "radbas", "hardlim",
    "hardlims", "softmax", "elliotsig", "dtansig", "dlogsig", "dpurelin", "dposlin", "dsatlin",
    "dsatlins", "dradbas", "dhardlim", "dhardlims",
    "mse", "sse", "mae", "sae", "msereg", "dmse", "dsse", "dmae", "dsae", "dmsereg",
    # random numbers and initialisation
    "rng", "rand", "randn", "rands", "RandStream", "normr", "initnw", "initzero",
    # files
    "load_txt", "read_data", "write_txt", "save_net", "load_net", "save_mat", "load_mat",
    "textread", "dlmread", "csvread", "importdata",
    # results
    "trace", "postreg", "regression", "error_metrics", "plotperform", "plotregression",
    "ploterrhist", "plottrainstate",
    # errors
    "PyneuroError", "DataFormatError", "ShapeError", "UnknownFunctionError", "ParameterError",
    "NetFileError", "NotAvailableError", "FileAccessError", "PyneuroWarning",
    "ConvergenceWarning", "ConstantRowWarning", "IgnoredParameterWarning",
]
