"""``python -m readycheck`` runs the command-line interface."""

from __future__ import annotations

from readycheck.cli import main

if __name__ == "__main__":
    main()
