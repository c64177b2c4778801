"""Locate data shipped with readycheck: policy packs, OWASP data, schemas, templates.

The ``policies/`` folder lives at the top of the source tree and is copied into the wheel as
``readycheck/policies`` (see ``pyproject.toml``); in a source checkout or an editable install
it is found beside the package instead.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from readycheck.errors import ReadycheckError

PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def policies_dir() -> Path:
    """The folder holding ``default.yml`` and ``owasp.yml``.

    Raises:
        ReadycheckError: when the installation is broken and the folder is missing.
    """
    for candidate in (PACKAGE_DIR / "policies", PACKAGE_DIR.parent / "policies"):
        if (candidate / "default.yml").is_file():
            return candidate
    raise ReadycheckError(
        "readycheck's policy data is missing from this installation",
        hint="reinstall readycheck-audit",
    )


def schema_path(name: str) -> Path:
    """Path of a JSON Schema shipped in ``readycheck/schemas`` (e.g. ``report.schema.json``)."""
    return PACKAGE_DIR / "schemas" / name
