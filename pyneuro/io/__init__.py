"""Reading and writing data and network files.

``text``: numeric text files (MATLAB ``load -ascii`` / ``save -ascii``), and the one place
where file rows (one sample per line) become MATLAB's R×Q columns.
``netfile``: trained networks with their normalisation settings (``.npz`` + JSON header, no
pickle). ``matfile``: the same as a MATLAB ``.mat`` struct, with the MATLAB/Octave functions
that read and write it (package data in ``matlab/``). ``readers``: MATLAB's ``textread``,
``dlmread``, ``csvread`` and ``importdata``, all reading through ``text``. Every file is read
and written through ``_files``.
"""

from .matfile import load_mat, save_mat
from .netfile import load_net, read_net_header, save_net, training_summary
from .readers import csvread, dlmread, importdata, textread
from .text import load_txt, read_data, write_txt

__all__ = ["load_txt", "read_data", "write_txt", "save_net", "load_net", "read_net_header",
           "training_summary", "save_mat", "load_mat", "textread", "dlmread", "csvread", "importdata"]
