"""RC707 secret-in-workflow-log: a workflow step prints a secret."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.analysis.commands import split_commands
from readycheck.checks.base import Check, CheckContext
from readycheck.checks.delivery._common import github_workflows
from readycheck.model import Category, Confidence, Finding, Severity

_PRINTERS = frozenset({"echo", "printf", "print", "cat", "printenv", "env", "set"})


class SecretInWorkflowLog(Check):
    """
    ## What it does

    Finds `run` steps of GitHub Actions workflows that print a secret to the job log: `echo`
    or `printf` of `${{ secrets.X }}`, or of an environment variable the step or job sets
    from a secret, and `printenv`/`env` with no argument when secrets are in the environment.
    Writing to a file (`>> $GITHUB_ENV`) is not printing. The secret's value is never read.

    ## Why is this bad?

    GitHub masks secrets in logs only when the printed text matches the secret exactly: a
    secret that is transformed (base64, JSON, part of a URL) or spans several lines shows in
    clear, and job logs are readable by everyone who can read the repository (everyone, for a
    public one).

    ## Example

    ```yaml
    - run: echo "Deploying with ${{ secrets.FLY_API_TOKEN }}"
    ```

    ## Use instead

    ```yaml
    - run: flyctl deploy
      env:
        FLY_API_TOKEN: ${{ secrets.FLY_API_TOKEN }}
    ```

    ## References

    - [GitHub: using secrets in GitHub Actions](https://docs.github.com/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions)
    - [OWASP A09:2021 Security Logging and Monitoring Failures](https://owasp.org/Top10/A09_2021-Security_Logging_and_Monitoring_Failures/)
    - [CWE-532: Insertion of Sensitive Information into Log File](https://cwe.mitre.org/data/definitions/532.html)
    """

    id = "RC707"
    name = "secret-in-workflow-log"
    category = Category.DELIVERY
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    summary = "A CI step prints a secret to the job log."
    owasp = ("A09:2021",)
    cwe = ("CWE-532",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """One finding per printing command, at its line."""
        for workflow in github_workflows(ctx):
            for job in workflow.jobs.values():
                for step in job.steps:
                    if not step.run:
                        continue
                    secret_vars = {name for name, value in step.env if "secrets." in value}
                    for command in split_commands(step.run, step.run_line or step.line):
                        words = command.words
                        if not words or words[0] not in _PRINTERS or command.redirected:
                            continue
                        text = " ".join(words[1:])
                        named = [v for v in secret_vars if f"${v}" in text or f"${{{v}}}" in text]
                        dumps_env = words[0] in {"printenv", "env", "set"} and len(words) == 1 and bool(secret_vars)
                        if "secrets." in text or named or dumps_env:
                            yield ctx.finding(
                                path=step.path,
                                line=command.line,
                                message=f"This step prints a secret to the job log ({words[0]}).",
                                snippet=f"{words[0]} …",
                            )
