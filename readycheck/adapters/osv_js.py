"""The OSV adapter for JavaScript dependencies: every package version locked in
``package-lock.json``, ``npm-shrinkwrap.json``, ``pnpm-lock.yaml`` or ``yarn.lock`` (read by
:mod:`readycheck.analysis.dependencies`) is looked up in OSV with one batch query per 1,000
packages, then each advisory found is read for its summary, severity and fixed versions
(:mod:`readycheck.adapters.osv_api`). Nothing is installed or run.

When the service cannot be asked, the run is errored with the reason ("not checked"), so
the report is provisional: never clean. The endpoint is the policy's
``tools: {osv: {url: ...}}`` (default https://api.osv.dev).
"""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.adapters.base import ToolAdapter, ToolContext, ToolError, ToolNotApplicable
from readycheck.adapters.osv_api import (
    OsvClient,
    OsvUnavailable,
    base_url,
    fixed_versions,
    severity_of,
    title_of,
)
from readycheck.adapters.pip_audit import CWE, OWASP
from readycheck.analysis.dependencies import Dependency
from readycheck.model import Category, Confidence, Finding


class OsvJsAdapter(ToolAdapter):
    """Looks up locked npm packages in OSV (see the module docstring)."""

    id = "osv"
    name = "OSV (npm)"
    categories = (Category.DEPENDENCIES,)
    summary = "Known vulnerabilities (OSV) in the npm packages of package-lock.json, pnpm-lock.yaml and yarn.lock."

    def run(self, ctx: ToolContext) -> Iterable[Finding]:
        """One finding per (locked package version, advisory); the same advisory in several
        lockfiles is reported in each.

        Raises:
            ToolNotApplicable: no JavaScript lockfile.
            ToolError: the OSV service could not be asked.
        """
        model = ctx.models.dependencies
        ctx.not_checked.extend(n for n in model.not_checked if n.path.endswith(("lock.json", ".lock", "lock.yaml")))
        locked = [d for d in model.of("npm") if d.version and d.locked]
        if not locked:
            if any(n.path.endswith(("lock.json", ".lock", "lock.yaml")) for n in model.not_checked):
                raise ToolError("not checked: no JavaScript lockfile could be read")
            raise ToolNotApplicable("no JavaScript lockfile (package-lock.json, pnpm-lock.yaml, yarn.lock)")
        unique: dict[tuple[str, str], list[Dependency]] = {}
        for dependency in locked:
            unique.setdefault((dependency.name, dependency.version or ""), []).append(dependency)
        url = base_url(str(ctx.options.get("url") or ctx.options.get("osv-url") or ""))
        client_timeout = ctx.timeout(60)
        try:
            client = OsvClient(url, timeout=client_timeout)
            keys = sorted(unique)
            answers = client.query_batch("npm", keys)
            hits = [(key, ids) for key, ids in zip(keys, answers, strict=True) if ids]
            records = {vuln_id: client.vulnerability(vuln_id) for _, ids in hits for vuln_id in ids}
        except OsvUnavailable as exc:
            raise ToolError(f"not checked: {exc}") from exc
        ctx.version = "OSV API v1"
        for (name, version), ids in hits:
            for vuln_id in ids:
                record = records[vuln_id]
                fixes = fixed_versions(record, name, "npm")
                fix = f"; fixed in {', '.join(fixes)}" if fixes else "; no fixed version yet"
                aliases = [str(a) for a in record.get("aliases", []) or []][:3]
                also = f" ({', '.join(aliases)})" if aliases else ""
                for dependency in unique[(name, version)]:
                    yield ctx.finding(
                        rule_id=f"osv/{vuln_id}",
                        category=Category.DEPENDENCIES,
                        severity=severity_of(record),
                        confidence=Confidence.HIGH,
                        path=dependency.path,
                        line=_line(ctx, dependency),
                        message=f"{name} {version} has a known vulnerability {vuln_id}{also}: "
                        f"{title_of(record) or 'see the advisory'}{fix}",
                        owasp=OWASP,
                        cwe=CWE,
                        key=f"{name}\0{version}\0{vuln_id}",
                    )


def _line(ctx: ToolContext, dependency: Dependency) -> int:
    """The lockfile line naming the package (first mention), or 1."""
    source = ctx.repo.get(dependency.path)
    if source is None:
        return 1
    for needle in (
        f'"node_modules/{dependency.name}"',
        f'"{dependency.name}@',
        f"{dependency.name}@",
        f"/{dependency.name}@",
    ):
        for number, text in enumerate(source.lines, start=1):
            if needle in text:
                return number
    return 1
