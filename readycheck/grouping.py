"""Root-cause groups: findings of one rule that one fix closes, shown as one problem.

Posture findings repeat per endpoint or per file (no rate limit on 200 endpoints, 150
migration steps that lock a table, 37 actions used by tag); a founder reads them as one problem
with a count and the one place to fix it. How each rule's findings group is data:
``policies/grouping.yml`` (``by``: ``repository``, ``directory``, ``file``, ``route-prefix`` or
``none``; a plain-words ``title`` and ``fix``). Findings of different severities never share a
group, and suppressed findings are left out.

Reporters for people (HTML, terminal, Markdown) list groups; the JSON report and SARIF keep one
result per location and carry :attr:`FindingGroup.id` (JSON ``group``, SARIF
``partialFingerprints["readycheckGroup/v1"]``), so code scanning still tracks every place.
"""

from __future__ import annotations

import enum
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import PurePosixPath
from typing import Any

import yaml

from readycheck._resources import policies_dir
from readycheck.errors import ReadycheckError
from readycheck.model import Category, Confidence, Endpoint, Finding, Hop, RuleMeta, ScanResult, Severity


class GroupBy(enum.StrEnum):
    """What the findings of one group share (see ``policies/grouping.yml``)."""

    REPOSITORY = "repository"
    DIRECTORY = "directory"
    FILE = "file"
    ROUTE_PREFIX = "route-prefix"
    NONE = "none"


@dataclass(frozen=True, kw_only=True)
class GroupRule:
    """How one rule's findings group: ``by``, and the optional ``title`` template (``{count}``,
    ``{where}``) and ``fix`` sentence."""

    by: GroupBy
    title: str | None = None
    fix: str | None = None


@dataclass(frozen=True, kw_only=True)
class GroupingPolicy:
    """The contents of ``policies/grouping.yml``: the ``default`` strategy and per-rule entries
    keyed by rule id, tool prefix (``bandit/``) or id prefix (``RC1*``)."""

    default: GroupBy
    rules: dict[str, GroupRule]

    def for_rule(self, rule_id: str) -> GroupRule:
        """The entry for ``rule_id``: its own, else the longest matching prefix entry, else the
        default strategy."""
        if rule_id in self.rules:
            return self.rules[rule_id]
        best: tuple[int, GroupRule] | None = None
        for key, entry in self.rules.items():
            prefix = key[:-1] if key.endswith("*") else key if key.endswith("/") else None
            if prefix is not None and rule_id.startswith(prefix) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), entry)
        return best[1] if best is not None else GroupRule(by=self.default)


@cache
def grouping_policy() -> GroupingPolicy:
    """Load ``policies/grouping.yml``.

    Raises:
        ReadycheckError: the file is missing or malformed (a broken installation).
    """
    path = policies_dir() / "grouping.yml"
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
        rules = {
            str(key): GroupRule(
                by=GroupBy(value["by"]),
                title=str(value["title"]) if value.get("title") else None,
                fix=str(value["fix"]) if value.get("fix") else None,
            )
            for key, value in data["rules"].items()
        }
        policy = GroupingPolicy(default=GroupBy(data["default"]), rules=rules)
        for entry in rules.values():  # a template with an unknown field fails here, not in a report
            if entry.title:
                entry.title.format(count=2, where="")
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise ReadycheckError(
            f"readycheck's {path.name} is unreadable: {exc.__class__.__name__}: {exc}",
            hint="reinstall readycheck-audit",
        ) from None
    return policy


@dataclass(frozen=True, kw_only=True)
class FindingGroup:
    """Findings of one rule and one severity that share a root cause.

    ``id`` is stable across scans and unrelated edits (``g`` + 16 hex digits of the rule,
    severity, strategy and shared place; no line numbers). ``scope`` is the shared place:
    a route prefix (``/api/groups``), a folder (``alembic/versions``), a file, or ``""`` for the
    repository; ``title`` the headline ("37 endpoints under /api/groups ...", or the finding's
    own message when the group holds one); ``fix`` the one change that closes every member, in
    plain words, None when the rule has none to offer; ``fix_at`` the router, controller or app
    every member's route goes through (route-prefix groups), None otherwise or when they share
    none. ``findings`` are worst first. ``severity`` is the members' severity and
    ``confidence`` the highest among them. ``context`` is the members' shared reason for being
    shown below their rule's severity (:attr:`~readycheck.model.Finding.context`): demoted and
    full-severity findings never share a group.
    """

    id: str
    rule_id: str
    category: Category
    severity: Severity
    confidence: Confidence
    by: GroupBy
    scope: str
    title: str
    fix: str | None
    fix_at: Hop | None
    findings: tuple[Finding, ...]
    context: str | None = None

    @property
    def count(self) -> int:
        """How many findings (places) the group holds."""
        return len(self.findings)

    @property
    def first(self) -> Finding:
        """The worst-ranked member, which stands for the group where one place is shown."""
        return self.findings[0]

    def sort_key(self) -> tuple[Any, ...]:
        """Worst first: severity, confidence, then more places first, then rule, scope and the
        first member's place."""
        first = self.first.location
        return (
            -self.severity.rank,
            -self.confidence.rank,
            -self.count,
            self.rule_id,
            self.scope,
            first.path or "",
            first.line or 0,
            self.first.fingerprint,
        )


# Leading route segments that say nothing about the resource (/api/v1/...): a route prefix
# keeps them and one more segment.
_STRUCTURAL = re.compile(r"(?:api|apis|rest|v\d+(?:\.\d+)?|internal|public|private)$", re.IGNORECASE)
_PARAMETER = re.compile(r"^(?:\{.*\}|<.*>|:.+|\[.*\]|\*.*|\(.*\))$")


