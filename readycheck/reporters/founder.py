"""What the founder's HTML report says, as data: the plain-words headline, the "fix these
first" ranking, the endpoint matrix and plain explanations with an effort estimate.

Pure functions of a :class:`~readycheck.model.ScanResult` and the data file
``policies/plain.yml`` (what can happen and to whom, per rule and per category, in words a
non-engineer understands). The HTML reporter only lays these out.
"""

from __future__ import annotations

import enum
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import PurePosixPath
from typing import Any

import yaml

from readycheck._resources import policies_dir
from readycheck.errors import ReadycheckError
from readycheck.grouping import FindingGroup, groups_of
from readycheck.model import AuthStatus, Category, Endpoint, Finding, RunKind, ScanResult, Severity, Verdict

# Rules whose finding on an endpoint marks that column of the matrix as a problem.
AUTH_RULES = frozenset({"RC202", "RC207"})
OWNERSHIP_RULES = frozenset({"RC201", "RC203"})
RATE_LIMIT_RULES = frozenset({"RC401", "RC403"})
LOGGING_RULES = frozenset({"RC602"})

# Folders whose code does not run in production (lower exposure in the ranking).
_NON_PRODUCTION_DIRS = frozenset({"test", "tests", "__tests__", "spec", "examples", "example", "fixtures", "docs"})


class Effort(enum.StrEnum):
    """A rough size of a fix, as written in ``policies/plain.yml``."""

    MINUTES = "minutes"
    HOUR = "hour"
    HOURS = "hours"
    DAY = "day"

    @property
    def label(self) -> str:
        """The effort in words, e.g. ``"about an hour"``."""
        return {
            Effort.MINUTES: "minutes",
            Effort.HOUR: "about an hour",
            Effort.HOURS: "half a day",
            Effort.DAY: "a day or more",
        }[self]


@dataclass(frozen=True, kw_only=True)
class Plain:
    """A rule's plain-language text: ``impact`` (what can happen, to whom) and ``effort``."""

    impact: str
    effort: Effort


@dataclass(frozen=True, kw_only=True)
class PlainLanguage:
    """The contents of ``policies/plain.yml``: per-category harm phrases and fallbacks, and
    per-rule (or per-tool-prefix, e.g. ``squawk``) plain text."""

    harms: dict[Category, str]
    categories: dict[Category, Plain]
    rules: dict[str, Plain]

    def for_rule(self, rule_id: str, category: Category) -> Plain:
        """The plain text of ``rule_id``: its own entry, else its tool prefix's
        (``squawk/...`` -> ``squawk``), else its category's."""
        if rule_id in self.rules:
            return self.rules[rule_id]
        prefix = rule_id.split("/", 1)[0]
        if prefix in self.rules:
            return self.rules[prefix]
        return self.categories[category]


@cache
def plain_language() -> PlainLanguage:
    """Load ``policies/plain.yml``.

    Raises:
        ReadycheckError: the file is missing or malformed (a broken installation).
    """
    path = policies_dir() / "plain.yml"
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
        harms = {Category(k): str(v["harm"]) for k, v in data["categories"].items()}
        categories = {
            Category(k): Plain(impact=str(v["impact"]), effort=Effort(v["effort"]))
            for k, v in data["categories"].items()
        }
        rules = {str(k): Plain(impact=str(v["impact"]), effort=Effort(v["effort"])) for k, v in data["rules"].items()}
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ReadycheckError(
            f"readycheck's {path.name} is unreadable: {exc}", hint="reinstall readycheck-audit"
        ) from None
    missing = [c.value for c in Category if c not in harms]
    if missing:
        raise ReadycheckError(f"readycheck's plain.yml has no entry for categories {missing}")
    return PlainLanguage(harms=harms, categories=categories, rules=rules)


@dataclass(frozen=True, kw_only=True)
class Headline:
    """The verdict in plain words: ``title`` ("Not ready to launch: 3 problems can expose your
    users' data"), ``harms`` (one line per category of serious problems, worst first) and
    ``tone`` (``pass``, ``average`` or ``fail``, the Lighthouse colour band)."""

    title: str
    harms: tuple[str, ...]
    tone: str


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def blocking(result: ScanResult) -> list[Finding]:
    """The open findings that fail the gate (by severity or as blocker-rule findings), as scoring decided them
    (:attr:`~readycheck.model.ScoreResult.gate_findings`), worst first."""
    fails = set(result.score.gate_findings)
    return sorted(
        (f for f in result.findings if not f.suppressed and f.fingerprint in fails), key=lambda f: f.sort_key()
    )


