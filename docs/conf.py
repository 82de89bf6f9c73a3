"""Sphinx configuration: the API reference from pyneuro's numpydoc docstrings.

Build (CI does, with warnings as errors): ``sphinx-build -W --keep-going -b html docs
docs/_build/html``; needs ``pip install -e '.[docs]'``.
"""

import pyneuro

project = "pyneuro"
author = "the pyneuro developers"
copyright = "2026, the pyneuro developers"
release = version = pyneuro.__version__

extensions = ["sphinx.ext.autodoc", "sphinx.ext.intersphinx", "numpydoc"]
# Markdown pages (the migration guide, docs/*.md) are read on GitHub as they are; Sphinx here
# builds the reStructuredText pages only, so they neither break nor are needed by the build.
source_suffix = {".rst": "restructuredtext"}
exclude_patterns = ["_build", "**/*.md"]
root_doc = "index"

autodoc_member_order = "bysource"
autodoc_default_options = {"show-inheritance": True}
# The import package's names are the MATLAB ones; keep the signatures as written.
autodoc_preserve_defaults = True
numpydoc_show_class_members = False
numpydoc_xref_param_type = False
# No network in CI: cross-references to numpy/matplotlib stay plain text.
intersphinx_mapping = {}

html_theme = "alabaster"
html_title = f"pyneuro {release}"
