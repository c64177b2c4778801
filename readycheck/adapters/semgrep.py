"""The semgrep adapter: readycheck's own rule pack (``policies/semgrep/``) and the user's rule
folders, run offline (https://semgrep.dev/docs/cli-reference).

semgrep always runs with local configuration only, ``--metrics=off --disable-version-check``
and ``SEMGREP_ENABLE_VERSION_CHECK=0``: without them it waits about 100 s for the network here.
Targets are the Python, JavaScript and TypeScript files of readycheck's inventory (so
``.gitignore``, policy excludes and vendored folders are respected), and ``--disable-nosem``
keeps lines marked ``nosemgrep`` in the output, so the report shows them as suppressed
(:mod:`readycheck.suppressions` applies the marker). ``--no-git-ignore`` leaves target choice
to readycheck (semgrep runs no git), and ``--experimental`` selects osemgrep, semgrep's OCaml
command line, which gives the same results many times faster when the working directory (a
temporary folder, so no ``.semgrepignore`` of the user's folder applies) holds no target.
semgrep parses the files; it never runs them.

Extra rule folders: the policy's ``tools: {semgrep: {rules: [folder, ...]}}``, relative to the
scanned folder or absolute.

Output format (``--json``): an object with ``results`` (``check_id``, ``path``,
``start``/``end`` {``line``, ``col``}, ``extra`` {``message``, ``severity`` (``ERROR`` |
``WARNING`` | ``INFO``), ``metadata`` {``cwe``, ``owasp``, ``confidence``}}), ``errors``
(``type``, ``level``, ``message``, ``path``?) and ``version``. Exit code 0 with or without
results; 2 and above on errors.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from readycheck._resources import policies_dir
from readycheck.adapters._subprocess import OutcomeKind
from readycheck.adapters.base import ToolAdapter, ToolContext, ToolError, ToolNotApplicable, tool_targets
from readycheck.model import Category, Confidence, Finding, NotChecked, Severity
from readycheck.repository import is_test_path

LANGUAGES = ("python", "javascript", "typescript", "tsx")
OFFLINE_ENV = {"SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"}
OFFLINE_FLAGS = ("--metrics=off", "--disable-version-check")
_SEVERITY = {"ERROR": Severity.HIGH, "WARNING": Severity.MEDIUM, "INFO": Severity.LOW}
_LOWER = {Severity.HIGH: Severity.MEDIUM, Severity.MEDIUM: Severity.LOW, Severity.LOW: Severity.LOW}
_CONFIDENCE = {"HIGH": Confidence.HIGH, "MEDIUM": Confidence.MEDIUM, "LOW": Confidence.LOW}
_OWASP_ID = re.compile(r"^(A\d\d:20\d\d|API\d{1,2}:20\d\d|LLM\d\d:20\d\d)")
_CWE_ID = re.compile(r"^(CWE-\d+)")
_CHUNK = 2000


@dataclass(frozen=True, kw_only=True)
class SemgrepResult:
    """One semgrep result: rule id (the last part of ``check_id``), the path as given to
    semgrep, 1-based start and end lines, severity and confidence, message, OWASP and CWE ids."""

    rule: str
    path: str
    line: int
    end_line: int
    severity: Severity
    confidence: Confidence
    message: str
    owasp: tuple[str, ...]
    cwe: tuple[str, ...]


def _ids(values: object, pattern: re.Pattern[str]) -> tuple[str, ...]:
    items = values if isinstance(values, list) else [values] if isinstance(values, str) else []
    found = (pattern.match(str(item).strip()) for item in items)
    return tuple(dict.fromkeys(m.group(1) for m in found if m))


def parse_output(stdout: str) -> tuple[list[SemgrepResult], list[tuple[str | None, str]], str | None]:
    """Read semgrep's JSON report.

    Returns:
        (results, errors as (path or None, one-line reason), semgrep's version or None).

    Raises:
        ToolError: the output is not semgrep's JSON report.
    """
    try:
        data = json.loads(stdout)
        results = []
        for item in data["results"]:
            extra = item.get("extra", {})
            metadata = extra.get("metadata", {}) or {}
            results.append(
                SemgrepResult(
                    rule=str(item["check_id"]).rsplit(".", 1)[-1],
                    path=str(item["path"]),
                    line=int(item["start"]["line"]),
                    end_line=int(item.get("end", item["start"])["line"]),
                    severity=_SEVERITY.get(str(extra.get("severity", "")).upper(), Severity.MEDIUM),
                    confidence=_CONFIDENCE.get(str(metadata.get("confidence", "")).upper(), Confidence.MEDIUM),
                    message=" ".join(str(extra.get("message", item["check_id"])).split()),
                    owasp=_ids(metadata.get("owasp"), _OWASP_ID),
                    cwe=_ids(metadata.get("cwe"), _CWE_ID),
                )
            )
        errors = [
            (str(e["path"]) if e.get("path") else None, str(e.get("type", "error")).split("\n")[0][:200])
            for e in data.get("errors", [])
        ]
        version = data.get("version")
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ToolError(f"semgrep printed something that is not its JSON report ({exc.__class__.__name__})") from exc
    return results, errors, str(version) if version else None


def rule_folders(ctx: ToolContext) -> list[Path]:
    """readycheck's pack and the policy's ``tools.semgrep.rules`` folders.

    Raises:
        ToolError: a configured folder does not exist.
    """
    folders = [policies_dir() / "semgrep"]
    for entry in ctx.options.get("rules", []):
        folder = Path(str(entry))
        folder = folder if folder.is_absolute() else ctx.repo.root / folder
        if not folder.exists():
            raise ToolError(f"semgrep rule folder {entry} (tools.semgrep.rules) does not exist")
        folders.append(folder)
    return folders


class SemgrepAdapter(ToolAdapter):
    """Runs semgrep with local rules only (see the module docstring)."""

    id = "semgrep"
    name = "semgrep"
    categories = (Category.CODE_SECURITY,)
    summary = "Pattern rules (readycheck's pack and yours), offline: injection, XSS, JWT, CORS, weak randomness."

    def run(self, ctx: ToolContext) -> Iterable[Finding]:
        """Run every rule folder on the Python, JavaScript and TypeScript files.

        Raises:
            ToolNotApplicable: no files in those languages.
            ToolError: semgrep is missing, timed out, crashed or printed unreadable output.
        """
        sources = tool_targets(ctx, ctx.repo.code_files(*LANGUAGES), "semgrep")
        if not sources:
            raise ToolNotApplicable("no Python, JavaScript or TypeScript files")
        configs = [arg for folder in rule_folders(ctx) for arg in ("--config", str(folder))]
        by_abspath = {str(s.abspath): s.path for s in sources}
        paths = sorted(by_abspath)
        # semgrep's worker processes cost more to start than they save on a small tree
        jobs = "1" if len(paths) < 300 else str(max(1, min(4, os.cpu_count() or 1)))
        results: list[SemgrepResult] = []
        for start in range(0, len(paths), _CHUNK):
            argv = [
                "semgrep",
                "scan",
                *configs,
                "--json",
                *OFFLINE_FLAGS,
                "--disable-nosem",
                "--no-git-ignore",
                # osemgrep, semgrep's OCaml command line: the Python one starts semgrep-core
                # again for every target folder outside its working directory (100 s on
                # mealie's 721 files, 1 s here, same results on the trees measured)
                "--experimental",
                "--quiet",
                "--jobs",
                jobs,
                "--timeout",
                "30",
                *paths[start : start + _CHUNK],
            ]
            # cwd outside the scanned tree: no .semgrepignore or settings of the user's folder apply
            with tempfile.TemporaryDirectory(prefix="readycheck-semgrep-") as tmp:
                outcome = ctx.run_tool(argv, default_timeout=600, env=OFFLINE_ENV, cwd=Path(tmp))
            if outcome.kind != OutcomeKind.COMPLETED:
                raise ToolError(f"semgrep could not run: {outcome.detail}")
            if outcome.returncode not in (0, 1) and not outcome.stdout.lstrip().startswith("{"):
                raise ToolError(f"semgrep failed with {outcome.failure()}")
            found, errors, version = parse_output(outcome.stdout)
            results.extend(found)
            ctx.version = version or ctx.version
            for path, reason in errors:
                shown = by_abspath.get(path, path) if path else "."
                ctx.not_checked.append(NotChecked(path=shown or ".", reason=f"semgrep: {reason}"))
        for result in results:
            path = by_abspath.get(result.path)
            if path is None:
                continue
            yield ctx.finding(
                rule_id=f"semgrep/{result.rule}",
                category=Category.CODE_SECURITY,
                severity=_LOWER[result.severity] if is_test_path(path) else result.severity,
                confidence=result.confidence,
                path=path,
                line=result.line,
                end_line=result.end_line,
                message=result.message,
                owasp=result.owasp,
                cwe=result.cwe,
            )
