"""The bandit adapter: Python security linting (https://bandit.readthedocs.io, 1.7+).

bandit runs on the repository's Python files as readycheck's inventory lists them (so
``.gitignore``, policy excludes and vendored folders are respected), with ``--ignore-nosec``
so that lines marked ``# nosec`` are still reported and shown as suppressed (the marker is
applied by :mod:`readycheck.suppressions`), and with no configuration file of the scanned
repository (its targets are files, so bandit looks for no ``.bandit`` file). bandit parses the
files; it never imports or runs them.

Output format (``-f json``): an object with ``results`` (``filename``, ``line_number``,
``line_range``, ``test_id``, ``test_name``, ``issue_severity`` / ``issue_confidence`` (``LOW`` |
``MEDIUM`` | ``HIGH``), ``issue_cwe`` {``id``}, ``issue_text``, ``more_info``, and ``code``,
which readycheck never keeps: it holds source lines, secrets included) and ``errors``
(``filename``, ``reason``). Exit code 0 when clean, 1 when it reports issues.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from readycheck._resources import policies_dir
from readycheck.adapters._subprocess import OutcomeKind
from readycheck.adapters.base import ToolAdapter, ToolContext, ToolError, ToolNotApplicable, tool_targets
from readycheck.checks.secrets.hardcoded_secret import is_placeholder
from readycheck.model import Category, Confidence, Finding, NotChecked, Severity
from readycheck.redact import quoted_strings, redact_quoted
from readycheck.repository import is_test_path

# Tests whose message quotes a secret (the hard-coded password itself).
SECRET_TESTS = frozenset({"B105", "B106", "B107"})
_LEVELS = {"LOW": 0, "MEDIUM": 1, "HIGH": 2}
_SEVERITY = (Severity.LOW, Severity.MEDIUM, Severity.HIGH)
_CONFIDENCE = (Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH)
# bandit handles a few thousand paths per call comfortably; more go in several calls.
_CHUNK = 2000


@dataclass(frozen=True, kw_only=True)
class BanditIssue:
    """One bandit result, without its ``code``: path as given to bandit, 1-based line, test id,
    bandit's severity and confidence (0 low .. 2 high), CWE number or None, and message."""

    filename: str
    line: int
    test_id: str
    severity: int
    confidence: int
    cwe: int | None
    text: str
    more_info: str


@cache
def bandit_data() -> Mapping[str, Any]:
    """``policies/bandit.yml``: ``skip`` (test ids) and ``owasp`` (OWASP id → test ids).

    Raises:
        ToolError: the data file is missing or malformed.
    """
    try:
        data = yaml.safe_load((policies_dir() / "bandit.yml").read_text(encoding="utf-8"))
        return {"skip": list(data["skip"]), "owasp": dict(data["owasp"])}
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise ToolError(f"readycheck's bandit data cannot be read ({exc.__class__.__name__})") from exc


def owasp_of(test_id: str) -> tuple[str, ...]:
    """The OWASP ids ``policies/bandit.yml`` maps a bandit test to (may be empty)."""
    return tuple(owasp for owasp, tests in bandit_data()["owasp"].items() if test_id in tests)


def parse_output(stdout: str) -> tuple[list[BanditIssue], list[tuple[str, str]]]:
    """Read bandit's JSON report.

    Returns:
        (issues, errors as (filename, reason)).

    Raises:
        ToolError: the output is not bandit's JSON report.
    """
    try:
        data = json.loads(stdout)
        results = data["results"]
        errors = data.get("errors", [])
        issues = [
            BanditIssue(
                filename=str(item["filename"]),
                line=int(item["line_number"]),
                test_id=str(item["test_id"]),
                severity=_LEVELS.get(str(item.get("issue_severity", "")).upper(), 1),
                confidence=_LEVELS.get(str(item.get("issue_confidence", "")).upper(), 1),
                cwe=int(item["issue_cwe"]["id"]) if isinstance(item.get("issue_cwe"), dict) else None,
                text=str(item.get("issue_text", "")),
                more_info=str(item.get("more_info", "")),
            )
            for item in results
        ]
        problems = [(str(e.get("filename", "?")), str(e.get("reason", "error"))) for e in errors]
    except (ValueError, KeyError, TypeError) as exc:
        raise ToolError(f"bandit printed something that is not its JSON report ({exc.__class__.__name__})") from exc
    return issues, problems


