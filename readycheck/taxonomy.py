"""OWASP and CWE reference data: validation of ids and their titles and links.

The data is ``policies/owasp.yml`` (sources listed at its top). OWASP ids have the form
``A01:2021``, ``A01:2025``, ``API1:2023`` or ``LLM10:2025``; CWE ids the form ``CWE-798``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import yaml

from readycheck._resources import policies_dir

CWE_ID = re.compile(r"^CWE-[1-9][0-9]{0,4}$")


@dataclass(frozen=True, kw_only=True)
class Tag:
    """A resolved OWASP or CWE tag: its id, title (None when unknown) and link."""

    id: str
    title: str | None
    url: str


@dataclass(frozen=True)
class Taxonomy:
    """OWASP ids by id -> (title, url, edition title), and CWE titles by id."""

    owasp: dict[str, tuple[str, str, str]]
    cwe_titles: dict[str, str]

    def is_owasp(self, tag: str) -> bool:
        """True when ``tag`` is a known OWASP id of a supported edition."""
        return tag in self.owasp

    def owasp_tag(self, tag: str) -> Tag:
        """The title and link of an OWASP id (``title`` None when the id is unknown)."""
        if tag in self.owasp:
            title, url, _edition = self.owasp[tag]
            return Tag(id=tag, title=title, url=url)
        return Tag(id=tag, title=None, url="https://owasp.org/www-project-top-ten/")

    def cwe_tag(self, tag: str) -> Tag:
        """The title and MITRE link of a CWE id such as ``CWE-798``."""
        number = tag.split("-", 1)[1] if CWE_ID.match(tag) else ""
        return Tag(
            id=tag,
            title=self.cwe_titles.get(tag),
            url=f"https://cwe.mitre.org/data/definitions/{number}.html" if number else "https://cwe.mitre.org/",
        )


@cache
def taxonomy() -> Taxonomy:
    """Load ``policies/owasp.yml`` once.

    Raises:
        OSError, yaml.YAMLError: only when the installation itself is broken.
    """
    data = yaml.safe_load((policies_dir() / "owasp.yml").read_text(encoding="utf-8"))
    owasp: dict[str, tuple[str, str, str]] = {}
    for edition in data["editions"].values():
        for tag, entry in edition["ids"].items():
            owasp[str(tag)] = (str(entry["title"]), str(entry["url"]), str(edition["title"]))
    cwe = {str(k): str(v) for k, v in data["cwe"].items()}
    return Taxonomy(owasp=owasp, cwe_titles=cwe)
