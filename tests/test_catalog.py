"""Rule documentation parsing and plugin validation."""

from __future__ import annotations

import pytest

from readycheck.catalog import DocsError, parse_docs, render_html
from readycheck.checks.secrets.hardcoded_secret import HardcodedSecret
from readycheck.registry import validate_check

FULL = """
## What it does
a
## Why is this bad?
b
## Example
```python
## not a heading inside code
x = 1
```
## Use instead
d
## References
e
"""


def test_parse_all_sections_and_code_blocks() -> None:
    docs = parse_docs(FULL)
    assert docs.what_it_does == "a" and docs.references == "e"
    assert "## not a heading inside code" in docs.example


def test_missing_sections_are_named() -> None:
    with pytest.raises(DocsError, match="use instead, references"):
        parse_docs("## What it does\na\n## Why is this bad?\nb\n## Example\nc\n")
    with pytest.raises(DocsError):
        parse_docs(None)


def test_raw_html_in_docs_is_escaped() -> None:
    assert "<script>" not in render_html("<script>alert(1)</script> and [x](javascript:alert(1))")


def test_builtin_check_validates() -> None:
    meta = validate_check(HardcodedSecret, "readycheck-audit")
    assert meta.id == "RC101" and meta.owasp == ("A07:2021", "A02:2021")


def test_reserved_prefix_and_unknown_owasp() -> None:
    with pytest.raises(ValueError, match="reserved"):
        validate_check(HardcodedSecret, "someone-else")

    class BadOwasp(HardcodedSecret):
        __doc__ = HardcodedSecret.__doc__
        id = "XY101"
        owasp = ("A11:2021",)

    with pytest.raises(ValueError, match="unknown OWASP ids"):
        validate_check(BadOwasp, "x")
