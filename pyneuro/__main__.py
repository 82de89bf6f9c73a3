"""``python -m pyneuro`` runs the ``pyneuro`` command."""

from .cli import main

main(prog_name="pyneuro")