def headline(result: ScanResult) -> Headline:
    """The plain-words verdict of ``result``.

    ``not-ready``: "Not ready to launch: N problems <harm of the category with most of them>"
    when one category holds them all, else "N problems to fix before you launch" with a line
    per category. ``ready-with-warnings`` and ``ready`` say so, and say when parts could not
    be checked. A problem is a root-cause group (:mod:`readycheck.grouping`): 16 actions used
    by tag are one problem, not 16.
    """
    words = plain_language()
    verdict = result.score.verdict
    groups = groups_of(result)
    if verdict == Verdict.NOT_READY:
        fails = {f.fingerprint for f in blocking(result)}
        serious = [g for g in groups if any(f.fingerprint in fails for f in g.findings)]
        per_category = Counter(g.category for g in serious)
        order = sorted(
            per_category,
            key=lambda c: (-max(g.severity.rank for g in serious if g.category == c), -per_category[c], c.value),
        )
        harms = tuple(f"{_plural(per_category[c], 'problem')} {words.harms[c]}" for c in order)
        if len(order) == 1:
            title = f"Not ready to launch: {harms[0]}"
        elif serious:
            title = f"Not ready to launch: {_plural(len(serious), 'serious problem')} to fix first"
        else:  # the gate failed on a count or a blocker rule below fail_on
            title = "Not ready to launch: " + "; ".join(result.score.gate_reasons)
        return Headline(title=title, harms=harms if len(order) > 1 else (), tone="fail")
    if verdict == Verdict.READY_WITH_WARNINGS:
        if groups:
            return Headline(
                title=f"Ready to launch, with {_plural(len(groups), 'smaller problem')} worth fixing soon",
                harms=(),
                tone="average",
            )
        return Headline(
            title="Probably ready to launch, but parts of the app could not be checked", harms=(), tone="average"
        )
    return Headline(title="Ready to launch: no problems found", harms=(), tone="pass")


class Exposure(enum.IntEnum):
    """Who can reach the code a finding is in; larger is more exposed."""

    NOT_PRODUCTION = 0  # tests, examples, docs
    ADMINS = 1
    SIGNED_IN = 2
    APP = 3  # code or configuration of the app, not tied to one endpoint
    ANYONE = 4  # an endpoint without authentication

    @property
    def label(self) -> str:
        """Who can reach it, in words."""
        return {
            Exposure.NOT_PRODUCTION: "test or example code",
            Exposure.ADMINS: "administrators",
            Exposure.SIGNED_IN: "signed-in users",
            Exposure.APP: "the app",
            Exposure.ANYONE: "anyone on the internet",
        }[self]


def _endpoint_index(endpoints: Iterable[Endpoint]) -> dict[tuple[str, str], Endpoint]:
    return {(e.method, e.route): e for e in endpoints}


def exposure(finding: Finding, endpoints: dict[tuple[str, str], Endpoint]) -> Exposure:
    """How exposed ``finding`` is: from its endpoint's authentication when it has one, lower in
    test, example and docs folders (``endpoints`` keyed by (method, route))."""
    path = finding.location.path
    if path is not None and _NON_PRODUCTION_DIRS.intersection(PurePosixPath(path).parts[:-1]):
        return Exposure.NOT_PRODUCTION
    if finding.endpoint is not None:
        endpoint = endpoints.get((finding.endpoint.method, finding.endpoint.route))
        if endpoint is not None:
            if endpoint.admin_only:
                return Exposure.ADMINS
            if endpoint.auth_status is AuthStatus.UNKNOWN:
                return Exposure.APP  # never "anyone" without evidence
            return Exposure.SIGNED_IN if endpoint.auth else Exposure.ANYONE
    return Exposure.APP


def ranked_groups(result: ScanResult) -> list[tuple[FindingGroup, Exposure]]:
    """The open findings as root-cause groups (:mod:`readycheck.grouping`), ordered by impact,
    each with its most exposed member's exposure.

    Ranked by severity, then confidence, then exposure, then more places first, then rule and
    place. This is the order of the founder's first screen (at most :data:`FIRST_SCREEN`
    groups) and of the terminal's top problems.
    """
    endpoints = _endpoint_index(result.endpoints)
    pairs = [(g, max(exposure(f, endpoints) for f in g.findings)) for g in groups_of(result)]
    pairs.sort(key=lambda pair: (-pair[0].severity.rank, -pair[0].confidence.rank, -pair[1], *pair[0].sort_key()[2:]))
    return pairs


# How many root-cause groups the founder's first screen shows; the rest are one click away.
FIRST_SCREEN = 40


def fix_first(
    result: ScanResult,
    *,
    limit: int = 5,
    per_rule: int = 2,
    ranked: list[tuple[FindingGroup, Exposure]] | None = None,
) -> list[tuple[FindingGroup, Exposure]]:
    """The few problems (root-cause groups) that matter most, with their exposure.

    Taken in :func:`ranked_groups` order (``ranked``, when the caller already has it). At
    most ``per_rule`` groups of one rule are taken while others are left (six leaked keys
    should not hide a data leak); the rest fill up to ``limit`` when there are fewer distinct
    rules. Info findings never make the list.
    """
    ranked = [(g, e) for g, e in (ranked_groups(result) if ranked is None else ranked) if g.severity != Severity.INFO]
    chosen: set[int] = set()  # indexes into ranked
    taken: Counter[str] = Counter()
    for index, (group, _) in enumerate(ranked):
        if len(chosen) < limit and taken[group.rule_id] < per_rule:
            chosen.add(index)
            taken[group.rule_id] += 1
    # fewer distinct rules than the limit: the next-ranked groups fill the list
    for index in range(len(ranked)):
        if len(chosen) == limit:
            break
        chosen.add(index)
    return [ranked[i] for i in sorted(chosen)]


