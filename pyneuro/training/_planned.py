"""Training functions pyneuro knows by name but does not provide yet.

They are registered with their MATLAB ``trainParam`` defaults (current MathWorks
documentation), so that scripts that set ``net.trainFcn = 'trainrp'`` and its parameters run;
``train`` then says clearly that the algorithm is not available yet. Each moves to a module of
its own when implemented (as trainlm did).
"""

from ._base import TrainingFunction, common_params
from .trainlm import LM_PARAMS as _LM

PLANNED = (
    TrainingFunction("trainbr", dict(common_params(1e-7, **dict(_LM, mu=(0.005, "positive"))),
                                     max_fail=(0, "count")), record=("mu",)),
)
