"""Parsers for data files of the scanned repository (JSON, TOML, YAML) that fail the way the
callers already handle, whatever the file holds.

The standard parsers recurse once per nesting level, so a file of a hundred thousand ``[`` (a
"nesting bomb") raises :class:`RecursionError` instead of their documented error. Every
repository data file goes through these functions, which raise the documented error class
instead: :class:`ValueError` for JSON (``json.JSONDecodeError`` is one), ``TOMLDecodeError``
for TOML, ``yaml.YAMLError`` for YAML (:func:`readycheck.analysis.yamlnodes.compose` does the
same for YAML node trees).
"""

from __future__ import annotations

import json
import tomllib
from typing import Any

import yaml

TOO_DEEP = "nested too deeply to parse"


def parse_json(text: str | bytes) -> Any:
    """``json.loads(text)``.

    Raises:
        ValueError: not valid JSON (``json.JSONDecodeError``), or nested too deeply.
    """
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError(TOO_DEEP) from None


def parse_toml(text: str) -> dict[str, Any]:
    """``tomllib.loads(text)``.

    Raises:
        tomllib.TOMLDecodeError: not valid TOML, or nested too deeply.
    """
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise tomllib.TOMLDecodeError(TOO_DEEP) from None


def parse_yaml(text: str) -> Any:
    """``yaml.safe_load(text)`` (no tags that build objects).

    Raises:
        yaml.YAMLError: not valid YAML, or nested too deeply.
    """
    try:
        return yaml.safe_load(text)
    except RecursionError:
        raise yaml.YAMLError(TOO_DEEP) from None
