"""The base class of every check, and the context it runs with.

A check turns facts about the repository into findings; it never scores, prints or exits
(DESIGN.md section 1). Third-party checks subclass :class:`Check` and register it under the
``readycheck.checks`` entry-point group, exactly like the built-in ones.
"""

from __future__ import annotations

import abc
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import ClassVar

from readycheck.analysis import ProgramModels
from readycheck.catalog import parse_docs
from readycheck.model import (
    Category,
    Confidence,
    EndpointRef,
    Finding,
    Hop,
    Location,
    NotChecked,
    RuleMeta,
    Severity,
)
from readycheck.policy import Policy
from readycheck.repository import Repository


class NotApplicable(Exception):  # noqa: N818 - a signal, not an error
    """Raised by :meth:`Check.run` when the repository has nothing this check applies to
    (for example no migrations). The run is recorded as ``skipped`` with the message as
    reason, and the rule does not count in its category's score."""


def fingerprint(rule_id: str, path: str | None, key: str) -> str:
    """A stable 20-hex-digit fingerprint of a finding.

    Args:
        rule_id: the rule, e.g. ``RC101``.
        path: repo-relative path, or None for a repository-level finding.
        key: what identifies the finding inside the file independently of its line number
            (by default the whitespace-normalised source line); never a secret value.
    """
    digest = hashlib.sha256(f"{rule_id}\0{path or ''}\0{key}".encode()).hexdigest()
    return digest[:20]


def normalise_line(text: str) -> str:
    """Collapse runs of white space so that re-indentation keeps fingerprints stable."""
    return " ".join(text.split())


@dataclass(kw_only=True)
class CheckContext:
    """What a check run sees: the repository, the policy, its own rule metadata (severity
    already overridden by policy), the shared program models (endpoint inventory, SQL database
    model; built once per scan) and a place to record files it could not check."""

    repo: Repository
    policy: Policy
    meta: RuleMeta
    models: ProgramModels = None  # type: ignore[assignment]  # set in __post_init__ when not given
    not_checked: list[NotChecked] = field(default_factory=list)
    incomplete: str | None = None

    def __post_init__(self) -> None:
        if self.models is None:
            self.models = ProgramModels(self.repo, self.policy)

    def mark_incomplete(self, reason: str) -> None:
        """Record that this run could not cover what it applies to (for example an app whose web
        framework is not modelled). Its findings are kept, but the run is recorded as
        ``errored`` with ``reason``, so the report is provisional and the category never reads
        as a pass. ``reason`` must not contain repository content."""
        self.incomplete = reason

    def note_unchecked(self, notes: Iterable[NotChecked]) -> None:
        """Copy a program model's not-checked notes (files it could not parse) into this run."""
        self.not_checked.extend(notes)

    def skip_file(self, path: str, reason: str) -> None:
        """Record that ``path`` could not be checked by this run (one line, no secrets)."""
        self.not_checked.append(NotChecked(path=path, reason=reason))

    def finding(
        self,
        *,
        path: str | None,
        line: int | None,
        message: str,
        end_line: int | None = None,
        severity: Severity | None = None,
        confidence: Confidence | None = None,
        key: str | None = None,
        snippet: str | None = None,
        endpoint: EndpointRef | None = None,
        owasp: tuple[str, ...] | None = None,
        cwe: tuple[str, ...] | None = None,
        evidence: tuple[Hop, ...] = (),
        context: str | None = None,
    ) -> Finding:
        """Build a finding of this run's rule.

        Args:
            path: repo-relative POSIX path, or None for a repository-level finding.
            line: 1-based line, or None.
            message: one line for the user; must not contain a secret value.
            severity / confidence: override the rule's defaults for this finding.
            key: fingerprint key (see :func:`fingerprint`); defaults to the normalised text
                of the source line, so that inserting lines above keeps the fingerprint.
            snippet: the source line to show; defaults to the line itself. Secret rules pass
                a redacted snippet.
            evidence: the hops the rule followed to its claim (``path:line`` and a note each).
            context: why ``severity`` is below the rule's (:attr:`Finding.context`), or None.
        """
        source = self.repo.get(path) if path else None
        if snippet is None and source is not None and line:
            snippet = source.line(line).strip()
        if key is None:
            key = normalise_line(source.line(line)) if source is not None and line else message
        meta = self.meta
        return Finding(
            rule_id=meta.id,
            category=meta.category,
            severity=severity or meta.severity,
            confidence=confidence or meta.confidence,
            location=Location(path=path, line=line, end_line=end_line or line),
            message=message,
            owasp=owasp if owasp is not None else meta.owasp,
            cwe=cwe if cwe is not None else meta.cwe,
            fingerprint=fingerprint(meta.id, path, key),
            endpoint=endpoint,
            snippet=snippet[:300] if snippet else None,
            evidence=tuple(evidence)[:16],
            context=context,
        )


class Check(abc.ABC):
    """Base class of a check: one rule, documented by its class docstring.

    Subclasses set the class attributes below and implement :meth:`run`. The docstring must
    have the sections *What it does*, *Why is this bad?*, *Example*, *Use instead* and
    *References* as level-2 Markdown headings (validated when the check is loaded).

    Attributes:
        id: ``RC`` + three digits for built-in rules (hundreds digit = family); plugins use
            their own upper-case prefix, e.g. ``ACME001``.
        name: kebab-case name of the problem, e.g. ``hardcoded-secret``.
        category: the report category.
        severity / confidence: defaults for the rule's findings.
        summary: one sentence shown in rule tables.
        owasp: OWASP ids, e.g. ``("A07:2021",)``; cwe: CWE ids, e.g. ``("CWE-798",)``.
    """

    id: ClassVar[str]
    name: ClassVar[str]
    category: ClassVar[Category]
    severity: ClassVar[Severity]
    confidence: ClassVar[Confidence]
    summary: ClassVar[str]
    owasp: ClassVar[tuple[str, ...]] = ()
    cwe: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def rule_meta(cls, origin: str = "readycheck-audit") -> RuleMeta:
        """The rule's metadata with documentation parsed from the docstring.

        Raises:
            readycheck.catalog.DocsError: a documentation section is missing.
            AttributeError: a required class attribute is missing.
        """
        return RuleMeta(
            id=cls.id,
            name=cls.name,
            category=Category(cls.category),
            severity=Severity(cls.severity),
            confidence=Confidence(cls.confidence),
            summary=cls.summary,
            owasp=tuple(cls.owasp),
            cwe=tuple(cls.cwe),
            docs=parse_docs(cls.__doc__),
            origin=origin,
        )

    @abc.abstractmethod
    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """Yield the findings of this rule in ``ctx.repo``.

        Raises:
            NotApplicable: the repository has nothing this rule applies to.
        """