class Status(enum.StrEnum):
    """One cell of the endpoint matrix: ``ok``, ``warn`` (worth a look), ``bad`` (a finding) or
    ``na`` (does not apply)."""

    OK = "ok"
    WARN = "warn"
    BAD = "bad"
    NA = "na"


@dataclass(frozen=True, kw_only=True)
class Cell:
    """A matrix cell: its status and a short label ("Signed in", "No limit")."""

    status: Status
    label: str


@dataclass(frozen=True, kw_only=True)
class EndpointRow:
    """One endpoint in the matrix: where it is and its four protections."""

    method: str
    route: str
    where: str
    auth: Cell
    ownership: Cell
    rate_limit: Cell
    logging: Cell

    @property
    def cells(self) -> tuple[Cell, Cell, Cell, Cell]:
        """The four protection cells, in column order."""
        return (self.auth, self.ownership, self.rate_limit, self.logging)

    @property
    def weakness(self) -> tuple[int, int]:
        """(problems, warnings): how weak the route looks; rows sort by it, weakest first."""
        return (
            sum(1 for c in self.cells if c.status == Status.BAD),
            sum(1 for c in self.cells if c.status == Status.WARN),
        )


def endpoint_matrix(result: ScanResult) -> list[EndpointRow]:
    """Every endpoint with its authentication, ownership, rate-limit and logging status,
    weakest routes first (then by route and method).

    A column is ``bad`` when an open finding of that column's rules names the endpoint
    (:data:`AUTH_RULES`, :data:`OWNERSHIP_RULES`, :data:`RATE_LIMIT_RULES`,
    :data:`LOGGING_RULES`); otherwise it reflects what the endpoint inventory saw.
    """
    rules_by_endpoint: dict[tuple[str, str], set[str]] = defaultdict(set)
    for finding in result.findings:
        if finding.endpoint is not None and not finding.suppressed:
            rules_by_endpoint[(finding.endpoint.method, finding.endpoint.route)].add(finding.rule_id)
    rows = []
    for e in result.endpoints:
        found = rules_by_endpoint.get((e.method, e.route), set())
        if "RC207" in found:
            auth = Cell(status=Status.BAD, label="Sender not verified")
        elif found & AUTH_RULES:
            auth = Cell(status=Status.BAD, label="No sign-in")
        elif e.admin_only:
            auth = Cell(status=Status.OK, label="Admins only")
        elif e.auth:
            auth = Cell(status=Status.OK, label="Signed in")
        elif e.auth_status is AuthStatus.UNKNOWN:
            auth = Cell(status=Status.WARN, label="Unknown")
        else:
            auth = Cell(status=Status.WARN, label="Public")
        if found & OWNERSHIP_RULES:
            ownership = Cell(status=Status.BAD, label="Not checked")
        elif e.lookups or e.body_writes:
            ownership = Cell(status=Status.OK, label="Checked")
        else:
            ownership = Cell(status=Status.NA, label="No object by id")
        if found & RATE_LIMIT_RULES:
            rate = Cell(status=Status.BAD, label="No limit")
        elif e.rate_limit:
            rate = Cell(status=Status.OK, label="Limited")
        else:
            rate = Cell(status=Status.WARN, label="No limit")
        if found & LOGGING_RULES:
            logged = Cell(status=Status.BAD, label="No audit trail")
        elif e.logging:
            logged = Cell(status=Status.OK, label="Logged")
        else:
            logged = Cell(status=Status.WARN, label="Not logged")
        rows.append(
            EndpointRow(
                method=e.method,
                route=e.route,
                where=f"{e.path}:{e.line}",
                auth=auth,
                ownership=ownership,
                rate_limit=rate,
                logging=logged,
            )
        )
    rows.sort(key=lambda r: (-r.weakness[0], -r.weakness[1], r.route, r.method))
    return rows


def matrix_summary(rows: Sequence[EndpointRow]) -> str:
    """One sentence on the matrix, e.g. ``"4 of 11 endpoints have a problem"``."""
    weak = sum(1 for r in rows if r.weakness[0])
    if not rows:
        return "No endpoints found."
    if not weak:
        return f"None of the {_plural(len(rows), 'endpoint')} has a problem."
    return f"{weak} of {_plural(len(rows), 'endpoint')} {'has' if weak == 1 else 'have'} a problem."


@dataclass(frozen=True)
class ToolStatus:
    """One wrapped tool's run for people: ``name`` (with its version when known),
    ``outcome`` (:attr:`~readycheck.model.Run.outcome`) and ``text`` (``ran, 12 findings``,
    ``failed: exit code 2: ...``)."""

    name: str
    outcome: str
    text: str


def tool_statuses(result: ScanResult) -> list[ToolStatus]:
    """The external tools of ``result`` (bandit, semgrep, pip-audit, ...) in report order."""
    return [
        ToolStatus(
            name=run.id + (f" {run.version}" if run.version else ""), outcome=run.outcome, text=run.outcome_text()
        )
        for run in result.runs
        if run.kind == RunKind.TOOL
    ]
