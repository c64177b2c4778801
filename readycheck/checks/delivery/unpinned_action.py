"""RC708 unpinned-action: a GitHub Action used by a tag or branch instead of a commit."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.checks.base import Check, CheckContext
from readycheck.checks.delivery._common import github_workflows
from readycheck.model import Category, Confidence, Finding, Severity

FIRST_PARTY = ("actions/", "github/")


def is_pinned(uses: str) -> bool:
    """True for a local action (``./``), a Docker image by digest, or ``owner/repo@<40 hex>``."""
    if uses.startswith("./"):
        return True
    if uses.startswith("docker://"):
        return "@sha256:" in uses
    _, _, ref = uses.partition("@")
    return len(ref) == 40 and all(c in "0123456789abcdef" for c in ref.lower())


class UnpinnedAction(Check):
    """
    ## What it does

    Finds `uses:` references in GitHub Actions workflows that point at a tag or a branch
    (`owner/action@v3`, `@main`) instead of a full commit SHA. Actions published by GitHub
    (`actions/*`, `github/*`) are reported at low severity, third-party actions at medium.
    Corresponds to OpenSSF Scorecard's Pinned-Dependencies check.

    ## Why is this bad?

    A tag can be moved. When a third-party action is compromised, as `tj-actions/changed-files`
    was in March 2025, every workflow that uses it by tag runs the attacker's code with your
    secrets on its next run.

    ## Example

    ```yaml
    - uses: superfly/flyctl-actions/setup-flyctl@master
    ```

    ## Use instead

    ```yaml
    - uses: superfly/flyctl-actions/setup-flyctl@fc53c09e1bc3be6f54706524e3b82c4f462f77be # v1.5
    ```

    ## References

    - [GitHub: security hardening, using third-party actions](https://docs.github.com/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions)
    - [OpenSSF Scorecard: Pinned-Dependencies](https://github.com/ossf/scorecard/blob/main/docs/checks.md#pinned-dependencies)
    - [OWASP A08:2021 Software and Data Integrity Failures](https://owasp.org/Top10/A08_2021-Software_and_Data_Integrity_Failures/)
    - [CWE-829: Inclusion of Functionality from Untrusted Control Sphere](https://cwe.mitre.org/data/definitions/829.html)
    """

    id = "RC708"
    name = "unpinned-action"
    category = Category.DELIVERY
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    summary = "A GitHub Action is used by tag or branch, not by commit SHA."
    owasp = ("A08:2021", "A03:2025")
    cwe = ("CWE-829", "CWE-494")

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per unpinned ``uses:``."""
        for workflow in github_workflows(ctx):
            for job in workflow.jobs.values():
                for step in job.steps:
                    if step.uses is None or is_pinned(step.uses):
                        continue
                    first_party = step.uses.startswith(FIRST_PARTY)
                    yield ctx.finding(
                        path=step.path,
                        line=step.uses_line or step.line,
                        message=(
                            f"{step.uses} is used by a tag or branch that its owner can move; pin it to a commit SHA."
                        ),
                        severity=Severity.LOW if first_party else Severity.MEDIUM,
                    )
