"""Suppressions: findings a team has looked at and decided to accept, each with a reason.

Two sources:

- inline, in a comment of any language on the finding's line or the line above it::

      # readycheck: ignore[RC201] reason="admins only, checked by the gateway" until=2026-12-31

  (several rules comma-separated; ``until`` optional, ``YYYY-MM-DD``);
- the policy's ``suppressions`` list: ``{rule, path (glob), reason, until}``.

A suppression without a reason, or past its ``until`` date, does not apply (RC001 reports
it). Every suppression is listed in the report with whether it was used, so a suppression
that silences nothing, or an agent silencing the auditor, is visible. Native markers of other
tools (``# nosec``, ``nosemgrep``, ``pragma: allowlist secret``) are listed too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import fnmatch
import re
import shlex
from collections.abc import Iterable
from dataclasses import dataclass, field

from readycheck.model import Finding
from readycheck.policy import Policy
from readycheck.repository import Repository

DIRECTIVE = re.compile(r"readycheck:\s*ignore\[([^\]]*)\](.*)$")
NATIVE_MARKERS = ("# nosec", "nosemgrep", "pragma: allowlist secret")


@dataclass(frozen=True, kw_only=True)
class Suppression:
    """One suppression.

    Attributes:
        source: ``inline``, ``policy`` or ``native``.
        path: the file (inline, native) or a glob over paths (policy).
        line: the directive's own 1-based line (inline, native), None for policy entries.
        rules: rule ids it names (``RC201``, ``squawk/...``); empty for native markers.
        reason: why, or None when missing.
        until: the expiry date, None when open-ended; ``until_text`` as written.
        problem: why it does not apply (no reason, expired, bad date), or None.
    """

    source: str
    path: str
    line: int | None
    rules: tuple[str, ...]
    reason: str | None
    until: dt.date | None = None
    until_text: str | None = None
    problem: str | None = None
    covers: tuple[int, ...] = field(default=(), repr=False)

    @property
    def valid(self) -> bool:
        """True when it applies: a reason, and not expired; a native marker applies to the
        findings of its own tool (``# nosec`` to bandit's, ``nosemgrep`` to semgrep's)."""
        if self.source == "native":
            return bool(self.rules)
        return self.problem is None

    def matches(self, finding: Finding) -> bool:
        """True when this suppression covers ``finding`` (a rule entry ending in ``*`` covers
        every rule with that prefix)."""
        if not any(
            finding.rule_id == rule or (rule.endswith("*") and finding.rule_id.startswith(rule[:-1]))
            for rule in self.rules
        ):
            return False
        path = finding.location.path or ""
        if self.source == "policy":
            return fnmatch.fnmatchcase(path, self.path)
        return path == self.path and (finding.location.line or 0) in self.covers


def _options(text: str) -> dict[str, str]:
    try:
        words = shlex.split(text.strip().rstrip("*/->").strip())
    except ValueError:
        words = text.split()
    return dict(word.split("=", 1) for word in words if "=" in word)


def _problem(reason: str | None, until_text: str | None, today: dt.date) -> tuple[dt.date | None, str | None]:
    until = None
    if until_text:
        try:
            until = dt.date.fromisoformat(until_text)
        except ValueError:
            return None, f"until={until_text!r} is not a date (YYYY-MM-DD)"
        if until < today:
            return until, f"expired on {until.isoformat()}"
    if not reason:
        return until, "no reason given"
    return until, None


def native_rules(line: str, marker: str) -> tuple[str, ...]:
    """The tool rules a native marker on ``line`` covers: bandit's ``# nosec`` (all its tests, or
    those listed: ``# nosec B105, B106``; https://bandit.readthedocs.io/en/latest/config.html),
    semgrep's ``nosemgrep`` (all rules, or ``nosemgrep: rule-id, other-id``;
    https://semgrep.dev/docs/ignoring-files-folders-code). ``pragma: allowlist secret`` is
    applied by the secret scanners themselves and covers no rule here."""
    rest = line.split(marker, 1)[1] if marker in line else ""
    if marker == "# nosec":
        tests = [t.strip(" ,") for t in rest.replace(",", " ").split() if t.strip(" ,")]
        ids = [t for t in tests if len(t) == 4 and t[0] == "B" and t[1:].isdigit()]
        return tuple(f"bandit/{t}" for t in ids) or ("bandit/*",)
    if marker == "nosemgrep":
        if rest.lstrip().startswith(":"):
            ids = [r.strip() for r in rest.lstrip()[1:].split(",") if r.strip()]
            names = [r.split()[0].rsplit(".", 1)[-1] for r in ids if r.split()]
            return tuple(f"semgrep/{n}" for n in names) or ("semgrep/*",)
        return ("semgrep/*",)
    return ()


def inline(repo: Repository, today: dt.date) -> list[Suppression]:
    """Inline ``readycheck: ignore[...]`` directives and native markers of every readable
    file (lockfiles left out)."""
    found: list[Suppression] = []
    for source in repo.code_files():
        text = source.text
        if "readycheck:" not in text and not any(marker in text for marker in NATIVE_MARKERS):
            continue
        lines = source.lines
        for number, raw in enumerate(lines, start=1):
            match = DIRECTIVE.search(raw)
            if match:
                rules = tuple(r.strip() for r in match.group(1).split(",") if r.strip())
                options = _options(match.group(2))
                reason = options.get("reason") or None
                until, problem = _problem(reason, options.get("until"), today)
                after = next((n for n in range(number + 1, len(lines) + 1) if lines[n - 1].strip()), number)
                found.append(
                    Suppression(
                        source="inline",
                        path=source.path,
                        line=number,
                        rules=rules,
                        reason=reason,
                        until=until,
                        until_text=options.get("until"),
                        problem=problem if rules else "names no rule",
                        covers=(number, after),
                    )
                )
                continue
            for marker in NATIVE_MARKERS:
                if marker in raw:
                    found.append(
                        Suppression(
                            source="native",
                            path=source.path,
                            line=number,
                            rules=native_rules(raw, marker),
                            reason=f"`{marker.lstrip('# ')}` marker of the tool",
                            covers=(number,),
                        )
                    )
                    break
    return found


def from_policy(policy: Policy, today: dt.date) -> list[Suppression]:
    """The policy's ``suppressions`` entries."""
    found = []
    for entry in policy.suppressions:
        reason = str(entry.get("reason") or "") or None
        until_text = str(entry["until"]) if entry.get("until") is not None else None
        until, problem = _problem(reason, until_text, today)
        found.append(
            Suppression(
                source="policy",
                path=str(entry.get("path", "*")),
                line=None,
                rules=(str(entry["rule"]),),
                reason=reason,
                until=until,
                until_text=until_text,
                problem=problem,
            )
        )
    return found


def collect(repo: Repository, policy: Policy, today: dt.date | None = None) -> list[Suppression]:
    """Every suppression of a scan: inline, native and policy."""
    day = today or dt.date.today()
    return inline(repo, day) + from_policy(policy, day)


def apply(findings: Iterable[Finding], suppressions: list[Suppression]) -> tuple[list[Finding], set[int]]:
    """Mark the findings valid suppressions cover; returns them and the indexes (into
    ``suppressions``) of the suppressions that were used."""
    used: set[int] = set()
    out: list[Finding] = []
    for finding in findings:
        for index, suppression in enumerate(suppressions):
            if suppression.valid and suppression.matches(finding):
                used.add(index)
                finding = dataclasses.replace(
                    finding, suppressed=True, suppression_reason=f"{suppression.source}: {suppression.reason}"
                )
                break
        out.append(finding)
    return out, used


def report_entry(suppression: Suppression, used: bool) -> dict[str, object]:
    """One entry of the report's ``suppressions`` list."""
    return {
        "source": suppression.source,
        "path": suppression.path,
        "line": suppression.line,
        "rules": list(suppression.rules),
        "reason": suppression.reason,
        "until": suppression.until_text,
        "used": used,
        "problem": suppression.problem,
    }
