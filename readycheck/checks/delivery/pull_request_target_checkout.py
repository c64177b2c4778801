"""RC706 pull-request-target-checkout: a privileged workflow that runs a pull request's code."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.analysis.commands import split_commands
from readycheck.checks.base import Check, CheckContext, NotApplicable
from readycheck.checks.delivery._common import github_workflows
from readycheck.model import Category, Confidence, Finding, Severity

_PRIVILEGED = frozenset({"pull_request_target", "workflow_run"})
_HEAD_REFS = ("github.event.pull_request.head", "github.head_ref", "refs/pull/", "github.event.number")


class PullRequestTargetCheckout(Check):
    """
    ## What it does

    Finds workflows triggered by `pull_request_target` (or `workflow_run`, which also runs
    with the base repository's secrets) that check out the pull request's code:
    `actions/checkout` with a `ref` of `github.event.pull_request.head.sha`/`.ref`,
    `github.head_ref` or `refs/pull/...`, or `git checkout`/`gh pr checkout` of the same in
    a `run` step. This is the "pwn request" pattern.

    ## Why is this bad?

    `pull_request_target` runs with a read-write token and the repository's secrets, even for
    pull requests from forks. Once the attacker's code is checked out, their build scripts,
    tests or `npm install` hooks run with those secrets: anyone can open a pull request and
    steal your deploy keys.

    ## Example

    ```yaml
    on: pull_request_target
    jobs:
      test:
        steps:
          - uses: actions/checkout@v4
            with:
              ref: ${{ github.event.pull_request.head.sha }}
          - run: npm install && npm test
    ```

    ## Use instead

    Use the `pull_request` trigger for anything that runs the pull request's code; keep
    `pull_request_target` for labelling and commenting, without checking out the head.

    ## References

    - [GitHub Security Lab: preventing pwn requests](https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/)
    - [OWASP A08:2021 Software and Data Integrity Failures](https://owasp.org/Top10/A08_2021-Software_and_Data_Integrity_Failures/)
    - [CWE-829: Inclusion of Functionality from Untrusted Control Sphere](https://cwe.mitre.org/data/definitions/829.html)
    """

    id = "RC706"
    name = "pull-request-target-checkout"
    category = Category.DELIVERY
    severity = Severity.CRITICAL
    confidence = Confidence.HIGH
    summary = (
        "A pull_request_target workflow checks out and runs the pull request's code with the repository's secrets."
    )
    owasp = ("A08:2021",)
    cwe = ("CWE-829", "CWE-94")

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per step that checks out the pull request head in a privileged workflow."""
        workflows = [w for w in github_workflows(ctx) if {"pull_request_target", "workflow_run"} & set(w.triggers)]
        if not workflows:
            raise NotApplicable("no pull_request_target or workflow_run workflows")
        for workflow in workflows:
            for job in workflow.jobs.values():
                for step in job.steps:
                    head = step.checkout_ref is not None and any(r in step.checkout_ref for r in _HEAD_REFS)
                    for command in split_commands(step.run):
                        words = command.words
                        if (
                            words[:2] in (("git", "checkout"), ("git", "fetch"), ("gh", "pr"))
                            and any(r in " ".join(words) for r in _HEAD_REFS)
                        ) or words[:3] == ("gh", "pr", "checkout"):
                            head = True
                    if head:
                        yield ctx.finding(
                            path=step.path,
                            line=step.line,
                            message=(
                                f"This {'/'.join(sorted(_PRIVILEGED & set(workflow.triggers)))} "
                                "workflow checks out the pull request's code and runs with the repository's secrets: "
                                "anyone who opens a pull request can steal them."
                            ),
                        )
