"""Annotated-example parsing shared by the by-example and sample-repo tests (DESIGN.md §5).

A comment on the line above a statement says what must be found there
(``# ruleid: RC101``, ``// ruleid: RC101``, ``-- ruleid: RC101``, ``<!-- ruleid: RC101 -->``), what must not
(``# ok: RC101``), and known gaps (``# todoruleid: RC101``: must be found once the gap is
closed; until then the test asserts it is still missing, as a strict xfail would). A family
name (``todoruleid: ownership``) marks a planted issue whose rule does not exist yet.
Several ids may be comma-separated; annotation comments may be stacked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from readycheck.model import Finding

_ANNOTATION = re.compile(
    r"^\s*(?:#|//|--|/\*|\{/\*|<!--)\s*(ruleid|ok|todoruleid|todook):\s*([A-Za-z0-9_,/\s-]+?)\s*(?:\*/|\*/\}|-->)?\s*$"
)
TEXT_SUFFIXES = {
    ".py",
    ".rules",
    ".json",
    ".ts",
    ".tsx",
    ".js",
    ".jsx",
    ".mjs",
    ".sql",
    ".yml",
    ".yaml",
    ".toml",
    ".ini",
    ".cfg",
    ".sh",
    ".env",
    ".example",
    ".local",
    ".txt",
    ".md",
}


@dataclass(frozen=True)
class Annotation:
    """One annotated expectation: kind (ruleid/ok/todoruleid/todook), rule id or family,
    repo-relative path, and the 1-based line it applies to."""

    kind: str
    rule: str
    path: str
    line: int


def _is_text(path: Path) -> bool:
    return path.suffix in TEXT_SUFFIXES or path.name.startswith(".env") or path.suffix == ""


def parse_annotations(root: Path) -> list[Annotation]:
    """Every annotation under ``root`` (files of any language with #, // or -- comments)."""
    found: list[Annotation] = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.is_symlink() or not _is_text(path):
            continue
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (UnicodeDecodeError, OSError):
            continue
        rel = path.relative_to(root).as_posix()
        pending: list[tuple[str, str]] = []
        for number, text in enumerate(lines, start=1):
            match = _ANNOTATION.match(text)
            if match:
                kind, rules = match.groups()
                pending.extend((kind, r.strip()) for r in rules.split(",") if r.strip())
                continue
            if pending and text.strip():
                found.extend(Annotation(kind, rule, rel, number) for kind, rule in pending)
                pending = []
    return found + sidecar_annotations(root)


SIDECAR = "annotations.yml"


def sidecar_annotations(root: Path) -> list[Annotation]:
    """Expectations for files that cannot hold comments (``package.json``, lockfiles), listed in
    ``annotations.yml`` at the root: ``[{kind: ruleid, rule: RC901, path: package.json, line: 12}]``."""
    import yaml

    sidecar = root / SIDECAR
    if not sidecar.is_file():
        return []
    entries = yaml.safe_load(sidecar.read_text(encoding="utf-8")) or []
    return [Annotation(str(e["kind"]), str(e["rule"]), str(e["path"]), int(e["line"])) for e in entries]


def expected(annotations: list[Annotation], rule_ids: set[str]) -> set[tuple[str, str, int]]:
    """(rule, path, line) that must be found, for rules in ``rule_ids``."""
    return {(a.rule, a.path, a.line) for a in annotations if a.kind == "ruleid" and a.rule in rule_ids}


def todo(annotations: list[Annotation], rule_ids: set[str]) -> set[tuple[str, str, int]]:
    """(rule, path, line) of known gaps for registered rules: must still be missing."""
    return {(a.rule, a.path, a.line) for a in annotations if a.kind == "todoruleid" and a.rule in rule_ids}


def found_places(findings: Iterable[Finding]) -> set[tuple[str, str | None, int | None]]:
    """(rule, path, line) of every place a finding stands for: its own, its ``also_at`` places
    (the same secret elsewhere) and, at its line, the rules in ``also_reported_by`` (merged)."""
    places: set[tuple[str, str | None, int | None]] = set()
    for f in findings:
        for rule in (f.rule_id, *f.also_reported_by):
            places.add((rule, f.location.path, f.location.line))
        for loc in f.also_at:
            places.add((f.rule_id, loc.path, loc.line))
    return places