def route_prefix(route: str) -> str:
    """The resource part of ``route`` that groups its endpoints: leading structural segments
    (``api``, ``v1``) and the first segment after them, stopping at a path parameter
    (``/api/v1/groups/{id}/members`` -> ``/api/v1/groups``, ``/todos/:id`` -> ``/todos``,
    ``/{slug}`` -> ``/``)."""
    kept: list[str] = []
    for segment in (s for s in route.split("/") if s):
        if _PARAMETER.match(segment):
            break
        kept.append(segment)
        if not _STRUCTURAL.match(segment):
            break
    return "/" + "/".join(kept)


def _directory(path: str | None) -> str:
    if path is None:
        return ""
    parent = str(PurePosixPath(path).parent)
    return "" if parent == "." else parent


def _scope(finding: Finding, by: GroupBy) -> tuple[GroupBy, str]:
    """The strategy that applied (route-prefix falls back to file without an endpoint) and the
    shared place of ``finding`` under it."""
    if by is GroupBy.ROUTE_PREFIX:
        if finding.endpoint is not None:
            return by, route_prefix(finding.endpoint.route)
        by = GroupBy.FILE
    if by is GroupBy.REPOSITORY:
        return by, ""
    if by is GroupBy.DIRECTORY:
        return by, _directory(finding.location.path)
    if by is GroupBy.FILE:
        return by, finding.location.path or ""
    return by, finding.fingerprint  # none: every finding alone


def _where(by: GroupBy, scope: str) -> str:
    if by is GroupBy.ROUTE_PREFIX:
        return f" under {scope}"
    if by is GroupBy.DIRECTORY:
        return f" in {scope}/" if scope else " in the top folder"
    if by is GroupBy.FILE and scope:
        return f" in {scope}"
    return ""


def _shared_router(members: Sequence[Finding], endpoints: dict[tuple[str, str], Endpoint]) -> Hop | None:
    """The innermost hop of the route evidence every member's endpoint goes through past its
    own registration (the router, blueprint, controller or app), None when they share none or
    an endpoint is not in the inventory."""
    chains: list[tuple[Hop, ...]] = []
    for finding in members:
        if finding.endpoint is None:
            return None
        endpoint = endpoints.get((finding.endpoint.method, finding.endpoint.route))
        if endpoint is None or len(endpoint.evidence) < 2:
            return None
        chains.append(endpoint.evidence[1:])
    shared = set(chains[0]).intersection(*chains[1:])
    return next((hop for hop in chains[0] if hop in shared), None)


def _group_id(rule_id: str, severity: Severity, context: str | None, by: GroupBy, scope: str) -> str:
    parts = (rule_id, severity.value, by.value, scope, *((context,) if context else ()))
    digest = hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass"))
    return "g" + digest.hexdigest()[:16]


def _title(
    entry: GroupRule,
    members: Sequence[Finding],
    by: GroupBy,
    scope: str,
    meta: RuleMeta | None,
    context: str | None,
) -> str:
    if len(members) == 1:
        return members[0].message
    where = _where(by, scope)
    if entry.title:
        title = entry.title.format(count=len(members), where=where)
    else:
        messages = {f.message for f in members}
        what = members[0].message if len(messages) == 1 else meta.summary if meta is not None else members[0].message
        title = f"{len(members)} findings{where}: {what}"
    return f"{title} ({context}, so shown as {members[0].severity.value})" if context else title


def group_findings(
    findings: Iterable[Finding],
    *,
    endpoints: Iterable[Endpoint] = (),
    rules: Iterable[RuleMeta] = (),
    policy: GroupingPolicy | None = None,
) -> list[FindingGroup]:
    """The unsuppressed ``findings`` as root-cause groups, worst first
    (:meth:`FindingGroup.sort_key`). Every unsuppressed finding is in exactly one group.

    ``endpoints`` (the inventory) lets route-prefix groups name the router they share;
    ``rules`` gives the summary used when a rule has no group title; ``policy`` defaults to
    :func:`grouping_policy`.
    """
    policy = policy or grouping_policy()
    by_endpoint = {(e.method, e.route): e for e in endpoints}
    metas = {r.id: r for r in rules}
    buckets: dict[tuple[str, Severity, str | None, GroupBy, str], list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.suppressed:
            continue
        by, scope = _scope(finding, policy.for_rule(finding.rule_id).by)
        buckets[(finding.rule_id, finding.severity, finding.context, by, scope)].append(finding)
    groups = []
    for (rule_id, severity, context, by, scope), members in buckets.items():
        members.sort(key=lambda f: f.sort_key())
        entry = policy.for_rule(rule_id)
        shown_scope = "" if by is GroupBy.NONE else scope
        groups.append(
            FindingGroup(
                id=_group_id(rule_id, severity, context, by, scope),
                rule_id=rule_id,
                category=members[0].category,
                severity=severity,
                confidence=max((f.confidence for f in members), key=lambda c: c.rank),
                by=by,
                scope=shown_scope,
                title=_title(entry, members, by, shown_scope, metas.get(rule_id), context),
                fix=entry.fix if len(members) > 1 and context is None else None,
                context=context,
                fix_at=_shared_router(members, by_endpoint)
                if by is GroupBy.ROUTE_PREFIX and len(members) > 1
                else None,
                findings=tuple(members),
            )
        )
    groups.sort(key=lambda g: g.sort_key())
    return groups


def groups_of(result: ScanResult) -> list[FindingGroup]:
    """:func:`group_findings` of a scan result: its findings, endpoints and rules."""
    return group_findings(result.findings, endpoints=result.endpoints, rules=result.rules)


def group_index(groups: Iterable[FindingGroup]) -> dict[str, FindingGroup]:
    """Each member's fingerprint -> its group."""
    return {f.fingerprint: g for g in groups for f in g.findings}
