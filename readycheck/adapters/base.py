"""The base class of tool adapters.

An adapter wraps one external scanner. It builds an argv, runs it through
:func:`readycheck.adapters._subprocess.run_tool`, and turns the output into findings with a
pure parse function tested on recorded outputs. When the tool is missing, times out, crashes
or prints something unparseable, the adapter raises :class:`ToolError`; the engine records
the run as ``errored`` and the report becomes provisional. Adapters register under the
``readycheck.adapters`` entry-point group.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from readycheck.adapters._subprocess import ToolOutcome, run_tool
from readycheck.analysis import ProgramModels
from readycheck.checks.base import fingerprint, normalise_line
from readycheck.model import (
    Category,
    Confidence,
    Finding,
    Location,
    NotChecked,
    Severity,
)
from readycheck.policy import Policy
from readycheck.redact import redact_quoted
from readycheck.repository import Repository, SourceFile


class ToolError(Exception):
    """The tool could not run to completion. The message is one line for the report (no
    secret values): e.g. ``"bandit not found on PATH"`` or ``"timed out after 300 s"``."""


class ToolNotApplicable(Exception):  # noqa: N818 - a signal, not an error
    """Nothing in the repository for this tool (e.g. no Python files for bandit)."""


@dataclass(kw_only=True)
class ToolContext:
    """What an adapter run sees: the repository, the policy, its own options
    (``tools.<id>`` in the policy), the scan's shared program models (the dependency model,
    built once for the audits and RC901/RC902), a place to record files it could not check,
    ``--tool-timeout`` (seconds, or None) and the scan's deadline (a ``time.monotonic()``
    instant, or None)."""

    repo: Repository
    policy: Policy
    options: Mapping[str, Any] = field(default_factory=dict)
    models: ProgramModels = None  # type: ignore[assignment]  # set in __post_init__ when not given
    not_checked: list[NotChecked] = field(default_factory=list)
    version: str | None = None
    tool_timeout: float | None = None
    deadline: float | None = None

    def __post_init__(self) -> None:
        if self.models is None:
            self.models = ProgramModels(self.repo, self.policy)

    def timeout(self, default: float) -> float:
        """Seconds one run of the tool may take: ``--tool-timeout`` when given, else the
        policy's ``tools.<id>.timeout``, else ``default``."""
        if self.tool_timeout is not None:
            return self.tool_timeout
        return float(self.options.get("timeout", default))

    def run_tool(
        self,
        argv: Sequence[str],
        *,
        default_timeout: float,
        cwd: Path | None = None,
        env: Mapping[str, str] | None = None,
    ) -> ToolOutcome:
        """Run the tool through :func:`readycheck.adapters._subprocess.run_tool` with this
        run's timeout (:meth:`timeout`) and the scan's deadline."""
        return run_tool(argv, timeout=self.timeout(default_timeout), cwd=cwd, env=env, deadline=self.deadline)

    def finding(
        self,
        *,
        rule_id: str,
        category: Category,
        severity: Severity,
        confidence: Confidence,
        path: str | None,
        line: int | None,
        message: str,
        owasp: tuple[str, ...] = (),
        cwe: tuple[str, ...] = (),
        end_line: int | None = None,
        key: str | None = None,
        redact_snippet: bool = False,
        context: str | None = None,
    ) -> Finding:
        """Build a finding of a tool rule (``rule_id`` like ``bandit/B105``). ``message`` must
        hold no secret value; with ``redact_snippet`` the source line shown has its string
        literals redacted (a tool's hard-coded password finding); ``context`` says why the
        severity is below the tool's (:attr:`~readycheck.model.Finding.context`)."""
        source = self.repo.get(path) if path else None
        text = source.line(line) if source is not None and line else ""
        if redact_snippet:
            text = redact_quoted(text)
        return Finding(
            rule_id=rule_id,
            category=category,
            severity=severity,
            confidence=confidence,
            location=Location(path=path, line=line, end_line=end_line or line),
            message=message,
            owasp=owasp,
            cwe=cwe,
            fingerprint=fingerprint(rule_id, path, key or normalise_line(text) or message),
            snippet=text.strip()[:300] or None,
            context=context,
        )


# Files above this size (bytes) are not handed to the linters (bandit, semgrep): generated or
# data files, where a parse takes long and finds nothing a person wrote.
TOOL_MAX_FILE_BYTES = 1_000_000


def tool_targets(ctx: ToolContext, sources: Iterable[SourceFile], tool: str) -> list[SourceFile]:
    """``sources`` small enough to lint; larger ones are recorded as not checked by ``tool``."""
    kept = []
    for source in sources:
        if source.size > TOOL_MAX_FILE_BYTES:
            ctx.not_checked.append(NotChecked(path=source.path, reason=f"larger than 1 MB: not given to {tool}"))
        else:
            kept.append(source)
    return kept


class ToolAdapter(abc.ABC):
    """Base class of an adapter.

    Attributes:
        id: lower-case tool id, also the prefix of its rule ids (``bandit`` -> ``bandit/B105``).
        name: human name of the tool.
        categories: the report categories its findings go to.
        summary: one sentence for ``readycheck checks``.
        required_by_default: whether the default policy requires the tool to complete.
    """

    id: ClassVar[str]
    name: ClassVar[str]
    categories: ClassVar[tuple[Category, ...]]
    summary: ClassVar[str]

    @abc.abstractmethod
    def run(self, ctx: ToolContext) -> Iterable[Finding]:
        """Run the tool on ``ctx.repo`` and yield its findings.

        Raises:
            ToolError: the tool is missing, timed out, crashed or printed unparseable output.
            ToolNotApplicable: there is nothing for the tool to scan.
        """
