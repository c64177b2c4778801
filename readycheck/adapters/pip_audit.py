"""The pip-audit adapter: known vulnerabilities of the repository's Python dependencies
(https://github.com/pypa/pip-audit, 2.7+), looked up in OSV.

Nothing of the scanned repository is built, installed or executed: readycheck reads the pinned
versions itself (:mod:`readycheck.analysis.dependencies`: requirements files, ``pyproject.toml``,
``poetry.lock``, ``uv.lock``, ``Pipfile.lock``), writes them as ``name==version`` lines to a
temporary requirements file and runs ``pip-audit -r FILE --no-deps --disable-pip -s osv``, so
pip-audit resolves nothing and runs no ``setup.py``. A declared dependency without an exact
version cannot be audited without resolving it: it is listed as not checked (RC901 reports it
as unpinned).

pip-audit prints "No known vulnerabilities found" even when it could not ask the service for
any package: every package it skips is recorded as not checked, and a run where the service
is unreachable is an errored run (the report is provisional), never a clean one. The OSV
endpoint is the policy's ``tools: {pip-audit: {osv-url: ...}}`` (pip-audit's ``--osv-url``).

Output format (``-f json``): ``{"dependencies": [{"name", "version", "vulns": [{"id",
"fix_versions", "aliases", "description"}]} | {"name", "skip_reason"}], "fixes": [...]}``.
Exit code 0 when nothing is found, 1 when vulnerabilities are found.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from packaging.utils import canonicalize_name

from readycheck.adapters._subprocess import OutcomeKind
from readycheck.adapters.base import ToolAdapter, ToolContext, ToolError, ToolNotApplicable
from readycheck.adapters.osv_api import DEFAULT_OSV, OsvClient, OsvUnavailable, base_url, severity_of
from readycheck.analysis.dependencies import Dependency
from readycheck.model import Category, Confidence, Finding, NotChecked, Severity

OWASP = ("A06:2021", "A03:2025")
CWE = ("CWE-1035",)


@dataclass(frozen=True, kw_only=True)
class AuditedPackage:
    """One package of pip-audit's report: canonical name, version (None when skipped), its
    vulnerabilities as (id, aliases, fix versions, description), and the skip reason."""

    name: str
    version: str | None
    vulns: tuple[tuple[str, tuple[str, ...], tuple[str, ...], str], ...] = ()
    skip_reason: str | None = None


def parse_output(stdout: str) -> list[AuditedPackage]:
    """Read pip-audit's JSON report.

    Raises:
        ToolError: the output is not pip-audit's JSON report.
    """
    try:
        data = json.loads(stdout)
        packages = []
        for item in data["dependencies"]:
            vulns = tuple(
                (
                    str(v["id"]),
                    tuple(str(a) for a in v.get("aliases", [])),
                    tuple(str(f) for f in v.get("fix_versions", [])),
                    " ".join(str(v.get("description", "")).split())[:200],
                )
                for v in item.get("vulns", [])
            )
            packages.append(
                AuditedPackage(
                    name=canonicalize_name(str(item["name"])),
                    version=str(item["version"]) if item.get("version") else None,
                    vulns=vulns,
                    skip_reason=str(item["skip_reason"]) if item.get("skip_reason") else None,
                )
            )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ToolError(f"pip-audit printed something that is not its JSON report ({exc.__class__.__name__})") from exc
    return packages


def _unreachable(stderr: str) -> bool:
    markers = ("ConnectionError", "Could not connect", "Max retries exceeded", "NameResolutionError", "ConnectTimeout")
    return any(marker in stderr for marker in markers)


class PipAuditAdapter(ToolAdapter):
    """Runs pip-audit on the pinned Python dependencies (see the module docstring)."""

    id = "pip-audit"
    name = "pip-audit"
    categories = (Category.DEPENDENCIES,)
    summary = "Known vulnerabilities (OSV) in pinned and locked Python dependencies; nothing is installed."

    def run(self, ctx: ToolContext) -> Iterable[Finding]:
        """Audit every exactly pinned or locked Python dependency.

        Raises:
            ToolNotApplicable: the repository declares no Python dependency.
            ToolError: pip-audit is missing, crashed, timed out, or the vulnerability service
                could not be asked (the report is then provisional).
        """
        model = ctx.models.dependencies
        ctx.not_checked.extend(n for n in model.not_checked if not n.path.endswith(("package-lock.json", "yarn.lock")))
        declared = model.of("PyPI")
        if not declared:
            raise ToolNotApplicable("no Python dependencies declared")
        pinned: dict[tuple[str, str], Dependency] = {}
        for dependency in declared:
            if dependency.version is None:
                ctx.not_checked.append(
                    NotChecked(path=dependency.path, reason=f"{dependency.name}: no exact version, not audited")
                )
            else:
                pinned.setdefault((dependency.name, dependency.version), dependency)
        if not pinned:
            raise ToolError("no Python dependency has an exact version to audit (pin them or commit a lockfile)")
        url = str(ctx.options.get("osv-url") or f"{DEFAULT_OSV}/v1/query")
        with tempfile.TemporaryDirectory(prefix="readycheck-pip-audit-") as tmp:
            requirements = Path(tmp) / "requirements.txt"
            requirements.write_text("".join(f"{n}=={v}\n" for n, v in sorted(pinned)), encoding="utf-8")
            argv = [
                "pip-audit",
                "-r",
                str(requirements),
                "--no-deps",
                "--disable-pip",
                "-f",
                "json",
                "--progress-spinner",
                "off",
                "-s",
                "osv",
                "--osv-url",
                base_url(url) + "/v1/query",
                "--cache-dir",
                str(Path(tmp) / "cache"),
            ]
            outcome = ctx.run_tool(argv, default_timeout=300, cwd=Path(tmp))
        if outcome.kind != OutcomeKind.COMPLETED:
            raise ToolError(f"pip-audit could not run: {outcome.detail}")
        if not outcome.stdout.lstrip().startswith("{"):
            if _unreachable(outcome.stderr):
                raise ToolError(f"not checked: the vulnerability service ({base_url(url)}) is unreachable")
            raise ToolError(f"pip-audit failed with {outcome.failure()} (no report)")
        packages = parse_output(outcome.stdout)
        version = ctx.run_tool(["pip-audit", "--version"], default_timeout=30)
        if version.kind == OutcomeKind.COMPLETED:
            ctx.version = version.stdout.split()[-1] if version.stdout.split() else None
        skipped = [p for p in packages if p.skip_reason]
        for package in skipped:
            where = next((d.path for (n, _), d in pinned.items() if n == package.name), "requirements")
            ctx.not_checked.append(
                NotChecked(path=where, reason=f"{package.name}: not checked ({package.skip_reason})")
            )
        if packages and len(skipped) == len(packages):
            raise ToolError(
                f"not checked: pip-audit skipped all {len(packages)} packages (is {base_url(url)} reachable?)"
            )
        client = OsvClient(base_url(url), timeout=30)
        for package in packages:
            found = pinned.get((package.name, package.version or ""))
            if found is None:
                continue
            dependency = found
            for vuln_id, aliases, fixes, description in package.vulns:
                try:
                    severity = severity_of(client.vulnerability(vuln_id))
                except OsvUnavailable:
                    severity = Severity.HIGH
                fix = f"; fixed in {', '.join(fixes)}" if fixes else "; no fixed version yet"
                also = f" ({', '.join(aliases[:3])})" if aliases else ""
                yield ctx.finding(
                    rule_id=f"pip-audit/{vuln_id}",
                    category=Category.DEPENDENCIES,
                    severity=severity,
                    confidence=Confidence.HIGH,
                    path=dependency.path,
                    line=dependency.line,
                    message=f"{dependency.name} {dependency.version} has a known vulnerability {vuln_id}{also}: "
                    f"{description or 'see the advisory'}{fix}",
                    owasp=OWASP,
                    cwe=CWE,
                    key=f"{dependency.name}\0{vuln_id}",
                )
