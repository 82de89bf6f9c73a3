"""Training functions pyneuro knows by name but does not provide yet.

They are registered with their MATLAB ``trainParam`` defaults (current MathWorks
documentation), so that scripts that set ``net.trainFcn = 'trainrp'`` and its parameters run;
``train`` then says clearly that the algorithm is not available yet. Each moves to a module of
its own when implemented (as trainlm did).
"""

from ._base import TrainingFunction, common_params
from .trainlm import LM_PARAMS as _LM

_LINE_SEARCH = dict(
    scale_tol=(20.0, "positive"), alpha=(0.001, "positive"), beta=(0.1, "positive"),
    delta=(0.01, "positive"), gama=(0.1, "positive"), low_lim=(0.1, "positive"),
    up_lim=(0.5, "positive"), maxstep=(100.0, "positive"), minstep=(1e-6, "positive"),
    bmax=(26.0, "positive"),
)

PLANNED = (
    TrainingFunction("trainbr", dict(common_params(1e-7, **dict(_LM, mu=(0.005, "positive"))),
                                     max_fail=(0, "count")), record=("mu",)),
    TrainingFunction("trainbfg", common_params(1e-6, searchFcn=("srchbac", "any"),
                                               **_LINE_SEARCH)),
    TrainingFunction("traincgf", common_params(1e-6, searchFcn=("srchcha", "any"),
                                               **_LINE_SEARCH)),
    TrainingFunction("traincgp", common_params(1e-6, searchFcn=("srchcha", "any"),
                                               **_LINE_SEARCH)),
    TrainingFunction("traincgb", common_params(1e-6, searchFcn=("srchcha", "any"),
                                               **_LINE_SEARCH)),
    TrainingFunction("trainoss", common_params(1e-6, searchFcn=("srchbac", "any"),
                                               **_LINE_SEARCH)),
)
