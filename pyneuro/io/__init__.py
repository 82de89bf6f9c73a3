"""Reading and writing data and network files.

``text``: numeric text files (MATLAB ``load -ascii`` / ``save -ascii``), and the one place
where file rows (one sample per line) become MATLAB's R×Q columns.
``netfile``: trained networks with their normalisation settings (``.npz`` + JSON header, no
pickle). Every file is read and written through ``_files``.
"""

from .netfile import load_net, read_net_header, save_net, training_summary
from .text import load_txt, read_data, write_txt

__all__ = ["load_txt", "read_data", "write_txt", "save_net", "load_net", "read_net_header",
           "training_summary"]
