"""RC709 missing-handoff-docs: the README does not say how to run, configure and deploy the app."""

from __future__ import annotations

from collections.abc import Iterable

from readycheck.checks.base import Check, CheckContext, NotApplicable
from readycheck.model import Category, Confidence, Finding, Severity

TOPICS = {
    "run it locally": (
        "run",
        "getting started",
        "quick start",
        "quickstart",
        "setup",
        "set up",
        "install",
        "development",
        "develop",
        "local",
        "usage",
    ),
    "configure it": ("config", "environment", "env", "settings", "variables", "secrets"),
    "deploy it": ("deploy", "production", "hosting", "release", "going live", "ship"),
}
README_NAMES = ("README.md", "README.markdown", "README.mdx", "README.rst", "README.txt", "README", "readme.md")


class MissingHandoffDocs(Check):
    """
    ## What it does

    Reads the top-level README (and `docs/`, `DEPLOY.md`, `RUNBOOK.md`) as Markdown and looks
    for sections (headings) on how to run the app locally, how to configure it (environment
    variables, settings, secrets; a mention of `.env` counts) and how to deploy it. Reports
    a missing README, or which of the three is not covered, as one finding.

    ## Why is this bad?

    An app that only its AI agent knows how to start cannot be handed over: not to a new
    developer, not to a contractor, not to you in six months. The deploy steps that live in
    a chat history are lost the day they are needed.

    ## Example

    A README that is still the framework template ("This is a Next.js project bootstrapped
    with create-next-app").

    ## Use instead

    ```markdown
    ## Run locally
    ## Configuration
    Copy `.env.example` to `.env`; every variable is explained there.
    ## Deploy
    ```

    ## References

    - [Make a README](https://www.makeareadme.com/)
    - [The Twelve-Factor App: config](https://12factor.net/config)
    - [OWASP A04:2021 Insecure Design](https://owasp.org/Top10/A04_2021-Insecure_Design/)
    - [CWE-1059: Insufficient Technical Documentation](https://cwe.mitre.org/data/definitions/1059.html)
    """

    id = "RC709"
    name = "missing-handoff-docs"
    category = Category.DELIVERY
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    summary = "The README does not say how to run, configure and deploy the app."
    owasp = ("A04:2021",)
    cwe = ("CWE-1059",)

    def run(self, ctx: CheckContext) -> Iterable[Finding]:
        """At most one finding: at the README's first line, or repository-level without one."""
        if not any(True for _ in ctx.repo.code_files("python", "javascript", "typescript", "tsx")):
            raise NotApplicable("no application code")
        readme = next((ctx.repo.get(name) for name in README_NAMES if ctx.repo.get(name) is not None), None)
        if readme is None:
            yield ctx.finding(
                path=None,
                line=None,
                message="The repository has no README: nothing says how to run, configure or deploy the app.",
                key="no readme",
                severity=Severity.MEDIUM,
            )
            return
        headings = [s.heading for s in ctx.models.docs]
        text = readme.text.lower()
        missing = [
            topic
            for topic, words in TOPICS.items()
            if not any(word in heading for heading in headings for word in words)
            and not (topic == "configure it" and ".env" in text)
        ]
        if not missing:
            return
        line = next((s.line for s in ctx.models.docs if s.path == readme.path), 1)
        yield ctx.finding(
            path=readme.path,
            line=line,
            message=f"The README does not say how to {_join(missing)}.",
            key="handoff docs",
        )


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"