# OAuth 2.0 token types (RFC 6750, RFC 7235 schemes): `"token_type": "bearer"` is bandit B105's
# best-known false positive.
_TOKEN_TYPES = frozenset({"bearer", "basic", "mac", "dpop", "jwt"})


def is_dummy_password(issue: BanditIssue) -> bool:
    """Whether a hard-coded password issue quotes a placeholder (``changeme``, ``<token>``,
    ``""``) or an OAuth token type rather than a credential (the filters of RC101)."""
    if issue.test_id not in SECRET_TESTS:
        return False
    quoted = quoted_strings(issue.text)
    return bool(quoted) and all(q.lower() in _TOKEN_TYPES or is_placeholder(q) for q in quoted)


def safe_message(issue: BanditIssue) -> str:
    """bandit's message with the value of a hard-coded password redacted."""
    return redact_quoted(issue.text) if issue.test_id in SECRET_TESTS else issue.text


class BanditAdapter(ToolAdapter):
    """Runs bandit on the repository's Python files (see the module docstring)."""

    id = "bandit"
    name = "bandit"
    categories = (Category.CODE_SECURITY, Category.SECRETS)
    summary = "Python security linter: injection, weak crypto, unsafe deserialisation, hard-coded passwords."

    def run(self, ctx: ToolContext) -> Iterable[Finding]:
        """Lint every Python file; tests and examples one severity lower (not with ``--strict``).

        Raises:
            ToolNotApplicable: no Python files.
            ToolError: bandit is missing, timed out, crashed or printed unreadable output.
        """
        sources = tool_targets(ctx, ctx.repo.code_files("python"), "bandit")
        if not sources:
            raise ToolNotApplicable("no Python files")
        skip = sorted({*bandit_data()["skip"], *(str(t) for t in ctx.options.get("skip", []))})
        by_abspath = {str(s.abspath): s.path for s in sources}
        issues: list[BanditIssue] = []
        paths = sorted(by_abspath)
        for start in range(0, len(paths), _CHUNK):
            argv = [
                "bandit",
                "-f",
                "json",
                "-q",
                "--ignore-nosec",
                "-s",
                ",".join(skip),
                *paths[start : start + _CHUNK],
            ]
            with tempfile.TemporaryDirectory(prefix="readycheck-bandit-") as tmp:
                outcome = ctx.run_tool(argv, default_timeout=300, cwd=Path(tmp))
            if outcome.kind != OutcomeKind.COMPLETED:
                raise ToolError(f"bandit could not run: {outcome.detail}")
            if outcome.returncode not in (0, 1):
                raise ToolError(f"bandit failed with {outcome.failure()}")
            found, errors = parse_output(outcome.stdout)
            issues.extend(found)
            ctx.not_checked.extend(
                NotChecked(path=by_abspath.get(name, name), reason=f"bandit: {reason}") for name, reason in errors
            )
        version = ctx.run_tool(["bandit", "--version"], default_timeout=30)
        if version.kind == OutcomeKind.COMPLETED and version.stdout:
            ctx.version = version.stdout.split()[1] if len(version.stdout.split()) > 1 else None
        for issue in issues:
            path = by_abspath.get(issue.filename)
            if path is None or is_dummy_password(issue):
                continue
            in_tests = is_test_path(path) and not ctx.policy.strict
            level = issue.severity - 1 if in_tests else issue.severity
            yield ctx.finding(
                rule_id=f"bandit/{issue.test_id}",
                category=Category.SECRETS if issue.test_id in SECRET_TESTS else Category.CODE_SECURITY,
                severity=_SEVERITY[max(level, 0)],
                # a password-named literal in test code is a fixture value: low confidence, so
                # it cannot raise the confidence of RC101's finding on the same line and block
                confidence=(
                    Confidence.LOW if issue.test_id in SECRET_TESTS and in_tests else _CONFIDENCE[issue.confidence]
                ),
                path=path,
                line=issue.line,
                message=safe_message(issue),
                owasp=owasp_of(issue.test_id),
                cwe=(f"CWE-{issue.cwe}",) if issue.cwe else (),
                redact_snippet=issue.test_id in SECRET_TESTS,
                context="in test code" if in_tests and level < issue.severity else None,
            )
