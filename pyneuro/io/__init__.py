"""Reading and writing data and network files.

``text``: numeric text files (MATLAB ``load -ascii`` / ``save -ascii``), and the
one place where file rows (one sample per line) become MATLAB's R×Q columns.
"""

from pyneuro.io.text import load_txt, read_data, write_txt

__all__ = ["load_txt", "read_data", "write_txt"]
