"""Reporters: each renders one :class:`~readycheck.model.ScanResult`; none prints or exits.

Formats: ``terminal`` (rich), ``json`` (the report contract, ``schema_version`` 1), ``html``
(one self-contained file), ``sarif`` (SARIF 2.1.0 for code scanning), ``markdown`` (pull-request
comments and the GitHub job summary). :data:`FILE_NAMES` gives the file each format is written to when
``--output`` is a folder.
"""

from __future__ import annotations

from collections.abc import Callable

from readycheck.model import ScanResult

FORMATS = ("terminal", "json", "html", "sarif", "markdown")
# Written when no --format is given.
DEFAULT_FORMATS = ("terminal", "json", "html")
FILE_NAMES = {
    "terminal": "readycheck.txt",
    "json": "readycheck.json",
    "html": "readycheck.html",
    "sarif": "readycheck.sarif",
    "markdown": "readycheck.md",
}


def renderer(fmt: str) -> Callable[[ScanResult], str]:
    """The function rendering ``fmt`` to a string.

    Raises:
        KeyError: ``fmt`` is not one of :data:`FORMATS`.
    """
    if fmt == "json":
        from readycheck.reporters.json_report import render_json

        return render_json
    if fmt == "html":
        from readycheck.reporters.html import render_html

        return render_html
    if fmt == "sarif":
        from readycheck.reporters.sarif import render_sarif

        return render_sarif
    if fmt == "markdown":
        from readycheck.reporters.markdown import render_markdown

        return render_markdown
    if fmt == "terminal":
        from readycheck.reporters.terminal import render_text

        return render_text
    raise KeyError(fmt)
