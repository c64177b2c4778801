"""Redaction of secret values for every output.

A redacted value shows at most its first four characters and its length, e.g.
``sk_l…(32 chars)``; values shorter than 12 characters show no characters at all.
"""

from __future__ import annotations

import re

REVEAL = 4
_MIN_LENGTH_TO_REVEAL = 12


def redact(value: str) -> str:
    """The redacted form of a secret ``value``: first 4 characters (only when the value has
    at least 12) and its length in characters."""
    prefix = value[:REVEAL] if len(value) >= _MIN_LENGTH_TO_REVEAL else ""
    return f"{prefix}…({len(value)} chars)"


def redact_in(text: str, secrets: list[str] | tuple[str, ...] | set[str]) -> str:
    """``text`` with every occurrence of each of ``secrets`` replaced by its redaction.

    Longer secrets are replaced first so that a secret containing another is fully hidden.
    """
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, redact(secret))
    return text


_QUOTED = re.compile(r"'([^']*)'|\"([^\"]*)\"")


def quoted_strings(text: str) -> list[str]:
    """The contents of the quoted string literals (single or double quotes) in ``text``."""
    return [m.group(1) if m.group(1) is not None else m.group(2) for m in _QUOTED.finditer(text)]


def redact_quoted(text: str) -> str:
    """``text`` with every quoted string literal (single or double quotes) redacted: for lines
    a tool reports a hard-coded password on, whose value readycheck did not locate itself."""
    return _QUOTED.sub(lambda m: f"'{redact(m.group(1) or m.group(2) or '')}'", text)
