"""The ``pyneuro`` command: ``train``, ``sim``, ``info``, ``trace`` and ``sweep`` (click).

A thin shell over the library: commands parse their options, call pyneuro, and print. Only
this package imports click; ``import pyneuro`` does not load it.
"""

import click

from .. import __version__
from .info import info_command
from ._process import run_process
from .options import CONTEXT_SETTINGS
from .sim import sim_command
from .sweep import sweep_command
from .trace import trace_command
from .train import train_command

__all__ = ["main", "run"]


@click.group(context_settings=CONTEXT_SETTINGS, epilog="""\b
Example:
  pyneuro train sample_data/Test.txt --check sample_data/Check.txt --save net.npz
  pyneuro sim net.npz sample_data/Check.txt
  pyneuro info net.npz

Run 'pyneuro COMMAND --help' for a command's options.

\b
Shell completion of commands, options and function names, e.g. in ~/.bashrc
(zsh: zsh_source, fish: fish_source):
  eval "$(_PYNEURO_COMPLETE=bash_source pyneuro)"
""")
@click.version_option(__version__, "--version", "-V", prog_name="pyneuro",
                      message="%(prog)s %(version)s")
def main():
    """pyneuro: MATLAB's classic Neural Network Toolbox (newff, train, sim, premnmx) for
    Python. Text files in, trained network, predictions and error metrics out."""


main.add_command(train_command)
main.add_command(sim_command)
main.add_command(info_command)
main.add_command(trace_command)
main.add_command(sweep_command)


def run():
    """The ``pyneuro`` executable (and ``python -m pyneuro``): :data:`main` as the whole
    process, so that a Ctrl-C after the files are written ends it quietly (see
    :func:`._process.run_process`). In Python, invoke :data:`main` itself."""
    run_process(main, prog_name="pyneuro")
