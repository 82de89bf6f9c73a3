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
_GDA = dict(lr=(0.01, "positive"), lr_inc=(1.05, "above_one"), lr_dec=(0.7, "below_one"),
            max_perf_inc=(1.04, "above_one"))

PLANNED = (
    TrainingFunction("trainbr", dict(common_params(1e-7, **dict(_LM, mu=(0.005, "positive"))),
                                     max_fail=(0, "count")), record=("mu",)),
    TrainingFunction("traingda", common_params(1e-5, **_GDA), record=("lr",)),
    TrainingFunction("traingdx", common_params(1e-5, mc=(0.9, "fraction"), **_GDA),
                     record=("lr",)),
    TrainingFunction("trainrp", common_params(
        1e-5, lr=(0.01, "positive"), delt_inc=(1.2, "above_one"), delt_dec=(0.5, "below_one"),
        delta0=(0.07, "positive"), deltamax=(50.0, "positive"))),
    # 'lambda' is a Python keyword: scripts set it as net.trainParam['lambda'] = ...
    TrainingFunction("trainscg", common_params(1e-6, sigma=(5e-5, "positive"),
                                               **{"lambda": (5e-7, "positive")})),
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
