"""The training-function record and the common ``trainParam`` table, for the trainer modules.

Both live in :mod:`pyneuro._trainfcn`, below the network (assigning ``net.trainFcn`` needs the
table); see there for what an algorithm class provides.
"""

from .._trainfcn import TrainingFunction, common_params

__all__ = ["TrainingFunction", "common_params"]
