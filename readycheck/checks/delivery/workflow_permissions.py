"""RC705 excessive-workflow-permissions: a GitHub Actions workflow whose token can write
everything."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.checks.base import Check, CheckContext
from readycheck.checks.delivery._common import github_workflows
from readycheck.model import Category, Confidence, Finding, Severity


class ExcessiveWorkflowPermissions(Check):
    """
    ## What it does

    Finds GitHub Actions workflows that do not set `permissions` at the top level (and not
    on every job either), so their `GITHUB_TOKEN` gets the repository's default, which is
    read-write for repositories created before February 2023 and for many organisations;
    and workflows or jobs that ask for `permissions: write-all`. Corresponds to OpenSSF
    Scorecard's Token-Permissions check.

    ## Why is this bad?

    Any step of the workflow (a third-party action, a compromised dependency installed by
    `npm install`) can use the token to push code, change releases or approve pull requests.

    ## Example

    ```yaml
    on: push
    jobs:
      test: {runs-on: ubuntu-latest, steps: [{run: npm test}]}
    ```

    ## Use instead

    ```yaml
    on: push
    permissions:
      contents: read
    ```

    ## References

    - [GitHub: permissions for the GITHUB_TOKEN](https://docs.github.com/actions/security-for-github-actions/security-guides/automatic-token-authentication#permissions-for-the-github_token)
    - [OpenSSF Scorecard: Token-Permissions](https://github.com/ossf/scorecard/blob/main/docs/checks.md#token-permissions)
    - [OWASP A05:2021 Security Misconfiguration](https://owasp.org/Top10/A05_2021-Security_Misconfiguration/)
    - [CWE-250: Execution with Unnecessary Privileges](https://cwe.mitre.org/data/definitions/250.html)
    """

    id = "RC705"
    name = "excessive-workflow-permissions"
    category = Category.DELIVERY
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    summary = "A GitHub Actions workflow's token is not limited (no permissions, or write-all)."
    owasp = ("A05:2021", "A08:2021")
    cwe = ("CWE-250",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per workflow without permissions; one per ``write-all``."""
        for workflow in github_workflows(ctx):
            if workflow.permissions == "write-all":
                yield ctx.finding(
                    path=workflow.path,
                    line=workflow.permissions_line,
                    message="This workflow gives its token write access to everything (permissions: write-all).",
                )
            elif workflow.permissions is None:
                unset = [job for job in workflow.jobs.values() if job.permissions is None]
                if unset:
                    yield ctx.finding(
                        path=workflow.path,
                        line=unset[0].line,
                        message=(
                            "This workflow does not set `permissions`, so its token gets the repository default "
                            f"(often read-write) in job '{unset[0].name}'"
                            + (f" and {len(unset) - 1} more" if len(unset) > 1 else "")
                            + ". Add `permissions: contents: read` at the top."
                        ),
                        key=f"{workflow.path} no permissions",
                    )
            for job in workflow.jobs.values():
                if job.permissions == "write-all":
                    yield ctx.finding(
                        path=workflow.path,
                        line=job.permissions_line,
                        message=(
                            f"Job '{job.name}' gives its token write access to everything (permissions: write-all)."
                        ),
                    )
