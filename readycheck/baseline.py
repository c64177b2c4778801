"""Baselines: the findings a team has accepted, so that only new ones fail the gate.

The file holds one entry per accepted finding, keyed by its line-independent fingerprint
(rule, file and the whitespace-normalised text of the line; see
:func:`readycheck.checks.base.fingerprint`), with the rule id and the path for people reading
the diff, and nothing that moves when code above it changes: no line numbers, no messages,
no secret values.

Format: JSON Lines (one JSON object per line, https://jsonlines.org), a header line, then the
entries sorted by path, rule and fingerprint. No line ever changes when an entry is added or
removed (there are no separating commas), so baselines updated on two branches merge as plain
text unless both add entries at the same place (``merge=union`` in ``.gitattributes`` settles
even that)::

    {"readycheck-baseline": 1}
    {"path": "app/config.py", "rule": "RC101", "fingerprint": "2f1c..."}
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from readycheck.compare import producer_of, rechecked
from readycheck.errors import UsageError
from readycheck.model import Finding, Run

VERSION = 1


@dataclass(frozen=True, order=True)
class Entry:
    """One accepted finding: ``path`` (``""`` for a repository-level finding), ``rule`` and
    ``fingerprint``."""

    path: str
    rule: str
    fingerprint: str


def entries_of(findings: Iterable[Finding]) -> list[Entry]:
    """The baseline entries of ``findings`` (suppressed ones left out), sorted."""
    found = {Entry(f.location.path or "", f.rule_id, f.fingerprint) for f in findings if not f.suppressed}
    return sorted(found)


def render(entries: Iterable[Entry]) -> str:
    """The baseline file text: the header, then one entry per line, sorted."""
    lines = [json.dumps({"readycheck-baseline": VERSION})]
    lines += [
        json.dumps({"path": e.path, "rule": e.rule, "fingerprint": e.fingerprint}, ensure_ascii=False)
        for e in sorted(set(entries))
    ]
    return "\n".join(lines) + "\n"


def load(path: Path) -> list[Entry]:
    """Read a baseline file.

    Raises:
        UsageError: the file is missing, not JSON Lines, or not a version-1 baseline.
    """
    try:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        items = [json.loads(line) for line in lines]
    except FileNotFoundError as exc:
        raise UsageError(f"baseline not found: {path}", hint="create one with `readycheck baseline PATH`") from exc
    except (OSError, ValueError) as exc:
        raise UsageError(
            f"baseline {path} is not readable JSON Lines", hint="regenerate it with `readycheck baseline`"
        ) from exc
    if not items or not isinstance(items[0], dict) or items[0].get("readycheck-baseline") != VERSION:
        raise UsageError(f"baseline {path} is not a readycheck baseline (version {VERSION})")
    entries = []
    for item in items[1:]:
        if not isinstance(item, dict) or not isinstance(item.get("fingerprint"), str):
            raise UsageError(f"baseline {path} has an entry without a fingerprint")
        entries.append(Entry(str(item.get("path", "")), str(item.get("rule", "")), item["fingerprint"]))
    return entries


@dataclass(frozen=True, kw_only=True)
class Comparison:
    """A scan against a baseline: its findings with ``new`` set, how many were known, the
    baseline entries no longer found (fixed), and those whose check or tool did not complete
    on their file in this scan (``not_rechecked``: they may still be there)."""

    findings: list[Finding]
    known: int
    fixed: list[Entry]
    not_rechecked: list[Entry] = dataclasses.field(default_factory=list)


def compare(findings: Iterable[Finding], baseline: Iterable[Entry], runs: Iterable[Run] | None = None) -> Comparison:
    """Mark each finding ``new`` unless its fingerprint is in the baseline.

    ``runs`` are this scan's runs; when given, an entry no longer found counts as fixed only
    if the run that reports its rule completed on its file
    (:func:`readycheck.compare.rechecked`), else it is ``not_rechecked``."""
    accepted = {e.fingerprint: e for e in baseline}
    marked = [dataclasses.replace(f, new=f.fingerprint not in accepted) for f in findings]
    present = {f.fingerprint for f in marked}
    by_id = {run.id: run for run in runs} if runs is not None else None
    gone = sorted(e for fp, e in accepted.items() if fp not in present)
    fixed = [e for e in gone if by_id is None or rechecked(by_id.get(producer_of(e.rule)), e.path or None)]
    unchecked = [e for e in gone if e not in fixed]
    return Comparison(findings=marked, known=sum(1 for f in marked if not f.new), fixed=fixed, not_rechecked=unchecked)
