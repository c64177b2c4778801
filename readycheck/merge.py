"""Merge findings that describe the same problem on the same line.

Which rules describe the same problem is data: ``policies/equivalences.yml`` (``same-line``
groups). Findings of rules in one group at the same path and line become one finding: the
rule listed first keeps it, with the highest severity and confidence among them, and the
others' rule ids go to ``also_reported_by``. Findings without a line, and rules in no group,
are never merged.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from functools import cache

import yaml

from readycheck._resources import policies_dir
from readycheck.errors import ReadycheckError
from readycheck.model import Finding


@cache
def equivalence_groups() -> tuple[tuple[str, ...], ...]:
    """The ``same-line`` groups of ``policies/equivalences.yml``, each an ordered tuple of rule
    ids (or prefixes ending in ``*``).

    Raises:
        ReadycheckError: the file is missing or not a mapping with a list of lists of ids.
    """
    path = policies_dir() / "equivalences.yml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        groups = data["same-line"]
        if not all(isinstance(g, list) and all(isinstance(i, str) for i in g) for g in groups):
            raise TypeError
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise ReadycheckError(
            f"readycheck's rule equivalences ({path.name}) cannot be read: {exc.__class__.__name__}",
            hint="reinstall readycheck-audit",
        ) from exc
    return tuple(tuple(group) for group in groups)


def _rank(rule_id: str, group: Sequence[str]) -> int | None:
    for position, entry in enumerate(group):
        if rule_id == entry or (entry.endswith("*") and rule_id.startswith(entry[:-1])):
            return position
    return None


def merge_same_line(findings: list[Finding], groups: Sequence[Sequence[str]] | None = None) -> list[Finding]:
    """``findings`` with each same-line group merged into one finding (see the module
    docstring); order otherwise kept. ``groups`` defaults to :func:`equivalence_groups`."""
    groups = equivalence_groups() if groups is None else groups
    if not groups:
        return findings
    merged_into: dict[int, int] = {}  # index of a finding -> index of the finding that absorbs it
    by_place: dict[tuple[str, int], list[int]] = {}
    for index, finding in enumerate(findings):
        if finding.location.path and finding.location.line:
            by_place.setdefault((finding.location.path, finding.location.line), []).append(index)
    result = list(findings)
    for indexes in by_place.values():
        if len(indexes) < 2:
            continue
        for group in groups:
            members = [
                (rank, i)
                for i in indexes
                if i not in merged_into and (rank := _rank(findings[i].rule_id, group)) is not None
            ]
            if len(members) < 2:
                continue
            members.sort()
            keeper_index = members[0][1]
            others = [findings[i] for _, i in members[1:]]
            keeper = result[keeper_index]
            everyone = [keeper, *others]
            result[keeper_index] = dataclasses.replace(
                keeper,
                severity=max((f.severity for f in everyone), key=lambda s: s.rank),
                confidence=max((f.confidence for f in everyone), key=lambda c: c.rank),
                also_reported_by=tuple(
                    dict.fromkeys(
                        [
                            *keeper.also_reported_by,
                            *(o.rule_id for o in others),
                            *(r for o in others for r in o.also_reported_by),
                        ]
                    )
                ),
            )
            for _, i in members[1:]:
                merged_into[i] = keeper_index
    return [finding for index, finding in enumerate(result) if index not in merged_into]
