"""``python -m pyneuro`` runs the ``pyneuro`` command."""

from .cli import run

run()
