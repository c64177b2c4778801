"""Dotenv files read with python-dotenv's own parser (no interpolation, nothing loaded into the
environment)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

from dotenv.parser import parse_stream

from readycheck.repository import SourceFile


@dataclass(frozen=True)
class EnvBinding:
    """One ``NAME=value`` of a dotenv file: the raw value ("" when there is none) and the
    1-based line of the assignment."""

    key: str
    value: str
    line: int


def env_bindings(source: SourceFile) -> Iterator[EnvBinding]:
    """The bindings of a dotenv file in order; lines python-dotenv cannot parse are skipped."""
    for binding in parse_stream(io.StringIO(source.text)):
        if binding.error or not binding.key:
            continue
        # python-dotenv's Original.line is where the binding's text starts, which includes
        # the blank lines before it; the assignment itself comes after them.
        original = binding.original.string
        leading = original[: len(original) - len(original.lstrip())]
        yield EnvBinding(key=binding.key, value=binding.value or "", line=binding.original.line + leading.count("\n"))
